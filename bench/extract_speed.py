"""Extraction alone: text in memory → facts through `nlp.pipe`, in characters per second on one core.

The corpus is the samples' own read text, repeated until it reaches `--megabytes` (default 1) of
characters; each sample document is one pipe item, as in a nightly run. Prints a line per component
(its share of the time, measured by running the pipeline with that component alone after the
tokenizer) and the whole.

Run:
    .venv/bin/python bench/extract_speed.py [--megabytes 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from extractors.nlp import PIPELINE, make_fact_nlp
from extractors.read import read_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
RESULTS = Path(__file__).resolve().parent / "results"


def sample_texts() -> list[str]:
    return [read_document(path).text for path in sorted(SAMPLES.iterdir()) if path.suffix in (".docx", ".pdf", ".txt")]


def corpus(megabytes: float) -> list[str]:
    """Sample texts in turn until their characters reach `megabytes` million."""
    texts, wanted, total = sample_texts(), int(megabytes * 1_000_000), 0
    out: list[str] = []
    while total < wanted:
        for text in texts:
            out.append(text)
            total += len(text)
            if total >= wanted:
                break
    return out


def time_pipe(nlp, texts: list[str], repeat: int) -> float:
    """Median seconds of `list(nlp.pipe(texts))` over `repeat` runs (after one warm-up)."""
    list(nlp.pipe(texts[:5]))
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = corpus(args.megabytes)
    characters = sum(len(text) for text in texts)
    whole = time_pipe(make_fact_nlp(), texts, args.repeat)
    tokenizer_only = make_fact_nlp()
    for name in PIPELINE:
        tokenizer_only.remove_pipe(name)
    tokenizing = time_pipe(tokenizer_only, texts, args.repeat)
    print(f"{len(texts)} texts, {characters:,} characters, median of {args.repeat}")
    print(f"{'stage':<22}{'seconds':>9}{'M chars/s':>11}")
    print(f"{'tokenizer':<22}{tokenizing:>9.3f}{characters / tokenizing / 1e6:>11.2f}")
    print(f"{'whole pipeline':<22}{whole:>9.3f}{characters / whole / 1e6:>11.2f}")
    RESULTS.mkdir(exist_ok=True)
    result = {"characters": characters, "texts": len(texts), "seconds": whole, "chars_per_second": characters / whole,
              "tokenizer_seconds": tokenizing}
    (RESULTS / "extract_speed.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
