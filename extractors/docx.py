"""Word reader: a .docx → `Document` with paragraphs and table cells in body order.

python-docx opens the package; the body is then walked as XML (`w:p`, `w:tbl`, content controls),
because `Paragraph.text` skips tracked insertions, simple fields and smart tags, and `Document.paragraphs`
loses the tables in between, which is where official documents keep their number and date (the
two-column header table). Page headers and footers become blocks of their own kinds, outside `text`.

A seam for later: legacy TCVN3/VNI text is decided per run font; `_run_text` is where a converter
would look at `w:rPr/w:rFonts`.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import regex
from lxml import etree

from extractors.normalize import normalize_text
from models.document import Block, Document, join_blocks
from models.errors import UnreadableDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

P, TBL, TR, TC, R, T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
TXBX_CONTENT = W + "txbxContent"
MC_FALLBACK = MC + "Fallback"
# -- containers whose children are paragraphs and tables (content controls, custom XML)
BLOCK_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml"}
# -- containers of runs inside a paragraph; w:del and w:moveFrom (deleted text) are left out on purpose
INLINE_WRAPPERS = {
    W + name
    for name in ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "dir", "bdo")
}
RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
# -- run children that may carry text boxes (their text is read as paragraphs after the anchor)
RUN_OBJECTS = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent"}
# -- the compound-file signature of .doc files and of password-protected (encrypted) Office files
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
HEADING_STYLE_RE = regex.compile(r"^(?:heading|title|tieude|tiêuđề)\s*\d*$", regex.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx: body paragraphs and table cells in order, page headers/footers apart.

    Example:
        read_docx(Path("quyet-dinh.docx")).blocks[0]
        → Block("HUYỆN ỦY CAO LỘC\\nSố: 1581-QĐ/HU", kind="table_cell", table=0, row=0, cell=0)

    Body blocks are joined into `text` (`join_blocks`); page_header/page_footer blocks follow them in
    `blocks` with start == end == 0, since they are not part of `text`.

    Raises:
        UnreadableDocument: not a ZIP, no word/document.xml, python-docx/lxml cannot parse it, or no body text.
    """
    path = Path(path)
    _validate_package(path)
    try:
        package = docx.Document(str(path))
        walker = _BodyWalker()
        body_pieces = list(walker.iter_blocks(package.element.body, top_level=True))
        margin_pieces = list(_iter_page_margins(package))
    except Exception as error:
        raise UnreadableDocument(f"{str(path)!r} cannot be read as .docx: {type(error).__name__}: {error}") from error
    text, blocks = join_blocks(body_pieces)
    if not text:
        raise UnreadableDocument(f"{str(path)!r} has no text in its body (only images? OCR is not supported yet)")
    blocks.extend(Block(text=piece, start=0, end=0, **fields) for piece, fields in margin_pieces)
    return Document(path=str(path), sha256=_sha256(path), format="docx", text=text, blocks=blocks)


def _validate_package(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        with path.open("rb") as stream:
            ole = stream.read(len(OLE_MAGIC)) == OLE_MAGIC
        hint = " (it is an OLE file: a legacy .doc, or a password-protected document)" if ole else ""
        raise UnreadableDocument(
            f"{str(path)!r} is not a .docx (not a ZIP archive); convert legacy .doc with LibreOffice first{hint}"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableDocument(f"{str(path)!r} is a damaged ZIP archive: {error}") from error
    if "word/document.xml" not in names:
        raise UnreadableDocument(
            f"{str(path)!r} is a ZIP archive without word/document.xml, so not a Word document (.xlsx, .odt?)"
        )


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


class _BodyWalker:
    """Walks block containers (body, cell, text box) and counts body paragraphs and tables as it goes.

    `paragraph` counts the top-level `w:p` of the body, empty ones included, so it indexes python-docx's
    `Document.paragraphs`. `table` counts every table in document order, nested ones included.
    """

    def __init__(self) -> None:
        self.paragraphs = 0
        self.tables = 0

    def iter_blocks(
        self, container: etree._Element, *, top_level: bool = False
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        for child in _block_children(container):
            if child.tag == P:
                yield from self._iter_paragraph(child, top_level=top_level)
            else:
                yield from self.iter_table(child)

    def _iter_paragraph(self, p: etree._Element, *, top_level: bool) -> Iterator[tuple[str, dict[str, Any]]]:
        text, boxes = paragraph_text(p)
        fields: dict[str, Any] = {"kind": "heading" if _is_heading(p) else "paragraph"}
        if top_level:
            fields["paragraph"] = self.paragraphs
            self.paragraphs += 1
        if text:
            yield text, fields
        for box in boxes:
            yield from self.iter_blocks(box)

    def iter_table(self, tbl: etree._Element) -> Iterator[tuple[str, dict[str, Any]]]:
        index = self.tables
        self.tables += 1
        for row_index, tr in enumerate(tbl.iterchildren(TR)):
            column = _int_val(tr.find(f"{W}trPr/{W}gridBefore"), default=0)
            for tc in tr.iterchildren(TC):
                span = _int_val(tc.find(f"{W}tcPr/{W}gridSpan"), default=1)
                # -- the rest of a vertical merge: its content lives in the cell where the merge restarts
                if not _continues_vertical_merge(tc):
                    yield from self._iter_cell(tc, index, row_index, column)
                column += span

    def _iter_cell(self, tc: etree._Element, table: int, row: int, cell: int) -> Iterator[tuple[str, dict[str, Any]]]:
        fields = {"kind": "table_cell", "table": table, "row": row, "cell": cell}
        lines: list[str] = []
        for child in _block_children(tc):
            if child.tag == P:
                text, boxes = paragraph_text(child)
                if text:
                    lines.append(text)
                lines.extend(piece for box in boxes for piece, _ in self.iter_blocks(box))
                continue
            # -- a nested table splits the cell: text before it, its own cells, text after it
            if lines:
                yield "\n".join(lines), fields
                lines = []
            yield from self.iter_table(child)
        if lines:
            yield "\n".join(lines), fields


def paragraph_text(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """A paragraph's text (tabs and line breaks kept as separators) and the text boxes it anchors.

    Example:
        paragraph_text(<w:p><w:r><w:t>Số:</w:t><w:tab/><w:t>15</w:t></w:r></w:p>) → ("Số:\\t15", [])
    """
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _collect_inline(p, parts, boxes)
    return normalize_text("".join(parts)).strip(), boxes


def _collect_inline(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in element.iterchildren():
        if child.tag == R:
            parts.append(_run_text(child, boxes))
        elif child.tag in INLINE_WRAPPERS:
            _collect_inline(child, parts, boxes)


def _run_text(r: etree._Element, boxes: list[etree._Element]) -> str:
    parts: list[str] = []
    for child in r.iterchildren():
        tag = child.tag
        if tag == T:
            parts.append(child.text or "")
        elif tag in RUN_TEXT:
            parts.append(RUN_TEXT[tag])
        elif tag in RUN_OBJECTS:
            boxes.extend(_text_boxes(child))
    return "".join(parts)


def _text_boxes(element: etree._Element) -> list[etree._Element]:
    """Text-box contents under a drawing, outermost only, skipping the VML copy in mc:Fallback."""
    found = []
    for box in element.iter(TXBX_CONTENT):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not element:
            if ancestor.tag in (MC_FALLBACK, TXBX_CONTENT):
                break
            ancestor = ancestor.getparent()
        else:
            found.append(box)
    return found


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    for child in container.iterchildren():
        if child.tag in (P, TBL):
            yield child
        elif child.tag in BLOCK_WRAPPERS:
            yield from _block_children(child)


def _is_heading(p: etree._Element) -> bool:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style is not None and bool(HEADING_STYLE_RE.match(style.get(W + "val", "")))


def _continues_vertical_merge(tc: etree._Element) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    # -- w:vMerge without a value means "continue"; only "restart" opens a merged cell
    return merge is not None and merge.get(W + "val", "continue") != "restart"


def _int_val(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(W + "val", default))
    except ValueError:
        return default


def _iter_page_margins(package: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Text of each header and footer part once, in section order: blocks of kind page_header/page_footer."""
    seen: set[str] = set()
    kinds = {W + "headerReference": "page_header", W + "footerReference": "page_footer"}
    for sect_pr in package.element.body.iter(W + "sectPr"):
        for reference in sect_pr.iterchildren(*kinds):
            rid = reference.get(R_ID)
            if not rid or rid in seen:
                continue
            seen.add(rid)
            part = package.part.related_parts.get(rid)
            if part is None:
                continue
            walker = _BodyWalker()
            for text, _ in walker.iter_blocks(part.element):
                yield text, {"kind": kinds[reference.tag]}
