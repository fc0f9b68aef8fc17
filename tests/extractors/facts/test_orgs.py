import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractors.facts.orgs import (
    _K_ANY_CASE,
    _LEVEL_INITIALS,
    _PLACE_RE,
    _PLURAL_BEFORE_RE,
    _T_ANY_CASE,
    _V_ANY_CASE,
    LEVELS,
    _after_space,
    _head_alternatives,
    _head_initials,
    _is_plural,
    _may_open_place,
    default_org_finder,
    find_orgs,
    load_org_heads,
)


def _orgs(text: str) -> list[tuple[str, str | None]]:
    return [(fact.text, fact.normalized) for fact in find_orgs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng bộ huyện Bình Gia đã lãnh đạo", ("Đảng bộ huyện Bình Gia", None)),
        ("Đảng bộ huyện có 60 tổ chức cơ sở đảng", ("Đảng bộ huyện", None)),
        ("Đảng uỷ xã Hưng Đạo họp", ("Đảng uỷ xã Hưng Đạo", "Đảng ủy xã Hưng Đạo")),
        ("Chi bộ cơ quan phường Tam Thanh, thành phố Lạng Sơn", ("Chi bộ cơ quan phường Tam Thanh", None)),
        ("Huyện uỷ chỉ đạo sát sao", ("Huyện uỷ", "Huyện ủy")),
        ("Tỉnh ủy Hà Giang ban hành", ("Tỉnh ủy Hà Giang", None)),
        ("Ban Tổ chức Tỉnh uỷ Cao Bằng cho biết", ("Ban Tổ chức Tỉnh uỷ Cao Bằng", "Ban Tổ chức Tỉnh ủy Cao Bằng")),
        ("Ban Thường vụ Thành ủy Vinh quyết định", ("Ban Thường vụ Thành ủy Vinh", None)),
        (
            "Ban Chấp hành Trung ương khoá XII ban hành",
            ("Ban Chấp hành Trung ương khoá XII", "Ban Chấp hành Trung ương khóa XII"),
        ),
        (
            "Ban Chấp hành Đảng bộ tỉnh khóa XVI trình",
            ("Ban Chấp hành Đảng bộ tỉnh khóa XVI", None),
        ),
        ("UBND tỉnh Hà Nam chỉ đạo", ("UBND tỉnh Hà Nam", "Ủy ban nhân dân tỉnh Hà Nam")),
        (
            "trình HĐND huyện Mường Tè khóa XXI",
            ("HĐND huyện Mường Tè khóa XXI", "Hội đồng nhân dân huyện Mường Tè khóa XXI"),
        ),
        ("Thường trực HĐND tỉnh đã giám sát", ("Thường trực HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh")),
        ("Đảng bộ TP Vĩnh Yên kết nạp", ("Đảng bộ TP Vĩnh Yên", "Đảng bộ thành phố Vĩnh Yên")),
        ("ý kiến của Bộ Tài chính về", ("Bộ Tài chính", None)),
        (
            "Bộ Nông nghiệp và PTNT hướng dẫn",
            ("Bộ Nông nghiệp và PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ),
        (
            "Bộ Lao động – Thương\nbinh và Xã hội báo cáo",
            ("Bộ Lao động – Thương\nbinh và Xã hội", "Bộ Lao động - Thương binh và Xã hội"),
        ),
        ("Sở Nội vụ tỉnh Bắc Giang", ("Sở Nội vụ tỉnh Bắc Giang", None)),
        ("Phòng Tài chính - Kế hoạch huyện Tràng Định", ("Phòng Tài chính - Kế hoạch huyện Tràng Định", None)),
        ("Ủy ban Kiểm tra Trung ương đã kiểm tra", ("Ủy ban Kiểm tra Trung ương", None)),
        (
            "Hội đồng Thi đua - Khen thưởng tỉnh phát động",
            ("Hội đồng Thi đua - Khen thưởng tỉnh", None),
        ),
        (
            "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Lộc Bình",
            ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện Lộc Bình", None),
        ),
        ("Đoàn Thanh niên xã Yên Trạch", ("Đoàn Thanh niên xã Yên Trạch", None)),
        ("Đảng bộ Khối Doanh nghiệp tỉnh kết nạp", ("Đảng bộ Khối Doanh nghiệp tỉnh", None)),
        ("Báo Hà Tĩnh điện tử đưa tin", ("Báo Hà Tĩnh điện tử", "Báo Hà Tĩnh")),
        ("dưới sự lãnh đạo của Đảng Cộng sản Việt Nam, đất nước", ("Đảng Cộng sản Việt Nam", None)),
        ("Văn phòng Chính phủ thông báo", ("Văn phòng Chính phủ", None)),
        ("Bộ Chính trị quyết định", ("Bộ Chính trị", None)),
        ("Trung tâm Chính trị huyện Văn Quan", ("Trung tâm Chính trị huyện Văn Quan", None)),
        ("Công an tỉnh Sơn La", ("Công an tỉnh Sơn La", None)),
        ("Chi bộ trường THCS Hòa Cư sinh hoạt", ("Chi bộ trường THCS Hòa Cư", None)),
        ("TT HĐND huyện đã", ("TT HĐND huyện", "Thường trực Hội đồng nhân dân huyện")),
        ("UBND TT Đồng Mỏ triển khai", ("UBND TT Đồng Mỏ", "Ủy ban nhân dân thị trấn Đồng Mỏ")),
        ("Kho bạc Nhà nước Chi Lăng thanh toán", ("Kho bạc Nhà nước Chi Lăng", None)),
        ("Văn phòng Điều phối nông thôn mới tỉnh", ("Văn phòng Điều phối nông thôn mới tỉnh", None)),
        ("Hạt Kiểm lâm huyện tuần tra", ("Hạt Kiểm lâm huyện", None)),
        ("Đảng bộ xã Hội Hoan", ("Đảng bộ xã Hội Hoan", None)),
        ("Tỉnh ủy Bà Rịa - Vũng Tàu", ("Tỉnh ủy Bà Rịa - Vũng Tàu", None)),
    ],
    ids=[
        "party-committee-with-place",
        "party-committee-with-level",
        "old-tones",
        "cell-of-an-office",
        "district-committee-alone",
        "province-committee-with-place",
        "board-of-a-committee",
        "standing-board",
        "central-committee-term",
        "executive-of-province-party",
        "state-committee",
        "council-with-term",
        "standing-of-council",
        "tp-expanded",
        "ministry",
        "ministry-abbreviation",
        "ministry-across-lines",
        "department",
        "office-with-place",
        "central-inspection",
        "named-council",
        "front",
        "youth-union",
        "bloc-party",
        "newspaper",
        "the-party-written-out",
        "government-office",
        "politburo",
        "political-centre",
        "police",
        "cell-of-a-school",
        "tt-is-standing",
        "tt-is-township",
        "treasury-with-place",
        "named-office",
        "forest-ranger",
        "place-with-a-head-word",
        "dashed-place-the-gazetteer-knows",
    ],
)
def test_find_orgs_reads_one_named_body(text, expected):
    assert _orgs(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phó Chủ tịch UBND tỉnh Bắc Kạn Nguyễn Văn Bình dự", "UBND tỉnh Bắc Kạn"),
        ("ý kiến của Thủ tướng Chính phủ", "Chính phủ"),
        ("Phó Trưởng Ban Tuyên giáo Huyện ủy cho biết", "Ban Tuyên giáo Huyện ủy"),
        ("Phó Bí thư Thường trực Tỉnh ủy Lai Châu", "Tỉnh ủy Lai Châu"),
    ],
    ids=["chairman-then-name", "prime-minister", "deputy-head", "standing-deputy-secretary"],
)
def test_find_orgs_takes_the_body_out_of_a_title(text, expected):
    assert [fact.text for fact in find_orgs(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n-------",
            [("ỦY BAN NHÂN DÂN\nTỈNH KON TUM", "Ủy ban nhân dân tỉnh Kon Tum")],
        ),
        (
            "UỶ BAN NHÂN\nDÂN\nHUYỆN HOÀ AN\n--------",
            [("UỶ BAN NHÂN\nDÂN\nHUYỆN HOÀ AN", "Ủy ban nhân dân huyện Hòa An")],
        ),
        (
            "HUYỆN ỦY BẮC SƠN\nBAN TUYÊN GIÁO\n*",
            [("HUYỆN ỦY BẮC SƠN", "Huyện ủy Bắc Sơn"), ("BAN TUYÊN GIÁO", "Ban Tuyên giáo Huyện ủy Bắc Sơn")],
        ),
        (
            "BAN CHẤP HÀNH\nTRUNG ƯƠNG\n--------",
            [("BAN CHẤP HÀNH\nTRUNG ƯƠNG", "Ban Chấp hành Trung ương")],
        ),
        (
            "Độc lập - Tự do - Hạnh phúc\nBỘ\nNỘI VỤ\n-------",
            [("BỘ\nNỘI VỤ", "Bộ Nội vụ")],
        ),
        (
            "KẾ HOẠCH THỰC HIỆN CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ THEO NGHỊ QUYẾT CỦA ĐẢNG",
            [("CHÍNH PHỦ", "Chính phủ")],
        ),
        (
            "QUYẾT ĐỊNH CỦA UBND TỈNH QUẢNG TRỊ VỀ VIỆC GIAO CHỈ TIÊU",
            [("UBND TỈNH QUẢNG TRỊ", "Ủy ban nhân dân tỉnh Quảng Trị")],
        ),
    ],
    ids=[
        "header-two-lines",
        "header-broken-old-tones",
        "header-parent-and-board",
        "central-committee",
        "ministry-header",
        "title-government-and-party",
        "title-place-ends-at-gazetteer",
    ],
)
def test_find_orgs_reads_uppercase_headers_and_titles(text, expected):
    assert _orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "các cấp ủy, tổ chức đảng và cấp ủy các cấp",
        "UBND các huyện, thành phố triển khai",
        "UBND huyện, thị xã chủ trì",
        "đảng bộ, chi bộ trực thuộc; các chi, đảng bộ cơ sở",
        "các Bộ, ngành Trung ương và Sở, ban, ngành",
        "đảng ủy các xã, thị trấn",
        "đồng chí là đảng ủy viên",
        "Đảng bộ có 15 chi bộ trực thuộc",
        "huyện Đình Lập, tỉnh Lạng Sơn",
        "(LSO) – Sáng nay",
        "ĐẢNG CỘNG SẢN VIỆT NAM\n---------------",
        "ĐẢNG CỘNG SẢN\nVIỆT NAM\n---------------",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "Ban Tổ chức đã chuẩn bị chu đáo",
        "Đảng viên mới được kết nạp",
        "UBND cấp huyện và UBND cấp xã",
        "mỗi Chi bộ, từng Đảng bộ",
        "NHIỆM VỤ TÀI CHÍNH VÀ CÁN BỘ TÀI CHÍNH",
        "XÂY DỰNG TỔ CHỨC ĐẢNG TRONG SẠCH",
        "THỰC HIỆN NHIỆM\nVỤ TÀI CHÍNH - NGÂN SÁCH NĂM 2025",
        "củng cố tổ chức cơ sở Đảng và Đảng các cấp",
        "các đồng chí Tỉnh ủy viên",
        "Ban Thường vụ phối hợp với Mặt trận",
    ],
    ids=[
        "generic-committees",
        "plural-after-head",
        "listed-levels",
        "lowercase-generic",
        "plural-ministries",
        "lowercase-plural",
        "role-not-org",
        "bare-head",
        "places-alone",
        "newspaper-tag",
        "motto",
        "motto-two-lines",
        "state-motto",
        "bare-board-in-a-sentence",
        "party-member",
        "level-of-government",
        "each-cell",
        "uppercase-compounds",
        "uppercase-party-organisation",
        "compound-wrapped-in-a-title",
        "party-organisations",
        "committee-member",
        "board-then-verb",
    ],
)
def test_find_orgs_skips_generic_and_plural_mentions(text):
    assert find_orgs(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trường THCS Cốc Pài đạt chuẩn quốc gia", ("Trường THCS Cốc Pài", None)),
        ("Trường PTDTBT TH Nậm Ty tổ chức lễ khai giảng", ("Trường PTDTBT TH Nậm Ty", None)),
        ("Đồng chí Bí thư HU dự và phát biểu", ("HU", "Huyện ủy")),
        ("Phó Bí thư TU chủ trì hội nghị", ("TU", "Tỉnh ủy")),
    ],
    ids=["school-by-level", "boarding-school", "committee-after-secretary", "committee-after-deputy"],
)
def test_find_orgs_reads_schools_and_committees_after_a_post(text, expected):
    assert _orgs(text) == [expected]


def test_find_orgs_reads_a_party_cell_of_a_centre_whole():
    assert _orgs("Chi bộ Trung tâm Y tế huyện sinh hoạt chuyên đề") == [("Chi bộ Trung tâm Y tế huyện", None)]


def test_find_orgs_two_cells_joined_by_va_are_two_names():
    texts = [fact.text for fact in find_orgs("Chi bộ Trường THCS Hòa Cư và Chi bộ Trường THPT Bình Độ tham gia")]
    assert texts == ["Chi bộ Trường THCS Hòa Cư", "Chi bộ Trường THPT Bình Độ"]


def test_find_orgs_an_office_of_two_bodies_is_one_name():
    assert [fact.text for fact in find_orgs("Văn phòng HĐND và UBND huyện tổng hợp")] == [
        "Văn phòng HĐND và UBND huyện"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vụ Xuân gieo cấy lúa đúng khung thời vụ",
        "vụ Hè Thu năm nay năng suất cao",
        "theo Kế hoạch số 45-KH/HU ngày",
        "HU triển khai",
        "Trường học đạt chuẩn",
    ],
    ids=["spring-crop", "summer-crop", "issuer-letters-of-a-sign", "bare-abbreviation", "school-generic"],
)
def test_find_orgs_skips_seasons_signs_and_bare_abbreviations(text):
    assert find_orgs(text) == []


def test_find_orgs_gives_the_longest_nested_name_only():
    assert _orgs("Ban Thường vụ Huyện ủy Tràng Định khoá XXI") == [
        ("Ban Thường vụ Huyện ủy Tràng Định khoá XXI", "Ban Thường vụ Huyện ủy Tràng Định khóa XXI")
    ]


def test_find_orgs_reads_a_term_written_with_a_capital():
    assert _orgs("Kỳ họp thứ 5 HĐND tỉnh Khóa XVII") == [("HĐND tỉnh Khóa XVII", "Hội đồng nhân dân tỉnh khóa XVII")]


def test_find_orgs_counts_each_mention():
    text = "Đảng bộ huyện đã lãnh đạo; Đảng bộ huyện cũng đã; Huyện ủy và Huyện uỷ"
    assert [fact.text for fact in find_orgs(text)] == ["Đảng bộ huyện", "Đảng bộ huyện", "Huyện ủy", "Huyện uỷ"]


def test_find_orgs_keeps_offsets_and_provenance():
    text = "Sáng 5/3, Đảng ủy thị trấn Đồng Đăng phối hợp với UBND thị trấn"
    facts = find_orgs(text)
    assert [fact.text for fact in facts] == ["Đảng ủy thị trấn Đồng Đăng", "UBND thị trấn"]
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text
        assert fact.kind == "org"
        assert fact.extractor


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Đảng bộ",
                "huyện",
                "Cao Lộc",
                "các",
                "UBND",
                "tỉnh",
                "Ban Tổ chức",
                "Huyện ủy",
                "\n",
                ",",
                "khóa",
                "X",
                "i",
                "ĐẢNG",
                "Bộ",
                "Tài chính",
                "tp",
                "TP",
                "Chi bộ",
                "trường",
                "thpt",
                "THPT",
                "-",
                "Na Sầm",
            ]
        ),
        max_size=12,
    )
)
def test_find_orgs_text_always_matches_its_offsets(pieces):
    text = " ".join(pieces)
    previous_end = 0
    for fact in find_orgs(text):
        assert text[fact.start : fact.end] == fact.text
        assert fact.start >= previous_end
        previous_end = fact.end


def test_find_orgs_stops_a_place_at_a_dash_the_gazetteer_does_not_know():
    assert [fact.text for fact in find_orgs("Huyện ủy Bình Gia - Kế hoạch số 12")] == ["Huyện ủy Bình Gia"]


def test_letters_checked_before_a_pattern_are_all_that_regex_matches_ignoring_case():
    for letter, checked in (("k", _K_ANY_CASE), ("t", _T_ANY_CASE)):
        pattern = regex.compile(letter, regex.IGNORECASE | regex.VERSION0)
        assert {chr(code) for code in range(0x110000) if pattern.fullmatch(chr(code))} == checked


def test_level_and_viet_nam_initials_are_all_that_regex_matches_ignoring_case():
    # -- `_LEVEL_RE` reads an abbreviation (`TP`, `TX`, `TT`) or a level word ignoring case after its space
    initials = "".join(sorted({word[0] for word in LEVELS})) + "T"
    either_case = regex.compile(f"[{initials}v]", regex.IGNORECASE | regex.VERSION0)
    found = {chr(code) for code in range(0x110000) if either_case.fullmatch(chr(code))}
    any_v = {char for char in found if regex.fullmatch("v", char, regex.IGNORECASE | regex.VERSION0)}
    assert any_v == _V_ANY_CASE
    assert found - any_v == _LEVEL_INITIALS


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["các", "những", "một số", "cấp", "ba", "thứ", "2", "١٢", "x", "Số", ".", " ", "\t", "\n", "ă"]
        ),
        max_size=8,
    )
)
def test_is_plural_says_what_the_pattern_says(parts):
    text = "".join(parts) + "Huyện ủy"
    start = len(text) - len("Huyện ủy")
    assert _is_plural(text, start) is (_PLURAL_BEFORE_RE.search(text, max(0, start - 12), start) is not None)


def test_no_lowercase_character_opens_a_place():
    # -- `_may_open_place` turns away a lowercase first letter: none of them is one `_PLACE_RE` opens with
    assert not [chr(code) for code in range(0x110000) if chr(code).islower() and _PLACE_RE.match(chr(code))]
    assert _may_open_place(" \n Cao Lộc", 0) and _may_open_place("3", 0) and _may_open_place(" Ấp", 0)
    assert not _may_open_place(" huyện", 0) and not _may_open_place("  ", 0) and not _may_open_place("", 0)


def test_no_ascii_sign_opens_a_place():
    # -- `_may_open_place` turns away an ASCII character that is no letter or digit: `(`, `,`, `-`
    assert not [chr(code) for code in range(0x80) if not chr(code).isalnum() and _PLACE_RE.match(chr(code))]
    assert not _may_open_place(" (bao gồm", 0) and not _may_open_place(", Bắc", 0) and not _may_open_place(" - ", 0)


@pytest.mark.parametrize(
    ("text", "pos", "expected"),
    [
        (" khóa X", 0, True),
        (" \n\t KHÓA X", 0, True),
        ("khóa X", 0, False),  # -- no space at pos
        ("  hóa", 0, False),
        (" ", 0, False),
        ("", 0, False),
    ],
)
def test_after_space_looks_past_the_spaces_at_the_first_letter(text, pos, expected):
    assert _after_space(text, pos, _K_ANY_CASE) is expected


def test_terms_trung_uong_and_plurals_still_read_after_line_breaks():
    assert _orgs("Ban Chấp hành Đảng bộ huyện Cao Lộc\nkhóa XX họp") == [
        ("Ban Chấp hành Đảng bộ huyện Cao Lộc\nkhóa XX", "Ban Chấp hành Đảng bộ huyện Cao Lộc khóa XX")
    ]
    assert _orgs("Ban Tổ chức \n Trung ương") == [("Ban Tổ chức \n Trung ương", "Ban Tổ chức Trung ương")]
    assert _orgs("UBND \ncác huyện") == []


@pytest.mark.parametrize(
    "text",
    [
        "UBND tỉnh Lạng Sơn",
        "Uỷ ban nhân dân huyện",
        "ỦY BAN NHÂN DÂN TỈNH",
        "các quận ủy, huyện ủy",
        "xUBND tỉnh",
        "Bí thư HU và TU",
        "Hu Tu",
        "Đảng bộ xã",
        "Đảng ta",
        "Đảng viên",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Sở Nội vụ",
        "Bộ Chính trị",
        "Ban Tổ chức Huyện uỷ",
        "Chi bộ thôn",
        "Huyện\nỦy",
        "_Tỉnh ủy",
    ],
)
def test_head_scan_matches_as_the_plain_head_pattern_does(text):
    heads = load_org_heads()
    plain = re.compile(rf"(?<!\w)(?=[{_head_initials(heads)}])(?i:{_head_alternatives(heads)})")
    found = [(m.span(), m.lastgroup) for m in default_org_finder()._head_re.finditer(text)]
    assert found == [(m.span(), m.lastgroup) for m in plain.finditer(text)]
