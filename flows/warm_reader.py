"""Imported once by the readers' fork server (flows.reading): the fact pipeline is built there, so
every worker forked from it starts with spaCy's pipeline and the org grammar ready (shared
copy-on-write), not building them again on its first document or after a restart."""

from extractors.nlp import shared_nlp

shared_nlp()
