"""Disjoint spans kept in order, asked whether a new span would overlap any of them.

Example:
    kept = DisjointSpans(); kept.add(10, 20)
    kept.overlaps(15, 30) → True;  kept.overlaps(20, 25) → False
    kept.add_if_free(20, 25) → True (kept);  kept.add_if_free(22, 30) → False
"""

from __future__ import annotations

from bisect import bisect_right


class DisjointSpans:
    """Sorted, disjoint [start, end) spans: starts[i] < ends[i] <= starts[i + 1]. A finder asks it about a
    match before reading the match, so that what an earlier rule already claimed costs nothing more."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start)
        return (index > 0 and self.ends[index - 1] > start) or (index < len(self.starts) and self.starts[index] < end)

    def add(self, start: int, end: int) -> None:
        """Keep [start, end), which must not overlap a span kept already."""
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)

    def add_if_free(self, start: int, end: int) -> bool:
        """Keep [start, end) unless it overlaps a kept span (one search for both); whether it was kept."""
        index = bisect_right(self.starts, start)
        if (index > 0 and self.ends[index - 1] > start) or (index < len(self.starts) and self.starts[index] < end):
            return False
        self.starts.insert(index, start)
        self.ends.insert(index, end)
        return True
