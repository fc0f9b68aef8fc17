"""PDF reader: a text-layer PDF → `Document`, lines in reading order grouped into paragraphs.

pdfplumber gives words with positions; lines and paragraphs are rebuilt here because its plain
`extract_text()` reads a page row by row, which interleaves the two columns of an official header
(issuer and number on the left, motto and date on the right) and of the signature block (`Nơi nhận`
on the left, the signer on the right). A run of lines that keeps one empty vertical gutter is read
column by column. Ruled tables (`page.find_tables()`) become table_cell blocks. Page numbers, and
lines that open or close several pages alike (a running header), become page_header/page_footer
blocks outside `text`; a paragraph cut by a page break stays one block. Text in a legacy TCVN3/VNI
font is recognised by its character statistics and converted to Unicode.

The characters of a plain page (upright text, fonts pdfminer and pdfium measure alike) come from
pdfium (`vanban.extractors.readers.pdf_chars`), many times faster than pdfminer's interpreter and in the same
boxes; a page with rules enough for a table has its paths classed as pdfminer classes them, from
pdfium too when they are plain, else by pdfminer walking its drawings alone; any other page, and a
page without a text layer, goes through pdfplumber as a whole.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import regex
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils import extract_words
from pdfplumber.utils.exceptions import PdfminerException

from vanban.extractors.readers.annotations import (
    AnnotationText,
    annotation_texts,
    has_annotations,
    place_annotation_words,
)
from vanban.extractors.readers.legacy import plan_legacy_conversion
from vanban.extractors.readers.ocr import ocr_page
from vanban.extractors.readers.pdf_chars import (
    PDFIUM_LOCK,
    TEXT,
    TOP,
    X0,
    drawings_from_pdfium,
    font_descents,
    load_drawings,
    may_have_tables,
    page_char_rows,
    upright_row_words,
)
from vanban.extractors.readers.syllables import join_split_syllables
from vanban.extractors.text.hashing import sha256_of
from vanban.extractors.text.normalize import canonical, normalize_text
from vanban.models.document import Block, Document, join_blocks
from vanban.models.errors import DAMAGED_FILE, ENCRYPTED, IMAGE_ONLY, OcrUnavailable, UnreadableDocument

# -- sizes below are in units of the page's median word height (≈ the body font size)
SEGMENT_GAP = 0.9  # a horizontal gap this wide splits a line into segments (a gutter candidate)
COLUMN_GAP_FACTOR = 2.5  # a column region ends at a vertical gap this many times its usual one
RULE_GAP = 2.5  # … but a gap this deep (a drawn rule) goes on when the next line has both columns
PARAGRAPH_EXTRA_GAP = 0.35  # a line gap this much wider than the usual one starts a new paragraph
PARAGRAPH_BLANK_GAP = 2.0  # a gap this wide starts one whatever the usual spacing (pages with few lines)
FIRST_LINE_INDENT = 1.2  # an indent this deep after a full line starts a new paragraph
CENTERED_TOLERANCE = 0.05  # share of the content width: a line this close to the centre is "centred"
DUPLICATE_TOLERANCE = 1.0  # points: a second copy of a char this close is overprint, not text
MARGIN_ZONE = 0.08  # share of the page height where running headers and page numbers live
MARGIN_GAP = 1.0  # a running header or footer stands this far (in word heights) from the text
WRAP_WIDTH = 0.75  # share of the page's text width: a line this wide, ending at the margin, was wrapped

DIGITS_RE = regex.compile(r"\d+")
PAGE_NUMBER_RE = regex.compile(r"^(?:[-–—]\s*)?(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", regex.IGNORECASE)
# -- a line-end hyphen glued to a letter, before a letter: keep the hyphen, drop the line break
HYPHEN_BREAK_RE = regex.compile(r"(?<=\p{L}-)\n(?=\p{L})")
GLUED_HYPHEN_END_RE = regex.compile(r"\p{L}-$")
LIST_START_RE = regex.compile(r"^(?:[-+•*]\s|\d+(?:\.\d+)*[.)]\s|\p{Ll}\)\s|[IVXLC]+\.\s|Điều\s+\d+)")
SENTENCE_END_RE = regex.compile(r"[.:;!?]$")
# -- a paragraph that ends like this is complete; anything else at the foot of a page continues on the next
PARAGRAPH_END_RE = regex.compile(r"[.:;!?…\"”')\]]\s*$")


@dataclass(slots=True)
class Line:
    """Words on one baseline, left to right; `segments` are runs of words split at wide gaps."""

    words: list[dict[str, Any]]
    top: float
    bottom: float
    segments: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.segments[0][0]

    @property
    def x1(self) -> float:
        return self.segments[-1][1]

    @property
    def text(self) -> str:
        return "\t".join(text for _, _, text in self.segments)


@dataclass(slots=True)
class PageGeometry:
    """What the layout rules measure against on one page."""

    height: float  # median word height
    line_gap: float  # median vertical gap between consecutive lines
    left: float
    right: float
    page_height: float


def read_pdf(path: Path, *, sha256: str | None = None) -> Document:
    """Read every page of a PDF's text layer into paragraph and table-cell blocks.

    Example:
        read_pdf(Path("quyet-dinh.pdf")).blocks[0] → Block("HUYỆN ỦY CAO LỘC\\nSố: 1581-QĐ/HU", page=1, …)

    Args:
        sha256: the file's content hash when the caller has just taken it; otherwise the file is hashed.

    Raises:
        UnreadableDocument: password-protected, damaged, or no page has a text layer (a scan).
    """
    path = Path(path)
    try:
        pieces, margins, warnings, pages, legacy_encoding = _read_pages(path)
    except UnreadableDocument:
        raise
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableDocument(
                f"{str(path)!r} is password-protected; save an unprotected copy "
                "(e.g. `qpdf --decrypt`) and drop it again",
                problem=ENCRYPTED,
            ) from error
        raise UnreadableDocument(
            f"{str(path)!r} is not a readable PDF: {type(cause).__name__}: {cause}", problem=DAMAGED_FILE
        ) from error
    except Exception as error:  # -- pdfminer raises many kinds on damaged files; each becomes a reason
        raise UnreadableDocument(
            f"{str(path)!r} is not a readable PDF: {type(error).__name__}: {error}", problem=DAMAGED_FILE
        ) from error
    text, blocks = join_blocks(pieces)
    blocks.extend(Block(text=piece, start=0, end=0, **fields) for piece, fields in margins)
    return Document(
        path=str(path),
        sha256=sha256 or sha256_of(path),
        format="pdf",
        text=text,
        blocks=blocks,
        pages=pages,
        legacy_encoding=legacy_encoding,
        warnings=warnings,
        ocr_pages={b.page: b.ocr_confidence for b in blocks if b.page is not None and b.ocr_confidence is not None},
    )


@dataclass(slots=True)
class PageLayout:
    """One page taken apart: lines outside tables, the words of each table cell, the geometry."""

    number: int
    lines: list[Line]
    tables: list[tuple[float, list[tuple[int, int, tuple, list]]]]  # (top, cells) per table, top to bottom
    geometry: PageGeometry | None
    note: str | None = None  # -- a warning: why a page gave no text, or what was left out
    ocr_confidence: float | None = None  # -- set when the words came from OCR of a scanned page
    notes: list[str] = field(default_factory=list)  # -- more warnings: annotations placed or left out, repairs


def _read_pages(path: Path) -> tuple[list, list, list[str], int, str | None]:
    # -- two passes: running headers and footers are only known once every page has been seen
    with pdfplumber.open(path) as pdf, _pdfium_document(path, len(pdf.pages)) as fast:
        layouts = []
        fonts: dict[int, list] = {}  # -- the font descents pages share (`font_descents`)
        for number, page in enumerate(pdf.pages, start=1):
            with PDFIUM_LOCK:
                fast_page = fast[number - 1] if fast is not None else None
                annotated = fast_page is not None and has_annotations(fast_page)
            try:
                annotations = annotation_texts(path, number - 1) if annotated else []
                layouts.append(page_layout(page, number, fast_page, fonts, annotations))
            finally:
                if fast_page is not None:
                    with PDFIUM_LOCK:
                        fast_page.close()
            page.close()
    warnings = [note for layout in layouts for note in ([layout.note] if layout.note else []) + layout.notes]
    if all(layout.geometry is None for layout in layouts):
        raise UnreadableDocument(
            f"{str(path)!r} has no text layer: a scanned PDF; {_why_no_ocr_text(layouts)}", problem=IMAGE_ONLY
        )
    legacy_encoding = convert_legacy_layouts(layouts)
    furniture = furniture_keys(layouts)
    pieces: list[tuple[str, dict[str, Any]]] = []
    margins: list[tuple[str, dict[str, Any]]] = []
    table_count = 0
    for layout in layouts:
        first_on_page = True
        for text, fields in iter_layout_blocks(layout, furniture, first_table=table_count):
            fields["page"] = layout.number
            if layout.ocr_confidence is not None:
                fields["ocr_confidence"] = layout.ocr_confidence
            if fields["kind"] in ("page_header", "page_footer"):
                margins.append((text, fields))
                continue
            if first_on_page and _continues(pieces, text, fields):
                # -- a paragraph cut by the page break stays one block (on the page where it starts)
                pieces[-1] = (pieces[-1][0] + " " + text, pieces[-1][1])
            else:
                pieces.append((text, fields))
            first_on_page = False
            if fields["kind"] == "table_cell":
                table_count = max(table_count, fields["table"] + 1)
    for index, (_, fields) in enumerate(p for p in pieces if p[1]["kind"] == "paragraph"):
        fields["paragraph"] = index
    return pieces, margins, warnings, len(layouts), legacy_encoding


def convert_legacy_layouts(layouts: list[PageLayout]) -> str | None:
    """Convert TCVN3/VNI text in place when the character statistics of the whole document say so.

    A PDF keeps a legacy font's codes as Latin-1 characters (`§¶ng bé`); its font names are often
    subset or renamed, so the text itself decides (`vanban.extractors.readers.legacy.plan_legacy_conversion`).
    Returns the encoding converted from, or None.

    Example:
        convert_legacy_layouts([page_layout(page, 1)]) → "tcvn3"  (a page reading `Sè: 15-Q§/HU`)
    """
    words = [w for layout in layouts for _, _, _, cell_words in _layout_cells(layout) for w in cell_words]
    segments = [text for layout in layouts for line in layout.lines for _, _, text in line.segments]
    conversion = plan_legacy_conversion(segments + [word["text"] for word in words])
    if conversion is None:
        return None
    for layout in layouts:
        for line in layout.lines:
            line.segments = [(x0, x1, conversion.convert(text)) for x0, x1, text in line.segments]
    for word in words:
        word["text"] = conversion.convert(word["text"])
    return conversion.encoding


def _layout_cells(layout: PageLayout) -> list:
    return [cell for _, cells in layout.tables for cell in cells]


def _continues(pieces: list[tuple[str, dict[str, Any]]], text: str, fields: dict[str, Any]) -> bool:
    if not pieces or fields["kind"] != "paragraph" or pieces[-1][1]["kind"] != "paragraph":
        return False
    return not PARAGRAPH_END_RE.search(pieces[-1][0]) and not LIST_START_RE.match(text)


@contextmanager
def _pdfium_document(path: Path, pages: int) -> Iterator[pdfium.PdfDocument | None]:
    """The same file opened by pdfium for its characters; None when pdfium sees it otherwise than pdfminer."""
    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(path)
            same = len(document) == pages
    except pdfium.PdfiumError:
        yield None  # -- pdfminer opened it (it is read as before, page by page through pdfplumber)
        return
    try:
        yield document if same else None
    finally:
        with PDFIUM_LOCK:
            document.close()


def page_layout(
    page: Any,
    number: int,
    fast_page: pdfium.PdfPage | None = None,
    fonts: dict[int, list] | None = None,
    annotations: list[AnnotationText] | None = None,
) -> PageLayout:
    """Words of a pdfplumber page → lines and table cells (the expensive part, once per page).

    With `fast_page` (the same page opened by pdfium), a plain page's characters come from pdfium
    (`vanban.extractors.readers.pdf_chars.page_chars`), measured as pdfminer measures them, and pdfplumber's table
    finder runs only when the page draws rules enough for a table, on edges made from pdfium's paths
    (`drawings_from_pdfium`) or, for other drawings, pdfminer's (`load_drawings`); any other page is read through
    pdfplumber alone, as is a page pdfium finds no text on (a scan goes to OCR from there). The words that
    `annotations` show on the page fill the blanks of its lines (`place_annotation_words`).
    """
    rows = _plain_chars(page, fast_page, fonts) if fast_page is not None else None
    if rows:
        with PDFIUM_LOCK:
            may_hold_tables = may_have_tables(fast_page)
            drawn = may_hold_tables and drawings_from_pdfium(page, fast_page)
        if may_hold_tables and not drawn:
            load_drawings(page)
        # -- pdfium's chars are all upright: the same words as pdfplumber's, by the shorter road
        every_word = upright_row_words(unique_char_rows(rows))
    elif not page.chars:
        # -- pdfplumber gives no chars for image-only pages: a scan, read by OCR; a warning, not an error
        if page.images:
            return _ocr_layout(page, number, fast_page, annotations or [])
        return PageLayout(number, [], [], None, f"page {number} is blank")
    else:
        # -- tables are drawn with lines or rectangles; a page without any has none to find
        may_hold_tables = bool(page.lines or page.rects or page.curves)
        every_word = extract_words(unique_chars(page.chars), keep_blank_chars=False, use_text_flow=False)
    words = [w for w in every_word if w.get("upright", True)]
    # -- vertical text is margin matter (signature stamps, filing notes); say so rather than drop it silently
    rotated = len(every_word) - len(words)
    note = f"page {number}: {rotated} rotated word(s) left out" if rotated else None
    if not words:
        return PageLayout(number, [], [], None, f"page {number} has no horizontal text")
    words = join_split_syllables(words)
    words, notes = place_annotation_words(words, annotations or [], page_number=number)
    found = sorted(page.find_tables(), key=lambda t: t.bbox[1]) if may_hold_tables else []
    cells, free_words = _assign_to_cells(found, words)
    lines = build_lines(free_words, SEGMENT_GAP * _median_height(words))
    tables = [(table.bbox[1], table_cells) for table, table_cells in zip(found, cells)]
    return PageLayout(number, lines, tables, _geometry(page, words, lines), note, notes=notes)


def _plain_chars(page: Any, fast_page: pdfium.PdfPage, fonts: dict[int, list] | None) -> list[tuple] | None:
    """pdfium's characters (`page_char_rows`) of a page whose boxes pdfplumber would place alike, else None."""
    x0, top, x1, bottom = page.mediabox
    if (x0, top) != (0, 0) or tuple(page.cropbox) != tuple(page.mediabox) or page.rotation % 360:
        return None  # -- pdfplumber shifts and turns such pages' coordinates
    descents = font_descents(page.page_obj.resources, fonts)
    with PDFIUM_LOCK:
        if (
            abs(fast_page.get_height() - float(page.height)) > 0.01
            or abs(fast_page.get_width() - float(page.width)) > 0.01
        ):
            return None
        return page_char_rows(fast_page, descents)


def _ocr_layout(
    page: Any, number: int, fast_page: pdfium.PdfPage | None, annotations: list[AnnotationText]
) -> PageLayout:
    """A scanned page: OCR words go through the same line, column and table rules as a text layer's.

    The page is rendered without its annotations (an e-signature box laid over the header would be read as
    the issuer); what they show fills blanks of the OCR'd lines or is left out with a note, as on a text page.
    The scan's ruled lines (`OcrPage.rules`) stand in for the PDF's drawn ones when looking for tables.
    """
    try:
        scan = ocr_page(page, fast_page=fast_page, page_number=number)
    except OcrUnavailable as error:
        return PageLayout(number, [], [], None, f"page {number} has no text layer (scanned?); no OCR: {error}")
    if not scan.words:
        return PageLayout(number, [], [], None, f"page {number} has no text layer (scanned?)")
    words, notes = place_annotation_words(scan.words, annotations, page_number=number)
    settings = scan.table_settings()
    found = sorted(page.find_tables(settings), key=lambda t: t.bbox[1]) if settings else []
    cells, free_words = _assign_to_cells(found, words)
    lines = build_lines(free_words, SEGMENT_GAP * _median_height(words))
    tables = [(table.bbox[1], table_cells) for table, table_cells in zip(found, cells)]
    note = f"page {number} read by OCR (confidence {scan.confidence:.2f})"
    return PageLayout(
        number,
        lines,
        tables,
        _geometry(page, words, lines),
        note,
        ocr_confidence=scan.confidence,
        notes=scan.notes + notes,
    )


def _why_no_ocr_text(layouts: list[PageLayout]) -> str:
    missing = next((layout.note for layout in layouts if layout.note and "no OCR:" in layout.note), None)
    return missing.split("no OCR: ", 1)[1] if missing else "OCR found no text on its pages"


def furniture_keys(layouts: list[PageLayout]) -> set[str]:
    """Keys of the lines that open or close two pages or more (digits ignored): running headers, `Trang n/N`."""
    pages_with: dict[str, int] = {}
    for layout in layouts:
        for key in {_furniture_key(line) for line in _margin_lines(layout)}:
            pages_with[key] = pages_with.get(key, 0) + 1
    return {key for key, count in pages_with.items() if count >= 2}


def _margin_lines(layout: PageLayout) -> list[Line]:
    """The first and last line of a page when they sit in the margin zone, apart from the text."""
    geometry = layout.geometry
    if geometry is None or not layout.lines:
        return []
    zone = MARGIN_ZONE * geometry.page_height
    apart = MARGIN_GAP * geometry.height
    lines = layout.lines
    found = []
    if lines[0].bottom <= zone and (len(lines) == 1 or lines[1].top - lines[0].bottom >= apart):
        found.append(lines[0])
    if len(lines) > 1 and lines[-1].top >= geometry.page_height - zone and lines[-1].top - lines[-2].bottom >= apart:
        found.append(lines[-1])
    return found


def _furniture_key(line: Line) -> str:
    return DIGITS_RE.sub("#", canonical(line.text))


def iter_layout_blocks(
    layout: PageLayout, furniture: set[str], first_table: int = 0
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Blocks of one page in reading order: (text, fields) with kind and table indices.

    Example:
        list(iter_layout_blocks(page_layout(page, 1), set()))
        → [("HUYỆN ỦY CAO LỘC\nSố: 1581-QĐ/HU", {"kind": "paragraph"}), …]
    """
    if layout.geometry is None:
        return
    lines = list(layout.lines)
    for line in _margin_lines(layout):
        if PAGE_NUMBER_RE.match(line.text.strip()) or _furniture_key(line) in furniture:
            lines.remove(line)
            yield line.text, {"kind": "page_header" if line is layout.lines[0] else "page_footer"}
    position = 0
    for offset, (top, cells) in enumerate(layout.tables):
        before = [line for line in lines[position:] if line.top < top]
        position += len(before)
        yield from _iter_flow_blocks(before, layout.geometry)
        yield from _iter_table_blocks(cells, first_table + offset)
    yield from _iter_flow_blocks(lines[position:], layout.geometry)


def unique_chars(chars: list[dict[str, Any]], tolerance: float = DUPLICATE_TOLERANCE) -> list[dict[str, Any]]:
    """Drop overprinted copies of a char (fake bold): same text within `tolerance` points of one kept.

    pdfplumber's `dedupe_chars` does the same but sorts per group and costs more than parsing the page.
    """
    kept: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for char in chars:
        text, x0, top = char["text"], char["x0"], char["top"]
        row = int(top // tolerance)
        twins = [
            other
            for key in ((text, row - 1), (text, row), (text, row + 1))
            for other in seen.get(key, ())
            if abs(other["x0"] - x0) <= tolerance and abs(other["top"] - top) <= tolerance
        ]
        if twins:
            continue
        seen.setdefault((text, row), []).append(char)
        kept.append(char)
    return kept


def unique_char_rows(chars: list[tuple], tolerance: float = DUPLICATE_TOLERANCE) -> list[tuple]:
    """`unique_chars` of characters given as `vanban.extractors.readers.pdf_chars.CHAR_FIELDS` tuples."""
    kept: list[tuple] = []
    seen: dict[tuple[str, int], list[tuple]] = {}
    for char in chars:
        text, x0, top = char[TEXT], char[X0], char[TOP]
        row = int(top // tolerance)
        twins = [
            other
            for key in ((text, row - 1), (text, row), (text, row + 1))
            for other in seen.get(key, ())
            if abs(other[X0] - x0) <= tolerance and abs(other[TOP] - top) <= tolerance
        ]
        if twins:
            continue
        seen.setdefault((text, row), []).append(char)
        kept.append(char)
    return kept


def _median_height(words: list[dict[str, Any]]) -> float:
    return statistics.median(w["bottom"] - w["top"] for w in words) or 10.0


def _geometry(page: Any, words: list[dict[str, Any]], lines: list[Line]) -> PageGeometry:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top >= a.bottom]
    return PageGeometry(
        height=_median_height(words),
        line_gap=statistics.median(gaps) if gaps else 0.0,
        left=min(w["x0"] for w in words),
        right=max(w["x1"] for w in words),
        page_height=float(page.height),
    )


def build_lines(words: list[dict[str, Any]], segment_gap: float) -> list[Line]:
    """Group words into lines by vertical overlap, then split each line at gaps wider than `segment_gap`.

    Example:
        build_lines([{"text": "Số:", "x0": 10, …}, {"text": "15", "x0": 30, …}], 12)
        → [Line(segments=[(10, 40, "Số: 15")])]
    """
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and _overlaps_vertically(lines[-1], word):
            line = lines[-1]
            line.words.append(word)
            line.bottom = max(line.bottom, word["bottom"])
        else:
            lines.append(Line(words=[word], top=word["top"], bottom=word["bottom"]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
        line.segments = _segments(line.words, segment_gap)
    return lines


def _overlaps_vertically(line: Line, word: dict[str, Any]) -> bool:
    overlap = min(line.bottom, word["bottom"]) - max(line.top, word["top"])
    return overlap >= 0.5 * min(line.bottom - line.top, word["bottom"] - word["top"])


def _segments(words: list[dict[str, Any]], segment_gap: float) -> list[tuple[float, float, str]]:
    segments: list[tuple[float, float, str]] = []
    start = 0
    for index in range(1, len(words) + 1):
        if index == len(words) or words[index]["x0"] - words[index - 1]["x1"] > segment_gap:
            run = words[start:index]
            segments.append((run[0]["x0"], max(w["x1"] for w in run), " ".join(w["text"] for w in run)))
            start = index
    return segments


def _assign_to_cells(tables: list[Any], words: list[dict[str, Any]]) -> tuple[list[list], list[dict[str, Any]]]:
    """Words inside a table cell go to that cell (by their centre); the rest stay in the flow."""
    cells: list[list] = [
        [(r, c, bbox, []) for r, row in enumerate(table.rows) for c, bbox in enumerate(row.cells) if bbox]
        for table in tables
    ]
    boxes = [table.bbox for table in tables]
    free: list[dict[str, Any]] = []
    for word in words:
        point = ((word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2)
        home = next(
            (
                bucket
                for box, table_cells in zip(boxes, cells)
                if _inside(point, box)
                for _, _, cell_box, bucket in table_cells
                if _inside(point, cell_box)
            ),
            None,
        )
        (home if home is not None else free).append(word)
    return cells, free


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= point[0] < x1 and top <= point[1] < bottom


def _iter_table_blocks(cells: list, table: int) -> Iterator[tuple[str, dict[str, Any]]]:
    for row, cell, _, words in cells:
        text = _clean("\n".join(line.text.replace("\t", " ") for line in build_lines(words, float("inf"))))
        if text:
            yield text, {"kind": "table_cell", "table": table, "row": row, "cell": cell}


def _iter_flow_blocks(lines: list[Line], geometry: PageGeometry) -> Iterator[tuple[str, dict[str, Any]]]:
    """Paragraph blocks of lines outside tables; column regions are read left column first."""
    for run, gutter in column_runs(lines, geometry):
        if gutter is None:
            yield from _iter_paragraphs(run, geometry)
            continue
        left = [_side(line, gutter, left=True) for line in run]
        right = [_side(line, gutter, left=False) for line in run]
        yield from _iter_paragraphs([line for line in left if line], geometry)
        yield from _iter_paragraphs([line for line in right if line], geometry)


def column_runs(lines: list[Line], geometry: PageGeometry) -> Iterator[tuple[list[Line], tuple[float, float] | None]]:
    """Split lines into runs: (lines, gutter) for a two-column region, (lines, None) for plain flow.

    A region starts at a line with a wide gap and grows while the union of the lines still leaves
    exactly one empty vertical gutter; a line centred on the page across the gutter (a title) ends it.
    """
    min_gutter = SEGMENT_GAP * geometry.height
    start = 0
    plain: list[Line] = []
    while start < len(lines):
        end, gutter = _grow_region(lines, start, min_gutter, geometry)
        if gutter is None or end - start < 2:
            plain.extend(lines[start:end])
        else:
            if plain:
                yield plain, None
                plain = []
            yield lines[start:end], gutter
        start = end
    if plain:
        yield plain, None


def _grow_region(
    lines: list[Line], start: int, min_gutter: float, geometry: PageGeometry
) -> tuple[int, tuple[float, float] | None]:
    occupied = _merge([(x0, x1) for x0, x1, _ in lines[start].segments])
    gutters = _gutters(occupied, min_gutter)
    if not gutters:
        return start + 1, None
    end = start + 1
    gaps: list[float] = []
    while end < len(lines):
        line = lines[end]
        gap = line.top - lines[end - 1].bottom
        # -- a region is compact: a gap much wider than its own line spacing ends it, unless the gap is
        #    a drawn rule's (under `ỦY BAN …` and under the motto) and the line goes on in both columns
        usual = statistics.median(gaps) if gaps else geometry.line_gap
        if gap > max(COLUMN_GAP_FACTOR * usual, geometry.height):
            if gap > RULE_GAP * geometry.height or not _in_both_columns(line, gutters):
                break
        else:
            gaps.append(max(gap, 0.0))
        grown = _merge(occupied + [(x0, x1) for x0, x1, _ in line.segments])
        grown_gutters = _gutters(grown, min_gutter)
        if not grown_gutters or _crosses_as_title(line, gutters, geometry):
            break
        occupied, gutters = grown, grown_gutters
        end += 1
    # -- more than one gutter is a table without rules: read it row by row
    return end, gutters[0] if len(gutters) == 1 else None


def _in_both_columns(line: Line, gutters: list[tuple[float, float]]) -> bool:
    """The line has text on each side of the region's one gutter, and none across it."""
    if len(gutters) != 1:
        return False
    g0, g1 = gutters[0]
    left = any(x1 <= g0 + 1 for _, x1, _ in line.segments)
    right = any(x0 >= g1 - 1 for x0, _, _ in line.segments)
    return left and right and not any(x0 < g0 and x1 > g1 for x0, x1, _ in line.segments)


def _crosses_as_title(line: Line, gutters: list[tuple[float, float]], geometry: PageGeometry) -> bool:
    if len(line.segments) != 1:
        return False
    x0, x1 = line.x0, line.x1
    width = geometry.right - geometry.left
    centred = abs((x0 + x1) / 2 - (geometry.left + geometry.right) / 2) <= CENTERED_TOLERANCE * width
    return centred and any(x0 < g1 and x1 > g0 for g0, g1 in gutters)


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for x0, x1 in sorted(intervals):
        if merged and x0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _gutters(occupied: list[tuple[float, float]], min_gutter: float) -> list[tuple[float, float]]:
    return [(a[1], b[0]) for a, b in zip(occupied, occupied[1:]) if b[0] - a[1] >= min_gutter]


def _side(line: Line, gutter: tuple[float, float], *, left: bool) -> Line | None:
    middle = (gutter[0] + gutter[1]) / 2
    segments = [s for s in line.segments if ((s[0] + s[1]) / 2 < middle) == left]
    if not segments:
        return None
    return Line(words=line.words, top=line.top, bottom=line.bottom, segments=segments)


def _iter_paragraphs(lines: list[Line], geometry: PageGeometry) -> Iterator[tuple[str, dict[str, Any]]]:
    if not lines:
        return
    right = max(line.x1 for line in lines)
    group = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        if _starts_paragraph(previous, line, right, geometry):
            yield from _paragraph(group, right, geometry)
            group = []
        group.append(line)
    yield from _paragraph(group, right, geometry)


def _starts_paragraph(previous: Line, line: Line, right: float, geometry: PageGeometry) -> bool:
    height = geometry.height
    gap = line.top - previous.bottom
    if gap > geometry.line_gap + PARAGRAPH_EXTRA_GAP * height or gap > PARAGRAPH_BLANK_GAP * height:
        return True
    # -- a first-line indent between two full (justified) lines; centred lines are never both full
    both_full = previous.x1 >= right - 2 * height and line.x1 >= right - 2 * height
    # -- a centred line is as far in on the right as on the left: narrower, not indented
    centred = abs((line.x0 - previous.x0) - (previous.x1 - line.x1)) <= 0.5 * height
    if both_full and not centred and line.x0 - previous.x0 > FIRST_LINE_INDENT * height:
        return True
    return bool(SENTENCE_END_RE.search(previous.text) and LIST_START_RE.match(line.text))


def _paragraph(lines: list[Line], right: float, geometry: PageGeometry) -> Iterator[tuple[str, dict[str, Any]]]:
    """One paragraph's text: a line the text wrapped at the right margin runs on with a space (so a
    date or a name cut by the wrap stays whole, as in the .docx), a line that ends short keeps its break."""
    parts = [lines[0].text]
    for previous, line in zip(lines, lines[1:]):
        if not _wrapped(previous, right, geometry):
            parts.append("\n")
        elif not (GLUED_HYPHEN_END_RE.search(previous.text) and line.text[:1].isalpha()):
            parts.append(" ")
        parts.append(line.text)
    text = _clean(HYPHEN_BREAK_RE.sub("", "".join(parts)))
    if text:
        yield text, {"kind": "paragraph"}


def _wrapped(line: Line, right: float, geometry: PageGeometry) -> bool:
    """A full line of a text as wide as the page's: where the writer wrapped, not where the author broke."""
    width = geometry.right - geometry.left
    return (
        len(line.segments) == 1  # -- a row of an unruled table has gaps: its lines are rows, never wrapped
        and line.x1 >= right - 2 * geometry.height
        and line.x1 - line.x0 >= WRAP_WIDTH * width
    )


def _clean(text: str) -> str:
    return normalize_text(text).strip()
