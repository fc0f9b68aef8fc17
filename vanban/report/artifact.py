"""The run's summary as the Markdown of its Prefect artifact: Vietnamese, with a working link to the report. Pure.

Example:
    run_markdown({"run_id": "r1", "loaded": 7, "facts": {"date": 74, …}, "report_path": "/srv/vanban/reports/report-r1.html", …})
    → "# Lượt chạy r1\\n\\n| Tệp đã thấy | 15 |\\n…\\n[Mở báo cáo](file:///srv/vanban/reports/report-r1.html) …"
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from vanban.models.fact import FACT_KINDS
from vanban.report.format import vn_duration, vn_number
from vanban.report.labels import KIND_LABELS


def _cell(text: Any) -> str:
    # -- a run id or a path in a Markdown table: a `|` would split the cell, a newline the row
    return str(text).replace("|", "\\|").replace("\n", " ")


def run_markdown(summary: dict[str, Any]) -> str:
    """The artifact's Markdown for the flow's run summary (the dict `nightly` returns)."""
    started, finished = summary.get("started_at"), summary.get("finished_at")
    taken = ""
    if started and finished:
        taken = vn_duration(datetime.fromisoformat(finished) - datetime.fromisoformat(started))
    rows = [
        ("Tệp đã thấy", summary.get("files_seen")),
        ("Văn bản đã nạp", summary.get("loaded")),
        ("Tệp trùng nội dung (không nạp lại)", summary.get("duplicates")),
        ("Tệp bị cách ly (lý do trong báo cáo)", summary.get("quarantined")),
        ("Tệp để lượt sau", summary.get("waiting")),
        ("Thời gian chạy", taken or "—"),
    ]
    facts = summary.get("facts") or {}
    rows += [(f"Dữ kiện: {KIND_LABELS[kind].lower()}", facts.get(kind, 0)) for kind in FACT_KINDS]
    rows.append(("Tổng số dữ kiện", sum(facts.values())))
    lines = [f"# Lượt chạy {_cell(summary.get('run_id', ''))}", "", "| Chỉ số | Giá trị |", "| --- | ---: |"]
    lines += [f"| {label} | {vn_number(value) if isinstance(value, int) else _cell(value)} |" for label, value in rows]
    report = summary.get("report_path")
    if report:
        lines += ["", f"[Mở báo cáo]({Path(report).resolve().as_uri()}) · `{_cell(report)}`"]
    lines += ["", "Duyệt dữ kiện: `vanban review` (mỗi người duyệt đăng nhập bằng tài khoản của mình)"]
    return "\n".join(lines) + "\n"
