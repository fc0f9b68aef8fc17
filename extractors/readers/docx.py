"""Word reader: a .docx → `Document` with paragraphs and table cells in body order.

The package's parts are read straight from the ZIP (`vanban.extractors.readers.docx_package`: the main document, its
styles, headers, footers and notes, each parsed once with plain lxml) and the body is walked as XML
(`w:p`, `w:tbl`, content controls), because a paragraph's visible text includes tracked insertions,
simple fields and smart tags, and the tables between paragraphs are where official documents keep
their number and date (the two-column header table). python-docx's object model is not used: it
parses every part of the package into its own element classes, which made reading much slower.
Page headers and footers, footnotes and endnotes become blocks of their own kinds, outside `text`.
Blocks carry their page when Word saved where its pages broke.

Text typed in a legacy font (TCVN3 `.VnTime`, `.VnTimeH`; VNI `VNI-Times`) is converted run by run,
from the font the run is shown in: its own `w:rFonts`, else its character style's, its paragraph
style's, the document defaults. A run in an `…H` font or with All Caps (`w:caps`) is shown in
capitals, so it is read in capitals.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex
from lxml import etree

from vanban.extractors.readers.docx_package import WordPackage
from vanban.extractors.readers.legacy import LegacyFont, legacy_font, to_unicode
from vanban.extractors.text.hashing import sha256_of_bytes
from vanban.extractors.text.normalize import normalize_text
from vanban.models.document import Block, Document, join_blocks
from vanban.models.errors import DAMAGED_FILE, ENCRYPTED, IMAGE_ONLY, WRONG_CONTENT, UnreadableDocument

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
# -- Word writes the byte 0xAD as a soft-hyphen element; in a TCVN3 font that byte is the letter ư
SOFT_HYPHEN = W + "softHyphen"
# -- where Word's last layout started a new page; only files Word itself saved have them
LAST_RENDERED_BREAK = W + "lastRenderedPageBreak"
SYM = W + "sym"
# -- run properties: fonts for ASCII, for the rest of the 8-bit range, and the All Caps switch
R_FONTS, CAPS, R_STYLE, P_STYLE = W + "rFonts", W + "caps", W + "rStyle", W + "pStyle"
FONT_ATTRIBUTES = (W + "hAnsi", W + "ascii")
THEME_ATTRIBUTES = (W + "hAnsiTheme", W + "asciiTheme")
OFF_VALUES = {"0", "false", "off", "none"}
NOTE_PARTS = {"footnotes": W + "footnote", "endnotes": W + "endnote"}
# -- footnote entries that are not notes: the separator lines Word draws above them
NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
# -- run children that may carry text boxes (their text is read as paragraphs after the anchor)
RUN_OBJECTS = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent"}
# -- the compound-file signature of .doc files and of password-protected (encrypted) Office files
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# -- what makes a styles part matter to reading (`styles_matter`), looked for in its bytes
#    (found with bytes.find, then matched where found: a regex searching 300 KiB costs more than parsing it)
CAPS_TAIL_RE = re.compile(rb"caps[\s/>]")
FONT_ATTRIBUTE_TAIL_RE = re.compile(rb"(?:ascii|hAnsi)\s*=\s*([\"'])(.*?)\1", re.DOTALL)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# -- style sheets kept by their styles part's ZIP entry (`_style_sheet`); a parsed legacy template holds
#    a few MB, so only a few are kept
STYLE_SHEET_CACHE_SIZE = 8
_STYLE_SHEETS: dict[tuple[int, int, int], StyleSheet] = {}
HEADING_STYLE_RE = regex.compile(r"^(?:heading|title|tieude|tiêuđề)\s*\d*$", regex.IGNORECASE)


def read_docx(path: Path, *, sha256: str | None = None) -> Document:
    """Read a .docx: body paragraphs and table cells in order, page headers/footers apart.

    Example:
        read_docx(Path("quyet-dinh.docx")).blocks[0]
        → Block("HUYỆN ỦY CAO LỘC\\nSố: 1581-QĐ/HU", kind="table_cell", table=0, row=0, cell=0)

    Body blocks are joined into `text` (`join_blocks`); page_header/page_footer blocks follow them in
    `blocks` with start == end == 0, since they are not part of `text`.

    Args:
        sha256: the file's content hash when the caller has just taken it; otherwise the file is hashed.

    Raises:
        UnreadableDocument: not a ZIP, no word/document.xml, not a Word package, lxml cannot parse it, or no
            body text.
    """
    path = Path(path)
    data = path.read_bytes()
    _validate_package(path, data)
    try:
        with WordPackage(data) as package:
            runs = RunReader(_style_sheet(package))
            body = package.document.find(W + "body")
            walker = _BodyWalker(runs, rendered=next(body.iter(LAST_RENDERED_BREAK), None) is not None)
            body_pieces = list(walker.iter_blocks(body, top_level=True))
            margin_pieces = list(_iter_page_margins(package, body, runs)) + list(_iter_notes(package, runs))
            pages = package.app_pages() or walker.page
    except Exception as error:
        raise UnreadableDocument(
            f"{str(path)!r} cannot be read as .docx: {type(error).__name__}: {error}", problem=DAMAGED_FILE
        ) from error
    text, blocks = join_blocks(body_pieces)
    if not text:
        raise UnreadableDocument(
            f"{str(path)!r} has no text in its body (only images? OCR is not supported yet)", problem=IMAGE_ONLY
        )
    blocks.extend(Block(text=piece, start=0, end=0, **fields) for piece, fields in margin_pieces)
    return Document(
        path=str(path),
        sha256=sha256 or sha256_of_bytes(data),
        format="docx",
        text=text,
        blocks=blocks,
        pages=pages,
        legacy_encoding="+".join(sorted({font.encoding for font in runs.legacy_fonts.values()})) or None,
        legacy_fonts=sorted(runs.legacy_fonts),
    )


def _validate_package(path: Path, data: bytes) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        ole = data[: len(OLE_MAGIC)] == OLE_MAGIC
        hint = " (it is an OLE file: a legacy .doc, or a password-protected document)" if ole else ""
        # -- the code quarantined files of this kind have always had (`limits.check_docx_package` refuses
        #    them first, with LEGACY_OFFICE; this reader sees one only when called on its own)
        raise UnreadableDocument(
            f"{str(path)!r} is not a .docx (not a ZIP archive); convert legacy .doc with LibreOffice first{hint}",
            problem=ENCRYPTED if ole else WRONG_CONTENT,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableDocument(f"{str(path)!r} is a damaged ZIP archive: {error}", problem=DAMAGED_FILE) from error
    if "word/document.xml" not in names:
        raise UnreadableDocument(
            f"{str(path)!r} is a ZIP archive without word/document.xml, so not a Word document (.xlsx, .odt?)",
            problem=WRONG_CONTENT,
        )


def _style_sheet(package: WordPackage) -> StyleSheet:
    """The package's StyleSheet; documents made from one template share their styles part byte for byte,
    so a sheet already built for the same part (same CRC-32 and sizes in the ZIP directory) is reused."""
    key = package.styles_key()
    sheet = _STYLE_SHEETS.get(key) if key is not None else None
    if sheet is None:
        sheet = StyleSheet(package.styles(matters=styles_matter))
        if key is not None:
            if len(_STYLE_SHEETS) >= STYLE_SHEET_CACHE_SIZE:
                _STYLE_SHEETS.pop(next(iter(_STYLE_SHEETS)))  # -- the oldest out first
            _STYLE_SHEETS[key] = sheet
    return sheet


def styles_matter(data: bytes) -> bool:
    """False when a styles part can change no run: it names no legacy font and sets no All Caps.

    Reading takes two things from styles, a run's font when it is a legacy one and All Caps; a part
    without either reads as no styles at all, so it need not be parsed. Unsure (UTF-16, an escaped
    name) means True.

    Example:
        styles_matter(b'<w:rFonts w:ascii="Times New Roman"/>') → False; styles_matter(b'<w:caps/>') → True
    """
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:64]:
        return True
    for position in _find_all(data, b"caps"):
        if data[position - 1 : position] in (b"<", b":") and CAPS_TAIL_RE.match(data, position):
            return True
    for word in (b"ascii", b"hAnsi"):
        for position in _find_all(data, word):
            match = FONT_ATTRIBUTE_TAIL_RE.match(data, position)
            if match is None or not data[position - 1 : position].isspace() and data[position - 1 : position] != b":":
                continue
            name = match.group(2)
            if b"&" in name or legacy_font(name.decode("utf-8", "replace")) is not None:
                return True
    return False


def _find_all(data: bytes, word: bytes) -> Iterator[int]:
    position = data.find(word)
    while position >= 0:
        yield position
        position = data.find(word, position + 1)


class StyleSheet:
    """The run properties a paragraph or character style gives, following `w:basedOn` down to the defaults.

    Only what reading needs: the font of the run's text and whether it is shown in All Caps.
    """

    def __init__(self, styles: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._default_paragraph: str | None = None
        self._defaults: etree._Element | None = None
        self._inherited: dict[tuple[str | None, str | None], tuple[str | None, bool]] = {}
        if styles is None:
            return
        for style in styles.iterchildren(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id:
                self._styles[style_id] = style
                if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                    self._default_paragraph = style_id
        self._defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def paragraph_style(self, p: etree._Element) -> str | None:
        style = p.find(f"{W}pPr/{P_STYLE}")
        return style.get(W + "val") if style is not None else self._default_paragraph

    def inherited(self, character_style: str | None, paragraph_style: str | None) -> tuple[str | None, bool]:
        """(font name, all caps) for a run with no properties of its own in these styles."""
        key = (character_style, paragraph_style)
        if key not in self._inherited:
            chain = [*self._chain(character_style), *self._chain(paragraph_style)]
            chain += [self._defaults] if self._defaults is not None else []
            self._inherited[key] = (_first_font(chain), _first_caps(chain))
        return self._inherited[key]

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        found: list[etree._Element] = []
        while style_id and style_id in self._styles and len(found) < 20:  # -- a basedOn loop ends too
            style = self._styles[style_id]
            properties = style.find(W + "rPr")
            if properties is not None:
                found.append(properties)
            based_on = style.find(W + "basedOn")
            style_id = based_on.get(W + "val") if based_on is not None else None
        return found


def _first_font(properties: list[etree._Element]) -> str | None:
    for rpr in properties:
        fonts = rpr.find(R_FONTS)
        if fonts is None:
            continue
        for attribute in FONT_ATTRIBUTES:
            if fonts.get(attribute):
                return fonts.get(attribute)
        if any(fonts.get(attribute) for attribute in THEME_ATTRIBUTES):
            return None  # -- a theme font (Calibri, Times New Roman …): Unicode
    return None


def _first_caps(properties: list[etree._Element]) -> bool:
    for rpr in properties:
        caps = rpr.find(CAPS)
        if caps is not None:
            return caps.get(W + "val", "true").lower() not in OFF_VALUES
    return False


class RunReader:
    """Reads runs into Unicode text, converting legacy-font runs; remembers which legacy fonts it met."""

    def __init__(self, styles: StyleSheet) -> None:
        self.styles = styles
        self.legacy_fonts: dict[str, LegacyFont] = {}

    def paragraph_text(self, p: etree._Element) -> tuple[str, list[etree._Element]]:
        """A paragraph's text (tabs and line breaks kept as separators) and the text boxes it anchors.

        Example:
            paragraph_text(<w:p><w:r><w:t>Số:</w:t><w:tab/><w:t>15</w:t></w:r></w:p>) → ("Số:\t15", [])
        """
        parts: list[str] = []
        boxes: list[etree._Element] = []
        self._collect_inline(p, self.styles.paragraph_style(p), parts, boxes)
        return normalize_text("".join(parts)).strip(), boxes

    def _collect_inline(
        self, element: etree._Element, paragraph_style: str | None, parts: list[str], boxes: list[etree._Element]
    ) -> None:
        for child in element.iterchildren():
            if child.tag == R:
                parts.append(self._run_text(child, paragraph_style, boxes))
            elif child.tag in INLINE_WRAPPERS:
                self._collect_inline(child, paragraph_style, parts, boxes)

    def _run_text(self, r: etree._Element, paragraph_style: str | None, boxes: list[etree._Element]) -> str:
        font_name, caps = self._run_style(r, paragraph_style)
        font = legacy_font(font_name)
        pieces: list[str] = []
        for child in r.iterchildren():
            tag = child.tag
            if tag == T:
                pieces.append(self._converted(child.text or "", font, font_name, caps))
            elif tag in RUN_TEXT:
                pieces.append(RUN_TEXT[tag])
            elif tag == SOFT_HYPHEN and font is not None:
                pieces.append(self._converted("\xad", font, font_name, caps))
            elif tag == SYM:
                pieces.append(self._symbol(child, caps))
            elif tag in RUN_OBJECTS:
                boxes.extend(_text_boxes(child))
        return "".join(pieces)

    def _run_style(self, r: etree._Element, paragraph_style: str | None) -> tuple[str | None, bool]:
        rpr = r.find(W + "rPr")
        character_style = None
        if rpr is not None:
            style = rpr.find(R_STYLE)
            character_style = style.get(W + "val") if style is not None else None
        font, caps = self.styles.inherited(character_style, paragraph_style)
        if rpr is not None:
            fonts = rpr.find(R_FONTS)
            if fonts is not None and any(fonts.get(a) for a in (*FONT_ATTRIBUTES, *THEME_ATTRIBUTES)):
                font = _first_font([rpr])
            if rpr.find(CAPS) is not None:
                caps = _first_caps([rpr])
        return font, caps

    def _converted(self, text: str, font: LegacyFont | None, font_name: str | None, caps: bool) -> str:
        if font is not None and font_name is not None and text:
            self.legacy_fonts[font_name] = font
            text = to_unicode(text, font)
        return text.upper() if caps else text

    def _symbol(self, sym: etree._Element, caps: bool) -> str:
        """`w:sym` (a character picked from a font's table): its code, read in that font when legacy."""
        try:
            code = int(sym.get(W + "char", ""), 16)
        except ValueError:
            return ""
        # -- symbol fonts put their 8-bit codes at U+F0xx; Wingdings and the like stay what they are
        char = chr(code - 0xF000 if 0xF000 <= code <= 0xF0FF else code)
        font_name = sym.get(W + "font")
        font = legacy_font(font_name)
        # -- a symbol in a Unicode font (Wingdings' ticks and arrows) is a picture, not text
        return self._converted(char, font, font_name, caps) if font is not None else ""


class _BodyWalker:
    """Walks block containers (body, cell, text box) and counts body paragraphs and tables as it goes.

    `paragraph` counts the top-level `w:p` of the body, empty ones included, so it indexes python-docx's
    `Document.paragraphs`. `table` counts every table in document order, nested ones included.
    """

    def __init__(self, runs: RunReader, rendered: bool = False) -> None:
        self.runs = runs
        self.paragraphs = 0
        self.tables = 0
        # -- the page being walked, when Word saved where its pages broke (`w:lastRenderedPageBreak`)
        self.page: int | None = 1 if rendered else None

    def _paragraph_page(self, p: etree._Element) -> int | None:
        """The page a paragraph's text starts on; moves past the page breaks Word rendered inside it."""
        if self.page is None:
            return None
        start = None
        for element in p.iter(T, LAST_RENDERED_BREAK):
            if element.tag == LAST_RENDERED_BREAK:
                self.page += 1
            elif start is None and (element.text or "").strip():
                start = self.page
        return start if start is not None else self.page

    def iter_blocks(
        self, container: etree._Element, *, top_level: bool = False
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        for child in _block_children(container):
            if child.tag == P:
                yield from self._iter_paragraph(child, top_level=top_level)
            else:
                yield from self.iter_table(child)

    def _iter_paragraph(self, p: etree._Element, *, top_level: bool) -> Iterator[tuple[str, dict[str, Any]]]:
        text, boxes = self.runs.paragraph_text(p)
        fields: dict[str, Any] = {"kind": "heading" if _is_heading(p) else "paragraph"}
        page = self._paragraph_page(p)
        if page is not None:
            fields["page"] = page
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
        fields: dict[str, Any] = {"kind": "table_cell", "table": table, "row": row, "cell": cell}
        lines: list[str] = []
        page = None
        for child in _block_children(tc):
            if child.tag == P:
                text, boxes = self.runs.paragraph_text(child)
                paragraph_page = self._paragraph_page(child)
                if text:
                    page = page if lines else paragraph_page
                    lines.append(text)
                lines.extend(piece for box in boxes for piece, _ in self.iter_blocks(box))
                continue
            # -- a nested table splits the cell: text before it, its own cells, text after it
            if lines:
                yield "\n".join(lines), _with_page(fields, page)
                lines = []
            yield from self.iter_table(child)
        if lines:
            yield "\n".join(lines), _with_page(fields, page)


def _with_page(fields: dict[str, Any], page: int | None) -> dict[str, Any]:
    return {**fields, "page": page} if page is not None else dict(fields)


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


def _iter_page_margins(
    package: WordPackage, body: etree._Element, runs: RunReader
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Text of each header and footer part once, in section order: blocks of kind page_header/page_footer."""
    seen: set[str] = set()
    kinds = {W + "headerReference": "page_header", W + "footerReference": "page_footer"}
    for sect_pr in body.iter(W + "sectPr"):
        for reference in sect_pr.iterchildren(*kinds):
            rid = reference.get(R_ID)
            if not rid or rid in seen:
                continue
            seen.add(rid)
            part = package.related(rid)
            if part is None:
                continue
            walker = _BodyWalker(runs)
            for text, _ in walker.iter_blocks(part):
                yield text, {"kind": kinds[reference.tag]}


def _iter_notes(package: WordPackage, runs: RunReader) -> Iterator[tuple[str, dict[str, Any]]]:
    """Footnotes and endnotes, each note one block of kind footnote/endnote with its number as `note`."""
    for relationship in package.relationships:
        kind = relationship.reltype.rsplit("/", 1)[-1]
        if kind not in NOTE_PARTS or relationship.external:
            continue
        root = package.parse(relationship.target)
        for note in root.iterchildren(NOTE_PARTS[kind]):
            if note.get(W + "type") in NOTE_SEPARATORS:
                continue
            texts = [text for text, _ in _BodyWalker(runs).iter_blocks(note)]
            if texts:
                yield "\n".join(texts), {"kind": kind[:-1], "note": _int_attr(note, W + "id")}


def _int_attr(element: etree._Element, name: str) -> int | None:
    try:
        return int(element.get(name, ""))
    except ValueError:
        return None
