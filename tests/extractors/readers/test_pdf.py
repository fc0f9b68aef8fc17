import hashlib
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image

from tests.helpers import vietnamese_font
from vanban.extractors.readers.legacy import encode_tcvn3
from vanban.extractors.readers.pdf import read_pdf, unique_chars
from vanban.models.errors import UnreadableDocument


def new_pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("vi", fname=str(vietnamese_font()))
    pdf.set_font("vi", size=12)
    return pdf


def put(pdf: FPDF, x: float, y: float, text: str) -> None:
    """One line of text with its baseline at (x, y) mm."""
    pdf.text(x, y, text)


BODY_LINES = [
    "Căn cứ Điều lệ Đảng và Quy chế làm việc của Ban Chấp hành Đảng bộ huyện",
    "khóa XXI, nhiệm kỳ 2020 - 2025; xét đề nghị của Ban Tổ chức Huyện ủy về việc",
    "kiện toàn các tổ công tác, Ban Thường vụ Huyện ủy quyết định thành lập 03 tổ.",
]


RUNNING_HEADER = "Huyện ủy Yên Thế - Kế hoạch số 342-KH/HU"


def write_official_pdf(path: Path) -> Path:
    """Two pages: header columns, title, body cut by the page break, ruled table, signature columns."""
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 60, 10, RUNNING_HEADER)
    for y, left, right in (
        (20, "TỈNH ỦY BẮC GIANG", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        (26, "HUYỆN ỦY YÊN THẾ", None),
        (32, "*", None),
        (38, "Số: 342-KH/HU", "Yên Thế, ngày 05 tháng 8 năm 2021"),
    ):
        put(pdf, 28, y, left)
        if right:
            put(pdf, 112, y, right)
    put(pdf, 88, 56, "KẾ HOẠCH")
    put(pdf, 45, 62, "tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW")
    for index, line in enumerate(BODY_LINES):
        put(pdf, 25, 80 + 6 * index, line)
    put(pdf, 25, 104, "Các chi bộ trực thuộc thực hiện nghiêm túc kế hoạch này và báo cáo")
    put(pdf, 100, 290, "Trang 1/2")
    pdf.add_page()
    put(pdf, 60, 10, RUNNING_HEADER)
    put(pdf, 25, 20, "kết quả về Ban Thường vụ trước ngày 30 tháng 9 năm 2021.")
    pdf.set_xy(25, 30)
    with pdf.table(col_widths=(20, 90, 50), first_row_as_headings=False, width=160) as table:
        for row in (
            ("STT", "Đơn vị", "Tỷ lệ"),
            ("1", "Chi bộ thị trấn Cầu Gồ", "85,5%"),
            ("2", "Chi bộ xã Đồng Lạc", "90%"),
        ):
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    for y, left, right in (
        (80, "Nơi nhận:", "T/M BAN THƯỜNG VỤ"),
        (86, "- Ban Tổ chức Tỉnh ủy,", "BÍ THƯ"),
        (92, "- Các chi bộ trực thuộc,", None),
        (98, "- Lưu Văn phòng Huyện ủy.", None),
        (116, None, "Hoàng Văn Minh"),
    ):
        if left:
            put(pdf, 25, y, left)
        if right:
            put(pdf, 125, y, right)
    put(pdf, 100, 290, "Trang 2/2")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    path = write_official_pdf(tmp_path_factory.mktemp("pdf") / "ke-hoach.pdf")
    return path, read_pdf(path)


def test_read_pdf_reads_header_columns_one_after_the_other(official):
    _, document = official
    blocks = [b.text for b in document.blocks]
    assert blocks[:3] == [
        "TỈNH ỦY BẮC GIANG\nHUYỆN ỦY YÊN THẾ\n*\nSố: 342-KH/HU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Yên Thế, ngày 05 tháng 8 năm 2021",
    ]


def test_read_pdf_keeps_every_word_once_in_reading_order(official):
    _, document = official
    expected = " ".join(
        [
            "TỈNH ỦY BẮC GIANG HUYỆN ỦY YÊN THẾ * Số: 342-KH/HU",
            "ĐẢNG CỘNG SẢN VIỆT NAM Yên Thế, ngày 05 tháng 8 năm 2021",
            "KẾ HOẠCH tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW",
            *BODY_LINES,
            "Các chi bộ trực thuộc thực hiện nghiêm túc kế hoạch này và báo cáo",
            "kết quả về Ban Thường vụ trước ngày 30 tháng 9 năm 2021.",
            "STT Đơn vị Tỷ lệ 1 Chi bộ thị trấn Cầu Gồ 85,5% 2 Chi bộ xã Đồng Lạc 90%",
            "Nơi nhận: - Ban Tổ chức Tỉnh ủy, - Các chi bộ trực thuộc, - Lưu Văn phòng Huyện ủy.",
            "T/M BAN THƯỜNG VỤ BÍ THƯ Hoàng Văn Minh",
        ]
    ).split()
    assert document.text.split() == expected


def test_read_pdf_gives_pages_provenance_and_exact_offsets(official):
    path, document = official
    assert document.pages == 2
    assert document.format == "pdf"
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    body = [b for b in document.blocks if b.kind in ("paragraph", "table_cell")]
    for block in body:
        assert document.text[block.start : block.end] == block.text
    by_text = {b.text.split("\n")[0]: b for b in body}
    assert by_text["TỈNH ỦY BẮC GIANG"].page == 1
    assert by_text["Nơi nhận:"].page == 2
    # -- the paragraph cut by the page break is one block, on the page where it starts, its lines run on
    cut = next(b for b in body if b.text.startswith("Các chi bộ trực thuộc"))
    assert (cut.page, cut.text) == (
        1,
        "Các chi bộ trực thuộc thực hiện nghiêm túc kế hoạch này và báo cáo "
        "kết quả về Ban Thường vụ trước ngày 30 tháng 9 năm 2021.",
    )


def test_read_pdf_reads_ruled_tables_as_cells(official):
    _, document = official
    cells = [(b.text, b.table, b.row, b.cell, b.page) for b in document.blocks if b.kind == "table_cell"]
    assert cells[:3] == [("STT", 0, 0, 0, 2), ("Đơn vị", 0, 0, 1, 2), ("Tỷ lệ", 0, 0, 2, 2)]
    assert ("85,5%", 0, 1, 2, 2) in cells
    assert len(cells) == 9


def test_read_pdf_moves_running_headers_and_page_numbers_out_of_the_text(official):
    _, document = official
    furniture = [(b.kind, b.text, b.page) for b in document.blocks if b.kind.startswith("page_")]
    assert furniture == [
        ("page_header", RUNNING_HEADER, 1),
        ("page_footer", "Trang 1/2", 1),
        ("page_header", RUNNING_HEADER, 2),
        ("page_footer", "Trang 2/2", 2),
    ]
    assert "Trang" not in document.text and "342-KH/HU" in document.text
    assert RUNNING_HEADER not in document.text


def test_read_pdf_keeps_a_lone_page_number_of_a_one_page_document_apart(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 12, "ỦY BAN NHÂN DÂN XÃ HÒA AN")
    put(pdf, 25, 40, "Nội dung chính.")
    put(pdf, 104, 290, "- 1 -")
    pdf.output(str(tmp_path / "one.pdf"))
    document = read_pdf(tmp_path / "one.pdf")
    assert document.text == "ỦY BAN NHÂN DÂN XÃ HÒA AN\n\nNội dung chính."
    assert [(b.kind, b.text) for b in document.blocks if b.kind == "page_footer"] == [("page_footer", "- 1 -")]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [(25, 20, "Chủ nghĩa Mác-"), (25, 26, "Lênin, tư tưởng Hồ Chí Minh")],
            "Chủ nghĩa Mác-Lênin, tư tưởng Hồ Chí Minh",
        ),
        ([(25, 20, "phát triển kinh tế -"), (25, 26, "xã hội của huyện")], "phát triển kinh tế - xã hội của huyện"),
        ([(25, 20, "tăng 12% -"), (25, 26, "15% so với")], "tăng 12% - 15% so với"),
    ],
    ids=["glued-hyphen-joined", "spaced-dash-joined", "number-dash-joined"],
)
def test_read_pdf_joins_a_line_end_hyphen_only_when_glued_to_letters(tmp_path, lines, expected):
    pdf = new_pdf()
    pdf.add_page()
    for x, y, text in lines:
        put(pdf, x, y, text)
    pdf.output(str(tmp_path / "h.pdf"))
    assert read_pdf(tmp_path / "h.pdf").text == expected


def test_read_pdf_reads_a_table_without_rules_row_by_row(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    for y, row in ((20, ("Xã Tân Sỏi", "120 hộ", "45,2%")), (26, ("Xã Đồng Vương", "98 hộ", "37%"))):
        for x, cell in zip((25, 95, 150), row):
            put(pdf, x, y, cell)
    pdf.output(str(tmp_path / "t.pdf"))
    assert read_pdf(tmp_path / "t.pdf").text == "Xã Tân Sỏi\t120 hộ\t45,2%\nXã Đồng Vương\t98 hộ\t37%"


def _scan_page(pdf: FPDF) -> None:
    pdf.add_page()
    pdf.image(Image.new("RGB", (60, 80), "white"), x=10, y=10, w=60)


@pytest.mark.slow
def test_read_pdf_warns_about_pages_without_text(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Trang có chữ.")
    _scan_page(pdf)
    pdf.add_page()
    pdf.output(str(tmp_path / "mixed.pdf"))
    document = read_pdf(tmp_path / "mixed.pdf")
    assert (document.text, document.pages) == ("Trang có chữ.", 3)
    assert document.warnings == ["page 2 has no text layer (scanned?)", "page 3 is blank"]


def _write_scan(path: Path) -> Path:
    pdf = new_pdf()
    _scan_page(pdf)
    _scan_page(pdf)
    pdf.output(str(path))
    return path


def _write_encrypted(path: Path) -> Path:
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Mật")
    pdf.set_encryption(owner_password="chu", user_password="khach", encryption_method=EncryptionMethod.RC4)
    pdf.output(str(path))
    return path


def _write_truncated(path: Path) -> Path:
    write_official_pdf(path)
    path.write_bytes(path.read_bytes()[:1500])
    return path


def _write_garbage(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_write_scan, "no text layer: a scanned PDF; OCR found no text on its pages"),
        (_write_encrypted, "is password-protected"),
        (_write_truncated, "is not a readable PDF"),
        (_write_garbage, "is not a readable PDF"),
    ],
    ids=["scanned", "encrypted", "truncated", "garbage"],
)
def test_read_pdf_raises_unreadable_with_the_reason(tmp_path, make, message):
    with pytest.raises(UnreadableDocument, match=message):
        read_pdf(make(tmp_path / "bad.pdf"))


def test_read_pdf_opens_a_pdf_with_only_an_owner_password(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Chỉ cấm sửa, không cấm đọc.")
    pdf.set_encryption(owner_password="chu", encryption_method=EncryptionMethod.RC4)
    pdf.output(str(tmp_path / "owner.pdf"))
    assert read_pdf(tmp_path / "owner.pdf").text == "Chỉ cấm sửa, không cấm đọc."


def test_read_pdf_reads_overprinted_fake_bold_once(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    for nudge in (0.0, 0.1, 0.2):
        put(pdf, 25 + nudge, 20, "QUYẾT ĐỊNH")
    put(pdf, 25, 30, "Điều 1.")
    pdf.output(str(tmp_path / "bold.pdf"))
    assert read_pdf(tmp_path / "bold.pdf").text.split() == ["QUYẾT", "ĐỊNH", "Điều", "1."]


@pytest.mark.parametrize(
    ("chars", "kept"),
    [
        ([("A", 10.0, 5.0), ("A", 10.4, 5.2), ("B", 16.0, 5.0)], ["A", "B"]),
        ([("A", 10.0, 5.0), ("A", 12.0, 5.0)], ["A", "A"]),
        ([("A", 10.0, 5.0), ("A", 10.0, 20.0)], ["A", "A"]),
        ([("A", 10.0, 5.0), ("B", 10.2, 5.0)], ["A", "B"]),
    ],
    ids=["overprint", "next-letter", "next-line", "different-text"],
)
def test_unique_chars_drops_only_overprinted_copies(chars, kept):
    objects = [{"text": text, "x0": x0, "top": top} for text, x0, top in chars]
    assert [c["text"] for c in unique_chars(objects)] == kept


def test_read_pdf_keeps_a_repeated_first_line_that_belongs_to_the_text(tmp_path):
    pdf = new_pdf()
    for _ in range(2):
        pdf.add_page()
        for row, line in enumerate(
            ("Chi bộ thôn Nà Pàn sinh hoạt định kỳ", "đúng ngày 3 hằng tháng.", "Tỷ lệ dự họp đạt 95%.")
        ):
            put(pdf, 25, 15 + 6 * row, line)
    pdf.output(str(tmp_path / "same.pdf"))
    document = read_pdf(tmp_path / "same.pdf")
    assert document.text.count("Chi bộ thôn Nà Pàn") == 2
    assert not [b for b in document.blocks if b.kind.startswith("page_")]


def test_read_pdf_warns_about_rotated_text_it_leaves_out(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Nội dung chính của văn bản.")
    with pdf.rotation(90, x=10, y=200):
        put(pdf, 10, 200, "Ký bởi Văn phòng")
    pdf.output(str(tmp_path / "rot.pdf"))
    document = read_pdf(tmp_path / "rot.pdf")
    assert document.text == "Nội dung chính của văn bản."
    assert document.warnings == ["page 1: 4 rotated word(s) left out"]


def test_read_pdf_converts_a_tcvn3_text_layer_by_its_statistics(tmp_path):
    # -- a PDF printed from a .VnTime document: the text layer holds the font's codes as Latin-1
    #    characters, and some writers map TCVN3's ư (0xAD) to a minus sign
    lines = {
        "left": encode_tcvn3("HUYỆN UỶ VĂN LÃNG"),
        "right": encode_tcvn3("Văn Lãng, ngày 12 tháng 6 năm 2006"),
        "body": encode_tcvn3("Ban Thường vụ Huyện ủy tổ chức học tập cho 1.850 đảng viên.").replace("\xad", "\u2212"),
    }
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, lines["left"])
    put(pdf, 25, 30, lines["right"])
    put(pdf, 25, 45, lines["body"])
    pdf.output(str(tmp_path / "cu.pdf"))
    document = read_pdf(tmp_path / "cu.pdf")
    assert document.legacy_encoding == "tcvn3"
    assert (
        document.text.split()
        == (
            "HUYỆN UỶ VĂN LÃNG Văn Lãng, ngày 12 tháng 6 năm 2006 "
            "Ban Thường vụ Huyện ủy tổ chức học tập cho 1.850 đảng viên."
        ).split()
    )


def test_read_pdf_leaves_a_unicode_text_layer_unconverted(official):
    _, document = official
    assert document.legacy_encoding is None


def test_read_pdf_runs_wrapped_lines_on_and_keeps_short_lines_apart(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    put(pdf, 25, 20, "Toàn huyện kết nạp 152 đảng viên mới, đạt 101% chỉ tiêu, tổ chức Đại hội ngày 28 tháng")
    put(pdf, 25, 26, "6 năm 2017 tại hội trường.")
    put(pdf, 60, 40, "HUYỆN ỦY YÊN THẾ")
    put(pdf, 66, 46, "Số: 342-KH/HU")
    pdf.output(str(tmp_path / "w.pdf"))
    assert read_pdf(tmp_path / "w.pdf").text == (
        "Toàn huyện kết nạp 152 đảng viên mới, đạt 101% chỉ tiêu, tổ chức Đại hội ngày 28 tháng 6 năm 2017 tại hội trường."
        "\n\nHUYỆN ỦY YÊN THẾ\nSố: 342-KH/HU"
    )
