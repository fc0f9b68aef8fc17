"""The nightly flow: discover → read and extract → load → archive | quarantine → report.

Wiring only; the work is in flows.steps, extractors/, warehouse/ and report/. Documents go through
in batches so 10,000 files make a few hundred task runs, not tens of thousands (~60 ms each).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from extractors.limits import ReadLimits
from flows import steps
from flows.inbox import InboxFile, discover
from flows.progress import progress
from flows.reading import TimedReader
from flows.settings import DEFAULT_SETTLE_SECONDS, DEFAULT_TIMEZONE, Workspace, resolve_workspace, retry_delays
from models.errors import VanbanError, WarehouseUnavailable
from report.artifact import run_markdown
from report.render import render_report, write_report
from warehouse import open_warehouse
from warehouse.connect import is_connection_error

RUN_TIMEZONE = ZoneInfo(DEFAULT_TIMEZONE)


class RunInProgress(RuntimeError):
    """Another run holds this inbox."""


class ReportNotWritten(VanbanError):
    """The report could not be written (a full disk); the warehouse and the files are as the run left them."""


def inbox_lock(ws: Workspace) -> FileLock:
    """The lock a run holds on its inbox: an OS lock (a killed run leaves it free), one per path in a process
    and re-entrant across its threads, so `vanban run` can take it before the flow takes it again."""
    ws.inbox.mkdir(parents=True, exist_ok=True)
    return FileLock(str(ws.inbox / ".vanban-run.lock"), is_singleton=True, thread_local=False)


@contextmanager
def holding_inbox(ws: Workspace) -> Iterator[None]:
    """Hold the inbox for the block, or raise RunInProgress at once when another process holds it."""
    lock = inbox_lock(ws)
    try:
        lock.acquire(timeout=0)
    except Timeout as error:
        raise RunInProgress(f"another vanban run is processing {ws.inbox}; this one exits without touching it") from error
    try:
        yield
    finally:
        lock.release()


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def _warehouse(ws: Workspace):
    return open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path)


def _unavailable(ws: Workspace, step: str, error: BaseException) -> BaseException:
    """A lost database as one clear error naming the warehouse; any other error as it is."""
    if isinstance(error, WarehouseUnavailable) or not is_connection_error(error):
        return error
    return WarehouseUnavailable(
        f"the warehouse {ws.describe_warehouse()} failed during {step}: {type(error).__name__}: "
        f"{' '.join(str(error).split())}; files not yet loaded stay in the inbox for the next run"
    )


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(ws: Workspace, settle_seconds: float) -> tuple[list[InboxFile], int]:
    ready, waiting = discover(ws.inbox, now=time.time(), settle_seconds=settle_seconds)
    return ready, len(waiting)


@task(name="start-run", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=NO_CACHE)
def start_run_task(ws: Workspace, run_id: str, started: datetime) -> set[str]:
    try:
        with _warehouse(ws) as warehouse:
            warehouse.ensure_schema()
            warehouse.start_run(run_id, started)
            # -- a run killed between a move and its note left a document without its archive link
            warehouse.set_archive_paths(steps.relink_archived(warehouse, ws.archive), relative_to=ws.home)
            return warehouse.loaded_shas()
    except Exception as error:
        raise _unavailable(ws, "the start of the run", error) from error


@task(name="read-extract", cache_policy=NO_CACHE)
def prepare_task(
    files: list[InboxFile], known: frozenset[str], limits: ReadLimits, read: TimedReader
) -> list[steps.Outcome]:
    outcomes = steps.prepare_batch(files, set(known), limits=limits, read=read)
    progress().advance("read-extract", len(files))
    return outcomes


@task(name="load", retries=3, retry_delay_seconds=[2, 10, 30], cache_policy=NO_CACHE)
def load_task(ws: Workspace, outcomes: list[steps.Outcome], run_id: str) -> list[steps.Outcome]:
    # -- returns the outcomes: a document the database refused is now `quarantined`
    try:
        with _warehouse(ws) as warehouse:
            steps.load_batch(warehouse, outcomes, run_id)
    except Exception as error:
        raise _unavailable(ws, "a load", error) from error
    progress().advance("load", len(outcomes))
    return outcomes


@task(name="archive", cache_policy=NO_CACHE)
def file_task(ws: Workspace, outcomes: list[steps.Outcome], run_id: str, when: datetime) -> list[steps.Outcome]:
    steps.file_batch(outcomes, archive=ws.archive, quarantine=ws.quarantine, run_id=run_id, when=when)
    # -- the report links each loaded document to its archived file: note where the move put it
    if any(o.destination and o.status in ("new", "duplicate") for o in outcomes):
        try:
            with _warehouse(ws) as warehouse:
                warehouse.set_archive_paths(steps.archive_paths(outcomes, warehouse), relative_to=ws.home)
        except Exception as error:
            raise _unavailable(ws, "noting archive paths", error) from error
    return outcomes


@task(name="report", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def report_task(ws: Workspace, run_id: str, summary: dict) -> str:
    try:
        with _warehouse(ws) as warehouse:
            warehouse.finish_run(run_id, **_run_row(summary))
            html = render_report(warehouse.report_data(run_id), generated_at=datetime.now(RUN_TIMEZONE))
    except Exception as error:
        raise _unavailable(ws, "the report", error) from error
    try:
        path = write_report(html, ws.reports, run_id)
    except OSError as error:
        raise ReportNotWritten(
            f"could not write the report in {ws.reports}: {error}; the previous latest.html is unchanged, "
            "the documents are loaded and filed: `vanban report` writes it again once there is room"
        ) from error
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
    create_markdown_artifact(key="vanban-report", markdown=run_markdown(summary), description=f"vanban run {summary['run_id']}")


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
    limits = ReadLimits.from_env()
    logger = get_run_logger()
    with holding_inbox(ws), TimedReader() as read:
        return _run(ws, batch_size, settle_seconds, limits, read, logger)


def _run(ws: Workspace, batch_size: int, settle_seconds: float, limits: ReadLimits, read: TimedReader, logger) -> dict:
    started = datetime.now(RUN_TIMEZONE)
    run_id = new_run_id(started)
    # -- the warehouse steps retry as VANBAN_RETRY_DELAYS says (a database restarting); reading never does
    delays = retry_delays()
    retrying = {"retries": len(delays), "retry_delay_seconds": delays}
    known = start_run_task.with_options(**retrying)(ws, run_id, started)
    ready, waiting = discover_task(ws, settle_seconds)
    logger.info("run %s: %d files ready, %d left for later, warehouse %s", run_id, len(ready), waiting, ws.describe_warehouse())
    for stage in ("read-extract", "load"):
        progress().start(stage, len(ready))
    counts: Counter[str] = Counter()
    for batch in steps.chunked(ready, batch_size):
        outcomes = prepare_task(list(batch), frozenset(known), limits, read)
        known.update(o.sha256 for o in outcomes if o.status == "new" and o.sha256)
        outcomes = load_task.with_options(**retrying)(ws, outcomes, run_id)
        outcomes = file_task(ws, outcomes, run_id, started)
        counts += steps.tally(outcomes)
        for outcome in outcomes:
            if outcome.status == "quarantined":
                logger.warning("quarantined %s: %s", outcome.file.display_name, outcome.reason)
            if outcome.move_error:
                logger.error("could not move %s", outcome.move_error)
    progress().finish()
    summary = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(RUN_TIMEZONE).isoformat(),
        "files_seen": len(ready),
        "loaded": counts["new"],
        "duplicates": counts["duplicate"],
        "quarantined": counts["quarantined"],
        "waiting": waiting + counts["changed"] + counts["move_failed"],
        "status": "completed",
        "facts": {kind.split(".", 1)[1]: n for kind, n in sorted(counts.items()) if kind.startswith("facts.")},
        "warehouse": ws.describe_warehouse(),
    }
    summary["report_path"] = report_task.with_options(**retrying)(ws, run_id, summary)
    _publish(summary)
    return summary
