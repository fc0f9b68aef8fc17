import unicodedata

import pytest

from vanban.extractors.evaluation.scoring import same_bodies, score_document, total_scores, word_overlap
from vanban.models.fact import FACT_KINDS

ALL_KINDS = FACT_KINDS


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


def _task(lead, deadline=None, **extra):
    return {"kind": "task", "lead": lead, "support": [], "action": "tham mưu", "deadline": deadline, **extra}


def test_task_matches_by_its_leads_as_a_set_and_its_deadline():
    gold = [_task(["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"], "2025-06-30")]
    predicted = [_task(["Văn phòng Huyện uỷ", "Ban Tổ chức Huyện ủy"], "2025-06-30", action="khác")]
    assert score_document("d", gold, predicted, ALL_KINDS).scores["task"].true_positives == 1


@pytest.mark.parametrize(
    ("lead", "deadline"),
    [
        (["Ban Tổ chức Huyện ủy"], "2025-06-30"),
        (["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy", "Ủy ban Kiểm tra Huyện ủy"], "2025-06-30"),
        (["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"], "2025-06"),
        (["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"], None),
        (["Sở Tài chính", "Văn phòng Huyện ủy"], "2025-06-30"),
    ],
    ids=["lead-missing", "lead-extra", "deadline-coarser", "deadline-missing", "lead-other"],
)
def test_task_does_not_match_other_leads_or_deadline(lead, deadline):
    gold = [_task(["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"], "2025-06-30")]
    score = score_document("d", gold, [_task(lead, deadline)], ALL_KINDS).scores["task"]
    assert (score.true_positives, score.false_positives, score.false_negatives) == (0, 1, 1)


def test_task_leads_match_as_orgs_relaxed_one_to_one():
    assert same_bodies(["UBND tỉnh Lạng Sơn"], ["Ủy ban nhân dân tỉnh Lạng Sơn"]) is False
    assert same_bodies(["Ban Tuyên giáo Huyện ủy"], ["Ban Tuyên giáo"]) is True
    # -- one prediction cannot stand for two gold leads
    assert same_bodies(["Ban Tuyên giáo Huyện ủy", "Ban Dân vận Huyện ủy"], ["Ban Huyện ủy", "Ban Huyện ủy"]) is False


def test_task_with_no_deadline_on_both_sides_matches_and_a_day_without_year_accepts_one():
    assert score_document("d", [_task(["Các đơn vị"])], [_task(["Các đơn vị"])], ALL_KINDS).scores["task"].f1 == 1.0
    gold, predicted = [_task(["Văn phòng"], "--12-15")], [_task(["Văn phòng"], "2025-12-15")]
    assert score_document("d", gold, predicted, ALL_KINDS).scores["task"].true_positives == 1


def test_person_matches_by_name_after_nfc_and_case_folding():
    decomposed = unicodedata.normalize("NFD", "NGUYỄN VĂN HẢI")
    gold = [{"kind": "person", "name": "Nguyễn Văn Hải", "posts": ["Bí thư"]}]
    predicted = [{"kind": "person", "name": decomposed, "posts": []}, {"kind": "person", "name": "Nguyễn Văn Hà"}]
    score = score_document("d", gold, predicted, ALL_KINDS).scores["person"]
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 0)


def test_kinds_the_gold_was_not_annotated_for_are_not_scored():
    predicted = [_task(["Văn phòng"]), {"kind": "person", "name": "Lê Văn Ba"}, {"kind": "date", "value": "2020"}]
    result = score_document("old", [{"kind": "date", "value": "2020"}], predicted)
    assert set(result.scores) == {"date", "count", "percent", "org", "org~", "docref"}
    assert result.false_hits == []


def test_all_sums_the_five_first_kinds_and_new_kinds_total_only_where_annotated():
    old = score_document("old", [{"kind": "date", "value": "2020"}], [{"kind": "date", "value": "2020"}])
    new = score_document("new", [_task(["Văn phòng"])], [{"kind": "person", "name": "Lê Văn Ba"}], ALL_KINDS)
    totals = total_scores([old, new])
    assert (totals["all"].true_positives, totals["all"].false_positives, totals["all"].false_negatives) == (1, 0, 0)
    assert (totals["task"].false_negatives, totals["person"].false_positives) == (1, 1)
    assert "task" not in total_scores([old])
