"""Tasks and people in the warehouse: their rows written with a document's facts, and the follow-up read back.

Example:
    warehouse.list_tasks(today=date(2024, 6, 20), due_within=14, lead="Ban Tổ chức Huyện ủy")
    → [TaskItem(action="tham mưu sơ kết …", deadline="2024-06-30", days_left=10, leads=("Ban Tổ chức Huyện uỷ",), …)]
    warehouse.follow_up(today=date(2024, 6, 20)).tasks   # -- what the report opens with

A task is `open` until a reviewer marks it `done` or `not_done` (`tasks.progress`). Until it is marked done
it is followed up: a task judged not done is still to be chased. A task whose fact was rejected is no task. "Today" is the caller's: `today_in_vietnam()` for a run or a command, a fixed day in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from vanban.models.schema import PEOPLE, PERSON_POSTS, TASK_BODIES, TASKS
from vanban.warehouse.sql import WarehousePart, in_chunks
from vanban.warehouse.task_rows import (
    PERSON_COLUMNS,
    PERSON_POST_COLUMNS,
    TASK_BODY_COLUMNS,
    TASK_COLUMNS,
    TaskTableRows,
    body_key,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# -- the report's window: tasks due in the next two weeks, beside those overdue
FOLLOW_UP_DAYS = 14
# -- tasks the report lists at most (the page stays a few MB); the count beside them is over all
FOLLOW_UP_LIMIT = 500
PEOPLE_LIMIT = 200

# -- a task and its document; the fact's review status, so a rejected task is left out
_TASKS_WITH_DOCUMENT = (
    'SELECT t.*, d."original_name", d."symbol", d."doc_type", d."date" AS "doc_date" FROM "tasks" t '
    'JOIN "documents" d ON d."sha256" = t."doc_sha256" '
    'LEFT JOIN "facts" f ON f."id" = t."fact_id" AND f."doc_sha256" = t."doc_sha256" '
    "WHERE COALESCE(f.\"review_status\", 'pending') <> 'rejected'"
)
_TASK_ORDER = ' ORDER BY t."due_date" NULLS LAST, d."original_name", t."doc_sha256", t."fact_id"'


def today_in_vietnam(now: datetime | None = None) -> date:
    """The date in Asia/Ho_Chi_Minh (an office's "today"), for `now` or the present moment."""
    moment = now if now is not None else datetime.now(VIETNAM)
    return moment.astimezone(VIETNAM).date()


@dataclass(frozen=True, slots=True)
class TaskBody:
    """A lead or support of a task: as written, its folded name, its org entity (None when unlinked)."""

    text: str
    key: str
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class TaskItem:
    """One task with its document, and its days left (negative: overdue) counted from the caller's today."""

    fact_id: str
    doc_sha256: str
    action: str | None
    deadline: str | None
    due_date: date | None
    days_left: int | None
    recurrence: str | None
    progress: str
    progress_on: str | None
    progress_note: str | None
    original_name: str
    symbol: str | None
    doc_type: str | None
    doc_date: str | None
    leads: tuple[TaskBody, ...] = ()
    supports: tuple[TaskBody, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def lead_names(self) -> tuple[str, ...]:
        return tuple(body.text for body in self.leads)

    @property
    def support_names(self) -> tuple[str, ...]:
        return tuple(body.text for body in self.supports)


@dataclass(slots=True)
class FollowUp:
    """The report's opening section: tasks not marked done, due by `today + within` days (overdue ones included)."""

    today: date
    within: int = FOLLOW_UP_DAYS
    tasks: list[TaskItem] = field(default_factory=list)
    total: int = 0  # -- every such task, listed or not
    overdue: int = 0  # -- those of them past their due date, listed or not


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """One person across the report's documents: by `person_id`, else by the name as the contract matches it."""

    key: str
    name: str
    honorific: str | None
    posts: tuple[str, ...]
    documents: tuple[str, ...]
    signer: bool


@dataclass(slots=True)
class PeopleSection:
    people: list[PersonSummary] = field(default_factory=list)
    total: int = 0


class TasksPart(WarehousePart):
    """Reads tasks for the follow-up (`vanban tasks`, the report) and people for the report."""

    def list_tasks(
        self,
        *,
        today: date,
        due_within: int | None = None,
        overdue: bool = False,
        lead: str | None = None,
        include_done: bool = False,
        limit: int | None = None,
    ) -> list[TaskItem]:
        """Tasks not marked done (every task with `include_done`), soonest due first, those without a deadline last.

        Args:
            today: the day days are counted from (`today_in_vietnam()`).
            due_within: only tasks due by `today + due_within` days, those already overdue included.
            overdue: only tasks past their due date.
            lead: only tasks led by this body: its org entity, or its name with case and tone marks folded,
                whole or its first words (`ban to chuc huyen uy` finds `Ban Tổ chức Huyện uỷ` and `… Huyện ủy Cao Lộc`).
        """
        where, params = self._task_filters(today, due_within, overdue, lead, include_done)
        cut = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.db.fetch_dicts(_TASKS_WITH_DOCUMENT + where + _TASK_ORDER + cut, params)
        bodies = self._bodies_of([row["fact_id"] for row in rows])
        return [_task_item(row, today, bodies.get(row["fact_id"], {})) for row in rows]

    def count_tasks(
        self,
        *,
        today: date,
        due_within: int | None = None,
        overdue: bool = False,
        lead: str | None = None,
        include_done: bool = False,
    ) -> int:
        """How many tasks `list_tasks` would give without a limit."""
        where, params = self._task_filters(today, due_within, overdue, lead, include_done)
        sql = f'SELECT COUNT(*) AS "n" FROM ({_TASKS_WITH_DOCUMENT + where}) counted'
        return int(self.db.fetch_dicts(sql, params)[0]["n"])

    def follow_up(self, *, today: date, within: int = FOLLOW_UP_DAYS, limit: int = FOLLOW_UP_LIMIT) -> FollowUp:
        """Tasks not marked done, due within `within` days of `today` or overdue, across the whole warehouse."""
        return FollowUp(
            today=today,
            within=within,
            tasks=self.list_tasks(today=today, due_within=within, limit=limit),
            total=self.count_tasks(today=today, due_within=within),
            overdue=self.count_tasks(today=today, overdue=True),
        )

    def people_in(self, in_documents: str, params: Sequence[Any], *, limit: int = PEOPLE_LIMIT) -> PeopleSection:
        """The people named in the documents `d` that `in_documents` selects, one entry per person (person_id,
        else name), those named in most documents first, with every post given them there. The ranking and
        the count are SQL over all of them; only the `limit` first are read."""
        named = (
            'SELECT p."fact_id", p."doc_sha256", p."name", p."name_key", p."honorific", p."signer", '
            'COALESCE(p."person_id", p."name_key") AS "who", d."original_name" FROM "people" p '
            'JOIN "documents" d ON d."sha256" = p."doc_sha256" '
            'LEFT JOIN "facts" f ON f."id" = p."fact_id" AND f."doc_sha256" = p."doc_sha256" '
            f"WHERE {in_documents} AND COALESCE(f.\"review_status\", 'pending') <> 'rejected'"
        )
        total = self.db.fetch_dicts(f'SELECT COUNT(DISTINCT "who") AS "n" FROM ({named}) named', list(params))
        rows = self.db.fetch_dicts(
            f"WITH named AS ({named}), "
            'ranked AS (SELECT "who", COUNT(DISTINCT "doc_sha256") AS "documents", MIN("name") AS "first_name" '
            f'FROM named GROUP BY "who" ORDER BY "documents" DESC, "first_name", "who" LIMIT {int(limit)}) '
            'SELECT n."fact_id", n."name", n."honorific", n."signer", n."who", n."original_name", pp."post" '
            'FROM named n JOIN ranked r ON r."who" = n."who" '
            'LEFT JOIN "person_posts" pp ON pp."person_fact_id" = n."fact_id" '
            'ORDER BY n."original_name", n."fact_id", pp."position"',
            list(params),
        )
        grouped: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = grouped.setdefault(
                row["who"], {"names": {}, "honorific": None, "posts": {}, "documents": {}, "signer": False}
            )
            entry["names"][row["name"]] = entry["names"].get(row["name"], 0) + 1
            entry["honorific"] = entry["honorific"] or row["honorific"]
            entry["documents"][row["original_name"]] = None
            entry["signer"] = entry["signer"] or bool(row["signer"])
            if row["post"]:
                entry["posts"][row["post"]] = None
        people = [
            PersonSummary(
                key=key,
                name=max(entry["names"], key=lambda name: (entry["names"][name], name)),
                honorific=entry["honorific"],
                posts=tuple(entry["posts"]),
                documents=tuple(entry["documents"]),
                signer=entry["signer"],
            )
            for key, entry in grouped.items()
        ]
        people.sort(key=lambda person: (-len(person.documents), person.name, person.key))
        return PeopleSection(people=people, total=int(total[0]["n"]))

    def _task_filters(
        self, today: date, due_within: int | None, overdue: bool, lead: str | None, include_done: bool
    ) -> tuple[str, list[Any]]:
        where, params = "", []
        if not include_done:
            where += ' AND t."progress" <> ?'
            params.append("done")
        if due_within is not None:
            where += ' AND t."due_date" <= ?'
            params.append((today + timedelta(days=due_within)).isoformat())
        if overdue:
            where += ' AND t."due_date" < ?'
            params.append(today.isoformat())
        if lead is not None:
            condition, lead_params = _lead_condition(lead)
            where += (
                f' AND t."fact_id" IN (SELECT b."task_id" FROM "task_bodies" b WHERE b."role" = ? AND ({condition}))'
            )
            params += ["lead", *lead_params]
        return where, params

    def _bodies_of(self, task_ids: list[str]) -> dict[str, dict[str, list[TaskBody]]]:
        found: dict[str, dict[str, list[TaskBody]]] = {}
        for chunk, marks in in_chunks(task_ids):
            rows = self.db.fetch_dicts(
                'SELECT "task_id", "role", "text", "normalized", "entity_id" FROM "task_bodies" '
                f'WHERE "task_id" IN ({marks}) ORDER BY "task_id", "role", "position"',
                chunk,
            )
            for row in rows:
                body = TaskBody(
                    text=row["text"], key=row["normalized"] or body_key(row["text"]), entity_id=row["entity_id"]
                )
                found.setdefault(row["task_id"], {}).setdefault(row["role"], []).append(body)
        return found


def _lead_condition(lead: str) -> tuple[str, list[Any]]:
    """A body named by the user: its org entity, or its folded name, whole, or the first words of the stored
    one (`Ban Tổ chức Huyện ủy` finds `… Huyện ủy Cao Lộc`; `Huyện ủy` does not find `Ban Tổ chức Huyện ủy`)."""
    key = body_key(lead)
    entity = _entity_of(lead)
    condition = 'b."normalized" = ? OR b."normalized" LIKE ?'
    params: list[Any] = [key, f"{_escape_like(key)} %"]
    if entity is not None:
        condition = 'b."entity_id" = ? OR ' + condition
        params.insert(0, entity)
    return condition, params


def _escape_like(text: str) -> str:
    # -- a folded name has letters, digits and spaces; `%` and `_` typed by someone still mean themselves
    return text.replace("%", "").replace("_", "")


def _entity_of(name: str) -> str | None:
    """The org entity id the extractor gives a body of this name; None for a short reference (`Huyện ủy`)."""
    # -- imported here: the entity rules load their gazetteer, which only the lead filter needs
    from vanban.extractors.facts.entities import entity_id, entity_key

    key = entity_key(" ".join(name.split()))
    return entity_id(key) if key else None


def _task_item(row: dict[str, Any], today: date, bodies: dict[str, list[TaskBody]]) -> TaskItem:
    due = date.fromisoformat(row["due_date"]) if row["due_date"] else None
    return TaskItem(
        fact_id=row["fact_id"],
        doc_sha256=row["doc_sha256"],
        action=row["action"],
        deadline=row["deadline"],
        due_date=due,
        days_left=(due - today).days if due else None,
        recurrence=row["recurrence"],
        progress=row["progress"],
        progress_on=row["progress_on"],
        progress_note=row["progress_note"],
        original_name=row["original_name"],
        symbol=row["symbol"],
        doc_type=row["doc_type"],
        doc_date=row["doc_date"],
        leads=tuple(bodies.get("lead", ())),
        supports=tuple(bodies.get("support", ())),
    )


def clear_task_rows(db: Any, chunk: list[str], marks: str) -> None:
    """Before a batch's documents are loaded again: drop their task and person rows but for the reviewed
    (their fact's review status is not `pending`) and the followed up (`progress` not `open`)."""
    reviewed = f'SELECT "id" FROM "facts" WHERE "doc_sha256" IN ({marks}) AND "review_status" <> ?'
    db.execute(
        f'DELETE FROM "tasks" WHERE "doc_sha256" IN ({marks}) AND "progress" = ? AND "fact_id" NOT IN ({reviewed})',
        [*chunk, "open", *chunk, "pending"],
    )
    db.execute(
        f'DELETE FROM "task_bodies" WHERE "doc_sha256" IN ({marks}) '
        f'AND "task_id" NOT IN (SELECT "fact_id" FROM "tasks" WHERE "doc_sha256" IN ({marks}))',
        [*chunk, *chunk],
    )
    db.execute(
        f'DELETE FROM "people" WHERE "doc_sha256" IN ({marks}) AND "fact_id" NOT IN ({reviewed})',
        [*chunk, *chunk, "pending"],
    )
    db.execute(
        f'DELETE FROM "person_posts" WHERE "doc_sha256" IN ({marks}) '
        f'AND "person_fact_id" NOT IN (SELECT "fact_id" FROM "people" WHERE "doc_sha256" IN ({marks}))',
        [*chunk, *chunk],
    )


def followed_task_ids(db: Any, chunk: list[str], marks: str) -> set[str]:
    """Tasks of these documents a reviewer marked done or not done: kept, with their facts, through a reload."""
    rows = db.fetch_dicts(
        f'SELECT "fact_id" FROM "tasks" WHERE "doc_sha256" IN ({marks}) AND "progress" <> ?', [*chunk, "open"]
    )
    return {row["fact_id"] for row in rows}


def write_task_rows(db: Any, rows: TaskTableRows) -> None:
    """Insert the gathered rows (after `clear_task_rows`, in the same transaction)."""
    db.bulk_insert(TASKS, TASK_COLUMNS, rows.tasks)
    db.bulk_insert(TASK_BODIES, TASK_BODY_COLUMNS, rows.bodies)
    db.bulk_insert(PEOPLE, PERSON_COLUMNS, rows.people)
    db.bulk_insert(PERSON_POSTS, PERSON_POST_COLUMNS, rows.posts)
