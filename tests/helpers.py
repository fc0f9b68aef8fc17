"""Test helpers shared across folders."""

from __future__ import annotations

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
