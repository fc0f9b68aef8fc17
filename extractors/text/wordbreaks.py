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
_ONSETS = frozenset("ngh ng nh ch gh kh ph th tr b c d đ g h k l m n p r s t v x".split())
_VOWELS = "aăâeêioôơuưy"
_TAIL_RE = regex.compile(r"[ \t]*(\p{L}+)")


def _base(letter: str) -> str:
    return unicodedata.normalize("NFD", letter)[0].lower()


def _one_case(word: str) -> bool:
    return word.isupper() or word.islower() or (word[0].isupper() and word[1:].islower())


def _head(line: str) -> str | None:
    """The line's last word when it is an onset alone (a word start: after a space or at the line's start)."""
    stripped = line.rstrip(" \t")
    start = max(stripped.rfind(" "), stripped.rfind("\t")) + 1
    word = stripped[start:]
    return word if 0 < len(word) <= 3 and word.lower() in _ONSETS else None


def join_broken_words(text: str) -> str:
    """The text with line breaks inside a syllable removed (an onset alone on its line, the rest on the next)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        head = _head(joined[-1])
        tail = _TAIL_RE.match(line) if head else None
        if head and tail and _base(tail.group(1)[0]) in _VOWELS and _one_case(head + tail.group(1)):
            joined[-1] = joined[-1].rstrip(" \t") + line.lstrip(" \t")
        else:
            joined.append(line)
    return "\n".join(joined)
