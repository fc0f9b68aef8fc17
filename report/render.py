"""The HTML report: one self-contained page in Vietnamese, rendered from `ReportData` by a pure function.

Example:
    html = render_report(warehouse.report_data(run_id), generated_at=datetime.now(timezone.utc))
    write_report(html, Path("var/reports"), run_id) → Path("var/reports/report-<run_id>.html"); latest.html replaced

Every string that comes from a document goes through Jinja2 autoescaping; the view built here holds
plain strings only, never markup.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from models.fact import FACT_KINDS
from report.format import provenance, split_sentence, vn_confidence, vn_date, vn_datetime, vn_duration, vn_number
from warehouse.report_data import DocumentReport, ReportData

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "report.html.j2"
LATEST_NAME = "latest.html"

KIND_LABELS = {
    "date": "Ngày tháng",
    "count": "Số lượng",
    "percent": "Tỷ lệ",
    "org": "Tổ chức",
    "docref": "Văn bản dẫn chiếu",
}

RUN_STATUS_LABELS = {
    "running": "đang chạy",
    "completed": "hoàn thành",
    "succeeded": "hoàn thành",
    "success": "hoàn thành",
    "ok": "hoàn thành",
    "failed": "thất bại",
    "crashed": "thất bại",
}

REVIEW_STATUS_LABELS = {
    "pending": "chờ duyệt",
    "accepted": "đã duyệt",
    "rejected": "bị loại",
    "corrected": "đã sửa",
}

EMPTY = "—"


@dataclass(frozen=True, slots=True)
class FactView:
    kind: str
    text: str
    value: str
    details: list[tuple[str, str]]
    confidence: str
    where: str
    review: str
    sentence: str
    marked: tuple[str, str, str] | None


@dataclass(slots=True)
class KindGroup:
    kind: str
    label: str
    facts: list[FactView] = field(default_factory=list)


@dataclass(slots=True)
class DocumentView:
    anchor: str
    name: str
    format: str
    header_rows: list[tuple[str, str]]
    has_header: bool
    notes: list[str]
    fact_total: int
    groups: list[KindGroup]


def report_filename(run_id: str) -> str:
    """`report-<run_id>.html`; the run id must be a plain name (it becomes part of a path).

    Raises:
        ValueError: the run id holds a path separator or is empty.
    """
    if not run_id or run_id in (".", "..") or "/" in run_id or "\\" in run_id or "\x00" in run_id:
        raise ValueError(f"run id {run_id!r} cannot name a report file: use letters, digits, '-', '_', ':' or '.'")
    return f"report-{run_id}.html"


def render_report(data: ReportData, *, generated_at: datetime) -> str:
    """The whole report page as a string; no I/O beyond reading the (cached) template.

    Args:
        data: what `Warehouse.report_data` returned.
        generated_at: the moment shown as "Lập lúc"; passed in so the same data renders the same page.
    """
    template = _environment().get_template(TEMPLATE_NAME)
    return template.render(
        data=data,
        run=data.run,
        generated_at=vn_datetime(generated_at),
        summary=_summary_rows(data),
        kind_counts=[(kind, KIND_LABELS[kind], data.fact_counts.get(kind, 0)) for kind in FACT_KINDS],
        fact_total=sum(data.fact_counts.get(kind, 0) for kind in FACT_KINDS),
        kinds=[(kind, KIND_LABELS[kind]) for kind in FACT_KINDS],
        documents=[_document_view(document, index) for index, document in enumerate(data.documents, start=1)],
        quarantined=data.quarantined,
        duplicates=data.duplicates,
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
def _environment() -> Environment:
    # -- autoescape for every template whatever its suffix: `.j2` is not in select_autoescape's list
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


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


def _document_view(document: DocumentReport, index: int) -> DocumentView:
    groups = {kind: KindGroup(kind=kind, label=KIND_LABELS[kind]) for kind in FACT_KINDS}
    for fact in document.facts:
        groups[fact["kind"]].facts.append(_fact_view(fact))
    notes = list(document.warnings)
    if document.legacy_encoding:
        notes.append(f"Văn bản gõ bằng bảng mã cũ ({document.legacy_encoding.upper()}), đã chuyển sang Unicode.")
    return DocumentView(
        anchor=f"vb-{index}",
        name=document.original_name,
        format=(document.format or "").upper(),
        header_rows=_header_rows(document),
        has_header=not document.header.is_empty(),
        notes=notes,
        fact_total=len(document.facts),
        groups=[group for group in groups.values() if group.facts],
    )


def _fact_value(fact: dict[str, Any]) -> str:
    kind, value = fact["kind"], fact.get("value")
    if kind == "date":
        return vn_date(value)
    if kind == "percent" and value is not None:
        return vn_number(value) + "%"
    if kind == "org":
        return fact.get("normalized") or fact["text"]
    if kind == "docref":
        return fact.get("symbol") or " ".join(part for part in (fact.get("doc_type"), fact.get("number")) if part)
    return vn_number(value)


def _fact_details(fact: dict[str, Any]) -> list[tuple[str, str]]:
    kind = fact["kind"]
    if kind == "count":
        fields = [("Đơn vị", fact.get("unit")), ("Định lượng", fact.get("qualifier"))]
    elif kind == "percent":
        fields = [("Tỷ lệ của", fact.get("of"))]
    elif kind == "org":
        fields = [("Tên chuẩn", fact.get("normalized"))]
    elif kind == "docref":
        fields = [
            ("Loại", fact.get("doc_type")),
            ("Số", fact.get("number")),
            ("Ký hiệu", fact.get("symbol")),
            ("Ngày", vn_date(fact.get("date"))),
            ("Năm", str(fact["year"]) if fact.get("year") is not None else None),
            ("Cơ quan", fact.get("issuer_code")),
        ]
    else:
        fields = []
    return [(label, value) for label, value in fields if value]


def _fact_view(fact: dict[str, Any]) -> FactView:
    return FactView(
        kind=fact["kind"],
        text=fact["text"],
        value=_fact_value(fact),
        details=_fact_details(fact),
        confidence=vn_confidence(fact.get("confidence")),
        where=provenance(fact),
        review=REVIEW_STATUS_LABELS.get(fact.get("review_status") or "", fact.get("review_status") or ""),
        sentence=fact.get("sentence") or "",
        marked=split_sentence(fact.get("sentence"), fact["text"], fact.get("start"), fact.get("sentence_start")),
    )
