"""The fact contract of the design notes (facts.md) as one frozen dataclass.

Example:
    Fact(kind="percent", text="51,47%", start=10, end=16, value=51.47)
"""

from __future__ import annotations

import hashlib
import operator
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Union

FACT_KINDS = ("date", "count", "percent", "org", "docref")

# -- a count's value is a number, or (low, high) for a range such as `từ 7 đến 9 lớp`
Number = Union[int, float]
FactValue = Union[str, Number, tuple[Number, Number], None]

# -- fields that belong to the contract of each kind; `to_dict` writes only these (plus the common ones)
_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("value",),
    "count": ("value", "unit", "qualifier"),
    "percent": ("value", "of"),
    "org": ("normalized", "entity_id"),
    "docref": ("doc_type", "number", "symbol", "date", "year", "issuer_code"),
}


# -- `extra`'s default in `Fact.__init__`: a fresh dict for each fact, as `field(default_factory=dict)` gives
_NEW_DICT: Any = object()


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
    entity_id: str | None = None  # -- org: the body it names, one id across documents (extractors/entities.py)
    organisation: str | None = None  # -- the body the fact is about: an org's own name, else its sentence's org
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    # -- the dataclass's own __init__ of a frozen class sets each field through `object.__setattr__`; the
    #    slots' own setters do the same in half the time, and the finders make ~25,000 facts per MB of text.
    #    Same parameters, order and defaults as the generated one (tests/models/test_fact.py checks).
    def __init__(
        self,
        kind: str,
        text: str,
        start: int,
        end: int,
        value: FactValue = None,
        unit: str | None = None,
        qualifier: str | None = None,
        of: str | None = None,
        normalized: str | None = None,
        doc_type: str | None = None,
        number: str | None = None,
        symbol: str | None = None,
        date: str | None = None,
        year: int | None = None,
        issuer_code: str | None = None,
        sentence: str | None = None,
        extractor: str = "",
        confidence: float = 1.0,
        entity_id: str | None = None,
        organisation: str | None = None,
        extra: dict[str, Any] = _NEW_DICT,  # type: ignore[assignment]
    ) -> None:
        (
            set_kind, set_text, set_start, set_end, set_value, set_unit, set_qualifier, set_of, set_normalized,
            set_doc_type, set_number, set_symbol, set_date, set_year, set_issuer_code, set_sentence,
            set_extractor, set_confidence, set_entity_id, set_organisation, set_extra,
        ) = _SLOT_SETTERS
        set_kind(self, kind)
        set_text(self, text)
        set_start(self, start)
        set_end(self, end)
        set_value(self, value)
        set_unit(self, unit)
        set_qualifier(self, qualifier)
        set_of(self, of)
        set_normalized(self, normalized)
        set_doc_type(self, doc_type)
        set_number(self, number)
        set_symbol(self, symbol)
        set_date(self, date)
        set_year(self, year)
        set_issuer_code(self, issuer_code)
        set_sentence(self, sentence)
        set_extractor(self, extractor)
        set_confidence(self, confidence)
        set_entity_id(self, entity_id)
        set_organisation(self, organisation)
        set_extra(self, {} if extra is _NEW_DICT else extra)
        self.__post_init__()

    def __post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}; expected one of {', '.join(FACT_KINDS)}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad offsets {self.start}..{self.end} for {self.text!r}")

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def with_(self, **changes: Any) -> Fact:
        """A copy with `changes`; as `dataclasses.replace`, twice as fast (facts are copied several
        times each in the pipeline: sentence, entity id, completed year)."""
        unknown = changes.keys() - _FIELD_SET
        if unknown:
            raise TypeError(f"Fact has no field {', '.join(sorted(unknown))}")
        copy = _new_fact(Fact)
        for set_field, value in zip(_SLOT_SETTERS, _field_values(self)):
            set_field(copy, value)
        for name, value in changes.items():
            _set_field(copy, name, value)
        if "start" in changes or "end" in changes or "kind" in changes:
            copy.__post_init__()
        return copy

    # -- pickled as a tuple of values: a batch's facts (~20,000) come back from the reader processes, and the
    #    dataclass default looks the fields up again for every one
    def __getstate__(self) -> tuple[Any, ...]:
        return _field_values(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for set_field, value in zip(_SLOT_SETTERS, state, strict=True):
            set_field(self, value)

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


_FIELD_NAMES = tuple(f.name for f in fields(Fact))
# -- each slot's own setter, in field order (it sets a frozen instance's field as `object.__setattr__` does)
_SLOT_SETTERS = tuple(getattr(Fact, name).__set__ for name in _FIELD_NAMES)
_FIELD_SET = frozenset(_FIELD_NAMES)
_field_values = operator.attrgetter(*_FIELD_NAMES)
_new_fact = object.__new__
_set_field = object.__setattr__


# -- fields the pipeline's last steps fill on facts it has just made (sentence; entity id, and the full name
#    of a resolved short reference; the organisation); never offsets or kind, whose checks would have to run again
FILLABLE_FIELDS = frozenset({"sentence", "entity_id", "normalized", "extractor", "confidence", "organisation"})


def fill_fresh(fact: Fact, name: str, value: Any) -> Fact:
    """Set one field of a fact in place and return it: for the pipeline's own final steps only.

    `Fact` is frozen because facts are shared once they leave the pipeline. Inside one Doc, the facts its
    components have just made are held by nobody else, so giving each its sentence and entity id in
    place saves copying all the fields of ~30,000 facts per MB. Only `FILLABLE_FIELDS`, and only on facts
    that are not yet in a set or dict (a fact's hash changes with its fields). Anywhere else, use `with_`.

    Example:
        fill_fresh(fact, "sentence", "Có 64 chi bộ.") is fact → True; fact.sentence → "Có 64 chi bộ."

    Raises:
        TypeError: `name` is not a fillable field.
    """
    if name not in FILLABLE_FIELDS:
        raise TypeError(f"{name!r} cannot be filled in place; fillable: {', '.join(sorted(FILLABLE_FIELDS))}")
    _set_field(fact, name, value)
    return fact


def fact_id(doc_sha256: str, fact: Fact) -> str:
    """Deterministic identity: the same document loaded twice gives the same ids."""
    key = f"{doc_sha256}|{fact.kind}|{fact.start}|{fact.end}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
