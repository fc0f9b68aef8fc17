"""What the report shows, read from the warehouse: a run's documents (or all) with their facts, the files it
set aside, the documents its docrefs cite, the dated counts its charts draw.

Example:
    warehouse.report_data("20241201-020000-ab12cd").documents[0].facts[0]["kind"] → "date"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vanban.models.fact import FACT_KINDS
from vanban.models.schema import (
    RUNS,
)
from vanban.settings import DEFAULT_REPORT_MAX_FACTS
from vanban.warehouse.queries import FACT_ORDER, FACTS_WITH_NAME
from vanban.warehouse.report_data import (
    DocumentReport,
    FileNote,
    LinkedDocument,
    ReportData,
    RunSummary,
    UnitPoint,
)
from vanban.warehouse.rows import (
    fact_dict,
    from_json,
    header_from_row,
    symbol_key,
    unit_key,
)
from vanban.warehouse.sql import WarehousePart, in_chunks

# -- the report draws four charts of four series: the units with the longest history are enough
_CHART_UNITS = 8
_CHART_POINTS = 20_000


class ReportingPart(WarehousePart):
    """Reads a report's data."""

    def report_data(self, run_id: str | None = None, *, max_facts: int | None = None) -> ReportData:
        """What the report shows for one run (documents it loaded, files it set aside), or for everything.

        Facts are read for whole documents in name order while they stay within `max_facts` (default
        `DEFAULT_REPORT_MAX_FACTS`; the run passes `Settings.report_max_facts`); every document is counted, the later ones come without their facts.

        Raises:
            LookupError: `run_id` is not in the `runs` table.
        """
        limit = DEFAULT_REPORT_MAX_FACTS if max_facts is None else max_facts
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
        for chunk, marks in in_chunks(sorted(shown)):
            in_chunk = f' AND f."doc_sha256" IN ({marks})'
            for row in self.db.iter_dicts(FACTS_WITH_NAME + fact_where + in_chunk + FACT_ORDER, [*params, *chunk]):
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
        wanted = {
            symbol_key(fact["symbol"]) for document in documents for fact in document.facts if fact["kind"] == "docref"
        }
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
            if key is not None and key in wanted and key not in linked:
                linked[key] = LinkedDocument(**row)
        return linked

    def _unit_points(self, documents: Any) -> list[UnitPoint]:
        """Dated counts, across the warehouse, of the units the report's documents count (not rejected ones):
        of the `_CHART_UNITS` units counted on the most dates, the latest `_CHART_POINTS` counts at most,
        so a warehouse of millions of counts gives the charts what they draw, not all its rows."""
        wanted = {
            unit_key(fact["unit"]) for document in documents for fact in document.facts if fact["kind"] == "count"
        }
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
            if key is not None and key in wanted:
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
            raise LookupError(
                f"no run {run_id!r} in the warehouse; `vanban report` without a run id covers all documents"
            )
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
        rows = self.db.fetch_dicts(sql + ' ORDER BY s."original_name"', params)
        seen: dict[tuple[str, str | None], FileNote] = {}
        for row in rows:
            seen.setdefault((row["original_name"], row["sha256"]), FileNote(**row))
        return list(seen.values())


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
