"""OCR of scanned pages: one small generated page (a text page plus a scan of it in one PDF), read once."""

import io
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw
from rapidfuzz.distance import Levenshtein

from tests.helpers import vietnamese_font
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.extractors.readers import ocr
from vanban.extractors.readers.ocr import binarize, estimate_skew, ink_image, otsu_threshold, page_confidence
from vanban.extractors.readers.pdf import read_pdf
from vanban.models.document import Block, Document
from vanban.models.errors import IMAGE_ONLY, UnreadableDocument, problem_of

BODY = "Năm 2023, Đảng bộ huyện kết nạp 156 đảng viên, đạt 104% chỉ tiêu."
SCAN_DPI = 150  # -- as an office scanner at its lowest setting; the reader renders at its own OCR_DPI
SKEW = 1.2


def _small_pdf() -> FPDF:
    pdf = FPDF(format=(148, 100), unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("vi", fname=str(vietnamese_font()))
    pdf.set_font("vi", size=12)
    return pdf


def _write_text_page(pdf: FPDF) -> None:
    """Header columns, one body sentence, and a ruled 2×3 table of figures."""
    pdf.add_page()
    pdf.text(10, 14, "HUYỆN ỦY BÌNH GIA")
    pdf.text(78, 14, "ĐẢNG CỘNG SẢN VIỆT NAM")
    pdf.text(10, 22, "Số: 27-BC/HU")
    pdf.text(78, 22, "Bình Gia, ngày 15 tháng 3 năm 2024")
    pdf.text(10, 38, BODY)
    for row, cells in enumerate((("Đơn vị", "Chỉ tiêu", "Đã kết nạp"), ("Xã Hoa Thám", "10", "12"))):
        for column, (x, text) in enumerate(zip((10, 60, 95), cells)):
            pdf.rect(x, 48 + row * 10, (50, 35, 40)[column], 10)
            pdf.text(x + 2, 55 + row * 10, text)


def scanned(page_pdf: bytes) -> Image.Image:
    """The page as a scanner sees it: 150 dpi, turned SKEW degrees, grey noise, a red seal over the table."""
    document = pypdfium2.PdfDocument(page_pdf)
    image = document[0].render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
    document.close()
    seal = Image.new("RGB", image.size, "white")
    ImageDraw.Draw(seal).ellipse((560, 230, 760, 430), outline=(205, 30, 35), width=8)
    image = ImageChops.multiply(image, seal)  # -- ink on toner: the text under the seal stays dark
    image = image.rotate(SKEW, resample=Image.Resampling.BICUBIC, fillcolor="white")
    pixels = np.asarray(image, dtype=np.float32) + np.random.default_rng(8).normal(0, 6, image.size[::-1])[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def _jpeg(image: Image.Image) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    buffer.seek(0)
    return buffer


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Document:
    """Page 1 with a text layer, page 2 a scan of the same page (image only): one OCR run for the module."""
    text_pdf = _small_pdf()
    _write_text_page(text_pdf)
    pdf = _small_pdf()
    _write_text_page(pdf)
    pdf.add_page()
    pdf.image(_jpeg(scanned(bytes(text_pdf.output()))), x=0, y=0, w=148, h=100)
    path = tmp_path_factory.mktemp("ocr") / "mixed.pdf"
    pdf.output(str(path))
    return read_document(path)


def _page_blocks(document: Document, page: int) -> list[Block]:
    return [block for block in document.blocks if block.page == page]


def test_a_mixed_pdf_reads_the_text_layer_where_it_exists_and_ocr_elsewhere(mixed):
    assert list(mixed.ocr_pages) == [2]
    assert 0.7 < mixed.ocr_pages[2] <= 1.0
    assert {block.ocr_confidence for block in _page_blocks(mixed, 1)} == {None}
    assert {block.ocr_confidence for block in _page_blocks(mixed, 2)} == {mixed.ocr_pages[2]}
    assert f"page 2 read by OCR (confidence {mixed.ocr_pages[2]:.2f})" in mixed.warnings


def test_ocr_reads_the_scan_as_the_text_layer_reads_the_page(mixed):
    layer = [block.text for block in _page_blocks(mixed, 1)]
    scan = [block.text for block in _page_blocks(mixed, 2)]
    assert Levenshtein.distance("\n".join(layer), "\n".join(scan)) / len("\n".join(layer)) < 0.03
    # -- the same layout rules: header columns one after the other, the ruled table as cells
    assert [block.kind for block in _page_blocks(mixed, 2)] == [block.kind for block in _page_blocks(mixed, 1)]
    assert [b.text for b in _page_blocks(mixed, 2) if b.kind == "table_cell"][-3:] == ["Xã Hoa Thám", "10", "12"]


def test_facts_from_ocr_text_carry_the_page_confidence(mixed):
    facts = extract_document(mixed)
    confidence = mixed.ocr_pages[2]
    by_page = {}
    for fact in facts:
        by_page.setdefault(mixed.block_at(fact.start).page, []).append(fact)
    layer = {(f.kind, f.text): f.confidence for f in by_page[1]}
    scan = {(f.kind, f.text): f.confidence for f in by_page[2]}
    assert scan.keys() == layer.keys()
    assert scan == {key: round(value * confidence, 3) for key, value in layer.items()}


def test_extract_document_multiplies_confidence_by_the_blocks_ocr_confidence():
    text = "Kết nạp 156 đảng viên, đạt 104%."
    plain = Document(path="a.pdf", sha256="0", format="pdf", text=text, blocks=[Block(text, start=0, end=len(text))])
    scanned_document = Document(
        path="a.pdf",
        sha256="0",
        format="pdf",
        text=text,
        blocks=[Block(text, start=0, end=len(text), page=1, ocr_confidence=0.8)],
        ocr_pages={1: 0.8},
    )
    expected = [(f.kind, round(f.confidence * 0.8, 3)) for f in extract_document(plain)]
    assert expected and [(f.kind, f.confidence) for f in extract_document(scanned_document)] == expected


def _lines_image(size=(1200, 900)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for y in range(100, 800, 40):
        for x in range(100, 1100, 70):
            draw.rectangle((x, y, x + 50, y + 14), fill=0)
    return image


@pytest.mark.parametrize("angle", [1.5, -2.0, 0.0], ids=["left", "right", "straight"])
def test_estimate_skew_finds_the_angle_the_lines_are_turned_by(angle):
    turned = _lines_image().rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert estimate_skew(turned) == pytest.approx(angle, abs=0.1)


def test_estimate_skew_of_a_blank_page_is_zero():
    assert estimate_skew(Image.new("L", (800, 600), 255)) == 0.0


def test_ink_image_turns_a_red_seal_light_and_keeps_black_ink():
    image = Image.new("RGB", (2, 1), (205, 30, 35))
    image.putpixel((1, 0), (20, 20, 20))
    assert [ink_image(image).getpixel((x, 0)) for x in (0, 1)] == [205, 20]


def test_binarize_leaves_paper_grain_white_and_text_black():
    grain = np.clip(np.random.default_rng(1).normal(235, 8, (300, 400)), 0, 255).astype(np.uint8)
    assert binarize(Image.fromarray(grain, "L")).getextrema() == (255, 255)
    page = grain.copy()
    page[100:120, 50:350] = 15
    assert binarize(Image.fromarray(page, "L")).getpixel((200, 110)) == 0


def test_otsu_threshold_splits_two_levels():
    assert otsu_threshold(np.array([[20, 20, 230, 230]], dtype=np.uint8)) == 20


def test_page_confidence_weights_words_by_length():
    assert page_confidence([{"text": "Số", "conf": 90.0}, {"text": "1581", "conf": 60.0}]) == 0.7
    assert page_confidence([]) == 0.0


def _image_pdf(path: Path, image: Image.Image) -> Path:
    image.save(path, "PDF", resolution=SCAN_DPI)
    return path


@pytest.mark.slow
def test_a_scan_of_blank_paper_is_unreadable_because_ocr_found_no_text(tmp_path):
    grain = np.clip(np.random.default_rng(2).normal(238, 6, (500, 400)), 0, 255).astype(np.uint8)
    path = _image_pdf(tmp_path / "trang-trang.pdf", Image.fromarray(grain, "L"))
    with pytest.raises(
        UnreadableDocument, match="no text layer: a scanned PDF; OCR found no text on its pages"
    ) as caught:
        read_document(path)
    assert problem_of(caught.value) is IMAGE_ONLY


def test_a_scan_without_tesseract_is_unreadable_saying_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "tesseract-not-installed")
    path = _image_pdf(tmp_path / "quet.pdf", _lines_image((400, 300)).convert("RGB"))
    with pytest.raises(UnreadableDocument, match=r"tesseract is not installed \(apt-get install tesseract-ocr"):
        read_pdf(path)
