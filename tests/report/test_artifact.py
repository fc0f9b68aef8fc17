"""report/artifact.py: the Prefect artifact's Markdown says what the run did, in Vietnamese, with a link that opens."""

from __future__ import annotations

from vanban.report.artifact import run_markdown

SUMMARY = {
    "run_id": "20240501-020000-abc123",
    "started_at": "2024-05-01T02:00:00+07:00",
    "finished_at": "2024-05-01T02:02:05+07:00",
    "files_seen": 15, "loaded": 7, "duplicates": 1, "quarantined": 2, "waiting": 0,
    "facts": {"date": 74, "count": 1100, "percent": 32, "org": 107, "docref": 15},
    "report_path": "/srv/vanban home/reports/report-20240501-020000-abc123.html",
}  # fmt: skip


def test_run_markdown_has_counts_time_facts_per_kind_and_a_file_link() -> None:
    markdown = run_markdown(SUMMARY)
    for expected in (
        "# Lượt chạy 20240501-020000-abc123",
        "| Văn bản đã nạp | 7 |",
        "| Tệp bị cách ly (lý do trong báo cáo) | 2 |",
        "| Thời gian chạy | 2 phút 5 giây |",
        "| Dữ kiện: số lượng | 1.100 |",
        "| Tổng số dữ kiện | 1.328 |",
        "(file:///srv/vanban%20home/reports/report-20240501-020000-abc123.html)",
    ):
        assert expected in markdown
