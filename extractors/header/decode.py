"""The official-document header: issuer, motto, số/ký hiệu, place and date, type, trích yếu, signer, recipients.

An official document opens with two columns (issuer and `Số: …` on the left, the motto and
`Place, ngày … tháng … năm …` on the right), then the title (`QUYẾT ĐỊNH`) and the trích yếu under it;
it ends with `Nơi nhận:` beside the signer's role and name. The readers put each column's lines
together (docx cells, PDF column regions), but text copied from elsewhere may interleave them, so
every field is found by its own pattern and taken out of the text before the next one is looked for;
what is left at the top, in capitals, is the issuer.

A text with fewer than two of the strong signals (motto, `Số:` line, place-date line, issuing body in
capitals) has no header: a news article gets `None`, never an invented header.

Example:
    decode_header_text("HUYỆN ỦY CAO LỘC\\nSố: 1581-QĐ/HU\\n\\n"
                       "ĐẢNG CỘNG SẢN VIỆT NAM\\nCao Lộc, ngày 28 tháng 6 năm 2017")
    → Header(issuer="HUYỆN ỦY CAO LỘC", motto="ĐẢNG CỘNG SẢN VIỆT NAM", symbol="1581-QĐ/HU", number="1581",
             doc_type="Quyết định", place="Cao Lộc", date="2017-06-28", …)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from vanban.extractors.text.marks import strip_marks
from vanban.extractors.text.normalize import canonical
from vanban.extractors.text.signs import DOC_TYPE_CODES, ISSUER_CODES, decode_symbol
from vanban.extractors.text.wordbreaks import join_broken_words
from vanban.models.document import Document, Header

# -- the header sits in the first lines, the signature in the last ones
TOP_LINES = 40
TOP_LINES_WITHOUT_TITLE = 25
BOTTOM_LINES = 60
MAX_ISSUER_LINES = 6
MAX_SUBJECT_LINES = 8
# -- a title's trích yếu naming the documents it amends, with their dates, wraps to a dozen lines
MAX_TITLE_SUBJECT_LINES = 16
MAX_SUBJECT_LINE = 80  # -- characters: a centred trích yếu line is shorter than a body line
MAX_WRAPPED_SUBJECT = 240  # -- … and a trích yếu whose wrapped lines were joined is at most three of them
# -- a subject line that stops on one of these words is cut mid-phrase: the next line goes on with it
OPEN_ENDING_RE = regex.compile(
    r"\b(?:thực hiện|triển khai|về|của|cho|và|với|tại|trong|đối với|theo|thi hành|quán triệt)$", regex.IGNORECASE
)
MIN_SIGNALS = 2
OF_ISSUER_RE = regex.compile(r"CUA[ \t]+\p{Lu}")
MAX_TITLE_WORD = 8  # -- characters of a title's first word alone on its line (`THÔNG`, `NGHỊ`)

PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
_SP = r"[ \t]*\n?[ \t]*"  # -- the space between two words of a header line: may hold one line break


def _words(*phrases: str) -> str:
    """Alternatives of phrases whose words may be spaced any way on one line: `CHỦ TỊCH` → `CHỦ[ \\t]+TỊCH`."""
    return "|".join(r"[ \t]+".join(map(regex.escape, phrase.split())) for phrase in phrases)


_WS = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"

# -- motto, sub-motto, title and stamps are matched on the text without marks (`strip_marks`, same length):
#    OCR drops and swaps marks (`CỘNG HOA`, `CHÚ NGHĨA`, `QUYÉT ĐỊNH`), the words stay
MOTTO_RE = regex.compile(
    rf"(?P<state>CONG{_WS}HOA{_WS}XA{_WS}HOI{_WS}CHU{_WS}NGHIA{_WS}VIET{_WS}NAM)"
    rf"|(?P<party>DANG{_WS}CONG{_WS}SAN{_WS}VIET{_WS}NAM)"
)
SUB_MOTTO_RE = regex.compile(rf"Doc{_WS}lap{_SP}[-–—]{_SP}Tu{_WS}do{_SP}[-–—]{_SP}Hanh{_WS}phuc", regex.IGNORECASE)
# -- what the signing system, the Công báo centre and an incoming-mail stamp print over the header: a box
#    `Ký bởi: …`, `Cơ quan: …`, `Thời gian ký: …`, `TRUNG TÂM CÔNG BÁO VÀ TIN HỌC`, an address, a time
#    stamp; `CÔNG VĂN ĐẾN Số: 2352 Ngày: …`. Each tab-separated cell of a line is tested on its own
STAMP_CELL_RE = re.compile(  # -- the stdlib scans these alternatives several times faster than `regex`
    r"\bk[yi]\W{0,2}b[oa]i\b|^\W*thoi\b.{0,16}\bk[yi]\b|\btr\w{0,2}ng\W{0,2}tam\W{0,2}cong\b"
    r"|\b(?:va|ma)\W+t\w{1,2}n\W+hoc\b|^\W*c\w\W{0,2}quan\W{0,2}:|gov\.|\.eov\b|\bttcbth|@"
    r"|(?<![\d.,:])\d{1,2}:\d{2}[:.]\d{2}(?![\d.,:])|[+~!][ \t]*\d{2}[:.]00\b|\b\d{2}\.\d{2}\.\d{4}\b"
    r"|\bcong\W+van\W+den\b|\bden\W+so\b|^\W*(?:ngay|chuyen|luu ho so)\W*:",
    re.IGNORECASE,
)
MAX_NUMBER_DIGITS = 5
# -- fixed phrases of a recipient list (matched without marks, lower case): `Như trên`, `Như Điều 3`, and the
#    province's web portal, `Cổng TTĐT` (OCR reads `Công`, which names no recipient)
RECIPIENT_PHRASES = (
    (regex.compile(r"nhu tren$"), "Như trên"),
    (regex.compile(r"nhu dieu (\d+)$"), r"Như Điều \1"),
    (regex.compile(r"cong(?= (?:ttdt|tt-dt|thong tin dien tu)\b)"), "Cổng"),
)
CODE_WITH_TWO_EDITS = 3  # -- letters of a type code from which two OCR slips are still one code (`TTr` ← `TI1r`)
MAX_ROLE_LINE = 40  # -- characters of a role line (`PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC`)
RECIPIENTS_HEAD = 12  # -- `Nơi nhận` opens its line: its `nh` stands within these characters
STAMP_LINES = 25
MAX_STAMP_CELL = 100  # -- characters: a box's line is short, a body paragraph long
CELL_RE = re.compile(r"[^\t\n]+")
# -- a scan's sign as OCR gives it (on the text without marks): `Số: 2ƒ /CT-UBND`, `Sỏ: 157/QĐ-NĐ-ÚB`, a lost
#    `Số:` before `/TTr-UBND` on its own line; the number slot is whatever stands before the slash
OCR_SIGN_RE = regex.compile(
    r"(?m)(?:^|\t)[ \t]*(?:S[o0]\W{0,2}(?P<slot>[^\n\t/]{0,8}?)[ \t]*|(?P<slot>))"
    r"/[ \t]*(?P<code>\p{Lu}[\p{Lu}\p{Ll}\d&]{0,9}(?:[ \t]*[-–][ \t]*\p{Lu}[\p{Lu}\p{Ll}\d&]{0,14}){1,3})[ \t]*$"
)
# -- a scan's place-date line (on the text without marks): the day may be blank or unreadable (`ngày 2# tháng`),
#    `ngày` lost, the words glued (`ngày4Ttháng 01`); the place opens a line or a tab cell
OCR_DATE_RE = regex.compile(
    r"(?m)(?:^|\t)[ \t]*(?P<place>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+){0,4})[ \t]*,[ \t]*"
    r"(?:ngay(?P<slot>[^\n]{0,6}?))?[ \t]*(?:thang(?P<month>[^\n]{0,4}?))?[ \t]*nam[ \t]*(?P<year>(?:19|20)\d\d)"
)
_SIGN_TYPE_WORDS = sorted({*DOC_TYPE_CODES.values(), "Bộ luật"}, key=len, reverse=True)
# -- `Số: 1581-QĐ/HU`, `Số: 16 -\nHD/BTCTW`, `Số:\n59/BC-LĐTBXH`, a draft's `Số:     /QĐ-UBND`; laws and
#    ordinances name their type first, always with the colon: `Luật số: 63/2025/QH15`, `Nghị quyết số: 95/…`
SIGN_LINE_RE = regex.compile(
    rf"(?m)^[ \t]*(?:(?:Số|SỐ)(?:[ \t]*[:.]{_SP}|[ \t]+(?=\d))"
    rf"|(?i:{_words(*_SIGN_TYPE_WORDS)})[ \t]+(?:số|SỐ)[ \t]*:{_SP})"
    rf"(?P<number>\d{{1,5}}[a-zđ]?(?![^\s/\-–]))?"
    rf"(?P<rest>(?:[ \t]*[-–/]{_SP}[\p{{L}}\d&]+)+)?"
)
_PLACE_WORD = r"(?:\p{Lu}\p{Ll}+|\p{Lu}{1,3}\.|\p{Ll}+|\p{Lu})"
_DATE_AFTER_PLACE = (
    rf"{_SP},{_SP}ngày{_SP}"
    rf"(?:(?P<day>\d{{1,2}})?[ .…]*{_SP}tháng{_SP}(?P<month>\d{{1,2}}){_SP}năm{_SP}(?P<year>\d{{4}})"
    rf"|(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<y>\d{{4}}))"
)
# -- the place opens its line (`Hà\nNội, ngày …` may wrap); lower-case words allowed (`Thành phố Hồ Chí Minh`)
PLACE_DATE_RE = regex.compile(
    rf"(?m)^[ \t]*(?P<place>(?:\p{{Lu}}\p{{Ll}}*\.?|\p{{Lu}}{{2,3}}\.)(?:(?:{_WS}|[ \t]*-[ \t]*){_PLACE_WORD}){{0,5}})"
    + _DATE_AFTER_PLACE
)
# -- fallback for text whose columns were interleaved: the place follows other text on its line, so only
#    capitalised words count (`HUYỆN ỦY CAO LỘC Cao Lộc, ngày …`)
INLINE_PLACE_DATE_RE = regex.compile(
    r"(?<!\S)(?P<place>(?:\p{Lu}\p{Ll}+|\p{Lu}{2,3}\.)(?:[ \t]+\p{Lu}\p{Ll}+){0,4})" + _DATE_AFTER_PLACE
)
# -- `V/v` (về việc) opens a Công văn's trích yếu and is dropped; a written-out `Về việc` is kept
SUBJECT_PREFIX_RE = regex.compile(r"^V/v[ \t]*:?[ \t]*", regex.IGNORECASE)
SEPARATOR_RE = regex.compile(r"^[\s\-_*=|.…–—~+]*$")
WORD_CHARS_RE = regex.compile(r"[^\n]")
UPPERCASE_LETTER_RE = regex.compile(r"\p{Lu}")
LETTER_RE = regex.compile(r"\p{L}")
# -- marks printed near the issuer that are not part of it
STAMP_RE = regex.compile(r"^(?:THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|KHẨN|TỐI MẬT|TUYỆT MẬT|MẬT|DỰ THẢO|BẢN SAO)\b")
ADDRESSEE_RE = regex.compile(r"^Kính[ \t]+gửi", regex.IGNORECASE)
# -- heads that open an issuing body (canonical form: lower case, new-style tone marks)
BODY_HEAD_RE = regex.compile(
    r"^(?:tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy|đảng bộ|đảng đoàn|chi bộ|ban cán sự|"
    r"ban(?! chỉ đạo phòng)|ủy ban|ubnd|hđnd|ubmttq|hội đồng|sở|phòng(?! chống)|bộ(?! phận)|cục|chi cục|tổng cục|"
    r"văn phòng|trường|trung tâm|công an|mặt trận|đoàn|hội|liên đoàn|chính phủ|quốc hội|thủ tướng|"
    r"kho bạc|bệnh viện|viện|tòa án|tòa|thanh tra|học viện|đại học|bộ chỉ huy|bộ tư lệnh|công ty|tổng công ty|"
    r"ngân hàng|cơ quan|đài|báo)(?!\S)"
)
# -- heads of several words compared without marks (`UY BAN NHAN DAN`, `ÚY BAN`): one-word heads are not, as
#    `bao` or `so` without marks would be other words
BARE_BODY_HEAD_RE = regex.compile(
    r"^(?:tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy|dang bo|dang doan|chi bo|ban can su|uy ban|"
    r"hoi dong|van phong|trung tam|cong an|mat tran|lien doan|chinh phu|quoc hoi|thu tuong|kho bac|"
    r"benh vien|hoc vien|dai hoc|bo chi huy|bo tu lenh|cong ty|tong cong ty|ngan hang|co quan)(?!\S)"
)
MIN_HEADLESS_BODY_WORDS = 2
LINE_END_JUNK_RE = regex.compile(r"[ \t]*[-–—_.,;:|]+$")
_TITLE_WORDS = sorted(
    {*DOC_TYPE_CODES.values(), "Quy chế", "Thông tri", "Điều lệ", "Công điện", "Thông cáo", "Chương trình", "Đề án"},
    key=len,
    reverse=True,
)
TITLE_NAMES = {" ".join(strip_marks(word.upper()).split()): word for word in _TITLE_WORDS}
TITLE_RE = regex.compile(
    r"^(?P<title>" + "|".join(_SP.join(map(regex.escape, key.split())) for key in TITLE_NAMES) + r")"
    r"(?:[ \t]*:?[ \t]*$|[ \t]+(?P<rest>(?:V/v|VE|Ve|ve)\b.*|[^\p{Ll}]+)$)"
)
# -- headings of the body: `I. MỤC ĐÍCH`, `1.`, `Điều 2`, `Chương I`, `PHẦN THỨ NHẤT`
_HEADING = (
    r"(?:Phần|PHẦN|Chương|CHƯƠNG)[ \t]+(?:thứ|THỨ|[IVXLC\d]+\b)|(?:Điều|ĐIỀU)[ \t]+\d|[IVXLC]+[.)][ \t]|\d+[.)][ \t]"
)
HEADING_RE = regex.compile(rf"^(?:{_HEADING})")
# -- words that open the body; under the title they may also open a trích yếu (`Thực hiện Chương trình …`)
BODY_OPENING_RE = regex.compile(
    r"^(?:Căn cứ|Thực hiện|Theo|Xét|Kính gửi|Để|Nhằm|Trên cơ sở|Tiếp theo|Triển khai|Qua|Sau khi|Hôm nay|Thi hành)\b"
)
# -- lines that always end a trích yếu: headings, the issuing body's line, `QUYẾT ĐỊNH:`
_ISSUING_HEADS = (
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "BỘ TRƯỞNG",
    "THỦ TƯỚNG",
    "GIÁM ĐỐC",
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
    "BAN BÍ THƯ",
    "BỘ CHÍNH TRỊ",
    "THƯỜNG TRỰC",
    "ỦY BAN NHÂN DÂN",
    "UỶ BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "TRƯỞNG BAN",
    "CHÁNH VĂN PHÒNG",
    "HIỆU TRƯỞNG",
    "CỤC TRƯỞNG",
)
SUBJECT_STOP_RE = regex.compile(
    rf"^(?:{_HEADING}|{_words(*_ISSUING_HEADS)})"
    rf"|(?:{_words('QUYẾT ĐỊNH', 'QUYẾT NGHỊ', 'KẾT LUẬN', 'CHỈ THỊ')})[ \t]*:?$"
)
SENTENCE_END_RE = regex.compile(r"[.:;,!?]$")
# -- a line cut inside a sign (`… số 01/2001/`): whatever the next line looks like, it goes on
JOINER_END_RE = regex.compile(r"\w[/-]$")
# -- on the text without marks; OCR may lose the first letter (`ơi nhận:`)
RECIPIENTS_RE = regex.compile(r"^N?oi[ \t]+nhan[ \t]*:?[ \t]*(?P<rest>.*)$", regex.IGNORECASE)
BULLET_RE = regex.compile(r"^[-+•*–_][ \t]*")
ITEM_END_RE = regex.compile(r"[ \t;,.:]+$")
ITEM_CLOSED_RE = regex.compile(r"[;.:][ \t]*$")  # -- an item ending in a comma goes on on the next line
# -- specks OCR reads in a scan's margin before a line's text (`_\tCHỦ TỊCH`)
LEADING_SPECKS_RE = regex.compile(r"^[_`'^ˆ~]+[ \t]+")
MIN_TEXT_LETTERS = 3  # -- a line with fewer letters is a speck of the seal or the signature
MOTTO_LINE_RE = regex.compile(r"^[ \t]*(?:CONG HOA XA HOI CHU NGHIA VIET NAM|DANG CONG SAN VIET NAM)[ \t]*$")
MIN_ATTACHMENT_GAP = 15  # -- lines between the two mottos: a header's own motto is not repeated this far down
# -- a name OCR ran into the capitals of the next block (`Nguyễn Văn An HỘI ĐỒNG NHÂN DÂN`)
NAME_BEFORE_CAPITALS_RE = regex.compile(r"^(?P<name>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}*){1,4})[ \t]+\p{Lu}{2,}\b")
# -- OCR ran the next paragraph on to the name's line: `Trần Phước Hiền Quyết định đã giao …`; the name is the
#    title-case run before the last title-case word that lowercase words follow
NAME_BEFORE_SENTENCE_RE = regex.compile(
    r"^(?P<name>\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){1,3})[ \t]+\p{Lu}\p{Ll}*[ \t]+\p{Ll}"
)
MAX_SPECKS_LINE = 30
WORD_RE = regex.compile(r"[\p{Lu}\p{Ll}]{2}")  # -- not `ˆ`, a modifier letter
# -- mandates before a role: thay mặt, ký thay, thừa lệnh, thừa ủy quyền, quyền
MANDATE_RE = regex.compile(r"^(?:T/M|TM\.?|T\.M\.?|TM/|KT\.?|K/T|KT/|TL\.?|T/L|TUQ\.?|TU/Q|Q\.|Q/)[ \t]*\p{Lu}")
_ROLES = (
    "BÍ THƯ",
    "CHỦ TỊCH",
    "GIÁM ĐỐC",
    "TRƯỞNG BAN",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "THỦ TƯỚNG",
    "CHÁNH VĂN PHÒNG",
    "TRƯỞNG PHÒNG",
    "CỤC TRƯỞNG",
    "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
    "CHỦ NHIỆM",
    "TRƯỞNG ĐOÀN",
    "CHÁNH ÁN",
    "CHÁNH THANH TRA",
    "CHI CỤC TRƯỞNG",
    "TRƯỞNG KHOA",
    "CHỦ TỌA",
    "THƯ KÝ",
    "NGƯỜI LẬP",
    "TRƯỞNG",
)
# -- a role line on its own: `BÍ THƯ`, `PHÓ CHỦ TỊCH THƯỜNG TRỰC`, `Q. GIÁM ĐỐC`
# -- matched without marks (OCR's `CHU TỊCH`); a role line so read is written in its known spelling
#    and OCR may lose a role's last letter at the edge of its crop (`PHÓ CHỦ TỊC`)
ROLE_RE = regex.compile(
    rf"^(?P<head>PHO[ \t]+|TONG[ \t]+|Q\.[ \t]*)?"
    rf"(?P<role>{'|'.join(_words(strip_marks(role)[:-1]) + strip_marks(role)[-1] + '?' for role in _ROLES)})"
    rf"(?P<tail>[ \t]+THUONG[ \t]+TRUC)?[ \t]*$"
)
ROLE_SPELLING = {strip_marks(role)[: -1 if cut else None]: role for role in _ROLES for cut in (True, False)}
HEAD_SPELLING = {"PHO": "PHÓ", "TONG": "TỔNG"}
# -- bodies a mandate names (`TM. ỦY BAN NHÂN DÂN`): a closed list, so a line that differs only in marks is one
MANDATE_BODY_SPELLING = {
    strip_marks(body): body
    for body in (
        "ỦY BAN NHÂN DÂN",
        "HỘI ĐỒNG NHÂN DÂN",
        "BAN THƯỜNG VỤ",
        "BAN CHẤP HÀNH",
        "BAN BÍ THƯ",
        "BỘ CHÍNH TRỊ",
        "THƯỜNG TRỰC",
        "ĐẢNG ỦY",
        "ĐẢNG ĐOÀN",
        "BAN CÁN SỰ ĐẢNG",
        "CHI ỦY",
        "CHÍNH PHỦ",
        "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
        "ỦY BAN MẶT TRẬN TỔ QUỐC",
    )
}
# -- `(Đã ký)`, `(ký, ghi rõ họ tên)`, `[daky]`: between the role and the name
SIGNED_MARK_RE = regex.compile(
    r"^[(\[]?[ \t]*(?:đã[ \t]+)?ký\b.*[)\]]?$|^\[?daky\]?$|^\(?[ \t]*chữ[ \t]+ký.*$", regex.IGNORECASE
)
TITLE_CASE_NAME_RE = regex.compile(r"^\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){1,5}$")
UPPER_NAME_RE = regex.compile(r"^\p{Lu}+(?:[ \t]+\p{Lu}+){1,4}$")
# -- a rank or degree written before a signer's name (`Thượng tướng Phạm Hoài Nam`, `PGS.TS. Lê Văn A`): not the name
RANK_BEFORE_NAME_RE = regex.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)[ \t]+(?:tướng|tá|úy|uý)|(?:(?:GS|PGS|TS|ThS|BS|BSCKII?)\.[ \t]*)+)[ \t]+(?=\p{Lu})"
)
# -- common family names: an all-capitals line after the role is a name only if it starts with one
SURNAMES = frozenset(
    canonical(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Mai Trịnh Lương Tạ "
        "Hà Triệu Lâm Tô Vương Quách Cao Chu Thái Kiều La Lò Hứa Mạc Tăng Nông Lục Hoàng Đoàn Văn Giang Lưu "
        "Trương Châu Khổng Diệp Kim Thân Âu Mã Bế Hầu Vi Quan Trình Ông Tống Lã Lại Nghiêm Tôn Từ Bạch Thạch"
    ).split()
)


@dataclass(slots=True)
class _Top:
    """What was found in the top lines, with the lines consumed by each field blanked out."""

    lines: list[str]
    motto: str | None = None
    sign_found: bool = False
    symbol: str | None = None
    number: str | None = None
    sign_type: str | None = None
    place: str | None = None
    date: str | None = None
    subject: str | None = None
    last_line: int = -1  # -- the last line any field was read from

    def consumed(self, text: str, match: regex.Match[str]) -> str:
        self.last_line = max(self.last_line, text.count("\n", 0, match.end()))
        return _blank(text, match.span())


def decode_header(document: Document) -> Header | None:
    """The header of a read document, or None when it has none (a news article).

    Example:
        decode_header(read_docx(Path("quyet-dinh-1581.docx"))).symbol → "1581-QĐ/HU"
    """
    return decode_header_text(document.text)


def decode_header_text(text: str) -> Header | None:
    """Decode the header fields of a document's normalised text; None without two strong signals.

    Example:
        decode_header_text("UBND TỈNH LẠNG SƠN\\nSỞ TÀI CHÍNH\\nSố: 123/STC-VP\\nV/v báo cáo quý I")
        → Header(issuer="SỞ TÀI CHÍNH", issuer_parent="UBND TỈNH LẠNG SƠN", symbol="123/STC-VP",
                 doc_type="Công văn", subject="báo cáo quý I", …)
    """
    lines = _before_attachment(text.split("\n"))
    if len(lines) > 2 * TOP_LINES + BOTTOM_LINES:
        # -- only the first and the last lines can hold header or signature: skip cleaning the middle
        lines = lines[: 2 * TOP_LINES] + [""] + lines[-BOTTOM_LINES:]
    lines = [_clean_line(line) for line in join_broken_words("\n".join(lines)).split("\n")]
    top = _read_top(lines[:TOP_LINES])
    # -- the title is looked for once motto, sign and date are out: a reader may put it before them
    lines = top.lines + lines[TOP_LINES:]
    title_index, title_end, title_type, title_rest = _find_title(lines)
    issuer_zone = lines[: title_index if title_index is not None else TOP_LINES_WITHOUT_TITLE]
    top.subject, subject_end = _take_v_v_subject(issuer_zone)
    top.last_line = max(top.last_line, subject_end)
    bodies = _split_bodies(_issuer_lines(issuer_zone))
    has_issuer = any(_has_head(body) for body in bodies)
    if has_issuer:
        # -- a stray word in capitals above the issuer (left of a stamp, an OCR fragment) is no body
        bodies = [body for body in bodies if _has_head(body) or len(body.split()) >= MIN_HEADLESS_BODY_WORDS]
    signals = sum((top.motto is not None, top.sign_found, top.date is not None, has_issuer, title_index is not None))
    if signals < MIN_SIGNALS:
        return None
    subject, body_start = top.subject, top.last_line + 1
    if title_index is not None:
        title_subject, body_start = _subject_after_title(lines, title_end, title_rest)
        subject = title_subject or subject
    signer_role, signer_name, recipients = _read_signature(lines, max(body_start, len(lines) - BOTTOM_LINES))
    doc_type = title_type or top.sign_type
    if top.symbol and title_type and top.sign_type != title_type:
        top.symbol = _symbol_with_title_code(top.symbol, title_type)
    if doc_type is None and top.subject is not None and top.sign_found:
        doc_type = "Công văn"  # -- a sign without type letters and a `V/v` subject
    return Header(
        issuer=bodies[-1] if bodies else None,
        issuer_parent=bodies[-2] if len(bodies) > 1 else None,
        motto=top.motto,
        symbol=top.symbol,
        number=top.number,
        doc_type=doc_type,
        place=top.place,
        date=top.date,
        subject=subject,
        signer_role=signer_role,
        signer_name=signer_name,
        recipients=recipients,
    )


def _before_attachment(lines: list[str]) -> list[str]:
    """The lines before a second motto: a document sent with an attachment (a draft resolution under a Tờ
    trình) has the attachment's own header, signature and recipients after its own."""
    # -- a motto line ends in `NAM`: only those lines are looked at without marks
    mottos = (
        index
        for index, line in enumerate(lines)
        if line.rstrip().endswith("NAM") and MOTTO_LINE_RE.match(strip_marks(line))
    )
    first, second = next(mottos, None), next(mottos, None)
    if first is None or second is None or second - first < MIN_ATTACHMENT_GAP:
        return lines
    return lines[:second]


def _clean_line(line: str) -> str:
    line = line.strip().strip("|").strip()
    line = LEADING_SPECKS_RE.sub("", line)
    return "" if SEPARATOR_RE.match(line) else line


def _is_upper(line: str) -> bool:
    letters = len(LETTER_RE.findall(line))
    return letters >= 2 and len(UPPERCASE_LETTER_RE.findall(line)) >= 0.8 * letters


def _find_title(lines: list[str]) -> tuple[int | None, int, str | None, str | None]:
    """(first line, last line, type, what follows the type on its line) of the title, e.g. `QUYẾT ĐỊNH`.

    A title whose words a web page put on two lines (`THÔNG\nTƯ`) is read from both.
    """
    for index, line in enumerate(lines[:TOP_LINES]):
        match, end, written = TITLE_RE.match(strip_marks(line)), index, line
        if match is None and index + 1 < len(lines) and _may_open_title(line):
            written = f"{line}\n{lines[index + 1]}"
            match, end = TITLE_RE.match(strip_marks(written)), index + 1
        if match:
            rest = written[match.start("rest") : match.end("rest")] if match.group("rest") else None
            if rest and OF_ISSUER_RE.match(strip_marks(rest)):
                rest = None  # -- `QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN TỈNH`: the old title names its issuer
            return index, end, TITLE_NAMES[" ".join(match.group("title").split())], rest
    return None, -1, None, None


def _may_open_title(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE_WORD and _is_upper(line) and " " not in line


def _read_top(lines: list[str]) -> _Top:
    """Find motto, sign and place-date; blank out what each one consumed."""
    text = "\n".join(lines)
    bare = strip_marks(text)  # -- kept blanked alike: what is consumed from the text is consumed from it too
    top = _Top(lines=[])
    match = MOTTO_RE.search(bare)
    if match:
        top.motto = STATE_MOTTO if match.group("state") else PARTY_MOTTO
        text, bare = top.consumed(text, match), _blank(bare, match.span())
    for match in list(SUB_MOTTO_RE.finditer(bare)):
        text, bare = top.consumed(text, match), _blank(bare, match.span())
    for span in _stamp_cells(text, bare):
        text, bare = _blank(text, span), _blank(bare, span)
    match = _sign_match(text)
    if match is None:
        match = OCR_SIGN_RE.search(bare)
        if match:
            _read_ocr_sign(top, match, text)
    else:
        _read_sign(top, match)
    if match:
        text, bare = top.consumed(text, match), _blank(bare, match.span())
    match = PLACE_DATE_RE.search(text) or INLINE_PLACE_DATE_RE.search(text)
    if match:
        top.place = _collapse(match.group("place"))
        top.date = _iso_date(match)
        text = top.consumed(text, match)
    else:
        match = OCR_DATE_RE.search(bare)
        if match:
            top.place = _collapse(text[match.start("place") : match.end("place")])
            top.date = _ocr_date(match)
            text = top.consumed(text, match)
    top.lines = [line.strip() for line in text.split("\n")]
    return top


def _stamp_cells(text: str, bare: str) -> list[tuple[int, int]]:
    """Spans of the tab-separated cells that hold stamp or e-signature text (`STAMP_CELL_RE`).

    Stamps lie over the header, never over the body: only the first lines' short cells are looked at.
    """
    zone = _line_start(text, STAMP_LINES)
    return [
        cell.span()
        for cell in CELL_RE.finditer(bare, 0, zone)
        if len(cell.group(0)) <= MAX_STAMP_CELL and STAMP_CELL_RE.search(cell.group(0))
    ]


def _line_start(text: str, number: int) -> int:
    """Where line `number` (from 0) starts, or the text's length."""
    at = -1
    for _ in range(number):
        at = text.find("\n", at + 1)
        if at < 0:
            return len(text)
    return at + 1


def _sign_match(text: str) -> regex.Match[str] | None:
    """The `Số:` line; one with a code (`/QĐ-UBND`) before a bare register number (an incoming-mail stamp's)."""
    first = None
    for match in SIGN_LINE_RE.finditer(text):
        if match.group("rest"):
            return match
        if match.group("number") and first is None:
            first = match
    return first


def _read_ocr_sign(top: _Top, match: regex.Match[str], text: str) -> None:
    """A scan's sign: the number slot read only when it holds digits alone (blank or unreadable → null)."""
    top.sign_found = True
    code = "".join(text[match.start("code") : match.end("code")].split())
    slot = match.group("slot").strip(" \t.")
    decoded = decode_symbol(f"{slot if slot.isdigit() else '0'}/{code}")
    top.sign_type = decoded["doc_type"]
    if slot.isdigit() and len(slot) <= MAX_NUMBER_DIGITS:
        top.symbol, top.number = decoded["symbol"], decoded["number"]


def _ocr_date(match: regex.Match[str]) -> str | None:
    """`ngày 4 tháng 01 năm 2025` at the precision that can be read: a blank or unreadable day gives `2025-01`."""
    month_slot, year = (match.group("month") or "").strip(" \t."), match.group("year")
    if not month_slot.isdigit() or not 1 <= int(month_slot) <= 12:
        return year  # -- the month lost or unreadable: only the year can be read
    month, slot = int(month_slot), (match.group("slot") or "").strip(" \t.")
    if slot.isdigit() and 1 <= int(slot) <= 31:
        return f"{year}-{month:02d}-{int(slot):02d}"
    return f"{year}-{month:02d}"


def _blank(text: str, span: tuple[int, int]) -> str:
    """Replace a span with spaces (its line breaks kept), so what shared its lines stays on them."""
    start, end = span
    return text[:start] + WORD_CHARS_RE.sub(" ", text[start:end]) + text[end:]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _read_sign(top: _Top, match: regex.Match[str]) -> None:
    top.sign_found = True
    number, rest = match.group("number"), match.group("rest") or ""
    if number is None and not rest:
        return
    decoded = decode_symbol((number or "0") + rest)
    top.sign_type = decoded["doc_type"]
    if number is not None:
        top.symbol = decoded["symbol"]
        top.number = decoded["number"]


def _symbol_with_title_code(symbol: str, title_type: str) -> str:
    """The sign with OCR's misread type letters (`TIr`, `QĐĐ`) replaced by the title's code (`TTr`, `QĐ`).

    Type codes are a closed list and the title names the type: a letter group of the sign that is no known
    code and lies within an edit or two of the title's code is that code, misread.
    """
    codes = [code for code, name in DOC_TYPE_CODES.items() if name == title_type]
    parts = regex.split(r"([-/])", symbol)
    for index, part in enumerate(parts):
        if not part.isalnum() or part.isdigit() or part in DOC_TYPE_CODES or part in ISSUER_CODES:
            continue
        near = [code for code in codes if _edits(part, code) <= (1 if len(code) < CODE_WITH_TWO_EDITS else 2)]
        if len(near) == 1:
            parts[index] = near[0]
            return "".join(parts)
        break  # -- only the first unknown group can be the type's
    return symbol


def _edits(first: str, second: str) -> int:
    """Levenshtein distance of two short strings."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def _iso_date(match: regex.Match[str]) -> str | None:
    if match.group("y"):
        day, month, year = match.group("d"), match.group("m"), match.group("y")
    else:
        day, month, year = match.group("day"), match.group("month"), match.group("year")
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _take_v_v_subject(lines: list[str]) -> tuple[str | None, int]:
    """A Công văn's `V/v …` under its sign, up to a blank line: (subject, its last line), lines blanked."""
    for index, line in enumerate(lines):
        if not SUBJECT_PREFIX_RE.match(line):
            continue
        parts = [SUBJECT_PREFIX_RE.sub("", line)]
        lines[index] = ""
        last = index
        for following in range(index + 1, min(index + MAX_SUBJECT_LINES, len(lines))):
            if not lines[following] or ADDRESSEE_RE.match(lines[following]):
                break
            parts.append(lines[following])
            lines[following] = ""
            last = following
        return _collapse(" ".join(parts)) or None, last
    return None, -1


def _issuer_lines(lines: list[str]) -> list[str]:
    """Lines in capitals left at the top once the other fields are out; stops at the first other text."""
    found: list[str] = []
    blank_before = False
    for raw in lines:
        line = LINE_END_JUNK_RE.sub("", raw.strip())
        if not line or STAMP_RE.match(line):
            blank_before = True
            continue
        if ADDRESSEE_RE.match(line):
            break
        is_issuer = _is_upper(line) and not TITLE_RE.match(strip_marks(line)) and not HEADING_RE.match(line)
        # -- past a gap, only a new body (`HUYỆN ỦY …` under `TỈNH ỦY …`) continues the issuer
        if found and blank_before and not _has_head(line):
            break
        if is_issuer:
            found.append(line)
            if len(found) == MAX_ISSUER_LINES:
                break
        elif found:
            break
        blank_before = False
    return found


def _has_head(line: str) -> bool:
    """The line opens with an issuing body's head; a head of several words also when OCR lost its marks."""
    return bool(BODY_HEAD_RE.match(canonical(line)) or BARE_BODY_HEAD_RE.match(strip_marks(canonical(line))))


def _split_bodies(lines: list[str]) -> list[str]:
    """Group issuer lines into bodies: a line that opens with a head (`SỞ`, `HUYỆN ỦY`, `BAN`) starts one.

    Example:
        _split_bodies(["BAN CHẤP HÀNH", "TRUNG ƯƠNG", "BAN TỔ CHỨC"]) → ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC"]
    """
    bodies: list[list[str]] = []
    for line in lines:
        if not bodies or _has_head(line):
            bodies.append([line])
        else:
            bodies[-1].append(line)
    return [_collapse(" ".join(body)) for body in bodies]


def _subject_after_title(lines: list[str], title_end: int, rest: str | None) -> tuple[str | None, int]:
    """The trích yếu under the title (whose last line is `title_end`), and the index of the first line after it."""
    parts: list[str] = [rest] if rest else []
    upper = _is_upper(rest) if rest else None
    blank_before = False
    index = title_end + 1
    while index < len(lines) and len(parts) < MAX_TITLE_SUBJECT_LINES:
        line = lines[index]
        if _is_specks(line):  # -- what OCR made of a seal's edge or a stroke between title and trích yếu
            index += 1
            continue
        if not line:
            blank_before = True
            index += 1
            continue
        if upper is None:
            # -- a long `Thực hiện …` line is the body, unless it sits in the title's block without ending
            #    a sentence: a trích yếu a PDF wrapped at the margin, read as one line
            under_title = not blank_before and not SENTENCE_END_RE.search(line) and len(line) <= MAX_WRAPPED_SUBJECT
            if SUBJECT_STOP_RE.match(line) or (
                BODY_OPENING_RE.match(line) and not _short_phrase(line) and not under_title
            ):
                break
            upper = _is_upper(line)
        elif SUBJECT_STOP_RE.match(line) or BODY_OPENING_RE.match(line):
            break
        elif not (JOINER_END_RE.search(parts[-1]) and not blank_before) and not _continues_subject(
            line, upper, blank_before and OPEN_ENDING_RE.search(parts[-1]) is None
        ):
            break
        parts.append(line)
        blank_before = False
        index += 1
    subject = SUBJECT_PREFIX_RE.sub("", _join_lines(parts))
    return subject or None, index


def _is_specks(line: str) -> bool:
    """A short line with no two letters in a row: OCR's reading of a seal's edge or a pen stroke."""
    return 0 < len(line) <= MAX_SPECKS_LINE and WORD_RE.search(line) is None


def _join_lines(parts: list[str]) -> str:
    """Lines joined by a space, but not after a sign's joiner: `01/2001/` + `TTLT/` → `01/2001/TTLT/`."""
    joined = ""
    for part in parts:
        joined += part if not joined or JOINER_END_RE.search(joined) else f" {part}"
    return _collapse(joined)


def _continues_subject(line: str, upper: bool, apart: bool) -> bool:
    """`apart`: a blank line before it and the subject so far could end where it does."""
    if upper:
        return _is_upper(line)
    if line[:1].islower():
        return True
    # -- a sentence-case trích yếu may wrap before a name (`… thực hiện\nNghị quyết số 22`), in a PDF
    #    line or a Word paragraph of its own; a body paragraph right under it is longer or ends a sentence
    return not apart and not _is_upper(line) and _short_phrase(line)


def _short_phrase(line: str) -> bool:
    """A line that reads like a title (short, no closing punctuation), not like a body sentence."""
    return len(line) <= MAX_SUBJECT_LINE and not SENTENCE_END_RE.search(line)


def _read_signature(lines: list[str], start: int) -> tuple[str | None, str | None, list[str] | None]:
    recipients = _recipients(lines, start)
    role_end = None
    for index in range(len(lines) - 1, start - 1, -1):
        if lines[index] and (MANDATE_RE.match(lines[index]) or _is_role(lines[index])):
            role_end = index
            break
    if role_end is None:
        return None, None, recipients
    role_lines = _role_lines(lines, role_end, start)
    return _join_roles(role_lines), _signer_name(lines, role_end), recipients


def _role_lines(lines: list[str], role_end: int, start: int) -> list[str]:
    """The role block ending at `role_end`, walking up through capitals (and blank lines before a mandate)."""
    found = [lines[role_end]]
    index = role_end - 1
    while index >= start:
        line = lines[index]
        if not line:
            above = next((lines[i] for i in range(index - 1, start - 1, -1) if lines[i]), "")
            if not MANDATE_RE.match(above) and not _is_role(above):
                break
        elif MANDATE_RE.match(line) or _is_role(line) or (_is_upper(line) and not _opens_recipients(line)):
            found.insert(0, line)
        else:
            break
        index -= 1
    return found


def _is_role(line: str) -> bool:
    return len(line) <= MAX_ROLE_LINE and ROLE_RE.match(strip_marks(line)) is not None


def _opens_recipients(line: str) -> bool:
    return "nh" in line[:RECIPIENTS_HEAD].lower() and RECIPIENTS_RE.match(strip_marks(line)) is not None


def _role_spelling(line: str) -> str:
    """A role or mandate's body as it is written (`CHU TỊCH` → `CHỦ TỊCH`, `ỦY BAN NHÂN DẪN` → `ỦY BAN NHÂN DÂN`)
    when OCR changed only marks; other lines as they are."""
    match = ROLE_RE.match(strip_marks(line))
    if match is None:
        return MANDATE_BODY_SPELLING.get(" ".join(strip_marks(line).split()), line)
    head = match.group("head") or ""
    head = HEAD_SPELLING.get(head.strip(), head.strip())
    role = ROLE_SPELLING[" ".join(match.group("role").split())]
    tail = " THƯỜNG TRỰC" if match.group("tail") else ""
    return f"{head} {role}{tail}".strip()


def _join_roles(lines: list[str]) -> str:
    """Each mandate or role line starts a part; other lines continue the part before them."""
    parts: list[str] = []
    for line in lines:
        if parts and not (MANDATE_RE.match(line) or _is_role(line)):
            parts[-1] = f"{parts[-1]} {line}"
        else:
            mandate = MANDATE_RE.match(line)
            prefix = line[: mandate.end() - 1] if mandate else ""  # -- the match ends on the role's first letter
            parts.append(prefix + _role_spelling(line[len(prefix) :]))
    return " / ".join(_collapse(part) for part in parts)


def _signer_name(lines: list[str], role_end: int) -> str | None:
    """The name under the role: within two lines of text (a scan's seal and signature leave specks between);
    where OCR put the recipients' column between them, the last cell of a recipient's line (not counted) or
    of a line after `Nơi nhận`."""
    checked = 0
    for line in lines[role_end + 1 :]:
        line = RANK_BEFORE_NAME_RE.sub("", line)
        if not line or SIGNED_MARK_RE.match(line) or len(LETTER_RE.findall(line)) < MIN_TEXT_LETTERS:
            continue
        if _opens_recipients(line):
            return _name_after_recipients(lines[role_end + 1 :])
        if TITLE_CASE_NAME_RE.match(line):
            return _collapse(line)
        name = _name(line.split("\t")[-1].strip())
        if name:
            return name
        if BULLET_RE.match(line):
            continue
        checked += 1
        if checked == 2:
            break
    return None


def _name(cell: str) -> str | None:
    if TITLE_CASE_NAME_RE.match(cell) and canonical(cell.split()[0]) in SURNAMES:
        return _collapse(cell)
    before_capitals = NAME_BEFORE_CAPITALS_RE.match(cell)
    if before_capitals and canonical(cell.split()[0]) in SURNAMES:
        return _collapse(before_capitals.group("name"))
    if UPPER_NAME_RE.match(cell) and canonical(cell.split()[0]) in SURNAMES:
        return _collapse(cell)
    before_sentence = NAME_BEFORE_SENTENCE_RE.match(cell)
    if before_sentence and canonical(cell.split()[0]) in SURNAMES:
        return _collapse(before_sentence.group("name"))
    return None


def _name_after_recipients(lines: list[str]) -> str | None:
    for line in reversed(lines):
        if not line or len(LETTER_RE.findall(line)) < MIN_TEXT_LETTERS:
            continue
        return _name(line.split("\t")[-1].strip())
    return None


def _recipients(lines: list[str], start: int) -> list[str] | None:
    """Items after the last `Nơi nhận:`, bullets and trailing punctuation stripped."""
    at = next((i for i in range(len(lines) - 1, start - 1, -1) if _opens_recipients(lines[i])), None)
    if at is None:
        return None
    items: list[str] = []
    opening = RECIPIENTS_RE.match(strip_marks(lines[at]))
    first = lines[at][opening.start("rest") :] if opening else None
    if first:
        items.append(first)
    blank_before = False
    for line in lines[at + 1 :]:
        if not line:
            blank_before = True
            continue
        if MANDATE_RE.match(line) or _is_role(line) or (blank_before and not BULLET_RE.match(line)):
            break
        # -- an item too long for its cell wraps: a line without a bullet after one that has not ended (and
        #    whose own bullet OCR may have lost, when the line goes on in lower case: `Văn phòng Đoàn\nvà HĐND`)
        if (
            items
            and not blank_before
            and not BULLET_RE.match(line)
            and (BULLET_RE.match(items[-1]) or line[:1].islower())
            and not ITEM_CLOSED_RE.search(items[-1])
        ):
            items[-1] = f"{items[-1]} {line}"
            continue
        items.append(line)
        blank_before = False
    cleaned = [_fixed_phrase(ITEM_END_RE.sub("", BULLET_RE.sub("", item))) for item in items]
    return [item for item in cleaned if item] or None


def _fixed_phrase(item: str) -> str:
    """A recipient line's fixed phrase in its spelling when OCR changed only its marks or case (`NHụ trên`)."""
    bare = strip_marks(item).lower()
    for pattern, spelling in RECIPIENT_PHRASES:
        match = pattern.match(bare)
        if match:
            return match.expand(spelling) + item[match.end() :]
    return item
