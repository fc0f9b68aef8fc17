"""The warehouse: load documents and facts, record runs and sightings, read facts and report data.

Example:
    with open_warehouse(None, default_path=Path("var/warehouse.duckdb")) as warehouse:
        warehouse.ensure_schema()
        if not warehouse.has_document(document.sha256):
            warehouse.load_document(document, facts, original_name="qd-1581.docx", run_id=run_id, archive_path=None)

One implementation for DuckDB and PostgreSQL: the SQL below is portable (quoted identifiers, `?`
placeholders, `INSERT … ON CONFLICT`), and `warehouse.dialects` carries the few differences.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import PurePath
from types import TracebackType
from typing import Any

from models.document import Document
from models.fact import FACT_KINDS, Fact
from models.schema import DOCUMENTS, FACTS, RUNS, SIGHTINGS, Table, quote, schema_sql
from warehouse.dialects import Connection
from warehouse.report_data import DocumentReport, FileNote, ReportData, RunSummary
from warehouse.rows import (
    FACT_INSERT_COLUMNS,
    block_locator,
    document_values,
    fact_dict,
    fact_values,
    file_size,
    from_json,
    header_from_row,
)

_ID = FACT_INSERT_COLUMNS.index("id")
_CONFIDENCE = FACT_INSERT_COLUMNS.index("confidence")
_START = FACT_INSERT_COLUMNS.index("start_offset")
_END = FACT_INSERT_COLUMNS.index("end_offset")

_FACTS_WITH_NAME = (
    'SELECT f.*, d."original_name" FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
)
# -- a quarantine never overrides a document that was read fine before
_NOT_LOADED = "\"documents\".\"status\" <> 'loaded'"
_FACT_ORDER = ' ORDER BY d."original_name", f."doc_sha256", f."start_offset", f."end_offset", f."kind", f."id"'


def upsert_sql(
    table: Table,
    columns: Sequence[str],
    *,
    first_wins: Sequence[str] = (),
    keep_when_null: Sequence[str] = (),
    only_if: str | None = None,
) -> str:
    """`INSERT … ON CONFLICT (pk) DO UPDATE SET …` for the given columns; both dialects accept it.

    Args:
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
    sql = f"INSERT INTO {name} ({listed}) VALUES ({marks}) ON CONFLICT ({keys}) DO UPDATE SET {', '.join(updates)}"
    return sql + (f" WHERE {only_if}" if only_if else "")


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Warehouse:
    """The warehouse over one open connection; use `warehouse.connect.open_warehouse` to get one."""

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

    def _upsert(self, table: Table, row: dict[str, Any], **options: Any) -> None:
        self.db.execute(upsert_sql(table, list(row), **options), list(row.values()))

    # -- loading -------------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        """True once a document with this content hash is loaded (a quarantined one does not count)."""
        rows = self.db.fetch_dicts('SELECT 1 AS "found" FROM "documents" WHERE "sha256" = ? AND "status" = ?', [sha256, "loaded"])
        return bool(rows)

    def loaded_shas(self) -> set[str]:
        """Content hashes of every loaded document, for a run to tell duplicates without asking per file."""
        rows = self.db.fetch_dicts('SELECT "sha256" FROM "documents" WHERE "status" = ?', ["loaded"])
        return {row["sha256"] for row in rows}

    def load_document(
        self,
        document: Document,
        facts: list[Fact],
        *,
        original_name: str,
        run_id: str,
        archive_path: str | None,
        size_bytes: int | None = None,
    ) -> int:
        """Store a document and replace its facts, all in one transaction; returns the facts written.

        Facts a person has reviewed (`review_status` other than `pending`) are kept as they are,
        and a new fact with the same id does not replace them. Two facts with the same id (same kind
        and span) are stored once, the more confident one. Loading the same document again leaves
        the same rows. The file's sighting in `run_id` is recorded as `loaded`.

        Example:
            warehouse.load_document(document, facts, original_name="qd.docx", run_id="r1", archive_path="archive/qd.docx") → 42
        """
        loaded_at = _now()
        document_row = document_values(
            document,
            original_name=original_name,
            run_id=run_id,
            archive_path=archive_path,
            size_bytes=size_bytes if size_bytes is not None else file_size(document.path, archive_path),
            loaded_at=loaded_at,
        )
        rows = self._fact_rows(document, facts, run_id)
        sighting = _sighting_row(run_id, original_name, document.sha256, "loaded", None, document.path, loaded_at)
        with self.db.transaction():
            self._upsert(DOCUMENTS, document_row, first_wins=("first_run_id",))
            reviewed = {
                row["id"]
                for row in self.db.fetch_dicts(
                    'SELECT "id" FROM "facts" WHERE "doc_sha256" = ? AND "review_status" <> ?', [document.sha256, "pending"]
                )
            }
            self.db.execute('DELETE FROM "facts" WHERE "doc_sha256" = ? AND "review_status" = ?', [document.sha256, "pending"])
            fresh = [row for row in rows if row[_ID] not in reviewed]
            self.db.bulk_insert(FACTS, FACT_INSERT_COLUMNS, fresh)
            self._upsert(SIGHTINGS, sighting, keep_when_null=("path",))
        return len(fresh)

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
        now = _now()
        with self.db.transaction():
            if sha256:
                row = {
                    "sha256": sha256,
                    "original_name": original_name,
                    "format": PurePath(original_name).suffix.lstrip(".").lower() or None,
                    "status": "quarantined",
                    "error": reason,
                    "first_run_id": run_id,
                    "last_run_id": run_id,
                }
                self._upsert(DOCUMENTS, row, first_wins=("first_run_id",), only_if=_NOT_LOADED)
            sighting = _sighting_row(run_id, original_name, sha256, "quarantined", reason, None, now)
            self._upsert(SIGHTINGS, sighting, keep_when_null=("path", "sha256"))

    def record_sighting(
        self,
        run_id: str,
        original_name: str,
        sha256: str | None,
        outcome: str,
        reason: str | None = None,
        path: str | None = None,
    ) -> None:
        """One file seen in one run: `loaded`, `duplicate`, `quarantined` or `skipped`; recording it again updates it."""
        row = _sighting_row(run_id, original_name, sha256, outcome, reason, path, _now())
        self._upsert(SIGHTINGS, row, keep_when_null=("path", "sha256"))

    # -- runs ----------------------------------------------------------------------------------

    def start_run(self, run_id: str, started_at: datetime) -> None:
        self._upsert(RUNS, {"id": run_id, "started_at": started_at, "status": "running"})

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
        """Facts in the contract's shape plus provenance (keys: `warehouse.rows.FACT_ROW_FIELDS`).

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

    def document_count(self) -> int:
        """Loaded documents (quarantined ones not counted)."""
        rows = self.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "documents" WHERE "status" = ?', ["loaded"])
        return int(rows[0]["n"])

    def report_data(self, run_id: str | None = None) -> ReportData:
        """What the report shows for one run (documents it loaded, files it set aside), or for everything.

        Raises:
            LookupError: `run_id` is not in the `runs` table.
        """
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
        for row in self.db.iter_dicts(_FACTS_WITH_NAME + fact_where + _FACT_ORDER, params):
            fact = fact_dict(row)
            documents[fact["doc_sha256"]].facts.append(fact)
            counts[fact["kind"]] += 1
        return ReportData(
            run=run,
            documents=list(documents.values()),
            quarantined=self._quarantined(run_id),
            duplicates=self._duplicates(run_id),
            fact_counts=counts,
        )

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
    )
