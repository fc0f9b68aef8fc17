"""Each fact's organisation, found where the fact is extracted: an org names itself, others take their sentence's."""

from vanban.extractors.facts.organisations import link_organisations, sentence_organisations
from vanban.extractors.facts.pipeline import extract_facts
from vanban.models.fact import Fact

SENTENCE = "Huyện ủy Cao Lộc kết nạp 45 đảng viên; năm nay Đảng ủy xã Hợp Thành có 12 chi bộ."


def _fact(kind: str, text: str, sentence: str = SENTENCE, **fields) -> Fact:
    start = sentence.index(text)
    return Fact(kind=kind, text=text, start=start, end=start + len(text), sentence=sentence, **fields)


def test_an_org_names_itself_and_a_fact_takes_the_nearest_org_of_its_sentence():
    facts = [
        _fact("org", "Huyện ủy Cao Lộc", normalized="Huyện ủy Cao Lộc"),
        _fact("count", "45 đảng viên", value=45),
        _fact("org", "Đảng ủy xã Hợp Thành"),
        _fact("count", "12 chi bộ", value=12),
    ]
    assert sentence_organisations(facts) == [
        "Huyện ủy Cao Lộc",
        "Huyện ủy Cao Lộc",
        "Đảng ủy xã Hợp Thành",
        "Đảng ủy xã Hợp Thành",
    ]


def test_the_org_before_the_fact_wins_a_tie_and_a_sentence_without_one_gives_none():
    sentence = "Huyện ủy A có 5 chi bộ và Đảng ủy B."  # -- " có " before, " và " after: as near on both sides
    facts = [
        _fact("org", "Huyện ủy A", sentence),
        _fact("count", "5 chi bộ", sentence, value=5),
        _fact("org", "Đảng ủy B", sentence),
    ]
    alone = _fact("count", "7 lớp", "Mở 7 lớp.", value=7)
    assert sentence_organisations([*facts, alone]) == ["Huyện ủy A", "Huyện ủy A", "Đảng ủy B", None]


def test_extracted_facts_carry_their_organisation_and_show_it():
    facts = extract_facts(SENTENCE)
    count = next(fact for fact in facts if fact.kind == "count" and fact.value == 12)
    assert count.organisation is not None and "Hợp Thành" in count.organisation
    assert count.to_dict()["organisation"] == count.organisation
    assert [fact.organisation for fact in link_organisations(list(facts))] == sentence_organisations(facts)
