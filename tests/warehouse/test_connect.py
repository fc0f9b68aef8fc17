"""warehouse/connect.py: which database a URL names, and errors that say what to fix."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from vanban.models.errors import WarehouseUnavailable
from vanban.settings import workspace_from
from vanban.warehouse import open_warehouse
from vanban.warehouse.connect import duckdb_path, redact

DEFAULT = Path("var/warehouse.duckdb")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, "var/warehouse.duckdb"),
        ("", "var/warehouse.duckdb"),
        ("duckdb:///srv/vanban/w.duckdb", "/srv/vanban/w.duckdb"),
        ("duckdb://data/w.duckdb", "data/w.duckdb"),
        ("/srv/w.duckdb", "/srv/w.duckdb"),
        ("duckdb://", ":memory:"),
        (":memory:", ":memory:"),
    ],
    ids=["none", "empty", "absolute-url", "relative-url", "plain-path", "bare-scheme", "memory"],
)
def test_duckdb_path(url: str | None, expected: str) -> None:
    assert duckdb_path(url, DEFAULT) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://vanban:s3cr3t@db:5432/vanban", "postgresql://vanban:***@db:5432/vanban"),
        ("postgresql://vanban@db/vanban", "postgresql://vanban@db/vanban"),
    ],
    ids=["password", "no-password"],
)
def test_redact_hides_the_password(url: str, expected: str) -> None:
    assert redact(url) == expected


def test_default_duckdb_file_is_created_with_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "var" / "deep" / "warehouse.duckdb"
    with open_warehouse(None, default_path=path) as warehouse:
        warehouse.ensure_schema()
        assert warehouse.dialect == "duckdb"
    assert path.is_file()


def test_postgres_url_opens_postgres(pg_url: str, tmp_path: Path) -> None:
    with open_warehouse(pg_url, default_path=tmp_path / "unused.duckdb") as warehouse:
        assert warehouse.dialect == "postgresql"
    assert not (tmp_path / "unused.duckdb").exists()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_postgres_names_the_setting_and_hides_the_password(tmp_path: Path) -> None:
    url = f"postgresql://vanban:s3cr3t@127.0.0.1:{_closed_port()}/vanban"
    with pytest.raises(WarehouseUnavailable, match="VANBAN_WAREHOUSE_URL") as raised:
        open_warehouse(url, default_path=tmp_path / "w.duckdb")
    assert "s3cr3t" not in str(raised.value)
    assert "postgresql://vanban:***@127.0.0.1" in str(raised.value)


@pytest.mark.parametrize("url", ["mysql://root@db/vanban", "sqlite:///w.db"], ids=["mysql", "sqlite"])
def test_unsupported_scheme_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(WarehouseUnavailable, match="unsupported warehouse URL.*VANBAN_WAREHOUSE_URL"):
        open_warehouse(url, default_path=tmp_path / "w.duckdb")


def test_duckdb_file_that_cannot_be_opened_names_the_setting(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.duckdb"
    folder.mkdir()
    with pytest.raises(WarehouseUnavailable, match=r"cannot open the DuckDB warehouse .*VANBAN_WAREHOUSE_URL"):
        open_warehouse(None, default_path=folder)


def test_duckdb_memory_is_bounded_by_default_and_by_vanban_duckdb_memory(tmp_path):
    with open_warehouse(None, default_path=tmp_path / "w.duckdb") as warehouse:
        assert warehouse.db.fetch_dicts("SELECT current_setting('memory_limit') AS m") == [{"m": "122.0 MiB"}]
    ws = workspace_from({"VANBAN_DUCKDB_MEMORY": "1GB"}, home=tmp_path)
    with open_warehouse(None, default_path=tmp_path / "w.duckdb", memory_limit=ws.duckdb_memory) as warehouse:
        assert warehouse.db.fetch_dicts("SELECT current_setting('memory_limit') AS m") == [{"m": "953.6 MiB"}]


def test_a_memory_size_duckdb_cannot_read_is_a_clear_error(tmp_path):
    ws = workspace_from({"VANBAN_DUCKDB_MEMORY": "lots"}, home=tmp_path)
    with pytest.raises(WarehouseUnavailable, match="VANBAN_DUCKDB_MEMORY='lots' is not a memory size"):
        open_warehouse(None, default_path=tmp_path / "w.duckdb", memory_limit=ws.duckdb_memory)
    with open_warehouse(None, default_path=tmp_path / "w.duckdb", memory_limit="64MB") as warehouse:
        warehouse.ensure_schema()


def test_a_missing_database_or_a_foreign_url_is_not_worth_retrying(tmp_path):
    import psycopg
    import pytest

    from vanban.models.errors import WarehouseUnavailable
    from vanban.warehouse.connect import is_unfixable_connect_error, open_warehouse

    missing = psycopg.OperationalError('connection failed: … FATAL:  database "nope" does not exist')
    refused = psycopg.OperationalError("connection failed: … Connection refused")
    assert is_unfixable_connect_error(missing) and not is_unfixable_connect_error(refused)
    with pytest.raises(WarehouseUnavailable) as foreign:
        open_warehouse("mysql://u@h/db", default_path=tmp_path / "w.duckdb")
    assert foreign.value.retryable is False
    with pytest.raises(WarehouseUnavailable) as unreachable:
        open_warehouse("postgresql://vanban@127.0.0.1:9/x", default_path=tmp_path / "w.duckdb")
    assert unreachable.value.retryable is True
