"""bench/baseline.py's conversion of dateparser and underthesea output into facts, fed what the packages return.

The packages themselves are not in the test extra (only in `bench`): these tests give the functions
the tuples `search_dates` and `ner` return, so they run without either.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from bench.baseline import ENTITY_TAGS, ORG_TAGS, align_token, date_facts, date_value, day_only, entity_spans, org_facts
from vanban.extractors.evaluation.scoring import score_document


@pytest.mark.parametrize(
    ("moment", "period", "value"),
    [
        (datetime(2022, 12, 1), "year", "2022"),
        (datetime(2022, 4, 1), "month", "2022-04"),
        (datetime(2015, 6, 19), "day", "2015-06-19"),
        (datetime(2015, 6, 19), None, "2015-06-19"),
        (datetime(2015, 6, 19, 23, 9), "time", "2015-06-19"),
    ],
    ids=["year", "month", "day", "no-period", "time"],
)
def test_date_value_keeps_the_precision_of_the_period(moment, period, value):
    assert date_value(moment, period) == value


def test_date_facts_place_each_hit_in_order_with_its_value():
    text = "Năm 2022, họp ngày 19/6/2015; năm 2022 lại họp."
    hits = [
        ("Năm 2022", datetime(2022, 12, 1), "year"),
        ("ngày 19/6/2015", datetime(2015, 6, 19), "day"),
        ("năm 2022", datetime(2022, 12, 1), "year"),
    ]
    facts = date_facts(text, hits)
    assert [(f.text, f.start, f.value) for f in facts] == [
        ("Năm 2022", 0, "2022"),
        ("ngày 19/6/2015", 14, "2015-06-19"),
        ("năm 2022", 30, "2022"),
    ]
    assert all(text[f.start : f.end] == f.text and f.kind == "date" for f in facts)


def test_date_facts_find_a_repeated_surface_twice_and_skip_one_not_in_the_text():
    text = "tháng 4/2022 và tháng 4/2022"
    hits = [
        ("tháng 4/2022", datetime(2022, 4, 1), "month"),
        ("quý I", datetime(2022, 1, 1), "day"),
        ("tháng 4/2022", datetime(2022, 4, 1), "month"),
    ]
    assert [(f.start, f.value) for f in date_facts(text, hits)] == [(0, "2022-04"), (16, "2022-04")]


def test_day_only_gives_the_datetime_as_dateparser_returns_it():
    facts = date_facts("năm 2022", [("năm 2022", datetime(2022, 12, 1), "year")])
    assert [f.value for f in day_only(facts)] == ["2022-12-01"]
    assert [f.value for f in facts] == ["2022"]


@pytest.mark.parametrize(
    ("text", "token", "cursor", "span"),
    [
        ("Ủy ban nhân dân", "Ủy ban nhân dân", 0, (0, 15)),
        ("ỦY BAN\nNHÂN DÂN", "ỦY BAN NHÂN DÂN", 0, (0, 15)),
        ("xã Hoà Bình", "Hòa Bình", 3, (3, 11)),
        ("số 37/KH-UBND ngày", "KH-UBND", 6, (6, 13)),
        ("a, b", "b", 1, (3, 4)),
        ("Ủy ban", "Hà Nội", 0, None),
    ],
    ids=["as-written", "across-a-line-break", "old-style-tone", "further-on", "after-punctuation", "absent"],
)
def test_align_token_finds_underthesea_tokens_in_the_text(text, token, cursor, span):
    assert align_token(text, token, cursor) == span


def test_entity_spans_read_bio_runs_of_the_labels_asked_for():
    tagged = [
        ("Ủy ban", "N", "B-NP", "B-ORG"),
        ("tỉnh", "N", "B-NP", "I-ORG"),
        ("Lạng Sơn", "Np", "B-NP", "I-LOC"),
        ("và", "C", "O", "O"),
        ("Huyện ủy", "N", "B-NP", "I-ORG"),
        ("Hà Nội", "Np", "B-NP", "B-LOC"),
        ("Bộ", "N", "B-NP", "B-ORG"),
    ]
    assert entity_spans(tagged, ORG_TAGS) == [(0, 2), (4, 5), (6, 7)]
    assert entity_spans(tagged, ENTITY_TAGS) == [(0, 2), (2, 3), (4, 5), (5, 6), (6, 7)]


def test_org_facts_map_ner_tokens_back_to_offsets_across_sentences():
    text = "UBND tỉnh Lạng Sơn họp.\nBan Tổ chức\nHuyện uỷ báo cáo."
    sentences = [
        [
            ("UBND", "Ny", "B-NP", "B-ORG"),
            ("tỉnh", "N", "B-NP", "I-ORG"),
            ("Lạng Sơn", "Np", "B-NP", "I-ORG"),
            ("họp", "V", "B-VP", "O"),
            (".", "CH", "O", "O"),
        ],
        # -- underthesea writes the new-style tone (`uỷ` → `ủy`); the fact keeps the text as written
        [
            ("Ban", "N", "B-NP", "B-ORG"),
            ("Tổ chức", "N", "B-NP", "I-ORG"),
            ("Huyện ủy", "N", "B-NP", "I-ORG"),
            ("báo cáo", "V", "B-VP", "O"),
            (".", "CH", "O", "O"),
        ],
    ]
    facts = org_facts(text, sentences)
    assert [(f.text, f.start, f.end) for f in facts] == [
        ("UBND tỉnh Lạng Sơn", 0, 18),
        ("Ban Tổ chức\nHuyện uỷ", 24, 44),
    ]
    assert all(f.kind == "org" and text[f.start : f.end] == f.text for f in facts)


def test_org_facts_ignore_loc_unless_asked_and_skip_an_entity_not_found():
    text = "tại Hà Nội"
    sentences = [[("tại", "E", "B-PP", "O"), ("Hà Nội", "Np", "B-NP", "B-LOC"), ("Sài Gòn", "Np", "B-NP", "B-ORG")]]
    assert org_facts(text, sentences) == []
    assert [f.text for f in org_facts(text, sentences, ENTITY_TAGS)] == ["Hà Nội"]


def test_converted_facts_score_with_vanbans_matching_rules():
    text = "Năm 2022, UBND tỉnh họp."
    predicted = date_facts(text, [("Năm 2022", datetime(2022, 12, 1), "year")]) + org_facts(
        text,
        [
            [
                ("Năm", "N", "B-NP", "O"),
                ("2022", "M", "B-NP", "O"),
                (",", "CH", "O", "O"),
                ("UBND", "Ny", "B-NP", "B-ORG"),
                ("tỉnh", "N", "B-NP", "I-ORG"),
                ("họp", "V", "B-VP", "O"),
            ]
        ],
    )
    gold = [{"kind": "date", "text": "Năm 2022", "value": "2022"}, {"kind": "org", "text": "UBND tỉnh"}]
    scores = score_document("x", gold, [fact.to_dict() for fact in predicted]).scores
    assert (scores["date"].true_positives, scores["date"].false_positives) == (1, 0)
    assert (scores["org"].true_positives, scores["org"].false_positives) == (1, 0)
