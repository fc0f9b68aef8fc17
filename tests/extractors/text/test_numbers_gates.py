"""The cheap string tests of numbers.py say no only where the patterns they stand before fail."""

from __future__ import annotations

import regex

from vanban.extractors.text.numbers import _START_WORDS, _starts_of_words


def test_every_isalpha_letter_is_a_word_character_for_regex():
    # -- `_starts_of_words` leaves out a word followed by an `isalpha` letter: `(?!\w)` or `[ \t]+` must follow it
    word = regex.compile(r"\w")
    assert all(word.fullmatch(chr(c)) for c in range(0x110000) if chr(c).isalpha())


def test_starts_of_words_leaves_out_only_words_a_letter_follows():
    text = "ba ban hai khai chín chính năm, một\tmười"
    found = sorted(_starts_of_words(text, _START_WORDS))
    assert [text[at : at + 4] for at in found] == ["ba b", "hai ", "hai ", "chín", "năm,", "một\t", "mười"]
