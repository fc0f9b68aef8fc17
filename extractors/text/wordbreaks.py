"""Words a web page's markup broke across two lines (`S\\nố: 12`, `B\\nỘ NÔNG NGHIỆP`, `Hà N\\nội`), joined again.

A legal database's page wraps a styled first letter or a link in its own element; its text then
carries a line break inside a Vietnamese syllable. Such a break is told from a real one by the
syllable's shape: the part before it is only an initial consonant cluster (`b`, `ph`, `ngh`), which is
no word of its own, the part after it opens with a vowel, and the two together are written in one
case (`BỘ`, `Số`, `nội`; never `CỦy`). A break after a vowel (`CHÍ\\nNH`) or before a consonant
(`t\\nhông`) cannot be told from two words without a lexicon, and is left alone.

Example:
    join_broken_words("CHÍNH PH\\nỦ\\nS\\nố: 309/2025/NĐ-CP") → "CHÍNH PHỦ\\nSố: 309/2025/NĐ-CP"
"""

from __future__ import annotations

import unicodedata

import regex

# -- initial consonant clusters of Vietnamese syllables (without `gi`, `qu`, which hold a vowel letter)
_ONSETS = "ngh|ng|nh|ch|gh|kh|ph|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWELS = "aăâeêioôơuưy"
_BROKEN_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?P<head>(?i:{_ONSETS}))[ \t]*\n[ \t]*(?P<tail>\p{{L}}+)",
)


def _base(letter: str) -> str:
    return unicodedata.normalize("NFD", letter)[0].lower()


def _one_case(word: str) -> bool:
    return word.isupper() or word.islower() or (word[0].isupper() and word[1:].islower())


def _join(match: regex.Match[str]) -> str:
    head, tail = match.group("head"), match.group("tail")
    if _base(tail[0]) in _VOWELS and _one_case(head + tail):
        return head + tail
    return match.group(0)


def join_broken_words(text: str) -> str:
    """The text with line breaks inside a syllable removed (an onset alone on its line, the rest on the next)."""
    if "\n" not in text:
        return text
    return _BROKEN_RE.sub(_join, text)
