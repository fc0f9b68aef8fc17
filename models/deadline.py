"""The last day a task's deadline allows, for "due soon" and "overdue".

Example:
    due_date("2024-Q3", None) → date(2024, 9, 30)
    due_date("--06-30", date(2024, 3, 1)) → date(2024, 6, 30)
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_YEAR = re.compile(r"(\d{4})")
_NO_YEAR_DAY = re.compile(r"--(\d{2})-(\d{2})")
_NO_YEAR_MONTH = re.compile(r"--(\d{2})")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_date(deadline: str | None, document_date: date | None = None) -> date | None:
    """`deadline` (ISO 8601 at the precision written, as a task fact holds it) → its last day.

    A deadline with no year (`--06-30`, `--12`) takes the document's year; None when there is no
    document date or the deadline is not one of the task fact's forms.

    Example:
        due_date("2025", None) → date(2025, 12, 31); due_date("2024-09", None) → date(2024, 9, 30)
    """
    if not deadline:
        return None
    try:
        if match := _DAY.fullmatch(deadline):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH.fullmatch(deadline):
            return _month_end(int(match[1]), int(match[2]))
        if match := _QUARTER.fullmatch(deadline):
            return _month_end(int(match[1]), int(match[2]) * 3)
        if match := _YEAR.fullmatch(deadline):
            return date(int(match[1]), 12, 31)
        if document_date is None:
            return None
        if match := _NO_YEAR_DAY.fullmatch(deadline):
            return date(document_date.year, int(match[1]), int(match[2]))
        if match := _NO_YEAR_MONTH.fullmatch(deadline):
            return _month_end(document_date.year, int(match[1]))
    except ValueError:  # -- 2024-02-30, month 13: not a day
        return None
    return None


def is_deadline(value: str) -> bool:
    """True for the forms a task's deadline takes: `2024-06-30`, `2024-09`, `2024-Q3`, `2025`, `--06-30`, `--12`."""
    if _NO_YEAR_DAY.fullmatch(value) or _NO_YEAR_MONTH.fullmatch(value):
        return due_date(value, date(2000, 1, 1)) is not None
    return due_date(value) is not None
