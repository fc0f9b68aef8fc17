"""Runs: each recorded as it starts and as it ends, one left `running` by a killed run marked `interrupted`.

Example:
    warehouse.start_run("20241201-020000-ab12cd", started, inbox=ws.run_key()) → 0
    warehouse.finish_run("20241201-020000-ab12cd", finished_at=…, files_seen=12, loaded=10, …, status="completed")
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vanban.models.schema import (
    RUNS,
)
from vanban.warehouse.sql import WarehousePart

INTERRUPTED_RUN = (
    "dừng giữa chừng, không kịp ghi kết thúc (bị tắt hoặc máy mất điện) / stopped before it could record its end "
    "(killed, or the machine went down); the next run picked up the files it left in the inbox"
)


class RunsPart(WarehousePart):
    """Records the runs and lists them."""

    def start_run(self, run_id: str, started_at: datetime, *, inbox: str | None = None) -> int:
        """Record a run as `running`; returns how many earlier runs of `inbox` it marked `interrupted`.

        Only one run holds an inbox at a time (vanban.flows.nightly.holding_inbox), so an earlier run of the same
        inbox still `running` was killed, or its machine went down, before it could say how it ended.
        """
        with self.db.transaction():
            interrupted = 0
            if inbox is not None:
                stale = self.db.fetch_dicts(
                    'SELECT "id" FROM "runs" WHERE "inbox" = ? AND "status" = ? AND "id" <> ?',
                    [inbox, "running", run_id],
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

    def has_run(self, run_id: str) -> bool:
        """True when a run of this id was recorded."""
        return bool(self.db.fetch_dicts('SELECT "id" FROM "runs" WHERE "id" = ?', [run_id]))

    def run_table(self, limit: int = 30) -> list[dict[str, Any]]:
        """The latest runs first, as `vanban runs` lists them: id, started_at, finished_at, status, documents
        (loaded), facts (of the documents it loaded), quarantined."""
        return self.db.fetch_dicts(
            'SELECT r."id", r."started_at", r."finished_at", r."status", r."loaded" AS "documents", '
            'COALESCE(f."facts", 0) AS "facts", r."quarantined" '
            'FROM "runs" r LEFT JOIN (SELECT "run_id", COUNT(*) AS "facts" FROM "facts" GROUP BY "run_id") f '
            'ON f."run_id" = r."id" ORDER BY r."started_at" DESC NULLS LAST, r."id" DESC LIMIT ?',
            [int(limit)],
        )

    def list_runs(self, limit: int = 30) -> list[dict[str, Any]]:
        """The latest runs first: id, start, files loaded, status."""
        return self.db.fetch_dicts(
            'SELECT "id", "started_at", "loaded", "status" FROM "runs" ORDER BY "started_at" DESC NULLS LAST, "id" DESC LIMIT ?',
            [int(limit)],
        )
