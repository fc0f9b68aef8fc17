"""Person facts in the text: honorifics, posts after and before the name, lists, entity and person ids."""

import pytest

from vanban.extractors.facts.people import (
    POST_HEAD_RE,
    POST_HEADS,
    _anchors,
    _may_open_head,
    find_people,
    person_id,
)
from vanban.extractors.facts.pipeline import extract_facts


def people_of(text: str) -> list:
    return [f for f in extract_facts(text) if f.kind == "person"]


def only_person(text: str):
    people = people_of(text)
    assert len(people) == 1, [p.text for p in people]
    return people[0]


@pytest.mark.parametrize(
    ("text", "name", "posts", "honorific"),
    [
        (
            "Dự hội nghị có đồng chí Nguyễn Văn Hải, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy.",
            "Nguyễn Văn Hải",
            ("Ủy viên Ban Thường vụ", "Trưởng Ban Tổ chức Huyện ủy"),
            "đồng chí",
        ),
        (
            "Ông Trần Quốc Bảo, Chủ tịch UBND xã Tân Thanh cho biết: xã đã làm xong đường.",
            "Trần Quốc Bảo",
            ("Chủ tịch UBND xã Tân Thanh",),
            "ông",
        ),
        ("Bà Lò Thị Vân, Phó Giám đốc Sở Y tế, phát biểu.", "Lò Thị Vân", ("Phó Giám đốc Sở Y tế",), "bà"),
        (
            "Đ/c Ma Văn Sinh (Phó Chủ tịch UBND xã Hồng Phong) báo cáo.",
            "Ma Văn Sinh",
            ("Phó Chủ tịch UBND xã Hồng Phong",),
            "đồng chí",
        ),
        (
            "2. Đồng chí Bế Thị Hoa, Huyện ủy viên, Chánh Văn phòng Huyện ủy - Tổ phó;",
            "Bế Thị Hoa",
            ("Huyện ủy viên", "Chánh Văn phòng Huyện ủy", "Tổ phó"),
            "đồng chí",
        ),
        (
            "đồng chí Bí thư Huyện ủy Đình Lập Mông Văn Tám dự.",
            "Mông Văn Tám",
            ("Bí thư Huyện ủy Đình Lập",),
            "đồng chí",
        ),
    ],
    ids=["honorific-posts", "ong", "ba", "dc-parentheses", "list-dash-role", "post-between"],
)
def test_find_people_reads_the_name_its_posts_and_honorific(text, name, posts, honorific):
    person = only_person(text)
    assert (person.name, person.posts, person.honorific) == (name, posts, honorific)
    assert text[person.start : person.end] == person.text


@pytest.mark.parametrize(
    ("text", "name", "post"),
    [
        ("Phó Chủ tịch UBND huyện Đinh Văn Khải chủ trì hội nghị.", "Đinh Văn Khải", "Phó Chủ tịch UBND huyện"),
        ("Tổng Bí thư Tô Lâm dự hội nghị.", "Tô Lâm", "Tổng Bí thư"),
        ("Giám đốc Sở Nội vụ Lê Thị Hà ký văn bản.", "Lê Thị Hà", "Giám đốc Sở Nội vụ"),
        (
            "Chủ tịch UBND huyện Lộc Bình Hoàng Văn Thượng phát biểu.",
            "Hoàng Văn Thượng",
            "Chủ tịch UBND huyện Lộc Bình",
        ),
        ("Chủ tịch UBND tỉnh Hồ Tiến Thiệu ký quyết định.", "Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh"),
    ],
    ids=["place-opens-name", "no-body", "department", "place-then-name", "one-syllable-place-opens-name"],
)
def test_a_post_before_the_name_is_its_post(text, name, post):
    person = only_person(text)
    assert (person.name, person.posts, person.honorific) == (name, (post,), None)


def test_a_post_before_the_comma_and_honorific_is_the_persons():
    person = only_person("Phát biểu tại hội nghị, Phó Chủ tịch UBND huyện, ông Đinh Văn Khải đề nghị các xã.")
    assert (person.name, person.posts, person.honorific) == ("Đinh Văn Khải", ("Phó Chủ tịch UBND huyện",), "ông")
    assert person.text == "Phó Chủ tịch UBND huyện, ông Đinh Văn Khải"


def test_a_name_in_capitals_after_dong_chi_in_capitals():
    person = only_person("THÔNG BÁO KẾT LUẬN CỦA ĐỒNG CHÍ LÃ VĂN THANH, BÍ THƯ HUYỆN ỦY, TẠI BUỔI LÀM VIỆC")
    assert (person.name, person.honorific) == ("LÃ VĂN THANH", "đồng chí")
    assert people_of("KẾT LUẬN CỦA ĐỒNG CHÍ BÍ THƯ HUYỆN ỦY TẠI HỘI NGHỊ") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Thượng tá Tòng Văn Lự, Phó Chỉ huy trưởng Ban Chỉ huy Quân sự huyện, phát biểu.", "Tòng Văn Lự"),
        ("Anh Phan Văn Tâm, Bí thư Chi đoàn thôn, chia sẻ kinh nghiệm.", "Phan Văn Tâm"),
        ("Chị Lê Thị Mai, hội viên phụ nữ, đã góp công.", "Lê Thị Mai"),
        ("Theo bác sĩ Hà Thị Lan, dịch đã được khống chế.", "Hà Thị Lan"),
        ("PGS.TS Nông Văn Minh trình bày tham luận.", "Nông Văn Minh"),
    ],
    ids=["rank", "anh", "chi", "bac-si", "pgs-ts"],
)
def test_a_rank_a_title_or_anh_chi_vouches_for_a_name_without_an_honorific(text, name):
    person = only_person(text)
    assert (person.name, person.honorific) == (name, None)


def test_a_given_name_that_is_a_one_word_head_stays_in_the_name():
    assert only_person("Đồng chí Lê Văn Chánh, Phó Chủ tịch UBND xã, phát biểu.").name == "Lê Văn Chánh"


def test_a_post_right_after_the_name_without_a_comma():
    person = only_person("Ông Ngô Văn Hải Chủ tịch UBND xã dự họp.")
    assert (person.name, person.posts) == ("Ngô Văn Hải", ("Chủ tịch UBND xã",))


def test_a_former_post_keeps_its_nguyen():
    assert only_person("Ông Mạc Văn Lư, nguyên Bí thư Huyện ủy, dự lễ.").posts == ("nguyên Bí thư Huyện ủy",)


def test_each_name_after_cac_dong_chi_is_a_person():
    text = "Dự họp có các đồng chí Mã Văn Tú, Phó Bí thư Huyện ủy; Hứa Thị Xuân và Tô Văn Định."
    assert [(p.name, p.posts, p.honorific) for p in people_of(text)] == [
        ("Mã Văn Tú", ("Phó Bí thư Huyện ủy",), "đồng chí"),
        ("Hứa Thị Xuân", (), "đồng chí"),
        ("Tô Văn Định", (), "đồng chí"),
    ]


def test_the_names_after_cac_dong_chi_and_a_colon_are_people():
    text = (
        "Cùng dự có các đồng chí: Lục Thị Hạnh, Trưởng Ban Tổ chức Huyện ủy; Khổng Văn Vinh, Chánh Văn phòng Huyện ủy."
    )
    assert [(p.name, p.posts) for p in people_of(text)] == [
        ("Lục Thị Hạnh", ("Trưởng Ban Tổ chức Huyện ủy",)),
        ("Khổng Văn Vinh", ("Chánh Văn phòng Huyện ủy",)),
    ]


def test_the_org_before_a_name_does_not_swallow_it():
    facts = extract_facts("Phó Chủ tịch UBND huyện Đinh Văn Khải chủ trì hội nghị.")
    assert [f.text for f in facts if f.kind == "org"] == ["UBND huyện"]


@pytest.mark.parametrize(
    "text",
    [
        "Bí thư Huyện ủy chỉ đạo các xã rà soát.",
        "Đồng chí Bí thư Huyện ủy dự và phát biểu.",
        "Chủ tịch UBND huyện Cao Lộc yêu cầu các xã báo cáo.",
        "Bà con Hà Giang phấn khởi đón Tết.",
        "Tốc độ tăng trưởng Kinh Tế đạt 7%.",
        "Các đồng chí Ủy viên Ban Thường vụ Huyện ủy dự họp.",
    ],
    ids=["post-alone", "honorific-post-alone", "post-place", "ba-con", "tang-truong", "plural-post"],
)
def test_a_post_with_no_name_is_no_person(text):
    assert people_of(text) == []


def test_a_person_keeps_the_orgs_inside_it():
    facts = extract_facts("Đồng chí Lý Văn Quân, Trưởng Ban Tuyên giáo Huyện ủy Văn Quan, phát biểu.")
    person = next(f for f in facts if f.kind == "person")
    org = next(f for f in facts if f.kind == "org")
    assert person.start < org.start and org.end <= person.end
    assert person.post_entity_ids == (org.entity_id,) and org.entity_id is not None


def test_person_id_joins_one_person_across_documents_by_name_and_body():
    first = only_person("Đồng chí Lý Văn Quân, Trưởng Ban Tuyên giáo Huyện ủy Văn Quan, phát biểu.")
    again = only_person("Trưởng Ban Tuyên giáo Huyện ủy Văn Quan Lý Văn Quân kết luận hội nghị.")
    namesake = only_person("Ông Lý Văn Quân, Giám đốc Sở Y tế, trả lời.")
    assert again.person_id == first.person_id == person_id("LÝ VĂN  QUÂN", first.post_entity_ids[0])
    assert namesake.person_id != first.person_id


def test_person_id_takes_the_body_of_a_post_before_a_committee_seat():
    person = only_person(
        "Đồng chí Vũ Văn Hòa, Ủy viên Ban Thường vụ Huyện ủy Văn Quan, Trưởng Ban Tổ chức Huyện ủy Văn Quan."
    )
    seat, post = person.post_entity_ids
    assert seat is not None and post is not None and seat != post
    assert person.person_id == person_id("Vũ Văn Hòa", post)


def test_find_people_without_orgs_reads_honorifics():
    found = find_people("Ông Vàng A Dình, Trưởng thôn Tả Phìn, cho biết.")
    assert [(f.name, f.posts) for f in found] == [("Vàng A Dình", ("Trưởng thôn Tả Phìn",))]


def test_every_head_opens_with_a_word_of_head_first_words():
    for head in (*POST_HEADS, "nguyên Bí thư", "quyền Chủ tịch", "Uỷ viên", "Huyện uỷ viên", "PHÓ CHỦ TỊCH"):
        match = POST_HEAD_RE.match(head)
        assert match is not None and _may_open_head(head.split()[0]), head


@pytest.mark.parametrize("word", ["Nguyễn", "Lương", "Tấn", "Hải", "Văn"])
def test_a_family_or_given_name_opens_no_head(word):
    assert not _may_open_head(word)


def test_a_word_with_an_apostrophe_is_tried_as_a_head():
    assert _may_open_head("Trưởng'") and POST_HEAD_RE.match("Trưởng'") is not None


def test_lowercase_ong_and_ba_count_after_a_space_and_dong_chi_where_a_word_starts():
    text = "ông Lò Văn A; gặp ông Hà Văn B, xông Đỗ Văn C, (bà Vi Thị E) và (đồng chí Mã Văn D"
    assert _anchors(text) == ([text.index("ông Hà"), text.index("đồng chí")], [])
