"""Tasks and people in the warehouse (vanban/warehouse/tasks.py), on DuckDB and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.helpers import load_one
from tests.warehouse.directive import DISTRICT_COMMITTEE, TODAY, directive_document, task_fact
from vanban.models.fact import FACT_KINDS, fact_id
from vanban.models.schema import FACTS, create_table_sql
from vanban.warehouse import Warehouse
from vanban.warehouse.tasks import today_in_vietnam

RUN = "2024-06-20T02-00-00"
LATER_RUN = "2024-06-21T02-00-00"


def load_directive(warehouse: Warehouse, facts=None, run_id: str = RUN) -> tuple[str, list]:
    document, made = directive_document()
    load_one(warehouse, document, made if facts is None else facts, original_name="chi-thi-07.docx", run_id=run_id)
    return document.sha256, made


def task_rows(warehouse: Warehouse) -> dict[str, dict]:
    return {row["action"]: row for row in warehouse.db.fetch_dicts('SELECT * FROM "tasks"')}


def actions(tasks) -> list[str | None]:
    return [task.action for task in tasks]


def test_a_load_writes_tasks_with_their_due_dates_and_bodies(warehouse: Warehouse) -> None:
    sha, facts = load_directive(warehouse)

    rows = task_rows(warehouse)
    assert {action: (row["deadline"], row["due_date"]) for action, row in rows.items()} == {
        # -- no year written: the directive's own year
        "tham mưu sơ kết việc thực hiện Nghị quyết": ("--06-30", "2024-06-30"),
        "báo cáo kết quả thực hiện": ("2024-05", "2024-05-31"),
        "tổng kết công tác tuyên truyền": ("2025", "2025-12-31"),
        "theo dõi, đôn đốc": (None, None),
    }
    assert {row["progress"] for row in rows.values()} == {"open"}
    assert rows["theo dõi, đôn đốc"]["recurrence"] == "hằng tháng"
    summing_up = fact_id(sha, task_fact(facts, "tham mưu sơ kết việc thực hiện Nghị quyết"))
    bodies = warehouse.db.fetch_dicts(
        'SELECT "role", "position", "text", "normalized" FROM "task_bodies" WHERE "task_id" = ? ORDER BY "role"',
        [summing_up],
    )
    assert bodies == [
        {"role": "lead", "position": 0, "text": "Ban Tổ chức Huyện uỷ", "normalized": "ban to chuc huyen uy"},
        {"role": "support", "position": 0, "text": "Văn phòng Huyện ủy", "normalized": "van phong huyen uy"},
    ]
    # -- the facts table has every task as every other fact
    assert warehouse.fact_counts()["task"] == 4


def test_a_load_writes_people_and_their_posts(warehouse: Warehouse) -> None:
    load_directive(warehouse)

    people = warehouse.db.fetch_dicts('SELECT "name", "name_key", "honorific", "signer" FROM "people" ORDER BY "name"')
    assert people == [
        {"name": "Hoàng Thị Bình", "name_key": "hoàng thị bình", "honorific": "đồng chí", "signer": None},
        {"name": "Nguyễn Văn An", "name_key": "nguyễn văn an", "honorific": None, "signer": True},
    ]
    posts = warehouse.db.fetch_dicts('SELECT "post" FROM "person_posts" ORDER BY "person_fact_id", "position"')
    assert sorted(row["post"] for row in posts) == ["Bí thư", "Trưởng Ban Tổ chức Huyện ủy", "Ủy viên Ban Thường vụ"]


def test_due_within_lists_tasks_due_soon_and_overdue_soonest_first(warehouse: Warehouse) -> None:
    load_directive(warehouse)

    due = warehouse.list_tasks(today=TODAY, due_within=14)

    assert actions(due) == ["báo cáo kết quả thực hiện", "tham mưu sơ kết việc thực hiện Nghị quyết"]
    assert [task.days_left for task in due] == [-20, 10]
    assert due[0].overdue and not due[1].overdue
    assert due[1].lead_names == ("Ban Tổ chức Huyện uỷ",) and due[1].support_names == ("Văn phòng Huyện ủy",)
    assert (due[1].symbol, due[1].doc_date, due[1].original_name) == ("07-CT/HU", "2024-06-10", "chi-thi-07.docx")
    assert warehouse.count_tasks(today=TODAY, due_within=14) == 2


def test_without_filters_every_open_task_is_listed_those_without_deadline_last(warehouse: Warehouse) -> None:
    load_directive(warehouse)

    every = warehouse.list_tasks(today=TODAY)

    assert actions(every)[-1] == "theo dõi, đôn đốc"
    assert len(every) == 4
    assert actions(warehouse.list_tasks(today=TODAY, overdue=True)) == ["báo cáo kết quả thực hiện"]


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Ban Tổ chức Huyện ủy", ["tham mưu sơ kết việc thực hiện Nghị quyết"]),
        ("BAN TO CHUC huyen uy", ["tham mưu sơ kết việc thực hiện Nghị quyết"]),
        (DISTRICT_COMMITTEE, ["báo cáo kết quả thực hiện"]),
        ("Văn phòng Huyện ủy", ["theo dõi, đôn đốc"]),
        ("ban to chuc", ["tham mưu sơ kết việc thực hiện Nghị quyết"]),
        ("Ban Tổ ch", []),
        ("Huyện ủy", []),
    ],
    ids=[
        "other-tone-placement",
        "folded",
        "entity-of-abbreviation",
        "lead-not-support",
        "first-words",
        "part-of-a-word",
        "last-words",
    ],
)
def test_the_lead_filter_matches_the_entity_or_the_folded_name(
    warehouse: Warehouse, lead: str, expected: list[str]
) -> None:
    load_directive(warehouse)

    assert actions(warehouse.list_tasks(today=TODAY, lead=lead)) == expected


def test_a_task_marked_done_survives_a_reload_with_its_progress(warehouse: Warehouse) -> None:
    sha, facts = load_directive(warehouse)
    done = fact_id(sha, task_fact(facts, "báo cáo kết quả thực hiện"))
    warehouse.db.execute(
        'UPDATE "tasks" SET "progress" = ?, "progress_on" = ?, "progress_note" = ? WHERE "fact_id" = ?',
        ["done", "2024-06-18", "đã nhận báo cáo", done],
    )
    # -- the next extraction misses the done task altogether, and finds the others again
    again = [fact for fact in facts if fact.action != "báo cáo kết quả thực hiện"]

    load_directive(warehouse, again, run_id=LATER_RUN)

    rows = task_rows(warehouse)
    assert len(rows) == 4
    kept = rows["báo cáo kết quả thực hiện"]
    assert (kept["progress"], kept["progress_on"], kept["progress_note"], kept["run_id"]) == (
        "done",
        "2024-06-18",
        "đã nhận báo cáo",
        RUN,
    )
    assert warehouse.db.fetch_dicts('SELECT "id" FROM "facts" WHERE "id" = ?', [done]) == [{"id": done}]
    assert warehouse.db.fetch_dicts('SELECT "text" FROM "task_bodies" WHERE "task_id" = ?', [done]) == [
        {"text": "UBND huyện Bình Liêu"}
    ]
    assert "báo cáo kết quả thực hiện" not in actions(warehouse.list_tasks(today=TODAY, due_within=14))
    assert "báo cáo kết quả thực hiện" in actions(warehouse.list_tasks(today=TODAY, include_done=True))


def test_a_task_judged_not_done_is_still_followed_up(warehouse: Warehouse) -> None:
    sha, facts = load_directive(warehouse)
    judged = fact_id(sha, task_fact(facts, "báo cáo kết quả thực hiện"))
    warehouse.db.execute('UPDATE "tasks" SET "progress" = ? WHERE "fact_id" = ?', ["not_done", judged])

    [task] = warehouse.list_tasks(today=TODAY, overdue=True)

    assert (task.fact_id, task.progress, task.days_left) == (judged, "not_done", -20)
    assert warehouse.follow_up(today=TODAY).overdue == 1


def test_a_reload_replaces_open_machine_tasks_and_keeps_reviewed_ones(warehouse: Warehouse) -> None:
    sha, facts = load_directive(warehouse)
    accepted = fact_id(sha, task_fact(facts, "tổng kết công tác tuyên truyền"))
    warehouse.db.execute('UPDATE "facts" SET "review_status" = ? WHERE "id" = ?', ["accepted", accepted])
    changed = [
        dataclasses.replace(fact, deadline="2024-07")
        if fact.action == "tham mưu sơ kết việc thực hiện Nghị quyết"
        else fact
        for fact in facts
        if fact.action not in ("theo dõi, đôn đốc", "tổng kết công tác tuyên truyền") and fact.kind != "person"
    ]

    load_directive(warehouse, changed, run_id=LATER_RUN)

    rows = task_rows(warehouse)
    assert set(rows) == {
        "tham mưu sơ kết việc thực hiện Nghị quyết",
        "báo cáo kết quả thực hiện",
        "tổng kết công tác tuyên truyền",
    }
    assert rows["tham mưu sơ kết việc thực hiện Nghị quyết"]["due_date"] == "2024-07-31"
    assert rows["tổng kết công tác tuyên truyền"]["run_id"] == RUN
    bodies = warehouse.db.fetch_dicts('SELECT DISTINCT "task_id" FROM "task_bodies"')
    assert {row["task_id"] for row in bodies} == {row["fact_id"] for row in rows.values()}
    assert warehouse.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "people"') == [{"n": 0}]
    assert warehouse.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "person_posts"') == [{"n": 0}]


def test_loading_the_directive_twice_leaves_the_same_task_rows(warehouse: Warehouse) -> None:
    load_directive(warehouse)
    tables = ("tasks", "task_bodies", "people", "person_posts")
    before = {table: warehouse.db.fetch_dicts(f'SELECT * FROM "{table}" ORDER BY 1, 2, 3') for table in tables}

    load_directive(warehouse)

    assert {table: warehouse.db.fetch_dicts(f'SELECT * FROM "{table}" ORDER BY 1, 2, 3') for table in tables} == before


def test_a_rejected_task_is_not_followed_up(warehouse: Warehouse) -> None:
    sha, facts = load_directive(warehouse)
    rejected = fact_id(sha, task_fact(facts, "báo cáo kết quả thực hiện"))
    warehouse.db.execute('UPDATE "facts" SET "review_status" = ? WHERE "id" = ?', ["rejected", rejected])

    assert actions(warehouse.list_tasks(today=TODAY, overdue=True)) == []


def test_people_are_grouped_by_person_with_their_posts_and_documents(warehouse: Warehouse) -> None:
    load_directive(warehouse)
    other, facts = directive_document("chi-thi-08.docx", postscript="Nơi nhận: như trên.", symbol="08-CT/HU")
    load_one(
        warehouse, other, [fact for fact in facts if fact.kind == "person"], original_name="chi-thi-08.docx", run_id=RUN
    )

    section = warehouse.people_in("d.\"status\" = 'loaded'", [])

    assert section.total == 2
    signer = next(person for person in section.people if person.signer)
    assert (signer.name, signer.posts, signer.documents) == (
        "Nguyễn Văn An",
        ("Bí thư",),
        ("chi-thi-07.docx", "chi-thi-08.docx"),
    )
    # -- the limit keeps those named in most documents, and the count is over all of them
    top = warehouse.people_in("d.\"status\" = 'loaded'", [], limit=1)
    assert ([person.name for person in top.people], top.total) == (["Hoàng Thị Bình"], 2)


def test_an_older_warehouse_takes_the_new_kinds(warehouse: Warehouse) -> None:
    old_kinds = FACT_KINDS[:5]
    old_facts = dataclasses.replace(
        FACTS,
        columns=tuple(
            dataclasses.replace(column, check='"kind" IN (' + ", ".join(f"'{kind}'" for kind in old_kinds) + ")")
            if column.name == "kind"
            else column
            for column in FACTS.columns
        ),
    )
    warehouse.db.execute('DROP TABLE "facts"')
    warehouse.db.execute(create_table_sql(old_facts, warehouse.dialect))

    warehouse.ensure_schema()
    load_directive(warehouse)

    assert warehouse.fact_counts()["task"] == 4
    with pytest.raises(Exception, match="(?i)check"):
        warehouse.db.execute(
            'INSERT INTO "facts" ("id", "doc_sha256", "kind", "text", "start_offset", "end_offset") '
            "VALUES ('x', 'y', 'bogus', 't', 0, 1)"
        )


def test_today_is_judged_in_vietnam() -> None:
    from datetime import UTC, datetime

    # -- 18:30 UTC on 31 December is already 1 January in Hà Nội
    assert today_in_vietnam(datetime(2024, 12, 31, 18, 30, tzinfo=UTC)) == date(2025, 1, 1)
