"""Organisation entities in the warehouse: ids stored on org facts, one entity across documents."""

from __future__ import annotations

from tests.helpers import load_one
from tests.warehouse.documents import make_document, make_fact
from vanban.extractors.facts.entities import link_orgs
from vanban.extractors.facts.organisations import link_organisations
from vanban.warehouse import Warehouse


def _load(warehouse: Warehouse, name: str, sentence: str, *orgs: tuple[str, str | None]) -> None:
    document = make_document([(sentence, {"paragraph": 0})], name=name)
    facts = link_organisations(
        link_orgs([make_fact(document, "org", text, normalized=normalized) for text, normalized in orgs])
    )
    load_one(warehouse, document, facts, original_name=name, run_id="r1", archive_path=None)


def test_org_facts_keep_their_entity_id(warehouse: Warehouse) -> None:
    _load(warehouse, "a.docx", "Huyện ủy Tràng Định chỉ đạo.", ("Huyện ủy Tràng Định", None))
    [fact] = list(warehouse.iter_facts())
    assert fact["entity_id"] and len(fact["entity_id"]) == 16


def test_one_body_in_two_documents_is_one_entity(warehouse: Warehouse) -> None:
    _load(
        warehouse,
        "a.docx",
        "UBND huyện Tràng Định chỉ đạo.",
        ("UBND huyện Tràng Định", "Ủy ban nhân dân huyện Tràng Định"),
    )
    _load(
        warehouse,
        "b.docx",
        "Ủy ban nhân dân huyện Tràng Định và Huyện ủy Tràng Định phối hợp.",
        ("Ủy ban nhân dân huyện Tràng Định", None),
        ("Huyện ủy Tràng Định", None),
    )
    entities = warehouse.org_entities()
    assert [(e["name"], e["mentions"], e["documents"]) for e in entities] == [
        ("Ủy ban nhân dân huyện Tràng Định", 2, 2),
        ("Huyện ủy Tràng Định", 1, 1),
    ]
