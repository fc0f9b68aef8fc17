"""DisjointSpans: the kept spans a finder asks before it reads a match."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vanban.extractors.text.spans import DisjointSpans


def test_touching_spans_do_not_overlap_but_shared_characters_do() -> None:
    kept = DisjointSpans()
    kept.add(10, 20)
    kept.add(30, 40)
    assert not kept.overlaps(0, 10) and not kept.overlaps(20, 30) and not kept.overlaps(40, 45)
    assert kept.overlaps(19, 21) and kept.overlaps(25, 31) and kept.overlaps(12, 15) and kept.overlaps(0, 50)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=20), st.integers(0, 70), st.integers(1, 8))
def test_overlaps_agrees_with_checking_every_kept_span(spans, start, length) -> None:
    kept, plain = DisjointSpans(), []
    for a, size in spans:
        if not kept.overlaps(a, a + size):
            kept.add(a, a + size)
            plain.append((a, a + size))
    assert kept.overlaps(start, start + length) == any(a < start + length and start < b for a, b in plain)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=20))
def test_add_if_free_keeps_what_overlaps_and_add_would_keep(spans) -> None:
    kept, checked = DisjointSpans(), DisjointSpans()
    for a, size in spans:
        free = not checked.overlaps(a, a + size)
        if free:
            checked.add(a, a + size)
        assert kept.add_if_free(a, a + size) == free
    assert (kept.starts, kept.ends) == (checked.starts, checked.ends)
