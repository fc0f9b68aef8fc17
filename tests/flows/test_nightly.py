"""The nightly flow, run for real under Prefect's test harness, against DuckDB and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from tests.helpers import drop_into, sample_documents
from vanban.cli import app
from vanban.flows.nightly import RunInProgress, nightly
from vanban.models.fact import FACT_KINDS
from vanban.run.progress import SUMMARY_STAGES
from vanban.settings import resolve_workspace
from vanban.warehouse import open_warehouse


def _facts_in(url: str | None, home: Path) -> int:
    with open_warehouse(url, default_path=home / "warehouse.duckdb") as store:
        return sum(store.fact_counts().values())


def _run(home: Path, **kwargs) -> dict:
    return nightly(home=str(home), settle_seconds=0, **kwargs)


def _files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def duckdb_env(monkeypatch):
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    return None


def test_nightly_loads_every_sample_once_then_finds_duplicates(prefect_harness, nightly_warehouse_url, tmp_path):
    samples = sample_documents()
    drop_into(tmp_path / "inbox", *samples)

    first = _run(tmp_path)

    assert first["loaded"] == len(samples)
    assert first["quarantined"] == 0 and first["duplicates"] == 0
    assert {"date", "count", "percent", "org", "docref", "task", "person"} <= set(first["facts"]) <= set(FACT_KINDS)
    facts_after_first = _facts_in(nightly_warehouse_url, tmp_path)
    assert facts_after_first == sum(first["facts"].values()) > 0
    assert [p for p in _files_below(tmp_path / "inbox") if not p.name.startswith(".")] == []
    assert len(_files_below(tmp_path / "archive")) == len(samples)
    report = Path(first["report_path"])
    assert report.exists() and (tmp_path / "reports" / "latest.html").exists()
    with open_warehouse(nightly_warehouse_url, default_path=tmp_path / "warehouse.duckdb") as store:
        run = store.report_data(first["run_id"]).run
    assert run.status == "completed" and run.loaded == len(samples)
    assert run.duration.total_seconds() >= 0

    # -- the same content again, one file under another name: nothing is loaded twice
    again = drop_into(tmp_path / "inbox", *samples)
    again[0].rename(again[0].with_name("ban-sao-" + again[0].name))
    second = _run(tmp_path)

    assert second["loaded"] == 0
    assert second["duplicates"] == len(samples)
    with open_warehouse(nightly_warehouse_url, default_path=tmp_path / "warehouse.duckdb") as store:
        seen = store.db.fetch_dicts('SELECT "first_run_id", "last_run_id" FROM "documents"', [])
    assert {(row["first_run_id"], row["last_run_id"]) for row in seen} == {(first["run_id"], second["run_id"])}
    assert _facts_in(nightly_warehouse_url, tmp_path) == facts_after_first
    assert len(_files_below(tmp_path / "archive")) == 2 * len(samples)


def test_nightly_quarantines_a_bad_file_and_loads_the_good_ones(prefect_harness, duckdb_env, tmp_path):
    good = sample_documents()[:2]
    drop_into(tmp_path / "inbox", *good)
    broken = tmp_path / "src" / "hong.docx"
    broken.parent.mkdir()
    broken.write_bytes(b"this is not a zip archive")
    renamed = tmp_path / "src" / "bang-tinh.xlsx"
    renamed.write_bytes(b"PK\x03\x04 not really")
    drop_into(tmp_path / "inbox", broken, renamed)

    summary = _run(tmp_path)

    assert summary["loaded"] == 2
    assert summary["quarantined"] == 2
    quarantined = {p.name for p in (tmp_path / "quarantine").iterdir()}
    assert quarantined == {"hong.docx", "hong.docx.error.txt", "bang-tinh.xlsx", "bang-tinh.xlsx.error.txt"}
    assert "ZIP" in (tmp_path / "quarantine" / "hong.docx.error.txt").read_text(encoding="utf-8")
    assert ".xlsx" in (tmp_path / "quarantine" / "bang-tinh.xlsx.error.txt").read_text(encoding="utf-8")


def test_nightly_leaves_files_still_being_written(prefect_harness, duckdb_env, tmp_path):
    (fresh,) = drop_into(tmp_path / "inbox", sample_documents()[0], age_seconds=0)
    partial = tmp_path / "inbox" / "dang-tai.pdf.part"
    partial.write_bytes(b"%PDF-1.7 half")

    summary = nightly(home=str(tmp_path), settle_seconds=60)

    assert summary["files_seen"] == 0 and summary["waiting"] == 2
    assert fresh.exists() and partial.exists()


def test_nightly_refuses_to_share_an_inbox_with_a_running_run(prefect_harness, duckdb_env, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (dropped,) = drop_into(inbox, sample_documents()[0])
    lock = resolve_workspace(tmp_path).run_lock_path
    lock.parent.mkdir(parents=True)
    with FileLock(str(lock)):
        with pytest.raises(RunInProgress, match="another vanban run"):
            _run(tmp_path)
    assert dropped.exists()
    # -- the lock is in the home: the inbox holds only what people dropped
    assert [path.name for path in inbox.iterdir()] == [dropped.name]


def test_a_run_of_nothing_new_only_hashes_and_its_summary_times_each_stage(prefect_harness, duckdb_env, tmp_path):
    samples = sample_documents()
    drop_into(tmp_path / "inbox", *samples)
    first = _run(tmp_path, batch_size=4)
    drop_into(tmp_path / "inbox", *samples)

    again = _run(tmp_path, batch_size=4)

    formats = {path.suffix.lstrip(".") for path in samples}
    assert all(first["stages"][f"read.{kind}"] > 0 for kind in formats) and first["stages"]["extract"] > 0
    assert first["bytes"] == sum(path.stat().st_size for path in samples) and first["pages"] > 0
    assert first["task_runs"] == 3 + 2 * -(-len(samples) // 4), "one read and one load task per batch of 4"
    assert set(SUMMARY_STAGES) <= set(again["stages"]) and again["wall_seconds"] > 0
    assert again["duplicates"] == len(samples) and again["loaded"] == 0
    # -- nothing read: no reader time, no bytes, and one batch of duplicates (a load task)
    assert {
        stage: again["stages"][stage] for stage in ("read.docx", "read.pdf", "read.txt", "extract")
    } == dict.fromkeys(("read.docx", "read.pdf", "read.txt", "extract"), 0)
    assert again["bytes"] == 0 and again["pages"] == 0 and again["task_runs"] == 4


def test_vanban_run_writes_its_summary_as_json(prefect_harness, duckdb_env, tmp_path):
    drop_into(tmp_path / "inbox", sample_documents()[0])
    written = tmp_path / "tom-tat.json"

    result = CliRunner().invoke(
        app, ["run", "--home", str(tmp_path), "--settle-seconds", "0", "--summary-json", str(written)]
    )

    assert result.exit_code == 0, result.output
    summary = json.loads(written.read_text(encoding="utf-8"))
    assert summary["loaded"] == 1 and summary["report_path"].endswith(".html")
    assert set(SUMMARY_STAGES) <= set(summary["stages"]) and summary["stages"]["load"] > 0
    assert (
        summary["pages"] >= 0
        and summary["bytes"] == sample_documents()[0].stat().st_size
        and summary["wall_seconds"] > 0
    )


def test_each_step_opens_the_warehouse_once_and_closes_it(prefect_harness, duckdb_env, monkeypatch, tmp_path):
    from vanban.run import warehouse_steps

    drop_into(tmp_path / "inbox", *sample_documents()[:3])
    opened, closed = [], []
    real_open = warehouse_steps.open_warehouse

    def watched_open(*args, **kwargs):
        warehouse = real_open(*args, **kwargs)
        real_close = warehouse.close
        warehouse.close = lambda: (closed.append(warehouse), real_close())  # type: ignore[method-assign]
        opened.append(warehouse)
        return warehouse

    monkeypatch.setattr(warehouse_steps, "open_warehouse", watched_open)
    summary = _run(tmp_path, batch_size=2)

    assert summary["loaded"] == 3
    # -- the start, two batches' load and archive paths, the report
    assert len(opened) == 1 + 2 * 2 + 1
    assert closed == opened
