"""The warehouse's review queries and decisions on DuckDB and PostgreSQL (the `warehouse` fixture runs both)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from tests.helpers import load_one
from tests.warehouse.documents import plan_document
from vanban.models.fact import fact_id
from vanban.warehouse import Warehouse
from vanban.warehouse.review import StaleFact, fold_text

RUN = "r1"
REVIEWER = "Nguyễn Thị Lan"


@pytest.fixture
def planned(warehouse: Warehouse):
    document, facts = plan_document()
    warehouse.start_run(RUN, datetime(2024, 5, 1, 19, 0, tzinfo=UTC))
    load_one(
        warehouse,
        document,
        facts,
        original_name="ke-hoach-45.docx",
        run_id=RUN,
        archive_path="archive/ke-hoach-45.docx",
    )
    ids = [fact_id(document.sha256, fact) for fact in facts]
    return warehouse, document, facts, ids


def test_list_facts_filters_by_kind_search_confidence_and_orders_least_confident_first(planned) -> None:
    warehouse, document, facts, ids = planned

    counts = warehouse.list_facts(kind="count")
    assert [row["text"] for row in counts] == ["120 chi bộ", "từ 3 đến 5 lớp", "trên 1.200 đảng viên"]
    assert counts[0]["doc_symbol"] == "45-KH/HU" and counts[0]["doc_archive_path"] == "archive/ke-hoach-45.docx"
    assert [row["text"] for row in warehouse.list_facts(kind="count", search="BÌNH LIÊU")] == [
        "120 chi bộ"
    ]  # -- its sentence
    assert warehouse.count_facts(max_confidence=0.95) == 2  # -- the org (0.9) and the percent (0.95)
    assert warehouse.list_facts(order="confidence", limit=1)[0]["kind"] == "org"
    assert warehouse.list_facts(limit=2, offset=6)[0]["id"] in ids
    with pytest.raises(ValueError, match="unknown order"):
        warehouse.list_facts(order="random")


def test_accept_correct_and_reject_write_the_fact_and_one_audit_row_each(planned) -> None:
    warehouse, document, facts, ids = planned

    warehouse.review_fact(ids[3], "accept", REVIEWER)
    audit = warehouse.review_fact(
        ids[6], "correct", f"  {REVIEWER} ", changes={"value": 1250, "organisation": "Huyện ủy Bình Liêu"}
    )
    warehouse.review_fact(ids[4], "reject", REVIEWER, note="không phải tỷ lệ của huyện")

    corrected = warehouse.get_fact(ids[6])
    assert (corrected["review_status"], corrected["value"], corrected["organisation"], corrected["reviewed_by"]) == (
        "corrected",
        1250,
        "Huyện ủy Bình Liêu",
        REVIEWER,
    )
    assert audit["previous"]["value"] == 1200 and audit["new"]["value"] == 1250
    trail = warehouse.fact_reviews()
    assert [(row["fact_id"], row["action"], row["reviewer"]) for row in trail] == [
        (ids[3], "accept", REVIEWER),
        (ids[6], "correct", REVIEWER),
        (ids[4], "reject", REVIEWER),
    ]
    assert warehouse.fact_reviews(ids[6])[0]["new"]["organisation"] == "Huyện ủy Bình Liêu"
    assert warehouse.get_fact(ids[4])["review_note"] == "không phải tỷ lệ của huyện"
    assert warehouse.review_counts() == {"pending": 4, "accepted": 1, "rejected": 1, "corrected": 1}
    assert warehouse.count_facts(status=("accepted", "corrected")) == 2
    [document_row] = warehouse.list_documents()
    assert (document_row["facts"], document_row["pending"]) == (7, 4)


def test_a_second_decision_records_the_first_as_previous(planned) -> None:
    warehouse, document, facts, ids = planned
    warehouse.review_fact(ids[3], "correct", "Lan", changes={"value": 121})
    audit = warehouse.review_fact(ids[3], "accept", "Minh")
    assert (audit["previous"]["review_status"], audit["previous"]["value"]) == ("corrected", 121)
    assert warehouse.get_fact(ids[3])["reviewed_by"] == "Minh"


@pytest.mark.parametrize(
    ("action", "reviewer", "changes", "error", "message"),
    [
        ("approve", REVIEWER, None, ValueError, "unknown review action"),
        ("accept", "  ", None, ValueError, "reviewer's name"),
        ("accept", REVIEWER, {"value": 1}, ValueError, "only a correction"),
        ("correct", REVIEWER, {"value": 120}, ValueError, "changes nothing"),
        ("correct", REVIEWER, {"symbol": "x"}, ValueError, "cannot have symbol corrected"),
    ],
    ids=["unknown-action", "no-reviewer", "accept-with-changes", "no-change", "wrong-field"],
)
def test_review_fact_refuses_bad_decisions_and_writes_nothing(
    planned, action, reviewer, changes, error, message
) -> None:
    warehouse, document, facts, ids = planned
    with pytest.raises(error, match=message):
        warehouse.review_fact(ids[3], action, reviewer, changes=changes)
    assert warehouse.get_fact(ids[3])["review_status"] == "pending"
    assert warehouse.fact_reviews() == []


def test_review_of_an_unknown_fact_says_so(planned) -> None:
    warehouse, *_ = planned
    with pytest.raises(LookupError, match="no fact"):
        warehouse.review_fact("0" * 32, "accept", REVIEWER)


def test_reloading_the_document_keeps_every_reviewed_fact_as_the_reviewer_left_it(planned) -> None:
    warehouse, document, facts, ids = planned
    warehouse.review_fact(ids[6], "correct", REVIEWER, changes={"value": 1250})
    warehouse.review_fact(ids[4], "reject", REVIEWER)

    load_one(warehouse, document, facts, original_name="ke-hoach-45.docx", run_id="r2", archive_path=None)

    assert (warehouse.get_fact(ids[6])["value"], warehouse.get_fact(ids[6])["review_status"]) == (1250, "corrected")
    assert warehouse.get_fact(ids[4])["review_status"] == "rejected"
    assert warehouse.count_facts() == len(facts)
    assert len(warehouse.fact_reviews()) == 2


def test_search_folds_tone_marks_and_d_stroke_on_both_sides(planned) -> None:
    warehouse, document, facts, ids = planned
    marked = {fact["id"] for fact in warehouse.list_facts(search="Bình Liêu", limit=None)}
    assert marked and {fact["id"] for fact in warehouse.list_facts(search="binh lieu", limit=None)} == marked
    assert {fact["id"] for fact in warehouse.list_facts(search="BINH LIEU", limit=None)} == marked
    assert ids[6] in {fact["id"] for fact in warehouse.list_facts(search="dang vien", limit=None)}  # -- đảng viên
    assert warehouse.count_facts(search="binh lieu") == len(marked)
    assert fold_text("Đảng bộ huyện Văn Lãng") == "dang bo huyen van lang"


def test_a_decision_with_an_old_version_is_refused_and_writes_nothing(planned) -> None:
    warehouse, document, facts, ids = planned
    seen = warehouse.get_fact(ids[3])["version"]
    assert seen == ""
    warehouse.review_fact(ids[3], "accept", "minh", expected_version=seen)
    after = warehouse.get_fact(ids[3])["version"]
    assert after != seen
    with pytest.raises(StaleFact) as refused:
        warehouse.review_fact(ids[3], "reject", "lan", expected_version=seen)
    assert refused.value.current["reviewed_by"] == "minh"
    assert warehouse.get_fact(ids[3])["review_status"] == "accepted" and len(warehouse.fact_reviews(ids[3])) == 1
    warehouse.review_fact(ids[3], "reject", "lan", expected_version=after)
    assert warehouse.get_fact(ids[3])["review_status"] == "rejected"


def test_undo_restores_the_latest_previous_and_reopen_the_extracted_fact(planned) -> None:
    warehouse, document, facts, ids = planned
    warehouse.review_fact(ids[5], "correct", "lan", changes={"value": [4, 6]})
    warehouse.review_fact(ids[5], "correct", "lan", changes={"unit": "lớp học"})
    warehouse.review_fact(ids[5], "undo", "lan")
    fact = warehouse.get_fact(ids[5])
    assert (fact["review_status"], fact["value"], fact["unit"]) == ("corrected", [4, 6], facts[5].unit)
    warehouse.review_fact(ids[5], "reopen", "lan")
    fact = warehouse.get_fact(ids[5])
    assert (fact["review_status"], fact["value"]) == (
        "pending",
        facts[5].value if not isinstance(facts[5].value, tuple) else list(facts[5].value),
    )
    assert [row["action"] for row in warehouse.fact_reviews(ids[5])] == ["correct", "correct", "undo", "reopen"]
    with pytest.raises(ValueError, match="already pending"):
        warehouse.review_fact(ids[5], "reopen", "lan")
    with pytest.raises(ValueError, match="nothing to undo"):
        warehouse.review_fact(ids[0], "undo", "lan")


def test_accept_document_accepts_each_pending_fact_with_its_audit_row(planned) -> None:
    warehouse, document, facts, ids = planned
    warehouse.review_fact(ids[4], "reject", "minh")
    audits = warehouse.accept_document(document.sha256, "lan")
    assert sorted(audit["fact_id"] for audit in audits) == sorted(ids[:4] + ids[5:])
    assert warehouse.review_counts() == {"pending": 0, "accepted": 6, "rejected": 1, "corrected": 0}
    trail = warehouse.fact_reviews(ids[0])
    assert [(row["action"], row["reviewer"], row["new"]["review_status"]) for row in trail] == [
        ("accept", "lan", "accepted")
    ]
    assert warehouse.accept_document(document.sha256, "lan") == []


def test_two_reviewers_deciding_at_once_on_one_version_one_wins(planned, warehouse_url: str, tmp_path) -> None:
    warehouse, document, facts, ids = planned
    from vanban.warehouse import open_warehouse

    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(reviewer: str, action: str) -> None:
        with open_warehouse(warehouse_url, default_path=tmp_path / "default.duckdb") as own:
            start.wait()
            try:
                own.review_fact(ids[3], action, reviewer, expected_version="")
                outcomes[reviewer] = "saved"
            except StaleFact:
                outcomes[reviewer] = "refused"

    threads = [threading.Thread(target=decide, args=args) for args in (("lan", "accept"), ("minh", "reject"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    [winner] = [name for name, outcome in outcomes.items() if outcome == "saved"]
    assert [row["reviewer"] for row in warehouse.fact_reviews(ids[3])] == [winner]
    assert warehouse.get_fact(ids[3])["reviewed_by"] == winner
