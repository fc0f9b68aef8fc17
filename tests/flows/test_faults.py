"""Faults around a run: the warehouse unreachable or lost mid-run, a full disk, two runs at once.

The machine's PostgreSQL is never stopped: a run reaches it through a loopback TCP proxy of this
module's own, and "the server goes away" is the proxy dropping every connection and refusing new ones.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from typer.testing import CliRunner

import vanban.warehouse.store
from tests.helpers import drop_into, prepare_files, sample_documents
from vanban.cli import app
from vanban.flows.nightly import ReportNotWritten, nightly
from vanban.models.errors import WarehouseUnavailable
from vanban.report import render
from vanban.run import inbox, steps
from vanban.warehouse import open_warehouse

# -- `vanban` from this checkout (not whatever the virtualenv's script points at)
REPO = Path(__file__).resolve().parents[2]
VANBAN = [sys.executable, "-c", "from vanban.cli import app; app(prog_name='vanban')"]
runner = CliRunner()
NO_ROOM = OSError(errno.ENOSPC, "No space left on device")


class LoopbackProxy:
    """A TCP proxy on 127.0.0.1 in front of one server; `cut()` drops every connection and stops listening."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        for sock in [self._listener, *self._sockets]:
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
        self._sockets.clear()
        self._listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # -- cut
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def proxied_pg(pg_url):
    """(proxy, URL through it) for a fresh schema of the test server."""
    parts = urlsplit(pg_url)
    proxy = LoopbackProxy((parts.hostname, parts.port or 5432))
    user = f"{parts.username}@" if parts.username else ""
    yield proxy, urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{proxy.port}"))
    proxy.cut()


@pytest.fixture
def no_retries(monkeypatch):
    monkeypatch.setenv("VANBAN_RETRY_DELAYS", "0")


@pytest.fixture
def cli_env(monkeypatch):
    """`vanban run` sets these for the process: restore each (absent ones too) after the test."""
    for name in ("VANBAN_HOME", "VANBAN_WAREHOUSE_URL", "PREFECT_HOME", "PREFECT_LOGGING_LEVEL"):
        original = os.environ.get(name)
        monkeypatch.setenv(name, "-")  # -- records the original value for the undo
        if original is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, original)


def _documents(url: str | None, home: Path) -> list[str]:
    with open_warehouse(url, default_path=home / "warehouse.duckdb") as store:
        return sorted(row["original_name"] for row in store.list_documents())


def _inbox_files(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "inbox").rglob("*") if p.is_file() and not p.name.startswith("."))


def test_an_unreachable_warehouse_ends_the_run_with_status_3_and_leaves_the_files(
    prefect_harness, no_retries, cli_env, tmp_path
):
    dropped = drop_into(tmp_path / "inbox", *sample_documents()[:2])
    # -- port 9 (discard) on loopback: nothing listens there
    url = "postgresql://vanban@127.0.0.1:9/vanban"
    os.environ.pop("VANBAN_WAREHOUSE_URL", None)  # -- cli_env puts back what was there

    result = runner.invoke(app, ["run", "--home", str(tmp_path), "--warehouse", url, "--settle-seconds", "0"])

    # -- the option reached the flow without passing through the environment
    assert "VANBAN_WAREHOUSE_URL" not in os.environ and "VANBAN_HOME" not in os.environ
    assert result.exit_code == 3, result.output  # -- vanban.cli.ExitCode.SETUP
    assert "cannot connect to the PostgreSQL warehouse" in result.output and "VANBAN_WAREHOUSE_URL" in result.output
    assert "Traceback" not in result.output
    assert all(path.exists() for path in dropped)
    assert not (tmp_path / "archive").exists() or not any((tmp_path / "archive").rglob("*.*"))


def test_postgresql_lost_in_the_middle_of_a_run_keeps_the_unloaded_files_for_the_next(
    prefect_harness, no_retries, proxied_pg, monkeypatch, tmp_path
):
    proxy, url = proxied_pg
    monkeypatch.setenv("VANBAN_WAREHOUSE_URL", url)
    samples = sample_documents()[:4]
    drop_into(tmp_path / "inbox", *samples)
    loads = []
    real_load = vanban.warehouse.store.Warehouse.load_documents

    def load_then_lose_the_server(self, *args, **kwargs):
        loads.append([load.document.sha256 for load in args[0]])
        if len(loads) == 2:
            proxy.cut()  # -- the second batch's transaction meets a server that is gone
        return real_load(self, *args, **kwargs)

    monkeypatch.setattr(vanban.warehouse.store.Warehouse, "load_documents", load_then_lose_the_server)
    try:
        with pytest.raises(WarehouseUnavailable, match="files not yet loaded stay in the inbox"):
            nightly(home=str(tmp_path), batch_size=2, settle_seconds=0)
    finally:
        proxy.restore()
    monkeypatch.setattr(vanban.warehouse.store.Warehouse, "load_documents", real_load)

    # -- the first batch was loaded and filed; the second is where it was dropped
    assert _inbox_files(tmp_path) == sorted(p.name for p in samples[2:])
    assert len(_documents(url, tmp_path)) == 2

    summary = nightly(home=str(tmp_path), settle_seconds=0)

    assert summary["loaded"] == 2 and _inbox_files(tmp_path) == []
    assert _documents(url, tmp_path) == sorted(p.name for p in samples)
    assert len([p for p in (tmp_path / "archive").rglob("*") if p.is_file()]) == len(samples)


def test_a_full_disk_while_writing_the_report_keeps_the_last_whole_report(prefect_harness, monkeypatch, tmp_path):
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("VANBAN_RETRY_DELAYS", "0")
    drop_into(tmp_path / "inbox", sample_documents()[0])
    first = nightly(home=str(tmp_path), settle_seconds=0)
    latest = tmp_path / "reports" / "latest.html"
    before = latest.read_bytes()
    drop_into(tmp_path / "inbox", sample_documents()[1])

    def no_room_left(descriptor):
        raise NO_ROOM

    monkeypatch.setattr(render.os, "fsync", no_room_left)
    with pytest.raises(ReportNotWritten, match="latest.html is unchanged"):
        nightly(home=str(tmp_path), settle_seconds=0)

    assert latest.read_bytes() == before and Path(first["report_path"]).exists()
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(
        ["latest.html", Path(first["report_path"]).name]
    ), "no partial page, no temporary file left"
    # -- the documents were loaded and filed before the report: nothing is lost with it
    assert len(_documents(None, tmp_path)) == 2 and _inbox_files(tmp_path) == []


def test_vanban_run_says_why_and_exits_3_when_the_report_cannot_be_written(
    prefect_harness, cli_env, monkeypatch, tmp_path
):
    monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("VANBAN_RETRY_DELAYS", "0")
    drop_into(tmp_path / "inbox", sample_documents()[0])
    monkeypatch.setattr(render.os, "fsync", lambda descriptor: (_ for _ in ()).throw(NO_ROOM))

    result = runner.invoke(app, ["run", "--home", str(tmp_path), "--settle-seconds", "0"])

    assert result.exit_code == 3
    assert "No space left on device" in result.output and "Traceback" not in result.output


def test_a_full_disk_while_moving_a_file_leaves_it_whole_in_the_inbox(monkeypatch, tmp_path):
    dropped = drop_into(tmp_path / "inbox", *sample_documents()[:2])
    ready, _ = inbox.discover(tmp_path / "inbox", now=datetime.now().timestamp(), settle_seconds=0)
    outcomes = prepare_files(ready, set())
    real_copy = shutil.copy2

    def other_device(source, destination):
        raise OSError(errno.EXDEV, "Invalid cross-device link")  # -- the archive on another disk

    def copy_until_full(source, destination):
        with open(source, "rb") as reading, open(destination, "wb") as writing:
            writing.write(reading.read(1000))
        if Path(source).name == dropped[0].name:
            raise NO_ROOM
        return real_copy(source, destination)

    monkeypatch.setattr(inbox.os, "rename", lambda a, b: other_device(a, b) if "inbox" in str(a) else os.replace(a, b))
    monkeypatch.setattr(inbox.shutil, "copy2", copy_until_full)
    steps.file_batch(
        outcomes,
        archive=tmp_path / "archive",
        quarantine=tmp_path / "quarantine",
        run_id="r1",
        when=datetime(2026, 12, 1),
    )

    stuck, moved = outcomes
    assert stuck.move_error and "No space left" in stuck.move_error and stuck.destination is None
    assert dropped[0].read_bytes() == sample_documents()[0].read_bytes(), "the inbox copy is whole"
    assert moved.move_error is None and moved.destination.read_bytes() == sample_documents()[1].read_bytes()
    assert not dropped[1].exists()
    archived = sorted(p.name for p in (tmp_path / "archive").rglob("*") if p.is_file())
    assert archived == [dropped[1].name], "no partial copy, no temporary file"


def test_two_runs_started_at_once_process_each_file_once(tmp_path):
    samples = sample_documents()[:3]
    drop_into(tmp_path / "inbox", *samples)
    command = [*VANBAN, "run", "--home", str(tmp_path), "--settle-seconds", "0"]
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "VANBAN_"))}
    environment["PYTHONPATH"] = str(REPO)
    runs = [
        subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]

    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 3]), results
    if codes == [0, 3]:
        refused = next(err for code, _, err in results if code == 3)
        assert "another vanban run is processing" in refused and "Traceback" not in refused
    assert _documents(None, tmp_path) == sorted(p.name for p in samples)
    archived = sorted(p.name for p in (tmp_path / "archive").rglob("*") if p.is_file())
    assert archived == sorted(p.name for p in samples), "each file archived once"
    with open_warehouse(None, default_path=tmp_path / "warehouse.duckdb") as store:
        loaded = store.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "sightings" WHERE "outcome" = ?', ["loaded"])
    assert loaded[0]["n"] == len(samples)
