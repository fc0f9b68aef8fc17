"""What a PDF's annotations show on a page: the text of their appearance streams, as words in page points.

A digitally signed draft leaves blanks in its text layer (`Số:      /TB-UBND`, `ngày   tháng 11`); the signing
system writes the number and the day into signature widgets laid over those blanks, and a reader of the page
sees `Số: 542/TB-UBND`. The same system lays an e-signature box (`Ký bởi: …`, `Thời gian ký: …`, a time
stamp) over a corner of the page. pdfium flattens a copy of the page (the annotations' appearance becomes page
content) and gives the new characters with their boxes; `place_annotation_words` then keeps the words that
fill a blank on a line of the page's own text and leaves the boxes out, saying what they held.

Example:
    texts = annotation_texts(Path("thong-bao.pdf"), 0)
    words, notes = place_annotation_words(page_words, texts, page_number=1)
    → the word "542" placed between "Số:" and "/TB-UBND"; notes → ["page 1: e-signature box left out: …"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from vanban.extractors.readers.pdf_chars import PDFIUM_LOCK, upright_row_words

# -- what a signing system prints in its box: never part of the document's own lines
SIGNATURE_BOX_RE = regex.compile(
    r"ký bởi|người ký|thời gian ký|ngày ký|cơ quan:|email|@|\d{1,2}:\d{2}:\d{2}|\+\d{2}:\d{2}", regex.IGNORECASE
)
MAX_BOX_NOTE = 160  # -- characters of a left-out box quoted in the document's warnings


@dataclass(slots=True)
class AnnotationText:
    """One annotation's rectangle (x0, top, x1, bottom in points, top-left origin) and the words it shows."""

    rect: tuple[float, float, float, float]
    words: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)


def has_annotations(page: pdfium.PdfPage) -> bool:
    """Whether a page carries annotations at all (the caller holds `PDFIUM_LOCK`)."""
    return pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0


def annotation_texts(path: Path, page_index: int) -> list[AnnotationText]:
    """The words each annotation of a page shows, from a flattened copy of the page (the file is untouched).

    Pages without annotations cost one annotation count. An annotation with no appearance adds no words.
    """
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(path)
        try:
            page = document[page_index]
            rects = _annotation_rects(page)
            if not rects:
                page.close()
                return []
            height = page.get_height()
            before = _chars_from(page, height)
            flattened = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
            page.close()
            if flattened != pdfium_c.FLATTEN_SUCCESS:
                return [AnnotationText(rect) for rect in rects]
            page = document[page_index]
            chars = _new_chars(_chars_from(page, height), before)
            page.close()
        finally:
            document.close()
    texts = [AnnotationText(rect) for rect in rects]
    for text in texts:
        inside = [char for char in chars if _centre_inside(char, text.rect)]
        text.words = upright_row_words(inside) if inside else []
    return [text for text in texts if text.words]


def _annotation_rects(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    height = page.get_height()
    rects = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            rect = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annotation, rect):
                rects.append((rect.left, height - rect.top, rect.right, height - rect.bottom))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return rects


def _new_chars(after: list[tuple], before: list[tuple]) -> list[tuple]:
    """Characters of the flattened page that were not on the page before (pdfium orders them by position)."""
    old: dict[tuple, int] = {}
    for char in before:
        key = (char[0], round(char[1]), round(char[3]))
        old[key] = old.get(key, 0) + 1
    new = []
    for char in after:
        key = (char[0], round(char[1]), round(char[3]))
        if old.get(key):
            old[key] -= 1
        else:
            new.append(char)
    return new


def _chars_from(page: pdfium.PdfPage, height: float) -> list[tuple]:
    """The page's characters with their boxes, in points from the top-left corner."""
    textpage = page.get_textpage()
    try:
        chars = []
        for index in range(textpage.count_chars()):
            text = textpage.get_text_range(index, 1)
            if not text or text in "\r\n":
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            chars.append((text, left, right, height - top, height - bottom, height - top, True))
        return chars
    finally:
        textpage.close()


def _centre_inside(char: tuple, rect: tuple[float, float, float, float]) -> bool:
    x, y = (char[1] + char[2]) / 2, (char[3] + char[4]) / 2
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def place_annotation_words(
    words: list[dict[str, Any]], texts: list[AnnotationText], *, page_number: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """The page's words with the annotation words that fill a blank of a line; notes on the ones left out.

    An annotation fills blanks when each of its words sits on the band of a line of the page's own words
    and covers none of them, and it reads like no signing system's box; anything else (an e-signature box
    over a corner, a stamp over the text) is laid over the page and left out, with a note saying what it held.

    Example:
        place_annotation_words([Số:, /TB-UBND], [AnnotationText(rect, [542])], page_number=1)
        → ([Số:, /TB-UBND, 542], ["page 1: annotation text filled a blank: 542"])
    """
    kept = list(words)
    notes = []
    for text in texts:
        if not SIGNATURE_BOX_RE.search(text.text) and all(_fills_blank(word, words) for word in text.words):
            kept.extend({**word, "annotation": True} for word in text.words)
            notes.append(f"page {page_number}: annotation text filled a blank: {text.text}")
        else:
            quoted = text.text if len(text.text) <= MAX_BOX_NOTE else text.text[: MAX_BOX_NOTE - 1] + "…"
            notes.append(f"page {page_number}: e-signature box or stamp left out: {quoted}")
    return kept, notes


def _fills_blank(word: dict[str, Any], page_words: list[dict[str, Any]]) -> bool:
    middle = (word["top"] + word["bottom"]) / 2
    on_line = [other for other in page_words if other["top"] <= middle <= other["bottom"]]
    if not on_line:
        return False
    return not any(other["x0"] < word["x1"] and word["x0"] < other["x1"] for other in on_line)
