"""Helpers that read what follows or precedes a head once: the letter after a space, the written head."""

from vanban.extractors.facts.orgs import (
    _after_space,
    _letter_after_space,
    _may_end_compound,
    default_org_finder,
)


def test_letter_after_space_is_what_after_space_tests():
    texts = ["UBND các huyện", "Tỉnh ủy viên", "Huyện ủy\n  khóa X", "Huyện ủy,", "Huyện ủy", "Huyện ủy   ", "a \t\nb"]
    for text in texts:
        for pos in range(len(text) + 1):
            letter = _letter_after_space(text, pos)
            for firsts in (frozenset("c"), frozenset("v"), frozenset("kK"), frozenset("b")):
                assert (letter in firsts) == _after_space(text, pos, firsts)


def test_letter_after_space_needs_a_space_first():
    assert _letter_after_space("Huyện ủy viên", len("Huyện ủy")) == "v"
    assert _letter_after_space("Huyện ủyviên", len("Huyện ủy")) == ""
    assert _letter_after_space("Huyện ủy \n viên", len("Huyện ủy")) == "v"


def test_a_written_head_is_read_once_with_its_group():
    reading = default_org_finder()._head_reading("Thường trực", "wrapper")
    assert reading.role_word and not reading.may_end_compound
    assert default_org_finder()._head_reading("BỘ", "department").may_end_compound
    assert not _may_end_compound("UBND", "local")  # -- never the end of a compound
    assert not _may_end_compound("BỘ CÔNG AN", "department")
