"""Calendar dates written the Vietnamese way, as `date` facts with an ISO value.

Example:
    find_dates("ngày 28 tháng 6 năm 2017")
    → [Fact(kind="date", text="ngày 28 tháng 6 năm 2017", value="2017-06-28", …)]

The value has the precision written: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, and `--MM-DD` / `--MM` for a
day or month whose year is nowhere to be found (see `facts.md`). Each rule below is one regex; the
rules run in order of priority and a later rule never takes text an earlier one has claimed, so
`ngày 15 tháng 10 năm 2020` is one date and not also a `năm 2020`.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from vanban.extractors.text.spans import DisjointSpans
from vanban.models.fact import Fact

_FLAGS = regex.IGNORECASE | regex.VERSION0

_MONTH = r"\d{1,2}(?![\d])"
# -- what follows a day number in a range or a day and month (`12 - 15`, `15/3`, `12 tháng 10`, `12 đến`).
#    A month or a day follows a separator or `tháng`: one or two digits, never more (as in `1.500` or
#    `30/2020/NĐ-CP`) nor a word (`6 tháng đầu năm`), which turns most thousands, signs and counts away
_DAY_THEN_NUMBER = rf"\s*[/.–-]\s*{_MONTH}"
_DAY_THEN_MONTH_WORD = rf"\s+tháng\s+{_MONTH}"
_AFTER_DAY = rf"(?:{_DAY_THEN_NUMBER}|{_DAY_THEN_MONTH_WORD}|\s*đến|\s*tới)"
_YEAR = r"\d{4}(?![\d])"
# -- after a year: not the year part of a document sign (`30/2020/NĐ-CP`, `12/05/2020-TT`)
_NOT_SIGN = r"(?!\s*/\s*\w)"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
# -- `sáng ngày 09/6`, `Chiều 18/12`: a part of the day names the date that follows
_DAYTIME = r"(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|hôm)"

# -- Optional words before a number (`ngày`, `Thứ sáu,`, `từ`) sit in a capturing lookbehind so that
#    every pattern starts at a digit: the engine then skips straight to digits, rather than
#    trying the optional words at every character. `_leading_number` writes the number so.


def _leading_number(name: str, *, before: str, next_: str, digits: str = r"\d?", not_after: str = r"[\d/.,]") -> str:
    r"""A number that starts the match, as group `name`: a digit first (so `regex` skips straight to
    digits), then cheap checks, then the costly lookbehind, then the rest of the number.

    Equivalent to `(?<!{not_after})(?<={before})(?P<name>\d{digits})` followed by what `next_` looks
    for (`next_` is only a necessary look ahead, from after the first digit, tried before `before`):
    the first digit is matched, the checks of the position before it look behind over it.

    Args:
        name: the group.
        before: the capturing lookbehind's body (what may stand before the number).
        next_: a lookahead from after the first digit that every match passes.
        digits: the rest of the number after its first digit.
        not_after: a character class the number may not follow.
    """
    return rf"(?P<{name}>\d(?<!{not_after}\d)(?={next_})(?<={before}\d){digits})"


# -- what stands between the two years of a period (`2021-2025`, `2021 đến 2025`)
_YEARS_TO = r"(?:[-–]|đến|tới)"
# -- where a rule that opens with a number can match: a number's first digit, then a date's separator or
#    word (a day), or four digits and a period's dash or word (a period's first year). Those rules open
#    with `_leading_number`, whose `not_after` and `next_` ask for no less, so they can match nowhere
#    else: the starts are found in one pass and each rule is tried only at its own (`_matches_from`),
#    rather than each rule trying every digit of the text (a text has a dozen digits per start). A day
#    followed by a number (`15/3`) or by `tháng` is told apart: only there can a numeric date, or a
#    date in words, start.
_NUMBER_START_RE = regex.compile(
    r"\d(?<!\d\d)(?:(?<![/.,]\d)(?=\d?"
    rf"(?:(?P<then_number>{_DAY_THEN_NUMBER})|(?P<then_month_word>{_DAY_THEN_MONTH_WORD})|\s*đến|\s*tới))"
    rf"|(?P<period>(?=\d{{3}}\s*{_YEARS_TO})))",
    _FLAGS,
)


class _Starts(NamedTuple):
    """Where the rules that open with a number can match, in text order."""

    days: list[int]
    numeric_days: list[int]  # -- a day then a number: `15/3`, `7-4-2015`
    worded_days: list[int]  # -- a day then `tháng`
    periods: list[int]


def _number_starts(text: str) -> _Starts:
    starts = _Starts([], [], [], [])
    for match in _NUMBER_START_RE.finditer(text):
        # -- the group of the branch that matched; None for a day before `đến` or `tới`
        start, kind = match.start(), match.lastgroup
        if kind == "period":
            starts.periods.append(start)
            continue
        starts.days.append(start)
        if kind == "then_number":
            starts.numeric_days.append(start)
        elif kind == "then_month_word":
            starts.worded_days.append(start)
    return starts


# -- `từ ngày 12 đến ngày 15 tháng 10 năm 2020`, `(18 - 20/12)`, `từ 15/3 đến 20/4/2021`:
#    the first end borrows month and year from the second
DAY_RANGE_RE = regex.compile(
    _leading_number(
        "d1",
        before=r"(?P<lead>(?<!\w)từ\s+|\(\s*)?(?P<day_word1>(?<!\w)ngày\s+)?",
        next_=rf"\d?{_AFTER_DAY}",
    )
    + rf"(?:\s*/\s*(?P<m1>{_MONTH})|\s+tháng\s+(?P<m1w>{_MONTH}))?"
    rf"\s*(?:[-–]|đến|tới)\s*(?P<day_word2>ngày\s+)?(?P<d2>\d{{1,2}})"
    rf"(?:\s*/\s*(?P<m2>{_MONTH})(?:\s*/\s*(?P<y2>{_YEAR}))?"
    rf"|\s+tháng\s+(?P<m2w>{_MONTH})(?:\s*,?\s+năm\s+(?P<y2w>{_YEAR}))?)",
    _FLAGS,
)
# -- `ngày 28 tháng 6 năm 2017`, also across a line break (`ngày\n24 tháng 9 năm 2018`)
FULL_WORDS_RE = regex.compile(
    _leading_number("d", before=r"(?P<pre>(?<!\w)ngày\s+)?", next_=r"\d?\s+tháng")
    + rf"\s+tháng\s+(?P<m>{_MONTH})\s*,?\s+năm\s+(?P<y>{_YEAR})",
    _FLAGS,
)
# -- `ngày 2/2/2008`, `02/02/2008`, `7-4-2015`, `Thứ sáu, 20/05/2022`; one separator throughout
NUMERIC_DMY_RE = regex.compile(
    _leading_number(
        "d", before=rf"(?P<pre>(?:(?<!\w){_WEEKDAY}\s*,?\s*)?(?:(?<!\w)ngày\s+)?)", next_=r"\d?(?:\s*/|[-.]\d)"
    )
    + rf"(?:\s*/\s*(?P<m>{_MONTH})\s*/\s*|-(?P<m>{_MONTH})-|\.(?P<m>{_MONTH})\.)(?P<y>{_YEAR}){_NOT_SIGN}",
    _FLAGS,
)
# -- `tháng 9/2018`, `tháng 9 năm 2018`, and month lists `tháng 4, 5/2010`, `tháng 4 và tháng 5/2010`
MONTH_YEAR_RE = regex.compile(
    rf"(?<!\w)tháng\s+(?P<m>{_MONTH})"
    rf"(?P<more>(?:\s*(?:,|và|-|–|đến|tới)\s*(?:tháng\s+)?\d{{1,2}}(?!\d))*)"
    rf"(?:\s*[/-]\s*|\s*,?\s+năm\s+)(?P<y>{_YEAR}){_NOT_SIGN}",
    _FLAGS,
)
_LIST_MONTH_RE = regex.compile(r"(?:tháng\s+)?\d{1,2}", _FLAGS)
# -- `quý II/2023`, `quý I năm 2010`: the quarter is not an ISO precision, the year is
QUARTER_RE = regex.compile(
    rf"(?<!\w)quý\s+(?:IV|I{{1,3}}|[1-4])(?!\w)(?:\s*[/-]\s*|\s*,?\s+năm\s+)(?P<y>{_YEAR}){_NOT_SIGN}",
    _FLAGS,
)
# -- bare years form a date only inside a named period: `giai đoạn 2021-2025`, `nhiệm kỳ 2020 - 2025`
_PERIOD_WORDS = (
    r"giai\s+đoạn|nhiệm\s+kỳ|thời\s+kỳ|niên\s+kh(?:óa|oá)|niên\s+độ|năm\s+học|kh(?:óa|oá)|"
    r"kế\s+hoạch|chiến\s+lược|quy\s+hoạch|đề\s+án|chương\s+trình"
)
PERIOD_RANGE_RE = regex.compile(
    _leading_number(
        "y1",
        before=rf"(?<!\w)(?:{_PERIOD_WORDS})\s+(?:từ\s+)?(?:năm\s+)?",
        next_=rf"\d{{3}}\s*{_YEARS_TO}",
        digits=r"\d{3}",
        not_after=r"\d",
    )
    + rf"\s*{_YEARS_TO}\s*(?:hết\s+)?(?:năm\s+)?(?P<y2>{_YEAR}){_NOT_SIGN}",
    _FLAGS,
)
# -- `(2021 - 2025)`, typically after a duration such as `Kế hoạch 5 năm`
PAREN_RANGE_RE = regex.compile(r"\(\s*(?P<y1>\d{4})\s*[-–]\s*(?P<y2>\d{4})\s*\)", _FLAGS)
# -- `năm 2011`, `NĂM 2015`, and what follows in a list or range: `từ năm 2008 đến hết năm 2017`
YEAR_RE = regex.compile(
    rf"(?<!\w)năm\s+(?P<y>{_YEAR})"
    rf"(?P<more>(?:\s*(?:,|và|hoặc|-|–|đến|tới)\s*(?:hết\s+)?(?:năm\s+)?\d{{4}}(?![\d/]))*){_NOT_SIGN}",
    _FLAGS,
)
_LIST_YEAR_RE = regex.compile(r"(?:năm\s+)?(\d{4})", _FLAGS)
# -- a day and month with no year: `ngày 17-11`, `sáng ngày 09/6`, `Chiều 18/12`, `ngày 12 tháng 10`
DAY_MONTH_RE = regex.compile(
    _leading_number(
        "d",
        before=rf"(?P<pre>(?:(?<!\w)(?P<weekday>{_WEEKDAY})\s*,?\s*|(?<!\w){_DAYTIME}\s+)?(?:(?<!\w)(?P<day_word>ngày)\s+)?)",
        next_=rf"\d?{_AFTER_DAY}",
    )
    + rf"(?:\s*[/-]\s*|\s+tháng\s+)(?P<m>{_MONTH})(?![/.,-]?\d)",
    _FLAGS,
)
# -- `tháng 6` alone: June, year unknown; weakest rule
#    (`mỗi tháng 2 lần` is twice a month, not February)
MONTH_RE = regex.compile(
    rf"(?<!(?:mỗi|hằng|hàng|từng)\s+)(?<!\w)tháng\s+(?P<m>{_MONTH})(?!\s*[/.-]\s*\d|\s+lần)", _FLAGS
)

_SENTENCE_BREAK_RE = regex.compile(r"(?<=[.!?…])\s+|\n[ \t]*\n")
_SENTENCE_WINDOW = 600
_NUMBER_BEFORE_RE = regex.compile(r"\d\s+$")

_MIN_YEAR, _MAX_YEAR = 1000, 2199
# -- days in each month of a common year (`calendar.monthrange` also works out a weekday: slower)
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_PERIOD_MIN_YEAR, _PERIOD_MAX_YEAR = 1900, 2100
_MAX_PERIOD_YEARS = 50


@dataclass(slots=True)
class _Date:
    """A date before it becomes a Fact; `year` None means not written (yet)."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    rule: str = ""
    confidence: float = 1.0
    # -- a range end (`2020 - 2025`) does not give its year to other dates in the sentence
    period_end: bool = False


def find_dates(text: str) -> list[Fact]:
    """Find the dates in a normalised text.

    Example:
        find_dates("từ năm 2008 đến hết năm 2017") → values ["2008", "2017"]
        find_dates("sáng ngày 09/6") → value "--06-09"; "Ngày 5/6, tổng kết năm 2023" → "2023-06-05", "2023"

    A day or month written without a year takes the one year its sentence states; the document's own
    year is given later, by `resolve.complete_years`, where the pipeline knows the document's date.

    Args:
        text: the document's normalised text (NFC); offsets of the facts index it.

    Returns:
        Date facts in text order.
    """
    dates = _claim(text)
    _take_sentence_years(text, dates)
    return [_to_fact(text, d) for d in dates]


def _claim(text: str) -> list[_Date]:
    """Run the rules by priority; a match whose span overlaps an accepted one is dropped."""
    # -- a rule asks about the part of a match its span surely covers before reading it: a `năm 2020` inside
    #    `ngày 5 tháng 3 năm 2020` (claimed already) would be dropped anyway, and a third of later matches are
    claimed = DisjointSpans()
    accepted: list[_Date] = []
    starts = _number_starts(text)
    for rule in _RULES:
        for (start, end), group in rule(text, claimed, starts):
            if claimed.overlaps(start, end):
                continue
            claimed.add(start, end)
            accepted.extend(group)
    accepted.sort(key=lambda d: d.start)
    return accepted


_Group = tuple[tuple[int, int], list[_Date]]


def _matches_from(pattern: regex.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[regex.Match[str]]:
    """What `pattern.finditer(text)` finds, for a pattern that can match only at one of `starts` (ascending)."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            yield match
            end = match.end()


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    # -- with no year written, 29/2 may still be a real date
    leap = year is None or calendar.isleap(year)
    last = 29 if month == 2 and leap else _DAYS_IN_MONTH[month]
    return 1 <= day <= last


def _iter_day_ranges(text: str, _claimed: DisjointSpans, starts: _Starts) -> Iterator[_Group]:
    for m in _matches_from(DAY_RANGE_RE, text, starts.days):
        if not (m["lead"] or m["day_word1"]):
            continue
        d1, d2 = int(m["d1"]), int(m["d2"])
        m1 = m["m1"] or m["m1w"]
        m2 = int(m["m2"] or m["m2w"])
        y2_text = m["y2"] or m["y2w"]
        y2 = int(y2_text) if y2_text else None
        month1 = int(m1) if m1 else m2
        if not (_valid(y2, month1, d1) and _valid(y2, m2, d2)):
            continue
        if (month1, d1) >= (m2, d2):
            continue
        first_start = m.start("day_word1") if m["day_word1"] else m.start("d1")
        first_end = max(m.end("d1"), m.end("m1"), m.end("m1w"))
        second_start = m.start("day_word2") if m["day_word2"] else m.start("d2")
        first = _Date(first_start, first_end, y2, month1, d1, "day_range", 0.85 if not m1 else 0.9)
        second = _Date(second_start, m.end(), y2, m2, d2, "day_range", 0.9)
        yield (first_start, m.end()), [first, second]


def _iter_full_words(text: str, claimed: DisjointSpans, starts: _Starts) -> Iterator[_Group]:
    for m in _matches_from(FULL_WORDS_RE, text, starts.worded_days):
        if claimed.overlaps(m.start(), m.end()):
            continue
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        if _valid(year, month, day):
            start = m.start("pre") if m["pre"] else m.start()
            yield (start, m.end()), [_Date(start, m.end(), year, month, day, "full_words", 0.99)]


def _iter_numeric(text: str, _claimed: DisjointSpans, starts: _Starts) -> Iterator[_Group]:
    for m in _matches_from(NUMERIC_DMY_RE, text, starts.numeric_days):
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        if _valid(year, month, day):
            confidence = 0.95 if "/" in m[0] else 0.9
            start = m.start("pre")
            yield (start, m.end()), [_Date(start, m.end(), year, month, day, "numeric", confidence)]


def _iter_month_years(text: str, claimed: DisjointSpans, _starts: _Starts) -> Iterator[_Group]:
    for m in MONTH_YEAR_RE.finditer(text):
        if claimed.overlaps(m.start(), m.end()):
            continue
        year = int(m["y"])
        months = [(m.start(), m.end("m"), int(m["m"]))]
        more_start = m.start("more")
        for item in _LIST_MONTH_RE.finditer(m["more"]):
            number = int(item[0].rsplit(None, 1)[-1])
            months.append((more_start + item.start(), more_start + item.end(), number))
        if not all(_valid(year, month, None) for _, _, month in months):
            continue
        last_start = months[-1][0]
        months[-1] = (last_start, m.end(), months[-1][2])
        rule = "month_year" if len(months) == 1 else "month_list"
        yield m.span(), [_Date(s, e, year, month, None, rule, 0.95) for s, e, month in months]


def _iter_quarters(text: str, _claimed: DisjointSpans, _starts: _Starts) -> Iterator[_Group]:
    for m in QUARTER_RE.finditer(text):
        year = int(m["y"])
        if _valid(year, None, None):
            yield m.span(), [_Date(m.start(), m.end(), year, rule="quarter", confidence=0.9)]


def _period(y1: int, y2: int) -> bool:
    return _PERIOD_MIN_YEAR <= y1 < y2 <= _PERIOD_MAX_YEAR and y2 - y1 <= _MAX_PERIOD_YEARS


def _iter_period_ranges(text: str, _claimed: DisjointSpans, starts: _Starts) -> Iterator[_Group]:
    periods = _matches_from(PERIOD_RANGE_RE, text, starts.periods)
    for matches, rule, confidence in ((periods, "period", 0.85), (PAREN_RANGE_RE.finditer(text), "paren_period", 0.75)):
        for m in matches:
            y1, y2 = int(m["y1"]), int(m["y2"])
            if not _period(y1, y2):
                continue
            ends = [
                _Date(m.start("y1"), m.end("y1"), y1, rule=rule, confidence=confidence, period_end=True),
                _Date(m.start("y2"), m.end("y2"), y2, rule=rule, confidence=confidence, period_end=True),
            ]
            yield (m.start("y1"), m.end("y2")), ends


def _iter_years(text: str, claimed: DisjointSpans, _starts: _Starts) -> Iterator[_Group]:
    for m in YEAR_RE.finditer(text):
        if claimed.overlaps(m.start("y"), m.end("y")):
            continue
        first = int(m["y"])
        if not _valid(first, None, None):
            continue
        # -- `Kế hoạch 5 năm 2021-2025`: `năm` belongs to the count `5 năm`, the date is the year
        start = m.start("y") if _NUMBER_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()) else m.start()
        years = [(start, m.end("y"), first)]
        if m["more"]:  # -- the list or range goes on (one year in twenty)
            more_start = m.start("more")
            for item in _LIST_YEAR_RE.finditer(m["more"]):
                year = int(item[1])
                if not _period(years[-1][2], year):
                    break
                years.append((more_start + item.start(), more_start + item.end(), year))
        end = years[-1][1]
        in_range = len(years) > 1
        group = [_Date(s, e, y, rule="year", confidence=0.95, period_end=in_range) for s, e, y in years]
        yield (start, end), group


def _iter_day_months(text: str, claimed: DisjointSpans, starts: _Starts) -> Iterator[_Group]:
    for m in _matches_from(DAY_MONTH_RE, text, starts.days):
        if claimed.overlaps(m.start(), m.end()):
            continue
        month, day = int(m["m"]), int(m["d"])
        if _valid(None, month, day):
            if not m["pre"]:
                continue  # -- a bare `1/2` is a fraction as often as a date
            start = m.start("weekday") if m["weekday"] else m.start("day_word") if m["day_word"] else m.start("d")
            yield (start, m.end()), [_Date(start, m.end(), None, month, day, "day_month", 0.8)]


def _iter_months(text: str, claimed: DisjointSpans, _starts: _Starts) -> Iterator[_Group]:
    for m in MONTH_RE.finditer(text):
        if claimed.overlaps(m.start(), m.end()):
            continue
        month = int(m["m"])
        if _valid(None, month, None):
            yield m.span(), [_Date(m.start(), m.end(), None, month, None, "month", 0.6)]


_RULES = (
    _iter_day_ranges,
    _iter_full_words,
    _iter_numeric,
    _iter_month_years,
    _iter_quarters,
    _iter_period_ranges,
    _iter_years,
    _iter_day_months,
    _iter_months,
)


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    """The sentence around `pos`, looked for within a window (partial dates are few; texts are long)."""
    low = max(0, pos - _SENTENCE_WINDOW)
    start = low
    for m in _SENTENCE_BREAK_RE.finditer(text, low, pos):
        start = m.end()
    after = _SENTENCE_BREAK_RE.search(text, pos, pos + _SENTENCE_WINDOW)
    return start, (after.start() if after else min(len(text), pos + _SENTENCE_WINDOW))


def _take_sentence_years(text: str, dates: list[_Date]) -> None:
    """Give a year-less date the one year its sentence states."""
    if all(d.year is not None for d in dates):
        return
    starts = [d.start for d in dates]
    for d in dates:
        if d.year is not None:
            continue
        low, high = _sentence_span(text, d.start)
        neighbours = dates[bisect_left(starts, low) : bisect_left(starts, high)]
        # -- a range end (`nhiệm kỳ 2020 - 2025`) states no single year; the rule may be wrong there
        years = {n.year for n in neighbours if n.year is not None and not n.period_end}
        if len(years) != 1:
            continue
        year = next(iter(years))
        if _valid(year, d.month, d.day):
            d.year = year
            d.confidence = round(d.confidence * 0.85, 3)


def _iso(d: _Date) -> str:
    if d.year is None:
        return f"--{d.month:02d}" + (f"-{d.day:02d}" if d.day is not None else "")
    if d.month is None:
        return f"{d.year:04d}"
    if d.day is None:
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _to_fact(text: str, d: _Date) -> Fact:
    return Fact(
        kind="date",
        text=text[d.start : d.end],
        start=d.start,
        end=d.end,
        value=_iso(d),
        extractor=f"dates.{d.rule}",
        confidence=d.confidence,
    )
