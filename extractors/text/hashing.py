"""A file's content hash: the document's identity in the warehouse. Its own module, so the run's process
can hash the inbox without importing the readers and spaCy (they live in the reader processes).

Example:
    sha256_of(Path("qd.docx")) == sha256_of_bytes(Path("qd.docx").read_bytes())  → True
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_of(path: Path, chunk_size: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, read in chunks.

    Example:
        sha256_of(Path("empty.txt")) → "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of_bytes(data: bytes) -> str:
    """SHA-256 of bytes already in memory (a reader that read the whole file).

    Example:
        sha256_of_bytes(b"") → "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    """
    return hashlib.sha256(data).hexdigest()
