"""Where a vanban installation keeps its things, from options, then environment, then defaults.

`VANBAN_HOME` (default `./vanban-home`) holds inbox/, archive/, quarantine/, reports/ and
warehouse.duckdb; `VANBAN_WAREHOUSE_URL=postgresql://…` switches the warehouse to PostgreSQL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = Path("vanban-home")
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# -- a file touched within this many seconds may still be being copied: leave it for the next run
DEFAULT_SETTLE_SECONDS = 5.0


@dataclass(frozen=True)
class Workspace:
    home: Path
    inbox: Path
    warehouse_url: str | None  # None: the DuckDB file below

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def duckdb_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def lock_path(self) -> Path:
        return self.home / ".vanban-run.lock"

    def create_dirs(self) -> None:
        for path in (self.home, self.inbox, self.archive, self.quarantine, self.reports):
            path.mkdir(parents=True, exist_ok=True)

    def describe_warehouse(self) -> str:
        """The warehouse location for people: a path, or the URL without its password."""
        if self.warehouse_url is None:
            return str(self.duckdb_path)
        return _without_password(self.warehouse_url)


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}@{host}"


def resolve_workspace(
    home: str | Path | None = None, inbox: str | Path | None = None, warehouse_url: str | None = None
) -> Workspace:
    """Options win over the environment, which wins over the defaults."""
    home_path = Path(home or os.environ.get("VANBAN_HOME") or DEFAULT_HOME).expanduser().resolve()
    inbox_path = Path(inbox).expanduser().resolve() if inbox else home_path / "inbox"
    url = warehouse_url or os.environ.get("VANBAN_WAREHOUSE_URL") or None
    return Workspace(home=home_path, inbox=inbox_path, warehouse_url=url)
