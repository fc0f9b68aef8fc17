"""How faithfully a reader gives a sample's known text: the character error rate.

The rate is the Levenshtein distance between the known text and the read text over the length of
the known text, both with their whitespace collapsed to single spaces: line breaks, tabs and block
separators differ by format and carry no letters. 0.0 is a perfect reading; a dropped, doubled or
misread character costs one edit, a swapped pair of blocks costs about twice the shorter one.

Example:
    character_error_rate("Đảng bộ huyện", "Đảng bộ\\nhuyện") → 0.0
    character_error_rate("Đảng bộ huyện", "Ðảng bộ huyên") → 0.1538…  (2 edits in 13 characters)
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

WHITESPACE_RE = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Every run of whitespace → one space, none at the ends."""
    return WHITESPACE_RE.sub(" ", text).strip()


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edits to turn `hypothesis` into `reference`, per character of `reference` (whitespace collapsed)."""
    reference, hypothesis = collapse_whitespace(reference), collapse_whitespace(hypothesis)
    if not reference:
        return 0.0 if not hypothesis else 1.0
    return Levenshtein.distance(reference, hypothesis) / len(reference)
