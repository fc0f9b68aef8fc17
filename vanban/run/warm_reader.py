"""Imported once by the readers' fork server (vanban.run.workers): the fact pipeline is built there, so
every worker forked from it starts with spaCy's pipeline and the org grammar ready (shared
copy-on-write), not building them again on its first document or after a restart."""

from vanban.extractors.facts.pipeline import shared_nlp

shared_nlp()
