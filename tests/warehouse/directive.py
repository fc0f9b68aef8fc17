"""A directive with four tasks and two people, built in code for the task warehouse, CLI and report tests.

Example:
    document, facts = directive_document()   # issued 2024-06-10; judged on TODAY (2024-06-20):
    # -- tham mưu sơ kết: due 2024-06-30 (10 days left); báo cáo kết quả: due 2024-05-31 (20 days overdue);
    #    tổng kết: due 2025-12-31; theo dõi, đôn đốc: monthly, no deadline
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from tests.warehouse.documents import HEADER, make_document, make_fact
from vanban.extractors.facts.entities import entity_id, entity_key
from vanban.models.document import Document
from vanban.models.fact import Fact

TODAY = date(2024, 6, 20)
SUMMING_UP = (
    "Giao Ban Tổ chức Huyện uỷ chủ trì, phối hợp với Văn phòng Huyện ủy tham mưu sơ kết việc thực hiện "
    "Nghị quyết, hoàn thành trước ngày 30/6."
)
REPORTING = "Đề nghị UBND huyện Bình Liêu báo cáo kết quả thực hiện trong tháng 5/2024."
CLOSING_YEAR = "Giao Ban Tuyên giáo Huyện ủy tổng kết công tác tuyên truyền năm 2025."
MONTHLY = "Văn phòng Huyện ủy theo dõi, đôn đốc hằng tháng."
PEOPLE = "Đồng chí Hoàng Thị Bình, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy chỉ đạo thực hiện."
SIGNATURE = "Nguyễn Văn An"
DISTRICT_COMMITTEE = "Ủy ban nhân dân huyện Bình Liêu"


def org_entity(name: str) -> str:
    key = entity_key(name)
    assert key is not None, f"{name!r} has no entity"
    return entity_id(key)


def directive_document(
    name: str = "chi-thi-07.docx", *, postscript: str | None = None, **header: Any
) -> tuple[Document, list[Fact]]:
    """The directive and its 6 facts; a `postscript` paragraph makes another document (another hash)."""
    texts = (SUMMING_UP, REPORTING, CLOSING_YEAR, MONTHLY, PEOPLE, SIGNATURE, *([postscript] if postscript else []))
    blocks: list[tuple[str, dict[str, Any]]] = [
        (text, {"page": 1, "paragraph": index}) for index, text in enumerate(texts)
    ]
    fields = {"symbol": "07-CT/HU", "number": "07", "doc_type": "Chỉ thị", "date": "2024-06-10", **header}
    document = make_document(blocks, name=name, header=replace(HEADER, **fields))
    facts = [
        make_fact(
            document,
            "task",
            SUMMING_UP,
            lead=("Ban Tổ chức Huyện uỷ",),
            support=("Văn phòng Huyện ủy",),
            action="tham mưu sơ kết việc thực hiện Nghị quyết",
            deadline="--06-30",
            lead_entity_ids=(None,),
            support_entity_ids=(None,),
        ),
        make_fact(
            document,
            "task",
            REPORTING,
            lead=("UBND huyện Bình Liêu",),
            action="báo cáo kết quả thực hiện",
            deadline="2024-05",
            lead_entity_ids=(org_entity(DISTRICT_COMMITTEE),),
        ),
        make_fact(
            document,
            "task",
            CLOSING_YEAR,
            lead=("Ban Tuyên giáo Huyện ủy",),
            action="tổng kết công tác tuyên truyền",
            deadline="2025",
        ),
        make_fact(
            document, "task", MONTHLY, lead=("Văn phòng Huyện ủy",), action="theo dõi, đôn đốc", recurrence="hằng tháng"
        ),
        make_fact(
            document,
            "person",
            "Đồng chí Hoàng Thị Bình, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy",
            name="Hoàng Thị Bình",
            posts=("Ủy viên Ban Thường vụ", "Trưởng Ban Tổ chức Huyện ủy"),
            honorific="đồng chí",
            person_id="p-hoang-thi-binh",
        ),
        make_fact(
            document,
            "person",
            SIGNATURE,
            name=SIGNATURE,
            posts=("Bí thư",),
            person_id="p-nguyen-van-an",
            signer=True,
        ),
    ]
    return document, facts


def task_fact(facts: list[Fact], action: str) -> Fact:
    return next(fact for fact in facts if fact.kind == "task" and fact.action == action)
