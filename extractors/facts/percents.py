"""Percentages: `51,47%`, `55,8 %`, `98 phần trăm`, as `percent` facts with a float value.

Example:
    find_percents("đạt 51,47%") → [Fact(kind="percent", text="51,47%", value=51.47, …)]
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from vanban.extractors.facts.counts import read_unit
from vanban.extractors.text.numbers import (
    DIGIT_NUMBER_PATTERN,
    DIGIT_NUMBER_REST_PATTERN,
    NUMBER_WORDS_PATTERN,
    parse_number,
    parse_number_words,
)
from vanban.models.fact import Fact

_FLAGS = regex.IGNORECASE | regex.VERSION0
_PERCENT_SIGN = r"\s?%|\s+phần\s+trăm(?!\w)"

# -- `51,47%`, `55,8 %`, `98 phần trăm`; `91,2%/85%` is two matches. The number's first digit is matched
#    first and a cheap look ahead for a sign tried before the rest: `regex` then skips straight to digits
#    and leaves most at once (the same matches as `(?<![\w.,])(?P<number>…)(?P<sign>…)`)
PERCENT_RE = regex.compile(
    rf"(?P<number>\d(?<![\w.,]\d)(?=[\d.,]*(?:\s?%|\s+phần))(?:{DIGIT_NUMBER_REST_PATTERN}))(?P<sign>{_PERCENT_SIGN})",
    _FLAGS,
)
# -- `năm mươi phần trăm`: words need the words `phần trăm`, never a bare `%`
#    (the words sit in a lookbehind so that the scan looks for `phần trăm` only: fast)
PERCENT_WORDS_RE = regex.compile(rf"(?<=(?<!\w)(?P<number>{NUMBER_WORDS_PATTERN})\s+)phần\s+trăm(?!\w)", _FLAGS)
# -- `5-7%`, `từ 5 đến 7%`: the low end, written without its sign, just before a percent
PERCENT_RANGE_LOW_RE = regex.compile(rf"(?<![\w.,])(?P<number>{DIGIT_NUMBER_PATTERN})\s*(?:[-–]|đến|tới)\s*$", _FLAGS)
_RANGE_WINDOW = 24
# -- the last character of `-`, `–`, `đến`, `tới` in every case `regex` matches it: what must end the text
#    before a percent (trailing spaces aside) for `PERCENT_RANGE_LOW_RE` to be worth running
_RANGE_MARK_ENDS = frozenset("-–nNiIİ")
# -- what the percent is a share of, when the noun follows: `giảm 6% tỷ lệ hộ nghèo`, `15,7% đảng viên`
_OF_LEAD_RE = regex.compile(r"\s+(?:(?:tỷ|tỉ)\s+lệ\s+|tổng\s+số\s+|số\s+)?", _FLAGS)
_OF_WINDOW = 40

# -- `PERCENT_RE` ends at its sign and starts where the digits, dots and commas right before it start: one
#    space at most before `%`, any before `phần`. Those runs, read backwards from each sign, are the only
#    places it can match, so it is tried there and not at every digit of the text; `%` is found by
#    `str.find` and `phần` by a literal search, both far faster than a scan of the digits
_RUN_BEFORE_PERCENT_RE = regex.compile(r"(?r)[\d.,]*\s?")
_RUN_BEFORE_WORDS_RE = regex.compile(r"(?r)[\d.,]*\s+")
_PHAN_RE = regex.compile(r"phần", _FLAGS)


def find_percents(text: str) -> list[Fact]:
    """Find the percentages in a normalised text.

    Example:
        find_percents("tỷ lệ 91,2%/85% tổng số thôn") → values [91.2, 85.0]

    Args:
        text: the document's normalised text (NFC).

    Returns:
        Percent facts in text order; `of` is set when a known noun follows the number.
    """
    facts = list(_iter_percents(text))
    facts.sort(key=lambda f: f.start)
    return facts


def _iter_percents(text: str) -> Iterator[Fact]:
    words = [m.start() for m in _PHAN_RE.finditer(text)]  # -- where `phần trăm` may stand
    for m in _percent_matches(text, words):
        value = parse_number(m["number"])
        if value is None:
            continue
        yield _fact(text, m.start(), m.end(), value, "percents.sign", 0.99)
        low = _range_low(text, m.start())
        if low is not None and (low_value := parse_number(low["number"])) is not None and low_value < value:
            yield _fact(text, low.start("number"), low.end("number"), low_value, "percents.range_low", 0.7)
    # -- `PERCENT_WORDS_RE` matches from a `phần` on (its number sits in a lookbehind): tried there only
    for start in words:
        m = PERCENT_WORDS_RE.match(text, start)
        if m is not None and (value := parse_number_words(m["number"])) is not None:
            yield _fact(text, m.start("number"), m.end(), value, "percents.words", 0.95)


def _percent_matches(text: str, words: list[int]) -> list[regex.Match[str]]:
    """What `PERCENT_RE.finditer(text)` gives, tried only at the start of the number before each sign
    (`words`: where each `phần` starts)."""
    starts = set()
    sign = text.find("%")
    while sign >= 0:
        starts.add(_RUN_BEFORE_PERCENT_RE.match(text, 0, sign).start())
        sign = text.find("%", sign + 1)
    for word in words:
        run = _RUN_BEFORE_WORDS_RE.match(text, 0, word)
        if run is not None:
            starts.add(run.start())
    return [m for start in sorted(starts) if (m := PERCENT_RE.match(text, start)) is not None]


def _range_low(text: str, start: int) -> regex.Match[str] | None:
    """`5-7%`: the low end before the percent at `start`."""
    if text[max(0, start - _RANGE_WINDOW) : start].rstrip()[-1:] not in _RANGE_MARK_ENDS:
        return None  # -- `rstrip` drops every `\s` (and a few more characters): no mark, no low end
    return PERCENT_RANGE_LOW_RE.search(text, max(0, start - _RANGE_WINDOW), start)


def _fact(text: str, start: int, end: int, value: float, extractor: str, confidence: float) -> Fact:
    return Fact(
        kind="percent",
        text=text[start:end],
        start=start,
        end=end,
        value=float(value),
        of=_share_of(text, end),
        extractor=extractor,
        confidence=confidence,
    )


def _share_of(text: str, end: int) -> str | None:
    """The known noun right after the percent (`tỷ lệ`/`tổng số`/`số` skipped), else None."""
    if not text[end : end + 1].isspace():
        return None  # -- `_OF_LEAD_RE` opens with `\s` (every `\s` is `isspace`): `12%,`, `12%)` stop here
    # -- bounded: `regex` may scan to the end of the text for a pattern that fails at `end`
    lead = _OF_LEAD_RE.match(text, end, end + _OF_WINDOW)
    if lead is None:
        return None
    unit = read_unit(text, lead.end(), known_only=True)
    return None if unit is None else text[lead.end() : unit[1]]
