"""The Fact dataclass: copies with changes, and the checks a copy must still pass."""

import dataclasses

import pytest

from vanban.models.fact import Fact, fill_fresh

FACT = Fact(kind="count", text="64 chi bộ", start=10, end=19, value=64, unit="chi bộ", extractor="counts.number")


def test_replace_changes_only_the_fields_given():
    copy = dataclasses.replace(FACT, sentence="Có 64 chi bộ.", confidence=0.5)
    assert (copy.sentence, copy.confidence, copy.value, copy.unit) == ("Có 64 chi bộ.", 0.5, 64, "chi bộ")
    assert FACT.sentence is None and FACT.confidence == 1.0


def test_replace_with_nothing_is_an_equal_copy():
    assert dataclasses.replace(FACT) == FACT and dataclasses.replace(FACT) is not FACT


def test_a_copy_is_still_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        dataclasses.replace(FACT, unit="lớp").unit = "x"  # type: ignore[misc]


def test_replace_checks_new_offsets_and_kinds():
    with pytest.raises(ValueError, match="bad offsets"):
        dataclasses.replace(FACT, start=30)
    with pytest.raises(ValueError, match="unknown fact kind"):
        dataclasses.replace(FACT, kind="money")


def test_replace_refuses_a_field_that_does_not_exist():
    with pytest.raises(TypeError, match="colour"):
        dataclasses.replace(FACT, colour="red")


def test_fill_fresh_sets_the_field_in_place():
    fact = Fact(kind="org", text="Huyện ủy Cao Lộc", start=0, end=16, extractor="orgs.committee")
    assert fill_fresh(fact, "entity_id", "abc") is fact
    assert fact.entity_id == "abc" and fact.sentence is None
    assert fill_fresh(fact, "sentence", "Huyện ủy Cao Lộc họp.").sentence == "Huyện ủy Cao Lộc họp."


def test_fill_fresh_refuses_other_fields():
    fact = dataclasses.replace(FACT)
    for name in ("start", "end", "kind", "text", "value"):
        with pytest.raises(TypeError, match="cannot be filled in place"):
            fill_fresh(fact, name, 30)
    assert fact == FACT


def test_to_dict_shows_the_organisation_only_when_known():
    assert "organisation" not in FACT.to_dict()
    assert dataclasses.replace(FACT, organisation="Huyện ủy Cao Lộc").to_dict()["organisation"] == "Huyện ủy Cao Lộc"


def test_a_fact_comes_back_from_pickle_equal_with_every_field():
    import pickle

    fact = Fact(
        kind="count",
        text="từ 3 đến 5 lớp",
        start=4,
        end=18,
        value=(3, 5),
        unit="lớp",
        qualifier=None,
        sentence="Mở từ 3 đến 5 lớp.",
        extractor="counts.range",
        confidence=0.9,
        extra={"cell": 2},
    )
    again = pickle.loads(pickle.dumps(fact, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == fact and again.extra == {"cell": 2} and again.value == (3, 5)
    assert [getattr(again, name) for name in type(fact).__slots__] == [
        getattr(fact, name) for name in type(fact).__slots__
    ]


def test_init_takes_the_fields_in_order_with_their_defaults():
    import inspect

    parameters = list(inspect.signature(Fact).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in dataclasses.fields(Fact)]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters)
    bare = Fact("date", "2020", 0, 4)
    for f in dataclasses.fields(Fact)[4:]:
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        assert getattr(bare, f.name) == default, f.name
    positional = Fact(*[getattr(FACT, f.name) for f in dataclasses.fields(Fact)])
    assert positional == FACT and positional.extra is FACT.extra


def test_each_fact_gets_its_own_extra_dict_and_keeps_an_explicit_one():
    first, second = Fact("org", "Sở", 0, 2), Fact("org", "Sở", 0, 2)
    assert first.extra == {} and first.extra is not second.extra
    assert Fact("org", "Sở", 0, 2, extra=None).extra is None


def test_init_checks_kind_and_offsets_and_the_fact_is_frozen():
    with pytest.raises(ValueError, match="unknown fact kind"):
        Fact("money", "5", 0, 1)
    with pytest.raises(ValueError, match="bad offsets"):
        Fact("count", "5", 3, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Fact("count", "5", 0, 1).text = "6"  # type: ignore[misc]
