"""Organisations: `Đảng bộ huyện Cao Lộc`, `Ban Tổ chức Huyện uỷ`, `UBND tỉnh`, `Bộ Tài chính`, `Chính phủ`.

Names follow a grammar: a head (Đảng bộ, Huyện ủy, Ủy ban nhân dân, Sở, Bộ, …) and what makes it one
definite body: an administrative level and place (`huyện Cao Lộc`, `tỉnh`), a sector (`Tài chính`), a
body it belongs to (`Ban Tổ chức` + `Huyện ủy`), a term (`khóa X`). A head alone (`Sở`, `Đảng bộ`)
and plural or generic mentions (`các cấp ủy`, `UBND các huyện`, `UBND huyện, thị xã`) are not orgs.

One compiled regex finds the heads; a small descent parser reads what follows each head with anchored
matches (no per-token loop over the text) and builds the canonical spelling (`normalized`). The heads,
the place names and the sectors are data (extractors/data/), so an `OrgFinder` can be built from other
tables; `find_orgs` uses the shipped ones.

Example:
    find_orgs("Phó Trưởng Ban Tổ chức Huyện uỷ cho biết")
    → [Fact(kind="org", text="Ban Tổ chức Huyện uỷ", normalized="Ban Tổ chức Huyện ủy", extractor="orgs.wrapper", …)]
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from vanban.extractors.text.normalize import canonical, ignorecase_class, new_style_tones
from vanban.models.fact import Fact

EXTRACTOR_PREFIX = "orgs"
DATA_DIR = Path(__file__).parent / "data"
ORG_HEADS_PATH = DATA_DIR / "org_heads.json"
PLACE_NAMES_PATH = DATA_DIR / "place_names.txt"
SECTORS_PATH = DATA_DIR / "sectors.json"

# -- head groups, by what must follow the head; the first group whose head matches wins, so
#    `Bộ Chính trị` (national) is read before `Bộ` (department). data/org_heads.json fills them.
HEAD_GROUPS = (
    "national",  # -- complete by themselves: `Chính phủ`, `Bộ Chính trị`
    "brand",  # -- names of their own, in the case written: `Vietnam Airlines`, `Agribank`; a branch may follow
    "wrapper",  # -- a body of another body: `Ban Tổ chức` + `Huyện ủy`, `Ban Chấp hành` + `Trung ương`
    "committee",  # -- Party and Youth Union committees named after their level; a place may follow
    "committee_abbreviation",  # -- `HU`, `TU`: in capitals, before a place or after a board only
    "party",  # -- `Đảng bộ`, `Đảng ủy`, `Chi bộ`: a level, a unit name or a body must follow
    "local",  # -- State and Front bodies of a level: `UBND tỉnh`, `Công an huyện`
    "mass",  # -- the Front and the mass organisations: proper names; a level may follow
    "department",  # -- a sector must follow: `Bộ Tài chính`, `Sở Nội vụ` (data/sectors.json)
    "press",  # -- `Báo Lạng Sơn`
    "institution",  # -- a proper name must follow: `Bệnh viện Ung bướu Nghệ An`, `Công ty TNHH Nông sản Bắc Hà`
    "working",  # -- a task and whose it is: `Tổ công tác chuyên trách … của Thủ tướng Chính phủ`
    "named",  # -- a capitalised name and then an anchor: `Hội đồng Thi đua - Khen thưởng Trung ương`
)
# -- how sure each rule is that what it read is one definite body; readers lower it for weaker
#    evidence (a sector not in the list, a name closed only by an anchor, a level with no place)
RULE_CONFIDENCE: dict[str, float] = {
    "national": 0.98,
    "brand": 0.9,
    "wrapper": 0.95,
    "committee": 0.95,
    "committee_abbreviation": 0.85,
    "party": 0.95,
    "local": 0.95,
    "mass": 0.9,
    "department": 0.95,
    "press": 0.85,
    "institution": 0.9,
    "working": 0.85,
    "named": 0.85,
    "header_body": 0.9,
}
# -- what lowers it
_SHORT_REFERENCE = 0.9  # -- a level with no place (`UBND tỉnh`), a committee with no place (`Huyện ủy`)
_KNOWN_PLACE_ONLY = 0.9  # -- `Đảng bộ Cao Lộc`: no level word, the gazetteer vouches for the place
_NAME_AND_ANCHOR = 0.85  # -- `Đảng bộ Khối Doanh nghiệp tỉnh`: a free name closed by an anchor
_UNLISTED_SECTOR = 0.8  # -- `Sở Du lịch`: two words in the right case, not in data/sectors.json
_SCHOOL_BY_LEVEL = 0.85  # -- `Trường THCS Môn Sơn`: the school level stands where a place level would


def load_org_heads(path: Path = ORG_HEADS_PATH) -> dict[str, dict[str, str]]:
    """Head group → {written head: canonical spelling}, from a JSON file shaped like data/org_heads.json.

    Example:
        load_org_heads()["local"]["UBND"] → "Ủy ban nhân dân"

    Raises:
        ValueError: the file names a group the parser does not know.
    """
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    heads = {name: dict(table) for name, table in raw.items() if not name.startswith("_")}
    unknown = sorted(set(heads) - set(HEAD_GROUPS))
    if unknown:
        raise ValueError(f"{path}: unknown head groups {unknown}; expected some of {', '.join(HEAD_GROUPS)}")
    return heads


def load_place_names(path: Path = PLACE_NAMES_PATH) -> list[str]:
    """Place names, one a line (`#` comments skipped): provinces, districts, communes before and after 2025."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def load_sectors(path: Path = SECTORS_PATH) -> list[dict[str, Any]]:
    """Sectors as `{"name": canonical, "variants": [...]}`, from a JSON file shaped like data/sectors.json."""
    return list(json.loads(Path(path).read_text(encoding="utf-8"))["sectors"])


LEVELS: dict[str, str] = {
    "thành phố": "thành phố",
    "thị xã": "thị xã",
    "thị trấn": "thị trấn",
    "huyện": "huyện",
    "tỉnh": "tỉnh",
    "quận": "quận",
    "xã": "xã",
    "phường": "phường",
    "thôn": "thôn",
    "bản": "bản",
    "ấp": "ấp",
    "xóm": "xóm",
    "khu phố": "khu phố",
    "khối phố": "khối phố",
    "tổ dân phố": "tổ dân phố",
    "khóm": "khóm",
    "đặc khu": "đặc khu",
}
# -- written only before a name, in capitals: `TP Cần Thơ`, `TP. Hồ Chí Minh`, `TX Sơn Tây`
LEVEL_ABBREVIATIONS: dict[str, str] = {"TP": "thành phố", "Tp": "thành phố", "TX": "thị xã", "TT": "thị trấn"}
# -- small units are definite only with their name or number (`thôn Nà Pài`, `khu phố 3`)
_NAMED_ONLY_LEVELS = frozenset({"thôn", "bản", "ấp", "xóm", "khu phố", "khối phố", "tổ dân phố", "khóm"})
_NUMBERED_LEVELS = frozenset({"quận", "phường", "khu phố", "tổ dân phố", "khóm", "thôn", "ấp", "xóm"})

# -- a place name stops before these words (title-case headlines, uppercase titles)
_PLACE_STOP_WORDS = frozenset(
    {
        "khóa",
        "lần",
        "về",
        "của",
        "và",
        "năm",
        "nhiệm",
        "giai",
        "tại",
        "trong",
        "với",
        "cho",
        "theo",
        "đến",
        "từ",
        "đã",
        "đang",
        "sẽ",
        "được",
        "là",
        "có",
        "thực",
        "huyện",
        "tỉnh",
        "xã",
        "phường",
        "quận",
        "ủy",
        "ubnd",
        "hđnd",
        "đảng",
        "kỳ",
        "họp",
    }
)
# -- person names follow titles (`Chủ tịch UBND tỉnh Lạng Sơn Trần Văn A`); they open with a surname
_SURNAMES = frozenset(
    canonical(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
        "Trương Lâm Mai Đinh Lương Hà Tô Tạ Chu Lưu Quách Nông Lò Thái Kiều Tăng Triệu Đàm Lã Hứa"
    ).split()
) | frozenset(  # -- and those of the uplands people.py knows (`Huyện ủy Đình Lập Mông Văn Tám`: a name)
    canonical(name)
    for name in ("Vi Vy Lộc Lăng Lành Bế Mông Sầm Nịnh Ma Quàng Cầm Lường Sùng Thào Giàng Lầu Tẩn").split()
)
# -- the middle names most Vietnamese names carry: after a surname they make the words a person's name
_MIDDLE_NAMES = frozenset(
    canonical(name)
    for name in (
        "Văn Thị Đức Quang Hữu Ngọc Minh Thanh Xuân Đình Công Hồng Quốc Trọng Thế Duy Tiến Mạnh Kim Bá Khắc "
        "Viết Như Phương Hoài Thu Tuấn Trung Hoàng Huy Gia Bảo"
    ).split()
)
# -- lowercase words that end a unit name (`Đảng bộ Khối … thành phố`): function words, and the verbs
#    that follow a body's name (`Ban Thường vụ chỉ đạo …`, `Đảng bộ đã kết nạp …`) as word pairs, since
#    their syllables also sit inside names (`Văn phòng Điều phối …`, `Ban Chỉ đạo …`)
_NAME_STOP_WORDS = frozenset(
    {
        "của",
        "về",
        "với",
        "cho",
        "tại",
        "là",
        "đã",
        "đang",
        "sẽ",
        "được",
        "có",
        "những",
        "theo",
        "trong",
        "để",
        "từ",
        "đến",
        "trên",
        "khi",
        "này",
        "đó",
        "thì",
        "mà",
        "cũng",
        "như",
        "năm",
        "ngày",
        "tháng",
        "giao",
        "gồm",
        "họp",
        "nêu",
        "xem",
    }
)
_NAME_STOP_PAIRS = frozenset(
    {
        "chỉ đạo",
        "kết nạp",
        "phối hợp",
        "triển khai",
        "thực hiện",
        "tổ chức",
        "yêu cầu",
        "đề nghị",
        "đề ra",
        "ban hành",
        "báo cáo",
        "lãnh đạo",
        "tham mưu",
        "hướng dẫn",
        "kiểm tra",
        "giám sát",
        "quyết định",
        "chủ trì",
        "thông báo",
        "quán triệt",
        "xây dựng",
        "kiện toàn",
        "trình bày",
    }
)
# -- verbs that follow a body's name as its predicate (`Bệnh viện Bạch Mai tiếp nhận …`): a proper name
#    ends before them; one syllable each, or a pair where the syllables also sit inside names
_PREDICATE_WORDS = frozenset(
    """
    vừa trao tặng ký cử đưa mở nhận bán mua vay giúp đạt luôn còn đều không chưa cần phải vẫn nhằm do bởi
    nhưng hoặc hay ở sau trước qua nay ra vào lên bị nơi vì nhiều các mỗi mọi thuộc trực tiếp khám dự thăm
    gặp làm lập mời gửi đăng
    """.split()
)
_PREDICATE_PAIRS = frozenset(
    {
        "cho biết",
        "tiếp nhận",
        "hỗ trợ",
        "cam kết",
        "tiếp tục",
        "tham gia",
        "đóng góp",
        "ủng hộ",
        "cung cấp",
        "phát hiện",
        "ghi nhận",
        "vận chuyển",
        "thu mua",
        "điều trị",
        "tuyển dụng",
        "đầu tư",
        "sản xuất",
        "xuất khẩu",
        "chịu trách",
        "trở thành",
        "đưa ra",
        "công bố",
        "phát động",
        "khởi công",
        "khánh thành",
        "trao tặng",
        "tiếp đón",
        "làm việc",
        "thông tin",
        "chuẩn bị",
        "đề xuất",
        "bàn giao",
        "cho vay",
        "nhận được",
        "sinh hoạt",
        "phát biểu",
        "tham dự",
        "chúc mừng",
        "biểu dương",
        "khen thưởng",
        "tuyên dương",
        "đón nhận",
        "ra mắt",
        "kỷ niệm",
        "long trọng",
        "quyết tâm",
        "phấn đấu",
        "nỗ lực",
        "đẩy mạnh",
        "tăng cường",
        "nâng cao",
        "bảo đảm",
        "đảm bảo",
        "hoàn thành",
        "quan tâm",
        "ký kết",
        "tổng kết",
        "sơ kết",
        "đánh giá",
        "nhấn mạnh",
        "khuyến cáo",
        "giải ngân",
        "thi công",
        "tài trợ",
    }
)
# -- words after which an uppercase one-syllable head is a head, not the end of a compound
_LINKING_WORDS = frozenset(
    {"của", "và", "với", "theo", "tại", "giữa", "cho", "là", "từ", "đến", "về", "gửi", "thuộc", "trực"}
)

# -- the space inside a name: a run of spaces holding at most one line break (headers wrap names)
_SP = r"(?:[ \t]+\n?|\n)[ \t]*"
_PUNCT_SP = r"[ \t]*\n?[ \t]*"
_WB_END = r"(?![\p{L}\p{N}])"
# -- anchored matches look this far ahead at most; the `regex` module otherwise scans the rest of a
#    long text for a required literal before giving up, on every call
_WINDOW = 240

# -- a level word → its spelling, for the levels the grammar reads (`Huyện` in a title → `huyện`)
_LEVEL_SPELLING = {canonical(level): spelling for level, spelling in LEVELS.items()}


def _old_style_map() -> dict[str, str]:
    mapping = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            new = unicodedata.normalize("NFC", first + tone + second)
            mapping[new] = unicodedata.normalize("NFC", first + second + tone)
    return mapping


_NEW_TO_OLD = _old_style_map()
_NEW_STYLE_END_RE = re.compile("(" + "|".join(_NEW_TO_OLD) + r")$")


def _word_spellings(word: str) -> tuple[str, ...]:
    """A word's new-style spelling, and its old-style one when that differs: `ủy` → (`ủy`, `uỷ`)."""
    new = new_style_tones(word)
    old = _NEW_STYLE_END_RE.sub(lambda m: _NEW_TO_OLD[m.group(1)], new.lower())
    return (new,) if old == new.lower() else (new, old)


def _word_pattern(word: str) -> str:
    """One written word in its new-style and old-style tone spellings: `ủy` → `(?:ủy|uỷ)`."""
    if word in ("-", "–"):
        return "[-–—]"
    spellings = _word_spellings(word)
    if len(spellings) == 1:
        return re.escape(spellings[0])
    return f"(?:{'|'.join(re.escape(spelling) for spelling in spellings)})"


def _phrase_tokens(phrase: str) -> list[str]:
    return re.findall(r"[-–,&]|[^\s\-–,&]+", phrase)


def _phrase_pattern(phrase: str, *, skip_first: bool = False) -> str:
    """`Lao động - Thương binh` → words joined by `_SP`; around `-`, `,`, `&` spaces are optional.

    `skip_first`: the pattern of what follows the first word (from the joiner after it)."""
    tokens = _phrase_tokens(phrase)
    out = []
    for index, token in enumerate(tokens):
        if index:
            punct = token in "-–,&" or tokens[index - 1] in "-–,&"
            out.append(_PUNCT_SP if punct else _SP)
        if index or not skip_first:
            out.append(_word_pattern(token))
    return "".join(out)


def _two_letter_branches(
    phrases: Iterable[str], capitals: str, *, case_sensitive: bool = False
) -> dict[str, dict[str, list[str]]]:
    """The phrases' patterns from their third letter on (longest phrase first), by their first letter as
    written with one of `capitals` (a literal, or a class of the capitals `re` takes for it) and then by
    the plain class of their second letter (each spelling of the first word is its own branch:
    `(?:Ủy|Uỷ) ban` is tried as `Ủy ban`, then `Uỷ ban`). Classes hold what `re` matches ignoring case,
    or the letter alone when `case_sensitive`; a phrase whose first letter is none of `capitals` is left out."""
    letter_class = (lambda char: f"[{re.escape(char)}]") if case_sensitive else ignorecase_class
    branches: dict[str, dict[str, list[str]]] = {}
    for phrase in sorted(set(phrases), key=len, reverse=True):
        rest = _phrase_pattern(phrase, skip_first=True)
        for spelling in _word_spellings(_phrase_tokens(phrase)[0]):
            first, second = spelling[0], spelling[1:2]
            written = "".join(char for char in letter_class(first)[1:-1] if char in capitals)
            if not written:
                continue
            seconds = branches.setdefault(written if len(written) == 1 else f"[{written}]", {})
            # -- a one-letter first word: the joiner after it is a space, never a letter of another branch
            seconds.setdefault(letter_class(second) if second else "", []).append(re.escape(spelling[2:]) + rest)
    return branches


def _by_first_two_letters(phrases: Iterable[str], capitals: str, *, case_sensitive: bool = False) -> str:
    r"""The phrases' alternation (longest first) where they open with one of `capitals`, as branches by
    their first letter, and in each by their second, each opening with a literal or a plain class (`re`
    tests such a branch at a glance; under IGNORECASE each branch is entered).

    Example:
        _by_first_two_letters(["Sở", "Sư đoàn"], "S") → `S(?:[Ưư](?i:(?:[ \t]+\n?|\n)[ \t]*đoàn)|[Ởở](?i:))`

    The same matches as `(?i:alternation)` at one of `capitals`: the order is kept within two letters,
    and phrases that differ in them never match at one place.
    """
    flags = "(?-i:" if case_sensitive else "(?i:"
    branches = []
    for first, seconds in _two_letter_branches(phrases, capitals, case_sensitive=case_sensitive).items():
        by_second = "|".join(f"{second}{flags}{'|'.join(rests)})" for second, rests in seconds.items())
        branches.append(f"{first}(?:{by_second})")
    return "|".join(branches)


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(_phrase_pattern(phrase) for phrase in sorted(set(phrases), key=len, reverse=True))


def _is_surname_and_middle(words: Sequence[str]) -> bool:
    return _key(words[0]) in _SURNAMES and _key(words[1]) in _MIDDLE_NAMES


def _end_of_words(phrase: str, count: int) -> int:
    """Where the first `count` words of `phrase` end (a phrase opening with a word; words split by spaces)."""
    end = 0
    for word in phrase.split(maxsplit=count)[:count]:
        end = phrase.index(word, end) + len(word)
    return end


@lru_cache(maxsize=8192)
def _key(written: str) -> str:
    return canonical(written)


def _spelling_table(tables: Iterable[Mapping[str, str]]) -> dict[str, str]:
    return {canonical(key): value for table in tables for key, value in table.items()}


# -- groups whose one-syllable uppercase heads never end a compound (`UBND`, `HU`, `HUYỆN ỦY`)
_NOT_COMPOUND_TAILS = frozenset({"local", "committee", "committee_abbreviation"})
# -- groups whose heads are abbreviations in capitals: matched case-sensitively (`TU`, never `Tu bổ`)
_CASE_SENSITIVE_GROUPS = frozenset({"committee_abbreviation", "brand"})


def _head_initials(heads: Mapping[str, Mapping[str, str]]) -> str:
    """The capitals a head can open with (`Uỷ ban` opens with `U`, `Ủy ban` with `Ủ`)."""
    initials = {"Đ"}
    for table in heads.values():
        for head in table:
            first_word = head.split()[0]
            initials.add(first_word[0].upper())
            initials.add(_NEW_STYLE_END_RE.sub(lambda m: _NEW_TO_OLD[m.group(1)], first_word.lower())[0].upper())
    return "".join(sorted(initials))


def _letters_any_case(letters: str) -> frozenset[str]:
    """The characters `re` matches for `letters` ignoring case (`K` also matches the Kelvin sign)."""
    pattern = re.compile(f"[{re.escape(letters)}]", re.IGNORECASE)
    return frozenset(char for char in map(chr, range(0x2200)) if pattern.match(char))


def _head_alternatives(heads: Mapping[str, Mapping[str, str]]) -> str:
    # -- `Đảng` alone is no head: it names the Party as an institution, no body a reviewer can act on
    # -- order matters: the first alternative that matches wins (`Bộ Chính trị` before `Bộ`)
    groups = []
    for name in HEAD_GROUPS:
        if heads.get(name):
            body = _alternation(heads[name])
            groups.append(f"(?P<{name}>(?-i:{body}))" if name in _CASE_SENSITIVE_GROUPS else f"(?P<{name}>{body})")
    return rf"(?:{'|'.join(groups)})(?!\w)"


def _head_scan_pattern(heads: Mapping[str, Mapping[str, str]], letters: str = "") -> str:
    r"""What `(?<!\w)(?=[initials])(?i:{_head_alternatives(heads)})` matches (heads written with a capital,
    at a word start), written so that `re` finds it faster: the look ahead for a capital comes first (so
    the scan skips straight to capitals), then one for first two letters some head opens with (a third
    of the capitals at a word start open none: they are passed over before the head groups are entered,
    as each of them would be in turn), and each head group's heads go on by their first two letters
    (`_by_first_two_letters`). Group names and order are kept.

    `letters`: the first letters looked for instead of the capitals (`_head_initials`): all those a head
    may open with in any case, for heads that need not be written with a capital."""
    first_letters = letters or _head_initials(heads)
    groups: list[str] = []
    seconds_by_first: dict[str, set[str]] = {}
    for name in HEAD_GROUPS:
        if heads.get(name):
            case_sensitive = name in _CASE_SENSITIVE_GROUPS
            body = _by_first_two_letters(heads[name], first_letters, case_sensitive=case_sensitive)
            groups.append(f"(?P<{name}>{body})")
            for first, seconds in _two_letter_branches(
                heads[name], first_letters, case_sensitive=case_sensitive
            ).items():
                seconds_by_first.setdefault(first, set()).update(seconds)
    # -- one class of the second letters each first letter may take (a one-letter first word: any)
    openings = "|".join(
        first if "" in seconds else f"{first}[{''.join(sorted(second[1:-1] for second in seconds))}]"
        for first, seconds in seconds_by_first.items()
    )
    return rf"(?=[{first_letters}])(?<!\w)(?={openings})(?:{'|'.join(groups)})(?!\w)"


_LEVEL_RE = regex.compile(
    rf"{_SP}(?:(?-i:(?P<abbr>TP|Tp|TX|TT)(?:\.[ \t]*|[ \t]+)(?=\p{{Lu}}))"
    rf"|(?P<level>{_alternation(LEVELS)}){_WB_END})",
    regex.IGNORECASE,
)
_LEVEL_WORD_RE = regex.compile(rf"(?:{_alternation(LEVELS)}|TP|TX){_WB_END}", regex.IGNORECASE)
# -- `UBND huyện, thị xã`, `HĐND tỉnh và huyện`: levels in a list make the mention generic
_LEVEL_LIST_RE = regex.compile(rf"(?:[ \t]*[,/][ \t]*|{_SP}(?:và|hoặc){_SP})(?={_LEVEL_WORD_RE.pattern})")
_PLACE_RE = regex.compile(r"[ \t]*\n?[ \t]*(?P<place>[\p{Lu}\d][\p{L}'\d]*(?:[ \t]+[\p{Lu}\d][\p{L}'\d]*){0,5})")
# -- a dash joins two names only in names the gazetteer knows: `Bà Rịa - Vũng Tàu`, `Phan Rang - Tháp Chàm`
_PLACE_DASH_RE = regex.compile(r"[ \t]*[-–][ \t]*\p{Lu}[\p{L}']*(?:[ \t]+\p{Lu}[\p{L}']*){0,3}")
# -- units inside an office or a village: `Chi bộ trường THPT Na Sầm`, `Chi bộ trạm Y tế xã …`
_UNIT_NOUN_RE = regex.compile(
    rf"{_SP}(?P<noun>trường|trạm|công{_SP}ty|bệnh{_SP}viện|trung{_SP}tâm|đồn|hạt|chi{_SP}nhánh)"
    rf"(?:{_SP}(?-i:(?P<acronym>\p{{Lu}}[\p{{Lu}}&]+)){_WB_END})?",
    regex.IGNORECASE,
)
# -- the level of a school, which names it as surely as a place level: `Trường THCS Môn Sơn`
_SCHOOL_LEVEL_RE = regex.compile(
    rf"{_SP}(?P<level>(?:PTDTBT|PTDTNT|PTDL|PT)?[ \t]*(?:TH[ \t]*(?:&|và)[ \t]*THCS|THCS[ \t]*(?:&|và)[ \t]*THPT|THCS|THPT|TH|MN|MG)){_WB_END}"
)
# -- a post right before a bare `HU`, `TU`: `Bí thư HU`, `Phó Bí thư TU`, `Ủy viên BTV HU`
_POST_BEFORE_RE = regex.compile(
    r"(?<![\p{L}])(?:Phó[ \t]+)?(?:Bí[ \t]+thư|Chủ[ \t]+nhiệm|Trưởng[ \t]+ban|[ỦU][yỷ][ \t]+viên|Chánh[ \t]+Văn[ \t]+phòng)[ \t]+$",
    regex.IGNORECASE,
)
_CONJUNCTION_RE = regex.compile(r"và|với|cùng", regex.IGNORECASE)
# -- one word of a proper name after an institution's head; a line break only in capitals (headers)
_NAME_TOKEN_RE = regex.compile(rf"(?P<sep>{_SP}|[ \t]*[-–&][ \t]*)(?P<word>[\p{{L}}\p{{N}}][\p{{L}}\p{{N}}&']*)")
# -- the legal form of a company or bank, written between the head and its name
_COMPANY_FORM_RE = regex.compile(
    rf"(?:{_SP}(?:TNHH|TMCP|CP|MTV|cổ{_SP}phần|trách{_SP}nhiệm{_SP}hữu{_SP}hạn|một{_SP}thành{_SP}viên"
    rf"|hai{_SP}thành{_SP}viên{_SP}trở{_SP}lên|thương{_SP}mại{_SP}cổ{_SP}phần){_WB_END})+",
    regex.IGNORECASE,
)
_CAPITALS_LINE_RE = regex.compile(r"[\p{Lu}][\p{Lu}\p{N}&' \t-]*")
# -- the first word of each level, to try `_read_level` only where one may start
_LEVEL_FIRST_WORDS = frozenset(canonical(level.split()[0]) for level in LEVELS)
_REGION_RE = regex.compile(rf"{_SP}khu{_SP}vực{_WB_END}", regex.IGNORECASE)
# -- what a working body does, in lowercase (commas inside: `phòng, chống`), then `của` and maybe a post
_WORKING_TASK_RE = regex.compile(
    rf"(?:(?:{_SP}|[ \t]*,[ \t]*)\p{{Ll}}+){{0,14}}?{_SP}của"
    rf"(?:{_SP}(?:Phó{_SP})?(?:Thủ{_SP}tướng|Chủ{_SP}tịch|Bộ{_SP}trưởng|Bí{_SP}thư|Giám{_SP}đốc|Trưởng{_SP}ban))?"
    rf"(?={_SP})"
)
_BRANCH_RE = regex.compile(rf"{_SP}[cC]hi{_SP}nhánh{_WB_END}")
# -- the lowercase syllables that finish a name's capitalised word are at most this many (`Kiểm soát
#    bệnh tật`, `Chính sách xã hội`); a longer lowercase run is the sentence going on
_NAME_LOWERCASE_RUN = 3
# -- how far from the top a header's issuer block reaches, in characters
_HEADER_REACH = 600
_SHARED_OFFICE_GROUPS = frozenset({"local", "department"})
# -- `Vụ Xuân`, `vụ Hè Thu`: a crop season, not a ministry's department
_SEASON_RE = regex.compile(
    rf"{_SP}(?:Đông[ \t]+Xuân|Hè[ \t]+Thu|Thu[ \t]+Đông|Xuân|Mùa|Hè|Thu|Đông|Chiêm){_WB_END}", regex.IGNORECASE
)
_TERM_WORDS = r"(?:khóa|khoá)[ \t]+(?-i:(?P<term>[IVXLC]+|\d{1,2}))"
# -- the term belongs to the name with or without parentheses: `Tỉnh ủy khóa XIV`, `Tỉnh ủy (khóa XIV)`
_TERM_RE = regex.compile(
    rf"{_SP}(?:{_TERM_WORDS}{_WB_END}|\([ \t]*{_TERM_WORDS}[ \t]*\))",
    regex.IGNORECASE,
)
_TRUNG_UONG_RE = regex.compile(rf"{_SP}Trung{_SP}ương(?P<party>{_SP}Đảng)?{_WB_END}", regex.IGNORECASE)
_VIET_NAM_RE = regex.compile(rf"{_SP}Việt{_SP}Nam{_WB_END}", regex.IGNORECASE)
_CO_QUAN_RE = regex.compile(rf"{_SP}[cC]ơ{_SP}quan{_WB_END}")
_TOI_CAO_RE = regex.compile(rf"{_SP}tối{_SP}cao{_WB_END}", regex.IGNORECASE)
# -- stdlib `re` answers this ASCII-only pattern in half the time `regex` takes
_SPACE_RE = re.compile(_SP)
_NAME_WORDS_RE = regex.compile(
    rf"{_SP}(?P<first>\p{{Lu}}\p{{L}}*)(?P<rest>(?:(?:{_SP}|[ \t]*[-–][ \t]*)\p{{L}}+){{0,7}})"
)
_NAME_NEXT_WORD_RE = regex.compile(rf"(?:{_SP}|[ \t]*[-–][ \t]*)(\p{{L}}+)")
_PRESS_NAME_RE = regex.compile(
    rf"[ \t]+(?P<name>\p{{Lu}}\p{{Ll}}*(?:[ \t]+\p{{Lu}}\p{{Ll}}*){{0,3}})(?:[ \t]+điện[ \t]+tử)?{_WB_END}"
)
# -- mixed-case fallback for a department not in data/sectors.json: `Bộ Ngoại giao`, `Sở Du lịch`
_SECTOR_FALLBACK_RE = regex.compile(rf"{_SP}(?P<sector>\p{{Lu}}\p{{Ll}}+[ \t]+\p{{Ll}}+){_WB_END}")
_MOTTO_PARTY_RE = regex.compile(rf"ĐẢNG{_SP}CỘNG{_SP}SẢN{_SP}VIỆT{_SP}NAM")
# -- plural or generic markers right before a head: `các Đảng bộ`, `từng Chi bộ`, `3 Đảng bộ`, `cấp Ủy ban`
_PLURAL_BEFORE_RE = regex.compile(
    r"(?:(?<![\p{L}\p{N}])(?:các|những|mọi|từng|mỗi|nhiều|một số|hai|ba)"
    r"|(?<![\p{L}\p{N}./:-])(?<!(?:thứ|số|lần|kỳ|khóa|khoá)[ \t]+)\d+|cấp)[ \t]+$"
)
_PLURAL_WORDS = ("các", "những", "mọi", "từng", "mỗi", "nhiều", "một số", "hai", "ba", "cấp")
_PLURAL_AFTER_RE = regex.compile(rf"{_SP}các{_WB_END}")
_MEMBER_RE = regex.compile(rf"[ \t]+viên{_WB_END}")
_ROLE_BEFORE_RE = regex.compile(r"(?:bí[ \t]+thư|chủ[ \t]+tịch|ủy[ \t]+viên|uỷ[ \t]+viên)[ \t]+$", regex.IGNORECASE)
_WORD_BEFORE_RE = regex.compile(r"(\p{L}+)[ \t]*\n?[ \t]*$")
_LINE_START_RE = regex.compile(r"(?:^|\n)[ \t|]*$")
_LINE_END_RE = regex.compile(r"[ \t|]*(?:\n|$)")
_DASHES_RE = regex.compile(r"[ \t]*[-–—][ \t]*")
_WHITESPACE_RE = regex.compile(r"\s+")


def _at(pattern: regex.Pattern[str], text: str, pos: int) -> regex.Match[str] | None:
    # -- an end past the text is the text's end to `re` and `regex` alike
    return pattern.match(text, pos, pos + _WINDOW)


_SPACE_CHARS = frozenset(" \t\n")
# -- what `regex` matches, ignoring case, for the first letter of the words looked for after a space
#    below (checked over all of Unicode by the tests): `khóa`, `Trung ương`
_K_ANY_CASE = frozenset("kK\u212a")
_T_ANY_CASE = frozenset("tT")
_PAREN = frozenset("(")
_TERM_OPENERS = _K_ANY_CASE | _PAREN  # -- `khóa X`, `(khóa X)`
_V_ANY_CASE = frozenset("vV")  # -- `Việt Nam`
_C_EITHER_CASE = frozenset("cC")  # -- `[cC]ơ quan`
# -- the letters a level word (`huyện`, `ấp`, `TP`) opens with, either case (the pattern ignores case)
_LEVEL_INITIALS = frozenset("bBhHkKpPqQtTxXđĐấẤ\u212a")
_LIST_JOINERS = frozenset(",/vh")  # -- `huyện, thị xã`, `tỉnh và huyện`, `hoặc`: as `_LEVEL_LIST_RE` opens
_DASHES = frozenset("-–")


def _first_past_spaces(text: str, pos: int) -> str:
    """The first character at or after `pos` that is no space, tab or newline ("" at the end), within `_WINDOW`."""
    first = text[pos : pos + 1]
    if first not in _SPACE_CHARS:
        return first
    return text[pos : pos + _WINDOW].lstrip(" \t\n")[:1]


def _may_open_place(text: str, pos: int) -> bool:
    """False where `_PLACE_RE` cannot match: the first character past the spaces is lowercase or an ASCII
    sign (a place opens with a capital or a digit) or there is none. Most tries fail so (`huyện có`,
    `tỉnh về`, `huyện (bao gồm`)."""
    first = _first_past_spaces(text, pos)
    return first != "" and not first.islower() and (first.isalnum() or not first.isascii())


def _letter_after_space(text: str, pos: int) -> str:
    """The first character past the spaces, tabs and newlines that start at `pos` ("" when none starts
    there, or nothing follows them within `_WINDOW`): what `_after_space` tests, for several tests at one place."""
    if text[pos : pos + 1] not in _SPACE_CHARS:
        return ""
    following = text[pos + 1 : pos + 2]
    if following in _SPACE_CHARS:
        return text[pos + 1 : pos + _WINDOW].lstrip(" \t\n")[:1]
    return following


def _after_space(text: str, pos: int, firsts: frozenset[str]) -> bool:
    """False when no space, tab or newline starts at `pos` or the first character past them is not in
    `firsts`: a pattern of a space then a word opening with one of `firsts` cannot match there. Tried
    before the pattern, it saves a `regex` call on the many places where it fails."""
    if text[pos : pos + 1] not in _SPACE_CHARS:
        return False
    following = text[pos + 1 : pos + 2]
    if following in _SPACE_CHARS:
        following = text[pos + 1 : pos + _WINDOW].lstrip(" \t\n")[:1]
    return following in firsts


@dataclass(frozen=True, slots=True)
class _HeadReading:
    """What a head says by how it is written, worked out once for each way of writing one."""

    normalized: str  # -- the canonical spelling
    upper: bool  # -- an uppercase title (`ỦY BAN NHÂN DÂN`), not an abbreviation (`UBND`)
    role_word: bool  # -- `Thường trực`, which may belong to a title before it (`_is_role_word`)
    may_end_compound: bool  # -- `_may_end_compound`


# -- not frozen, though never changed: a frozen dataclass sets each field through `object.__setattr__`, and
#    the parse makes ~30,000 pieces per MB of text (a plain one is built in a third of the time)
@dataclass(slots=True)
class _Piece:
    """What one parse step read: where it ended, the canonical spelling, and how sure the reading is."""

    end: int
    normalized: str
    confidence: float = 1.0


def _join(head: _Piece, tail: _Piece | None) -> _Piece | None:
    if tail is None:
        return None
    return _Piece(tail.end, f"{head.normalized} {tail.normalized}", head.confidence * tail.confidence)


# -- readers are tried in turn with `or`: a piece is never falsy, so the first that reads one wins


@functools.lru_cache(maxsize=1 << 16)
def _clean(written: str) -> str:
    """One line, new-style tones, dashes as ` - ` (remembered: the same names come back all night)."""
    text = _WHITESPACE_RE.sub(" ", new_style_tones(written)).strip()
    return _DASHES_RE.sub(" - ", text)


def _sentence_case(written: str) -> str:
    cleaned = _clean(written)
    if not cleaned.isupper():
        return cleaned
    lowered = cleaned.lower()
    return lowered[:1].upper() + lowered[1:]


def _read_term(text: str, piece: _Piece) -> _Piece:
    match = _at(_TERM_RE, text, piece.end) if _after_space(text, piece.end, _TERM_OPENERS) else None
    if match is None:
        return piece
    return _Piece(match.end(), f"{piece.normalized} khóa {match.group('term').upper()}", piece.confidence)


def _read_trung_uong(text: str, pos: int) -> _Piece | None:
    match = _at(_TRUNG_UONG_RE, text, pos) if _after_space(text, pos, _T_ANY_CASE) else None
    if match is None:
        return None
    return _Piece(match.end(), "Trung ương Đảng" if match.group("party") else "Trung ương")


def _read_fixed(pattern: regex.Pattern[str], spelling: str, text: str, pos: int) -> _Piece | None:
    match = _at(pattern, text, pos)
    return _Piece(match.end(), spelling) if match else None


def _is_level_list(text: str, pos: int) -> bool:
    """`huyện, thị xã`, `tỉnh và huyện`: the level after `pos` is one of a list (checked first: a joiner opens it)."""
    return _first_past_spaces(text, pos) in _LIST_JOINERS and _at(_LEVEL_LIST_RE, text, pos) is not None


def _stops_name(word: str, following: str) -> bool:
    if not word.islower():
        return False
    return _key(word) in _NAME_STOP_WORDS or _key(f"{word} {following}") in _NAME_STOP_PAIRS


def _read_press(text: str, head: _Piece) -> _Piece | None:
    """`Báo Lạng Sơn`, `Báo Ấp Bắc điện tử` (normalized without `điện tử`)."""
    match = _at(_PRESS_NAME_RE, text, head.end)
    if match is None:
        return None
    return _Piece(match.end(), f"{head.normalized} {_clean(match.group('name'))}")


def _is_uppercase_head(written: str, spelled: str) -> bool:
    """`ỦY BAN NHÂN DÂN` is an uppercase title; `UBND` is an abbreviation, in any text."""
    return written.isupper() and len(written.split()) >= len(spelled.split())


def _may_end_compound(written: str, kind: str) -> bool:
    """`BỘ`, `ĐẢNG`: a one-syllable head in capitals may end a compound (`_uppercase_head_needs`); an
    uppercase one of `_NOT_COMPOUND_TAILS` (`UBND`, `HU`) never does."""
    return written.isupper() and len(written.split()) == 1 and kind not in _NOT_COMPOUND_TAILS


def _uppercase_head_needs(text: str, start: int) -> str:
    """In uppercase text a one-syllable head at `start` (`_may_end_compound`) may end a compound:
    `NHIỆM VỤ`, `CÁN BỘ`, `TỔ CHỨC ĐẢNG`.

    Returns "any" when it is a head wherever the name ends (after punctuation or a linking word:
    `CỦA BỘ TÀI CHÍNH`), "line" when a word on the line above may be the compound's first half (the
    name must then fill its lines, as an issuer in a header does: `BỘ\nNỘI VỤ`), "none" otherwise.
    """
    before = _WORD_BEFORE_RE.search(text, max(0, start - 20), start)
    if before is None or _key(before.group(1)) in _LINKING_WORDS:
        return "any"
    return "line" if "\n" in text[before.end(1) : start] else "none"


def _is_role_word(text: str, start: int) -> bool:
    """`Phó Bí thư Thường trực Tỉnh ủy`: `Thường trực` (`_HeadReading.role_word`) at `start` belongs to the
    title; the org is `Tỉnh ủy`."""
    return _ROLE_BEFORE_RE.search(text, max(0, start - 12), start) is not None


def _is_plural(text: str, start: int) -> bool:
    # -- what `_PLURAL_BEFORE_RE` needs, looked at first (it runs before every head and nearly always fails):
    #    spaces before the head (or before a newline ending the window: `$` matches there too) after one of
    #    its words or a digit (a character outside ASCII that is no letter may be a digit to `regex`)
    window_start = start - 12 if start > 12 else 0
    window = text[window_start:start].removesuffix("\n")
    words = window.rstrip(" \t")
    if len(words) == len(window):
        return False
    last = words[-1:]
    if not (
        words.endswith(_PLURAL_WORDS) or last.isdigit() or (last != "" and not last.isascii() and not last.isalpha())
    ):
        return False
    return _PLURAL_BEFORE_RE.search(text, window_start, start) is not None


def _stands_on_own_line(text: str, start: int, end: int) -> bool:
    before = _LINE_START_RE.search(text, max(0, start - 20), start)
    return (start == 0 or before is not None) and _at(_LINE_END_RE, text, end) is not None


def _is_header_name(text: str, start: int, end: int) -> bool:
    """A name in capitals filling its line(s) near the top of the text, where a header names its issuer."""
    return start < _HEADER_REACH and _stands_on_own_line(text, start, end)


def _is_motto(text: str, start: int) -> bool:
    """The header motto `ĐẢNG CỘNG SẢN VIỆT NAM` on its own line(s), not the Party named in a sentence."""
    if not text.startswith("ĐẢNG", start):
        return False
    motto = _at(_MOTTO_PARTY_RE, text, start)
    return motto is not None and _stands_on_own_line(text, motto.start(), motto.end())


def _in_a_sign(text: str, start: int) -> bool:
    """`45-KH/HU`: the letters after a sign's slash or dash name the issuer; they are not an org."""
    return start > 0 and text[start - 1] in "/-–"


class OrgFinder:
    """The organisation grammar over one set of tables: heads, place names, sectors.

    Example:
        finder = OrgFinder(load_org_heads(), load_place_names(), load_sectors())
        [f.text for f in finder.find("Ban Tổ chức Huyện uỷ Cao Lộc họp")] → ["Ban Tổ chức Huyện uỷ Cao Lộc"]

    Args:
        heads: head group (one of `HEAD_GROUPS`) → {written head: canonical spelling}.
        places: place names that end a name where case alone cannot (`Cao Lộc`, `Bà Rịa - Vũng Tàu`).
        sectors: `{"name", "variants"}` entries read after `Bộ`, `Sở`, `Phòng`, … .
        disabled_rules: head groups (and `header_body`) whose names are not reported.
    """

    def __init__(
        self,
        heads: Mapping[str, Mapping[str, str]],
        places: Iterable[str],
        sectors: Sequence[Mapping[str, Any]],
        *,
        disabled_rules: Iterable[str] = (),
    ) -> None:
        unknown = sorted(set(heads) - set(HEAD_GROUPS))
        if unknown:
            raise ValueError(f"unknown head groups {unknown}; expected some of {', '.join(HEAD_GROUPS)}")
        self.disabled_rules = frozenset(disabled_rules)
        self._spelling = {**_spelling_table(heads.values()), **_LEVEL_SPELLING, "đảng": "Đảng"}
        self._named_spelling = _spelling_table([heads.get("named", {})])
        # -- a document writes its few heads over and over: each way of writing one is read once
        self._head_reading = lru_cache(maxsize=4096)(self._read_written_head)
        # -- the stdlib `re` scans this faster than `regex`; only heads written with a capital count
        #    (`huyện ủy` in `các quận ủy, huyện ủy` is generic)
        self._head_re = re.compile(_head_scan_pattern(heads))
        # -- the letters a head may open with, either case
        self._head_letters = _letters_any_case(_head_initials(heads))
        # -- a head in any case at a word start, where a body is read after another (`Ban Tổ chức` + ` huyện ủy`)
        self._head_at_re = re.compile(_head_scan_pattern(heads, "".join(sorted(self._head_letters))))
        self._gazetteer = {canonical(place): place for place in places}
        self._sector_spelling: dict[str, str] = {}
        for entry in sectors:
            for variant in (entry["name"], *entry.get("variants", ())):
                self._sector_spelling[canonical(variant)] = entry["name"]
        variants = [variant for entry in sectors for variant in (entry["name"], *entry.get("variants", ()))]
        self._sector_re = regex.compile(rf"{_SP}(?P<sector>{_alternation(variants)}){_WB_END}", regex.IGNORECASE)

    def find(self, text: str) -> list[Fact]:
        """Organisations in `text`, in text order; see `find_orgs`."""
        facts: list[Fact] = []
        last_end = 0
        for match in self._head_re.finditer(text):
            start = match.start()
            if start < last_end or _is_plural(text, start):
                continue
            rule = match.lastgroup or ""
            reading = self._head_reading(match.group(), rule)
            if reading.role_word and _is_role_word(text, start):
                continue
            needs = _uppercase_head_needs(text, start) if reading.may_end_compound else "any"
            if needs == "none" or _is_motto(text, start):
                continue
            if rule == "committee_abbreviation" and _in_a_sign(text, start):
                continue
            piece = self._read_org(text, start, head_match=match, head_reading=reading)
            if piece is None:
                rule = "header_body"
                piece = self._read_header_body(text, match, facts[-1] if facts else None)
            if piece is None or (needs == "line" and not _at(_LINE_END_RE, text, piece.end)):
                continue
            if rule == "institution" and match.group().isupper() and not _is_header_name(text, start, piece.end):
                continue  # -- `CÔNG TY CON`, `NGÂN HÀNG THƯƠNG MẠI`: capitals outside a header are a title
            if rule in self.disabled_rules:
                continue
            written = text[start : piece.end]
            facts.append(
                Fact(
                    kind="org",
                    text=written,
                    start=start,
                    end=piece.end,
                    normalized=piece.normalized if piece.normalized != written else None,
                    extractor=f"{EXTRACTOR_PREFIX}.{rule}",
                    confidence=round(RULE_CONFIDENCE.get(rule, 0.8) * piece.confidence, 3),
                )
            )
            last_end = piece.end
        return facts

    # -- places and levels -----------------------------------------------------------------------

    def _place_spelling(self, written: str) -> str:
        known = self._gazetteer.get(_key(written))
        if known is not None:
            return known
        cleaned = _clean(written)
        if cleaned.isupper() and len(cleaned) > 3:
            return " ".join(word.capitalize() for word in cleaned.split(" "))
        return cleaned

    def _read_place(self, text: str, pos: int) -> _Piece | None:
        """The capitalised place name at `pos`, ended by case, stop words, the gazetteer and surnames.

        An uppercase first word (`AN GIANG`, in headers and titles) reads the name in uppercase mode.
        """
        match = _at(_PLACE_RE, text, pos) if _may_open_place(text, pos) else None
        if match is None:
            return None
        place = match.group().lstrip(" \t\n")  # -- `place`, after the spaces (by name, `regex` takes longer)
        words = place.split()  # -- capitalised words and numbers between spaces and tabs (`_PLACE_RE`)
        upper = words[0].isupper() and len(words[0]) > 1
        kept = 0
        for index, written in enumerate(words):
            if _key(written) in _PLACE_STOP_WORDS and not self._opens_known_place(words, index):
                break
            if written.isdigit() and kept:
                break
            if upper and not (written.isupper() or written.isdigit()):
                break
            if not upper and written.isupper() and len(written) > 1 and kept:
                break  # -- `Cao Lộc UBND …`: an abbreviation starts the next phrase
            kept += 1
        kept = self._place_length(words[:kept], upper) if kept else 0
        if not kept:
            return None
        start = match.end() - len(place)
        end = start + _end_of_words(place, kept)
        dashed = _at(_PLACE_DASH_RE, text, end) if _first_past_spaces(text, end) in _DASHES else None
        if dashed is not None and _key(text[start : dashed.end()]) in self._gazetteer:
            end = dashed.end()
        return _Piece(end, self._place_spelling(text[start:end]))

    def _opens_known_place(self, words: Sequence[str], index: int) -> bool:
        """`Kỳ Sơn`, `Kỳ Anh`: a stop word (`kỳ`) capitalised as the first word of a place the gazetteer knows."""
        if index + 1 >= len(words) or not words[index][:1].isupper():
            return False
        return _key(f"{words[index]} {words[index + 1]}") in self._gazetteer

    def _place_length(self, words: Sequence[str], upper: bool) -> int:
        """How many capitalised words belong to the place: the longest known name, else up to a surname."""
        known = 0
        for count in range(min(len(words), 5), 0, -1):
            if _key(" ".join(words[:count])) in self._gazetteer:
                known = count
                break
        if upper:
            return known or min(len(words), 3)
        if known in (1, 2) and len(words) >= 3 and _is_surname_and_middle(words):
            return 0  # -- `UBND huyện Đinh Văn Khải`, `UBND tỉnh Hồ Tiến Thiệu`: a known place opens a name
        if not known and len(words) >= 3 and _key(words[0]) in _SURNAMES:
            return 0  # -- `HĐND tỉnh Đỗ Tấn Kiết`: a person's name follows the level, no place
        for index in range(max(1, known), len(words)):
            if _key(words[index]) in _SURNAMES:
                return index
        return min(len(words), 4)

    def _read_level(self, text: str, pos: int) -> _Piece | None:
        """`huyện Cao Lộc`, `tỉnh`, `TP Cần Thơ`, `phường 3`; None for `huyện, thị xã` (generic)."""
        match = _at(_LEVEL_RE, text, pos) if _after_space(text, pos, _LEVEL_INITIALS) else None
        if match is None:
            return None
        abbreviation, written = match.groups()  # -- `abbr`, `level` (by name, `regex` takes longer)
        level = LEVEL_ABBREVIATIONS[abbreviation] if abbreviation else _LEVEL_SPELLING[_key(written)]
        place = self._read_place(text, match.end())
        if place is not None and place.normalized.isdigit() and level not in _NUMBERED_LEVELS:
            place = None
        if place is not None:
            return _Piece(place.end, f"{level} {place.normalized}")
        if abbreviation or level in _NAMED_ONLY_LEVELS or _is_level_list(text, match.end()):
            return None
        return _Piece(match.end(), level, _SHORT_REFERENCE)

    def _read_known_place(self, text: str, pos: int) -> _Piece | None:
        """`Đảng bộ Cao Lộc`: a place with no level word counts only when the gazetteer knows it."""
        place = self._read_place(text, pos)
        if place is None or _key(place.normalized) not in self._gazetteer:
            return None
        return _Piece(place.end, place.normalized, _KNOWN_PLACE_ONLY)

    # -- what follows a head ---------------------------------------------------------------------

    def _read_sector(self, text: str, pos: int, upper: bool) -> _Piece | None:
        match = _at(self._sector_re, text, pos)
        if match is not None:
            written = match.group("sector")
            return _Piece(match.end(), self._sector_spelling.get(_key(written), _clean(written)))
        if upper:
            return None
        fallback = _at(_SECTOR_FALLBACK_RE, text, pos)
        if fallback is None or _key(fallback.group("sector")).split()[1] in _NAME_STOP_WORDS:
            return None
        return _Piece(fallback.end(), _clean(fallback.group("sector")), _UNLISTED_SECTOR)

    def _read_body_after(self, text: str, pos: int) -> _Piece | None:
        """Another organisation right after a head: `Ban Tổ chức` + ` Huyện uỷ`."""
        space = _at(_SPACE_RE, text, pos) if text[pos : pos + 1] in _SPACE_CHARS else None
        if space is None:
            return None
        return self._read_org(text, space.end(), nested=True)

    def _read_anchor(self, text: str, pos: int) -> _Piece | None:
        """What closes a unit name: a level, `Trung ương`, a body (`HĐND tỉnh`) or `Việt Nam`."""
        return (
            self._read_level(text, pos)
            or _read_trung_uong(text, pos)
            or self._read_body_after(text, pos)
            or (_read_fixed(_VIET_NAM_RE, "Việt Nam", text, pos) if _after_space(text, pos, _V_ANY_CASE) else None)
        )

    def _read_name_then_anchor(self, text: str, pos: int, upper: bool) -> _Piece | None:
        """A capitalised unit name closed by an anchor: ` Khối Cơ quan Dân Chính Đảng thành phố`."""
        match = _at(_NAME_WORDS_RE, text, pos)
        if match is None:
            return None
        name_start, first_end = match.span("first")
        ends = [first_end]
        # -- the words of `rest`, which follows `first`, with their places in the text
        words = list(_NAME_NEXT_WORD_RE.finditer(text, first_end, match.end()))
        for index, word in enumerate(words):
            if _stops_name(word.group(1), words[index + 1].group(1) if index + 1 < len(words) else ""):
                break
            if _CONJUNCTION_RE.fullmatch(word.group(1)) and index + 1 < len(words):
                # -- `Trường THPT Na Sầm và Chi bộ …`: two names joined, not one name going on; but one
                #    office may serve two bodies (`Văn phòng HĐND và UBND huyện`)
                head = self._head_at_re.match(text, words[index + 1].start(1))
                if head is not None and head.lastgroup not in _SHARED_OFFICE_GROUPS:
                    break
            ends.append(word.end())
        for end in ends:  # -- the shortest name that an anchor closes
            anchor = self._read_anchor(text, end)
            if anchor is not None:
                name = _sentence_case(text[name_start:end]) if upper else _clean(text[name_start:end])
                return _Piece(anchor.end, f"{name} {anchor.normalized}", _NAME_AND_ANCHOR * anchor.confidence)
        return None

    def _read_party_tail(self, text: str, pos: int, upper: bool) -> _Piece | None:
        """After `Đảng bộ`, `Đảng ủy`, `Chi bộ`: a level, `cơ quan …`, a body, a unit name or a known place."""
        co_quan = _at(_CO_QUAN_RE, text, pos) if _after_space(text, pos, _C_EITHER_CASE) else None
        if co_quan is not None:
            rest = self._read_level(text, co_quan.end()) or self._read_body_after(text, co_quan.end())
            return _Piece(rest.end, f"cơ quan {rest.normalized}", rest.confidence) if rest else None
        level = self._read_level(text, pos)
        if level is not None:
            return level
        # -- a unit and a body can both start here: `Chi bộ Trung tâm Y tế huyện` is the body, read whole,
        #    where the unit reading stops at the first lowercase word (`Trung tâm Y`)
        unit, body = self._read_unit(text, pos), self._read_body_after(text, pos)
        if unit is not None or body is not None:
            return max((piece for piece in (unit, body) if piece is not None), key=lambda piece: piece.end)
        return self._read_name_then_anchor(text, pos, upper) or self._read_known_place(text, pos)

    def _read_unit(self, text: str, pos: int) -> _Piece | None:
        """` trường THPT Na Sầm`: a unit noun, an optional abbreviation, then the unit's name."""
        noun = _at(_UNIT_NOUN_RE, text, pos)
        if noun is None:
            return None
        place = self._read_place(text, noun.end())
        if place is None:
            return None
        words = [_clean(noun.group("noun")).lower(), noun.group("acronym"), place.normalized]
        return _Piece(place.end, " ".join(word for word in words if word))

    def _read_department(self, text: str, head: _Piece, upper: bool) -> _Piece | None:
        joined = _join(head, self._read_sector(text, head.end, upper))
        if joined is None or head.normalized == "Bộ":
            return joined
        place = (
            self._read_level(text, joined.end)
            or self._read_known_place(text, joined.end)
            or self._read_region(text, joined.end)
        )
        return _join(joined, place) or joined

    def _read_region(self, text: str, pos: int) -> _Piece | None:
        """`khu vực Con Cuông - Anh Sơn`, `khu vực I`: the region a State office serves."""
        region = _at(_REGION_RE, text, pos)
        place = self._read_place(text, region.end()) if region is not None else None
        if place is None:
            return None
        # -- a region named after the places it serves: two known places joined by a dash
        dashed = _at(_PLACE_DASH_RE, text, place.end) if _first_past_spaces(text, place.end) in _DASHES else None
        other = _key(dashed.group().strip(" \t-–")) if dashed is not None else ""
        if dashed is not None and _key(place.normalized) in self._gazetteer and other in self._gazetteer:
            return _Piece(dashed.end(), f"khu vực {place.normalized} - {self._gazetteer[other]}")
        return _Piece(place.end, f"khu vực {place.normalized}")

    def _read_by_kind(self, kind: str, text: str, head: _Piece, upper: bool, nested: bool) -> _Piece | None:
        end = head.end
        if kind == "national":
            return head
        if kind == "wrapper":
            return _join(head, _read_trung_uong(text, end) or self._read_body_after(text, end))
        if kind in ("committee", "committee_abbreviation"):
            place = self._read_place(text, end)
            if place is not None and not place.normalized.isdigit():
                return _join(head, place)
            # -- `HU` alone is too short to trust outside a board's name (`BTV HU`)
            if kind == "committee_abbreviation" and not nested:
                return None
            return _Piece(head.end, head.normalized, _SHORT_REFERENCE)
        if kind == "party":
            return _join(head, self._read_party_tail(text, end, upper))
        if kind == "local":
            return _join(
                head,
                self._read_level(text, end)
                or (_read_fixed(_TOI_CAO_RE, "tối cao", text, end) if _after_space(text, end, _T_ANY_CASE) else None)
                or self._read_known_place(text, end),
            )
        if kind == "mass":
            return _join(head, self._read_level(text, end)) or head
        if kind == "department":
            if head.normalized == "Vụ" and _at(_SEASON_RE, text, end):
                return None
            return self._read_department(text, head, upper)
        if kind == "press":
            # -- `Báo Lạng Sơn điện tử` by its title-case name; `Tạp chí Cộng sản` by a name's grammar
            press = _read_press(text, head)
            if upper:
                return press  # -- `BÁO CÁO` is a report
            proper = _join(head, self._read_proper_name(text, head.end, upper))
            return proper if press is None or (proper is not None and proper.end > press.end) else press
        if kind == "brand":
            return self._read_brand(text, head)
        if kind == "institution":
            return self._read_institution(text, head, upper)
        if kind == "working":
            return self._read_working(text, head, upper)
        # -- "named"
        return _join(head, self._read_name_then_anchor(text, end, upper)) or self._read_school(text, head)

    def _read_working(self, text: str, head: _Piece, upper: bool) -> _Piece | None:
        """`Tổ công tác chuyên trách cải cách hành chính của Chủ tịch UBND tỉnh`: a task, `của`, a body;
        without its body it is read as a named board by the caller (`Ban` + `Chỉ đạo … huyện`), or is generic."""
        task = _at(_WORKING_TASK_RE, text, head.end)
        body = self._read_body_after(text, task.end()) if task is not None else None
        if task is not None and body is not None:
            written = text[head.end : task.end()]
            return _Piece(body.end, f"{head.normalized} {_clean(written)} {body.normalized}", body.confidence)
        return None

    def _read_brand(self, text: str, head: _Piece) -> _Piece | None:
        """`Vietnam Airlines`; `Agribank Chi nhánh tỉnh Lào Cai`, `Viettel Lào Cai`: a branch or a place may follow."""
        branch = _at(_BRANCH_RE, text, head.end)
        at = branch.end() if branch is not None else head.end
        place = self._read_level(text, at) or self._read_known_place(text, at)
        if place is None or place.confidence < 1.0:
            return head
        return _Piece(place.end, f"{head.normalized}{' Chi nhánh' if branch else ''} {place.normalized}")

    def _read_institution(self, text: str, head: _Piece, upper: bool) -> _Piece | None:
        """A hospital, institute, school, company, bank or cooperative with its name: the longest of a
        name closed by an anchor (`Trung tâm Văn hóa tỉnh`), a school by its level (`Trường THCS Môn Sơn`)
        and a proper name (`Bệnh viện Ung bướu Nghệ An`, `Công ty TNHH Nông sản Bắc Hà`)."""
        if self._head_opens_a_place(text, head.end):
            return None  # -- `quần đảo Trường Sa`, `đường Trường Sơn`: a place, not a school
        form = _at(_COMPANY_FORM_RE, text, head.end)
        named = head if form is None else _Piece(form.end(), f"{head.normalized} {_clean(form.group())}")
        proper = self._read_proper_name(text, named.end, upper)
        candidates = (
            _join(head, self._read_name_then_anchor(text, head.end, upper)),
            self._read_school(text, head),
            _join(named, proper),
        )
        found = [piece for piece in candidates if piece is not None]
        return max(found, key=lambda piece: piece.end) if found else None

    def _head_opens_a_place(self, text: str, end: int) -> bool:
        """The head's last word and the capitalised word after it make a place the gazetteer knows."""
        before = _WORD_BEFORE_RE.search(text, max(0, end - 20), end)
        after = _at(_NAME_TOKEN_RE, text, end)
        if before is None or after is None or not after.group("word")[:1].isupper():
            return False
        return _key(f"{before.group(1)} {after.group('word')}") in self._gazetteer

    def _read_proper_name(self, text: str, pos: int, upper: bool) -> _Piece | None:
        """The proper name after an institution's head: capitalised words, each with the lowercase syllables
        that finish it (`Ung bướu`, `Kiểm soát bệnh tật`), a level and place (`tỉnh Nghệ An`).

        It ends before a verb or a function word (`Bệnh viện Bạch Mai tiếp nhận`, `… đã`), a person's name
        (`Công ty … Bắc Hà Nguyễn Văn Tâm`), another head after `và`, a lowercase run longer than a name's,
        punctuation, a number. In capitals (`TRƯỜNG ĐẠI HỌC\nNÔNG LÂM`) it reads capitals only, over a line
        break when the next line holds capitals only.
        """
        tokens: list[regex.Match[str]] = []
        at = pos
        while len(tokens) < 14:
            token = _at(_NAME_TOKEN_RE, text, at)
            if token is None or ("\n" in token.group("sep") and not (upper and self._capitals_line(text, token))):
                break
            tokens.append(token)
            at = token.end()
        if not tokens or not tokens[0].group("word")[:1].isupper():
            return None
        if upper:
            return self._read_capitals_name(text, tokens)
        # -- `single`: the last capitalised word stands alone (first, or after lowercase), so lowercase
        #    syllables after it may finish it (`Ung bướu`); after `Thái Nguyên`, `Na Sầm` they are the sentence
        end, pending, capitals, commit_pending, single = 0, 0, 0, True, True
        for index, token in enumerate(tokens):
            word = token.group("word")
            following = tokens[index + 1].group("word") if index + 1 < len(tokens) else ""
            if word[:1].isupper():
                if capitals >= 2 and self._person_starts(tokens, index):
                    break
                # -- an abbreviation (`THCS`, `TNHH`) is no syllable a lowercase one finishes
                single = not (len(word) > 1 and word.isupper()) and (
                    index == 0 or not tokens[index - 1].group("word")[:1].isupper()
                )
                end, pending, capitals = token.end(), 0, capitals + 1
                continue
            if word.isdigit():
                commit_pending = False
                break
            key = _key(word)
            if key in _LEVEL_FIRST_WORDS:
                level = self._read_level(text, tokens[index - 1].end() if index else pos)
                if level is not None and self._level_ends_name(text, level, pending):
                    return (
                        _Piece(
                            level.end,
                            f"{_clean(text[tokens[0].start('word') : tokens[index - 1].end()])} {level.normalized}",
                            level.confidence,
                        )
                        if index
                        else None
                    )
            pair = f"{key} {_key(following)}"
            if (
                key in _NAME_STOP_WORDS
                or key in _PREDICATE_WORDS
                or pair in _NAME_STOP_PAIRS
                or pair in _PREDICATE_PAIRS
            ):
                break
            if _CONJUNCTION_RE.fullmatch(word):
                if not following[:1].isupper() or self._head_at_re.match(text, tokens[index + 1].start("word")):
                    break
            pending += 1
            if pending > _NAME_LOWERCASE_RUN and not self._run_reaches_known_place(text, tokens, index):
                commit_pending = False
                break
        else:
            # -- the words ran out: at punctuation or the text's end the lowercase run finishes the name
            commit_pending = len(tokens) < 14
        if pending and single and end:
            run = [token for token in tokens if token.end() > end]
            last_capital = tokens[tokens.index(run[0]) - 1].group("word")
            if commit_pending:
                end = run[pending - 1].end()
            elif len(last_capital) > 1 and not last_capital.isupper():
                # -- the run goes on as prose, but its first syllable finishes the word: `Trung tâm Phục vụ …`
                end = run[0].end()
        if not end:
            return None
        return _Piece(end, _WHITESPACE_RE.sub(" ", new_style_tones(text[tokens[0].start("word") : end])))

    def _run_reaches_known_place(self, text: str, tokens: Sequence[regex.Match[str]], index: int) -> bool:
        """`… Vệ sinh môi trường nông thôn tỉnh Lai Châu`: a long lowercase run still inside a name, because
        a level and a place the gazetteer knows close it within two more words."""
        for ahead in range(index + 1, min(index + 3, len(tokens))):
            if _key(tokens[ahead].group("word")) in _LEVEL_FIRST_WORDS:
                level = self._read_level(text, tokens[ahead - 1].end())
                place = level.normalized.partition(" ")[2] if level is not None else ""
                if place:
                    return _key(place) in self._gazetteer
        return False

    def _level_ends_name(self, text: str, level: _Piece, pending: int) -> bool:
        """A level read inside a name ends it: `… tỉnh Nghệ An`; after lowercase syllables only with a place
        the gazetteer knows (`Hợp tác xã Nông nghiệp` holds `xã` and `Nông`, no place), and a level with no
        place only where the sentence pauses (`Liên minh Hợp tác xã tỉnh,`)."""
        level_word, _, place = level.normalized.partition(" ")
        if place:
            return not pending or _key(place) in self._gazetteer
        return _at(_NAME_TOKEN_RE, text, level.end) is None or _LINE_END_RE.match(text, level.end) is not None

    def _person_starts(self, tokens: Sequence[regex.Match[str]], index: int) -> bool:
        """A surname and two or three given names, title-case, no place the gazetteer knows: `Nguyễn Văn Tâm`."""
        if _key(tokens[index].group("word")) not in _SURNAMES:
            return False
        given = [token.group("word") for token in tokens[index + 1 : index + 4]]
        names = 0
        for word in given:
            if not (word[:1].isupper() and not word.isupper()):
                break
            names += 1
        if names < 2:
            return False
        if _key(given[0]) in _MIDDLE_NAMES:
            return True
        # -- `Bắc Hà`, `Hà Giang`, `Lâm` before `Thái Nguyên`: a place the gazetteer knows, not a person
        words = [token.group("word") for token in tokens]
        around = (words[index - 1 : index + 1], words[index : index + 2], words[index + 1 : index + 3])
        return not any(_key(" ".join(pair)) in self._gazetteer for pair in around)

    def _capitals_line(self, text: str, token: regex.Match[str]) -> bool:
        """The next line of a header holds capitals only and opens no other body: `NÔNG LÂM` under `TRƯỜNG ĐẠI HỌC`."""
        start = token.start("word")
        line_end = text.find("\n", start)
        line = text[start : line_end if line_end >= 0 else len(text)].strip()
        return (
            bool(line) and _CAPITALS_LINE_RE.fullmatch(line) is not None and self._head_at_re.match(text, start) is None
        )

    def _read_capitals_name(self, text: str, tokens: Sequence[regex.Match[str]]) -> _Piece | None:
        end = 0
        for token in tokens:
            word = token.group("word")
            if not word.isupper() or _key(word) in _NAME_STOP_WORDS or _key(word) in _LINKING_WORDS:
                break
            end = token.end()
        if not end:
            return None
        words = _clean(text[tokens[0].start("word") : end]).split(" ")
        # -- in sentence case, but a place the gazetteer knows at the end keeps its capitals: `… Hà Lầm`
        for size in range(min(4, len(words)), 1, -1):
            known = self._gazetteer.get(_key(" ".join(words[-size:])))
            if known is not None:
                return _Piece(end, " ".join([_sentence_case(" ".join(words[:-size])), known]).strip())
        return _Piece(end, _sentence_case(" ".join(words)))

    def _read_school(self, text: str, head: _Piece) -> _Piece | None:
        """`Trường THCS Môn Sơn`, `Trường PTDTBT TH Nậm Ty`: a school named by its level and its place."""
        if head.normalized != "Trường":
            return None
        level = _at(_SCHOOL_LEVEL_RE, text, head.end)
        place = self._read_place(text, level.end()) if level is not None else None
        if level is None or place is None:
            return None
        # -- the name as written: a school's name is a name (`Bản Lầu`), not a level and a place
        name = _WHITESPACE_RE.sub(" ", text[level.start("level") : place.end])
        return _Piece(place.end, f"Trường {name}", _SCHOOL_BY_LEVEL * place.confidence)

    def _read_org(
        self,
        text: str,
        pos: int,
        *,
        nested: bool = False,
        head_match: re.Match[str] | None = None,
        head_reading: _HeadReading | None = None,
    ) -> _Piece | None:
        """The longest organisation name that starts at `pos`, a word start, or None; `head_match` is the
        head matched there already, when the caller has it (`_head_re` and `_head_at_re` match the same
        heads), and `head_reading` what it says (`_head_reading`)."""
        if head_match is None and text[pos : pos + 1] not in self._head_letters:
            return None  # -- no head opens with this letter: spare the pattern a try
        match = head_match if head_match is not None else self._head_at_re.match(text, pos)
        if match is None:
            return None
        kind = match.lastgroup or ""
        written = match.group()
        reading = head_reading or self._head_reading(written, kind)
        upper = reading.upper
        head = _Piece(match.end(), reading.normalized)
        following = _letter_after_space(text, head.end)
        if following == "c" and kind not in ("national", "mass", "press") and _at(_PLURAL_AFTER_RE, text, head.end):
            return None  # -- `UBND các huyện`, `Đảng ủy các xã`, `Đảng các cấp`
        if following == "v" and kind in ("committee", "party") and _at(_MEMBER_RE, text, head.end):
            return None  # -- `Tỉnh ủy viên`, `đảng ủy viên`: a member, not the body
        # -- after a post, a bare `HU` is the committee the person sits on, as sure as inside a board's name
        after_post = (
            kind == "committee_abbreviation" and _POST_BEFORE_RE.search(text, max(0, pos - 32), pos) is not None
        )
        piece = self._read_by_kind(kind, text, head, upper, nested or after_post)
        if piece is None and kind == "working":
            # -- `Ban Chỉ đạo phát triển lâm nghiệp bền vững huyện`: `Ban` and a name closed by an anchor
            first = written.split(maxsplit=1)[0]
            piece = _join(
                _Piece(pos + len(first), _clean(first)), self._read_name_then_anchor(text, pos + len(first), upper)
            )
        if piece is None and kind == "wrapper" and _key(written) in self._named_spelling:
            piece = _join(head, self._read_name_then_anchor(text, head.end, upper))  # -- `Văn phòng Đăng ký …`
        return _read_term(text, piece) if piece is not None else None

    def _read_written_head(self, written: str, kind: str) -> _HeadReading:
        """What a head of group `kind` says by how it is written (the same written head is always of one group)."""
        key = _key(written)
        spelled = self._spelling.get(key)
        normalized = spelled if spelled is not None else _clean(written)
        return _HeadReading(
            normalized,
            _is_uppercase_head(written, normalized),
            role_word=key == "thường trực",
            may_end_compound=_may_end_compound(written, kind),
        )

    def _read_header_body(self, text: str, match: re.Match[str], above: Fact | None) -> _Piece | None:
        """A header line holding only an uppercase body of the issuer above it: `BAN TỔ CHỨC`.

        Its canonical spelling names the parent it belongs to: under `BAN CHẤP HÀNH / TRUNG ƯƠNG` it is
        `Ban Tổ chức Trung ương`, under `HUYỆN ỦY BẮC SƠN` it is `Ban Tổ chức Huyện ủy Bắc Sơn`.
        """
        written = match.group()
        if match.lastgroup != "wrapper" or not written.isupper() or len(written.split()) < 2:
            return None
        if not _stands_on_own_line(text, match.start(), match.end()):
            return None
        spelled = self._spelling.get(_key(written), _clean(written))
        if above is not None and not text[above.end : match.start()].strip(" \t\n|"):
            parent = above.normalized or _clean(above.text)
            spelled = f"{spelled} {parent.removeprefix('Ban Chấp hành ')}"
        return _Piece(match.end(), spelled)


@cache
def default_org_finder() -> OrgFinder:
    """The finder over the shipped tables (data/org_heads.json, place_names.txt, sectors.json), built once."""
    return OrgFinder(load_org_heads(), load_place_names(), load_sectors())


def find_orgs(text: str) -> list[Fact]:
    """Find named organisations and definite references to them, in text order.

    Example:
        find_orgs("Chủ tịch UBND tỉnh An Giang đã ký")
        → [Fact(kind="org", text="UBND tỉnh An Giang", normalized="Ủy ban nhân dân tỉnh An Giang",
                extractor="orgs.local", confidence=0.95, …)]

    Args:
        text: the document's normalised text.

    Returns:
        Org facts, the longest span where names nest, none overlapping; `normalized` is set when the
        canonical spelling (new-style tones, abbreviations expanded, sentence case, one line) differs;
        `extractor` is `orgs.<rule>` (the head group that fired, `header_body` for
        a board under the issuer in a header) and `confidence` that rule's, lowered for weaker evidence.
    """
    return default_org_finder().find(text)
