"""The report's follow-up and people sections (report/follow_up.py, the template), read from the warehouse."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.helpers import load_one
from tests.warehouse.directive import TODAY, directive_document, task_fact
from vanban.models.fact import fact_id
from vanban.report import render_report
from vanban.report.follow_up import days_label, deadline_label, lead_groups
from vanban.warehouse import open_warehouse
from vanban.warehouse.report_data import ReportData
from vanban.warehouse.tasks import FollowUp, TaskBody, TaskItem

GENERATED = datetime(2024, 6, 20, 1, 0, tzinfo=UTC)
OVERDUE = "báo cáo kết quả thực hiện"
DONE = "tham mưu sơ kết việc thực hiện Nghị quyết"


def report_of_directive(
    tmp_path: Path, today: date = TODAY, *, done: str | None = None, judged: str | None = None
) -> str:
    document, facts = directive_document()
    with open_warehouse(":memory:", default_path=tmp_path / "unused.duckdb") as warehouse:
        warehouse.ensure_schema()
        warehouse.start_run("r1", GENERATED)
        load_one(warehouse, document, facts, original_name="chi-thi-07.docx", run_id="r1")
        for action, progress in ((done, "done"), (judged, "not_done")):
            if action is not None:
                task = fact_id(document.sha256, task_fact(facts, action))
                warehouse.db.execute('UPDATE "tasks" SET "progress" = ? WHERE "fact_id" = ?', [progress, task])
        data = warehouse.report_data("r1", today=today)
    return render_report(data, generated_at=GENERATED)


def section(html: str, anchor: str) -> str:
    return html.split(f'<section id="{anchor}">', 1)[1].split("</section>", 1)[0]


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_report_opens_with_the_overdue_task_and_not_the_done_one(tmp_path: Path) -> None:
    html = report_of_directive(tmp_path, done=DONE)

    body = html.split("<body>", 1)[1]
    assert body.index('<section id="theo-doi">') < body.index('<section id="tom-tat">')
    followed = words(section(html, "theo-doi"))
    assert OVERDUE in followed and "quá hạn 20 ngày" in followed and "31/05/2024" in followed
    assert "UBND huyện Bình Liêu" in followed and "Chỉ thị 07-CT/HU ngày 10/06/2024" in followed
    assert DONE not in followed
    assert "tổng kết công tác tuyên truyền" not in followed  # -- due in 2025: not yet
    assert "1 nhiệm vụ đến hạn trong 14 ngày tới hoặc đã quá hạn, trong đó 1 quá hạn" in followed
    assert section(html, "theo-doi").count('class="overdue"') == 1


def test_a_task_judged_not_done_stays_and_says_so(tmp_path: Path) -> None:
    html = report_of_directive(tmp_path, judged=OVERDUE)

    followed = section(html, "theo-doi")
    assert OVERDUE in followed
    assert re.findall(r"<li data-not-done>([^<]+)</li>", followed) == ["không hoàn thành"]


def test_tasks_are_grouped_per_lead_body(tmp_path: Path) -> None:
    leads = re.findall(r"<h3 data-lead>([^<]+?) <", section(report_of_directive(tmp_path), "theo-doi"))

    assert leads == ["UBND huyện Bình Liêu", "Ban Tổ chức Huyện uỷ"]


def test_nothing_due_shows_the_empty_state(tmp_path: Path) -> None:
    followed = section(report_of_directive(tmp_path, date(2020, 1, 1)), "theo-doi")

    assert "data-empty" in followed and "data-task" not in followed


def test_the_people_section_names_each_person_with_posts(tmp_path: Path) -> None:
    people = words(section(report_of_directive(tmp_path), "nguoi"))

    assert "đồng chí Hoàng Thị Bình" in people
    assert "Ủy viên Ban Thường vụ; Trưởng Ban Tổ chức Huyện ủy" in people
    assert "Nguyễn Văn An ✍" in people


def test_a_task_s_text_never_becomes_markup() -> None:
    payload = "<script>alert(1)</script>"
    task = make_task(action=payload, leads=(TaskBody(text=payload, key="x"),))
    html = render_report(
        ReportData(run=None, follow_up=FollowUp(today=TODAY, tasks=[task], total=1)), generated_at=GENERATED
    )

    assert payload not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in section(html, "theo-doi")


def make_task(**fields) -> TaskItem:
    base = dict(
        fact_id="t1", doc_sha256="a" * 64, action="báo cáo", deadline="2024-06-30", due_date=date(2024, 6, 30),
        days_left=10, recurrence=None, progress="open", progress_on=None, progress_note=None,
        original_name="ct.docx", symbol=None, doc_type=None, doc_date=None,
    )  # fmt: skip
    return TaskItem(**(base | fields))


@pytest.mark.parametrize(
    ("deadline", "label"),
    [("2024-06-30", "30/06/2024"), ("2024-09", "tháng 9/2024"), ("2024-Q3", "quý III/2024"), ("2025", "năm 2025"),
     ("--06-30", "30/06"), ("--12", "tháng 12"), (None, "")],
    ids=["day", "month", "quarter", "year", "no-year-day", "no-year-month", "none"],
)  # fmt: skip
def test_deadline_label_reads_as_written(deadline: str | None, label: str) -> None:
    assert deadline_label(deadline) == label


def test_days_label_says_left_today_or_overdue() -> None:
    assert [days_label(days) for days in (3, 0, -2, None)] == ["còn 3 ngày", "hạn hôm nay", "quá hạn 2 ngày", ""]


def test_lead_groups_join_spellings_of_one_entity_and_list_shared_tasks_under_each_lead() -> None:
    uy = TaskBody(text="Ban Tổ chức Huyện uỷ", key="ban to chuc huyen uy")
    shared = make_task(
        fact_id="t1", days_left=-1, leads=(uy, TaskBody(text="Văn phòng Huyện ủy", key="van phong huyen uy"))
    )
    later = make_task(
        fact_id="t2", days_left=5, leads=(TaskBody(text="Ban Tổ chức Huyện ủy", key="ban to chuc huyen uy"),)
    )
    nobody = make_task(fact_id="t3", days_left=7)
    last = make_task(fact_id="t4", days_left=9, leads=(uy,))

    groups = lead_groups([later, shared, nobody, last])

    # -- named as most often written; the overdue group first
    assert [(group.name, [task.fact_id for task in group.tasks]) for group in groups] == [
        ("Ban Tổ chức Huyện uỷ", ["t1", "t2", "t4"]),
        ("Văn phòng Huyện ủy", ["t1"]),
        ("Chưa rõ cơ quan chủ trì", ["t3"]),
    ]
