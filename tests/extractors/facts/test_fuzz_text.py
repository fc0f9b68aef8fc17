"""Property tests: the normaliser, the date/count/percent finders and the header decoder on any string.

They never raise, every fact's offsets lie inside the text, and its `text` is the slice it claims.
`VANBAN_FUZZ_EXAMPLES` (default 100 per property, CI-sized) sets how many strings each property
tries; `VANBAN_FUZZ_EXAMPLES=5000` is a longer local run.
"""

from __future__ import annotations

import os
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.extractors.facts.counts import find_counts
from vanban.extractors.facts.dates import find_dates
from vanban.extractors.facts.percents import find_percents
from vanban.extractors.header.decode import decode_header_text
from vanban.extractors.text.normalize import canonical, new_style_tones, normalize_text
from vanban.extractors.text.numbers import parse_number
from vanban.models.document import HEADER_FIELDS

EXAMPLES = int(os.environ.get("VANBAN_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- pieces of official Vietnamese, so the strings reach deep into the finders' rules, not only their first check
PIECES = [
    "ngày",
    "tháng",
    "năm",
    "quý",
    "Ngày",
    "NGÀY",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "/",
    "-",
    ".",
    ",",
    ":",
    "%",
    "phần trăm",
    "đạt",
    "tăng",
    "giảm",
    "đảng viên",
    "hộ nghèo",
    "người",
    "chi bộ",
    "Số:",
    "số",
    "QĐ/HU",
    "NQ/TW",
    "/2020/NĐ-CP",
    "UBND",
    "HUYỆN ỦY CAO LỘC",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Cao Lộc, ngày 28 tháng 6 năm 2017",
    "V/v",
    "Nơi nhận:",
    "TM. BAN THƯỜNG VỤ",
    "BÍ THƯ",
    "II",
    "IV",
    "mười",
    "hai mươi",
    "trăm",
    "nghìn",
    "triệu",
    "tỷ",
    "5.000",
    "51,47",
    "1.234.567,8",
    "0",
    "7",
    "12",
    "31",
    "32",
    "99",
    "2008",
    "2024",
    "9999",
    "00",
    "-1",
    "1e9",
    "½",
    "٣",
    "𝟙",
    "Ⅻ",
    "u\u0309y",
    "khoa\u0301",
    "ho\u00e0",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "\r\n",
    "\r",
    "(",
    ")",
    "[",
    "]",
    "«",
    "»",
    "“",
    "”",
    "…",
    "–",
    "—",
    "\u0301",
    "\u0323",
    "Đ",
    "đ",
    "ǅ",
    "ß",
    "İ",
]
vietnamese_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=300), vietnamese_like)


def _assert_facts_point_into(text: str, facts) -> None:
    for fact in facts:
        assert 0 <= fact.start <= fact.end <= len(text), fact
        assert text[fact.start : fact.end] == fact.text, fact


@FUZZ
@given(any_text)
def test_normalize_text_never_raises_and_gives_one_composed_form(raw):
    text = normalize_text(raw)
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\u00a0" not in text and "\u200b" not in text
    assert normalize_text(text) == text


@FUZZ
@given(any_text)
def test_canonical_and_new_style_tones_never_raise(raw):
    key = canonical(raw)
    assert isinstance(key, str) and not re.search(r"\s\s", key)
    assert isinstance(new_style_tones(raw), str)


@FUZZ
@given(any_text)
def test_find_dates_offsets_are_slices_of_the_text(raw):
    text = normalize_text(raw)
    facts = find_dates(text)
    _assert_facts_point_into(text, facts)
    for fact in facts:
        assert fact.kind == "date"


@FUZZ
@given(any_text)
def test_find_counts_offsets_are_slices_of_the_text(raw):
    text = normalize_text(raw)
    _assert_facts_point_into(text, find_counts(text))


@FUZZ
@given(any_text)
def test_find_percents_offsets_are_slices_of_the_text(raw):
    text = normalize_text(raw)
    _assert_facts_point_into(text, find_percents(text))


@FUZZ
@given(any_text)
def test_parse_number_never_raises(raw):
    parse_number(raw)


@FUZZ
@given(any_text)
def test_decode_header_text_never_raises_and_gives_text_fields(raw):
    header = decode_header_text(normalize_text(raw))
    if header is None:
        return
    for name in HEADER_FIELDS:
        value = getattr(header, name)
        assert value is None or isinstance(value, (str, list)), name
    if header.date is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", header.date), header.date
