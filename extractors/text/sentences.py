"""Sentence boundaries good enough to show a reviewer the sentence that holds a fact.

Administrative prose ends sentences with `.`, `!` or `?` before a new capitalised clause, and a
blank line always ends one; a single newline does not (PDF and web copies wrap lines mid-sentence).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

# -- the end of a sentence: `.!?`, at least one space or a newline, then a capital, a digit, a dash or an
# -- opening quote/bracket (`5.000` has no space, so it never ends one); or a blank line. The mark is
# -- matched, not looked behind for: `regex` then skips straight to marks and newlines;
# -- the break itself starts after the mark (`_break_start`)
SENTENCE_END_RE = regex.compile(r"[.!?…](?:[ \t]+|[ \t]*\n[ \t]*)(?=[\p{Lu}\d\-\"“(])|\n[ \t]*\n\s*")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed.

    Example:
        sentence_bounds("Một. Hai ba.") → [(0, 4), (5, 12)]
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END_RE.finditer(text):
        _append_trimmed(bounds, text, start, _break_start(text, match.start()))
        start = match.end()
    _append_trimmed(bounds, text, start, len(text))
    return bounds


def _break_start(text: str, match_start: int) -> int:
    """Where a sentence break matched at `match_start` begins: after the mark that ends the sentence."""
    return match_start if text[match_start] == "\n" else match_start + 1


def _append_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))


class SentenceIndex:
    """Finds the sentence around an offset in O(log n)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._bounds = sentence_bounds(text)
        self._starts = [start for start, _ in self._bounds]

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence(s) covering [start, end): a fact that spans a boundary gets both sentences."""
        if not self._bounds:
            return self._text[start:end]
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        last = max(bisect.bisect_right(self._starts, max(end - 1, start)) - 1, first)
        return self._text[self._bounds[first][0] : max(self._bounds[last][1], end)]

    def sentences_of(self, spans: Iterable[tuple[int, int]]) -> list[str]:
        """`sentence_at` of each (start, end), in one walk over the sentences when the spans come in order
        of start (the pipeline's facts do); a span that starts before the one before it is looked up anew.

        Example:
            SentenceIndex("Một. Hai ba.").sentences_of([(0, 3), (5, 8)]) → ["Một.", "Hai ba."]
        """
        text, bounds, starts = self._text, self._bounds, self._starts
        if not bounds:
            return [text[start:end] for start, end in spans]
        count = len(starts)
        found: list[str] = []
        # -- facts of one sentence share one string: a document's facts then pickle and sit in memory once per sentence
        made: dict[tuple[int, int], str] = {}
        first, previous = 0, 0
        for start, end in spans:
            if start < previous:
                first = max(bisect.bisect_right(starts, start) - 1, 0)
            previous = start
            while first + 1 < count and starts[first + 1] <= start:
                first += 1
            last, reach = first, (end - 1 if end > start else start)
            while last + 1 < count and starts[last + 1] <= reach:
                last += 1
            stop = bounds[last][1]
            key = (bounds[first][0], stop if stop > end else end)
            sentence = made.get(key)
            if sentence is None:
                sentence = made[key] = text[key[0] : key[1]]
            found.append(sentence)
        return found
