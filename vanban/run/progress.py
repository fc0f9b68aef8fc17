"""Progress of a run's stages, shown by the CLI on a terminal and silent everywhere else, and the
seconds each stage took (`StageTimes`, the summary's `stages`).

The flow calls `progress().advance(...)`; the CLI installs a terminal reporter before it starts the flow.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol


class ProgressReporter(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self, stage: str, amount: int = 1) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    def start(self, stage: str, total: int) -> None:
        return None

    def advance(self, stage: str, amount: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


_reporter: ProgressReporter = SilentProgress()


def progress() -> ProgressReporter:
    return _reporter


def use_progress(reporter: ProgressReporter | None) -> None:
    global _reporter
    _reporter = reporter or SilentProgress()


# -- the stages every summary names, 0 when a run had none of it (a read of a format not met is absent)
SUMMARY_STAGES = ("discover", "hash", "read.docx", "read.pdf", "read.txt", "extract", "load", "archive", "report")


class StageTimes:
    """Seconds per stage of a run: timed here (`with times.timing("load")`) or added from a worker's own
    measure (`times.add(outcome.seconds)`, read and extract summed over workers).

    Example:
        times = StageTimes(); with times.timing("discover"): …; times.as_dict() → {"discover": 0.041, "hash": 0.0, …}
    """

    def __init__(self) -> None:
        self._seconds: dict[str, float] = dict.fromkeys(SUMMARY_STAGES, 0.0)

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add({stage: time.perf_counter() - started})

    def add(self, seconds: Mapping[str, float]) -> None:
        for stage, spent in seconds.items():
            self._seconds[stage] = self._seconds.get(stage, 0.0) + spent

    def as_dict(self) -> dict[str, float]:
        return {stage: round(spent, 3) for stage, spent in self._seconds.items()}
