"""Runs in the warehouse: a run that never recorded its end is marked interrupted by the next run of its inbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vanban.warehouse import Warehouse
from vanban.warehouse.runs import INTERRUPTED_RUN

STARTED = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
INBOX = "may-chu:/srv/vanban/inbox"
OTHER_INBOX = "may-khac:/srv/vanban/inbox"


def _runs(warehouse: Warehouse) -> dict[str, tuple[str, str | None]]:
    rows = warehouse.db.fetch_dicts('SELECT "id", "status", "error" FROM "runs"')
    return {row["id"]: (row["status"], row["error"]) for row in rows}


def test_the_next_run_of_an_inbox_marks_its_unfinished_runs_interrupted(warehouse: Warehouse) -> None:
    assert warehouse.start_run("r1", STARTED, inbox=INBOX) == 0
    warehouse.start_run("elsewhere", STARTED, inbox=OTHER_INBOX)
    assert warehouse.start_run("r2", STARTED + timedelta(days=1), inbox=INBOX) == 1
    runs = _runs(warehouse)
    assert runs["r1"] == ("interrupted", INTERRUPTED_RUN)
    assert runs["r2"] == ("running", None)
    # -- another inbox's run may still be going: it is not touched
    assert runs["elsewhere"] == ("running", None)


def test_a_finished_run_stays_as_it_ended(warehouse: Warehouse) -> None:
    warehouse.start_run("r1", STARTED, inbox=INBOX)
    warehouse.finish_run(
        "r1",
        finished_at=STARTED + timedelta(minutes=7),
        files_seen=3,
        loaded=3,
        duplicates=0,
        quarantined=0,
        skipped=0,
        status="completed",
    )
    assert warehouse.start_run("r2", STARTED + timedelta(days=1), inbox=INBOX) == 0
    assert _runs(warehouse)["r1"] == ("completed", None)
    # -- recording the same run again (a retried task) does not mark it interrupted by itself
    assert warehouse.start_run("r2", STARTED + timedelta(days=1), inbox=INBOX) == 0
    assert _runs(warehouse)["r2"] == ("running", None)
