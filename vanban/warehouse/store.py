"""The warehouse: its parts joined over one open connection, the object callers open and use.

Example:
    with open_warehouse(None, default_path=Path("var/warehouse.duckdb")) as warehouse:
        warehouse.ensure_schema()
        if not warehouse.has_document(document.sha256):
            warehouse.load_documents([DocumentLoad(document, facts, "qd-1581.docx")], run_id=run_id)

Each part is a module of its own, by what callers do: `schema` (create, migrate), `loading` (documents,
facts, duplicates, quarantines, sightings, archive paths), `runs`, `queries` (facts and counts),
`reporting` (a report's data), `tasks` (tasks and people for the follow-up), `review` (facts for a reviewer,
decisions, audit) and `task_review` (a task's leads, deadline and progress under review).
"""

from __future__ import annotations

from types import TracebackType

from vanban.warehouse.accounts import AccountsPart
from vanban.warehouse.loading import LoadingPart
from vanban.warehouse.queries import QueriesPart
from vanban.warehouse.reporting import ReportingPart
from vanban.warehouse.review import ReviewPart
from vanban.warehouse.runs import RunsPart
from vanban.warehouse.schema import SchemaPart
from vanban.warehouse.task_review import TaskReviewPart
from vanban.warehouse.tasks import TasksPart


class Warehouse(
    SchemaPart, LoadingPart, RunsPart, QueriesPart, ReportingPart, TaskReviewPart, ReviewPart, AccountsPart, TasksPart
):
    """The warehouse over one open connection; use `vanban.warehouse.connect.open_warehouse` to get one."""

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
