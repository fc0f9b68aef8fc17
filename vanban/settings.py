"""Every setting of a vanban installation, read once: options, then the environment, then defaults.

This module is the one place that reads the `VANBAN_*` variables. `Settings.from_environment` builds a
frozen `Settings` at a command's start (or a flow run's, under `vanban serve`); the code below takes
what it needs as arguments: a `Workspace`, the readers' `ReadLimits`, a number of workers …

| variable | default | |
| --- | --- | --- |
| `VANBAN_HOME` | `./vanban-home` | holds inbox/, archive/, quarantine/, reports/, locks/ and warehouse.duckdb |
| `VANBAN_WAREHOUSE_URL` | HOME/warehouse.duckdb | `postgresql://…`, or a DuckDB path or `duckdb://` URL |
| `VANBAN_DUCKDB_MEMORY` | 128MB | DuckDB's own memory |
| `VANBAN_RETRY_DELAYS` | 2,10,30 | seconds before each retry of a warehouse step (`0`: no retry) |
| `VANBAN_WORKERS` | one per core | processes that read side by side |
| `VANBAN_DASK_ADDRESS` | none | a Dask scheduler that reads instead (docs/scale-out.md) |
| `VANBAN_REPORT_MAX_FACTS` | 2000 | facts of whole documents shown in a report |
| `VANBAN_MAX_FILE_MB`, `_PAGES`, `_INFLATED_MB`, `_RATIO`, `_SECONDS`, `_SECONDS_PER_PAGE` | `ReadLimits()` | read limits |

Example:
    settings = Settings.from_environment({"VANBAN_WORKERS": "2"}, home="/srv/vanban")
    settings.workspace.inbox → /srv/vanban/inbox;  settings.workers → 2;  settings.read_limits.max_pages → 500
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanban.models.errors import InvalidSetting

if TYPE_CHECKING:
    from vanban.extractors.readers.limits import ReadLimits

DEFAULT_HOME = Path("vanban-home")
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# -- a file touched within this many seconds may still be being copied: leave it for the next run
DEFAULT_SETTLE_SECONDS = 5.0
HOME_ENV = "VANBAN_HOME"
WAREHOUSE_URL_ENV = "VANBAN_WAREHOUSE_URL"
DUCKDB_MEMORY_ENV = "VANBAN_DUCKDB_MEMORY"
RETRY_DELAYS_ENV = "VANBAN_RETRY_DELAYS"
WORKERS_ENV = "VANBAN_WORKERS"
DASK_ADDRESS_ENV = "VANBAN_DASK_ADDRESS"
REPORT_MAX_FACTS_ENV = "VANBAN_REPORT_MAX_FACTS"
READ_LIMITS_ENV_PREFIX = "VANBAN_MAX_"
# -- read-limit variable suffix → (ReadLimits field, factor from the written unit to the field's unit)
READ_LIMITS_ENV_FIELDS = {
    "FILE_MB": ("max_file_bytes", 1 << 20),
    "PAGES": ("max_pages", 1),
    "INFLATED_MB": ("max_inflated_bytes", 1 << 20),
    "RATIO": ("max_compression_ratio", 1),
    "SECONDS": ("max_seconds", 1),
    "SECONDS_PER_PAGE": ("seconds_per_pdf_page", 1),
}
READ_LIMITS_WHOLE_FIELDS = ("max_file_bytes", "max_pages", "max_inflated_bytes")
# -- a database restarting for maintenance is back within a minute; longer outages end the run
DEFAULT_RETRY_DELAYS = (2.0, 10.0, 30.0)
# -- DuckDB's default, most of the machine, let a report over millions of facts keep its table blocks in
#    the run's process; bounded, DuckDB evicts and spills to disk instead, as fast
DEFAULT_DUCKDB_MEMORY = "128MB"
# -- a report holds the facts of its documents up to this many (whole documents, in name order): an
#    ordinary night in full; a printed fact costs about 1.25 KB of HTML, so 2,000 keep the page near
#    2.5 MB, under 5 MB with its summaries (bench/report_scale.py); the rest are on the review page
#    and in the exports
DEFAULT_REPORT_MAX_FACTS = 2_000
# -- what of an inbox's folder name may stand in a lock file's name on any file system (letters, digits, . _ -)
LOCK_NAME_RE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Workspace:
    """Where a run's things are, and the warehouse it writes to.

    Example:
        Workspace(Path("/srv/vb"), Path("/srv/vb/inbox"), None).duckdb_path → /srv/vb/warehouse.duckdb
    """

    home: Path
    inbox: Path
    warehouse_url: str | None  # None: the DuckDB file below
    # -- DuckDB's own memory (cache of table blocks, sorts, hash tables); beyond it, it evicts and spills to disk
    duckdb_memory: str = DEFAULT_DUCKDB_MEMORY

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


@dataclass(frozen=True)
class Settings:
    """Everything a command or a flow run needs to know about the installation, read once.

    Example:
        Settings.from_environment({"VANBAN_RETRY_DELAYS": "0"}).retry_delays → ()
    """

    workspace: Workspace
    read_limits: ReadLimits
    workers: int  # -- reader processes on this machine
    dask_address: str | None  # -- None: read on this machine
    retry_delays: tuple[float, ...]
    report_max_facts: int

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        home: str | Path | None = None,
        inbox: str | Path | None = None,
        warehouse_url: str | None = None,
    ) -> Settings:
        """Options (the non-None arguments) win over `environ` (default: this process's), which wins over the defaults.

        Example:
            Settings.from_environment({"VANBAN_HOME": "/srv/vb"}, inbox="/data/hop-thu").workspace.inbox
            → /data/hop-thu

        Raises:
            InvalidSetting: a variable whose value cannot be used; the message names it.
        """
        environ = os.environ if environ is None else environ
        return cls(
            workspace=workspace_from(environ, home=home, inbox=inbox, warehouse_url=warehouse_url),
            read_limits=read_limits(environ),
            workers=reader_workers(environ),
            dask_address=dask_address(environ),
            retry_delays=tuple(retry_delays(environ)),
            report_max_facts=report_max_facts(environ),
        )


def workspace_from(
    environ: Mapping[str, str],
    *,
    home: str | Path | None = None,
    inbox: str | Path | None = None,
    warehouse_url: str | None = None,
) -> Workspace:
    """The workspace: options, then `VANBAN_HOME`, `VANBAN_WAREHOUSE_URL`, `VANBAN_DUCKDB_MEMORY`, then defaults.

    Example:
        workspace_from({}, home="/srv/vb").inbox → /srv/vb/inbox
    """
    home_path = Path(home or environ.get(HOME_ENV) or DEFAULT_HOME).expanduser().resolve()
    inbox_path = Path(inbox).expanduser().resolve() if inbox else home_path / "inbox"
    url = warehouse_url or environ.get(WAREHOUSE_URL_ENV) or None
    memory = environ.get(DUCKDB_MEMORY_ENV, DEFAULT_DUCKDB_MEMORY)
    return Workspace(home=home_path, inbox=inbox_path, warehouse_url=url, duckdb_memory=memory)


def resolve_workspace(
    home: str | Path | None = None, inbox: str | Path | None = None, warehouse_url: str | None = None
) -> Workspace:
    """The workspace of this process's environment: options win over it, and it over the defaults."""
    return workspace_from(os.environ, home=home, inbox=inbox, warehouse_url=warehouse_url)


def read_limits(environ: Mapping[str, str], **overrides: float | None) -> ReadLimits:
    """Defaults, then `VANBAN_MAX_FILE_MB`, `_PAGES`, `_INFLATED_MB`, `_RATIO`, `_SECONDS`, `_SECONDS_PER_PAGE`,
    then the non-None `overrides` (in the fields' own units).

    Example:
        read_limits({"VANBAN_MAX_PAGES": "20"}, max_seconds=30) → ReadLimits(max_pages=20, max_seconds=30, …)

    Raises:
        InvalidSetting: a variable that is not a number. VanbanError: a limit that is not positive.
    """
    from vanban.extractors.readers.limits import ReadLimits

    values: dict[str, float] = {}
    for suffix, (name, factor) in READ_LIMITS_ENV_FIELDS.items():
        raw = environ.get(READ_LIMITS_ENV_PREFIX + suffix)
        if raw:
            values[name] = _number(READ_LIMITS_ENV_PREFIX + suffix, raw) * factor
    values.update({name: value for name, value in overrides.items() if value is not None})
    chosen: dict[str, Any] = {name: int(v) if name in READ_LIMITS_WHOLE_FIELDS else v for name, v in values.items()}
    return replace(ReadLimits(), **chosen)


def _number(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise InvalidSetting(f"{name}={raw!r} is not a number; unset it to use the default") from None


def retry_delays(environ: Mapping[str, str]) -> list[float]:
    """Seconds to wait before each retry of a warehouse step: `VANBAN_RETRY_DELAYS`, or the defaults.

    Example:
        retry_delays({"VANBAN_RETRY_DELAYS": "1, 5"}) → [1.0, 5.0];  retry_delays({"VANBAN_RETRY_DELAYS": "0"}) → []

    Raises:
        InvalidSetting: a value that is not a list of non-negative numbers.
    """
    raw = environ.get(RETRY_DELAYS_ENV, "").strip()
    if not raw:
        return list(DEFAULT_RETRY_DELAYS)
    try:
        delays = [float(part) for part in raw.split(",")]
    except ValueError:
        raise InvalidSetting(
            f"{RETRY_DELAYS_ENV}={raw!r} is not a comma-separated list of seconds, e.g. 2,10,30"
        ) from None
    if any(delay < 0 for delay in delays):
        raise InvalidSetting(f"{RETRY_DELAYS_ENV}={raw!r} has a negative wait")
    return [] if delays == [0] else delays


def reader_workers(environ: Mapping[str, str]) -> int:
    """Worker processes that read and extract side by side: `VANBAN_WORKERS`, or one per core.

    Example:
        reader_workers({"VANBAN_WORKERS": "4"}) → 4;  reader_workers({}) → os.cpu_count()

    Raises:
        InvalidSetting: a value that is not a whole number of at least 1.
    """
    raw = environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return os.cpu_count() or 1
    try:
        workers = int(raw)
    except ValueError:
        raise InvalidSetting(f"{WORKERS_ENV}={raw!r} is not a whole number of worker processes, e.g. 2") from None
    if workers < 1:
        raise InvalidSetting(f"{WORKERS_ENV}={raw!r}: at least one worker process is needed")
    return workers


def dask_address(environ: Mapping[str, str]) -> str | None:
    """The Dask scheduler the read-extract tasks go to (`VANBAN_DASK_ADDRESS=tcp://host:8786`), or None: this machine."""
    return environ.get(DASK_ADDRESS_ENV, "").strip() or None


def report_max_facts(environ: Mapping[str, str]) -> int:
    """The facts a report shows at most: `VANBAN_REPORT_MAX_FACTS`, or the default.

    Example:
        report_max_facts({"VANBAN_REPORT_MAX_FACTS": " 500 "}) → 500

    Raises:
        InvalidSetting (a ValueError): the variable is not a whole number of at least 1.
    """
    raw = environ.get(REPORT_MAX_FACTS_ENV, "").strip()
    if not raw:
        return DEFAULT_REPORT_MAX_FACTS
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidSetting(
            f"{REPORT_MAX_FACTS_ENV}={raw!r}: give a whole number of facts, at least 1 (default {DEFAULT_REPORT_MAX_FACTS})"
        )
    return int(raw)


# -- the Settings `vanban run` hands to the flow it runs in this process: a flow parameter would be stored
#    by Prefect, and the warehouse URL may carry a password
_handed_settings: Settings | None = None


@contextmanager
def handing_to_flows(settings: Settings) -> Iterator[Settings]:
    """For the block, a flow run in this process takes `settings` (`flow_settings`) instead of reading the environment.

    Example:
        with handing_to_flows(settings):
            nightly(home=str(settings.workspace.home), inbox=str(settings.workspace.inbox))
    """
    global _handed_settings
    before, _handed_settings = _handed_settings, settings
    try:
        yield settings
    finally:
        _handed_settings = before


def flow_settings(home: str | None = None, inbox: str | None = None) -> Settings:
    """A flow run's Settings: those the command that runs it handed over (`handing_to_flows`; it passes the
    same home and inbox as parameters, for the record), else this process's environment with the run's
    home and inbox (a run that Prefect's runner started for `vanban serve`, in a process of its own).

    Raises:
        InvalidSetting: a variable whose value cannot be used.
    """
    if _handed_settings is not None:
        return _handed_settings
    return Settings.from_environment(home=home, inbox=inbox)
