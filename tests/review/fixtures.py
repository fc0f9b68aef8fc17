"""A workspace whose warehouse holds the plan document (tests/warehouse/documents.py), archived, for review tests.

Example:
    ws, document, facts = planned_workspace(tmp_path)
    fact_id(document.sha256, facts[3])  # "120 chi bộ"
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.helpers import load_one
from tests.warehouse.documents import plan_document
from vanban.models.document import Document
from vanban.models.fact import Fact
from vanban.settings import Workspace
from vanban.warehouse import open_warehouse

ARCHIVED = "archive/2021-03-16/ke-hoach-45.docx"


def planned_workspace(
    home: Path, warehouse_url: str | None = None, *, name: str = "ke-hoach-45.docx"
) -> tuple[Workspace, Document, list[Fact]]:
    ws = Workspace(home=home, inbox=home / "inbox", warehouse_url=warehouse_url)
    ws.create_dirs()
    document, facts = plan_document(name)
    archived = home / ARCHIVED
    archived.parent.mkdir(parents=True, exist_ok=True)
    archived.write_bytes(b"PK\x03\x04 the archived plan")
    with open_warehouse(warehouse_url, default_path=ws.duckdb_path) as store:
        store.ensure_schema()
        store.start_run("r1", datetime(2021, 3, 15, 19, 0, tzinfo=UTC))
        load_one(store, document, facts, original_name=name, run_id="r1", archive_path=ARCHIVED)
    return ws, document, facts
