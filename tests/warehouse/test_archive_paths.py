"""Where each loaded document's file was archived, noted in bulk after the batch's files move (both warehouses)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import load_one
from tests.warehouse.documents import plan_document
from vanban.warehouse import Warehouse

RUN = "2024-05-01T02-00-00"


def _load(warehouse: Warehouse, name: str, postscript: str) -> str:
    document, facts = plan_document(name, postscript=postscript)
    load_one(warehouse, document, facts, original_name=name, run_id=RUN, archive_path=None)
    return document.sha256


def _archive_paths(warehouse: Warehouse) -> dict[str, str | None]:
    rows = warehouse.db.fetch_dicts('SELECT "sha256", "archive_path" FROM "documents"')
    return {row["sha256"]: row["archive_path"] for row in rows}


def test_a_batch_of_archive_paths_is_noted_relative_to_the_workspace(warehouse: Warehouse, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = _load(warehouse, "ke-hoach-45.docx", "Phụ lục một.")
    second = _load(warehouse, "bao-cao-12.docx", "Phụ lục hai.")
    untouched = _load(warehouse, "thong-bao-3.docx", "Phụ lục ba.")
    warehouse.set_archive_paths(
        {
            first: home / "archive/2024-05-01/ke-hoach-45.docx",
            second: "/srv/elsewhere/bao-cao-12.docx",
            "0" * 64: home / "archive/2024-05-01/never-loaded.docx",
        },
        relative_to=home,
    )
    assert _archive_paths(warehouse) == {
        first: "archive/2024-05-01/ke-hoach-45.docx",
        second: "/srv/elsewhere/bao-cao-12.docx",
        untouched: None,
    }
    # -- noted again (a rerun after a crash): the newer path wins, the others stay
    warehouse.set_archive_paths({second: home / "archive/2024-05-02/bao-cao-12.docx"}, relative_to=home)
    assert _archive_paths(warehouse)[second] == "archive/2024-05-02/bao-cao-12.docx"
    assert _archive_paths(warehouse)[first] == "archive/2024-05-01/ke-hoach-45.docx"
    warehouse.set_archive_paths({})
    assert _archive_paths(warehouse)[untouched] is None
