"""Reading with a time limit: each document is read and extracted in a worker process that is killed
when it takes longer than `ReadLimits.max_seconds`, so one pathological file costs minutes, not the night.

A reader cannot be stopped from inside its own thread (pdfminer in a loop holds the GIL between
bytecodes but checks nothing), so the limit needs a process; pebble's pool kills the worker on timeout
and starts a fresh one for the next document. The workers come from a fork server that has already
imported the extractors, so a restart costs a fork, not spaCy's import. `VANBAN_WORKERS` workers
(default: one per core) read a batch's files side by side.

Example:
    with TimedReader(workers=2) as reader:
        readings = reader.read_many([(path, limits) for path in paths])   # steps.Reading, in order
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType

from pebble import ProcessExpired, ProcessPool

from vanban.extractors.readers.limits import ReadLimits, time_budget
from vanban.models.document import Document
from vanban.models.errors import READER_FAILED, TOO_SLOW, UnreadableDocument
from vanban.models.fact import Fact

# -- what the fork server imports once; every worker it forks starts with these loaded
PRELOADED_MODULES = ["vanban.run.steps", "vanban.extractors.read", "vanban.run.warm_reader"]

Work = Callable[[str, ReadLimits], object]


def _context() -> multiprocessing.context.BaseContext:
    # -- not plain fork: the run's process has Prefect's threads, and a fork copies their held locks
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOADED_MODULES)
    return context


def _read_in_worker(path: str, limits: ReadLimits, sha256: str | None = None):
    from vanban.run.steps import read_with_timings

    return read_with_timings(Path(path), limits, sha256=sha256)


def _too_slow(path: Path, budget: float) -> UnreadableDocument:
    return UnreadableDocument(
        f"{path.name!r} took more than {budget:g} s to read (VANBAN_MAX_SECONDS, "
        "VANBAN_MAX_SECONDS_PER_PAGE for a PDF); the reader was stopped",
        problem=TOO_SLOW,
    )


def _died(path: Path, error: BaseException) -> UnreadableDocument:
    return UnreadableDocument(
        f"{path.name!r}: the reader process died ({error}); the run went on", problem=READER_FAILED
    )


class TimedReader:
    """A `steps.ReadFunction` that reads in worker processes, each killed and replaced after its file's time limit.

    Thread-safe: the flow's threads schedule batches on the same pool.
    """

    def __init__(self, work: Work | None = None, workers: int = 1) -> None:
        # -- `work` must be importable by name in the worker; tests give a slow one
        self._work = work or _read_in_worker
        self.workers = max(1, workers)
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> TimedReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            pool.join()

    def start(self) -> TimedReader:
        """Start the workers now (the fork server imports the extractors: seconds) rather than at the first file."""
        with self._lock:
            self._start()
        return self

    def _start(self) -> ProcessPool:
        if self._pool is None:
            self._pool = ProcessPool(max_workers=self.workers, context=_context())
        return self._pool

    def _schedule(self, path: Path, limits: ReadLimits, sha256: str | None = None) -> tuple[Future, float]:
        # -- the hash only when there is one: a `work` given by a test takes (path, limits)
        args = (str(path), limits) if sha256 is None else (str(path), limits, sha256)
        with self._lock:
            pool = self._start()
            budget = time_budget(path, limits)
            return pool.schedule(self._work, args=args, timeout=budget), budget

    def _result(self, future: Future, path: Path, budget: float):
        try:
            return future.result()
        except FutureTimeout:
            raise _too_slow(path, budget) from None
        except ProcessExpired as error:
            # -- pebble has already started a fresh worker in the dead one's place
            raise _died(path, error) from None
        except BrokenProcessPool as error:
            self.close()  # -- a new pool, with new workers, for the next document
            raise _died(path, error) from None

    def __call__(self, path: Path, limits: ReadLimits) -> tuple[Document, list[Fact]]:
        """Read and extract `path` in a worker; errors come back as the worker raised them.

        Raises:
            UnreadableDocument: raised with TOO_SLOW past the time limit, READER_FAILED when the worker died
                (a crash in a C library, the kernel's out-of-memory killer).
        """
        future, budget = self._schedule(path, limits)
        answer = self._result(future, path, budget)
        return answer.unwrap() if hasattr(answer, "unwrap") else answer

    def read_many(self, items: Sequence[tuple[Path, ReadLimits]], *, hashes: Sequence[str] | None = None):
        """`steps.Reading` for each (path, limits), in order, read side by side by the pool's workers;
        a time limit or a dead worker is that file's error, never the batch's. `hashes`: each file's
        content hash as the run took it, so the reader does not hash the file again."""
        from vanban.run.steps import Reading, read_key

        known: Sequence[str | None] = hashes if hashes is not None else [None] * len(items)
        scheduled = [
            (path, *self._schedule(path, limits, sha)) for (path, limits), sha in zip(items, known, strict=True)
        ]
        readings = []
        for path, future, budget in scheduled:
            try:
                answer = self._result(future, path, budget)
            except UnreadableDocument as error:
                # -- a file stopped at its limit cost the limit; a worker that died, nothing we can tell
                spent = budget if error.problem is TOO_SLOW else 0.0
                answer = Reading(error=error, seconds={read_key(path): spent})
            readings.append(answer)
        return readings


class ThreadReader:
    """In-process reading for a process that may not start children (a daemonic Dask worker): the time
    limit stops the wait, not the reader, whose thread runs on to its end. Weaker than `TimedReader`:
    set `DASK_DISTRIBUTED__WORKER__DAEMON=False` on Dask workers so they read in worker processes."""

    workers = 1

    def read_many(self, items: Sequence[tuple[Path, ReadLimits]], *, hashes: Sequence[str] | None = None):
        from vanban.run.steps import Reading, read_key

        known: Sequence[str | None] = hashes if hashes is not None else [None] * len(items)
        readings = []
        for (path, limits), sha in zip(items, known, strict=True):
            budget = time_budget(path, limits)
            answer: list = []
            reader = threading.Thread(target=_read_into, args=(answer, path, limits, sha), daemon=True)
            reader.start()
            reader.join(budget)
            readings.append(
                answer[0] if answer else Reading(error=_too_slow(path, budget), seconds={read_key(path): budget})
            )
        return readings

    def start(self) -> ThreadReader:
        import vanban.extractors.read  # noqa: F401 -- the readers and the pipeline, loaded now rather than at the first file
        import vanban.run.warm_reader  # noqa: F401

        return self

    def close(self) -> None:
        return None


def _read_into(answer: list, path: Path, limits: ReadLimits, sha256: str | None) -> None:
    from vanban.run.steps import read_with_timings

    answer.append(read_with_timings(path, limits, sha256=sha256))


_process_reader: TimedReader | ThreadReader | None = None
_process_lock = threading.Lock()


def use_reader(reader: TimedReader | ThreadReader | None) -> None:
    """Make `reader` the one `process_reader()` gives in this process (the flow's, with its workers)."""
    global _process_reader
    with _process_lock:
        _process_reader = reader


def process_reader() -> TimedReader | ThreadReader:
    """This process's reader: the one the flow set, or one made on first use (a Dask worker process makes
    its own, never passed to it: a pool of processes does not travel). A daemonic process (a Dask worker
    under a nanny with the default `distributed.worker.daemon: True`) cannot start children: it reads in
    threads (`ThreadReader`)."""
    global _process_reader
    with _process_lock:
        if _process_reader is None:
            _process_reader = _make_reader(_dask_threads())
        return _process_reader


def _make_reader(threads: int) -> TimedReader | ThreadReader:
    if multiprocessing.current_process().daemon:
        return ThreadReader()
    reader = TimedReader(workers=threads)
    atexit.register(reader.close)
    return reader


def _dask_threads() -> int:
    """The threads of the Dask worker this process is (each may read a batch at once), else 1."""
    try:
        from distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except (ImportError, ValueError, AttributeError):
        return 1


def dask_setup(worker) -> None:
    """Dask's preload hook: `dask worker tcp://A:8786 --preload vanban.run.workers` starts each worker
    process's reader as the worker starts, so the night's first batch does not wait for the extractors' import."""
    global _process_reader
    with _process_lock:
        if _process_reader is None:
            _process_reader = _make_reader(max(1, int(worker.state.nthreads)))
    _process_reader.start()
