"""Bad input: every hostile file ends in quarantine/ with a one-line reason in Vietnamese and English,
and every good file in the same run is loaded and archived under its own name."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers import drop_into, prepare_files, sample_documents
from tests.hostile import HOSTILE_CASES, ODD_GOOD_NAMES, write_odd_good_files
from vanban.extractors.readers.limits import ReadLimits
from vanban.flows.nightly import nightly
from vanban.models.errors import PROBLEMS
from vanban.run import steps
from vanban.run.inbox import discover, error_note_path
from vanban.run.workers import TimedReader
from vanban.warehouse import open_warehouse

WHEN = datetime(2026, 12, 1, 2, 0)


def _ready(inbox: Path):
    ready, _ = discover(inbox, now=time.time() + 3600, settle_seconds=0)
    return ready


def _assert_reason_line(reason: str, code: str) -> None:
    problem = PROBLEMS[code]
    assert "\n" not in reason
    assert reason.startswith(f"{code} {problem.vi} / {problem.en}"), reason


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=[case.id for case in HOSTILE_CASES])
def test_each_hostile_file_is_set_aside_with_its_catalogue_reason(tmp_path, case):
    case.write(tmp_path / "inbox")
    (file,) = _ready(tmp_path / "inbox")

    outcome = steps.prepare_file(file, set())

    assert outcome.status == "quarantined"
    _assert_reason_line(outcome.reason, case.code)


def test_a_run_quarantines_every_hostile_file_and_loads_every_good_one(prefect_harness, monkeypatch, tmp_path):
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    inbox = tmp_path / "inbox"
    for case in HOSTILE_CASES:
        case.write(inbox)
    good = write_odd_good_files(inbox) + drop_into(inbox, *sample_documents()[:2])
    for path in inbox.iterdir():
        os.utime(path, (time.time() - 3600,) * 2, follow_symlinks=False)
    outside = sorted(p for p in (tmp_path / "ngoai-hop-thu").rglob("*"))

    summary = nightly(home=str(tmp_path), settle_seconds=0)

    notes = {
        p.name: p.read_text(encoding="utf-8").splitlines()[0] for p in (tmp_path / "quarantine").glob("*.error.txt")
    }
    assert summary["quarantined"] == len(HOSTILE_CASES), notes
    assert summary["loaded"] == len(good) and summary["duplicates"] == 0
    quarantine = tmp_path / "quarantine"
    for case in HOSTILE_CASES:
        kept = quarantine / case.name
        assert os.path.lexists(kept), case.id
        note = error_note_path(kept).read_text(encoding="utf-8")
        _assert_reason_line(note.splitlines()[0], case.code)
    archived = {p.name for p in (tmp_path / "archive").rglob("*") if p.is_file()}
    assert archived == {p.name for p in good}
    assert set(ODD_GOOD_NAMES) <= archived  # -- NFD, spaces, dots, a leading dash, bytes that are not UTF-8: as dropped
    assert [p.name for p in inbox.iterdir() if not p.name.startswith(".")] == []
    # -- a link is moved, never followed: what it pointed to is where it was, untouched
    assert sorted(p for p in (tmp_path / "ngoai-hop-thu").rglob("*")) == outside
    assert (tmp_path / "ngoai-hop-thu" / "mat.txt").read_text(encoding="utf-8") == "bí mật\n"
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        statuses = store.db.fetch_dicts('SELECT "status", COUNT(*) AS "n" FROM "documents" GROUP BY "status"', [])
        sightings = store.db.fetch_dicts('SELECT "original_name", "outcome" FROM "sightings"', [])
    assert {row["status"]: row["n"] for row in statuses}["loaded"] == len(good)
    names = {row["original_name"] for row in sightings}
    assert (
        "ten-\ufffd-khong-phai-utf8.txt" in names and "Nghị quyết số 5.docx" in names
    )  # -- shown NFC, never raw bytes
    assert sum(row["outcome"] == "quarantined" for row in sightings) == len(HOSTILE_CASES)


def test_a_file_that_changes_while_it_is_read_waits_for_the_next_run(tmp_path):
    (path,) = drop_into(tmp_path / "inbox", sample_documents()[0])
    (file,) = _ready(tmp_path / "inbox")

    def read_while_someone_writes(path, limits):
        read = steps.read_and_extract(path, limits)
        with path.open("ab") as stream:
            stream.write(b"\n")
        return read

    outcome = steps.prepare_file(file, set(), read=read_while_someone_writes)
    steps.file_batch(
        [outcome], archive=tmp_path / "archive", quarantine=tmp_path / "quarantine", run_id="r1", when=WHEN
    )

    assert outcome.status == "changed" and outcome.reason.startswith("VB021")
    assert path.exists() and not (tmp_path / "quarantine").exists() and not (tmp_path / "archive").exists()
    os.utime(path, (time.time() - 3600,) * 2)
    (again,) = prepare_files(_ready(tmp_path / "inbox"), set())
    assert again.status == "new" and again.facts


def test_a_file_replaced_between_discovery_and_reading_waits_for_the_next_run(tmp_path):
    (path,) = drop_into(tmp_path / "inbox", sample_documents()[0])
    (file,) = _ready(tmp_path / "inbox")
    other = sample_documents()[1].read_bytes()

    def read_after_a_swap(path, limits):
        path.write_bytes(other)
        stamp = file.mtime
        os.utime(path, (stamp, stamp))  # -- same time: only the bytes (and size) tell
        return steps.read_and_extract(path, limits)

    outcome = steps.prepare_file(file, set(), read=read_after_a_swap)

    assert outcome.status == "changed" and path.read_bytes() == other


def test_a_file_removed_before_it_is_read_is_neither_quarantined_nor_recorded(tmp_path):
    (path,) = drop_into(tmp_path / "inbox", sample_documents()[0])
    (file,) = _ready(tmp_path / "inbox")
    path.unlink()

    outcome = steps.prepare_file(file, set())
    steps.file_batch(
        [outcome], archive=tmp_path / "archive", quarantine=tmp_path / "quarantine", run_id="r1", when=WHEN
    )

    assert outcome.status == "changed" and outcome.reason.startswith("VB021")
    assert not (tmp_path / "quarantine").exists()


def test_a_file_removed_while_it_is_read_is_left_alone(tmp_path):
    (path,) = drop_into(tmp_path / "inbox", sample_documents()[0])
    (file,) = _ready(tmp_path / "inbox")

    def read_then_vanish(path, limits):
        path.unlink()
        raise FileNotFoundError(path)

    outcome = steps.prepare_file(file, set(), read=read_then_vanish)

    assert outcome.status == "changed"


def slow_work(path: str, limits: ReadLimits):
    """Runs in the reader's worker process: never finishes in time."""
    time.sleep(60)


def dying_work(path: str, limits: ReadLimits):
    """Runs in the reader's worker process: dies as a segfaulting C library would."""
    os._exit(70)


@pytest.mark.slow
def test_the_time_limit_stops_a_reader_and_the_next_document_is_read(tmp_path):
    (good,) = drop_into(tmp_path / "inbox", sample_documents()[0])
    with TimedReader(work=slow_work) as read:
        started = time.monotonic()
        with pytest.raises(Exception) as raised:
            read(good, ReadLimits(max_seconds=1))
        assert time.monotonic() - started < 30
    outcome_reason = steps.reason_line(raised.value)
    _assert_reason_line(outcome_reason, "VB015")
    assert "VANBAN_MAX_SECONDS" in outcome_reason
    with TimedReader() as read:
        document, facts = read(good, ReadLimits())
    assert document.text and facts


@pytest.mark.slow
def test_a_reader_process_that_dies_is_a_reason_and_the_pool_recovers(tmp_path):
    (good,) = drop_into(tmp_path / "inbox", sample_documents()[0])
    reader = TimedReader(work=dying_work)
    try:
        with pytest.raises(Exception) as raised:
            reader(good, ReadLimits())
        _assert_reason_line(steps.reason_line(raised.value), "VB016")
        reader._work = TimedReader()._work  # -- the same reader, a fresh worker, the real work
        document, _ = reader(good, ReadLimits())
        assert document.text
    finally:
        reader.close()


@pytest.mark.slow
def test_a_2000_page_pdf_past_a_raised_page_limit_is_stopped_by_the_time_limit(tmp_path):
    case = next(case for case in HOSTILE_CASES if case.id == "pdf-2000-pages")
    path = case.write(tmp_path / "inbox")
    (file,) = _ready(tmp_path / "inbox")
    # -- a budget far below what 2,000 pages take, however fast the PDF reader gets (~2.5 s in Dec. 2026)
    limits = ReadLimits(max_pages=5000, max_seconds=0.5, seconds_per_pdf_page=0.0001)

    with TimedReader() as read:
        started = time.monotonic()
        outcome = steps.prepare_file(file, set(), limits=limits, read=read)
        elapsed = time.monotonic() - started

    assert outcome.status == "quarantined"
    _assert_reason_line(outcome.reason, "VB015")
    assert elapsed < 60 and path.exists()


def test_retry_delays_come_from_the_environment():
    from vanban.settings import DEFAULT_RETRY_DELAYS, retry_delays

    assert retry_delays({}) == list(DEFAULT_RETRY_DELAYS)
    assert retry_delays({"VANBAN_RETRY_DELAYS": "1, 5"}) == [1.0, 5.0]
    assert retry_delays({"VANBAN_RETRY_DELAYS": "0"}) == []
    with pytest.raises(Exception, match="VANBAN_RETRY_DELAYS"):
        retry_delays({"VANBAN_RETRY_DELAYS": "soon"})
