"""What every part of the warehouse writes with: portable upserts, `IN (…)` lists in chunks, and the
part's base class over one open connection.

Example:
    upsert_sql(RUNS, ["id", "status"]) → 'INSERT INTO "runs" ("id", "status") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET …'

One implementation for DuckDB and PostgreSQL: the SQL is portable (quoted identifiers, `?` placeholders,
`INSERT … ON CONFLICT`), and `vanban.warehouse.dialects` carries the few differences.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from vanban.models.schema import (
    Table,
    quote,
)
from vanban.warehouse.dialects import Connection

# -- an IN (…) list longer than this is split (PostgreSQL takes 65,535 parameters per statement)
IN_CHUNK = 1_000


def upsert_sql(
    table: Table,
    columns: Sequence[str],
    *,
    first_wins: Sequence[str] = (),
    keep_when_null: Sequence[str] = (),
    only_if: str | None = None,
    source: str | None = None,
) -> str:
    """`INSERT … ON CONFLICT (pk) DO UPDATE SET …` for the given columns; both dialects accept it.

    Args:
        source: a table to take the rows from (`INSERT … SELECT … FROM source`) instead of one row of `?`.
        first_wins: columns that keep the stored value once set (`first_run_id`).
        keep_when_null: columns that keep the stored value when the new one is NULL (`path`).
        only_if: a condition on the stored row (`"documents"."status" <> 'loaded'`); otherwise it is left alone.
    """
    name = quote(table.name)
    listed = ", ".join(quote(column) for column in columns)
    marks = ", ".join("?" for _ in columns)
    updates = []
    for column in columns:
        if column in table.primary_key:
            continue
        q = quote(column)
        if column in first_wins:
            updates.append(f"{q} = COALESCE({name}.{q}, excluded.{q})")
        elif column in keep_when_null:
            updates.append(f"{q} = COALESCE(excluded.{q}, {name}.{q})")
        else:
            updates.append(f"{q} = excluded.{q}")
    keys = ", ".join(quote(column) for column in table.primary_key)
    rows = f"SELECT {listed} FROM {quote(source)}" if source else f"VALUES ({marks})"
    sql = f"INSERT INTO {name} ({listed}) {rows} ON CONFLICT ({keys}) DO UPDATE SET {', '.join(updates)}"
    return sql + (f" WHERE {only_if}" if only_if else "")


def utc_now() -> datetime:
    return datetime.now(UTC)


def in_chunks(values: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """(values, `?, ?, …`) in chunks of at most `IN_CHUNK`, for `… IN (…)`."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = list(values[start : start + IN_CHUNK])
        yield chunk, ", ".join("?" for _ in chunk)


class WarehousePart:
    """What each part of the warehouse (schema, loading, runs, queries, report, review) stands on: one open
    connection, and the upserts they write with. `vanban.warehouse.store.Warehouse` joins the parts."""

    def __init__(self, db: Connection) -> None:
        self.db = db

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def _upsert(self, table: Table, row: dict[str, Any], **options: Any) -> None:
        self.db.execute(upsert_sql(table, list(row), **options), list(row.values()))

    def _bulk_upsert(self, table: Table, rows: Sequence[dict[str, Any]], **options: Any) -> None:
        """`_upsert` for many rows at once: bulk-inserted into a temporary staging table (Arrow into DuckDB,
        COPY into PostgreSQL), then one `INSERT … SELECT … ON CONFLICT`. Row by row
        upserts are orders of magnitude slower in DuckDB. Rows with the same key: the last wins, as one upsert after another would leave it."""
        if not rows:
            return
        columns = list(rows[0])
        keyed = {tuple(row[key] for key in table.primary_key): row for row in rows}
        staging = Table(name=f"_vanban_staging_{table.name}", columns=table.columns, primary_key=())
        self.db.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {quote(staging.name)} AS SELECT * FROM {quote(table.name)} WHERE 1 = 0"
        )
        self.db.execute(f"DELETE FROM {quote(staging.name)}")
        self.db.bulk_insert(staging, columns, [tuple(row[column] for column in columns) for row in keyed.values()])
        self.db.execute(upsert_sql(table, columns, source=staging.name, **options))
        self.db.execute(f"DELETE FROM {quote(staging.name)}")
