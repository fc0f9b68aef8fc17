"""The run's own process hashes, loads and reports; the readers and spaCy belong to the reader processes."""

import subprocess
import sys


def test_the_flow_module_loads_without_the_readers_or_spacy():
    probe = "import sys, flows.nightly; print(sorted(m for m in ('spacy', 'pdfplumber', 'pypdfium2', 'lxml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_hash_the_run_uses_is_the_readers_hash(tmp_path):
    from extractors.hashing import sha256_of
    from extractors.read import read_document

    path = tmp_path / "thong-bao.txt"
    path.write_text("THÔNG BÁO\nHuyện ủy họp ngày 02/12/2026.\n", encoding="utf-8")
    assert read_document(path).sha256 == sha256_of(path)
