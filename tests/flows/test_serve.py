"""`vanban serve` alone runs the flow on its schedule: the default path starts a local Prefect server.

Prefect's temporary server has no scheduler, so before this a served deployment never got a run. Here
`vanban serve --cron "* * * * *"` runs as a user would start it, with no Prefect setting at all, until
a scheduled run has moved a file from the inbox to the archive; then SIGTERM stops it and its server.
Slow (the `VANBAN` command line in a subprocess): a server start, up to a minute's wait, one run.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import drop_into, sample_documents
from vanban.flows.prefect_server import is_healthy
from vanban.warehouse import open_warehouse

VANBAN = [sys.executable, "-c", "from vanban.cli import app; app(prog_name='vanban')"]
UI_LINE = re.compile(r"(http://127\.0\.0\.1:(\d+))")
# -- a fresh Prefect home migrates its database (~10–50 s), the next minute comes (≤ 60 s), the run reads one file
DEADLINE_SECONDS = 150


def _environment(home: Path) -> dict[str, str]:
    environ = {name: value for name, value in os.environ.items() if not name.startswith(("PREFECT_", "VANBAN_"))}
    # -- the runner looks for due runs every 10 s by default: a quicker look keeps the test short
    return environ | {"VANBAN_HOME": str(home), "PREFECT_RUNNER_POLL_FREQUENCY": "2", "LANG": "en_US.UTF-8"}


def test_serve_alone_runs_the_flow_on_its_schedule_and_stops_its_server(tmp_path):
    home = tmp_path / "vanban-home"
    sample = next(path for path in sample_documents() if path.suffix == ".docx")
    drop_into(home / "inbox", sample)
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    started = time.monotonic()
    serve = subprocess.Popen(
        [*VANBAN, "serve", "--cron", "* * * * *"],
        env=_environment(home),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        archived = _wait_for_archive(home, serve, started)
        output = Path(log.name).read_text(encoding="utf-8")
        ui = UI_LINE.search(output)
        assert ui, output
        assert f"runs are listed at {ui.group(1)}" in output
        assert archived == [sample.name], output
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            serve.kill()
            raise
    output = Path(log.name).read_text(encoding="utf-8")
    assert serve.returncode == 0, output
    assert "vanban serve: stopped." in output
    # -- the server went with it: its port no longer answers, and no process of it is left
    assert not is_healthy(f"{ui.group(1)}/api", timeout=2)
    assert _processes_with(f"--port {ui.group(2)}") == []
    with open_warehouse(None, default_path=home / "warehouse.duckdb") as store:
        runs = store.run_table()
        assert [run["documents"] for run in runs if run["status"] == "completed"][:1] == [1]
        assert store.fact_counts(), "the scheduled run loaded the sample's facts"


def _wait_for_archive(home: Path, serve: subprocess.Popen, started: float) -> list[str]:
    """The names archived by the first scheduled run, once its report is written."""
    while time.monotonic() - started < DEADLINE_SECONDS:
        assert serve.poll() is None, "vanban serve stopped on its own"
        archived = sorted(path.name for path in (home / "archive").rglob("*") if path.is_file())
        if archived and (home / "reports" / "latest.html").exists():
            return archived
        time.sleep(1)
    raise AssertionError(f"no run within {DEADLINE_SECONDS} s; inbox: {sorted(os.listdir(home / 'inbox'))}")


def test_serve_with_an_unreachable_prefect_api_url_is_one_line(tmp_path):
    environ = _environment(tmp_path / "home") | {"PREFECT_API_URL": "http://127.0.0.1:9/api"}
    result = subprocess.run([*VANBAN, "serve"], env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        "vanban: no Prefect server to schedule with: PREFECT_API_URL=http://127.0.0.1:9/api does not answer"
    ]


def _processes_with(argument: str) -> list[str]:
    """Command lines of this machine's processes that contain `argument` (Linux's /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # -- the process ended while we looked
        if argument in line:
            found.append(line)
    return found


def test_processes_with_finds_a_running_server_argument():
    probe = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "--port 65432"])
    try:
        # -- right after the fork /proc shows the parent's command line until the child has exec'd
        deadline = time.monotonic() + 10
        while not _processes_with("--port 65432") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("--port 65432" in line for line in _processes_with("--port 65432"))
    finally:
        probe.kill()
        probe.wait()
