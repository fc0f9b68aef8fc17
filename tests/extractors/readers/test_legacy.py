import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.extractors.readers.legacy import (
    TCVN3,
    VNI,
    LegacyFont,
    convert_legacy_blocks,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    is_vietnamese_word,
    legacy_font,
    plan_legacy_conversion,
    restore_pdf_glyphs,
    tcvn3_needs_capital_font,
    tcvn3_to_unicode,
    to_unicode,
    vni_to_unicode,
)


def _vietnamese_letters() -> list[str]:
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in tones} | {"đ"}
    return sorted(letters)


LETTERS = _vietnamese_letters()
VIETNAMESE_TEXT = st.text(alphabet=st.sampled_from(LETTERS + list("bcdghklmnpqrstvx .,-/0123456789")), max_size=60)


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("§¶ng bé huyÖn", "Đảng bộ huyện"),
        ("Sè: 15-Q§/HU", "Số: 15-QĐ/HU"),
        ("Th\xadêng vô", "Thường vụ"),
        ("Ng\xad\xeai d©n", "Người dân"),
        ("ViÖt Nam, n¨m 2006", "Việt Nam, năm 2006"),
        ("\uf0a7\uf0b6ng", "Đảng"),
    ],
    ids=["dang-bo", "sign", "soft-hyphen-is-u-horn", "nguoi", "ascii-untouched", "private-use-area"],
)
def test_tcvn3_to_unicode_reads_the_vn3_chart(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Ñaûng boä huyeän", "Đảng bộ huyện"),
        ("ÑAÛNG COÄNG SAÛN", "ĐẢNG CỘNG SẢN"),
        ("Thöôøng tröïc", "Thường trực"),
        ("tænh, chính trò, Nghóa", "tỉnh, chính trị, Nghĩa"),
        ("phaúng, Ñaø Naüng, naêm", "phẳng, Đà Nẵng, năm"),
        ("Aûnh, Uûy", "Ảnh, Ủy"),
        ("iø, iù", "ì, í"),
    ],
    ids=["dang-bo", "capitals", "horn", "single-byte-i", "breve", "capital-base-small-mark", "i-with-mark"],
)
def test_vni_to_unicode_reads_base_and_mark_pairs(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode


def test_both_tables_cover_every_vietnamese_letter():
    for letter in LETTERS + [letter.upper() for letter in LETTERS]:
        assert vni_to_unicode(encode_vni(letter)) == letter, letter
        if tcvn3_needs_capital_font(letter):
            assert to_unicode(encode_tcvn3(letter), LegacyFont(TCVN3, capitals=True)) == letter, letter
        else:
            assert tcvn3_to_unicode(encode_tcvn3(letter)) == letter, letter


@given(VIETNAMESE_TEXT)
def test_tcvn3_round_trips_lower_case_text_and_capitals_through_the_h_font(text):
    assert tcvn3_to_unicode(encode_tcvn3(text)) == text
    assert to_unicode(encode_tcvn3(text), LegacyFont(TCVN3, capitals=True)) == text.upper()


@given(VIETNAMESE_TEXT.map(str.title))
def test_vni_round_trips_text_in_both_cases(text):
    assert vni_to_unicode(encode_vni(text)) == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".VnTime", LegacyFont(TCVN3, False)),
        (".VnTimeH", LegacyFont(TCVN3, True)),
        (".VnArial NarrowH", LegacyFont(TCVN3, True)),
        ("ABCDEF+.VnTimeH,Bold", LegacyFont(TCVN3, True)),
        ("_VnArial", LegacyFont(TCVN3, False)),
        ("VNI-Times", LegacyFont(VNI, False)),
        ("VNI-Helve", LegacyFont(VNI, False)),
        ("Times New Roman", None),
        ("Verdana", None),
        (None, None),
    ],
    ids=[
        "vntime",
        "vntimeh",
        "narrow-h",
        "pdf-subset",
        "underscore",
        "vni-times",
        "vni-helve",
        "tnr",
        "verdana",
        "none",
    ],
)
def test_legacy_font_tells_the_encoding_and_the_capital_fonts(name, expected):
    assert legacy_font(name) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("nghiêng", True),
        ("Huyện", True),
        ("HĐND", True),
        ("khuya", True),
        ("c«ng", False),
        ("tèt", False),
        ("Straße", False),
    ],
)
def test_is_vietnamese_word_knows_syllables(word, expected):
    assert is_vietnamese_word(word) is expected


SENTENCE = "Ban Thường vụ Huyện ủy Văn Lãng họp ngày 12/6/2006, thống nhất kế hoạch học tập nghị quyết."


@pytest.mark.parametrize(
    ("texts", "encoding"),
    [
        ([encode_tcvn3(SENTENCE)], TCVN3),
        ([encode_vni(SENTENCE)], VNI),
        ([SENTENCE], None),
        (["Café, crème brûlée, Straße, naïve — ±5 °C, § 3, ½ giờ"], None),
        (["Đảng bộ huyện (ký hiệu ®)"], None),
    ],
    ids=["tcvn3", "vni", "unicode", "french-german-symbols", "one-stray-sign"],
)
def test_detect_legacy_needs_words_that_only_read_as_vietnamese_converted(texts, encoding):
    assert detect_legacy(texts).encoding == encoding


def test_convert_legacy_blocks_converts_legacy_blocks_and_keeps_unicode_ones():
    # -- a Unicode line stamped on a legacy document: `Sè` reads as a word either way, the document decides
    unicode_block = "Bản sao y bản chính"
    legacy_blocks = [encode_tcvn3(SENTENCE), encode_tcvn3("Số: 18-KH/HU")]
    converted, encoding = convert_legacy_blocks([unicode_block, *legacy_blocks])
    assert encoding == TCVN3
    assert converted == [unicode_block, SENTENCE, "Số: 18-KH/HU"]


def test_convert_legacy_blocks_converts_only_the_legacy_words_of_a_mixed_document():
    unicode_block = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam; Tên đơn vị: Văn phòng"
    converted, encoding = convert_legacy_blocks([unicode_block, encode_tcvn3(SENTENCE)])
    assert encoding == TCVN3
    assert converted == [unicode_block, SENTENCE]


@pytest.mark.parametrize(
    "line", ["HUYỆN ỦY VĂN LÃNG", "HUYỆN UỶ VĂN LÃNG", "ĐẢNG BỘ TỈNH LẠNG SƠN", "Số: 18-KH/HU", "Ban Thường Vụ"]
)
def test_convert_legacy_blocks_restores_capitals_typed_for_an_h_font(line):
    # -- the .VnTimeH font is lost in a PDF: `HUYÖN` (capitals around a small toned letter) is still a
    #    capital word, and `Uû` among capital words is `UỶ`; a sign's letters or title case are left alone
    converted, _ = convert_legacy_blocks([encode_tcvn3(line), encode_tcvn3(SENTENCE)])
    assert converted[0] == line


def test_convert_legacy_blocks_leaves_a_document_without_evidence_alone():
    texts = ["Nhà hàng café «Quê»", "Giá ±5%, nhiệt độ 30°C"]
    assert convert_legacy_blocks(texts) == (texts, None)


def test_restore_pdf_glyphs_takes_a_minus_beside_letters_for_tcvn3_u_horn():
    assert restore_pdf_glyphs("n\u2212íc 5\u22123") == "n\xadíc 5\u22123"
    conversion = plan_legacy_conversion(["Ban Th\u2212êng vô HuyÖn ñy, nhµ n\u2212íc, 5 \u2212 3"])
    assert conversion is not None and conversion.encoding == TCVN3
    assert conversion.convert("nhµ n\u2212íc, 5 \u2212 3") == "nhà nước, 5 \u2212 3"
