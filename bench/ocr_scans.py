"""OCR of samples/scans against the text PDFs they were made from: accuracy and time per page, per DPI.

For every samples/scans/NAME.pdf (an image-only copy of samples/NAME.pdf, see tools/make_scans.py):
- seconds per page: render, deskew, clean-up, Tesseract and the layout rules (each page OCR'd once per DPI);
- the character error rate per page: Levenshtein distance between the scan's page text and the text
  layer's page text (both through the same layout rules, whitespace collapsed) over the latter's length;
- F1 per fact kind of `vanban evaluate` on the scans and on their text twins, and the ratio.

Run:
    .venv/bin/python bench/ocr_scans.py [--dpi 200 300 400]
Writes bench/results/ocr_scans.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pdfplumber
from rapidfuzz.distance import Levenshtein

from vanban.extractors.evaluation.evaluate import evaluate_folder
from vanban.extractors.evaluation.scoring import total_scores
from vanban.extractors.readers import ocr
from vanban.extractors.readers import pdf as pdf_reader
from vanban.extractors.readers.pdf import iter_layout_blocks, page_layout, read_pdf

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCANS = SAMPLES / "scans"
RESULTS = Path(__file__).resolve().parent / "results"


def page_texts(path: Path) -> dict[int, str]:
    """Each page's blocks (furniture included) in reading order, whitespace collapsed; pages read on their own,
    so a paragraph that runs on to the next page counts where it stands."""
    with pdfplumber.open(path) as pdf:
        return {
            number: " ".join(" ".join(text for text, _ in iter_layout_blocks(page_layout(page, number), set())).split())
            for number, page in enumerate(pdf.pages, start=1)
        }


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over the reference's length: 0.0 is perfect."""
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def f1_by_kind(folder: Path) -> dict[str, float]:
    return {kind: round(score.f1, 3) for kind, score in total_scores(evaluate_folder(folder)).items()}


def text_twins_f1() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as work:
        for gold in SCANS.glob("*.json"):
            shutil.copy(SAMPLES / gold.name, work)
            shutil.copy(SAMPLES / gold.with_suffix(".pdf").name, work)
        return f1_by_kind(Path(work))


def timed_ocr(seconds: dict[tuple[str, int], float]):
    """`ocr_page` that remembers each page's result and the time its first OCR took: every page OCR'd once."""
    results: dict[tuple[str, int, int], ocr.OcrPage] = {}

    def ocr_page(page, dpi=None):
        key = (Path(page.pdf.stream.name).stem, page.page_number, ocr.OCR_DPI)
        if key not in results:
            started = time.perf_counter()
            results[key] = ocr.ocr_page(page, dpi)
            seconds[key[:2]] = time.perf_counter() - started
        return results[key]

    return ocr_page


def measure(dpi: int) -> dict:
    ocr.OCR_DPI = dpi
    seconds: dict[tuple[str, int], float] = {}
    pdf_reader.ocr_page = timed_ocr(seconds)
    pages = []
    for scan in sorted(SCANS.glob("*.pdf")):
        reference = page_texts(SAMPLES / scan.name)
        started = time.perf_counter()
        read = page_texts(scan)
        layout_seconds = time.perf_counter() - started
        document = read_pdf(scan)
        # -- OCR time is the page's own; the layout rules on top are shared out evenly
        share = (layout_seconds - sum(seconds.get((scan.stem, n), 0.0) for n in read)) / len(read)
        for page, text in sorted(reference.items()):
            pages.append(
                {
                    "document": scan.stem,
                    "page": page,
                    "seconds": round(seconds.get((scan.stem, page), 0.0) + share, 2),
                    "cer": round(character_error_rate(text, read.get(page, "")), 4),
                    "ocr_confidence": document.ocr_pages.get(page),
                }
            )
    return {
        "dpi": dpi,
        "pages": pages,
        "mean_cer": round(statistics.mean(p["cer"] for p in pages), 4),
        "mean_seconds_per_page": round(statistics.mean(p["seconds"] for p in pages), 2),
        "f1_scans": f1_by_kind(SCANS),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[ocr.OCR_DPI])
    args = parser.parse_args()
    twins = text_twins_f1()
    runs = [measure(dpi) for dpi in args.dpi]
    for run in runs:
        run["f1_ratio"] = {kind: round(run["f1_scans"][kind] / f1, 3) if f1 else None for kind, f1 in twins.items()}
        print(f"dpi {run['dpi']}: CER {run['mean_cer']:.2%}, {run['mean_seconds_per_page']} s/page")
        for page in run["pages"]:
            print(
                f"  {page['document']:<36} p{page['page']}  CER {page['cer']:.2%}  {page['seconds']} s  conf {page['ocr_confidence']}"
            )
        for kind, f1 in twins.items():
            print(
                f"  {kind:<8} F1 text {f1:.3f}  scan {run['f1_scans'].get(kind, 0):.3f}  ratio {run['f1_ratio'][kind]}"
            )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ocr_scans.json").write_text(
        json.dumps({"f1_text": twins, "runs": runs}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
