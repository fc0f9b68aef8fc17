"""The Prefect server `vanban serve` schedules against: the one `PREFECT_API_URL` names, or a local one it starts.

Prefect's temporary server (what a process without `PREFECT_API_URL` gets) has no scheduler service, so a
deployment served against it never gets a run. `local_prefect_server` starts `prefect server start` as a
child process (scheduler on, UI on, analytics off) on a free port of 127.0.0.1, its database in the
workspace's Prefect home, waits until it answers and stops it on the way out.

Nothing here imports prefect: the server is another process, spoken to over HTTP.

Example:
    with local_prefect_server(ws.home / ".prefect") as server:
        os.environ["PREFECT_API_URL"] = server.api_url      # before prefect is imported
        serve(deployment)                                   # its UI at server.ui_url
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vanban.models.errors import SchedulerUnavailable

LOCAL_HOST = "127.0.0.1"
SERVER_LOG_NAME = "server.log"
# -- a fresh Prefect home migrates its SQLite database on the first start: ~50 s on a busy 2-core machine
READY_TIMEOUT_SECONDS = 240.0
STOP_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class PrefectServer:
    """A Prefect server vanban talks to: `ui_url` for people, `api_url` for `PREFECT_API_URL`."""

    ui_url: str
    api_url: str
    log_path: Path | None = None  # -- the local server's output; None for a server started elsewhere


def free_port(host: str = LOCAL_HOST) -> int:
    """A TCP port nothing listens on right now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def is_healthy(api_url: str, timeout: float = 3.0) -> bool:
    """True when the Prefect API at `api_url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def ui_url_of(api_url: str) -> str:
    """`http://host:4200/api` → `http://host:4200` (a self-hosted server serves its UI beside its API)."""
    api_url = api_url.rstrip("/")
    return api_url[: -len("/api")] if api_url.endswith("/api") else api_url


def configured_server(api_url: str) -> PrefectServer:
    """The server `PREFECT_API_URL` names, checked once.

    Raises:
        SchedulerUnavailable: it does not answer.
    """
    if not is_healthy(api_url, timeout=10.0):
        raise SchedulerUnavailable(f"PREFECT_API_URL={api_url} does not answer")
    return PrefectServer(ui_url=os.environ.get("PREFECT_UI_URL") or ui_url_of(api_url), api_url=api_url)


def server_command(port: int, host: str = LOCAL_HOST) -> list[str]:
    return [
        sys.executable,
        *("-m", "prefect", "server", "start"),
        *("--host", host, "--port", str(port)),
        *("--scheduler", "--late-runs", "--ui", "--analytics-off"),
    ]


def server_environment(prefect_home: Path, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: this one, its Prefect home the workspace's, no client settings pointing elsewhere."""
    environ = dict(os.environ if environ is None else environ)
    environ.pop("PREFECT_API_URL", None)
    environ.update(
        PREFECT_HOME=str(prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        # -- the scheduler's pass over deployments; recently changed ones are picked up every 5 s anyway
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="true",
    )
    return environ


@contextmanager
def local_prefect_server(
    prefect_home: Path, *, ready_timeout: float = READY_TIMEOUT_SECONDS
) -> Iterator[PrefectServer]:
    """Start `prefect server start` on a free port, yield it once it answers, stop it (and its children) on exit.

    Raises:
        SchedulerUnavailable: the server exited or did not answer within `ready_timeout`; the message
            names its log file.
    """
    prefect_home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = prefect_home / SERVER_LOG_NAME
    with log_path.open("ab") as log:
        # -- its own session: stopping it reaches everything it started, and a Ctrl+C in the terminal
        #    reaches vanban first, which stops it in order
        process = subprocess.Popen(
            server_command(port),
            env=server_environment(prefect_home),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = PrefectServer(
        ui_url=f"http://{LOCAL_HOST}:{port}", api_url=f"http://{LOCAL_HOST}:{port}/api", log_path=log_path
    )
    try:
        _wait_until_ready(process, server, ready_timeout)
        yield server
    finally:
        stop_process_group(process)


def _wait_until_ready(process: subprocess.Popen[bytes], server: PrefectServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SchedulerUnavailable(
                f"the Prefect server stopped (exit {process.returncode}); see {server.log_path}",
            )
        if is_healthy(server.api_url, timeout=2.0):
            return
        time.sleep(0.5)
    raise SchedulerUnavailable(
        f"the Prefect server did not answer within {timeout:.0f} s; see {server.log_path}",
    )


def stop_process_group(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """SIGTERM to the process's group, then SIGKILL after `timeout` seconds; waits for it."""
    if process.poll() is not None:
        return
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue
    process.wait()
