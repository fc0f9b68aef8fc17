"""Reviewers' accounts and sign-in sessions, kept in the warehouse beside the facts they review.

Example:
    warehouse.create_account("lan", "Nguyễn Thị Lan", "reviewer", "mật khẩu dài")
    outcome = warehouse.check_login("lan", "mật khẩu dài", now)      # outcome.account["role"] → "reviewer"
    token, csrf = warehouse.open_session("lan", now, address="192.168.1.20")
    warehouse.session_account(token, now)["username"] → "lan"

Passwords are stored as Argon2id hashes (argon2-cffi); a session is a random token the browser keeps in a
cookie, stored here only as its SHA-256, so a copy of the warehouse signs nobody in. Sessions expire after
`SESSION_IDLE` without a request and `SESSION_LIFETIME` after sign-in, whichever comes first.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vanban.models.schema import Column, Table, create_table_sql, quote
from vanban.warehouse.sql import WarehousePart

ROLES = ("reviewer", "admin")
ROLE_LABELS = {"reviewer": "người duyệt", "admin": "quản trị"}
MIN_PASSWORD_LENGTH = 10
SESSION_IDLE = timedelta(hours=2)
SESSION_LIFETIME = timedelta(hours=12)
# -- wrong passwords: the first few are free (typos), then each one doubles the wait before the next try
FREE_FAILURES = 3
MAX_WAIT_SECONDS = 15 * 60
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

REVIEW_ACCOUNTS = Table(
    name="review_accounts",
    columns=(
        Column("username", "text", not_null=True),
        Column("display_name", "text", not_null=True),
        Column("role", "text", not_null=True, check='"role" IN (' + ", ".join(f"'{r}'" for r in ROLES) + ")"),
        Column("password_hash", "text", not_null=True),
        Column("active", "boolean", not_null=True, default="TRUE"),
        Column("created_at", "timestamp"),
        Column("created_by", "text"),
        Column("failed_logins", "integer", not_null=True, default="0"),
        Column("locked_until", "timestamp"),
        Column("last_login_at", "timestamp"),
    ),
    primary_key=("username",),
)
REVIEW_SESSIONS = Table(
    name="review_sessions",
    columns=(
        Column("token_hash", "text", not_null=True),
        Column("username", "text", not_null=True),
        Column("csrf_token", "text", not_null=True),
        Column("created_at", "timestamp", not_null=True),
        Column("last_seen_at", "timestamp", not_null=True),
        Column("address", "text"),
    ),
    primary_key=("token_hash",),
)
ACCOUNT_TABLES = (REVIEW_ACCOUNTS, REVIEW_SESSIONS)

_hasher = PasswordHasher()
# -- checked against when the account does not exist, so a wrong name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """An account that cannot be created or changed as asked; the message is for the admin (Vietnamese)."""


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """The account when the password matched; else why not and how long to wait before the next try."""

    account: dict[str, Any] | None
    wait_seconds: int = 0


def backoff_seconds(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: 0 for the first few, then 1, 2, 4 … up to 15 min.

    Example:
        [backoff_seconds(n) for n in (3, 4, 5, 6)] → [0, 1, 2, 4]
    """
    if failures <= FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES - 1), MAX_WAIT_SECONDS)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự"
    if len(password) > 200:
        return "mật khẩu dài quá 200 ký tự"
    return None


def clean_username(username: str) -> str:
    """`  Lan.Nguyen ` → `lan.nguyen`; raises AccountError when it is not 2–40 of a–z, 0–9, `.`, `_`, `-`."""
    name = username.strip().lower()
    if not _USERNAME_RE.match(name):
        raise AccountError("tên đăng nhập gồm 2–40 ký tự a–z, 0–9, dấu chấm, gạch dưới hoặc gạch ngang, không dấu")
    return name


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_tables_sql(dialect: str) -> list[str]:
    """The statements that create the account tables (after the warehouse's own, in `ensure_schema`)."""
    return [create_table_sql(table, dialect) for table in ACCOUNT_TABLES]


class AccountsPart(WarehousePart):
    """Reviewers' accounts, their sign-in and sessions."""

    def count_accounts(self) -> int:
        return int(self.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "review_accounts"')[0]["n"])

    def list_accounts(self) -> list[dict[str, Any]]:
        """Every account without its password hash, admins first, then by name."""
        rows = self.db.fetch_dicts(
            'SELECT * FROM "review_accounts" ORDER BY CASE WHEN "role" = ? THEN 0 ELSE 1 END, "username"', ["admin"]
        )
        return [_public(row) for row in rows]

    def get_account(self, username: str) -> dict[str, Any] | None:
        rows = self.db.fetch_dicts('SELECT * FROM "review_accounts" WHERE "username" = ?', [username])
        return _public(rows[0]) if rows else None

    def create_account(
        self,
        username: str,
        display_name: str,
        role: str,
        password: str,
        *,
        now: datetime,
        created_by: str | None = None,
    ) -> dict[str, Any]:
        """A new active account; raises AccountError for a taken or malformed name, an unknown role, a short password."""
        username = clean_username(username)
        display_name = " ".join(display_name.split())
        if not display_name:
            raise AccountError("cần họ tên người duyệt: tên này ký mỗi quyết định")
        if role not in ROLES:
            raise AccountError(f"vai trò {role!r} không có; chọn reviewer hoặc admin")
        if problem := password_problem(password):
            raise AccountError(problem)
        row = {
            "username": username,
            "display_name": display_name,
            "role": role,
            "password_hash": hash_password(password),
            "active": True,
            "created_at": now,
            "created_by": created_by,
            "failed_logins": 0,
        }
        with self.db.transaction():
            if self.db.fetch_dicts('SELECT 1 AS "x" FROM "review_accounts" WHERE "username" = ?', [username]):
                raise AccountError(f"tên đăng nhập {username!r} đã có người dùng")
            listed = ", ".join(quote(column) for column in row)
            self.db.execute(
                f'INSERT INTO "review_accounts" ({listed}) VALUES ({", ".join("?" for _ in row)})', list(row.values())
            )
        return _public(row)

    def update_account(
        self, username: str, *, role: str | None = None, active: bool | None = None, password: str | None = None
    ) -> dict[str, Any]:
        """Change an account's role, whether it may sign in, or its password; the last active admin stays one.

        A changed password or a disabled account ends the account's sessions.
        """
        changes: dict[str, Any] = {}
        if role is not None:
            if role not in ROLES:
                raise AccountError(f"vai trò {role!r} không có; chọn reviewer hoặc admin")
            changes["role"] = role
        if active is not None:
            changes["active"] = active
        if password is not None:
            if problem := password_problem(password):
                raise AccountError(problem)
            changes |= {"password_hash": hash_password(password), "failed_logins": 0, "locked_until": None}
        with self.db.transaction():
            rows = self.db.fetch_dicts('SELECT * FROM "review_accounts" WHERE "username" = ?', [username])
            if not rows:
                raise AccountError(f"không có tài khoản {username!r}")
            after = rows[0] | changes
            admins = self.db.fetch_dicts(
                'SELECT "username" FROM "review_accounts" WHERE "role" = ? AND "active"', ["admin"]
            )
            others = [row["username"] for row in admins if row["username"] != username]
            if not others and not (after["role"] == "admin" and after["active"]):
                raise AccountError("phải còn ít nhất một quản trị đang hoạt động")
            if changes:
                assignments = ", ".join(f"{quote(column)} = ?" for column in changes)
                self.db.execute(
                    f'UPDATE "review_accounts" SET {assignments} WHERE "username" = ?', [*changes.values(), username]
                )
            if password is not None or active is False:
                self.db.execute('DELETE FROM "review_sessions" WHERE "username" = ?', [username])
        return _public(after)

    def check_login(self, username: str, password: str, now: datetime) -> LoginOutcome:
        """Check a password, counting wrong ones per account: past `FREE_FAILURES` each costs a growing wait.

        While an account waits, no password is checked at all (not even the right one).
        """
        rows = self.db.fetch_dicts('SELECT * FROM "review_accounts" WHERE "username" = ?', [username.strip().lower()])
        if not rows:
            password_matches(_DUMMY_HASH, password)
            return LoginOutcome(None)
        row = rows[0]
        locked_until = row.get("locked_until")
        if locked_until is not None and locked_until > now:
            return LoginOutcome(None, wait_seconds=max(int((locked_until - now).total_seconds()) + 1, 1))
        if password_matches(row["password_hash"], password) and row["active"]:
            self.db.execute(
                'UPDATE "review_accounts" SET "failed_logins" = 0, "locked_until" = NULL, "last_login_at" = ? '
                'WHERE "username" = ?',
                [now, row["username"]],
            )
            return LoginOutcome(_public(row))
        failures = int(row.get("failed_logins") or 0) + 1
        wait = backoff_seconds(failures)
        self.db.execute(
            'UPDATE "review_accounts" SET "failed_logins" = ?, "locked_until" = ? WHERE "username" = ?',
            [failures, now + timedelta(seconds=wait) if wait else None, row["username"]],
        )
        return LoginOutcome(None, wait_seconds=wait)

    def open_session(self, username: str, now: datetime, *, address: str | None = None) -> tuple[str, str]:
        """A new session for a signed-in account: (the cookie's token, the session's CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self.db.execute(
            'INSERT INTO "review_sessions" ("token_hash", "username", "csrf_token", "created_at", "last_seen_at", '
            '"address") VALUES (?, ?, ?, ?, ?, ?)',
            [_token_hash(token), username, csrf, now, now, address],
        )
        # -- expired sessions are cleared as new ones open: the table stays as small as the office
        self.db.execute(
            'DELETE FROM "review_sessions" WHERE "last_seen_at" < ? OR "created_at" < ?',
            [now - SESSION_IDLE, now - SESSION_LIFETIME],
        )
        return token, csrf

    def session_account(self, token: str, now: datetime) -> dict[str, Any] | None:
        """The active account of a live session (with its `csrf_token`), its idle clock reset; None when expired."""
        if not token:
            return None
        digest = _token_hash(token)
        rows = self.db.fetch_dicts(
            'SELECT s."csrf_token", s."created_at", s."last_seen_at", a.* FROM "review_sessions" s '
            'JOIN "review_accounts" a ON a."username" = s."username" WHERE s."token_hash" = ?',
            [digest],
        )
        if not rows:
            return None
        row = rows[0]
        if not row["active"] or row["last_seen_at"] < now - SESSION_IDLE or row["created_at"] < now - SESSION_LIFETIME:
            self.db.execute('DELETE FROM "review_sessions" WHERE "token_hash" = ?', [digest])
            return None
        # -- written at most once a minute: every request of a busy page need not be a write
        if now - row["last_seen_at"] > timedelta(minutes=1):
            self.db.execute('UPDATE "review_sessions" SET "last_seen_at" = ? WHERE "token_hash" = ?', [now, digest])
        return _public(row) | {"csrf_token": row["csrf_token"]}

    def close_session(self, token: str) -> None:
        self.db.execute('DELETE FROM "review_sessions" WHERE "token_hash" = ?', [_token_hash(token)])

    def display_names(self) -> dict[str, str]:
        """username → display name, for showing who decided."""
        return {
            row["username"]: row["display_name"]
            for row in self.db.fetch_dicts('SELECT "username", "display_name" FROM "review_accounts"')
        }


def _public(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("username", "display_name", "role", "active", "created_at", "created_by", "last_login_at")
    return {key: row.get(key) for key in keys}
