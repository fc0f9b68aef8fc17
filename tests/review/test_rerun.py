"""A re-run of the nightly flow (under Prefect's test harness) never overwrites what a reviewer decided."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prefect.artifacts import Artifact

from tests.helpers import drop_into, sample_documents
from vanban.flows.nightly import nightly
from vanban.report import render_report
from vanban.warehouse import open_warehouse

REVIEWER = "Nguyễn Thị Lan"


def _facts(home: Path) -> dict[str, dict]:
    with open_warehouse(None, default_path=home / "warehouse.duckdb") as store:
        return {row["id"]: row for row in store.list_facts(limit=None)}


def test_a_rerun_keeps_accepted_corrected_and_rejected_facts_and_their_audit(
    prefect_harness, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    first_sample, second_sample = sample_documents()[:2]
    drop_into(tmp_path / "inbox", first_sample)
    first = nightly(home=str(tmp_path), settle_seconds=0)
    assert first["loaded"] == 1

    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        counts = store.list_facts(kind="count", limit=2)
        dates = store.list_facts(kind="date", limit=1)
        accepted, corrected, rejected = counts[0]["id"], counts[1]["id"], dates[0]["id"]
        store.review_fact(accepted, "accept", REVIEWER)
        store.review_fact(
            corrected, "correct", REVIEWER, changes={"value": 987654, "organisation": "Huyện ủy Bình Liêu"}
        )
        store.review_fact(rejected, "reject", REVIEWER)
        trail_before = store.fact_reviews()
    reviewed_before = {fid: row for fid, row in _facts(tmp_path).items() if fid in (accepted, corrected, rejected)}

    # -- the same file again under another name, and a new one: the run loads only the new one
    (again,) = drop_into(tmp_path / "inbox", first_sample)
    again.rename(again.with_name("ban-sao-" + again.name))
    drop_into(tmp_path / "inbox", second_sample)
    second = nightly(home=str(tmp_path), settle_seconds=0)
    assert (second["loaded"], second["duplicates"]) == (1, 1)
    published = Artifact.get("vanban-report")
    assert f"# Lượt chạy {second['run_id']}" in published.data
    assert "| Tệp trùng nội dung (không nạp lại) | 1 |" in published.data
    assert Path(second["report_path"]).resolve().as_uri() in published.data

    after = _facts(tmp_path)
    assert {fid: after[fid] for fid in reviewed_before} == reviewed_before
    assert (after[corrected]["value"], after[corrected]["review_status"]) == (987654, "corrected")
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        assert store.fact_reviews() == trail_before
        # -- the report over the whole warehouse shows the reviewer's value, not the extracted one
        whole = render_report(store.report_data(), generated_at=datetime.now(UTC))
    assert "987.654" in whole and "Huyện ủy Bình Liêu" in whole
