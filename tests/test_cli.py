"""The command line, driven through Typer's runner (no Prefect server); the language and the help in subprocesses."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.helpers import SAMPLES, load_one, sample_documents
from vanban.cli import app
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.i18n import text
from vanban.models.fact import FACT_KINDS
from vanban.report.labels import KIND_LABELS
from vanban.warehouse import open_warehouse

runner = CliRunner()
COMMANDS = ["run", "serve", "extract", "read", "report", "runs", "facts", "tasks", "review", "evaluate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert text("help.example") in result.output


def test_extract_prints_one_contract_object_per_line():
    sample = sample_documents()[0]
    result = runner.invoke(app, ["extract", str(sample)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows, "a sample has facts"
    assert all(row["doc"] == str(sample) for row in rows)
    assert {row["kind"] for row in rows} <= set(FACT_KINDS)
    assert all({"text", "start", "end"} <= row.keys() for row in rows)


def test_extract_table_format_names_the_document():
    sample = sample_documents()[0]
    result = runner.invoke(app, ["extract", str(sample), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert sample.name[:20] in result.output


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"plain bytes", "hong.docx", "not a .docx"), (b"a,b\n", "bang.csv", "no reader for '.csv'")],
    ids=["not-a-zip", "unsupported"],
)
def test_extract_fails_with_a_clear_line_and_no_traceback(tmp_path, content, name, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    result = runner.invoke(app, ["--lang", "en", "extract", str(bad)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_read_json_shows_blocks_and_header():
    docx = next(p for p in sample_documents() if p.suffix == ".docx")
    result = runner.invoke(app, ["read", str(docx), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["format"] == "docx"
    assert data["blocks"] and data["header"]["symbol"]


def test_evaluate_scores_every_kind_on_the_samples():
    result = runner.invoke(app, ["evaluate", "--gold", str(SAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    totals = json.loads(result.output)["totals"]
    for kind in ("date", "count", "percent", "org", "docref"):
        assert totals[kind]["tp"] > 0, kind


def test_evaluate_headers_scores_each_field_of_the_samples():
    result = runner.invoke(app, ["evaluate", "--headers", str(SAMPLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)["fields"]
    assert {"issuer", "symbol", "date", "subject", "signer_name"} <= set(fields)
    assert all(field["stamp_text"] == 0 for field in fields.values())
    assert fields["symbol"]["accuracy"] >= 0.9, fields


def test_evaluate_wants_gold_or_headers_not_both(tmp_path):
    result = runner.invoke(app, ["evaluate", "--gold", str(tmp_path), "--headers", str(tmp_path)])
    assert result.exit_code == 2
    assert "--gold" in result.output and "--headers" in result.output


def test_evaluate_of_a_folder_without_gold_fails_clearly(tmp_path):
    result = runner.invoke(app, ["--lang", "en", "evaluate", "--gold", str(tmp_path)])
    assert result.exit_code == 1
    assert "no gold files" in result.output


def _load_sample(home):
    sample = sample_documents()[0]
    document = read_document(sample)
    facts = extract_document(document)
    with open_warehouse(None, default_path=home / "warehouse.duckdb") as store:
        store.ensure_schema()
        load_one(store, document, facts, original_name=sample.name, run_id="r1", archive_path=None)
    return sample, facts


def test_facts_dumps_jsonl_and_csv_with_document_identity(tmp_path):
    sample, facts = _load_sample(tmp_path)

    jsonl = runner.invoke(app, ["facts", "--home", str(tmp_path)])
    assert jsonl.exit_code == 0, jsonl.output
    rows = [json.loads(line) for line in jsonl.output.splitlines()]
    assert len(rows) == len(facts)
    assert {row["original_name"] for row in rows} == {sample.name}
    assert all(len(row["doc_sha256"]) == 64 for row in rows)

    out = tmp_path / "facts.csv"
    result = runner.invoke(app, ["facts", "--home", str(tmp_path), "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()), "a CSV file for Excel starts with a BOM"
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == len(facts)
    assert {row["Loại dữ kiện"] for row in table} == {KIND_LABELS[f.kind] for f in facts}
    assert all(row["Mã dữ kiện"] for row in table)

    piped = runner.invoke(app, ["facts", "--home", str(tmp_path), "--format", "csv"])
    assert not piped.stdout.startswith("\ufeff")
    assert {row["kind"] for row in csv.DictReader(io.StringIO(piped.stdout))} == {f.kind for f in facts}


def test_extract_and_facts_give_each_fact_the_same_organisation(tmp_path):
    sample, _ = _load_sample(tmp_path)

    extracted = runner.invoke(app, ["extract", str(sample)])
    stored = runner.invoke(app, ["facts", "--home", str(tmp_path)])

    assert extracted.exit_code == stored.exit_code == 0
    by_span = {
        (row["kind"], row["start"], row["end"]): row.get("organisation")
        for row in map(json.loads, extracted.output.splitlines())
    }
    rows = [json.loads(line) for line in stored.output.splitlines()]
    assert any(row["organisation"] for row in rows), "a sample names an organisation"
    assert {(row["kind"], row["start"], row["end"]): row["organisation"] for row in rows} == by_span


def test_report_renders_the_warehouse(tmp_path):
    sample, _ = _load_sample(tmp_path)
    result = runner.invoke(app, ["report", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = result.output.strip().splitlines()[-1]
    html = open(path, encoding="utf-8").read()
    assert sample.name in html
    assert (tmp_path / "reports" / "latest.html").exists()


# -- errors: one line, no traceback, the exit code scheme of vanban.cli.ExitCode


def _one_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output and "╭" not in result.output
    return lines[0]


def test_a_mistyped_option_is_one_line_with_exit_2():
    result = runner.invoke(app, ["--lang", "en", "runs", "--colour"])
    assert result.exit_code == 2
    assert "No such option: --colour" in _one_line(result)


def test_a_missing_workspace_is_said_not_created(tmp_path, monkeypatch):
    typo = tmp_path / "vanbam-home"
    monkeypatch.setenv("VANBAN_HOME", str(typo))
    for command in (["facts"], ["runs"], ["report"]):
        result = runner.invoke(app, ["--lang", "en", *command])
        assert result.exit_code == 3, (command, result.output)
        assert f"the workspace {typo} does not exist" in _one_line(result)
    assert not typo.exists()


def test_report_of_an_unknown_run_is_one_line(tmp_path):
    _load_sample(tmp_path)
    result = runner.invoke(app, ["--lang", "en", "report", "--home", str(tmp_path), "--run", "nope"])
    assert result.exit_code == 1
    assert "no run 'nope'" in _one_line(result)


def test_an_unwritable_report_is_one_line(tmp_path):
    _load_sample(tmp_path)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "latest.html").mkdir()  # -- a folder where the page goes: refused even to root
    result = runner.invoke(app, ["--lang", "en", "report", "--home", str(tmp_path)])
    assert result.exit_code == 3
    assert "cannot write" in _one_line(result)


def test_extract_names_a_folder_and_goes_on_past_a_bad_file(tmp_path):
    sample = sample_documents()[0]
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"half a file")
    result = runner.invoke(app, ["--lang", "en", "extract", str(tmp_path), str(broken), str(sample)])
    assert result.exit_code == 1
    assert f"{tmp_path} is a folder" in result.stderr
    assert "hong.docx" in result.stderr and "2 of 3 files could not be read" in result.stderr
    assert "Traceback" not in result.output
    assert {json.loads(line)["doc"] for line in result.stdout.splitlines()} == {str(sample)}


def test_an_unreachable_postgresql_is_one_line_at_once(tmp_path):
    import time

    started = time.monotonic()
    result = runner.invoke(
        app, ["--lang", "en", "facts", "--home", str(tmp_path), "--warehouse", "postgresql://vanban@127.0.0.1:9/x"]
    )
    assert result.exit_code == 3
    assert "cannot connect to the PostgreSQL warehouse" in _one_line(result)
    assert time.monotonic() - started < 15


def test_run_refuses_an_unsupported_url_before_its_flow_starts(tmp_path):
    result = runner.invoke(app, ["--lang", "en", "run", "--home", str(tmp_path), "--warehouse", "mysql://u@h/db"])
    assert result.exit_code == 3
    assert "unsupported warehouse URL" in _one_line(result)


# -- vanban runs, --version


def test_runs_lists_each_run_with_its_counts(tmp_path):
    from datetime import UTC, datetime

    sample, facts = _load_sample(tmp_path)
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        store.start_run("r1", datetime(2026, 12, 5, 19, 0, tzinfo=UTC))
        store.finish_run(
            "r1",
            finished_at=datetime(2026, 12, 5, 19, 1, tzinfo=UTC),
            files_seen=2,
            loaded=1,
            duplicates=0,
            quarantined=1,
            skipped=0,
            status="completed",
        )
    listed = runner.invoke(app, ["runs", "--home", str(tmp_path), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    (run,) = [json.loads(line) for line in listed.output.splitlines()]
    assert (run["id"], run["documents"], run["facts"], run["quarantined"], run["status"]) == (
        "r1",
        1,
        len(facts),
        1,
        "completed",
    )
    table = runner.invoke(app, ["--lang", "vi", "runs", "--home", str(tmp_path)])
    header, row = table.output.splitlines()
    assert header.split()[:3] == ["mã", "bắt", "đầu"]
    assert "2026-12-06 02:00:00" in row and "hoàn thành" in row  # -- Hanoi time, status in Vietnamese


def test_version_prints_the_package_version():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"vanban {version('vanban')}"


# -- the language: Vietnamese by default, English by LANG/LC_ALL or --lang, help included


def _vanban(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    if lang:
        environ["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "vanban.cli", *args], capture_output=True, text=True, env=environ, timeout=120
    )


def test_help_is_vietnamese_by_default_and_english_on_request():
    vietnamese = _vanban("run", "--help", lang="C.UTF-8")
    english = _vanban("run", "--help", lang="en_US.UTF-8")
    by_option = _vanban("--lang", "en", "extract", "--help", lang="vi_VN.UTF-8")
    assert "Cách dùng:" in vietnamese.stdout and "Chạy luồng hằng đêm" in vietnamese.stdout
    assert "Usage:" in english.stdout and "Run the nightly flow" in english.stdout
    assert "Print the facts of documents" in by_option.stdout and ".doc," in by_option.stdout
    for result in (vietnamese, english):
        assert "-v, --verbose" in result.stdout and "<bool>" not in result.stdout


def test_messages_follow_the_language(tmp_path):
    missing = str(tmp_path / "khong-co")
    vietnamese = runner.invoke(app, ["--lang", "vi", "facts", "--home", missing])
    english = runner.invoke(app, ["--lang", "en", "facts", "--home", missing])
    assert "không tồn tại" in vietnamese.output and "does not exist" in english.output


def test_lang_may_follow_the_command():
    from vanban.cli import lang_first

    assert lang_first(["runs", "--lang", "en", "--limit", "3"]) == ["--lang", "en", "runs", "--limit", "3"]
    assert lang_first(["extract", "--", "--lang"]) == ["extract", "--", "--lang"]
    result = runner.invoke(app, ["facts", "--home", "/khong/co", "--lang", "en"])
    assert result.exit_code == 3 and "does not exist" in result.output


def test_run_says_an_unreachable_postgresql_in_one_line_before_prefect(tmp_path):
    result = runner.invoke(
        app, ["--lang", "en", "run", "--home", str(tmp_path), "--warehouse", "postgresql://vanban@127.0.0.1:9/x"]
    )
    assert result.exit_code == 3
    assert "Connection refused" in _one_line(result) or "connection" in _one_line(result)
