from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractors.text.numbers import (
    _WORD_PART,
    _WORD_START,
    NUMBER_WORDS_PATTERN,
    NUMBER_WORDS_RE,
    number_word_spans,
    parse_number,
    parse_number_words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.000", 5000),
        ("51,47", 51.47),
        ("03", 3),
        ("1,5", 1.5),
        ("10.950", 10950),
        ("1.234.567", 1234567),
        ("1.234,25", 1234.25),
        ("0,5", 0.5),
        (" 42 ", 42),
        ("2.5", 2.5),
        ("1,500", 1.5),
    ],
    ids=[
        "thousands-dot",
        "decimal-comma",
        "leading-zero",
        "small-decimal",
        "five-digits",
        "millions",
        "thousands-and-decimals",
        "below-one",
        "spaces-around",
        "english-decimal",
        "comma-is-always-decimal",
    ],
)
def test_parse_number_reads_vietnamese_digits(text: str, expected: float) -> None:
    value = parse_number(text)
    assert value == pytest.approx(expected)
    assert isinstance(value, int) == isinstance(expected, int)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "12.34.5", "5%", "1/2", "-3", "1.2.3.4"],
    ids=["empty", "letters", "broken-groups", "percent", "fraction", "sign", "heading"],
)
def test_parse_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hai", 2),
        ("mười", 10),
        ("mười lăm", 15),
        ("mười một", 11),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("bốn mươi lăm", 45),
        ("bốn mươi tư", 44),
        ("ba mươi năm", 35),
        ("một trăm", 100),
        ("một trăm hai mươi", 120),
        ("một trăm linh năm", 105),
        ("hai trăm lẻ tám", 208),
        ("ba chục", 30),
        ("năm nghìn", 5000),
        ("hai ngàn ba trăm", 2300),
        ("một nghìn không trăm linh năm", 1005),
        ("bốn triệu năm trăm nghìn", 4_500_000),
        ("một tỷ", 1_000_000_000),
        ("Hai Mươi", 20),
    ],
    ids=[
        "digit",
        "ten",
        "lam-after-ten",
        "eleven",
        "tens",
        "mot-after-tens",
        "lam-after-tens",
        "tu-after-tens",
        "nam-after-tens",
        "hundred",
        "hundred-and-tens",
        "linh",
        "le",
        "chuc",
        "nghin",
        "ngan",
        "zero-hundreds",
        "millions",
        "billion",
        "any-case",
    ],
)
def test_parse_number_words_reads_vietnamese_words(text: str, expected: int) -> None:
    assert parse_number_words(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "tư", "lăm", "mốt", "trăm", "hai ba", "mươi", "linh năm", "hai người", "nghìn"],
    ids=[
        "empty",
        "tu-alone",
        "lam-alone",
        "mot-alone",
        "tram-alone",
        "two-or-three",
        "muoi-alone",
        "linh-first",
        "not-a-number-word",
        "multiplier-alone",
    ],
)
def test_parse_number_words_rejects_non_numbers(text: str) -> None:
    assert parse_number_words(text) is None


def test_number_words_re_finds_sequences_not_parts_of_words() -> None:
    text = "Có hai mươi mốt xã, bảy bản và các bạn trẻ"
    assert [m.group() for m in NUMBER_WORDS_RE.finditer(text)] == ["hai mươi mốt", "bảy"]


def _vietnamese(value: int) -> str:
    return f"{value:,}".replace(",", ".")


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_back_any_integer_written_with_dots(value: int) -> None:
    assert parse_number(_vietnamese(value)) == value


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_parse_number_reads_back_decimals_written_with_a_comma(whole: int, hundredths: int) -> None:
    text = f"{_vietnamese(whole)},{hundredths:02d}"
    assert parse_number(text) == pytest.approx(whole + hundredths / 100)


@pytest.mark.parametrize(
    "text",
    ["hai mươi mốt", "thai mươi", "_hai", "5hai", "(Hai mươi)", "bảy\tmươi lăm", "xbảy", "một trăm linh năm", "NĂM"],
)
def test_number_words_re_matches_as_the_plain_pattern_does(text):
    plain = regex.compile(rf"(?<!\w)(?:{NUMBER_WORDS_PATTERN})(?!\w)", regex.IGNORECASE)
    assert [m.span() for m in NUMBER_WORDS_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "written", ["0", "03", "7", "2024", "999999999999999", "1234567890123456", "12345678901234567890"]
)
def test_plain_digits_read_as_the_float_reading_gives(written):
    from vanban.extractors.text.numbers import parse_number

    assert parse_number(written) == int(float(written)) and isinstance(parse_number(written), int)


# -- every character; those whose lowercase is one character, and that lowercase
_EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
_ONE_CHARACTER_LOWER = "".join(c for c in _EVERY_CHARACTER if len(c.lower()) == 1)
_ONE_CHARACTER_LOWERED = _ONE_CHARACTER_LOWER.lower()


@pytest.mark.parametrize("letter", sorted(set(_WORD_START + _WORD_PART) - {"|"}))
def test_ignorecase_matches_a_number_word_letter_where_lowering_gives_it_but_for_dotted_i_and_long_s(letter):
    matched = set(regex.findall(regex.escape(letter), _EVERY_CHARACTER, regex.IGNORECASE))
    lowering_to_it = {
        _ONE_CHARACTER_LOWER[m.start()] for m in regex.finditer(regex.escape(letter), _ONE_CHARACTER_LOWERED)
    }
    assert matched - {"İ", "ſ"} == lowering_to_it


@pytest.mark.parametrize("pattern", [r"\w", r"[ \t]"])
def test_lowering_a_character_keeps_what_the_number_words_classes_match(pattern):
    assert [m.start() for m in regex.finditer(pattern, _ONE_CHARACTER_LOWER)] == [
        m.start() for m in regex.finditer(pattern, _ONE_CHARACTER_LOWERED)
    ]


_WORD_PIECES = "hai HAI HAİ ba Ban một mười Mươi mốt năm NĂM chính bảy sáu SÁU ſáu x _ 5".split() + [" ", "\t", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=10).map("".join))
def test_number_word_spans_are_what_number_words_re_finds(text):
    assert list(number_word_spans(text)) == [m.span() for m in NUMBER_WORDS_RE.finditer(text)]
