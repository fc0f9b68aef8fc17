from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractors.facts.counts import (
    _LEAD_RE,
    _NUM,
    _QUALIFIERS,
    COUNT_RE,
    UNIT_HEAD_RE,
    UNIT_HEADS,
    _ends_with_phrase,
    _is_leading_zero_id,
    _may_open_unit,
    _old_style,
    find_counts,
    find_table_counts,
    read_unit,
)
from vanban.extractors.facts.dates import find_dates
from vanban.extractors.facts.percents import find_percents
from vanban.models.document import join_blocks
from vanban.models.fact import Fact


def _counts(text: str, taken: list[tuple[int, int]] | None = None) -> list[Fact]:
    facts = find_counts(text, taken=taken or [])
    for fact in facts:
        assert fact.kind == "count"
        assert text[fact.start : fact.end] == fact.text
        assert 0 < fact.confidence <= 1
        assert fact.extractor.startswith("counts.")
    return facts


def _found(text: str, taken: list[tuple[int, int]] | None = None) -> list[tuple]:
    return [(f.value, f.unit, f.qualifier) for f in _counts(text, taken)]


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện có 47 tổ chức cơ sở đảng trực thuộc.", [(47, "tổ chức cơ sở đảng", None)]),
        ("với trên 3.200 đảng viên.", [(3200, "đảng viên", "trên")]),
        ("cho hơn 650 học viên;", [(650, "học viên", "hơn")]),
        ("khoảng 40 ha lúa", [(40, "ha lúa", "khoảng")]),
        ("gần 120 con gia súc", [(120, "con gia súc", "gần")]),
        ("dưới 10 đảng viên", [(10, "đảng viên", "dưới")]),
        ("ước 2.300 lượt khách", [(2300, "lượt khách", "ước")]),
        ("công tác từ 5 năm trở lên", [(5, "năm", "trở lên")]),
        ("tổng vốn 7.480 tỷ đồng", [(7480, "tỷ đồng", None)]),
        ("hỗ trợ 2,5 triệu đồng mỗi hộ", [(2.5, "triệu đồng", None)]),
        ("giúp 92 ngàn người nghèo", [(92, "ngàn người nghèo", None)]),
        ("thưởng 500.000đ", [(500000, "đ", None)]),
        ("trồng 35ha rừng", [(35, "ha rừng", None)]),
        ("kiểm tra 2.017tổ chức đảng", [(2017, "tổ chức đảng", None)]),
        ("có 205 ĐV tham gia", [(205, "ĐV", None)]),
        ("HỖ TRỢ 64 XÃ NGHÈO", [(64, "XÃ NGHÈO", None)]),
        ("hoàn thành 17 chỉ tiêu chủ yếu trên nhiều lĩnh vực", [(17, "chỉ tiêu chủ yếu", None)]),
        ("còn 3 trường chưa đạt", [(3, "trường", None)]),
        ("tiếp nhận 58 lượt ý kiến, kiến nghị từ cử tri", [(58, "lượt ý kiến, kiến nghị", None)]),
        ("Dự án có 4 xe chở rác.", [(4, "xe chở rác", None)]),
        ("có 9 ngôi chùa cổ", [(9, "ngôi chùa", None)]),
    ],
    ids=[
        "long-known-unit",
        "qualifier-tren",
        "qualifier-hon",
        "qualifier-khoang",
        "qualifier-gan",
        "qualifier-duoi",
        "qualifier-uoc",
        "qualifier-tro-len",
        "billion-dong",
        "decimal-million",
        "multiplier-in-unit",
        "dong-glued",
        "hectares-glued",
        "unit-glued",
        "abbreviation",
        "uppercase-title",
        "unit-ends-at-preposition",
        "unit-ends-at-verb",
        "comma-joined-unit",
        "known-head-and-modifiers",
        "guessed-unit",
    ],
)
def test_find_counts_reads_number_and_unit(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


def test_find_counts_is_less_sure_of_a_guessed_unit() -> None:
    known, guessed = _counts("có 9 đảng viên và 9 ngôi chùa")
    assert guessed.unit == "ngôi chùa"
    assert guessed.confidence < known.confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hằng năm tổ chức từ 4 đến 6 lớp", [((4, 6), "lớp", None)]),
        ("phụ trách 8-11 chi bộ", [((8, 11), "chi bộ", None)]),
        ("xử lý 2 - 4 trường hợp", [((2, 4), "trường hợp", None)]),
        ("theo dõi từ 9 đến 14 chi, đảng bộ cơ sở", [((9, 14), "chi, đảng bộ cơ sở", None)]),
        ("khoảng 3-4 nghìn người", [((3, 4), "nghìn người", "khoảng")]),
    ],
    ids=["tu-den", "dash", "spaced-dash", "comma-unit", "range-with-qualifier"],
)
def test_find_counts_reads_ranges_as_low_high(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


def test_find_counts_range_text_starts_at_tu() -> None:
    (fact,) = _counts("mở từ 4 đến 6 lớp bồi dưỡng")
    assert fact.text.startswith("từ 4 đến 6 lớp")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("có 12/30 trường học đạt chuẩn", [("12", 12, "trường học"), ("30 trường học", 30, "trường học")]),
        ("thu 12.345/10.000 tỷ đồng", [("12.345", 12345, "tỷ đồng"), ("10.000 tỷ đồng", 10000, "tỷ đồng")]),
    ],
    ids=["fraction-of-schools", "achieved-over-target"],
)
def test_find_counts_gives_each_number_of_a_slash_pair_the_shared_unit(text: str, expected: list[tuple]) -> None:
    assert [(f.text, f.value, f.unit) for f in _counts(text)] == expected


def test_find_counts_lists_give_each_count_its_own_unit() -> None:
    text = "Đảng ủy xã quản lý 12 chi bộ: 7 chi bộ thôn, 3 chi bộ trường học và 2 chi bộ cơ quan."
    assert _found(text) == [
        (12, "chi bộ", None),
        (7, "chi bộ thôn", None),
        (3, "chi bộ trường học", None),
        (2, "chi bộ cơ quan", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trong 5 ngày, đoàn làm việc", [(5, "ngày", None)]),
        ("sau 30 năm đổi mới", [(30, "năm", None)]),
        ("6 tháng đầu năm", [(6, "tháng", None)]),
        ("định kỳ 6 tháng báo cáo", [(6, "tháng", None)]),
        ("mỗi tháng 1 lần", [(1, "lần", None)]),
        ("trong 3 giờ", [(3, "giờ", None)]),
    ],
    ids=["days", "years-take-no-modifier", "months", "every-six-months", "once-a-month", "hours"],
)
def test_find_counts_durations_are_counts(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xã có hai lớp học", [(2, "lớp học", None)]),
        ("mười lăm đảng viên mới", [(15, "đảng viên mới", None)]),
        ("một trăm hai mươi hộ nghèo", [(120, "hộ nghèo", None)]),
        ("hai mươi mốt thôn", [(21, "thôn", None)]),
        ("bốn mươi lăm cán bộ", [(45, "cán bộ", None)]),
        ("mười năm qua", [(10, "năm", None)]),
        ("hai triệu đồng", [(2, "triệu đồng", None)]),
        ("hơn một năm", [(1, "năm", "hơn")]),
        ("kiểm tra ít nhất một lần", [(1, "lần", None)]),
    ],
    ids=["two", "fifteen", "hundred-twenty", "twenty-one", "forty-five", "ten-years", "multiplier", "qualifier", "one"],
)
def test_find_counts_reads_numbers_written_in_words(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Một giải pháp quan trọng là",
        "một số tiêu chí chưa đạt",
        "hàng trăm người tham gia",
        "Những năm gần đây",
        "thứ hai, lần thứ ba",
        "năm tháng qua",
        "một trong những nhiệm vụ",
    ],
    ids=["article-opening-a-sentence", "mot-so", "hang-tram", "nhung-nam", "ordinals", "nam-thang", "one-of"],
)
def test_find_counts_ignores_number_words_that_count_nothing(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kỳ họp đã bầu bổ sung một Phó Chủ tịch UBND huyện", [(1, "Phó Chủ tịch", None)]),
        ("Ban Thường vụ có 3 Phó Bí thư", [(3, "Phó Bí thư", None)]),
        ("Sở có hai Phó Giám đốc", [(2, "Phó Giám đốc", None)]),
    ],
    ids=["one-vice-chair", "three-deputy-secretaries", "two-deputy-directors"],
)
def test_find_counts_counts_posts(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Chủ tịch UBND huyện Bình Gia chủ trì", "Điều 2. Chủ tịch UBND xã", "năm 2020, Bí thư Huyện ủy"],
    ids=["title-alone", "article-then-title", "year-then-title"],
)
def test_find_counts_a_post_needs_a_number(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xử lý dứt điểm 12 trường hợp tồn đọng", [(12, "trường hợp tồn đọng", None)]),
        ("đã thí điểm 3 mô hình", [(3, "mô hình", None)]),
        ("được cấp 35 mã số vùng trồng", [(35, "mã số vùng trồng", None)]),
        ("Huyện có 11 thôn, buôn được công nhận", [(11, "thôn, buôn", None)]),
    ],
    ids=["dut-diem", "thi-diem", "duoc-cap", "regional-village-word"],
)
def test_find_counts_label_words_inside_compounds_do_not_label(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["theo điểm 3 khoản 2 Điều 5", "học sinh lớp 9", "trường chuẩn cấp 2"],
    ids=["article-point", "school-year", "level"],
)
def test_find_counts_label_words_still_label(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Điều 3. Khoản 2 Điều 5 quy định",
        "theo Mục 1 và Chương 2",
        "Đại hội lần thứ 13, kỳ họp thứ 8",
        "1. Mục đích\n1.1. Công tác tuyên truyền\n2) Tổ chức thực hiện",
        "Liên hệ 0912345678 hoặc 0205.3812.345",
        "lúc 14:05",
        "Hội nghị Trung ương 6 khóa XIII",
        "Nghị quyết 22 và Chỉ thị 05 đã đi vào cuộc sống",
        "Số: 27 -\nHD/BTCTU",
        "Quận 1 có diện tích",
        "Tỉnh lộ 15 qua xã",
        "Dự án 30a, Chương trình 135",
        "dịch H5N1 và Covid-19, công nghiệp 4.0",
        "từ 8 giờ 30 phút đến 11 giờ",
        "chuẩn nghèo 2022-2025 áp dụng",
        "1/2 số xã",
        "lớp 9 đạt giải",
        "GMT+7",
    ],
    ids=[
        "articles-clauses",
        "sections",
        "ordinals",
        "headings",
        "phones",
        "time",
        "named-plenum",
        "document-references",
        "sign-broken-across-lines",
        "capitalised-name",
        "road",
        "programme-names",
        "codes",
        "clock-times",
        "bare-year-range",
        "half",
        "grade",
        "time-zone",
    ],
)
def test_find_counts_ignores_numbers_that_label_things(text: str) -> None:
    assert _found(text) == []


def test_find_counts_skips_numbers_in_taken_spans_and_stops_units_there() -> None:
    text = "tăng 18,5% đảng viên; Nghị quyết số 07-NQ/TU có 6 tháng đầu năm 2023"
    taken = [_span(text, "18,5%"), _span(text, "Nghị quyết số 07-NQ/TU"), _span(text, "năm 2023")]
    assert _found(text, taken) == [(6, "tháng", None)]


def test_find_counts_unit_stops_where_a_taken_span_starts() -> None:
    text = "Kế hoạch 5 năm 2026-2030"
    assert _found(text, [_span(text, "2026"), _span(text, "2030")]) == [(5, "năm", None)]


def test_find_counts_items_in_parentheses_inherit_the_unit() -> None:
    text = "xử lý 41 đảng viên (khiển trách 20, cảnh cáo 15, khai trừ 6) và 9 tổ chức đảng (cảnh cáo 9)."
    facts = _counts(text)
    assert [(f.text, f.value, f.unit) for f in facts] == [
        ("41 đảng viên", 41, "đảng viên"),
        ("khiển trách 20", 20, "đảng viên"),
        ("cảnh cáo 15", 15, "đảng viên"),
        ("khai trừ 6", 6, "đảng viên"),
        ("9 tổ chức đảng", 9, "tổ chức đảng"),
        ("cảnh cáo 9", 9, "tổ chức đảng"),
    ]
    assert all(f.extractor == "counts.inherited" for f in facts if not f.text[0].isdigit())


def test_find_counts_inherits_nothing_from_a_taken_span_in_parentheses() -> None:
    text = "có 41 đảng viên (năm 2020)"
    assert _found(text, [_span(text, "năm 2020")]) == [(41, "đảng viên", None)]


def test_find_counts_reads_old_style_tone_marks() -> None:
    assert _found("có 27 cấp uỷ viên") == [(27, "cấp uỷ viên", None)]


def test_read_unit_returns_the_unit_span() -> None:
    text = "85 tổ chức cơ sở đảng trực thuộc"
    assert read_unit(text, 2) == (3, 21, True)
    assert read_unit("5 ngôi chùa", 1, known_only=True) is None


def test_find_table_counts_takes_units_from_column_headers() -> None:
    cells = [
        ("STT", 0, 0),
        ("Chi bộ", 0, 1),
        ("Số đảng viên", 0, 2),
        ("Được khen thưởng", 0, 3),
        ("Tỷ lệ (%)", 0, 4),
        ("1", 1, 0),
        ("Chi bộ thôn Bản Chắt", 1, 1),
        ("31", 1, 2),
        ("12", 1, 3),
        ("38,7", 1, 4),
        ("2", 2, 0),
        ("Chi bộ Trường Tiểu học", 2, 1),
        ("1.024", 2, 2),
        ("98", 2, 3),
        ("9,6", 2, 4),
    ]
    text, blocks = join_blocks(
        [("Bảng tổng hợp", {})] + [(t, {"kind": "table_cell", "table": 0, "row": r, "cell": c}) for t, r, c in cells]
    )
    facts = find_table_counts(blocks)
    assert [(f.text, f.value, f.unit) for f in facts] == [
        ("31", 31, "đảng viên"),
        ("12", 12, "đảng viên"),
        ("1.024", 1024, "đảng viên"),
        ("98", 98, "đảng viên"),
    ]
    assert all(text[f.start : f.end] == f.text for f in facts)


def test_find_table_counts_a_target_column_counts_what_its_neighbour_counts() -> None:
    cells = [
        ("STT", 0, 0),
        ("Đơn vị", 0, 1),
        ("Chỉ tiêu giao", 0, 2),
        ("Đã kết nạp", 0, 3),
        ("Tỷ lệ (%)", 0, 4),
        ("1", 1, 0),
        ("Đảng bộ xã Tân Văn", 1, 1),
        ("8", 1, 2),
        ("9", 1, 3),
        ("112,5", 1, 4),
    ]
    _, blocks = join_blocks([(t, {"kind": "table_cell", "table": 0, "row": r, "cell": c}) for t, r, c in cells])
    assert [(f.text, f.unit) for f in find_table_counts(blocks)] == [("8", "đảng viên"), ("9", "đảng viên")]


def test_find_table_counts_needs_a_header_that_names_the_noun() -> None:
    cells = [("Đơn vị", 0, 0), ("Chỉ tiêu giao", 0, 1), ("A", 1, 0), ("14", 1, 1)]
    _, blocks = join_blocks([(t, {"kind": "table_cell", "table": 0, "row": r, "cell": c}) for t, r, c in cells])
    assert find_table_counts(blocks) == []


_PIECES = [
    "ngày",
    "tháng",
    "năm",
    "2021",
    "12/3",
    "5.000",
    "15",
    "/",
    "-",
    "đến",
    "từ",
    "trên",
    "đảng viên",
    "chi bộ",
    "(",
    ")",
    ",",
    ".",
    "\n",
    "hai",
    "mươi",
    "mốt",
    "%",
    "Điều",
    "thứ",
    "tỷ đồng",
    "Nghị quyết",
    "uỷ",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join))
def test_every_numeric_finder_points_at_its_own_text(text: str) -> None:
    dates = find_dates(text)
    percents = find_percents(text)
    counts = find_counts(text, taken=[(f.start, f.end) for f in dates + percents])
    for fact in dates + percents + counts:
        assert text[fact.start : fact.end] == fact.text
        assert 0 < fact.confidence <= 1
    taken = [(f.start, f.end) for f in dates + percents]
    for fact in counts:
        if fact.extractor != "counts.inherited":
            assert not any(s <= fact.start < e for s, e in taken)


def test_no_character_matches_two_first_letters_of_unit_heads_ignoring_case():
    # -- the unit-head alternation is grouped by first letter; that keeps its matches only if no
    #    character can match the first letters of two groups
    letters = sorted({variant[0].lower() for head in UNIT_HEADS for variant in (head, _old_style(head))})
    patterns = {letter: regex.compile(regex.escape(letter), regex.IGNORECASE | regex.VERSION0) for letter in letters}
    any_letter = regex.compile(f"[{''.join(letters)}]", regex.IGNORECASE | regex.VERSION0)
    for code in range(0x110000):
        if any_letter.fullmatch(chr(code)):
            assert sum(1 for pattern in patterns.values() if pattern.fullmatch(chr(code))) == 1, hex(code)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("85 Chi bộ", "Chi bộ"), ("3 ĐV", "ĐV"), ("2 y bác sĩ", "y bác sĩ"), ("4 Ô TÔ", "Ô TÔ"), ("9 uỷ viên", "uỷ viên")],
)
def test_unit_heads_match_in_any_case_and_spelling(text, unit):
    assert [f.unit for f in find_counts(text)] == [unit]


@pytest.mark.parametrize("number", ["0912", "0035", "000", "0", "0.123", "012,5", "1234", "0٣٤٥", "00001"])
def test_leading_zero_ids_are_what_the_pattern_says(number):
    assert _is_leading_zero_id(number) == bool(regex.fullmatch(r"0\d{3,}", number))


@pytest.mark.parametrize("words", [[], ["điều"], ["số", "nhà"], ["a", "tài", "khoản"], ["x", "y"], ["mã", "số", "b"]])
def test_ends_with_phrase_looks_at_the_last_one_to_three_words(words):
    phrases = frozenset({"điều", "số nhà", "tài khoản", "mã số b"})
    expected = any(" ".join(words[-n:]) in phrases for n in range(1, min(3, len(words)) + 1))
    assert _ends_with_phrase(words, phrases) is expected


def test_a_printable_character_is_never_whitespace_but_the_space():
    # -- `_one_line` skips `_WHITESPACE_RE.sub` for printable text with no double space on this ground
    import sys

    from vanban.extractors.facts.counts import _WHITESPACE_RE

    printable = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000 and chr(code).isprintable()
    )
    assert _WHITESPACE_RE.findall(printable) == [" "]


@pytest.mark.parametrize("written", ["chi bộ", "chi  bộ", "chi\nbộ", "chi\u00a0bộ", "đảng viên\t", "m²", ""])
def test_one_line_is_the_whitespace_substitution(written):
    from vanban.extractors.facts.counts import _WHITESPACE_RE, _one_line

    assert _one_line(written) == _WHITESPACE_RE.sub(" ", written)


def _label_context_words() -> list[str]:
    from vanban.extractors.facts.counts import LABEL_WORDS, NOT_LABEL_WORDS

    phrases = (*LABEL_WORDS, *NOT_LABEL_WORDS, "các", "Điều", "(Điều", "Kỳ", "xã,", "có", "“số", "NGÀY", "thứ:")
    return sorted({word for phrase in phrases for word in phrase.split()})


_LABEL_CONTEXT_WORDS = _label_context_words()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LABEL_CONTEXT_WORDS), max_size=6), st.sampled_from([" ", "  ", "\n", ": ", ""]))
def test_labels_number_reads_the_last_word_first_with_the_same_answer(words, gap):
    from vanban.extractors.facts.counts import (
        LABEL_WORDS,
        NOT_LABEL_WORDS,
        _ends_with_phrase,
        _labels_number,
        _words_before,
    )

    text = " ".join(words) + gap + "12 chi bộ"
    start = text.index("12 chi bộ")
    before = _words_before(text, start)
    expected = _ends_with_phrase(before, LABEL_WORDS) and not _ends_with_phrase(before, NOT_LABEL_WORDS)
    assert _labels_number(text, start) == expected


def test_every_case_of_a_unit_heads_first_letter_is_a_letter_for_may_open_unit():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    first_letters = {variant[0] for head in UNIT_HEADS for variant in (head, _old_style(head))}
    matched = {c for letter in first_letters for c in regex.findall(regex.escape(letter), every, regex.IGNORECASE)}
    assert all(c.isalpha() for c in matched)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["5", " ", "\t", "\n", ".", ")", "Đ", "đảng viên", "xe", "tỷ", "_", "-"]), max_size=6))
def test_may_open_unit_holds_wherever_a_unit_head_matches(pieces):
    text = "".join(pieces)
    for pos in range(len(text) + 1):
        if UNIT_HEAD_RE.match(text, pos) is not None:
            assert _may_open_unit(text, pos)


# -- COUNT_RE as it was with the qualifier and `từ` in it, for the test below
_COUNT_WITH_LEAD_RE = regex.compile(
    rf"(?<=(?:(?<!\w)(?P<qual>{'|'.join(_QUALIFIERS)})\s+)?(?:(?<!\w)(?P<from>từ)\s+)?)"
    rf"(?<![\w.,/:+\-–])(?P<n1>{_NUM})(?:\s*/\s*(?P<more>{_NUM}))*(?:\s*(?:[-–]|đến|tới)\s*(?P<n2>{_NUM}))?",
    regex.IGNORECASE | regex.VERSION0,
)
_LEAD_PIECES = ["trên", "Hơn", "khoảng", "từ", "TỪ", "xtừ", "5", "1.000", "/", "-", "đến", " ", "\n", ",", "x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LEAD_PIECES), max_size=10).map("".join))
def test_count_re_and_lead_re_find_what_one_pattern_with_the_lead_found(text):
    def spans(m, lead):
        return m.span(), m.spans("more"), m.span("n2"), lead.span("qual"), lead.span("from")

    assert [spans(m, _LEAD_RE.match(text, m.start())) for m in COUNT_RE.finditer(text)] == [
        spans(m, m) for m in _COUNT_WITH_LEAD_RE.finditer(text)
    ]
