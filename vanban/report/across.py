"""The report's rows across documents, each with where its links go: this page or the review page. Pure.

Example:
    links = ReviewLinks("http://127.0.0.1:8765/")
    links.document("ab…") → "http://127.0.0.1:8765/?doc=ab…"
    organisation_rows(overview.organisations, links)[0] → OrganisationRow(name="Huyện ủy Văn Lãng", documents=41, …)

The report is a file; what it cannot hold (every fact of every document) is on the review page
(`vanban review`), which these links open with its filters set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from vanban.models.document import Header
from vanban.report.format import vn_date
from vanban.report.views import FactView, archive_href, fact_view
from vanban.warehouse.report_data import CitationCount, DocumentReport, OrganisationCount, QueuedFact

# -- where `vanban review` listens unless told otherwise (vanban.review.app.DEFAULT_HOST/PORT)
REVIEW_URL = "http://127.0.0.1:8765/"


@dataclass(frozen=True, slots=True)
class ReviewLinks:
    """Links into the review page with its filters (`doc`, `run`, `q`, `kind`, `status`, `low`) set."""

    base: str = REVIEW_URL

    def page(self, **filters: str) -> str:
        chosen = {key: value for key, value in filters.items() if value}
        return self.base + ("?" + urlencode(chosen) if chosen else "")

    def document(self, sha256: str) -> str:
        return self.page(doc=sha256)

    def fact(self, sha256: str, fact_id: str) -> str:
        return self.page(doc=sha256, selected=fact_id)

    def search(self, words: str, kind: str = "") -> str:
        return self.page(q=" ".join(words.split()), kind=kind)


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    name: str
    other_spellings: list[str]
    documents: int
    mentions: int
    href: str


@dataclass(frozen=True, slots=True)
class CitationRow:
    label: str
    documents: int
    mentions: int
    in_warehouse: bool
    target_name: str
    target_subject: str
    target_href: str  # -- the cited document on the review page
    archive_href: str | None  # -- its archived file
    citing_href: str  # -- the citing facts on the review page


@dataclass(frozen=True, slots=True)
class DocumentRow:
    name: str
    anchor: str | None  # -- its section in this page, when its facts are printed
    sign: str
    date: str
    facts: int
    pending: int
    review_href: str
    archive_href: str | None


@dataclass(frozen=True, slots=True)
class ReviewItem:
    fact: FactView
    document: str
    href: str  # -- the fact in this page when printed, else on the review page
    document_href: str


def organisation_rows(organisations: Iterable[OrganisationCount], links: ReviewLinks) -> list[OrganisationRow]:
    return [
        OrganisationRow(
            name=row.name,
            other_spellings=[spelling for spelling in row.spellings if spelling != row.name],
            documents=row.documents,
            mentions=row.mentions,
            href=links.search(row.name, kind="org"),
        )
        for row in organisations
    ]


def citation_rows(citations: Iterable[CitationCount], links: ReviewLinks, archive_base: str) -> list[CitationRow]:
    rows = []
    for row in citations:
        target = row.target
        rows.append(
            CitationRow(
                label=row.label,
                documents=row.documents,
                mentions=row.mentions,
                in_warehouse=target is not None,
                target_name=target.original_name if target else "",
                target_subject=(target.subject or "") if target else "",
                target_href=links.document(target.sha256) if target else "",
                archive_href=archive_href(target.archive_path, base=archive_base) if target else None,
                citing_href=links.search(row.key, kind="docref"),
            )
        )
    return rows


def document_sign(header: Header) -> str:
    """`Kế hoạch 45-KH/HU` from a header: its type and its sign (or number)."""
    sign = header.symbol or (f"số {header.number}" if header.number else "")
    return " ".join(part for part in (header.doc_type, sign) if part)


def document_rows(
    documents: Iterable[DocumentReport], anchors: dict[str, str], links: ReviewLinks, archive_base: str
) -> list[DocumentRow]:
    return [
        DocumentRow(
            name=document.original_name,
            anchor=anchors.get(document.sha256),
            sign=document_sign(document.header),
            date=vn_date(document.header.date),
            facts=document.fact_total,
            pending=document.pending,
            review_href=links.document(document.sha256),
            archive_href=archive_href(document.archive_path, base=archive_base),
        )
        for document in documents
    ]


def review_items(queue: Iterable[QueuedFact], printed: set[str], links: ReviewLinks) -> list[ReviewItem]:
    """The queue's facts; each links to its row in this page when its document's facts are printed (`printed`:
    their ids), else to the review page."""
    items = []
    for queued in queue:
        view = fact_view(queued.fact)
        href = "#" + view.anchor if view.id in printed else links.fact(queued.sha256, view.id)
        items.append(
            ReviewItem(fact=view, document=queued.document, href=href, document_href=links.document(queued.sha256))
        )
    return items
