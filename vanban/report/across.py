"""What the report says across documents: organisations, citations, the facts to check first. Pure.

Example:
    organisation_rows(documents, anchors)   → [OrganisationRow(name="Huyện ủy Bình Liêu", documents=3, mentions=7, …)]
    citation_rows(documents, linked, anchors) → [CitationRow(label="Kế hoạch 45-KH/HU", in_warehouse=True, …)]
    review_queue(documents)                   → the pending facts under the confidence bar, least confident first

`anchors` maps a document's content hash to its section id in the page (`vb-3`), so rows link into it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vanban.extractors.text.normalize import canonical
from vanban.report.views import LOW_CONFIDENCE
from vanban.warehouse.report_data import DocumentReport, LinkedDocument
from vanban.warehouse.rows import symbol_key

REVIEW_QUEUE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class DocumentLink:
    name: str
    anchor: str
    times: int = 1


@dataclass(slots=True)
class OrganisationRow:
    name: str
    documents: int
    mentions: int
    spellings: list[str]
    cited_in: list[DocumentLink]


@dataclass(slots=True)
class CitationRow:
    label: str
    key: str
    mentions: int
    cited_in: list[DocumentLink]
    target: LinkedDocument | None = None
    target_anchor: str | None = None
    sortable: str = ""
    spellings: list[str] = field(default_factory=list)

    @property
    def in_warehouse(self) -> bool:
        return self.target is not None


def _is_kept(fact: dict[str, Any]) -> bool:
    return fact.get("review_status") != "rejected"


def _links(counter: Counter[str], names: dict[str, str], anchors: dict[str, str]) -> list[DocumentLink]:
    return [
        DocumentLink(name=names[sha], anchor=anchors.get(sha, ""), times=times) for sha, times in counter.most_common()
    ]


def organisation_rows(documents: Iterable[DocumentReport], anchors: dict[str, str]) -> list[OrganisationRow]:
    """Organisations named in the documents (rejected facts left out), most widely named first.

    Names that differ only by case, spacing or old/new tone marks (`Huyện uỷ`, `Huyện ủy`) are one
    organisation, shown under its most frequent spelling.
    """
    spellings: dict[str, Counter[str]] = {}
    where: dict[str, Counter[str]] = {}
    names: dict[str, str] = {}
    for document in documents:
        names[document.sha256] = document.original_name
        for fact in document.facts:
            if fact["kind"] != "org" or not _is_kept(fact):
                continue
            name = fact.get("organisation") or fact.get("normalized") or fact["text"]
            key = canonical(name)
            spellings.setdefault(key, Counter())[name] += 1
            where.setdefault(key, Counter())[document.sha256] += 1
    rows = [
        OrganisationRow(
            name=spellings[key].most_common(1)[0][0],
            documents=len(where[key]),
            mentions=sum(where[key].values()),
            spellings=sorted(spellings[key]),
            cited_in=_links(where[key], names, anchors),
        )
        for key in spellings
    ]
    rows.sort(key=lambda row: (-row.documents, -row.mentions, canonical(row.name)))
    return rows


def _citation_label(fact: dict[str, Any]) -> str:
    sign = fact.get("symbol") or (f"số {fact['number']}" if fact.get("number") else "")
    return " ".join(part for part in (fact.get("doc_type"), sign) if part) or fact["text"]


def citation_rows(
    documents: Iterable[DocumentReport], linked: dict[str, LinkedDocument], anchors: dict[str, str]
) -> list[CitationRow]:
    """Documents the report's documents cite, each either found in the warehouse (by its sign) or not yet seen.

    A document's own sign (its header's `Số:` line is a docref too) is not a citation. References
    without a sign (`Nghị quyết 22`) cannot be matched and are listed as not found.
    """
    rows: dict[str, CitationRow] = {}
    names: dict[str, str] = {}
    where: dict[str, Counter[str]] = {}
    for document in documents:
        names[document.sha256] = document.original_name
        own = symbol_key(document.header.symbol)
        for fact in document.facts:
            if fact["kind"] != "docref" or not _is_kept(fact):
                continue
            sign = symbol_key(fact.get("symbol"))
            if sign is not None and sign == own:
                continue
            key = sign or canonical(_citation_label(fact))
            row = rows.get(key)
            if row is None:
                target = linked.get(sign) if sign else None
                row = rows[key] = CitationRow(
                    label=_citation_label(fact),
                    key=key,
                    mentions=0,
                    cited_in=[],
                    target=target,
                    target_anchor=anchors.get(target.sha256) if target else None,
                    sortable=key,
                )
            row.mentions += 1
            if fact["text"] not in row.spellings:
                row.spellings.append(fact["text"])
            where.setdefault(key, Counter())[document.sha256] += 1
    for key, row in rows.items():
        row.cited_in = _links(where[key], names, anchors)
    return sorted(rows.values(), key=lambda row: (not row.in_warehouse, -row.mentions, row.sortable))


def review_queue(
    documents: Iterable[DocumentReport], threshold: float = LOW_CONFIDENCE
) -> list[tuple[DocumentReport, dict[str, Any]]]:
    """Facts nobody has reviewed yet whose confidence is under `threshold`, least confident first.

    Example:
        review_queue([document]) → [(document, {"kind": "count", "confidence": 0.6, …}), …]
    """
    queue = [
        (document, fact)
        for document in documents
        for fact in document.facts
        if fact.get("review_status") == "pending" and (fact.get("confidence") or 0.0) < threshold
    ]
    queue.sort(key=lambda pair: (pair[1].get("confidence") or 0.0, pair[0].original_name, pair[1].get("start") or 0))
    return queue
