"""The HTML report, rendered from the warehouse's `ReportData` by a pure function."""

from vanban.report.render import KIND_LABELS, render_report, report_filename, write_report

__all__ = ["KIND_LABELS", "render_report", "report_filename", "write_report"]
