"""Pure mappings from task and person facts to the rows of `tasks`, `task_bodies`, `people` and `person_posts`.

Example:
    task_row(document, fact, run_id="r1")
    → {"fact_id": "…", "action": "tham mưu sơ kết …", "deadline": "2022-06", "due_date": "2022-06-30", …}
    task_body_rows(document, fact)
    → [{"task_id": "…", "role": "lead", "position": 0, "text": "Ban Tổ chức Huyện uỷ",
        "normalized": "ban to chuc huyen uy", …}]

A body's `normalized` is its name folded as the review page's search folds it (case, tone marks and the
stroke of đ; spaces collapsed), so `Huyện uỷ` and `HUYỆN ỦY` are one name in an indexed equality.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from vanban.models.deadline import due_date
from vanban.models.document import Document
from vanban.models.fact import Fact, fact_id
from vanban.warehouse.review import fold_text

TASK_COLUMNS = ("fact_id", "doc_sha256", "action", "deadline", "due_date", "recurrence", "progress", "run_id")
TASK_BODY_COLUMNS = ("task_id", "role", "position", "text", "normalized", "entity_id", "doc_sha256")
PERSON_COLUMNS = ("fact_id", "doc_sha256", "name", "name_key", "honorific", "person_id", "signer", "run_id")
PERSON_POST_COLUMNS = ("person_fact_id", "position", "post", "entity_id", "doc_sha256")


def body_key(name: str) -> str:
    """A body's name as the lead filter compares it: `Ban Tổ chức  Huyện uỷ` → `ban to chuc huyen uy`."""
    return " ".join(fold_text(unicodedata.normalize("NFC", name)).split())


def name_key(name: str) -> str:
    """A person's name as the contract matches it (NFC, case-folded), spaces collapsed: `Nguyễn Văn HẢI` → `nguyễn văn hải`."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def document_day(document: Document) -> date | None:
    """The document's issue date from its header, for deadlines written without a year; None when unknown."""
    return issue_day(document.header.date if document.header else None)


def issue_day(written: str | None) -> date | None:
    """A document's date as stored (ISO) → the day; None for none, or a date to the month or year only
    (no day to lend a deadline its year from)."""
    if not written:
        return None
    try:
        return date.fromisoformat(written)
    except ValueError:
        return None


def task_row(document: Document, fact: Fact, *, run_id: str, issued: date | None = None) -> tuple[Any, ...]:
    """One `tasks` row in `TASK_COLUMNS` order; the due date is the last day the deadline allows."""
    due = due_date(fact.deadline, issued if issued is not None else document_day(document))
    return (
        fact_id(document.sha256, fact),
        document.sha256,
        fact.action,
        fact.deadline,
        due.isoformat() if due else None,
        fact.recurrence,
        "open",
        run_id,
    )


def _bodies(
    task_id: str, sha256: str, role: str, names: Sequence[str] | None, ids: Sequence[str | None] | None
) -> Iterable[tuple[Any, ...]]:
    for position, name in enumerate(names or ()):
        text = " ".join(name.split())
        if not text:
            continue
        entity = ids[position] if ids is not None and position < len(ids) else None
        yield (task_id, role, position, text, body_key(text), entity, sha256)


def task_body_rows(document: Document, fact: Fact) -> list[tuple[Any, ...]]:
    """A `task_bodies` row per lead and per support, in `TASK_BODY_COLUMNS` order."""
    task_id = fact_id(document.sha256, fact)
    return [
        *_bodies(task_id, document.sha256, "lead", fact.lead, fact.lead_entity_ids),
        *_bodies(task_id, document.sha256, "support", fact.support, fact.support_entity_ids),
    ]


def person_row(document: Document, fact: Fact, *, run_id: str) -> tuple[Any, ...] | None:
    """One `people` row in `PERSON_COLUMNS` order; None for a person fact without a name (nothing to keep)."""
    name = " ".join((fact.name or "").split())
    if not name:
        return None
    return (
        fact_id(document.sha256, fact),
        document.sha256,
        name,
        name_key(name),
        fact.honorific,
        fact.person_id,
        fact.signer,
        run_id,
    )


def person_post_rows(document: Document, fact: Fact) -> list[tuple[Any, ...]]:
    """A `person_posts` row per post, in `PERSON_POST_COLUMNS` order."""
    person = fact_id(document.sha256, fact)
    ids = fact.post_entity_ids
    rows = []
    for position, post in enumerate(fact.posts or ()):
        text = " ".join(post.split())
        if text:
            entity = ids[position] if ids is not None and position < len(ids) else None
            rows.append((person, position, text, entity, document.sha256))
    return rows


class TaskTableRows:
    """The rows of the four tables for a batch of documents, gathered by `add`."""

    def __init__(self) -> None:
        self.tasks: list[tuple[Any, ...]] = []
        self.bodies: list[tuple[Any, ...]] = []
        self.people: list[tuple[Any, ...]] = []
        self.posts: list[tuple[Any, ...]] = []
        self._documents: set[str] = set()

    def add(self, document: Document, facts: Iterable[Fact], *, run_id: str, keep: set[str]) -> None:
        """The rows of one document's task and person facts, but for the ids in `keep` (reviewed or
        followed up: their stored rows stay). Two facts with one id give the more confident one's rows,
        as the facts table keeps that one. A document added twice gives its rows once."""
        if document.sha256 in self._documents:
            return
        self._documents.add(document.sha256)
        chosen: dict[str, Fact] = {}
        for fact in facts:
            if fact.kind not in ("task", "person"):
                continue
            key = fact_id(document.sha256, fact)
            if key in keep:
                continue
            kept = chosen.get(key)
            if kept is None or fact.confidence > kept.confidence:
                chosen[key] = fact
        issued = document_day(document)
        for fact in chosen.values():
            if fact.kind == "task":
                self.tasks.append(task_row(document, fact, run_id=run_id, issued=issued))
                self.bodies += task_body_rows(document, fact)
            else:
                row = person_row(document, fact, run_id=run_id)
                if row is not None:
                    self.people.append(row)
                    self.posts += person_post_rows(document, fact)
