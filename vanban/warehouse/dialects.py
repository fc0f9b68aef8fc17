"""The tiny shim that lets one `Warehouse` speak to DuckDB and to PostgreSQL.

Example:
    db = DuckDBConnection(duckdb.connect(":memory:"))
    db.execute('CREATE TABLE t ("a" TEXT)')
    db.execute('INSERT INTO t VALUES (?)', ["x"])
    db.fetch_dicts('SELECT * FROM t') → [{"a": "x"}]

SQL is written once, with `?` placeholders; the PostgreSQL side turns them into psycopg's `%s`.
What differs between the two is only: placeholders, how a transaction starts, and bulk insert
(Arrow for DuckDB, COPY for PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Protocol

from vanban.models.schema import Table, quote

_FETCH_BATCH = 2_000


class Connection(Protocol):
    """What `Warehouse` needs from a database connection."""

    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def fetch_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def iter_dicts(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]: ...

    def transaction(self) -> Any: ...

    def bulk_insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None: ...

    def close(self) -> None: ...


def _column_names(description: Any) -> list[str]:
    return [column[0] for column in description]


class DuckDBConnection:
    """A DuckDB connection (file or memory); autocommit outside `transaction()`."""

    dialect = "duckdb"

    def __init__(self, con: Any) -> None:
        self.con = con

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    def fetch_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        result = self.con.execute(sql, list(params))
        names = _column_names(result.description)
        return [dict(zip(names, row)) for row in result.fetchall()]

    def iter_dicts(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        # -- a cursor of its own: other queries on the main connection would cut this result short
        cursor = self.con.cursor()
        try:
            result = cursor.execute(sql, list(params))
            names = _column_names(result.description)
            while batch := result.fetchmany(_FETCH_BATCH):
                for row in batch:
                    yield dict(zip(names, row))
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def bulk_insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert through an Arrow table: far faster than `executemany` in DuckDB."""
        import pyarrow as pa

        if not rows:
            return
        types = _arrow_types()
        values = list(zip(*rows))
        arrays = [
            pa.array(list(column_values), type=types[table.column(name).type])
            for name, column_values in zip(columns, values)
        ]
        batch = pa.Table.from_arrays(arrays, names=list(columns))
        view = f"_vanban_{table.name}_batch"
        listed = ", ".join(quote(name) for name in columns)
        self.con.register(view, batch)
        # -- not in a `finally`: after a failed INSERT the transaction refuses every statement, unregister
        #    included, and that error would hide the real one; the next register replaces the view anyway
        self.con.execute(f"INSERT INTO {quote(table.name)} ({listed}) SELECT {listed} FROM {quote(view)}")
        self.con.unregister(view)

    def close(self) -> None:
        self.con.close()


def import_arrow_in_background() -> threading.Thread:
    """Start importing pyarrow (with numpy, most of a second) on a thread of its own, so a run's first bulk insert
    into DuckDB does not wait for it: the import overlaps the hashing, which releases the GIL."""
    thread = threading.Thread(target=_arrow_types, name="import-pyarrow", daemon=True)
    thread.start()
    return thread


@cache
def _arrow_types() -> dict[str, Any]:
    # -- imported on first bulk insert: pyarrow takes a while to import and the CLI rarely needs it
    import pyarrow as pa

    return {
        "text": pa.string(),
        "integer": pa.int64(),
        "bigint": pa.int64(),
        "double": pa.float64(),
        "boolean": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "json": pa.string(),
    }


NUL = "\x00"
# -- PostgreSQL text cannot hold NUL (DuckDB can); U+FFFD keeps the length, so fact offsets still hold
NUL_STAND_IN = "\ufffd"


def _without_nul(value: Any) -> Any:
    if isinstance(value, str) and NUL in value:
        return value.replace(NUL, NUL_STAND_IN)
    return value


def to_psycopg_placeholders(sql: str) -> str:
    """`a = ? AND b LIKE '5%'` → `a = %s AND b LIKE '5%%'` (psycopg reads `%` as a placeholder)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresConnection:
    """A psycopg 3 connection in autocommit mode; `transaction()` opens an explicit one."""

    dialect = "postgresql"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(to_psycopg_placeholders(sql), [_without_nul(value) for value in params])

    def fetch_dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(to_psycopg_placeholders(sql), [_without_nul(value) for value in params])
        names = _column_names(cursor.description)
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def iter_dicts(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        with self.conn.cursor() as cursor:
            cursor.execute(to_psycopg_placeholders(sql), list(params))
            names = _column_names(cursor.description)
            while batch := cursor.fetchmany(_FETCH_BATCH):
                for row in batch:
                    yield dict(zip(names, row))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def bulk_insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """COPY … FROM STDIN: one round trip for the whole batch (JSON columns arrive as text)."""
        if not rows:
            return
        listed = ", ".join(quote(name) for name in columns)
        texts = [index for index, name in enumerate(columns) if table.column(name).type in ("text", "json")]
        with self.conn.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({listed}) FROM STDIN") as copy:
                for row in rows:
                    if any(isinstance(row[index], str) and NUL in row[index] for index in texts):
                        row = [_without_nul(value) for value in row]
                    copy.write_row(row)

    def close(self) -> None:
        self.conn.close()
