"""The nightly flow: discover → hash → read and extract → load → archive | quarantine → report.

Wiring only; the work is in vanban.run.steps, extractors/, warehouse/ and report/. Documents go through
in batches so 10,000 files make a few hundred task runs, not tens of thousands (~60 ms each). The run's
process hashes each file (cheap) and sends only new content to be read: to `VANBAN_WORKERS` reader
processes here, or to the workers of the Dask cluster at `VANBAN_DASK_ADDRESS`. While a batch is read
the one before it is loaded and filed; loads stay one after another in this process (DuckDB has one
writer), and at most a couple of batches are in flight, so memory does not grow with the inbox.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from vanban.extractors.readers.limits import ReadLimits
from vanban.models.errors import (  # noqa: F401 -- callers catch them from the flow
    DaskUnavailable,
    ReportNotWritten,
    RunInProgress,
    VanbanError,
    WarehouseUnavailable,
)
from vanban.report.artifact import run_markdown
from vanban.run import steps, warehouse_steps
from vanban.run.inbox import InboxFile, discover
from vanban.run.progress import StageTimes, progress
from vanban.run.workers import TimedReader, process_reader, use_reader
from vanban.settings import DEFAULT_SETTLE_SECONDS, DEFAULT_TIMEZONE, Workspace, flow_settings
from vanban.warehouse.dialects import import_arrow_in_background

RUN_TIMEZONE = ZoneInfo(DEFAULT_TIMEZONE)
# -- files to read per task run: each task run costs the run's process and Prefect's server CPU of their
#    own, so batches are large enough to keep Prefect a small share of the run (docs/scale-out.md)
DEFAULT_BATCH_SIZE = 100


def inbox_lock(ws: Workspace) -> FileLock:
    """The lock a run holds on its inbox, in the home (`Workspace.run_lock_path`): an OS lock (a killed run
    leaves it free), one per path in a process and re-entrant across its threads, so `vanban run` can take
    it before the flow takes it again."""
    ws.run_lock_path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(ws.run_lock_path), is_singleton=True, thread_local=False)


@contextmanager
def holding_inbox(ws: Workspace) -> Iterator[None]:
    """Hold the inbox for the block, or raise RunInProgress at once when another process holds it."""
    lock = inbox_lock(ws)
    try:
        lock.acquire(timeout=0)
    except Timeout as error:
        raise RunInProgress(
            f"another vanban run is processing {ws.inbox}; this one exits without touching it"
        ) from error
    try:
        yield
    finally:
        lock.release()


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(ws: Workspace, settle_seconds: float) -> tuple[list[InboxFile], int]:
    ready, waiting = discover(ws.inbox, now=time.time(), settle_seconds=settle_seconds)
    return ready, len(waiting)


def worth_retrying(task: object, task_run: object, state: object) -> bool:
    """Prefect's retry condition: not when the warehouse said no wait can help (a missing database, a bad URL)."""
    error = getattr(state, "data", None)
    return not (isinstance(error, WarehouseUnavailable) and not error.retryable)


@task(
    name="start-run",
    retries=3,
    retry_delay_seconds=[2, 10, 30],
    retry_condition_fn=worth_retrying,
    cache_policy=NO_CACHE,
)
def start_run_task(ws: Workspace, run_id: str, started: datetime) -> set[str]:
    known, interrupted = warehouse_steps.start_run(ws, run_id, started)
    if interrupted:
        get_run_logger().warning("%d earlier run(s) of this inbox never finished: marked interrupted", interrupted)
    return known


@task(name="read-extract", cache_policy=NO_CACHE)
def read_task(files: list[tuple[InboxFile, str]], limits: ReadLimits) -> list[steps.Outcome]:
    """Read and extract a batch (file, content hash) where the task runner puts it: a thread of the flow's
    process, reading in its worker processes, or a Dask worker, with a reader of its own (never passed in)."""
    # -- the hash the run's process took goes with each file: the reader does not hash it again
    readings = process_reader().read_many([(file.path, limits) for file, _ in files], hashes=[sha for _, sha in files])
    return [steps.read_outcome(file, sha, reading) for (file, sha), reading in zip(files, readings, strict=True)]


@task(name="load", retries=3, retry_delay_seconds=[2, 10, 30], retry_condition_fn=worth_retrying, cache_policy=NO_CACHE)
def load_task(ws: Workspace, outcomes: list[steps.Outcome], run_id: str) -> list[steps.Outcome]:
    # -- returns the outcomes: a document the database refused is now `quarantined`
    warehouse_steps.load(ws, outcomes, run_id)
    progress().advance("load", len(outcomes))
    return outcomes


def file_outcomes(ws: Workspace, outcomes: list[steps.Outcome], run_id: str, when: datetime) -> list[steps.Outcome]:
    """Archive or quarantine a loaded batch's files and note the archive paths. A step of the flow itself,
    not a task run of its own: it has no retries to give, and every task run costs Prefect's server CPU."""
    steps.file_batch(outcomes, archive=ws.archive, quarantine=ws.quarantine, run_id=run_id, when=when)
    warehouse_steps.note_archive_paths(ws, outcomes)
    return outcomes


@task(name="report", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE)
def report_task(ws: Workspace, run_id: str, summary: dict, max_facts: int) -> str:
    path = warehouse_steps.finish_with_report(
        ws, run_id, _run_row(summary), generated_at=datetime.now(RUN_TIMEZONE), max_facts=max_facts
    )
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
        key="vanban-report", markdown=run_markdown(summary), description=f"vanban run {summary['run_id']}"
    )


@contextmanager
def _readers(address: str | None, workers: int) -> Iterator[tuple[object, int]]:
    """(task runner for the read-extract tasks, batches to keep in flight).

    Here: a thread per batch in flight, all reading on one pool of `workers` processes; two
    batches keep the pool busy across a batch's end. On Dask: one batch per worker thread, and one more.
    """
    if address:
        from prefect_dask import DaskTaskRunner

        with DaskTaskRunner(address=address) as runner:
            try:
                # -- the client connects on first use: here, before any file is touched
                threads = sum(runner.client.nthreads().values())
            except (OSError, TimeoutError) as error:
                raise DaskUnavailable(
                    f"cannot reach the Dask scheduler at {address} (VANBAN_DASK_ADDRESS): {error}; start it "
                    "(`dask scheduler`) or unset VANBAN_DASK_ADDRESS to read on this machine; the inbox is untouched"
                ) from error
            yield runner, max(2, threads + 1)
        return
    reader = TimedReader(workers=workers)
    use_reader(reader)
    try:
        local_runner: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=2)
        with local_runner as runner:
            yield runner, 2
    finally:
        use_reader(None)
        reader.close()


@flow(name="nightly")
def nightly(
    home: str | None = None,
    inbox: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    settle_seconds: float = DEFAULT_SETTLE_SECONDS,
) -> dict:
    """One run over the inbox. The warehouse, the read limits and the readers come from `flow_settings`:
    the Settings `vanban run` hands over, or `VANBAN_WAREHOUSE_URL`, `VANBAN_WORKERS`, `VANBAN_DASK_ADDRESS` …
    (never a parameter: parameters are stored in Prefect, and a warehouse URL can carry a password).

    Returns the run's summary: counts, facts per kind, and `stages` (seconds per stage; read and
    extract summed over the workers), `pages`, `bytes` (of the files read) and `wall_seconds`."""
    began = time.perf_counter()
    settings = flow_settings(home, inbox)
    ws = settings.workspace
    ws.create_dirs()
    logger = get_run_logger()
    address = settings.dask_address
    retrying = _retrying(settings.retry_delays)
    times = StageTimes()
    with holding_inbox(ws):
        # -- the readers end before the report: their memory is not added to the report's at the run's peak
        with _readers(address, settings.workers) as (runner, depth):
            summary, read_stats = _run(
                ws, batch_size, settle_seconds, settings.read_limits, runner, depth, logger, times, retrying=retrying
            )
        with times.timing("report"):
            summary["report_path"] = report_task.with_options(**retrying)(
                ws, summary["run_id"], summary, settings.report_max_facts
            )
            _publish(summary)
    summary["stages"] = times.as_dict()
    summary["pages"] = read_stats["pages"]
    summary["bytes"] = read_stats["bytes"]
    summary["task_runs"] = read_stats["task_runs"] + 3
    summary["readers"] = address or f"{settings.workers} local processes"
    summary["wall_seconds"] = round(time.perf_counter() - began, 3)
    return summary


def _retrying(delays: tuple[float, ...]) -> dict:
    # -- the warehouse steps retry as VANBAN_RETRY_DELAYS says (a database restarting); reading never does
    return {"retries": len(delays), "retry_delay_seconds": list(delays), "retry_condition_fn": worth_retrying}


def _run(
    ws: Workspace,
    batch_size: int,
    settle_seconds: float,
    limits: ReadLimits,
    runner,
    depth: int,
    logger,
    times: StageTimes,
    *,
    retrying: dict,
) -> tuple[dict, Counter]:
    """Everything up to the report: start the run, discover, then read, load and file batch after batch;
    returns the summary and the reading counts (pages, bytes, task runs)."""
    started = datetime.now(RUN_TIMEZONE)
    run_id = new_run_id(started)
    if not ws.uses_postgres():
        import_arrow_in_background()
    with times.timing("start"):
        known = start_run_task.with_options(**retrying)(ws, run_id, started)
    with times.timing("discover"):
        ready, waiting = discover_task(ws, settle_seconds)
    logger.info(
        "run %s: %d files ready, %d left for later, warehouse %s", run_id, len(ready), waiting, ws.describe_warehouse()
    )
    for stage in ("read-extract", "load"):
        progress().start(stage, len(ready))
    counts: Counter[str] = Counter()
    read_stats: Counter[str] = Counter()
    batches = steps.RunBatches(known, batch_size=batch_size)

    def settle(batch: steps.Batch, future) -> None:
        read = future.result() if future is not None else []
        for outcome in read:
            times.add(outcome.seconds)
            read_stats["pages"] += (outcome.document.pages or 0) if outcome.document is not None else 0
        outcomes = batches.settle(batch, read)
        progress().advance("read-extract", len(outcomes))
        with times.timing("load"):
            # -- quoted: Prefect would otherwise walk every block and fact looking for futures;
            #    the task gets the list itself (Prefect unwraps the quote)
            outcomes = load_task.with_options(**retrying)(ws, cast("list[steps.Outcome]", quote(outcomes)), run_id)
        with times.timing("archive"):
            outcomes = file_outcomes(ws, outcomes, run_id, started)
        counts.update(steps.tally(outcomes))
        read_stats["task_runs"] += 1 + (future is not None)
        for outcome in outcomes:
            if outcome.status == "quarantined":
                logger.warning("quarantined %s: %s", outcome.file.display_name, outcome.reason)
            if outcome.move_error:
                logger.error("could not move %s", outcome.move_error)

    in_flight: deque = deque()
    dealt = batches.deal(ready)
    while True:
        with times.timing("hash"):
            batch = next(dealt, None)
        if batch is None:
            break
        read_stats["bytes"] += batch.bytes_to_read
        future = (
            runner.submit(read_task, parameters={"files": batch.to_read, "limits": limits}) if batch.to_read else None
        )
        in_flight.append((batch, future))
        if len(in_flight) >= depth:
            settle(*in_flight.popleft())
    while in_flight:
        settle(*in_flight.popleft())
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
    return summary, read_stats
