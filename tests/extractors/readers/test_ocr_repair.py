"""Tone marks of OCR'd header capitals repaired where the administrative lexicon and the gazetteer are sure."""

from vanban.extractors.readers.ocr import is_scribble
from vanban.extractors.readers.ocr_repair import repair_capitals, repair_ocr_words, toneless


def test_toneless_keeps_letters_and_folds_d_bar():
    assert toneless("TĨNH QUẢNG NGÀI") == "TINH QUANG NGAI"
    assert toneless("ĐÂN") == "DAN"


def test_a_phrase_of_the_lexicon_is_written_with_its_marks():
    assert repair_capitals("ỦY BAN NHÂN ĐÂN".split()) == ("ỦY BAN NHÂN DÂN".split(), ["ĐÂN → DÂN"])
    fixed, repairs = repair_capitals("TĨNH QUANG NGÀI".split())
    assert fixed == "TỈNH QUẢNG NGÃI".split()
    assert repairs == ["TĨNH → TỈNH", "QUANG → QUẢNG", "NGÀI → NGÃI"]


def test_a_variant_tone_style_is_kept_and_a_lone_word_is_never_repaired():
    assert repair_capitals("UỶ BAN NHÂN DÂN".split()) == ("UỶ BAN NHÂN DÂN".split(), [])
    assert repair_capitals(["TĨNH"]) == (["TĨNH"], [])
    assert repair_capitals("Tính toán lại".split()) == ("Tính toán lại".split(), [])


def test_repairs_of_ocr_words_are_reported_per_page():
    words = [
        {"text": text, "x0": 10.0 * k, "x1": 10.0 * k + 8, "top": 5.0, "bottom": 15.0}
        for k, text in enumerate("HUYỆN BA TO".split())
    ]
    notes = repair_ocr_words(words, page_number=1)
    assert [w["text"] for w in words] == ["HUYỆN", "BA", "TƠ"]
    assert notes == ["page 1: OCR repaired by the administrative lexicon: TO → TƠ"]


def test_a_document_types_title_is_repaired():
    assert repair_capitals(["QUYÉT", "ĐỊNH"]) == (["QUYẾT", "ĐỊNH"], ["QUYÉT → QUYẾT"])


def test_a_line_of_spacing_accents_without_a_syllable_is_a_scribble():
    assert is_scribble([{"text": "`"}, {"text": ".ˆ"}, {"text": "`"}, {"text": "L4"}])
    assert is_scribble([{"text": ".Pˆ^"}])
    assert not is_scribble([{"text": "QUYẾT"}, {"text": "ĐỊNH^"}])
    assert not is_scribble([{"text": "3"}, {"text": ","}])  # -- no spacing accent: not judged here
