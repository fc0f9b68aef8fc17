"""report/review.py: the review page's logic without HTTP: filters, typed corrections, CSRF, history."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from vanban.review.page import (
    CorrectionError,
    Filters,
    correction_changes,
    csrf_problem,
    edit_value,
    filters_from_query,
    history_line,
    parse_value,
    position_text,
)

COUNT = {"kind": "count", "value": 1200, "unit": "đảng viên", "organisation": None}


def test_filters_from_query_keep_what_they_know_and_drop_the_rest() -> None:
    filters = filters_from_query(
        {"kind": "count", "status": "nope", "order": "confidence", "page": "x", "low": "1", "doc": "../etc"}
    )
    assert filters == Filters(kind="count", order="confidence", low=True)
    assert (
        filters_from_query({"run": "20240501-020000-abc123"}).warehouse_filters()["run_id"] == "20240501-020000-abc123"
    )
    assert filters_from_query({"run": "r1' OR 1=1"}).run == ""
    assert filters.warehouse_filters()["max_confidence"] < 0.85
    assert filters.query(page=2) == "?kind=count&low=1&order=confidence&page=2"


def test_the_page_opens_on_pending_and_all_is_asked_for() -> None:
    assert filters_from_query({}).warehouse_filters()["status"] == "pending"
    everything = filters_from_query({"status": "all"})
    assert everything.warehouse_filters()["status"] is None and everything.query() == "?status=all"
    assert filters_from_query({"status": "accepted"}).query() == "?status=accepted"
    assert Filters().query() == "?"


def test_positions_count_from_one_as_people_do() -> None:
    assert position_text({"page": 2, "paragraph": 0}) == "trang 2 · đoạn 1"
    assert position_text({"page": 1, "table": 0, "row": 0, "cell": 2}) == "trang 1 · bảng 1 · hàng 1 · ô 3"
    assert position_text({}) == ""


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("count", "1.250", 1250),
        ("count", " 3 – 5 ", [3, 5]),
        ("count", "3 đến 5", [3, 5]),
        ("percent", "87,5%", 87.5),
        ("percent", "51,47", 51.47),
        ("date", "15/3/2021", "2021-03-15"),
        ("date", "03/2021", "2021-03"),
        ("date", "2021", "2021"),
        ("docref", "45-KH/HU", "45-KH/HU"),
    ],
    ids=[
        "thousands",
        "range-dash",
        "range-words",
        "percent-sign",
        "decimal-comma",
        "dmy",
        "month-year",
        "year",
        "sign",
    ],
)
def test_parse_value_reads_what_a_vietnamese_reviewer_types(kind: str, text: str, value) -> None:
    assert parse_value(kind, text) == value


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("count", "nhiều", "không phải là số"),
        ("date", "15 tháng 3", "không đọc được"),
        ("date", "31/13/2021", "tháng 13 không có"),
        ("date", "2024-13-45", "không có thật"),
        ("date", "30/02/2024", "không có ngày 30"),
        ("date", "1/1/1066", "năm 1066 không hợp lý"),
        ("count", "2.000.000.000.000.000", "không hợp lý"),
        ("count", "9–3", "số đầu phải nhỏ hơn"),
        ("percent", "250.000%", "không hợp lý"),
    ],
)
def test_parse_value_refuses_what_it_cannot_read(kind: str, text: str, message: str) -> None:
    with pytest.raises(CorrectionError, match=message):
        parse_value(kind, text)


def test_correction_changes_only_what_the_reviewer_changed() -> None:
    assert edit_value(COUNT) == "1.200"
    assert correction_changes(COUNT, {"value": "1.200", "unit": "đảng viên", "organisation": "Huyện ủy"}) == {
        "organisation": "Huyện ủy"
    }
    assert correction_changes(COUNT, {"value": "1.250", "unit": " đảng  viên "}) == {"value": 1250}


def test_correction_refuses_no_change_and_fields_the_kind_has_not() -> None:
    with pytest.raises(CorrectionError, match="chưa có gì thay đổi"):
        correction_changes(COUNT, {"value": "1.200", "unit": "đảng viên"})
    with pytest.raises(CorrectionError, match="không sửa được: unit"):
        correction_changes({"kind": "date", "value": "2021-03-15"}, {"unit": "ngày"})
    with pytest.raises(CorrectionError, match="không được để trống"):
        correction_changes({"kind": "org", "organisation": "Huyện ủy"}, {"organisation": "  "})


def test_a_docref_value_is_its_sign() -> None:
    fact = {"kind": "docref", "symbol": "45-KH/HU", "organisation": None}
    assert correction_changes(fact, {"value": "46-KH/HU"}) == {"symbol": "46-KH/HU"}


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ({"sent_token": "t0ken", "origin": "http://127.0.0.1:8765", "fetch_site": "same-origin"}, None),
        ({"sent_token": "t0ken", "origin": None, "fetch_site": None}, None),
        ({"sent_token": "t0ken", "origin": "null", "fetch_site": "same-origin"}, None),
        ({"sent_token": "t0ken", "origin": "http://127.0.0.1:9999", "fetch_site": "same-origin"}, "nguồn khác"),
        ({"sent_token": None, "origin": "http://127.0.0.1:8765", "fetch_site": "same-origin"}, "CSRF"),
        ({"sent_token": "wrong", "origin": "http://127.0.0.1:8765", "fetch_site": "same-origin"}, "CSRF"),
        ({"sent_token": "t0ken", "origin": "http://evil.example", "fetch_site": "cross-site"}, "nguồn khác"),
        ({"sent_token": "t0ken", "origin": None, "fetch_site": "cross-site"}, "cross-site"),
    ],
    ids=[
        "own-page",
        "no-browser-headers",
        "origin-withheld",
        "other-port",
        "no-token",
        "wrong-token",
        "other-origin",
        "cross-site",
    ],
)
def test_csrf_problem_refuses_anything_but_the_page_itself(headers, problem) -> None:
    found = csrf_problem(expected_token="t0ken", host="127.0.0.1:8765", **headers)
    assert found is None if problem is None else problem in found


def test_history_line_says_who_when_and_what_changed() -> None:
    audit = {
        "action": "correct", "reviewer": "Lan", "at": datetime(2026, 12, 2, 2, 15, tzinfo=UTC),
        "previous": {"value": 1200, "unit": "đảng viên"}, "new": {"value": 1250, "unit": "đảng viên"},
    }  # fmt: skip
    assert history_line(audit) == "02/12/2026 09:15:00 · Lan · sửa: giá trị 1.200 → 1.250"
