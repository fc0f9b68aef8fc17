"""Facts out to CSV and XLSX: for people who work in Excel, and for programs.

People (an XLSX sheet, a CSV file from `vanban facts --output` or the review page) get Vietnamese headers,
the document's name and sign first, the position counted from 1 (page, paragraph, table, row, cell),
kind and status in Vietnamese, typed values (dates as dates, a range as two columns), review times in
Vietnam time, and the fact id last. Programs (CSV to a pipe) get the contract's columns and values.

Example:
    write_xlsx(warehouse.iter_facts(), Path("du-kien.xlsx"))
    write_csv(warehouse.iter_facts(), stream)                       # people's columns; the caller adds the BOM
    write_csv(warehouse.iter_facts(), sys.stdout, for_people=False)  # the contract's columns

Text that comes from a document can start with `=`, `+`, `-` or `@`, which a spreadsheet would run as
a formula: in CSV such a cell gets a leading `'` (what spreadsheets show as text), in XLSX it is
stored as a string cell, never a formula.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from vanban.report.labels import KIND_LABELS, REVIEW_STATUS_LABELS

# -- the contract's columns, for programs (CSV to a pipe)
EXPORT_COLUMNS = (
    "doc_sha256", "original_name", "kind", "text", "value", "unit", "qualifier", "normalized", "organisation",
    "doc_type", "number", "symbol", "date", "start", "end", "sentence", "extractor", "confidence",
    "review_status", "reviewed_by", "reviewed_at", "review_note",
)  # fmt: skip
LOCAL_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _counted_from_one(name: str) -> Callable[[dict[str, Any]], Any]:
    # -- the readers count paragraphs, tables, rows and cells from 0; people count from 1
    def cell(fact: dict[str, Any]) -> Any:
        value = fact.get(name)
        return value + 1 if isinstance(value, int) else None

    return cell


def _low(fact: dict[str, Any]) -> Any:
    value = fact.get("value")
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    if fact.get("kind") == "date":
        return as_date(value)
    return value


def _high(fact: dict[str, Any]) -> Any:
    value = fact.get("value")
    return value[1] if isinstance(value, (list, tuple)) and len(value) > 1 else None


def _label(name: str, labels: dict[str, str]) -> Callable[[dict[str, Any]], Any]:
    def cell(fact: dict[str, Any]) -> Any:
        value = fact.get(name)
        return labels.get(value, value) if isinstance(value, str) else value

    return cell


def _field(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda fact: fact.get(name)


# -- the people's columns: (header, how the cell comes from a fact row), in the sheet's order
PEOPLE_COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], Any]], ...] = (
    ("Văn bản", _field("original_name")),
    ("Số, ký hiệu văn bản", _field("doc_symbol")),
    ("Trang", _field("page")),  # -- the PDF reader counts pages from 1 already
    ("Đoạn", _counted_from_one("paragraph")),
    ("Bảng", _counted_from_one("table")),
    ("Hàng", _counted_from_one("row")),
    ("Ô", _counted_from_one("cell")),
    ("Loại dữ kiện", _label("kind", KIND_LABELS)),
    ("Dữ kiện", _field("text")),
    ("Giá trị", _low),
    ("Giá trị đến", _high),
    ("Đơn vị", _field("unit")),
    ("Định lượng", _field("qualifier")),
    ("Tổ chức", _field("organisation")),
    ("Tên chuẩn", _field("normalized")),
    ("Loại văn bản dẫn chiếu", _field("doc_type")),
    ("Số văn bản dẫn chiếu", _field("number")),
    ("Ký hiệu văn bản dẫn chiếu", _field("symbol")),
    ("Ngày văn bản dẫn chiếu", lambda fact: as_date(fact.get("date"))),
    ("Câu", _field("sentence")),
    ("Độ tin cậy", _field("confidence")),
    ("Trạng thái duyệt", _label("review_status", REVIEW_STATUS_LABELS)),
    ("Người duyệt", _field("reviewed_by")),
    ("Lúc duyệt (giờ Việt Nam)", lambda fact: local_time(fact.get("reviewed_at"))),
    ("Ghi chú duyệt", _field("review_note")),
    ("Quy tắc", _field("extractor")),
    ("Mã nội dung văn bản (SHA-256)", _field("doc_sha256")),
    ("Mã dữ kiện", _field("id")),
)
PEOPLE_HEADERS = tuple(header for header, _ in PEOPLE_COLUMNS)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_date(value: Any) -> Any:
    """`"2024-05-01"` → date(2024, 5, 1); a partial date (`"2024-05"`) or anything else unchanged."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def local_time(value: Any) -> datetime | None:
    """A stored time (aware, naive UTC, or ISO text) → Vietnam time without tzinfo (Excel has no time zones).

    Example:
        local_time("2026-12-05T19:30:00+00:00") → datetime(2026, 12, 6, 2, 30)
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(LOCAL_TIMEZONE).replace(tzinfo=None)


def people_row(fact: dict[str, Any]) -> list[Any]:
    """A fact (`vanban.warehouse.rows.FACT_ROW_FIELDS` keys, plus `doc_symbol`) → the people's cells."""
    return [cell(fact) for _, cell in PEOPLE_COLUMNS]


def _plain(value: Any) -> Any:
    """A CSV cell value: lists as JSON (`[3, 5]`), times and dates as ISO text, the rest as is."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
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
    """A fact → its cells in `EXPORT_COLUMNS` order (the contract's values)."""
    return [_plain(fact.get(column)) for column in EXPORT_COLUMNS]


def write_csv(facts: Iterable[dict[str, Any]], stream: IO[str], *, for_people: bool = True) -> int:
    """Write a header and one row per fact; returns the number of facts written.

    `for_people`: the people's columns (open it in Excel: write a BOM first, as `utf-8-sig` does); else
    the contract's columns and values, for programs.
    """
    writer = csv.writer(stream)
    writer.writerow(PEOPLE_HEADERS if for_people else EXPORT_COLUMNS)
    written = 0
    for fact in facts:
        cells = people_row(fact) if for_people else [fact.get(column) for column in EXPORT_COLUMNS]
        writer.writerow([csv_cell(value) for value in cells])
        written += 1
    return written


def write_xlsx(facts: Iterable[dict[str, Any]], target: Path | IO[bytes]) -> int:
    """One sheet, "Dữ kiện": the people's columns, frozen header row, a filter on every column; returns facts written."""
    widths = {"Văn bản": 28, "Số, ký hiệu văn bản": 16, "Dữ kiện": 30, "Câu": 60, "Tổ chức": 30, "Tên chuẩn": 30}
    widths.update(dict.fromkeys(("Trang", "Đoạn", "Bảng", "Hàng", "Ô"), 7))
    rows = (people_row(fact) for fact in facts)
    return write_sheet(rows, PEOPLE_HEADERS, target, title="Dữ kiện", widths=widths)


def write_sheet(
    rows: Iterable[Sequence[Any]],
    headers: Sequence[str],
    target: Path | IO[bytes],
    *,
    title: str,
    widths: dict[str, int] | None = None,
) -> int:
    """One sheet of `headers` and `rows`: bold frozen header row, a filter on every column, dates as dates,
    document text never a formula; columns `widths` wide by header (14 otherwise); returns rows written.

    Example:
        write_sheet([["Ban Tổ chức Huyện ủy", date(2024, 6, 30)]], ["Chủ trì", "Hạn"], Path("nv.xlsx"), title="Nhiệm vụ") → 1
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    written = 0
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        written += 1
        for cell in sheet[sheet.max_row]:
            # -- openpyxl reads a string that starts with "=" as a formula: keep document text as text
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            elif isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(header, 14)
    workbook.save(target)
    return written


def write_rows_csv(rows: Iterable[Sequence[Any]], headers: Sequence[str], stream: IO[str]) -> int:
    """A header and the rows, every cell through `csv_cell` (no formulas, lists as JSON); returns rows written."""
    writer = csv.writer(stream)
    writer.writerow(headers)
    written = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        written += 1
    return written


def _xlsx_value(value: Any) -> Any:
    # -- a cell holds one value: anything structured goes in as its JSON text
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
