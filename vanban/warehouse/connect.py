"""Open the warehouse named by a URL: a DuckDB file by default, PostgreSQL by `postgresql://…`.

Example:
    open_warehouse(None, default_path=Path("var/warehouse.duckdb"))          → DuckDB file var/warehouse.duckdb
    open_warehouse("duckdb:///srv/vanban/w.duckdb", default_path=…)          → DuckDB file /srv/vanban/w.duckdb
    open_warehouse("postgresql://vanban@db:5432/vanban", default_path=…)     → PostgreSQL through psycopg 3
"""

from __future__ import annotations

import re
from pathlib import Path

from vanban.models.errors import WarehouseUnavailable
from vanban.settings import DEFAULT_DUCKDB_MEMORY, DUCKDB_MEMORY_ENV, WAREHOUSE_URL_ENV
from vanban.warehouse.dialects import DuckDBConnection, PostgresConnection
from vanban.warehouse.store import Warehouse

# -- the settings' names, for messages that say what to change
URL_ENV = WAREHOUSE_URL_ENV
DUCKDB_PREFIX = "duckdb://"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
MEMORY = ":memory:"
# -- a server that does not answer within this is reported, not waited for (the run's retries wait between tries)
CONNECT_TIMEOUT_SECONDS = 5
# -- `user:secret@` in a URL: never echo the secret in an error message or a log
_PASSWORD_RE = re.compile(r"(://[^:/@]+):[^@]*@")


def redact(url: str) -> str:
    """`postgresql://u:secret@h/db` → `postgresql://u:***@h/db`."""
    return _PASSWORD_RE.sub(r"\1:***@", url)


def duckdb_path(url: str | None, default_path: Path) -> str:
    """The DuckDB database a URL names: `None` → the default file; `duckdb:///abs`, `duckdb://rel`, a path, or `:memory:`.

    Example:
        duckdb_path("duckdb:///tmp/w.duckdb", Path("var/w.duckdb")) → "/tmp/w.duckdb"
    """
    if url is None or url == "":
        return str(default_path)
    if url.startswith(DUCKDB_PREFIX):
        url = url[len(DUCKDB_PREFIX) :]
    return url or MEMORY


def open_warehouse(
    url: str | None = None, *, default_path: Path, memory_limit: str = DEFAULT_DUCKDB_MEMORY
) -> Warehouse:
    """Connect to the warehouse; the schema is not created here (call `ensure_schema`).

    Args:
        url: `VANBAN_WAREHOUSE_URL` as given: None, a DuckDB path or `duckdb://` URL, or a PostgreSQL URL.
        default_path: the DuckDB file used when `url` is None; its parent folders are created.
        memory_limit: DuckDB's own memory (`VANBAN_DUCKDB_MEMORY`, `Workspace.duckdb_memory`), e.g. "256MB".

    Raises:
        WarehouseUnavailable: the database cannot be opened or reached; the message names the URL
            (password hidden) and `VANBAN_WAREHOUSE_URL`.
    """
    if url is not None and url.startswith(POSTGRES_PREFIXES):
        return Warehouse(_connect_postgres(url, default_path))
    if url is not None and "://" in url and not url.startswith(DUCKDB_PREFIX):
        raise WarehouseUnavailable(
            f"unsupported warehouse URL {redact(url)!r}: set {URL_ENV} to postgresql://… or duckdb:///path, "
            f"or unset it to use the DuckDB file {default_path}",
            retryable=False,
        )
    return Warehouse(_connect_duckdb(duckdb_path(url, default_path), memory_limit))


def _connect_duckdb(path: str, limit: str) -> DuckDBConnection:
    import duckdb

    try:
        if path != MEMORY:
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            path = str(Path(path).expanduser())
        con = duckdb.connect(path)
        # -- DuckDB draws a progress bar on the terminal for a long statement (a migration, a big report)
        con.execute("SET enable_progress_bar = false")
    except (duckdb.Error, OSError) as error:
        # -- the usual cause is another process holding the file's write lock (a run still going)
        raise WarehouseUnavailable(
            f"cannot open the DuckDB warehouse {path}: {error}; is another vanban run using it? "
            f"Set {URL_ENV} to use another database"
        ) from error
    try:
        con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
    except duckdb.Error as error:
        con.close()
        raise WarehouseUnavailable(
            f"{DUCKDB_MEMORY_ENV}={limit!r} is not a memory size DuckDB takes (say 256MB or 1GB): {error}"
        ) from error
    return DuckDBConnection(con)


def _connect_postgres(url: str, default_path: Path) -> PostgresConnection:
    import psycopg

    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    except psycopg.Error as error:
        raise WarehouseUnavailable(
            f"cannot connect to the PostgreSQL warehouse {redact(url)}: {' '.join(str(error).split())}; "
            f"check {URL_ENV} (unset it to use the DuckDB file {default_path})",
            retryable=not is_unfixable_connect_error(error),
        ) from error
    return PostgresConnection(conn)


# -- the server answered and refused: no wait fixes a missing database or role, a refused password, a bad URL
_UNFIXABLE_MARKS = (
    "does not exist",
    "authentication failed",
    "no pg_hba.conf entry",
    "permission denied",
    "invalid dsn",
    "invalid connection option",
    'missing "="',
)


def is_unfixable_connect_error(error: BaseException) -> bool:
    """True when a failed PostgreSQL connection would fail the same way on every retry.

    Example:
        is_unfixable_connect_error(OperationalError('… FATAL:  database "nope" does not exist')) → True
        is_unfixable_connect_error(OperationalError('… Connection refused')) → False
    """
    import psycopg

    if isinstance(error, psycopg.ProgrammingError):
        return True
    message = str(error).lower()
    return any(mark in message for mark in _UNFIXABLE_MARKS)


def is_connection_error(error: BaseException) -> bool:
    """True when `error` says the database went away (worth a retry, and the files wait), not that it refused a row.

    Example:
        is_connection_error(psycopg.OperationalError("server closed the connection")) → True
        is_connection_error(psycopg.errors.UntranslatableCharacter(…)) → False
    """
    import duckdb
    import psycopg

    if isinstance(error, (WarehouseUnavailable, OSError, psycopg.OperationalError, psycopg.InterfaceError)):
        return True
    # -- DuckDB: a failing disk or a file held by another process, as against a value it cannot store
    return isinstance(error, (duckdb.IOException, duckdb.ConnectionException, duckdb.FatalException))


def is_rejected_value(error: BaseException) -> bool:
    """True when the database refused a value of this document (a NUL in text, a number out of range …).

    Only these set one document aside; any other error (a lost connection, a schema that does not
    match) stops the load, so a fault of the warehouse never quarantines good files.

    Example:
        is_rejected_value(psycopg.errors.UntranslatableCharacter(…)) → True
    """
    import duckdb
    import psycopg

    duckdb_values = (duckdb.ConversionException, duckdb.InvalidInputException, duckdb.OutOfRangeException)
    return isinstance(error, (psycopg.DataError, *duckdb_values, UnicodeEncodeError, ValueError))
