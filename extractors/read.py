"""One entry point for every supported file: validate, pick the reader by suffix, decode the header.

Example:
    document = read_document(Path("samples/quyet-dinh-1581.docx"))
    document.header.symbol → "1581-QĐ/HU";  document.text[b.start:b.end] == b.text for each body block
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from vanban.extractors.header.decode import decode_header
from vanban.extractors.readers.doc import read_doc
from vanban.extractors.readers.docx import read_docx
from vanban.extractors.readers.limits import DEFAULT_LIMITS, ReadLimits, check_file
from vanban.extractors.readers.pdf import read_pdf
from vanban.extractors.readers.txt import read_txt
from vanban.extractors.text.hashing import sha256_of  # noqa: F401 -- callers hash a file where they read it
from vanban.models.document import Block, Document
from vanban.models.errors import (
    EMPTY_FILE,
    INVALID_CHARACTERS,
    READER_FAILED,
    UNREADABLE,
    UNSUPPORTED_TYPE,
    UnreadableDocument,
    UnsupportedFormat,
    VanbanError,
)


class Reader(Protocol):
    """A reader of one format: the file's `Document`, under the caller's content hash when it has one."""

    def __call__(self, path: Path, *, sha256: str | None = None) -> Document: ...


READERS: dict[str, Reader] = {
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".txt": read_txt,
    ".doc": read_doc,
}
# -- blocks joined into `Document.text`; page headers and footers sit beside it with start == end == 0
BODY_KINDS = frozenset({"paragraph", "table_cell", "heading"})
# -- errors about the file system, not the content: the caller decides (the file may have just moved)
FILE_SYSTEM_ERRORS = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def read_document(path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, sha256: str | None = None) -> Document:
    """Read a .docx, .pdf or .txt file into a `Document` with its header decoded (None when it has none).

    The file is checked against `limits` (size, a .docx's inflated size, a PDF's pages …) before a
    reader sees it. Every error is raised with its catalogue entry (`vanban.models.errors.problem_of`), so a
    caller can give the one-line reason (`vanban.models.errors.reason_line`); a reader's own bug comes out as
    `UnreadableDocument` with READER_FAILED, never as another exception.

    Example:
        read_document(Path("cong-van.txt")).header.doc_type → "Công văn"
        read_document(path, sha256=sha256_of(path))   # -- the run hashed it already: not hashed again

    Args:
        sha256: the file's content hash when the caller has just taken it (the run hashes every inbox
            file to tell known content); the reader then takes it rather than hashing the file again.

    Raises:
        UnsupportedFormat: the suffix has no reader.
        UnreadableDocument: missing, empty, over a limit, or the reader cannot make text of it.
        OSError: FileNotFoundError, PermissionError … when the file went away or cannot be opened.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnsupportedFormat(f"no reader for {suffix!r}; supported: {', '.join(READERS)}", problem=UNSUPPORTED_TYPE)
    if not path.exists():
        raise UnreadableDocument(f"{str(path)!r} does not exist", problem=UNREADABLE)
    if not path.is_file():
        raise UnreadableDocument(f"{path.name!r} is not a file", problem=UNREADABLE)
    if path.stat().st_size == 0:
        raise UnreadableDocument(f"{path.name!r} is empty (0 bytes)", problem=EMPTY_FILE)
    try:
        check_file(path, limits)
        document = reader(path, sha256=sha256)
        _check_characters(document)
        document.header = decode_header(document)
    except (VanbanError, *FILE_SYSTEM_ERRORS):
        raise
    except Exception as error:  # -- a reader bug must surface as a reason, not sink the caller's batch
        raise UnreadableDocument(
            f"{path.name!r}: the {suffix} reader failed: {type(error).__name__}: {error}", problem=READER_FAILED
        ) from error
    return document


def _check_characters(document: Document) -> None:
    # -- a lone surrogate (a broken ToUnicode map, say) cannot be stored as UTF-8 in the warehouse
    for text in (document.text, *(block.text for block in document.blocks)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise UnreadableDocument(
                f"{Path(document.path).name!r}: the text holds {error.reason} at {error.start}",
                problem=INVALID_CHARACTERS,
            ) from None


def body_blocks(document: Document) -> list[Block]:
    """The blocks that make up `document.text` (page headers and footers left out)."""
    return [block for block in document.blocks if block.kind in BODY_KINDS]
