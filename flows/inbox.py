"""The inbox lifecycle on disk: find settled files, then move each to archive/ or quarantine/.

Nothing here deletes: a file leaves the inbox only by a move, and a quarantined file gets its reason
written beside it before it moves.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt")
# -- partial downloads and copies that browsers, Windows and rsync leave while they are still writing
IN_PROGRESS_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp", ".temp")
# -- Office (`~$name.docx`) and LibreOffice (`.~lock.name.docx#`) lock files
LOCK_FILE_PREFIXES = ("~$", ".~lock.")


@dataclass(frozen=True)
class InboxFile:
    path: Path
    relative: Path  # below the inbox root; kept under archive/ and quarantine/
    size: int
    mtime: float


def is_ignored(path: Path) -> bool:
    """Office lock files and hidden files (vanban's own run lock among them) are never documents."""
    return path.name.startswith(LOCK_FILE_PREFIXES) or path.name.startswith(".")


def is_partial(path: Path) -> bool:
    """A download or copy still in progress: it becomes a document once its writer renames it."""
    return path.suffix.lower() in IN_PROGRESS_SUFFIXES


def _walk(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(root).parts[:-1]):
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def discover(inbox: Path, *, now: float, settle_seconds: float) -> tuple[list[InboxFile], list[Path]]:
    """Files ready to process, and files left for the next run (partial, or touched too recently).

    Example:
        discover(Path("inbox"), now=time.time(), settle_seconds=5) → ([InboxFile(...), …], [Path("inbox/x.pdf.part")])
    """
    ready: list[InboxFile] = []
    waiting: list[Path] = []
    if not inbox.is_dir():
        return ready, waiting
    for path in _walk(inbox):
        if is_ignored(path):
            continue
        try:
            stat = path.stat()
        except FileNotFoundError:  # -- moved away between listing and looking
            continue
        if is_partial(path) or now - stat.st_mtime < settle_seconds:
            waiting.append(path)
            continue
        ready.append(InboxFile(path=path, relative=path.relative_to(inbox), size=stat.st_size, mtime=stat.st_mtime))
    return ready, waiting


def still_settled(file: InboxFile) -> bool:
    """True when the file is still there with the size and mtime it had when discovered."""
    try:
        stat = file.path.stat()
    except FileNotFoundError:
        return False
    return stat.st_size == file.size and stat.st_mtime == file.mtime


def unique_destination(path: Path) -> Path:
    """`path`, or `name (2).ext`, `name (3).ext` … when something is already there."""
    if not path.exists():
        return path
    for n in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"no free name for {path} after 10,000 tries")


def _move(source: Path, destination: Path) -> Path:
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination = unique_destination(destination)
    shutil.move(str(source), str(destination))
    return destination


def archive_file(file: InboxFile, archive_root: Path, run_date: date) -> Path:
    """Move a processed file to `archive/YYYY-MM-DD/<its path below the inbox>`."""
    return _move(file.path, archive_root / run_date.isoformat() / file.relative)


def error_note_path(quarantined: Path) -> Path:
    return quarantined.with_name(f"{quarantined.name}.error.txt")


def quarantine_file(file: InboxFile, quarantine_root: Path, reason: str, *, run_id: str, when: datetime) -> Path:
    """Move an unreadable file to quarantine/ with `NAME.error.txt` beside it saying why."""
    destination = unique_destination(quarantine_root / file.relative)
    destination.parent.mkdir(parents=True, exist_ok=True)
    note = (
        f"{reason}\n\n"
        f"file: {file.relative}\n"
        f"run: {run_id}\n"
        f"time: {when.isoformat(timespec='seconds')}\n"
        "Fix the file and drop it into the inbox again; nothing else is needed.\n"
    )
    error_note_path(destination).write_text(note, encoding="utf-8")
    shutil.move(str(file.path), str(destination))
    return destination
