import pytest

from vanban.extractors.facts.entities import entity_id, entity_key, link_orgs, named_places, split_name
from vanban.extractors.facts.orgs import find_orgs
from vanban.models.fact import Fact


def _linked(text: str) -> list[Fact]:
    return [fact for fact in link_orgs(find_orgs(text)) if fact.kind == "org"]


@pytest.mark.parametrize(
    ("name", "core", "term", "short_level"),
    [
        ("Ban Thường vụ Huyện ủy khóa XXI", "Ban Thường vụ Huyện ủy", " khóa XXI", "huyện"),
        ("Huyện ủy Tràng Định", "Huyện ủy Tràng Định", "", None),
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh", "", "tỉnh"),
        ("Thành ủy", "Thành ủy", "", "thành phố"),
        ("Đảng bộ xã Tân Lập khóa 5", "Đảng bộ xã Tân Lập", " khóa 5", None),
    ],
    ids=["committee-with-term", "full", "level-ends-name", "city-committee", "numeric-term"],
)
def test_split_name_finds_core_term_and_short_level(name, core, term, short_level):
    parts = split_name(name)
    assert (parts.core, parts.term, parts.short_level) == (core, term, short_level)


def test_named_places_reads_levels_and_committees():
    places = named_places(["Huyện ủy Tràng Định", "Ủy ban nhân dân tỉnh Lạng Sơn", "Đảng bộ xã Đề Thám"])
    assert places == {"huyện": {"Tràng Định"}, "tỉnh": {"Lạng Sơn"}, "xã": {"Đề Thám"}}


def test_short_reference_takes_the_one_place_the_document_names():
    facts = _linked("Huyện ủy Tràng Định họp phiên thường kỳ. Ban Tổ chức Huyện uỷ trình đề án.")
    short = next(fact for fact in facts if fact.text == "Ban Tổ chức Huyện uỷ")
    assert short.normalized == "Ban Tổ chức Huyện ủy Tràng Định"
    assert short.extractor.endswith("+resolved")
    assert short.confidence < 1.0


def test_short_reference_stays_short_when_two_places_share_its_level():
    facts = _linked("Huyện ủy Tràng Định và Huyện ủy Văn Quan phối hợp. Huyện ủy chỉ đạo các chi bộ.")
    short = [fact for fact in facts if fact.text == "Huyện ủy"]
    assert short and all(fact.normalized in (None, "Huyện ủy") for fact in short)
    assert all(fact.entity_id is None for fact in short)


def test_one_body_written_three_ways_gets_one_entity_id():
    facts = _linked(
        "UBND huyện Tràng Định chỉ đạo. Ủy ban nhân dân huyện Tràng Định báo cáo. Uỷ ban nhân dân huyện giao."
    )
    ids = {fact.entity_id for fact in facts}
    assert len(facts) == 3
    assert len(ids) == 1 and None not in ids


def test_different_bodies_get_different_ids():
    facts = _linked("Huyện ủy Tràng Định và Ủy ban nhân dân huyện Tràng Định cùng chỉ đạo.")
    assert len({fact.entity_id for fact in facts}) == 2


def test_entity_key_leaves_out_the_term_and_folds_spelling():
    assert entity_key("Hội đồng nhân dân huyện Tràng Định khóa XX") == entity_key("Hội đồng nhân dân huyện Tràng Định")
    assert entity_key("Đảng uỷ xã Đề Thám") == entity_key("Đảng ủy xã Đề Thám")
    assert entity_key("Huyện ủy") is None


def test_entity_id_is_stable_across_calls_and_documents():
    first = _linked("Tỉnh ủy Lạng Sơn ban hành chỉ thị.")
    second = _linked("Thực hiện chỉ đạo của Tỉnh uỷ Lạng Sơn, huyện đã triển khai.")
    assert first[0].entity_id == second[0].entity_id == entity_id(entity_key("Tỉnh ủy Lạng Sơn"))


def test_link_orgs_leaves_other_kinds_untouched():
    date = Fact(kind="date", text="năm 2024", start=0, end=8, value="2024")
    assert link_orgs([date]) == [date]


def test_fresh_facts_get_their_entity_id_in_place_and_the_same_result():
    text = "HUYỆN ỦY CAO LỘC\nHuyện uỷ chỉ đạo Đảng bộ huyện Cao Lộc"
    copied = link_orgs(find_orgs(text))
    facts = find_orgs(text)
    filled = link_orgs(facts, fresh=True)
    assert [(f.text, f.normalized, f.entity_id, f.extractor) for f in filled] == [
        (f.text, f.normalized, f.entity_id, f.extractor) for f in copied
    ]
    # -- the very objects were filled, the resolved reference with its full name too
    assert all(out is given for out, given in zip(filled, facts))
    assert facts[1].normalized == "Huyện ủy Cao Lộc" and facts[1].extractor.endswith("+resolved")


def test_link_orgs_leaves_the_given_facts_alone_by_default():
    facts = find_orgs("Huyện ủy Cao Lộc họp")
    linked = link_orgs(facts)
    assert linked[0].entity_id is not None and facts[0].entity_id is None
