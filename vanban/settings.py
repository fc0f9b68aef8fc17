"""Where a vanban installation keeps its things, from options, then environment, then defaults.

`VANBAN_HOME` (default `./vanban-home`) holds inbox/, archive/, quarantine/, reports/ and
warehouse.duckdb; `VANBAN_WAREHOUSE_URL=postgresql://…` switches the warehouse to PostgreSQL.
`VANBAN_RETRY_DELAYS=2,10,30` sets the waits before each retry of a warehouse step (`0`: no retry);
`VANBAN_WORKERS` the processes that read side by side (default: one per core); `VANBAN_DASK_ADDRESS`
a Dask scheduler that reads instead (docs/scale-out.md);
the read limits (`VANBAN_MAX_FILE_MB`, `_PAGES`, `_INFLATED_MB`, `_RATIO`, `_SECONDS`) are in
vanban.extractors.readers.limits.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from dataclasses import dataclass
from collections.abc import Mapping
from pathlib import Path

from vanban.models.errors import VanbanError

DEFAULT_HOME = Path("vanban-home")
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# -- a file touched within this many seconds may still be being copied: leave it for the next run
DEFAULT_SETTLE_SECONDS = 5.0
RETRY_DELAYS_ENV = "VANBAN_RETRY_DELAYS"
WORKERS_ENV = "VANBAN_WORKERS"
DASK_ADDRESS_ENV = "VANBAN_DASK_ADDRESS"
# -- a database restarting for maintenance is back within a minute; longer outages end the run
DEFAULT_RETRY_DELAYS = (2.0, 10.0, 30.0)
# -- what of an inbox's folder name may stand in a lock file's name on any file system (letters, digits, . _ -)
LOCK_NAME_RE = re.compile(r"[^\w.-]+")


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
    def run_lock_path(self) -> Path:
        """The lock a run holds on its inbox: `HOME/locks/NAME-DIGEST.lock`, from the inbox's resolved path.

        The name follows the inbox, not the home, so a second run of the same inbox waits even when it
        names the inbox by another path (a relative one, a link). Two homes that share one inbox keep
        their locks apart: that is not guarded (each home has its own warehouse and archive, so sharing
        an inbox between them is a setup to avoid, not one to serialise). The inbox itself stays free
        of vanban's files; the lock needs only the home to be writable.

        Example:
            Workspace(Path("/srv/vb"), Path("/data/hop-thu"), None).run_lock_path
            → /srv/vb/locks/hop-thu-76b700edbad86222.lock
        """
        inbox = self.inbox.resolve()
        digest = hashlib.sha256(os.fsencode(inbox)).hexdigest()[:16]
        readable = LOCK_NAME_RE.sub("-", inbox.name).strip("-.")[:40] or "inbox"
        return self.home / "locks" / f"{readable}-{digest}.lock"

    def run_key(self) -> str:
        """`host:/absolute/inbox`: which inbox a run in the warehouse processed (several may share a PostgreSQL)."""
        return f"{socket.gethostname()}:{self.inbox.resolve()}"

    def create_dirs(self) -> None:
        for path in (self.home, self.inbox, self.archive, self.quarantine, self.reports):
            path.mkdir(parents=True, exist_ok=True)

    def uses_postgres(self) -> bool:
        from vanban.warehouse.connect import POSTGRES_PREFIXES

        return self.warehouse_url is not None and self.warehouse_url.startswith(POSTGRES_PREFIXES)

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


def retry_delays(environ: Mapping[str, str] | None = None) -> list[float]:
    """Seconds to wait before each retry of a warehouse step: `VANBAN_RETRY_DELAYS`, or the defaults.

    Example:
        retry_delays({"VANBAN_RETRY_DELAYS": "1, 5"}) → [1.0, 5.0];  retry_delays({"VANBAN_RETRY_DELAYS": "0"}) → []

    Raises:
        VanbanError: a value that is not a list of non-negative numbers.
    """
    raw = (os.environ if environ is None else environ).get(RETRY_DELAYS_ENV, "").strip()
    if not raw:
        return list(DEFAULT_RETRY_DELAYS)
    try:
        delays = [float(part) for part in raw.split(",")]
    except ValueError:
        raise VanbanError(f"{RETRY_DELAYS_ENV}={raw!r} is not a comma-separated list of seconds, e.g. 2,10,30") from None
    if any(delay < 0 for delay in delays):
        raise VanbanError(f"{RETRY_DELAYS_ENV}={raw!r} has a negative wait")
    return [] if delays == [0] else delays


def reader_workers(environ: Mapping[str, str] | None = None) -> int:
    """Worker processes that read and extract side by side: `VANBAN_WORKERS`, or one per core.

    Example:
        reader_workers({"VANBAN_WORKERS": "4"}) → 4;  reader_workers({}) → os.cpu_count()

    Raises:
        VanbanError: a value that is not a whole number of at least 1.
    """
    raw = (os.environ if environ is None else environ).get(WORKERS_ENV, "").strip()
    if not raw:
        return os.cpu_count() or 1
    try:
        workers = int(raw)
    except ValueError:
        raise VanbanError(f"{WORKERS_ENV}={raw!r} is not a whole number of worker processes, e.g. 2") from None
    if workers < 1:
        raise VanbanError(f"{WORKERS_ENV}={raw!r}: at least one worker process is needed")
    return workers


def dask_address(environ: Mapping[str, str] | None = None) -> str | None:
    """The Dask scheduler the read-extract tasks go to (`VANBAN_DASK_ADDRESS=tcp://host:8786`), or None: this machine."""
    return (os.environ if environ is None else environ).get(DASK_ADDRESS_ENV, "").strip() or None
