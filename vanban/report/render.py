"""The HTML report: one self-contained page in Vietnamese, rendered from `ReportData` by a pure function.

Example:
    html = render_report(warehouse.report_data(run_id), generated_at=datetime.now(timezone.utc))
    write_report(html, Path("var/reports"), run_id) → Path("var/reports/report-<run_id>.html"); latest.html replaced

The page: the run's summary, the facts to check first ("cần xem lại"), what the documents say
together (organisations, citations, counts over time as inline SVG), then each document with its
header and a sortable, filterable table of its facts. No network: styles, script and charts are inline.

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
    REVIEW_QUEUE_LIMIT,
    CitationRow,
    OrganisationRow,
    citation_rows,
    organisation_rows,
    review_queue,
)
from vanban.report.chart import unit_charts
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


@dataclass(frozen=True, slots=True)
class ReviewItem:
    fact: FactView
    document: str
    document_anchor: str


def report_filename(run_id: str) -> str:
    """`report-<run_id>.html`; the run id must be a plain name (it becomes part of a path).

    Raises:
        ValueError: the run id holds a path separator or is empty.
    """
    if not run_id or run_id in (".", "..") or "/" in run_id or "\\" in run_id or "\x00" in run_id:
        raise ValueError(f"run id {run_id!r} cannot name a report file: use letters, digits, '-', '_', ':' or '.'")
    return f"report-{run_id}.html"


def render_report(data: ReportData, *, generated_at: datetime, archive_base: str = "../") -> str:
    """The whole report page as a string; no I/O beyond reading the (cached) template.

    Args:
        data: what `Warehouse.report_data` returned.
        generated_at: the moment shown as "Lập lúc"; passed in so the same data renders the same page.
        archive_base: how the page reaches the workspace, for links to archived files (the page sits
            in `reports/`, archived paths are relative to the workspace: `../`).
    """
    anchors = {document.sha256: f"vb-{index}" for index, document in enumerate(data.documents, start=1)}
    documents = [_document_view(document, anchors[document.sha256], archive_base) for document in data.documents]
    template = environment().get_template(TEMPLATE_NAME)
    script, script_hash = _page_script()
    return template.render(
        page_script=script,
        page_script_hash=script_hash,
        data=data,
        run=data.run,
        generated_at=vn_datetime(generated_at),
        summary=_summary_rows(data),
        kind_counts=[(kind, KIND_LABELS[kind], data.fact_counts.get(kind, 0)) for kind in FACT_KINDS],
        fact_total=sum(data.fact_counts.get(kind, 0) for kind in FACT_KINDS),
        status_counts=_status_counts(data),
        kinds=[(kind, KIND_LABELS[kind]) for kind in FACT_KINDS],
        statuses=list(REVIEW_STATUS_LABELS.items()),
        documents=documents,
        quarantined=data.quarantined,
        duplicates=data.duplicates,
        review=_review_items(data, anchors),
        review_limit=REVIEW_QUEUE_LIMIT,
        low_confidence=vn_number(LOW_CONFIDENCE),
        organisations=_organisations(data, anchors),
        citations=_citations(data, anchors, archive_base),
        charts=unit_charts(data.unit_points),
        omitted=_omitted_note(data),
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
            ("Văn bản đã nạp", vn_number(len(data.documents))),
            ("Tệp trùng nội dung", vn_number(len(data.duplicates))),
            ("Tệp bị cách ly", vn_number(len(data.quarantined))),
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


def _status_counts(data: ReportData) -> list[tuple[str, str, int]]:
    counts = Counter(fact.get("review_status") or "pending" for document in data.documents for fact in document.facts)
    return [(status, label, counts.get(status, 0)) for status, label in REVIEW_STATUS_LABELS.items()]


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


def _document_view(document: DocumentReport, anchor: str, archive_base: str) -> DocumentView:
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
    if not document.facts_shown:
        notes.append(
            "Dữ kiện của văn bản này không in trong báo cáo (báo cáo giữ dữ kiện của các văn bản đầu đến giới hạn "
            "VANBAN_REPORT_MAX_FACTS); xem chúng ở trang duyệt (vanban review) hoặc xuất bằng vanban facts."
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
    )


def _omitted_note(data: ReportData) -> str | None:
    """What the page leaves out when the documents hold more facts than a report shows, or None."""
    omitted = data.documents_without_facts_shown
    if not omitted:
        return None
    shown = len(data.documents) - len(omitted)
    facts = sum(document.fact_total for document in omitted)
    return (
        f"Báo cáo in dữ kiện của {vn_number(shown)} văn bản đầu (giới hạn {vn_number(data.max_facts or 0)} dữ kiện, "
        f"VANBAN_REPORT_MAX_FACTS); {vn_number(len(omitted))} văn bản còn lại ({vn_number(facts)} dữ kiện) chỉ được "
        "đếm. Các phần tổng hợp và danh sách cần xem lại tính trên các văn bản đã in. Toàn bộ dữ kiện: trang duyệt "
        "(vanban review) hoặc vanban facts --format xlsx."
    )


def _review_items(data: ReportData, anchors: dict[str, str]) -> list[ReviewItem]:
    return [
        ReviewItem(fact=fact_view(fact), document=document.original_name, document_anchor=anchors[document.sha256])
        for document, fact in review_queue(data.documents)[:REVIEW_QUEUE_LIMIT]
    ]


def _organisations(data: ReportData, anchors: dict[str, str]) -> list[OrganisationRow]:
    return organisation_rows(data.documents, anchors)


def _citations(data: ReportData, anchors: dict[str, str], archive_base: str) -> list[tuple[CitationRow, str | None]]:
    """Each cited document with where its link goes: its section in this page, else its archived file."""
    rows = []
    for row in citation_rows(data.documents, data.linked_documents, anchors):
        href = None
        if row.target_anchor:
            href = "#" + row.target_anchor
        elif row.target is not None:
            href = archive_href(row.target.archive_path, base=archive_base)
        rows.append((row, href))
    return rows
