"""flows/review.py over HTTP (Starlette's test client): CSRF and host checks, decisions, export, archived files."""

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
from vanban.review.app import make_review_app, origins_for
from vanban.warehouse import open_warehouse

BASE = "http://127.0.0.1:8765"
TOKEN = "test-token-0123456789"
REVIEWER = "Nguyễn Thị Lan"
OWN = {"X-CSRF-Token": TOKEN, "Origin": BASE, "Sec-Fetch-Site": "same-origin"}


def _client(ws) -> TestClient:
    app = make_review_app(ws, reviewer=REVIEWER, allowed_origins=origins_for("127.0.0.1", 8765), csrf_token=TOKEN)
    return TestClient(app, base_url=BASE)


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
    response = _client(ws).get("/?kind=count")
    assert response.status_code == 200
    html = response.text
    assert REVIEWER in html and f'content="{TOKEN}"' in html
    assert html.count("<tr data-id=") == 3 and f'data-id="{ids[3]}"' in html
    assert '<option value="r1">' in html  # -- the run filter: what last night brought
    assert "<tr data-id=" not in _client(ws).get("/?run=r0").text
    assert _client(ws).get("/?run=r1").text.count("<tr data-id=") == len(facts)
    policy = response.headers["content-security-policy"]
    assert (
        "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    )
    [nonce] = re.findall(r"<script nonce=\"([^\"]+)\">", html)
    assert f"script-src 'nonce-{nonce}'" in policy
    assert response.headers["x-frame-options"] == "DENY"


def test_an_accept_posted_by_the_page_is_stored_with_its_audit_row(planned) -> None:
    ws, document, facts, ids = planned
    response = _client(ws).post("/api/review", json={"fact_id": ids[3], "action": "accept"}, headers=OWN)
    assert response.status_code == 200, response.text
    fact, trail = _stored(ws, ids[3])
    assert (fact["review_status"], fact["reviewed_by"]) == ("accepted", REVIEWER)
    assert [(row["action"], row["reviewer"]) for row in trail] == [("accept", REVIEWER)]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": BASE},
        {"X-CSRF-Token": "guessed", "Origin": BASE},
        {"X-CSRF-Token": TOKEN, "Origin": "http://evil.example"},
        {"X-CSRF-Token": TOKEN, "Sec-Fetch-Site": "cross-site"},
    ],
    ids=["no-token", "wrong-token", "other-origin", "cross-site"],
)
def test_state_changing_requests_from_elsewhere_are_refused_and_change_nothing(planned_duckdb, headers) -> None:
    ws, document, facts, ids = planned_duckdb
    response = _client(ws).post("/api/review", json={"fact_id": ids[3], "action": "reject"}, headers=headers)
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


def test_a_bad_correction_is_a_vietnamese_error_and_nothing_is_written(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    response = _client(ws).post(
        "/api/review", json={"fact_id": ids[6], "action": "correct", "value": "nhiều"}, headers=OWN
    )
    assert response.status_code == 400 and "không phải là số" in response.json()["error"]
    assert _stored(ws, ids[6])[1] == []
    missing = _client(ws).post("/api/review", json={"fact_id": "0" * 32, "action": "accept"}, headers=OWN)
    assert missing.status_code == 404


def test_export_buttons_give_csv_and_xlsx_of_the_chosen_statuses(planned_duckdb) -> None:
    ws, document, facts, ids = planned_duckdb
    client = _client(ws)
    client.post("/api/review", json={"fact_id": ids[3], "action": "accept"}, headers=OWN)
    client.post("/api/review", json={"fact_id": ids[6], "action": "correct", "value": "1.250"}, headers=OWN)

    reviewed = client.get("/export?format=csv&status=accepted,corrected")
    assert reviewed.status_code == 200 and "attachment" in reviewed.headers["content-disposition"]
    assert reviewed.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(reviewed.content.decode("utf-8-sig"))))
    assert sorted((row["Dữ kiện"], row["Giá trị"], row["Người duyệt"]) for row in rows) == [
        ("120 chi bộ", "120", REVIEWER),
        ("trên 1.200 đảng viên", "1250", REVIEWER),
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
    html = _client(ws).get("/").text
    assert "<img" not in html and "alert(1)</script>" not in html
    assert len(re.findall(r"<script", html)) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
