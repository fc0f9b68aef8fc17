"""One fact as a reviewer reads it, for the report and the review page alike. Pure; plain strings only.

Example:
    view = fact_view({"kind": "count", "text": "120 chi bộ", "value": 120, "unit": "chi bộ", …})
    view.value → "120";  view.unit → "chi bộ";  view.marked → ("… củng cố ", "120 chi bộ", ".")

Nothing here is markup: the templates escape every field (Jinja2 autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from vanban.models.fact import FACT_KINDS
from vanban.report.format import provenance, split_sentence, vn_confidence, vn_date, vn_datetime, vn_number
from vanban.report.labels import KIND_LABELS, REVIEW_STATUS_LABELS
from vanban.warehouse.overview import LOW_CONFIDENCE

KIND_ORDER = {kind: index for index, kind in enumerate(FACT_KINDS)}


@dataclass(frozen=True, slots=True)
class FactView:
    id: str
    anchor: str
    kind: str
    kind_label: str
    kind_order: int
    position: int
    text: str
    value: str
    value_sort: str
    unit: str
    organisation: str
    details: list[tuple[str, str]]
    confidence: str
    confidence_sort: float
    low: bool
    review_status: str
    review: str
    reviewed_by: str
    reviewed_at: str
    where: str
    sentence: str
    marked: tuple[str, str, str] | None
    search: str


def fact_anchor(fact_id: str) -> str:
    """The fact's id in a page: `f-<id>` (ids are hex, safe in an attribute and a URL fragment)."""
    return f"f-{fact_id}"


def fact_value(fact: dict[str, Any]) -> str:
    """The value as a Vietnamese reader writes it: `1.200`, `3–5`, `87,5%`, `15/03/2021`, a sign, a name."""
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


def value_sort_key(fact: dict[str, Any]) -> str:
    """What the value column sorts by: numbers zero-padded so text order is numeric order, else the text."""
    value = fact.get("value")
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{float(value):020.4f}"
    return str(value or fact_value(fact)).casefold()


def fact_details(fact: dict[str, Any]) -> list[tuple[str, str]]:
    """Fields beyond kind, value, unit and organisation, labelled: `Định lượng: trên`, `Ký hiệu: 45-KH/HU`."""
    kind = fact["kind"]
    if kind == "count":
        fields = [("Định lượng", fact.get("qualifier"))]
    elif kind == "percent":
        fields = [("Tỷ lệ của", fact.get("of"))]
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
    if fact.get("review_note"):
        fields.append(("Ghi chú", fact["review_note"]))
    return [(label, value) for label, value in fields if value]


def is_low_confidence(fact: dict[str, Any], threshold: float = LOW_CONFIDENCE) -> bool:
    return (fact.get("confidence") or 0.0) < threshold


def fact_view(fact: dict[str, Any], position: int = 0) -> FactView:
    """A warehouse fact (`vanban.warehouse.rows.FACT_ROW_FIELDS` keys) → what a page shows of it."""
    status = fact.get("review_status") or "pending"
    value = fact_value(fact)
    unit = fact.get("unit") or ""
    organisation = fact.get("organisation") or ""
    reviewed_at = fact.get("reviewed_at")
    return FactView(
        id=fact.get("id") or "",
        anchor=fact_anchor(fact.get("id") or str(position)),
        kind=fact["kind"],
        kind_label=KIND_LABELS[fact["kind"]],
        kind_order=KIND_ORDER.get(fact["kind"], len(KIND_ORDER)),
        position=position,
        text=fact["text"],
        value=value,
        value_sort=value_sort_key(fact),
        unit=unit,
        organisation=organisation,
        details=fact_details(fact),
        confidence=vn_confidence(fact.get("confidence")),
        confidence_sort=float(fact.get("confidence") or 0.0),
        low=is_low_confidence(fact),
        review_status=status,
        review=REVIEW_STATUS_LABELS.get(status, status),
        reviewed_by=fact.get("reviewed_by") or "",
        reviewed_at=vn_datetime(reviewed_at) if hasattr(reviewed_at, "strftime") else str(reviewed_at or ""),
        where=provenance(fact),
        sentence=fact.get("sentence") or "",
        marked=split_sentence(fact.get("sentence"), fact["text"], fact.get("start"), fact.get("sentence_start")),
        search=" ".join(
            part for part in (fact["text"], value, unit, organisation, fact.get("sentence") or "") if part
        ).casefold(),
    )


def archive_href(archive_path: str | None, *, base: str = "../") -> str | None:
    """A link to an archived file: relative to the workspace (`archive/…`) → `../archive/…` from reports/;
    an absolute path → a `file://` URI; None when the file's place is unknown.

    Example:
        archive_href("archive/2024-05-01/kế hoạch 45.docx") → "../archive/2024-05-01/k%E1%BA%BF%20ho%E1%BA%A1ch%2045.docx"
    """
    if not archive_path:
        return None
    if PureWindowsPath(archive_path).is_absolute() and not archive_path.startswith("/"):
        return PureWindowsPath(archive_path).as_uri()
    path = PurePosixPath(archive_path)
    if path.is_absolute():
        return path.as_uri()
    return base + "/".join(quote(part) for part in path.parts)
