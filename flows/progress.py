"""Progress of a run's stages, shown by the CLI on a terminal and silent everywhere else.

The flow calls `progress().advance(...)`; the CLI installs a terminal reporter before it starts the flow.
"""

from __future__ import annotations

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
