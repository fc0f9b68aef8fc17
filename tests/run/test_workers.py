"""Reading side by side and loading in batches: what the run's process tells without reading, copies
within a run, a slow file among others, a batch the database partly refuses, the worker settings."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import sample_documents
from tests.warehouse.documents import plan_document
from vanban.extractors.readers.limits import ReadLimits
from vanban.models.errors import VanbanError
from vanban.run import steps
from vanban.run.inbox import discover
from vanban.run.progress import SUMMARY_STAGES, StageTimes
from vanban.run.workers import TimedReader
from vanban.settings import reader_workers
from vanban.warehouse import open_warehouse


def _ready(inbox: Path):
    ready, _ = discover(inbox, now=time.time() + 3600, settle_seconds=0)
    return ready


def _write(inbox: Path, name: str, data: bytes) -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / name
    path.write_bytes(data)
    return path


def _read_all(batches: steps.RunBatches, batch: steps.Batch) -> list[steps.Outcome]:
    read = [steps.read_outcome(file, sha, steps.read_with_timings(file.path)) for file, sha in batch.to_read]
    return batches.settle(batch, read)


def test_copies_within_a_run_are_read_once_and_stay_duplicates_across_batches(tmp_path):
    text = next(path for path in sample_documents() if path.suffix == ".txt").read_bytes()
    _write(tmp_path / "inbox", "a.txt", text)
    _write(tmp_path / "inbox", "b-ban-sao.txt", text)
    _write(tmp_path / "inbox", "c.txt", text + "\nThêm một dòng.\n".encode())
    _write(tmp_path / "inbox", "d-ban-sao.txt", text)
    batches = steps.RunBatches(set(), batch_size=1)

    outcomes = [outcome for batch in batches.deal(_ready(tmp_path / "inbox")) for outcome in _read_all(batches, batch)]

    by_name = {o.file.display_name: o for o in outcomes}
    assert {name: o.status for name, o in by_name.items()} == {
        "a.txt": "new",
        "b-ban-sao.txt": "duplicate",
        "c.txt": "new",
        "d-ban-sao.txt": "duplicate",
    }
    assert by_name["b-ban-sao.txt"].reason == "same content as 'a.txt', loaded in this run"
    assert by_name["b-ban-sao.txt"].document is None and by_name["b-ban-sao.txt"].seconds == {}
    assert by_name["a.txt"].seconds["read.txt"] > 0 and by_name["a.txt"].seconds["extract"] > 0


def test_a_copy_of_a_broken_file_is_quarantined_with_its_reason_and_the_same_bytes_under_another_suffix_are_read_again(
    tmp_path,
):
    inbox = tmp_path / "inbox"
    _write(inbox, "hong.docx", b"not a zip at all")
    _write(inbox, "hong2.docx", b"not a zip at all")
    _write(inbox, "hong.txt", b"not a zip at all")
    batches = steps.RunBatches(set(), batch_size=50)

    (batch,) = batches.deal(_ready(inbox))
    assert [file.display_name for file, _ in batch.to_read] == ["hong.docx", "hong.txt"]
    outcomes = {o.file.display_name: o for o in _read_all(batches, batch)}

    assert outcomes["hong2.docx"].status == "quarantined"
    assert (
        outcomes["hong2.docx"].reason.startswith("VB004")
        and "same content as 'hong.docx'" in outcomes["hong2.docx"].reason
    )
    assert outcomes["hong.txt"].status == "new"  # -- read as text it is a (short) document of its own


@pytest.mark.slow
def test_known_content_is_never_sent_to_a_reader_and_thousands_of_duplicates_make_few_batches(tmp_path):
    inbox = tmp_path / "inbox"
    known = set()
    for index in range(2_500):
        path = _write(inbox, f"ban-sao-{index:04d}.txt", f"Văn bản số {index}.\n".encode())
        known.add(steps.sha256_of(path))

    batches = list(steps.RunBatches(known, batch_size=50, max_files=1_000).deal(_ready(inbox)))

    assert [len(batch) for batch in batches] == [1_000, 1_000, 500]
    assert all(not batch.to_read and batch.bytes_to_read == 0 for batch in batches)
    assert {o.status for batch in batches for o in batch.outcomes} == {"duplicate"}


def _work_in_pid(path: str, limits: ReadLimits):
    """Runs in a reader's worker: a slow file never finishes; the others say which process read them."""
    if "cham" in path:
        time.sleep(60)
    time.sleep(0.5)
    return steps.Reading(error=None, seconds={"pid": float(os.getpid())})


@pytest.mark.slow
def test_two_workers_read_a_batch_side_by_side_and_a_slow_file_is_stopped_alone(tmp_path):
    paths = [_write(tmp_path, name, b"x") for name in ("a.txt", "b.txt", "cham.txt", "c.txt", "d.txt")]

    with TimedReader(work=_work_in_pid, workers=2) as reader:
        readings = reader.read_many([(path, ReadLimits(max_seconds=5)) for path in paths])

    slow = readings[2]
    assert steps.reason_line(slow.error).startswith("VB015") and slow.seconds == {"read.txt": 5}
    pids = {reading.seconds["pid"] for index, reading in enumerate(readings) if index != 2}
    assert len(pids) == 2, "both workers read"


def test_the_real_reader_in_two_workers_gives_what_reading_in_process_gives(tmp_path):
    paths = sample_documents()[:4]
    with TimedReader(workers=2) as reader:
        readings = reader.read_many([(path, ReadLimits()) for path in paths])
    for path, reading in zip(paths, readings):
        document, facts = steps.read_and_extract(path)
        assert reading.error is None and reading.document.sha256 == document.sha256
        assert [f.to_dict() for f in reading.facts] == [f.to_dict() for f in facts]
        assert set(reading.seconds) == {f"read.{document.format}", "extract"}


def test_the_run_s_hash_goes_with_each_file_to_the_worker(tmp_path):
    paths = sample_documents()[:2]
    hashes = ["a" * 64, "b" * 64]  # -- not the files' own: the reader takes what it is given
    with TimedReader(workers=1) as reader:
        readings = reader.read_many([(path, ReadLimits()) for path in paths], hashes=hashes)
    assert [reading.document.sha256 for reading in readings] == hashes


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request, tmp_path):
    url = None if request.param == "duckdb" else request.getfixturevalue("pg_url")
    with open_warehouse(url, default_path=tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.ensure_schema()
        yield warehouse


def _new_outcome(tmp_path: Path, name: str, *, postscript: str, broken: bool = False) -> steps.Outcome:
    document, facts = plan_document(name, postscript=postscript)
    if broken:  # -- a lone surrogate no database encodes: it refuses this document, not the batch
        facts = [*facts[:3], replace(facts[3], sentence=facts[3].sentence + "\ud800")]
    path = _write(tmp_path / "inbox", name, postscript.encode())
    (inbox_file,) = [f for f in _ready(tmp_path / "inbox") if f.path == path]
    return steps.Outcome(inbox_file, "new", sha256=document.sha256, document=document, facts=facts)


def test_a_batch_the_database_partly_refuses_loads_the_rest_and_quarantines_only_that_document(store, tmp_path):
    outcomes = [
        _new_outcome(tmp_path, "mot.docx", postscript="Một."),
        _new_outcome(tmp_path, "hai.docx", postscript="Hai.", broken=True),
        _new_outcome(tmp_path, "ba.docx", postscript="Ba."),
    ]

    written = steps.load_batch(store, outcomes, "r1")

    assert [o.status for o in outcomes] == ["new", "quarantined", "new"]
    assert outcomes[1].reason.startswith("VB019") and "'hai.docx'" in outcomes[1].reason
    assert written == 14
    names = sorted(row["original_name"] for row in store.list_documents())
    assert names == ["ba.docx", "mot.docx"]
    sightings = store.db.fetch_dicts('SELECT "original_name", "outcome" FROM "sightings" ORDER BY "original_name"', [])
    assert [(row["original_name"], row["outcome"]) for row in sightings] == [
        ("ba.docx", "loaded"),
        ("hai.docx", "quarantined"),
        ("mot.docx", "loaded"),
    ]


def test_a_batch_load_keeps_reviewed_facts_and_a_reload_leaves_the_same_rows(store, tmp_path):
    outcomes = [
        _new_outcome(tmp_path, "mot.docx", postscript="Một."),
        _new_outcome(tmp_path, "hai.docx", postscript="Hai."),
    ]
    assert steps.load_batch(store, outcomes, "r1") == 14
    fact = store.list_facts(limit=1)[0]
    store.review_fact(fact["id"], "accept", "Lan")

    again = steps.load_batch(store, outcomes, "r2")

    assert again == 13, "the accepted fact is kept, not written again"
    assert store.get_fact(fact["id"])["review_status"] == "accepted"
    assert sum(store.fact_counts().values()) == 14


def test_duplicates_are_recorded_in_one_go_and_mark_their_document_seen(store, tmp_path):
    (outcome,) = [_new_outcome(tmp_path, "mot.docx", postscript="Một.")]
    steps.load_batch(store, [outcome], "r1")
    copies = [
        replace(
            outcome,
            status="duplicate",
            document=None,
            facts=[],
            reason="same content",
            file=replace(outcome.file, relative=Path(f"ban-sao-{i}.docx")),
        )
        for i in range(3)
    ]

    steps.load_batch(store, copies, "r2")

    rows = store.db.fetch_dicts(
        'SELECT "original_name", "outcome", "sha256" FROM "sightings" WHERE "run_id" = ? ORDER BY 1', ["r2"]
    )
    assert [(row["original_name"], row["outcome"]) for row in rows] == [
        (f"ban-sao-{i}.docx", "duplicate") for i in range(3)
    ]
    assert store.get_document(outcome.sha256)["last_run_id"] == "r2"


def test_stage_times_name_every_stage_and_add_up_what_workers_measured():
    times = StageTimes()
    times.add({"read.docx": 0.25, "extract": 0.5})
    times.add({"read.docx": 0.25, "read.doc": 1.0})
    with times.timing("load"):
        pass

    stages = times.as_dict()

    assert set(SUMMARY_STAGES) <= set(stages) and stages["read.docx"] == 0.5 and stages["read.doc"] == 1.0
    assert stages["extract"] == 0.5 and stages["load"] >= 0 and stages["report"] == 0


def test_worker_count_comes_from_the_environment():
    assert reader_workers({}) == (os.cpu_count() or 1)
    assert reader_workers({"VANBAN_WORKERS": "3"}) == 3
    for bad in ("0", "two"):
        with pytest.raises(VanbanError, match="VANBAN_WORKERS"):
            reader_workers({"VANBAN_WORKERS": bad})
