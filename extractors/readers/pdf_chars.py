"""A PDF page's characters from pdfium, in the shape pdfplumber gives them, and what the page draws.

pdfplumber's `page.chars` runs pdfminer's content-stream interpreter in Python: on a page of text it
costs many times what pdfium's text page costs for the same characters. The layout
rules of `vanban.extractors.readers.pdf` only need each character's text and box (x0, x1, top, bottom, upright), so
they are taken from pdfium here and measured as pdfminer measures them, so that the same rules give
the same lines:

- x0 is the glyph's origin, x1 the origin plus its advance width (the font's /Widths), not the ink;
- bottom is the baseline less the font's descent, top is bottom less the font size, both scaled by
  the text matrix (pdfminer's box is one font size high whatever the glyph);
- characters pdfium adds between words and lines (spaces, line breaks: no text object) are left out.

Only plain pages are read this way: no page rotation, every character upright and unskewed, every
character mapped to Unicode, no line-end hyphen (pdfium replaces it), every font's descent known as
pdfminer knows it. On any other page `page_chars` returns None and the caller asks
pdfplumber, as before.

Example:
    with PdfDocument(path) as pdf: page_chars(pdf[0])[0] → {"text": "Đ", "x0": 78.6, "x1": 86.35, "top": 44.97, …}
"""

from __future__ import annotations

import ctypes
import threading
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex
from pdfminer.pdffont import FontMetricsDB
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException

# -- pdfium is not thread-safe and a daemonic Dask worker reads in threads: every pdfium call of the
#    reader is made holding this lock
PDFIUM_LOCK = threading.RLock()
# -- a char matrix whose off-diagonal terms stay below this is unskewed (float32 noise)
SKEW_TOLERANCE = 1e-6
# -- a subset font's name starts with six capitals and a plus (`MPDFAA+DejaVuSans`); pdfium drops it at times
SUBSET_PREFIX_RE = regex.compile(r"^[A-Z]{6}\+")
# -- form XObjects nest; their fonts count as the page's
MAX_FORM_DEPTH = 8
# -- what pdfium gives for a hyphen it found at a line's end, in place of the character (FPDFText_GetUnicode,
#    FPDFText_GetText)
PDFIUM_HYPHENS = (0x02, 0xFFFE)
# -- path segments this close to level or plumb count as rules a table could be made of
RULE_TOLERANCE = 1.0


def page_chars(page: pdfium.PdfPage, descents: dict[str, float | None]) -> list[dict[str, Any]] | None:
    """The page's characters in content order as pdfplumber-like dicts, or None when the page is not plain.

    `descents` are pdfminer's, by font name (`font_descents` of the same page): pdfminer takes a
    font's descent from its descriptor (0 when the writer left 0, as LibreOffice does), pdfium from
    the font program, and the boxes must be pdfminer's. A font not found there, or two fonts of one
    name with different descents, makes the page not plain.

    Example:
        page_chars(pdf[0], font_descents(plumber_page))[:2] → [{"text": "Đ", "x0": 78.6, …}, {"text": "Ả", …}]
    """
    rows = page_char_rows(page, descents)
    return None if rows is None else [dict(zip(CHAR_FIELDS, row)) for row in rows]


# -- the reader's own shape of a character: a tuple in this order (a dict per character costs more than pdfium)
CHAR_FIELDS = ("text", "x0", "x1", "top", "bottom", "doctop", "upright")
TEXT, X0, X1, TOP, BOTTOM, DOCTOP, UPRIGHT = range(len(CHAR_FIELDS))


def page_char_rows(page: pdfium.PdfPage, descents: dict[str, float | None]) -> list[tuple] | None:
    """`page_chars` as tuples in `CHAR_FIELDS` order, or None when the page is not plain."""
    if page.get_rotation() % 360:
        return None
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        return _chars(textpage.raw, height, descents)
    finally:
        textpage.close()


def char_rows(chars: list[dict[str, Any]]) -> list[tuple]:
    """pdfplumber-like char dicts as tuples in `CHAR_FIELDS` order."""
    return [tuple(char[name] for name in CHAR_FIELDS) for char in chars]


def font_descents(resources: Any, cache: dict[int, list] | None = None) -> dict[str, float | None]:
    """Each font's descent per unit of font size, as pdfminer computes it, by name (subset prefix dropped).

    Walks the page's /Font resources and those of its form XObjects. None marks a name that two
    fonts with different descents share, or a font pdfminer measures otherwise (Type3). `cache`
    (one per document) keeps what each font or form object gave, since pages share them.

    Example:
        font_descents(plumber_page.page_obj.resources) → {"DejaVuSansBook": -0.236, "LiberationSerif": 0.0}
    """
    found: dict[str, float | None] = {}
    for name, descent in _resource_descents(resolve1(resources), {} if cache is None else cache, 0):
        key = SUBSET_PREFIX_RE.sub("", name)
        found[key] = descent if found.get(key, descent) == descent else None
    return found


def _resource_descents(resources: Any, cache: dict[int, list], depth: int) -> list[tuple[str, float | None]]:
    if not isinstance(resources, dict) or depth > MAX_FORM_DEPTH:
        return []
    pairs: list[tuple[str, float | None]] = []
    fonts = resolve1(resources.get("Font"))
    for reference in fonts.values() if isinstance(fonts, dict) else ():
        pairs += _cached(cache, reference, lambda spec: _font_descents(spec) if isinstance(spec, dict) else [])
    xobjects = resolve1(resources.get("XObject"))
    for reference in xobjects.values() if isinstance(xobjects, dict) else ():
        pairs += _cached(
            cache,
            reference,
            lambda xobject: (
                _resource_descents(resolve1(xobject.attrs.get("Resources")), cache, depth + 1)
                if isinstance(xobject, PDFStream) and _name(xobject.attrs.get("Subtype")) == "Form"
                else []
            ),
        )
    return pairs


def _cached(cache: dict[int, list], reference: Any, compute: Any) -> list:
    if not isinstance(reference, PDFObjRef):
        return compute(resolve1(reference))
    if reference.objid not in cache:
        cache[reference.objid] = []  # -- a form that names itself ends here
        cache[reference.objid] = compute(resolve1(reference))
    return cache[reference.objid]


def _font_descents(spec: dict) -> list[tuple[str, float | None]]:
    """(name, descent) pairs a font is known by to pdfium: its BaseFont, and for Type0 its descendant's."""
    subtype = _name(spec.get("Subtype"))
    base = _name(spec.get("BaseFont")) or "unknown"
    if subtype == "Type3":
        return [(base, None)]
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        descendant = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else {}
        descent = _descriptor_descent(
            resolve1(descendant.get("FontDescriptor")) if isinstance(descendant, dict) else None
        )
        names = {base, regex.sub(r"-Identity-[HV]$", "", base)}
        if isinstance(descendant, dict) and _name(descendant.get("BaseFont")):
            names.add(_name(descendant.get("BaseFont")))
        return [(name, descent) for name in names]
    try:  # -- pdfminer measures a font named like one of the standard 14 by its own metrics
        descriptor, _ = FontMetricsDB.get_metrics(base)
        return [(base, None)]  # -- … and its widths too, which pdfium takes from /Widths: not plain
    except KeyError:
        descriptor = resolve1(spec.get("FontDescriptor"))
    return [(base, _descriptor_descent(descriptor))]


def _descriptor_descent(descriptor: Any) -> float | None:
    if descriptor is None:
        return 0.0
    if not isinstance(descriptor, dict):
        return None
    value = resolve1(descriptor.get("Descent", 0))
    if not isinstance(value, (int, float)):
        return None
    return -abs(value) * 0.001


def _name(value: Any) -> str | None:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value if isinstance(value, str) else None


def _font_name(font: Any, buffer: ctypes.Array) -> str:
    length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    return SUBSET_PREFIX_RE.sub("", buffer.raw[: max(length - 1, 0)].decode("latin-1"))


def _function(name: str, restype: Any) -> Any:
    # -- the same pdfium function without declared argument types: ctypes passes an int as a C int and a
    #    c_void_p or byref() as a pointer, checking nothing, which makes each call in the per-char loop cheaper
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    if address is None:
        raise RuntimeError(f"this pdfium build has no {name}")
    return ctypes.CFUNCTYPE(restype)(address)


_TEXT_OBJECT = _function("FPDFText_GetTextObject", ctypes.c_void_p)
_UNICODE = _function("FPDFText_GetUnicode", ctypes.c_uint)
_MAP_ERROR = _function("FPDFText_HasUnicodeMapError", ctypes.c_int)
_ORIGIN = _function("FPDFText_GetCharOrigin", ctypes.c_int)


def _page_text(textpage: Any, count: int) -> str | None:
    """All the page's characters in one call, one per index (None if pdfium's count disagrees)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", "surrogatepass")
    return text if len(text) == count else None


def _chars(textpage: Any, height: float, descents: dict[str, float | None]) -> list[tuple] | None:
    count = pdfium_c.FPDFText_CountChars(textpage)
    units = _page_text(textpage, count)
    pointer = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    origin = (ctypes.c_double * 2)()
    x_ref, y_ref = ctypes.byref(origin), ctypes.byref(origin, ctypes.sizeof(ctypes.c_double))
    matrix = pdfium_c.FS_MATRIX()
    number = ctypes.c_float()
    name_buffer = ctypes.create_string_buffer(256)
    chars: list[tuple] = []
    append = chars.append
    text_object_of, map_error, origin_of, unicode_of = _TEXT_OBJECT, _MAP_ERROR, _ORIGIN, _UNICODE
    current = None
    font = size = None
    scale_x = 1.0  # -- set with the first text object, before any advance is read
    drop = rise = 0.0  # -- the scaled descent and font size of the current text object
    advances: dict[Any, float] = {}  # -- scaled advance width by character, for the current text object
    index = 0
    while index < count:
        text_object = text_object_of(pointer, index)
        if not text_object:  # -- a space or line break pdfium put in: not in the content
            index += 1
            continue
        code = ord(units[index]) if units is not None else unicode_of(pointer, index)
        if code in PDFIUM_HYPHENS or map_error(pointer, index):
            # -- pdfium puts U+0002 for a line-end hyphen (was it "-" or a soft hyphen?), and pdfminer shows
            #    an unmapped glyph as "(cid:n)": pdfplumber reads such a page
            return None
        if text_object != current:
            current = text_object
            pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
            if abs(matrix.b) > SKEW_TOLERANCE or abs(matrix.c) > SKEW_TOLERANCE or matrix.a <= 0 or matrix.d <= 0:
                return None  # -- rotated, mirrored or skewed text
            handle = ctypes.cast(text_object, pdfium_c.FPDF_PAGEOBJECT)
            font = pdfium_c.FPDFTextObj_GetFont(handle)
            if not font or not pdfium_c.FPDFTextObj_GetFontSize(handle, number):
                return None
            size = number.value
            unit_descent = descents.get(_font_name(font, name_buffer))
            if unit_descent is None:
                return None
            scale_x, scale_y = matrix.a, matrix.d
            drop, rise = unit_descent * size * scale_y, size * scale_y
            advances = {}
        if 0xD800 <= code < 0xDC00 and index + 1 < count:  # -- a character past U+FFFF comes in two halves
            low = unicode_of(pointer, index + 1)
            text = chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            index += 1
        else:
            text = chr(code)
        advance = advances.get(code)
        if advance is None:
            if not pdfium_c.FPDFFont_GetGlyphWidth(font, code, size, number):
                return None
            advance = advances[code] = number.value * scale_x
        origin_of(pointer, index, x_ref, y_ref)
        x = origin[0]
        bottom = height - (origin[1] + drop)
        top = bottom - rise
        append((text, x, x + advance, top, bottom, top, True))
        index += 1
    return chars


def may_have_tables(page: pdfium.PdfPage) -> bool:
    """Whether the page draws what a ruled table is made of: two level and two plumb rules at least.

    pdfplumber's table finder needs a cell, four edges meeting; a page with fewer (no paths, or only
    the short rule under an issuer's name) cannot hold a table, and is spared pdfminer's parse. Paths
    inside form XObjects count too. Unsure (a curve, a path pdfium cannot walk) means True.

    Example:
        may_have_tables(pdf[0]) → False for a letter whose only drawing is the rule under its motto
    """
    level = plumb = 0
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8):
        found = _rules(path.raw)
        if found is None:
            return True
        level, plumb = level + found[0], plumb + found[1]
        if level >= 2 and plumb >= 2:
            return True
    return False


def _rules(path: Any) -> tuple[int, int] | None:
    """(level, plumb) straight segments of a path, in its own space (a rotation would show as None)."""
    matrix = pdfium_c.FS_MATRIX()
    if (
        not pdfium_c.FPDFPageObj_GetMatrix(path, matrix)
        or abs(matrix.b) > SKEW_TOLERANCE
        or abs(matrix.c) > SKEW_TOLERANCE
    ):
        return None
    count = pdfium_c.FPDFPath_CountSegments(path)
    if count < 0:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    level = plumb = 0
    start = previous = None
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            return None
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            level += abs(point[1] - previous[1]) <= RULE_TOLERANCE
            plumb += abs(point[0] - previous[0]) <= RULE_TOLERANCE
        elif kind != pdfium_c.FPDF_SEGMENT_LINETO:
            return None  # -- a Bézier curve: pdfplumber makes edges of its points; let it look
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            level += abs(point[1] - start[1]) <= RULE_TOLERANCE
            plumb += abs(point[0] - start[0]) <= RULE_TOLERANCE
        previous = point
    return level, plumb


class _DrawingsOnly(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device with text left out: its characters come from pdfium."""

    def render_string(self, *args: Any, **kwargs: Any) -> None:
        return None


def load_drawings(page: Any) -> None:
    """Give a pdfplumber page its lines, rectangles, curves and images without laying out its characters.

    `page.find_tables()` then finds the same tables as on a fully parsed page (the same pdfminer path
    objects, turned into the same edges) in a third of the time; `page.chars` is empty afterwards,
    so this is for pages whose characters came from `page_chars`.

    Raises:
        PdfminerException: pdfminer cannot interpret the page's content, as `page.chars` would.
    """
    device = _DrawingsOnly(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    interpreter = PDFPageInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as error:
        raise PdfminerException(error) from error
    objects: dict[str, list[dict[str, Any]]] = {}
    for item in page.iter_layout_objects(device.get_result()._objs):
        if item["object_type"] != "anno":
            objects.setdefault(item["object_type"], []).append(item)
    page._objects = objects


# -- pdfplumber's extract_words defaults, which the reader uses: chars closer than this are one line/word
WORD_X_TOLERANCE = 3
WORD_Y_TOLERANCE = 3
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def upright_words(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`pdfplumber.utils.extract_words(chars)` with its defaults, for characters that are all upright.

    The same steps in the same order (lines by clustering tops within 3 pt, characters by x0, a word
    ending at a space, a step back, a gap over 3 pt or a jump in top over 3 pt; ligatures expanded),
    without the generality that makes pdfplumber's take a third of a page's reading time.

    Example:
        upright_words([{"text": "S", "x0": 10, "x1": 16, "top": 5, …}, {"text": "ố", "x0": 16, …}]) → [{"text": "Số", …}]
    """
    return upright_row_words(char_rows(chars))


_TEXT_OF, _X0_OF, _X1_OF = itemgetter(TEXT), itemgetter(X0), itemgetter(X1)
_TOP_OF, _BOTTOM_OF = itemgetter(TOP), itemgetter(BOTTOM)


def upright_row_words(chars: list[tuple]) -> list[dict[str, Any]]:
    """`upright_words` of characters given as `CHAR_FIELDS` tuples (`page_char_rows`)."""
    cluster_of: dict[float, int] = {}
    cluster, last = -1, None
    for value in sorted(set(map(_TOP_OF, chars))):
        if last is None or value > last + WORD_Y_TOLERANCE:
            cluster += 1
        cluster_of[value] = cluster
        last = value
    lines: dict[int, list[tuple]] = {}
    for char in chars:
        lines.setdefault(cluster_of[char[TOP]], []).append(char)
    # -- without a ligature on the page a word's text is its characters' texts joined
    expand = not LIGATURES.keys().isdisjoint(map(_TEXT_OF, chars))
    words: list[dict[str, Any]] = []
    flush = words.append
    for key in sorted(lines):
        current: list[tuple] = []
        last_x0 = last_x1 = last_top = 0.0  # -- of current[-1], while current is not empty
        for char in sorted(lines[key], key=_X0_OF):
            text = char[TEXT]
            if text.isspace():
                if current:
                    flush(_word(current, expand))
                current = []
            elif text == "":  # -- pdfplumber: `"" in split_at_punctuation ("")` makes it a word of its own
                if current:
                    flush(_word(current, expand))
                flush(_word([char], expand))
                current = []
            else:
                x0, top = char[X0], char[TOP]
                if current and (
                    x0 < last_x0 or x0 > last_x1 + WORD_X_TOLERANCE or abs(top - last_top) > WORD_Y_TOLERANCE
                ):
                    flush(_word(current, expand))
                    current = [char]
                else:
                    current.append(char)
                last_x0, last_x1, last_top = x0, char[X1], top
        if current:
            flush(_word(current, expand))
    return words


def _word(chars: list[tuple], expand: bool) -> dict[str, Any]:
    first = chars[0]
    if len(chars) == 1:
        x0, x1, top, bottom = first[X0], first[X1], first[TOP], first[BOTTOM]
    else:
        x0, top = min(map(_X0_OF, chars)), min(map(_TOP_OF, chars))
        x1, bottom = max(map(_X1_OF, chars)), max(map(_BOTTOM_OF, chars))
    if expand:
        text = "".join([LIGATURES.get(c[TEXT], c[TEXT] or "") for c in chars])
    else:
        text = "".join(map(_TEXT_OF, chars))
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top + (first[DOCTOP] - first[TOP]),
        "bottom": bottom,
        "upright": first[UPRIGHT],
        "height": bottom - top,
        "width": x1 - x0,
        "direction": "ltr",
    }


def drawings_from_pdfium(page: Any, fast_page: pdfium.PdfPage) -> bool:
    """Give a pdfplumber page the lines, rectangles and curves pdfminer would make of its paths, from pdfium.

    Only for plain drawings: every path at page level (no form XObject on the page), of straight
    segments, under a matrix that neither turns nor skews. Each subpath is classed as pdfminer's
    `paint_path` classes it (a line, a closed axis-aligned four-sided loop as a rectangle, anything else
    a curve through its points), so `page.find_tables()` sees the same edges, to float32 precision.
    Returns False, touching nothing, for any other page (then `load_drawings`).

    Example:
        drawings_from_pdfium(plumber_page, pdf[0]) → True; plumber_page.rects[0]["x0"] → 49.61…
    """
    objects: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    height = float(page.height)
    matrix = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for item in fast_page.get_objects(max_depth=1):
        kind = item.type
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return False
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        path = item.raw
        if not pdfium_c.FPDFPath_GetDrawMode(path, fill, stroke) or not pdfium_c.FPDFPageObj_GetMatrix(path, matrix):
            return False
        if abs(matrix.b) > SKEW_TOLERANCE or abs(matrix.c) > SKEW_TOLERANCE:
            return False
        if not fill.value and not stroke.value:
            continue  # -- not painted (a clip): pdfminer makes no object of it
        subpaths = _subpaths(path, (matrix.a, matrix.d, matrix.e, matrix.f))
        if subpaths is None:
            return False
        for shape, points in subpaths:
            kind_name, pts = _classify(shape, points)
            objects[kind_name].append(_plumber_object(page, kind_name, pts, height))
    page._objects = {kind: found for kind, found in objects.items() if found}
    return True


def _subpaths(path: Any, scale: tuple[float, float, float, float]) -> list[tuple[str, list]] | None:
    a, d, e, f = scale
    x, y = ctypes.c_float(), ctypes.c_float()
    found: list[tuple[str, list]] = []
    shape = ""
    points: list = []
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            return None
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        point = (a * x.value + e, d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(shape) > 1:
                found.append((shape, points))
            shape, points = "m", [point]
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and shape:
            shape, points = shape + "l", points + [point]
        else:
            return None  # -- a Bézier curve (pdfminer keeps only its end points), or a line before any move
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            shape, points = shape + "h", points + [points[0]]
    if len(shape) > 1:
        found.append((shape, points))
    return found


def _classify(shape: str, pts: list) -> tuple[str, list]:
    """pdfminer's `PDFLayoutAnalyzer.paint_path` for one subpath of straight segments."""
    # -- a redundant "l" back to the start before "h" is dropped
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-1]
    if shape in ("mlh", "ml"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            (left, bottom), (right, top) = pts[0], pts[2]
            left, right, bottom, top = min(left, right), max(left, right), min(bottom, top), max(bottom, top)
            return "rect", [(left, bottom), (right, bottom), (right, top), (left, top)]
    return "curve", pts


def _plumber_object(page: Any, kind: str, pts: list, height: float) -> dict[str, Any]:
    """The geometry pdfplumber's `process_object` gives an LTLine, LTRect or LTCurve (what edges are made of)."""
    x0, y0 = min(p[0] for p in pts), min(p[1] for p in pts)
    x1, y1 = max(p[0] for p in pts), max(p[1] for p in pts)
    top = height - y1
    return {
        "object_type": kind,
        "page_number": page.page_number,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "pts": [(x, height - y) for x, y in pts],
        "top": top,
        "bottom": height - y0,
        "doctop": page.initial_doctop + top,
    }
