"""Reading speed: documents, pages and megabytes per second of each reader, and its memory as N grows.

The samples of one format (samples/*.docx, samples/*.pdf, samples/*.txt) are read in turn until
`--documents` reads have been made, each format in a fresh child process so that one format's memory
never shows in another's. Two ways of reading are timed:

- reader: the format's own reader (`read_docx`, `read_pdf`, `read_txt`) alone;
- document: `read_document`, as the nightly run calls it (limits checks, reader, header decoding).

Speed is CPU time of the process (reading is single-threaded, so a shared machine's other work costs
it little), the median of `--repeat` passes; wall time is reported beside it. Memory is the resident
set: its growth from after the warm-up to the end (peak `ru_maxrss` and last), and the RSS at each
tenth of the reads, which must stay flat as N grows.

`--folder DIR` reads the documents of another folder instead (bench/corpus.py's, whose .docx say their
pages); a document without a page count counts as one page. Results go to bench/results/read_speed.json
(read_speed-<folder's parent>.json for another folder). `--profile FORMAT` prints where one pass's time goes
(cProfile, the 30 costliest functions by own time and by cumulative time) instead.

Run:
    .venv/bin/python bench/read_speed.py [--documents 300] [--repeat 3] [--formats docx,pdf,txt]
    .venv/bin/python bench/read_speed.py --folder bench/.corpus/2000-7/docs --files 300 --repeat 1
    .venv/bin/python bench/read_speed.py --profile pdf [--documents 60]
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SAMPLES = ROOT / "samples"
FORMATS = ("docx", "pdf", "txt")
MODES = ("reader", "document")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * PAGE_SIZE / 1e6


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # -- Linux: kilobytes


def sample_files(fmt: str, folder: Path = SAMPLES, limit: int | None = None) -> list[Path]:
    return sorted(folder.glob(f"*.{fmt}"))[:limit]


def reader_of(fmt: str, mode: str):
    if mode == "document":
        from vanban.extractors.read import read_document

        return read_document
    from vanban.extractors.read import READERS

    return READERS["." + fmt]


def one_pass(read, paths: list[Path], documents: int, checkpoints: set[int]) -> dict:
    pages = size = 0
    rss_at: list[float] = []
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    for count, path in enumerate(itertools.islice(itertools.cycle(paths), documents), start=1):
        document = read(path)
        pages += document.pages or 1
        size += path.stat().st_size
        if count in checkpoints:
            rss_at.append(round(rss_mb(), 1))
    return {
        "cpu": time.process_time() - started_cpu,
        "wall": time.perf_counter() - started_wall,
        "pages": pages,
        "bytes": size,
        "rss_at": rss_at,
    }


def measure_in_this_process(fmt: str, mode: str, documents: int, repeat: int, folder: Path, files: int | None) -> dict:
    """Warm up, then `repeat` passes of `documents` reads; speeds are the medians over the passes."""
    paths = sample_files(fmt, folder, files)
    read = reader_of(fmt, mode)
    for path in paths[:20]:  # -- warm-up: imports, caches, the first allocation of each pool
        read(path)
    rss_start = rss_mb()
    peak_start = peak_rss_mb()
    checkpoints = {max(1, documents * tenth // 10) for tenth in range(1, 11)}
    passes = [one_pass(read, paths, documents, checkpoints) for _ in range(repeat)]
    cpu = statistics.median(p["cpu"] for p in passes)
    wall = statistics.median(p["wall"] for p in passes)
    pages, size = passes[0]["pages"], passes[0]["bytes"]
    return {
        "format": fmt,
        "mode": mode,
        "folder": str(folder),
        "files": len(paths),
        "documents": documents,
        "repeat": repeat,
        "pages": pages,
        "megabytes": size / 1e6,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "docs_per_second": documents / cpu,
        "pages_per_second": pages / cpu,
        "mb_per_second": size / 1e6 / cpu,
        "wall_docs_per_second": documents / wall,
        "rss_start_mb": round(rss_start, 1),
        "rss_end_mb": round(rss_mb(), 1),
        "rss_growth_mb": round(rss_mb() - rss_start, 1),
        "peak_rss_growth_mb": round(peak_rss_mb() - peak_start, 1),
        "rss_by_tenth_mb": passes[-1]["rss_at"],
    }


def measure_in_child(fmt: str, mode: str, documents: int, repeat: int, folder: Path, files: int | None) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        f"{fmt}:{mode}",
        "--documents",
        str(documents),
        "--repeat",
        str(repeat),
        "--folder",
        str(folder),
    ] + (["--files", str(files)] if files else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(fmt: str, documents: int, folder: Path, files: int | None) -> None:
    paths = sample_files(fmt, folder, files)
    read = reader_of(fmt, "reader")
    for path in paths:
        read(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for path in itertools.islice(itertools.cycle(paths), documents):
        read(path)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(30)


def print_table(rows: list[dict]) -> None:
    print(f"{rows[0]['folder']}: CPU time, median of {rows[0]['repeat']} passes; each format in its own process")
    head = f"{'format':<7}{'via':<10}{'docs':>6}{'pages':>7}{'docs/s':>9}{'pages/s':>9}{'MB/s':>7}{'wall d/s':>9}"
    print(head + f"{'RSS0 MB':>9}{'+RSS MB':>9}{'+peak':>7}  RSS by tenth of the reads (MB)")
    for row in rows:
        tenths = " ".join(f"{value:.0f}" for value in row["rss_by_tenth_mb"])
        print(
            f"{row['format']:<7}{row['mode']:<10}{row['documents']:>6}{row['pages']:>7}"
            f"{row['docs_per_second']:>9.1f}{row['pages_per_second']:>9.1f}{row['mb_per_second']:>7.2f}"
            f"{row['wall_docs_per_second']:>9.1f}{row['rss_start_mb']:>9.1f}{row['rss_growth_mb']:>9.1f}"
            f"{row['peak_rss_growth_mb']:>7.1f}  {tenths}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300, help="reads per pass and format")
    parser.add_argument("--repeat", type=int, default=3, help="passes; speeds are their median")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--folder", type=Path, default=SAMPLES, help="where the documents are (default samples/)")
    parser.add_argument("--files", type=int, help="read at most this many distinct files of each format")
    parser.add_argument("--profile", choices=FORMATS, help="print a cProfile of one pass of this format's reader")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fmt, mode = args.child.split(":")
        print(json.dumps(measure_in_this_process(fmt, mode, args.documents, args.repeat, args.folder, args.files)))
        return
    if args.profile:
        profile(args.profile, args.documents, args.folder, args.files)
        return
    rows = [
        measure_in_child(fmt, mode, args.documents, args.repeat, args.folder, args.files)
        for fmt in args.formats.split(",")
        for mode in args.modes.split(",")
    ]
    print_table(rows)
    RESULTS.mkdir(exist_ok=True)
    name = "read_speed.json" if args.folder == SAMPLES else f"read_speed-{args.folder.parent.name or 'folder'}.json"
    (RESULTS / name).write_text(json.dumps({"results": rows}, indent=2))


if __name__ == "__main__":
    main()
