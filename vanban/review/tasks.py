"""A task on the review page, as plain functions: its badge, its deadline written the Vietnamese way, and what
a reviewer types (leads one per line, a deadline, the day a task was done) read back into the warehouse's terms.

Example:
    task_badge("open", date(2024, 6, 30), today=date(2024, 6, 20)) → Badge("due-soon", "Còn 10 ngày")
    vn_deadline("2024-Q3") → "quý III/2024";  parse_deadline("quý 3/2024") → "2024-Q3"
    parse_progress_day("28/6/2024", today=date(2024, 7, 1)) → date(2024, 6, 28)

Days are judged in Asia/Ho_Chi_Minh (`vanban.warehouse.tasks.today_in_vietnam`); a task is due soon within
the report's window (`FOLLOW_UP_DAYS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vanban.models.deadline import due_date, is_deadline
from vanban.models.errors import CorrectionError
from vanban.warehouse.tasks import FOLLOW_UP_DAYS

PROGRESS_LABELS = {"open": "chưa đánh dấu", "done": "đã xong", "not_done": "chưa xong"}
# -- the page's filter "Tiến độ nhiệm vụ": the marks, and overdue (past due, not done)
PROGRESS_FILTERS = {**PROGRESS_LABELS, "overdue": "quá hạn"}
TASK_FIELD_LABELS = {
    "lead": "Chủ trì (mỗi dòng một cơ quan)",
    "support": "Phối hợp (mỗi dòng một cơ quan)",
    "deadline": "Thời hạn",
    "task_action": "Nội dung",
}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER_RE = re.compile(r"^(?:quý\s*)?(I{1,3}|IV|[1-4])\s*[/.-]\s*(\d{4})$", re.IGNORECASE)
_DAY_RE = re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?$", re.IGNORECASE)
_MONTH_RE = re.compile(r"^(?:tháng\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})$", re.IGNORECASE)
_MONTH_ONLY_RE = re.compile(r"^tháng\s*(\d{1,2})$", re.IGNORECASE)
_YEAR_RE = re.compile(r"^(?:năm\s*)?(\d{4})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Badge:
    """What the page shows beside a task: `key` for its colour and tests, `label` for people."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class TaskView:
    """A task's own fields as the page shows and edits them."""

    lead: list[str]
    support: list[str]
    action: str
    deadline: str
    due: str
    recurrence: str
    progress: str
    progress_label: str
    progress_on: str
    progress_note: str
    progress_by: str
    badge: Badge | None
    today: str
    edits: dict[str, str]


def task_badge(progress: str, due: date | None, *, today: date, within: int = FOLLOW_UP_DAYS) -> Badge | None:
    """Done, not done, overdue, or due within `within` days; None for an open task with no near deadline.

    Example:
        task_badge("open", date(2024, 6, 30), today=date(2024, 7, 2)) → Badge("overdue", "Quá hạn 2 ngày")
    """
    if progress == "done":
        return Badge("done", "Đã xong")
    if progress == "not_done":
        return Badge("not-done", "Chưa xong")
    if due is None:
        return None
    days = (due - today).days
    if days < 0:
        return Badge("overdue", f"Quá hạn {-days} ngày")
    if days == 0:
        return Badge("due-soon", "Đến hạn hôm nay")
    if days <= within:
        return Badge("due-soon", f"Còn {days} ngày")
    return None


def vn_deadline(deadline: str | None) -> str:
    """A task's ISO deadline as an office writes it: `30/06/2024`, `09/2024`, `quý III/2024`, `2025`, `30/06`, `tháng 12`."""
    if not deadline:
        return ""
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", deadline):
        return f"{match[3]}/{match[2]}/{match[1]}"
    if match := re.fullmatch(r"(\d{4})-(\d{2})", deadline):
        return f"{match[2]}/{match[1]}"
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", deadline):
        return f"quý {('I', 'II', 'III', 'IV')[int(match[2]) - 1]}/{match[1]}"
    if match := re.fullmatch(r"--(\d{2})-(\d{2})", deadline):
        return f"{match[2]}/{match[1]}"
    if match := re.fullmatch(r"--(\d{2})", deadline):
        return f"tháng {int(match[1])}"
    return deadline


def parse_deadline(text: str) -> str | None:
    """A deadline as a reviewer types it → ISO at the precision typed; None when the box is empty.

    Example:
        parse_deadline("30/6/2024") → "2024-06-30";  parse_deadline("9/2024") → "2024-09"
        parse_deadline("quý III/2024") → "2024-Q3";  parse_deadline("15/12") → "--12-15"

    Raises:
        CorrectionError: not a deadline, or a day that does not exist (31/6/2024).
    """
    text = " ".join(text.split())
    if not text:
        return None
    value: str | None = None
    if is_deadline(text):
        value = text
    elif match := _QUARTER_RE.match(text):
        quarter = _ROMAN.get(match[1].upper()) or int(match[1])
        value = f"{match[2]}-Q{quarter}"
    elif match := _DAY_RE.match(text):
        day, month = int(match[1]), int(match[2])
        value = f"{match[3]}-{month:02d}-{day:02d}" if match[3] else f"--{month:02d}-{day:02d}"
    elif match := _MONTH_RE.match(text):
        value = f"{match[2]}-{int(match[1]):02d}"
    elif match := _MONTH_ONLY_RE.match(text):
        value = f"--{int(match[1]):02d}"
    elif match := _YEAR_RE.match(text):
        value = match[1]
    if value is None or not is_deadline(value):
        raise CorrectionError(
            f"thời hạn {text!r} không đọc được hoặc không có thật: viết 30/6/2024, 9/2024, quý III/2024, 2025 hoặc 15/12"
        )
    return value


def parse_progress_day(text: Any, *, today: date) -> date:
    """The day a task was found done or not done, as typed (`28/6/2024`, `2024-06-28`); not after `today`.

    Raises:
        CorrectionError: no day, a day that does not exist, or one still to come.
    """
    text = " ".join(str(text or "").split())
    if not text:
        raise CorrectionError("cần ngày đánh dấu (dd/mm/yyyy)")
    try:
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
            day = date(int(match[3]), int(match[2]), int(match[1]))
        else:
            day = date.fromisoformat(text)
    except ValueError:
        raise CorrectionError(f"ngày {text!r} không đọc được hoặc không có thật: viết dd/mm/yyyy") from None
    if day > today:
        raise CorrectionError(f"ngày {day:%d/%m/%Y} chưa tới: hôm nay là {today:%d/%m/%Y}")
    if day.year < 1900:
        raise CorrectionError(f"năm {day.year} không hợp lý")
    return day


def names_from_lines(text: Any) -> list[str]:
    """One body per line, blank lines and spaces dropped: what the lead and support boxes hold."""
    return [" ".join(line.split()) for line in str(text or "").splitlines() if line.split()]


def task_view(task: Mapping[str, Any], *, today: date, document_date: str | None = None) -> TaskView:
    """A task's row of `Warehouse.task_details` → what the page shows, its badge judged on `today`."""
    due = date.fromisoformat(task["due_date"]) if task.get("due_date") else None
    if due is None and task.get("deadline") and document_date:
        try:
            due = due_date(task["deadline"], date.fromisoformat(document_date))
        except ValueError:
            due = None
    progress = task.get("progress") or "open"
    on = task.get("progress_on")
    return TaskView(
        lead=list(task.get("lead") or []),
        support=list(task.get("support") or []),
        action=task.get("action") or "",
        deadline=vn_deadline(task.get("deadline")),
        due=f"{due:%d/%m/%Y}" if due else "",
        recurrence=task.get("recurrence") or "",
        progress=progress,
        progress_label=PROGRESS_LABELS.get(progress, progress),
        progress_on=f"{date.fromisoformat(on):%d/%m/%Y}" if on else "",
        progress_note=task.get("progress_note") or "",
        progress_by=task.get("progress_by") or "",
        badge=task_badge(progress, due, today=today),
        today=f"{today:%d/%m/%Y}",
        edits={
            "lead": "\n".join(task.get("lead") or []),
            "support": "\n".join(task.get("support") or []),
            "deadline": vn_deadline(task.get("deadline")),
            "task_action": task.get("action") or "",
        },
    )
