"""The warehouse: load documents and facts, record runs and sightings, read facts and report data.

Example:
    with open_warehouse(None, default_path=Path("var/warehouse.duckdb")) as warehouse:
        warehouse.ensure_schema()
        if not warehouse.has_document(document.sha256):
            warehouse.load_documents([DocumentLoad(document, facts, "qd-1581.docx")], run_id=run_id)

One implementation for DuckDB and PostgreSQL: the SQL below is portable (quoted identifiers, `?`
placeholders, `INSERT … ON CONFLICT`), and `vanban.warehouse.dialects` carries the few differences.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any, NamedTuple

from vanban.models.document import Document
from vanban.models.fact import FACT_KINDS, Fact
from vanban.models.schema import (
    ACTION_STATUSES,
    DOCUMENTS,
    FACTS,
    REVIEW_STATUSES,
    RUNS,
    SIGHTINGS,
    TABLES,
    Table,
    add_column_sql,
    create_table_sql,
    index_name,
    quote,
    schema_sql,
)
from vanban.warehouse.dialects import Connection
from vanban.warehouse.report_data import (
    DocumentReport,
    FileNote,
    LinkedDocument,
    ReportData,
    RunSummary,
    UnitPoint,
    report_max_facts,
)
from vanban.warehouse.rows import (
    FACT_INSERT_COLUMNS,
    block_locator,
    correction_columns,
    document_values,
    fact_dict,
    fact_values,
    file_size,
    from_json,
    header_from_row,
    review_snapshot,
    symbol_key,
    to_json,
    unit_key,
)

_ID = FACT_INSERT_COLUMNS.index("id")
_CONFIDENCE = FACT_INSERT_COLUMNS.index("confidence")
_START = FACT_INSERT_COLUMNS.index("start_offset")
_END = FACT_INSERT_COLUMNS.index("end_offset")

_FACTS_WITH_NAME = (
    'SELECT f.*, d."original_name" FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
)
INTERRUPTED_RUN = (
    "dừng giữa chừng, không kịp ghi kết thúc (bị tắt hoặc máy mất điện) / stopped before it could record its end "
    "(killed, or the machine went down); the next run picked up the files it left in the inbox"
)
# -- a quarantine never overrides a document that was read fine before
_NOT_LOADED = "\"documents\".\"status\" <> 'loaded'"
# -- the report draws four charts of four series: the units with the longest history are enough
_CHART_UNITS = 8
_CHART_POINTS = 20_000
_FACT_ORDER = ' ORDER BY d."original_name", f."doc_sha256", f."start_offset", f."end_offset", f."kind", f."id"'


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


def _now() -> datetime:
    return datetime.now(timezone.utc)


class DocumentLoad(NamedTuple):
    """One document of a batch for `Warehouse.load_documents`."""

    document: Document
    facts: list[Fact]
    original_name: str
    size_bytes: int | None = None


# -- an IN (…) list longer than this is split (PostgreSQL takes 65,535 parameters per statement)
_IN_CHUNK = 1_000


class Warehouse:
    """The warehouse over one open connection; use `vanban.warehouse.connect.open_warehouse` to get one."""

    def __init__(self, db: Connection) -> None:
        self.db = db

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

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
                "SELECT 1 AS \"found\" FROM duckdb_constraints() WHERE \"table_name\" = ? AND \"constraint_type\" = 'PRIMARY KEY'",
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

    def _upsert(self, table: Table, row: dict[str, Any], **options: Any) -> None:
        self.db.execute(upsert_sql(table, list(row), **options), list(row.values()))

    def _bulk_upsert(self, table: Table, rows: Sequence[dict[str, Any]], **options: Any) -> None:
        """`_upsert` for many rows at once: bulk-inserted into a temporary staging table (Arrow into DuckDB,
        COPY into PostgreSQL), then one `INSERT … SELECT … ON CONFLICT`. A row upsert costs DuckDB ~7 ms;
        this ~10 µs. Rows with the same key: the last wins, as one upsert after another would leave it."""
        if not rows:
            return
        columns = list(rows[0])
        keyed = {tuple(row[key] for key in table.primary_key): row for row in rows}
        staging = Table(name=f"_vanban_staging_{table.name}", columns=table.columns, primary_key=())
        self.db.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {quote(staging.name)} AS SELECT * FROM {quote(table.name)} WHERE 1 = 0")
        self.db.execute(f"DELETE FROM {quote(staging.name)}")
        self.db.bulk_insert(staging, columns, [tuple(row[column] for column in columns) for row in keyed.values()])
        self.db.execute(upsert_sql(table, columns, source=staging.name, **options))
        self.db.execute(f"DELETE FROM {quote(staging.name)}")

    # -- loading -------------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        """True once a document with this content hash is loaded (a quarantined one does not count)."""
        rows = self.db.fetch_dicts('SELECT 1 AS "found" FROM "documents" WHERE "sha256" = ? AND "status" = ?', [sha256, "loaded"])
        return bool(rows)

    def loaded_shas(self) -> set[str]:
        """Content hashes of every loaded document, for a run to tell duplicates without asking per file."""
        rows = self.db.fetch_dicts('SELECT "sha256" FROM "documents" WHERE "status" = ?', ["loaded"])
        return {row["sha256"] for row in rows}

    def load_documents(self, loads: Sequence[DocumentLoad], *, run_id: str) -> int:
        """Store a batch of documents and replace their facts, in one transaction with bulk inserts; returns
        the facts written. Each file's sighting in `run_id` is recorded as `loaded`.

        Facts a person has reviewed (`review_status` other than `pending`) are kept as they are, and a new
        fact with the same id does not replace them. Two facts with the same id (same kind and span) are
        stored once, the more confident one. Loading the same documents again leaves the same rows; the
        archive path is noted once the file has moved (`set_archive_paths`).

        A value the database refuses rolls the whole batch back and is raised: load the batch's
        documents one at a time then, so only the one refused is set aside.

        Example:
            warehouse.load_documents([DocumentLoad(document, facts, "qd.docx", 48_213), …], run_id="r1") → 3_912
        """
        if not loads:
            return 0
        loaded_at = _now()
        documents, facts, sightings = [], [], []
        for load in loads:
            size = load.size_bytes if load.size_bytes is not None else file_size(load.document.path)
            documents.append(
                document_values(load.document, original_name=load.original_name, run_id=run_id, archive_path=None, size_bytes=size, loaded_at=loaded_at)
            )
            facts += self._fact_rows(load.document, load.facts, run_id)
            sightings.append(_sighting_row(run_id, load.original_name, load.document.sha256, "loaded", None, load.document.path, loaded_at))
        shas = list(dict.fromkeys(load.document.sha256 for load in loads))
        with self.db.transaction():
            self._bulk_upsert(DOCUMENTS, documents, first_wins=("first_run_id",), keep_when_null=("archive_path",))
            reviewed: set[str] = set()
            for chunk, marks in _in_chunks(shas):
                rows = self.db.fetch_dicts(
                    f'SELECT "id" FROM "facts" WHERE "doc_sha256" IN ({marks}) AND "review_status" <> ?', [*chunk, "pending"]
                )
                reviewed.update(row["id"] for row in rows)
                self.db.execute(f'DELETE FROM "facts" WHERE "doc_sha256" IN ({marks}) AND "review_status" = ?', [*chunk, "pending"])
            fresh = [row for row in facts if row[_ID] not in reviewed]
            self.db.bulk_insert(FACTS, FACT_INSERT_COLUMNS, fresh)
            self._bulk_upsert(SIGHTINGS, sightings, keep_when_null=("path",))
        return len(fresh)

    def record_duplicates(self, run_id: str, sightings: Sequence[tuple[str, str, str | None]]) -> None:
        """Files of known content seen in `run_id`, (original name, content hash, reason) each, in one
        transaction: what `record_sighting(…, "duplicate", …)` does for each, in bulk."""
        if not sightings:
            return
        now = _now()
        rows = [_sighting_row(run_id, name, sha256, "duplicate", reason, None, now) for name, sha256, reason in sightings]
        shas = list(dict.fromkeys(sha256 for _, sha256, _ in sightings if sha256))
        with self.db.transaction():
            self._bulk_upsert(SIGHTINGS, rows, keep_when_null=("path", "sha256"))
            for chunk, marks in _in_chunks(shas):
                self.db.execute(f'UPDATE "documents" SET "last_run_id" = ? WHERE "sha256" IN ({marks})', [run_id, *chunk])

    def archive_paths_of(self, shas: Iterable[str]) -> dict[str, str | None]:
        """Content hash → the archive path noted for its document (None: none yet), for the hashes that have a row."""
        found: dict[str, str | None] = {}
        for chunk, marks in _in_chunks(list(dict.fromkeys(shas))):
            rows = self.db.fetch_dicts(f'SELECT "sha256", "archive_path" FROM "documents" WHERE "sha256" IN ({marks})', chunk)
            found.update({row["sha256"]: row["archive_path"] for row in rows})
        return found

    @staticmethod
    def _fact_rows(document: Document, facts: list[Fact], run_id: str) -> list[tuple[Any, ...]]:
        locate = block_locator(document)
        by_id: dict[str, tuple[Any, ...]] = {}
        for fact in facts:
            row = fact_values(document, fact, run_id=run_id, locate=locate)
            kept = by_id.get(row[_ID])
            if kept is None or (row[_CONFIDENCE] or 0) > (kept[_CONFIDENCE] or 0):
                by_id[row[_ID]] = row
        return sorted(by_id.values(), key=lambda row: (row[_START], row[_END], row[_ID]))

    def record_quarantine(self, sha256: str | None, original_name: str, reason: str, run_id: str) -> None:
        """Note a file that could not be read: a `quarantined` documents row (when its hash is known) and a sighting.

        A document that is already loaded stays loaded: the same content was read fine before.
        """
        self.record_quarantines(run_id, [(sha256, original_name, reason)])

    def record_quarantines(self, run_id: str, files: Sequence[tuple[str | None, str, str]]) -> None:
        """`record_quarantine` for many files, (content hash or None, original name, reason) each, in one
        transaction with bulk upserts: an inbox of a thousand Word lock files costs one statement, not thousands."""
        if not files:
            return
        now = _now()
        documents = [
            {
                "sha256": sha256,
                "original_name": original_name,
                "format": PurePath(original_name).suffix.lstrip(".").lower() or None,
                "status": "quarantined",
                "error": reason,
                "first_run_id": run_id,
                "last_run_id": run_id,
            }
            for sha256, original_name, reason in files
            if sha256
        ]
        sightings = [_sighting_row(run_id, name, sha256, "quarantined", reason, None, now) for sha256, name, reason in files]
        with self.db.transaction():
            self._bulk_upsert(DOCUMENTS, documents, first_wins=("first_run_id",), only_if=_NOT_LOADED)
            self._bulk_upsert(SIGHTINGS, sightings, keep_when_null=("path", "sha256"))

    def record_sighting(
        self,
        run_id: str,
        original_name: str,
        sha256: str | None,
        outcome: str,
        reason: str | None = None,
        path: str | None = None,
    ) -> None:
        """One file seen in one run: `loaded`, `duplicate`, `quarantined` or `skipped`; recording it again updates it.

        A duplicate also marks its document as last seen in this run.
        """
        row = _sighting_row(run_id, original_name, sha256, outcome, reason, path, _now())
        with self.db.transaction():
            self._upsert(SIGHTINGS, row, keep_when_null=("path", "sha256"))
            if outcome == "duplicate" and sha256:
                self.db.execute('UPDATE "documents" SET "last_run_id" = ? WHERE "sha256" = ?', [run_id, sha256])

    def set_archive_paths(self, paths: Mapping[str, str | PurePath], *, relative_to: Path | None = None) -> None:
        """Note where each document's file was archived (content hash → path), in one transaction.

        Paths inside `relative_to` (the workspace) are stored relative to it, `archive/2024-05-01/qd.docx`,
        so the report links to them from `reports/` and the workspace can move as a whole.

        Example:
            warehouse.set_archive_paths({sha: home / "archive/2024-05-01/qd.docx"}, relative_to=home)
        """
        stored = {}
        for sha256, path in paths.items():
            place = PurePath(path)
            if relative_to is not None and place.is_relative_to(relative_to):
                place = place.relative_to(relative_to)
            stored[sha256] = place.as_posix()
        if not stored:
            return
        staging = Table(name="_vanban_staging_archive_paths", columns=(DOCUMENTS.column("sha256"), DOCUMENTS.column("archive_path")), primary_key=())
        with self.db.transaction():
            # -- one UPDATE … FROM a staged batch: an UPDATE per document costs DuckDB a few ms each
            self.db.execute(
                f'CREATE TEMPORARY TABLE IF NOT EXISTS {quote(staging.name)} AS SELECT "sha256", "archive_path" FROM "documents" WHERE 1 = 0'
            )
            self.db.execute(f"DELETE FROM {quote(staging.name)}")
            self.db.bulk_insert(staging, ["sha256", "archive_path"], list(stored.items()))
            self.db.execute(
                f'UPDATE "documents" SET "archive_path" = s."archive_path" FROM {quote(staging.name)} s WHERE "documents"."sha256" = s."sha256"'
            )
            self.db.execute(f"DELETE FROM {quote(staging.name)}")

    # -- runs ----------------------------------------------------------------------------------

    def start_run(self, run_id: str, started_at: datetime, *, inbox: str | None = None) -> int:
        """Record a run as `running`; returns how many earlier runs of `inbox` it marked `interrupted`.

        Only one run holds an inbox at a time (vanban.flows.nightly.holding_inbox), so an earlier run of the same
        inbox still `running` was killed, or its machine went down, before it could say how it ended.
        """
        with self.db.transaction():
            interrupted = 0
            if inbox is not None:
                stale = self.db.fetch_dicts(
                    'SELECT "id" FROM "runs" WHERE "inbox" = ? AND "status" = ? AND "id" <> ?', [inbox, "running", run_id]
                )
                interrupted = len(stale)
                if stale:
                    self.db.execute(
                        'UPDATE "runs" SET "status" = ?, "error" = ? WHERE "inbox" = ? AND "status" = ? AND "id" <> ?',
                        ["interrupted", INTERRUPTED_RUN, inbox, "running", run_id],
                    )
            self._upsert(RUNS, {"id": run_id, "started_at": started_at, "status": "running", "inbox": inbox})
        return interrupted

    def finish_run(
        self,
        run_id: str,
        *,
        finished_at: datetime,
        files_seen: int,
        loaded: int,
        duplicates: int,
        quarantined: int,
        skipped: int,
        status: str,
        error: str | None = None,
        report_path: str | None = None,
    ) -> None:
        row = {
            "id": run_id,
            "finished_at": finished_at,
            "files_seen": files_seen,
            "loaded": loaded,
            "duplicates": duplicates,
            "quarantined": quarantined,
            "skipped": skipped,
            "status": status,
            "error": error,
            "report_path": report_path,
        }
        self._upsert(RUNS, row)

    def set_report_path(self, run_id: str, report_path: str) -> None:
        """Note where the run's report was written (known only after `finish_run`, once the page is rendered)."""
        self._upsert(RUNS, {"id": run_id, "report_path": report_path})

    # -- reading -------------------------------------------------------------------------------

    def iter_facts(self, *, run_id: str | None = None, status: str | None = None) -> Iterator[dict[str, Any]]:
        """Facts in the contract's shape plus provenance (keys: `vanban.warehouse.rows.FACT_ROW_FIELDS`).

        Args:
            run_id: only facts written by this run.
            status: only facts with this review status (`pending`, `accepted`, …).

        Example:
            next(warehouse.iter_facts())
            → {"id": "…", "doc_sha256": "…", "original_name": "qd.docx", "kind": "percent", "value": 51.47, …}
        """
        conditions, params = [], []
        if run_id is not None:
            conditions.append('f."run_id" = ?')
            params.append(run_id)
        if status is not None:
            conditions.append('f."review_status" = ?')
            params.append(status)
        where = (" WHERE " + " AND ".join(conditions)) if conditions else ""
        for row in self.db.iter_dicts(_FACTS_WITH_NAME + where + _FACT_ORDER, params):
            yield fact_dict(row)

    def fact_counts(self) -> dict[str, int]:
        """Facts per kind over the whole warehouse, every kind present (0 when none)."""
        counts = dict.fromkeys(FACT_KINDS, 0)
        for row in self.db.fetch_dicts('SELECT "kind", COUNT(*) AS "n" FROM "facts" GROUP BY "kind"'):
            counts[row["kind"]] = int(row["n"])
        return counts

    def org_entities(self) -> list[dict[str, Any]]:
        """Each organisation entity across the warehouse: its id, one name, its mentions and documents.

        The name shown is the most frequent spelling (`normalized`, else the text), ties broken
        alphabetically so the answer is the same on both databases; most mentioned first.

        Example:
            warehouse.org_entities()[0] → {"entity_id": "3f…", "name": "Huyện ủy Cao Lộc", "mentions": 12, "documents": 3}
        """
        rows = self.db.fetch_dicts(
            'SELECT "entity_id", COALESCE("normalized", "text") AS "name", COUNT(*) AS "n" FROM "facts" '
            'WHERE "kind" = ? AND "entity_id" IS NOT NULL GROUP BY "entity_id", COALESCE("normalized", "text")',
            ["org"],
        )
        entities: dict[str, dict[str, Any]] = {}
        for row in sorted(rows, key=lambda r: (-int(r["n"]), r["name"])):
            entity = entities.setdefault(
                row["entity_id"], {"entity_id": row["entity_id"], "name": row["name"], "mentions": 0, "documents": 0}
            )
            entity["mentions"] += int(row["n"])
        documents = self.db.fetch_dicts(
            'SELECT "entity_id", COUNT(DISTINCT "doc_sha256") AS "docs" FROM "facts" '
            'WHERE "kind" = ? AND "entity_id" IS NOT NULL GROUP BY "entity_id"',
            ["org"],
        )
        for row in documents:
            entities[row["entity_id"]]["documents"] = int(row["docs"])
        return sorted(entities.values(), key=lambda e: (-e["mentions"], e["name"]))

    def document_count(self) -> int:
        """Loaded documents (quarantined ones not counted)."""
        rows = self.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "documents" WHERE "status" = ?', ["loaded"])
        return int(rows[0]["n"])

    def report_data(self, run_id: str | None = None, *, max_facts: int | None = None) -> ReportData:
        """What the report shows for one run (documents it loaded, files it set aside), or for everything.

        Facts are read for whole documents in name order while they stay within `max_facts` (default
        `VANBAN_REPORT_MAX_FACTS`); every document is counted, the later ones come without their facts.

        Raises:
            LookupError: `run_id` is not in the `runs` table.
        """
        limit = report_max_facts() if max_facts is None else max_facts
        run = self._run_summary(run_id) if run_id is not None else None
        if run_id is not None:
            in_run = ' AND "sha256" IN (SELECT "sha256" FROM "sightings" WHERE "run_id" = ? AND "outcome" = ?)'
            params: list[Any] = ["loaded", run_id, "loaded"]
        else:
            in_run, params = "", ["loaded"]
        document_rows = self.db.fetch_dicts(
            'SELECT * FROM "documents" WHERE "status" = ?' + in_run + ' ORDER BY "original_name", "sha256"', params
        )
        documents = {row["sha256"]: _document_report(row) for row in document_rows}
        fact_where = ' WHERE f."doc_sha256" IN (SELECT "sha256" FROM "documents" WHERE "status" = ?' + in_run + ")"
        counts = dict.fromkeys(FACT_KINDS, 0)
        per_kind = 'SELECT f."doc_sha256" AS "sha256", f."kind", COUNT(*) AS "n" FROM "facts" f' + fact_where
        for row in self.db.fetch_dicts(per_kind + ' GROUP BY f."doc_sha256", f."kind"', params):
            documents[row["sha256"]].fact_counts[row["kind"]] = int(row["n"])
            counts[row["kind"]] += int(row["n"])
        shown = _documents_within(documents.values(), limit)
        for document in documents.values():
            document.facts_shown = document.sha256 in shown
        for chunk, marks in _in_chunks(sorted(shown)):
            in_chunk = f' AND f."doc_sha256" IN ({marks})'
            for row in self.db.iter_dicts(_FACTS_WITH_NAME + fact_where + in_chunk + _FACT_ORDER, [*params, *chunk]):
                fact = fact_dict(row)
                documents[fact["doc_sha256"]].facts.append(fact)
        return ReportData(
            run=run,
            documents=list(documents.values()),
            quarantined=self._quarantined(run_id),
            duplicates=self._duplicates(run_id),
            fact_counts=counts,
            linked_documents=self._linked_documents(documents.values()),
            unit_points=self._unit_points(documents.values()),
            max_facts=limit,
        )

    def _linked_documents(self, documents: Any) -> dict[str, LinkedDocument]:
        """Documents in the warehouse that the report's docrefs cite, by `symbol_key` of their sign."""
        wanted = {symbol_key(fact["symbol"]) for document in documents for fact in document.facts if fact["kind"] == "docref"}
        wanted.discard(None)
        if not wanted:
            return {}
        rows = self.db.fetch_dicts(
            'SELECT "sha256", "original_name", "symbol", "doc_type", "date", "subject", "archive_path" FROM "documents" '
            'WHERE "status" = ? AND "symbol" IS NOT NULL ORDER BY "original_name", "sha256"',
            ["loaded"],
        )
        linked: dict[str, LinkedDocument] = {}
        for row in rows:
            key = symbol_key(row["symbol"])
            if key in wanted and key not in linked:
                linked[key] = LinkedDocument(**row)
        return linked

    def _unit_points(self, documents: Any) -> list[UnitPoint]:
        """Dated counts, across the warehouse, of the units the report's documents count (not rejected ones):
        of the `_CHART_UNITS` units counted on the most dates, the latest `_CHART_POINTS` counts at most,
        so a warehouse of millions of counts gives the charts what they draw, not all its rows."""
        wanted = {unit_key(fact["unit"]) for document in documents for fact in document.facts if fact["kind"] == "count"}
        wanted.discard(None)
        if not wanted:
            return []
        dated = (
            'FROM "facts" f JOIN "documents" d ON d."sha256" = f."doc_sha256" '
            'WHERE f."kind" = ? AND f."value_num" IS NOT NULL AND f."value_high" IS NULL AND f."review_status" <> ? '
            'AND d."status" = ? AND d."date" IS NOT NULL AND f."unit" IS NOT NULL'
        )
        history: dict[str, list[int]] = {}
        spellings_of: dict[str, list[str]] = {}
        for row in self.db.fetch_dicts(
            f'SELECT f."unit", COUNT(DISTINCT d."date") AS "dates", COUNT(*) AS "n" {dated} GROUP BY f."unit"',
            ["count", "rejected", "loaded"],
        ):
            key = unit_key(row["unit"])
            if key in wanted:
                totals = history.setdefault(key, [0, 0])
                totals[0], totals[1] = max(totals[0], int(row["dates"])), totals[1] + int(row["n"])
                spellings_of.setdefault(key, []).append(row["unit"])
        ranked = sorted(history, key=lambda key: (-history[key][0], -history[key][1], key))[:_CHART_UNITS]
        spellings = [spelling for key in ranked for spelling in spellings_of[key]]
        if not spellings:
            return []
        marks = ", ".join("?" for _ in spellings)
        rows = self.db.fetch_dicts(
            'SELECT f."unit", f."value_num" AS "value", f."text", f."organisation", d."date", d."original_name", d."sha256" '
            f'{dated} AND f."unit" IN ({marks}) '
            f'ORDER BY d."date" DESC, d."original_name" DESC, f."start_offset" DESC LIMIT {_CHART_POINTS}',
            ["count", "rejected", "loaded", *spellings],
        )
        return [UnitPoint(**row) for row in reversed(rows)]

    def _run_summary(self, run_id: str) -> RunSummary:
        rows = self.db.fetch_dicts('SELECT * FROM "runs" WHERE "id" = ?', [run_id])
        if not rows:
            raise LookupError(f"no run {run_id!r} in the warehouse; `vanban report` without a run id covers all documents")
        return RunSummary(**{name: rows[0][name] for name in RUNS.column_names})

    def _quarantined(self, run_id: str | None) -> list[FileNote]:
        if run_id is not None:
            rows = self.db.fetch_dicts(
                'SELECT "original_name", "sha256", "reason" FROM "sightings" '
                'WHERE "run_id" = ? AND "outcome" = ? ORDER BY "original_name"',
                [run_id, "quarantined"],
            )
        else:
            # -- across runs: quarantined documents, plus files so broken that not even their hash is known
            rows = self.db.fetch_dicts(
                'SELECT "original_name", "sha256", "error" AS "reason" FROM "documents" WHERE "status" = ? '
                'UNION SELECT "original_name", "sha256", "reason" FROM "sightings" WHERE "outcome" = ? AND "sha256" IS NULL '
                'ORDER BY "original_name"',
                ["quarantined", "quarantined"],
            )
        return [FileNote(original_name=row["original_name"], sha256=row["sha256"], reason=row["reason"]) for row in rows]

    def _duplicates(self, run_id: str | None) -> list[FileNote]:
        sql = (
            'SELECT s."original_name", s."sha256", s."reason", d."original_name" AS "same_as" FROM "sightings" s '
            'LEFT JOIN "documents" d ON d."sha256" = s."sha256" WHERE s."outcome" = ?'
        )
        params: list[Any] = ["duplicate"]
        if run_id is not None:
            sql += ' AND s."run_id" = ?'
            params.append(run_id)
        rows = self.db.fetch_dicts(sql + ' ORDER BY s."original_name"', params)
        seen: dict[tuple[str, str | None], FileNote] = {}
        for row in rows:
            seen.setdefault((row["original_name"], row["sha256"]), FileNote(**row))
        return list(seen.values())

    # -- review ------------------------------------------------------------------------------

    def list_facts(
        self,
        *,
        kind: str | None = None,
        status: str | Sequence[str] | None = None,
        doc_sha256: str | None = None,
        run_id: str | None = None,
        search: str | None = None,
        max_confidence: float | None = None,
        fact_id: str | None = None,
        order: str = "document",
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """One page of facts for a reviewer, with the document each comes from.

        Each row has the keys of `iter_facts` plus `doc_symbol`, `doc_type_of_document`, `doc_date`,
        `doc_subject` and `doc_archive_path`.

        Args:
            status: one review status or several (`("accepted", "corrected")`).
            search: words found in the fact's text, its sentence, its organisation or the file name (case-insensitive).
            max_confidence: only facts at most this confident (unknown confidence counts as 0).
            order: `document` (file, then place in the text), `confidence` (least confident first)
                or `reviewed` (latest decision first).

        Example:
            warehouse.list_facts(status="pending", order="confidence", limit=20)[0]["confidence"] → 0.6
        """
        if order not in _LIST_ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of {', '.join(_LIST_ORDERS)}")
        where, params = _fact_filters(kind, status, doc_sha256, run_id, search, max_confidence, fact_id)
        sql = _LIST_FACTS + where + _LIST_ORDERS[order]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [_listed_fact(row) for row in self.db.fetch_dicts(sql, params)]

    def count_facts(self, **filters: Any) -> int:
        """How many facts `list_facts` would give without a limit (same filters)."""
        where, params = _fact_filters(**_filter_args(filters))
        rows = self.db.fetch_dicts(_COUNT_FACTS + where, params)
        return int(rows[0]["n"])

    def review_counts(self, **filters: Any) -> dict[str, int]:
        """Facts per review status under the filters of `list_facts` (its `status` ignored); every status present."""
        filters.pop("status", None)
        where, params = _fact_filters(**_filter_args(filters))
        counts = dict.fromkeys(REVIEW_STATUSES, 0)
        for row in self.db.fetch_dicts(_COUNT_FACTS.replace('COUNT(*) AS "n"', 'f."review_status", COUNT(*) AS "n"') + where + ' GROUP BY f."review_status"', params):
            counts[row["review_status"]] = int(row["n"])
        return counts

    def get_fact(self, fact_id: str) -> dict[str, Any] | None:
        """One fact in the shape of `list_facts`, or None."""
        rows = self.list_facts(fact_id=fact_id, limit=1)
        return rows[0] if rows else None

    def review_fact(
        self, fact_id: str, action: str, reviewer: str, *, changes: dict[str, Any] | None = None, note: str | None = None
    ) -> dict[str, Any]:
        """Record a reviewer's decision on one fact, and its audit row, in one transaction.

        `accept` and `reject` set the status; `correct` applies `changes` (contract names: `value`,
        `unit`, `organisation`, `normalized`, `symbol`; see `vanban.warehouse.rows.CORRECTABLE_FIELDS`) and sets
        `corrected`. A reviewed fact is never replaced by a later load. Returns the audit row.

        Example:
            warehouse.review_fact(fid, "correct", "Lan", changes={"value": 1250, "unit": "đảng viên"})
            → {"id": "…", "fact_id": fid, "action": "correct", "reviewer": "Lan", "at": datetime(…),
               "previous": {"review_status": "pending", "value": 1200, …}, "new": {"review_status": "corrected", "value": 1250, …}}

        Raises:
            LookupError: no fact with this id.
            ValueError: an unknown action, no reviewer name, changes on an accept or reject, a field the
                kind cannot have corrected, or a correction that changes nothing.
        """
        if action not in ACTION_STATUSES:
            raise ValueError(f"unknown review action {action!r}; use one of {', '.join(ACTION_STATUSES)}")
        reviewer = " ".join((reviewer or "").split())
        if not reviewer:
            raise ValueError("a review needs the reviewer's name")
        if action != "correct" and changes:
            raise ValueError(f"only a correction changes a fact's values, not {action!r}")
        note = " ".join(note.split()) or None if note is not None else None
        # -- PostgreSQL: hold the row so two reviewers deciding at once each see the other's result as `previous`
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        at = _now()
        with self.db.transaction():
            rows = self.db.fetch_dicts('SELECT * FROM "facts" WHERE "id" = ?' + lock, [fact_id])
            if not rows:
                raise LookupError(f"no fact {fact_id!r} in the warehouse")
            row = rows[0]
            updates = correction_columns(row["kind"], changes or {}) if action == "correct" else {}
            if action == "correct" and not updates:
                raise ValueError("a correction needs at least one changed field")
            updates["review_status"] = ACTION_STATUSES[action]
            if note is not None:
                updates["review_note"] = note
            previous = review_snapshot(row)
            new = review_snapshot(row | updates)
            if action == "correct" and {k: v for k, v in new.items() if k != "review_status"} == {
                k: v for k, v in previous.items() if k != "review_status"
            }:
                raise ValueError("the correction changes nothing: accept the fact instead")
            updates |= {"reviewed_by": reviewer, "reviewed_at": at}
            assignments = ", ".join(f"{quote(column)} = ?" for column in updates)
            self.db.execute(f'UPDATE "facts" SET {assignments} WHERE "id" = ?', [*updates.values(), fact_id])
            audit = {
                "id": uuid.uuid4().hex,
                "fact_id": fact_id,
                "doc_sha256": row["doc_sha256"],
                "action": action,
                "reviewer": reviewer,
                "at": at,
                "previous": previous,
                "new": new,
            }
            listed = ", ".join(quote(column) for column in audit)
            values = [to_json(value) if column in ("previous", "new") else value for column, value in audit.items()]
            self.db.execute(f'INSERT INTO "fact_reviews" ({listed}) VALUES ({", ".join("?" for _ in audit)})', values)
        return audit

    def fact_reviews(self, fact_id: str | None = None, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The audit trail, oldest decision first (one fact's, or all); `previous` and `new` as dicts."""
        sql, params = 'SELECT * FROM "fact_reviews"', []
        if fact_id is not None:
            sql += ' WHERE "fact_id" = ?'
            params.append(fact_id)
        sql += ' ORDER BY "at", "id"'
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = self.db.fetch_dicts(sql, params)
        return [row | {"previous": from_json(row["previous"]), "new": from_json(row["new"])} for row in rows]

    def list_documents(self) -> list[dict[str, Any]]:
        """Loaded documents with their facts and pending facts counted, by file name (the reviewer's document filter)."""
        return self.db.fetch_dicts(
            'SELECT d."sha256", d."original_name", d."symbol", d."doc_type", d."date", d."archive_path", '
            'COUNT(f."id") AS "facts", SUM(CASE WHEN f."review_status" = ? THEN 1 ELSE 0 END) AS "pending" '
            'FROM "documents" d LEFT JOIN "facts" f ON f."doc_sha256" = d."sha256" WHERE d."status" = ? '
            'GROUP BY d."sha256", d."original_name", d."symbol", d."doc_type", d."date", d."archive_path" '
            'ORDER BY d."original_name", d."sha256"',
            ["pending", "loaded"],
        )

    def get_document(self, sha256: str) -> dict[str, Any] | None:
        """The documents row of one content hash, or None."""
        rows = self.db.fetch_dicts('SELECT * FROM "documents" WHERE "sha256" = ?', [sha256])
        return rows[0] if rows else None

    def list_runs(self, limit: int = 30) -> list[dict[str, Any]]:
        """The latest runs first: id, start, files loaded, status."""
        return self.db.fetch_dicts(
            'SELECT "id", "started_at", "loaded", "status" FROM "runs" ORDER BY "started_at" DESC NULLS LAST, "id" DESC LIMIT ?',
            [int(limit)],
        )


def _sighting_row(
    run_id: str, original_name: str, sha256: str | None, outcome: str, reason: str | None, path: str | None, seen_at: datetime
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "original_name": original_name,
        "sha256": sha256,
        "outcome": outcome,
        "reason": reason,
        "path": path,
        "seen_at": seen_at,
    }


def _in_chunks(values: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """(values, `?, ?, …`) in chunks of at most `_IN_CHUNK`, for `… IN (…)`."""
    for start in range(0, len(values), _IN_CHUNK):
        chunk = list(values[start : start + _IN_CHUNK])
        yield chunk, ", ".join("?" for _ in chunk)


def _documents_within(documents: Iterable[DocumentReport], max_facts: int) -> set[str]:
    """The documents, in order, whose facts together stay within `max_facts` (the first one always)."""
    shown: set[str] = set()
    total = 0
    for document in documents:
        total += document.fact_total
        if shown and total > max_facts:
            break
        shown.add(document.sha256)
    return shown


def _document_report(row: dict[str, Any]) -> DocumentReport:
    return DocumentReport(
        sha256=row["sha256"],
        original_name=row["original_name"],
        format=row["format"],
        pages=row["pages"],
        header=header_from_row(row),
        encoding=row["encoding"],
        legacy_encoding=row["legacy_encoding"],
        warnings=from_json(row["warnings"]) or [],
        archive_path=row["archive_path"],
        ocr_pages={int(page): float(share) for page, share in (from_json(row.get("ocr_pages")) or {}).items()},
    )


_LIST_FACTS = (
    'SELECT f.*, d."original_name", d."symbol" AS "doc_symbol", d."doc_type" AS "doc_type_of_document", '
    'd."date" AS "doc_date", d."subject" AS "doc_subject", d."archive_path" AS "doc_archive_path" '
    'FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
)
_COUNT_FACTS = 'SELECT COUNT(*) AS "n" FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
_LIST_ORDERS = {
    "document": _FACT_ORDER,
    "confidence": ' ORDER BY COALESCE(f."confidence", 0), d."original_name", f."doc_sha256", f."start_offset", f."id"',
    "reviewed": ' ORDER BY f."reviewed_at" DESC NULLS LAST, f."id"',
}
_DOCUMENT_KEYS = ("doc_symbol", "doc_type_of_document", "doc_date", "doc_subject", "doc_archive_path")
_SEARCHED = ('f."text"', 'f."sentence"', 'f."organisation"', 'f."normalized"', 'f."symbol"', 'd."original_name"')


def _filter_args(filters: dict[str, Any]) -> dict[str, Any]:
    allowed = ("kind", "status", "doc_sha256", "run_id", "search", "max_confidence", "fact_id")
    unknown = sorted(set(filters) - set(allowed))
    if unknown:
        raise TypeError(f"unknown fact filter {', '.join(unknown)}; use {', '.join(allowed)}")
    return filters


def _like_pattern(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fact_filters(
    kind: str | None = None,
    status: str | Sequence[str] | None = None,
    doc_sha256: str | None = None,
    run_id: str | None = None,
    search: str | None = None,
    max_confidence: float | None = None,
    fact_id: str | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (with its parameters) shared by `list_facts`, `count_facts` and `review_counts`."""
    conditions: list[str] = []
    params: list[Any] = []
    for column, value in (("kind", kind), ("doc_sha256", doc_sha256), ("run_id", run_id), ("id", fact_id)):
        if value:
            conditions.append(f"f.{quote(column)} = ?")
            params.append(value)
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        unknown = sorted(set(statuses) - set(REVIEW_STATUSES))
        if unknown:
            raise ValueError(f"unknown review status {', '.join(unknown)}; use {', '.join(REVIEW_STATUSES)}")
        conditions.append('f."review_status" IN (' + ", ".join("?" for _ in statuses) + ")")
        params += statuses
    if max_confidence is not None:
        conditions.append('COALESCE(f."confidence", 0) <= ?')
        params.append(float(max_confidence))
    for word in (search or "").split():
        conditions.append("(" + " OR ".join(f"{column} ILIKE ? ESCAPE '\\'" for column in _SEARCHED) + ")")
        params += [_like_pattern(word)] * len(_SEARCHED)
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def _listed_fact(row: dict[str, Any]) -> dict[str, Any]:
    listed = fact_dict(row)
    listed.update({key: row.get(key) for key in _DOCUMENT_KEYS})
    return listed
