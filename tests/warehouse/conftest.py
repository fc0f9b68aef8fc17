"""Every warehouse test that takes `warehouse` runs twice: on a DuckDB file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vanban.warehouse import Warehouse, open_warehouse


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "duckdb":
        return f"duckdb://{tmp_path / 'warehouse.duckdb'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def warehouse(warehouse_url: str, tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(warehouse_url, default_path=tmp_path / "default.duckdb") as opened:
        opened.ensure_schema()
        yield opened
