"""OCR of a scanned page: page image → words with boxes in PDF points, as pdfplumber gives them.

The PDF reader hands a page without a text layer to `ocr_page`, then applies its own layout rules
(lines, the two header columns, paragraphs, page furniture) to the words, exactly as for a text
page. Steps: render the page (pdfplumber renders through pypdfium2) at `OCR_DPI`; keep the red
channel, in which a red seal all but disappears while black ink stays black; find the skew angle
by projection profiles and rotate it away; run Tesseract (`vie` model) for words and confidences.

Example:
    scan = ocr_page(pdf.pages[0])
    scan.words[0] → {"text": "HUYỆN", "x0": 61.2, "x1": 103.7, "top": 48.9, "bottom": 58.3, "conf": 93.1}
    scan.confidence → 0.91;  scan.skew → -1.2
"""

from __future__ import annotations

import shutil
import statistics
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytesseract
import regex
from PIL import Image, ImageFilter

from vanban.extractors.readers.handwriting import fill_handwritten_blanks
from vanban.extractors.readers.ocr_repair import repair_ocr_words
from vanban.extractors.readers.pdf_chars import PDFIUM_LOCK
from vanban.extractors.readers.syllables import is_syllable
from vanban.models.errors import OcrUnavailable

# -- measured on samples/scans (bench/ocr_scans.py): 300 dpi reads best, for a little more time than 200,
#    which misreads more characters and signs; 400 magnifies the grain of a 150 dpi scan into strokes
OCR_DPI = 300
OCR_LANGUAGE = "vie"
OCR_TIMEOUT_SECONDS = 120  # -- one page; a page that takes longer is not a document page
# -- psm 3 (automatic page segmentation) keeps the header's two columns apart; LSTM engine only
TESSERACT_CONFIG = "--oem 1 --psm 3"
MAX_SKEW_DEGREES = 5.0  # -- a crooked feed, not a page turned sideways
SKEW_COARSE_STEP = 0.5
SKEW_FINE_STEP = 0.05
SKEW_SAMPLE_WIDTH = 1200  # -- pixels: the skew is measured on a reduced copy of the page
INK_LEVEL = 128  # -- grey level under which a pixel of the red channel counts as ink
MIN_WORD_CONFIDENCE = 20.0  # -- below this Tesseract is reading noise or a seal, not a word
MIN_PAGE_CONFIDENCE = 0.4  # -- a page whose words average less is not a page of text
# -- a lone mark (`_`, `‹`, `=`) is kept only when Tesseract is sure: grain and seal edges read as marks
MIN_MARK_CONFIDENCE = 60.0
WORD_RE = regex.compile(r"[\p{L}\p{N}]")
SPACING_ACCENT_RE = regex.compile(r"[\p{Sk}\p{Lm}]")
# -- the Latin eth Tesseract reads for the Vietnamese Đ (they look alike; `QÐ` breaks every sign)
OCR_CONFUSABLES = str.maketrans({"Ð": "Đ", "ð": "đ"})
POINTS_PER_INCH = 72
RULE_MIN_INCHES = 0.5  # -- a horizontal ink run this long is a rule (a long dash is a fifth of that)
RULE_MIN_INCHES_DOWN = 0.2  # -- a vertical one (a capital letter is about 0.12 in at 13 pt)
RULE_GAP_PIXELS = 8  # -- a rule broken by less than this (scan dropout) is still one rule
RULE_JOIN_POINTS = 8.0
# -- digits misread as look-alike letters inside a number: `1O` → `10`, `2O2l` → `2021`
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
NUMBER_WITH_LOOKALIKES_RE = regex.compile(r"^(?=.*\d)[\dOolI.,/%-]+$")


@dataclass(slots=True)
class OcrPage:
    """What OCR made of one page: pdfplumber-shaped words, their mean confidence (0–1), the skew removed,
    and the ruled lines found on it as pdfplumber edges (for `page.find_tables(table_settings(...))`)."""

    words: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 0.0
    skew: float = 0.0
    rules: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # -- what was repaired or could not be read, for the warnings

    def table_settings(self) -> dict[str, Any] | None:
        """pdfplumber table settings whose only lines are the rules seen on the scan; None without a grid."""
        vertical = [edge for edge in self.rules if edge["orientation"] == "v"]
        horizontal = [edge for edge in self.rules if edge["orientation"] == "h"]
        if len(vertical) < 2 or len(horizontal) < 2:
            return None
        return {
            "vertical_strategy": "explicit",
            "horizontal_strategy": "explicit",
            "explicit_vertical_lines": vertical,
            "explicit_horizontal_lines": horizontal,
            # -- a seal or a fold can break a scanned rule; pieces this close (points) are one line
            "join_tolerance": RULE_JOIN_POINTS,
        }


def check_tesseract() -> None:
    """Raise `OcrUnavailable` saying what to install when Tesseract or its `vie` model is missing."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")
    if OCR_LANGUAGE not in _languages():
        raise OcrUnavailable(f"tesseract has no {OCR_LANGUAGE!r} model (apt-get install tesseract-ocr-vie)")


_LANGUAGES: list[str] = []


def _languages() -> list[str]:
    if not _LANGUAGES:
        _LANGUAGES.extend(pytesseract.get_languages(config=""))
    return _LANGUAGES


def ocr_page(page: Any, dpi: int | None = None, *, fast_page: Any = None, page_number: int | None = None) -> OcrPage:
    """OCR one pdfplumber page at `dpi` (default `OCR_DPI`); word boxes come in the page's points (top-left origin).

    With `fast_page` (the same page opened by pdfium) the page is rendered without its annotations: an
    e-signature box laid over the header is not part of the scanned paper.

    Raises:
        OcrUnavailable: Tesseract or its Vietnamese model is missing, or Tesseract failed (its timeout included).
    """
    check_tesseract()
    # -- pdfium is not thread-safe: a Dask worker reads with threads (Tesseract itself runs outside the lock)
    with PDFIUM_LOCK:
        if fast_page is not None:
            image = fast_page.render(scale=(dpi or OCR_DPI) / POINTS_PER_INCH, draw_annots=False).to_pil()
        else:
            image = page.to_image(resolution=dpi or OCR_DPI, antialias=True).original
    try:
        return ocr_image(image, points_per_pixel=float(page.width) / image.width, page_number=page_number)
    except (pytesseract.TesseractError, RuntimeError) as error:  # -- pytesseract's timeout is a RuntimeError
        raise OcrUnavailable(f"tesseract failed: {error}") from error


def ocr_image(image: Image.Image, *, points_per_pixel: float = 1.0, page_number: int | None = None) -> OcrPage:
    """OCR a page image: seal dropped, skew removed, words with their boxes scaled by `points_per_pixel`.

    The handwritten number and day in the header's blanks are read again by PP-OCR on crops
    (`vanban.extractors.readers.handwriting`).

    Example:
        ocr_image(Image.open("trang.png")).words[0]["text"] → "QUYẾT"
    """
    grey = ink_image(image)
    skew = estimate_skew(grey)
    if skew:
        grey = grey.rotate(-skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    binary = binarize(grey)
    rule_mask = rule_pixels(binary, dpi=round(POINTS_PER_INCH / points_per_pixel))
    rules = list(_iter_rule_edges(rule_mask, points_per_pixel))
    if rules:
        # -- the rules go before Tesseract reads the page: lines through a table row make it read `|` and `—`
        binary = Image.fromarray(np.where(_grown(rule_mask), 255, np.asarray(binary)).astype(np.uint8), "L")
    data = pytesseract.image_to_data(
        binary,
        lang=OCR_LANGUAGE,
        config=TESSERACT_CONFIG,
        output_type=pytesseract.Output.DICT,
        timeout=OCR_TIMEOUT_SECONDS,
    )
    words = ocr_words(data, points_per_pixel)
    confidence = page_confidence(words)
    if confidence < MIN_PAGE_CONFIDENCE:
        # -- a photo, a drawing or noise: what Tesseract made of it is not text
        return OcrPage(words=[], confidence=confidence, skew=skew)
    words, notes = fill_handwritten_blanks(words, grey, points_per_pixel=points_per_pixel, page_number=page_number)
    notes += repair_ocr_words(words, page_number=page_number)
    return OcrPage(words=words, confidence=confidence, skew=skew, rules=rules, notes=notes)


def ink_image(image: Image.Image) -> Image.Image:
    """The red channel as a grey image: black text stays dark, a red seal turns light.

    Example:
        ink_image(Image.new("RGB", (2, 2), (205, 30, 35))).getpixel((0, 0)) → 205
    """
    if image.mode in ("L", "1"):
        return image.convert("L")
    return image.convert("RGB").getchannel("R")


def binarize(grey: Image.Image) -> Image.Image:
    """Black text on white: a 3×3 median takes out specks and grain, then Otsu's threshold splits ink from paper.

    On samples/scans this reads more words than Tesseract's own thresholding, in less time.

    Example:
        binarize(Image.new("L", (4, 4), 230)).getextrema() → (255, 255)
    """
    pixels = np.asarray(grey.filter(ImageFilter.MedianFilter(3)))
    threshold = otsu_threshold(pixels)
    dark = pixels[pixels <= threshold]
    if not dark.size or dark.mean() > INK_LEVEL:
        # -- no ink, only paper grain: Otsu would split the grain itself into black and white
        return Image.new("L", grey.size, 255)
    return Image.fromarray(np.where(pixels > threshold, 255, 0).astype(np.uint8), "L")


def otsu_threshold(pixels: np.ndarray) -> int:
    """The grey level that best splits a histogram in two (Otsu 1979); a one-level image gives that level.

    Example:
        otsu_threshold(np.array([[20, 20, 230, 230]], dtype=np.uint8)) → 20
    """
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    share = np.cumsum(histogram) / histogram.sum()
    mean = np.cumsum(histogram * np.arange(256)) / histogram.sum()
    between = (mean[-1] * share - mean) ** 2 / np.maximum(share * (1 - share), 1e-12)
    return int(np.argmax(between))


def rule_pixels(binary: Image.Image, dpi: int) -> np.ndarray:
    """Pixels of ruled lines: ink runs at least `RULE_MIN_INCHES` long across, or `RULE_MIN_INCHES_DOWN` down.

    Letters never make runs that long; table borders and the rules under a header do.
    """
    ink = np.asarray(binary) < INK_LEVEL
    across = _long_runs(ink, round(RULE_MIN_INCHES * dpi))
    down = _long_runs(ink.T, round(RULE_MIN_INCHES_DOWN * dpi)).T
    mask = np.zeros(ink.shape, dtype=np.uint8)
    mask[across] = 1
    mask[down] |= 2
    return mask


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Cells of `ink` inside a run of at least `length` true cells along each row."""
    if length < 2 or ink.shape[1] < length:
        return np.zeros(ink.shape, dtype=bool)
    sums = np.cumsum(np.pad(ink, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    starts = (sums[:, length:] - sums[:, :-length]) == length
    marks = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.int32)
    marks[:, : starts.shape[1]] += starts
    marks[:, length : length + starts.shape[1]] -= starts
    return np.cumsum(marks, axis=1)[:, : ink.shape[1]] > 0


def _grown(mask: np.ndarray) -> np.ndarray:
    # -- one pixel around each rule: the grey fringe of a scanned line would read as a stroke
    grown = mask > 0
    grown[1:, :] |= mask[:-1, :] > 0
    grown[:-1, :] |= mask[1:, :] > 0
    grown[:, 1:] |= mask[:, :-1] > 0
    grown[:, :-1] |= mask[:, 1:] > 0
    return grown


def _iter_rule_edges(mask: np.ndarray, points_per_pixel: float):
    """Rule pixels → pdfplumber edges in points: rows (or columns) of a rule grouped, split at gaps."""
    for orientation, bit, grid in (("h", 1, mask), ("v", 2, mask.T)):
        rows = np.nonzero(((grid & bit) > 0).any(axis=1))[0]
        for group in np.split(rows, np.nonzero(np.diff(rows) > 1)[0] + 1) if rows.size else []:
            covered = np.nonzero(((grid[group] & bit) > 0).any(axis=0))[0]
            middle = float(group.mean()) * points_per_pixel
            for run in np.split(covered, np.nonzero(np.diff(covered) > RULE_GAP_PIXELS)[0] + 1):
                start, end = run[0] * points_per_pixel, (run[-1] + 1) * points_per_pixel
                if orientation == "h":
                    box = {"x0": start, "x1": end, "top": middle, "bottom": middle, "width": end - start, "height": 0.0}
                else:
                    box = {"x0": middle, "x1": middle, "top": start, "bottom": end, "width": 0.0, "height": end - start}
                yield {"object_type": "ocr_edge", "orientation": orientation, **box}


def estimate_skew(grey: Image.Image, max_degrees: float = MAX_SKEW_DEGREES) -> float:
    """The angle (degrees, counter-clockwise) the text lines are turned by; 0.0 for a page without ink.

    Text lines projected along the right angle make the sharpest row profile: the score is the sum of
    squared differences between neighbouring row sums (Postl's method, as in Leptonica). The ink
    pixels are sheared rather than the image rotated, so each angle costs one `bincount`.

    Example:
        estimate_skew(page.rotate(1.5, fillcolor=255)) → 1.5 (± SKEW_FINE_STEP)
    """
    scale = min(1.0, SKEW_SAMPLE_WIDTH / grey.width)
    small = grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale))))
    ys, xs = np.nonzero(np.asarray(small) < INK_LEVEL)
    if len(xs) < 100:
        return 0.0
    centred = xs - small.width / 2

    def sharpness(degrees: float) -> float:
        rows = np.round(ys + centred * np.tan(np.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float(np.sum(np.diff(counts) ** 2))

    coarse = np.arange(-max_degrees, max_degrees + SKEW_COARSE_STEP / 2, SKEW_COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - SKEW_COARSE_STEP, best + SKEW_COARSE_STEP + SKEW_FINE_STEP / 2, SKEW_FINE_STEP)
    best = max(fine, key=sharpness)
    return round(float(best), 2) if abs(best) >= SKEW_FINE_STEP else 0.0


def ocr_words(data: dict[str, list], points_per_pixel: float) -> list[dict[str, Any]]:
    """Tesseract's TSV rows → pdfplumber-shaped words, noise left out, each line's words on one band.

    A word's box reaches up to its tone marks and down to its tail, so the boxes of two close lines
    overlap; the PDF reader groups words into lines by overlap. Every word of one Tesseract line is
    therefore given the same band: the line's middle, ± half its median word height.
    """
    lines: dict[tuple, list[dict[str, Any]]] = {}
    keys = zip(data["block_num"], data["par_num"], data["line_num"])
    for key, text, conf, left, top, width, height in zip(
        keys, data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]
    ):
        text = str(text).strip().translate(OCR_CONFUSABLES)
        if NUMBER_WITH_LOOKALIKES_RE.match(text):
            text = text.translate(DIGIT_LOOKALIKES)
        conf = float(conf)
        if not text or conf < MIN_WORD_CONFIDENCE or (conf < MIN_MARK_CONFIDENCE and not WORD_RE.search(text)):
            continue
        lines.setdefault(key, []).append(
            {
                "text": text,
                "x0": left * points_per_pixel,
                "x1": (left + width) * points_per_pixel,
                "top": top * points_per_pixel,
                "bottom": (top + height) * points_per_pixel,
                "conf": conf,
            }
        )
    for key in [key for key, words in lines.items() if is_scribble(words)]:
        del lines[key]
    for words in lines.values():
        middle = statistics.median((w["top"] + w["bottom"]) / 2 for w in words)
        half = statistics.median(w["bottom"] - w["top"] for w in words) / 2
        for word in words:
            word["top"], word["bottom"] = middle - half, middle + half
    return [word for words in lines.values() for word in words]


def is_scribble(words: list[dict[str, Any]]) -> bool:
    """A Tesseract line read from a signature, a seal's edge or bleed-through: spacing accents (`ˆ`, `` ` ``,
    `^`, which Vietnamese text never has: its marks sit on letters) and not one word of two letters or more
    that is a Vietnamese syllable.

    Example:
        is_scribble([{"text": "`"}, {"text": ".ˆ"}, {"text": "L4"}]) → True
        is_scribble([{"text": "QUYẾT"}, {"text": "ĐỊNH^"}]) → False
    """
    if not any(SPACING_ACCENT_RE.search(word["text"]) for word in words):
        return False
    letters = (regex.sub(r"[^\p{L}]", "", word["text"]) for word in words)
    return not any(len(text) >= 2 and is_syllable(text) for text in letters)


def page_confidence(words: list[dict[str, Any]]) -> float:
    """Tesseract's word confidences (0–100) averaged by length, as a share: 0.0 for no words.

    Example:
        page_confidence([{"text": "Số", "conf": 90.0}, {"text": "1581", "conf": 60.0}]) → 0.7
    """
    letters = sum(len(word["text"]) for word in words)
    if not letters:
        return 0.0
    return round(sum(word["conf"] * len(word["text"]) for word in words) / letters / 100, 3)
