"""Fuzzing the .docx and .pdf readers on mutated sample files.

Each example takes a sample and damages it the way disks, mail gateways and careless scripts do:
bytes flipped, a range cut out or repeated, the file truncated, or (for .docx) the same done to
word/document.xml inside a ZIP that is otherwise sound. `read_document` must then either give a
Document whose blocks are slices of its text, with facts that are slices too, or raise a VanbanError
carrying a catalogue entry: never any other exception, never a hang.

`VANBAN_FUZZ_READER_EXAMPLES` (default 25 per sample, CI-sized) sets the number of mutated files;
`VANBAN_FUZZ_READER_EXAMPLES=2000` is a longer local run.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import sample_documents
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import body_blocks, read_document
from vanban.models.errors import VanbanError, problem_of

EXAMPLES = int(os.environ.get("VANBAN_FUZZ_READER_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SAMPLES = {suffix: [p for p in sample_documents() if p.suffix == suffix][:3] for suffix in (".docx", ".pdf")}
# -- outcomes seen, by catalogue code ("read" for a document read): printed for the closing figures
SEEN: Counter[str] = Counter()


@st.composite
def mutations(draw, size: int) -> list[tuple]:
    """A few edits of a byte string of `size` bytes: (kind, position, length, byte)."""
    kinds = st.sampled_from(["flip", "cut", "repeat", "truncate", "zero"])
    edit = st.tuples(kinds, st.integers(0, max(size - 1, 0)), st.integers(1, 512), st.integers(0, 255))
    return draw(st.lists(edit, min_size=1, max_size=4))


def mutate(data: bytes, edits: list[tuple]) -> bytes:
    out = bytearray(data)
    for kind, position, length, value in edits:
        position = min(position, max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[position] ^= value or 0xFF
        elif kind == "cut":
            del out[position : position + length]
        elif kind == "repeat":
            out[position:position] = out[position : position + length]
        elif kind == "truncate":
            del out[max(position, 1) :]
        elif kind == "zero":
            out[position : position + length] = bytes(len(out[position : position + length]))
    return bytes(out)


def mutate_document_xml(data: bytes, edits: list[tuple]) -> bytes:
    """The .docx rebuilt with only word/document.xml damaged: past the ZIP checks, into python-docx and lxml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            target.writestr(info.filename, mutate(member, edits) if info.filename == "word/document.xml" else member)
    return buffer.getvalue()


def _check_read(path: Path) -> None:
    try:
        document = read_document(path)
    except VanbanError as error:
        problem = problem_of(error)
        assert problem is not None, f"{error!r} carries no catalogue entry"
        SEEN[problem.code] += 1
        return
    SEEN["read"] += 1
    for block in body_blocks(document):
        assert document.text[block.start : block.end] == block.text
    for fact in extract_document(document):
        assert 0 <= fact.start <= fact.end <= len(document.text)
        assert document.text[fact.start : fact.end] == fact.text


@pytest.mark.parametrize("sample", SAMPLES[".docx"], ids=lambda p: p.stem)
@FUZZ
@given(data=st.data())
def test_mutated_docx_is_read_or_refused_with_a_reason(tmp_path, sample, data):
    original = sample.read_bytes()
    inner = data.draw(st.booleans(), label="inside document.xml")
    if inner:
        size = len(zipfile.ZipFile(sample).read("word/document.xml"))
        mutated = mutate_document_xml(original, data.draw(mutations(size)))
    else:
        mutated = mutate(original, data.draw(mutations(len(original))))
    path = tmp_path / "hong.docx"
    path.write_bytes(mutated)
    _check_read(path)


@pytest.mark.slow
@pytest.mark.parametrize("sample", SAMPLES[".pdf"], ids=lambda p: p.stem)
@FUZZ
@given(data=st.data())
def test_mutated_pdf_is_read_or_refused_with_a_reason(tmp_path, sample, data):
    original = sample.read_bytes()
    path = tmp_path / "hong.pdf"
    path.write_bytes(mutate(original, data.draw(mutations(len(original)))))
    _check_read(path)


def test_fuzz_outcomes_are_counted():
    # -- runs last in this module: shows what the mutated files became (`pytest -s` prints it)
    print(f"reader fuzz outcomes: {dict(sorted(SEEN.items()))}")
    assert sum(SEEN.values()) > 0
