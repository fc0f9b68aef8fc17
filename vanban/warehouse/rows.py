"""Pure mappings between the model (`Document`, `Fact`) and warehouse rows, both ways.

Example:
    fact_values(document, fact, run_id="r1")   → a tuple in `FACT_INSERT_COLUMNS` order
    fact_dict(row)                              → {"kind": "count", "value": [7, 9], "unit": "lớp", …}
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from vanban.models.document import HEADER_FIELDS, Block, Document, Header
from vanban.models.fact import Fact, fact_id

# -- what `fact_values` writes, in its order: every facts column but the reviewer's, which keep their defaults
FACT_INSERT_COLUMNS = (
    "id",
    "doc_sha256",
    "kind",
    "text",
    "start_offset",
    "end_offset",
    "value_text",
    "value_num",
    "value_high",
    "unit",
    "qualifier",
    "of_text",
    "normalized",
    "doc_type",
    "number",
    "symbol",
    "ref_date",
    "ref_year",
    "issuer_code",
    "sentence",
    "sentence_start",
    "page",
    "paragraph",
    "table_index",
    "row_index",
    "cell_index",
    "extractor",
    "confidence",
    "extra",
    "review_status",
    "run_id",
    "organisation",
    "entity_id",
)
REVIEWER_COLUMNS = ("review_note", "reviewed_at", "reviewed_by")

# -- the keys of every dict `Warehouse.iter_facts` yields, in order (the CSV header): contract names first
FACT_ROW_FIELDS = (
    "id",
    "doc_sha256",
    "original_name",
    "kind",
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "of",
    "normalized",
    "doc_type",
    "number",
    "symbol",
    "date",
    "year",
    "issuer_code",
    "sentence",
    "sentence_start",
    "page",
    "paragraph",
    "table",
    "row",
    "cell",
    "extractor",
    "confidence",
    "review_status",
    "run_id",
    "organisation",
    "entity_id",
    "review_note",
    "reviewed_by",
    "reviewed_at",
)

# -- warehouse column → contract key, where they differ (`end` and `date` are awkward in SQL)
_COLUMN_TO_FIELD = {
    "start_offset": "start",
    "end_offset": "end",
    "of_text": "of",
    "ref_date": "date",
    "ref_year": "year",
    "table_index": "table",
    "row_index": "row",
    "cell_index": "cell",
}


def to_json(value: Any) -> str | None:
    """JSON text for a JSON column, Vietnamese kept readable; None and empty lists stay NULL."""
    if value is None or value == [] or value == {}:
        return None
    return json.dumps(value, ensure_ascii=False, default=str)


def from_json(value: Any) -> Any:
    """DuckDB returns JSON columns as text, psycopg as Python objects: give both as Python objects."""
    if isinstance(value, str):
        return json.loads(value)
    return value


def _number_text(number: float | int) -> str:
    return repr(number)


def split_value(value: Any) -> tuple[str | None, float | None, float | None]:
    """A fact value → (value_text, value_num, value_high).

    Example:
        split_value("2008-02-02") → ("2008-02-02", None, None)
        split_value(5000)          → ("5000", 5000.0, None)
        split_value((7, 9))        → ("[7, 9]", 7.0, 9.0)
    """
    if value is None:
        return None, None, None
    if isinstance(value, (tuple, list)):
        low, high = value
        text = f"[{_number_text(low)}, {_number_text(high)}]"
        low_num, high_num = _as_float(low), _as_float(high)
        return (text, low_num, high_num) if low_num is not None and high_num is not None else (text, None, None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value), _as_float(value), None
    return str(value), None, None


def _as_float(number: float | int) -> float | None:
    """The number as a column can hold it; None for an integer past a double's range (a run of 400
    digits in a scan is still a fact, kept as its text)."""
    try:
        return float(number)
    except OverflowError:
        return None


def _plain_number(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def join_value(value_text: str | None, value_num: float | None, value_high: float | None) -> Any:
    """The inverse of `split_value`, in the contract's shape: numbers as numbers, a range as [low, high]."""
    if value_high is not None and value_num is not None:
        return [_plain_number(value_num), _plain_number(value_high)]
    if value_num is not None:
        return _plain_number(value_num)
    return value_text


def block_locator(document: Document) -> Callable[[int], Block | None]:
    """`Document.block_at` by binary search: a linear scan per fact is quadratic on long documents."""
    blocks = document.blocks
    starts = [block.start for block in blocks]
    if any(a > b for a, b in zip(starts, starts[1:])):
        return document.block_at

    def locate(offset: int) -> Block | None:
        index = bisect_right(starts, offset) - 1
        if index >= 0 and blocks[index].start <= offset < blocks[index].end:
            return blocks[index]
        return None

    return locate


_NO_BLOCK = Block(text="")


def sentence_start(text: str, fact: Fact) -> int | None:
    """Where the fact's sentence starts in the document text: the occurrence that covers the fact."""
    if not fact.sentence:
        return None
    size = len(fact.sentence)
    found = text.rfind(fact.sentence, max(0, fact.end - size), fact.start + size)
    return found if found >= 0 else None


def fact_values(
    document: Document, fact: Fact, *, run_id: str, locate: Callable[[int], Block | None]
) -> tuple[Any, ...]:
    """One facts row, in `FACT_INSERT_COLUMNS` order (a tuple literal: this runs once per fact); the
    organisation is the one the fact pipeline found for it (`vanban.extractors.facts.organisations`)."""
    value_text, value_num, value_high = split_value(fact.value)
    block = locate(fact.start) or _NO_BLOCK
    return (
        fact_id(document.sha256, fact),
        document.sha256,
        fact.kind,
        fact.text,
        fact.start,
        fact.end,
        value_text,
        value_num,
        value_high,
        fact.unit,
        fact.qualifier,
        fact.of,
        fact.normalized,
        fact.doc_type,
        fact.number,
        fact.symbol,
        fact.date,
        fact.year,
        fact.issuer_code,
        fact.sentence,
        sentence_start(document.text, fact),
        block.page,
        block.paragraph,
        block.table,
        block.row,
        block.cell,
        fact.extractor,
        fact.confidence,
        to_json(fact.extra),
        "pending",
        run_id,
        fact.organisation,
        fact.entity_id,
    )


def document_values(
    document: Document,
    *,
    original_name: str,
    run_id: str,
    archive_path: str | None,
    size_bytes: int | None,
    loaded_at: datetime,
) -> dict[str, Any]:
    """The documents row of a loaded document (header fields null when the document has no header)."""
    header = document.header or Header()
    row: dict[str, Any] = {
        "sha256": document.sha256,
        "original_name": original_name,
        "format": document.format,
        "pages": document.pages,
        "size_bytes": size_bytes,
        "status": "loaded",
        "error": None,
    }
    row.update({name: getattr(header, name) for name in HEADER_FIELDS})
    row["recipients"] = to_json(header.recipients)
    row.update(
        {
            "legacy_encoding": document.legacy_encoding,
            "encoding": document.encoding,
            "warnings": to_json(document.warnings),
            "ocr_pages": to_json({str(page): share for page, share in document.ocr_pages.items()}),
            "archive_path": archive_path,
            "first_run_id": run_id,
            "last_run_id": run_id,
            "loaded_at": loaded_at,
        }
    )
    return row


def file_size(*paths: str | None) -> int | None:
    """The size of the first of `paths` that exists (the inbox copy may already be archived)."""
    for path in paths:
        if path:
            try:
                return Path(path).stat().st_size
            except OSError:
                continue
    return None


def fact_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A facts row (joined with `original_name`) → the contract's shape with provenance, keys `FACT_ROW_FIELDS`."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        out[_COLUMN_TO_FIELD.get(name, name)] = value
    out["value"] = join_value(row.get("value_text"), row.get("value_num"), row.get("value_high"))
    return {field: out.get(field) for field in FACT_ROW_FIELDS}


def header_from_row(row: dict[str, Any]) -> Header:
    fields = {name: row.get(name) for name in HEADER_FIELDS}
    fields["recipients"] = from_json(fields["recipients"])
    return Header(**fields)


# -- a document sign written with spaces or a dash of another width is still the same sign
_SIGN_SPACES_RE = re.compile(r"\s+")
_SIGN_DASHES_RE = re.compile(r"[\u2010-\u2015\u2212]")


def symbol_key(symbol: str | None) -> str | None:
    """The matching key of a document sign: `45 - KH/HU` and `45-kh/hu` → `45-KH/HU`; None for no sign.

    Example:
        symbol_key("30/2020/NĐ-CP ") → "30/2020/NĐ-CP"
    """
    if not symbol:
        return None
    key = _SIGN_DASHES_RE.sub("-", _SIGN_SPACES_RE.sub("", unicodedata.normalize("NFC", symbol))).upper()
    return key or None


# -- what a correction may change, per kind (contract names; `organisation` of an org fact is its `normalized` too)
CORRECTABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("value", "organisation"),
    "count": ("value", "unit", "organisation"),
    "percent": ("value", "organisation"),
    "org": ("organisation", "normalized"),
    "docref": ("symbol", "organisation"),
}
# -- the fields `fact_reviews.previous` and `.new` hold: enough to undo any decision by hand
REVIEW_SNAPSHOT_FIELDS = ("review_status", "value", "unit", "organisation", "normalized", "symbol", "review_note")
_ISO_VALUE_RE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)$")


def review_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """The reviewable fields of a facts row (column names or contract keys), value joined back.

    Example:
        review_snapshot({"review_status": "pending", "value_num": 120.0, "unit": "chi bộ", …})
        → {"review_status": "pending", "value": 120, "unit": "chi bộ", "organisation": None, …}
    """
    if "value_num" in row:
        value = join_value(row.get("value_text"), row.get("value_num"), row.get("value_high"))
    else:
        value = row.get("value")
    snapshot = {name: row.get(name) for name in REVIEW_SNAPSHOT_FIELDS}
    snapshot["value"] = value
    return snapshot


def _number(value: Any, kind: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"a {kind} value must be a number, not {value!r}")
    return value


def _clean_text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be text, not {value!r}")
    return " ".join(value.split()) or None


def correction_columns(kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A reviewer's changes (contract names) → the facts columns to set, checked against the fact's kind.

    Example:
        correction_columns("count", {"value": [3, 5], "unit": "lớp"})
        → {"value_text": "[3, 5]", "value_num": 3.0, "value_high": 5.0, "unit": "lớp"}

    Raises:
        ValueError: a field the kind has no use for, or a value of the wrong shape.
    """
    allowed = CORRECTABLE_FIELDS.get(kind, ())
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValueError(f"a {kind} fact cannot have {', '.join(unknown)} corrected; only {', '.join(allowed)}")
    columns: dict[str, Any] = {}
    if "value" in changes:
        value = changes["value"]
        if kind == "date":
            if not isinstance(value, str) or not _ISO_VALUE_RE.match(value):
                raise ValueError(f"a date value is ISO 8601 (2021-03-15, 2021-03, 2021, --03-15), not {value!r}")
        elif isinstance(value, (list, tuple)) and kind == "count":
            if len(value) != 2 or _number(value[0], kind) > _number(value[1], kind):
                raise ValueError(f"a count range is [low, high] with low ≤ high, not {value!r}")
            value = (value[0], value[1])
        else:
            _number(value, kind)
        columns["value_text"], columns["value_num"], columns["value_high"] = split_value(value)
    if "unit" in changes:
        columns["unit"] = _clean_text(changes["unit"], "unit")
    if "symbol" in changes:
        columns["symbol"] = _clean_text(changes["symbol"], "symbol")
    for field in ("organisation", "normalized"):
        if field in changes:
            name = _clean_text(changes[field], field)
            columns["organisation"] = name
            if kind == "org":
                columns["normalized"] = name
    return columns


def unit_key(unit: str | None) -> str | None:
    """Counts of `Đảng viên` and `đảng  viên` are counts of one unit: NFC, case-folded, spaces collapsed."""
    if not unit:
        return None
    return " ".join(unicodedata.normalize("NFC", unit).casefold().split()) or None
