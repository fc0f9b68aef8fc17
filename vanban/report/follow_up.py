"""Tasks as people read them: deadlines and days left in Vietnamese, the report's groups per lead body, and
the columns of `vanban tasks` (a terminal table, a sheet for a reminder letter, CSV for programs).

Example:
    deadline_label("2024-Q3") → "quý III/2024";  days_label(-3) → "quá hạn 3 ngày"
    lead_groups(follow_up.tasks)[0].name → "Ban Tổ chức Huyện uỷ"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vanban.report.across import ReviewLinks
from vanban.report.export import as_date
from vanban.report.format import vn_date
from vanban.report.labels import EMPTY, TASK_PROGRESS_LABELS
from vanban.warehouse.tasks import FollowUp, PeopleSection, TaskItem

_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR_RE = re.compile(r"^\d{4}$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# -- tasks with no lead named (a table row whose lead cell is empty) still need someone to chase them
NO_LEAD = "Chưa rõ cơ quan chủ trì"


def deadline_label(deadline: str | None) -> str:
    """A task's deadline as the documents write it: `30/06/2024`, `tháng 9/2024`, `quý III/2024`, `năm 2025`, `30/06`.

    Example:
        deadline_label("2025") → "năm 2025";  deadline_label(None) → ""
    """
    if not deadline:
        return ""
    if match := _QUARTER_RE.match(deadline):
        return f"quý {_ROMAN[match[2]]}/{match[1]}"
    if _YEAR_RE.match(deadline):
        return f"năm {deadline}"
    if match := _MONTH_RE.match(deadline):
        return f"tháng {int(match[2])}/{match[1]}"
    if deadline.startswith("--") and len(deadline) == 4:
        return f"tháng {int(deadline[2:])}"
    return vn_date(deadline)


def days_label(days_left: int | None) -> str:
    """`còn 10 ngày`, `hạn hôm nay`, `quá hạn 3 ngày`; empty when the task has no due date."""
    if days_left is None:
        return ""
    if days_left > 0:
        return f"còn {days_left} ngày"
    if days_left == 0:
        return "hạn hôm nay"
    return f"quá hạn {-days_left} ngày"


def source_label(task: TaskItem) -> str:
    """The document a task comes from: `Chỉ thị 07-CT/HU ngày 10/06/2024`, else its file name."""
    sign = " ".join(part for part in (task.doc_type, task.symbol) if part)
    if not sign:
        return task.original_name
    issued = vn_date(task.doc_date)
    return f"{sign} ngày {issued}" if issued else sign


@dataclass(slots=True)
class LeadGroup:
    """The tasks of one lead body, overdue first then soonest due (a task with two leads is in both groups)."""

    name: str
    tasks: list[TaskItem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for task in self.tasks if task.overdue)


def lead_groups(tasks: Iterable[TaskItem]) -> list[LeadGroup]:
    """Tasks per lead body: one body by its org entity, else its folded name; the group is named as the body
    is most often written. Groups with an overdue task first, then by their soonest due date.

    Example:
        [group.name for group in lead_groups(tasks)] → ["UBND huyện Bình Liêu", "Ban Tổ chức Huyện uỷ"]
    """
    groups: dict[str, LeadGroup] = {}
    spellings: dict[str, dict[str, int]] = {}
    for task in tasks:
        bodies = task.leads or ()
        keys = [(body.entity_id or body.key, body.text) for body in bodies] or [("", NO_LEAD)]
        for key, text in dict(keys).items():
            groups.setdefault(key, LeadGroup(name=text)).tasks.append(task)
            counted = spellings.setdefault(key, {})
            counted[text] = counted.get(text, 0) + 1
    for key, group in groups.items():
        group.name = max(spellings[key], key=lambda text: (spellings[key][text], text))
        group.tasks.sort(key=_due_order)
    return sorted(groups.values(), key=lambda group: (_due_order(group.tasks[0]), group.name))


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One task as the report prints it: plain strings only (the template escapes them)."""

    action: str
    supports: str
    deadline: str
    due: str
    days: str
    overdue: bool
    recurrence: str
    source: str
    href: str  # -- the task on the review page, where it is marked done
    judged: str = ""  # -- `không hoàn thành` for a task a reviewer judged not done; empty while open


@dataclass(frozen=True, slots=True)
class LeadView:
    name: str
    overdue: int
    lines: list[TaskLine]


@dataclass(frozen=True, slots=True)
class FollowUpView:
    """The report's opening section: open tasks per lead body, due within `within` days of `today` or overdue."""

    today: str
    within: int
    groups: list[LeadView]
    shown: int
    total: int
    overdue: int


def follow_up_view(follow_up: FollowUp, links: ReviewLinks) -> FollowUpView:
    """What the report's "Nhiệm vụ cần theo dõi" shows, from the warehouse's follow-up."""
    groups = [
        LeadView(name=group.name, overdue=group.overdue, lines=[_task_line(task, links) for task in group.tasks])
        for group in lead_groups(follow_up.tasks)
    ]
    return FollowUpView(
        today=vn_date(follow_up.today.isoformat()),
        within=follow_up.within,
        groups=groups,
        shown=len(follow_up.tasks),
        total=follow_up.total,
        overdue=follow_up.overdue,
    )


def _task_line(task: TaskItem, links: ReviewLinks) -> TaskLine:
    return TaskLine(
        action=task.action or EMPTY,
        supports=_joined(task.support_names),
        deadline=deadline_label(task.deadline) or EMPTY,
        due=vn_date(task.due_date.isoformat()) if task.due_date else EMPTY,
        days=days_label(task.days_left) or EMPTY,
        overdue=task.overdue,
        recurrence=task.recurrence or "",
        source=source_label(task),
        href=links.fact(task.doc_sha256, task.fact_id),
        judged=TASK_PROGRESS_LABELS[task.progress] if task.progress == "not_done" else "",
    )


@dataclass(frozen=True, slots=True)
class PersonLine:
    name: str
    posts: str
    documents: str
    signer: bool


def people_lines(section: PeopleSection) -> list[PersonLine]:
    """The people section's rows: `đồng chí Hoàng Thị Bình`, their posts and the documents naming them."""
    return [
        PersonLine(
            name=" ".join(part for part in (person.honorific, person.name) if part),
            posts="; ".join(person.posts) or EMPTY,
            documents="; ".join(person.documents),
            signer=person.signer,
        )
        for person in section.people
    ]


def _due_order(task: TaskItem) -> tuple[int, int, str]:
    return (0 if task.days_left is not None else 1, task.days_left or 0, task.fact_id)


def _joined(names: Sequence[str]) -> str:
    return "; ".join(names)


# -- the sheet for a reminder letter (xlsx, CSV to a file): (header, how the cell comes from a task)
SHEET_COLUMNS: tuple[tuple[str, Callable[[TaskItem], Any]], ...] = (
    ("Cơ quan chủ trì", lambda task: _joined(task.lead_names)),
    ("Cơ quan phối hợp", lambda task: _joined(task.support_names)),
    ("Nhiệm vụ", lambda task: task.action),
    ("Thời hạn", lambda task: deadline_label(task.deadline)),
    ("Hạn cuối", lambda task: task.due_date),
    ("Số ngày còn lại (âm: quá hạn)", lambda task: task.days_left),
    ("Định kỳ", lambda task: task.recurrence),
    ("Tình trạng", lambda task: TASK_PROGRESS_LABELS.get(task.progress, task.progress)),
    ("Văn bản", lambda task: task.original_name),
    ("Số, ký hiệu văn bản", lambda task: task.symbol),
    ("Loại văn bản", lambda task: task.doc_type),
    ("Ngày văn bản", lambda task: as_date(task.doc_date)),
    ("Mã nhiệm vụ", lambda task: task.fact_id),
)
SHEET_HEADERS = tuple(header for header, _ in SHEET_COLUMNS)
SHEET_WIDTHS = {"Cơ quan chủ trì": 30, "Cơ quan phối hợp": 30, "Nhiệm vụ": 60, "Văn bản": 28, "Số, ký hiệu văn bản": 16}

# -- CSV to a pipe, for programs: the fields' own names and values
EXPORT_COLUMNS: tuple[tuple[str, Callable[[TaskItem], Any]], ...] = (
    ("fact_id", lambda task: task.fact_id),
    ("lead", lambda task: list(task.lead_names)),
    ("support", lambda task: list(task.support_names)),
    ("action", lambda task: task.action),
    ("deadline", lambda task: task.deadline),
    ("due_date", lambda task: task.due_date),
    ("days_left", lambda task: task.days_left),
    ("recurrence", lambda task: task.recurrence),
    ("progress", lambda task: task.progress),
    ("original_name", lambda task: task.original_name),
    ("symbol", lambda task: task.symbol),
    ("doc_date", lambda task: task.doc_date),
    ("doc_sha256", lambda task: task.doc_sha256),
)
EXPORT_HEADERS = tuple(header for header, _ in EXPORT_COLUMNS)


def sheet_row(task: TaskItem) -> list[Any]:
    return [cell(task) for _, cell in SHEET_COLUMNS]


def export_row(task: TaskItem) -> list[Any]:
    return [cell(task) for _, cell in EXPORT_COLUMNS]


def table_lines(tasks: Sequence[TaskItem], headers: Sequence[str], *, action_width: int = 60) -> list[str]:
    """Tasks as aligned columns for a terminal: due date, days left, lead, action (cut at `action_width`), source.

    `headers` are the five column titles in the command's language.
    """
    rows = [
        [
            vn_date(task.due_date.isoformat()) if task.due_date else EMPTY,
            _state(task),
            _joined(task.lead_names) or EMPTY,
            _cut(task.action or EMPTY, action_width),
            source_label(task),
        ]
        for task in tasks
    ]
    widths = [max(len(line[i]) for line in [list(headers), *rows]) for i in range(len(headers))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in [list(headers), *rows]]


def _state(task: TaskItem) -> str:
    # -- a done task (`--all`) is due no more: its progress says it; one judged not done is still late
    if task.progress == "done":
        return TASK_PROGRESS_LABELS["done"]
    days = days_label(task.days_left) or EMPTY
    return f"{days} ({TASK_PROGRESS_LABELS['not_done']})" if task.progress == "not_done" else days


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
