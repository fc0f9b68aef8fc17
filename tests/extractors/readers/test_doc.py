"""Legacy .doc through LibreOffice: the same facts as the .docx twin, and clear reasons when it cannot be."""

import hashlib
import tempfile
from pathlib import Path

import pytest

from tests.helpers import sample_path
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.extractors.readers import doc
from vanban.extractors.readers.doc import read_doc
from vanban.models.errors import LEGACY_OFFICE, UnreadableDocument, problem_of

TWIN = "quyet-dinh-152-hu"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _comparable(facts) -> list[dict]:
    # -- offsets and sentences follow how blocks are joined; the facts themselves must be the same
    return [{k: v for k, v in fact.to_dict().items() if k not in ("start", "end", "sentence")} for fact in facts]


@pytest.fixture(scope="module")
def legacy_and_twin():
    return read_document(sample_path(f"legacy/{TWIN}.doc")), read_document(sample_path(f"{TWIN}.docx"))


def test_a_doc_gives_the_same_facts_as_its_docx_twin(legacy_and_twin):
    legacy, twin = legacy_and_twin
    facts = _comparable(extract_document(legacy))
    assert len(facts) > 20
    assert facts == _comparable(extract_document(twin))


def test_a_doc_gives_the_header_of_its_docx_twin(legacy_and_twin):
    legacy, twin = legacy_and_twin
    for name in ("issuer", "issuer_parent", "motto", "symbol", "doc_type", "place", "date", "subject", "signer_name"):
        assert getattr(legacy.header, name) == getattr(twin.header, name), name


def test_a_doc_keeps_the_identity_of_the_doc_file(legacy_and_twin):
    legacy, _ = legacy_and_twin
    path = sample_path(f"legacy/{TWIN}.doc")
    assert (legacy.format, legacy.path) == ("doc", str(path))
    assert legacy.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_without_libreoffice_a_doc_is_unreadable_saying_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(doc, "SOFFICE", "soffice-not-installed")
    path = tmp_path / "cu.doc"
    path.write_bytes(sample_path(f"legacy/{TWIN}.doc").read_bytes())
    with pytest.raises(
        UnreadableDocument, match=r"LibreOffice is not installed \(apt-get install libreoffice"
    ) as caught:
        read_document(path)
    assert problem_of(caught.value) is LEGACY_OFFICE


def test_a_doc_without_a_word_signature_is_refused_before_conversion(tmp_path):
    path = tmp_path / "gia.doc"
    path.write_text("Quyết định số 15-QĐ/HU", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="is not a Word 97-2003 document") as caught:
        read_document(path)
    assert problem_of(caught.value) is LEGACY_OFFICE


@pytest.mark.slow
def test_a_damaged_doc_is_unreadable_with_libreoffices_reason(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(OLE_MAGIC + b"\x00hong" * 400)
    with pytest.raises(
        UnreadableDocument, match=r"LibreOffice could not convert it to \.docx \(.*could not be loaded"
    ) as caught:
        read_document(path)
    assert problem_of(caught.value) is LEGACY_OFFICE


@pytest.mark.slow
def test_a_conversion_over_the_time_limit_is_stopped_with_its_processes(monkeypatch, tmp_path: Path):
    # -- the conversion's profile goes under this test's own folder, so conversions of other runs on the
    #    machine are not counted
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(UnreadableDocument, match=r"LibreOffice took more than 0\.2 s to convert it"):
        read_doc(sample_path(f"legacy/{TWIN}.doc"), timeout=0.2)
    assert _running_conversions(within=tmp_path) == []


def _running_conversions(within: Path) -> list[str]:
    """Command lines of LibreOffice processes still running on a profile of vanban's under `within`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "soffice" in text and f"{within}/vanban-doc-" in text:
            found.append(text)
    return found
