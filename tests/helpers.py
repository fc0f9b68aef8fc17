"""Test helpers shared across folders."""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt")


def sample_path(name: str) -> Path:
    """A file of samples/, which must exist."""
    path = SAMPLES / name
    if not path.exists():
        raise FileNotFoundError(f"no sample {name!r} in {SAMPLES}")
    return path


def sample_documents() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in DOCUMENT_SUFFIXES)


def drop_into(inbox: Path, *paths: Path, age_seconds: float = 3600) -> list[Path]:
    """Copy files into an inbox as if they had been dropped a while ago (settled)."""
    inbox.mkdir(parents=True, exist_ok=True)
    dropped = []
    for path in paths:
        target = inbox / path.name
        shutil.copyfile(path, target)
        then = time.time() - age_seconds
        os.utime(target, (then, then))
        dropped.append(target)
    return dropped


# -- a TTF with Vietnamese glyphs that ships inside an installed package (prefect's UI font), so the
#    tests do not depend on system fonts; DejaVu is the fallback on machines that have it
FONT_CANDIDATES = (
    ("prefect", "server/ui-v2/fonts/Geist-VariableFont_wght.ttf"),
    (None, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


def vietnamese_font() -> Path:
    for package, relative in FONT_CANDIDATES:
        if package is None:
            path = Path(relative)
        else:
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                continue
            path = Path(next(iter(spec.submodule_search_locations))) / relative
        if path.exists():
            return path
    raise FileNotFoundError(f"no TTF with Vietnamese glyphs; looked at {FONT_CANDIDATES}")


def prepare_files(files, known: set[str]) -> list:
    """Each file hashed, read and extracted in this process (`steps.prepare_file`), one after another;
    `known` grows with each new document, so a copy later in the list is a duplicate."""
    from vanban.run import steps

    outcomes = []
    for file in files:
        outcome = steps.prepare_file(file, known)
        if outcome.status == "new" and outcome.sha256:
            known.add(outcome.sha256)
        outcomes.append(outcome)
    return outcomes


def load_one(warehouse, document, facts, *, original_name: str, run_id: str, archive_path: str | None = None) -> int:
    """One document loaded through `load_documents`, its archive path noted after as the run does; facts written."""
    from vanban.warehouse import DocumentLoad

    written = warehouse.load_documents([DocumentLoad(document, facts, original_name)], run_id=run_id)
    if archive_path is not None:
        warehouse.set_archive_paths({document.sha256: archive_path})
    return written
