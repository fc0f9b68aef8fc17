import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.extractors.text.sentences import SentenceIndex, sentence_bounds


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


@given(
    st.text(alphabet=".!? \nAaĐ1-(", max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=12),
)
def test_sentences_of_gives_sentence_at_of_each_span_sorted_or_not(text, raw_spans):
    index = SentenceIndex(text)
    spans = [(min(start, len(text)), min(start + length, len(text))) for start, length in raw_spans]
    for ordered in (sorted(spans), spans):
        assert index.sentences_of(ordered) == [index.sentence_at(start, end) for start, end in ordered]


def test_spans_in_one_sentence_share_one_string():
    index = SentenceIndex("Huyện có 12 chi bộ và 340 đảng viên. Năm 2026 kết nạp 25 đảng viên mới.")
    first, second, third = index.sentences_of([(9, 18), (22, 35), (54, 69)])
    assert first == second == "Huyện có 12 chi bộ và 340 đảng viên."
    assert first is second and third == "Năm 2026 kết nạp 25 đảng viên mới."
