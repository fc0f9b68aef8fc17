"""The nightly flow with its read-extract tasks on a real Dask cluster of two worker processes
(`VANBAN_DASK_ADDRESS`), loading into PostgreSQL: the same facts as a run on this machine's own readers."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import dask
import distributed
import pytest

from tests.helpers import drop_into, sample_documents
from vanban.flows.nightly import nightly
from vanban.run import workers as reading
from vanban.warehouse import open_warehouse

FACT_COLUMNS = '"id", "doc_sha256", "kind", "text", "start_offset", "end_offset", "value_text", "value_num", "sentence"'


@pytest.fixture(scope="module")
def dask_cluster():
    """Two worker processes, one thread each, as `dask worker` starts them, but not daemonic: a daemonic
    process may not start children, and each worker reads in pebble processes it can kill at the time limit."""
    with dask.config.set({"distributed.worker.daemon": False}):
        with distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster:
            yield cluster


def _facts(url: str | None, home: Path) -> list[tuple]:
    with open_warehouse(url, default_path=home / "warehouse.duckdb") as store:
        rows = store.db.fetch_dicts(f'SELECT {FACT_COLUMNS} FROM "facts" ORDER BY "id"', [])
    return [tuple(row.values()) for row in rows]


def _workers_that_read(cluster) -> dict[str, str | None]:
    def reader_kind() -> str | None:
        from vanban.run import workers as reading

        return type(reading._process_reader).__name__ if reading._process_reader is not None else None

    with distributed.Client(cluster) as client:
        return client.run(reader_kind)


def test_a_run_on_dask_loads_into_postgresql_the_facts_of_a_local_run(
    prefect_harness, dask_cluster, pg_url, monkeypatch, tmp_path
):
    samples = sample_documents()[:6]
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    monkeypatch.delenv("VANBAN_DASK_ADDRESS", raising=False)
    drop_into(tmp_path / "local" / "inbox", *samples)
    local = nightly(home=str(tmp_path / "local"), settle_seconds=0, batch_size=2)

    monkeypatch.setenv("VANBAN_WAREHOUSE_URL", pg_url)
    monkeypatch.setenv("VANBAN_DASK_ADDRESS", dask_cluster.scheduler_address)
    drop_into(tmp_path / "dask" / "inbox", *samples)
    on_dask = nightly(home=str(tmp_path / "dask"), settle_seconds=0, batch_size=2)

    assert local["readers"].endswith("local processes") and on_dask["readers"] == dask_cluster.scheduler_address
    assert on_dask["loaded"] == local["loaded"] == len(samples)
    assert on_dask["facts"] == local["facts"]
    assert _facts(pg_url, tmp_path / "dask") == _facts(None, tmp_path / "local") != []
    assert on_dask["stages"]["extract"] > 0 and on_dask["pages"] == local["pages"]
    # -- the reading happened in the Dask workers, each with a reader of its own that can kill a slow read
    readers = _workers_that_read(dask_cluster)
    assert "TimedReader" in readers.values(), readers
    assert sorted(p.name for p in (tmp_path / "dask" / "archive").rglob("*") if p.is_file()) == sorted(
        p.name for p in samples
    )


def _reader_kind(answer) -> None:
    reading._process_reader = None
    answer.put(type(reading.process_reader()).__name__)


@pytest.mark.slow
def test_a_daemonic_worker_process_reads_in_threads_since_it_may_not_start_children():
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    for daemon in (True, False):
        process = context.Process(target=_reader_kind, args=(answers,), daemon=daemon)
        process.start()
        process.join(60)
    assert [answers.get(timeout=10), answers.get(timeout=10)] == ["ThreadReader", "TimedReader"]


def _preloaded(answer) -> None:
    from types import SimpleNamespace

    reading._process_reader = None
    reading.dask_setup(SimpleNamespace(state=SimpleNamespace(nthreads=2)))
    reader = reading._process_reader
    answer.put((type(reader).__name__, reader.workers, reader._pool is not None))
    reader.close()


@pytest.mark.slow
def test_the_dask_preload_starts_a_reader_with_a_process_per_worker_thread():
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    process = context.Process(target=_preloaded, args=(answers,))
    process.start()
    assert answers.get(timeout=120) == ("TimedReader", 2, True)
    process.join(60)


def test_an_unreachable_dask_scheduler_ends_the_run_clearly_and_leaves_the_inbox(
    prefect_harness, monkeypatch, tmp_path
):
    from vanban.flows.nightly import DaskUnavailable

    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    # -- port 9 (discard) on loopback: nothing listens there
    monkeypatch.setenv("VANBAN_DASK_ADDRESS", "tcp://127.0.0.1:9")
    dropped = drop_into(tmp_path / "inbox", *sample_documents()[:2])

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        with pytest.raises(DaskUnavailable, match="VANBAN_DASK_ADDRESS"):
            nightly(home=str(tmp_path), settle_seconds=0)

    assert all(path.exists() for path in dropped)
    assert not any((tmp_path / "archive").rglob("*.*"))
