"""Faults: a run killed (SIGKILL) anywhere, then a normal re-run, leaves exactly what one clean run leaves.

Each round drops the same inbox into a fresh workspace, kills `crash_driver.py` (the flow's steps in
the flow's order) at random points — while reading, inside a load transaction, between the load and
the move, at a move's rename, while the report is written, or after a random delay — then re-runs it
normally, and compares the warehouse and the folders with those of one clean run.

CI runs `VANBAN_CRASH_ROUNDS` rounds (default 2) of `VANBAN_CRASH_KILLS` kills (default 3) with the
seed `VANBAN_CRASH_SEED`; `VANBAN_CRASH_ROUNDS=30` is a longer local run.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.flows.crash_driver import run_once
from tests.helpers import drop_into, sample_documents
from tests.hostile import HOSTILE_CASES
from vanban.run.workers import _context
from vanban.settings import resolve_workspace
from vanban.warehouse import open_warehouse

# -- `vanban` from this checkout (not whatever the virtualenv's script points at)
REPO = Path(__file__).resolve().parents[2]
VANBAN = [sys.executable, "-c", "from vanban.cli import app; app(prog_name='vanban')"]
# -- children forked from a server that has imported the extractors: a pass costs its work, not spaCy's import
CONTEXT = _context()
ROUNDS = int(os.environ.get("VANBAN_CRASH_ROUNDS", "2"))
KILLS_PER_ROUND = int(os.environ.get("VANBAN_CRASH_KILLS", "3"))
SEED = int(os.environ.get("VANBAN_CRASH_SEED", "20261201"))
PHASES = ("read", "load", "archive", "quarantine", "rename", "report", "timer")
HOSTILE_IDS = ("empty-txt", "truncated-docx", "binary-txt", "xlsx-renamed")
FACT_COLUMNS = '"id", "doc_sha256", "kind", "text", "start_offset", "end_offset", "value_text", "value_num", "sentence"'


def _drop_corpus(inbox: Path) -> None:
    samples = sample_documents()[:6]
    drop_into(inbox, *samples)
    # -- the same content under a second name: loaded once, archived twice
    copy = drop_into(inbox / "ban-sao", samples[0])[0]
    copy.rename(copy.with_name("ban-sao-" + copy.name))
    for case in HOSTILE_CASES:
        if case.id in HOSTILE_IDS:
            case.write(inbox)
    then = time.time() - 3600
    for path in inbox.rglob("*"):
        os.utime(path, (then, then))


def _corpus_digests(inbox: Path) -> Counter[str]:
    return Counter(_digest(path) for path in inbox.rglob("*") if path.is_file() and not path.name.startswith("."))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _drive(home: Path, url: str | None, crash_at: str | None = None, kill_after: float | None = None) -> int:
    """One pass in a child process (forked from a server that has the extractors loaded); its exit code."""
    process = CONTEXT.Process(target=run_once, args=(home, crash_at, url))
    process.start()
    process.join(kill_after)
    if process.is_alive():
        os.kill(process.pid, signal.SIGKILL)
        process.join()
    assert process.exitcode in (0, -signal.SIGKILL), f"the pass failed with exit code {process.exitcode}"
    return process.exitcode


def _state(home: Path, url: str | None) -> dict:
    with open_warehouse(url, default_path=home / "warehouse.duckdb") as store:
        facts = store.db.fetch_dicts(f'SELECT {FACT_COLUMNS} FROM "facts" ORDER BY "id"', [])
        documents = store.db.fetch_dicts(
            'SELECT "sha256", "status", "archive_path" FROM "documents" ORDER BY "sha256"', []
        )
        runs = store.db.fetch_dicts(
            'SELECT "status" FROM "runs" WHERE "inbox" = ? ORDER BY "started_at", "id"',
            [resolve_workspace(home).run_key()],
        )
    return {
        "runs": [row["status"] for row in runs],
        "facts": [tuple(row.values()) for row in facts],
        "documents": [(row["sha256"], row["status"]) for row in documents],
        "unlinked": [row["sha256"] for row in documents if row["status"] == "loaded" and not row["archive_path"]],
    }


def _filed(home: Path) -> tuple[Counter[str], list[Path]]:
    """Digests of the documents in archive/ and quarantine/ (not the reasons beside them), and any leftovers."""
    filed: Counter[str] = Counter()
    leftovers = []
    for folder in ("archive", "quarantine"):
        for path in (home / folder).rglob("*"):
            if not path.is_file():
                continue
            if path.name.startswith("."):
                leftovers.append(path)
            elif not path.name.endswith(".error.txt"):
                filed[_digest(path)] += 1
    return filed, leftovers


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    home = tmp_path_factory.mktemp("clean")
    _drop_corpus(home / "inbox")
    corpus = _corpus_digests(home / "inbox")
    assert _drive(home, None) == 0
    state = _state(home, None)
    assert state["facts"] and state["unlinked"] == []
    return corpus, state


def _kill_and_rerun(home: Path, url: str | None, rng: random.Random) -> int:
    _drop_corpus(home / "inbox")
    kills = 0
    for _ in range(KILLS_PER_ROUND):
        phase = rng.choice(PHASES)
        if phase == "timer":
            code = _drive(home, url, kill_after=rng.uniform(0.3, 4.0))
        else:
            code = _drive(home, url, crash_at=f"{phase}:{rng.randint(1, 4)}")
        kills += code == -signal.SIGKILL
    assert _drive(home, url) == 0
    return kills


def _assert_as_clean(home: Path, url: str | None, corpus: Counter[str], clean: dict) -> None:
    after = _state(home, url)
    assert after["facts"] == clean["facts"], "facts lost or duplicated"
    assert after["documents"] == clean["documents"]
    assert after["unlinked"] == []
    # -- every killed pass is marked interrupted by the pass after it; the last one completed
    assert after["runs"][-1] == "completed" and set(after["runs"][:-1]) <= {"completed", "interrupted"}
    filed, leftovers = _filed(home)
    assert filed == corpus, "every dropped file in archive/ or quarantine/ exactly once"
    assert [p for p in (home / "inbox").rglob("*") if p.is_file() and not p.name.startswith(".")] == []
    assert not [p for p in leftovers if p.suffix == ".vanban-moving"]
    latest = (home / "reports" / "latest.html").read_text(encoding="utf-8")
    assert latest.rstrip().endswith("</html>")


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_kills_then_a_rerun_leave_exactly_one_clean_run(clean_run, tmp_path, round_number):
    corpus, clean = clean_run
    kills = _kill_and_rerun(tmp_path, None, random.Random(SEED + round_number))
    _assert_as_clean(tmp_path, None, corpus, clean)
    print(
        f"crash round {round_number}: {kills}/{KILLS_PER_ROUND} passes killed, {len(clean['facts'])} facts as in the clean run"
    )


def test_kills_then_a_rerun_on_postgresql_leave_exactly_one_clean_run(clean_run, tmp_path, pg_url):
    corpus, clean = clean_run
    kills = _kill_and_rerun(tmp_path, pg_url, random.Random(SEED - 1))
    _assert_as_clean(tmp_path, pg_url, corpus, clean)
    print(f"crash round on PostgreSQL: {kills}/{KILLS_PER_ROUND} passes killed")


def test_vanban_run_killed_mid_run_then_run_again_leaves_exactly_one_clean_run(clean_run, tmp_path):
    """The real command, Prefect and all: killed once files start to move, then run again."""
    corpus, clean = clean_run
    _drop_corpus(tmp_path / "inbox")
    command = [*VANBAN, "run", "--home", str(tmp_path), "--settle-seconds", "0"]
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "VANBAN_"))}
    environment["PYTHONPATH"] = str(REPO)
    environment["VANBAN_WAREHOUSE_URL"] = str(tmp_path / "warehouse.duckdb")
    # -- its own process group: the kill takes the whole run at once, Prefect's server and the reader with it
    run = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None:
        if any(path.is_file() for path in (tmp_path / "archive").rglob("*")):
            break
        time.sleep(0.05)
    killed = run.poll() is None
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()

    again = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)

    assert again.returncode == 0, again.stderr
    assert killed, "the first run ended before any file moved: nothing was killed"
    _assert_as_clean(tmp_path, str(tmp_path / "warehouse.duckdb"), corpus, clean)
