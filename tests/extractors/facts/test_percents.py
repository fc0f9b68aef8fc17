from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractors.facts.percents import (
    _PERCENT_SIGN,
    _PHAN_RE,
    PERCENT_RANGE_LOW_RE,
    PERCENT_RE,
    PERCENT_WORDS_RE,
    _iter_percents,
    _percent_matches,
    _range_low,
    find_percents,
)
from vanban.extractors.text.numbers import DIGIT_NUMBER_PATTERN, parse_number_words


def _found(text: str) -> list[tuple[str, float]]:
    facts = find_percents(text)
    for fact in facts:
        assert fact.kind == "percent"
        assert text[fact.start : fact.end] == fact.text
        assert isinstance(fact.value, float)
        assert 0 < fact.confidence <= 1
    return [(fact.text, fact.value) for fact in facts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("đạt 62,35%", [("62,35%", 62.35)]),
        ("tăng 7,4 % so với", [("7,4 %", 7.4)]),
        ("đạt 100%", [("100%", 100.0)]),
        ("giảm 3%.", [("3%", 3.0)]),
        ("bằng 1.250% kế hoạch", [("1.250%", 1250.0)]),
        ("tỷ lệ 96 phần trăm", [("96 phần trăm", 96.0)]),
        ("tám mươi phần trăm số hộ", [("tám mươi phần trăm", 80.0)]),
        ("đạt 91,2%/85% kế hoạch", [("91,2%", 91.2), ("85%", 85.0)]),
        ("từ 40% đến 45%", [("40%", 40.0), ("45%", 45.0)]),
        ("tăng 5-7%/năm", [("5", 5.0), ("7%", 7.0)]),
        ("(đạt 88%)", [("88%", 88.0)]),
    ],
    ids=[
        "decimal-comma",
        "space-before-sign",
        "hundred",
        "before-full-stop",
        "thousands",
        "words-phan-tram",
        "number-words",
        "slash-pair",
        "from-to",
        "range-low-end-without-sign",
        "in-parentheses",
    ],
)
def test_find_percents_reads_percentages(text: str, expected: list[tuple[str, float]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["phần trăm dân số", "5 phần", "tỷ lệ cao", "H5N1%", "năm phần mười", "đạt 4.0%"],
    ids=["words-without-number", "part-not-percent", "no-number", "glued-to-a-word", "tenths", "english-decimal"],
)
def test_find_percents_ignores_non_percentages(text: str) -> None:
    assert _found(text) == []


def test_find_percents_takes_no_low_end_from_a_backwards_range() -> None:
    assert _found("giảm 7-5%") == [("5%", 5.0)]


@pytest.mark.parametrize(
    ("text", "of"),
    [
        ("giảm 1,5% tỷ lệ hộ cận nghèo", "hộ cận nghèo"),
        ("tăng 4,5% đảng viên", "đảng viên"),
        ("có 64%/60% tổng số thôn", "thôn"),
        ("đạt 97% kế hoạch", "kế hoạch"),
        ("đạt 97% dự toán", None),
        ("tăng 12%, đạt", None),
    ],
    ids=["rate-of", "known-noun", "total-of", "plan", "unknown-noun", "punctuation"],
)
def test_find_percents_says_what_the_share_is_of_when_a_known_noun_follows(text: str, of: str | None) -> None:
    assert find_percents(text)[-1].of == of


@pytest.mark.parametrize(
    "text",
    ["đạt 51,47%", "1.234,5 %", "x5%", "5.5%", ",5%", "98 phần trăm", "98  PHẦN TRĂM", "12/85%", "10.000.000%", "3 %"],
)
def test_percent_re_matches_as_the_plain_pattern_does(text):
    plain = regex.compile(
        rf"(?<![\w.,])(?P<number>{DIGIT_NUMBER_PATTERN})(?P<sign>{_PERCENT_SIGN})", regex.I | regex.V0
    )
    assert [(m.span(), m["number"]) for m in PERCENT_RE.finditer(text)] == [
        (m.span(), m["number"]) for m in plain.finditer(text)
    ]


# -- pieces that put digits, dots, commas, spaces and letters next to signs in every order
_SIGN_PIECES = "5 12 1.234 0,5 . , % phần PHẦN trăm Trăm x -".split() + [" ", "  ", "\n", "\t"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SIGN_PIECES), max_size=12).map("".join))
def test_percent_matches_are_what_percent_re_finds_in_the_whole_text(text):
    words = [m.start() for m in _PHAN_RE.finditer(text)]
    assert [(m.span(), m["number"], m["sign"]) for m in _percent_matches(text, words)] == [
        (m.span(), m["number"], m["sign"]) for m in PERCENT_RE.finditer(text)
    ]


_RANGE_PIECES = ["5", "12,5", " ", "\n", "\x1c", "-", "–", "đến", "ĐẾN", "tới", "TỚİ", "từ", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_RANGE_PIECES), max_size=8).map("".join))
def test_range_low_is_what_the_pattern_finds_before_a_percent(text):
    low, plain = _range_low(text, len(text)), PERCENT_RANGE_LOW_RE.search(text, max(0, len(text) - 24), len(text))
    assert (low and low.span("number")) == (plain and plain.span("number"))


_WORDS_PIECES = ["năm", "Mười", "hai", "phần", "PHẦN", "trăm", "Trăm", "x", "5", "%"] + [" ", "  ", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS_PIECES), max_size=10).map("".join))
def test_word_percents_are_what_percent_words_re_finds_in_the_whole_text(text):
    found = [(f.start, f.end) for f in _iter_percents(text) if f.extractor == "percents.words"]
    expected = PERCENT_WORDS_RE.finditer(text)
    assert found == [(m.start("number"), m.end()) for m in expected if parse_number_words(m["number"]) is not None]
