"""The nightly run's steps as plain functions over batches of inbox files, so tests call them
without Prefect and the flow only wires them. Each step gathers per-file outcomes; one bad file never
stops a batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from extractors.nlp import extract_document
from extractors.read import read_document, sha256_of
from flows.inbox import InboxFile, archive_file, quarantine_file, still_settled
from models.document import Document
from models.errors import VanbanError
from models.fact import Fact


@dataclass
class Outcome:
    """What became of one inbox file in a run."""

    file: InboxFile
    status: str  # new | duplicate | quarantined | changed
    sha256: str | None = None
    document: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    reason: str | None = None
    destination: Path | None = None


def chunked(items: Sequence[InboxFile], size: int) -> Iterator[list[InboxFile]]:
    """Consecutive batches of at most `size` files (Python 3.11 has no itertools.batched)."""
    size = max(size, 1)
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def prepare_file(file: InboxFile, known: set[str]) -> Outcome:
    """Hash, skip known content, read and extract; every failure becomes a reason, not an exception."""
    if not still_settled(file):
        return Outcome(file, "changed", reason="changed or removed after it was found; left for the next run")
    try:
        sha = sha256_of(file.path)
    except OSError as error:
        return Outcome(file, "changed", reason=f"could not be opened: {error}")
    if sha in known:
        return Outcome(file, "duplicate", sha256=sha, reason="same content as a document already loaded")
    try:
        document = read_document(file.path)
        facts = extract_document(document)
    except VanbanError as error:
        return Outcome(file, "quarantined", sha256=sha, reason=str(error))
    except Exception as error:  # -- a reader bug must not sink the run: quarantine with the details
        return Outcome(file, "quarantined", sha256=sha, reason=f"unexpected {type(error).__name__} while reading: {error}")
    return Outcome(file, "new", sha256=sha, document=document, facts=facts)


def prepare_batch(files: Iterable[InboxFile], known: set[str]) -> list[Outcome]:
    """Outcomes for a batch; `known` grows with each new document so a copy later in the run is a duplicate."""
    outcomes = []
    for file in files:
        outcome = prepare_file(file, known)
        if outcome.status == "new" and outcome.sha256:
            known.add(outcome.sha256)
        outcomes.append(outcome)
    return outcomes


def load_batch(warehouse, outcomes: list[Outcome], run_id: str) -> int:
    """Write a batch to the warehouse (one transaction per document); returns facts written."""
    written = 0
    for outcome in outcomes:
        name = str(outcome.file.relative)
        if outcome.status == "new" and outcome.document is not None:
            written += warehouse.load_document(
                outcome.document, outcome.facts, original_name=name, run_id=run_id, archive_path=None
            )
        elif outcome.status == "quarantined":
            warehouse.record_quarantine(outcome.sha256, name, outcome.reason or "", run_id)
        if outcome.status != "changed":
            warehouse.record_sighting(run_id, name, outcome.sha256, _sighting(outcome.status), outcome.reason)
    return written


def _sighting(status: str) -> str:
    return {"new": "loaded"}.get(status, status)


def file_batch(outcomes: list[Outcome], *, archive: Path, quarantine: Path, run_id: str, when: datetime) -> None:
    """Move each file to archive/ or quarantine/ once the warehouse has it; changed files stay."""
    for outcome in outcomes:
        if outcome.status in ("new", "duplicate"):
            outcome.destination = archive_file(outcome.file, archive, when.date())
        elif outcome.status == "quarantined":
            outcome.destination = quarantine_file(outcome.file, quarantine, outcome.reason or "", run_id=run_id, when=when)


def tally(outcomes: Iterable[Outcome]) -> Counter[str]:
    """Outcome statuses and fact kinds counted over a run."""
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        counts[outcome.status] += 1
        counts.update(f"facts.{fact.kind}" for fact in outcome.facts)
    return counts
