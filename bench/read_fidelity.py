"""Reading: character error rate, header-field accuracy and pages per second, per format and encoding.

Every source of samples/sources is rendered by tools/make_samples.py in each variant below (the
same text saved as .docx, as PDF, as text, in Unicode and in the legacy TCVN3/VNI fonts) into a
temporary folder and read back with `read_document`:

- CER: `tools.fidelity.character_error_rate` of the read text against the known text in reading
  order (`reading_lines`), whitespace collapsed;
- header: the decoded fields equal to the gold header's, over the documents that have one;
- speed: pages read per CPU second (process time: reading is single-threaded, and a shared machine's
  other work then costs it little), median of `--repeat` runs; a page is an A4 page of the source's
  PDF rendering, so the formats are measured on the same amount of text.

Then the same header accuracy over the committed samples/ themselves. Results go to
bench/results/read_fidelity.json.

Run:
    .venv/bin/python bench/read_fidelity.py [--repeat 3] [NAME …]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.fidelity import character_error_rate  # noqa: E402
from tools.make_samples import SOURCES_DIR, header_of, read_source, reading_lines, render_as  # noqa: E402
from vanban.extractors.read import read_document  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SAMPLES = ROOT / "samples"
# -- (label, format, encoding)
VARIANTS = (
    ("docx", "docx", None),
    ("docx tcvn3", "docx", "tcvn3"),
    ("docx vni", "docx", "vni"),
    ("pdf", "pdf", None),
    ("pdf tcvn3", "pdf", "tcvn3"),
    ("pdf vni", "pdf", "vni"),
    ("txt utf-8", "txt", "utf-8"),
    ("txt utf-16", "txt", "utf-16"),
    ("txt cp1258", "txt", "cp1258"),
    ("txt tcvn3", "txt", "tcvn3"),
    ("txt vni", "txt", "vni"),
)


def header_matches(decoded: dict, gold: dict) -> tuple[int, int, list[str]]:
    """(fields equal, fields compared, names of the wrong ones); the sign's zero padding is ignored."""
    wrong = []
    for name, expected in gold.items():
        got = decoded.get(name)
        if name == "number":
            got, expected = (got or "").lstrip("0"), (expected or "").lstrip("0")
        if got != expected:
            wrong.append(name)
    return len(gold) - len(wrong), len(gold), wrong


def timed_read(path: Path, repeat: int):
    read_document(path)  # -- warm-up: imports, caches
    runs = []
    for _ in range(repeat):
        started = time.process_time()
        document = read_document(path)
        runs.append(time.process_time() - started)
    return document, statistics.median(runs)


def measure(sources, repeat: int, folder: Path) -> dict:
    pages = {}
    for source in sources:
        pdf = render_as(source, folder / f"{source.name}.pages.pdf", "pdf")
        pages[source.name] = read_document(pdf).pages
    results = {}
    for label, fmt, encoding in VARIANTS:
        cers, seconds, page_count, right, total, misses = [], 0.0, 0, 0, 0, []
        for source in sources:
            path = render_as(source, folder / f"{source.name}.{label.replace(' ', '-')}.{fmt}", fmt, encoding)
            document, spent = timed_read(path, repeat)
            cers.append(character_error_rate("\n".join(reading_lines(source, fmt)), document.text))
            seconds += spent
            page_count += pages[source.name]
            gold = header_of(source)
            if gold is not None:
                ok, n, wrong = header_matches(document.header.to_dict() if document.header else {}, gold)
                right, total = right + ok, total + n
                misses += [f"{source.name}:{name}" for name in wrong]
        results[label] = {
            "documents": len(sources),
            "cer_mean": statistics.mean(cers),
            "cer_max": max(cers),
            "header_fields": f"{right}/{total}",
            "header_accuracy": right / total if total else None,
            "header_misses": misses,
            "pages": page_count,
            "seconds": seconds,
            "pages_per_second": page_count / seconds,
        }
    return results


def samples_header_accuracy() -> dict:
    right = total = 0
    misses = []
    for gold_path in sorted(SAMPLES.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["header"]
        document_path = next(p for p in SAMPLES.glob(gold_path.stem + ".*") if p.suffix in (".docx", ".pdf", ".txt"))
        header = read_document(document_path).header
        if gold is None:
            total, right = total + 1, right + (header is None)
            misses += [] if header is None else [f"{gold_path.stem}: a header where none is"]
            continue
        ok, n, wrong = header_matches(header.to_dict() if header else {}, gold)
        right, total = right + ok, total + n
        misses += [f"{gold_path.stem}:{name}" for name in wrong]
    return {"fields": f"{right}/{total}", "accuracy": right / total, "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    sources = [read_source(p) for p in sorted(SOURCES_DIR.glob("*.md")) if not args.names or p.stem in args.names]
    with tempfile.TemporaryDirectory() as folder:
        results = measure(sources, args.repeat, Path(folder))
    print(f"{len(sources)} sources, median of {args.repeat} reads each, CPU time")
    print(f"{'variant':<13}{'CER mean':>10}{'CER max':>10}{'header':>10}{'pages':>7}{'pages/s':>9}")
    for label, row in results.items():
        print(
            f"{label:<13}{row['cer_mean']:>10.4%}{row['cer_max']:>10.4%}{row['header_fields']:>10}"
            f"{row['pages']:>7}{row['pages_per_second']:>9.1f}"
        )
        for miss in row["header_misses"]:
            print(f"{'':<13}header miss {miss}")
    on_samples = samples_header_accuracy()
    print(f"samples/: header fields {on_samples['fields']} ({on_samples['accuracy']:.1%})", *on_samples["misses"])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "read_fidelity.json").write_text(
        json.dumps({"variants": results, "samples_header": on_samples}, ensure_ascii=False, indent=2)
    )


if __name__ == "__main__":
    main()
