"""One nightly pass over an inbox, the flow's steps in the flow's order without Prefect, that can kill itself.

Run as a program by tests/flows/test_crash_recovery.py:

    python tests/flows/crash_driver.py HOME [--crash-at read:3|load:2|archive:1|quarantine:1|rename:4|report:1]

`--crash-at PHASE:N` sends SIGKILL to this process at the N-th time it reaches PHASE:
`read` as a document is being read, `load` inside a document's load transaction (after its row is
written and its old facts deleted, before the new facts), `archive` after the load and before the
file moves, `quarantine` after the reason is noted and before the file moves, `rename` at a file
move's rename, `report` while the report is written. Without it, the pass runs to the end (the
normal re-run). The steps are vanban.flows.nightly's: start the run, discover, read and extract, load,
file, note archive paths, finish the run, write the report.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import prepare_files  # noqa: E402
from vanban.flows.nightly import RUN_TIMEZONE, new_run_id  # noqa: E402
from vanban.report import render  # noqa: E402
from vanban.run import inbox as inbox_module  # noqa: E402
from vanban.run import steps  # noqa: E402
from vanban.run.inbox import discover  # noqa: E402
from vanban.settings import resolve_workspace  # noqa: E402
from vanban.warehouse import open_warehouse  # noqa: E402

PHASES = ("read", "load", "archive", "quarantine", "rename", "report")


class Tripwire:
    """Kills the process at the N-th time `phase` is reached."""

    def __init__(self, spec: str | None) -> None:
        self.phase, _, count = (spec or ":").partition(":")
        self.left = int(count) if count else 0
        if spec and self.phase not in PHASES:
            raise SystemExit(f"unknown phase {self.phase!r}; one of {PHASES}")

    def reached(self, phase: str) -> None:
        if phase != self.phase:
            return
        self.left -= 1
        if self.left == 0:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(self, phase: str, function):
        def wrapped(*args, **kwargs):
            self.reached(phase)
            return function(*args, **kwargs)

        return wrapped


def _install(trip: Tripwire, warehouse) -> None:
    steps.read_and_extract = trip.wrap("read", steps.read_and_extract)
    steps.archive_file = trip.wrap("archive", steps.archive_file)
    steps.quarantine_file = trip.wrap("quarantine", steps.quarantine_file)
    inbox_module.os.rename = trip.wrap("rename", os.rename)
    warehouse.db.bulk_insert = trip.wrap("load", warehouse.db.bulk_insert)
    write_atomically = render._write_atomically

    def write_then_die(path: Path, text: str) -> None:
        # -- the page is in its temporary file, not yet renamed over the old one
        real_replace = os.replace
        os.replace = trip.wrap("report", real_replace)
        try:
            write_atomically(path, text)
        finally:
            os.replace = real_replace

    render._write_atomically = write_then_die


def run_once(home: Path, crash_at: str | None, warehouse_url: str | None = None, batch_size: int = 4) -> dict:
    """One pass; the warehouse is `warehouse_url`, or the DuckDB file in `home` (never the environment's)."""
    ws = resolve_workspace(home, warehouse_url=warehouse_url or str(Path(home).resolve() / "warehouse.duckdb"))
    ws.create_dirs()
    trip = Tripwire(crash_at)
    started = datetime.now(RUN_TIMEZONE)
    run_id = new_run_id(started)
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as warehouse:
        _install(trip, warehouse)
        warehouse.ensure_schema()
        warehouse.start_run(run_id, started, inbox=ws.run_key())
        warehouse.set_archive_paths(steps.relink_archived(warehouse, ws.archive), relative_to=ws.home)
        known = warehouse.loaded_shas()
        ready, waiting = discover(ws.inbox, now=time.time(), settle_seconds=0)
        totals = {"new": 0, "duplicate": 0, "quarantined": 0, "changed": 0}
        for start in range(0, len(ready), batch_size):
            outcomes = prepare_files(ready[start : start + batch_size], known)
            steps.load_batch(warehouse, outcomes, run_id)
            steps.file_batch(outcomes, archive=ws.archive, quarantine=ws.quarantine, run_id=run_id, when=started)
            warehouse.set_archive_paths(steps.archive_paths(outcomes, warehouse), relative_to=ws.home)
            for outcome in outcomes:
                totals[outcome.status] += 1
        warehouse.finish_run(
            run_id,
            finished_at=datetime.now(RUN_TIMEZONE),
            files_seen=len(ready),
            loaded=totals["new"],
            duplicates=totals["duplicate"],
            quarantined=totals["quarantined"],
            skipped=len(waiting) + totals["changed"],
            status="completed",
        )
        html = render.render_report(warehouse.report_data(run_id), generated_at=datetime.now(RUN_TIMEZONE))
    render.write_report(html, ws.reports, run_id)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("--crash-at")
    parser.add_argument("--warehouse")
    args = parser.parse_args()
    totals = run_once(args.home, args.crash_at, args.warehouse)
    print(" ".join(f"{key}={value}" for key, value in totals.items()))


if __name__ == "__main__":
    main()
