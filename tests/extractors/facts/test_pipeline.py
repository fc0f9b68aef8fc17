"""The spaCy pipeline as a whole: component order, offsets, sentences, batches, table counts."""

import pytest

from vanban.extractors.facts.pipeline import PIPELINE, extract_document, extract_facts, extract_many, make_fact_nlp
from vanban.models.document import Document, join_blocks

TEXT = (
    "Thực hiện Nghị quyết số 15-NQ/HU, ngày 3/4/2021 của Ban Thường vụ Huyện ủy, "
    "Đảng bộ huyện Tràng Định có 64 tổ chức cơ sở đảng với trên 3.800 đảng viên. "
    "Năm 2022, tỷ lệ chi bộ đạt trong sạch, vững mạnh là 87,5%."
)


@pytest.fixture(scope="module")
def nlp():
    return make_fact_nlp()


def test_pipeline_has_the_fact_components_in_dependency_order(nlp):
    assert tuple(nlp.pipe_names) == PIPELINE


def test_pipeline_finds_every_kind_with_exact_offsets(nlp):
    doc = nlp(TEXT)
    facts = doc._.facts
    assert {f.kind for f in facts} == {"date", "count", "percent", "org", "docref"}
    assert all(TEXT[f.start : f.end] == f.text for f in facts)
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    assert len(doc.spans["facts"]) == len(facts)


def test_pipeline_gives_each_fact_its_sentence(nlp):
    percent = next(f for f in nlp(TEXT)._.facts if f.kind == "percent")
    assert percent.sentence == "Năm 2022, tỷ lệ chi bộ đạt trong sạch, vững mạnh là 87,5%."


def test_a_date_inside_a_docref_is_a_fact_of_its_own(nlp):
    facts = nlp(TEXT)._.facts
    docref = next(f for f in facts if f.kind == "docref")
    assert docref.symbol == "15-NQ/HU" and docref.date == "2021-04-03"
    assert any(f.kind == "date" and f.value == "2021-04-03" for f in facts)


def test_numbers_inside_dates_signs_and_percents_are_not_counts(nlp):
    counts = [f.value for f in nlp(TEXT)._.facts if f.kind == "count"]
    assert counts == [64, 3800]


def test_extract_facts_completes_a_year_from_the_header_date():
    facts = extract_facts("Hội nghị họp vào sáng ngày 20/9.", header_date="2023-09-25")
    assert [f.value for f in facts if f.kind == "date"] == ["2023-09-20"]


def test_extract_facts_sentence_year_beats_the_header_date():
    facts = extract_facts("Ngày 3/2 năm 2019, tỉnh đón khách.", header_date="2024-01-01")
    assert [f.value for f in facts if f.kind == "date"] == ["2019-02-03", "2019"]


def test_extract_many_keeps_input_order():
    results = list(extract_many([("Đạt 40%.", None), ("Có 12 chi bộ.", None)]))
    assert [[f.kind for f in facts] for facts in results] == [["percent"], ["count"]]


def test_extract_document_counts_bare_numbers_in_a_table_by_their_column():
    cells = [
        ("STT", {"kind": "table_cell", "table": 0, "row": 0, "cell": 0}),
        ("Đơn vị", {"kind": "table_cell", "table": 0, "row": 0, "cell": 1}),
        ("Số đảng viên", {"kind": "table_cell", "table": 0, "row": 0, "cell": 2}),
        ("1", {"kind": "table_cell", "table": 0, "row": 1, "cell": 0}),
        ("Xã Hồng Phong", {"kind": "table_cell", "table": 0, "row": 1, "cell": 1}),
        ("214", {"kind": "table_cell", "table": 0, "row": 1, "cell": 2}),
    ]
    text, blocks = join_blocks(cells)
    document = Document(path="t.docx", sha256="0" * 64, format="docx", text=text, blocks=blocks)
    counts = [(f.value, f.unit) for f in extract_document(document) if f.kind == "count"]
    assert counts == [(214, "đảng viên")]


@pytest.mark.parametrize(
    "text, tokens",
    [
        ("ngày 20/05/2022,", ["ngày", "20", "/", "05", "/", "2022", ","]),
        ("15-NQ/HU", ["15", "-", "NQ", "/", "HU"]),
        ("30a và 5.000", ["30", "a", "và", "5", ".", "000"]),
        ("(Huyện uỷ)", ["(", "Huyện", "uỷ", ")"]),
        ("snake_case", ["snake", "_", "case"]),
    ],
)
def test_tokenizer_splits_letters_digits_and_each_mark(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_tokenizer_keeps_every_character_of_the_text(nlp):
    text = "Đảng bộ\u00a0 có\n\n  64 chi bộ;\tđạt 87,5% "
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text


def test_spans_cover_each_fact_from_its_first_token_to_its_last(nlp):
    doc = nlp(TEXT)
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["facts"]] == [
        (f.start, f.end, f.kind) for f in doc._.facts
    ]


def test_the_run_pipeline_makes_no_spans_and_the_same_facts(nlp):
    from vanban.extractors.facts.pipeline import shared_nlp

    doc = shared_nlp()(TEXT)
    assert "facts" not in doc.spans
    assert doc._.facts == nlp(TEXT)._.facts


def test_the_run_pipeline_makes_no_tokens_but_keeps_the_text():
    from vanban.extractors.facts.pipeline import shared_nlp, text_of

    doc = shared_nlp()(TEXT)
    assert len(doc) == 0 and text_of(doc) == TEXT
    assert [f.span for f in doc._.facts] and all(TEXT[f.start : f.end] == f.text for f in doc._.facts)


def test_a_pipeline_without_tokens_gives_the_same_facts_and_refuses_spans():
    config = {"vanban_finalize": {"spans_key": None}}
    assert make_fact_nlp(config, tokens=False)(TEXT)._.facts == make_fact_nlp(config)(TEXT)._.facts
    with pytest.raises(ValueError, match="no spans"):
        make_fact_nlp(tokens=False)
