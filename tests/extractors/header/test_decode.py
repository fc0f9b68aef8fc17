import pytest

from vanban.extractors.header.decode import decode_header, decode_header_text
from vanban.models.document import HEADER_FIELDS, Document

# -- invented documents in the shapes the readers produce: docx cells and PDF columns are blocks
#    separated by a blank line; the interleaved one is what a row-by-row PDF copy gives

PARTY_DECISION = """TỈNH ỦY LẠNG SƠN
HUYỆN ỦY VĂN LÃNG
*
Số: 0762-QĐ/HU

ĐẢNG CỘNG SẢN VIỆT NAM
Văn Lãng, ngày 09 tháng 3 năm 2020

QUYẾT ĐỊNH

về thành lập các đoàn kiểm tra
việc thực hiện Chỉ thị số 12-CT/TU

BAN THƯỜNG VỤ HUYỆN ỦY QUYẾT ĐỊNH

Điều 1. Thành lập 04 đoàn kiểm tra.

Nơi nhận:
- Như Điều 3,
- Thường trực Tỉnh ủy (b/c),
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
(Đã ký)
Nông Thị Lan"""

STATE_DECISION = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 1204/QĐ-UBND

Hà Giang, ngày 2 tháng 7 năm 2021

QUYẾT ĐỊNH
Về việc phê duyệt Đề án phát triển
du lịch cộng đồng giai đoạn 2021 - 2025

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

QUYẾT ĐỊNH:

Điều 1. Phê duyệt Đề án.

Nơi nhận:
- Như Điều 3;
- TT Tỉnh ủy, HĐND tỉnh;
- Lưu: VT, KT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Đức Quý"""

OFFICIAL_LETTER = """UBND TỈNH CAO BẰNG
SỞ TÀI CHÍNH
Số: 318/STC-QLNS
V/v báo cáo tình hình thực hiện
dự toán ngân sách quý I năm 2023

CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
TP. Cao Bằng, ngày 12 tháng 4 năm 2023

Kính gửi: Ủy ban nhân dân các huyện, thành phố.

Thực hiện chỉ đạo của UBND tỉnh, Sở Tài chính đề nghị các đơn vị báo cáo trước ngày 20/4/2023.

Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC

ĐỖ VĂN TUẤN"""

CENTRAL_GUIDANCE = """BAN CHẤP HÀNH
TRUNG ƯƠNG
BAN TUYÊN GIÁO
--------
|
ĐẢNG CỘNG SẢN
VIỆT NAM
---------------
|
Số: 27 -
HD/BTGTW
|
Hà
Nội, ngày 09 tháng 11 năm 2016
|
HƯỚNG DẪN
TUYÊN TRUYỀN KỶ NIỆM CÁC NGÀY LỄ LỚN
VÀ SỰ KIỆN LỊCH SỬ NĂM 2017
Thực hiện chương trình công tác năm 2017, Ban Tuyên giáo Trung ương hướng dẫn như sau:"""

INTERLEAVED_NOTICE = """UỶ BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN BA BỂ Độc lập - Tự do - Hạnh phúc
Số: 45/TB-UBND Ba Bể, ngày 3 tháng 4 năm 2022
THÔNG BÁO
KẾT LUẬN CỦA CHỦ TỊCH UBND HUYỆN TẠI BUỔI LÀM VIỆC
VỚI XÃ NAM MẪU
Ngày 28/3/2022, đồng chí Chủ tịch UBND huyện làm việc với xã Nam Mẫu."""

DRAFT_PLAN = """HỘI ĐỒNG NHÂN DÂN
THÀNH PHỐ ĐÀ NẴNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:      /KH-HĐND
Đà Nẵng, ngày     tháng 5 năm 2024

KẾ HOẠCH GIÁM SÁT NĂM 2025

I. MỤC ĐÍCH, YÊU CẦU"""

SLASH_DATE_REPORT = """ĐẢNG BỘ TỈNH QUẢNG NINH
ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH
Số 118-BC/ĐUK
ĐẢNG CỘNG SẢN VIỆT NAM
Hạ Long, ngày 15/12/2022
BÁO CÁO
KẾT QUẢ CÔNG TÁC XÂY DỰNG ĐẢNG NĂM 2022
Năm 2022, Đảng bộ Khối có 112 tổ chức cơ sở đảng."""


def _header(**fields):
    return {name: fields.get(name) for name in HEADER_FIELDS}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PARTY_DECISION,
            _header(
                issuer="HUYỆN ỦY VĂN LÃNG",
                issuer_parent="TỈNH ỦY LẠNG SƠN",
                motto="ĐẢNG CỘNG SẢN VIỆT NAM",
                symbol="0762-QĐ/HU",
                number="762",
                doc_type="Quyết định",
                place="Văn Lãng",
                date="2020-03-09",
                subject="về thành lập các đoàn kiểm tra việc thực hiện Chỉ thị số 12-CT/TU",
                signer_role="T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ",
                signer_name="Nông Thị Lan",
                recipients=["Như Điều 3", "Thường trực Tỉnh ủy (b/c)", "Lưu Văn phòng Huyện ủy"],
            ),
        ),
        (
            STATE_DECISION,
            _header(
                issuer="ỦY BAN NHÂN DÂN TỈNH HÀ GIANG",
                motto="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                symbol="1204/QĐ-UBND",
                number="1204",
                doc_type="Quyết định",
                place="Hà Giang",
                date="2021-07-02",
                subject="Về việc phê duyệt Đề án phát triển du lịch cộng đồng giai đoạn 2021 - 2025",
                signer_role="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
                signer_name="Trần Đức Quý",
                recipients=["Như Điều 3", "TT Tỉnh ủy, HĐND tỉnh", "Lưu: VT, KT"],
            ),
        ),
        (
            OFFICIAL_LETTER,
            _header(
                issuer="SỞ TÀI CHÍNH",
                issuer_parent="UBND TỈNH CAO BẰNG",
                motto="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                symbol="318/STC-QLNS",
                number="318",
                doc_type="Công văn",
                place="TP. Cao Bằng",
                date="2023-04-12",
                subject="báo cáo tình hình thực hiện dự toán ngân sách quý I năm 2023",
                signer_role="GIÁM ĐỐC",
                signer_name="ĐỖ VĂN TUẤN",
                recipients=["Như trên", "Lưu: VT"],
            ),
        ),
        (
            CENTRAL_GUIDANCE,
            _header(
                issuer="BAN TUYÊN GIÁO",
                issuer_parent="BAN CHẤP HÀNH TRUNG ƯƠNG",
                motto="ĐẢNG CỘNG SẢN VIỆT NAM",
                symbol="27-HD/BTGTW",
                number="27",
                doc_type="Hướng dẫn",
                place="Hà Nội",
                date="2016-11-09",
                subject="TUYÊN TRUYỀN KỶ NIỆM CÁC NGÀY LỄ LỚN VÀ SỰ KIỆN LỊCH SỬ NĂM 2017",
            ),
        ),
        (
            INTERLEAVED_NOTICE,
            _header(
                issuer="UỶ BAN NHÂN DÂN HUYỆN BA BỂ",
                motto="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                symbol="45/TB-UBND",
                number="45",
                doc_type="Thông báo",
                place="Ba Bể",
                date="2022-04-03",
                subject="KẾT LUẬN CỦA CHỦ TỊCH UBND HUYỆN TẠI BUỔI LÀM VIỆC VỚI XÃ NAM MẪU",
            ),
        ),
        (
            DRAFT_PLAN,
            _header(
                issuer="HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
                motto="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                doc_type="Kế hoạch",
                place="Đà Nẵng",
                date="2024-05",
                subject="GIÁM SÁT NĂM 2025",
            ),
        ),
        (
            SLASH_DATE_REPORT,
            _header(
                issuer="ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
                issuer_parent="ĐẢNG BỘ TỈNH QUẢNG NINH",
                motto="ĐẢNG CỘNG SẢN VIỆT NAM",
                symbol="118-BC/ĐUK",
                number="118",
                doc_type="Báo cáo",
                place="Hạ Long",
                date="2022-12-15",
                subject="KẾT QUẢ CÔNG TÁC XÂY DỰNG ĐẢNG NĂM 2022",
            ),
        ),
    ],
    ids=[
        "party-decision",
        "state-decision",
        "official-letter",
        "central-guidance",
        "interleaved",
        "draft",
        "slash-date",
    ],
)
def test_decode_header_text_reads_every_field(text, expected):
    header = decode_header_text(text)
    assert header is not None
    assert header.to_dict() == expected


NEWS = """Thứ hai, 14/02/2022
Huyện Văn Lãng kết nạp 120 đảng viên mới
(LSO) – Năm 2021, Đảng bộ huyện Văn Lãng kết nạp 120 đảng viên, đạt 109% chỉ tiêu.
Đồng chí Nông Thị Lan, Phó Bí thư Thường trực Huyện ủy cho biết như trên."""


@pytest.mark.parametrize(
    "text",
    [
        NEWS,
        "ĐẢNG BỘ HUYỆN VĂN LÃNG VỮNG MẠNH\nBài viết của phóng viên về 120 đảng viên mới.",
        "Lạng Sơn, ngày 5 tháng 3 năm 2022\nKính thưa các đồng chí đại biểu.",
        "ĐẢNG CỘNG SẢN VIỆT NAM\nQuang vinh muôn năm.",
        "",
    ],
    ids=["news-article", "capitals-headline-only", "place-date-only", "motto-only", "empty"],
)
def test_decode_header_text_gives_none_without_two_strong_signals(text):
    assert decode_header_text(text) is None


@pytest.mark.parametrize(
    ("tail", "role", "name"),
    [
        ("T/M ĐẢNG ỦY\nBÍ THƯ\n\n[daky]\n\nLý Văn Hải", "T/M ĐẢNG ỦY / BÍ THƯ", "Lý Văn Hải"),
        (
            "TL. BỘ TRƯỞNG\nCHÁNH VĂN PHÒNG\n(ký, ghi rõ họ tên)\nVũ Thị Mai Anh",
            "TL. BỘ TRƯỞNG / CHÁNH VĂN PHÒNG",
            "Vũ Thị Mai Anh",
        ),
        (
            "TM. ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nCHỦ TỊCH\nHồ Tiến Thiệu",
            "TM. ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN / CHỦ TỊCH",
            "Hồ Tiến Thiệu",
        ),
        ("CHỦ TỊCH\n\nđã ký", "CHỦ TỊCH", None),
        ("Nơi nhận:\n- Lưu VT.", None, None),
        (
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Quang Tâm Biên bản đã gửi cho ông Vũ Minh vào hồi ... giờ",
            "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
            "Lê Quang Tâm",
        ),
        ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n(Đã ký)\nTrung tướng Đào Văn Bình", "KT. BỘ TRƯỞNG / THỨ TRƯỞNG", "Đào Văn Bình"),
        ("GIÁM ĐỐC\nPGS.TS. Ngô Thị Hạnh", "GIÁM ĐỐC", "Ngô Thị Hạnh"),
    ],
    ids=["party-mandate", "on-behalf", "two-line-body", "no-name", "no-signature", "ocr-ran-on", "rank", "degree"],
)
def test_decode_header_text_reads_the_signature_block(tail, role, name):
    header = decode_header_text(f"{PARTY_DECISION.split('Nơi nhận:')[0]}{tail}")
    assert (header.signer_role, header.signer_name) == (role, name)


def test_decode_header_text_reads_the_recipient_on_the_same_line():
    header = decode_header_text(PARTY_DECISION.replace("Nơi nhận:\n- Như Điều 3,", "Nơi nhận: - Như Điều 3,"))
    assert header.recipients == ["Như Điều 3", "Thường trực Tỉnh ủy (b/c)", "Lưu Văn phòng Huyện ủy"]


def test_decode_header_reads_a_document_text():
    document = Document(path="x.txt", sha256="0" * 64, format="txt", text=STATE_DECISION)
    assert decode_header(document).symbol == "1204/QĐ-UBND"
    assert decode_header(Document(path="n.txt", sha256="0" * 64, format="txt", text=NEWS)) is None


def test_decode_header_text_finds_the_signature_after_a_long_body():
    head, tail = PARTY_DECISION.split("Nơi nhận:")
    body = "\n".join(f"{n}. Chi bộ số {n} kết nạp 2 đảng viên." for n in range(1, 2000))
    header = decode_header_text(f"{head}{body}\n\nNơi nhận:{tail}")
    assert (header.symbol, header.signer_role, header.signer_name) == (
        "0762-QĐ/HU",
        "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ",
        "Nông Thị Lan",
    )


@pytest.mark.parametrize(
    ("title_block", "subject"),
    [
        (
            "QUYẾT ĐỊNH\nVỀ VIỆC KIỆN TOÀN BAN CHỈ ĐẠO\nCHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN",
            "VỀ VIỆC KIỆN TOÀN BAN CHỈ ĐẠO CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA",
        ),
        (
            "QUYẾT ĐỊNH\nvề việc thực hiện\nNghị quyết số 22-NQ/TW\nCăn cứ Điều lệ Đảng;",
            "về việc thực hiện Nghị quyết số 22-NQ/TW",
        ),
        ("QUYẾT ĐỊNH VỀ VIỆC GIAO CHỈ TIÊU NĂM 2024\n\nChương I\nQUY ĐỊNH CHUNG", "VỀ VIỆC GIAO CHỈ TIÊU NĂM 2024"),
        (
            "CHỈ THỊ\nVề tăng cường công tác phòng cháy\nTrong những năm qua, công tác phòng cháy đạt kết quả.",
            "Về tăng cường công tác phòng cháy",
        ),
        (
            "KẾ HOẠCH\n\nThực hiện Chương trình giảm nghèo\n\ntrên địa bàn tỉnh năm 2024\n\nCăn cứ Quyết định số 90/QĐ-TTg;",
            "Thực hiện Chương trình giảm nghèo trên địa bàn tỉnh năm 2024",
        ),
        (
            "KẾ HOẠCH\nThực hiện Nghị quyết số 15-NQ/TU ngày 4/5/2023 của Tỉnh ủy, Sở Nội vụ xây dựng kế hoạch như sau:",
            None,
        ),
    ],
    ids=[
        "upper-with-chuong-word",
        "sentence-case-wrapped-before-a-name",
        "inline-subject-then-chapter",
        "body-right-under",
        "subject-opening-like-the-body",
        "no-subject-body-opens",
    ],
)
def test_decode_header_text_reads_the_trich_yeu_under_the_title(title_block, subject):
    head = "UBND TỈNH YÊN BÁI\nSỞ NỘI VỤ\nSố: 12/QĐ-SNV\n\nYên Bái, ngày 3 tháng 1 năm 2024\n\n"
    assert decode_header_text(head + title_block).subject == subject


def test_decode_header_text_joins_a_recipient_wrapped_in_its_cell():
    wrapped = PARTY_DECISION.replace(
        "- Thường trực Tỉnh ủy (b/c),", "- Thường trực Tỉnh ủy, Ban Tổ chức\nTỉnh ủy (b/c),"
    )
    assert decode_header_text(wrapped).recipients == [
        "Như Điều 3",
        "Thường trực Tỉnh ủy, Ban Tổ chức Tỉnh ủy (b/c)",
        "Lưu Văn phòng Huyện ủy",
    ]


@pytest.mark.parametrize(
    ("first", "subject"),
    [
        (
            "về thành lập các đoàn kiểm tra việc thực hiện",
            "về thành lập các đoàn kiểm tra việc thực hiện Chỉ thị số 12-CT/TU",
        ),
        ("về thành lập các đoàn kiểm tra", "về thành lập các đoàn kiểm tra"),
    ],
    ids=["cut-after-thuc-hien", "whole-before-a-paragraph"],
)
def test_decode_header_text_reads_a_subject_in_word_paragraphs_of_its_own(first, subject):
    # -- in a .docx each line of the trích yếu may be a paragraph, so a blank line stands between them
    old = "về thành lập các đoàn kiểm tra\nviệc thực hiện Chỉ thị số 12-CT/TU"
    assert decode_header_text(PARTY_DECISION.replace(old, f"{first}\n\nChỉ thị số 12-CT/TU")).subject == subject


def test_decode_header_text_reads_a_long_subject_that_a_pdf_wrapped_under_the_title():
    subject = (
        "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn huyện Văn Lãng "
        "giai đoạn 2021-2025"
    )
    head, body = PARTY_DECISION.split("QUYẾT ĐỊNH\n\n", 1)
    text = f"{head}KẾ HOẠCH\n{subject}\n\nThực hiện Chỉ thị số 12-CT/TU, Ban Thường vụ xây dựng kế hoạch như sau:\n\n"
    header = decode_header_text(text + body.split("\n\n", 1)[1])
    assert (header.doc_type, header.subject) == ("Kế hoạch", subject)
