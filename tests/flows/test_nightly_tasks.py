"""The nightly flow, for real under Prefect's test harness: a directive's task lands in `tasks` and
`task_bodies`, and the report opens with it. Needs the task extractor (extractors/facts/tasks.py)."""

from __future__ import annotations

import re
from pathlib import Path

from vanban.flows.nightly import nightly
from vanban.warehouse import open_warehouse

DIRECTIVE = """HUYỆN ỦY BÌNH LIÊU
Số: 07-CT/HU
Bình Liêu, ngày 10 tháng 6 năm 2024
CHỈ THỊ
về tăng cường công tác kiểm tra

Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy tham mưu sơ kết việc thực hiện Chỉ thị, hoàn thành trước ngày 30/6/2024.
"""


def test_a_directive_s_task_lands_in_the_task_tables_and_opens_the_report(prefect_harness, monkeypatch, tmp_path):
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "chi-thi-07.txt").write_text(DIRECTIVE, encoding="utf-8")

    summary = nightly(home=str(tmp_path), settle_seconds=0)

    assert summary["loaded"] == 1 and summary["facts"].get("task") == 1
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        [task] = store.db.fetch_dicts('SELECT * FROM "tasks"')
        bodies = store.db.fetch_dicts(
            'SELECT "role", "text", "normalized", "entity_id" FROM "task_bodies" WHERE "task_id" = ? ORDER BY "role"',
            [task["fact_id"]],
        )
        [fact] = store.db.fetch_dicts('SELECT "kind", "run_id" FROM "facts" WHERE "id" = ?', [task["fact_id"]])
    assert (task["deadline"], task["due_date"], task["progress"]) == ("2024-06-30", "2024-06-30", "open")
    assert task["action"].startswith("tham mưu sơ kết việc thực hiện Chỉ thị")
    assert fact == {"kind": "task", "run_id": summary["run_id"]}
    assert [(body["role"], body["text"], body["normalized"]) for body in bodies] == [
        ("lead", "Ban Tổ chức Huyện ủy", "ban to chuc huyen uy"),
        ("support", "Văn phòng Huyện ủy", "van phong huyen uy"),
    ]
    html = Path(summary["report_path"]).read_text(encoding="utf-8")
    followed = html.split('<section id="theo-doi">', 1)[1].split("</section>", 1)[0]
    assert "Ban Tổ chức Huyện ủy" in followed and "quá hạn" in re.sub(r"<[^>]+>", " ", followed)
