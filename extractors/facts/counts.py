"""Counts: a number with the noun it counts, `85 tổ chức cơ sở đảng`, `trên 5.000 đảng viên`.

Example:
    find_counts("mở từ 7 đến 9 lớp") → [Fact(kind="count", text="từ 7 đến 9 lớp", value=(7, 9), unit="lớp", …)]

A number is a count only when a counted noun follows it. A curated list of unit heads (people,
bodies, places, documents, durations, measures, money) says where the noun starts and how sure
we are; up to two modifiers follow the head (`chi bộ khối phố`) until a function word, a verb
of the usual kind, punctuation or a change of case ends it. Numbers that label something
(`Điều 3`, `kỳ họp thứ 8`, `Quận 1`, `Nghị quyết 22`) are not counts, and neither is any number
inside a span the pipeline has already given to a date, a percent or a document reference.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from vanban.extractors.text.numbers import (
    DIGIT_NUMBER_PATTERN,
    MULTIPLIER_WORDS,
    number_word_spans,
    parse_number,
    parse_number_words,
)
from vanban.models.document import Block
from vanban.models.fact import Fact

_FLAGS = regex.IGNORECASE | regex.VERSION0

# -- the heads of counted nouns, new-style tone marks; the old-style spelling is added below
UNIT_HEADS = (
    # people
    "đảng viên",
    "ĐV",
    "cán bộ",
    "công chức",
    "viên chức",
    "CBCCVC",
    "người",
    "người dân",
    "nhân khẩu",
    "khẩu",
    "hộ",
    "hộ dân",
    "hộ gia đình",
    "gia đình",
    "lao động",
    "người lao động",
    "học viên",
    "học sinh",
    "sinh viên",
    "giáo viên",
    "giảng viên",
    "bác sĩ",
    "y bác sĩ",
    "nhân viên",
    "công nhân",
    "nông dân",
    "đại biểu",
    "cử tri",
    "hội viên",
    "đoàn viên",
    "thanh niên",
    "chiến sĩ",
    "cấp ủy viên",
    "ủy viên",
    "thành viên",
    "đồng chí",
    "quần chúng",
    "trẻ em",
    "cháu",
    "bệnh nhân",
    "người bệnh",
    "ca",
    "đối tượng",
    "thí sinh",
    "tình nguyện viên",
    "phóng viên",
    "tác giả",
    "thương binh",
    "liệt sĩ",
    "doanh nhân",
    "cựu chiến binh",
    "du khách",
    "khách",
    "lượt khách",
    "tuổi",
    "nạn nhân",
    "bị can",
    "bị cáo",
    # posts: `bầu bổ sung một Phó Chủ tịch`, `3 Phó Bí thư`
    "chủ tịch",
    "phó chủ tịch",
    "bí thư",
    "phó bí thư",
    "giám đốc",
    "phó giám đốc",
    "trưởng ban",
    "phó trưởng ban",
    "trưởng phòng",
    "phó trưởng phòng",
    "chánh văn phòng",
    "phó chánh văn phòng",
    "thẩm phán",
    "kiểm sát viên",
    "hội thẩm",
    "điều tra viên",
    "thanh tra viên",
    # bodies and places
    "doanh nghiệp",
    "DN",
    "hợp tác xã",
    "HTX",
    "tổ hợp tác",
    "cơ sở",
    "cơ quan",
    "đơn vị",
    "tổ chức",
    "tổ chức đảng",
    "tổ chức cơ sở đảng",
    "chi bộ",
    "đảng bộ",
    "đảng bộ cơ sở",
    "đảng ủy",
    "cấp ủy",
    "ban",
    "ngành",
    "sở",
    "phòng",
    "tổ",
    "tổ công tác",
    "nhóm",
    "đoàn",
    "đội",
    "câu lạc bộ",
    "hội",
    "chi hội",
    "chi đoàn",
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "quận",
    "thị xã",
    "thành phố",
    "tỉnh",
    "thôn",
    "bản",
    "làng",
    "ấp",
    "buôn",
    "bon",
    "plei",
    "sóc",
    "phum",
    "khóm",
    "khu phố",
    "khối phố",
    "tổ dân phố",
    "xóm",
    "khu dân cư",
    "địa phương",
    "vùng",
    "đơn vị hành chính",
    "trường",
    "trường học",
    "điểm trường",
    "lớp",
    "lớp học",
    "trạm",
    "trạm y tế",
    "bệnh viện",
    "trung tâm",
    "trung tâm y tế",
    "chợ",
    "nhà máy",
    "làng nghề",
    "cụm",
    "khu",
    "điểm",
    # activities, documents, targets
    "hội nghị",
    "cuộc",
    "cuộc họp",
    "cuộc thi",
    "buổi",
    "đợt",
    "lượt",
    "lần",
    "vụ",
    "vụ việc",
    "việc",
    "trường hợp",
    "hồ sơ",
    "đơn",
    "đơn thư",
    "văn bản",
    "nghị quyết",
    "quyết định",
    "chỉ thị",
    "kế hoạch",
    "đề án",
    "dự án",
    "công trình",
    "chương trình",
    "mô hình",
    "tiêu chí",
    "chỉ tiêu",
    "nhiệm vụ",
    "giải pháp",
    "nội dung",
    "ý kiến",
    "kiến nghị",
    "câu hỏi",
    "bài",
    "bài viết",
    "tin",
    "tin bài",
    "tác phẩm",
    "giải",
    "giải thưởng",
    "huy chương",
    "bằng khen",
    "giấy khen",
    "cờ thi đua",
    "danh hiệu",
    "tập thể",
    "cá nhân",
    "chức danh",
    "vị trí",
    "biên chế",
    "suất",
    "phiếu",
    "sản phẩm",
    "gói thầu",
    "mã số",
    "giấy chứng nhận",
    "giấy phép",
    "thẻ",
    "sổ",
    "thủ tục",
    "sáng kiến",
    "đề tài",
    "lĩnh vực",
    "vụ án",
    "vi phạm",
    "tiết",
    "chuyên đề",
    "phiên",
    "kỳ họp",
    "nhiệm kỳ",
    "thủ tục hành chính",
    "cuộc kiểm tra",
    "cuộc giám sát",
    "tài liệu",
    "cuốn",
    "quyển",
    "bộ",
    "mục tiêu",
    "khâu",
    "bước",
    "nhóm giải pháp",
    "tiêu chuẩn",
    "căn cứ",
    "tờ trình",
    "dự thảo",
    "báo cáo",
    "bản án",
    # time
    "năm",
    "tháng",
    "ngày",
    "tuần",
    "giờ",
    "phút",
    "giây",
    "quý",
    "thập kỷ",
    "ngày công",
    "thế kỷ",
    # measures and things
    "tấn",
    "tạ",
    "yến",
    "kg",
    "gam",
    "lít",
    "m",
    "m2",
    "m²",
    "m3",
    "m³",
    "km",
    "km2",
    "km²",
    "ha",
    "héc-ta",
    "hecta",
    "sào",
    "mẫu",
    "mét",
    "cây",
    "con",
    "gia súc",
    "gia cầm",
    "chiếc",
    "cái",
    "căn",
    "căn hộ",
    "ngôi nhà",
    "nhà",
    "căn nhà",
    "phòng học",
    "giường",
    "giường bệnh",
    "xe",
    "tuyến",
    "cầu",
    "cống",
    "MW",
    "kW",
    "kWh",
    "liều",
    "mũi",
    "máy",
    "bản",
    "trang",
    "ô tô",
    "thuyền",
    "tàu",
    # money and multipliers (a multiplier stays in the unit: `10.950 tỷ đồng`, `186 ngàn người nghèo`)
    "đồng",
    "đ",
    "VNĐ",
    "VND",
    "USD",
    "đô la",
    "triệu",
    "tỷ",
    "tỉ",
    "nghìn",
    "ngàn",
    "trăm",
)
# -- durations take no modifier and no list: `30 năm | đổi mới`, `5 ngày|, đoàn làm việc`
_BARE_HEADS = frozenset({"năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "quý", "tuổi"})

# -- function words and common verbs that end a unit: `13 chỉ tiêu cơ bản | trên các lĩnh vực`
STOP_WORDS = frozenset(
    """
    được đạt của cho và với là tại trong so đã có để từ đến thì do trên dưới các những nhiều này đó ấy ở
    về vào ra theo bằng qua như nhưng hoặc hay thuộc trực đang sẽ cần phải không chưa vẫn cũng đều gồm
    bao trở tăng giảm đầu cuối giữa tới trước sau nay liên mỗi nhằm nên vì khi nếu mà rồi còn lại chỉ
    bị gần hơn khoảng ước đi làm tham thực triển hoàn kết đề xem tiến tiếp chiếm số phần
    một hai ba bốn năm sáu bảy tám chín mười
    """.split()
)
_QUALIFIERS = ("trên", "hơn", "gần", "khoảng", "dưới", "ước")

_OLD_STYLE_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _old_style(word: str) -> str:
    """`ủy viên` → `uỷ viên`: the other spelling of a lexicon entry."""
    for first, second in _OLD_STYLE_PAIRS:
        for tone in _TONES:
            new = unicodedata.normalize("NFC", first + tone + second)
            old = unicodedata.normalize("NFC", first + second + tone)
            word = regex.sub(rf"(?<![qQ]){new}(?!\w)", old, word)
    return word


def _alternation(entries: Sequence[str]) -> str:
    r"""The entries and their old-style spellings, longest first, as one alternation grouped by first letter.

    `regex` tries an alternation's branches one by one; grouped under their first letter
    (`c(?:hi\s+bộ|án\s+bộ|…)|đ(?:ảng\s+viên|…)`), a place is tried against one letter's entries only.
    The order within a letter is kept, and entries of two letters never match at one place
    (`regex` folds no two lowercase letters of these entries together), so the matches are the same.
    """
    variants = {v for e in entries for v in (e, _old_style(e))}
    by_letter: dict[str, list[str]] = {}
    for variant in sorted(variants, key=len, reverse=True):
        by_letter.setdefault(variant[0].lower(), []).append(variant)
    return "|".join(
        regex.escape(letter) + "(?:" + "|".join(_spaced(variant[1:]) for variant in group) + ")"
        for letter, group in by_letter.items()
    )


def _spaced(entry: str) -> str:
    """An entry as a pattern: its spaces any run of whitespace."""
    return regex.escape(entry).replace(r"\ ", r"\s+")


# -- where a unit starts: a multiplier may come first (`tỷ đồng`), glued or after spaces
UNIT_HEAD_RE = regex.compile(rf"[ \t]*\n?[ \t]*(?P<head>{_alternation(UNIT_HEADS)})(?!\w)", _FLAGS)
_NEXT_WORD_RE = regex.compile(r"[ \t]+(\w+)(?!\w)")
# -- `ý kiến, kiến nghị`, `xã, phường`; not `học viên, đợt 2` (a head then a number is a label)
_COMMA_HEAD_RE = regex.compile(rf",[ \t]*(?P<head>{_alternation(UNIT_HEADS)})(?!\w)(?![ \t]*\d)", _FLAGS)
_MORE_OR_LESS_RE = regex.compile(r"[ \t]+(?P<q>trở\s+lên|trở\s+xuống)(?!\w)", _FLAGS)

_NUM = rf"(?:{DIGIT_NUMBER_PATTERN})(?![.,]\d|\d)"
# -- `5.000`, `7 đến 9`, `12-19`, `12/30`, `12.345/10.000`
COUNT_RE = regex.compile(
    rf"(?<![\w.,/:+\-–])(?P<n1>{_NUM})(?:\s*/\s*(?P<more>{_NUM}))*(?:\s*(?:[-–]|đến|tới)\s*(?P<n2>{_NUM}))?",
    _FLAGS,
)
# -- `COUNT_RE` where a unit may open after the match: a letter, blanks, one line break (`_may_open_unit` says
#    the same but for letters of later Unicode versions than Python's). Elsewhere `(*SKIP)(*FAIL)` drops the
#    match and the scan goes on from its end, as `finditer` does after a match: the numbers that end in `.`,
#    `%`, a table cell or an empty line (most of them) never reach Python
_COUNT_BEFORE_UNIT_RE = regex.compile(rf"{COUNT_RE.pattern}(?:(?=[\p{{L}} \t]|\n(?!\n))|(*SKIP)(*FAIL))", _FLAGS)
# -- what stands before a count's first number: `trên 5.000`, `từ 7 đến 9`, `trên từ 7`; matched (a capturing
#    lookbehind) at the number's start for the few numbers that make a count, not in `COUNT_RE` for them all
_LEAD_RE = regex.compile(rf"(?<=(?:(?<!\w)(?P<qual>{'|'.join(_QUALIFIERS)})\s+)?(?:(?<!\w)(?P<from>từ)\s+)?)", _FLAGS)

# -- the number names something rather than counting it: `Điều 3`, `lần thứ 8`, `lúc 8`, `Quốc lộ 1`
LABEL_WORDS = frozenset(
    """
    điều khoản điểm mục chương thứ kỳ khóa khoá đợt lần trang bảng biểu hình lúc giờ ngày tháng năm quý
    phường quận km đt fax hotline top hàng vài mấy vùng
    """.split()
) | frozenset(
    {
        "tiểu mục",
        "phụ lục",
        "quốc lộ",
        "tỉnh lộ",
        "mã số",
        "ký hiệu",
        "tài khoản",
        "điện thoại",
        "số nhà",
        "phiên bản",
    }
)
# -- words that end like a label but are not one: `định kỳ 6 tháng` is every six months
NOT_LABEL_WORDS = (
    frozenset({"định kỳ", "chu kỳ"})
    | frozenset(
        f"{each} {period}"
        for each in ("mỗi", "hằng", "hàng", "từng")
        for period in ("ngày", "tháng", "năm", "quý", "kỳ", "đợt", "lần")
    )
    # -- compounds whose last syllable is a label word: `xử lý dứt điểm 12 trường hợp`, `thí điểm 3 mô hình`
    | frozenset(
        f"{first} điểm"
        for first in (
            "dứt",
            "đặc",
            "quan",
            "địa",
            "thời",
            "trọng",
            "ưu",
            "nhược",
            "khuyết",
            "thí",
            "xuất",
            "tụ",
            "điểm",
        )
    )
    # -- `cấp` as the verb "grant": `được cấp 35 mã số`, `đã cấp 1.250 giấy chứng nhận`
    | frozenset(f"{before} cấp" for before in ("được", "đã", "sẽ", "chưa", "mới", "để", "nghị", "cho"))
    | frozenset({"cấp mới", "cấp đổi", "cấp lại", "cấp phát"})
)
# -- labels only when no known unit follows: a document type or `số` (`Nghị quyết 22`, but
#    `Kế hoạch 5 năm`), and words that are ordinary nouns elsewhere (`lớp 9`, `thôn 3`, `cấp 2`)
SOFT_LABEL_WORDS = frozenset(
    """
    khu thôn ấp xóm bản tổ tầng lô đường phòng hẻm ngõ ngách kiệt lớp hạng bậc cấp độ mức loại nhóm mã tập
    mẫu câu tiết phần
    """.split()
) | frozenset(
    {
        "tổ dân phố",
        "khu phố",
        "giai đoạn",
        "đại hội",
        "trung ương",
        "nghị quyết",
        "nghị định",
        "quyết định",
        "chỉ thị",
        "kết luận",
        "quy định",
        "quy chế",
        "hướng dẫn",
        "kế hoạch",
        "báo cáo",
        "thông báo",
        "thông tư",
        "công văn",
        "tờ trình",
        "đề án",
        "chương trình",
        "luật",
        "pháp lệnh",
        "văn bản",
        "điều lệ",
        "số",
    }
)
_BEFORE_WINDOW = 32
_WORD_EDGES = "([{\"'“”:"
# -- the last word of each label phrase: `_ends_with_phrase(words, LABEL_WORDS)` needs the last word to be one
_LABEL_LAST_WORDS = frozenset(phrase.rpartition(" ")[2] for phrase in LABEL_WORDS)
_SENTENCE_END = (".", "!", "?", ":", ";", "-", "–", "(", '"')
# -- punctuation between a word and the number cuts the word off: `10 chi bộ thôn, 3 chi bộ …`
_BREAKS = frozenset(',;.)!?-–"”')
# -- a list in parentheses after a count, each item a label and a number: `(khiển trách 12, cảnh cáo 7)`
_PAREN_RE = regex.compile(r"[ \t]*\((?P<body>[^()\n]{1,300})\)")
_LABEL_ITEM_RE = regex.compile(
    rf"[ \t]*(?:trong\s+đó\s*:?\s*)?"
    rf"(?P<item>(?P<label>[^\W\d_][^\W\d_ ]*(?:[ \t]+[^\W\d_]+){{0,3}})\s*:?\s*(?P<n>{_NUM}))[ \t]*$",
    _FLAGS,
)
# -- a bare year with no known unit after it (`chuẩn nghèo 2022-2025 áp dụng`) is not a count
_YEAR_LIKE_RE = regex.compile(r"(?:19|20)\d\d")
# -- `lúc 8 giờ`, `8 giờ 30`, `đến 11 giờ`: a time of day, not a duration
_CLOCK_BEFORE_RE = regex.compile(r"(?<!\w)(?:lúc|vào|từ|đến|tới)\s+$", _FLAGS)
_CLOCK_AFTER_RE = regex.compile(r"\s*(?:\d|sáng|chiều|tối|trưa|đêm)", _FLAGS)
_WHITESPACE_RE = regex.compile(r"\s+")
_WORD_RE = regex.compile(r"\S+")

# -- a table column header that names what its cells count: `Số đảng viên được đánh giá`, `Tổng số hộ`
_HEADER_UNIT_RE = regex.compile(r"\s*(?:tổng\s+)?(?:số\s+lượng|số)\s+", _FLAGS)
_ROW_NUMBER_HEADERS = frozenset({"stt", "tt", "số tt", "số thứ tự", "thứ tự"})
_CELL_NUMBER_RE = regex.compile(rf"\s*(?P<n>{_NUM})\s*")
_SHARE_HEADER_RE = regex.compile(r"(?<!\w)(?:tỷ|tỉ)\s+lệ(?!\w)")
# -- verbs whose object is always one noun in these documents: a column `Đã kết nạp` counts party members
_VERB_UNITS = (
    (regex.compile(r"(?<!\w)kết\s+nạp(?!\w)", _FLAGS), "đảng viên"),
    (regex.compile(r"(?<!\w)(?:khai\s+trừ|xóa\s+tên|xoá\s+tên)(?!\w)", _FLAGS), "đảng viên"),
)

_MAX_MODIFIERS = 2
# -- what `_NEXT_WORD_RE` and `_MORE_OR_LESS_RE` open with: a character tested before calling them (a
#    `regex` call costs more than the test, and most places fail at once)
_BLANKS = frozenset(" \t")
# -- how far past a number a unit may reach; also keeps `regex` from scanning to the end of the text
_UNIT_WINDOW = 160
_KNOWN, _GUESSED = 0.9, 0.5


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    known: bool


def find_counts(text: str, *, taken: Sequence[tuple[int, int]] = ()) -> list[Fact]:
    """Find the counts (number + counted noun) in a normalised text.

    Example:
        find_counts("Đảng bộ có 15 chi bộ và trên 5.000 đảng viên")
        → values [15, 5000], units ["chi bộ", "đảng viên"], qualifiers [None, "trên"]

    Args:
        text: the document's normalised text (NFC).
        taken: spans already claimed by dates, percents and document references; a number in
            one of them is never a count, and a unit stops where one begins.

    Returns:
        Count facts in text order. `value` is a number, or (low, high) for a range.
    """
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    facts = list(_iter_digit_counts(text, starts, ends))
    facts.extend(_iter_word_counts(text, starts, ends))
    facts.sort(key=lambda f: f.start)
    return facts


def read_unit(
    text: str, pos: int, *, known_only: bool = False, limit: int | None = None
) -> tuple[int, int, bool] | None:
    """The counted noun that starts at `pos` (after a number): (start, end, is_known_head) or None.

    Example:
        read_unit("85 tổ chức cơ sở đảng trực thuộc", 2) → (3, 21, True)

    Args:
        text: the text.
        pos: where the number ends.
        known_only: do not guess a unit that is not in `UNIT_HEADS`.
        limit: the unit may not reach past this offset (the next taken span).
    """
    end = pos + _UNIT_WINDOW if limit is None else min(limit, pos + _UNIT_WINDOW)
    unit = _read_unit(text, pos, known_only, min(end, len(text)))
    return None if unit is None else (unit.start, unit.end, unit.known)


def _read_unit(text: str, pos: int, known_only: bool, limit: int) -> _Unit | None:
    if not _may_open_unit(text, pos):
        return None
    head = UNIT_HEAD_RE.match(text, pos, limit)
    if head is not None:
        start, end = head.span("head")
        written = text[start:end]
        lowered = written.lower()
        if lowered in MULTIPLIER_WORDS:
            # -- `tỷ đồng`, `ngàn người nghèo`: the multiplier opens the unit, the noun completes it
            rest = _read_unit(text, end, True, limit) or (None if known_only else _guess_unit(text, end, limit))
            if rest is not None and text[end : rest.start].strip() == "":
                end = rest.end
            return _Unit(start, end, True)
        if lowered in _BARE_HEADS:
            return _Unit(start, end, True)
        end = _extend_modifiers(text, end, limit, written.isupper())
        return _Unit(start, _extend_comma_list(text, end, limit), True)
    if known_only:
        return None
    return _guess_unit(text, pos, limit)


def _may_open_unit(text: str, pos: int) -> bool:
    """Whether a unit can start at `pos`, told by a character or two: `UNIT_HEAD_RE` opens with a letter
    (every case of a head's first letter is `isalpha`), or with blanks and one line break at most before
    one; a guessed unit opens with a blank."""
    first = text[pos : pos + 1]
    if first.isalpha() or first in _BLANKS:
        return True
    return first == "\n" and text[pos + 1 : pos + 2] != "\n"


def _guess_unit(text: str, pos: int, limit: int) -> _Unit | None:
    """One or two lowercase words no lexicon knows: `5 xe ô tô` → `xe ô`."""
    word = _NEXT_WORD_RE.match(text, pos, limit) if text[pos : pos + 1] in _BLANKS else None
    if word is None or not _plain_word(word[1], upper=False):
        return None
    end = word.end()
    second = _NEXT_WORD_RE.match(text, end, limit)
    if second is not None and _plain_word(second[1], upper=False):
        end = second.end()
    return _Unit(word.start(1), _extend_comma_list(text, end, limit), False)


def _plain_word(word: str, *, upper: bool) -> bool:
    if word[0].isdigit() or word.lower() in STOP_WORDS:
        return False
    return word.isupper() if upper else word.islower()


def _extend_modifiers(text: str, end: int, limit: int, upper: bool) -> int:
    for _ in range(_MAX_MODIFIERS):
        word = _NEXT_WORD_RE.match(text, end, limit) if text[end : end + 1] in _BLANKS else None
        if word is None or not _plain_word(word[1], upper=upper):
            break
        end = word.end()
    return end


def _extend_comma_list(text: str, end: int, limit: int) -> int:
    """`ý kiến, kiến nghị`: a comma followed by another known head continues the unit."""
    while text.startswith(",", end) and (more := _COMMA_HEAD_RE.match(text, end, limit)) is not None:
        end = _extend_modifiers(text, more.end(), limit, more["head"].isupper())
    return end


def _overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    index = bisect_right(starts, start)
    if index and ends[index - 1] > start:
        return True
    return index < len(starts) and starts[index] < end


def _next_taken(starts: list[int], pos: int, size: int) -> int:
    index = bisect_left(starts, pos)
    return starts[index] if index < len(starts) else size


def _words_before(text: str, start: int) -> list[str]:
    """Up to three words right before `start`, case-folded; none when punctuation stands between."""
    words = text[max(0, start - _BEFORE_WINDOW) : start].split()[-3:]
    if not words or words[-1][-1:] in _BREAKS:
        return []
    return [w.strip(_WORD_EDGES).lower() for w in words]


def _ends_with_phrase(words: list[str], phrases: frozenset[str]) -> bool:
    """The last one, two or three words are one of `phrases` (runs for every number: no generator)."""
    count = len(words)
    return bool(
        (count and words[-1] in phrases)
        or (count > 1 and f"{words[-2]} {words[-1]}" in phrases)
        or (count > 2 and " ".join(words[-3:]) in phrases)
    )


def _labels_number(text: str, start: int) -> bool:
    """A word before `start` that makes the number a label or an ordinal (`Điều 3`, `thứ 8`)."""
    raw = text[max(0, start - _BEFORE_WINDOW) : start].split()
    # -- as `_words_before`, but the last word is looked at first: most numbers follow a word that ends no label
    if not raw or raw[-1][-1:] in _BREAKS or raw[-1].strip(_WORD_EDGES).lower() not in _LABEL_LAST_WORDS:
        return False
    words = [w.strip(_WORD_EDGES).lower() for w in raw[-3:]]
    return _ends_with_phrase(words, LABEL_WORDS) and not _ends_with_phrase(words, NOT_LABEL_WORDS)


def _soft_labels_number(text: str, start: int) -> bool:
    """`Nghị quyết 22`, `thôn 3`, `Trung ương 4`: a soft label word or a capitalised name right before."""
    words = _words_before(text, start)
    if _ends_with_phrase(words, SOFT_LABEL_WORDS) and not _ends_with_phrase(words, NOT_LABEL_WORDS):
        return True
    line = text[max(0, start - _BEFORE_WINDOW) : start]
    tokens = line[line.rfind("\n") + 1 :].split()
    # -- a capitalised word opening its sentence (`Có 15 chi bộ`) says nothing
    return (
        len(tokens) >= 2
        and tokens[-1][:1].isupper()
        and tokens[-1][1:].islower()
        and len(tokens[-1]) > 1
        and not tokens[-2].endswith(_SENTENCE_END)
    )


def _iter_digit_counts(text: str, starts: list[int], ends: list[int]) -> Iterator[Fact]:
    size, taken = len(text), len(starts)
    for m in _COUNT_BEFORE_UNIT_RE.finditer(text):
        start, end = m.span()  # -- the match opens with its first number and ends with its last
        # -- many numbers sit in dates and percents: leave early (`_overlaps`, inline)
        index = bisect_right(starts, start)
        if (index and ends[index - 1] > start) or (index < taken and starts[index] < end):
            continue
        first_end = m.end("n1")
        if _is_leading_zero_id(text[start:first_end]) or _labels_number(text, start):
            continue
        index = bisect_left(starts, end, index)  # -- `_next_taken`: no taken span before `start` is past it
        limit = min(starts[index] if index < taken else size, end + _UNIT_WINDOW)
        unit = _read_unit(text, end, False, limit)
        # -- a guessed unit needs a space before it, so `30a`, `1A` (names) never get one
        if unit is None:
            continue
        if not unit.known and (_soft_labels_number(text, start) or _YEAR_LIKE_RE.fullmatch(text, start, first_end)):
            continue
        if _is_clock_time(text, start, unit):
            continue
        numbers = [(start, end)] if first_end == end else _numbers_of(m)
        for fact in _facts_for_match(text, m, numbers, unit, limit):
            if fact.extractor != "counts.inherited" or not _overlaps(starts, ends, fact.start, fact.end):
                yield fact


def _numbers_of(m: regex.Match[str]) -> list[tuple[int, int]]:
    """The spans of the numbers of a `COUNT_RE` match: `12/30`, `7 đến 9`."""
    numbers = [m.span("n1")]
    if m.start("more") >= 0:
        numbers.extend(zip(m.starts("more"), m.ends("more")))
    if m["n2"]:
        numbers.append(m.span("n2"))
    return numbers


def _is_leading_zero_id(number: str) -> bool:
    r"""`0912…`, `0035`: four digits or more opening with 0 (`0\d{3,}`) name something, not count it. The
    number is digits with `.` and `,` (`_NUM`), so string tests say the same without a regex call."""
    return number[0] == "0" and len(number) > 3 and "." not in number and "," not in number


def _is_clock_time(text: str, start: int, unit: _Unit) -> bool:
    if text[unit.start : unit.end].lower() != "giờ":
        return False
    return (
        _CLOCK_AFTER_RE.match(text, unit.end, unit.end + 8) is not None
        or _CLOCK_BEFORE_RE.search(text, max(0, start - 8), start) is not None
    )


def _facts_for_match(
    text: str, m: regex.Match[str], numbers: list[tuple[int, int]], unit: _Unit, limit: int
) -> list[Fact]:
    """One fact per number (`12/30 trường học` gives two), or one for a range; then inherited items."""
    parsed = [parse_number(text[s:e]) for s, e in numbers]
    values = [value for value in parsed if value is not None]
    if len(values) < len(parsed):
        return []
    unit_text = _one_line(text[unit.start : unit.end])
    confidence = _KNOWN if unit.known else _GUESSED
    lead = _LEAD_RE.match(text, numbers[0][0])
    written_qualifier = lead["qual"]
    qualifier = written_qualifier.lower() if written_qualifier else None
    end = unit.end
    if qualifier is None and text[end : end + 1] in _BLANKS:
        more_or_less = _MORE_OR_LESS_RE.match(text, end, limit)
        if more_or_less is not None:
            qualifier, end = _WHITESPACE_RE.sub(" ", more_or_less["q"].lower()), more_or_less.end()
    first_start = lead.start("qual") if written_qualifier else numbers[0][0]
    if len(numbers) == 1:
        fact = _fact(text, first_start, end, values[0], unit_text, qualifier, "counts.number", confidence)
        return [fact, *_inherited(text, fact)]
    if m["n2"]:
        low, high = values[-2], values[-1]
        if len(numbers) > 2 or low >= high:
            return []
        start = lead.start("from") if lead["from"] else first_start
        fact = _fact(text, start, end, (low, high), unit_text, qualifier, "counts.range", confidence)
        return [fact, *_inherited(text, fact)]
    last = len(numbers) - 1
    return [
        _fact(
            text,
            first_start if index == 0 else s,
            end if index == last else e,
            value,
            unit_text,
            qualifier if index == 0 else None,
            "counts.slash_list",
            confidence * 0.9,
        )
        for index, ((s, e), value) in enumerate(zip(numbers, values))
    ]


def _inherited(text: str, count: Fact) -> list[Fact]:
    """`41 đảng viên (khiển trách 12, cảnh cáo 7)`: the items count the same noun."""
    # -- the list may hold taken spans (`(năm 2020)`); the caller drops items inside them
    ahead = text[count.end : count.end + 8].lstrip(" \t")
    if ahead[:1] != "(" and (ahead or count.end + 8 >= len(text)):
        return []  # -- `_PAREN_RE` opens with `[ \t]*\(`: something else stands first, or nothing does
    paren = _PAREN_RE.match(text, count.end, count.end + 320)
    if paren is None:
        return []
    items = []
    offset = paren.start("body")
    for part in regex.split(r"[,;]", paren["body"]):
        item = _LABEL_ITEM_RE.match(part)
        if item is not None:
            value = parse_number(item["n"])
            if value is not None:
                start, end = offset + item.start("item"), offset + item.end("item")
                items.append(_fact(text, start, end, value, count.unit, None, "counts.inherited", 0.7))
        offset += len(part) + 1
    return items


def _iter_word_counts(text: str, starts: list[int], ends: list[int]) -> Iterator[Fact]:
    size = len(text)
    for start, end in number_word_spans(text):
        written = text[start:end]
        if written.lower() == "năm":
            continue  # -- a lone `năm` is mostly "year" (`năm 2020`, `hằng năm`), and it is the commonest match
        words = written.split()
        # -- a trailing multiplier belongs to the unit (`hai triệu đồng` → 2, `triệu đồng`)
        while len(words) > 1 and words[-1].lower() in MULTIPLIER_WORDS:
            words.pop()
            end = _word_end(text, start, len(words))
        if _overlaps(starts, ends, start, end) or _labels_number(text, start):
            continue
        unit = _read_unit(text, end, True, min(_next_taken(starts, end, size), end + _UNIT_WINDOW))
        if unit is None and len(words) > 1 and words[-1].lower() == "năm":
            # -- `mười năm`: `năm` is the unit (years), not the digit five
            words.pop()
            end = _word_end(text, start, len(words))
            unit = _read_unit(text, end, True, min(_next_taken(starts, end, size), end + _UNIT_WINDOW))
        if unit is None or words == ["Một"]:
            continue  # -- `Một` opening a sentence is the article "a"
        value = parse_number_words(" ".join(words))
        if value is None:
            continue
        qualifier = _qualifier_before(text, start)
        fact_start = start - len(qualifier) - 1 if qualifier else start
        unit_text = _one_line(text[unit.start : unit.end])
        # -- a lone `một` is often the article "a" (`một cán bộ`), though usually still one of something
        confidence = 0.6 if words == ["một"] else 0.8
        yield _fact(text, fact_start, unit.end, value, unit_text, qualifier, "counts.words", confidence)


def _one_line(written: str) -> str:
    """`_WHITESPACE_RE.sub(" ", written)`, without the call for the usual text with no whitespace but
    single spaces (a printable character is never `\\s` but the space: tests/extractors/test_counts.py)."""
    if "  " not in written and written.isprintable():
        return written
    return _WHITESPACE_RE.sub(" ", written)


def _word_end(text: str, start: int, count: int) -> int:
    """Where the first `count` words from `start` end."""
    end = start
    for word in _WORD_RE.finditer(text, start):
        end, count = word.end(), count - 1
        if count == 0:
            break
    return end


def _qualifier_before(text: str, start: int) -> str | None:
    for qualifier in _QUALIFIERS:
        if text[max(0, start - len(qualifier) - 1) : start].lower() == qualifier + " ":
            return qualifier
    return None


def _fact(
    text: str,
    start: int,
    end: int,
    value: int | float | tuple[int | float, int | float],
    unit: str | None,
    qualifier: str | None,
    extractor: str,
    confidence: float,
) -> Fact:
    return Fact(
        kind="count",
        text=text[start:end],
        start=start,
        end=end,
        value=value,
        unit=unit,
        qualifier=qualifier,
        extractor=extractor,
        confidence=round(confidence, 3),
    )


def find_table_counts(blocks: Sequence[Block], *, taken: Sequence[tuple[int, int]] = ()) -> list[Fact]:
    """Counts in table cells that hold a bare number, with the unit their column header names.

    Example:
        header row `STT | Đơn vị | Số đảng viên | Hoàn thành tốt nhiệm vụ`, data row `1 | … | 301 | 272`
        → 301 and 272, both unit `đảng viên` (a number column with no noun takes the one to its left)

    The first row of a table is its header; the row-number column (`STT`) and share columns
    (`Tỷ lệ`, `%`) are never counts. Offsets are the blocks' own, so they index the document text
    the blocks were joined into.

    Args:
        blocks: the document's blocks; only `table_cell` blocks with table, row and cell set are read.
        taken: spans already claimed (dates, percents, references); a cell inside one is skipped.

    Returns:
        Count facts in text order.
    """
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    tables: dict[int, dict[int, dict[int, Block]]] = {}
    for block in blocks:
        if block.kind == "table_cell" and block.table is not None and block.row is not None and block.cell is not None:
            tables.setdefault(block.table, {}).setdefault(block.row, {})[block.cell] = block
    facts: list[Fact] = []
    for rows in tables.values():
        header_row = min(rows)
        body = [row for index, row in sorted(rows.items()) if index != header_row]
        numbers = {
            (index, column): cell
            for index, row in enumerate(body)
            for column, block in row.items()
            if (cell := _CELL_NUMBER_RE.fullmatch(block.text)) is not None
        }
        units = _column_units(rows[header_row], {column for _, column in numbers})
        for (index, column), cell in numbers.items():
            block = body[index][column]
            start, end = block.start + cell.start("n"), block.start + cell.end("n")
            value = parse_number(cell["n"])
            if column in units and value is not None and not _overlaps(starts, ends, start, end):
                facts.append(
                    Fact(
                        kind="count",
                        text=cell["n"],
                        start=start,
                        end=end,
                        value=value,
                        unit=units[column],
                        extractor="counts.table",
                        confidence=0.7,
                    )
                )
    facts.sort(key=lambda f: f.start)
    return facts


def _column_units(header: dict[int, Block], number_columns: set[int]) -> dict[int, str]:
    """Column → unit: its header's noun, or for a number column without one, its left neighbour's."""
    units: dict[int, str] = {}
    never = set()
    for column in sorted(header):
        text = header[column].text
        folded = _WHITESPACE_RE.sub(" ", text).strip().lower()
        if folded in _ROW_NUMBER_HEADERS or "%" in folded or _SHARE_HEADER_RE.search(folded):
            never.add(column)
            continue
        # -- `Số đảng viên …` names its noun, and so does a header that is nothing but one (`Đảng viên`);
        #    `Chỉ tiêu giao`, `Đã kết nạp` do not
        lead = _HEADER_UNIT_RE.match(text)
        own = read_unit(text, lead.end(), known_only=True) if lead else None
        if own is not None:
            units[column] = _WHITESPACE_RE.sub(" ", text[own[0] : own[1]])
        elif (bare := UNIT_HEAD_RE.fullmatch(text.strip())) is not None:
            units[column] = _WHITESPACE_RE.sub(" ", bare["head"])
        elif (implied := _verb_unit(folded)) is not None:
            units[column] = implied
    return _share_neighbour_units(units, number_columns - never)


def _verb_unit(header: str) -> str | None:
    return next((unit for verb, unit in _VERB_UNITS if verb.search(header)), None)


def _share_neighbour_units(units: dict[int, str], number_columns: set[int]) -> dict[int, str]:
    """A number column without a noun of its own (`Chỉ tiêu giao`) counts what the number column beside it
    counts: the left one first, else the right one; only across adjacent number columns."""
    shared = dict(units)
    for column in sorted(number_columns):
        if column in shared:
            continue
        for neighbour in (column - 1, column + 1):
            if neighbour in number_columns and neighbour in units:
                shared[column] = units[neighbour]
                break
    # -- a run of unnamed columns takes the unit along the run, left to right
    for column in sorted(number_columns):
        if column not in shared and column - 1 in shared and column - 1 in number_columns:
            shared[column] = shared[column - 1]
    return {column: unit for column, unit in shared.items() if column in number_columns}
