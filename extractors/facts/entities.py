"""Organisations linked within a document: short references resolved, one entity id per body.

A short reference names a body by its level only (`Huyện ủy`, `UBND tỉnh`, `Đảng bộ huyện`,
`Ban Tổ chức Huyện ủy`). When the document's other organisations name exactly one place at that level
(`Huyện ủy Cao Lộc`, the header's `HUYỆN ỦY CAO LỘC`, `Đảng bộ huyện Cao Lộc`), the reference is that
place's body: its `normalized` becomes the full name and its `text` stays as written. Two places at one
level (a report listing districts) leave it alone.

Every org then gets `entity_id`, a hash of its canonical name (full, resolved, abbreviations expanded,
case and tone marks folded, the term `khóa X` left out: the institution, not one term's membership),
so `HU Cao Lộc`, `Huyện uỷ Cao Lộc` and a resolved `Huyện ủy` share one id in every document. A short
reference that stays unresolved gets no id: `Huyện ủy` alone names no one body across documents.

Example:
    facts = find_orgs("HUYỆN ỦY CAO LỘC\\n…Huyện uỷ chỉ đạo …")
    [(f.text, f.normalized) for f in link_orgs(facts)]
    → [("HUYỆN ỦY CAO LỘC", "Huyện ủy Cao Lộc"), ("Huyện uỷ", "Huyện ủy Cao Lộc")], both with one entity_id
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from vanban.extractors.text.normalize import canonical, new_style_tones
from vanban.models.fact import Fact, fill_fresh

RESOLVED_SUFFIX = "+resolved"
# -- the full name is the document's own reading of the reference: sound, not certain
RESOLVED_CONFIDENCE = 0.95

# -- a committee named after its level: `Huyện ủy` is the Party committee of a `huyện`
COMMITTEE_LEVELS: dict[str, str] = {
    "tỉnh": "tỉnh",
    "huyện": "huyện",
    "quận": "quận",
    "thành": "thành phố",
    "thị": "thị xã",
}
# -- levels a short reference can be resolved at; smaller units (thôn, bản, …) are never short references
RESOLVABLE_LEVELS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "huyện", "tỉnh", "quận", "xã", "phường")
# -- canonical names that mean the same body (keys are `canonical` forms)
ALIASES: dict[str, str] = {
    "đảng": "Đảng Cộng sản Việt Nam",
    "ban bí thư trung ương đảng": "Ban Bí thư",
    "ban chấp hành trung ương đảng": "Ban Chấp hành Trung ương",
}

_LEVEL_ALTERNATION = "|".join(sorted(RESOLVABLE_LEVELS, key=len, reverse=True))
_COMMITTEE_ALTERNATION = "|".join(word.capitalize() for word in COMMITTEE_LEVELS)
_PLACE = r"\p{Lu}[\p{L}'\d]*(?:(?: | - )\p{Lu}[\p{L}'\d]*)*|\d+"
_TERM_RE = regex.compile(r" khóa [IVXLC\d]+$")
# -- a place named in a canonical spelling: `… huyện Cao Lộc …`, `Huyện ủy Cao Lộc`, `Tỉnh đoàn Lạng Sơn`
_LEVEL_PLACE_RE = regex.compile(rf"(?<![\p{{L}}])(?P<level>{_LEVEL_ALTERNATION}) (?P<place>{_PLACE})")
_COMMITTEE_PLACE_RE = regex.compile(
    rf"(?<![\p{{L}}])(?P<committee>{_COMMITTEE_ALTERNATION}) (?:ủy|đoàn) (?P<place>{_PLACE})"
)
# -- a name that ends at a level with no place: `Ủy ban nhân dân tỉnh`, `Ban Tổ chức Huyện ủy`
_SHORT_LEVEL_RE = regex.compile(rf"(?<![\p{{L}}])(?P<level>{_LEVEL_ALTERNATION})$")
_SHORT_COMMITTEE_RE = regex.compile(rf"(?<![\p{{L}}])(?P<committee>{_COMMITTEE_ALTERNATION}) (?:ủy|đoàn)$")
_WHITESPACE_RE = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class OrgName:
    """A canonical org name split for linking: `Ban Chấp hành Đảng bộ tỉnh khóa X` → core, ` khóa X`, `tỉnh`.

    `short_level` is the level a short reference stops at (None for a full name).
    """

    core: str
    term: str
    short_level: str | None

    @property
    def full(self) -> str:
        return self.core + self.term


def spelled_name(fact: Fact) -> str:
    """The org's canonical spelling: `normalized` when set, else the text on one line in new-style tones."""
    if fact.normalized:
        return fact.normalized
    return _one_line(fact.text)


@lru_cache(maxsize=4096)
def _one_line(written: str) -> str:
    # -- remembered, as `split_name` is: the same names come back in every document
    return _WHITESPACE_RE.sub(" ", new_style_tones(written)).strip()


@lru_cache(maxsize=4096)
def split_name(name: str) -> OrgName:
    """Example: split_name("Ban Thường vụ Huyện ủy khóa XXI") → OrgName("Ban Thường vụ Huyện ủy", " khóa XXI", "huyện")."""
    term = _TERM_RE.search(name)
    core = name[: term.start()] if term else name
    level = None
    committee = _SHORT_COMMITTEE_RE.search(core)
    if committee is not None:
        level = COMMITTEE_LEVELS[committee.group("committee").lower()]
    else:
        bare = _SHORT_LEVEL_RE.search(core)
        if bare is not None and bare.start() > 0:
            level = bare.group("level")
    return OrgName(core, term.group() if term else "", level)


def named_places(names: Iterable[str]) -> dict[str, set[str]]:
    """Level → the places the names give at that level.

    Example:
        named_places(["Huyện ủy Cao Lộc", "Đảng bộ tỉnh Lạng Sơn"]) → {"huyện": {"Cao Lộc"}, "tỉnh": {"Lạng Sơn"}}
    """
    places: dict[str, set[str]] = {}
    for name in names:
        for level, place in _levels_and_places(name):
            places.setdefault(level, set()).add(place)
    return places


@lru_cache(maxsize=4096)
def _levels_and_places(name: str) -> tuple[tuple[str, str], ...]:
    """The (level, place) pairs one canonical name gives, levels first, then committees."""
    found = [(match.group("level"), match.group("place")) for match in _LEVEL_PLACE_RE.finditer(name)]
    for match in _COMMITTEE_PLACE_RE.finditer(name):
        found.append((COMMITTEE_LEVELS[match.group("committee").lower()], match.group("place")))
    return tuple(found)


def resolve_short_references(facts: Sequence[Fact]) -> list[Fact]:
    """Fill `normalized` of short org references with the one full name the document gives them.

    Example:
        resolve_short_references([<org "Huyện ủy Cao Lộc">, <org "Ban Tổ chức Huyện uỷ">])
        → the second with normalized "Ban Tổ chức Huyện ủy Cao Lộc", extractor "orgs.wrapper+resolved"

    Args:
        facts: a document's facts (any kinds; only orgs are read and changed).

    Returns:
        The facts in the same order; a short org whose level the document names exactly one place for
        gets the full name in `normalized`, `+resolved` on its extractor and a slightly lower confidence.
    """
    return link_orgs(facts, resolve=True, link=False)


def _unique_places(places: dict[str, set[str]]) -> dict[str, str]:
    """Level → its place, for levels with exactly one (places compared by their canonical key)."""
    unique: dict[str, str] = {}
    for level, found in places.items():
        by_key = {canonical(place): place for place in sorted(found)}
        if len(by_key) == 1:
            unique[level] = next(iter(by_key.values()))
    return unique


@lru_cache(maxsize=4096)
def entity_key(name: str) -> str | None:
    """The matching key of a body: canonical full name without its term; None for a short reference.

    Example:
        entity_key("Hội đồng nhân dân huyện Tủa Chùa khóa XX") → "hội đồng nhân dân huyện tủa chùa"
        entity_key("Huyện ủy") → None
    """
    parts = split_name(name)
    if parts.short_level is not None:
        return None
    key = canonical(parts.core)
    alias = ALIASES.get(key)
    return canonical(alias) if alias else key


@lru_cache(maxsize=4096)
def entity_id(key: str) -> str:
    """A stable id for an entity key: the same body gets the same id in every document and run."""
    return hashlib.sha256(f"org|{key}".encode()).hexdigest()[:16]


def link_orgs(facts: Sequence[Fact], *, resolve: bool = True, link: bool = True, fresh: bool = False) -> list[Fact]:
    """Resolve short references, then give each org its entity id: what the `vanban_org_links` component does.

    One pass and one new `Fact` per changed org: this runs on every document. `fresh=True` is for the
    pipeline, whose facts were just made and are held by no one else: orgs get their entity id (and a
    resolved reference its full name) in place (`fill_fresh`) rather than in a copy.
    """
    orgs = [(index, fact, split_name(spelled_name(fact))) for index, fact in enumerate(facts) if fact.kind == "org"]
    out = list(facts)
    if not orgs:
        return out
    # -- each full name once (a document names its bodies many times; the places found are the same)
    full_names = dict.fromkeys(name.full for _, _, name in orgs if name.short_level is None)
    places = _unique_places(named_places(full_names)) if resolve else {}
    for index, fact, name in orgs:
        changes: dict[str, Any] = {}
        full = name.full
        place = places.get(name.short_level) if name.short_level else None
        if place is not None:
            full = f"{name.core} {place}{name.term}"
            changes = {
                "normalized": full,
                "extractor": fact.extractor + RESOLVED_SUFFIX,
                "confidence": round(fact.confidence * RESOLVED_CONFIDENCE, 3),
            }
        key = entity_key(full) if link else None
        if key is not None:
            changes["entity_id"] = entity_id(key)
        if fresh:
            for field_name, value in changes.items():
                fill_fresh(fact, field_name, value)
        elif changes:
            out[index] = dataclasses.replace(fact, **changes)
    return out
