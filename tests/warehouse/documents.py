"""A small Vietnamese document with facts of every kind, built in code for warehouse and report tests.

Example:
    document, facts = plan_document()      # 3 blocks (paragraph, table cell, paragraph), 7 facts
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from vanban.extractors.facts.organisations import link_organisations
from vanban.models.document import Document, Header, join_blocks
from vanban.models.fact import Fact

OPENING = "Ngày 15/3/2021, Ban Thường vụ Huyện ủy Bình Liêu ban hành Kế hoạch số 45-KH/HU về củng cố 120 chi bộ."
TABLE_CELL = "Tỷ lệ đảng viên được xếp loại hoàn thành tốt nhiệm vụ đạt 87,5%."
CLOSING = "Đã mở từ 3 đến 5 lớp bồi dưỡng cho trên 1.200 đảng viên."

HEADER = Header(
    issuer="HUYỆN ỦY BÌNH LIÊU",
    issuer_parent="TỈNH ỦY QUẢNG NINH",
    motto="ĐẢNG CỘNG SẢN VIỆT NAM",
    symbol="45-KH/HU",
    number="45",
    doc_type="Kế hoạch",
    place="Bình Liêu",
    date="2021-03-15",
    subject="về củng cố tổ chức cơ sở đảng",
    signer_role="T/M BAN THƯỜNG VỤ / BÍ THƯ",
    signer_name="Nguyễn Văn An",
    recipients=["Ban Thường vụ Tỉnh ủy", "Lưu VP"],
)


def make_document(
    blocks: list[tuple[str, dict[str, Any]]], *, name: str = "ke-hoach-45.docx", header: Header | None = None
) -> Document:
    text, built = join_blocks(blocks)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        path=f"/inbox/{name}", sha256=sha256, format="docx", text=text, blocks=built, pages=2, header=header
    )


def make_fact(document: Document, kind: str, text: str, **fields: Any) -> Fact:
    """A fact at the first occurrence of `text`, its sentence being the block that holds it."""
    start = document.text.index(text)
    block = document.block_at(start)
    assert block is not None, f"{text!r} is not in a block"
    return Fact(
        kind=kind, text=text, start=start, end=start + len(text), sentence=block.text, extractor="test", **fields
    )


def plan_document(name: str = "ke-hoach-45.docx", *, postscript: str | None = None) -> tuple[Document, list[Fact]]:
    """The plan and its 7 facts; a `postscript` paragraph makes a document with other content (another hash)."""
    blocks: list[tuple[str, dict[str, Any]]] = [
        (OPENING, {"page": 1, "paragraph": 0}),
        (TABLE_CELL, {"kind": "table_cell", "page": 1, "table": 0, "row": 1, "cell": 2}),
        (CLOSING, {"page": 2, "paragraph": 3}),
    ]
    if postscript:
        blocks.append((postscript, {"page": 2, "paragraph": 4}))
    document = make_document(
        blocks,
        name=name,
        header=replace(HEADER),
    )
    facts = [
        make_fact(document, "date", "15/3/2021", value="2021-03-15", confidence=0.99),
        make_fact(
            document,
            "org",
            "Ban Thường vụ Huyện ủy Bình Liêu",
            normalized="Ban Thường vụ Huyện ủy Bình Liêu",
            confidence=0.9,
        ),
        make_fact(
            document,
            "docref",
            "Kế hoạch số 45-KH/HU",
            doc_type="Kế hoạch",
            number="45",
            symbol="45-KH/HU",
            issuer_code="HU",
        ),
        make_fact(document, "count", "120 chi bộ", value=120, unit="chi bộ"),
        make_fact(document, "percent", "87,5%", value=87.5, confidence=0.95),
        make_fact(document, "count", "từ 3 đến 5 lớp", value=(3, 5), unit="lớp"),
        make_fact(document, "count", "trên 1.200 đảng viên", value=1200, unit="đảng viên", qualifier="trên"),
    ]
    # -- as the fact pipeline leaves them: each fact knows the organisation of its sentence
    return document, link_organisations(facts)
