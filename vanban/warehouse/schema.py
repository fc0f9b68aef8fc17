"""The warehouse's tables: created when missing, and a warehouse made by an older vanban brought up to date
(columns added since, DuckDB tables that now go without keys and indexes).

Example:
    warehouse.ensure_schema()   # -- any number of times: what exists is left as it is
"""

from __future__ import annotations

from dataclasses import replace

from vanban.models.schema import (
    TABLES,
    Table,
    add_column_sql,
    create_table_sql,
    index_name,
    quote,
    schema_sql,
)
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
