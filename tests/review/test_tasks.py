"""Tasks on the review page: the pure parts (badges, deadlines as typed, the day of a mark) and the app over HTTP
(a mark and its audit row, a 409 on a stale version, CSRF and Origin, corrections, the progress filter)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from tests.review.fixtures import load_tasks
from vanban.models.errors import CorrectionError
from vanban.review.app import hosts_for, make_review_app
from vanban.review.page import filters_from_query
from vanban.review.tasks import Badge, parse_deadline, parse_progress_day, task_badge, vn_deadline
from vanban.settings import Workspace
from vanban.warehouse import accounts, open_warehouse
from vanban.warehouse.sql import utc_now
from vanban.warehouse.tasks import today_in_vietnam

BASE = "http://127.0.0.1:8765"
PASSWORD = "mật khẩu đủ dài"
# -- 10/7/2021 in Vietnam: the directive's first task (due 30/6/2021) is 10 days overdue
NOW = datetime(2021, 7, 10, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "typed, deadline",
    [
        ("30/6/2024", "2024-06-30"),
        ("ngày 5.9.2024", "2024-09-05"),
        ("9/2024", "2024-09"),
        ("tháng 12/2024", "2024-12"),
        ("quý III/2024", "2024-Q3"),
        ("Quý 4/2024", "2024-Q4"),
        ("năm 2025", "2025"),
        ("15/12", "--12-15"),
        ("tháng 12", "--12"),
        ("2024-Q2", "2024-Q2"),
        ("  ", None),
    ],
    ids=[
        "day",
        "dots",
        "month",
        "month-word",
        "quarter-roman",
        "quarter-digit",
        "year",
        "no-year",
        "month-only",
        "iso",
        "empty",
    ],
)
def test_a_deadline_typed_as_an_office_writes_it_reads_back_as_iso(typed: str, deadline: str | None) -> None:
    assert parse_deadline(typed) == deadline
    if deadline:
        assert parse_deadline(vn_deadline(deadline)) == deadline  # -- what the box shows reads back the same


@pytest.mark.parametrize(
    "typed", ["31/6/2024", "quý V/2024", "13/2024", "sớm"], ids=["no-such-day", "quarter", "month", "words"]
)
def test_a_deadline_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(CorrectionError, match="thời hạn"):
        parse_deadline(typed)


def test_badges_say_done_not_done_overdue_and_due_soon_judged_on_the_day_in_vietnam() -> None:
    today = date(2024, 7, 1)
    assert task_badge("done", date(2024, 6, 1), today=today) == Badge("done", "Đã xong")
    assert task_badge("not_done", None, today=today) == Badge("not-done", "Chưa xong")
    assert task_badge("open", date(2024, 6, 29), today=today) == Badge("overdue", "Quá hạn 2 ngày")
    assert task_badge("open", date(2024, 7, 1), today=today) == Badge("due-soon", "Đến hạn hôm nay")
    assert task_badge("open", date(2024, 7, 15), today=today) == Badge("due-soon", "Còn 14 ngày")
    assert task_badge("open", date(2024, 7, 16), today=today) is None and task_badge("open", None, today=today) is None
    assert today_in_vietnam(datetime(2024, 6, 30, 17, 30, tzinfo=UTC)) == date(2024, 7, 1)


def test_the_day_of_a_mark_must_exist_and_not_be_to_come() -> None:
    today = date(2024, 7, 1)
    assert parse_progress_day("28/6/2024", today=today) == date(2024, 6, 28)
    assert parse_progress_day("2024-07-01", today=today) == today
    for typed, message in (("31/6/2024", "không có thật"), ("2/7/2024", "chưa tới"), ("", "cần ngày")):
        with pytest.raises(CorrectionError, match=message):
            parse_progress_day(typed, today=today)


def test_the_progress_filter_shows_every_status_for_marked_tasks() -> None:
    assert filters_from_query({"progress": "done", "status": "pending"}).status == ""
    assert filters_from_query({"progress": "overdue"}).status == ""
    assert filters_from_query({"progress": "overdue", "status": "pending"}).status == "pending"
    assert filters_from_query({"progress": "late"}).progress == ""


@pytest.fixture(autouse=True)
def _quick_passwords(monkeypatch) -> None:
    """Argon2 at its lightest: these tests are about tasks, and the project's own parameters cost 0.25 s a hash."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _client(ws, username: str = "lan") -> TestClient:
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as store:
        if store.get_account(username) is None:
            store.create_account(username, f"Người duyệt {username}", "reviewer", PASSWORD, now=utc_now())
    app = make_review_app(ws, allowed_hosts=hosts_for("127.0.0.1"), now=lambda: NOW)
    client = TestClient(app, base_url=BASE)
    signed = client.post("/login", data={"username": username, "password": PASSWORD}, headers={"Origin": BASE})
    client.token = re.search(r'name="csrf-token" content="([^"]+)"', signed.text).group(1)  # type: ignore[attr-defined]
    return client


def _own(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.token, "Origin": BASE, "Sec-Fetch-Site": "same-origin"}  # type: ignore[attr-defined]


def _stored(ws, fid: str):
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as store:
        return store.get_fact(fid), store.task_details([fid]).get(fid), store.fact_reviews(fid)


def _post(client: TestClient, ws, fid: str, action: str, **fields):
    version = _stored(ws, fid)[0]["version"]
    return client.post(
        "/api/review", json={"fact_id": fid, "action": action, "version": version} | fields, headers=_own(client)
    )


def _workspace(home: Path, url: str | None = None):
    ws = Workspace(home=home, inbox=home / "inbox", warehouse_url=url)
    ws.create_dirs()
    with open_warehouse(url, default_path=ws.duckdb_path) as store:
        store.ensure_schema()
        store.start_run("r1", NOW)
        _, _, ids = load_tasks(store)
    return ws, ids


@pytest.fixture(params=["duckdb", "postgresql"])
def tasked(request, tmp_path: Path):
    return _workspace(tmp_path / "home", None if request.param == "duckdb" else request.getfixturevalue("pg_url"))


@pytest.fixture
def tasked_duckdb(tmp_path: Path):
    return _workspace(tmp_path / "home")


def test_a_task_marked_done_on_the_page_is_stored_audited_and_shown_done(tasked) -> None:
    ws, ids = tasked
    response = _post(_client(ws), ws, ids[1], "done", on="8/7/2021", note="đã ban hành kế hoạch")
    assert response.status_code == 200, response.text
    assert 'data-badge="done"' in response.json()["fact"]["row"]
    fact, task, trail = _stored(ws, ids[1])
    assert (task["progress"], task["progress_on"], task["progress_note"], task["progress_by"]) == (
        "done",
        "2021-07-08",
        "đã ban hành kế hoạch",
        "lan",
    )
    assert fact["review_status"] == "accepted"
    assert [(row["action"], row["reviewer"], row["new"]["progress"]) for row in trail] == [("done", "lan", "done")]
    detail = response.json()["fact"]["detail"]
    assert "đã xong · ngày 08/07/2021 · Người duyệt lan" in detail  # -- who marked it, by full name
    assert (
        "đánh dấu đã xong: ngày ∅ → 08/07/2021; ghi chú ∅ → đã ban hành kế hoạch" in response.json()["fact"]["detail"]
    )


def test_a_mark_on_a_task_someone_decided_on_since_is_refused_with_409(tasked) -> None:
    ws, ids = tasked
    seen = _stored(ws, ids[1])[0]["version"]
    lan, minh = _client(ws), _client(ws, "minh")
    assert _post(minh, ws, ids[1], "not_done", on="9/7/2021").status_code == 200
    late = lan.post(
        "/api/review", json={"fact_id": ids[1], "action": "done", "on": "9/7/2021", "version": seen}, headers=_own(lan)
    )
    assert late.status_code == 409 and "Người duyệt minh" in late.json()["error"]
    assert 'data-badge="not-done"' in late.json()["fact"]["row"]  # -- the row now shows what minh marked
    _, task, trail = _stored(ws, ids[1])
    assert task["progress"] == "not_done" and [row["reviewer"] for row in trail] == ["minh"]


def test_a_mark_from_elsewhere_is_refused_and_writes_nothing(tasked_duckdb) -> None:
    ws, ids = tasked_duckdb
    client = _client(ws)
    token = client.token  # type: ignore[attr-defined]
    body = {"fact_id": ids[1], "action": "done", "on": "8/7/2021", "version": ""}
    for headers in (
        {"Origin": BASE},
        {"X-CSRF-Token": token, "Origin": "http://evil.example"},
        {"X-CSRF-Token": token, "Sec-Fetch-Site": "cross-site"},
    ):
        assert client.post("/api/review", json=body, headers=headers).status_code == 403, headers
    _, task, trail = _stored(ws, ids[1])
    assert task["progress"] == "open" and trail == []


def test_a_bad_day_or_a_mark_on_a_date_fact_is_refused_in_vietnamese(tasked_duckdb) -> None:
    ws, ids = tasked_duckdb
    client = _client(ws)
    for day, message in (("31/6/2021", "không có thật"), ("11/7/2021", "chưa tới")):  # -- today is 10/7/2021
        refused = _post(client, ws, ids[1], "done", on=day)
        assert refused.status_code == 400 and message in refused.json()["error"]
        assert refused.json()["field"] == "on"
    not_a_task = _post(client, ws, ids[0], "done", on="8/7/2021")
    assert not_a_task.status_code == 400 and "chỉ nhiệm vụ" in not_a_task.json()["error"]
    assert _stored(ws, ids[1])[2] == []


def test_a_task_corrected_from_the_page_takes_its_leads_one_per_line_and_its_deadline(tasked_duckdb) -> None:
    ws, ids = tasked_duckdb
    client = _client(ws)
    bad = _post(client, ws, ids[1], "correct", deadline="31/6/2021")
    assert bad.status_code == 400 and bad.json()["field"] == "deadline"
    form = {
        "lead": "Ban Tổ chức Huyện ủy\n\n Ban Tuyên giáo Huyện ủy ",
        "deadline": "quý III/2021",
        "task_action": "lập kế hoạch",
    }
    response = _post(client, ws, ids[1], "correct", support="Ủy ban Kiểm tra Huyện ủy", **form)
    assert response.status_code == 200, response.text
    fact, task, trail = _stored(ws, ids[1])
    assert task["lead"] == ["Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Huyện ủy"] and task["due_date"] == "2021-09-30"
    assert fact["review_status"] == "corrected" and trail[0]["new"]["deadline"] == "2021-Q3"
    same = _post(client, ws, ids[1], "correct", **form)
    assert same.status_code == 400 and "chưa có gì thay đổi" in same.json()["error"]


def test_the_page_lists_tasks_with_their_badges_and_filters_overdue_ones(tasked_duckdb) -> None:
    ws, ids = tasked_duckdb
    client = _client(ws)
    html = client.get("/?kind=task").text
    assert html.count("<tr data-id=") == 2 and "Quá hạn 10 ngày" in html and "Ban Tuyên giáo Huyện ủy" in html
    assert 'name="progress"' in html and "Đã xong<kbd>D</kbd>" in html and 'value="10/07/2021"' in html
    overdue = client.get("/?progress=overdue").text
    assert re.findall(r'<tr data-id="(\w+)"', overdue) == [ids[1]]
    _post(client, ws, ids[1], "done", on="9/7/2021")
    assert "<tr data-id=" not in client.get("/?progress=overdue").text
    assert re.findall(r'<tr data-id="(\w+)"', client.get("/?progress=done").text) == [ids[1]]
