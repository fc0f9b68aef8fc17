"""bench/corpus.py: the benchmark corpus has the mix, pages and varied facts it promises, is the same
for a seed, and every document reads with vanban's own readers as the document it was meant to be."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest

from bench.corpus import (
    MAX_PAGES,
    ensure_corpus,
    new_count,
    plan_document,
    summarize,
)
from vanban.extractors.facts.pipeline import extract_document
from vanban.extractors.read import read_document
from vanban.extractors.text.hashing import sha256_of

N, SEED = 20, 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return ensure_corpus(N, SEED, cache=tmp_path_factory.mktemp("corpus"), workers=1, log=lambda line: None)


@pytest.fixture(scope="module")
def read_back(corpus) -> dict[str, tuple]:
    """Each document as vanban reads it, with its facts."""
    out = {}
    for path, entry in zip(corpus.files(), corpus.manifest["docs"]):
        document = read_document(path)
        out[entry["name"]] = (entry, document, extract_document(document))
    return out


def test_corpus_mixes_formats_six_three_one_in_ten(corpus):
    formats = Counter(entry["format"] for entry in corpus.manifest["docs"])
    assert formats == {"docx": 12, "pdf": 6, "txt": 2}
    assert [p.suffix for p in corpus.files()] == ["." + e["format"] for e in corpus.manifest["docs"]]


def test_corpus_adds_one_percent_new_documents_distinct_from_the_rest(corpus):
    assert len(corpus.manifest["new"]) == new_count(N) == 1
    shas = [e["sha256"] for e in corpus.manifest["docs"] + corpus.manifest["new"]]
    assert len(set(shas)) == len(shas)
    assert all(path.exists() for path in corpus.files("new"))


def test_pages_run_from_one_to_twenty_about_three_on_average():
    pages = [plan_document(11, i).pages for i in range(3000)]
    assert min(pages) == 1 and max(pages) <= MAX_PAGES
    assert max(pages) >= 12  # -- the long tail is there
    assert 2.6 <= statistics.mean(pages) <= 3.4
    assert Counter(pages).most_common(1)[0][0] == 1


def test_facts_vary_from_document_to_document(corpus):
    docs = corpus.manifest["docs"]
    assert len({e["sha256"] for e in docs}) == N
    assert len({(e["symbol"], e["issued"]) for e in docs}) == N
    assert len({e["district"] for e in docs}) >= 8
    assert len({e["genre"] for e in docs}) >= 4
    assert {e["layout"] for e in docs} == {"party", "state"}
    percents = [tuple(e["percents"][:3]) for e in docs]
    assert len(set(percents)) == N
    assert all(e["dates"] and e["counts"] for e in docs)


def test_manifest_matches_the_files_on_disk(corpus):
    for path, entry in zip(corpus.files(), corpus.manifest["docs"]):
        assert sha256_of(path) == entry["sha256"]
        assert path.stat().st_size == entry["bytes"]


def test_same_seed_writes_the_same_bytes_and_a_smaller_corpus_is_a_prefix(corpus, tmp_path: Path):
    smaller = ensure_corpus(10, SEED, cache=tmp_path, workers=2, log=lambda line: None)
    assert [e["sha256"] for e in smaller.manifest["docs"]] == [e["sha256"] for e in corpus.manifest["docs"][:10]]


def test_another_seed_gives_other_documents():
    first, other = plan_document(1, 5), plan_document(2, 5)
    assert (first.facts["symbol"], first.facts["issued"], first.facts["district"]) != (
        other.facts["symbol"],
        other.facts["issued"],
        other.facts["district"],
    )


def test_a_cached_corpus_is_reused_not_written_again(corpus):
    lines: list[str] = []
    again = ensure_corpus(N, SEED, cache=corpus.folder.parent, workers=1, log=lines.append)
    assert lines == []
    assert again.manifest == corpus.manifest


@pytest.mark.slow
def test_a_corpus_without_its_manifest_is_written_again(tmp_path: Path):
    first = ensure_corpus(2, SEED, cache=tmp_path, workers=1, log=lambda line: None)
    (first.folder / "manifest.json").unlink()
    lines: list[str] = []
    again = ensure_corpus(2, SEED, cache=tmp_path, workers=1, log=lines.append)
    assert any(line.startswith("writing the corpus") for line in lines)
    assert [e["sha256"] for e in again.manifest["docs"]] == [e["sha256"] for e in first.manifest["docs"]]


def test_every_document_reads_with_its_header(read_back):
    for name, (entry, document, _facts) in read_back.items():
        assert document.header is not None, name
        assert document.header.symbol == entry["symbol"], name
        assert document.header.date == entry["issued"], name
        assert entry["district"] in document.text or (entry["commune"] or "") in document.text, name


def test_docx_and_pdf_read_with_the_pages_they_were_written_with(read_back):
    for name, (entry, document, _facts) in read_back.items():
        if entry["format"] in ("docx", "pdf"):
            assert document.pages == entry["pages"], name


def test_extraction_finds_the_documents_percentages_and_dates(read_back):
    for name, (entry, _document, facts) in read_back.items():
        found_percents = {f.value for f in facts if f.kind == "percent"}
        found_dates = {f.value for f in facts if f.kind == "date"}
        assert set(entry["percents"]) & found_percents, name
        assert entry["issued"] in found_dates or set(entry["dates"]) & found_dates, name


def test_summarize_names_the_mix_pages_and_size(corpus):
    line = summarize(corpus.manifest["docs"])
    assert line.startswith(f"{N} documents (docx 12, pdf 6, txt 2), ")
    assert "pages (mean" in line and line.endswith(" MB")


def test_a_larger_corpus_links_the_documents_a_smaller_one_has(corpus):
    lines: list[str] = []
    larger = ensure_corpus(N + 5, SEED, cache=corpus.folder.parent, workers=1, log=lines.append)
    assert f", {N + 1} linked from smaller corpora, " in lines[0]  # -- the N, and the smaller one's 1 % new
    assert [e["sha256"] for e in larger.manifest["docs"][:N]] == [e["sha256"] for e in corpus.manifest["docs"]]
    assert larger.files()[0].stat().st_ino == corpus.files()[0].stat().st_ino
    assert Counter(e["format"] for e in larger.manifest["docs"]) == {
        "docx": 17,
        "pdf": 6,
        "txt": 2,
    }  # -- indices 20..24: docx
