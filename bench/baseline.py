"""vanban against the baseline a user would otherwise reach for, side by side on the same texts.

The baseline: underthesea's `ner` (its CRF model, which ships in the wheel) for organisations, and
dateparser's `search_dates(languages=['vi'])` for dates. Both run on the very text vanban extracts
from (`read_document(path).text`) of every gold file of a folder (default samples/), and their output
becomes vanban facts scored with vanban's own rules (`vanban.extractors.evaluation.scoring`, facts.md's matching), so
the F1 per kind compares like with like. The baseline covers two kinds; count, percent and docref
it does not attempt (reported as not covered: no prediction, F1 0).

Conversion, chosen to be fair to the baseline:
- dates: each surface `search_dates` returns is read again by dateparser's `DateDataParser`, whose
  `period` (day, month, year) sets the precision of the value (`năm 2022` → `2022`, not `2022-12-01`);
  the plain `YYYY-MM-DD` of the datetime is scored too, as `date (day only)`, for what a user gets
  without that step.
- organisations: underthesea's B-ORG/I-ORG token runs, each token found again in the text, so an
  organisation is `text[start:end]`. Text is fed as underthesea expects it: a sentence at a time
  (`sent_tokenize` of each line). Its LOC spans are not organisations; `org (ORG or LOC)` scores
  every entity it tags as an organisation, as a check that the labels are not what holds it back.

Speed: characters per second over the same texts, wall clock (and CPU time beside it), median of
`--repeat` runs after a warm-up, each system timed in turn within a run so drift on a shared machine
falls on all of them. vanban is timed on `extract_document`, what `vanban evaluate` scores.

Nothing is downloaded: underthesea's `ner(deep=True)` needs torch, transformers and a model from a hub,
so it is not the path measured; HF_HUB_OFFLINE is set before underthesea is imported.

Run (after `pip install -e '.[bench]'`):
    .venv/bin/python bench/baseline.py [--gold samples] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from vanban.extractors.evaluation.evaluate import gold_pairs, load_gold_facts
from vanban.extractors.evaluation.scoring import ORG_RELAXED, KindScore, score_document, total_scores
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.extractors.text.normalize import canonical
from vanban.models.document import Document
from vanban.models.fact import FACT_KINDS, Fact

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RESULTS = Path(__file__).resolve().parent / "results"

BASELINE_KINDS = ("date", "org")
# -- the kinds of the table: the contract's five, the relaxed org match, and the overall score
TABLE_KINDS = (*FACT_KINDS, ORG_RELAXED, "all")
ORG_TAGS = frozenset({"ORG"})
ENTITY_TAGS = frozenset({"ORG", "LOC", "PER", "MISC"})
SPEED_TARGET = 20.0
# -- the rows that score one side of the baseline another way show only the kinds they are about
VARIANTS = {"baseline, date (day only)": ("date",), "baseline, org (ORG or LOC)": ("org", ORG_RELAXED)}
# -- how far ahead a token is looked for when underthesea's tokens do not stand at the cursor
_SEARCH_WINDOW = 200

# -- dateparser's periods → how much of the datetime the value keeps (facts.md: the precision written)
_PERIOD_FORMATS = {"year": "%Y", "month": "%Y-%m"}

TaggedSentence = Sequence[tuple[Any, ...]]


# ---------------------------------------------------------------------------------------------------
# conversion: pure functions over what the packages return, testable without them


def date_value(moment: datetime, period: str | None) -> str:
    """The fact value of a dateparser datetime at the precision of its period.

    Example:
        date_value(datetime(2022, 12, 1), "year") → "2022"; date_value(datetime(2015, 6, 19), "day") → "2015-06-19"
    """
    return moment.strftime(_PERIOD_FORMATS.get(period or "day", "%Y-%m-%d"))


def _locate(text: str, surface: str, cursor: int) -> int:
    found = text.find(surface, cursor)
    return found if found >= 0 else text.find(surface)


def date_facts(text: str, found: Iterable[tuple[str, datetime, str | None]]) -> list[Fact]:
    """Facts of `search_dates` hits, each `(surface, datetime, period)`, placed in `text` in order.

    Example:
        date_facts("họp năm 2022", [("năm 2022", datetime(2022, 12, 1), "year")])
        → [Fact(kind="date", text="năm 2022", start=4, end=12, value="2022", …)]
    """
    facts: list[Fact] = []
    cursor = 0
    for surface, moment, period in found:
        start = _locate(text, surface, cursor)
        if start < 0 or moment is None:
            continue
        end = start + len(surface)
        # -- extra["day"]: the datetime as dateparser gives it, scored as `date (day only)`
        facts.append(
            Fact(
                kind="date",
                text=surface,
                start=start,
                end=end,
                value=date_value(moment, period),
                extractor="baseline.dateparser",
                extra={"day": moment.strftime("%Y-%m-%d")},
            )
        )
        cursor = end
    return facts


def _skip_space(text: str, cursor: int) -> int:
    while cursor < len(text) and text[cursor].isspace():
        cursor += 1
    return cursor


def align_token(text: str, token: str, cursor: int) -> tuple[int, int] | None:
    """Where underthesea's token (syllables joined by one space) stands in `text` at or after `cursor`.

    Syllables may be separated by any whitespace in the text (a line break in a header), and the
    token may be spelled differently (underthesea normalises tone marks: `hoà` → `hòa`), so each
    syllable is matched as written, else after `canonical`, else searched a little further on.

    Example:
        align_token("Ủy ban\\nnhân dân", "Ủy ban nhân dân", 0) → (0, 15)
    """
    start: int | None = None
    position = cursor
    for syllable in token.split():
        position = _skip_space(text, position)
        if text.startswith(syllable, position) or canonical(text[position : position + len(syllable)]) == canonical(
            syllable
        ):
            at = position
        else:
            at = text.find(syllable, position, position + _SEARCH_WINDOW)
            if at < 0:
                return None
        if start is None:
            start = at
        position = at + len(syllable)
    return None if start is None else (start, position)


def entity_spans(tagged: TaggedSentence, labels: frozenset[str]) -> list[tuple[int, int]]:
    """Token index ranges `[first, last)` of the B-/I- runs whose label is in `labels`.

    An I- tag that follows another label (or O) opens a run of its own, as conlleval reads it.

    Example:
        entity_spans([("Ủy ban", "N", "B-NP", "B-ORG"), ("tỉnh", "N", "B-NP", "I-ORG"), ("họp", "V", "B-VP", "O")],
                     frozenset({"ORG"})) → [(0, 2)]
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_label = ""
    for index, token in enumerate(tagged):
        tag = str(token[-1])
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and open_at is not None and label == open_label
        if open_at is not None and not continues:
            spans.append((open_at, index))
            open_at = None
        if prefix in ("B", "I") and label in labels and not continues:
            open_at, open_label = index, label
    if open_at is not None:
        spans.append((open_at, len(tagged)))
    return spans


def org_facts(text: str, sentences: Iterable[TaggedSentence], labels: frozenset[str] = ORG_TAGS) -> list[Fact]:
    """Organisation facts of underthesea's `ner` output, sentence after sentence of `text`, in order.

    Each sentence is a list of underthesea's tuples `(word, pos, chunk, ner_tag)`; every token is found
    again in `text` so a fact's `text` is `text[start:end]`. A token that cannot be found is skipped
    (the cursor stays), and an entity none of whose tokens were found gives no fact.

    Example:
        org_facts("Ủy ban tỉnh họp", [[("Ủy ban", "N", "B-NP", "B-ORG"), ("tỉnh", "N", "B-NP", "I-ORG"),
                                       ("họp", "V", "B-VP", "O")]])
        → [Fact(kind="org", text="Ủy ban tỉnh", start=0, end=11, …)]
    """
    facts: list[Fact] = []
    cursor = 0
    for tagged in sentences:
        places: list[tuple[int, int] | None] = []
        for token in tagged:
            place = align_token(text, str(token[0]), cursor)
            places.append(place)
            if place is not None:
                cursor = place[1]
        for first, last in entity_spans(tagged, labels):
            found = [place for place in places[first:last] if place is not None]
            if found:
                start, end = found[0][0], found[-1][1]
                facts.append(
                    Fact(kind="org", text=text[start:end], start=start, end=end, extractor="baseline.underthesea")
                )
    return facts


def day_only(facts: Iterable[Fact]) -> list[Fact]:
    """The same date facts with every value a full `YYYY-MM-DD`: the datetime as dateparser gives it."""
    return [replace(fact, value=fact.extra["day"]) if "day" in fact.extra else fact for fact in facts]


# ---------------------------------------------------------------------------------------------------
# running the packages


def _require(name: str) -> None:
    import importlib.util

    if importlib.util.find_spec(name) is None:
        raise SystemExit(f"bench/baseline.py needs {name!r}, which is not installed: pip install -e '.[bench]'")


def load_baseline() -> tuple[Callable[[str], list], Callable[[str], list]]:
    """(search dates, tag sentences) as a user would call them; imports the packages, offline."""
    _require("dateparser")
    _require("underthesea")
    # -- never a download: underthesea's CRF models ship in its wheel, and this keeps the hub client quiet
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates
    from underthesea import ner, sent_tokenize

    periods = DateDataParser(languages=["vi"])

    def find_dates(text: str) -> list[tuple[str, datetime, str | None]]:
        hits = search_dates(text, languages=["vi"]) or []
        return [(surface, moment, periods.get_date_data(surface).period) for surface, moment in hits]

    def tag_sentences(text: str) -> list:
        return [ner(sentence) for line in text.splitlines() if line.strip() for sentence in sent_tokenize(line)]

    return find_dates, tag_sentences


@dataclass
class GoldDocument:
    name: str
    document: Document
    gold: list[dict]

    @property
    def text(self) -> str:
        return self.document.text


def load_gold_documents(folder: Path) -> list[GoldDocument]:
    pairs = gold_pairs(folder)
    return [GoldDocument(pair.name, read_document(pair.document), load_gold_facts(pair.gold)) for pair in pairs]


# ---------------------------------------------------------------------------------------------------
# scoring and timing


def score_kinds(documents: Sequence[GoldDocument], predicted: Sequence[list[Fact]]) -> dict[str, dict[str, Any]]:
    totals = total_scores(
        score_document(d.name, d.gold, [f.to_dict() for f in facts]) for d, facts in zip(documents, predicted)
    )
    return {kind: _row(totals[kind]) for kind in TABLE_KINDS}


def _row(score: KindScore) -> dict[str, Any]:
    return {
        "gold": score.true_positives + score.false_negatives,
        "found": score.true_positives + score.false_positives,
        "match": score.true_positives,
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
    }


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def time_systems(systems: dict[str, Callable[[], object]], repeat: int) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds of each system, timed in turn within each of `repeat` rounds."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in systems}
    for _ in range(repeat):
        for name, work in systems.items():
            runs[name].append(_timed(work))
    return {
        name: {
            "wall_seconds": statistics.median(w for w, _ in got),
            "cpu_seconds": statistics.median(c for _, c in got),
            "wall_runs": [round(w, 4) for w, _ in got],
        }
        for name, got in runs.items()
    }


def run_baseline(gold: Path = SAMPLES, repeat: int = 3) -> dict[str, Any]:
    """Speed and per-kind scores of vanban and of the baseline on the gold files of `gold`.

    Returns:
        {"texts", "characters", "repeat", "speed": {system: {seconds, chars_per_second …}},
         "ratio": {…}, "scores": {system: {kind: {gold, found, match, precision, recall, f1}}},
         "covered": {kind: bool}, "targets": {…}}
    """
    documents = load_gold_documents(gold)
    texts = [d.text for d in documents]
    characters = sum(len(text) for text in texts)
    find_dates, tag_sentences = load_baseline()

    def vanban() -> list[list[Fact]]:
        return [extract_document(d.document) for d in documents]

    def dateparser_only() -> list:
        return [find_dates(text) for text in texts]

    def search_only() -> list:
        from dateparser.search import search_dates

        return [search_dates(text, languages=["vi"]) for text in texts]

    def underthesea_only() -> list:
        return [tag_sentences(text) for text in texts]

    def baseline() -> list[list[Fact]]:
        out = []
        for text in texts:
            out.append(date_facts(text, find_dates(text)) + org_facts(text, tag_sentences(text)))
        return out

    # -- warm-up: spaCy pipeline built, underthesea's models and dateparser's locale data loaded
    vanban_facts, baseline_facts = vanban(), baseline()
    systems = {
        "vanban": vanban,
        "dateparser": dateparser_only,
        "dateparser search_dates alone": search_only,
        "underthesea": underthesea_only,
        "baseline": baseline,
    }
    timings = time_systems(systems, repeat)
    speed = {
        name: {
            **timing,
            "chars_per_second": characters / timing["wall_seconds"],
            "cpu_chars_per_second": characters / timing["cpu_seconds"],
        }
        for name, timing in timings.items()
    }

    entities = [org_facts(text, tag_sentences(text), ENTITY_TAGS) for text in texts]
    scores = {
        "vanban": score_kinds(documents, vanban_facts),
        "baseline": score_kinds(documents, baseline_facts),
        "baseline, date (day only)": score_kinds(documents, [day_only(f) for f in baseline_facts]),
        "baseline, org (ORG or LOC)": score_kinds(documents, entities),
    }
    ratio = {
        name: speed["vanban"]["chars_per_second"] / speed[name]["chars_per_second"]
        for name in ("baseline", "dateparser", "underthesea")
    }
    cpu_ratio = speed["vanban"]["cpu_chars_per_second"] / speed["baseline"]["cpu_chars_per_second"]
    higher = {kind: scores["vanban"][kind]["f1"] > scores["baseline"][kind]["f1"] for kind in FACT_KINDS}
    return {
        "gold": str(gold.relative_to(ROOT)) if gold.is_relative_to(ROOT) else str(gold),
        "texts": len(texts),
        "characters": characters,
        "repeat": repeat,
        "speed": speed,
        "ratio": ratio,
        "cpu_ratio": cpu_ratio,
        "covered": {kind: kind in BASELINE_KINDS for kind in FACT_KINDS},
        "scores": scores,
        "targets": {
            "speed_ratio_at_least": SPEED_TARGET,
            "speed_met": ratio["baseline"] >= SPEED_TARGET,
            "higher_f1": higher,
            "f1_met": all(higher.values()),
        },
        "versions": _versions(),
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("vanban", "spacy", "underthesea", "underthesea_core", "dateparser"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


# ---------------------------------------------------------------------------------------------------
# output


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"{result['texts']} gold texts of {result['gold']}, {result['characters']:,} characters; "
        f"median of {result['repeat']} runs (wall clock; CPU beside it)",
        "",
    ]
    lines.append(f"{'system':<32}{'seconds':>9}{'chars/s':>12}{'CPU chars/s':>13}")
    for name, row in result["speed"].items():
        lines.append(
            f"{name:<32}{row['wall_seconds']:>9.3f}{row['chars_per_second']:>12,.0f}"
            f"{row['cpu_chars_per_second']:>13,.0f}"
        )
    ratio = result["ratio"]
    lines.append(
        f"vanban / baseline: {ratio['baseline']:.1f}× (CPU {result['cpu_ratio']:.1f}×); "
        f"/ dateparser {ratio['dateparser']:.1f}×; / underthesea {ratio['underthesea']:.1f}×"
        f"  (target ≥ {result['targets']['speed_ratio_at_least']:.0f}×)"
    )
    lines.append("")
    header = f"{'F1 (P / R)':<28}" + "".join(f"{kind:>20}" for kind in TABLE_KINDS)
    lines.append(header)
    for name, rows in result["scores"].items():
        cells = []
        for kind in TABLE_KINDS:
            row = rows[kind]
            if name in VARIANTS and kind not in VARIANTS[name]:
                cells.append("")
            elif name != "vanban" and kind in ("count", "percent", "docref"):
                cells.append(f"{'— not covered':>20}")
            else:
                cells.append(f"{row['f1']:>8.3f} ({row['precision']:.2f}/{row['recall']:.2f})")
        lines.append(f"{name:<28}" + "".join(f"{cell:>20}" for cell in cells))
    gold_counts = result["scores"]["vanban"]
    lines.append(f"{'gold facts':<28}" + "".join(f"{gold_counts[kind]['gold']:>20}" for kind in TABLE_KINDS))
    lines.append("not covered: the baseline predicts nothing of that kind (F1 0 in the JSON and in `all`)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SAMPLES, help="folder of NAME.json gold files (default samples/)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per system; the median is reported")
    parser.add_argument("--output", type=Path, default=RESULTS / "baseline.json")
    args = parser.parse_args()
    result = run_baseline(args.gold.resolve(), args.repeat)
    print(format_table(result))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.output}")


if __name__ == "__main__":
    main()
