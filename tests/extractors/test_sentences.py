import pytest

from extractors.sentences import SentenceIndex, sentence_bounds


def _sentences(text):
    return [text[a:b] for a, b in sentence_bounds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện có 12 xã. Tỉnh có 5.000 hộ.", ["Huyện có 12 xã.", "Tỉnh có 5.000 hộ."]),
        ("Đạt 51,47%. Năm 2017 tăng.", ["Đạt 51,47%.", "Năm 2017 tăng."]),
        ("Dòng một\ndòng hai.", ["Dòng một\ndòng hai."]),
        ("Khối một\n\nKhối hai", ["Khối một", "Khối hai"]),
        ("Ông A cho biết: Đảng bộ có 15 chi bộ.", ["Ông A cho biết: Đảng bộ có 15 chi bộ."]),
    ],
    ids=["two", "decimal-comma", "wrapped-line", "blank-line", "colon-stays"],
)
def test_sentence_bounds_splits_where_sentences_end(text, expected):
    assert _sentences(text) == expected


def test_sentence_index_finds_the_sentence_of_an_offset():
    text = "Năm 2011 đạt 40%. Năm 2017 đạt 55,8%."
    index = SentenceIndex(text)
    start = text.index("55,8%")
    assert index.sentence_at(start, start + 5) == "Năm 2017 đạt 55,8%."
