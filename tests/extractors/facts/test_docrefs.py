import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractors.facts.docrefs import (
    _OPT_SP,
    _SIGN,
    STANDALONE_SIGN_RE,
    TYPED_DOCREF_RE,
    _standalone_matches,
    _standalone_sign,
    _typed_matches,
    find_docrefs,
)
from vanban.extractors.text.signs import DOC_TYPE_CODES, canonical_symbol, decode_symbol
from vanban.models.fact import Fact


def _date(text: str, surface: str, value: str) -> Fact:
    start = text.index(surface)
    return Fact(kind="date", text=surface, start=start, end=start + len(surface), value=value)


@pytest.mark.parametrize(
    ("sign", "doc_type", "number", "year", "issuer_code"),
    [
        ("1581-QĐ/HU", "Quyết định", "1581", None, "HU"),
        ("22-NQ/TW", "Nghị quyết", "22", None, "TW"),
        ("30/2020/NĐ-CP", "Nghị định", "30", 2020, "CP"),
        ("123/QĐ-UBND", "Quyết định", "123", None, "UBND"),
        ("01/2021/TT-BNV", "Thông tư", "1", 2021, "BNV"),
        ("45/2019/QH14", "Luật", "45", 2019, "QH14"),
        ("183/2010/TTLT/BTC-BNN", "Thông tư liên tịch", "183", 2010, "BTC-BNN"),
        ("19/CT-TTg", "Chỉ thị", "19", None, "TTg"),
        ("16-HD/BTCTW", "Hướng dẫn", "16", None, "BTCTW"),
        ("30a/2008/NQ-CP", "Nghị quyết", "30a", 2008, "CP"),
        ("07-QĐi/TW", "Quy định", "7", None, "TW"),
        ("04-TT/TW", "Thông tri", "4", None, "TW"),
        ("215/UBND-NC", "Công văn", "215", None, "UBND"),
    ],
    ids=[
        "party-decision",
        "party-resolution",
        "decree",
        "state-decision",
        "circular",
        "law",
        "joint-circular",
        "directive-ttg",
        "party-guide",
        "number-with-letter",
        "party-regulation",
        "party-thong-tri",
        "cong-van",
    ],
)
def test_decode_symbol_reads_the_parts(sign, doc_type, number, year, issuer_code):
    decoded = decode_symbol(sign)
    assert (decoded["doc_type"], decoded["number"], decoded["year"], decoded["issuer_code"]) == (
        doc_type,
        number,
        year,
        issuer_code,
    )


def test_decode_symbol_names_the_issuer():
    assert decode_symbol("05-CT/TU")["issuer"] == "Tỉnh ủy"


def test_decode_symbol_leaves_unknown_letters_untyped():
    assert decode_symbol("12-XYZ/ABC")["doc_type"] is None


def test_doc_type_codes_hold_the_usual_letters():
    assert {"NQ", "QĐ", "QĐi", "CT", "KL", "HD", "KH", "BC", "TB", "CV", "NĐ", "TT", "TTLT", "QH"} <= set(
        DOC_TYPE_CODES
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [("19/CT-TTG", "19/CT-TTg"), ("16 -\nHD/BTCTW", "16-HD/BTCTW"), ("8 – KL/HU", "8-KL/HU"), ("3-QĐI/TW", "3-QĐi/TW")],
    ids=["mixed-case-code", "spaces-and-newline", "en-dash", "qdi"],
)
def test_canonical_symbol_compacts_and_restores_case(written, expected):
    assert canonical_symbol(written) == expected


@pytest.mark.parametrize(
    ("text", "surface", "doc_type", "number", "symbol"),
    [
        ("Quán triệt Chỉ thị số 08-CT/TU của Tỉnh ủy.", "Chỉ thị số 08-CT/TU", "Chỉ thị", "8", "08-CT/TU"),
        ("thực hiện Kết luận 14-KL/TW về", "Kết luận 14-KL/TW", "Kết luận", "14", "14-KL/TW"),
        ("Căn cứ Nghị định số 45/2021/NĐ-CP của", "Nghị định số 45/2021/NĐ-CP", "Nghị định", "45", "45/2021/NĐ-CP"),
        (
            "Thông tư liên tịch số: 07/2015/TTLT/BNV-BTC quy định",
            "Thông tư liên tịch số: 07/2015/TTLT/BNV-BTC",
            "Thông tư liên tịch",
            "7",
            "07/2015/TTLT/BNV-BTC",
        ),
        ("theo tinh thần Nghị quyết 18 của Trung ương", "Nghị quyết 18", "Nghị quyết", "18", None),
        ("chính sách theo Quyết định 135b đã", "Quyết định 135b", "Quyết định", "135b", None),
        ("kết quả thực hiện Nghị\nquyết 26 trong năm qua", "Nghị\nquyết 26", "Nghị quyết", "26", None),
        ("Quy định\nsố 205-QĐ/TW về", "Quy định\nsố 205-QĐ/TW", "Quy định", "205", "205-QĐ/TW"),
        ("THỰC HIỆN CHỈ THỈ ĐÃ NÊU: CHỈ THỊ SỐ 24/CT-TTG VỀ", "CHỈ THỊ SỐ 24/CT-TTG", "Chỉ thị", "24", "24/CT-TTg"),
        ("Hướng dẫn số 12 - HD/BTGTU về", "Hướng dẫn số 12 - HD/BTGTU", "Hướng dẫn", "12", "12-HD/BTGTU"),
        ("Công văn số 318/UBND-KT của", "Công văn số 318/UBND-KT", "Công văn", "318", "318/UBND-KT"),
        ("theo Văn bản số 77/STC-NS của Sở", "Văn bản số 77/STC-NS", None, "77", "77/STC-NS"),
    ],
    ids=[
        "party-sign",
        "no-so",
        "decree",
        "joint-circular-colon",
        "number-only",
        "number-with-letter",
        "type-word-broken-across-lines",
        "quy-dinh-over-qd",
        "uppercase-title",
        "spaces-in-sign",
        "cong-van",
        "generic-van-ban",
    ],
)
def test_find_docrefs_reads_typed_references(text, surface, doc_type, number, symbol):
    (found,) = find_docrefs(text)
    assert (found.text, found.number, found.symbol) == (surface, number, symbol)
    if doc_type is not None:
        assert found.doc_type == doc_type


@pytest.mark.parametrize(
    ("text", "surface", "doc_type", "symbol"),
    [
        ("Số: 214/QĐ-UBND\nLạng Sơn, ngày 3 tháng 4 năm 2019", "214/QĐ-UBND", "Quyết định", "214/QĐ-UBND"),
        ("Số: 27 -\nKH/HU\n|", "27 -\nKH/HU", "Kế hoạch", "27-KH/HU"),
        ("Số:\n88/BC-SNV\n|", "88/BC-SNV", "Báo cáo", "88/BC-SNV"),
        ("Số: 1402/UBND-VX\nV/v triển khai", "1402/UBND-VX", "Công văn", "1402/UBND-VX"),
    ],
    ids=["state-header", "party-header-broken", "number-on-next-line", "cong-van-header"],
)
def test_find_docrefs_reads_the_header_sign(text, surface, doc_type, symbol):
    (found,) = find_docrefs(text)
    assert (found.text, found.doc_type, found.symbol) == (surface, doc_type, symbol)


def test_find_docrefs_reads_a_second_sign_in_a_list():
    found = find_docrefs("các Nghị quyết số 36-NQ/TW và 37-NQ/TW của Bộ Chính trị")
    assert [(f.symbol, f.doc_type) for f in found] == [("36-NQ/TW", "Nghị quyết"), ("37-NQ/TW", "Nghị quyết")]


@pytest.mark.parametrize(
    ("text", "date_surface", "date_value", "surface"),
    [
        (
            "Triển khai Nghị quyết số 12-NQ/HU, ngày 5/3/2016 của Huyện ủy",
            "ngày 5/3/2016",
            "2016-03-05",
            "Nghị quyết số 12-NQ/HU, ngày 5/3/2016",
        ),
        (
            "Căn cứ Quyết định số 902/QĐ-UBND ngày 14 tháng 8 năm 2019 của",
            "ngày 14 tháng 8 năm 2019",
            "2019-08-14",
            "Quyết định số 902/QĐ-UBND ngày 14 tháng 8 năm 2019",
        ),
        (
            "theo Kế hoạch số 40-KH/TU ban hành ngày\n2/10/2020",
            "2/10/2020",
            "2020-10-02",
            "Kế hoạch số 40-KH/TU ban hành ngày\n2/10/2020",
        ),
    ],
    ids=["comma-then-date", "words-date", "ban-hanh-and-ngay-outside-the-date"],
)
def test_find_docrefs_takes_the_date_written_after_the_sign(text, date_surface, date_value, surface):
    (found,) = find_docrefs(text, dates=[_date(text, date_surface, date_value)])
    assert (found.text, found.date) == (surface, date_value)


def test_find_docrefs_leaves_a_date_that_is_not_next_to_the_sign():
    text = "Chỉ thị số 03-CT/TU của Tỉnh ủy ngày 9/9/2019"
    (found,) = find_docrefs(text, dates=[_date(text, "ngày 9/9/2019", "2019-09-09")])
    assert (found.text, found.date) == ("Chỉ thị số 03-CT/TU", None)


@pytest.mark.parametrize(
    ("text", "date_surface", "date_value", "surface", "number", "symbol"),
    [
        (
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
            "ngày 19 tháng 6 năm 2015",
            "2015-06-19",
            "Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015",
            None,
            None,
        ),
        (
            "Căn cứ Luật Cán bộ, công chức ngày 13/11/2008;",
            "ngày 13/11/2008",
            "2008-11-13",
            "Luật Cán bộ, công chức ngày 13/11/2008",
            None,
            None,
        ),
        (
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
            None,
            None,
            "Luật Thi đua, khen thưởng số 06/2022/QH15",
            "6",
            "06/2022/QH15",
        ),
    ],
    ids=["title-and-date", "title-with-comma", "title-and-sign"],
)
def test_find_docrefs_reads_a_law_cited_by_its_title(text, date_surface, date_value, surface, number, symbol):
    dates = [_date(text, date_surface, date_value)] if date_surface else []
    (found,) = find_docrefs(text, dates=dates)
    assert (found.text, found.doc_type, found.number, found.symbol, found.date) == (
        surface,
        "Luật",
        number,
        symbol,
        date_value,
    )


@pytest.mark.parametrize(
    "text",
    [
        "thực hiện Nghị quyết của HĐND tỉnh về phát triển kinh tế",
        "Nghị quyết Đại hội đại biểu Đảng bộ huyện lần thứ XX",
        "hoàn thành Kế hoạch 5 năm 2016 - 2020",
        "Báo cáo 6 tháng đầu năm",
        "Điều 3. Quyết định này có hiệu lực",
        "đạt 15/45 chỉ tiêu, ngày 20/01/2015, quý II/2021, COVID-19",
        "Kế hoạch 2022 của ngành",
        "Luật Đất đai và các văn bản hướng dẫn",
    ],
    ids=[
        "no-number",
        "ordinal",
        "count-of-years",
        "count-of-months",
        "article",
        "numbers-and-dates",
        "a-year-not-a-number",
        "law-without-date-or-sign",
    ],
)
def test_find_docrefs_skips_what_is_not_a_reference(text):
    assert find_docrefs(text) == []


def test_find_docrefs_reads_a_law_named_again_by_its_title():
    text = "Căn cứ Luật Quy hoạch ngày 24/11/2017;\n\ntheo quy định của Luật Quy hoạch. Luật Quy hoạch đô thị khác."
    found = find_docrefs(text, dates=[_date(text, "ngày 24/11/2017", "2017-11-24")])
    assert [(f.text, f.doc_type, f.date) for f in found] == [
        ("Luật Quy hoạch ngày 24/11/2017", "Luật", "2017-11-24"),
        ("Luật Quy hoạch", "Luật", None),
    ]


def test_find_docrefs_reads_the_constitution_by_its_year():
    text = "theo Hiến pháp năm 2013"
    (found,) = find_docrefs(text, dates=[_date(text, "năm 2013", "2013")])
    assert (found.text, found.doc_type, found.date) == ("Hiến pháp năm 2013", "Hiến pháp", "2013")


def test_find_docrefs_keeps_offsets_and_provenance():
    text = "Theo Quyết định số 17-QĐ/ĐU và Nghị quyết 09"
    for found in find_docrefs(text):
        assert text[found.start : found.end] == found.text
        assert found.kind == "docref"
        assert found.extractor


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Nghị quyết",
                "số",
                "12-NQ/TU",
                "30/2020/NĐ-CP",
                " ",
                "\n",
                ",",
                "ngày",
                "5",
                "Quyết định",
                "Số:",
                "HD",
                "/",
                "-",
            ]
        ),
        max_size=14,
    )
)
def test_find_docrefs_text_always_matches_its_offsets(pieces):
    text = " ".join(pieces)
    for found in find_docrefs(text):
        assert text[found.start : found.end] == found.text


def test_type_words_match_in_any_case_and_only_at_a_word_start():
    assert [f.doc_type for f in find_docrefs("theo NGHỊ QUYẾT số 12, kết luận số 5, tHÔNG Tư 3")] == [
        "Nghị quyết",
        "Kết luận",
        "Thông tư",
    ]
    assert find_docrefs("xNghị quyết số 12") == []


@pytest.mark.parametrize(
    "text",
    [
        "Số: 186/QĐ-UBND",
        "số 22-NQ/TW",
        "SỐ:\n 5/2020/NĐ-CP",
        "ſố 7-KH/HU",
        "x22-NQ/TW",
        "theo 1581-QĐ/HU,",
        "12/05/2020-TT",
        "số 12",
        "Số 3a-CT/TU ngày",
        "16 -\nHD/BTCTW",
        "_5-NQ/TW",
        "123456-NQ/TW",
    ],
)
def test_standalone_sign_re_finds_what_the_plain_pattern_does(text):
    plain = re.compile(rf"(?<!\w)(?:(?P<so>(?i:số))[ \t]*:?{_OPT_SP})?{_SIGN}")
    found = [
        (m.span(), m.group("so") is not None, _standalone_sign(text, m)) for m in STANDALONE_SIGN_RE.finditer(text)
    ]
    expected = [(m.span(), m.group("so") is not None, (m.start("sign"), m.group("sign"))) for m in plain.finditer(text)]
    assert found == expected


_READ_BACKWARDS_CASES = [
    "Thực hiện Quyết định 1581-QĐ/HU và Nghị quyết số 22-NQ/TW, ngày 2/2/2008",
    "QUYẾT ĐỊNH SỐ: 12/QĐ-UBND",
    "Căn cứ Thông tư liên tịch số 5/2020/TTLT-BTC-BNV; thông tư 7",
    "bộ luật số 5 và Bộ luật\n 45/2019/QH14",
    "Quyết định 5/QĐ-Bộ luật 12",
    "Luật2020 x",
    "xLuật 5, Kế hoạch 5 năm, Hướng dẫn\t  liên tịch: 3",
    "Số: 186/QĐ-UBND; ſố 7-KH/HU; xsố 8-KH/HU",
    "theo 1581-QĐ/HU, 12/05/2020-TT, 16 -\nHD/BTCTW, 123456-NQ/TW, a12-NQ/TW, 3a-CT/TU",
    "ngày 15/3/2020 - 30/2020/NĐ-CP",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Luật", "Bộ luật", "bộ", "Quyết định", "SỐ", "số", "ố", " ", "\n", ":", "5", "2020", "/", "-", "QĐ", "x"]
        ),
        max_size=14,
    )
)
def test_typed_and_standalone_matches_are_what_finditer_finds(parts):
    for text in [*_READ_BACKWARDS_CASES, "".join(parts)]:
        assert [m.span() for m in _typed_matches(text)] == [m.span() for m in TYPED_DOCREF_RE.finditer(text)]
        assert [m.span() for m in _standalone_matches(text)] == [m.span() for m in STANDALONE_SIGN_RE.finditer(text)]
