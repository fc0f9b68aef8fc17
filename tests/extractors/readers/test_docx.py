import hashlib
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from vanban.extractors.readers.docx import read_docx
from vanban.models.errors import UnreadableDocument

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def write_official_docx(path):
    """A Quyết định as Word writes it: two-column header table, title, body, signature table."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Bản lưu hành nội bộ"
    document.sections[0].footer.paragraphs[0].text = "Trang 1"
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.paragraphs[0].text = "TỈNH ỦY THÁI NGUYÊN"
    for line in ("HUYỆN ỦY ĐẠI TỪ", "*", "Số: 215-QĐ/HU"):
        left.add_paragraph(line)
    right.paragraphs[0].text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("")
    right.add_paragraph("Đại Từ, ngày 14 tháng 3 năm 2019")
    document.add_paragraph("QUYẾT ĐỊNH", style="Heading 1")
    subject = document.add_paragraph()
    subject.add_run("về kiện toàn Ban Chỉ đạo")
    subject.add_run().add_break()
    subject.add_run("công tác dân vận")
    document.add_paragraph("BAN THƯỜNG VỤ HUYỆN ỦY")
    document.add_paragraph("")
    body = document.add_paragraph("Điều 1.")
    body.add_run("\tKiện toàn Ban Chỉ đạo gồm 12 đồng chí.")
    signature_left, signature_right = document.add_table(rows=1, cols=2).rows[0].cells
    signature_left.paragraphs[0].text = "Nơi nhận:"
    signature_left.add_paragraph("- Như Điều 2;")
    signature_left.add_paragraph("- Lưu Văn phòng Huyện ủy.")
    signature_right.paragraphs[0].text = "T/M BAN THƯỜNG VỤ"
    signature_right.add_paragraph("PHÓ BÍ THƯ")
    signature_right.add_paragraph("Lê Thị Hạnh")
    document.save(path)
    return path


def test_read_docx_reads_cells_and_paragraphs_in_body_order(tmp_path):
    document = read_docx(write_official_docx(tmp_path / "qd.docx"))
    assert document.text.split("\n\n") == [
        "TỈNH ỦY THÁI NGUYÊN\nHUYỆN ỦY ĐẠI TỪ\n*\nSố: 215-QĐ/HU",
        "ĐẢNG CỘNG SẢN VIỆT NAM\nĐại Từ, ngày 14 tháng 3 năm 2019",
        "QUYẾT ĐỊNH",
        "về kiện toàn Ban Chỉ đạo\ncông tác dân vận",
        "BAN THƯỜNG VỤ HUYỆN ỦY",
        "Điều 1.\tKiện toàn Ban Chỉ đạo gồm 12 đồng chí.",
        "Nơi nhận:\n- Như Điều 2;\n- Lưu Văn phòng Huyện ủy.",
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nLê Thị Hạnh",
    ]


def test_read_docx_gives_provenance_and_exact_offsets(tmp_path):
    document = read_docx(write_official_docx(tmp_path / "qd.docx"))
    body = [b for b in document.blocks if b.kind in ("paragraph", "table_cell", "heading")]
    assert [(b.kind, b.paragraph, b.table, b.row, b.cell) for b in body] == [
        ("table_cell", None, 0, 0, 0),
        ("table_cell", None, 0, 0, 1),
        ("heading", 0, None, None, None),
        ("paragraph", 1, None, None, None),
        ("paragraph", 2, None, None, None),
        ("paragraph", 4, None, None, None),
        ("table_cell", None, 1, 0, 0),
        ("table_cell", None, 1, 0, 1),
    ]
    for block in body:
        assert document.text[block.start : block.end] == block.text
    # -- `paragraph` indexes python-docx's own paragraph list
    paragraphs = docx.Document(tmp_path / "qd.docx").paragraphs
    assert all(paragraphs[b.paragraph].text == b.text for b in body if b.paragraph is not None)
    assert document.sha256 == hashlib.sha256((tmp_path / "qd.docx").read_bytes()).hexdigest()
    assert document.format == "docx"


def test_read_docx_keeps_page_header_and_footer_out_of_the_text(tmp_path):
    document = read_docx(write_official_docx(tmp_path / "qd.docx"))
    margins = [(b.kind, b.text, b.start, b.end) for b in document.blocks if b.kind.startswith("page_")]
    assert margins == [("page_header", "Bản lưu hành nội bộ", 0, 0), ("page_footer", "Trang 1", 0, 0)]
    assert "Bản lưu hành" not in document.text and "Trang 1" not in document.text


def test_read_docx_reads_merged_cells_once_and_nested_tables_in_place(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "gộp ngang"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "gộp dọc"
    table.cell(1, 0).text = "ô thường"
    host = table.cell(1, 1)
    host.text = "trước bảng con"
    inner = host.add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "con một", "con hai"
    host.add_paragraph("sau bảng con")
    document.save(tmp_path / "t.docx")
    blocks = read_docx(tmp_path / "t.docx").blocks
    assert [(b.text, b.table, b.row, b.cell) for b in blocks] == [
        ("gộp ngang", 0, 0, 0),
        ("gộp dọc", 0, 0, 2),
        ("ô thường", 0, 1, 0),
        ("trước bảng con", 0, 1, 1),
        ("con một", 1, 0, 0),
        ("con hai", 1, 0, 1),
        ("sau bảng con", 0, 1, 1),
    ]


@pytest.mark.parametrize(
    ("runs_xml", "expected"),
    [
        ("<w:r><w:t>Số:</w:t><w:tab/><w:t>15</w:t></w:r>", "Số:\t15"),
        ("<w:r><w:t>Hà</w:t><w:br/><w:t>Nội</w:t></w:r>", "Hà\nNội"),
        ("<w:r><w:t>kinh tế</w:t><w:noBreakHyphen/><w:t>xã hội</w:t></w:r>", "kinh tế-xã hội"),
        (
            '<w:ins w:id="1" w:author="a"><w:r><w:t>thêm</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> vào</w:t></w:r>',
            "thêm vào",
        ),
        (
            '<w:r><w:t xml:space="preserve">giữ </w:t></w:r><w:del w:id="2" w:author="a"><w:r><w:delText>bỏ</w:delText></w:r></w:del><w:r><w:t>lại</w:t></w:r>',
            "giữ lại",
        ),
        ('<w:hyperlink w:history="1"><w:r><w:t>Cổng thông tin</w:t></w:r></w:hyperlink>', "Cổng thông tin"),
        ('<w:fldSimple w:instr="PAGE"><w:r><w:t>3</w:t></w:r></w:fldSimple>', "3"),
        (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r><w:r><w:t>hôm nay</w:t></w:r>',
            "hôm nay",
        ),
        ("<w:r><w:t>Ho\u0300a</w:t></w:r>", "Hòa"),
    ],
    ids=[
        "tab",
        "line-break",
        "no-break-hyphen",
        "tracked-insert",
        "tracked-delete",
        "hyperlink",
        "simple-field",
        "field-code",
        "nfc",
    ],
)
def test_read_docx_reads_inline_content_without_gluing_words(tmp_path, runs_xml, expected):
    document = docx.Document()
    document.element.body.insert(0, parse_xml(f"<w:p {W_NS}>{runs_xml}</w:p>"))
    document.save(tmp_path / "r.docx")
    assert read_docx(tmp_path / "r.docx").text == expected


def test_read_docx_reads_a_text_box_once_after_its_anchor(tmp_path):
    box = "<w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        f'<w:p {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml">'
        "<w:r><w:t>Neo</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    document = docx.Document()
    document.element.body.insert(0, parse_xml(xml))
    document.save(tmp_path / "box.docx")
    assert read_docx(tmp_path / "box.docx").text == "Neo\n\nTrong khung"


def _write(path, data):
    path.write_bytes(data)
    return path


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: _write(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),
            "not a ZIP archive.*LibreOffice.*OLE file",
        ),
        (
            lambda p: _write(p, "Quyết định".encode()),
            r"not a ZIP archive\); convert legacy .doc with LibreOffice first$",
        ),
        (lambda p: _zip(p, {"xl/workbook.xml": "<workbook/>"}), "without word/document.xml"),
        (
            lambda p: _zip(p, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"}),
            "cannot be read as .docx",
        ),
    ],
    ids=["legacy-doc", "text-renamed", "xlsx-renamed", "broken-xml"],
)
def test_read_docx_raises_unreadable_with_the_reason(tmp_path, make, message):
    path = make(tmp_path / "bad.docx")
    with pytest.raises(UnreadableDocument, match=message):
        read_docx(path)


def test_read_docx_raises_on_a_document_without_body_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("")
    document.sections[0].header.paragraphs[0].text = "Chỉ có đầu trang"
    document.save(tmp_path / "empty.docx")
    with pytest.raises(UnreadableDocument, match="has no text in its body"):
        read_docx(tmp_path / "empty.docx")


def _paragraph_docx(path, runs_xml, normal_font=None):
    """One paragraph of raw runs; `normal_font` sets the Normal style's font."""
    document = docx.Document()
    if normal_font:
        document.styles["Normal"].font.name = normal_font
    document.element.body.insert(0, parse_xml(f"<w:p {W_NS}>{runs_xml}</w:p>"))
    document.save(path)
    return path


def _run(text, font=None, caps=False, extra=""):
    fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>' if font else ""
    properties = f"<w:rPr>{fonts}{'<w:caps/>' if caps else ''}</w:rPr>" if (font or caps) else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t>{extra}</w:r>'


@pytest.mark.parametrize(
    ("runs_xml", "normal_font", "expected", "legacy"),
    [
        (_run("§¶ng bé huyÖn", ".VnTime"), None, "Đảng bộ huyện", "tcvn3"),
        (_run("huyÖn ñy v¨n l·ng", ".VnTimeH"), None, "HUYỆN ỦY VĂN LÃNG", "tcvn3"),
        (_run("HUYÖN ñY", ".VnTimeH"), None, "HUYỆN ỦY", "tcvn3"),
        (_run("Ban Th\xadêng vô"), ".VnTime", "Ban Thường vụ", "tcvn3"),
        ("<w:r><w:t>Ban Th</w:t><w:softHyphen/><w:t>êng vô</w:t></w:r>", ".VnTime", "Ban Thường vụ", "tcvn3"),
        (_run("3. ", ".VnTime") + _run("ñ", ".VnTimeH") + _run("y ban", ".VnTime"), None, "3. Ủy ban", "tcvn3"),
        (_run("Ñaûng boä huyeän", "VNI-Times"), None, "Đảng bộ huyện", "vni"),
        (_run("quyeát ñònh", "VNI-Times", caps=True), None, "QUYẾT ĐỊNH", "vni"),
        (_run("quyết định", caps=True), None, "QUYẾT ĐỊNH", None),
        (_run("Ng\xad\xeai", ".VnTime") + _run(" Ñaûng", "VNI-Times"), None, "Người Đảng", "tcvn3+vni"),
        (_run("Đảng bộ huyện", "Times New Roman"), ".VnTime", "Đảng bộ huyện", None),
        ("<w:r><w:t>Th</w:t><w:softHyphen/><w:t>ờng</w:t></w:r>", None, "Thờng", None),
        ('<w:r><w:sym w:font=".VnTime" w:char="F0A7"/><w:t>¶ng</w:t></w:r>', ".VnTime", "Đảng", "tcvn3"),
    ],
    ids=[
        "run-font",
        "h-font-lower-case",
        "h-font-mixed-case",
        "style-font-u00ad",
        "style-font-soft-hyphen",
        "one-capital-in-h-font",
        "vni",
        "vni-all-caps",
        "unicode-all-caps",
        "two-encodings",
        "unicode-run-in-legacy-style",
        "unicode-soft-hyphen-invisible",
        "symbol-in-legacy-font",
    ],
)
def test_read_docx_converts_legacy_font_runs_by_their_font(tmp_path, runs_xml, normal_font, expected, legacy):
    document = read_docx(_paragraph_docx(tmp_path / "cu.docx", runs_xml, normal_font))
    assert document.text == expected
    assert document.legacy_encoding == legacy


def test_read_docx_takes_the_font_from_character_and_paragraph_styles(tmp_path):
    styles = (
        f'<w:style {W_NS} w:type="paragraph" w:styleId="CuBase"><w:name w:val="Cu Base"/>'
        '<w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>'
    )
    derived = (
        f'<w:style {W_NS} w:type="paragraph" w:styleId="CuTitle"><w:name w:val="Cu Title"/>'
        '<w:basedOn w:val="CuBase"/><w:rPr><w:caps/></w:rPr></w:style>'
    )
    character = (
        f'<w:style {W_NS} w:type="character" w:styleId="CuHoa"><w:name w:val="Cu Hoa"/>'
        '<w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr></w:style>'
    )
    document = docx.Document()
    for style in (styles, derived, character):
        document.styles.element.append(parse_xml(style))
    body = document.element.body
    body.insert(
        0, parse_xml(f'<w:p {W_NS}><w:pPr><w:pStyle w:val="CuTitle"/></w:pPr><w:r><w:t>kÕ ho¹ch</w:t></w:r></w:p>')
    )
    body.insert(
        1,
        parse_xml(
            f'<w:p {W_NS}><w:pPr><w:pStyle w:val="CuBase"/></w:pPr><w:r><w:t xml:space="preserve">Ban </w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="CuHoa"/></w:rPr><w:t>th\xadêng vô</w:t></w:r></w:p>'
        ),
    )
    document.save(tmp_path / "kieu.docx")
    read = read_docx(tmp_path / "kieu.docx")
    assert [b.text for b in read.blocks] == ["KẾ HOẠCH", "Ban THƯỜNG VỤ"]
    assert read.legacy_fonts == [".VnTime", ".VnTimeH"]


FOOTNOTES_XML = (
    f"<w:footnotes {W_NS}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Theo số liệu của Ban Tổ chức Huyện ủy.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def _with_footnotes(path):
    """Add a footnotes part (python-docx writes none) to a saved .docx, referenced from the body."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/footnotes.xml"] = FOOTNOTES_XML.encode("utf-8")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'wordprocessingml.footnotes+xml"/></Types>',
    )
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'footnotes" Target="footnotes.xml"/></Relationships>',
    )
    return _zip(path, members)


def test_read_docx_keeps_footnotes_apart_from_the_text(tmp_path):
    document = docx.Document()
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:p {W_NS}><w:r><w:t>Toàn huyện có 4.600 đảng viên.</w:t></w:r>"
            '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        ),
    )
    document.save(tmp_path / "chu-thich.docx")
    read = read_docx(_with_footnotes(tmp_path / "chu-thich.docx"))
    assert read.text == "Toàn huyện có 4.600 đảng viên."
    notes = [(b.kind, b.text, b.note, b.start, b.end) for b in read.blocks if b.kind == "footnote"]
    assert notes == [("footnote", "Theo số liệu của Ban Tổ chức Huyện ủy.", 1, 0, 0)]


def test_read_docx_gives_the_page_where_word_rendered_it(tmp_path):
    document = docx.Document()
    body = document.element.body
    body.insert(0, parse_xml(f"<w:p {W_NS}><w:r><w:t>Trang một</w:t></w:r></w:p>"))
    body.insert(
        1,
        parse_xml(
            f'<w:p {W_NS}><w:r><w:t xml:space="preserve">cuối trang một, </w:t><w:lastRenderedPageBreak/>'
            "<w:t>đầu trang hai</w:t></w:r></w:p>"
        ),
    )
    body.insert(2, parse_xml(f"<w:p {W_NS}><w:r><w:lastRenderedPageBreak/><w:t>Trang ba</w:t></w:r></w:p>"))
    document.save(tmp_path / "trang.docx")
    read = read_docx(tmp_path / "trang.docx")
    assert [(b.text, b.page) for b in read.blocks] == [
        ("Trang một", 1),
        ("cuối trang một, đầu trang hai", 1),
        ("Trang ba", 3),
    ]
    assert read.pages == 3


def test_read_docx_leaves_the_page_unknown_without_word_s_layout(tmp_path):
    read = read_docx(write_official_docx(tmp_path / "qd.docx"))
    assert {b.page for b in read.blocks} == {None} and read.pages is None
