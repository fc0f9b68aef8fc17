"""The whole nightly flow on a generated corpus: documents/s, pages/s, MB/s, peak memory and time per stage.

For each warehouse (DuckDB, then PostgreSQL) in a fresh workspace, `vanban run` runs as a subprocess
four times:

    full     the corpus of N documents (bench/corpus.py: 60 % .docx, 30 % PDF, 10 % .txt)
    empty    nothing in the inbox: Prefect's start-up and the run's fixed costs
    same     the same N documents dropped again: nothing new, every one a duplicate
    1% new   the N documents again plus 1 % new ones

Peak memory is the resident set of the whole process tree (the run, Prefect's server if it starts one,
the reading workers), sampled every 0.2 s: the sum of RSS, which counts shared pages once per process
(an upper bound), and the sum of PSS, which shares them out. Stage times come from the run's summary
(`vanban run --summary-json`); a vanban without that option gives "—" for them. Results: a table on
stdout and bench/results/flow_<N>.json.

PostgreSQL: a database of its own per run on the server of `--postgres-url` (default
$VANBAN_BENCH_POSTGRES_URL, then $VANBAN_TEST_POSTGRES_URL, then postgresql://postgres@127.0.0.1:5432/test),
dropped afterwards; a server that cannot be reached is skipped with a line saying so.

Run:
    .venv/bin/python bench/flow_speed.py [--docs 2000] [--seed 7] [--warehouses duckdb,postgres] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Corpus, ensure_corpus, summarize  # noqa: E402

RESULTS = HERE / "results"
STAGES = ("discover", "read.docx", "read.pdf", "read.txt", "extract", "load", "archive", "report")
RUNS = ("full", "empty", "same", "1% new")
SAMPLE_SECONDS = 0.2
RUN_PROCESS, SERVER = "vanban run", "prefect server (uvicorn)"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
DASH = "—"


# ---------------------------------------------------------------------------------------------
# memory of a process tree


class TreeMemory:
    """Samples a process and all its descendants every `SAMPLE_SECONDS` until stopped; keeps the peaks."""

    def __init__(self, pid: int, limit_bytes: int | None = None) -> None:
        self.root = psutil.Process(pid)
        self.limit_bytes = limit_bytes
        self.over_limit = False
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_processes = 0
        self.peak_single_rss = 0
        self.at_peak: list[tuple[str, int]] = []  # -- (process, RSS) at the peak of the sum, largest first
        # -- pid → (kind of process, CPU seconds at its last sample): a worker that ends keeps its last reading
        self._cpu: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        rss = pss = 0
        each: list[tuple[str, int]] = []
        for process in processes:
            try:
                info = process.memory_full_info()
                name = _process_name(process)
                each.append((name, info.rss))
                times = process.cpu_times()
                # -- a process that has ended but is not yet reaped has no command line any more: keep its name
                known = self._cpu.get(process.pid, ("?", 0.0))[0]
                self._cpu[process.pid] = (name if known == "?" else known, times.user + times.system)
            except psutil.Error:  # -- a worker that ended between the listing and the read
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        if rss > self.peak_rss:
            self.at_peak = sorted(each, key=lambda item: -item[1])
        self.peak_single_rss = max([self.peak_single_rss, *(r for _, r in each)])
        self.peak_rss = max(self.peak_rss, rss)
        if self.limit_bytes and pss > self.limit_bytes and not self.over_limit:
            # -- a shared machine: stop the run (the tree this bench started) before it pushes others into swap or OOM
            self.over_limit = True
            for process in reversed(processes):
                try:
                    process.kill()
                except psutil.Error:
                    pass
        self.peak_pss = max(self.peak_pss, pss)
        self.peak_processes = max(self.peak_processes, len(processes))

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds (user + system) per kind of process over the run, to the last 0.2 s sample."""
        out: dict[str, float] = {}
        for name, seconds in self._cpu.values():
            kind = "reader" if name.startswith("reader") else name
            out[kind] = round(out.get(kind, 0.0) + seconds, 2)
        return out


def _process_name(process: psutil.Process) -> str:
    """`vanban run`, `prefect server (uvicorn)`, `reader (forkserver)` …: what a process of the tree is."""
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return "?"
    for needle, name in (
        ("uvicorn", "prefect server (uvicorn)"),
        ("forkserver", "reader (forkserver)"),
        ("multiprocessing", "reader"),
        ("vanban run", "vanban run"),
        ("vanban.cli", "vanban run"),
    ):
        if needle in command:
            return name
    return command[:60]


# ---------------------------------------------------------------------------------------------
# warehouses


@dataclass
class Warehouse:
    name: str
    url: str | None  # -- None: the workspace's DuckDB file
    drop: Any = None  # -- called after the runs (drops the PostgreSQL database)


def postgres_warehouse(admin_url: str) -> Warehouse | str:
    """A fresh database on the server of `admin_url`, or the reason it cannot be had."""
    import psycopg
    from psycopg import sql

    name = f"vanban_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        return f"cannot create a database on {_redacted(admin_url)}: {' '.join(str(error).split())}"
    parts = urlsplit(admin_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    return Warehouse("postgres", url, drop)


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


# ---------------------------------------------------------------------------------------------
# one run


@dataclass
class Run:
    warehouse: str
    name: str
    docs: int
    pages: int
    megabytes: float
    wall_seconds: float  # -- the whole `vanban run`: Python and Prefect start-up included
    exit_code: int
    peak_rss_mb: float
    peak_pss_mb: float
    processes: int
    peak_single_rss_mb: float = 0.0
    at_peak: list[tuple[str, float]] = field(default_factory=list)
    cpu_seconds: dict[str, float] = field(
        default_factory=dict
    )  # -- per kind of process: vanban run, prefect server, reader
    summary: dict[str, Any] = field(default_factory=dict)
    output: str = ""

    @property
    def stages(self) -> dict[str, float]:
        return self.summary.get("stages") or {}

    def rate(self, amount: float) -> float:
        return amount / self.wall_seconds if self.wall_seconds > 0 else 0.0


def drop_files(files: list[Path], inbox: Path) -> None:
    """Put the files in the inbox as hard links (same inode: the corpus's old mtime, no bytes copied);
    a copy keeping the mtime where links cannot be made (another file system)."""
    inbox.mkdir(parents=True, exist_ok=True)
    for path in files:
        target = inbox / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)


def summary_json_supported(vanban: Path) -> bool:
    result = subprocess.run(
        [str(vanban), "run", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    return "--summary-json" in result.stdout


def run_vanban(
    vanban: Path,
    home: Path,
    warehouse: Warehouse,
    label: str,
    entries: list[dict],
    with_summary: bool,
    limit_bytes: int | None = None,
) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("VANBAN_WAREHOUSE_URL", "VANBAN_HOME", "PREFECT_HOME")}
    if warehouse.url:
        env["VANBAN_WAREHOUSE_URL"] = warehouse.url
    summary_path = home / f"summary-{label.replace('%', '').replace(' ', '-')}.json"
    command = [str(vanban), "run", "--home", str(home), "--settle-seconds", "0"]
    if with_summary:
        command += ["--summary-json", str(summary_path)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with TreeMemory(process.pid, limit_bytes) as memory:
        output, _ = process.communicate()
    if memory.over_limit:
        output += f"\nstopped by the bench: the run's memory (PSS) passed {limit_bytes / 1e9:.1f} GB (--max-memory-gb)"
    wall = time.perf_counter() - started
    summary: dict[str, Any] = {}
    if with_summary and summary_path.exists():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    return Run(
        warehouse=warehouse.name,
        name=label,
        docs=len(entries),
        pages=sum(e["pages"] for e in entries),
        megabytes=sum(e["bytes"] for e in entries) / 1e6,
        wall_seconds=wall,
        exit_code=process.returncode,
        peak_rss_mb=memory.peak_rss / 1e6,
        peak_pss_mb=memory.peak_pss / 1e6,
        processes=memory.peak_processes,
        peak_single_rss_mb=memory.peak_single_rss / 1e6,
        at_peak=[(name, round(rss / 1e6, 1)) for name, rss in memory.at_peak],
        cpu_seconds=memory.cpu_seconds(),
        summary=summary,
        output=output[-4000:],
    )


def run_warehouse(
    vanban: Path,
    corpus: Corpus,
    warehouse: Warehouse,
    with_summary: bool,
    scratch: Path,
    log,
    which: tuple[str, ...] = RUNS,
    limit_bytes: int | None = None,
) -> list[Run]:
    """The runs (all four by default, always in their order) in one fresh workspace."""
    home = Path(tempfile.mkdtemp(prefix=f"home-{warehouse.name}-", dir=scratch))
    docs, new = corpus.manifest["docs"], corpus.manifest["new"]
    plan = [
        ("full", corpus.files(), docs),
        ("empty", [], []),
        ("same", corpus.files(), docs),
        ("1% new", corpus.files() + corpus.files("new"), docs + new),
    ]
    runs = []
    try:
        for label, files, entries in plan:
            if label not in which:
                continue
            drop_files(files, home / "inbox")
            log(f"  {warehouse.name} / {label}: {len(files)} files …")
            run = run_vanban(vanban, home, warehouse, label, entries, with_summary, limit_bytes)
            log(
                f"    {run.wall_seconds:.1f} s, exit {run.exit_code}, peak RSS {run.peak_rss_mb:.0f} MB "
                f"(PSS {run.peak_pss_mb:.0f} MB, {run.processes} processes); {last_line(run.output)}"
            )
            log("    at the peak: " + ", ".join(f"{name} {rss:.0f} MB" for name, rss in run.at_peak))
            runs.append(run)
            if run.exit_code != 0:
                log(f"    vanban run failed:\n{run.output}")
                break
    finally:
        shutil.rmtree(home, ignore_errors=True)  # -- the inbox and archive hold links: the corpus stays
    return runs


def last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("vanban run ")]
    return lines[-1] if lines else (output.strip().splitlines() or [""])[-1][:200]


# ---------------------------------------------------------------------------------------------
# medians, table, JSON


def median_runs(repeats: list[list[Run]]) -> list[dict[str, Any]]:
    """One row per (warehouse, run): medians over the repeats that succeeded of wall time, peak memory and each
    stage; a run no repeat finished is left out, and `failed` counts the repeats that did not finish."""
    rows = []
    for label in RUNS:
        tried = [run for runs in repeats for run in runs if run.name == label]
        same = [run for run in tried if run.exit_code == 0]
        if not same:
            continue
        first = same[0]
        stage_values: dict[str, list[float]] = {}
        for run in same:
            for stage, seconds in run.stages.items():
                stage_values.setdefault(stage, []).append(seconds)
        wall = statistics.median(r.wall_seconds for r in same)
        summary = first.summary
        rows.append(
            {
                "warehouse": first.warehouse,
                "run": first.name,
                "repeats": len(same),
                "docs": first.docs,
                "pages": first.pages,
                "megabytes": round(first.megabytes, 2),
                "wall_seconds": round(wall, 2),
                "wall_seconds_each": [round(r.wall_seconds, 2) for r in same],
                "flow_seconds": summary.get("wall_seconds"),
                "docs_per_second": round(first.docs / wall, 2) if wall else None,
                "pages_per_second": round(first.pages / wall, 2) if wall else None,
                "megabytes_per_second": round(first.megabytes / wall, 3) if wall else None,
                "peak_rss_mb": round(statistics.median(r.peak_rss_mb for r in same), 1),
                "peak_pss_mb": round(statistics.median(r.peak_pss_mb for r in same), 1),
                "processes": max(r.processes for r in same),
                "peak_single_process_rss_mb": round(statistics.median(r.peak_single_rss_mb for r in same), 1),
                "at_peak": first.at_peak,
                "cpu_seconds": _median_cpu(same),
                "stages": {stage: round(statistics.median(values), 2) for stage, values in stage_values.items()},
                "exit_codes": [r.exit_code for r in same],
                "failed": len(tried) - len(same),
                "summary": {k: v for k, v in summary.items() if k != "stages"},
                "flow_pages": summary.get("pages"),
                "flow_bytes": summary.get("bytes"),
            }
        )
    return rows


def _median_cpu(runs: list[Run]) -> dict[str, float]:
    kinds = sorted({kind for run in runs for kind in run.cpu_seconds})
    return {kind: round(statistics.median(run.cpu_seconds.get(kind, 0.0) for run in runs), 1) for kind in kinds}


def _prefect_share(row: dict[str, Any], empty: dict[str, Any] | None) -> float | None:
    """Prefect's server CPU beyond its start-up (the empty run's), as a share of the tree's CPU beyond the
    empty run's: what the task runs of this run cost the server. The client side (~60 ms a task run in the
    run's own process) is not in it; the summary's task_runs says how many there were."""
    cpu = row.get("cpu_seconds") or {}
    base = (empty or {}).get("cpu_seconds") or {}
    server = cpu.get(SERVER, 0.0) - base.get(SERVER, 0.0)
    total = sum(cpu.values()) - sum(base.values())
    return round(100 * server / total, 1) if total > 0 and empty is not None else None


def _run_record(run: Run) -> dict[str, Any]:
    return {
        "warehouse": run.warehouse,
        "run": run.name,
        "exit_code": run.exit_code,
        "wall_seconds": round(run.wall_seconds, 2),
        "peak_rss_mb": round(run.peak_rss_mb, 1),
        "peak_pss_mb": round(run.peak_pss_mb, 1),
        "at_peak": run.at_peak,
        "stages": run.stages,
        "flow_seconds": run.summary.get("wall_seconds"),
        "cpu_seconds": run.cpu_seconds,
        "output_tail": "" if run.exit_code == 0 else run.output[-1500:],
    }


def _cell(value: Any, digits: int = 1) -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def format_table(rows: list[dict[str, Any]]) -> str:
    head = ["warehouse", "run", "docs", "pages", "MB", "wall s", "docs/s", "pages/s", "MB/s", "RSS MB", "PSS MB"]
    body = [
        [
            r["warehouse"],
            r["run"],
            _cell(r["docs"]),
            _cell(r["pages"]),
            _cell(r["megabytes"]),
            _cell(r["wall_seconds"]),
            _cell(r["docs_per_second"]),
            _cell(r["pages_per_second"]),
            _cell(r["megabytes_per_second"], 2),
            _cell(r["peak_rss_mb"], 0),
            _cell(r["peak_pss_mb"], 0),
        ]
        for r in rows
    ]
    extra = sorted({s for r in rows for s in r["stages"]} - set(STAGES))
    stages = [*STAGES, *extra]
    stage_head = ["warehouse", "run", *stages, "flow s"]
    stage_body = [
        [r["warehouse"], r["run"], *(_cell(r["stages"].get(s), 1) for s in stages), _cell(r["flow_seconds"], 1)]
        for r in rows
    ]
    empties = {r["warehouse"]: r for r in rows if r["run"] == "empty"}
    cpu_head = [
        "warehouse",
        "run",
        "run CPU s",
        "Prefect server CPU s",
        "readers CPU s",
        "all CPU s",
        "task runs",
        "server share %",
    ]
    cpu_body = [
        [
            r["warehouse"],
            r["run"],
            *(_cell((r.get("cpu_seconds") or {}).get(kind)) for kind in (RUN_PROCESS, SERVER, "reader")),
            _cell(round(sum((r.get("cpu_seconds") or {}).values()), 1)),
            _cell((r.get("summary") or {}).get("task_runs")),
            # -- a run that reads nothing costs a few CPU seconds: the share of those says nothing
            _cell(_prefect_share(r, empties.get(r["warehouse"])) if r["run"] in ("full", "1% new") else None),
        ]
        for r in rows
    ]
    return (
        _grid(head, body) + "\n\nseconds per stage, from the run's summary (— where it gave none); read.* and extract "
        "are summed over the reader processes, which work side by side\n"
        + _grid(stage_head, stage_body)
        + "\n\nCPU seconds per process (user + system); server share: the Prefect server's CPU beyond the empty run's, "
        "of all CPU beyond the empty run's\n" + _grid(cpu_head, cpu_body)
    )


def _grid(head: list[str], body: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [head, *body]) for i in range(len(head))]
    lines = [
        "  ".join(str(c).rjust(w) if i > 1 else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
        for row in [head, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        )
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = None, None
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
        "git_commit": commit,
        "git_dirty": dirty,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--warehouses", default="duckdb,postgres", help="comma-separated: duckdb, postgres")
    parser.add_argument(
        "--runs", default=",".join(RUNS), help=f"comma-separated, of: {', '.join(RUNS)}".replace("%", "%%")
    )
    parser.add_argument(
        "--max-memory-gb",
        type=float,
        default=12.0,
        help="stop a run whose process tree's PSS passes this (a shared machine); 0: no limit",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each warehouse's four; medians are reported")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("VANBAN_BENCH_POSTGRES_URL")
        or os.environ.get("VANBAN_TEST_POSTGRES_URL")
        or DEFAULT_POSTGRES_URL,
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="the results file (default bench/results/flow_<N>.json)"
    )
    parser.add_argument("--vanban", type=Path, default=Path(sys.executable).with_name("vanban"))
    parser.add_argument(
        "--scratch",
        type=Path,
        default=HERE / ".corpus",
        help="where the workspaces go (same disk as the corpus: hard links)",
    )
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(line, flush=True)

    which = tuple(r.strip() for r in args.runs.split(",") if r.strip())
    if not which or set(which) - set(RUNS):
        log(f"--runs takes some of: {', '.join(RUNS)}")
        return 1
    if "full" not in which:
        log("--runs must include full: the other runs start from its warehouse")
        return 1
    limit_bytes = int(args.max_memory_gb * 1e9) if args.max_memory_gb > 0 else None
    if not args.vanban.exists():
        log(f"no vanban at {args.vanban}: run `make setup` (or pass --vanban)")
        return 1
    corpus = ensure_corpus(args.docs, args.seed, log=log)
    log(
        f"corpus {corpus.folder}: {summarize(corpus.manifest['docs'])}; {len(corpus.manifest['new'])} more for the 1% run"
    )
    with_summary = summary_json_supported(args.vanban)
    if not with_summary:
        log("this vanban has no `run --summary-json`: stage times are shown as —")
    args.scratch.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    machine_before = machine()
    rows: list[dict[str, Any]] = []
    every_run: list[dict[str, Any]] = []  # -- failed ones too, with the end of their output
    skipped: dict[str, str] = {}
    for name in [w.strip() for w in args.warehouses.split(",") if w.strip()]:
        repeats: list[list[Run]] = []
        for attempt in range(args.repeat):
            if name == "duckdb":
                warehouse: Warehouse | str = Warehouse("duckdb", None)
            elif name == "postgres":
                warehouse = postgres_warehouse(args.postgres_url)
            else:
                log(f"unknown warehouse {name!r}; use duckdb or postgres")
                return 1
            if isinstance(warehouse, str):
                skipped[name] = warehouse
                log(f"PostgreSQL skipped: {warehouse} (set VANBAN_BENCH_POSTGRES_URL or --postgres-url)")
                break
            log(f"{name}, repeat {attempt + 1}/{args.repeat}:")
            try:
                runs = run_warehouse(
                    args.vanban, corpus, warehouse, with_summary, args.scratch, log, which, limit_bytes
                )
            finally:
                if warehouse.drop:
                    warehouse.drop()
            if runs:  # -- a failed run ends its warehouse's sequence; the runs before it still count
                repeats.append(runs)
                every_run += [_run_record(run) for run in runs]
        if repeats:
            rows += median_runs(repeats)
    table = format_table(rows)
    print()
    print(
        f"{args.docs} documents, seed {args.seed}, medians of {args.repeat}; {os.cpu_count()} CPUs, "
        f"load average at start {machine_before['load_average']}"
    )
    print(table)
    for name, reason in skipped.items():
        print(f"{name}: skipped ({reason})")
    RESULTS.mkdir(exist_ok=True)
    result = {
        "started_at": started_at,
        "docs": args.docs,
        "seed": args.seed,
        "repeat": args.repeat,
        "corpus": {
            "folder": str(corpus.folder),
            "summary": summarize(corpus.manifest["docs"]),
            "new": len(corpus.manifest["new"]),
            "write_seconds": corpus.manifest.get("write_seconds"),
        },
        "machine": machine_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "summary_json": with_summary,
        "rows": rows,
        "runs": every_run,
        "skipped": skipped,
    }
    out = args.output or RESULTS / f"flow_{args.docs}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nresults: {out}")
    failed = [r for r in rows if r["failed"]]
    for row in failed:
        print(
            f"{row['warehouse']} / {row['run']}: {row['failed']} of {row['repeats'] + row['failed']} repeats failed (see the log above)"
        )
    return 1 if failed or not rows else 0


if __name__ == "__main__":
    raise SystemExit(main())
