"""The nightly flow: discover → read and extract → load → archive | quarantine → report.

Wiring only; the work is in flows.steps, extractors/, warehouse/ and report/. Documents go through
in batches so 10,000 files make a few hundred task runs, not tens of thousands (~60 ms each).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows import steps
from flows.inbox import InboxFile, discover
from flows.progress import progress
from flows.settings import DEFAULT_SETTLE_SECONDS, DEFAULT_TIMEZONE, Workspace, resolve_workspace
from report.render import render_report, write_report
from warehouse import open_warehouse

RUN_TIMEZONE = ZoneInfo(DEFAULT_TIMEZONE)


class RunInProgress(RuntimeError):
    """Another run holds this inbox."""


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def _warehouse(ws: Workspace):
    return open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path)


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(ws: Workspace, settle_seconds: float) -> tuple[list[InboxFile], int]:
    ready, waiting = discover(ws.inbox, now=time.time(), settle_seconds=settle_seconds)
    return ready, len(waiting)


@task(name="start-run", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=NO_CACHE)
def start_run_task(ws: Workspace, run_id: str, started: datetime) -> set[str]:
    with _warehouse(ws) as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run(run_id, started)
        return warehouse.loaded_shas()


@task(name="read-extract", cache_policy=NO_CACHE)
def prepare_task(files: list[InboxFile], known: frozenset[str]) -> list[steps.Outcome]:
    outcomes = steps.prepare_batch(files, set(known))
    progress().advance("read-extract", len(files))
    return outcomes


@task(name="load", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=NO_CACHE)
def load_task(ws: Workspace, outcomes: list[steps.Outcome], run_id: str) -> int:
    with _warehouse(ws) as warehouse:
        written = steps.load_batch(warehouse, outcomes, run_id)
    progress().advance("load", len(outcomes))
    return written


@task(name="archive", cache_policy=NO_CACHE)
def file_task(ws: Workspace, outcomes: list[steps.Outcome], run_id: str, when: datetime) -> None:
    steps.file_batch(outcomes, archive=ws.archive, quarantine=ws.quarantine, run_id=run_id, when=when)
    # -- the report links each loaded document to its archived file: note where the move put it
    archived = {o.sha256: o.destination for o in outcomes if o.status == "new" and o.sha256 and o.destination}
    if archived:
        with _warehouse(ws) as warehouse:
            warehouse.set_archive_paths(archived, relative_to=ws.home)


@task(name="report", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def report_task(ws: Workspace, run_id: str, summary: dict) -> str:
    with _warehouse(ws) as warehouse:
        warehouse.finish_run(run_id, **_run_row(summary))
        html = render_report(warehouse.report_data(run_id), generated_at=datetime.now(RUN_TIMEZONE))
    path = write_report(html, ws.reports, run_id)
    with _warehouse(ws) as warehouse:
        warehouse.set_report_path(run_id, str(path))
    return str(path)


def _run_row(summary: dict) -> dict:
    return {
        "finished_at": datetime.fromisoformat(summary["finished_at"]),
        "files_seen": summary["files_seen"],
        "loaded": summary["loaded"],
        "duplicates": summary["duplicates"],
        "quarantined": summary["quarantined"],
        "skipped": summary["waiting"],
        "status": summary["status"],
    }


def _publish(summary: dict) -> None:
    rows = [{"chỉ số": key, "giá trị": value} for key, value in summary.items() if not isinstance(value, dict)]
    rows += [{"chỉ số": f"facts.{kind}", "giá trị": n} for kind, n in summary["facts"].items()]
    create_table_artifact(key="vanban-run-summary", table=rows, description=f"vanban run {summary['run_id']}")
    create_markdown_artifact(
        key="vanban-report",
        markdown=(
            f"# vanban run {summary['run_id']}\n\n"
            f"{summary['loaded']} loaded, {summary['duplicates']} duplicates, {summary['quarantined']} quarantined, "
            f"{summary['waiting']} left for the next run; {sum(summary['facts'].values())} facts.\n\n"
            f"Report: [{summary['report_path']}](file://{summary['report_path']})\n"
        ),
    )


@flow(name="nightly")
def nightly(
    home: str | None = None,
    inbox: str | None = None,
    batch_size: int = 50,
    settle_seconds: float = DEFAULT_SETTLE_SECONDS,
) -> dict:
    """One run over the inbox. The warehouse comes from `VANBAN_WAREHOUSE_URL` (never a parameter:
    parameters are stored in Prefect, URLs can carry passwords)."""
    ws = resolve_workspace(home, inbox)
    ws.create_dirs()
    logger = get_run_logger()
    lock = FileLock(str(ws.inbox / ".vanban-run.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as error:
        raise RunInProgress(f"another vanban run is processing {ws.inbox}; this one exits without touching it") from error
    try:
        return _run(ws, batch_size, settle_seconds, logger)
    finally:
        lock.release()


def _run(ws: Workspace, batch_size: int, settle_seconds: float, logger) -> dict:
    started = datetime.now(RUN_TIMEZONE)
    run_id = new_run_id(started)
    known = start_run_task(ws, run_id, started)
    ready, waiting = discover_task(ws, settle_seconds)
    logger.info("run %s: %d files ready, %d left for later, warehouse %s", run_id, len(ready), waiting, ws.describe_warehouse())
    for stage in ("read-extract", "load"):
        progress().start(stage, len(ready))
    counts: Counter[str] = Counter()
    for batch in steps.chunked(ready, batch_size):
        outcomes = prepare_task(list(batch), frozenset(known))
        known.update(o.sha256 for o in outcomes if o.status == "new" and o.sha256)
        load_task(ws, outcomes, run_id)
        file_task(ws, outcomes, run_id, started)
        counts += steps.tally(outcomes)
        for outcome in outcomes:
            if outcome.status == "quarantined":
                logger.warning("quarantined %s: %s", outcome.file.relative, outcome.reason)
    progress().finish()
    summary = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(RUN_TIMEZONE).isoformat(),
        "files_seen": len(ready),
        "loaded": counts["new"],
        "duplicates": counts["duplicate"],
        "quarantined": counts["quarantined"],
        "waiting": waiting + counts["changed"],
        "status": "completed",
        "facts": {kind.split(".", 1)[1]: n for kind, n in sorted(counts.items()) if kind.startswith("facts.")},
        "warehouse": ws.describe_warehouse(),
    }
    summary["report_path"] = report_task(ws, run_id, summary)
    _publish(summary)
    return summary
