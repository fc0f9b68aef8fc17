"""The run's own process hashes, loads and reports; the readers and spaCy belong to the reader processes."""

import subprocess
import sys


def test_the_flow_module_loads_without_the_readers_or_spacy():
    probe = "import sys, vanban.flows.nightly; print(sorted(m for m in ('spacy', 'pdfplumber', 'pypdfium2', 'lxml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_hash_the_run_uses_is_the_readers_hash(tmp_path):
    from vanban.extractors.read import read_document
    from vanban.extractors.text.hashing import sha256_of

    path = tmp_path / "thong-bao.txt"
    path.write_text("THÔNG BÁO\nHuyện ủy họp ngày 02/12/2026.\n", encoding="utf-8")
    assert read_document(path).sha256 == sha256_of(path)


def test_pyarrow_can_be_imported_ahead_on_a_thread_of_its_own():
    probe = (
        "import sys; from vanban.warehouse.dialects import import_arrow_in_background; "
        "assert 'pyarrow' not in sys.modules; import_arrow_in_background().join(60); print('pyarrow' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def test_a_workspace_tells_a_postgresql_warehouse_from_duckdb(tmp_path):
    from vanban.settings import Workspace

    assert Workspace(tmp_path, tmp_path / "inbox", "postgresql://vanban@db/vanban").uses_postgres()
    assert not Workspace(tmp_path, tmp_path / "inbox", None).uses_postgres()
    assert not Workspace(tmp_path, tmp_path / "inbox", f"duckdb://{tmp_path}/w.duckdb").uses_postgres()
