"""The run's steps that touch the warehouse, each over one connection opened and closed in the step: the
start of the run, a batch's load, a batch's archive paths, the report. A database lost during a step
comes out as one `WarehouseUnavailable` naming the warehouse and the step.

Example:
    known, interrupted = start_run(ws, run_id, started)
    load(ws, outcomes, run_id);  file_batch(…);  note_archive_paths(ws, outcomes)
    report_path = finish_with_report(ws, run_id, finished, generated_at=now)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from vanban.models.errors import ReportNotWritten, WarehouseUnavailable
from vanban.run.steps import Outcome, archive_paths, load_batch, relink_archived
from vanban.settings import Workspace
from vanban.warehouse import Warehouse, open_warehouse
from vanban.warehouse.connect import is_connection_error


def unavailable(ws: Workspace, step: str, error: BaseException) -> BaseException:
    """A lost database as one clear error naming the warehouse; any other error as it is.

    Example:
        unavailable(ws, "a load", OperationalError("server closed the connection")).args[0]
        → "the warehouse postgresql://vanban@db/vanban failed during a load: OperationalError: …"
    """
    if isinstance(error, WarehouseUnavailable) or not is_connection_error(error):
        return error
    return WarehouseUnavailable(
        f"the warehouse {ws.describe_warehouse()} failed during {step}: {type(error).__name__}: "
        f"{' '.join(str(error).split())}; files not yet loaded stay in the inbox for the next run"
    )


@contextmanager
def warehouse_step(ws: Workspace, step: str) -> Iterator[Warehouse]:
    """The warehouse for one step of the run, closed when the step ends; errors as `unavailable` gives them.

    Example:
        with warehouse_step(ws, "a load") as warehouse: load_batch(warehouse, outcomes, run_id)
    """
    try:
        with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path, memory_limit=ws.duckdb_memory) as warehouse:
            yield warehouse
    except Exception as error:
        told = unavailable(ws, step, error)
        if told is error:
            raise
        raise told from error


def start_run(ws: Workspace, run_id: str, started: datetime) -> tuple[set[str], int]:
    """Make the schema, record the run, relink archived files a killed run left unnoted; returns the content
    hashes already loaded and how many earlier runs of this inbox never finished (now `interrupted`)."""
    with warehouse_step(ws, "the start of the run") as warehouse:
        warehouse.ensure_schema()
        interrupted = warehouse.start_run(run_id, started, inbox=ws.run_key())
        # -- a run killed between a move and its note left a document without its archive link
        warehouse.set_archive_paths(relink_archived(warehouse, ws.archive), relative_to=ws.home)
        return warehouse.loaded_shas(), interrupted


def load(ws: Workspace, outcomes: list[Outcome], run_id: str) -> list[Outcome]:
    """Load a batch (`steps.load_batch`); returns its outcomes, a document the database refused now `quarantined`."""
    with warehouse_step(ws, "a load") as warehouse:
        load_batch(warehouse, outcomes, run_id)
    return outcomes


def note_archive_paths(ws: Workspace, outcomes: list[Outcome]) -> None:
    """Note where a filed batch's documents were archived: the report links each to its file."""
    if not any(o.destination and o.status in ("new", "duplicate") for o in outcomes):
        return
    with warehouse_step(ws, "noting archive paths") as warehouse:
        warehouse.set_archive_paths(archive_paths(outcomes, warehouse), relative_to=ws.home)


def finish_with_report(
    ws: Workspace, run_id: str, finished: Mapping[str, Any], *, generated_at: datetime, max_facts: int | None = None
) -> Path:
    """Record how the run ended (`finished`: the `finish_run` columns), write its report and note where.

    Raises:
        ReportNotWritten: the page could not be written (the previous latest.html stays as it was).
        WarehouseUnavailable: the database was lost on the way.
    """
    # -- imported here: the reader processes import this package's steps, never the report
    from vanban.report.render import render_report, write_report

    with warehouse_step(ws, "the report") as warehouse:
        warehouse.finish_run(run_id, **finished)
        html = render_report(warehouse.report_data(run_id, max_facts=max_facts), generated_at=generated_at)
        try:
            path = write_report(html, ws.reports, run_id)
        except OSError as error:
            raise ReportNotWritten(
                f"could not write the report in {ws.reports}: {error}; the previous latest.html is unchanged, "
                "the documents are loaded and filed: `vanban report` writes it again once there is room"
            ) from error
        warehouse.set_report_path(run_id, str(path))
    return path
