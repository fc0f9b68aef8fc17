"""bench/flow_speed.py's own pieces: medians and the table (— for stages a run did not report), memory
of a process tree with its children, files dropped as links keeping their age, PostgreSQL skipped with
its reason."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.flow_speed import STAGES, Run, TreeMemory, drop_files, format_table, median_runs, postgres_warehouse


def _run(wall: float, stages: dict[str, float] | None = None, name: str = "full") -> Run:
    summary = {"stages": stages} if stages is not None else {}
    return Run(
        warehouse="duckdb",
        name=name,
        docs=100,
        pages=300,
        megabytes=4.0,
        wall_seconds=wall,
        exit_code=0,
        peak_rss_mb=500.0,
        peak_pss_mb=400.0,
        processes=3,
        summary=summary,
    )


def test_median_rows_take_each_measure_over_the_repeats():
    repeats = [[_run(10.0, {"load": 1.0})], [_run(30.0, {"load": 3.0})], [_run(20.0, {"load": 2.0})]]
    (row,) = median_runs(repeats)
    assert row["wall_seconds"] == 20.0 and row["wall_seconds_each"] == [10.0, 30.0, 20.0]
    assert row["docs_per_second"] == 5.0 and row["pages_per_second"] == 15.0
    assert row["stages"] == {"load": 2.0}


def test_table_shows_a_dash_for_stages_the_run_did_not_report():
    rows = median_runs([[_run(10.0, None), _run(10.0, {stage: 0.5 for stage in STAGES}, name="same")]])
    table = format_table(rows)
    full_line = next(
        line for line in table.splitlines() if line.startswith("duckdb") and " full " in line and "—" in line
    )
    assert full_line.count("—") == len(STAGES) + 1  # -- every stage and the flow's own seconds
    stage_table = table.split("seconds per stage")[1].split("CPU seconds per process")[0]
    same_line = [line for line in stage_table.splitlines() if " same " in line][-1]
    assert "0.5" in same_line and "—" in same_line  # -- the flow's seconds are still missing


def _watch_parent_of(child_code: str) -> TreeMemory:
    """TreeMemory over a Python process that runs `child_code` in a child of its own, until both end."""
    parent_code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child_code!r}])"
    process = subprocess.Popen([sys.executable, "-c", parent_code])
    with TreeMemory(process.pid) as memory:
        process.wait()
    return memory


@pytest.mark.slow
def test_tree_memory_counts_the_children():
    memory = _watch_parent_of("import time; x = bytearray(80_000_000); time.sleep(1.5)")
    assert memory.peak_processes >= 2
    assert memory.peak_rss > 80_000_000


def test_drop_files_links_keeping_the_old_mtime(tmp_path: Path):
    source = tmp_path / "corpus" / "a.txt"
    source.parent.mkdir()
    source.write_text("x")
    then = time.time() - 3600
    os.utime(source, (then, then))
    drop_files([source], tmp_path / "inbox")
    dropped = tmp_path / "inbox" / "a.txt"
    assert dropped.read_text() == "x"
    assert abs(dropped.stat().st_mtime - then) < 1


def test_postgres_that_cannot_be_reached_gives_the_reason():
    reason = postgres_warehouse("postgresql://postgres@127.0.0.1:1/test")
    assert isinstance(reason, str)
    assert reason.startswith("cannot create a database on postgresql://postgres@127.0.0.1:1/test")


def test_a_failed_repeat_is_left_out_of_the_medians_and_counted():
    failed = _run(5.0, None)
    failed.exit_code = 1
    (row,) = median_runs([[_run(10.0, {"load": 1.0})], [failed], [_run(20.0, {"load": 3.0})]])
    assert row["wall_seconds"] == 15.0 and row["stages"] == {"load": 2.0}
    assert row["repeats"] == 2 and row["failed"] == 1


@pytest.mark.slow
def test_tree_memory_sums_cpu_seconds_per_kind_of_process():
    memory = _watch_parent_of(
        "import time; t = time.process_time()\nwhile time.process_time() - t < 0.6: pass\ntime.sleep(0.5)"
    )
    assert sum(memory.cpu_seconds().values()) >= 0.5


def test_the_cpu_table_gives_the_prefect_servers_share_beyond_start_up():
    empty, full = _run(20.0, {}, name="empty"), _run(60.0, {}, name="full")
    empty.cpu_seconds = {"vanban run": 4.0, "prefect server (uvicorn)": 8.0}
    full.cpu_seconds = {"vanban run": 34.0, "prefect server (uvicorn)": 18.0, "reader": 72.0}
    full.summary["task_runs"] = 123
    table = format_table(median_runs([[full, empty]]))
    full_line = [line for line in table.splitlines() if " full " in line][-1]
    # -- (18 - 8) of (124 - 12) CPU seconds
    assert full_line.split()[-1] == "8.9" and "123" in full_line and "124.0" in full_line
