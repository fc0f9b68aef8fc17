"""Extraction alone: text in memory → facts as the nightly run makes them, in characters per second on one core.

What is measured is what the run does: `extract_many` (the process-wide `shared_nlp()` pipeline, built
with the run's config, `{"vanban_finalize": {"spans_key": None}}`: no `doc.spans`, then
`complete_years` with each document's date). The corpus is the samples' own read text, repeated until
it reaches `--megabytes` (default 1) of characters; each sample document is one pipe item, as in a
nightly run. Prints a line per stage (CPU seconds of the tokenizer, of each component and of
`complete_years` over the corpus, called one after the other on each Doc) and the whole extraction's
CPU and wall time through `extract_many`. `--texts DIR` measures other documents instead (every .docx,
.pdf and .txt under DIR, read as the nightly run reads them).

Run:
    .venv/bin/python bench/extract_speed.py [--megabytes 1] [--repeat 3] [--texts DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from vanban.extractors.facts.pipeline import extract_many, shared_nlp
from vanban.extractors.facts.resolve import complete_years, document_date
from vanban.extractors.read import read_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RESULTS = Path(__file__).resolve().parent / "results"


# -- a text and its header date (ISO or None), as the run hands them to `extract_many`
Item = tuple[str, str | None]


def sample_texts(folder: Path = SAMPLES) -> list[Item]:
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".pdf", ".txt") and p.parent.name != "sources")
    if folder == SAMPLES:
        paths = [p for p in paths if p.parent == SAMPLES]
    items = []
    for path in paths:
        document = read_document(path)
        items.append((document.text, document.header.date if document.header else None))
    return items


def corpus(megabytes: float, folder: Path = SAMPLES) -> list[Item]:
    """The folder's (text, header date) pairs in turn until their characters reach `megabytes` million."""
    items, wanted, total = sample_texts(folder), int(megabytes * 1_000_000), 0
    out: list[Item] = []
    while total < wanted:
        for item in items:
            out.append(item)
            total += len(item[0])
            if total >= wanted:
                break
    return out


def time_extraction(items: list[Item], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of running `extract_many(items)` through, over `repeat` runs after a warm-up.

    CPU time is the figure to compare: on a machine doing other work, wall time counts the waits too."""
    list(extract_many(items[:5]))
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _facts in extract_many(items, batch_size=32):
            pass
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def stage_seconds(nlp, items: list[Item]) -> dict[str, float]:
    """CPU seconds of the tokenizer, of each component and of `complete_years` over `items`."""
    seconds = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}, "complete_years": 0.0}
    for text, header_date in items:
        started = time.process_time()
        doc = nlp.make_doc(text)
        seconds["tokenizer"] += time.process_time() - started
        for name, component in nlp.pipeline:
            started = time.process_time()
            doc = component(doc)
            seconds[name] += time.process_time() - started
        started = time.process_time()
        complete_years(doc._.facts, document_date(doc._.facts, header_date))
        seconds["complete_years"] += time.process_time() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--texts", type=Path, default=SAMPLES, help="a folder of documents (default samples/)")
    args = parser.parse_args()
    texts = corpus(args.megabytes, args.texts)
    characters = sum(len(text) for text, _ in texts)
    wall, cpu = time_extraction(texts, args.repeat)
    parts = stage_seconds(shared_nlp(), texts)
    print(
        f"{len(texts)} texts, {characters:,} characters from {args.texts}; extract_many: median of {args.repeat} runs"
    )
    print(f"{'stage':<24}{'CPU s':>9}{'M chars/s':>11}")
    for name, seconds in parts.items():
        print(f"{name:<24}{seconds:>9.3f}{characters / max(seconds, 1e-9) / 1e6:>11.2f}")
    print(f"{'whole pipeline, CPU':<24}{cpu:>9.3f}{characters / cpu / 1e6:>11.2f}")
    print(f"{'whole pipeline, wall':<24}{wall:>9.3f}{characters / wall / 1e6:>11.2f}")
    RESULTS.mkdir(exist_ok=True)
    result = {
        "characters": characters,
        "texts": len(texts),
        "source": str(args.texts),
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "chars_per_cpu_second": characters / cpu,
        "component_cpu_seconds": parts,
    }
    (RESULTS / "extract_speed.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
