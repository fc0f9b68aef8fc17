"""What the report shows, read from the warehouse: the night (a run's documents with their facts, the files it
set aside, what awaits review) and the whole warehouse's summaries (vanban.warehouse.overview).

Example:
    warehouse.report_data("20241201-020000-ab12cd").documents[0].facts[0]["kind"] → "date"

Everything is bounded whatever the warehouse's size: at most `DOCUMENT_LIMIT` documents listed, facts
printed for whole documents up to `max_facts`, `REVIEW_QUEUE_LIMIT` facts in the review queue; the
counts beside them are SQL over all rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from vanban.models.fact import FACT_KINDS
from vanban.models.schema import REVIEW_STATUSES, RUNS
from vanban.settings import DEFAULT_REPORT_MAX_FACTS
from vanban.warehouse.overview import LOW_CONFIDENCE, OverviewPart
from vanban.warehouse.queries import FACT_ORDER, FACTS_WITH_NAME
from vanban.warehouse.report_data import (
    DocumentReport,
    FileNote,
    QueuedFact,
    ReportData,
    RunSummary,
)
from vanban.warehouse.rows import (
    fact_dict,
    from_json,
    header_from_row,
)
from vanban.warehouse.sql import in_chunks
from vanban.warehouse.tasks import TasksPart, today_in_vietnam

DOCUMENT_LIMIT = 500
REVIEW_QUEUE_LIMIT = 200
# -- quarantined and duplicate files listed (the run's row counts them all)
FILE_NOTE_LIMIT = 500


class ReportingPart(OverviewPart, TasksPart):
    """Reads a report's data."""

    def report_data(
        self,
        run_id: str | None = None,
        *,
        max_facts: int | None = None,
        document_limit: int = DOCUMENT_LIMIT,
        today: date | None = None,
    ) -> ReportData:
        """What the report shows for one run (the documents it loaded, the files it set aside), or for everything,
        beside the whole warehouse's summaries.

        A run that loaded nothing (a quiet night) shows the documents of the latest earlier run that loaded
        some (`ReportData.earlier_run`). Documents are listed in name order, at most `document_limit`; facts
        are read for whole listed documents while they stay within `max_facts` (default
        `DEFAULT_REPORT_MAX_FACTS`; the run passes `Settings.report_max_facts`); a first document with
        more facts than that alone comes with its first `max_facts`. The tasks to follow up are those not marked
        done, due within `FOLLOW_UP_DAYS` of `today` (default: today in Asia/Ho_Chi_Minh) or overdue.

        Raises:
            LookupError: `run_id` is not in the `runs` table.
        """
        limit = DEFAULT_REPORT_MAX_FACTS if max_facts is None else max_facts
        run = self._run_summary(run_id) if run_id is not None else None
        scope_run, earlier = run_id, None
        quiet = run_id is not None and self._loaded_in(run_id) == 0
        if quiet and run_id is not None:
            earlier = self._latest_run_with_documents(run_id)
            scope_run = earlier.id if earlier else run_id
        in_scope, params = _scope(scope_run)
        total = int(self.db.fetch_dicts(f'SELECT COUNT(*) AS "n" FROM "documents" d WHERE {in_scope}', params)[0]["n"])
        document_rows = self.db.fetch_dicts(
            f'SELECT * FROM "documents" d WHERE {in_scope} ORDER BY d."original_name", d."sha256" '
            f"LIMIT {int(document_limit)}",
            params,
        )
        documents = {row["sha256"]: _document_report(row) for row in document_rows}
        self._count_facts_of(documents)
        shown = _documents_within(documents.values(), limit)
        for document in documents.values():
            document.facts_shown = document.sha256 in shown
        # -- one document alone past the limit (a 500-page report) is printed up to the limit, never whole
        cut = f" LIMIT {int(limit)}" if len(shown) == 1 and documents and _first(documents).fact_total > limit else ""
        for chunk, marks in in_chunks(sorted(shown)):
            in_chunk = f' WHERE f."doc_sha256" IN ({marks})'
            for row in self.db.iter_dicts(FACTS_WITH_NAME + in_chunk + FACT_ORDER + cut, chunk):
                fact = fact_dict(row)
                documents[fact["doc_sha256"]].facts.append(fact)
        fact_counts, status_counts, pending_low = self._scope_counts(in_scope, params)
        return ReportData(
            run=run,
            documents=list(documents.values()),
            quarantined=self._quarantined(run_id),
            duplicates=self._duplicates(run_id),
            fact_counts=fact_counts,
            status_counts=status_counts,
            review_queue=self._review_queue(in_scope, params),
            pending_low=pending_low,
            documents_total=total,
            document_limit=document_limit,
            earlier_run=earlier,
            overview=self.warehouse_overview(),
            max_facts=limit,
            quiet=quiet,
            follow_up=self.follow_up(today=today or today_in_vietnam()),
            people=self.people_in(in_scope, params),
        )

    def _loaded_in(self, run_id: str) -> int:
        rows = self.db.fetch_dicts(
            'SELECT COUNT(*) AS "n" FROM "sightings" WHERE "run_id" = ? AND "outcome" = ?', [run_id, "loaded"]
        )
        return int(rows[0]["n"])

    def _latest_run_with_documents(self, run_id: str) -> RunSummary | None:
        """The latest run before `run_id` that loaded documents still in the warehouse, or None."""
        rows = self.db.fetch_dicts(
            'SELECT r.* FROM "runs" r WHERE r."id" <> ? AND EXISTS (SELECT 1 FROM "sightings" s JOIN "documents" d '
            'ON d."sha256" = s."sha256" WHERE s."run_id" = r."id" AND s."outcome" = \'loaded\' AND d."status" = \'loaded\') '
            'AND (r."started_at" IS NULL OR r."started_at" <= (SELECT "started_at" FROM "runs" WHERE "id" = ?)) '
            'ORDER BY r."started_at" DESC NULLS LAST, r."id" DESC LIMIT 1',
            [run_id, run_id],
        )
        return RunSummary(**{name: rows[0][name] for name in RUNS.column_names}) if rows else None

    def _count_facts_of(self, documents: dict[str, DocumentReport]) -> None:
        """Each listed document's facts per kind and its facts awaiting review."""
        for chunk, marks in in_chunks(sorted(documents)):
            rows = self.db.fetch_dicts(
                'SELECT "doc_sha256", "kind", "review_status", COUNT(*) AS "n" FROM "facts" '
                f'WHERE "doc_sha256" IN ({marks}) GROUP BY "doc_sha256", "kind", "review_status"',
                chunk,
            )
            for row in rows:
                document = documents[row["doc_sha256"]]
                document.fact_counts[row["kind"]] = document.fact_counts.get(row["kind"], 0) + int(row["n"])
                if row["review_status"] == "pending":
                    document.pending += int(row["n"])

    def _scope_counts(self, in_scope: str, params: list[Any]) -> tuple[dict[str, int], dict[str, int], int]:
        """Facts per kind and per review status of every document in scope, and the pending ones under the bar."""
        kinds, statuses, low = dict.fromkeys(FACT_KINDS, 0), dict.fromkeys(REVIEW_STATUSES, 0), 0
        rows = self.db.fetch_dicts(
            'SELECT f."kind", f."review_status", COUNT(*) AS "n", '
            'SUM(CASE WHEN COALESCE(f."confidence", 0) < ? THEN 1 ELSE 0 END) AS "low" FROM "facts" f '
            f'WHERE f."doc_sha256" IN (SELECT d."sha256" FROM "documents" d WHERE {in_scope}) '
            'GROUP BY f."kind", f."review_status"',
            [LOW_CONFIDENCE, *params],
        )
        for row in rows:
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + int(row["n"])
            statuses[row["review_status"]] = statuses.get(row["review_status"], 0) + int(row["n"])
            if row["review_status"] == "pending":
                low += int(row["low"] or 0)
        return kinds, statuses, low

    def _review_queue(self, in_scope: str, params: list[Any]) -> list[QueuedFact]:
        """Pending facts under the confidence bar, least confident first, at most `REVIEW_QUEUE_LIMIT`."""
        rows = self.db.fetch_dicts(
            FACTS_WITH_NAME + f' WHERE f."doc_sha256" IN (SELECT d."sha256" FROM "documents" d WHERE {in_scope}) '
            'AND f."review_status" = \'pending\' AND COALESCE(f."confidence", 0) < ? '
            'ORDER BY COALESCE(f."confidence", 0), d."original_name", f."doc_sha256", f."start_offset", f."id" '
            f"LIMIT {REVIEW_QUEUE_LIMIT}",
            [*params, LOW_CONFIDENCE],
        )
        return [
            QueuedFact(fact=fact_dict(row), document=row["original_name"], sha256=row["doc_sha256"]) for row in rows
        ]

    def _run_summary(self, run_id: str) -> RunSummary:
        rows = self.db.fetch_dicts('SELECT * FROM "runs" WHERE "id" = ?', [run_id])
        if not rows:
            raise LookupError(
                f"no run {run_id!r} in the warehouse; `vanban report` without a run id covers all documents"
            )
        return RunSummary(**{name: rows[0][name] for name in RUNS.column_names})

    def _quarantined(self, run_id: str | None) -> list[FileNote]:
        if run_id is not None:
            rows = self.db.fetch_dicts(
                'SELECT "original_name", "sha256", "reason" FROM "sightings" '
                f'WHERE "run_id" = ? AND "outcome" = ? ORDER BY "original_name" LIMIT {FILE_NOTE_LIMIT}',
                [run_id, "quarantined"],
            )
        else:
            # -- across runs: quarantined documents, plus files so broken that not even their hash is known
            rows = self.db.fetch_dicts(
                'SELECT "original_name", "sha256", "error" AS "reason" FROM "documents" WHERE "status" = ? '
                'UNION SELECT "original_name", "sha256", "reason" FROM "sightings" WHERE "outcome" = ? AND "sha256" IS NULL '
                f'ORDER BY "original_name" LIMIT {FILE_NOTE_LIMIT}',
                ["quarantined", "quarantined"],
            )
        return [
            FileNote(original_name=row["original_name"], sha256=row["sha256"], reason=row["reason"]) for row in rows
        ]

    def _duplicates(self, run_id: str | None) -> list[FileNote]:
        sql = (
            'SELECT s."original_name", s."sha256", s."reason", d."original_name" AS "same_as" FROM "sightings" s '
            'LEFT JOIN "documents" d ON d."sha256" = s."sha256" WHERE s."outcome" = ?'
        )
        params: list[Any] = ["duplicate"]
        if run_id is not None:
            sql += ' AND s."run_id" = ?'
            params.append(run_id)
        rows = self.db.fetch_dicts(sql + f' ORDER BY s."original_name" LIMIT {FILE_NOTE_LIMIT}', params)
        seen: dict[tuple[str, str | None], FileNote] = {}
        for row in rows:
            seen.setdefault((row["original_name"], row["sha256"]), FileNote(**row))
        return list(seen.values())


def _scope(run_id: str | None) -> tuple[str, list[Any]]:
    """The condition on `documents d` of a report's documents: loaded, and by `run_id` when given."""
    if run_id is None:
        return "d.\"status\" = 'loaded'", []
    return (
        'd."status" = \'loaded\' AND d."sha256" IN '
        '(SELECT "sha256" FROM "sightings" WHERE "run_id" = ? AND "outcome" = \'loaded\')',
        [run_id],
    )


def _first(documents: dict[str, DocumentReport]) -> DocumentReport:
    return next(iter(documents.values()))


def _documents_within(documents: Iterable[DocumentReport], max_facts: int) -> set[str]:
    """The documents, in order, whose facts together stay within `max_facts` (the first one always, cut to
    `max_facts` when it alone has more)."""
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
