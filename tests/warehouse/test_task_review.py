"""A task under review on DuckDB and PostgreSQL: marked done or not done with its audit row, refused on a stale
version, corrected (leads, deadline, action) with its due date recomputed, undone, and filtered by progress."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import load_one
from tests.review.fixtures import load_tasks, task_document
from vanban.warehouse import Warehouse
from vanban.warehouse.review import StaleFact

LAN = "lan"


@pytest.fixture
def tasked(warehouse: Warehouse):
    warehouse.start_run("r1", None)
    document, facts, ids = load_tasks(warehouse)
    return warehouse, ids


def _progress(warehouse: Warehouse, fid: str) -> tuple:
    task = warehouse.task_details([fid])[fid]
    return task["progress"], task["progress_on"], task["progress_note"], task["progress_by"]


def test_marking_a_task_done_writes_its_progress_accepts_it_and_audits_it(tasked) -> None:
    warehouse, ids = tasked
    version = warehouse.get_fact(ids[1])["version"]
    audit = warehouse.mark_task(
        ids[1], "done", on=date(2021, 6, 28), note=" đã gửi  kế hoạch ", reviewer=LAN, expected_version=version
    )
    assert _progress(warehouse, ids[1]) == ("done", "2021-06-28", "đã gửi kế hoạch", LAN)
    assert warehouse.task_details([ids[1]])[ids[1]]["progress_at"] is not None
    fact = warehouse.get_fact(ids[1])
    assert (fact["review_status"], fact["reviewed_by"]) == ("accepted", LAN) and fact["version"] != version
    [stored] = warehouse.fact_reviews(ids[1])
    assert (stored["action"], stored["reviewer"]) == ("done", LAN) and stored["id"] == audit["id"]
    assert (stored["previous"]["progress"], stored["previous"]["review_status"]) == ("open", "pending")
    assert (stored["new"]["progress"], stored["new"]["progress_on"]) == ("done", "2021-06-28")
    assert stored["new"]["lead"] == ["Ban Tuyên giáo Huyện ủy"]  # -- the task's own fields are in the trail
    warehouse.mark_task(ids[1], "not_done", on=date(2021, 7, 1), reviewer=LAN)
    assert _progress(warehouse, ids[1])[:3] == ("not_done", "2021-07-01", None)


def test_a_mark_sent_with_a_version_someone_else_changed_is_refused(tasked) -> None:
    warehouse, ids = tasked
    seen = warehouse.get_fact(ids[1])["version"]
    warehouse.review_fact(ids[1], "accept", "minh")
    with pytest.raises(StaleFact) as refused:
        warehouse.mark_task(ids[1], "done", on=date(2021, 6, 28), reviewer=LAN, expected_version=seen)
    assert refused.value.current["reviewed_by"] == "minh"
    assert _progress(warehouse, ids[1])[0] == "open"
    assert [row["action"] for row in warehouse.fact_reviews(ids[1])] == ["accept"]


def test_a_correction_rewrites_leads_action_and_deadline_and_undo_brings_them_back(tasked) -> None:
    warehouse, ids = tasked
    changes = {
        "lead": ["Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Huyện ủy"],
        "deadline": "2021-Q3",
        "action": "lập kế hoạch",
    }
    audit = warehouse.review_fact(ids[1], "correct", LAN, changes=changes)
    task = warehouse.task_details([ids[1]])[ids[1]]
    assert (task["lead"], task["support"]) == (changes["lead"], ["Ủy ban Kiểm tra Huyện ủy"])
    assert (task["action"], task["deadline"], task["due_date"]) == ("lập kế hoạch", "2021-Q3", "2021-09-30")
    assert [body["position"] for body in task["bodies"] if body["role"] == "lead"] == [0, 1]
    assert (audit["previous"]["deadline"], audit["new"]["deadline"]) == ("2021-06-30", "2021-Q3")
    assert warehouse.get_fact(ids[1])["review_status"] == "corrected"

    warehouse.review_fact(ids[1], "undo", LAN)
    task = warehouse.task_details([ids[1]])[ids[1]]
    assert (task["lead"], task["deadline"], task["due_date"]) == (
        ["Ban Tuyên giáo Huyện ủy"],
        "2021-06-30",
        "2021-06-30",
    )
    assert warehouse.get_fact(ids[1])["review_status"] == "pending"


def test_a_deadline_without_a_year_takes_the_documents_year_when_corrected(tasked) -> None:
    warehouse, ids = tasked
    warehouse.review_fact(ids[2], "correct", LAN, changes={"deadline": "--11-15"})
    assert warehouse.task_details([ids[2]])[ids[2]]["due_date"] == "2021-11-15"


def test_undoing_a_done_mark_opens_the_task_again_and_reopen_restores_it_as_extracted(tasked) -> None:
    warehouse, ids = tasked
    warehouse.review_fact(ids[1], "correct", LAN, changes={"action": "lập kế hoạch"})
    warehouse.mark_task(ids[1], "done", on=date(2021, 6, 28), note="xong", reviewer=LAN)
    warehouse.review_fact(ids[1], "undo", LAN)
    assert _progress(warehouse, ids[1]) == ("open", None, None, None)
    assert warehouse.get_fact(ids[1])["review_status"] == "corrected"
    warehouse.mark_task(ids[1], "done", on=date(2021, 6, 29), reviewer=LAN)
    warehouse.review_fact(ids[1], "reopen", LAN)
    task = warehouse.task_details([ids[1]])[ids[1]]
    assert (task["progress"], task["action"]) == ("open", "xây dựng kế hoạch tuyên truyền")
    assert [row["action"] for row in warehouse.fact_reviews(ids[1])] == ["correct", "done", "undo", "done", "reopen"]


# -- what a task cannot take, and the words of the refusal; each case runs on the same rows, none writes
REFUSED = {
    "not-a-task": (lambda w, ids: w.mark_task(ids[0], "done", on=date(2021, 6, 1), reviewer=LAN), "only a task"),
    "no-day": (lambda w, ids: w.mark_task(ids[1], "done", reviewer=LAN), "needs the day"),
    "unknown": (lambda w, ids: w.mark_task(ids[1], "finished", on=date(2021, 6, 1), reviewer=LAN), "unknown task"),
    "unchanged": (lambda w, ids: w.mark_task(ids[1], "open", reviewer=LAN), "already marked"),
    "progress-as-review": (lambda w, ids: w.review_fact(ids[1], "done", LAN), "mark_task"),
    "no-lead": (lambda w, ids: w.review_fact(ids[1], "correct", LAN, changes={"lead": [" "]}), "at least one lead"),
    "bad-deadline": (
        lambda w, ids: w.review_fact(ids[1], "correct", LAN, changes={"deadline": "30/6"}),
        "a deadline is",
    ),
    "unit": (lambda w, ids: w.review_fact(ids[1], "correct", LAN, changes={"unit": "lớp"}), "cannot have unit"),
}


def test_marks_and_corrections_a_task_cannot_take_are_refused_and_write_nothing(tasked) -> None:
    warehouse, ids = tasked
    for case, (call, message) in REFUSED.items():
        with pytest.raises(ValueError, match=message):
            call(warehouse, ids)
        assert warehouse.fact_reviews() == [] and _progress(warehouse, ids[1])[0] == "open", case


def test_a_rejected_task_is_not_marked_and_the_progress_filter_finds_each_kind_of_task(tasked) -> None:
    warehouse, ids = tasked
    today = date(2021, 7, 10)
    assert warehouse.count_facts(task_progress="overdue", today=today) == 1  # -- 30/6 passed; December not yet
    assert warehouse.count_facts(task_progress="open") == 2
    warehouse.mark_task(ids[1], "not_done", on=date(2021, 7, 2), reviewer=LAN)
    assert [row["id"] for row in warehouse.list_facts(task_progress="overdue", today=today)] == [ids[1]]
    assert [row["id"] for row in warehouse.list_facts(task_progress="not_done")] == [ids[1]]
    warehouse.mark_task(ids[1], "done", on=date(2021, 7, 9), reviewer=LAN)
    assert warehouse.count_facts(task_progress="overdue", today=today) == 0
    assert warehouse.review_counts(task_progress="done") == {"pending": 0, "accepted": 1, "rejected": 0, "corrected": 0}
    assert warehouse.count_facts(task_progress="overdue", today=date(2022, 1, 1)) == 1  # -- December's, due 31/12/2021
    warehouse.review_fact(ids[2], "reject", LAN)
    assert warehouse.count_facts(task_progress="overdue", today=date(2022, 1, 1)) == 0
    with pytest.raises(ValueError, match="rejected"):
        warehouse.mark_task(ids[2], "done", on=date(2021, 12, 20), reviewer=LAN)


def test_a_later_load_of_the_document_keeps_a_marked_or_corrected_task_as_the_reviewer_left_it(tasked) -> None:
    warehouse, ids = tasked
    warehouse.mark_task(ids[1], "done", on=date(2021, 6, 28), note="xong", reviewer=LAN)
    warehouse.review_fact(ids[2], "correct", LAN, changes={"lead": ["Ban Tổ chức Huyện ủy"], "deadline": "2021-11"})
    document, facts = task_document()
    load_one(warehouse, document, facts, original_name="chi-thi-07.docx", run_id="r2")  # -- a rerun, as extracted
    tasks = warehouse.task_details(ids[1:])
    assert (tasks[ids[1]]["progress"], tasks[ids[1]]["progress_note"]) == ("done", "xong")
    assert (tasks[ids[2]]["lead"], tasks[ids[2]]["deadline"]) == (["Ban Tổ chức Huyện ủy"], "2021-11")
    assert [warehouse.get_fact(fid)["review_status"] for fid in ids[1:]] == ["accepted", "corrected"]
