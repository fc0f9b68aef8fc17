"""Extraction alone: text in memory → facts through `nlp.pipe`, in characters per second on one core.

The corpus is the samples' own read text, repeated until it reaches `--megabytes` (default 1) of
characters; each sample document is one pipe item, as in a nightly run. Prints a line per component
(CPU seconds of each component over the corpus, called one after the other on each Doc) and the
whole pipeline's wall time through `nlp.pipe`. `--texts DIR` measures other documents instead (every
.docx, .pdf and .txt under DIR, read as the nightly run reads them).

Run:
    .venv/bin/python bench/extract_speed.py [--megabytes 1] [--repeat 3] [--texts DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from extractors.nlp import make_fact_nlp
from extractors.read import read_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RESULTS = Path(__file__).resolve().parent / "results"


def sample_texts(folder: Path = SAMPLES) -> list[str]:
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".pdf", ".txt") and p.parent.name != "sources")
    if folder == SAMPLES:
        paths = [p for p in paths if p.parent == SAMPLES]
    return [read_document(path).text for path in paths]


def corpus(megabytes: float, folder: Path = SAMPLES) -> list[str]:
    """The folder's texts in turn until their characters reach `megabytes` million."""
    texts, wanted, total = sample_texts(folder), int(megabytes * 1_000_000), 0
    out: list[str] = []
    while total < wanted:
        for text in texts:
            out.append(text)
            total += len(text)
            if total >= wanted:
                break
    return out


def time_pipe(nlp, texts: list[str], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of running `nlp.pipe(texts)` through, over `repeat` runs after a warm-up.

    CPU time is the figure to compare: on a machine doing other work, wall time counts the waits too."""
    list(nlp.pipe(texts[:5]))
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def component_seconds(nlp, texts: list[str]) -> dict[str, float]:
    """CPU seconds of the tokenizer and of each component over `texts`."""
    seconds = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for text in texts:
        started = time.process_time()
        doc = nlp.make_doc(text)
        seconds["tokenizer"] += time.process_time() - started
        for name, component in nlp.pipeline:
            started = time.process_time()
            doc = component(doc)
            seconds[name] += time.process_time() - started
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--texts", type=Path, default=SAMPLES, help="a folder of documents (default samples/)")
    args = parser.parse_args()
    texts = corpus(args.megabytes, args.texts)
    characters = sum(len(text) for text in texts)
    nlp = make_fact_nlp()
    wall, cpu = time_pipe(nlp, texts, args.repeat)
    parts = component_seconds(nlp, texts)
    print(f"{len(texts)} texts, {characters:,} characters from {args.texts}; pipeline: median of {args.repeat} runs")
    print(f"{'stage':<24}{'CPU s':>9}{'M chars/s':>11}")
    for name, seconds in parts.items():
        print(f"{name:<24}{seconds:>9.3f}{characters / seconds / 1e6:>11.2f}")
    print(f"{'whole pipeline, CPU':<24}{cpu:>9.3f}{characters / cpu / 1e6:>11.2f}")
    print(f"{'whole pipeline, wall':<24}{wall:>9.3f}{characters / wall / 1e6:>11.2f}")
    RESULTS.mkdir(exist_ok=True)
    result = {"characters": characters, "texts": len(texts), "source": str(args.texts), "wall_seconds": wall,
              "cpu_seconds": cpu, "chars_per_cpu_second": characters / cpu, "component_cpu_seconds": parts}
    (RESULTS / "extract_speed.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
