import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.extractors.facts.resolve import (
    _ALLOWED_PAIRS,
    KIND_PRIORITY,
    UNRESOLVED_KINDS,
    complete_years,
    document_date,
    resolve_overlaps,
)
from vanban.models.fact import Fact


def test_resolve_overlaps_keeps_the_longest_of_one_kind():
    short = Fact("org", "Huyện ủy", 0, 8)
    long = Fact("org", "Huyện ủy Cao Lộc", 0, 16)
    assert resolve_overlaps([short, long]) == [long]


def test_resolve_overlaps_keeps_a_date_inside_a_docref():
    docref = Fact("docref", "Quyết định số 5/QĐ-UBND ngày 2/3/2020", 0, 37, doc_type="Quyết định", number="5")
    date = Fact("date", "ngày 2/3/2020", 24, 37, value="2020-03-02")
    assert resolve_overlaps([date, docref]) == [docref, date]


def test_resolve_overlaps_drops_a_count_inside_a_date():
    date = Fact("date", "năm 2017", 0, 8, value="2017")
    count = Fact("count", "2017", 4, 8, value=2017, unit="x")
    assert resolve_overlaps([count, date]) == [date]


def _resolved_one_by_one(facts: list[Fact]) -> list[Fact]:
    """The rule stated plainly: in rank order (kind, then longest, then first), a fact stays unless a fact
    already kept overlaps it and is of its kind or of a kind it may not overlap; tasks and people stay."""
    ranked = sorted(
        (f for f in facts if f.kind not in UNRESOLVED_KINDS),
        key=lambda f: (KIND_PRIORITY[f.kind], f.start - f.end, f.start),
    )
    kept: list[Fact] = []
    for fact in ranked:
        if not any(
            k.end > fact.start
            and k.start < fact.end
            and (k.kind == fact.kind or (k.kind, fact.kind) not in _ALLOWED_PAIRS)
            for k in kept
        ):
            kept.append(fact)
    kept += [f for f in facts if f.kind in UNRESOLVED_KINDS]
    return sorted(kept, key=lambda f: (f.start, -f.end, KIND_PRIORITY.get(f.kind, len(KIND_PRIORITY))))


_SPANS = st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda s: (s[0], s[0] + s[1]))
_FACTS = st.lists(
    st.tuples(st.sampled_from(["date", "docref", "percent", "org", "count", "task", "person"]), _SPANS).map(
        lambda f: Fact(f[0], "x" * (f[1][1] - f[1][0]), f[1][0], f[1][1])
    ),
    max_size=14,
)


@given(_FACTS)
def test_resolve_overlaps_keeps_what_the_plain_rule_keeps(facts):
    # -- only the runs of overlapping facts are resolved; the result is the plain rule's, fact for fact
    assert [id(f) for f in resolve_overlaps(facts)] == [id(f) for f in _resolved_one_by_one(facts)]


@pytest.mark.parametrize(
    ("value", "doc_date", "expected"),
    [
        ("--12-20", "2018-12-18", "2018-12-20"),
        ("--07", "2024-07-08", "2024-07"),
        ("--02-30", "2024-03-01", "--02-30"),
        ("--12-20", "2018-01-05", "--12-20"),
        ("--12-20", None, "--12-20"),
        ("2017-06-28", "2018-12-18", "2017-06-28"),
    ],
    ids=["near", "month-only", "invalid-day", "far-after-doc-date", "no-doc-date", "already-full"],
)
def test_complete_years_only_where_sound(value, doc_date, expected):
    fact = Fact("date", "x", 0, 1, value=value)
    assert complete_years([fact], doc_date)[0].value == expected


def test_document_date_prefers_the_header_then_a_dateline():
    dateline = Fact("date", "20/05/2022", 9, 19, value="2022-05-20")
    later = Fact("date", "ngày 2/2/2008", 400, 413, value="2008-02-02")
    assert document_date([dateline, later], "2021-01-01") == "2021-01-01"
    assert document_date([dateline, later]) == "2022-05-20"
    assert document_date([later]) is None
