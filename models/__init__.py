"""The types every layer of vanban speaks, and the one definition of the warehouse tables."""

from models.document import Block, Document, Header
from models.errors import UnreadableDocument, UnsupportedFormat, VanbanError
from models.fact import FACT_KINDS, Fact, fact_id

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
