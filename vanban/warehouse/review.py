"""Review: a page of facts under filters for a reviewer, a decision on one fact with its audit row, the
documents to filter by and the archived file of one.

Example:
    warehouse.list_facts(status="pending", order="confidence", limit=20)[0]["confidence"] → 0.6
    warehouse.review_fact(fid, "accept", "lan")["new"]["review_status"] → "accepted"
    warehouse.review_fact(fid, "undo", "lan", expected_version=fact["version"])   # -- back as it was
    warehouse.list_facts(search="van lang")   # -- finds "Văn Lãng": tone marks and đ folded on both sides

Optimistic versioning: every fact row carries `version` (when it was last decided on); a decision sent
with the version the reviewer saw is refused with `StaleFact` when someone decided on the fact since.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from vanban.models.schema import (
    ACTION_STATUSES,
    FACT_REVIEWS,
    FACTS,
    REVIEW_ACTIONS,
    REVIEW_STATUSES,
    TASK_PROGRESS,
    quote,
)
from vanban.warehouse.queries import FACT_ORDER
from vanban.warehouse.rows import (
    correction_columns,
    fact_dict,
    from_json,
    review_snapshot,
    split_value,
    to_json,
)
from vanban.warehouse.sql import WarehousePart, utc_now

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class StaleFact(ValueError):
    """A decision on a fact that someone else decided on since the reviewer loaded it; `current` is the fact now."""

    def __init__(self, message: str, current: dict[str, Any] | None) -> None:
        super().__init__(message)
        self.current = current


def fact_version(row: dict[str, Any]) -> str:
    """The fact's version as the page carries it: microseconds of its last decision, `""` when never decided on."""
    at = row.get("reviewed_at")
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return str((at - _EPOCH) // timedelta(microseconds=1))


def snapshot_columns(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A `fact_reviews` snapshot (`previous` or `new`) → the facts columns that bring the fact back to it."""
    columns = {key: snapshot.get(key) for key in ("review_status", "unit", "organisation", "normalized", "symbol")}
    columns["review_note"] = snapshot.get("review_note")
    columns["value_text"], columns["value_num"], columns["value_high"] = split_value(
        tuple(snapshot["value"]) if isinstance(snapshot.get("value"), list) else snapshot.get("value")
    )
    return columns


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
        task_progress: str | None = None,
        today: date | None = None,
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
            task_progress: only tasks marked `open`, `done` or `not_done`, or `overdue`: past their due date
                on `today` (the day in Asia/Ho_Chi_Minh), not marked done and not rejected.
            order: `document` (file, then place in the text), `confidence` (least confident first)
                or `reviewed` (latest decision first).

        Example:
            warehouse.list_facts(status="pending", order="confidence", limit=20)[0]["confidence"] → 0.6
        """
        if order not in _LIST_ORDERS:
            raise ValueError(f"unknown order {order!r}; use one of {', '.join(_LIST_ORDERS)}")
        where, params = _fact_filters(
            self.dialect, kind, status, doc_sha256, run_id, search, max_confidence, fact_id, task_progress, today
        )
        sql = _LIST_FACTS + where + _LIST_ORDERS[order]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [_listed_fact(row) for row in self.db.fetch_dicts(sql, params)]

    def count_facts(self, **filters: Any) -> int:
        """How many facts `list_facts` would give without a limit (same filters)."""
        where, params = _fact_filters(self.dialect, **_filter_args(filters))
        rows = self.db.fetch_dicts(_COUNT_FACTS + where, params)
        return int(rows[0]["n"])

    def review_counts(self, **filters: Any) -> dict[str, int]:
        """Facts per review status under the filters of `list_facts` (its `status` ignored); every status present."""
        filters.pop("status", None)
        where, params = _fact_filters(self.dialect, **_filter_args(filters))
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
        expected_version: str | None = None,
    ) -> dict[str, Any]:
        """Record a reviewer's decision on one fact, and its audit row, in one transaction.

        `accept` and `reject` set the status; `correct` applies `changes` (contract names: `value`,
        `unit`, `organisation`, `normalized`, `symbol`; see `vanban.warehouse.rows.CORRECTABLE_FIELDS`) and sets
        `corrected`; `undo` brings the fact back to what it was before its latest decision; `reopen` back to
        pending with its values as extracted. A reviewed fact is never replaced by a later load. Returns the audit row.

        Args:
            reviewer: the account deciding (its username).
            expected_version: the fact's `version` when the reviewer loaded it; None skips the check.

        Example:
            warehouse.review_fact(fid, "correct", "lan", changes={"value": 1250, "unit": "đảng viên"})
            → {"id": "…", "fact_id": fid, "action": "correct", "reviewer": "lan", "at": datetime(…),
               "previous": {"review_status": "pending", "value": 1200, …}, "new": {"review_status": "corrected", "value": 1250, …}}

        Raises:
            LookupError: no fact with this id.
            StaleFact: `expected_version` is not the fact's version any more.
            ValueError: an unknown action, no reviewer name, changes on an accept or reject, a field the
                kind cannot have corrected, a correction that changes nothing, nothing to undo or reopen.
        """
        if action not in REVIEW_ACTIONS:
            raise ValueError(f"unknown review action {action!r}; use one of {', '.join(REVIEW_ACTIONS)}")
        reviewer = reviewer_name(reviewer)
        if action in TASK_PROGRESS:
            raise ValueError(f"{action!r} is a task's progress: mark it with mark_task, which takes its date and note")
        if action != "correct" and changes:
            raise ValueError(f"only a correction changes a fact's values, not {action!r}")
        note = " ".join(note.split()) or None if note is not None else None
        at = utc_now()
        with self._deciding(fact_id, expected_version) as row:
            updates = self._decision_columns(row, action, changes or {})
            if note is not None:
                updates["review_note"] = note
            # -- what the kind keeps outside the facts row (a task's leads, deadline, progress) is in the
            #    snapshots too, and `updates` may carry its new values under their contract names
            outside = {key: updates.pop(key) for key in list(updates) if key not in FACTS.column_names}
            kept = self._outside_fields(row)
            previous = review_snapshot(row) | kept
            new = review_snapshot(row | updates) | kept | outside
            if action == "correct" and {k: v for k, v in new.items() if k != "review_status"} == {
                k: v for k, v in previous.items() if k != "review_status"
            }:
                raise ValueError("the correction changes nothing: accept the fact instead")
            updates |= {"reviewed_by": reviewer, "reviewed_at": at}
            assignments = ", ".join(f"{quote(column)} = ?" for column in updates)
            self.db.execute(f'UPDATE "facts" SET {assignments} WHERE "id" = ?', [*updates.values(), fact_id])
            if outside:
                self._write_outside_fields(row, new)
            audit = _audit_row(row, action, reviewer, at, previous, new)
            self._insert_audits([audit])
        return audit

    @contextmanager
    def _deciding(self, fact_id: str, expected_version: str | None, *, kind: str | None = None) -> Iterator[dict]:
        """The facts row of `fact_id`, held for one decision inside its transaction.

        Raises LookupError for no such fact, ValueError for a fact not of `kind` (when given), and StaleFact
        when its version is not `expected_version` or another reviewer wrote it at the same moment.
        """
        # -- PostgreSQL: hold the row so two reviewers deciding at once each see the other's result as `previous`;
        #    DuckDB refuses the second of two concurrent updates of a row itself (a transaction conflict)
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        try:
            with self.db.transaction():
                rows = self.db.fetch_dicts('SELECT * FROM "facts" WHERE "id" = ?' + lock, [fact_id])
                if not rows:
                    raise LookupError(f"no fact {fact_id!r} in the warehouse")
                row = rows[0]
                if kind is not None and row["kind"] != kind:
                    raise ValueError(f"only a {kind} can take this decision; this fact is a {row['kind']}")
                if expected_version is not None and fact_version(row) != expected_version:
                    raise StaleFact("someone decided on this fact since you loaded it", self.get_fact(fact_id))
                yield row
        except Exception as error:
            if _is_write_conflict(error):
                raise StaleFact("someone decided on this fact at the same moment", self.get_fact(fact_id)) from error
            raise

    def accept_document(self, doc_sha256: str, reviewer: str) -> list[dict[str, Any]]:
        """Accept every pending fact of one document in one transaction; returns their audit rows.

        Facts someone already decided on are left as they are.
        """
        reviewer = reviewer_name(reviewer)
        at = utc_now()
        with self.db.transaction():
            rows = self.db.fetch_dicts(
                'SELECT * FROM "facts" WHERE "doc_sha256" = ? AND "review_status" = ?', [doc_sha256, "pending"]
            )
            if not rows:
                return []
            self.db.execute(
                'UPDATE "facts" SET "review_status" = ?, "reviewed_by" = ?, "reviewed_at" = ? '
                'WHERE "doc_sha256" = ? AND "review_status" = ?',
                ["accepted", reviewer, at, doc_sha256, "pending"],
            )
            audits = [
                _audit_row(
                    row,
                    "accept",
                    reviewer,
                    at,
                    review_snapshot(row),
                    review_snapshot(row) | {"review_status": "accepted"},
                )
                for row in rows
            ]
            self._insert_audits(audits)
        return audits

    def _outside_fields(self, row: dict[str, Any]) -> dict[str, Any]:
        """The fields a fact keeps outside its facts row, by contract name, for the audit snapshots: none here;
        a task's leads, deadline and progress (`vanban.warehouse.task_review.TaskReviewPart`)."""
        return {}

    def _write_outside_fields(self, row: dict[str, Any], snapshot: dict[str, Any]) -> None:
        """Write the fields of `_outside_fields` as `snapshot` has them; nothing to write here."""

    def _decision_columns(self, row: dict[str, Any], action: str, changes: dict[str, Any]) -> dict[str, Any]:
        if action in ACTION_STATUSES:
            updates = correction_columns(row["kind"], changes) if action == "correct" else {}
            if action == "correct" and not updates:
                raise ValueError("a correction needs at least one changed field")
            return updates | {"review_status": ACTION_STATUSES[action]}
        history = self.fact_reviews(row["id"])
        if action == "undo":
            if not history:
                raise ValueError("nothing to undo: no one has decided on this fact")
            return snapshot_columns(history[-1]["previous"])
        if row["review_status"] == "pending":
            raise ValueError("the fact is already pending")
        if not history:
            return {"review_status": "pending"}
        return snapshot_columns(history[0]["previous"]) | {"review_status": "pending"}

    def _insert_audits(self, audits: list[dict[str, Any]]) -> None:
        columns = list(FACT_REVIEWS.column_names)
        rows = [
            tuple(to_json(audit[column]) if column in ("previous", "new") else audit[column] for column in columns)
            for audit in audits
        ]
        if len(rows) == 1:
            listed = ", ".join(quote(column) for column in columns)
            self.db.execute(
                f'INSERT INTO "fact_reviews" ({listed}) VALUES ({", ".join("?" for _ in columns)})', list(rows[0])
            )
        else:
            self.db.bulk_insert(FACT_REVIEWS, columns, rows)

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

    def list_documents(self, *, limit: int | None = None, include: str | None = None) -> list[dict[str, Any]]:
        """Loaded documents with their facts and pending facts counted, by file name (the reviewer's document filter).

        Args:
            limit: at most this many, those with pending facts first (a select of 20,000 names helps no one).
            include: a document listed even beyond the limit (the one the reviewer chose).
        """
        order = 'ORDER BY d."original_name", d."sha256"'
        params: list[Any] = ["pending", "loaded"]
        if limit is not None:
            order = (
                'ORDER BY CASE WHEN d."sha256" = ? THEN 0 WHEN SUM(CASE WHEN f."review_status" = ? THEN 1 ELSE 0 END) > 0 '
                'THEN 1 ELSE 2 END, d."original_name", d."sha256" LIMIT ?'
            )
            params += [include or "", "pending", int(limit)]
        rows = self.db.fetch_dicts(
            'SELECT d."sha256", d."original_name", d."symbol", d."doc_type", d."date", d."archive_path", '
            'COUNT(f."id") AS "facts", SUM(CASE WHEN f."review_status" = ? THEN 1 ELSE 0 END) AS "pending" '
            'FROM "documents" d LEFT JOIN "facts" f ON f."doc_sha256" = d."sha256" WHERE d."status" = ? '
            'GROUP BY d."sha256", d."original_name", d."symbol", d."doc_type", d."date", d."archive_path" ' + order,
            params,
        )
        if limit is not None:
            rows.sort(key=lambda row: (row["original_name"], row["sha256"]))
        return rows

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


def reviewer_name(reviewer: str | None) -> str:
    """The reviewer's name with its spaces squeezed; ValueError when there is none."""
    name = " ".join((reviewer or "").split())
    if not name:
        raise ValueError("a review needs the reviewer's name")
    return name


def _audit_row(
    row: dict[str, Any], action: str, reviewer: str, at: datetime, previous: dict[str, Any], new: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "fact_id": row["id"],
        "doc_sha256": row["doc_sha256"],
        "action": action,
        "reviewer": reviewer,
        "at": at,
        "previous": previous,
        "new": new,
    }


def _is_write_conflict(error: BaseException) -> bool:
    import duckdb

    return isinstance(error, duckdb.TransactionException) and "onflict" in str(error)


def fold_text(text: str) -> str:
    """Lower case without tone marks or the stroke of đ: `Văn Lãng` → `van lang` (how search compares)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@cache
def _fold_classes() -> tuple[tuple[str, str], ...]:
    """(letters with marks, the plain letter they fold to) for the vowels and d: `("àáạ…ÀÁẠ…", "a")` …"""
    groups: dict[str, list[str]] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = fold_text(char)
        if folded != char.lower() and folded in "aeiouyd":
            groups.setdefault(folded, []).append(char)
    return tuple(("".join(chars), plain) for plain, chars in sorted(groups.items()))


_COMBINING = f"[{chr(0x300)}-{chr(0x36F)}]*"


def folded_word_pattern(word: str) -> str:
    """A regular expression that finds `word` (typed with or without tone marks) in text as written.

    Each letter becomes the class of every way to write it (`a` → `[aAàáạ…ÀÁẠ…]`), other characters stand
    for themselves; combining marks may follow any letter (text in decomposed form). The column is matched
    as it is stored: no function runs over every row before the match, which made folding the columns in
    SQL 40× slower than the page it filters (PostgreSQL's `translate` and `regexp_replace`).

    Example:
        re.search(folded_word_pattern("van lang"), "Đảng bộ huyện Văn Lãng") → a match
    """
    classes = {plain: marked for marked, plain in _fold_classes()}
    parts = []
    for char in fold_text(word):
        if char.isascii() and char.isalpha():
            parts.append(f"[{char}{char.upper()}{classes.get(char, '')}]{_COMBINING}")
        elif char.isalnum():
            parts.append(char)
        else:
            parts.append("\\" + char)
    return "".join(parts)


def _filter_args(filters: dict[str, Any]) -> dict[str, Any]:
    allowed = (
        "kind",
        "status",
        "doc_sha256",
        "run_id",
        "search",
        "max_confidence",
        "fact_id",
        "task_progress",
        "today",
    )
    unknown = sorted(set(filters) - set(allowed))
    if unknown:
        raise TypeError(f"unknown fact filter {', '.join(unknown)}; use {', '.join(allowed)}")
    return filters


def _fact_filters(
    dialect: str,
    kind: str | None = None,
    status: str | Sequence[str] | None = None,
    doc_sha256: str | None = None,
    run_id: str | None = None,
    search: str | None = None,
    max_confidence: float | None = None,
    fact_id: str | None = None,
    task_progress: str | None = None,
    today: date | None = None,
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
    if task_progress:
        condition, values = task_progress_condition(task_progress, today)
        conditions.append(condition)
        params += values
    # -- the searched columns joined (CONCAT_WS leaves a NULL out), each word a pattern that folds tone marks
    searched = "CONCAT_WS(' ', " + ", ".join(_SEARCHED) + ")"
    matches = f"{searched} ~ ?" if dialect == "postgresql" else f"regexp_matches({searched}, ?)"
    for word in (search or "").split():
        conditions.append(matches)
        params.append(folded_word_pattern(word))
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


TASK_PROGRESS_FILTERS = (*TASK_PROGRESS, "overdue")


def task_progress_condition(progress: str, today: date | None) -> tuple[str, list[Any]]:
    """The condition on a fact `f` (with its parameters) that it is a task of this progress, or overdue on `today`.

    Example:
        task_progress_condition("overdue", date(2024, 7, 1))
        → ('EXISTS (SELECT 1 FROM "tasks" t WHERE t."fact_id" = f."id" AND t."progress" <> ? AND t."due_date" < ?) AND …', ["done", "2024-07-01", …])
    """
    if progress not in TASK_PROGRESS_FILTERS:
        raise ValueError(f"unknown task progress {progress!r}; use one of {', '.join(TASK_PROGRESS_FILTERS)}")
    task = 'EXISTS (SELECT 1 FROM "tasks" t WHERE t."fact_id" = f."id" AND '
    if progress != "overdue":
        return task + 't."progress" = ?)', [progress]
    if today is None:
        raise ValueError("overdue needs the day to judge it on (today in Asia/Ho_Chi_Minh)")
    # -- due dates are ISO text, so text order is date order
    return task + 't."progress" <> ? AND t."due_date" < ?) AND f."review_status" <> ?', [
        "done",
        today.isoformat(),
        "rejected",
    ]


def _listed_fact(row: dict[str, Any]) -> dict[str, Any]:
    listed = fact_dict(row)
    listed.update({key: row.get(key) for key in _DOCUMENT_KEYS})
    listed["version"] = fact_version(row)
    return listed
