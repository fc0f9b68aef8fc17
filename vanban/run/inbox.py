"""The inbox lifecycle on disk: find settled files, then move each to archive/ or quarantine/.

Nothing here deletes: a file leaves the inbox only by a move, and a quarantined file gets its reason
written beside it before it moves.
"""

from __future__ import annotations

import errno
import os
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from vanban.i18n import quarantine_advice, text
from vanban.models.errors import one_line

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
    is_symlink: bool = False  # -- never followed: the run sets the link itself aside

    @property
    def display_name(self) -> str:
        """The relative path as printable text (`display_name`)."""
        return display_name(self.relative)


def display_name(path: Path) -> str:
    """A path for people, logs and the warehouse: composed (NFC), and bytes that are not UTF-8 become U+FFFD.

    The file on disk keeps its name as it is; only what is shown and stored is made safe.

    Example:
        display_name(Path(os.fsdecode(b"bao-cao-\\xff.txt"))) → "bao-cao-\\ufffd.txt"
    """
    return unicodedata.normalize("NFC", storable_path(path))


def storable_path(path: Path) -> str:
    """A path as text any database stores: bytes that are not UTF-8 become U+FFFD, the rest unchanged (links keep working).

    Example:
        storable_path(Path("archive/Nghi\u0323 quyết.docx")) → "archive/Nghi\u0323 quyết.docx"  (still decomposed)
    """
    return os.fsencode(path).decode("utf-8", "replace")


def is_ignored(path: Path) -> bool:
    """Office lock files and hidden files (the `.vanban-run.lock` older versions left in the inbox among them) are never documents."""
    return path.name.startswith(LOCK_FILE_PREFIXES) or path.name.startswith(".")


def is_partial(path: Path) -> bool:
    """A download or copy still in progress: it becomes a document once its writer renames it."""
    return path.suffix.lower() in IN_PROGRESS_SUFFIXES


def _walk(root: Path) -> Iterator[Path]:
    """Regular files and symbolic links below `root`, sorted; hidden folders and linked folders are not entered."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        base = Path(folder)
        # -- a link to a folder is listed, not walked: it may lead outside the inbox, or in a loop
        found.extend(base / name for name in subfolders if (base / name).is_symlink())
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and not (base / name).is_symlink()]
        found.extend(path for path in (base / name for name in names) if path.is_symlink() or path.is_file())
    return iter(sorted(found))


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
            # -- lstat: a symbolic link is judged by itself, never by what it points to
            stat = path.lstat()
        except FileNotFoundError:  # -- moved away between listing and looking
            continue
        if is_partial(path) or now - stat.st_mtime < settle_seconds:
            waiting.append(path)
            continue
        ready.append(
            InboxFile(
                path=path,
                relative=path.relative_to(inbox),
                size=stat.st_size,
                mtime=stat.st_mtime,
                is_symlink=path.is_symlink(),
            )
        )
    return ready, waiting


def still_settled(file: InboxFile) -> bool:
    """True when the file is still there with the size and mtime it had when discovered."""
    try:
        stat = file.path.lstat()
    except FileNotFoundError:
        return False
    return stat.st_size == file.size and stat.st_mtime == file.mtime


def unique_destination(path: Path) -> Path:
    """`path`, or `name (2).ext`, `name (3).ext` … when something (a dangling link too) is already there."""
    if not os.path.lexists(path):
        return path
    for n in range(2, 10_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise FileExistsError(f"no free name for {path} after 10,000 tries")


def _move(source: Path, destination: Path) -> Path:
    """Move `source` to `destination`, or to a free name beside it; never overwrites, never loses the file.

    On one file system (an inbox inside the workspace) that is one atomic `rename`. Across file systems
    the file is copied to a hidden temporary name, synced, renamed into place, and only then removed from
    the inbox: a crash or a full disk leaves it whole in the inbox; only a crash in the instant between
    the last rename and the removal leaves a second copy, never none.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination = unique_destination(destination)
    try:
        os.rename(source, destination)
        return destination
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    return _copy_then_remove(source, destination)


def _copy_then_remove(source: Path, destination: Path) -> Path:
    temporary = destination.with_name(f".{destination.name}.vanban-moving")
    try:
        if source.is_symlink():
            os.symlink(os.readlink(source), temporary)
        else:
            shutil.copy2(source, temporary)
            with temporary.open("rb") as stream:
                os.fsync(stream.fileno())
        os.rename(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)  # -- disk full, say: the file is still whole in the inbox
        raise
    source.unlink()
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
        f"{one_line(reason)}\n\n"
        f"{quarantine_advice(reason, file.path.name)}\n\n"
        f"{text('note.file', 'vi')} / {text('note.file', 'en')}: {file.display_name}\n"
        f"{text('note.run', 'vi')} / {text('note.run', 'en')}: {run_id}\n"
        f"{text('note.time', 'vi')} / {text('note.time', 'en')}: {when.isoformat(timespec='seconds')}\n"
    )
    # -- the note first: a crash between the two leaves the file in the inbox (read again next run), never
    #    a quarantined file without its reason
    _write_note(error_note_path(destination), note)
    return _move(file.path, destination)


def _write_note(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.vanban-writing")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
