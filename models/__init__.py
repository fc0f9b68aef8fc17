"""The types every layer of vanban speaks, and the one definition of the warehouse tables."""

from vanban.models.document import Block, Document, Header
from vanban.models.errors import UnreadableDocument, UnsupportedFormat, VanbanError
from vanban.models.fact import FACT_KINDS, Fact, fact_id

__all__ = [
    "Block",
    "Document",
    "FACT_KINDS",
    "Fact",
    "Header",
    "UnreadableDocument",
    "UnsupportedFormat",
    "VanbanError",
    "fact_id",
]
