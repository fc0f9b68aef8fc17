import pytest

from vanban.extractors.text.wordbreaks import join_broken_words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S\nố: 12/2024/NĐ-CP", "Số: 12/2024/NĐ-CP"),
        ("B\nỘ TƯ PHÁP", "BỘ TƯ PHÁP"),
        ("CHÍNH PH\nỦ", "CHÍNH PHỦ"),
        ("Hà N\nội, ngày", "Hà Nội, ngày"),
        ("NGH\nỊ ĐỊNH", "NGHỊ ĐỊNH"),
        ("ĐỐI VỚI T\nỪNG VIỆC", "ĐỐI VỚI TỪNG VIỆC"),
    ],
    ids=["so", "bo", "phu", "noi", "ngh-cluster", "tung"],
)
def test_a_syllable_broken_after_its_onset_is_joined(raw, expected):
    assert join_broken_words(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Phụ lục C\nỦy ban nhân dân",  # -- `CỦy` mixes cases: two words
        "UBND\nỦy ban",  # -- `UBND` is no onset
        "điểm b\nkhoản 2",  # -- the next line opens with a consonant
        "CHÍ\nNH PHỦ",  # -- a break after a vowel cannot be told from two words
        "Tổ 5\nấp Bắc",  # -- a digit is no onset
        "thôn\nẤp Mới",
    ],
    ids=["mixed-case", "abbreviation", "consonant-after", "after-vowel", "digit", "whole-word"],
)
def test_real_line_breaks_are_kept(text):
    assert join_broken_words(text) == text
