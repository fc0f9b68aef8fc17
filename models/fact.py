"""The fact contract of the design notes (facts.md) as one frozen dataclass.

Example:
    Fact(kind="percent", text="51,47%", start=10, end=16, value=51.47)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

# -- the first five are single mentions; `task` (who must do what by when) and `person` join several
FACT_KINDS = ("date", "count", "percent", "org", "docref", "task", "person")

# -- a count's value is a number, or (low, high) for a range such as `từ 7 đến 9 lớp`
Number = int | float
FactValue = str | Number | tuple[Number, Number] | None

# -- fields that belong to the contract of each kind; `to_dict` writes only these (plus the common ones)
_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("value",),
    "count": ("value", "unit", "qualifier"),
    "percent": ("value", "of"),
    "org": ("normalized", "entity_id"),
    "docref": ("doc_type", "number", "symbol", "date", "year", "issuer_code"),
    "task": ("lead", "support", "action", "deadline", "recurrence", "lead_entity_ids", "support_entity_ids"),
    "person": ("name", "posts", "honorific", "post_entity_ids", "person_id", "signer"),
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted fact; offsets index the document's normalised text, `text == doc_text[start:end]`."""

    kind: str
    text: str
    start: int
    end: int
    value: FactValue = None
    unit: str | None = None
    qualifier: str | None = None
    of: str | None = None  # -- percent: what it is a share of, when the sentence says
    normalized: str | None = None
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    year: int | None = None
    issuer_code: str | None = None
    sentence: str | None = None
    extractor: str = ""
    confidence: float = 1.0
    entity_id: str | None = None  # -- org: the body it names, one id across documents (extractors/facts/entities.py)
    organisation: str | None = None  # -- the body the fact is about: an org's own name, else its sentence's org
    # -- task: the bodies or posts charged (`chủ trì`, `giao X`) and those to `phối hợp`, as written; the verb
    #    phrase of what is to be done; the deadline as ISO 8601 at the precision written (`2024-06-30`,
    #    `2024-09`, `2024-Q3`, `2025`); `hằng tháng` as written
    lead: tuple[str, ...] | None = None
    support: tuple[str, ...] | None = None
    action: str | None = None
    deadline: str | None = None
    recurrence: str | None = None
    # -- task: the org entity id of each lead and support (same order; None where the body has no id)
    lead_entity_ids: tuple[str | None, ...] | None = None
    support_entity_ids: tuple[str | None, ...] | None = None
    # -- person: the name as written, the posts given with it, `đồng chí`/`ông`/`bà`; the org entity id of
    #    each post's organisation; one id per person across documents (name and post); True for the signer
    name: str | None = None
    posts: tuple[str, ...] | None = None
    honorific: str | None = None
    post_entity_ids: tuple[str | None, ...] | None = None
    person_id: str | None = None
    signer: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}; expected one of {', '.join(FACT_KINDS)}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad offsets {self.start}..{self.end} for {self.text!r}")

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape: common fields, the kind's own fields that are set, provenance."""
        raw = asdict(self)
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}
        for name in _KIND_FIELDS[self.kind]:
            value = raw[name]
            if isinstance(value, tuple):
                value = list(value)
            if value is not None or name == "value":
                out[name] = value
        if self.sentence is not None:
            out["sentence"] = self.sentence
        if self.organisation is not None:
            out["organisation"] = self.organisation
        out["extractor"] = self.extractor
        out["confidence"] = self.confidence
        return out


def _init_through_slot_setters(cls: type) -> Callable[..., None]:
    """The dataclass `__init__` of `cls` made again, each field set through its slot's own setter.

    A frozen dataclass's generated `__init__` sets each field through `object.__setattr__`; the slot's
    setter does the same in about two thirds of the time. With 34 fields that is ~0.8 us of the 2.3 us a
    fact costs, and the finders make ~25,000 facts per MB of text. Same parameters, order, defaults,
    default factory and `__post_init__` as the generated one (tests/models/test_fact.py checks them).
    """
    namespace: dict[str, Any] = {"_FACTORY": object()}
    parameters, lines = [], []
    for f in fields(cls):
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        value = f.name
        if f.default_factory is not MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            parameters.append(f"{f.name}=_FACTORY")
            value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        elif f.default is not MISSING:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        else:
            parameters.append(f.name)
        lines.append(f"    _set_{f.name}(self, {value})\n")
    source = f"def __init__(self, {', '.join(parameters)}):\n{''.join(lines)}    self.__post_init__()\n"
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


Fact.__init__ = _init_through_slot_setters(Fact)  # type: ignore[method-assign]


def fact_id(doc_sha256: str, fact: Fact) -> str:
    """Deterministic identity: the same document loaded twice gives the same ids."""
    key = f"{doc_sha256}|{fact.kind}|{fact.start}|{fact.end}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


# -- fields the pipeline's last steps fill on facts it has just made (sentence; entity id, and the full name
#    of a resolved short reference; the organisation); never offsets or kind, whose checks would have to run again
FILLABLE_FIELDS = frozenset({"sentence", "entity_id", "normalized", "extractor", "confidence", "organisation"})


def fill_fresh(fact: Fact, name: str, value: Any) -> Fact:
    """Set one field of a fact in place and return it: for the pipeline's own final steps only.

    Example:
        fill_fresh(fact, "sentence", "Có 64 chi bộ.") is fact → True; fact.sentence → "Có 64 chi bộ."

    `Fact` is frozen because facts are shared once they leave the pipeline. Inside one Doc, the facts its
    components have just made are held by nobody else, and giving every one of them its sentence and
    entity id by a copy costs a large share of the extraction. Only `FILLABLE_FIELDS`, and only on facts
    that are not yet in a set or dict (a fact's hash changes with its fields). Anywhere else, use
    `dataclasses.replace`.

    Raises:
        TypeError: `name` is not a fillable field.
    """
    if name not in FILLABLE_FIELDS:
        raise TypeError(f"{name!r} cannot be filled in place; fillable: {', '.join(sorted(FILLABLE_FIELDS))}")
    object.__setattr__(fact, name, value)
    return fact
