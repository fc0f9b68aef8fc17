"""Does a trained spaCy `ner` raise organisation recall over the rules? A measurement, not a component.

Trains a blank Vietnamese `ner` (vanban's tokenizer, one label ORG) on the gold organisations of one
folder of gold files, then scores organisations on another folder three ways with facts.md's strict
match: the rules alone, the trained model alone, and the rules plus every model span that overlaps
no rule span. Built from the repository alone: no vectors, no downloads; seeded, so a rerun gives
the same numbers on the same machine.

Run:
    .venv/bin/python bench/org_ner.py --train samples --test samples/heldout [--epochs 30]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import spacy
from spacy.training import Example

from vanban.extractors.evaluation.evaluate import gold_pairs, load_gold_facts
from vanban.extractors.evaluation.scoring import score_document, total_scores
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document

LABEL = "ORG"


def locate(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """Character spans of gold surfaces, searched in text order (gold files carry no offsets)."""
    spans: list[tuple[int, int]] = []
    position = 0
    for surface in surfaces:
        found = text.find(surface, position)
        if found < 0:
            found = text.find(surface)
        if found < 0:
            continue
        spans.append((found, found + len(surface)))
        position = found + len(surface)
    return spans


def _without_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def training_examples(nlp, folder: Path) -> list[Example]:
    examples = []
    for pair in gold_pairs(folder):
        text = read_document(pair.document).text
        surfaces = [fact["text"] for fact in load_gold_facts(pair.gold) if fact["kind"] == "org"]
        doc = nlp.make_doc(text)
        entities = []
        for start, end in _without_overlaps(locate(text, surfaces)):
            span = doc.char_span(start, end, label=LABEL, alignment_mode="expand")
            if span is not None:
                entities.append((span.start_char, span.end_char, LABEL))
        examples.append(Example.from_dict(doc, {"entities": _without_overlaps_labelled(entities)}))
    return examples


def _without_overlaps_labelled(entities: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [(start, end, LABEL) for start, end in _without_overlaps([(s, e) for s, e, _ in entities])]


def train(folder: Path, epochs: int, seed: int = 0):
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.punctuation_tokenizer.v1"}}})
    nlp.add_pipe("ner").add_label(LABEL)
    examples = training_examples(nlp, folder)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=4):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def _org(text: str, start: int, end: int) -> dict:
    return {"kind": "org", "text": text[start:end], "start": start, "end": end}


def score(nlp, folder: Path) -> dict[str, dict[str, float]]:
    runs: dict[str, list] = {"rules": [], "model": [], "rules+model": []}
    for pair in gold_pairs(folder):
        document = read_document(pair.document)
        gold = [fact for fact in load_gold_facts(pair.gold) if fact["kind"] == "org"]
        rules = [fact.to_dict() for fact in extract_document(document) if fact.kind == "org"]
        model = [_org(document.text, ent.start_char, ent.end_char) for ent in nlp(document.text).ents]
        taken = [(fact["start"], fact["end"]) for fact in rules]
        added = [fact for fact in model if not any(fact["start"] < e and s < fact["end"] for s, e in taken)]
        for name, predicted in (("rules", rules), ("model", model), ("rules+model", rules + added)):
            runs[name].append(score_document(pair.name, gold, predicted))
    out = {}
    for name, documents in runs.items():
        org = total_scores(documents)["org"]
        out[name] = {
            "gold": org.true_positives + org.false_negatives,
            "found": org.true_positives + org.false_positives,
            "match": org.true_positives,
            "precision": org.precision,
            "recall": org.recall,
            "f1": org.f1,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=Path("samples"))
    parser.add_argument("--test", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()
    nlp = train(args.train, args.epochs)
    trained = time.perf_counter() - started
    results = score(nlp, args.test)
    print(f"trained on {args.train} in {trained:.0f} s ({args.epochs} epochs); org, strict match, on {args.test}")
    print(f"{'':<13}{'gold':>6}{'found':>7}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for name, row in results.items():
        print(
            f"{name:<13}{row['gold']:>6}{row['found']:>7}{row['match']:>7}"
            f"{row['precision']:>8.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}"
        )
    results_dir = Path(__file__).resolve().parent / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "org_ner.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
