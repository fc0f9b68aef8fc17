"""Pure mappings between the model (`Document`, `Fact`) and warehouse rows, both ways.

Example:
    fact_values(document, fact, run_id="r1")   → a tuple in `FACT_INSERT_COLUMNS` order
    fact_dict(row)                              → {"kind": "count", "value": [7, 9], "unit": "lớp", …}
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from models.document import HEADER_FIELDS, Block, Document, Header
from models.fact import Fact, fact_id

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
)
REVIEWER_COLUMNS = ("review_note", "reviewed_at")

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
        return f"[{_number_text(low)}, {_number_text(high)}]", float(low), float(high)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value), float(value), None
    return str(value), None, None


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


def fact_values(document: Document, fact: Fact, *, run_id: str, locate: Callable[[int], Block | None]) -> tuple[Any, ...]:
    """One facts row, in `FACT_INSERT_COLUMNS` order (a tuple literal: this runs once per fact)."""
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
