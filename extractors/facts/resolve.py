"""Pure policies applied after the finders: overlaps between facts, and years completed from the document date."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import regex

from vanban.models.fact import Fact

FULL_DATE_RE = regex.compile(r"^\d{4}-\d{2}-\d{2}$")
YEARLESS_RE = regex.compile(r"^--(\d{2})(?:-(\d{2}))?$")
# -- a dateline or header date sits near the top; further down, a full date is about something else
DATELINE_WINDOW = 300
# -- a date with no year is read in the document's year only when that lands near the document's own date
COMPLETION_WINDOW = (timedelta(days=300), timedelta(days=60))

# -- a date written inside a docref is a fact of its own too (facts.md); all other cross-kind overlaps
# -- are resolved for the kind listed first
CROSS_KIND_ALLOWED = {frozenset({"date", "docref"}), frozenset({"org", "docref"})}
KIND_PRIORITY = {"docref": 0, "date": 1, "percent": 2, "org": 3, "count": 4}
# -- a task spans its whole clause, over the orgs and dates inside it, and two tasks may share a clause
#    (one per deadline); a person spans its name and posts, over the orgs of its posts: neither takes
#    part in overlap resolution
UNRESOLVED_KINDS = frozenset({"task", "person"})


# -- the same, as ordered pairs for a quick look-up in the loop below
_ALLOWED_PAIRS = frozenset((a, b) for pair in CROSS_KIND_ALLOWED for a in pair for b in pair if a != b)


def resolve_overlaps(facts: Iterable[Fact]) -> list[Fact]:
    """Keep the longest of overlapping facts of one kind and the stronger kind across kinds, in text order.

    Example:
        resolve_overlaps([Fact("org", "Huyện ủy", 0, 8), Fact("org", "Huyện ủy Cao Lộc", 0, 16)]) → [the second]

    Most facts overlap nothing: only the runs of facts that overlap one another (`_losers`) are resolved.
    """
    unranked = len(KIND_PRIORITY)
    ordered = sorted(facts, key=lambda f: (f.start, -f.end, KIND_PRIORITY.get(f.kind, unranked)))
    losers: set[int] = set()
    run: list[Fact] = []
    reach = -1
    for fact in ordered:
        if fact.kind in UNRESOLVED_KINDS:
            continue
        if fact.start < reach:
            run.append(fact)
            if fact.end > reach:
                reach = fact.end
            continue
        if len(run) > 1:
            losers.update(_losers(run))
        run, reach = [fact], fact.end
    if len(run) > 1:
        losers.update(_losers(run))
    return [f for f in ordered if id(f) not in losers] if losers else ordered


def _losers(run: list[Fact]) -> list[int]:
    """The ids of the facts of an overlapping run that give way: ranked by kind, then length, then start, each
    fact is kept unless a kept one overlaps it (of its kind, or of a kind it may not overlap)."""
    priority = KIND_PRIORITY
    ranked = sorted(run, key=lambda f: (priority[f.kind], f.start - f.end, f.start))
    # -- kept facts sorted by start, so a new fact is checked against its neighbours only (not all kept)
    starts: list[int] = []
    kept: list[Fact] = []
    longest = 0
    losers = []
    for fact in ranked:
        start, end, kind = fact.start, fact.end, fact.kind
        index = bisect_left(starts, end) - 1  # -- the last kept fact that starts before `fact` ends
        # -- further left, a kept fact would have to be longer than the longest kept to reach `fact`
        while index >= 0 and starts[index] + longest > start:
            other = kept[index]
            if (
                other.end > start
                and other.start < end
                and (other.kind == kind or (other.kind, kind) not in _ALLOWED_PAIRS)
            ):
                losers.append(id(fact))
                break
            index -= 1
        else:  # -- no kept fact blocks it
            index = bisect_right(starts, start)
            starts.insert(index, start)
            kept.insert(index, fact)
            if end - start > longest:
                longest = end - start
    return losers


def document_date(facts: Sequence[Fact], header_date: str | None = None) -> str | None:
    """The document's own date: the header's, else the first full date near the top (a news dateline)."""
    if header_date and FULL_DATE_RE.match(header_date):
        return header_date
    # -- the full date that starts first (the first listed of those starting together), without sorting
    found, found_start = None, DATELINE_WINDOW + 1
    for fact in facts:
        value = fact.value
        if fact.start < found_start and fact.kind == "date" and isinstance(value, str) and FULL_DATE_RE.match(value):
            found, found_start = value, fact.start
    return found


def complete_years(facts: Sequence[Fact], doc_date: str | None) -> list[Fact]:
    """`--MM-DD` / `--MM` dates get the document's year when the result lies near the document date.

    Example:
        complete_years([Fact("date", "ngày 20/12", 0, 10, value="--12-20")], "2018-12-18")[0].value → "2018-12-20"
    """
    if not doc_date or not FULL_DATE_RE.match(doc_date):
        return list(facts)
    anchor = date.fromisoformat(doc_date)
    # -- only a date whose value lacks its year (`--12-20`) can change: the rest pass without a call
    return [
        _completed(fact, anchor) if fact.kind == "date" and str(fact.value).startswith("--") else fact for fact in facts
    ]


def _completed(fact: Fact, anchor: date) -> Fact:
    match = YEARLESS_RE.match(str(fact.value))
    if not match:
        return fact
    month, day = int(match.group(1)), int(match.group(2) or 1)
    try:
        candidate = date(anchor.year, month, day)
    except ValueError:
        return fact
    before, after = COMPLETION_WINDOW
    if not anchor - before <= candidate <= anchor + after:
        return fact
    value = f"{anchor.year}-{match.group(1)}" + (f"-{match.group(2)}" if match.group(2) else "")
    return dataclasses.replace(
        fact, value=value, extractor=f"{fact.extractor}+year", confidence=round(fact.confidence * 0.9, 3)
    )
