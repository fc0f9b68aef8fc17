"""The warehouse's tables: created when missing, and a warehouse made by an older vanban brought up to date
(columns added since, DuckDB tables that now go without keys and indexes).

Example:
    warehouse.ensure_schema()   # -- any number of times: what exists is left as it is
"""

from __future__ import annotations

from dataclasses import replace

from vanban.models.fact import FACT_KINDS
from vanban.models.schema import (
    FACT_REVIEWS,
    FACTS,
    REVIEW_ACTIONS,
    TABLES,
    Table,
    add_column_sql,
    create_index_sql,
    create_table_sql,
    index_name,
    quote,
    schema_sql,
)
from vanban.warehouse.accounts import account_tables_sql
from vanban.warehouse.sql import WarehousePart


class SchemaPart(WarehousePart):
    """Creates and migrates the warehouse's tables."""

    def ensure_schema(self) -> None:
        """Create the tables and indexes that are missing; running it again changes nothing."""
        for statement in schema_sql(self.dialect):
            self.db.execute(statement)
        self._add_missing_columns()
        if self.dialect == "duckdb":
            self._drop_duckdb_indexes()
        self._ensure_review_tables()

    def _drop_duckdb_indexes(self) -> None:
        # -- a DuckDB warehouse made by an older vanban has a key and indexes on tables that now go without
        #    (`Table.indexed_in_duckdb`): the indexes are dropped, a keyed table is copied into a keyless one
        for table in TABLES.values():
            if table.keyed_in("duckdb"):
                continue
            for columns in table.indexes:
                self.db.execute(f"DROP INDEX IF EXISTS {quote(index_name(table, columns))}")
            keys = self.db.fetch_dicts(
                'SELECT 1 AS "found" FROM duckdb_constraints() WHERE "table_name" = ? AND "constraint_type" = \'PRIMARY KEY\'',
                [table.name],
            )
            if keys:
                self._copy_into_keyless(table)

    def _copy_into_keyless(self, table: Table) -> None:
        rebuilt = replace(table, name=f"{table.name}__keyless")
        columns = ", ".join(quote(name) for name in table.column_names)
        with self.db.transaction():
            self.db.execute(create_table_sql(rebuilt, self.dialect))
            self.db.execute(f"INSERT INTO {quote(rebuilt.name)} ({columns}) SELECT {columns} FROM {quote(table.name)}")
            self.db.execute(f"DROP TABLE {quote(table.name)}")
            self.db.execute(f"ALTER TABLE {quote(rebuilt.name)} RENAME TO {quote(table.name)}")

    def _add_missing_columns(self) -> None:
        # -- a warehouse made by an older vanban lacks the columns added since: add them, keep the rows
        rows = self.db.fetch_dicts(
            'SELECT "table_name", "column_name" FROM information_schema.columns WHERE "table_schema" = current_schema()'
        )
        present = {(row["table_name"], row["column_name"]) for row in rows}
        for table in TABLES.values():
            for column in table.columns:
                if (table.name, column.name) not in present:
                    self.db.execute(add_column_sql(table, column, self.dialect))

    def _ensure_review_tables(self) -> None:
        # -- the review's accounts and sessions, and an audit trail that takes every review action
        for statement in account_tables_sql(self.dialect):
            self.db.execute(statement)
        # -- a warehouse made before an action was added (undo, reopen, done, not_done) refuses it in
        #    `fact_reviews.action`; one made before tasks and people refuses their kinds in `facts.kind`
        self._widen_check(FACT_REVIEWS, "action", REVIEW_ACTIONS)
        self._widen_check(FACTS, "kind", FACT_KINDS)

    def _widen_check(self, table: Table, column: str, values: tuple[str, ...]) -> None:
        """Bring a CHECK that lists a column's values up to date, when it misses any of `values`.

        PostgreSQL drops and re-adds the check; DuckDB cannot alter one, so the table is copied into a new one.
        """

        def refuses_some(definition: str) -> bool:
            return column in definition and any(f"'{value}'" not in definition for value in values)

        if self.dialect == "postgresql":
            checks = self.db.fetch_dicts(
                "SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint "
                "WHERE conrelid = to_regclass(?) AND contype = 'c'",
                [quote(table.name)],
            )
            stale = [row["conname"] for row in checks if refuses_some(row["definition"])]
            if stale:
                with self.db.transaction():
                    for name in stale:
                        self.db.execute(f"ALTER TABLE {quote(table.name)} DROP CONSTRAINT {quote(name)}")
                    self.db.execute(f"ALTER TABLE {quote(table.name)} ADD CHECK ({table.column(column).check})")
            return
        checks = self.db.fetch_dicts(
            "SELECT expression FROM duckdb_constraints() WHERE table_name = ? AND constraint_type = 'CHECK'",
            [table.name],
        )
        if any(refuses_some(row["expression"] or "") for row in checks):
            self._copy_into_keyless(table)
            if table.keyed_in(self.dialect):
                for columns in table.indexes:
                    self.db.execute(create_index_sql(table, columns))
