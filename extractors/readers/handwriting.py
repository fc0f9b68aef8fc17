"""Handwritten numbers and days in the blanks of a scanned header, read by PP-OCR on small crops.

An office prints `Số:      /QĐ-UBND` and `ngày   tháng   năm 2021`, then writes the number and the day by hand
when the document is registered. Tesseract's `vie` model reads almost none of these; the PP-OCR recogniser
(PP-OCRv6 small, whose ONNX weights ship inside the `rapidocr` wheel) reads digits in handwriting well but drops
Vietnamese tone marks in prose. So Tesseract reads the page, its word boxes find the two lines, and PP-OCR reads
only a crop around each blank. A number PP-OCR cannot read is left blank with a note, never guessed; the
register number of an incoming-mail stamp (`Số: 2352`, no `/CODE` after it) is never taken for the sign's.

Example:
    words, notes = fill_handwritten_blanks(words, grey_page, points_per_pixel=0.24)
    → `Số: 2ƒ /CT-UBND` becomes `Số: 01 /CT-UBND`, `ngày 2# năm 2021` becomes `ngày 04 tháng 01 năm 2021`
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import regex
from PIL import Image

from vanban.models.errors import OcrUnavailable

# -- PP-OCRv6 small recogniser inside the rapidocr wheel: nothing is fetched at run time
RECOGNISER_FILE = ("models", "PP-OCRv6_rec_small.onnx")
INPUT_HEIGHT = 48  # -- the recogniser's input height (pixels); width follows the crop's ratio
HEADER_ZONE = 0.4  # -- share of the page height where the sign and the date line stand
# -- line heights above and below the line's band (handwriting is taller than print). Measured on the 18 real
#    scans (bench/results/scans.md): the sign reads best with 0.9; the date line, whose place and year sit close
#    to the day, with 0.5 (0.9 read a handwritten 15 as 45 twice, 1.3 loses most days)
SIGN_CROP_MARGIN = 0.9
DATE_CROP_MARGIN = 0.5
MIN_DIGIT_CONFIDENCE = 0.6  # -- below this the recogniser is guessing

# -- the printed `Số:` (capital S: the body's `số 123/…` is prose), often glued to what Tesseract made of the number
SO_RE = regex.compile(r"^S[ốôoóỗổồ]")
CODE_RE = regex.compile(r"/\s*\p{Lu}")  # -- `/CT-UBND`, `/QĐ-UBND`: the tail of a sign
NUMBER_BEFORE_CODE_RE = regex.compile(r"(\d{1,5})\s*[a-zA-Z]?\s*/\s*\p{Lu}")
DAY_RE = regex.compile(r"^ng[àa]y", regex.IGNORECASE)
YEAR_RE = regex.compile(r"^(?:19|20)\d\d[.,]?$")
# -- day and month from the recogniser; the printed year stays Tesseract's (PP-OCR may drop a digit of it)
DATE_DIGITS_RE = regex.compile(r"(\d{1,2})\D+?(\d{1,2})\D+?\d{2,4}")
MONTH_WORD_RE = regex.compile(r"^th[aá]ng", regex.IGNORECASE)
YEAR_WORD_RE = regex.compile(r"^n[aăâ]m$", regex.IGNORECASE)
SYMBOL_READ_RE = regex.compile(r"(\d{1,5})\s*/\s*([\p{Lu}\d][\p{Lu}\p{Ll}\d&.-]*)")
# -- the type codes of a sign (Nghị định 30/2020/NĐ-CP, appendix III) and a few Party ones
TYPE_CODES = frozenset(
    "NQ QĐ CT QC QyĐ QĐi TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ GUQ GM GGT GNP GXN GĐ PG PC PB PL TC BGN "
    "TT TTLT NĐ CV KL".split()
)
CODE_PARTS_RE = regex.compile(r"^/\s*([\p{L}\d]+)(-.*)$")
READ_TYPE_RE = regex.compile(r"/\s*([\p{L}]+)-")
PRINTED_DIGITS_RE = regex.compile(r"^\d{1,5}$")
PRINTED_SIGN_RE = regex.compile(r"^\d{1,5}[-/]")
PRINTED_CONFIDENCE = 85.0  # -- Tesseract this sure of plain digits read a printed number: keep it


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    confidence: float


class LineRecogniser:
    """PP-OCR's text-line recogniser on onnxruntime, loaded once per process (about a second)."""

    _instance: LineRecogniser | None = None
    _lock = threading.Lock()

    def __init__(self, model: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # -- one thread: the run's workers already share the cores, one document each
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        characters = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.characters = ["", *characters, " "]  # -- CTC: index 0 is the blank, the last one a space

    @classmethod
    def shared(cls) -> LineRecogniser:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls(recogniser_model())
            return cls._instance

    def read(self, image: Image.Image) -> Reading:
        """The text of one line image (any mode) and the mean probability of its characters."""
        rgb = image.convert("RGB")
        width = max(INPUT_HEIGHT, round(rgb.width * INPUT_HEIGHT / max(1, rgb.height)))
        pixels = np.asarray(rgb.resize((width, INPUT_HEIGHT), Image.Resampling.BILINEAR), dtype=np.float32)
        batch = ((pixels.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5)[np.newaxis]
        (scores,) = self.session.run(None, {self.session.get_inputs()[0].name: batch})
        return ctc_decode(scores[0], self.characters)


def ctc_decode(scores: np.ndarray, characters: list[str]) -> Reading:
    """Greedy CTC: the best class per step, repeats collapsed, blanks dropped.

    Example:
        ctc_decode(np.eye(3)[[1, 1, 0, 2]], ["", "4", "7"]) → Reading("47", 1.0)
    """
    best = scores.argmax(axis=1)
    keep = np.ones(len(best), dtype=bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0
    text = "".join(characters[index] for index in best[keep] if index < len(characters))
    probabilities = scores.max(axis=1)[keep]
    return Reading(text, round(float(probabilities.mean()), 3) if probabilities.size else 0.0)


def recogniser_model() -> Path:
    """The ONNX file shipped in the installed rapidocr package (found without importing it: its import is heavy)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise OcrUnavailable("the rapidocr package is not installed (pip install rapidocr): no handwriting OCR")
    model = Path(next(iter(spec.submodule_search_locations)), *RECOGNISER_FILE)
    if not model.is_file():
        raise OcrUnavailable(f"rapidocr ships no {model.name}: no handwriting OCR")
    return model


def fill_handwritten_blanks(
    words: list[dict[str, Any]],
    page: Image.Image,
    *,
    points_per_pixel: float,
    page_number: int | None = None,
    recogniser: LineRecogniser | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Words of an OCR'd page with the header's number and day read again from crops of `page`.

    `page` is the image Tesseract read (deskewed), `words` its words in points. Returns the words and notes
    on what was read or left blank.
    """
    label = f"page {page_number}: " if page_number is not None else ""
    zone = HEADER_ZONE * page.height * points_per_pixel
    lines = _lines([word for word in words if word["bottom"] <= zone])
    notes: list[str] = []
    removed: set[int] = set()
    added: list[dict[str, Any]] = []

    def read(crop: Image.Image) -> Reading:
        # -- the model loads on the first blank found: a page without a header never pays for it
        return (recogniser or LineRecogniser.shared()).read(crop)

    middle = page.width * points_per_pixel / 2
    left_edge = min((word["x0"] for word in words if word["bottom"] <= zone), default=0.0)
    signs_done = dates_done = False
    for line in lines:
        sign = None if signs_done else _sign_blank(line, middle)
        if sign is not None and _printed(*sign):
            signs_done = True  # -- a typed number Tesseract is sure of: nothing to read again
        elif sign is not None:
            start, code, between = sign
            x0 = left_edge if start is None else start["x0"] if code is None else _after_so(start)
            x1 = code["x1"] if code is not None else _segment_end(line, start, middle)
            reading = read(_crop(page, line, x0, x1, points_per_pixel))
            if code is None:
                # -- Tesseract lost the printed `/CODE` too, or this `Số:` is an incoming-mail stamp's (no code):
                #    only a reading of a whole sign (`574/UBND-KTTH`) replaces what is there
                symbol = SYMBOL_READ_RE.search(reading.text)
                if symbol and reading.confidence >= MIN_DIGIT_CONFIDENCE:
                    signs_done = True
                    removed.update(id(word) for word in between)
                    _reset_so(start)
                    added.append(_word(symbol[0].replace(" ", ""), x0 + 20, x1, line, reading.confidence))
                    notes.append(f"{label}the sign after `Số:` read by the handwriting recogniser: {symbol[0]}")
            else:
                signs_done = True
                removed.update(id(word) for word in between)
                number = _number(reading, between)
                _reset_so(start)
                prefix = code["text"].split("/", 1)[0]
                if prefix:
                    code.update(text=code["text"][len(prefix) :])
                repaired = repair_type_code(code["text"], reading.text)
                if repaired != code["text"]:
                    notes.append(f"{label}the sign's type code repaired: {code['text']} → {repaired}")
                    code.update(text=repaired)
                if start is None:
                    added.append(_word("Số:", x0, x0 + 15, line, 1.0))
                if number is None:
                    notes.append(f"{label}the number after `Số:` could not be read (handwritten?): left blank")
                else:
                    added.append(_word(number, code["x0"] - 20, code["x0"] - 2, line, reading.confidence))
                    notes.append(f"{label}the number after `Số:` read from handwriting: {number}")
        date = None if dates_done else _date_blank(line)
        if date is not None:
            dates_done = True
            day_word, year_word, span, x0 = date
            reading = read(_crop(page, line, x0, year_word["x1"], points_per_pixel, DATE_CROP_MARGIN))
            found = DATE_DIGITS_RE.search(reading.text)
            if found and reading.confidence >= MIN_DIGIT_CONFIDENCE and _valid_day(found[1], found[2]):
                removed.update(id(word) for word in span)
                added.extend(_date_words(found[1], found[2], year_word["text"].rstrip(".,"), day_word, year_word, line))
                notes.append(f"{label}the day and month of the date read from handwriting: {found[1]}/{found[2]}")
            else:
                notes.append(f"{label}the day of the date could not be read (handwritten?): {reading.text!r}")
    if not removed and not added:
        return words, notes
    return [word for word in words if id(word) not in removed] + added, notes


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped by their (shared, per Tesseract line) band, left to right."""
    bands: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for word in words:
        bands.setdefault((round(word["top"], 1), round(word["bottom"], 1)), []).append(word)
    return [sorted(group, key=lambda w: w["x0"]) for _, group in sorted(bands.items())]


def _sign_blank(line: list[dict[str, Any]], middle: float):
    """(`Số:` word or None, the word holding `/CODE` or None, the words between) on a sign's line, or None.

    The sign stands first in the left column; Tesseract may lose the printed `Số:` (the line then opens
    with `/CT-UBND`) or the code (the line then holds `Số:` and nothing else on the left).
    """
    left = [word for word in line if word["x0"] < middle]
    if not left:
        return None
    first = left[0]
    if SO_RE.match(first["text"]):
        if CODE_RE.search(first["text"]):
            return first, first, []
        for end in range(1, min(5, len(left))):
            if CODE_RE.search(left[end]["text"]):
                return first, left[end], left[1:end]
        if len(left) == 1 or all(not CODE_RE.search(word["text"]) for word in left):
            return first, None, left[1:]
        return None
    if CODE_RE.match(first["text"]):
        return None, first, []
    return None


def _printed(start: dict[str, Any] | None, code: dict[str, Any] | None, between: list[dict[str, Any]]) -> bool:
    """The sign's number is typed and read with confidence: `Số: 27-BC/HU`, `Số: 15 /QĐ-UBND`."""
    if code is not None and not between and PRINTED_SIGN_RE.match(code["text"]):
        return code["conf"] >= PRINTED_CONFIDENCE
    if code is None or len(between) != 1:
        return False  # -- no `/CODE` after it: a stamp's register number, or a sign Tesseract half lost
    return bool(PRINTED_DIGITS_RE.match(between[0]["text"])) and between[0]["conf"] >= PRINTED_CONFIDENCE


def _segment_end(line: list[dict[str, Any]], start: dict[str, Any] | None, middle: float) -> float:
    """Where the left column's part of the line ends: before the first word right of the page's middle."""
    right = [word["x0"] for word in line if word["x0"] >= middle]
    return min(right) - 4 if right else middle


def _number(reading: Reading, between: list[dict[str, Any]]) -> str | None:
    found = NUMBER_BEFORE_CODE_RE.search(reading.text)
    if found and reading.confidence >= MIN_DIGIT_CONFIDENCE:
        return found[1]
    printed = [w for w in between if PRINTED_DIGITS_RE.match(w["text"]) and w["conf"] >= PRINTED_CONFIDENCE]
    return printed[0]["text"] if len(printed) == 1 and len(between) == 1 else None


def _date_blank(line: list[dict[str, Any]]):
    """(the first word of the date, the year word, the words from one to the other) on a header's date line.

    The line ends `… năm 2024`; the date opens at `ngày` or, when Tesseract lost it with the day, after the
    place's comma (`Quảng Ngãi, tháng 9 năm 2024`).
    """
    for end in range(2, len(line)):
        if YEAR_RE.match(line[end]["text"]) and YEAR_WORD_RE.match(line[end - 1]["text"]):
            break
    else:
        return None
    opening = [k for k in range(end) if DAY_RE.match(line[k]["text"])]
    if opening:
        start = opening[-1]
        x0 = line[start]["x0"]
    else:
        commas = [k + 1 for k in range(end - 1) if line[k]["text"].endswith(",")]
        if not commas or not any(MONTH_WORD_RE.match(w["text"]) for w in line[commas[-1] : end]):
            return None
        start = commas[-1]
        x0 = line[start - 1]["x1"] + 1  # -- the lost `ngày` and day stood in the gap after the comma
    if end - start > 7:
        return None
    return line[start], line[end], line[start : end + 1], x0


def repair_type_code(code: str, reading: str) -> str:
    """`/QĐĐ-UBND` → `/QĐ-UBND`, `/TI1r-UBND` → `/TTr-UBND`: a type code Tesseract misread, when the
    recogniser's reading of the same crop spells a known one (it drops Đ's bar: compared without marks).

    Example:
        repair_type_code("/TI1r-UBND", "239 /TTr-UBND") → "/TTr-UBND"
    """
    found = CODE_PARTS_RE.match(code)
    if found is None or found[1] in TYPE_CODES:
        return code
    read = READ_TYPE_RE.search(reading)
    if read is None:
        return code
    # -- and it must look like what Tesseract saw: same first letter, at most one letter more or less
    matches = [
        known
        for known in TYPE_CODES
        if _plain_code(known) == _plain_code(read[1])
        and known[0] == found[1][0]
        and abs(len(known) - len(found[1])) <= 1
    ]
    return f"/{matches[0]}{found[2]}" if len(matches) == 1 else code


def _plain_code(code: str) -> str:
    return code.replace("Đ", "D").replace("đ", "d")


def _reset_so(start: dict[str, Any] | None) -> None:
    """`Số:` alone: what Tesseract glued to it (`Số:4@`) was its reading of the blank."""
    if start is not None and len(start["text"]) > len("Số:") and not CODE_RE.search(start["text"]):
        start.update(text="Số:")


def _after_so(start: dict[str, Any]) -> float:
    """Where the blank after the printed `Số:` begins (a little before, when Tesseract glued a reading to it)."""
    text = start["text"]
    if len(text) <= len("Số:") or CODE_RE.search(text):
        return start["x1"] - 2
    return start["x0"] + (start["x1"] - start["x0"]) * len("Số") / len(text)


def _valid_day(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _crop(
    page: Image.Image,
    line: list[dict[str, Any]],
    x0: float,
    x1: float,
    points_per_pixel: float,
    margin_lines: float = SIGN_CROP_MARGIN,
) -> Image.Image:
    top, bottom = line[0]["top"], line[0]["bottom"]
    margin = margin_lines * (bottom - top)
    box = (x0 - margin / 2, top - margin, x1 + margin / 2, bottom + margin)
    left, upper, right, lower = (round(value / points_per_pixel) for value in box)
    return page.crop((max(0, left), max(0, upper), min(page.width, right), min(page.height, lower)))


def _word(text: str, x0: float, x1: float, line: list[dict[str, Any]], confidence: float) -> dict[str, Any]:
    x1 = max(x1, x0 + 1)
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": line[0]["top"],
        "bottom": line[0]["bottom"],
        "conf": round(confidence * 100, 1),
        "handwritten": True,
    }


def _date_words(day: str, month: str, year: str, first: dict[str, Any], last: dict[str, Any], line) -> list:
    """`ngày D tháng M năm Y` spread over the span the date took on the line (narrow gaps, one line)."""
    texts = ["ngày", day, "tháng", month, "năm", year]
    step = (last["x1"] - first["x0"]) / len(texts)
    return [
        _word(text, first["x0"] + k * step, first["x0"] + (k + 1) * step - 1, line, 1.0) for k, text in enumerate(texts)
    ]
