"""A workspace whose warehouse holds the plan document (tests/warehouse/documents.py), archived, for review tests;
and a directive with two tasks, loaded with their `tasks` and `task_bodies` rows.

Example:
    ws, document, facts = planned_workspace(tmp_path)
    fact_id(document.sha256, facts[3])  # "120 chi bộ"
    document, facts, ids = load_tasks(store)   # ids[1]: Ban Tuyên giáo's task, due 30/6/2021
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from tests.helpers import load_one
from tests.warehouse.documents import HEADER, make_document, make_fact, plan_document
from vanban.models.deadline import due_date
from vanban.models.document import Document
from vanban.models.fact import Fact, fact_id
from vanban.models.schema import TASK_BODIES, TASKS
from vanban.settings import Workspace
from vanban.warehouse import open_warehouse

ARCHIVED = "archive/2021-03-16/ke-hoach-45.docx"


def planned_workspace(
    home: Path, warehouse_url: str | None = None, *, name: str = "ke-hoach-45.docx"
) -> tuple[Workspace, Document, list[Fact]]:
    ws = Workspace(home=home, inbox=home / "inbox", warehouse_url=warehouse_url)
    ws.create_dirs()
    document, facts = plan_document(name)
    archived = home / ARCHIVED
    archived.parent.mkdir(parents=True, exist_ok=True)
    archived.write_bytes(b"PK\x03\x04 the archived plan")
    with open_warehouse(warehouse_url, default_path=ws.duckdb_path) as store:
        store.ensure_schema()
        store.start_run("r1", datetime(2021, 3, 15, 19, 0, tzinfo=UTC))
        load_one(store, document, facts, original_name=name, run_id="r1", archive_path=ARCHIVED)
    return ws, document, facts


# -- a directive of ours with two assignments: one dated to the day, one to a month with no year written
ASSIGNED = (
    "Giao Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ủy ban Kiểm tra Huyện ủy xây dựng kế hoạch "
    "tuyên truyền, hoàn thành trước ngày 30/6/2021."
)
YEARLY = "Văn phòng Huyện ủy tổng hợp kết quả, báo cáo Ban Thường vụ trong tháng 12."


def task_document(name: str = "chi-thi-07.docx") -> tuple[Document, list[Fact]]:
    """A directive dated 15/3/2021 and its facts: a date, and two tasks (the first with a lead and a support)."""
    document = make_document(
        [
            ("Ngày 15/3/2021, Ban Thường vụ Huyện ủy Bình Liêu ban hành Chỉ thị số 07-CT/HU.", {"paragraph": 0}),
            (ASSIGNED, {"paragraph": 1}),
            (YEARLY, {"paragraph": 2}),
        ],
        name=name,
        header=replace(HEADER, symbol="07-CT/HU", number="07", doc_type="Chỉ thị"),
    )
    facts = [
        make_fact(document, "date", "15/3/2021", value="2021-03-15"),
        make_fact(
            document,
            "task",
            ASSIGNED,
            lead=("Ban Tuyên giáo Huyện ủy",),
            support=("Ủy ban Kiểm tra Huyện ủy",),
            action="xây dựng kế hoạch tuyên truyền",
            deadline="2021-06-30",
        ),
        make_fact(
            document,
            "task",
            YEARLY,
            lead=("Văn phòng Huyện ủy",),
            support=(),
            action="tổng hợp kết quả, báo cáo Ban Thường vụ",
            deadline="--12",
        ),
    ]
    return document, facts


def insert_task_rows(store, document: Document, fact: Fact, *, run_id: str = "r1") -> str:
    """The `tasks` and `task_bodies` rows of a task fact already loaded, as the loading writes them; its fact id.

    Written with the warehouse's own upsert, so a loader that already wrote them (once tasks load) is overwritten
    with the same rows rather than doubled.
    """
    task_id = fact_id(document.sha256, fact)
    due = due_date(fact.deadline, date(2021, 3, 15))
    store._upsert(
        TASKS,
        {
            "fact_id": task_id,
            "doc_sha256": document.sha256,
            "action": fact.action,
            "deadline": fact.deadline,
            "due_date": due.isoformat() if due else None,
            "recurrence": fact.recurrence,
            "progress": "open",
            "run_id": run_id,
        },
    )
    store.db.execute('DELETE FROM "task_bodies" WHERE "task_id" = ?', [task_id])
    for role, names in (("lead", fact.lead or ()), ("support", fact.support or ())):
        for position, name in enumerate(names):
            store._upsert(
                TASK_BODIES,
                {
                    "task_id": task_id,
                    "role": role,
                    "position": position,
                    "text": name,
                    "normalized": None,
                    "entity_id": None,
                    "doc_sha256": document.sha256,
                },
            )
    return task_id


def load_tasks(store, *, run_id: str = "r1", name: str = "chi-thi-07.docx") -> tuple[Document, list[Fact], list[str]]:
    """The directive loaded with its task rows; (document, facts, fact ids)."""
    document, facts = task_document(name)
    load_one(store, document, facts, original_name=name, run_id=run_id)
    for fact in facts:
        if fact.kind == "task":
            insert_task_rows(store, document, fact, run_id=run_id)
    return document, facts, [fact_id(document.sha256, fact) for fact in facts]
