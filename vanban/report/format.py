"""How values read in a Vietnamese report: numbers, dates, durations, times, places in a document.

Example:
    vn_number(5000) → "5.000";  vn_number(51.47) → "51,47";  vn_date("2017-06-28") → "28/06/2017"
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

# -- Việt Nam has one time zone and no daylight saving: a fixed offset needs no tz database
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")

_FULL_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_DAY_RE = re.compile(r"^--(\d{2})-(\d{2})$")
_MONTH_ONLY_RE = re.compile(r"^--(\d{2})$")


def _group_thousands(digits: str) -> str:
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def vn_number(number: Any) -> str:
    """A number the Vietnamese way: `.` between thousands, `,` before decimals; a range as `low–high`.

    Example:
        vn_number(10950) → "10.950";  vn_number(55.8) → "55,8";  vn_number([7, 9]) → "7–9"
    """
    if number is None:
        return ""
    if isinstance(number, (list, tuple)):
        return "–".join(vn_number(part) for part in number)
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return str(number)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    sign = "-" if number < 0 else ""
    if isinstance(number, int):
        return sign + _group_thousands(str(abs(number)))
    # -- repr is the shortest text that reads back as the same float: 51.47, not 51.469999…
    text = repr(abs(number))
    if "e" in text or not text[0].isdigit():
        text = format(abs(number), "f").rstrip("0")
    whole, _, fraction = text.partition(".")
    return sign + _group_thousands(whole) + ("," + fraction if fraction else "")


def vn_date(iso: str | None) -> str:
    """An ISO date at its precision → dd/mm/yyyy, mm/yyyy, yyyy, dd/mm (year unknown); anything else as is."""
    if not iso:
        return ""
    if match := _FULL_DATE_RE.match(iso):
        year, month, day = match.groups()
        return f"{day}/{month}/{year}"
    if match := _YEAR_MONTH_RE.match(iso):
        year, month = match.groups()
        return f"{month}/{year}"
    if match := _MONTH_DAY_RE.match(iso):
        month, day = match.groups()
        return f"{day}/{month}"
    if match := _MONTH_ONLY_RE.match(iso):
        return f"tháng {match.group(1)}"
    return iso


def vn_datetime(moment: datetime | None) -> str:
    """A moment in Vietnam time: `28/06/2017 08:30:00`; a naive datetime is shown as it is."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM_TIME)
    return moment.strftime("%d/%m/%Y %H:%M:%S")


def vn_duration(span: timedelta | None) -> str:
    """`timedelta(seconds=125)` → `2 phút 5 giây`; under a minute with one decimal: `4,2 giây`."""
    if span is None:
        return ""
    seconds = span.total_seconds()
    if seconds < 60:
        return f"{vn_number(round(seconds, 1))} giây"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} giờ"] if hours else []
    parts += [f"{minutes} phút", f"{secs} giây"]
    return " ".join(parts)


def vn_confidence(confidence: float | None) -> str:
    """0.95 → `0,95` (two decimals at most)."""
    if confidence is None:
        return ""
    return vn_number(round(float(confidence), 2))


# -- the readers number pages from 1 (as printed) but paragraphs, tables, rows and cells from 0 (as indexes);
#    a person counts everything from 1
_PLACES = (("page", "trang", 0), ("paragraph", "đoạn", 1), ("table", "bảng", 1), ("row", "hàng", 1), ("cell", "ô", 1))


def provenance(fact: dict[str, Any]) -> str:
    """Where a fact sits in its file, counted from 1 as a person counts: `trang 2 · đoạn 15 · bảng 1 · hàng 2 · ô 3`.

    Example:
        provenance({"page": 1, "table": 0, "row": 0, "cell": 2}) → "trang 1 · bảng 1 · hàng 1 · ô 3"
    """
    return " · ".join(f"{label} {fact[key] + shift}" for key, label, shift in _PLACES if fact.get(key) is not None)


def split_sentence(
    sentence: str | None, text: str, start: int | None, sentence_start: int | None
) -> tuple[str, str, str] | None:
    """The sentence cut around the fact, for `<mark>`: (before, fact, after); None when the fact is not in it.

    The stored offsets find the right occurrence when the fact's text appears twice in the sentence.

    Example:
        split_sentence("Có 85 chi bộ.", "85 chi bộ", 3, 0) → ("Có ", "85 chi bộ", ".")
    """
    if not sentence or not text:
        return None
    if start is not None and sentence_start is not None:
        offset = start - sentence_start
        if offset >= 0 and sentence[offset : offset + len(text)] == text:
            return sentence[:offset], text, sentence[offset + len(text) :]
    found = sentence.find(text)
    if found < 0:
        return None
    return sentence[:found], text, sentence[found + len(text) :]
