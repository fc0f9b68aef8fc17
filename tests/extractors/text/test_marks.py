import unicodedata

import pytest

from vanban.extractors.text.marks import strip_marks
from vanban.extractors.text.signs import canonical_symbol


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("Quảng Ngãi, ngày 4 tháng 01", "Quang Ngai, ngay 4 thang 01"),
        ("ỦY BAN NHÂN ĐÂN", "UY BAN NHAN DAN"),
        ("QUYÉT ĐỊNH", "QUYET DINH"),
        ("ư Ư ơ Ơ ă Â đ Đ", "u U o O a A d D"),
        ("plain ascii", "plain ascii"),
    ],
    ids=["sentence", "capitals", "ocr-swapped-mark", "vowel-letters", "ascii"],
)
def test_marks_are_stripped_case_kept(text, bare):
    assert strip_marks(text) == bare


@pytest.mark.parametrize(
    "text",
    [
        unicodedata.normalize("NFD", "Hà Nội"),  # -- not composed: marks stand as characters of their own
        "Sở 한국 Tư pháp",  # -- Hangul decomposes into several letters
        "Báo cáo " * 40,  # -- longer than the remembered strings
    ],
    ids=["decomposed", "hangul", "long"],
)
def test_the_length_is_kept(text):
    assert len(strip_marks(text)) == len(text)


def test_a_sign_code_loses_ocr_marks_but_keeps_d_bar():
    assert canonical_symbol("157/QĐ-NĐ-ÚB") == "157/QĐ-NĐ-UB"
