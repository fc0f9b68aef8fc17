"""Reviewers' accounts and sessions in the warehouse, on DuckDB and PostgreSQL (the `warehouse` fixture runs both)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from vanban.models.schema import FACT_REVIEWS, create_table_sql
from vanban.warehouse import Warehouse
from vanban.warehouse.accounts import AccountError, backoff_seconds

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)
PASSWORD = "mật khẩu đủ dài"


def test_passwords_are_stored_as_argon2_hashes_and_checked(warehouse: Warehouse) -> None:
    warehouse.create_account(" Lan ", "Nguyễn Thị Lan", "admin", PASSWORD, now=NOW)
    stored = warehouse.db.fetch_dicts('SELECT "password_hash" FROM "review_accounts"')[0]["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert warehouse.check_login("lan", PASSWORD, NOW).account["display_name"] == "Nguyễn Thị Lan"
    assert warehouse.check_login("lan", "sai", NOW).account is None
    assert warehouse.check_login("nobody", PASSWORD, NOW).account is None


def test_accounts_refuse_taken_names_short_passwords_and_losing_the_last_admin(warehouse: Warehouse) -> None:
    warehouse.create_account("lan", "Nguyễn Thị Lan", "admin", PASSWORD, now=NOW)
    with pytest.raises(AccountError, match="đã có"):
        warehouse.create_account("LAN", "Lan khác", "reviewer", PASSWORD, now=NOW)
    with pytest.raises(AccountError, match="ít nhất"):
        warehouse.create_account("minh", "Lê Minh", "reviewer", "ngắn", now=NOW)
    with pytest.raises(AccountError, match="không dấu"):
        warehouse.create_account("nguyễn", "Nguyễn", "reviewer", PASSWORD, now=NOW)
    with pytest.raises(AccountError, match="ít nhất một quản trị"):
        warehouse.update_account("lan", active=False)
    warehouse.create_account("minh", "Lê Minh", "reviewer", PASSWORD, now=NOW)
    warehouse.update_account("minh", role="admin")
    warehouse.update_account("lan", role="reviewer")
    assert [(a["username"], a["role"]) for a in warehouse.list_accounts()] == [("minh", "admin"), ("lan", "reviewer")]


def test_wrong_passwords_make_the_account_wait_even_for_the_right_one(warehouse: Warehouse) -> None:
    assert [backoff_seconds(n) for n in (1, 3, 4, 5, 6, 40)] == [0, 0, 1, 2, 4, 900]
    warehouse.create_account("lan", "Nguyễn Thị Lan", "reviewer", PASSWORD, now=NOW)
    waits = [warehouse.check_login("lan", "sai", NOW + timedelta(seconds=10 * n)).wait_seconds for n in range(5)]
    assert waits == [0, 0, 0, 1, 2]
    locked = warehouse.check_login("lan", PASSWORD, NOW + timedelta(seconds=41))
    assert locked.account is None and locked.wait_seconds >= 1
    assert warehouse.check_login("lan", PASSWORD, NOW + timedelta(seconds=45)).account is not None
    assert warehouse.check_login("lan", "sai", NOW + timedelta(seconds=50)).wait_seconds == 0  # -- count reset


def test_sessions_expire_when_idle_or_old_and_end_with_a_new_password(warehouse: Warehouse) -> None:
    warehouse.create_account("lan", "Nguyễn Thị Lan", "admin", PASSWORD, now=NOW)
    token, csrf = warehouse.open_session("lan", NOW)
    assert token not in str(warehouse.db.fetch_dicts('SELECT * FROM "review_sessions"'))  # -- only its hash
    assert warehouse.session_account(token, NOW + timedelta(minutes=90))["csrf_token"] == csrf
    # -- kept alive every 90 minutes, it still ends 12 hours after sign-in
    for minutes in range(180, 720, 90):
        assert warehouse.session_account(token, NOW + timedelta(minutes=minutes)) is not None
    assert warehouse.session_account(token, NOW + timedelta(hours=12, minutes=1)) is None
    idle, _ = warehouse.open_session("lan", NOW)
    assert warehouse.session_account(idle, NOW + timedelta(hours=2, minutes=1)) is None
    fresh, _ = warehouse.open_session("lan", NOW)
    warehouse.update_account("lan", password="một mật khẩu mới")
    assert warehouse.session_account(fresh, NOW) is None


def test_an_older_audit_table_learns_undo_and_reopen_and_keeps_its_rows(warehouse: Warehouse) -> None:
    older = create_table_sql(FACT_REVIEWS, warehouse.dialect).replace(", 'undo', 'reopen'", "")
    assert "'undo'" not in older
    warehouse.db.execute('DROP TABLE "fact_reviews"')
    warehouse.db.execute(older)
    warehouse.db.execute(
        'INSERT INTO "fact_reviews" ("id", "fact_id", "doc_sha256", "action", "reviewer", "at") '
        "VALUES ('a1', 'f1', 'd1', 'accept', 'lan', ?)",
        [NOW],
    )
    warehouse.ensure_schema()
    warehouse.db.execute(
        'INSERT INTO "fact_reviews" ("id", "fact_id", "doc_sha256", "action", "reviewer", "at") '
        "VALUES ('a2', 'f1', 'd1', 'undo', 'lan', ?)",
        [NOW],
    )
    assert [row["action"] for row in warehouse.fact_reviews("f1")] == ["accept", "undo"]
