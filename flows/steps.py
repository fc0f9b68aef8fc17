"""The nightly run's steps as plain functions over batches of inbox files, so tests call them
without Prefect and the flow only wires them. Each step gathers per-file outcomes; one bad file never
stops a batch.
"""

from __future__ import annotations

import glob
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePath

from extractors.limits import DEFAULT_LIMITS, ReadLimits
from extractors.nlp import extract_document
from extractors.read import read_document, sha256_of
from flows.inbox import InboxFile, archive_file, display_name, quarantine_file, still_settled, storable_path
from models.document import Document
from models.errors import (
    CHANGED_WHILE_READING,
    NO_PERMISSION,
    READER_FAILED,
    SYMLINK,
    UNREADABLE,
    WAREHOUSE_REJECTED,
    VanbanError,
    reason_line,
)
from models.fact import Fact
from warehouse.connect import is_rejected_value

ReadFunction = Callable[[Path, ReadLimits], tuple[Document, list[Fact]]]


@dataclass
class Outcome:
    """What became of one inbox file in a run."""

    file: InboxFile
    status: str  # new | duplicate | quarantined | changed
    sha256: str | None = None
    document: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    reason: str | None = None  # -- one line: catalogue code, Vietnamese / English, detail
    destination: Path | None = None
    move_error: str | None = None  # -- the move failed (disk full …): the file is still in the inbox


def chunked(items: Sequence[InboxFile], size: int) -> Iterator[list[InboxFile]]:
    """Consecutive batches of at most `size` files (Python 3.11 has no itertools.batched)."""
    size = max(size, 1)
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def read_and_extract(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[Document, list[Fact]]:
    """Read one file within `limits` and extract its facts (what a worker process runs, see flows.reading)."""
    document = read_document(path, limits)
    return document, extract_document(document)


def prepare_file(
    file: InboxFile, known: set[str], *, limits: ReadLimits = DEFAULT_LIMITS, read: ReadFunction = read_and_extract
) -> Outcome:
    """Hash, skip known content, read and extract; every failure becomes a one-line reason, not an exception.

    A file that moves, grows or is replaced while it is read is left for the next run (`changed`):
    its hash is taken before reading and compared with the bytes the reader saw.

    Example:
        prepare_file(InboxFile(Path("inbox/rong.txt"), …), set()).reason → "VB001 Tệp rỗng (0 byte) / Empty file (0 bytes): …"
    """
    name = file.display_name
    if file.is_symlink:
        target = display_name(Path(_link_target(file.path)))
        return Outcome(file, "quarantined", reason=SYMLINK.line(f"{name!r} points to {target!r}; copy the file itself in"))
    if not still_settled(file):
        return Outcome(file, "changed", reason=CHANGED_WHILE_READING.line(f"{name!r} changed after it was found"))
    try:
        sha = sha256_of(file.path)
    except FileNotFoundError:
        return Outcome(file, "changed", reason=CHANGED_WHILE_READING.line(f"{name!r} was removed after it was found"))
    except PermissionError as error:
        return Outcome(file, "quarantined", reason=NO_PERMISSION.line(f"{name!r}: {error.strerror}"))
    except OSError as error:
        return Outcome(file, "quarantined", reason=UNREADABLE.line(f"{name!r} could not be opened: {error}"))
    if sha in known:
        return Outcome(file, "duplicate", sha256=sha, reason="same content as a document already loaded")
    try:
        document, facts = read(file.path, limits)
    except FileNotFoundError:
        return Outcome(file, "changed", reason=CHANGED_WHILE_READING.line(f"{name!r} was removed while being read"))
    except PermissionError as error:
        return Outcome(file, "quarantined", sha256=sha, reason=NO_PERMISSION.line(f"{name!r}: {error.strerror}"))
    except VanbanError as error:
        if not still_settled(file):  # -- a reader choking on a half-written file: not the file's fault
            return Outcome(file, "changed", reason=CHANGED_WHILE_READING.line(f"{name!r} changed while being read"))
        return Outcome(file, "quarantined", sha256=sha, reason=reason_line(error))
    except Exception as error:  # -- a reader bug must not sink the run: quarantine with the details
        return Outcome(file, "quarantined", sha256=sha, reason=reason_line(error, default=READER_FAILED))
    if not still_settled(file) or document.sha256 != sha:
        return Outcome(file, "changed", reason=CHANGED_WHILE_READING.line(f"{name!r} changed while being read"))
    return Outcome(file, "new", sha256=sha, document=document, facts=facts)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def prepare_batch(
    files: Iterable[InboxFile], known: set[str], *, limits: ReadLimits = DEFAULT_LIMITS, read: ReadFunction = read_and_extract
) -> list[Outcome]:
    """Outcomes for a batch; `known` grows with each new document so a copy later in the run is a duplicate."""
    outcomes = []
    for file in files:
        outcome = prepare_file(file, known, limits=limits, read=read)
        if outcome.status == "new" and outcome.sha256:
            known.add(outcome.sha256)
        outcomes.append(outcome)
    return outcomes


def load_batch(warehouse, outcomes: list[Outcome], run_id: str) -> int:
    """Write a batch to the warehouse (one transaction per document); returns facts written.

    A document the database refuses (a value it cannot store) is quarantined with the database's
    reason; a lost connection is raised, so the batch's files stay in the inbox for the next run.
    """
    written = 0
    for outcome in outcomes:
        name = outcome.file.display_name
        if outcome.status == "new" and outcome.document is not None:
            # -- the path as text the database can store: a name that is not UTF-8 is shown, not refused
            document = replace(outcome.document, path=storable_path(outcome.file.path))
            try:
                written += warehouse.load_document(
                    document, outcome.facts, original_name=name, run_id=run_id, archive_path=None, size_bytes=outcome.file.size
                )
            except Exception as error:
                if not is_rejected_value(error):
                    raise
                _reject(outcome, WAREHOUSE_REJECTED.line(f"{name!r}: {type(error).__name__}: {error}"))
        if outcome.status == "quarantined":
            warehouse.record_quarantine(outcome.sha256, name, outcome.reason or "", run_id)
        if outcome.status in ("new", "duplicate", "quarantined"):
            warehouse.record_sighting(run_id, name, outcome.sha256, _sighting(outcome.status), outcome.reason)
    return written


def _reject(outcome: Outcome, reason: str) -> None:
    outcome.status, outcome.reason, outcome.document, outcome.facts = "quarantined", reason, None, []


def _sighting(status: str) -> str:
    return {"new": "loaded"}.get(status, status)


def file_batch(outcomes: list[Outcome], *, archive: Path, quarantine: Path, run_id: str, when: datetime) -> None:
    """Move each file to archive/ or quarantine/ once the warehouse has it; changed files stay.

    A move that fails (a full disk, a lost mount) leaves that file whole in the inbox and is noted in
    `outcome.move_error`; the next run finds it again (a loaded one as a duplicate) and moves it then.
    """
    for outcome in outcomes:
        try:
            if outcome.status in ("new", "duplicate"):
                outcome.destination = archive_file(outcome.file, archive, when.date())
            elif outcome.status == "quarantined":
                outcome.destination = quarantine_file(
                    outcome.file, quarantine, outcome.reason or "", run_id=run_id, when=when
                )
        except OSError as error:
            outcome.move_error = f"{outcome.file.display_name!r} stays in the inbox: {error}"


def archive_paths(outcomes: Iterable[Outcome], warehouse) -> dict[str, Path]:
    """Content hash → archived file for the warehouse to note: each new document's, and a duplicate's when
    its document has none yet (a run killed between its load and its move left it without one)."""
    paths: dict[str, Path] = {}
    for outcome in outcomes:
        if not (outcome.sha256 and outcome.destination) or outcome.status not in ("new", "duplicate"):
            continue
        if outcome.status == "duplicate":
            stored = warehouse.get_document(outcome.sha256) or {}
            if stored.get("archive_path") or outcome.sha256 in paths:
                continue
        paths[outcome.sha256] = Path(storable_path(outcome.destination))
    return paths


def relink_archived(warehouse, archive_root: Path) -> dict[str, Path]:
    """Archived files of loaded documents that have no archive path noted (a run died between the move and
    the note), found by name under archive/ and confirmed by content hash; returns what to note.

    Example:
        warehouse.set_archive_paths(relink_archived(warehouse, ws.archive), relative_to=ws.home)
    """
    found: dict[str, Path] = {}
    for row in warehouse.list_documents():
        if row["archive_path"] or not row["original_name"]:
            continue
        name = PurePath(row["original_name"])
        pattern = f"*/{glob.escape(str(name.with_name(name.stem)))}*{glob.escape(name.suffix)}"
        for candidate in sorted(archive_root.glob(pattern)):
            if candidate.is_file() and sha256_of(candidate) == row["sha256"]:
                found[row["sha256"]] = candidate
                break
    return found


def tally(outcomes: Iterable[Outcome]) -> Counter[str]:
    """Outcome statuses and fact kinds counted over a run."""
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        counts[outcome.status] += 1
        counts["move_failed"] += outcome.move_error is not None
        counts.update(f"facts.{fact.kind}" for fact in outcome.facts)
    return counts
