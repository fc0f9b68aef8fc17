"""models/schema.py: the one table definition, and the DDL generated from it for each dialect."""

from __future__ import annotations

import pytest

from vanban.models.fact import FACT_KINDS
from vanban.models.schema import DIALECT_TYPES, PORTABLE_TYPES, TABLES, Column, create_table_sql, schema_sql


@pytest.mark.parametrize("dialect", list(DIALECT_TYPES))
def test_every_dialect_maps_every_portable_type(dialect: str) -> None:
    assert set(DIALECT_TYPES[dialect]) == set(PORTABLE_TYPES)


@pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
def test_primary_keys_and_indexes_name_real_columns(table) -> None:
    names = set(table.column_names)
    assert len(names) == len(table.column_names)
    assert set(table.primary_key) <= names
    assert all(set(index) <= names for index in table.indexes)


@pytest.mark.parametrize(
    ("dialect", "fragment"),
    [
        ("duckdb", '"recipients" JSON'),
        ("postgresql", '"recipients" JSONB'),
        ("postgresql", '"loaded_at" TIMESTAMPTZ'),
        ("duckdb", '"sha256" TEXT NOT NULL'),
        ("duckdb", 'PRIMARY KEY ("sha256")'),
    ],
    ids=["duckdb-json", "postgres-jsonb", "timestamp", "not-null", "primary-key"],
)
def test_create_table_sql_for_documents(dialect: str, fragment: str) -> None:
    assert fragment in create_table_sql(TABLES["documents"], dialect)


def test_fact_kinds_are_checked_by_the_database() -> None:
    ddl = create_table_sql(TABLES["facts"], "postgresql")
    assert all(f"'{kind}'" in ddl for kind in FACT_KINDS)
    assert "\"review_status\" TEXT NOT NULL DEFAULT 'pending' CHECK" in ddl


def test_schema_sql_is_rerunnable() -> None:
    statements = schema_sql("duckdb")
    assert statements and all(" IF NOT EXISTS " in statement for statement in statements)


@pytest.mark.parametrize("dialect", ["sqlite", "mysql"])
def test_unknown_dialect_is_refused(dialect: str) -> None:
    with pytest.raises(ValueError, match="unknown dialect"):
        create_table_sql(TABLES["runs"], dialect)


def test_unknown_column_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown type 'varchar'"):
        Column("x", "varchar")
