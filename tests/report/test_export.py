"""report/export.py: people's columns in XLSX and CSV files, the contract's for programs, never a formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from vanban.report.export import EXPORT_COLUMNS, PEOPLE_HEADERS, csv_cell, local_time, write_csv, write_xlsx

FACTS = [
    {
        "id": "f1",
        "doc_sha256": "a" * 64,
        "original_name": "kh.docx",
        "doc_symbol": "45-KH/HU",
        "kind": "count",
        "text": "từ 3 đến 5 lớp",
        "value": [3, 5],
        "unit": "lớp",
        "confidence": 0.9,
        "paragraph": 0,
        "review_status": "pending",
    },
    {
        "id": "f2",
        "doc_sha256": "a" * 64,
        "original_name": "kh.docx",
        "kind": "org",
        "text": '=HYPERLINK("http://x")',
        "sentence": "- Ban Thường vụ",
        "review_status": "accepted",
        "reviewed_at": "2026-12-05T19:30:00+00:00",
        "table": 1,
        "row": 0,
        "cell": 2,
    },
    {
        "id": "f3",
        "doc_sha256": "b" * 64,
        "original_name": "qd.pdf",
        "kind": "date",
        "text": "ngày 15 tháng 6 năm 2025",
        "value": "2025-06-15",
        "page": 2,
        "paragraph": 4,
        "review_status": "corrected",
    },
]


def _column(sheet, header: str, row: int):
    return sheet.cell(row=row, column=PEOPLE_HEADERS.index(header) + 1)


def test_xlsx_reads_as_people_read_it(tmp_path: Path) -> None:
    path = tmp_path / "facts.xlsx"
    assert write_xlsx(FACTS, path) == 3
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == list(PEOPLE_HEADERS)
    assert PEOPLE_HEADERS[:2] == ("Văn bản", "Số, ký hiệu văn bản") and PEOPLE_HEADERS[-1] == "Mã dữ kiện"
    assert _column(sheet, "Số, ký hiệu văn bản", 2).value == "45-KH/HU"
    # -- a range in two number cells; kinds and statuses in Vietnamese
    assert (_column(sheet, "Giá trị", 2).value, _column(sheet, "Giá trị đến", 2).value) == (3, 5)
    assert _column(sheet, "Loại dữ kiện", 2).value == "Số lượng"
    assert _column(sheet, "Trạng thái duyệt", 3).value == "đã duyệt"
    # -- positions counted from 1: paragraph 0 is the first paragraph; the PDF page stays as read
    assert _column(sheet, "Đoạn", 2).value == 1
    assert [_column(sheet, name, 3).value for name in ("Bảng", "Hàng", "Ô")] == [2, 1, 3]
    assert (_column(sheet, "Trang", 4).value, _column(sheet, "Đoạn", 4).value) == (2, 5)
    # -- a date is a date cell; review time in Vietnam time (UTC+7)
    assert _column(sheet, "Giá trị", 4).value == datetime(2025, 6, 15)
    assert _column(sheet, "Giá trị", 4).number_format == "DD/MM/YYYY"
    assert _column(sheet, "Lúc duyệt (giờ Việt Nam)", 3).value == datetime(2026, 12, 6, 2, 30)
    # -- document text is never a formula
    text = _column(sheet, "Dữ kiện", 3)
    assert text.data_type == "s" and text.value == '=HYPERLINK("http://x")'
    assert _column(sheet, "Mã dữ kiện", 4).value == "f3"
    assert sheet.freeze_panes == "A2"


def test_people_csv_has_vietnamese_headers_and_guards_formulas() -> None:
    stream = io.StringIO()
    assert write_csv(FACTS, stream) == 3
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == PEOPLE_HEADERS
    assert (rows[0]["Giá trị"], rows[0]["Giá trị đến"], rows[0]["Loại dữ kiện"]) == ("3", "5", "Số lượng")
    assert rows[1]["Dữ kiện"].startswith("'=") and rows[1]["Câu"] == "'- Ban Thường vụ"
    assert rows[1]["Lúc duyệt (giờ Việt Nam)"] == "2026-12-06 02:30:00"
    assert rows[2]["Giá trị"] == "2025-06-15"


def test_csv_for_programs_keeps_the_contract() -> None:
    stream = io.StringIO()
    write_csv(FACTS, stream, for_people=False)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert (rows[0]["value"], rows[0]["kind"], rows[0]["review_status"]) == ("[3, 5]", "count", "pending")
    assert csv_cell(-3) == -3


def test_local_time_reads_naive_times_as_utc() -> None:
    assert local_time(datetime(2026, 1, 1, 17, 0)) == datetime(2026, 1, 2, 0, 0)
    assert local_time(None) is None and local_time("not a time") is None
    assert date(2025, 6, 15) == local_time("2025-06-14T17:00:00+00:00").date()
