from contextlib import contextmanager

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfminer.psparser import LIT
from pdfplumber.utils import extract_words

import vanban.extractors.readers.pdf as pdf_reader
from tests.extractors.readers.test_pdf import new_pdf, put, write_official_pdf
from tests.helpers import sample_documents
from vanban.extractors.readers.pdf import read_pdf, unique_chars
from vanban.extractors.readers.pdf_chars import (
    drawings_from_pdfium,
    font_descents,
    load_drawings,
    may_have_tables,
    page_chars,
    upright_words,
)

SAMPLE_PDFS = [path for path in sample_documents() if path.suffix == ".pdf"]


def _both_ways(path):
    """pdfium's chars and pdfplumber's of each page, spaces left out (pdfium keeps one of a run)."""
    with pdfplumber.open(path) as plumber, pdfium.PdfDocument(path) as fast:
        for page, fast_page in zip(plumber.pages, fast):
            mine = page_chars(fast_page, font_descents(page.page_obj.resources))
            yield page, mine, [c for c in page.chars if not c["text"].isspace()]


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.stem)
def test_page_chars_are_pdfplumber_s_chars_in_the_same_boxes(path):
    for _, mine, theirs in _both_ways(path):
        mine = [c for c in mine if not c["text"].isspace()]
        assert [c["text"] for c in mine] == [c["text"] for c in theirs]
        for a, b in zip(mine, theirs):
            assert all(abs(a[key] - b[key]) < 0.01 for key in ("x0", "x1", "top", "bottom")), (a, b)


def test_page_chars_leaves_a_page_with_rotated_text_to_pdfplumber(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Nội dung chính.")
    with pdf.rotation(90, x=10, y=200):
        put(pdf, 10, 200, "Đã ký")
    pdf.output(str(tmp_path / "xoay.pdf"))
    [(_, mine, _)] = list(_both_ways(tmp_path / "xoay.pdf"))
    assert mine is None


def test_page_chars_leaves_a_line_end_hyphen_to_pdfplumber(tmp_path):
    # -- pdfium writes U+0002 in place of a hyphen that ends a line; which hyphen it was is lost
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Chủ nghĩa Mác-")
    put(pdf, 25, 26, "Lênin")
    pdf.output(str(tmp_path / "gach.pdf"))
    [(_, mine, _)] = list(_both_ways(tmp_path / "gach.pdf"))
    assert mine is None


def _font(subtype, base, descriptor=None, **extra):
    spec = {"Subtype": LIT(subtype), "BaseFont": LIT(base), **extra}
    if descriptor is not None:
        spec["FontDescriptor"] = descriptor
    return spec


@pytest.mark.parametrize(
    ("fonts", "expected"),
    [
        ({"F1": _font("TrueType", "BAAAAA+LiberationSerif", {"Descent": 0})}, {"LiberationSerif": 0.0}),
        ({"F1": _font("TrueType", "LiberationSans", {"Descent": 212})}, {"LiberationSans": -0.212}),
        ({"F1": _font("TrueType", "LiberationSans")}, {"LiberationSans": 0.0}),
        # -- pdfminer measures these by its own metrics (Arial as Helvetica), not by the PDF's
        ({"F1": _font("Type1", "Helvetica", {"Descent": -207})}, {"Helvetica": None}),
        ({"F1": _font("TrueType", "Arial", {"Descent": -212})}, {"Arial": None}),
        ({"F1": _font("Type3", "T3", FontBBox=[0, -200, 1000, 800])}, {"T3": None}),
        (
            {
                "F1": _font("TrueType", "AAAAAA+Times", {"Descent": -216}),
                "F2": _font("TrueType", "BBBBBB+Times", {"Descent": -300}),
            },
            {"Times": None},
        ),
        (
            {
                "F1": _font(
                    "Type0",
                    "MPDFAA+DejaVu-Identity-H",
                    DescendantFonts=[_font("CIDFontType2", "MPDFAA+DejaVu", {"Descent": -236})],
                )
            },
            {"DejaVu-Identity-H": -0.236, "DejaVu": -0.236},
        ),
    ],
    ids=[
        "zero-descent",
        "positive-descent",
        "no-descriptor",
        "standard-14",
        "afm-alias",
        "type3",
        "same-name-two-descents",
        "type0",
    ],
)
def test_font_descents_are_pdfminer_s_by_name(fonts, expected):
    found = font_descents({"Font": fonts})
    assert found.keys() == expected.keys()
    for name, descent in expected.items():
        assert found[name] == (pytest.approx(descent) if descent is not None else None)


def _page_with(draw, tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "ỦY BAN NHÂN DÂN")
    draw(pdf)
    pdf.output(str(tmp_path / "ve.pdf"))
    return tmp_path / "ve.pdf"


@pytest.mark.parametrize(
    ("draw", "expected"),
    [
        (lambda pdf: None, False),
        (lambda pdf: pdf.line(40, 23, 70, 23), False),
        (lambda pdf: (pdf.line(40, 23, 70, 23), pdf.line(120, 23, 160, 23)), False),
        (lambda pdf: pdf.rect(25, 40, 100, 20), True),
        (
            lambda pdf: (
                [pdf.line(25 + 30 * i, 40, 25 + 30 * i, 60) for i in range(3)]
                + [pdf.line(25, 40, 85, 40), pdf.line(25, 60, 85, 60)]
            ),
            True,
        ),
    ],
    ids=["nothing", "one-rule", "two-level-rules", "a-rectangle", "a-grid"],
)
def test_may_have_tables_only_where_four_rules_could_meet(tmp_path, draw, expected):
    with pdfium.PdfDocument(_page_with(draw, tmp_path)) as document:
        assert may_have_tables(document[0]) is expected


def test_load_drawings_finds_the_tables_a_full_parse_finds(tmp_path):
    path = write_official_pdf(tmp_path / "kh.pdf")
    with pdfplumber.open(path) as full, pdfplumber.open(path) as drawings_only:
        for page, other in zip(full.pages, drawings_only.pages):
            load_drawings(other)
            assert [t.bbox for t in other.find_tables()] == [t.bbox for t in page.find_tables()]
            assert [t.rows[0].cells for t in other.find_tables()] == [t.rows[0].cells for t in page.find_tables()]
            assert other.edges == page.edges


@contextmanager
def _no_pdfium(path, pages):
    yield None


@pytest.mark.parametrize(
    "make",
    [lambda tmp: write_official_pdf(tmp / "kh.pdf"), *[lambda tmp, p=p: p for p in SAMPLE_PDFS]],
    ids=["official-two-pages", *[p.stem for p in SAMPLE_PDFS]],
)
def test_read_pdf_reads_the_same_document_through_pdfium_as_through_pdfplumber(tmp_path, monkeypatch, make):
    path = make(tmp_path)
    fast = read_pdf(path)
    monkeypatch.setattr(pdf_reader, "_pdfium_document", _no_pdfium)
    slow = read_pdf(path)
    assert fast.to_dict() == slow.to_dict()
    assert fast.text


def test_read_pdf_measures_a_char_by_the_descent_pdfminer_reads(tmp_path, monkeypatch):
    # -- LibreOffice writes /Descent 0; pdfminer then puts a char's bottom on its baseline, while pdfium
    #    takes the descent from the font program: the boxes must stay pdfminer's
    path = write_official_pdf(tmp_path / "kh.pdf")
    data = path.read_bytes()
    descent = data[data.index(b"/Descent") :].split(b"\n")[0].split(b"/")[1]
    path.write_bytes(data.replace(b"/" + descent, b"/" + b"Descent 0".ljust(len(descent))))
    for _, mine, theirs in _both_ways(path):
        mine = [c for c in mine if not c["text"].isspace()]
        assert [round(c["bottom"] - c["top"], 2) for c in mine] == [round(c["bottom"] - c["top"], 2) for c in theirs]
        assert all(abs(a["bottom"] - b["bottom"]) < 0.01 for a, b in zip(mine, theirs))
    fast = read_pdf(path)
    monkeypatch.setattr(pdf_reader, "_pdfium_document", _no_pdfium)
    assert fast.to_dict() == read_pdf(path).to_dict()


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.stem)
def test_upright_words_are_pdfplumber_s_words(path):
    for page, mine, _ in _both_ways(path):
        for chars in (unique_chars(mine), unique_chars(page.chars)):
            assert upright_words(chars) == extract_words(chars, keep_blank_chars=False, use_text_flow=False)


@pytest.mark.parametrize(
    "texts",
    [["a", "b", " ", "c"], ["a", "", "b"], ["ﬁ", "n", "h"], ["x"]],
    ids=["space-splits", "empty-text-is-a-word", "ligature", "one-char"],
)
def test_upright_words_follow_pdfplumber_s_rules_at_their_edges(texts):
    chars = [
        {
            "text": text,
            "x0": 10.0 + 5 * i,
            "x1": 14.0 + 5 * i,
            "top": 20.0 + (i % 2) * 2.5,
            "bottom": 30.0,
            "doctop": 20.0 + (i % 2) * 2.5,
            "upright": True,
        }
        for i, text in enumerate(texts)
    ]
    assert upright_words(chars) == extract_words(chars, keep_blank_chars=False, use_text_flow=False)


def test_read_pdf_in_threads_reads_each_document_as_alone(tmp_path):
    # -- a daemonic Dask worker reads in threads; pdfium is not thread-safe, so the reader takes a lock
    from concurrent.futures import ThreadPoolExecutor

    paths = [write_official_pdf(tmp_path / "kh.pdf"), *SAMPLE_PDFS] * 3
    alone = {str(path): read_pdf(path).text for path in paths}
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda path: (str(path), read_pdf(path).text), paths))
    assert all(alone[path] == text for path, text in together)


def _tables(page):
    return [(t.bbox, [row.cells for row in t.rows]) for t in page.find_tables()]


def _close(a, b):
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b if a is None or b is None else abs(a - b) < 1e-3


@pytest.mark.parametrize(
    "make",
    [lambda tmp: write_official_pdf(tmp / "kh.pdf"), lambda tmp: next(p for p in SAMPLE_PDFS if "bao-cao" in p.stem)],
    ids=["official-two-pages", "sample-report-table"],
)
def test_drawings_from_pdfium_give_the_edges_and_tables_of_a_full_parse(tmp_path, make):
    path = make(tmp_path)
    with pdfplumber.open(path) as full, pdfplumber.open(path) as light, pdfium.PdfDocument(path) as fast:
        found = 0
        for page, other, fast_page in zip(full.pages, light.pages, fast):
            assert drawings_from_pdfium(other, fast_page)
            key = ("x0", "x1", "top", "bottom", "width", "height")
            assert [e["orientation"] for e in other.edges] == [e["orientation"] for e in page.edges]
            assert _close([[e[k] for k in key] for e in other.edges], [[e[k] for k in key] for e in page.edges])
            assert _close(_tables(other), _tables(page))
            found += len(page.find_tables())
        assert found > 0


def test_drawings_from_pdfium_leave_a_page_with_curves_to_pdfminer(tmp_path):
    path = _page_with(lambda pdf: (pdf.rect(25, 40, 100, 20), pdf.circle(150, 50, 10)), tmp_path)
    with pdfplumber.open(path) as plumber, pdfium.PdfDocument(path) as fast:
        page = plumber.pages[0]
        assert drawings_from_pdfium(page, fast[0]) is False
        assert not hasattr(page, "_objects")
