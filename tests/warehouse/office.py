"""Small office documents built in code for the report's warehouse-wide summaries: who is named, who is cited,
who counts what, on which date.

Example:
    document, facts = office_document("a.docx", date="2021-03-15", symbol="10-KH/HU",
                                      orgs=["Huyện ủy Văn Lãng"], cites=["45-NQ/TU"],
                                      counts=[("Huyện ủy Văn Lãng", 5000, "đảng viên")])
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.warehouse.documents import HEADER, make_document
from vanban.models.fact import Fact


def _fact(text: str, paragraph: str, fact_text: str, kind: str, **fields: Any) -> Fact:
    start = text.index(paragraph) + paragraph.index(fact_text)
    return Fact(
        kind=kind,
        text=fact_text,
        start=start,
        end=start + len(fact_text),
        sentence=paragraph,
        extractor="test",
        **fields,
    )


def office_document(
    name: str,
    *,
    date: str | None,
    symbol: str | None = None,
    orgs: list[str] | tuple[str, ...] = (),
    cites: list[str] | tuple[str, ...] = (),
    counts: list[tuple[str | None, float, str]] | tuple[tuple[str | None, float, str], ...] = (),
    entity_ids: dict[str, str] | None = None,
    confidence: float = 0.95,
) -> tuple[Any, list[Fact]]:
    """A document naming `orgs`, citing `cites` (signs, `Nghị quyết số …`, or None for one without a sign) and
    counting `counts` ((organisation or None, value, unit)); its header dated `date` and signed `symbol`."""
    paragraphs: list[tuple[str, str, str, dict[str, Any]]] = []
    for org in orgs:
        entity = (entity_ids or {}).get(org)
        fields = {"normalized": org, "organisation": org, "entity_id": entity}
        paragraphs.append((f"Thực hiện chỉ đạo của {org}.", org, "org", fields))
    for sign in cites:
        if sign is None:
            paragraphs.append(("Theo tinh thần Nghị quyết 22.", "Nghị quyết 22", "docref", {"doc_type": "Nghị quyết"}))
        else:
            cited = f"Nghị quyết số {sign}"
            fields = {"doc_type": "Nghị quyết", "symbol": sign}
            paragraphs.append((f"Căn cứ {cited}.", cited, "docref", fields))
    for organisation, value, unit in counts:
        counted = f"{value:g} {unit}"
        paragraphs.append(
            (f"Báo cáo có {counted}.", counted, "count", {"value": value, "unit": unit, "organisation": organisation})
        )
    # -- numbered so that each paragraph is unique and each fact found at its own place
    blocks = [(f"{index}. {text}", {"page": 1, "paragraph": index}) for index, (text, *_rest) in enumerate(paragraphs)]
    blocks.append((f"Văn bản {name}.", {"page": 1, "paragraph": len(paragraphs)}))
    header = replace(HEADER, date=date, symbol=symbol, number=None)
    document = make_document(blocks, name=name, header=header)
    facts = [
        _fact(document.text, blocks[index][0], fact_text, kind, confidence=confidence, **fields)
        for index, (_, fact_text, kind, fields) in enumerate(paragraphs)
    ]
    return document, facts
