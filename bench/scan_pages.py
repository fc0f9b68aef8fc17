"""Seconds per page of reading real scans (OCR, handwriting crops, annotations, layout): one number per file.

Run with the checkout whose reader you measure (its own .venv), e.g. before and after a change:
    nice .venv/bin/python bench/scan_pages.py ../shared/corpus/real/scans [--json out.json]
Each PDF is read once with `read_pdf` (the first file also pays for loading the models: it is reported apart).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from vanban.extractors.readers.pdf import read_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    for path in sorted(args.folder.glob("*.pdf")):
        started = time.perf_counter()
        document = read_pdf(path)
        seconds = time.perf_counter() - started
        rows.append({"file": path.name, "pages": document.pages, "seconds": round(seconds, 2)})
        print(f"{path.name[:40]:<40} {document.pages} pages {seconds:6.1f} s  {seconds / document.pages:5.2f} s/page")
    later = rows[1:] or rows
    per_page = sum(r["seconds"] for r in later) / sum(r["pages"] for r in later)
    print(
        f"first file (loads models): {rows[0]['seconds']} s; the others: {per_page:.2f} s/page over "
        f"{sum(r['pages'] for r in later)} pages; median file {statistics.median(r['seconds'] / r['pages'] for r in later):.2f} s/page"
    )
    if args.json:
        args.json.write_text(json.dumps({"files": rows, "seconds_per_page": round(per_page, 2)}, indent=2) + "\n")


if __name__ == "__main__":
    main()
