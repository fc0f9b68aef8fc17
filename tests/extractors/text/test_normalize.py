import re
import unicodedata

import pytest

from vanban.extractors.facts.docrefs import DOC_TYPE_WORDS
from vanban.extractors.facts.orgs import _phrase_tokens, _word_spellings, load_org_heads
from vanban.extractors.text.normalize import canonical, ignorecase_class, new_style_tones, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (unicodedata.normalize("NFD", "Đảng bộ huyện"), "Đảng bộ huyện"),
        ("Huyện\u00a0ủy", "Huyện ủy"),
        ("chi\u200b bộ", "chi bộ"),
        ("hai\r\nba", "hai\nba"),
        ("khoá\u00adX", "khoáX"),
    ],
    ids=["nfd-to-nfc", "nbsp", "zero-width", "crlf", "soft-hyphen"],
)
def test_normalize_text_makes_one_form(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_keeps_old_style_tone_marks_as_written():
    assert normalize_text("Huyện uỷ khoá X") == "Huyện uỷ khoá X"


@pytest.mark.parametrize(
    ("old", "new"),
    [("uỷ", "ủy"), ("khoá", "khóa"), ("Hoà", "Hòa"), ("HOÀ", "HÒA"), ("thuý", "thúy"), ("xoè", "xòe")],
    ids=["uy", "oa", "capital", "upper", "thuy", "oe"],
)
def test_new_style_tones_moves_the_mark(old, new):
    assert new_style_tones(old) == new


@pytest.mark.parametrize(
    "word", ["quý", "hoàng", "khuya", "hoàn", "Quỳnh"], ids=["qu", "closed-oa", "uya", "oan", "quynh"]
)
def test_new_style_tones_leaves_words_that_do_not_differ(word):
    assert new_style_tones(word) == word


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BAN CHẤP HÀNH\nTRUNG ƯƠNG khoá X", "Ban Chấp hành Trung ương khóa X"),
        ("Bộ Lao động – Thương binh và Xã hội", "Bộ Lao động - Thương binh và Xã hội"),
        ("  Huyện   Uỷ ", "huyện ủy"),
    ],
    ids=["case-newline-tone", "dash", "spaces"],
)
def test_canonical_makes_spellings_agree(a, b):
    assert canonical(a) == canonical(b)


def test_canonical_keeps_different_names_apart():
    assert canonical("Huyện ủy Cao Lộc") != canonical("Huyện ủy Cao Lãnh")


def test_canonical_is_the_same_for_a_short_phrase_and_inside_a_long_text():
    phrase = "Huyện  Uỷ  Cao Lộc"
    long_text = phrase + " " + "và " * 100
    assert canonical(phrase) == "huyện ủy cao lộc"
    assert canonical(long_text).startswith("huyện ủy cao lộc và")
    assert new_style_tones(long_text).startswith("Huyện  Ủy  Cao Lộc và")
    assert new_style_tones(phrase) == "Huyện  Ủy  Cao Lộc"


def _letters_in_plain_classes() -> set[str]:
    """The first two letters of what the docrefs and orgs scans open with plain classes: type words,
    `số`, and each spelling of each org head's first word (and `Đảng`)."""
    words = [*DOC_TYPE_WORDS, "số"]
    for table in load_org_heads().values():
        for head in [*table, "Đảng"]:
            words.extend(_word_spellings(_phrase_tokens(head)[0]))
    return {char for word in words for char in word[:2]}


def test_ignorecase_classes_hold_what_re_matches_ignoring_case_for_every_letter_used():
    letters = sorted(_letters_in_plain_classes())
    any_letter = re.compile(f"(?i:[{''.join(re.escape(letter) for letter in letters)}])")
    folded = [chr(code) for code in range(0x110000) if any_letter.fullmatch(chr(code))]
    for letter in letters:
        expected = {char for char in folded if re.fullmatch(f"(?i:{re.escape(letter)})", char)}
        assert re.findall(".", ignorecase_class(letter)[1:-1].replace("\\", "")) == sorted(expected), letter


@pytest.mark.parametrize(("char", "expected"), [("N", "[Nn]"), ("k", "[Kk\u212a]"), ("ủ", "[Ủủ]"), ("-", "[\\-]")])
def test_ignorecase_class_examples(char, expected):
    assert ignorecase_class(char) == expected
