"""The nightly run's steps as plain functions over batches of inbox files, so tests call them
without Prefect and the flow only wires them. Each step gathers per-file outcomes; one bad file never
stops a batch.
"""

from __future__ import annotations

import glob
import itertools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePath

from vanban.extractors.readers.limits import DEFAULT_LIMITS, ReadLimits
from vanban.extractors.text.hashing import sha256_of
from vanban.models.document import Document
from vanban.models.errors import (
    CHANGED_WHILE_READING,
    NO_PERMISSION,
    READER_FAILED,
    SYMLINK,
    UNREADABLE,
    WAREHOUSE_REJECTED,
    VanbanError,
    reason_line,
)
from vanban.models.fact import Fact
from vanban.run.inbox import InboxFile, archive_file, display_name, quarantine_file, still_settled, storable_path
from vanban.warehouse.connect import is_rejected_value
from vanban.warehouse.loading import DocumentLoad
from vanban.warehouse.store import Warehouse

ReadFunction = Callable[[Path, ReadLimits], tuple[Document, list[Fact]]]
# -- files hashed side by side, a window at a time (the answers of a window wait in memory: paths and hashes)
HASH_THREADS = 4
HASH_WINDOW = 256


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
    # -- worker seconds spent on it: `read.<format>` and `extract` (see `Reading`)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Reading:
    """What a reader hands back for one file: its document and facts, or the error it raised, and the
    seconds each part took, measured where the work ran (a worker process, a Dask worker).

    Example:
        read_with_timings(Path("qd.docx"), limits).seconds → {"read.docx": 0.21, "extract": 0.34}
    """

    document: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    error: BaseException | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def unwrap(self) -> tuple[Document, list[Fact]]:
        """The document and facts, or the reader's error raised again."""
        if self.error is not None:
            raise self.error
        assert self.document is not None
        return self.document, self.facts


def read_and_extract(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, sha256: str | None = None
) -> tuple[Document, list[Fact]]:
    """Read one file within `limits` and extract its facts; `sha256`: the hash the run took, not taken again."""
    from vanban.extractors.facts.pipeline import extract_document
    from vanban.extractors.read import read_document

    document = read_document(path, limits, sha256=sha256)
    return document, extract_document(document)


def read_key(path: Path, document: Document | None = None) -> str:
    """The stage a read is counted under: `read.docx`, `read.pdf`, `read.txt` … (the suffix when reading failed)."""
    kind = document.format if document is not None else (path.suffix.lower().lstrip(".") or "other")
    return f"read.{kind}"


def read_with_timings(path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, sha256: str | None = None) -> Reading:
    """Read and extract one file, timing each part; an error is returned in the `Reading`, not raised.

    `sha256` is the content hash the run took of the file (`check_file`): the reader takes it rather than
    hashing the file a second time (what a worker process runs, see vanban.run.workers)."""
    # -- imported here: the readers and spaCy load in the reader processes, not in the run's own
    from vanban.extractors.facts.pipeline import extract_document
    from vanban.extractors.read import read_document

    started = time.perf_counter()
    try:
        document = read_document(path, limits, sha256=sha256)
    except Exception as error:
        return Reading(error=error, seconds={read_key(path): time.perf_counter() - started})
    read_done = time.perf_counter()
    try:
        facts = extract_document(document)
    except Exception as error:
        return Reading(
            error=error,
            seconds={read_key(path, document): read_done - started, "extract": time.perf_counter() - read_done},
        )
    return Reading(
        document,
        facts,
        seconds={read_key(path, document): read_done - started, "extract": time.perf_counter() - read_done},
    )


def call_reader(read: ReadFunction, path: Path, limits: ReadLimits) -> Reading:
    """A `ReadFunction`'s answer as a `Reading`; its time counted as the read (it does not say how much was extraction)."""
    started = time.perf_counter()
    try:
        answer = read(path, limits)
    except Exception as error:
        return Reading(error=error, seconds={read_key(path): time.perf_counter() - started})
    if isinstance(answer, Reading):
        return answer
    document, facts = answer
    return Reading(document, facts, seconds={read_key(path, document): time.perf_counter() - started})


def prepare_file(
    file: InboxFile, known: set[str], *, limits: ReadLimits = DEFAULT_LIMITS, read: ReadFunction = read_and_extract
) -> Outcome:
    """Hash, skip known content, read and extract; every failure becomes a one-line reason, not an exception.

    A file that moves, grows or is replaced while it is read is left for the next run (`changed`):
    its hash is taken before reading and compared with the bytes the reader saw.

    Example:
        prepare_file(InboxFile(Path("inbox/rong.txt"), …), set()).reason → "VB001 Tệp rỗng (0 byte) / Empty file (0 bytes): …"
    """
    checked = check_file(file, known)
    if isinstance(checked, Outcome):
        return checked
    return read_outcome(file, checked, call_reader(read, file.path, limits))


def check_file(file: InboxFile, known: set[str]) -> Outcome | str:
    """What can be told without reading (cheap, in the run's own process): the outcome of a link, a file
    that moved or changed, an unreadable one or known content; otherwise the content hash to read it under."""
    name = file.display_name
    if file.is_symlink:
        target = display_name(Path(_link_target(file.path)))
        return Outcome(
            file, "quarantined", reason=SYMLINK.line(f"{name!r} points to {target!r}; copy the file itself in")
        )
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
    return sha


def read_outcome(file: InboxFile, sha: str, reading: Reading) -> Outcome:
    """The outcome of a file read under the hash `sha`; every failure becomes a one-line reason, not an exception."""
    outcome = _read_outcome(file, sha, reading)
    outcome.seconds = dict(reading.seconds)
    return outcome


def _read_outcome(file: InboxFile, sha: str, reading: Reading) -> Outcome:
    name = file.display_name
    try:
        document, facts = reading.unwrap()
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


@dataclass
class Batch:
    """Files hashed in the run's process: those told without reading (`outcomes`), those to read
    (`to_read`: file and the hash it is read under) and copies of content met earlier in the run (`twins`),
    whose fate is their original's."""

    outcomes: list[Outcome] = field(default_factory=list)
    to_read: list[tuple[InboxFile, str]] = field(default_factory=list)
    twins: list[Outcome] = field(default_factory=list)
    bytes_to_read: int = 0

    def __len__(self) -> int:
        return len(self.outcomes) + len(self.to_read) + len(self.twins)


class RunBatches:
    """Hashes a run's files in its own process (cheap) and deals them into batches of at most `batch_size`
    files to read, so known content is never sent to a reader and a copy within the run stays a copy.

    A batch also closes at `max_files` files whatever they are (default 40 batches' worth), so a run of
    10,000 duplicates makes a handful of task runs, not one per 50 files.

    Example:
        batches = RunBatches(known, batch_size=50)
        for batch in batches.deal(ready): … readings …; outcomes = batches.settle(batch, read_outcomes)
    """

    def __init__(self, known: set[str], *, batch_size: int, max_files: int | None = None) -> None:
        self.known = known
        self.batch_size = max(1, batch_size)
        self.max_files = max(self.batch_size, max_files or 40 * self.batch_size)
        # -- (content hash, suffix) → the file read for it. The suffix too: the same bytes as .pdf and as
        #    .txt are read by different readers and may fail for different reasons, each file its own
        self._claimed: dict[tuple[str, str], str] = {}
        # -- what became of each claim, and which content was loaded in this run (names only: memory stays flat)
        self._fates: dict[tuple[str, str], tuple[str, str | None, str]] = {}
        self._loaded: dict[str, str] = {}

    def deal(self, files: Iterable[InboxFile]) -> Iterator[Batch]:
        batch = Batch()
        for file, checked in _hashed(files, self.known):
            if isinstance(checked, Outcome):
                batch.outcomes.append(checked)
            elif _claim(file, checked) in self._claimed:
                batch.twins.append(Outcome(file, "duplicate", sha256=checked))
            else:
                self._claimed[_claim(file, checked)] = file.display_name
                batch.to_read.append((file, checked))
                batch.bytes_to_read += file.size
            if len(batch.to_read) >= self.batch_size or len(batch) >= self.max_files:
                yield batch
                batch = Batch()
        if len(batch):
            yield batch

    def settle(self, batch: Batch, read: list[Outcome]) -> list[Outcome]:
        """The batch's outcomes once its files are read (`read`: in `to_read`'s order; batches settled in
        the order dealt): content already loaded in this run is a duplicate, and each twin takes its
        original's fate: a duplicate of a loaded one, the quarantine of a broken one."""
        for (file, sha), outcome in zip(batch.to_read, read, strict=True):
            if outcome.status == "new" and sha in self._loaded:
                outcome.status, outcome.document, outcome.facts = "duplicate", None, []
                outcome.reason = f"same content as {self._loaded[sha]!r}, loaded in this run"
            elif outcome.status == "new":
                self._loaded[sha] = file.display_name
            self._fates[_claim(file, sha)] = (outcome.status, outcome.reason, file.display_name)
        for twin in batch.twins:
            status, reason, original = self._fates[_claim(twin.file, twin.sha256 or "")]
            if status in ("new", "duplicate"):
                twin.reason = f"same content as {original!r}, loaded in this run"
            elif status == "quarantined":
                twin.status, twin.reason = "quarantined", f"{reason} (same content as {original!r})"
            else:  # -- its original changed while being read: both wait for the next run
                twin.status, twin.sha256 = "changed", None
                twin.reason = CHANGED_WHILE_READING.line(
                    f"same content as {original!r}, which changed while being read"
                )
        return [*batch.outcomes, *read, *batch.twins]


def _hashed(
    files: Iterable[InboxFile], known: set[str], *, threads: int = HASH_THREADS
) -> Iterator[tuple[InboxFile, Outcome | str]]:
    """(file, `check_file`'s answer) in order, hashed by a few threads a window at a time: hashlib and
    file reads release the GIL, so a run of nothing new hashes on every core."""
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="vanban-hash") as pool:
        window: list[InboxFile] = []
        for file in files:
            window.append(file)
            if len(window) >= HASH_WINDOW:
                yield from zip(window, pool.map(check_file, window, itertools.repeat(known)))
                window = []
        yield from zip(window, pool.map(check_file, window, itertools.repeat(known)))


def _claim(file: InboxFile, sha: str) -> tuple[str, str]:
    return sha, file.path.suffix.lower()


def load_batch(warehouse: Warehouse, outcomes: list[Outcome], run_id: str) -> int:
    """Write a batch to the warehouse: its new documents in one transaction with bulk inserts, then its
    quarantines and duplicates; returns facts written.

    A document the database refuses (a value it cannot store) is quarantined alone with the database's
    reason: the batch is then loaded again one document per transaction. A lost connection is raised,
    so the batch's files stay in the inbox for the next run.
    """
    new = [outcome for outcome in outcomes if outcome.status == "new" and outcome.document is not None]
    try:
        written = warehouse.load_documents([_document_load(outcome) for outcome in new], run_id=run_id)
    except Exception as error:
        if not is_rejected_value(error):
            raise
        written = sum(_load_alone(warehouse, outcome, run_id) for outcome in new)
    warehouse.record_quarantines(
        run_id, [(o.sha256, o.file.display_name, o.reason or "") for o in outcomes if o.status == "quarantined"]
    )
    warehouse.record_duplicates(
        run_id, [(o.file.display_name, o.sha256, o.reason) for o in outcomes if o.status == "duplicate"]
    )
    return written


def _document_load(outcome: Outcome) -> DocumentLoad:
    assert outcome.document is not None, "only a new outcome is loaded, and it has its document"
    # -- the path as text the database can store: a name that is not UTF-8 is shown, not refused
    document = replace(outcome.document, path=storable_path(outcome.file.path))
    return DocumentLoad(document, outcome.facts, outcome.file.display_name, outcome.file.size)


def _load_alone(warehouse: Warehouse, outcome: Outcome, run_id: str) -> int:
    try:
        return warehouse.load_documents([_document_load(outcome)], run_id=run_id)
    except Exception as error:
        if not is_rejected_value(error):
            raise
        _reject(outcome, WAREHOUSE_REJECTED.line(f"{outcome.file.display_name!r}: {type(error).__name__}: {error}"))
        return 0


def _reject(outcome: Outcome, reason: str) -> None:
    outcome.status, outcome.reason, outcome.document, outcome.facts = "quarantined", reason, None, []


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


def archive_paths(outcomes: Iterable[Outcome], warehouse: Warehouse) -> dict[str, Path]:
    """Content hash → archived file for the warehouse to note: each new document's, and a duplicate's when
    its document has none yet (a run killed between its load and its move left it without one)."""
    filed = [
        (o.status, o.sha256, o.destination)
        for o in outcomes
        if o.sha256 and o.destination and o.status in ("new", "duplicate")
    ]
    stored = warehouse.archive_paths_of(sha for status, sha, _ in filed if status == "duplicate")
    paths: dict[str, Path] = {}
    for status, sha, destination in filed:
        if status == "duplicate" and (stored.get(sha) or sha in paths):
            continue
        paths[sha] = Path(storable_path(destination))
    return paths


def relink_archived(warehouse: Warehouse, archive_root: Path) -> dict[str, Path]:
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
