"""What a reader makes of a file: blocks of text in reading order, each knowing where it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BLOCK_SEPARATOR = "\n\n"
PROVENANCE_FIELDS = ("page", "paragraph", "table", "row", "cell", "note")

HEADER_FIELDS = (
    "issuer",
    "issuer_parent",
    "motto",
    "symbol",
    "number",
    "doc_type",
    "place",
    "date",
    "subject",
    "signer_role",
    "signer_name",
    "recipients",
)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, a table cell, a PDF line group… `start`/`end` index `Document.text`.

    `kind` is one of: paragraph, table_cell, heading, page_header, page_footer, footnote, endnote.
    Only body blocks (paragraph, table_cell, heading) are joined into `Document.text`; `note` is a
    footnote's or endnote's number.
    """

    text: str
    kind: str = "paragraph"
    start: int = 0
    end: int = 0
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    note: int | None = None
    ocr_confidence: float | None = None  # -- 0–1, the page's OCR confidence when the text came from a scan

    def provenance(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k in PROVENANCE_FIELDS and v is not None}


@dataclass(slots=True)
class Header:
    """The official-document header (issuer, số/ký hiệu, place and date, trích yếu, signer, recipients)."""

    issuer: str | None = None
    issuer_parent: str | None = None
    motto: str | None = None
    symbol: str | None = None
    number: str | None = None
    doc_type: str | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    signer_role: str | None = None
    signer_name: str | None = None
    recipients: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, []) for name in HEADER_FIELDS)


@dataclass(slots=True)
class Document:
    """A read document. `text` is the normalised body text: body blocks joined by a blank line."""

    path: str
    sha256: str
    format: str  # docx | pdf | txt
    text: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None  # txt: the detected encoding
    legacy_encoding: str | None = None  # tcvn3 | vni | tcvn3+vni when legacy font text was converted
    legacy_fonts: list[str] = field(default_factory=list)  # docx: the legacy fonts whose runs were converted
    header: Header | None = None
    warnings: list[str] = field(default_factory=list)
    # -- pdf: page number → OCR confidence (0–1) of each page read by OCR; empty when none was
    ocr_pages: dict[int, float] = field(default_factory=dict)

    def block_at(self, offset: int) -> Block | None:
        """The block that holds a character offset of `text` (binary search would do; documents are small)."""
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "encoding": self.encoding,
            "legacy_encoding": self.legacy_encoding,
            "legacy_fonts": list(self.legacy_fonts),
            "header": self.header.to_dict() if self.header else None,
            "warnings": list(self.warnings),
            "ocr_pages": dict(self.ocr_pages),
            "blocks": [asdict(b) for b in self.blocks],
        }


def join_blocks(texts: list[tuple[str, dict[str, Any]]]) -> tuple[str, list[Block]]:
    """Join (text, block fields) pairs into one body text and blocks with offsets into it.

    Example:
        join_blocks([("a", {}), ("b", {"page": 1})]) → ("a\\n\\nb", [Block("a", start=0, end=1), Block("b", start=3, end=4, page=1)])
    """
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for text, fields in texts:
        if not text.strip():
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            offset += len(BLOCK_SEPARATOR)
        parts.append(text)
        blocks.append(Block(text=text, start=offset, end=offset + len(text), **fields))
        offset += len(text)
    return "".join(parts), blocks
