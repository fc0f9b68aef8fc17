"""Annotations laid over a page: a number in a signing widget fills the text layer's blank, a signing box stays out."""

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from fpdf import FPDF

from tests.helpers import vietnamese_font
from vanban.extractors.readers.annotations import AnnotationText, place_annotation_words
from vanban.extractors.readers.pdf import read_pdf

HEIGHT = 200


def _stamp(document, page, text: str, left: float, bottom: float, right: float, top: float) -> None:
    """A stamp annotation whose appearance shows `text` (pdfium writes the appearance stream)."""
    annotation = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_STAMP)
    pdfium_c.FPDFAnnot_SetRect(annotation, pdfium_c.FS_RECTF(left, top, right, bottom))
    shown = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", ctypes.c_float(12))
    data = (text + "\0").encode("utf-16-le")
    pdfium_c.FPDFText_SetText(shown, (ctypes.c_ushort * (len(data) // 2)).from_buffer_copy(data))
    pdfium_c.FPDFPageObj_Transform(shown, 1, 0, 0, 1, left + 2, bottom + 4)
    assert pdfium_c.FPDFAnnot_AppendObject(annotation, shown)
    pdfium_c.FPDFPage_CloseAnnot(annotation)


def test_a_number_in_an_annotation_fills_the_blank_and_a_signing_box_is_left_out(tmp_path):
    pdf = FPDF(unit="pt", format=(400, HEIGHT))
    pdf.add_page()
    pdf.add_font("vi", fname=str(vietnamese_font()))
    pdf.set_font("vi", size=12)
    pdf.text(20, 40, "Số:")
    pdf.text(80, 40, "/TB-UBND")
    base = tmp_path / "base.pdf"
    pdf.output(str(base))
    document = pdfium.PdfDocument(base)
    page = document[0]
    _stamp(document, page, "542", 48, 155, 78, 170)
    _stamp(document, page, "Ky boi: 12:30:01", 250, 170, 395, 195)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    signed = tmp_path / "signed.pdf"
    document.save(signed)
    page.close()
    document.close()

    read = read_pdf(signed)

    assert read.text == "Số:\t542 /TB-UBND"
    assert "12:30:01" not in read.text
    assert any("left out: Ky boi: 12:30:01" in warning for warning in read.warnings)
    assert any("filled a blank: 542" in warning for warning in read.warnings)


def _word(text, x0, x1, top=10.0, bottom=20.0):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom}


def test_annotation_words_covering_the_page_text_are_a_box_laid_over_it():
    page = [_word("Số:", 0, 20), _word("/QĐ-UBND", 60, 120)]
    over = AnnotationText((0, 8, 60, 22), [_word("TRUNG", 5, 40, 11, 19)])
    off_line = AnnotationText((200, 40, 260, 60), [_word("12", 200, 215, 45, 55)])

    words, notes = place_annotation_words(page, [over, off_line], page_number=2)

    assert words == page
    assert notes == [
        "page 2: e-signature box or stamp left out: TRUNG",
        "page 2: e-signature box or stamp left out: 12",
    ]
