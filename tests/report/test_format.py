"""report/format.py: numbers, dates and times the Vietnamese way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from vanban.report.format import provenance, split_sentence, vn_confidence, vn_date, vn_datetime, vn_duration, vn_number


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (5000, "5.000"),
        (10950, "10.950"),
        (1234567, "1.234.567"),
        (85, "85"),
        (51.47, "51,47"),
        (55.8, "55,8"),
        (100.0, "100"),
        (1234.5, "1.234,5"),
        (-3, "-3"),
        ([7, 9], "7–9"),
        (None, ""),
    ],
    ids=[
        "thousands",
        "five-digits",
        "millions",
        "small",
        "decimals",
        "one-decimal",
        "integral-float",
        "both",
        "negative",
        "range",
        "none",
    ],
)
def test_vn_number(number: Any, expected: str) -> None:
    assert vn_number(number) == expected


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2017-06-28", "28/06/2017"),
        ("2018-09", "09/2018"),
        ("2011", "2011"),
        ("--05-20", "20/05"),
        ("--09", "tháng 09"),
        (None, ""),
    ],
    ids=["day", "month", "year", "no-year", "month-only", "none"],
)
def test_vn_date(iso: str | None, expected: str) -> None:
    assert vn_date(iso) == expected


def test_vn_datetime_shows_vietnam_time() -> None:
    assert vn_datetime(datetime(2024, 5, 1, 19, 30, tzinfo=UTC)) == "02/05/2024 02:30:00"
    assert vn_datetime(datetime(2024, 5, 1, 19, 30)) == "01/05/2024 19:30:00"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(4.23, "4,2 giây"), (125, "2 phút 5 giây"), (3725, "1 giờ 2 phút 5 giây"), (0, "0 giây")],
    ids=["seconds", "minutes", "hours", "zero"],
)
def test_vn_duration(seconds: float, expected: str) -> None:
    assert vn_duration(timedelta(seconds=seconds)) == expected


def test_vn_confidence_rounds_to_two_decimals() -> None:
    assert (vn_confidence(0.956), vn_confidence(1.0), vn_confidence(None)) == ("0,96", "1", "")


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        # -- pages are stored from 1, the rest from 0: all shown from 1
        ({"page": 2, "paragraph": 14}, "trang 2 · đoạn 15"),
        ({"page": 1, "table": 0, "row": 1, "cell": 2}, "trang 1 · bảng 1 · hàng 2 · ô 3"),
        ({"page": None, "paragraph": 0}, "đoạn 1"),
        ({}, ""),
    ],
    ids=["paragraph", "table-cell", "no-page", "nothing"],
)
def test_provenance(fact: dict[str, Any], expected: str) -> None:
    assert provenance(fact) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "start", "sentence_start", "expected"),
    [
        ("Có 85 chi bộ.", "85 chi bộ", 3, 0, ("Có ", "85 chi bộ", ".")),
        ("Có 85 chi bộ, 85 chi bộ.", "85 chi bộ", 114, 100, ("Có 85 chi bộ, ", "85 chi bộ", ".")),
        ("Có 85 chi bộ.", "85 chi bộ", None, None, ("Có ", "85 chi bộ", ".")),
        ("Có 85 chi bộ.", "85 chi bộ", 40, 0, ("Có ", "85 chi bộ", ".")),
        ("Có 85 chi bộ.", "90 chi bộ", 3, 0, None),
        (None, "85 chi bộ", 3, 0, None),
    ],
    ids=["offsets", "second-occurrence", "no-offsets", "stale-offsets", "not-in-sentence", "no-sentence"],
)
def test_split_sentence(
    sentence: str | None,
    text: str,
    start: int | None,
    sentence_start: int | None,
    expected: tuple[str, str, str] | None,
) -> None:
    assert split_sentence(sentence, text, start, sentence_start) == expected
