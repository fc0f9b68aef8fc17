"""Reading with a time limit: each document is read and extracted in a worker process that is killed
when it takes longer than `ReadLimits.max_seconds`, so one pathological file costs minutes, not the night.

A reader cannot be stopped from inside its own thread (pdfminer in a loop holds the GIL between
bytecodes but checks nothing), so the limit needs a process; pebble's pool kills the worker on timeout
and starts a fresh one for the next document. The worker comes from a fork server that has already
imported the extractors, so a restart costs a fork, not spaCy's import.

Example:
    with TimedReader() as read:
        outcomes = steps.prepare_batch(files, known, limits=limits, read=read)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType

from pebble import ProcessExpired, ProcessPool

from extractors.limits import ReadLimits, time_budget
from models.document import Document
from models.errors import READER_FAILED, TOO_SLOW, UnreadableDocument, with_problem
from models.fact import Fact

# -- what the fork server imports once; every worker it forks starts with these loaded
PRELOADED_MODULES = ["flows.steps"]


def _context() -> multiprocessing.context.BaseContext:
    # -- not plain fork: the run's process has Prefect's threads, and a fork copies their held locks
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOADED_MODULES)
    return context


def _read_in_worker(path: str, limits: ReadLimits) -> tuple[Document, list[Fact]]:
    from flows.steps import read_and_extract

    return read_and_extract(Path(path), limits)


class TimedReader:
    """A `steps.ReadFunction` that reads in one worker process, killed and replaced after `limits.max_seconds`."""

    def __init__(self, work: Callable[[str, ReadLimits], tuple[Document, list[Fact]]] | None = None) -> None:
        # -- `work` must be importable by name in the worker; tests give a slow one
        self._work = work or _read_in_worker
        self._pool: ProcessPool | None = None

    def __enter__(self) -> TimedReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def __call__(self, path: Path, limits: ReadLimits) -> tuple[Document, list[Fact]]:
        """Read and extract `path` in the worker; errors come back as the worker raised them.

        Raises:
            UnreadableDocument: tagged TOO_SLOW past the time limit, READER_FAILED when the worker died
                (a crash in a C library, the kernel's out-of-memory killer).
        """
        if self._pool is None:
            self._pool = ProcessPool(max_workers=1, context=_context())
        budget = time_budget(path, limits)
        future = self._pool.schedule(self._work, args=(str(path), limits), timeout=budget)
        try:
            return future.result()
        except FutureTimeout:
            raise with_problem(
                UnreadableDocument(
                    f"{path.name!r} took more than {budget:g} s to read (VANBAN_MAX_SECONDS, "
                    "VANBAN_MAX_SECONDS_PER_PAGE for a PDF); the reader was stopped"
                ),
                TOO_SLOW,
            ) from None
        except (ProcessExpired, BrokenProcessPool) as error:
            self.close()  # -- a new pool, with a new worker, for the next document
            raise with_problem(
                UnreadableDocument(f"{path.name!r}: the reader process died ({error}); the run went on"),
                READER_FAILED,
            ) from None
