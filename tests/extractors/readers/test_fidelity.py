"""Text fidelity: each sample read back against its known source text, and the same text in other formats.

The known text comes from the sample's own source (`tools/make_samples.py: reading_lines`), so it
cannot drift from the document; `tools/fidelity.py` measures the character error rate.
"""

import json

import pytest
from typer.testing import CliRunner

from tests.helpers import sample_path
from tools.fidelity import character_error_rate, collapse_whitespace
from tools.make_samples import SOURCES_DIR, read_source, reading_lines, render_as
from vanban.cli import app
from vanban.extractors.read import body_blocks, read_document

SOURCES = [read_source(path) for path in sorted(SOURCES_DIR.glob("*.md"))]
# -- a committed sample is read exactly; its only allowance is a stray character or two
MAX_SAMPLE_CER = 0.001
# -- (format, encoding, allowed CER): PDF and text lose the TCVN3 `…H` font, and with it the capital of a
#    toned letter inside a sentence (`Phó Chủ nhiệm ủy ban`); everything else is read exactly
VARIANTS = [
    ("docx", None, MAX_SAMPLE_CER),
    ("docx", "tcvn3", MAX_SAMPLE_CER),
    ("docx", "vni", MAX_SAMPLE_CER),
    ("pdf", None, MAX_SAMPLE_CER),
    ("pdf", "tcvn3", 0.005),
    ("pdf", "vni", MAX_SAMPLE_CER),
    ("txt", "cp1258", MAX_SAMPLE_CER),
    ("txt", "tcvn3", 0.005),
    ("txt", "vni", MAX_SAMPLE_CER),
]
# -- one Party document with a table of figures, one State document with a V/v line, one news article
VARIANT_SOURCES = ["bao-cao-to-chuc-dang-2022", "cong-van-318-ubnd-vp", "tin-van-lang-ket-nap-dang-vien"]
# -- fact fields that depend on how a format joins blocks, not on what was found (the organisation is
#    the one of the fact's sentence, so it follows the sentence)
LAYOUT_FIELDS = ("doc", "start", "end", "sentence", "organisation")


def _source(name):
    return next(source for source in SOURCES if source.name == name)


def _sample_of(source):
    return sample_path(f"{source.name}.{source.meta['format']}")


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_read_text_matches_the_known_source_text(source):
    document = read_document(_sample_of(source))
    assert character_error_rate("\n".join(reading_lines(source)), document.text) <= MAX_SAMPLE_CER


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_blocks_come_in_reading_order_and_know_where_they_came_from(source):
    document = read_document(_sample_of(source))
    text = collapse_whitespace(document.text)
    position = 0
    for line in reading_lines(source):
        found = text.find(collapse_whitespace(line), position)
        assert found >= 0, f"{line!r} missing or out of order"
        position = found + len(collapse_whitespace(line))
    fmt = document.format
    for block in body_blocks(document):
        assert document.text[block.start : block.end] == block.text
        provenance = block.provenance()
        if block.kind == "table_cell":
            assert {"table", "row", "cell"} <= provenance.keys()
        else:
            assert "paragraph" in provenance or fmt == "docx"  # -- docx: paragraphs inside cells have no index
        assert ("page" in provenance) == (fmt == "pdf")


@pytest.mark.parametrize(
    "source", [s for s in SOURCES if any(item.kind == "table" for item in s.body)], ids=lambda s: s.name
)
def test_a_table_of_figures_is_read_cell_by_cell_in_its_rows_and_columns(source):
    rows = next(item.rows for item in source.body if item.kind == "table")
    document = read_document(_sample_of(source))
    cells = [b for b in body_blocks(document) if b.kind == "table_cell"]
    first = next(b for b in cells if b.text == rows[0][0].text)
    read = {(b.row, b.cell): collapse_whitespace(b.text) for b in cells if b.table == first.table}
    expected = {
        (r, c): collapse_whitespace(cell.text) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell.text
    }
    assert read == expected


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "encoding", "allowed"), VARIANTS, ids=lambda v: v if isinstance(v, str) else None)
@pytest.mark.parametrize("name", VARIANT_SOURCES)
def test_the_same_text_saved_another_way_reads_the_same(tmp_path, name, fmt, encoding, allowed):
    source = _source(name)
    path = render_as(source, tmp_path / f"{name}.{fmt}", fmt, encoding)
    document = read_document(path)
    assert character_error_rate("\n".join(reading_lines(source, fmt)), document.text) <= allowed
    assert document.legacy_encoding == (encoding if encoding in ("tcvn3", "vni") else None)


def _facts_by_cli(path):
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    facts = []
    for line in result.output.splitlines():
        fact = {k: v for k, v in json.loads(line).items() if k not in LAYOUT_FIELDS}
        fact["text"] = collapse_whitespace(fact["text"])
        facts.append(fact)
    return facts


@pytest.mark.parametrize("name", ["quyet-dinh-152-hu", "cong-van-318-ubnd-vp"])
def test_vanban_extract_finds_the_same_facts_in_docx_pdf_and_tcvn3_docx(tmp_path, name):
    source = _source(name)
    facts = {
        label: _facts_by_cli(render_as(source, tmp_path / f"{label}.{fmt}", fmt, encoding))
        for label, fmt, encoding in (("docx", "docx", None), ("pdf", "pdf", None), ("tcvn3", "docx", "tcvn3"))
    }
    assert len(facts["docx"]) > 20
    assert facts["pdf"] == facts["docx"]
    assert facts["tcvn3"] == facts["docx"]


def test_vanban_read_shows_what_was_detected_and_converted():
    result = CliRunner().invoke(app, ["read", str(sample_path("ke-hoach-18-hu-2006.docx")), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert (shown["format"], shown["legacy_encoding"], shown["legacy_fonts"]) == (
        "docx",
        "tcvn3",
        [".VnTime", ".VnTimeH"],
    )
    assert shown["header"]["issuer"] == "HUYỆN UỶ VĂN LÃNG" and shown["header"]["symbol"] == "18-KH/HU"
    first = shown["blocks"][0]
    assert first["text"] == "ĐẢNG BỘ TỈNH LẠNG SƠN\nHUYỆN UỶ VĂN LÃNG\n*\nSố: 18-KH/HU"
    assert (first["kind"], first["start"], first["end"]) == ("table_cell", 0, len(first["text"]))
    assert (first["table"], first["row"], first["cell"]) == (0, 0, 0)
    text = CliRunner().invoke(app, ["read", str(sample_path("bao-cao-27-ubnd-2008.docx"))]).output
    assert text.startswith(
        "ỦY BAN NHÂN DÂN\nHUYỆN BÌNH GIA\n--------\nSố: 27/BC-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
