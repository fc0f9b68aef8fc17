"""What the report is rendered from: plain dataclasses read out of the warehouse (no database objects).

Example:
    data = warehouse.report_data("2024-05-01T02-00-00")
    data.run.loaded, [d.original_name for d in data.documents], data.fact_counts["date"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from vanban.models.document import Header


@dataclass(frozen=True, slots=True)
class RunSummary:
    """One row of `runs`."""

    id: str
    started_at: datetime | None = None
    finished_at: datetime | None = None
    files_seen: int | None = None
    loaded: int | None = None
    duplicates: int | None = None
    quarantined: int | None = None
    skipped: int | None = None
    status: str | None = None
    error: str | None = None
    report_path: str | None = None
    inbox: str | None = None  # -- `host:/inbox/path`

    @property
    def duration(self) -> timedelta | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return self.finished_at - self.started_at


@dataclass(slots=True)
class DocumentReport:
    """A loaded document: its header and its facts (dicts shaped as `vanban.warehouse.rows.FACT_ROW_FIELDS`, in text order)."""

    sha256: str
    original_name: str
    format: str | None = None
    pages: int | None = None
    header: Header = field(default_factory=Header)
    encoding: str | None = None
    legacy_encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    archive_path: str | None = None
    facts: list[dict[str, Any]] = field(default_factory=list)
    ocr_pages: dict[int, float] = field(default_factory=dict)  # -- page → OCR confidence, for scanned pages
    fact_counts: dict[str, int] = field(default_factory=dict)  # -- kind → facts in the warehouse, shown or not
    facts_shown: bool = True  # -- False: past the report's fact limit, `facts` is empty

    @property
    def fact_total(self) -> int:
        return sum(self.fact_counts.values()) if self.fact_counts else len(self.facts)


@dataclass(frozen=True, slots=True)
class FileNote:
    """A file that was not loaded: quarantined (with the reason) or a duplicate (`same_as`: the loaded copy's name)."""

    original_name: str
    sha256: str | None = None
    reason: str | None = None
    same_as: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedDocument:
    """A document in the warehouse that a docref of the report cites (matched by its sign)."""

    sha256: str
    original_name: str
    symbol: str | None = None
    doc_type: str | None = None
    date: str | None = None
    subject: str | None = None
    archive_path: str | None = None


@dataclass(frozen=True, slots=True)
class UnitPoint:
    """One count of a unit, dated by its document's issue date: a point on the report's chart."""

    unit: str
    value: float
    date: str
    original_name: str
    sha256: str
    text: str = ""
    organisation: str | None = None


@dataclass(slots=True)
class ReportData:
    """Everything one report shows; `run` is None for a report over the whole warehouse.

    `linked_documents` (by `vanban.warehouse.rows.symbol_key` of the sign) and `unit_points` reach beyond the
    run: they come from the whole warehouse, so a citation finds a document loaded last year and a count
    has its history. `fact_counts` counts every fact of the documents; past `max_facts` the later
    documents come without their facts (`facts_shown` False), and what is said across documents
    (organisations, citations, charts, the review list) is said of those shown.
    """

    run: RunSummary | None
    documents: list[DocumentReport] = field(default_factory=list)
    quarantined: list[FileNote] = field(default_factory=list)
    duplicates: list[FileNote] = field(default_factory=list)
    fact_counts: dict[str, int] = field(default_factory=dict)
    linked_documents: dict[str, LinkedDocument] = field(default_factory=dict)
    unit_points: list[UnitPoint] = field(default_factory=list)
    max_facts: int | None = None  # -- the limit the facts were read under (None: no limit)

    @property
    def documents_without_facts_shown(self) -> list[DocumentReport]:
        return [document for document in self.documents if not document.facts_shown]
