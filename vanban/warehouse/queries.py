"""Facts and counts read out of the warehouse: every fact with its provenance (`vanban facts`), facts per
kind, organisation entities across documents, loaded documents.

Example:
    next(warehouse.iter_facts())["original_name"] → "qd-1581.docx";  warehouse.fact_counts()["count"] → 42
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vanban.models.fact import FACT_KINDS
from vanban.warehouse.rows import (
    fact_dict,
)
from vanban.warehouse.sql import WarehousePart

# -- a fact with the name of the file it came from, in the order the exports and the report list them
FACTS_WITH_NAME = 'SELECT f.*, d."original_name" FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
FACT_ORDER = ' ORDER BY d."original_name", f."doc_sha256", f."start_offset", f."end_offset", f."kind", f."id"'


class QueriesPart(WarehousePart):
    """Reads facts and counts."""

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
        for row in self.db.iter_dicts(FACTS_WITH_NAME + where + FACT_ORDER, params):
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
