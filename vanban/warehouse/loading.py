"""Loading: documents and their facts in batches, files seen as duplicates or quarantined, where each
document's file was archived.

Example:
    warehouse.load_documents([DocumentLoad(document, facts, "qd-1581.docx", 48_213)], run_id=run_id) → 42
    warehouse.set_archive_paths({document.sha256: home / "archive/2024-05-01/qd-1581.docx"}, relative_to=home)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, NamedTuple

from vanban.models.document import Document
from vanban.models.fact import Fact
from vanban.models.schema import (
    DOCUMENTS,
    FACTS,
    SIGHTINGS,
    Table,
    quote,
)
from vanban.warehouse.rows import (
    FACT_INSERT_COLUMNS,
    block_locator,
    document_values,
    fact_values,
    file_size,
)
from vanban.warehouse.sql import WarehousePart, in_chunks, utc_now
from vanban.warehouse.task_rows import TaskTableRows
from vanban.warehouse.tasks import clear_task_rows, followed_task_ids, write_task_rows

_ID = FACT_INSERT_COLUMNS.index("id")
_CONFIDENCE = FACT_INSERT_COLUMNS.index("confidence")
_START = FACT_INSERT_COLUMNS.index("start_offset")
_END = FACT_INSERT_COLUMNS.index("end_offset")
# -- a quarantine never overrides a document that was read fine before
_NOT_LOADED = '"documents"."status" <> \'loaded\''


class DocumentLoad(NamedTuple):
    """One document of a batch for `LoadingPart.load_documents`."""

    document: Document
    facts: list[Fact]
    original_name: str
    size_bytes: int | None = None


class LoadingPart(WarehousePart):
    """Writes what a run found: documents and facts, duplicates, quarantines, sightings, archive paths."""

    def has_document(self, sha256: str) -> bool:
        """True once a document with this content hash is loaded (a quarantined one does not count)."""
        rows = self.db.fetch_dicts(
            'SELECT 1 AS "found" FROM "documents" WHERE "sha256" = ? AND "status" = ?', [sha256, "loaded"]
        )
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
        stored once, the more confident one. Task and person facts also get their rows in `tasks`,
        `task_bodies`, `people` and `person_posts`, replaced and kept as their facts are; a task marked done
        or not done keeps its rows and its fact. Loading the same documents again leaves the same rows; the
        archive path is noted once the file has moved (`set_archive_paths`).

        A value the database refuses rolls the whole batch back and is raised: load the batch's
        documents one at a time then, so only the one refused is set aside.

        Example:
            warehouse.load_documents([DocumentLoad(document, facts, "qd.docx", 48_213), …], run_id="r1") → 3_912
        """
        if not loads:
            return 0
        loaded_at = utc_now()
        documents, facts, sightings = [], [], []
        for load in loads:
            size = load.size_bytes if load.size_bytes is not None else file_size(load.document.path)
            documents.append(
                document_values(
                    load.document,
                    original_name=load.original_name,
                    run_id=run_id,
                    archive_path=None,
                    size_bytes=size,
                    loaded_at=loaded_at,
                )
            )
            facts += self._fact_rows(load.document, load.facts, run_id)
            sightings.append(
                _sighting_row(
                    run_id, load.original_name, load.document.sha256, "loaded", None, load.document.path, loaded_at
                )
            )
        shas = list(dict.fromkeys(load.document.sha256 for load in loads))
        with self.db.transaction():
            self._bulk_upsert(DOCUMENTS, documents, first_wins=("first_run_id",), keep_when_null=("archive_path",))
            reviewed: set[str] = set()
            for chunk, marks in in_chunks(shas):
                rows = self.db.fetch_dicts(
                    f'SELECT "id" FROM "facts" WHERE "doc_sha256" IN ({marks}) AND "review_status" <> ?',
                    [*chunk, "pending"],
                )
                reviewed.update(row["id"] for row in rows)
                # -- a task marked done or not done keeps its fact too, whatever the fact's review status
                followed = followed_task_ids(self.db, chunk, marks)
                reviewed.update(followed)
                clear_task_rows(self.db, chunk, marks)
                self.db.execute(
                    f'DELETE FROM "facts" WHERE "doc_sha256" IN ({marks}) AND "review_status" = ?'
                    + (' AND "id" NOT IN (' + ", ".join("?" for _ in followed) + ")" if followed else ""),
                    [*chunk, "pending", *followed],
                )
            fresh = [row for row in facts if row[_ID] not in reviewed]
            self.db.bulk_insert(FACTS, FACT_INSERT_COLUMNS, fresh)
            task_rows = TaskTableRows()
            for load in loads:
                task_rows.add(load.document, load.facts, run_id=run_id, keep=reviewed)
            write_task_rows(self.db, task_rows)
            self._bulk_upsert(SIGHTINGS, sightings, keep_when_null=("path",))
        return len(fresh)

    def record_duplicates(self, run_id: str, sightings: Sequence[tuple[str, str | None, str | None]]) -> None:
        """Files of known content seen in `run_id`, (original name, content hash, reason) each, in one
        transaction: what `record_sighting(…, "duplicate", …)` does for each, in bulk."""
        if not sightings:
            return
        now = utc_now()
        rows = [
            _sighting_row(run_id, name, sha256, "duplicate", reason, None, now) for name, sha256, reason in sightings
        ]
        shas = list(dict.fromkeys(sha256 for _, sha256, _ in sightings if sha256))
        with self.db.transaction():
            self._bulk_upsert(SIGHTINGS, rows, keep_when_null=("path", "sha256"))
            for chunk, marks in in_chunks(shas):
                self.db.execute(
                    f'UPDATE "documents" SET "last_run_id" = ? WHERE "sha256" IN ({marks})', [run_id, *chunk]
                )

    def archive_paths_of(self, shas: Iterable[str]) -> dict[str, str | None]:
        """Content hash → the archive path noted for its document (None: none yet), for the hashes that have a row."""
        found: dict[str, str | None] = {}
        for chunk, marks in in_chunks(list(dict.fromkeys(shas))):
            rows = self.db.fetch_dicts(
                f'SELECT "sha256", "archive_path" FROM "documents" WHERE "sha256" IN ({marks})', chunk
            )
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
        now = utc_now()
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
        sightings = [
            _sighting_row(run_id, name, sha256, "quarantined", reason, None, now) for sha256, name, reason in files
        ]
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
        row = _sighting_row(run_id, original_name, sha256, outcome, reason, path, utc_now())
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
        staging = Table(
            name="_vanban_staging_archive_paths",
            columns=(DOCUMENTS.column("sha256"), DOCUMENTS.column("archive_path")),
            primary_key=(),
        )
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


def _sighting_row(
    run_id: str,
    original_name: str,
    sha256: str | None,
    outcome: str,
    reason: str | None,
    path: str | None,
    seen_at: datetime,
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
