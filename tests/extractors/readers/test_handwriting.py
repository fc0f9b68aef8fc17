"""The handwritten number and day of a scanned header, read by PP-OCR on crops found from Tesseract's words."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.helpers import vietnamese_font
from vanban.extractors.readers.handwriting import (
    LineRecogniser,
    Reading,
    ctc_decode,
    fill_handwritten_blanks,
    repair_type_code,
)

PAGE = Image.new("L", (1000, 1400), 255)


class Fixed:
    """A recogniser that reads what it is told (the crops' geometry is tested, not the network)."""

    def __init__(self, *readings: str) -> None:
        self.readings = list(readings)
        self.crops: list[Image.Image] = []

    def read(self, image: Image.Image) -> Reading:
        self.crops.append(image)
        return Reading(self.readings.pop(0), 0.95)


def _line(texts, top, x=20.0, step=60.0, conf=50.0):
    return [
        {"text": t, "x0": x + k * step, "x1": x + k * step + 40, "top": top, "bottom": top + 12, "conf": conf}
        for k, t in enumerate(texts)
    ]


def _texts(words, top):
    return [w["text"] for w in sorted(words, key=lambda w: w["x0"]) if w["top"] == top]


def test_ctc_decode_collapses_repeats_and_drops_blanks():
    assert ctc_decode(np.eye(3)[[1, 1, 0, 2, 2]], ["", "4", "7"]) == Reading("47", 1.0)


def test_the_number_and_the_day_read_from_crops_replace_what_tesseract_made_of_them():
    words = _line(["Số:", "2ƒ", "/CT-UBND"], 50) + _line(["Quảng", "Ngãi,", "ngày", "2#", "năm", "2021"], 50, x=500)
    reader = Fixed("01 /CT-UBND", "ngày 04 tháng01 năm 2021")

    found, notes = fill_handwritten_blanks(words, PAGE, points_per_pixel=1.0, page_number=1, recogniser=reader)

    assert _texts(found, 50) == ["Số:", "01", "/CT-UBND", "Quảng", "Ngãi,", "ngày", "04", "tháng", "01", "năm", "2021"]
    assert notes == [
        "page 1: the number after `Số:` read from handwriting: 01",
        "page 1: the day and month of the date read from handwriting: 04/01",
    ]


def test_an_unreadable_number_stays_blank_with_a_note_never_a_guess():
    words = _line(["Số:", "#§", "/QĐ-UBND"], 50)
    found, notes = fill_handwritten_blanks(words, PAGE, points_per_pixel=1.0, recogniser=Fixed("ss /QD-UBND"))
    assert _texts(found, 50) == ["Số:", "/QĐ-UBND"]
    assert notes == ["the number after `Số:` could not be read (handwritten?): left blank"]


def test_an_incoming_mail_stamps_register_number_is_not_a_sign():
    stamp = _line(["Số:", "2352"], 30, conf=90.0)
    sign = _line(["Số:", "4#", "/QĐ-UBND"], 60)
    reader = Fixed("Số: 2352", "47 /QD-UBND")
    found, notes = fill_handwritten_blanks(stamp + sign, PAGE, points_per_pixel=1.0, recogniser=reader)
    assert _texts(found, 30) == ["Số:", "2352"]
    assert _texts(found, 60) == ["Số:", "47", "/QĐ-UBND"]
    assert notes == ["the number after `Số:` read from handwriting: 47"]


def test_the_shipped_recogniser_reads_digits_of_a_sign():
    try:
        recogniser = LineRecogniser.shared()
    except Exception as error:  # -- rapidocr is a dependency: a missing model is a failure, not a skip
        pytest.fail(f"the PP-OCR recogniser did not load: {error}")
    image = Image.new("RGB", (420, 60), "white")
    ImageDraw.Draw(image).text((10, 8), "47/QĐ-UBND", fill="black", font=ImageFont.truetype(str(vietnamese_font()), 36))
    reading = recogniser.read(image)
    assert reading.text.startswith("47/Q")


def test_a_typed_sign_tesseract_is_sure_of_is_kept_as_read():
    words = _line(["Số:", "27-BC/HU"], 50, conf=93.0)
    reader = Fixed()
    found, notes = fill_handwritten_blanks(words, PAGE, points_per_pixel=1.0, recogniser=reader)
    assert _texts(found, 50) == ["Số:", "27-BC/HU"]
    assert (notes, reader.crops) == ([], [])


def test_a_misread_type_code_is_repaired_from_the_recognisers_reading_of_the_crop():
    assert repair_type_code("/TI1r-UBND", "239 /TTr-UBND") == "/TTr-UBND"
    assert repair_type_code("/QĐĐ-UBND", ":51/QD-UBND") == "/QĐ-UBND"
    assert repair_type_code("/UBND-KTTH", "574/UBND-KTTH") == "/UBND-KTTH"  # -- a công văn: no type code
    assert repair_type_code("/XY-UBND", "12 /AB-UBND") == "/XY-UBND"  # -- nothing known to repair to


def test_a_whole_sign_and_the_date_on_the_same_line_are_both_read():
    words = _line(["Số:"], 50) + _line(["Quảng", "Ngãi,", "ngày", "{tháng", "02", "năm", "2025"], 50, x=500)
    reader = Fixed("Số: 574/UBND-KTTH", "ngày 04tháng 02 năm 2025")
    found, notes = fill_handwritten_blanks(words, PAGE, points_per_pixel=1.0, recogniser=reader)
    texts = _texts(found, 50)
    assert texts[:2] == ["Số:", "574/UBND-KTTH"]
    assert texts[-6:] == ["ngày", "04", "tháng", "02", "năm", "2025"]


def test_a_type_code_the_recogniser_shortened_is_not_taken():
    assert repair_type_code("/TI1r-UBND", "6:239 /TT-UBND") == "/TI1r-UBND"
