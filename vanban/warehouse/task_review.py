"""Tasks under review: a task's leads, deadline and progress, kept in `tasks` and `task_bodies`, read for the
page, corrected through `review_fact` and marked done or not done with `mark_task`; every decision audited.

Example:
    warehouse.task_details([fid])[fid]["lead"] → ["Ban Tổ chức Huyện ủy"]
    warehouse.review_fact(fid, "correct", "lan", changes={"deadline": "2024-07-15"})   # -- due_date follows
    warehouse.mark_task(fid, "done", on=date(2024, 6, 28), note="đã nộp báo cáo", reviewer="lan", expected_version=v)

A task's `fact_reviews` snapshots hold its leads, supports, action, deadline and progress next to the facts
row's fields, so undo and reopen bring those back as they bring back a count's value. Marking the progress of
a pending task accepts it as well: the reviewer has read it and found it real, and a later nightly run then
keeps it (and its progress) rather than loading it afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from vanban.extractors.facts.entities import entity_id, entity_key
from vanban.models.deadline import due_date, is_deadline
from vanban.models.schema import TASK_PROGRESS, TASK_ROLES, quote
from vanban.warehouse.review import ReviewPart, _audit_row, reviewer_name
from vanban.warehouse.rows import review_snapshot
from vanban.warehouse.sql import in_chunks, utc_now
from vanban.warehouse.task_rows import body_key, issue_day

# -- what a task's audit snapshots hold beyond the facts row's fields (contract names, progress columns)
TASK_SNAPSHOT_FIELDS = (
    "lead",
    "support",
    "action",
    "deadline",
    "progress",
    "progress_on",
    "progress_note",
    "progress_by",
    "progress_at",
)
# -- what a reviewer may correct on a task (issue 16: leads, deadline, action; and those to `phối hợp`)
CORRECTABLE_TASK_FIELDS = ("lead", "support", "action", "deadline")
_PROGRESS_COLUMNS = ("progress", "progress_on", "progress_note", "progress_by", "progress_at")


def task_correction(changes: dict[str, Any]) -> dict[str, Any]:
    """A reviewer's changes to a task, checked and cleaned: lists of names, the action, an ISO deadline or None.

    Example:
        task_correction({"lead": [" Ban Tổ chức  Huyện ủy ", ""], "deadline": "2024-Q3"})
        → {"lead": ["Ban Tổ chức Huyện ủy"], "deadline": "2024-Q3"}

    Raises:
        ValueError: a field a task has no use for, no lead left, or a deadline not in a task's forms.
    """
    unknown = sorted(set(changes) - set(CORRECTABLE_TASK_FIELDS))
    if unknown:
        raise ValueError(
            f"a task fact cannot have {', '.join(unknown)} corrected; only {', '.join(CORRECTABLE_TASK_FIELDS)}"
        )
    cleaned: dict[str, Any] = {}
    for role in TASK_ROLES:
        if role in changes:
            names = changes[role]
            if not isinstance(names, (list, tuple)) or not all(isinstance(name, str) for name in names):
                raise ValueError(f"{role} is a list of names, not {names!r}")
            cleaned[role] = [" ".join(name.split()) for name in names if name.split()]
    if "lead" in cleaned and not cleaned["lead"]:
        raise ValueError("a task needs at least one lead")
    if "action" in changes:
        action = changes["action"]
        if action is not None and not isinstance(action, str):
            raise ValueError(f"action must be text, not {action!r}")
        cleaned["action"] = " ".join((action or "").split()) or None
    if "deadline" in changes:
        deadline = changes["deadline"] or None
        if deadline is not None and (not isinstance(deadline, str) or not is_deadline(deadline)):
            raise ValueError(f"a deadline is 2024-06-30, 2024-09, 2024-Q3, 2025, --06-30 or --12, not {deadline!r}")
        cleaned["deadline"] = deadline
    return cleaned


class TaskReviewPart(ReviewPart):
    """A task's own fields for the review page, their corrections, and its progress marked done or not done."""

    def task_details(self, fact_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Fact id → its `tasks` row with `lead` and `support` (names in order) and `bodies` (their rows).

        Facts that are not tasks, or tasks not loaded into `tasks`, are left out.
        """
        details: dict[str, dict[str, Any]] = {}
        for chunk, marks in in_chunks(list(dict.fromkeys(fact_ids))):
            for row in self.db.fetch_dicts(f'SELECT * FROM "tasks" WHERE "fact_id" IN ({marks})', chunk):
                details[row["fact_id"]] = row | {"lead": [], "support": [], "bodies": []}
            bodies = self.db.fetch_dicts(
                f'SELECT * FROM "task_bodies" WHERE "task_id" IN ({marks}) ORDER BY "task_id", "role", "position"',
                chunk,
            )
            for body in bodies:
                task = details.get(body["task_id"])
                if task is not None:
                    task[body["role"]].append(body["text"])
                    task["bodies"].append(body)
        return details

    def mark_task(
        self,
        fact_id: str,
        progress: str,
        *,
        reviewer: str,
        on: date | None = None,
        note: str | None = None,
        expected_version: str | None = None,
    ) -> dict[str, Any]:
        """Mark a task `done` or `not_done` on a day with a note, or back to `open`; returns the audit row.

        The facts row takes the reviewer and the time (its version changes, as with any decision), and a
        pending task is accepted too. `open` clears the day and the note.

        Example:
            warehouse.mark_task(fid, "done", on=date(2024, 6, 28), note="đã nộp", reviewer="lan")["new"]["progress"]
            → "done"

        Raises:
            LookupError: no fact with this id, or the task has no `tasks` row.
            StaleFact: `expected_version` is not the fact's version any more.
            ValueError: an unknown progress, no reviewer, no day for done or not done, a fact that is not a
                task, a rejected task, or a mark the task already has.
        """
        if progress not in TASK_PROGRESS:
            raise ValueError(f"unknown task progress {progress!r}; use one of {', '.join(TASK_PROGRESS)}")
        reviewer = reviewer_name(reviewer)
        if progress == "open":
            on, note = None, None
        elif not isinstance(on, date):
            raise ValueError(f"a task marked {progress} needs the day it was judged so")
        note = " ".join(note.split()) or None if note else None
        at = utc_now()
        with self._deciding(fact_id, expected_version, kind="task") as row:
            if row["review_status"] == "rejected":
                raise ValueError("the task was rejected: undo or reopen it before marking its progress")
            before = self._outside_fields(row)
            if not before:
                raise LookupError(f"task {fact_id!r} has no row in the tasks table")
            marked = {
                "progress": progress,
                "progress_on": on.isoformat() if on else None,
                "progress_note": note,
                "progress_by": reviewer if progress != "open" else None,
                "progress_at": at.isoformat() if progress != "open" else None,
            }
            if all(before[key] == marked[key] for key in ("progress", "progress_on", "progress_note")):
                raise ValueError(f"the task is already marked {progress} so")
            updates: dict[str, Any] = {"reviewed_by": reviewer, "reviewed_at": at}
            if row["review_status"] == "pending":
                updates["review_status"] = "accepted"
            previous = review_snapshot(row) | before
            new = review_snapshot(row | updates) | before | marked
            assignments = ", ".join(f"{quote(column)} = ?" for column in updates)
            self.db.execute(f'UPDATE "facts" SET {assignments} WHERE "id" = ?', [*updates.values(), fact_id])
            self._write_outside_fields(row, new)
            audit = _audit_row(row, progress, reviewer, at, previous, new)
            self._insert_audits([audit])
        return audit

    def _outside_fields(self, row: dict[str, Any]) -> dict[str, Any]:
        if row["kind"] != "task":
            return super()._outside_fields(row)
        task = self.task_details([row["id"]]).get(row["id"])
        if task is None:
            return {}
        fields = {key: task[key] for key in TASK_SNAPSHOT_FIELDS}
        if isinstance(fields["progress_at"], datetime):
            fields["progress_at"] = fields["progress_at"].isoformat()
        return fields

    def _write_outside_fields(self, row: dict[str, Any], snapshot: dict[str, Any]) -> None:
        if row["kind"] != "task":
            return super()._write_outside_fields(row, snapshot)
        task_id = row["id"]
        current = self.task_details([task_id]).get(task_id)
        if current is None:
            raise LookupError(f"task {task_id!r} has no row in the tasks table")
        values = {key: snapshot.get(key, current[key]) for key in ("action", "deadline", *_PROGRESS_COLUMNS)}
        values["progress"] = values["progress"] or "open"
        if isinstance(values["progress_at"], str):
            values["progress_at"] = datetime.fromisoformat(values["progress_at"])
        values["due_date"] = self._due_date(values["deadline"], row["doc_sha256"])
        assignments = ", ".join(f"{quote(column)} = ?" for column in values)
        self.db.execute(f'UPDATE "tasks" SET {assignments} WHERE "fact_id" = ?', [*values.values(), task_id])
        known = {body["text"]: body for body in current["bodies"]}
        for role in TASK_ROLES:
            names = list(snapshot.get(role) or [])
            if names == current[role]:
                continue
            self.db.execute('DELETE FROM "task_bodies" WHERE "task_id" = ? AND "role" = ?', [task_id, role])
            for position, name in enumerate(names):
                normalized, entity = _body_link(name, known.get(name))
                self.db.execute(
                    'INSERT INTO "task_bodies" ("task_id", "role", "position", "text", "normalized", "entity_id", '
                    '"doc_sha256") VALUES (?, ?, ?, ?, ?, ?, ?)',
                    [task_id, role, position, name, normalized, entity, row["doc_sha256"]],
                )
        return None

    def _due_date(self, deadline: str | None, doc_sha256: str) -> str | None:
        rows = self.db.fetch_dicts('SELECT "date" FROM "documents" WHERE "sha256" = ?', [doc_sha256])
        due = due_date(deadline, issue_day(rows[0]["date"] if rows else None))
        return due.isoformat() if due else None

    def _decision_columns(self, row: dict[str, Any], action: str, changes: dict[str, Any]) -> dict[str, Any]:
        if row["kind"] != "task":
            return super()._decision_columns(row, action, changes)
        if action == "correct":
            corrected = task_correction(changes)
            if not corrected:
                raise ValueError("a correction needs at least one changed field")
            return {"review_status": "corrected"} | corrected
        updates = super()._decision_columns(row, action, changes)
        if action in ("undo", "reopen"):
            history = self.fact_reviews(row["id"])
            if history:
                # -- undo: as before the latest decision; reopen: as extracted, before the first
                snapshot = history[-1 if action == "undo" else 0]["previous"]
                updates |= {key: snapshot[key] for key in TASK_SNAPSHOT_FIELDS if key in snapshot}
        return updates


def _body_link(name: str, known: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """(normalized, entity id) of a lead or support: as loaded when the name is unchanged, else from the name."""
    if known is not None:
        return known.get("normalized"), known.get("entity_id")
    key = entity_key(name)
    return body_key(name), entity_id(key) if key else None
