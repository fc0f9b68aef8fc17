import codecs
import hashlib
import random
import unicodedata

import pytest

from vanban.extractors.readers.legacy import encode_tcvn3, encode_vni
from vanban.extractors.readers.txt import decode_text_bytes, read_txt, vietnamese_share
from vanban.models.errors import UnreadableDocument

TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN\nSố: 45/KH-UBND\n\n"
    "Năm 2023, toàn tỉnh có 1.250 hộ thoát nghèo, đạt 104,2% kế hoạch.\n"
    "Huyện uỷ Ba Bể chỉ đạo các chi bộ khoá mới.\n\n\n"
    "Đồng chí Hoàng Thị Quý phát biểu."
)
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese editors write it: base letters plus combining tone marks."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
        (encode_cp1258(TEXT), "cp1258"),
        (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "utf-8"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf32", "cp1258", "utf8-nfd", "crlf"],
)
def test_read_txt_decodes_to_the_same_nfc_text(tmp_path, data, encoding):
    path = tmp_path / "van-ban.txt"
    path.write_bytes(data)
    document = read_txt(path)
    assert document.encoding == encoding
    assert document.text == TEXT.replace("\n\n\n", "\n\n")
    assert document.format == "txt"
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_read_txt_makes_one_block_per_paragraph_with_offsets(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("  Dòng một\ndòng hai   \n\n \t\nĐoạn hai\n\n\n\nĐoạn ba\n", encoding="utf-8")
    document = read_txt(path)
    assert [b.text for b in document.blocks] == ["  Dòng một\ndòng hai", "Đoạn hai", "Đoạn ba"]
    assert [b.paragraph for b in document.blocks] == [0, 1, 2]
    for block in document.blocks:
        assert document.text[block.start : block.end] == block.text


def test_read_txt_replaces_a_few_bad_bytes_with_a_warning(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(("Đảng bộ huyện " * 200).encode("utf-8") + b"\xff" + " hết.".encode())
    document = read_txt(path)
    assert document.encoding == "utf-8"
    assert "\ufffd" in document.text
    assert document.warnings == ["1 invalid UTF-8 byte sequence(s) replaced by U+FFFD"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "looks binary"),
        (bytes(random.Random(7).randrange(256) for _ in range(4000)), "binary|no encoding gives plausible"),
        (b"   \n\n\t  \n", "has no text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "does not decode"),
        (
            "Η Βουλή ψήφισε σήμερα τον νέο νόμο για την παιδεία. ".encode("cp1253") * 20,
            "no encoding gives plausible Vietnamese",
        ),
    ],
    ids=["png", "random-bytes", "whitespace-only", "broken-utf16", "greek"],
)
def test_read_txt_refuses_what_is_not_vietnamese_text(tmp_path, data, message):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument, match=message):
        read_txt(path)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Đảng bộ huyện Cao Lộc", 1.0, 1.0),
        ("ÐaÒng bôò huyêòn", 0.5, 0.9),
        ("Straße Æther", 0.6, 0.95),
        ("123 456", 0.0, 0.0),
    ],
    ids=["vietnamese", "cp1258-read-as-cp1252", "german-danish", "no-letters"],
)
def test_vietnamese_share_tells_vietnamese_from_mojibake(text, low, high):
    assert low <= vietnamese_share(text) <= high


def test_decode_text_bytes_prefers_windows_1258_for_vietnamese_bytes():
    text, encoding, warnings = decode_text_bytes(encode_cp1258("Nghị quyết của Huyện ủy về công tác cán bộ"))
    assert (text and unicodedata.normalize("NFC", text), encoding, warnings) == (
        "Nghị quyết của Huyện ủy về công tác cán bộ",
        "cp1258",
        [],
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"], ids=["le", "be"])
def test_decode_text_bytes_guesses_utf16_without_a_bom_and_says_so(codec):
    text, encoding, warnings = decode_text_bytes(TEXT.encode(codec))
    assert (text, encoding) == (TEXT, codec.replace("-", "_"))
    assert warnings == [f"not UTF-8: encoding guessed as {encoding}"]


LEGACY_TEXT = "Huyện ủy Văn Lãng đã tổ chức Đại hội đại biểu lần thứ XX.\n\nCó 245 đại biểu tham dự, đạt 98,4%."


@pytest.mark.parametrize(
    ("data", "encoding", "legacy"),
    [
        (encode_tcvn3(LEGACY_TEXT).encode("latin-1"), "latin-1", "tcvn3"),
        (encode_vni(LEGACY_TEXT).encode("cp1252"), "latin-1", "vni"),
        (encode_tcvn3(LEGACY_TEXT).encode("utf-8"), "utf-8", "tcvn3"),
        (encode_vni(LEGACY_TEXT).encode("utf-16"), "utf-16", "vni"),
    ],
    ids=["tcvn3-bytes", "vni-bytes", "tcvn3-pasted-into-utf8", "vni-pasted-into-utf16"],
)
def test_read_txt_converts_legacy_font_text_and_says_so(tmp_path, data, encoding, legacy):
    path = tmp_path / "cu.txt"
    path.write_bytes(data)
    document = read_txt(path)
    assert document.text == LEGACY_TEXT
    assert (document.encoding, document.legacy_encoding) == (encoding, legacy)


def test_read_txt_leaves_unicode_text_unconverted(tmp_path):
    path = tmp_path / "moi.txt"
    path.write_text(LEGACY_TEXT + "\n\nNhà hàng café «Quê» phục vụ 24/7 — giá ±5%.", encoding="utf-8")
    document = read_txt(path)
    assert document.legacy_encoding is None
    assert "café «Quê»" in document.text and document.text.startswith(LEGACY_TEXT)
