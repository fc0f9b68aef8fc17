"""One entry point for every supported file: validate, pick the reader by suffix, decode the header.

Example:
    document = read_document(Path("samples/quyet-dinh-1581.docx"))
    document.header.symbol → "1581-QĐ/HU";  document.text[b.start:b.end] == b.text for each body block
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from extractors.docx import read_docx
from extractors.header import decode_header
from extractors.pdf import read_pdf
from extractors.txt import read_txt
from models.document import Block, Document
from models.errors import UnreadableDocument, UnsupportedFormat

READERS: dict[str, Callable[[Path], Document]] = {".docx": read_docx, ".pdf": read_pdf, ".txt": read_txt}
# -- blocks joined into `Document.text`; page headers and footers sit beside it with start == end == 0
BODY_KINDS = frozenset({"paragraph", "table_cell", "heading"})


def read_document(path: Path) -> Document:
    """Read a .docx, .pdf or .txt file into a `Document` with its header decoded (None when it has none).

    Example:
        read_document(Path("cong-van.txt")).header.doc_type → "Công văn"

    Raises:
        UnsupportedFormat: the suffix has no reader.
        UnreadableDocument: missing, empty, or the reader cannot make text of it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnsupportedFormat(f"no reader for {suffix!r}; supported: {', '.join(READERS)}")
    if not path.exists():
        raise UnreadableDocument(f"{str(path)!r} does not exist")
    if not path.is_file():
        raise UnreadableDocument(f"{str(path)!r} is not a file")
    if path.stat().st_size == 0:
        raise UnreadableDocument(f"{str(path)!r} is empty (0 bytes)")
    document = reader(path)
    document.header = decode_header(document)
    return document


def sha256_of(path: Path, chunk_size: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, read in chunks (the document's identity in the warehouse).

    Example:
        sha256_of(Path("empty.txt")) → "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def body_blocks(document: Document) -> list[Block]:
    """The blocks that make up `document.text` (page headers and footers left out)."""
    return [block for block in document.blocks if block.kind in BODY_KINDS]
