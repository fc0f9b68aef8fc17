"""Syllables split by a PDF's text layer joined again; real neighbours (a letter, two syllables) left apart."""

import pytest
from fpdf import FPDF

from tests.helpers import vietnamese_font
from vanban.extractors.readers.pdf import read_pdf
from vanban.extractors.readers.syllables import is_syllable, join_split_syllables


@pytest.mark.parametrize("word", ["năm", "quốc", "Nghiêng", "người", "giữ", "khuya", "Việt", "hoá", "hóa", "uỷ"])
def test_vietnamese_syllables_are_valid(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["n", "qu", "ng", "â", "bkhoản", "vềquản", "cvà", "2013", "PDF1"])
def test_pieces_and_glued_words_are_not_syllables(word):
    assert not is_syllable(word)


def _words(*pieces):
    """(text, x0, x1) on one 12-pt line."""
    return [{"text": t, "x0": x0, "x1": x1, "top": 10.0, "bottom": 22.0} for t, x0, x1 in pieces]


def test_a_split_syllable_is_joined_and_a_letter_before_a_word_is_not():
    words = _words(("n", 0, 6), ("ăm", 9.5, 24), ("2013", 28, 52), ("b", 60, 66), ("khoản", 69.5, 100))
    assert [w["text"] for w in join_split_syllables(words)] == ["năm", "2013", "b", "khoản"]


def test_two_syllables_with_a_narrow_gap_stay_two_words():
    words = _words(("là", 0, 10), ("một", 13.5, 30))
    assert [w["text"] for w in join_split_syllables(words)] == ["là", "một"]


def test_a_pdf_whose_text_layer_splits_syllables_reads_whole_words(tmp_path):
    """Made as a gazette's writer makes it: a syllable's onset and rhyme placed as two runs with a gap."""
    pdf = FPDF(unit="pt", format=(400, 120))
    pdf.add_page()
    pdf.add_font("vi", fname=str(vietnamese_font()))
    pdf.set_font("vi", size=12)
    x = 20.0
    for piece, gap in (
        ("Hiến", 3.4),
        ("pháp", 3.4),
        ("n", 3.4),
        ("ăm", 3.4),
        ("2013", 3.4),
        ("của", 3.4),
        ("qu", 3.4),
        ("ốc", 3.4),
        ("gia,", 3.4),
        ("điểm", 3.4),
        ("b", 3.4),
        ("khoản", 3.4),
        ("1", 0),
    ):
        pdf.text(x, 40, piece)
        x += pdf.get_string_width(piece) + gap
    path = tmp_path / "cong-bao.pdf"
    pdf.output(str(path))
    assert read_pdf(path).text == "Hiến pháp năm 2013 của quốc gia, điểm b khoản 1"
