"""Headers as OCR reads a signed scan: stamps laid over the issuer, handwritten blanks, lost marks.

Every text here is invented for the test, in the shapes Tesseract gives such pages (tabs between the
columns of a line, boxes of the signing system and of the Công báo centre above the issuer).
"""

from vanban.extractors.evaluation.headers import has_stamp_text
from vanban.extractors.header.decode import decode_header_text

SIGNED_DRAFT = """Ký bởi: Ủy ban nhân dân tỉnh Quảng Nam
TRUNG TÂM CÔNG
BÁO VÀ TIN HỌC\tCơ quan: Tỉnh Quảng Nam
ttcbth@quangnam.gov.vn
12.03.2024 08:41:42
+07:00
Thời gian ký: 12/03/2024 08:40:11

TU
ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM

Số:\t/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Quảng Nam, ngày\ttháng 3 năm 2024

QUYẾT ĐỊNH
Về việc phê duyệt danh mục dự án năm 2024

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM

Căn cứ Luật Tổ chức chính quyền địa phương;

Điều 1. Phê duyệt danh mục.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

CHỦ TỊCH

Lê Văn Dũng"""

UNREADABLE_HANDWRITING = """UY BAN NHAN DAN
TỈNH BÌNH ĐỊNH

Số: 4@` /TB-UBND

CỘNG HOA XÃ HỘI CHÚ NGHĨA VIỆT NAM
Đọc lập - Tự do - Hạnh phúc

Bình Định, ngày 2# tháng 5 năm 2023

THÔNG BÁO
Về việc tổ chức tiếp công dân định kỳ

Kính gửi: Các sở, ban, ngành tỉnh

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHU TỊCH
PHÓ CHỦ TỊCH

Phạm Văn Hòa"""

INTERLEAVED_WITH_INCOMING_STAMP = """CÔNG VĂN ĐẾN
Số: 2352
Ngày: 14/3/2024
UBND TỈNH PHÚ YÊN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ TÀI CHÍNH\tĐộc lập - Tự do - Hạnh phúc
Số: 318\t/STC-QLNS\tPhú Yên, ngày 12 tháng 3 năm 2024
V/v báo cáo quyết toán ngân sách

Kính gửi: Ủy ban nhân dân tỉnh"""


def _fields(header):
    return header.to_dict().values()


def test_the_e_signature_box_is_not_the_issuer():
    header = decode_header_text(SIGNED_DRAFT)
    assert (header.issuer, header.issuer_parent) == ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM", None)
    assert not any(has_stamp_text(value) for value in _fields(header))


def test_a_blank_number_and_day_are_left_null_at_the_precision_read():
    header = decode_header_text(SIGNED_DRAFT)
    assert (header.symbol, header.number, header.doc_type) == (None, None, "Quyết định")
    assert (header.place, header.date) == ("Quảng Nam", "2024-03")


def test_an_unreadable_handwritten_number_and_day_are_not_guessed():
    header = decode_header_text(UNREADABLE_HANDWRITING)
    assert (header.symbol, header.number, header.doc_type) == (None, None, "Thông báo")
    assert (header.place, header.date) == ("Bình Định", "2023-05")


def test_lost_marks_still_give_motto_issuer_and_role():
    header = decode_header_text(UNREADABLE_HANDWRITING)
    assert header.motto == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.issuer == "UY BAN NHAN DAN TỈNH BÌNH ĐỊNH"  # -- as written: repairing words is the reader's
    assert header.signer_role == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    assert header.signer_name == "Phạm Văn Hòa"


def test_an_old_title_naming_its_issuer_keeps_the_trich_yeu_below():
    text = SIGNED_DRAFT.replace("QUYẾT ĐỊNH\n", "QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN TỈNH\n")
    assert decode_header_text(text).subject == "Về việc phê duyệt danh mục dự án năm 2024"


def test_the_incoming_mail_register_number_is_not_the_sign():
    header = decode_header_text(INTERLEAVED_WITH_INCOMING_STAMP)
    assert (header.symbol, header.number) == ("318/STC-QLNS", "318")
    assert (header.issuer, header.issuer_parent) == ("SỞ TÀI CHÍNH", "UBND TỈNH PHÚ YÊN")
    assert (header.place, header.date) == ("Phú Yên", "2024-03-12")
    assert not any(has_stamp_text(value) for value in _fields(header))


SUBMISSION_WITH_DRAFT = """ỦY BAN NHÂN DÂN
TỈNH KON TUM
Số: 31 /TTr-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Kon Tum, ngày 6 tháng 2 năm 2025
TỜ TRÌNH
.Pˆ^\t`\tL4
Về việc giao dự toán năm 2025
Kính gửi: Hội đồng nhân dân tỉnh
Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định.
Nơi nhận:
- Như trên;
- Văn phòng Đoàn ĐBQH
và HĐND tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DẪN
KT. CHỦ TỊCH
PHÓ CHỦ TỊC
Ỉ
Lê Thị Mai HỘI ĐỒNG NHÂN DÂN
TỈNH KON TUM
Số:\t/NQ-HĐND
DỰ THẢO
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Kon Tum, ngày\ttháng\tnăm 2025
NGHỊ QUYẾT
Về việc giao dự toán năm 2025
Điều 1. Giao dự toán.
Nơi nhận:
- Thường trực Tỉnh ủy;
- Lưu: VT.
CHỦ TỊCH
Đỗ Văn Bình"""


def test_an_attached_draft_does_not_give_the_signature():
    header = decode_header_text(SUBMISSION_WITH_DRAFT)
    assert header.signer_name == "Lê Thị Mai"  # -- run into the draft's capitals by OCR, cut off
    assert header.recipients == ["Như trên", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Lưu: VT"]


def test_role_and_mandate_read_in_their_spelling_when_ocr_changed_marks_or_lost_a_letter():
    assert decode_header_text(SUBMISSION_WITH_DRAFT).signer_role == (
        "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    )


def test_specks_between_title_and_trich_yeu_are_skipped():
    header = decode_header_text(SUBMISSION_WITH_DRAFT)
    assert (header.doc_type, header.subject) == ("Tờ trình", "Về việc giao dự toán năm 2025")
    assert (header.symbol, header.date) == ("31/TTr-UBND", "2025-02-06")


def test_a_sign_whose_so_ocr_lost_still_gives_the_type():
    text = SIGNED_DRAFT.replace("Số:\t/QĐ-UBND", "/TTr-UBND").replace("QUYẾT ĐỊNH\n", "")
    header = decode_header_text(text)
    assert (header.doc_type, header.symbol, header.number) == ("Tờ trình", None, None)


def test_a_misread_type_code_is_read_as_the_titles_code():
    text = SUBMISSION_WITH_DRAFT.replace("Số: 31 /TTr-UBND", "Số: 31 /TI1r-UBND")
    assert decode_header_text(text).symbol == "31/TTr-UBND"
    # -- without a title to confirm it, the code stays as read
    assert decode_header_text(text.replace("TỜ TRÌNH\n", "")).symbol == "31/TI1r-UBND"


def test_a_name_beside_the_last_recipient_is_the_signer():
    text = SUBMISSION_WITH_DRAFT.replace(
        "Ỉ\nLê Thị Mai HỘI ĐỒNG NHÂN DÂN", "———yuauL\n- Lưu: KT.\tLê Thị Mai\nHỘI ĐỒNG"
    )
    assert decode_header_text(text).signer_name == "Lê Thị Mai"


RECIPIENTS_AS_OCR_READS_THEM = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 12/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THÔNG BÁO
Về việc lịch tiếp công dân
Nơi nhận:
_ NHụ trên,
- Như Điêu 3;
- VPUB: CVP, PCVP,
các phòng nghiên cứu, TCD;
- Công TTĐT tỉnh;
- Công an tỉnh;
- Lưu: VT.
CHỦ TỊCH
Ngô Văn Thành"""


def test_fixed_recipient_phrases_are_spelled_and_a_comma_goes_on():
    assert decode_header_text(RECIPIENTS_AS_OCR_READS_THEM).recipients == [
        "Như trên",
        "Như Điều 3",
        "VPUB: CVP, PCVP, các phòng nghiên cứu, TCD",
        "Cổng TTĐT tỉnh",
        "Công an tỉnh",  # -- a real `Công`: not before the portal's name
        "Lưu: VT",
    ]
