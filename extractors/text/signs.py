"""Signs (số/ký hiệu) of documents: `22-NQ/TW`, `30/2020/NĐ-CP`, and the codes in them.

The header reads the sign on a document's first page and the reference finder reads signs cited in its
body; both decode them here.

Example:
    decode_symbol("1581-QĐ/HU") → {"symbol": "1581-QĐ/HU", "doc_type": "Quyết định", "number": "1581",
                                   "year": None, "issuer_code": "HU", "issuer": "Huyện ủy"}
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypedDict

from vanban.extractors.text.marks import strip_marks

# -- type letters of a sign → document type. Party signs (`22-NQ/TW`, Hướng dẫn 36-HD/VPTW) and State
#    signs (`30/2020/NĐ-CP`, Nghị định 30/2020/NĐ-CP) share most letters; `TT` is Thông tri in a Party
#    sign and Thông tư in a State one (see `_PARTY_ONLY_TYPES`).
DOC_TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QyĐ": "Quy định",
    "QC": "Quy chế",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "HDLT": "Hướng dẫn liên tịch",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "TC": "Thông cáo",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "QH": "Luật",
    "PL": "Pháp lệnh",
    "TTr": "Tờ trình",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "PA": "Phương án",
    "BB": "Biên bản",
    "HĐ": "Hợp đồng",
    "GM": "Giấy mời",
}

# -- Party-format signs (`NUM-CODE/ISSUER`) read these codes differently from State ones
_PARTY_ONLY_TYPES: dict[str, str] = {"TT": "Thông tri"}

# -- issuer letters → issuing body
ISSUER_CODES: dict[str, str] = {
    "TW": "Trung ương",
    "TU": "Tỉnh ủy",
    "ThU": "Thành ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối",
    "CB": "Chi bộ",
    "ĐĐ": "Đảng đoàn",
    "BCS": "Ban cán sự đảng",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "BKTTW": "Ban Kinh tế Trung ương",
    "BĐNTW": "Ban Đối ngoại Trung ương",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "BTCTU": "Ban Tổ chức Tỉnh ủy",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BDVTU": "Ban Dân vận Tỉnh ủy",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy",
    "VPTU": "Văn phòng Tỉnh ủy",
    "BTCHU": "Ban Tổ chức Huyện ủy",
    "BTGHU": "Ban Tuyên giáo Huyện ủy",
    "UBKTHU": "Ủy ban Kiểm tra Huyện ủy",
    "VPHU": "Văn phòng Huyện ủy",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQ": "Mặt trận Tổ quốc",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNG": "Bộ Ngoại giao",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BTP": "Bộ Tư pháp",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện Kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán Nhà nước",
    "HĐTĐKT": "Hội đồng Thi đua - Khen thưởng",
    "BCĐ": "Ban Chỉ đạo",
}

_WHITESPACE_RE = re.compile(r"\s+")
_SIGN_SPLIT_RE = re.compile(r"([-/])")
_SIGN_HEAD_RE = re.compile(r"(\d+[a-zđ]?)(.*)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CODE_WITH_TERM_RE = re.compile(r"([^\W\d_]+?)(\d+)")

_CODE_SPELLING: dict[str, str] = {code.casefold(): code for table in (DOC_TYPE_CODES, ISSUER_CODES) for code in table}


def canonical_symbol(sign: str) -> str:
    """The sign with spaces removed, dashes unified, tone marks dropped and known codes in their usual case.

    No code carries a tone mark (`Đ` is a letter of its own and stays): a mark on a code's letter is a
    scan's speck read by OCR (`157/QĐ-NĐ-ÚB`).

    Example:
        canonical_symbol("19/CT-TTG") → "19/CT-TTg";  canonical_symbol("16 -\\nHD/BTCTW") → "16-HD/BTCTW"
    """
    compact = _WHITESPACE_RE.sub("", sign).replace("–", "-").replace("—", "-")
    if not compact.isascii():
        compact = "".join(char if char in "Đđ" else bare for char, bare in zip(compact, strip_marks(compact)))
    parts = _SIGN_SPLIT_RE.split(compact)
    return "".join(_CODE_SPELLING.get(part.casefold(), part) for part in parts)


def strip_zeros(number: str) -> str:
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyzđ")
    return (digits.lstrip("0") or "0") + number[len(digits) :]


class DecodedSign(TypedDict, total=False):
    """A sign's parts, as `decode_symbol` reads them (an empty one when there is no sign)."""

    symbol: str
    doc_type: str | None
    number: str | None
    year: int | None
    issuer_code: str | None
    issuer: str | None


def decode_symbol(symbol: str) -> DecodedSign:
    """Read a sign's parts: number, year, type letters and issuer letters.

    Example:
        decode_symbol("30/2020/NĐ-CP")
        → {"symbol": "30/2020/NĐ-CP", "doc_type": "Nghị định", "number": "30", "year": 2020,
           "issuer_code": "CP", "issuer": "Chính phủ"}

    Party signs (`1581-QĐ/HU`) carry no year; a State sign whose first letters name an issuer rather
    than a type (`293/TTg-ĐP`) is a Công văn. Unknown letters give `doc_type` None.
    """
    sign, doc_type, number, year, issuer_code, issuer = _decode(symbol)
    return {
        "symbol": sign,
        "doc_type": doc_type,
        "number": number,
        "year": year,
        "issuer_code": issuer_code,
        "issuer": issuer,
    }


# -- the parts in `DecodedSign`'s order; a tuple, since the cache hands the same one to every caller
@lru_cache(maxsize=4096)
def _decode(symbol: str) -> tuple[str, str | None, str | None, int | None, str | None, str | None]:
    sign = canonical_symbol(symbol)
    head = _SIGN_HEAD_RE.match(sign)
    if head is None:
        return (sign, None, None, None, None, None)
    number, rest = strip_zeros(head.group(1)), head.group(2)
    year: int | None = None
    party = rest.startswith("-")
    groups = [group for group in rest.lstrip("-/").split("/") if group]
    if not party and groups and _YEAR_RE.fullmatch(groups[0]):
        year, groups = int(groups[0]), groups[1:]
    type_code, issuer_code = _split_codes(groups, party)
    doc_type = None
    if type_code is not None:
        doc_type = (_PARTY_ONLY_TYPES.get(type_code) if party else None) or DOC_TYPE_CODES.get(type_code)
    elif issuer_code is not None and not party:
        doc_type = "Công văn"
    return (sign, doc_type, number, year, issuer_code, _issuer_name(issuer_code))


def _split_codes(groups: list[str], party: bool) -> tuple[str | None, str | None]:
    """`["NQ", "TW"]` (party) or `["NĐ-CP"]`, `["TTLT", "BTC-BNN"]`, `["QH14"]` → (type, issuer)."""
    if not groups:
        return None, None
    if party:
        return groups[0], "/".join(groups[1:]) or None
    first, *others = groups
    letters, _, after = first.partition("-")
    issuer = "/".join(part for part in (after, *others) if part) or None
    if letters in DOC_TYPE_CODES:
        return letters, issuer
    termed = _CODE_WITH_TERM_RE.fullmatch(letters)
    if termed and termed.group(1) in DOC_TYPE_CODES:  # -- `QH14`: a law of the 14th Quốc hội
        return termed.group(1), letters
    if letters in ISSUER_CODES:  # -- `293/TTg-ĐP`: issuer then the drafting unit
        return None, letters
    return None, issuer if issuer else letters


def _issuer_name(issuer_code: str | None) -> str | None:
    if issuer_code is None:
        return None
    if issuer_code in ISSUER_CODES:
        return ISSUER_CODES[issuer_code]
    termed = _CODE_WITH_TERM_RE.fullmatch(issuer_code)
    if termed and termed.group(1) in ISSUER_CODES:
        return ISSUER_CODES[termed.group(1)]
    return None
