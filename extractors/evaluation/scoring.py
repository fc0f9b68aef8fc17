"""Precision, recall and F1 per fact kind, with the matching rules of facts.md.

Gold and predicted facts are plain dicts in the contract's shape. Matching is one-to-one within a
document (a multiset: a mention written twice must be found twice):
- date: by value; a gold `--MM-DD`/`--MM` also accepts a predicted value completed with a year
- count: by value and the first word of the unit
- percent: by value within ±0.01
- org: by text after NFC, case-folding and tone-mark normalisation (strict), or by word overlap ≥ 0.5 (relaxed)
- docref: by symbol where gold has one, else by (doc_type, number)
- task: by its leads as a set (each lead matched as an org, strict or relaxed) and its deadline (both
  null is equal; a gold `--MM-DD` accepts a year completed, as a date does)
- person: by name after NFC and case-folding

A gold file lists the kinds it was annotated for (`annotated`); other kinds are not scored for it,
and a file without the list was annotated for the five first kinds. `all` sums those five only, so
scores taken before `task` and `person` existed stay comparable.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from vanban.extractors.text.normalize import canonical
from vanban.models.fact import FACT_KINDS

_WORD_RE = regex.compile(r"\w+")

FactDict = dict[str, Any]
Matcher = Callable[[FactDict, FactDict], bool]

ORG_RELAXED = "org~"
SCORED_KINDS = (*FACT_KINDS, ORG_RELAXED)
# -- the kinds of the first contract: what a gold file without `annotated` was marked for, and what `all` sums
FIRST_KINDS = ("date", "count", "percent", "org", "docref")


@dataclass
class KindScore:
    """Counts for one kind; the ratios are derived."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: KindScore) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives


@dataclass
class DocumentScore:
    """One document's scores per kind and the facts that did not match."""

    name: str
    scores: dict[str, KindScore] = field(default_factory=dict)
    misses: list[FactDict] = field(default_factory=list)
    false_hits: list[FactDict] = field(default_factory=list)


def _number(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_number(v) for v in value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return float(value) if isinstance(value, (int, float)) else value


def _same_number(a: Any, b: Any, tolerance: float = 1e-9) -> bool:
    a, b = _number(a), _number(b)
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(_same_number(x, y, tolerance) for x, y in zip(a, b))
        )
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= tolerance
    return a == b


def _first_word(unit: Any) -> str:
    # -- a word, not a whitespace run: `thôn, buôn` begins with `thôn`
    words = _WORD_RE.findall(canonical(str(unit or "")))
    return words[0] if words else ""


def _symbol_key(symbol: Any) -> str:
    return "".join(canonical(str(symbol)).split())


def _number_key(number: Any) -> str:
    text = canonical(str(number)) if number is not None else ""
    return text.lstrip("0") or text


def match_date(gold: FactDict, predicted: FactDict) -> bool:
    expected, found = str(gold.get("value")), str(predicted.get("value"))
    if expected == found:
        return True
    # -- `--MM-DD` / `--MM`: a year completed from the document's own date is accepted
    return expected.startswith("--") and found[:4].isdigit() and found[4:] == expected[1:]


def match_count(gold: FactDict, predicted: FactDict) -> bool:
    return _same_number(gold.get("value"), predicted.get("value")) and _first_word(gold.get("unit")) == _first_word(
        predicted.get("unit")
    )


def match_percent(gold: FactDict, predicted: FactDict) -> bool:
    return _same_number(gold.get("value"), predicted.get("value"), tolerance=0.01 + 1e-9)


def match_org_strict(gold: FactDict, predicted: FactDict) -> bool:
    return canonical(gold.get("text", "")) == canonical(predicted.get("text", ""))


def word_overlap(a: str, b: str) -> float:
    """Shared words over the words of the longer name: `UBND tỉnh` vs `UBND tỉnh An Giang` → 0.5."""
    words_a, words_b = set(canonical(a).split()), set(canonical(b).split())
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / max(len(words_a), len(words_b))


def match_org_relaxed(gold: FactDict, predicted: FactDict) -> bool:
    return word_overlap(gold.get("text", ""), predicted.get("text", "")) >= 0.5


def match_docref(gold: FactDict, predicted: FactDict) -> bool:
    if gold.get("symbol"):
        return bool(predicted.get("symbol")) and _symbol_key(gold["symbol"]) == _symbol_key(predicted["symbol"])
    return canonical(str(gold.get("doc_type") or "")) == canonical(
        str(predicted.get("doc_type") or "")
    ) and _number_key(gold.get("number")) == _number_key(predicted.get("number"))


def _same_lead(gold: str, predicted: str) -> bool:
    return match_org_strict({"text": gold}, {"text": predicted}) or word_overlap(gold, predicted) >= 0.5


def same_bodies(gold: Sequence[str], predicted: Sequence[str]) -> bool:
    """Two lists of bodies name the same set: a one-to-one pairing where every pair matches as orgs.

    Example:
        same_bodies(["Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"], ["Văn phòng Huyện uỷ", "Ban Tổ chức"]) → True
    """
    gold_set, predicted_set = list(dict.fromkeys(gold)), list(dict.fromkeys(predicted))
    if len(gold_set) != len(predicted_set):
        return False
    partner: dict[int, int] = {}  # -- predicted index → gold index

    def pair(g: int, seen: set[int]) -> bool:
        for p, body in enumerate(predicted_set):
            if p not in seen and _same_lead(gold_set[g], body):
                seen.add(p)
                if p not in partner or pair(partner[p], seen):
                    partner[p] = g
                    return True
        return False

    return all(pair(g, set()) for g in range(len(gold_set)))


def match_task(gold: FactDict, predicted: FactDict) -> bool:
    deadline, found = gold.get("deadline"), predicted.get("deadline")
    if (deadline is None) != (found is None):
        return False
    if deadline is not None and not match_date({"value": deadline}, {"value": found}):
        return False
    return same_bodies(gold.get("lead") or [], predicted.get("lead") or [])


def _name_key(name: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(name or "")).casefold().split())


def match_person(gold: FactDict, predicted: FactDict) -> bool:
    return _name_key(gold.get("name")) == _name_key(predicted.get("name"))


MATCHERS: dict[str, Matcher] = {
    "date": match_date,
    "count": match_count,
    "percent": match_percent,
    "org": match_org_strict,
    ORG_RELAXED: match_org_relaxed,
    "docref": match_docref,
    "task": match_task,
    "person": match_person,
}


def match_one_to_one(
    gold: Sequence[FactDict], predicted: Sequence[FactDict], matcher: Matcher
) -> tuple[list[FactDict], list[FactDict], int]:
    """Greedy one-to-one matching in document order → (missed gold, unmatched predictions, matches)."""
    unmatched = list(predicted)
    missed: list[FactDict] = []
    matched = 0
    for expected in gold:
        for i, found in enumerate(unmatched):
            if matcher(expected, found):
                del unmatched[i]
                matched += 1
                break
        else:
            missed.append(expected)
    return missed, unmatched, matched


def score_document(
    name: str,
    gold: Iterable[FactDict],
    predicted: Iterable[FactDict],
    annotated: Iterable[str] = FIRST_KINDS,
) -> DocumentScore:
    """Score one document's predictions against its gold facts, for each kind the gold was annotated for.

    Example:
        score_document("x", [{"kind": "percent", "value": 5}], [{"kind": "percent", "value": 5.0}]).scores["percent"].f1 → 1.0
    """
    gold, predicted, annotated = list(gold), list(predicted), set(annotated)
    result = DocumentScore(name=name)
    for kind in SCORED_KINDS:
        base = ORG_RELAXED.rstrip("~") if kind == ORG_RELAXED else kind
        if base not in annotated:
            continue
        kind_gold = [f for f in gold if f.get("kind") == base]
        kind_predicted = [f for f in predicted if f.get("kind") == base]
        missed, unmatched, matched = match_one_to_one(kind_gold, kind_predicted, MATCHERS[kind])
        result.scores[kind] = KindScore(matched, len(unmatched), len(missed))
        if kind != ORG_RELAXED:
            result.misses.extend({**f, "doc": name} for f in missed)
            result.false_hits.extend({**f, "doc": name} for f in unmatched)
    return result


def total_scores(documents: Iterable[DocumentScore]) -> dict[str, KindScore]:
    """Micro-averaged counts over documents, per kind, plus `all` over the five first kinds.

    `task` and `person` appear only when some document was annotated for them: a total of nothing
    would print as a perfect score.
    """
    documents = list(documents)
    scored = {kind for document in documents for kind in document.scores}
    kinds = [kind for kind in SCORED_KINDS if kind in FIRST_KINDS or kind == ORG_RELAXED or kind in scored]
    totals = {kind: KindScore() for kind in (*kinds, "all")}
    for document in documents:
        for kind, score in document.scores.items():
            totals[kind].add(score)
            if kind in FIRST_KINDS:
                totals["all"].add(score)
    return totals
