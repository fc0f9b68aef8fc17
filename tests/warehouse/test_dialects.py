"""warehouse/dialects.py: the few places where DuckDB and PostgreSQL differ."""

from __future__ import annotations

import pytest

from vanban.warehouse.dialects import to_psycopg_placeholders


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('SELECT 1 FROM "documents" WHERE "sha256" = ?', 'SELECT 1 FROM "documents" WHERE "sha256" = %s'),
        ("SELECT ? , ?", "SELECT %s , %s"),
        ("SELECT '5%' WHERE a = ?", "SELECT '5%%' WHERE a = %s"),
        ("SELECT 1", "SELECT 1"),
    ],
    ids=["one", "two", "literal-percent", "none"],
)
def test_to_psycopg_placeholders(sql: str, expected: str) -> None:
    assert to_psycopg_placeholders(sql) == expected


def test_transaction_rolls_back_on_error(warehouse) -> None:
    with pytest.raises(RuntimeError, match="stop"):
        with warehouse.db.transaction():
            warehouse.db.execute('INSERT INTO "runs" ("id", "status") VALUES (?, ?)', ["r1", "running"])
            raise RuntimeError("stop")
    assert warehouse.db.fetch_dicts('SELECT * FROM "runs"') == []
