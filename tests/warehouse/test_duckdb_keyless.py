"""DuckDB keeps every index in memory and loads it for each insert: the facts table goes without its key
and indexes there (`Table.indexed_in_duckdb`), and a warehouse made by an older vanban is moved over."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.helpers import load_one
from tests.warehouse.documents import plan_document
from vanban.models.schema import FACTS, create_index_sql, create_table_sql, schema_sql
from vanban.warehouse import open_warehouse

RUN = "2024-05-01T02-00-00"


def _primary_keys(warehouse) -> set[str]:
    rows = warehouse.db.fetch_dicts("SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'")
    return {row["table_name"] for row in rows}


def _indexes(warehouse) -> set[str]:
    return {row["index_name"] for row in warehouse.db.fetch_dicts("SELECT index_name FROM duckdb_indexes()")}


def test_the_facts_table_has_its_key_in_postgresql_only() -> None:
    assert 'PRIMARY KEY ("id")' in create_table_sql(FACTS, "postgresql")
    assert "PRIMARY KEY" not in create_table_sql(FACTS, "duckdb")
    assert any("facts_doc_sha256_idx" in statement for statement in schema_sql("postgresql"))
    assert not any("facts_doc_sha256_idx" in statement for statement in schema_sql("duckdb"))


def test_a_new_duckdb_warehouse_keys_every_table_but_the_facts(tmp_path: Path) -> None:
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as warehouse:
        warehouse.ensure_schema()
        assert _primary_keys(warehouse) == {
            "documents", "runs", "sightings", "fact_reviews", "review_accounts", "review_sessions",
            "tasks", "task_bodies", "people", "person_posts",
        }  # fmt: skip
        assert not {name for name in _indexes(warehouse) if name.startswith("facts_")}


def test_an_older_keyed_facts_table_is_copied_into_a_keyless_one_with_every_row(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    keyed = dataclasses.replace(FACTS, indexed_in_duckdb=True)
    with open_warehouse(None, default_path=path) as warehouse:
        warehouse.ensure_schema()
        warehouse.db.execute('DROP TABLE "facts"')
        warehouse.db.execute(create_table_sql(keyed, "duckdb"))
        for columns in keyed.indexes:
            warehouse.db.execute(create_index_sql(keyed, columns))
        document, facts = plan_document("ke-hoach-45.docx")
        written = load_one(warehouse, document, facts, original_name="ke-hoach-45.docx", run_id=RUN, archive_path=None)
        before = warehouse.db.fetch_dicts('SELECT * FROM "facts" ORDER BY "id"')
        assert "facts" in _primary_keys(warehouse) and "facts_doc_sha256_idx" in _indexes(warehouse)

    with open_warehouse(None, default_path=path) as warehouse:
        warehouse.ensure_schema()
        assert "facts" not in _primary_keys(warehouse)
        assert not {name for name in _indexes(warehouse) if name.startswith("facts_")}
        assert warehouse.db.fetch_dicts('SELECT * FROM "facts" ORDER BY "id"') == before
        assert len(before) == written > 0
        # -- and the document loads again as before: its facts replaced, none twice
        load_one(warehouse, document, facts, original_name="ke-hoach-45.docx", run_id=RUN, archive_path=None)
        assert warehouse.db.fetch_dicts('SELECT * FROM "facts" ORDER BY "id"') == before
        warehouse.ensure_schema()
        assert warehouse.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "facts"') == [{"n": written}]
