"""The cheap gates and merged patterns of counts.py find what the patterns and tests they stand for find."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractors.facts.counts import _COUNT_BEFORE_UNIT_RE, COUNT_RE, _may_open_unit

_COUNT_PIECES = ["5", "1.000", "12,5", "/", "-", "–", "đến", "TỚI", " ", "  ", "\t", "\n", "\n\n", ".", ",", "%", ")"]
_COUNT_PIECES += ["x", "Đ", "đảng viên", "ǅ", "\u0300", "_", "ngày", ":"]


def test_every_letter_for_may_open_unit_is_a_unicode_letter_for_regex():
    # -- `_COUNT_BEFORE_UNIT_RE` keeps a match before `\p{L}`; `_may_open_unit` (the stricter test) before `isalpha`
    letter = regex.compile(r"\p{L}")
    assert all(letter.fullmatch(chr(c)) for c in range(0x110000) if chr(c).isalpha())


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_COUNT_PIECES), max_size=12).map("".join))
def test_count_before_unit_re_finds_the_count_re_matches_a_unit_may_follow(text):
    def groups(m):
        return m.span(), m.span("n1"), m.spans("more"), m.span("n2")

    expected = [groups(m) for m in COUNT_RE.finditer(text) if _may_open_unit(text, m.end())]
    assert [groups(m) for m in _COUNT_BEFORE_UNIT_RE.finditer(text) if _may_open_unit(text, m.end())] == expected
