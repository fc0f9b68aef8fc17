"""Review: a page of facts under filters for a reviewer, a decision on one fact with its audit row, the
documents to filter by and the archived file of one.

Example:
    warehouse.list_facts(status="pending", order="confidence", limit=20)[0]["confidence"] → 0.6
    warehouse.review_fact(fid, "accept", "Lan")["new"]["review_status"] → "accepted"
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from vanban.models.schema import (
    ACTION_STATUSES,
    REVIEW_STATUSES,
    quote,
)
from vanban.warehouse.queries import FACT_ORDER
from vanban.warehouse.rows import (
    correction_columns,
    fact_dict,
    from_json,
    review_snapshot,
    to_json,
)
from vanban.warehouse.sql import WarehousePart, utc_now


class ReviewPart(WarehousePart):
    """Lists facts for review and records reviewers' decisions."""

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
        for row in self.db.fetch_dicts(
            _COUNT_FACTS.replace('COUNT(*) AS "n"', 'f."review_status", COUNT(*) AS "n"')
            + where
            + ' GROUP BY f."review_status"',
            params,
        ):
            counts[row["review_status"]] = int(row["n"])
        return counts

    def get_fact(self, fact_id: str) -> dict[str, Any] | None:
        """One fact in the shape of `list_facts`, or None."""
        rows = self.list_facts(fact_id=fact_id, limit=1)
        return rows[0] if rows else None

    def review_fact(
        self,
        fact_id: str,
        action: str,
        reviewer: str,
        *,
        changes: dict[str, Any] | None = None,
        note: str | None = None,
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
        at = utc_now()
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
        sql = 'SELECT * FROM "fact_reviews"'
        params: list[Any] = []
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


_LIST_FACTS = (
    'SELECT f.*, d."original_name", d."symbol" AS "doc_symbol", d."doc_type" AS "doc_type_of_document", '
    'd."date" AS "doc_date", d."subject" AS "doc_subject", d."archive_path" AS "doc_archive_path" '
    'FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
)
_COUNT_FACTS = 'SELECT COUNT(*) AS "n" FROM "facts" f LEFT JOIN "documents" d ON d."sha256" = f."doc_sha256"'
_LIST_ORDERS = {
    "document": FACT_ORDER,
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
