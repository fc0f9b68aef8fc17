"""Deadlines and recurrences of an assignment, at the precision written.

Example:
    [d.value for d in find_deadlines("báo cáo trước ngày 30/6/2024")] → ["2024-06-30"]
    [d.value for d in find_deadlines("hoàn thành trong quý III/2024")] → ["2024-Q3"]
    find_recurrence("định kỳ 6 tháng báo cáo UBND huyện") → "định kỳ 6 tháng"

A deadline is a calendar point the text sets for the work: a day (`trước ngày 30/6/2024`), a month
(`trong tháng 9/2024`), a quarter (`quý III/2024`) or a year after a word of time (`trong năm 2025`,
`đến năm 2025`). Dates inside a range (`từ tháng 4/2022 đến tháng 12/2025`) and after `kể từ` say
when something runs or counts from, not by when it is due, and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import regex

from vanban.models.deadline import is_deadline

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# -- a no-year day is read in the document's year when it lands within this window after its date
YEAR_COMPLETION_WINDOW = (timedelta(days=7), timedelta(days=330))

_SEP = r"\s*[/.\-]\s*"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_DAY_RE = rf"ngày\s+(?P<d>\d{{1,2}})(?:{_SEP}|\s+tháng\s+)(?P<m>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+){_YEAR})?(?!\d)"
_MONTH_RE = rf"tháng\s+(?P<mm>\d{{1,2}})(?:(?:{_SEP}|\s+năm\s+)(?P<my>(?:19|20)\d{{2}}))?(?![\d/])"
_QUARTER_RE = r"quý\s+(?P<q>IV|III|II|I|[1-4])(?:(?:\s*/\s*|\s+năm\s+)(?P<qy>(?:19|20)\d{2}))?"
# -- a year alone is a deadline only after a word of time: `năm 2023` in `kế hoạch đầu tư công năm 2023` is not
_YEAR_ONLY_RE = r"(?:trong|đến|trước|cuối|hết|vào|xong|thành)\s+(?:(?:cuối\s+)?năm\s+)(?P<yy>(?:19|20)\d{2})"
# -- a day, month or quarter is due only after a word that sets a limit (`trước`, `trong`, `vào` …), or after
#    `và` in a list of them: `Ngày 28/9/2022, Ban Thường vụ họp` dates an event
_MARKER = r"(?:trước|chậm\s+nhất|muộn\s+nhất|hạn|thời\s+hạn|trong|vào|đến|hết|xong|thành|và|hoặc|cuối)"
DEADLINE_RE = regex.compile(
    rf"(?<![\p{{L}}\d])(?:{_MARKER}\s+(?:(?:hết|cuối)\s+)?(?:{_DAY_RE}|{_MONTH_RE}|{_QUARTER_RE})|{_YEAR_ONLY_RE}"
    # -- `tháng 12 hằng năm`, `ngày 15/12 hằng năm`: a day of every year needs no word before it
    rf"|(?:{_DAY_RE}|{_MONTH_RE})(?=\s+h[ằà]ng\s+năm))",
    regex.IGNORECASE,
)
# -- every match of DEADLINE_RE holds one of these (same engine and flags, so the same case folding): a clause
#    without one is done after this cheap search instead of DEADLINE_RE's slow one, which tries every position
_CANDIDATE_RE = regex.compile(r"(?:ngày|tháng|quý|năm)\s+[\dIV]", regex.IGNORECASE)
# -- the words before a date that make it a start or a range, not a deadline
_NOT_DUE_BEFORE_RE = regex.compile(r"(?:kể\s+từ|từ|ban\s+hành|ký|của|số\s+\S+)\s*$", regex.IGNORECASE)
# -- `từ ngày 12 đến ngày 16`: the end of a range is when work runs, not a deadline
_RANGE_BEFORE_RE = regex.compile(r"(?<!\p{L})từ\s+[^,;.]{1,30}$", regex.IGNORECASE)
_RANGE_AFTER_RE = regex.compile(r"^\s*(?:đến|tới|-|–)\s", regex.IGNORECASE)

# -- `định kỳ` alone (`sinh hoạt định kỳ`) says regular, not how often: it needs its period
RECURRENCE_RE = regex.compile(
    r"(?<!\p{L})(?:định\s+kỳ\s+(?:\d+\s+tháng|(?:h[ằà]ng|mỗi)\s+(?:tuần|tháng|quý|năm))(?:,\s+h[ằà]ng\s+(?:tháng|quý|năm))?"
    r"|(?:h[ằà]ng|mỗi|từng)\s+(?:tuần|tháng|quý|năm))(?!\p{L})",
    regex.IGNORECASE,
)

_RECURRENCE_WORDS = ("định", "hằng", "hàng", "mỗi", "từng")

_NO_YEAR_RE = regex.compile(r"--(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline found in a text: its span there, and its value (`2024-06-30`, `2024-09`, `2024-Q3`, `--06-30`)."""

    start: int
    end: int
    value: str


def find_deadlines(text: str, *, document_date: str | None = None, recurring: bool = False) -> list[Deadline]:
    """Every deadline in `text`, in order; a day or month with no year takes the document's year where sound.

    Example:
        find_deadlines("trước ngày 25/6", document_date="2023-06-14") → [Deadline(…, "2023-06-25")]
        find_deadlines("trước ngày 15/12 hằng năm", document_date="2021-03-02", recurring=True) → [Deadline(…, "--12-15")]

    Args:
        text: a clause or a table cell.
        document_date: the document's own date (ISO), for completing a missing year.
        recurring: the assignment recurs (`hằng năm`): its day is every year's, so no year is added.
    """
    candidate = _CANDIDATE_RE.search(text)
    if candidate is None:
        return []
    anchor = _iso_date(document_date)
    found = []
    for match in DEADLINE_RE.finditer(text, _words_back(text, candidate.start(), 3)):
        before = text[max(0, match.start() - 40) : match.start()]
        ranged = match.group().lower().startswith("đến") and _RANGE_BEFORE_RE.search(before)
        if _NOT_DUE_BEFORE_RE.search(before[-12:]) or ranged or _RANGE_AFTER_RE.match(text, match.end()):
            continue
        value = _value(match, None if recurring else anchor)
        if value is not None and is_deadline(value):
            found.append(Deadline(match.start(), match.end(), value))
    return found


def _words_back(text: str, position: int, count: int) -> int:
    """Where the `count`-th run of non-space characters before `position` starts (0 when there are fewer).

    A deadline's match holds a date word (`_CANDIDATE_RE`) with at most three words before it (`chậm nhất
    hết ngày …`), so none starts before three words ahead of the first date word: `DEADLINE_RE`, slow to
    try at each position, starts its scan there. (A space is `str.isspace` here; a character the pattern
    reads otherwise either moves the start earlier or is one no match can hold.)"""
    for _ in range(count):
        while position > 0 and text[position - 1].isspace():
            position -= 1
        while position > 0 and not text[position - 1].isspace():
            position -= 1
    return position


def find_recurrence(text: str) -> str | None:
    """The first recurrence in `text`, as written: `hằng tháng`, `định kỳ 6 tháng`, `hằng năm`; None when none."""
    lowered = text.lower()  # -- a plain look for the pattern's words first: most clauses have none
    if not any(word in lowered for word in _RECURRENCE_WORDS):
        return None
    match = RECURRENCE_RE.search(text)
    return " ".join(match.group().split()) if match else None


def complete_deadline(value: str, document_date: str | None) -> str:
    """A no-year deadline (`--06-30`, `--12`) in the document's year where sound (`_with_year`), else as it is.

    Example:
        complete_deadline("--06-30", "2024-06-01") → "2024-06-30"; complete_deadline("--06-30", None) → "--06-30"
    """
    anchor = _iso_date(document_date)
    match = _NO_YEAR_RE.fullmatch(value)
    if anchor is None or match is None:
        return value
    month, day = int(match[1]), int(match[2] or 1)
    completed = _with_year(month, day, anchor)
    if completed is None or completed.startswith("--"):
        return value
    return completed if match[2] else completed[:7]


def _value(match: regex.Match[str], anchor: date | None) -> str | None:
    if match["d"]:
        day, month = int(match["d"]), int(match["m"])
        if match["y"]:
            return f"{match['y']}-{month:02d}-{day:02d}"
        return _with_year(month, day, anchor)
    if match["mm"]:
        month = int(match["mm"])
        if not 1 <= month <= 12:
            return None
        if match["my"]:
            return f"{match['my']}-{month:02d}"
        completed = _with_year(month, 1, anchor)
        return completed[:7] if completed and not completed.startswith("--") else f"--{month:02d}"
    if match["q"]:
        year = match["qy"]
        return f"{year}-Q{ROMAN_QUARTERS[match['q'].upper()]}" if year else None
    return match["yy"]


def _with_year(month: int, day: int, anchor: date | None) -> str | None:
    """`--MM-DD`, or the anchor's year when that day falls just after the anchor (a deadline lies ahead)."""
    no_year = f"--{month:02d}-{day:02d}"
    if anchor is None:
        return no_year
    for year in (anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        before, after = YEAR_COMPLETION_WINDOW
        if anchor - before <= candidate <= anchor + after:
            return candidate.isoformat()
    return no_year


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None
