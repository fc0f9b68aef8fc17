"""vanban/review/app.py over HTTP (Starlette's test client): sign-in, CSRF and host checks, decisions,
versions, undo, accept-all, accounts, export, archived files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from tests.review.fixtures import planned_workspace
from vanban.models.fact import fact_id
from vanban.review.app import SESSION_COOKIE, hosts_for, make_review_app
from vanban.warehouse import open_warehouse
from vanban.warehouse.sql import utc_now

BASE = "http://127.0.0.1:8765"
REVIEWER = "Nguyễn Thị Lan"
PASSWORD = "mật khẩu đủ dài"
SETUP = "one-time-setup-token"


def _client(ws, *, username: str = "lan", setup_token: str | None = None) -> TestClient:
    """A browser signed in as `username` (an account made here when missing), its CSRF token in `.token`."""
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as store:
        store.ensure_schema()
        if username and store.get_account(username) is None:
            role = "admin" if username == "lan" else "reviewer"
            name = REVIEWER if username == "lan" else f"Người duyệt {username}"
            store.create_account(username, name, role, PASSWORD, now=utc_now())
    client = TestClient(
        make_review_app(ws, allowed_hosts=hosts_for("127.0.0.1"), setup_token=setup_token), base_url=BASE
    )
    client.token = ""  # type: ignore[attr-defined]
    if username:
        signed = client.post("/login", data={"username": username, "password": PASSWORD}, headers={"Origin": BASE})
        assert signed.status_code == 200, signed.text
        client.token = re.search(r'name="csrf-token" content="([^"]+)"', signed.text).group(1)  # type: ignore[attr-defined]
    return client


def _own(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.token, "Origin": BASE, "Sec-Fetch-Site": "same-origin"}  # type: ignore[attr-defined]


def _decide(client: TestClient, ws, fid: str, action: str, **fields):
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as store:
        version = store.get_fact(fid)["version"]
    body = {"fact_id": fid, "action": action, "version": version} | fields
    return client.post("/api/review", json=body, headers=_own(client))


@pytest.fixture(params=["duckdb", "postgresql"])
def planned(request, tmp_path: Path):
    url = None if request.param == "duckdb" else request.getfixturevalue("pg_url")
    ws, document, facts = planned_workspace(tmp_path / "home", url)
    return ws, document, facts, [fact_id(document.sha256, fact) for fact in facts]


@pytest.fixture
def planned_duckdb(tmp_path: Path):
    ws, document, facts = planned_workspace(tmp_path / "home")
    return ws, document, facts, [fact_id(document.sha256, fact) for fact in facts]


def _stored(ws, fid: str):
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as store:
        return store.get_fact(fid), store.fact_reviews(fid)


def test_the_page_lists_facts_with_the_reviewer_a_token_and_strict_headers(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    response = client.get("/?kind=count")
    assert response.status_code == 200
    html = response.text
    assert REVIEWER in html and f'content="{client.token}"' in html
    assert html.count("<tr data-id=") == 3 and f'data-id="{ids[3]}"' in html
    assert '<option value="r1">' in html  # -- the run filter: what last night brought
    assert "<tr data-id=" not in client.get("/?run=r0").text
    assert client.get("/?run=r1").text.count("<tr data-id=") == len(facts)
    policy = response.headers["content-security-policy"]
    assert (
        "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    )
    [nonce] = re.findall(r"<script nonce=\"([^\"]+)\">", html)
    assert f"script-src 'nonce-{nonce}'" in policy
    assert response.headers["x-frame-options"] == "DENY"


def test_an_accept_posted_by_the_page_is_stored_with_its_audit_row(planned) -> None:
    ws, document, facts, ids = planned
    response = _decide(_client(ws), ws, ids[3], "accept")
    assert response.status_code == 200, response.text
    assert 'data-status="accepted"' in response.json()["fact"]["row"]  # -- the row the page swaps in
    fact, trail = _stored(ws, ids[3])
    assert (fact["review_status"], fact["reviewed_by"]) == ("accepted", "lan")
    assert [(row["action"], row["reviewer"]) for row in trail] == [("accept", "lan")]


def test_a_decision_on_a_fact_someone_changed_since_is_refused_with_who_did(planned) -> None:
    ws, document, facts, ids = planned
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path) as store:
        seen = store.get_fact(ids[3])["version"]
    first, second = _client(ws), _client(ws, username="minh")
    assert _decide(first, ws, ids[3], "accept").status_code == 200
    late = second.post(
        "/api/review", json={"fact_id": ids[3], "action": "reject", "version": seen}, headers=_own(second)
    )
    assert late.status_code == 409 and REVIEWER in late.json()["error"]
    fact, trail = _stored(ws, ids[3])
    assert fact["review_status"] == "accepted" and [row["reviewer"] for row in trail] == ["lan"]


def test_undo_and_reopen_bring_a_corrected_fact_back(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    assert _decide(client, ws, ids[6], "correct", value="1.250").status_code == 200
    assert _decide(client, ws, ids[6], "accept").status_code == 200
    assert _decide(client, ws, ids[6], "undo").status_code == 200
    fact, _ = _stored(ws, ids[6])
    assert (fact["review_status"], fact["value"]) == ("corrected", 1250)
    assert _decide(client, ws, ids[6], "reopen").status_code == 200
    fact, trail = _stored(ws, ids[6])
    assert (fact["review_status"], fact["value"]) == ("pending", 1200)
    assert [row["action"] for row in trail] == ["correct", "accept", "undo", "reopen"]
    again = _decide(client, ws, ids[6], "reopen")
    assert again.status_code == 400 and "chờ duyệt rồi" in again.json()["error"]


def test_accept_document_accepts_only_its_pending_facts(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    _decide(client, ws, ids[4], "reject")
    response = client.post("/api/accept-document", json={"doc_sha256": document.sha256}, headers=_own(client))
    assert response.status_code == 200 and len(response.json()["facts"]) == len(facts) - 1
    assert _stored(ws, ids[4])[0]["review_status"] == "rejected"
    assert {_stored(ws, fid)[0]["review_status"] for fid in ids if fid != ids[4]} == {"accepted"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": BASE},
        {"X-CSRF-Token": "guessed", "Origin": BASE},
        {"X-CSRF-Token": "TOKEN", "Origin": "http://evil.example"},
        {"X-CSRF-Token": "TOKEN", "Sec-Fetch-Site": "cross-site"},
    ],
    ids=["no-token", "wrong-token", "other-origin", "cross-site"],
)
def test_state_changing_requests_from_elsewhere_are_refused_and_change_nothing(planned_duckdb, headers) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    headers = {key: client.token if value == "TOKEN" else value for key, value in headers.items()}
    response = client.post("/api/review", json={"fact_id": ids[3], "action": "reject", "version": ""}, headers=headers)
    assert response.status_code == 403
    fact, trail = _stored(ws, ids[3])
    assert fact["review_status"] == "pending" and trail == []


def test_a_cross_site_html_form_cannot_decide_and_get_cannot_either(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    form = client.post(
        "/api/review", data={"fact_id": ids[3], "action": "reject"}, headers={"Origin": "http://evil.example"}
    )
    assert form.status_code == 403
    assert client.get("/api/review").status_code == 405
    assert _stored(ws, ids[3])[0]["review_status"] == "pending"


def test_another_host_name_is_refused(planned_duckdb) -> None:
    ws, *_ = planned_duckdb
    assert _client(ws).get("/", headers={"Host": "rebound.example:8765"}).status_code == 400


def test_no_page_or_api_without_signing_in(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws, username="")
    for path in ("/", "/export?format=csv", f"/files/{document.sha256}", "/accounts"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    api = client.post("/api/review", json={"fact_id": ids[3], "action": "accept", "version": ""})
    assert api.status_code == 401
    forged = client.get("/", cookies={SESSION_COOKIE: "made-up"}, follow_redirects=False)
    assert forged.status_code == 303


def test_wrong_passwords_are_slowed_and_then_even_the_right_one_waits(planned_duckdb) -> None:
    ws, *_ = planned_duckdb
    _client(ws)  # -- makes the account
    client = _client(ws, username="")
    codes = [
        client.post("/login", data={"username": "lan", "password": "sai"}, headers={"Origin": BASE}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]
    right = client.post("/login", data={"username": "lan", "password": PASSWORD}, headers={"Origin": BASE})
    assert right.status_code == 429 and "thử lại sau" in right.text
    cross = client.post(
        "/login", data={"username": "lan", "password": PASSWORD}, headers={"Origin": "http://evil.example"}
    )
    assert cross.status_code == 403


def test_the_one_time_link_makes_the_first_admin_then_is_gone(tmp_path: Path) -> None:
    ws, *_ = planned_workspace(tmp_path / "home")
    client = _client(ws, username="", setup_token=SETUP)
    assert client.get("/setup?token=guess").status_code == 403
    assert client.get(f"/setup?token={SETUP}").status_code == 200
    short = {"token": SETUP, "username": "an", "display_name": "Trần An", "password": "ngắn"}
    assert "ít nhất" in client.post("/setup", data=short, headers={"Origin": BASE}).text
    made = client.post("/setup", data=short | {"password": PASSWORD}, headers={"Origin": BASE})
    assert made.status_code == 200 and "Tài khoản người duyệt" in made.text  # -- signed in, on the accounts page
    assert client.post("/setup", data=short | {"username": "bo", "password": PASSWORD}).status_code == 403
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        assert [(a["username"], a["role"]) for a in store.list_accounts()] == [("an", "admin")]


def test_an_admin_adds_and_locks_reviewers_and_a_reviewer_cannot(planned_duckdb) -> None:
    ws, *_ = planned_duckdb
    admin = _client(ws)
    form = {"csrf_token": admin.token, "do": "create", "username": "minh", "display_name": "Lê Minh"}
    added = admin.post("/accounts", data=form | {"role": "reviewer", "password": PASSWORD}, headers={"Origin": BASE})
    assert added.status_code == 200 and "Đã thêm tài khoản minh" in added.text
    reviewer = _client(ws, username="minh")
    assert reviewer.get("/accounts").status_code == 403
    locked = admin.post(
        "/accounts", data={"csrf_token": admin.token, "do": "disable", "username": "minh"}, headers={"Origin": BASE}
    )
    assert locked.status_code == 200
    assert reviewer.get("/", follow_redirects=False).status_code == 303  # -- its session ended with the lock
    last = admin.post(
        "/accounts", data={"csrf_token": admin.token, "do": "role", "username": "lan", "role": "reviewer"}
    )
    assert last.status_code == 400 and "ít nhất một quản trị" in last.text


def test_a_bad_correction_is_a_vietnamese_error_and_nothing_is_written(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    response = _decide(client, ws, ids[6], "correct", value="nhiều")
    assert response.status_code == 400 and "không phải là số" in response.json()["error"]
    assert response.json()["field"] == "value"  # -- the page shows it beside the value box
    impossible = _decide(client, ws, ids[0], "correct", value="2024-13-45")
    assert impossible.status_code == 400 and "không có thật" in impossible.json()["error"]
    assert _stored(ws, ids[6])[1] == [] and _stored(ws, ids[0])[1] == []
    missing = client.post(
        "/api/review", json={"fact_id": "0" * 32, "action": "accept", "version": ""}, headers=_own(client)
    )
    assert missing.status_code == 404


def test_export_buttons_give_csv_and_xlsx_of_the_chosen_statuses(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    _decide(client, ws, ids[3], "accept")
    _decide(client, ws, ids[6], "correct", value="1.250")

    reviewed = client.get("/export?format=csv&status=accepted,corrected")
    assert reviewed.status_code == 200 and "attachment" in reviewed.headers["content-disposition"]
    assert reviewed.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(reviewed.content.decode("utf-8-sig"))))
    assert sorted((row["Dữ kiện"], row["Giá trị"], row["Người duyệt"]) for row in rows) == [
        ("120 chi bộ", "120", "lan"),
        ("trên 1.200 đảng viên", "1250", "lan"),
    ]
    workbook = load_workbook(io.BytesIO(client.get("/export?format=xlsx").content))
    assert workbook.active.max_row == 1 + len(facts)


def test_the_archived_file_is_served_and_a_path_outside_the_archive_is_not(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    served = client.get(f"/files/{document.sha256}")
    assert served.status_code == 200 and served.content.startswith(b"PK")
    (ws.home / "secret.txt").write_text("không được lộ", encoding="utf-8")
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        store.db.execute(
            'UPDATE "documents" SET "archive_path" = ? WHERE "sha256" = ?', ["archive/../secret.txt", document.sha256]
        )
    assert client.get(f"/files/{document.sha256}").status_code == 404


def test_hostile_text_on_the_review_page_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    ws, document, facts = planned_workspace(tmp_path / "home", name=hostile + ".docx")
    with open_warehouse(None, default_path=ws.duckdb_path) as store:
        store.db.execute('UPDATE "facts" SET "organisation" = ?, "sentence" = ?', [hostile, hostile])
    html = _client(ws).get("/?status=all").text
    assert "<img" not in html and "alert(1)</script>" not in html
    assert len(re.findall(r"<script", html)) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
