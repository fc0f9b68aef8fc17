"""The readers' workers start with the fact pipeline already built by their fork server."""

from pathlib import Path

import pytest

from vanban.extractors.readers.limits import DEFAULT_LIMITS
from vanban.run.workers import TimedReader


def pipeline_built_before_any_work(path: str, limits) -> tuple[int, str]:
    from vanban.extractors.facts.pipeline import shared_nlp

    return shared_nlp.cache_info().currsize, path


@pytest.mark.slow
def test_a_worker_starts_with_the_pipeline_built(tmp_path: Path) -> None:
    with TimedReader(work=pipeline_built_before_any_work) as read:
        assert read(tmp_path / "a.txt", DEFAULT_LIMITS) == (1, str(tmp_path / "a.txt"))
