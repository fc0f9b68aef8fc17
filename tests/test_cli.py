"""The command line, driven through Typer's runner (no subprocess, no Prefect server)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from tests.helpers import SAMPLES, load_one, sample_documents
from vanban.cli import app
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.warehouse import open_warehouse

runner = CliRunner()
COMMANDS = ["run", "serve", "extract", "read", "report", "facts", "evaluate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_extract_prints_one_contract_object_per_line():
    sample = sample_documents()[0]
    result = runner.invoke(app, ["extract", str(sample)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows, "a sample has facts"
    assert all(row["doc"] == str(sample) for row in rows)
    assert {row["kind"] for row in rows} <= {"date", "count", "percent", "org", "docref"}
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
    result = runner.invoke(app, ["extract", str(bad)])
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
    assert result.exit_code == 1
    assert "one of --gold" in result.output


def test_evaluate_of_a_folder_without_gold_fails_clearly(tmp_path):
    result = runner.invoke(app, ["evaluate", "--gold", str(tmp_path)])
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
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(table) == len(facts)
    assert {row["kind"] for row in table} == {f.kind for f in facts}


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
