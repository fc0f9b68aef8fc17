"""Exceptions named after the situation, each message saying what failed, for which input, and the fix."""

from __future__ import annotations


class VanbanError(Exception):
    """Base of every error vanban raises on purpose."""


class UnsupportedFormat(VanbanError):
    """The file's kind has no reader (e.g. `.xlsx`)."""


class UnreadableDocument(VanbanError):
    """The file claims a supported kind but cannot be read (truncated, encrypted, not what its name says)."""


class WarehouseUnavailable(VanbanError):
    """The warehouse cannot be reached or opened."""
