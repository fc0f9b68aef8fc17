"""models/document.py: blocks and documents cross from the reader processes by pickle, unchanged."""

import copy
import pickle

from vanban.models.document import Block, Document, Header


def test_a_block_comes_back_from_pickle_equal_and_still_frozen():
    block = Block(
        "Tỷ lệ đạt 87,5%", kind="table_cell", start=10, end=25, page=2, table=0, row=1, cell=2, ocr_confidence=0.91
    )
    again = pickle.loads(pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == block and again is not block
    assert copy.deepcopy(block) == block
    try:
        again.text = "khác"
    except AttributeError:
        pass
    else:
        raise AssertionError("a Block must stay frozen after unpickling")


def test_a_document_with_its_blocks_and_header_comes_back_from_pickle_equal():
    blocks = [
        Block("Ngày 2/12/2026", start=0, end=14, page=1, paragraph=0),
        Block("12 chi bộ", start=15, end=24, page=1, paragraph=1),
    ]
    header = Header(symbol="12-KH/HU", doc_type="Kế hoạch", date="2026-12-02")
    document = Document(
        path="/inbox/kh.docx",
        sha256="a" * 64,
        format="docx",
        text="Ngày 2/12/2026\n12 chi bộ",
        blocks=blocks,
        pages=1,
        header=header,
    )
    assert pickle.loads(pickle.dumps(document)) == document
