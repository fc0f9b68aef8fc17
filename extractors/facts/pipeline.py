"""One spaCy pipeline that finds the five fact kinds: `spacy.blank("vi")` plus registered, configurable components.

Each finder component wraps a pure finder (`find_dates`, `find_docrefs`, …) that works on the whole text
with compiled regexes (far faster than token Matchers) and appends `Fact`s to
`doc._.facts`. `vanban_org_links` resolves short org references within the document and gives each org
its entity id; `vanban_finalize` resolves overlaps, fills each fact's sentence and mirrors the facts into
`doc.spans["facts"]` for spaCy-native consumers.

Components are factories with a `default_config`, so a pipeline is described by its config alone
(`nlp.config`, `spacy.util.load_model_from_config`); the org tables come through the registry
(`vanban.org_heads.v1`, `vanban.place_names.v1`, `vanban.sectors.v1`), which reads extractors/data/.

Example:
    nlp = make_fact_nlp({"vanban_orgs": {"min_confidence": 0.9}})
    [f.kind for f in nlp("Ngày 5/3/2021, 85 chi bộ đạt 90%.")._.facts] → ["date", "percent", "count"]
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import registry

from vanban.extractors.facts.counts import find_counts, find_table_counts
from vanban.extractors.facts.dates import find_dates
from vanban.extractors.facts.docrefs import find_docrefs
from vanban.extractors.facts.entities import link_orgs
from vanban.extractors.facts.organisations import link_organisations
from vanban.extractors.facts.orgs import (
    ORG_HEADS_PATH,
    PLACE_NAMES_PATH,
    SECTORS_PATH,
    OrgFinder,
    default_org_finder,
    load_org_heads,
    load_place_names,
    load_sectors,
)
from vanban.extractors.facts.people import find_people
from vanban.extractors.facts.people_layout import with_document_people
from vanban.extractors.facts.percents import find_percents
from vanban.extractors.facts.resolve import complete_years, document_date, resolve_overlaps
from vanban.extractors.facts.tasks import find_tasks, with_document_tasks
from vanban.extractors.text.sentences import SentenceIndex
from vanban.models.document import Document
from vanban.models.fact import Fact, fill_fresh

PIPELINE = (
    "vanban_dates",
    "vanban_docrefs",
    "vanban_percents",
    "vanban_counts",
    "vanban_orgs",
    "vanban_org_links",
    "vanban_tasks",
    "vanban_people",
    "vanban_finalize",
)
SPANS_KEY = "facts"
# -- a token is a run of letters, a run of digits or one mark: spaCy's tokenizer splits each
#    whitespace-separated chunk by these (prefixes and suffixes peeled off, then infixes)
_PREFIX_RE = re.compile(r"^(?:\d+|[^\w\s]|_)")
_SUFFIX_RE = re.compile(r"(?:\d+|[^\w\s]|_)$")
_INFIX_RE = re.compile(r"[^\w\s]|_|(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
# -- where the text a Doc was made from is kept: `Doc.text` joins every token again on each call
_TEXT_KEY = "vanban.text"

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)

FinderFn = Callable[[str, list[Fact]], list[Fact]]


class PunctuationTokenizer:
    """Splits runs of letters, runs of digits and each punctuation mark: `20/05/2022,` → 20 / 05 / 2022 ,.

    spaCy's Vietnamese tokenizer either needs pyvi or splits on whitespace only (`2022,` stays one
    token); facts must start and end on token boundaries for `Doc.char_span`, so we split finer. The
    splitting is spaCy's own Cython `Tokenizer` with our affix rules (with its cache of chunks already
    seen, it is much faster than a regex pass building the Doc in Python), and the text is kept on the
    Doc for the finders.
    """

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self._split = Tokenizer(
            vocab, prefix_search=_PREFIX_RE.search, suffix_search=_SUFFIX_RE.search, infix_finditer=_INFIX_RE.finditer
        )

    def __call__(self, text: str) -> Doc:
        doc = self._split(text)
        doc.user_data[_TEXT_KEY] = text
        return doc

    # -- spaCy serialises tokenizers with the pipeline; the rules are code, so there is no state to save
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> PunctuationTokenizer:
        return self

    def to_disk(self, _path, **_: object) -> None:
        return None

    def from_disk(self, _path, **_: object) -> PunctuationTokenizer:
        return self


@registry.tokenizers("vanban.punctuation_tokenizer.v1")
def make_punctuation_tokenizer() -> Callable[[Language], PunctuationTokenizer]:
    return lambda nlp: PunctuationTokenizer(nlp.vocab)


class TextOnlyTokenizer(PunctuationTokenizer):
    """A Doc with no tokens that keeps the text: the finders read the text only, and a run that keeps the
    facts and not the Docs (no `doc.spans`) has no use for tokens, which cost time."""

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab)
        doc.user_data[_TEXT_KEY] = text
        return doc


@registry.tokenizers("vanban.text_only_tokenizer.v1")
def make_text_only_tokenizer() -> Callable[[Language], TextOnlyTokenizer]:
    return lambda nlp: TextOnlyTokenizer(nlp.vocab)


# -- the org tables, through the registry: a config can point a component at other files


@registry.misc("vanban.org_heads.v1")
def org_heads_v1(path: str | None = None) -> dict[str, dict[str, str]]:
    """Head group → {written head: canonical spelling}; default extractors/data/org_heads.json."""
    return _cached_org_heads(str(path or ORG_HEADS_PATH))


@registry.misc("vanban.place_names.v1")
def place_names_v1(path: str | None = None) -> list[str]:
    """The gazetteer of administrative units before and after 2025; default extractors/data/place_names.txt."""
    return _cached_place_names(str(path or PLACE_NAMES_PATH))


@registry.misc("vanban.sectors.v1")
def sectors_v1(path: str | None = None) -> list[dict[str, Any]]:
    """Sectors read after `Bộ`, `Sở`, `Phòng` …; default extractors/data/sectors.json."""
    return _cached_sectors(str(path or SECTORS_PATH))


# -- read once per file: every pipeline built in a process shares the tables (they are not mutated)
@functools.cache
def _cached_org_heads(path: str) -> dict[str, dict[str, str]]:
    return load_org_heads(Path(path))


@functools.cache
def _cached_place_names(path: str) -> list[str]:
    return load_place_names(Path(path))


@functools.cache
def _cached_sectors(path: str) -> list[dict[str, Any]]:
    return load_sectors(Path(path))


def text_of(doc: Doc) -> str:
    """The Doc's text; kept by our tokenizer, since `Doc.text` rebuilds it from every token on each call."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def facts_of(doc: Doc) -> list[Fact]:
    """The facts found in the Doc so far (the list the components append to)."""
    extensions = doc._  # -- each `doc._` builds an accessor: once here (this runs for every component)
    facts = extensions.facts
    if facts is None:
        facts = extensions.facts = []
    return facts


def rule_of(fact: Fact) -> str:
    """The rule part of an extractor name: `dates.full` → `full`, `orgs.wrapper+resolved` → `wrapper`."""
    return fact.extractor.partition(".")[2].partition("+")[0]


def _spans_of(facts: Iterable[Fact], kinds: Iterable[str]) -> list[tuple[int, int]]:
    wanted = frozenset(kinds)
    return [f.span for f in facts if f.kind in wanted]


class FinderComponent:
    """Runs one finder over the Doc's text and keeps the facts that pass the component's filters.

    Args:
        name: the component's name in the pipeline.
        find: the finder, given the text and the facts found so far (dates for docrefs, spans for counts).
        min_confidence: facts below it are dropped.
        disabled_rules: facts of these rules (the part after the dot in `extractor`) are dropped.
    """

    def __init__(
        self, name: str, find: FinderFn, *, min_confidence: float = 0.0, disabled_rules: Sequence[str] = ()
    ) -> None:
        self.name = name
        self.find = find
        self.min_confidence = min_confidence
        self.disabled_rules = frozenset(disabled_rules)

    def __call__(self, doc: Doc) -> Doc:
        facts = facts_of(doc)
        found = self.find(text_of(doc), facts)
        if self.min_confidence > 0 or self.disabled_rules:
            found = [f for f in found if f.confidence >= self.min_confidence and rule_of(f) not in self.disabled_rules]
        facts.extend(found)
        return doc


def _filters(**more: Any) -> dict[str, Any]:
    """The settings every finder component has, plus its own."""
    return {"min_confidence": 0.0, "disabled_rules": [], **more}


@Language.factory("vanban_dates", default_config=_filters())
def make_dates_component(nlp: Language, name: str, min_confidence: float, disabled_rules: list[str]) -> FinderComponent:
    return FinderComponent(
        name, lambda text, _: find_dates(text), min_confidence=min_confidence, disabled_rules=disabled_rules
    )


@Language.factory("vanban_docrefs", default_config=_filters())
def make_docrefs_component(
    nlp: Language, name: str, min_confidence: float, disabled_rules: list[str]
) -> FinderComponent:
    def find(text: str, facts: list[Fact]) -> list[Fact]:
        return find_docrefs(text, dates=[f for f in facts if f.kind == "date"])

    return FinderComponent(name, find, min_confidence=min_confidence, disabled_rules=disabled_rules)


@Language.factory("vanban_percents", default_config=_filters())
def make_percents_component(
    nlp: Language, name: str, min_confidence: float, disabled_rules: list[str]
) -> FinderComponent:
    return FinderComponent(
        name, lambda text, _: find_percents(text), min_confidence=min_confidence, disabled_rules=disabled_rules
    )


@Language.factory("vanban_counts", default_config=_filters(skip_kinds=["date", "docref", "percent"]))
def make_counts_component(
    nlp: Language, name: str, min_confidence: float, disabled_rules: list[str], skip_kinds: list[str]
) -> FinderComponent:
    """Counts; a number inside a fact of `skip_kinds` (`2021` in a date, `15` in `15-NQ/HU`) is not one."""

    def find(text: str, facts: list[Fact]) -> list[Fact]:
        return find_counts(text, taken=_spans_of(facts, skip_kinds))

    return FinderComponent(name, find, min_confidence=min_confidence, disabled_rules=disabled_rules)


@Language.factory(
    "vanban_orgs",
    default_config=_filters(
        heads={"@misc": "vanban.org_heads.v1"},
        places={"@misc": "vanban.place_names.v1"},
        sectors={"@misc": "vanban.sectors.v1"},
    ),
)
def make_orgs_component(
    nlp: Language,
    name: str,
    min_confidence: float,
    disabled_rules: list[str],
    heads: dict[str, dict[str, str]],
    places: list[str],
    sectors: list[dict[str, Any]],
) -> FinderComponent:
    """Organisations, by the grammar of extractors/orgs.py over the given tables."""
    finder = _org_finder(heads, places, sectors)
    return FinderComponent(
        name, lambda text, _: finder.find(text), min_confidence=min_confidence, disabled_rules=disabled_rules
    )


def _org_finder(
    heads: Mapping[str, Mapping[str, str]], places: Sequence[str], sectors: Sequence[Mapping[str, Any]]
) -> OrgFinder:
    # -- compiling the grammar and keying the gazetteer takes a moment: reuse the shipped finder when
    #    the tables are the shipped ones (the registry gives the very same objects)
    if (heads, places, sectors) == (org_heads_v1(), place_names_v1(), sectors_v1()):
        return default_org_finder()
    return OrgFinder(heads, places, sectors)


class OrgLinksComponent:
    """Resolves short org references within the document and gives each org its entity id (extractors/entities.py)."""

    def __init__(self, name: str, *, resolve: bool = True, link: bool = True) -> None:
        self.name = name
        self.resolve = resolve
        self.link = link

    def __call__(self, doc: Doc) -> Doc:
        doc._.facts = link_orgs(facts_of(doc), resolve=self.resolve, link=self.link, fresh=True)
        return doc


@Language.factory("vanban_org_links", default_config={"resolve": True, "link": True})
def make_org_links_component(nlp: Language, name: str, resolve: bool, link: bool) -> OrgLinksComponent:
    return OrgLinksComponent(name, resolve=resolve, link=link)


@Language.factory("vanban_tasks", default_config=_filters())
def make_tasks_component(nlp: Language, name: str, min_confidence: float, disabled_rules: list[str]) -> FinderComponent:
    """Tasks (who must do what by when), after the orgs are linked: leads take their entity ids."""
    return FinderComponent(name, find_tasks, min_confidence=min_confidence, disabled_rules=disabled_rules)


class FinalizeComponent:
    """Resolves overlaps, fills each fact's sentence, and mirrors the facts into `doc.spans[spans_key]`."""

    def __init__(self, name: str, *, spans_key: str | None = SPANS_KEY) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        sentences = SentenceIndex(text_of(doc))
        # -- the facts are this Doc's own, just made by its components: filled in place, not copied
        facts = resolve_overlaps(facts_of(doc))
        for fact, sentence in zip(facts, sentences.sentences_of([(f.start, f.end) for f in facts])):
            fill_fresh(fact, "sentence", sentence)
        doc._.facts = facts
        if self.spans_key:
            doc.spans[self.spans_key] = fact_spans(doc, facts)
        return doc


def fact_spans(doc: Doc, facts: Sequence[Fact]) -> list[Span]:
    """Each fact as a Span labelled with its kind, from the first token it touches to the last (as
    `char_span(..., alignment_mode="expand")`, by bisecting token offsets once rather than per fact)."""
    starts = doc.to_array(IDX).tolist()
    spans = []
    for fact in facts:
        first = bisect_right(starts, fact.start) - 1
        after = bisect_left(starts, fact.end)
        if 0 <= first < after:
            spans.append(Span(doc, first, after, label=fact.kind))
    return spans


@Language.factory("vanban_finalize", default_config={"spans_key": SPANS_KEY})
def make_finalize_component(nlp: Language, name: str, spans_key: str | None) -> FinalizeComponent:
    """`spans_key` null skips the spaCy spans (the facts list is the product; spans are for spaCy tools)."""
    return FinalizeComponent(name, spans_key=spans_key)


@Language.factory("vanban_people", default_config=_filters())
def make_people_component(
    nlp: Language, name: str, min_confidence: float, disabled_rules: list[str]
) -> FinderComponent:
    """Named people and their posts (extractors/facts/people.py); after `vanban_org_links`, whose entity ids
    the posts take."""
    return FinderComponent(name, find_people, min_confidence=min_confidence, disabled_rules=disabled_rules)


def make_fact_nlp(config: Mapping[str, Mapping[str, Any]] | None = None, *, tokens: bool = True) -> Language:
    """A fresh pipeline: blank Vietnamese, our tokenizer, the fact components in dependency order.

    Example:
        make_fact_nlp({"vanban_orgs": {"disabled_rules": ["named"]}, "vanban_finalize": {"spans_key": None}})

    Args:
        config: component name → settings that override its `default_config`.
        tokens: False makes Docs with no tokens (`vanban.text_only_tokenizer.v1`): the same facts, for a
            run that keeps only them; `doc.spans` then need `{"vanban_finalize": {"spans_key": None}}`.

    Raises:
        ValueError: `config` names a component that is not in `PIPELINE`, or asks for spans without tokens.
    """
    overrides = dict(config or {})
    unknown = sorted(set(overrides) - set(PIPELINE))
    if unknown:
        raise ValueError(f"no component {unknown} in the fact pipeline; components: {', '.join(PIPELINE)}")
    if not tokens and overrides.get("vanban_finalize", {}).get("spans_key", SPANS_KEY) is not None:
        raise ValueError('a pipeline without tokens makes no spans: set {"vanban_finalize": {"spans_key": None}}')
    tokenizer = "vanban.punctuation_tokenizer.v1" if tokens else "vanban.text_only_tokenizer.v1"
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer}}})
    for name in PIPELINE:
        nlp.add_pipe(name, config=dict(overrides.get(name, {})))
    return nlp


@functools.lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """The process-wide pipeline, built once. The run stores facts, not Docs: it makes no `doc.spans` and
    no tokens (the finders read the text), which saves extraction time; `make_fact_nlp()` makes both."""
    return make_fact_nlp({"vanban_finalize": {"spans_key": None}}, tokens=False)


def extract_facts(text: str, *, header_date: str | None = None) -> list[Fact]:
    """All facts of one normalised text, in text order; years completed from the document's date where sound,
    each fact's organisation found in its sentence."""
    facts = shared_nlp()(text)._.facts
    return link_organisations(complete_years(facts, document_date(facts, header_date)))


def extract_document(document: Document) -> list[Fact]:
    """All facts of a read document: the text's, plus bare numbers in table cells counted by their column.

    Table cells need the blocks (a column header names the unit), which the text alone does not show.
    """
    header_date = document.header.date if document.header else None
    facts = with_document_people(extract_facts(document.text, header_date=header_date), document)
    taken = _spans_of(facts, ("date", "docref", "percent", "count"))
    table_counts = find_table_counts(document.blocks, taken=taken)
    if table_counts:
        sentences = SentenceIndex(document.text)
        for fact, sentence in zip(table_counts, sentences.sentences_of([(f.start, f.end) for f in table_counts])):
            fill_fresh(fact, "sentence", sentence)  # -- just made here: filled in place
        # -- linked again over the whole list: a table count needs its organisation, an org may have lost its place
        facts = link_organisations(resolve_overlaps([*facts, *table_counts]))
    news = document.header is None or document.header.is_empty()
    facts = with_document_tasks(facts, document.blocks, news=news, doc_date=document_date(facts, header_date))
    return with_ocr_confidence(facts, document) if document.ocr_pages else facts


def with_ocr_confidence(facts: list[Fact], document: Document) -> list[Fact]:
    """Facts read from OCR text: their confidence times the OCR confidence of the block they stand in.

    Example:
        a fact of confidence 0.9 in a block with ocr_confidence 0.8 → confidence 0.72
    """
    out = []
    for fact in facts:
        block = document.block_at(fact.start)
        if block is not None and block.ocr_confidence is not None:
            fact = dataclasses.replace(fact, confidence=round(fact.confidence * block.ocr_confidence, 3))
        out.append(fact)
    return out


def extract_many(texts: Iterable[tuple[str, str | None]], *, batch_size: int = 32) -> Iterator[list[Fact]]:
    """Facts of many (text, header date) pairs through `nlp.pipe`, in input order."""
    for doc, header_date in shared_nlp().pipe(texts, as_tuples=True, batch_size=batch_size):
        facts = doc._.facts
        yield link_organisations(complete_years(facts, document_date(facts, header_date)))
