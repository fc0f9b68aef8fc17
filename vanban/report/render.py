"""The HTML report: one self-contained page in Vietnamese, rendered from `ReportData` by a pure function.

Example:
    html = render_report(warehouse.report_data(run_id), generated_at=datetime.now(timezone.utc))
    write_report(html, Path("var/reports"), run_id) → Path("var/reports/report-<run_id>.html"); latest.html replaced

The page has two parts. The night: the run's summary, the files it set aside with the reason, what
awaits review (the least confident facts first), the documents it loaded and, for as many whole
documents as `max_facts` allows, their header and a sortable, filterable table of their facts. The
warehouse: totals, the organisations and cited documents named by the most documents, and counts
over time as one small chart per (organisation, unit), all computed by the database over every row.
What the page cannot hold is one click away on the review page (`review_url`). No network: styles,
script and charts are inline. A quiet night (nothing loaded) shows the latest night that loaded
documents under a "nothing new tonight" line, so latest.html never turns emptier (docs/report.md).

Every string that comes from a document goes through Jinja2 autoescaping; the view built here holds
plain strings only, never markup.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from vanban.models.fact import FACT_KINDS
from vanban.report.across import (
    REVIEW_URL,
    ReviewLinks,
    citation_rows,
    document_rows,
    organisation_rows,
    review_items,
)
from vanban.report.chart import indicator_charts
from vanban.report.follow_up import follow_up_view, people_lines
from vanban.report.format import vn_date, vn_datetime, vn_duration, vn_number
from vanban.report.labels import EMPTY, KIND_LABELS, REVIEW_STATUS_LABELS, RUN_STATUS_LABELS
from vanban.report.views import LOW_CONFIDENCE, FactView, archive_href, fact_view
from vanban.warehouse.report_data import DocumentReport, ReportData

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "report.html.j2"
SCRIPT_NAME = "table.js.j2"
LATEST_NAME = "latest.html"

__all__ = ["KIND_LABELS", "REVIEW_STATUS_LABELS", "render_report", "report_filename", "write_report"]


@dataclass(slots=True)
class DocumentView:
    anchor: str
    name: str
    format: str
    header_rows: list[tuple[str, str]]
    has_header: bool
    notes: list[str]
    fact_total: int
    kind_counts: list[tuple[str, int]]
    facts: list[FactView]
    archive_href: str | None
    archive_path: str | None
    review_href: str


def report_filename(run_id: str) -> str:
    """`report-<run_id>.html`; the run id must be a plain name (it becomes part of a path).

    Raises:
        ValueError: the run id holds a path separator or is empty.
    """
    if not run_id or run_id in (".", "..") or "/" in run_id or "\\" in run_id or "\x00" in run_id:
        raise ValueError(f"run id {run_id!r} cannot name a report file: use letters, digits, '-', '_', ':' or '.'")
    return f"report-{run_id}.html"


def render_report(
    data: ReportData, *, generated_at: datetime, archive_base: str = "../", review_url: str = REVIEW_URL
) -> str:
    """The whole report page as a string; no I/O beyond reading the (cached) template.

    Args:
        data: what `Warehouse.report_data` returned.
        generated_at: the moment shown as "Lập lúc"; passed in so the same data renders the same page.
        archive_base: how the page reaches the workspace, for links to archived files (the page sits
            in `reports/`, archived paths are relative to the workspace: `../`).
        review_url: the review page's address, for the links to what the report leaves out.
    """
    links = ReviewLinks(review_url)
    printed = [document for document in data.documents if document.facts_shown and document.facts]
    anchors = {document.sha256: f"vb-{index}" for index, document in enumerate(printed, start=1)}
    documents = [_document_view(document, anchors[document.sha256], archive_base, links) for document in printed]
    printed_ids = {view.id for document in documents for view in document.facts}
    overview = data.overview
    template = environment().get_template(TEMPLATE_NAME)
    script, script_hash = _page_script()
    scope_run = data.earlier_run or data.run
    return template.render(
        page_script=script,
        page_script_hash=script_hash,
        data=data,
        run=data.run,
        earlier_run=data.earlier_run,
        earlier_started=vn_datetime(data.earlier_run.started_at) if data.earlier_run else "",
        quiet=data.quiet,
        generated_at=vn_datetime(generated_at),
        summary=_summary_rows(data),
        kind_counts=[(kind, KIND_LABELS[kind], data.fact_counts.get(kind, 0)) for kind in FACT_KINDS],
        fact_total=sum(data.fact_counts.get(kind, 0) for kind in FACT_KINDS),
        status_counts=[
            (status, label, data.status_counts.get(status, 0)) for status, label in REVIEW_STATUS_LABELS.items()
        ],
        kinds=[(kind, KIND_LABELS[kind]) for kind in FACT_KINDS],
        statuses=list(REVIEW_STATUS_LABELS.items()),
        document_list=document_rows(data.documents, anchors, links, archive_base),
        documents_total=data.documents_total,
        documents=documents,
        quarantined=data.quarantined,
        duplicates=data.duplicates,
        review=review_items(data.review_queue, printed_ids, links),
        pending=data.status_counts.get("pending", 0),
        pending_low=data.pending_low,
        pending_href=links.page(run=scope_run.id if scope_run else "", status="pending"),
        pending_low_href=links.page(run=scope_run.id if scope_run else "", status="pending", low="1"),
        low_confidence=vn_number(LOW_CONFIDENCE),
        overview=overview,
        overview_kinds=[(KIND_LABELS[kind], overview.fact_counts.get(kind, 0)) for kind in FACT_KINDS],
        overview_facts=sum(overview.fact_counts.values()),
        overview_statuses=[
            (status, label, overview.status_counts.get(status, 0)) for status, label in REVIEW_STATUS_LABELS.items()
        ],
        organisations=organisation_rows(overview.organisations, links),
        citations=citation_rows(overview.citations, links, archive_base),
        charts=indicator_charts(overview.series),
        links=links,
        review_all_href=links.page(),
        review_pending_href=links.page(status="pending"),
        review_low_href=links.page(status="pending", low="1"),
        omitted=_omitted_note(data, links),
        follow_up=follow_up_view(data.follow_up, links) if data.follow_up is not None else None,
        people=people_lines(data.people),
        people_total=data.people.total,
        n=vn_number,
    )


def write_report(html: str, reports_dir: Path, run_id: str) -> Path:
    """Write `report-<run_id>.html`, then replace `latest.html` atomically; returns the run's report path.

    Each file is written to a temporary file in the same folder and moved into place with
    `os.replace`, so a reader never sees half a page, even if the run dies while writing.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / report_filename(run_id)
    _write_atomically(path, html)
    _write_atomically(reports_dir / LATEST_NAME, html)
    return path


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@cache
def environment() -> Environment:
    """The Jinja2 environment of every page vanban renders (autoescape on, undefined names are errors)."""
    # -- autoescape for every template whatever its suffix: `.j2` is not in select_autoescape's list
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _page_script() -> tuple[Markup, str]:
    """The page's one script and its CSP hash: the page's policy lets only this exact script run, so
    markup from a document that slipped past escaping still could not execute."""
    script = "\n" + environment().get_template(SCRIPT_NAME).render()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(script), f"sha256-{digest}"


def _summary_rows(data: ReportData) -> list[tuple[str, str]]:
    run = data.run
    if run is None:
        return [
            ("Phạm vi", "toàn bộ kho dữ liệu"),
            ("Văn bản đã nạp", vn_number(data.documents_total)),
            ("Tệp trùng nội dung", vn_number(len(data.duplicates))),
            ("Tệp bị cách ly", vn_number(data.overview.quarantined)),
        ]
    rows = [
        ("Mã lượt chạy", run.id),
        ("Bắt đầu", vn_datetime(run.started_at) or EMPTY),
        ("Kết thúc", vn_datetime(run.finished_at) or EMPTY),
        ("Thời gian chạy", vn_duration(run.duration) or EMPTY),
        ("Trạng thái", RUN_STATUS_LABELS.get(run.status or "", run.status or EMPTY)),
        ("Tệp đã thấy", _count(run.files_seen)),
        ("Văn bản đã nạp", _count(run.loaded)),
        ("Tệp trùng nội dung (không nạp lại)", _count(run.duplicates)),
        ("Tệp bị cách ly", _count(run.quarantined)),
        ("Tệp để lượt sau (đang chép dở)", _count(run.skipped)),
    ]
    if run.error:
        rows.append(("Lỗi", run.error))
    return rows


def _count(number: int | None) -> str:
    return EMPTY if number is None else vn_number(number)


def _header_rows(document: DocumentReport) -> list[tuple[str, str]]:
    header = document.header
    issuer = " / ".join(part for part in (header.issuer_parent, header.issuer) if part)
    issued = ", ".join(part for part in (header.place, vn_date(header.date)) if part)
    signer = header.signer_name or ""
    if header.signer_role:
        signer = f"{signer} ({header.signer_role})" if signer else header.signer_role
    sign = header.symbol or header.number or ""
    rows = [
        ("Loại văn bản", header.doc_type),
        ("Số/ký hiệu", sign),
        ("Cơ quan ban hành", issuer),
        ("Ngày ban hành", issued),
        ("Trích yếu", header.subject),
        ("Người ký", signer),
        ("Nơi nhận", "; ".join(header.recipients or [])),
    ]
    return [(label, value or EMPTY) for label, value in rows]


def _with_ocr_mark(view: FactView, fact: dict, ocr_pages: dict[int, float]) -> FactView:
    """A fact read from an OCR'd page says so where its place in the file is shown."""
    if fact.get("page") not in ocr_pages:
        return view
    return replace(view, where=f"{view.where} · OCR" if view.where else "OCR")


def _document_view(document: DocumentReport, anchor: str, archive_base: str, links: ReviewLinks) -> DocumentView:
    facts = [
        _with_ocr_mark(fact_view(fact, position), fact, document.ocr_pages)
        for position, fact in enumerate(document.facts)
    ]
    # -- grouped by kind (the contract's order), each kind in text order; the table re-sorts on a click
    facts.sort(key=lambda view: (view.kind_order, view.position))
    notes = list(document.warnings)
    if document.legacy_encoding:
        notes.append(f"Văn bản gõ bằng bảng mã cũ ({document.legacy_encoding.upper()}), đã chuyển sang Unicode.")
    if document.ocr_pages:
        pages = ", ".join(
            f"{page} ({vn_number(round(share * 100))}%)" for page, share in sorted(document.ocr_pages.items())
        )
        notes.append(f"Trang đọc bằng OCR (độ tin cậy): {pages}. Dữ kiện ở các trang này cần đối chiếu với bản gốc.")
    per_kind = Counter(document.fact_counts) if document.fact_counts else Counter(view.kind for view in facts)
    if len(facts) < sum(per_kind.values()):
        notes.append(
            f"Văn bản có {vn_number(sum(per_kind.values()))} dữ kiện; báo cáo in {vn_number(len(facts))} dữ kiện đầu "
            "(VANBAN_REPORT_MAX_FACTS), phần còn lại ở trang duyệt."
        )
    return DocumentView(
        anchor=anchor,
        name=document.original_name,
        format=(document.format or "").upper(),
        header_rows=_header_rows(document),
        has_header=not document.header.is_empty(),
        notes=notes,
        fact_total=sum(per_kind.values()),
        kind_counts=[(KIND_LABELS[kind], per_kind[kind]) for kind in FACT_KINDS if per_kind[kind]],
        facts=facts,
        archive_href=archive_href(document.archive_path, base=archive_base),
        archive_path=document.archive_path,
        review_href=links.document(document.sha256),
    )


def _omitted_note(data: ReportData, links: ReviewLinks) -> str | None:
    """What the page leaves out of the night's documents (beyond the list, or their facts), or None."""
    printed = [document for document in data.documents if document.facts_shown]
    unlisted = data.documents_total - len(data.documents)
    unprinted = len(data.documents) - len(printed)
    if not unlisted and not unprinted:
        return None
    facts = sum(data.fact_counts.values()) - sum(document.fact_total for document in printed)
    parts = [
        f"Báo cáo in dữ kiện của {vn_number(len(printed))} văn bản đầu (giới hạn {vn_number(data.max_facts or 0)} "
        f"dữ kiện, VANBAN_REPORT_MAX_FACTS)."
    ]
    if unprinted:
        parts.append(f"{vn_number(unprinted)} văn bản khác chỉ được liệt kê, kèm số dữ kiện.")
    if unlisted:
        parts.append(
            f"Danh sách dừng ở {vn_number(len(data.documents))} văn bản; {vn_number(unlisted)} văn bản nữa không liệt kê."
        )
    parts.append(
        f"{vn_number(facts)} dữ kiện không in ở đây nằm ở trang duyệt (vanban review) và trong vanban facts --format "
        "xlsx. Các con số, danh sách chờ duyệt và phần toàn kho tính trên mọi văn bản, không chỉ những văn bản in."
    )
    return " ".join(parts)
