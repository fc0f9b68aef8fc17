"""What the report is rendered from: plain dataclasses read out of the warehouse (no database objects).

Example:
    data = warehouse.report_data("2024-05-01T02-00-00")
    data.run.loaded, [d.original_name for d in data.documents], data.fact_counts["date"]
    data.overview.organisations[0] → OrganisationCount(name="Huyện ủy Văn Lãng", documents=41, mentions=97, …)

Two parts: the night (`run`, its documents, quarantines, duplicates and review queue) and the
`overview` of the whole warehouse, whose numbers are computed by the database over every row and
arrive here already bounded (the top rows of each table, the longest series).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from vanban.models.document import Header
from vanban.warehouse.tasks import FollowUp, PeopleSection


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
    pending: int = 0  # -- facts nobody has reviewed yet

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


@dataclass(frozen=True, slots=True)
class OrganisationCount:
    """One organisation across the warehouse: the documents that name it and how often (rejected facts left out)."""

    key: str  # -- its entity id, else its name: what the count was grouped by
    name: str  # -- its most frequent spelling
    documents: int
    mentions: int
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CitationCount:
    """A document sign cited across the warehouse (a document's own sign is not a citation)."""

    key: str  # -- `vanban.warehouse.rows.symbol_key` of the sign
    label: str  # -- `Kế hoạch 45-KH/HU`: the most frequent type and spelling
    documents: int  # -- documents that cite it
    mentions: int
    target: LinkedDocument | None = None  # -- the cited document, when it is in the warehouse


@dataclass(slots=True)
class IndicatorSeries:
    """The counts of one unit by one organisation over time (`Đảng bộ huyện Văn Lãng · đảng viên`)."""

    organisation: str
    unit: str
    dates: int  # -- distinct document dates it was counted on, in the whole warehouse
    counts: int
    points: list[UnitPoint] = field(default_factory=list)  # -- the latest ones, oldest first


@dataclass(slots=True)
class WarehouseOverview:
    """The whole warehouse in numbers; every list is the top of a ranking computed in SQL, with its full length."""

    documents: int = 0
    quarantined: int = 0
    runs: int = 0
    fact_counts: dict[str, int] = field(default_factory=dict)  # -- kind → facts
    status_counts: dict[str, int] = field(default_factory=dict)  # -- review status → facts
    low_pending: int = 0  # -- pending facts under the report's confidence bar
    organisations: list[OrganisationCount] = field(default_factory=list)
    organisations_total: int = 0
    citations: list[CitationCount] = field(default_factory=list)
    citations_total: int = 0
    unsigned_citations: int = 0  # -- references without a sign (`Nghị quyết 22`): cannot be matched
    series: list[IndicatorSeries] = field(default_factory=list)
    series_total: int = 0  # -- (organisation, unit) pairs counted on enough dates to draw
    series_min_dates: int = 2  # -- what "enough" was
    unattributed_counts: int = 0  # -- dated counts whose organisation is not known: not drawn


@dataclass(frozen=True, slots=True)
class QueuedFact:
    """A fact awaiting review, with the document it came from."""

    fact: dict[str, Any]
    document: str
    sha256: str


@dataclass(slots=True)
class ReportData:
    """Everything one report shows; `run` is None for a report over the whole warehouse.

    The night: `documents` are the run's (at most `document_limit` of `documents_total`, in name
    order); past `max_facts` the later ones come without their facts (`facts_shown` False). On a
    `quiet` night (a run that loaded nothing) they are the documents of `earlier_run`, the latest run
    that loaded any, so the page never shows less than the night before. `fact_counts`,
    `status_counts`, `pending_low` and `review_queue` are of those documents (SQL over all of them,
    not only those listed). `overview` is the whole warehouse, and so is `follow_up`: a task marked done
    on the review page leaves it whatever night assigned it.
    """

    run: RunSummary | None
    documents: list[DocumentReport] = field(default_factory=list)
    quarantined: list[FileNote] = field(default_factory=list)
    duplicates: list[FileNote] = field(default_factory=list)
    fact_counts: dict[str, int] = field(default_factory=dict)
    status_counts: dict[str, int] = field(default_factory=dict)
    review_queue: list[QueuedFact] = field(default_factory=list)
    pending_low: int = 0
    documents_total: int = 0
    document_limit: int | None = None
    earlier_run: RunSummary | None = None
    overview: WarehouseOverview = field(default_factory=WarehouseOverview)
    max_facts: int | None = None  # -- the limit the facts were read under (None: no limit)
    quiet: bool = False  # -- the run loaded no document (only duplicates, quarantines or an empty inbox)
    # -- the whole warehouse's open tasks due soon or overdue, as of the report's day in Vietnam (None: not read)
    follow_up: FollowUp | None = None
    # -- the people named in the night's documents
    people: PeopleSection = field(default_factory=PeopleSection)

    @property
    def documents_without_facts_shown(self) -> list[DocumentReport]:
        return [document for document in self.documents if not document.facts_shown]
