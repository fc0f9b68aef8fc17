"""Score the extractor on a folder of gold annotations: NAME.json beside NAME.txt|.docx|.pdf."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vanban.extractors.evaluation.scoring import FIRST_KINDS, DocumentScore, score_document
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.models.errors import VanbanError

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".doc")


@dataclass(frozen=True)
class GoldPair:
    name: str
    gold: Path
    document: Path


def gold_pairs(folder: Path) -> Iterator[GoldPair]:
    """Every NAME.json with a document of the same name; a gold file without one is an error."""
    for gold in sorted(folder.glob("*.json")):
        documents = [gold.with_suffix(s) for s in DOCUMENT_SUFFIXES if gold.with_suffix(s).exists()]
        if not documents:
            raise VanbanError(f"{gold} has no document beside it (looked for {', '.join(DOCUMENT_SUFFIXES)})")
        for document in documents:
            yield GoldPair(gold.stem if len(documents) == 1 else document.name, gold, document)


def load_gold_facts(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    facts = data.get("facts") if isinstance(data, dict) else data
    if not isinstance(facts, list):
        raise VanbanError(f'{path}: expected a list of facts under "facts"')
    return facts


def load_annotated_kinds(path: Path) -> tuple[str, ...]:
    """The kinds a gold file was annotated for: its `annotated` list, else the five first kinds."""
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = data.get("annotated") if isinstance(data, dict) else None
    if kinds is None:
        return FIRST_KINDS
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        raise VanbanError(f'{path}: "annotated" must be a list of fact kinds')
    return tuple(kinds)


def predicted_facts(document_path: Path) -> list[dict]:
    return [fact.to_dict() for fact in extract_document(read_document(document_path))]


def evaluate_folder(folder: Path) -> list[DocumentScore]:
    """One DocumentScore per gold pair, in name order."""
    if not folder.is_dir():
        raise VanbanError(f"gold folder {str(folder)!r} does not exist")
    pairs = list(gold_pairs(folder))
    if not pairs:
        raise VanbanError(f"no gold files (NAME.json) in {str(folder)!r}")
    return [
        score_document(
            pair.name, load_gold_facts(pair.gold), predicted_facts(pair.document), load_annotated_kinds(pair.gold)
        )
        for pair in pairs
    ]
