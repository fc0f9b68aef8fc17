"""People the layout shows: the signer under the signature, names in a table's cells."""

import pytest

from vanban.extractors.facts.people_layout import signer_post
from vanban.extractors.facts.pipeline import extract_document
from vanban.models.document import Document, Header, join_blocks


@pytest.mark.parametrize(
    ("role", "post"),
    [
        ("T/M BAN THƯỜNG VỤ / BÍ THƯ", "BÍ THƯ"),
        ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ("TRƯỞNG BAN", "TRƯỞNG BAN"),
        ("T/M BAN THƯỜNG VỤ / K/T BÍ THƯ / PHÓ BÍ THƯ", "PHÓ BÍ THƯ"),
    ],
    ids=["tm", "kt", "plain", "tm-kt"],
)
def test_signer_post_is_the_last_role_line_that_is_not_a_mandate(role, post):
    assert signer_post(role) == post


def test_extract_document_makes_the_signer_a_person():
    text, blocks = join_blocks(
        [
            ("HUYỆN ỦY TRÀNG ĐỊNH", {}),
            ("Ban Thường vụ Huyện ủy giao các chi bộ rà soát đảng viên.", {}),
            ("T/M BAN THƯỜNG VỤ\nBÍ THƯ", {}),
            ("Nông Văn Thành", {}),
        ]
    )
    header = Header(
        issuer="HUYỆN ỦY TRÀNG ĐỊNH", signer_role="T/M BAN THƯỜNG VỤ / BÍ THƯ", signer_name="Nông Văn Thành"
    )
    document = Document(path="x.txt", sha256="0" * 64, format="txt", text=text, blocks=blocks, header=header)
    facts = extract_document(document)
    signer = next(f for f in facts if f.kind == "person")
    issuer = next(f for f in facts if f.kind == "org" and f.text == "HUYỆN ỦY TRÀNG ĐỊNH")
    assert (signer.name, signer.posts, signer.signer) == ("Nông Văn Thành", ("BÍ THƯ",), True)
    assert text[signer.start : signer.end] == "Nông Văn Thành"
    assert signer.post_entity_ids == (issuer.entity_id,)
    assert signer.organisation == "Huyện ủy Tràng Định"
    assert [f.start for f in facts] == sorted(f.start for f in facts)


def test_a_name_in_a_table_cell_takes_the_posts_beside_it():
    cells = [
        ("STT", {"table": 0, "row": 0, "cell": 0}),
        ("Họ và tên", {"table": 0, "row": 0, "cell": 1}),
        ("Chức vụ", {"table": 0, "row": 0, "cell": 2}),
        ("1", {"table": 0, "row": 1, "cell": 0}),
        ("Hoàng Văn Páo", {"table": 0, "row": 1, "cell": 1}),
        ("Phó Chủ tịch UBND huyện", {"table": 0, "row": 1, "cell": 2}),
        ("Trưởng ban", {"table": 0, "row": 1, "cell": 3}),
        ("2", {"table": 0, "row": 2, "cell": 0}),
        ("Cao Lộc", {"table": 0, "row": 2, "cell": 1}),
        ("Chủ tịch UBND huyện", {"table": 0, "row": 2, "cell": 2}),
    ]
    text, blocks = join_blocks([(cell, {"kind": "table_cell", **where}) for cell, where in cells])
    document = Document(path="x.docx", sha256="1" * 64, format="docx", text=text, blocks=blocks)
    people = [f for f in extract_document(document) if f.kind == "person"]
    assert [(p.name, p.posts, p.honorific) for p in people] == [
        ("Hoàng Văn Páo", ("Phó Chủ tịch UBND huyện", "Trưởng ban"), None)
    ]
    assert text[people[0].start : people[0].end] == people[0].text
