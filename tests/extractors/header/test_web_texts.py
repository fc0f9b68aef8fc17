"""Headers as a legal database's web page gives them: signs named by type, words broken by markup, long titles.

Every text here is invented for the test, in the shapes such pages take.
"""

from vanban.extractors.header.decode import decode_header_text
from vanban.extractors.text.normalize import normalize_text

LAW = """QUỐC HỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Luật số: 58/2024/QH15
Hà Nội, ngày 29 tháng 11 năm 2024
LUẬT
PHÒNG, CHỐNG THIÊN TAI TRÊN SÔNG
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Phòng, chống thiên tai trên sông."""

ORDINANCE = """ỦY BAN THƯỜNG VỤ QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Pháp lệnh số: 04/2023/UBTVQH15
PHÁP LỆNH
SỬA ĐỔI MỘT SỐ ĐIỀU
CỦA PHÁP LỆNH PHÍ THỦY LỢI
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"""

STANDING_RESOLUTION = """ỦY BAN THƯỜNG VỤ QUỐC HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nghị quyết số: 112/2024/UBTVQH15
Hà Nội, ngày 3 tháng 6 năm 2024
NGHỊ QUYẾT
Về việc thành lập thị xã Đông Sơn
Căn cứ Luật Tổ chức chính quyền địa phương;"""

BROKEN_BY_MARKUP = """CHÍNH PH
Ủ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
S
ố: 214/2024/NĐ-CP
Hà N
ội, ngày 8 tháng 10 năm 2024
NGHỊ ĐỊNH
Quy định chi tiết việc quản lý cây xanh đô thị
Căn cứ Luật Tổ chức Chính phủ;"""

BROKEN_ISSUER = """B
Ộ XÂY DỰNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 11/2024/TT-BXD
Hà Nội, ngày 1 tháng 8 năm 2024
THÔNG TƯ
Hướng dẫn lập dự toán công trình
Căn cứ Nghị định số 52/2022/NĐ-CP;"""

SIGN_ON_NEXT_LINE_AND_SPLIT_TITLE = """BỘ Y TẾ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:
27/2024/TT-BYT
Hà Nội
,
ngày
4
tháng
9
năm 2024
THÔNG
TƯ
Bãi bỏ Quyết định số 10/2003/
QĐ-BYT của Bộ trưởng Bộ Y tế
và
Thông tư số 5/2009/TT-BYT về hồ sơ bệnh án
Căn cứ Luật Khám bệnh, chữa bệnh;"""

JOINT_RESOLUTION = """ỦY BAN THƯỜNG VỤ QUỐC HỘI - CHÍNH PHỦ - ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 07/2024/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN
Hà Nội, ngày 20 tháng 5 năm 2024
NGHỊ QUYẾT LIÊN TỊCH
Hướng dẫn việc tổ chức hội nghị cử tri
Căn cứ Luật Bầu cử đại biểu Quốc hội;"""

# -- a trích yếu that names the documents it amends wraps to a dozen lines with no blank between them
LONG_SUBJECT = """BỘ CÔNG THƯƠNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 19/2024/TT-BCT
Hà Nội, ngày 2 tháng 10 năm 2024
THÔNG TƯ
Sửa đổi, bổ sung một số điều của Thông tư số 12/2018/TT-BCT
ngày 15 tháng 6 năm 2018 của Bộ trưởng Bộ Công Thương
quy định chi tiết một số điều của Luật Quản lý ngoại thương
được sửa đổi, bổ sung bởi Thông tư số 17/2020/TT-BCT,
Thông tư số 40/2019/TT-BCT ngày 16 tháng 12 năm 2019
của Bộ trưởng Bộ Công Thương quy định về kiểm tra
chuyên ngành an toàn thực phẩm được sửa đổi,
bổ sung bởi Thông tư số 29/2022/TT-BCT và Thông tư số
08/2023/TT-BCT ngày 30 tháng 3 năm 2023 của Bộ trưởng
Bộ Công Thương quy định về xuất xứ hàng hóa
Căn cứ Luật Quản lý ngoại thương;"""

# -- a consolidated text: the motto and the title, no sign, no date, no issuer
TITLE_ONLY = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
THÔNG TƯ
QUY ĐỊNH VỀ ĐĂNG KIỂM PHƯƠNG TIỆN THỦY NỘI ĐỊA
Thông tư số 48/2015/TT-BGTVT ngày 22 tháng 9 năm 2015, được sửa đổi, bổ sung bởi:"""


def test_a_law_is_signed_with_its_type_and_its_name_is_the_subject():
    header = decode_header_text(LAW)
    assert (header.symbol, header.number, header.doc_type) == ("58/2024/QH15", "58", "Luật")
    assert header.subject == "PHÒNG, CHỐNG THIÊN TAI TRÊN SÔNG"
    assert (header.issuer, header.place, header.date) == ("QUỐC HỘI", "Hà Nội", "2024-11-29")


def test_an_ordinance_sign_names_its_type():
    header = decode_header_text(ORDINANCE)
    assert (header.symbol, header.doc_type) == ("04/2023/UBTVQH15", "Pháp lệnh")
    assert header.subject == "SỬA ĐỔI MỘT SỐ ĐIỀU CỦA PHÁP LỆNH PHÍ THỦY LỢI"


def test_a_standing_committee_resolution_sign_names_its_type():
    header = decode_header_text(STANDING_RESOLUTION)
    assert (header.symbol, header.number, header.doc_type) == ("112/2024/UBTVQH15", "112", "Nghị quyết")
    assert header.issuer == "ỦY BAN THƯỜNG VỤ QUỐC HỘI"


def test_a_type_word_before_so_without_a_colon_is_not_the_sign():
    text = STANDING_RESOLUTION.replace("Nghị quyết số: 112/2024/UBTVQH15", "Nghị quyết số 112/2024/UBTVQH15")
    assert decode_header_text(text).symbol is None


def test_words_broken_by_markup_are_joined():
    header = decode_header_text(BROKEN_BY_MARKUP)
    assert (header.issuer, header.symbol, header.place) == ("CHÍNH PHỦ", "214/2024/NĐ-CP", "Hà Nội")
    assert header.date == "2024-10-08"
    assert header.subject == "Quy định chi tiết việc quản lý cây xanh đô thị"


def test_an_issuer_broken_after_its_first_letter_is_joined():
    assert decode_header_text(BROKEN_ISSUER).issuer == "BỘ XÂY DỰNG"


def test_sign_on_its_own_line_date_word_by_word_title_on_two_lines():
    header = decode_header_text(SIGN_ON_NEXT_LINE_AND_SPLIT_TITLE)
    assert (header.symbol, header.doc_type) == ("27/2024/TT-BYT", "Thông tư")
    assert (header.place, header.date) == ("Hà Nội", "2024-09-04")
    # -- a line cut after a sign's `/` goes on with the next line, with no space
    assert header.subject == (
        "Bãi bỏ Quyết định số 10/2003/QĐ-BYT của Bộ trưởng Bộ Y tế và Thông tư số 5/2009/TT-BYT về hồ sơ bệnh án"
    )


def test_a_long_joint_sign_is_read_whole():
    header = decode_header_text(JOINT_RESOLUTION)
    assert header.symbol == "07/2024/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"
    assert header.doc_type == "Nghị quyết liên tịch"


def test_a_long_trich_yeu_is_read_to_the_can_cu_line():
    subject = decode_header_text(LONG_SUBJECT).subject
    assert subject.startswith("Sửa đổi, bổ sung một số điều của Thông tư số 12/2018/TT-BCT ngày 15 tháng 6")
    assert subject.endswith("Bộ Công Thương quy định về xuất xứ hàng hóa")


def test_motto_and_title_are_enough_for_a_header():
    header = decode_header_text(TITLE_ONLY)
    assert (header.doc_type, header.symbol, header.date) == ("Thông tư", None, None)
    assert header.subject == "QUY ĐỊNH VỀ ĐĂNG KIỂM PHƯƠNG TIỆN THỦY NỘI ĐỊA"


def test_a_title_word_alone_in_a_news_text_is_no_header():
    assert decode_header_text("THÔNG BÁO\nHôm nay trời mưa to ở nhiều nơi trong tỉnh.") is None


def test_a_sign_with_a_cyrillic_lookalike_letter_reads_as_latin():
    text = normalize_text(BROKEN_ISSUER.replace("Số: 11/2024/TT-BXD", "Số: 11/2024/TT-BT\u0421"))
    header = decode_header_text(text)
    assert (header.symbol, header.doc_type) == ("11/2024/TT-BTC", "Thông tư")
