"""The head scan (`OrgFinder._head_re`) against the plain head pattern, at every place of texts built from
every shipped head in the ways it is written; the small helpers of the place reader."""

import re

from vanban.extractors.facts.orgs import (
    _by_first_two_letters,
    _end_of_words,
    _head_alternatives,
    _head_initials,
    _word_spellings,
    default_org_finder,
    load_org_heads,
)


def _head_texts() -> list[str]:
    heads = load_org_heads()
    texts = []
    for table in heads.values():
        for head in table:
            first, _, rest = head.partition(" ")
            for spelling in _word_spellings(first):
                written = f"{spelling} {rest}".strip()
                for form in (written, written.upper(), written.lower(), written.title()):
                    # -- at a word start, inside a word, before a letter, a line break, punctuation
                    texts.append(f"các {form} tỉnh, x{form} {form}a\n{form}.{form.replace(' ', chr(10), 1)} ({form})")
    return texts


def test_head_scan_matches_as_the_plain_head_pattern_does_at_every_place():
    heads = load_org_heads()
    plain = re.compile(rf"(?<!\w)(?=[{_head_initials(heads)}])(?i:{_head_alternatives(heads)})")
    scan = default_org_finder()._head_re
    for text in _head_texts():
        for pos in range(len(text)):
            found, expected = scan.match(text, pos), plain.match(text, pos)
            assert (found and (found.span(), found.lastgroup)) == (expected and (expected.span(), expected.lastgroup))


def test_head_at_pattern_matches_heads_in_any_case_as_the_plain_pattern_does():
    heads = load_org_heads()
    plain = re.compile(rf"(?<!\w)(?i:{_head_alternatives(heads)})")
    head_at = default_org_finder()._head_at_re
    for text in _head_texts():
        for pos in range(len(text)):
            found, expected = head_at.match(text, pos), plain.match(text, pos)
            assert (found and (found.span(), found.lastgroup)) == (expected and (expected.span(), expected.lastgroup))


def test_by_first_two_letters_keeps_only_the_given_capitals():
    pattern = _by_first_two_letters(["Sở", "Sư đoàn", "Bộ"], "S")
    assert re.match(f"(?:{pattern})", "Sư đoàn").group() == "Sư đoàn"
    assert re.match(f"(?:{pattern})", "Sở").group() == "Sở"
    assert re.match(f"(?:{pattern})", "Bộ") is None  # -- `B` is not among the capitals
    assert re.match(f"(?:{pattern})", "sở") is None  # -- a head is looked for written with a capital


def test_end_of_words_counts_words_over_any_spaces():
    assert _end_of_words("Na Sầm  3\t2", 2) == len("Na Sầm")
    assert _end_of_words("Na Sầm  3\t2", 3) == len("Na Sầm  3")
    assert _end_of_words("Lạng Sơn", 5) == len("Lạng Sơn")
