"""`vanban tasks` through Typer's runner: the open tasks of a warehouse as a table, CSV and an Excel sheet."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.helpers import load_one
from tests.warehouse.directive import directive_document
from vanban.cli import app
from vanban.warehouse import open_warehouse

runner = CliRunner()
TODAY = ["--today", "2024-06-20"]
OVERDUE = "báo cáo kết quả thực hiện"
DUE_SOON = "tham mưu sơ kết việc thực hiện Nghị quyết"
LATER = "tổng kết công tác tuyên truyền"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    document, facts = directive_document()
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        store.ensure_schema()
        load_one(store, document, facts, original_name="chi-thi-07.docx", run_id="r1")
    return tmp_path


def tasks(home: Path, *args: str):
    result = runner.invoke(app, ["tasks", "--home", str(home), *TODAY, *args])
    assert result.exit_code == 0, result.output
    return result


def test_the_table_lists_tasks_due_soon_and_overdue_with_days_and_source(home: Path) -> None:
    lines = tasks(home, "--due-within", "14d").stdout.splitlines()

    assert len(lines) == 3  # -- the header and two tasks, overdue first
    assert OVERDUE in lines[1] and "quá hạn 20 ngày" in lines[1] and "31/05/2024" in lines[1]
    assert DUE_SOON in lines[2] and "còn 10 ngày" in lines[2] and "Ban Tổ chức Huyện uỷ" in lines[2]
    assert "Chỉ thị 07-CT/HU ngày 10/06/2024" in lines[2]


def test_the_lead_filter_folds_case_and_tone_marks(home: Path) -> None:
    output = tasks(home, "--lead", "ban to chuc huyen uy").stdout

    assert DUE_SOON in output
    assert OVERDUE not in output and LATER not in output


def test_a_csv_file_is_for_people_and_a_piped_csv_for_programs(home: Path) -> None:
    out = home / "nhac-viec.csv"
    tasks(home, "--overdue", "--format", "csv", "--output", str(out))

    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    [row] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert (row["Cơ quan chủ trì"], row["Nhiệm vụ"], row["Thời hạn"]) == (
        "UBND huyện Bình Liêu",
        OVERDUE,
        "tháng 5/2024",
    )
    assert row["Số ngày còn lại (âm: quá hạn)"] == "-20"

    piped = list(csv.DictReader(io.StringIO(tasks(home, "--overdue", "--format", "csv").stdout)))
    assert [(json.loads(row["lead"]), row["due_date"], row["days_left"]) for row in piped] == [
        (["UBND huyện Bình Liêu"], "2024-05-31", "-20")
    ]


def test_the_xlsx_sheet_reads_back_with_dates_and_days(home: Path) -> None:
    out = home / "nhac-viec.xlsx"
    result = tasks(home, "--all", "--format", "xlsx", "--output", str(out))

    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    headers, body = rows[0], rows[1:]
    column = {header: index for index, header in enumerate(headers)}
    assert sheet.title == "Nhiệm vụ"
    assert len(body) == 4 and "4" in result.stderr
    first = body[0]
    assert first[column["Nhiệm vụ"]] == OVERDUE
    assert first[column["Hạn cuối"]] == datetime(2024, 5, 31)
    assert first[column["Số ngày còn lại (âm: quá hạn)"]] == -20
    assert first[column["Tình trạng"]] == "đang theo dõi"
    assert body[-1][column["Định kỳ"]] == "hằng tháng"


def test_done_tasks_come_back_with_all_and_not_done_ones_stay(home: Path) -> None:
    with open_warehouse(None, default_path=home / "warehouse.duckdb") as store:
        store.db.execute('UPDATE "tasks" SET "progress" = ? WHERE "action" = ?', ["done", OVERDUE])
        store.db.execute('UPDATE "tasks" SET "progress" = ? WHERE "action" = ?', ["not_done", DUE_SOON])

    listed = tasks(home).stdout
    assert OVERDUE not in listed
    assert "còn 10 ngày (không hoàn thành)" in next(line for line in listed.splitlines() if DUE_SOON in line)
    [line] = [line for line in tasks(home, "--all").stdout.splitlines() if OVERDUE in line]
    assert "đã hoàn thành" in line and "quá hạn" not in line


def test_nothing_to_follow_up_says_so(home: Path) -> None:
    assert tasks(home, "--lead", "Ban Dân vận Huyện ủy").stdout.strip() == "Không có nhiệm vụ nào cần theo dõi."


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--due-within", "two weeks"], "two weeks"), (["--today", "20/06/2024"], "20/06/2024")],
    ids=["days", "today"],
)
def test_a_window_or_day_it_cannot_read_is_one_line_with_exit_2(home: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["--lang", "en", "tasks", "--home", str(home), *args])

    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
