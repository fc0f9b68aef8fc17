"""The review page's logic as plain functions: filters from a query, corrections from a form, the page's view.

Example:
    filters = filters_from_query({"kind": "count", "low": "1"})        # -- status: pending unless asked
    context = review_context(warehouse, filters, account=account, csrf_token=token)
    html = render_review_page(context, nonce=nonce)
    decide(warehouse, fact_id, {"action": "correct", "value": "1.250", "version": "…"}, reviewer="lan")
    decide(warehouse, task_id, {"action": "done", "on": "28/6/2024", "note": "đã nộp", "version": "…"}, reviewer="lan")

vanban/review/app.py wires these to HTTP; nothing here knows about requests or sockets.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from vanban.extractors.text.numbers import parse_number
from vanban.models.errors import CorrectionError
from vanban.models.fact import FACT_KINDS
from vanban.models.schema import REVIEW_ACTIONS, REVIEW_STATUSES, TASK_PROGRESS
from vanban.report.format import vn_date, vn_datetime, vn_number
from vanban.report.labels import KIND_LABELS, REVIEW_STATUS_LABELS
from vanban.report.render import TEMPLATES_DIR as REPORT_TEMPLATES
from vanban.report.views import LOW_CONFIDENCE, FactView, fact_view
from vanban.review.tasks import (
    PROGRESS_FILTERS,
    TASK_FIELD_LABELS,
    TaskView,
    names_from_lines,
    parse_deadline,
    parse_progress_day,
    task_view,
    vn_deadline,
)
from vanban.warehouse.accounts import ROLE_LABELS
from vanban.warehouse.review import StaleFact
from vanban.warehouse.rows import CORRECTABLE_FIELDS
from vanban.warehouse.sql import utc_now
from vanban.warehouse.tasks import today_in_vietnam

TEMPLATES = Path(__file__).parent / "templates"
REVIEW_TEMPLATE = "review.html.j2"
# -- what a reviewer can type: years of Party and State documents, counts and percents a document can state
YEARS = (1900, 2100)
MAX_COUNT = 1e15
PERCENTS = (0.0, 1000.0)
PAGE_SIZE = 50
# -- the document filter lists this many (those with facts to review first); the others are found by name
DOCUMENT_CHOICES = 300
ORDERS = {"document": "theo văn bản", "confidence": "ít tin cậy trước", "reviewed": "vừa duyệt trước"}
# -- the fields a reviewer edits on the page, per kind (the value, unit, organisation);
#    a docref's value is its sign, an org's is its name
EDITABLE = {
    "date": ("value", "organisation"),
    "count": ("value", "unit", "organisation"),
    "percent": ("value", "organisation"),
    "org": ("organisation",),
    "docref": ("value", "organisation"),
    # -- issue 16: a task's leads (one per line), deadline and action; and those to `phối hợp`
    #    (`task_action` on the page: `action` is the decision's own name in the request)
    "task": ("lead", "support", "deadline", "task_action"),
}
FIELD_LABELS = {"value": "Giá trị", "unit": "Đơn vị", "organisation": "Tổ chức", **TASK_FIELD_LABELS}
_RANGE_RE = re.compile(r"^\s*(\S+)\s*(?:–|—|-|đến)\s*(\S+)\s*$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY_RE = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the reviewer chose to see; every field optional, all as the query string carries them."""

    kind: str = ""
    # -- "" is every status; the page opens on what awaits a decision
    status: str = "pending"
    doc: str = ""
    run: str = ""
    q: str = ""
    low: bool = False
    order: str = "document"
    page: int = 1
    # -- "Tiến độ nhiệm vụ": open, done, not_done or overdue (tasks only)
    progress: str = ""

    def warehouse_filters(self) -> dict[str, Any]:
        """The filters in the terms of `Warehouse.list_facts` / `count_facts`."""
        return {
            "kind": self.kind or None,
            "status": self.status or None,
            "doc_sha256": self.doc or None,
            "run_id": self.run or None,
            "search": self.q or None,
            # -- "low" is the report's "cần xem lại" bar: strictly under it
            "max_confidence": LOW_CONFIDENCE - 1e-9 if self.low else None,
            "task_progress": self.progress or None,
        }

    def query(self, **changes: Any) -> str:
        """The query string of these filters with some changed: `?kind=count&page=2`."""
        chosen = replace(self, **changes)
        pairs = {key: value for key, value in asdict(chosen).items() if value not in ("", False, None)}
        if chosen.status == "":
            pairs["status"] = "all"
        elif chosen.status == "pending":
            pairs.pop("status")
        if pairs.get("order") == "document":
            pairs.pop("order")
        if pairs.get("page") == 1:
            pairs.pop("page")
        if pairs.get("low") is True:
            pairs["low"] = "1"
        return "?" + urlencode(pairs) if pairs else "?"


def filters_from_query(query: Mapping[str, str]) -> Filters:
    """Filters from a query string; an unknown kind, status or order is ignored rather than an error.

    No status means pending; `status=all` means every status. A task progress with no status means every
    status: a task marked done is accepted, and would vanish from pending.

    Example:
        filters_from_query({"kind": "count", "page": "2", "order": "nope"}) → Filters(kind="count", page=2)
    """
    kind = query.get("kind", "")
    progress = query.get("progress", "")
    progress = progress if progress in PROGRESS_FILTERS else ""
    status = query.get("status", "all" if progress else "pending")
    status = "" if status == "all" else status if status in REVIEW_STATUSES else "pending"
    if progress in ("done", "not_done") and status == "pending":
        status = ""  # -- a marked task is never pending: marking it accepted it
    order = query.get("order", "document")
    try:
        page = max(int(query.get("page", "1")), 1)
    except ValueError:
        page = 1
    return Filters(
        kind=kind if kind in FACT_KINDS else "",
        status=status,
        doc=query.get("doc", "") if re.fullmatch(r"[0-9a-f]{64}", query.get("doc", "")) else "",
        run=query.get("run", "") if re.fullmatch(r"[\w:.-]{1,80}", query.get("run", "")) else "",
        q=" ".join(query.get("q", "").split())[:200],
        low=query.get("low", "") in ("1", "true", "on"),
        order=order if order in ORDERS else "document",
        page=page,
        progress=progress,
    )


class FieldError(CorrectionError):
    """A correction refused because of one field; `field` names the box the page shows the message beside."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_value(kind: str, text: str) -> Any:
    """A value as a Vietnamese reviewer types it → the contract's value for the kind, checked to be possible.

    Example:
        parse_value("count", "1.250") → 1250;  parse_value("count", "3–5") → [3, 5]
        parse_value("percent", "87,5%") → 87.5;  parse_value("date", "15/3/2021") → "2021-03-15"
        parse_value("date", "2024-13-45") → CorrectionError (no 13th month)

    Raises:
        CorrectionError: the text is not a value of that kind, or not one that can be (a 31 February, −5 people).
    """
    text = " ".join(text.split())
    if kind == "date":
        return _parse_date(text)
    if kind == "docref":
        if not text:
            raise CorrectionError("số/ký hiệu không được để trống")
        return text
    if kind == "count" and (match := _RANGE_RE.match(text)):
        low, high = parse_number(match.group(1)), parse_number(match.group(2))
        if low is not None and high is not None:
            if low > high:
                raise CorrectionError(f"khoảng {text!r}: số đầu phải nhỏ hơn số sau")
            return [_in_range(kind, low), _in_range(kind, high)]
    number = parse_number(text.removesuffix("%").strip())
    if number is None:
        raise CorrectionError(f"{text!r} không phải là số (viết 1.250 hoặc 51,47; khoảng: 3–5)")
    return _in_range(kind, number)


def _in_range(kind: str, number: int | float) -> int | float:
    if kind == "percent" and not PERCENTS[0] <= number <= PERCENTS[1]:
        raise CorrectionError(f"tỉ lệ {vn_number(number)}% không hợp lý: từ 0 đến {vn_number(PERCENTS[1])}%")
    if kind == "count" and not 0 <= number <= MAX_COUNT:
        raise CorrectionError(f"số lượng {vn_number(number)} không hợp lý: không âm, dưới một triệu tỉ")
    return number


def _parse_date(text: str) -> str:
    day = month = None
    if match := _DMY_RE.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _MY_RE.match(text):
        month, year = (int(part) for part in match.groups())
    elif _ISO_RE.match(text):
        parts = [int(part) for part in text.split("-")]
        year, month, day = parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)
    else:
        raise CorrectionError(f"ngày {text!r} không đọc được: viết dd/mm/yyyy, mm/yyyy hoặc yyyy")
    if not YEARS[0] <= year <= YEARS[1]:
        raise CorrectionError(f"năm {year} không hợp lý: từ {YEARS[0]} đến {YEARS[1]}")
    if month is not None and not 1 <= month <= 12:
        raise CorrectionError(f"ngày {text!r} không có thật: tháng {month} không có (tháng từ 1 đến 12)")
    if day is not None:
        try:
            date(year, month or 1, day)
        except ValueError:
            raise CorrectionError(
                f"ngày {text!r} không có thật: tháng {month} năm {year} không có ngày {day}"
            ) from None
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month is not None else f"{year:04d}"


def edit_value(fact: dict[str, Any]) -> str:
    """What the value box shows before the reviewer types: the value written the Vietnamese way."""
    kind, value = fact["kind"], fact.get("value")
    if kind == "date":
        return vn_date(value)
    if kind == "docref":
        return fact.get("symbol") or ""
    if value is None:
        return ""
    return vn_number(value)


def correction_changes(fact: dict[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """The form's fields that differ from the fact, in `Warehouse.review_fact`'s terms.

    An empty value box leaves the value as it is; an empty unit or organisation box clears it.

    Example:
        correction_changes(count_fact, {"value": "1.250", "unit": "đảng viên"}) → {"value": 1250}  # unit unchanged

    Raises:
        CorrectionError: a field the kind cannot have, a value that does not parse, or nothing changed.
    """
    kind = fact["kind"]
    allowed = EDITABLE[kind]
    sent = {key: form[key] for key in ("value", "unit", "organisation") if key in form and form[key] is not None}
    extra = sorted(set(sent) - set(allowed))
    if extra:
        raise CorrectionError(f"dữ kiện loại {KIND_LABELS[kind].lower()} không sửa được: {', '.join(extra)}")
    changes: dict[str, Any] = {}
    if "value" in sent and str(sent["value"]).strip() and str(sent["value"]).strip() != edit_value(fact):
        try:
            value = parse_value(kind, str(sent["value"]))
        except CorrectionError as error:
            raise FieldError("value", str(error)) from None
        if kind == "docref":
            changes["symbol"] = value
        elif value != fact.get("value"):
            changes["value"] = value
    for field in ("unit", "organisation"):
        if field in sent:
            text = " ".join(str(sent[field]).split()) or None
            if text != (fact.get(field) or None):
                changes[field] = text
    if kind == "org" and "organisation" in changes and not changes["organisation"]:
        raise FieldError("organisation", "tên tổ chức không được để trống (bấm Loại nếu đây không phải tổ chức)")
    unknown = set(changes) - set(CORRECTABLE_FIELDS[kind])
    if unknown:  # -- EDITABLE and the warehouse's CORRECTABLE_FIELDS must agree
        raise CorrectionError(f"không sửa được {', '.join(sorted(unknown))}")
    if not changes:
        raise CorrectionError("chưa có gì thay đổi: bấm Duyệt (A) nếu dữ kiện đã đúng")
    return changes


def task_correction_changes(task: Mapping[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """The correction form's task fields that differ from the task, in `Warehouse.review_fact`'s terms.

    Example:
        task_correction_changes(task, {"lead": "Ban Tổ chức Huyện ủy\nVăn phòng Huyện ủy", "task_action": "lập kế hoạch"})
        → {"lead": ["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"], "action": "lập kế hoạch"}

    Raises:
        CorrectionError: no lead left or a deadline that does not read (FieldError names the box), or nothing changed.
    """
    changes: dict[str, Any] = {}
    for role in ("lead", "support"):
        if form.get(role) is not None:
            names = names_from_lines(form[role])
            if role == "lead" and not names:
                raise FieldError(
                    "lead", "nhiệm vụ cần ít nhất một cơ quan chủ trì (bấm Loại nếu đây không phải nhiệm vụ)"
                )
            if names != list(task.get(role) or []):
                changes[role] = names
    if form.get("task_action") is not None:
        action = " ".join(str(form["task_action"]).split()) or None
        if action != (task.get("action") or None):
            changes["action"] = action
    if form.get("deadline") is not None:
        try:
            deadline = parse_deadline(str(form["deadline"]))
        except CorrectionError as error:
            raise FieldError("deadline", str(error)) from None
        if deadline != (task.get("deadline") or None):
            changes["deadline"] = deadline
    if not changes:
        raise CorrectionError("chưa có gì thay đổi: bấm Duyệt (A) nếu nhiệm vụ đã đúng")
    return changes


def decide(
    warehouse: Any, fact_id: str, form: Mapping[str, Any], *, reviewer: str, today: date | None = None
) -> dict[str, Any]:
    """Apply one decision from the page and return the audit row.

    `action`: accept, reject, correct, undo or reopen; for a task also done, not_done or open, with `on`
    (the day, dd/mm/yyyy, not after `today` in Asia/Ho_Chi_Minh) and `note`; `version`: the fact's version
    the page showed (a decision on a fact someone changed since is refused).

    Raises:
        LookupError: no such fact.
        StaleFact: someone decided on the fact since the page showed it.
        CorrectionError: a bad action or a correction that cannot be applied (FieldError names the field).
    """
    action = form.get("action")
    if action not in REVIEW_ACTIONS:
        raise CorrectionError(f"thao tác {action!r} không có; chỉ có: {', '.join(REVIEW_ACTIONS)}")
    fact = warehouse.get_fact(fact_id)
    if fact is None:
        raise LookupError(f"không có dữ kiện {fact_id!r} trong kho")
    version = form.get("version")
    if not isinstance(version, str):
        raise CorrectionError("thiếu phiên bản của dữ kiện: tải lại trang")
    if version != fact["version"]:
        raise StaleFact("stale", fact)
    note = form.get("note")
    if action in TASK_PROGRESS:
        return _mark(warehouse, fact, form, reviewer=reviewer, today=today or today_in_vietnam(utc_now()))
    changes = None
    if action == "correct":
        if fact["kind"] == "task":
            changes = task_correction_changes(warehouse.task_details([fact_id]).get(fact_id) or {}, form)
        else:
            changes = correction_changes(fact, form)
    try:
        return warehouse.review_fact(
            fact_id, action, reviewer, changes=changes, note=str(note) if note else None, expected_version=version
        )
    except StaleFact:
        raise
    except ValueError as error:
        raise CorrectionError(_vietnamese_refusal(str(error))) from error


def _mark(warehouse: Any, fact: dict[str, Any], form: Mapping[str, Any], *, reviewer: str, today: date) -> Any:
    """A task marked done, not done or back to open from the page's progress panel."""
    if fact["kind"] != "task":
        raise CorrectionError("chỉ nhiệm vụ mới đánh dấu đã xong hay chưa xong")
    progress = form["action"]
    on = None
    if progress != "open":
        try:
            on = parse_progress_day(form.get("on"), today=today)
        except CorrectionError as error:
            raise FieldError("on", str(error)) from None
    note = form.get("note")
    try:
        return warehouse.mark_task(
            fact["id"],
            progress,
            reviewer=reviewer,
            on=on,
            note=str(note) if note else None,
            expected_version=fact["version"],
        )
    except StaleFact:
        raise
    except ValueError as error:
        raise CorrectionError(_vietnamese_refusal(str(error))) from error


def _vietnamese_refusal(message: str) -> str:
    known = {
        "nothing to undo": "chưa có quyết định nào để hoàn tác",
        "already pending": "dữ kiện đang chờ duyệt rồi",
        "changes nothing": "chưa có gì thay đổi: bấm Duyệt (A) nếu dữ kiện đã đúng",
        "already marked": "nhiệm vụ đã được đánh dấu như vậy rồi",
        "was rejected": "nhiệm vụ đã bị loại: hoàn tác hoặc đưa về chờ duyệt trước khi đánh dấu tiến độ",
    }
    return next((text for key, text in known.items() if key in message), message)


def stale_message(fact: dict[str, Any] | None, names: Mapping[str, str]) -> str:
    """What the page says when a decision is refused because someone decided first."""
    if fact is None:
        return "dữ kiện vừa bị thay đổi hoặc xoá; tải lại trang"
    who = names.get(fact.get("reviewed_by") or "", fact.get("reviewed_by") or "người khác")
    status = REVIEW_STATUS_LABELS.get(fact["review_status"], fact["review_status"])
    when = vn_datetime(fact.get("reviewed_at")) if fact.get("reviewed_at") else ""
    return (
        f"Không lưu: {who} đã quyết định dữ kiện này lúc {when} (bây giờ: {status}) sau khi bạn mở trang. "
        "Dòng đã được cập nhật; xem lại rồi quyết định."
    )


def position_text(fact: dict[str, Any]) -> str:
    """Where a fact sits, counted from 1 as people count: `trang 2 · đoạn 1 · bảng 1 · hàng 1 · ô 2`.

    Pages are stored from 1; paragraphs, tables, rows and cells from 0 (the readers' indexes).
    """
    parts = [f"trang {fact['page']}"] if fact.get("page") is not None else []
    for key, label in (("paragraph", "đoạn"), ("table", "bảng"), ("row", "hàng"), ("cell", "ô")):
        if fact.get(key) is not None:
            parts.append(f"{label} {int(fact[key]) + 1}")
    return " · ".join(parts)


def csrf_problem(
    *,
    sent_token: str | None,
    expected_token: str,
    origin: str | None,
    host: str | None,
    fetch_site: str | None,
) -> str | None:
    """Why a state-changing request must be refused, or None when it is the page's own.

    The page sends its session's token in a header or a form field (a page elsewhere cannot read it);
    the Origin, when the browser sends it, must name the host the request was sent to (checked against
    the allowed hosts before this), and `Sec-Fetch-Site` must not say cross-site.
    """
    if not sent_token or not hmac.compare_digest(sent_token.encode(), expected_token.encode()):
        return "thiếu hoặc sai mã chống giả mạo (CSRF): tải lại trang"
    return origin_problem(origin=origin, host=host, fetch_site=fetch_site)


def origin_problem(*, origin: str | None, host: str | None, fetch_site: str | None) -> str | None:
    """Why a POST from the browser comes from another site (sign-in has no session token yet), or None."""
    # -- `null`: the browser would not say (a privacy setting); then Sec-Fetch-Site decides
    if origin not in (None, "null") and urlsplit(origin).netloc != (host or ""):
        return f"yêu cầu từ nguồn khác ({origin}) bị từ chối"
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"yêu cầu {fetch_site} bị từ chối"
    return None


@dataclass(frozen=True, slots=True)
class ReviewRow:
    fact: FactView
    version: str
    number: int
    document: str
    doc_sha256: str
    doc_heading: str
    archive: bool
    editable: tuple[str, ...]
    # -- what each box of the correction form shows before the reviewer types
    edits: dict[str, str]
    history: list[str]
    task: TaskView | None = None


def _doc_heading(fact: dict[str, Any]) -> str:
    parts = [fact.get("doc_type_of_document"), fact.get("doc_symbol"), vn_date(fact.get("doc_date"))]
    heading = " · ".join(part for part in parts if part)
    subject = fact.get("doc_subject")
    return f"{heading} — {subject}" if heading and subject else heading or subject or ""


def history_line(audit: dict[str, Any], names: Mapping[str, str] | None = None) -> str:
    """One audit row for people: `02/12/2026 09:15:00 · Nguyễn Thị Lan · sửa: giá trị 1.200 → 1.250`."""
    verbs = {
        "accept": "duyệt",
        "reject": "loại",
        "correct": "sửa",
        "undo": "hoàn tác",
        "reopen": "trả về chờ duyệt",
        "done": "đánh dấu đã xong",
        "not_done": "đánh dấu chưa xong",
        "open": "bỏ đánh dấu tiến độ",
    }
    who = (names or {}).get(audit["reviewer"], audit["reviewer"])
    previous, new = audit.get("previous") or {}, audit.get("new") or {}
    labels = {
        "value": "giá trị",
        "unit": "đơn vị",
        "organisation": "tổ chức",
        "symbol": "ký hiệu",
        "normalized": "tên chuẩn",
        "lead": "chủ trì",
        "support": "phối hợp",
        "action": "nội dung",
        "deadline": "thời hạn",
        "progress_on": "ngày",
        "progress_note": "ghi chú",
    }
    # -- a task's dates as an office writes them; the rest as `_shown` writes any value
    dated = {"deadline": vn_deadline, "progress_on": vn_date}

    def shown(key: str, value: Any) -> str:
        return dated[key](value) or "∅" if key in dated else _shown(value)

    changed = [
        f"{label} {shown(key, previous.get(key))} → {shown(key, new.get(key))}"
        for key, label in labels.items()
        if previous.get(key) != new.get(key)
    ]
    line = f"{vn_datetime(audit['at'])} · {who} · {verbs.get(audit['action'], audit['action'])}"
    return line + (": " + "; ".join(changed) if changed else "")


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "∅"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "; ".join(value)
    if isinstance(value, (int, float, list)) and not isinstance(value, bool):
        return vn_number(value)
    return str(value)


def review_row(
    warehouse: Any,
    fact: dict[str, Any],
    number: int,
    names: Mapping[str, str],
    *,
    task: Mapping[str, Any] | None = None,
    today: date | None = None,
) -> ReviewRow:
    """One fact as the page lists it and details it (its history included once decided on); a task with its
    leads, deadline, badge (judged on `today`) and progress from `task` (a row of `Warehouse.task_details`)."""
    history = (
        [history_line(audit, names) for audit in warehouse.fact_reviews(fact["id"])] if fact.get("reviewed_at") else []
    )
    shown = (
        task_view(task, today=today or today_in_vietnam(utc_now()), document_date=fact.get("doc_date"))
        if task is not None
        else None
    )
    if shown is not None and shown.progress_by:
        shown = replace(shown, progress_by=names.get(shown.progress_by, shown.progress_by))
    view = replace(
        fact_view(fact, number),
        where=position_text(fact),
        reviewed_by=names.get(fact.get("reviewed_by") or "", fact.get("reviewed_by") or ""),
    )
    return ReviewRow(
        fact=view,
        version=fact["version"],
        number=number,
        document=fact.get("original_name") or "",
        doc_sha256=fact["doc_sha256"],
        doc_heading=_doc_heading(fact),
        archive=bool(fact.get("doc_archive_path")),
        # -- a task's boxes need its row of `tasks`; without one (not loaded yet) it can only be accepted or rejected
        editable=EDITABLE.get(fact["kind"], ()) if fact["kind"] != "task" or shown else (),
        edits=(
            shown.edits
            if shown
            else {
                "value": edit_value(fact),
                "unit": fact.get("unit") or "",
                "organisation": fact.get("organisation") or "",
            }
        ),
        history=history,
        task=shown,
    )


def review_context(
    warehouse: Any,
    filters: Filters,
    *,
    account: Mapping[str, Any],
    csrf_token: str,
    selected: str = "",
    today: date | None = None,
) -> dict[str, Any]:
    """Everything the review page shows for these filters (one page of facts, with their history); tasks'
    badges and the overdue filter are judged on `today` (default: today in Asia/Ho_Chi_Minh)."""
    today = today or today_in_vietnam(utc_now())
    where = filters.warehouse_filters()
    if filters.progress == "overdue":
        where["today"] = today
    counts_filters = {key: value for key, value in where.items() if key != "status"}
    # -- one scan gives every status's count; the total under the chosen status is one of them
    status_counts = warehouse.review_counts(**counts_filters)
    total = status_counts[filters.status] if filters.status else sum(status_counts.values())
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(filters.page, pages)
    facts = warehouse.list_facts(**where, order=filters.order, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    names = warehouse.display_names()
    tasks = warehouse.task_details([fact["id"] for fact in facts if fact["kind"] == "task"])
    rows = [
        review_row(warehouse, fact, number, names, task=tasks.get(fact["id"]), today=today)
        for number, fact in enumerate(facts, start=(page - 1) * PAGE_SIZE + 1)
    ]
    documents = warehouse.list_documents(limit=DOCUMENT_CHOICES, include=filters.doc or None)
    return {
        "account": dict(account),
        "role_label": ROLE_LABELS.get(account["role"], account["role"]),
        "csrf_token": csrf_token,
        "filters": replace(filters, page=page),
        "rows": rows,
        "selected": selected if any(row.fact.id == selected for row in rows) else (rows[0].fact.id if rows else ""),
        "total": total,
        "page": page,
        "pages": pages,
        "status_counts": [(status, REVIEW_STATUS_LABELS[status], count) for status, count in status_counts.items()],
        "kinds": [(kind, KIND_LABELS[kind]) for kind in FACT_KINDS],
        "statuses": list(REVIEW_STATUS_LABELS.items()),
        "orders": list(ORDERS.items()),
        "documents": documents,
        "document_count": warehouse.document_count(),
        "pending_by_document": {document["sha256"]: int(document["pending"] or 0) for document in documents},
        "runs": [
            (run["id"], vn_datetime(run["started_at"]) if run.get("started_at") else run["id"])
            for run in warehouse.list_runs()
        ],
        "low_confidence": vn_number(LOW_CONFIDENCE),
        "field_labels": FIELD_LABELS,
        "progress_filters": list(PROGRESS_FILTERS.items()),
    }


def row_fragments(warehouse: Any, fact_id: str, number: int, *, today: date | None = None) -> dict[str, Any]:
    """One fact's list row and detail panel as HTML, for the page to swap in after a decision (no reload)."""
    fact = warehouse.get_fact(fact_id)
    if fact is None:
        raise LookupError(f"không có dữ kiện {fact_id!r} trong kho")
    task = warehouse.task_details([fact_id]).get(fact_id) if fact["kind"] == "task" else None
    row = review_row(warehouse, fact, number, warehouse.display_names(), task=task, today=today)
    template = environment().get_template("review_row.html.j2")
    module = template.make_module({"field_labels": FIELD_LABELS})
    return {
        "id": fact_id,
        "version": row.version,
        "status": fact["review_status"],
        "row": str(module.list_row(row)),  # type: ignore[attr-defined]
        "detail": str(module.detail(row, False)),  # type: ignore[attr-defined]
    }


def environment() -> Environment:
    """The review's pages (vanban/review/templates) over the report's shared ones (style, message page)."""
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(REPORT_TEMPLATES)]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(template: str, **context: Any) -> str:
    """One of the review's other pages (sign-in, first admin, accounts)."""
    return environment().get_template(template).render(**context)


def render_review_page(context: dict[str, Any], *, nonce: str) -> str:
    """The review page's HTML (Jinja2, autoescaped like the report); `nonce` marks the one script allowed to run."""
    return environment().get_template(REVIEW_TEMPLATE).render(**context, nonce=nonce)


def render_message_page(title: str, message: str) -> str:
    """A short page for errors the reviewer can act on (the warehouse busy, a missing file)."""
    return environment().get_template("message.html.j2").render(title=title, message=message)
