import pytest

from vanban.extractors.evaluation.scoring import score_document, total_scores, word_overlap


def _score(gold, predicted, kind):
    return score_document("doc", gold, predicted).scores[kind]


@pytest.mark.parametrize(
    ("gold", "predicted", "kind", "matched"),
    [
        ({"kind": "date", "value": "2008-02-02"}, {"kind": "date", "value": "2008-02-02"}, "date", True),
        ({"kind": "date", "value": "--10-15"}, {"kind": "date", "value": "2020-10-15"}, "date", True),
        ({"kind": "date", "value": "--10"}, {"kind": "date", "value": "2020-10"}, "date", True),
        ({"kind": "date", "value": "--10-15"}, {"kind": "date", "value": "2020-10-16"}, "date", False),
        (
            {"kind": "count", "value": 5000, "unit": "đảng viên"},
            {"kind": "count", "value": 5000.0, "unit": "Đảng viên mới"},
            "count",
            True,
        ),
        (
            {"kind": "count", "value": 5000, "unit": "đảng viên"},
            {"kind": "count", "value": 5000, "unit": "học viên"},
            "count",
            False,
        ),
        (
            {"kind": "count", "value": [7, 9], "unit": "lớp"},
            {"kind": "count", "value": [7, 9], "unit": "lớp"},
            "count",
            True,
        ),
        (
            {"kind": "count", "value": [7, 9], "unit": "lớp"},
            {"kind": "count", "value": 7, "unit": "lớp"},
            "count",
            False,
        ),
        ({"kind": "percent", "value": 51.47}, {"kind": "percent", "value": 51.475}, "percent", True),
        ({"kind": "percent", "value": 51.47}, {"kind": "percent", "value": 51.5}, "percent", False),
        ({"kind": "org", "text": "Huyện uỷ"}, {"kind": "org", "text": "HUYỆN ỦY"}, "org", True),
        ({"kind": "org", "text": "UBND tỉnh"}, {"kind": "org", "text": "UBND tỉnh An Giang"}, "org", False),
        ({"kind": "org", "text": "UBND tỉnh"}, {"kind": "org", "text": "UBND tỉnh An Giang"}, "org~", True),
        ({"kind": "docref", "symbol": "22-NQ/TW"}, {"kind": "docref", "symbol": "22 - NQ/TW"}, "docref", True),
        (
            {"kind": "docref", "symbol": "22-NQ/TW"},
            {"kind": "docref", "doc_type": "Nghị quyết", "number": "22"},
            "docref",
            False,
        ),
        (
            {"kind": "docref", "doc_type": "Nghị quyết", "number": 9},
            {"kind": "docref", "doc_type": "nghị quyết", "number": "09"},
            "docref",
            True,
        ),
    ],
    ids=[
        "date-equal",
        "date-completed-day",
        "date-completed-month",
        "date-other-day",
        "count-first-word",
        "count-other-unit",
        "count-range",
        "count-range-vs-number",
        "percent-tolerance",
        "percent-off",
        "org-case-tone",
        "org-strict-longer",
        "org-relaxed",
        "docref-symbol-spaces",
        "docref-needs-symbol",
        "docref-type-number",
    ],
)
def test_matching_rules_of_facts_md(gold, predicted, kind, matched):
    score = _score([gold], [predicted], kind)
    assert score.true_positives == (1 if matched else 0)


def test_matching_is_one_to_one():
    gold = [{"kind": "percent", "value": 6}, {"kind": "percent", "value": 6}]
    score = _score(gold, [{"kind": "percent", "value": 6}], "percent")
    assert (score.true_positives, score.false_negatives, score.false_positives) == (1, 1, 0)
    assert score.recall == 0.5 and score.precision == 1.0


def test_total_scores_add_documents_and_kinds():
    first = score_document("a", [{"kind": "percent", "value": 1}], [{"kind": "percent", "value": 1}])
    second = score_document("b", [{"kind": "date", "value": "2020"}], [{"kind": "date", "value": "2021"}])
    totals = total_scores([first, second])
    assert totals["all"].true_positives == 1
    assert totals["all"].false_positives == 1 and totals["all"].false_negatives == 1
    assert totals["all"].f1 == pytest.approx(0.5)


def test_misses_and_false_hits_are_reported_with_the_document():
    result = score_document("x", [{"kind": "date", "value": "2020"}], [{"kind": "date", "value": "2021"}])
    assert result.misses == [{"kind": "date", "value": "2020", "doc": "x"}]
    assert result.false_hits == [{"kind": "date", "value": "2021", "doc": "x"}]


def test_word_overlap_uses_the_longer_name():
    assert word_overlap("UBND tỉnh", "UBND tỉnh An Giang") == 0.5
    assert word_overlap("Sở Nội vụ", "Bộ Tài chính") == 0.0


def test_count_unit_first_word_ignores_punctuation_after_it():
    gold = [{"kind": "count", "value": 11, "unit": "thôn, buôn"}]
    predicted = [{"kind": "count", "value": 11, "unit": "thôn"}]
    assert score_document("d", gold, predicted).scores["count"].true_positives == 1
