"""What a file may be before a reader touches it: size, pages, inflated size, time; and the cheap checks.

Readers trust their input; an inbox does not. Each check here looks only at what costs little to read
(the size, the first and last bytes, a ZIP's central directory, a PDF's page tree) and raises before
python-docx inflates a member or pdfplumber lays out a page.

Example:
    limits = ReadLimits(max_pages=200)                 # vanban.settings reads them from VANBAN_MAX_PAGES …
    check_file(Path("inbox/bao-cao.pdf"), limits)      # None, or UnreadableDocument raised with its Problem

The time limit is not enforced here: a reader cannot be stopped from inside its own thread, so the
nightly run reads each document in a worker process and kills it after `max_seconds` (vanban.run.workers).
"""

from __future__ import annotations

import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from vanban.models.errors import (
    DAMAGED_FILE,
    ENCRYPTED,
    FILE_TOO_LARGE,
    LEGACY_OFFICE,
    TOO_MANY_PAGES,
    UNSAFE_XML,
    WRONG_CONTENT,
    ZIP_BOMB,
    UnreadableDocument,
    VanbanError,
)

MIB = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
# -- the compound-file signature of .doc/.xls files and of password-protected (encrypted) Office files
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# -- a Word package has tens of parts; tens of thousands is an archive built to waste time
MAX_ZIP_MEMBERS = 10_000
# -- small parts compress far better than 1:100 without harm; the ratio only matters for big ones
RATIO_FLOOR_BYTES = MIB
# -- a DOCTYPE may only stand in the prolog, before the root element; Word writes a prolog of one line,
#    so a prolog longer than this (comments piled up to push a DTD out of sight) is refused as well
XML_PROLOG_BYTES = 64 * 1024
XML_READ_CHUNK = 16 * 1024
# -- the prolog's parts: declaration, processing instructions, comments, white space, then `<!DOCTYPE` or the root
PROLOG_ITEM_RE = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# -- PDF readers accept the header within the first 1,024 bytes and `%%EOF` within the last 1,024
PDF_HEADER = b"%PDF-"
PDF_EOF = b"%%EOF"
PDF_SLACK = 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds on one document; the defaults are safe for a nightly run on a small server.

    Example:
        ReadLimits(max_pages=50).max_pages → 50
    """

    max_file_bytes: int = 64 * MIB
    max_pages: int = 500
    max_inflated_bytes: int = 256 * MIB  # -- the sum of a .docx's members once inflated
    max_compression_ratio: float = 200.0  # -- per member of 1 MiB or more (deflate tops out near 1,032)
    max_seconds: float = 120.0  # -- reading and extracting one document
    # -- and this much more per PDF page: a scanned page's OCR takes most of it on one core
    seconds_per_pdf_page: float = 20.0

    def __post_init__(self) -> None:
        for field in fields(self):
            if not getattr(self, field.name) > 0:
                raise VanbanError(f"read limit {field.name} must be positive, not {getattr(self, field.name)!r}")


DEFAULT_LIMITS = ReadLimits()


def check_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Every check for the file's kind (by suffix): size, then the ZIP or PDF structure.

    Example:
        check_file(Path("bom.docx"), ReadLimits()) → UnreadableDocument("… declares 4.0 GiB …") with problem ZIP_BOMB

    Raises:
        UnreadableDocument: raised with the reason's catalogue entry (`vanban.models.errors.problem_of`).
    """
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnreadableDocument(
            f"{path.name!r} is {_mib(size)}, over the limit of {_mib(limits.max_file_bytes)} (VANBAN_MAX_FILE_MB)",
            problem=FILE_TOO_LARGE,
        )
    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_docx_package(path, limits)
    elif suffix == ".pdf":
        check_pdf(path, limits)


def _mib(size: float) -> str:
    return f"{size / MIB:.1f} MiB" if size < 1024 * MIB else f"{size / (1024 * MIB):.1f} GiB"


def check_docx_package(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """A .docx must be a ZIP whose central directory promises sane sizes, with no DTD in its XML.

    The sizes are those the central directory declares; Python's zipfile never inflates a member past
    its declared size (it stops there and fails the CRC), so the declared sizes bound memory.

    Example:
        check_docx_package(Path("cu.docx")) → UnreadableDocument("… is an OLE file …") with problem LEGACY_OFFICE
    """
    with path.open("rb") as stream:
        magic = stream.read(len(OLE_MAGIC))
    if magic.startswith(OLE_MAGIC):
        raise UnreadableDocument(
            f"{path.name!r} is not a .docx: it is an OLE file (a legacy .doc, or a password-protected Office "
            "document); save it as .docx without a password",
            problem=LEGACY_OFFICE,
        )
    if not magic.startswith(ZIP_MAGIC):
        raise UnreadableDocument(
            f"{path.name!r} is not a .docx: not a ZIP archive (it starts with {magic[:4]!r})", problem=WRONG_CONTENT
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_members(path, infos, limits)
            _check_xml_prologs(path, archive, infos)
    except zipfile.BadZipFile as error:
        raise UnreadableDocument(
            f"{path.name!r} is a damaged or truncated ZIP archive: {error}", problem=DAMAGED_FILE
        ) from error
    except (
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        ValueError,
        EOFError,
        zlib.error,
        OSError,
    ) as error:
        # -- encrypted members, unknown compression methods, bad offsets (a seek before the start is an
        #    OSError), a corrupt deflate stream: not a package Word wrote
        raise UnreadableDocument(
            f"{path.name!r} is a ZIP archive zipfile cannot read: {error}", problem=DAMAGED_FILE
        ) from error


def _check_members(path: Path, infos: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise UnreadableDocument(
            f"{path.name!r} is a ZIP archive without word/document.xml, so not a Word document (.xlsx, .odt?)",
            problem=WRONG_CONTENT,
        )
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UnreadableDocument(
            f"{path.name!r} holds {len(infos):,} members (a Word document has tens)", problem=ZIP_BOMB
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_inflated_bytes:
        raise UnreadableDocument(
            f"{path.name!r} inflates to {_mib(total)} from {_mib(path.stat().st_size)}, over the limit of "
            f"{_mib(limits.max_inflated_bytes)} (VANBAN_MAX_INFLATED_MB)",
            problem=ZIP_BOMB,
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
            raise UnreadableDocument(
                f"{path.name!r}: {info.filename} inflates {ratio:,.0f} times ({_mib(info.file_size)}), over the "
                f"limit of {limits.max_compression_ratio:,.0f} (VANBAN_MAX_RATIO)",
                problem=ZIP_BOMB,
            )


def _check_xml_prologs(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    # -- OOXML forbids DTDs (ECMA-376 part 2); one in a package is an entity-expansion or XXE attempt
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")) or info.is_dir():
            continue
        with archive.open(info) as member:
            verdict = prolog_verdict(member)
        if verdict is not None:
            raise UnreadableDocument(
                f"{path.name!r}: {info.filename} {verdict}, which Word never writes", problem=UNSAFE_XML
            )


def prolog_verdict(stream: IO[bytes]) -> str | None:
    """None when an XML part reaches its root element without a DTD; otherwise what is wrong with its prolog.

    Reads no more than `XML_PROLOG_BYTES` (plus one chunk), whatever the part's size.

    Example:
        prolog_verdict(io.BytesIO(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')) → "declares a DTD"
    """
    data = b""
    while True:
        chunk = stream.read(XML_READ_CHUNK)
        data += chunk
        text = _ascii_view(data)
        rest = text[_skip_prolog_items(text) :]
        if rest[:9].lower() == b"<!doctype" or rest[:8].lower() == b"<!entity":
            return "declares a DTD"
        if rest and not rest.startswith((b"<?", b"<!")):
            return None  # -- the root element (or not XML at all, for the parser to refuse): no DTD can follow
        if not chunk:
            return None
        if len(data) > XML_PROLOG_BYTES:
            return f"has a prolog over {XML_PROLOG_BYTES // 1024} KiB"


def _ascii_view(data: bytes) -> bytes:
    # -- UTF-16 parts: drop the BOM and the NULs between ASCII letters; the markup is ASCII either way
    if data.startswith(UTF16_BOMS):
        data = data[2:]
    return data.replace(b"\x00", b"") if b"\x00" in data[:64] else data


def _skip_prolog_items(text: bytes) -> int:
    position = 0
    if text.startswith(b"\xef\xbb\xbf"):
        position = 3
    while match := PROLOG_ITEM_RE.match(text, position):
        position = match.end()
    return position


def check_pdf(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """A .pdf must start like a PDF, end with `%%EOF`, open without a password and have few enough pages.

    The page count comes from walking the page tree (no page is laid out) and stops at `max_pages + 1`.

    Example:
        check_pdf(Path("2000-trang.pdf"), ReadLimits(max_pages=500)) → UnreadableDocument(…) with problem TOO_MANY_PAGES
    """
    size = path.stat().st_size
    with path.open("rb") as stream:
        head = stream.read(PDF_SLACK)
        stream.seek(max(size - PDF_SLACK, 0))
        tail = stream.read(PDF_SLACK)
    if PDF_HEADER not in head:
        raise UnreadableDocument(
            f"{path.name!r} is not a PDF: no %PDF- header (it starts with {head[:8]!r})", problem=WRONG_CONTENT
        )
    if PDF_EOF not in tail:
        raise UnreadableDocument(f"{path.name!r} is a truncated PDF: no %%EOF marker at its end", problem=DAMAGED_FILE)
    pages = _count_pages(path, limits.max_pages + 1)
    if pages > limits.max_pages:
        raise UnreadableDocument(
            f"{path.name!r} has more than {limits.max_pages} pages (VANBAN_MAX_PAGES); split it or raise the limit",
            problem=TOO_MANY_PAGES,
        )


def time_budget(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> float:
    """Seconds one document may take to read and extract: `max_seconds`, plus a share per page of a PDF
    (any page may be a scan for OCR). A PDF whose pages cannot be counted gets `max_seconds` alone.

    Example:
        time_budget(Path("quet-12-trang.pdf")) → 120 + 12 × 20 = 360.0
    """
    if path.suffix.lower() != ".pdf":
        return limits.max_seconds
    try:
        pages = _count_pages(path, limits.max_pages + 1)
    except (VanbanError, OSError):
        return limits.max_seconds
    return limits.max_seconds + limits.seconds_per_pdf_page * pages


def _count_pages(path: Path, stop: int) -> int:
    with path.open("rb") as stream:
        try:
            document = PDFDocument(PDFParser(stream))
            return sum(1 for _ in itertools.islice(PDFPage.create_pages(document), stop))
        except (PDFPasswordIncorrect, PDFEncryptionError) as error:
            raise UnreadableDocument(
                f"{path.name!r} is password-protected; save an unprotected copy (e.g. `qpdf --decrypt`) and drop it again",
                problem=ENCRYPTED,
            ) from error
        except RecursionError as error:
            raise UnreadableDocument(
                f"{path.name!r} has a page tree nested too deep to walk", problem=DAMAGED_FILE
            ) from error
        except Exception as error:  # -- pdfminer raises many kinds on damaged files; each becomes a reason
            raise UnreadableDocument(
                f"{path.name!r} is not a readable PDF: {type(error).__name__}: {error}", problem=DAMAGED_FILE
            ) from error
