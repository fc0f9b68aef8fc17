"""One spaCy pipeline that finds the five fact kinds: `spacy.blank("vi")` plus registered components.

Each component wraps a pure finder (`find_dates`, `find_docrefs`, …) that works on the whole text with
compiled regexes (12–25 M characters/s, against ~0.2 M for token Matchers), and appends `Fact`s to
`doc._.facts`. The last component resolves overlaps, fills each fact's sentence and mirrors the facts
into `doc.spans["facts"]` for spaCy-native consumers.

Example:
    nlp = make_fact_nlp()
    [f.kind for f in nlp("Ngày 5/3/2021, 85 chi bộ đạt 90%.")._.facts] → ["date", "percent", "count"]
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry

from extractors.counts import find_counts, find_table_counts
from extractors.dates import find_dates
from extractors.docrefs import find_docrefs
from extractors.orgs import find_orgs
from extractors.percents import find_percents
from extractors.resolve import complete_years, document_date, resolve_overlaps
from extractors.sentences import SentenceIndex
from models.document import Document
from models.fact import Fact

PIPELINE = ("vanban_dates", "vanban_docrefs", "vanban_percents", "vanban_counts", "vanban_orgs", "vanban_finalize")
TOKEN_RE = regex.compile(r"\d+|[^\W\d_]+|[^\w\s]|_")

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)


class PunctuationTokenizer:
    """Splits runs of letters, runs of digits and each punctuation mark: `20/05/2022,` → 20 / 05 / 2022 ,.

    spaCy's Vietnamese tokenizer either needs pyvi or splits on whitespace only (`2022,` stays one
    token); facts must start and end on token boundaries for `Doc.char_span`, so we split finer.
    """

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces(TOKEN_RE.findall(text), text)
        return Doc(self.vocab, words=words, spaces=spaces)

    # -- spaCy serialises tokenizers with the pipeline; this one has no state to save
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


def _facts_of(doc: Doc) -> list[Fact]:
    if doc._.facts is None:
        doc._.facts = []
    return doc._.facts


def _spans_of(facts: Iterable[Fact], *kinds: str) -> list[tuple[int, int]]:
    return [f.span for f in facts if f.kind in kinds]


@Language.component("vanban_dates")
def dates_component(doc: Doc) -> Doc:
    _facts_of(doc).extend(find_dates(doc.text))
    return doc


@Language.component("vanban_docrefs")
def docrefs_component(doc: Doc) -> Doc:
    facts = _facts_of(doc)
    facts.extend(find_docrefs(doc.text, dates=[f for f in facts if f.kind == "date"]))
    return doc


@Language.component("vanban_percents")
def percents_component(doc: Doc) -> Doc:
    _facts_of(doc).extend(find_percents(doc.text))
    return doc


@Language.component("vanban_counts")
def counts_component(doc: Doc) -> Doc:
    facts = _facts_of(doc)
    facts.extend(find_counts(doc.text, taken=_spans_of(facts, "date", "docref", "percent")))
    return doc


@Language.component("vanban_orgs")
def orgs_component(doc: Doc) -> Doc:
    _facts_of(doc).extend(find_orgs(doc.text))
    return doc


@Language.component("vanban_finalize")
def finalize_component(doc: Doc) -> Doc:
    sentences = SentenceIndex(doc.text)
    facts = [
        fact.with_(sentence=sentences.sentence_at(fact.start, fact.end))
        for fact in resolve_overlaps(_facts_of(doc))
    ]
    doc._.facts = facts
    spans = (doc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand") for f in facts)
    doc.spans["facts"] = [span for span in spans if span is not None]
    return doc


def make_fact_nlp() -> Language:
    """A fresh pipeline: blank Vietnamese, our tokenizer, the fact components in dependency order."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vanban.punctuation_tokenizer.v1"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


@functools.lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """The process-wide pipeline, built once."""
    return make_fact_nlp()


def extract_facts(text: str, *, header_date: str | None = None) -> list[Fact]:
    """All facts of one normalised text, in text order; years completed from the document's date where sound."""
    facts = shared_nlp()(text)._.facts
    return complete_years(facts, document_date(facts, header_date))


def extract_document(document: Document) -> list[Fact]:
    """All facts of a read document: the text's, plus bare numbers in table cells counted by their column.

    Table cells need the blocks (a column header names the unit), which the text alone does not show.
    """
    header_date = document.header.date if document.header else None
    facts = extract_facts(document.text, header_date=header_date)
    taken = _spans_of(facts, "date", "docref", "percent", "count")
    table_counts = find_table_counts(document.blocks, taken=taken)
    if not table_counts:
        return facts
    sentences = SentenceIndex(document.text)
    table_counts = [f.with_(sentence=sentences.sentence_at(f.start, f.end)) for f in table_counts]
    return resolve_overlaps([*facts, *table_counts])


def extract_many(texts: Iterable[tuple[str, str | None]], *, batch_size: int = 32) -> Iterator[list[Fact]]:
    """Facts of many (text, header date) pairs through `nlp.pipe`, in input order."""
    for doc, header_date in shared_nlp().pipe(texts, as_tuples=True, batch_size=batch_size):
        facts = doc._.facts
        yield complete_years(facts, document_date(facts, header_date))
