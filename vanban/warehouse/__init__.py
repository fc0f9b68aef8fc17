"""The warehouse: DuckDB file by default, PostgreSQL by `VANBAN_WAREHOUSE_URL`; idempotent by content hash."""

from vanban.warehouse.connect import URL_ENV, open_warehouse
from vanban.warehouse.loading import DocumentLoad
from vanban.warehouse.report_data import DocumentReport, FileNote, ReportData, RunSummary
from vanban.warehouse.rows import FACT_ROW_FIELDS
from vanban.warehouse.store import Warehouse

__all__ = [
    "FACT_ROW_FIELDS",
    "URL_ENV",
    "DocumentLoad",
    "DocumentReport",
    "FileNote",
    "ReportData",
    "RunSummary",
    "Warehouse",
    "open_warehouse",
]
