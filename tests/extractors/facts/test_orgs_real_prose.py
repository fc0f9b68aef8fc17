"""Organisations as real documents write them (issue 14): the extent of a name decided by its grammar and
by what follows it, bodies outside the Party and State apparatus, and what is not an organisation.

Every sentence here was written for these tests; none is taken from a real document."""

import pytest

from vanban.extractors.facts.counts import find_counts
from vanban.extractors.facts.orgs import find_orgs


def _texts(text: str) -> list[str]:
    return [fact.text for fact in find_orgs(text)]


def _orgs(text: str) -> list[tuple[str, str | None]]:
    return [(fact.text, fact.normalized) for fact in find_orgs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng ủy Bệnh viện Phổi đã họp", "Đảng ủy Bệnh viện Phổi"),
        ("Bệnh viện Mắt tỉnh Hòa Bình tiếp nhận 30 ca", "Bệnh viện Mắt tỉnh Hòa Bình"),
        ("Chi bộ Trường Đại học Kinh tế Quốc dân sinh hoạt", "Chi bộ Trường Đại học Kinh tế Quốc dân"),
        ("Trung tâm Kiểm soát bệnh tật thành phố Cần Thơ khuyến cáo", "Trung tâm Kiểm soát bệnh tật thành phố Cần Thơ"),
        ("Viện Dinh dưỡng quốc gia vừa công bố", "Viện Dinh dưỡng quốc gia"),
        ("Viện Vệ sinh dịch tễ Tây Nguyên cử 5 cán bộ", "Viện Vệ sinh dịch tễ Tây Nguyên"),
        ("Ngân hàng Chính sách xã hội huyện Mèo Vạc giải ngân", "Ngân hàng Chính sách xã hội huyện Mèo Vạc"),
        ("theo Hợp tác xã Dịch vụ nông nghiệp Hòa Bình Xanh, giá", "Hợp tác xã Dịch vụ nông nghiệp Hòa Bình Xanh"),
        ("do Công ty cổ phần Cấp nước Sơn La thi công", "Công ty cổ phần Cấp nước Sơn La"),
        ("Tổng công ty Điện lực miền Bắc đã đóng điện", "Tổng công ty Điện lực miền Bắc"),
        ("Tập đoàn Công nghiệp Cao su Việt Nam trao 200 suất quà", "Tập đoàn Công nghiệp Cao su Việt Nam"),
    ],
    ids=[
        "hospital-lowercase-syllable",
        "hospital-with-level-and-place",
        "university-inside-a-party-cell",
        "cdc-with-city",
        "institute-lowercase-end",
        "institute-region",
        "social-policy-bank-with-district",
        "cooperative-name-after-lowercase",
        "company-lowercase-legal-form",
        "corporation-region",
        "group-ends-before-verb",
    ],
)
def test_a_name_runs_over_the_lowercase_syllables_inside_it(text, expected):
    assert _texts(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bệnh viện Chợ Rẫy khám cho 50 người", "Bệnh viện Chợ Rẫy"),
        ("Trường Đại học Tây Bắc hoàn thành các chỉ tiêu", "Trường Đại học Tây Bắc"),
        ("Chi bộ Trường THPT Mường Nhé lần đầu kết nạp", "Chi bộ Trường THPT Mường Nhé"),
        ("Giám đốc Công ty TNHH Hoa Ban Phạm Quang Huy cho biết", "Công ty TNHH Hoa Ban"),
        ("Bệnh viện Nhi Thanh Hóa và Bệnh viện Phụ sản Thanh Hóa phối hợp", "Bệnh viện Nhi Thanh Hóa"),
    ],
    ids=[
        "verb-after-a-two-word-name",
        "verb-phrase-after-a-place-name",
        "adverb-after-a-school",
        "person-after-a-company",
        "two-hospitals-joined",
    ],
)
def test_a_name_ends_before_what_follows_it(text, expected):
    assert _texts(text)[0] == expected


def test_two_bodies_joined_by_va_stay_two():
    assert _texts("Bệnh viện Nhi Thanh Hóa và Bệnh viện Phụ sản Thanh Hóa phối hợp") == [
        "Bệnh viện Nhi Thanh Hóa",
        "Bệnh viện Phụ sản Thanh Hóa",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Nội vụ Cao Bằng hướng dẫn", ("Sở Nội vụ Cao Bằng", None)),
        ("CDC Bắc Giang giám sát", ("CDC Bắc Giang", "Trung tâm Kiểm soát bệnh tật Bắc Giang")),
        ("Trung tâm Y tế huyện Kỳ Anh báo cáo", ("Trung tâm Y tế huyện Kỳ Anh", None)),
        ("Chi cục Thuế khu vực Lục Yên - Văn Yên thu", ("Chi cục Thuế khu vực Lục Yên - Văn Yên", None)),
        ("Vietjet Air mở thêm đường bay", ("Vietjet Air", None)),
        ("Vietcombank Chi nhánh tỉnh Bạc Liêu tài trợ", ("Vietcombank Chi nhánh tỉnh Bạc Liêu", None)),
        ("Trung tâm VH-TT&TT Bảo Yên tổ chức giải", ("Trung tâm VH-TT&TT Bảo Yên", None)),
    ],
    ids=[
        "department-keeps-its-province",
        "cdc-abbreviation",
        "place-opening-with-a-stop-word",
        "tax-region-of-two-districts",
        "airline",
        "bank-branch",
        "centre-abbreviated",
    ],
)
def test_bodies_outside_the_apparatus_with_their_place(text, expected):
    assert _orgs(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ban Chấp hành Đảng bộ huyện (khóa XXI) họp",
            ("Ban Chấp hành Đảng bộ huyện (khóa XXI)", "Ban Chấp hành Đảng bộ huyện khóa XXI"),
        ),
        ("Thành ủy ( khoá XII ) lãnh đạo", ("Thành ủy ( khoá XII )", "Thành ủy khóa XII")),
        ("HĐND xã (khóa 3) bầu", ("HĐND xã (khóa 3)", "Hội đồng nhân dân xã khóa 3")),
    ],
    ids=["executive-term-in-parentheses", "spaces-inside", "arabic-term"],
)
def test_the_term_in_parentheses_belongs_to_the_name(text, expected):
    assert _orgs(text) == [expected]


def test_an_unclosed_parenthesis_is_not_a_term():
    assert _texts("Tỉnh ủy (khóa XIV họp") == ["Tỉnh ủy"]


def test_a_name_in_capitals_over_two_header_lines_is_one_name():
    text = "ĐẢNG BỘ TỈNH YÊN BÁI\nĐẢNG ỦY TRƯỜNG CAO ĐẲNG\nSƯ PHẠM YÊN BÁI\n*\nSố 12-BC/ĐU"
    assert _texts(text) == ["ĐẢNG BỘ TỈNH YÊN BÁI", "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG\nSƯ PHẠM YÊN BÁI"]


def test_a_header_line_that_opens_another_body_is_not_joined():
    text = "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG Y TẾ\nBAN TỔ CHỨC\n*"
    assert _texts(text)[0] == "ĐẢNG ỦY TRƯỜNG CAO ĐẲNG Y TẾ"


def test_a_persons_name_after_a_level_is_no_place():
    assert _orgs("Chủ tịch HĐND tỉnh Lò Văn Minh phát biểu") == [("HĐND tỉnh", "Hội đồng nhân dân tỉnh")]


def test_a_place_that_opens_with_a_surname_is_still_a_place():
    assert _texts("UBND tỉnh Hà Giang chỉ đạo") == ["UBND tỉnh Hà Giang"]


@pytest.mark.parametrize(
    "text",
    [
        "đảng viên phải chấp hành nghiêm Điều lệ Đảng",
        "đề nghị kết nạp Đảng cho quần chúng ưu tú",
        "trao Huy hiệu 50 năm tuổi Đảng",
        "quán triệt đường lối của Đảng, chính sách của Nhà nước",
        "Đảng ta luôn xác định",
        "các Sở, ban, ngành và các chi bộ trực thuộc",
        "lãnh đạo các Bệnh viện và các Trung tâm Y tế",
        "Trường hợp vi phạm sẽ bị xử lý",
        "Công ty cổ phần là loại hình doanh nghiệp",
        "giữ vững chủ quyền quần đảo Trường Sa",
    ],
    ids=[
        "party-statute",
        "admit-to-the-party",
        "party-age",
        "party-line",
        "our-party",
        "plural-departments",
        "plural-hospitals",
        "truong-hop-is-a-case",
        "legal-form-with-no-name",
        "a-place-opening-with-a-head-word",
    ],
)
def test_the_party_alone_and_generic_mentions_are_no_organisation(text):
    assert find_orgs(text) == []


def test_a_region_number_is_no_count():
    assert find_counts("hỗ trợ các xã vùng 2 biên giới của tỉnh") == []
    assert [(fact.value, fact.unit) for fact in find_counts("chia thành 3 vùng sản xuất")] == [(3, "vùng sản xuất")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tổ công tác đặc biệt về phòng, chống thiên tai của Chủ tịch UBND huyện kiểm tra đê",
            "Tổ công tác đặc biệt về phòng, chống thiên tai của Chủ tịch UBND huyện",
        ),
        ("Tổ giúp việc của Ban Thường vụ Tỉnh ủy họp", "Tổ giúp việc của Ban Thường vụ Tỉnh ủy"),
        ("Ban Chỉ đạo chuyển đổi số tỉnh ban hành", "Ban Chỉ đạo chuyển đổi số tỉnh"),
    ],
    ids=["working-group-of-a-post", "helpers-of-a-board", "steering-board-with-level"],
)
def test_a_working_body_runs_to_whose_it_is(text, expected):
    assert _texts(text) == [expected]


def test_a_working_group_with_no_body_is_generic():
    assert find_orgs("Tổ công tác đã đi kiểm tra thực tế") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tạp chí Tuyên giáo đăng bài", "Tạp chí Tuyên giáo"),
        ("Thông tấn xã Việt Nam đưa tin", "Thông tấn xã Việt Nam"),
        ("Hội Người cao tuổi xã Tân Lập thăm hỏi", "Hội Người cao tuổi xã Tân Lập"),
    ],
    ids=["journal-lowercase-syllable", "news-agency", "association-with-commune"],
)
def test_press_and_associations(text, expected):
    assert _texts(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Điều 1. Phạm vi\nnội dung dài ở đây " * 30 + "\nChương III\nCÔNG TY CON\nĐiều 9. Vốn",
        "BÁO CÁO\nkết quả thực hiện",
    ],
    ids=["chapter-title-in-capitals", "report-title"],
)
def test_capitals_outside_a_header_are_no_institution(text):
    assert find_orgs(text) == []


def test_a_long_lowercase_run_still_finishes_the_word_before_it():
    # -- five lowercase syllables are prose, but `vụ` finishes `Phục`
    assert _texts("Trung tâm Phục vụ hành chính công đã tiếp nhận 300 hồ sơ") == ["Trung tâm Phục vụ"]


def test_an_abbreviation_takes_no_lowercase_syllables():
    assert _texts("Công ty TNHH ABC phân phối hàng") == ["Công ty TNHH ABC"]


def test_bodies_counted_after_a_number_are_a_count():
    found = [(fact.value, fact.unit.split()[0]) for fact in find_counts("mời lãnh đạo 18 Trung tâm Y tế, 4 bệnh viện")]
    assert found == [(18, "Trung"), (4, "bệnh")]


def test_a_long_lowercase_run_closed_by_a_known_place_stays_in_the_name():
    text = "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Điện Biên khảo sát"
    assert _texts(text) == ["Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Điện Biên"]
    assert _texts("Bệnh viện Thanh Nhàn khám cho người dân huyện Mê Linh") == ["Bệnh viện Thanh Nhàn"]
