"""Facts out to CSV and XLSX for people who work in Excel: one row per fact, the same columns in both.

Example:
    write_csv(warehouse.iter_facts(status="accepted"), stream)
    write_xlsx(warehouse.iter_facts(), Path("facts.xlsx"))

Text that comes from a document can start with `=`, `+`, `-` or `@`, which a spreadsheet would run as
a formula: in CSV such a cell gets a leading `'` (what spreadsheets show as text), in XLSX it is
stored as a string cell, never a formula.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

EXPORT_COLUMNS = (
    "doc_sha256", "original_name", "kind", "text", "value", "unit", "qualifier", "normalized", "organisation",
    "doc_type", "number", "symbol", "date", "start", "end", "sentence", "extractor", "confidence",
    "review_status", "reviewed_by", "reviewed_at", "review_note",
)  # fmt: skip
# -- the header people read in the XLSX sheet; the CSV keeps the contract's names for programs
COLUMN_LABELS = {
    "doc_sha256": "Mã nội dung văn bản",
    "original_name": "Tệp",
    "kind": "Loại",
    "text": "Dữ kiện",
    "value": "Giá trị",
    "unit": "Đơn vị",
    "qualifier": "Định lượng",
    "normalized": "Tên chuẩn",
    "organisation": "Tổ chức",
    "doc_type": "Loại văn bản dẫn chiếu",
    "number": "Số",
    "symbol": "Ký hiệu",
    "date": "Ngày",
    "start": "Vị trí đầu",
    "end": "Vị trí cuối",
    "sentence": "Câu",
    "extractor": "Quy tắc",
    "confidence": "Độ tin cậy",
    "review_status": "Trạng thái duyệt",
    "reviewed_by": "Người duyệt",
    "reviewed_at": "Lúc duyệt",
    "review_note": "Ghi chú",
}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    """A cell value: lists as JSON (`[3, 5]`), times as ISO text, the rest as is."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: `=1+1` → `'=1+1`; numbers and None unchanged.

    Example:
        csv_cell("- Ban Thường vụ") → "'- Ban Thường vụ";  csv_cell(-3) → -3
    """
    value = _plain(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_row(fact: dict[str, Any]) -> list[Any]:
    """A fact (`vanban.warehouse.rows.FACT_ROW_FIELDS` keys) → its cells in `EXPORT_COLUMNS` order."""
    return [_plain(fact.get(column)) for column in EXPORT_COLUMNS]


def write_csv(facts: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """Write a header and one row per fact; returns the number of facts written."""
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    written = 0
    for fact in facts:
        writer.writerow([csv_cell(fact.get(column)) for column in EXPORT_COLUMNS])
        written += 1
    return written


def write_xlsx(facts: Iterable[dict[str, Any]], target: Path | IO[bytes]) -> int:
    """One sheet, "Dữ kiện": Vietnamese headers, frozen header row, a filter on every column; returns facts written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Dữ kiện"
    sheet.append([COLUMN_LABELS[column] for column in EXPORT_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    written = 0
    for fact in facts:
        sheet.append(export_row(fact))
        written += 1
        for cell in sheet[sheet.max_row]:
            # -- openpyxl reads a string that starts with "=" as a formula: keep document text as text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_COLUMNS))}{max(sheet.max_row, 1)}"
    widths = {"text": 30, "sentence": 60, "original_name": 28, "organisation": 30, "normalized": 30, "doc_sha256": 14}
    for index, column in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column, 14)
    workbook.save(target)
    return written
