"""report/export.py: the same columns in CSV and XLSX, and document text never becomes a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from vanban.report.export import COLUMN_LABELS, EXPORT_COLUMNS, csv_cell, write_csv, write_xlsx

FACTS = [
    {
        "original_name": "kh.docx",
        "kind": "count",
        "text": "từ 3 đến 5 lớp",
        "value": [3, 5],
        "unit": "lớp",
        "confidence": 0.9,
    },
    {
        "original_name": "kh.docx",
        "kind": "org",
        "text": '=HYPERLINK("http://x")',
        "sentence": "- Ban Thường vụ",
        "review_status": "accepted",
    },
]


def test_csv_has_the_contract_columns_and_guards_formulas() -> None:
    stream = io.StringIO()
    assert write_csv(FACTS, stream) == 2
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert (rows[0]["value"], rows[0]["unit"]) == ("[3, 5]", "lớp")
    assert rows[1]["text"].startswith("'=") and rows[1]["sentence"] == "'- Ban Thường vụ"
    assert csv_cell(-3) == -3


def test_xlsx_has_vietnamese_headers_numbers_and_no_formulas(tmp_path: Path) -> None:
    path = tmp_path / "facts.xlsx"
    assert write_xlsx(FACTS, path) == 2
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    assert header == [COLUMN_LABELS[column] for column in EXPORT_COLUMNS]
    by_name = dict(zip(EXPORT_COLUMNS, sheet[3]))
    assert by_name["text"].data_type == "s" and by_name["text"].value == '=HYPERLINK("http://x")'
    assert dict(zip(EXPORT_COLUMNS, sheet[2]))["confidence"].value == 0.9
    assert sheet.freeze_panes == "A2"
