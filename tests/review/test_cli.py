"""`vanban facts` (csv, xlsx, by review status) and `vanban review`'s help, through Typer's runner."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.review.fixtures import planned_workspace
from vanban.cli import app
from vanban.i18n import text
from vanban.models.fact import fact_id
from vanban.warehouse import open_warehouse

runner = CliRunner()


@pytest.fixture(autouse=True)
def duckdb_only(monkeypatch):
    # -- these tests use the workspace's DuckDB file: a URL left in the environment must not redirect them
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)


def test_review_help_has_an_example_and_defaults_to_loopback() -> None:
    result = runner.invoke(app, ["review", "--help"])
    assert result.exit_code == 0, result.output
    assert text("help.example") in result.output and "127.0.0.1" in result.output


def test_facts_exports_reviewed_ones_to_csv_and_everything_to_xlsx(tmp_path) -> None:
    ws, document, facts = planned_workspace(tmp_path / "home")
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        store.review_fact(fact_id(document.sha256, facts[3]), "accept", "Lan")
        store.review_fact(fact_id(document.sha256, facts[6]), "correct", "Lan", changes={"value": 1250})

    out = tmp_path / "accepted.csv"
    result = runner.invoke(
        app, ["facts", "--home", str(ws.home), "--format", "csv", "--output", str(out), "--status", "accepted"]
    )
    assert result.exit_code == 0, result.output
    assert [row["Dữ kiện"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))] == [
        "120 chi bộ"
    ]

    reviewed = tmp_path / "reviewed.csv"
    runner.invoke(
        app, ["facts", "--home", str(ws.home), "-f", "csv", "-o", str(reviewed), "--status", "accepted,corrected"]
    )
    assert len(list(csv.DictReader(io.StringIO(reviewed.read_text(encoding="utf-8-sig"))))) == 2

    book = tmp_path / "all.xlsx"
    result = runner.invoke(app, ["facts", "--home", str(ws.home), "--format", "xlsx", "--output", str(book)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(book).active
    assert sheet.max_row == 1 + len(facts) and sheet["A1"].value == "Văn bản"


def test_facts_refuses_xlsx_to_the_terminal_and_unknown_statuses(tmp_path) -> None:
    xlsx = runner.invoke(app, ["--lang", "en", "facts", "--home", str(tmp_path), "--format", "xlsx"])
    assert xlsx.exit_code == 2 and "--output" in xlsx.output
    status = runner.invoke(app, ["--lang", "en", "facts", "--home", str(tmp_path), "--status", "approved"])
    assert status.exit_code == 2 and "unknown review status approved" in status.output


def test_review_says_what_replaced_the_reviewer_option(tmp_path) -> None:
    result = runner.invoke(app, ["--lang", "en", "review", "--home", str(tmp_path), "--reviewer", "Lan"])
    assert result.exit_code == 2 and "signs in with an account" in result.output


def test_review_refuses_half_a_certificate_and_a_missing_one(tmp_path) -> None:
    half = runner.invoke(
        app, ["--lang", "en", "review", "--home", str(tmp_path), "--certfile", str(tmp_path / "c.pem")]
    )
    assert half.exit_code == 2 and "go together" in half.output
    missing = runner.invoke(
        app,
        [
            "--lang",
            "en",
            "review",
            "--home",
            str(tmp_path),
            "--certfile",
            str(tmp_path / "c.pem"),
            "--keyfile",
            str(tmp_path / "k"),
        ],
    )
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_hosts_for_a_wildcard_address_add_this_machines_names_and_nothing_else() -> None:
    import socket

    from vanban.review.app import hosts_for

    assert hosts_for("127.0.0.1") == {"127.0.0.1", "localhost", "::1"}
    everywhere = hosts_for("0.0.0.0", public_url="https://duyet.vanphong.lan/", extra=("may-duyet",))
    assert {socket.gethostname(), "duyet.vanphong.lan", "may-duyet", "127.0.0.1"} <= everywhere
    assert "0.0.0.0" not in everywhere and "*" not in everywhere
