import pytest

from vanban.extractors.facts.docrefs import find_docrefs
from vanban.extractors.text.lookalikes import fold_lookalikes
from vanban.extractors.text.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TT-BT\u0421", "TT-BTC"),  # -- Cyrillic capital es
        ("12/2024/\u0422\u0422-\u0412\u0422\u0421", "12/2024/TT-BTC"),  # -- every letter Cyrillic, digits around
        ("Quy\u0435t", "Quyet"),  # -- Cyrillic small ie in a Latin word
        ("N\u039f 5", "NO 5"),  # -- Greek capital omicron
    ],
    ids=["one-letter", "all-cyrillic-sign", "small-letter", "greek"],
)
def test_lookalikes_in_latin_runs_become_latin(raw, expected):
    assert fold_lookalikes(raw) == expected


@pytest.mark.parametrize("word", ["\u041c\u043e\u0441\u043a\u0432\u0430", "(\u03c6,", "\u0421\u0422\u0410"])
def test_a_word_wholly_in_another_script_is_kept(word):
    assert fold_lookalikes(f"thành phố {word} xa") == f"thành phố {word} xa"


def test_folding_keeps_the_length():
    raw = "Số 5/\u0422\u0422-\u0412\u0422\u0421 và \u041c\u043e\u0441\u043a\u0432\u0430"
    assert len(fold_lookalikes(raw)) == len(raw)


def test_a_docref_in_the_body_gets_the_folded_sign():
    text = normalize_text("Căn cứ Thông tư số 15/2023/TT-BT\u0421 của Bộ Tài chính;")
    (docref,) = find_docrefs(text)
    assert (docref.symbol, docref.doc_type) == ("15/2023/TT-BTC", "Thông tư")
