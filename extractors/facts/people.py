"""People: named individuals with the posts given with them, as `person` facts.

Three ways a document names a person:
- an honorific, the name, then the posts after commas (`đồng chí Nguyễn Văn Hải, Ủy viên Ban Thường vụ,
  Trưởng Ban Tổ chức Huyện ủy`), or in parentheses, or after a dash in a list (`… Huyện ủy - Tổ trưởng;`);
- a post, often with its body, right before the name (`Phó Chủ tịch UBND huyện Đinh Văn Khải`);
- the signature, and a name alone in a table cell: what the layout shows (extractors/facts/people_layout.py).

A post with no name (`Bí thư Huyện ủy`) is not a person. A name opens with a family name
(data/surnames.txt) unless an honorific vouches for it, and has two to five capitalised syllables.
Each post gets the entity id of the org fact it holds (`Trưởng Ban Tổ chức Huyện ủy` → the entity of
`Ban Tổ chức Huyện ủy`, as `vanban_org_links` resolved it), and each person a `person_id`: a hash of
the name (NFC, case-folded) and the entity of the first post that has one, so the same person holding
the same post is one id across documents, and two namesakes in different bodies are two.

Example:
    find_people("Đồng chí Lương Văn Tấn, Trưởng Ban Tổ chức Huyện ủy - Tổ trưởng;", orgs)
    → [Fact(kind="person", name="Lương Văn Tấn", posts=("Trưởng Ban Tổ chức Huyện ủy", "Tổ trưởng"),
            honorific="đồng chí", …)]
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from operator import attrgetter
from pathlib import Path

import regex

from vanban.extractors.text.normalize import canonical
from vanban.models.fact import Fact

_START = attrgetter("start")
SURNAMES_PATH = Path(__file__).resolve().parent / "data" / "surnames.txt"

HONORIFICS = {"đồng chí": "đồng chí", "đ/c": "đồng chí", "ông": "ông", "bà": "bà"}
# -- words that vouch for a name as an honorific does but are none of the contract's: `Anh`, `Chị` of a
#    news item, a rank (`Thượng tá Trần Văn Linh`), a title (`Bác sĩ`, `TS.`); the person gets no honorific
# -- what a person fact's fields are read with, and how sure each reading is
HONORIFIC_CONFIDENCE = 0.95
UNKNOWN_SURNAME_CONFIDENCE = 0.8  # -- an honorific, but a first syllable no family name we know
POST_BEFORE_CONFIDENCE = 0.85
MAX_NAME_WORDS = 5
# -- how far before a name a post's head may start (`Phó Chủ tịch Thường trực ` is 26 characters)
POST_LOOKBEHIND = 48

# -- posts, longest first where one opens another; `Ủy` in either tone style, any case of the first letter
POST_HEADS = (
    "Phó Tổng Giám đốc",
    "Tổng Giám đốc",
    "Phó Giám đốc",
    "Giám đốc",
    "Tổng Bí thư",
    "Phó Bí thư Thường trực",
    "Bí thư Thường trực",
    "Phó Bí thư",
    "Bí thư",
    "Phó Chủ tịch Thường trực",
    "Phó Chủ tịch nước",
    "Phó Chủ tịch",
    "Chủ tịch nước",
    "Chủ tịch",
    "Phó Chủ nhiệm",
    "Chủ nhiệm",
    "Phó Trưởng ban Thường trực",
    "Phó Trưởng ban",
    "Phó Trưởng phòng",
    "Phó Trưởng",
    "Trưởng ban",
    "Trưởng phòng",
    "Trưởng đoàn",
    "Trưởng thôn",
    "Trưởng bản",
    "Trưởng",
    "Phó Chánh Văn phòng",
    "Chánh Văn phòng",
    "Phó Chánh án",
    "Chánh án",
    "Phó Chánh",
    "Chánh",
    "Phó Thủ tướng",
    "Thủ tướng",
    "Bộ trưởng",
    "Thứ trưởng",
    "Phó Hiệu trưởng",
    "Hiệu trưởng",
    "Phó Viện trưởng",
    "Viện trưởng",
    "Cục trưởng",
    "Vụ trưởng",
    "Chi cục trưởng",
    "Chỉ huy trưởng",
    "Đội trưởng",
    "Tổ trưởng",
    "Tổ phó",
    "Chính ủy",
    "Chính trị viên",
    "Kế toán trưởng",
    "Thư ký",
    "Đại biểu Quốc hội",
    "Ủy viên Ban Chấp hành Trung ương Đảng",
    "Ủy viên Trung ương Đảng",
    "Ủy viên Ban Thường vụ",
    "Ủy viên Ban Chấp hành",
    "Ủy viên Ban Thường trực",
    "Ủy viên",
    "Tỉnh ủy viên",
    "Huyện ủy viên",
    "Thành ủy viên",
    "Đảng ủy viên",
    "Chi ủy viên",
    "Thành viên",
    "Chuyên viên",
    # -- abbreviations a list or a plan writes (`PCT UBND huyện`, `HUV`); not `TP`, `CT`, `BT`: places and signs
    "PCT",
    "PBT",
    "UVBTV",
    "UV BTV",
    "TUV",
    "HUV",
    "ĐUV",
    "PGĐ",
    "GĐ",
    "CVP",
    "PCVP",
)


def _head_pattern(head: str) -> str:
    words = []
    for word in head.split():
        word = regex.escape(word)
        word = word.replace("Ủy", "(?:Ủy|Uỷ)").replace("ủy", "(?:ủy|uỷ)")
        words.append(word)
    return r"\s+".join(words)


_HEADS = "|".join(_head_pattern(head) for head in POST_HEADS)
_NO_LETTER_BEFORE = r"(?<![\p{L}\d])"
_NO_LETTER_AFTER = r"(?![\p{L}\d])"
# -- `nguyên Bí thư Huyện ủy` (former), `quyền Chủ tịch` (acting): part of the post as written
POST_HEAD_RE = regex.compile(
    rf"{_NO_LETTER_BEFORE}(?:(?:nguyên|quyền)[ \t]+)?(?:Phó[ \t]+)?(?:{_HEADS}){_NO_LETTER_AFTER}", regex.IGNORECASE
)
# -- the words a head opens with, case-folded (`phó`, `chủ`, `nguyên`, `uỷ`): POST_HEAD_RE cannot match
#    at a word that is none of them, so a name's words are looked up here before the pattern (which
#    tries each of its heads in turn) is tried
HEAD_FIRST_WORDS = frozenset(
    word.casefold()
    for head in (*POST_HEADS, "nguyên", "quyền", "Phó")
    for word in (head.split()[0], head.split()[0].replace("Ủy", "Uỷ").replace("ủy", "uỷ"))
)
# -- a head ending where a body's name begins: `Phó Chủ tịch ` before `UBND huyện`
POST_HEAD_BEFORE_RE = regex.compile(rf"{_NO_LETTER_BEFORE}(?:{_HEADS})[ \t]+$")
HONORIFIC_RE = regex.compile(
    r"(?<![\p{L}\d/])(?P<honorific>[Đđ]ồng[ \t]+chí|ĐỒNG[ \t]+CHÍ|[Đđ]/[Cc]|[Ôô]ng|[Bb]à"
    r"|[Aa]nh|[Cc]hị|(?:Thượng|Đại|Trung|Thiếu)[ \t]+(?:tá|úy|uý)"
    r"|[Bb]ác[ \t]+sĩ|(?:Tiến|Thạc)[ \t]+sĩ|Kỹ[ \t]+sư|Luật[ \t]+sư|Nhà[ \t]+giáo|Nghệ[ \t]+nhân"
    r"|(?:P?GS\.[ \t]?)?T(?:h)?S\.?)(?:[ \t]*:)?[ \t]+(?=\p{Lu})"
)
PLURAL_RE = regex.compile(r"(?<![\p{L}])[Cc]ác[ \t]+$")
FELLOW_SEPARATOR_RE = re.compile(r"[ \t]*(?:[,;][ \t]*(?:và[ \t]+)?|[ \t]+và[ \t]+)")
HONORIFIC_BEFORE_RE = regex.compile(r"(?<![\p{L}\d/])(?P<honorific>[Đđ]ồng[ \t]+chí|[Đđ]/[Cc]|[Ôô]ng|[Bb]à)[ \t]+$")
# -- a title-case syllable: a capital, then lowercase letters (`Nguyễn`, `Y`, `H'Hen` is two); not `UBND`
_NAME_WORD = r"\p{Lu}[\p{Ll}'’]*(?![\p{L}\d])"
NAME_RE = regex.compile(rf"{_NAME_WORD}(?:[ ]{_NAME_WORD}){{1,{MAX_NAME_WORDS + 2}}}")
# -- a name in capitals, after `ĐỒNG CHÍ` in a title (`KẾT LUẬN CỦA ĐỒNG CHÍ NGUYỄN VĂN HẢI, BÍ THƯ …`)
_UPPER_NAME_WORD = r"\p{Lu}+(?![\p{L}\d])"
UPPER_NAME_RE = regex.compile(rf"{_UPPER_NAME_WORD}(?:[ ]{_UPPER_NAME_WORD}){{1,{MAX_NAME_WORDS + 2}}}")
# -- a seat on a committee rather than a post in a body: `Ủy viên Ban Thường vụ`, `Huyện ủy viên`, `thành viên`
MEMBER_POST_RE = regex.compile(
    r"(?:nguyên[ \t]+)?(?:(?:(?:Huyện|Tỉnh|Thành|Đảng|Chi)[ \t]+)?(?:ủy|uỷ)[ \t]+viên|thành[ \t]+viên|UV|HUV|TUV|ĐUV)",
    regex.IGNORECASE,
)
# -- between a name and its posts, and between posts: `, ` `; ` is the end; ` - ` and ` – ` before a list role
POST_SEPARATOR_RE = re.compile(r"(?P<sep>[ \t]*,|[ \t]*\(|[ \t]+[-–—][ \t]+|[ \t]+và[ \t]+)[ \t]*")
TITLE_WORD_AFTER_RE = regex.compile(rf"[ \t]+{_NAME_WORD}")
# -- where a person can be named: an honorific, or a post's head written before a name. Found as
#    literals in one `re` scan of the text, then read with the patterns above: a pass over a long text
#    costs more than the lowercase literals add to the scan (a `str.find` each cost a pass). Literal →
#    is it an honorific (else a head, read from its word's start). A post with its body before a name
#    (`Giám đốc Sở Nội vụ Lê Thị Hà`) is found from the org fact instead.
CAPITAL_ANCHORS: dict[str, bool] = {
    "Đồng chí": True,
    "ĐỒNG CHÍ": True,  # -- in a title
    "Đ/c ": True,
    "Ông ": True,
    "Bà ": True,
    "Anh ": True,
    "Chị ": True,
    "Thượng tá ": True,
    "Đại tá ": True,
    "Trung tá ": True,
    "Thiếu tá ": True,
    "Đại úy ": True,
    "Thượng úy ": True,
    "Trung úy ": True,
    "Thiếu úy ": True,
    "Bác sĩ ": True,  # -- titles: they vouch for a name, as an honorific does, and are no post
    "Tiến sĩ ": True,
    "Thạc sĩ ": True,
    "Kỹ sư ": True,
    "Luật sư ": True,
    "Nhà giáo ": True,
    "Nghệ nhân ": True,
    "TS. ": True,
    "ThS. ": True,
    "PGS.TS ": True,
    "PGS.TS. ": True,
    "GS.TS ": True,
    "GS.TS. ": True,
    "Bí thư ": False,  # -- Tổng Bí thư Tô Lâm
    "Chủ tịch ": False,
    "Ủy viên ": False,
    "Uỷ viên ": False,
    "Huyện ủy viên ": False,
    "Tỉnh ủy viên ": False,
}


def _trie_pattern(words: Iterable[str]) -> str:
    """One pattern for many literals, factored by shared prefixes: `Đ(?:ồng chí|ại tá )`. A plain
    alternation tries each literal in turn wherever its first letter stands, and capitals such as `T`
    open many sentences."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_branch(tree)


def _trie_branch(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_branch(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends_here = "" in node
    body = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
    return body + ("?" if ends_here else "")


# -- lowercase honorifics inside a sentence: `đồng chí` where a word starts, the others after a space
LOWERCASE_ANCHORS = ("đồng chí", "ông ", "bà ", "bác sĩ ")
AFTER_SPACE_ANCHORS = frozenset(("ông ", "bà ", "bác sĩ "))
ANCHORS: dict[str, bool] = {**CAPITAL_ANCHORS, **dict.fromkeys(LOWERCASE_ANCHORS, True)}
ANCHOR_RE = re.compile(_trie_pattern(ANCHORS))
# -- a head found inside a longer one: `Chủ tịch` in `Phó Chủ tịch`, `Bí thư` in `Tổng Bí thư`
HEAD_PREFIX_WORDS = frozenset(
    ("Phó", "Tổng", "Bộ", "Thứ", "Hiệu", "Cục", "Vụ", "Viện", "Tổ", "Đội", "Huyện", "Tỉnh", "Thành", "Đảng", "Chi")
)


@cache
def load_surnames(path: Path = SURNAMES_PATH) -> frozenset[str]:
    """The family names of data/surnames.txt as `canonical` keys (`#` comments skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(canonical(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def person_id(name: str, entity: str | None) -> str:
    """One id per person: the name, NFC and case-folded, and the org entity of the person's post when known.

    Example:
        person_id("Lương Văn Tấn", "ab12…") == person_id("LƯƠNG VĂN TẤN", "ab12…") → True
    """
    key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return hashlib.sha256(f"person|{key}|{entity or ''}".encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True, slots=True)
class Post:
    start: int
    end: int
    entity_id: str | None


class OrgIndex:
    """The document's org facts by offset: which org starts near a point, which ends at one."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        orgs = [f for f in facts if f.kind == "org"]
        orgs.sort(key=_START)
        self.orgs = orgs
        self.starts = [f.start for f in orgs]

    @functools.cached_property
    def by_end(self) -> dict[int, Fact]:
        """End offset → the org ending there that starts first (the longest)."""
        by_end: dict[int, Fact] = {}
        for org in self.orgs:
            if org.end not in by_end or org.start < by_end[org.end].start:
                by_end[org.end] = org
        return by_end

    @functools.cached_property
    def start_set(self) -> frozenset[int]:
        return frozenset(self.starts)

    def reaching_from(self, low: int, high: int) -> Fact | None:
        """The org that starts in [low, high] and reaches furthest."""
        best = None
        index = bisect.bisect_left(self.starts, low)
        while index < len(self.orgs) and self.starts[index] <= high:
            org = self.orgs[index]
            if best is None or org.end > best.end:
                best = org
            index += 1
        return best

    def inside(self, start: int, end: int) -> Fact | None:
        """The longest org within [start, end]."""
        best = None
        index = bisect.bisect_left(self.starts, start)
        while index < len(self.orgs) and self.starts[index] < end:
            org = self.orgs[index]
            if org.end <= end and (best is None or org.end - org.start > best.end - best.start):
                best = org
            index += 1
        return best


def find_people(text: str, facts: Sequence[Fact] = ()) -> list[Fact]:
    """Person facts of a text; `facts` are those found so far, whose orgs end names and give posts their entity.

    Example:
        find_people("Ông Hoàng Văn Thượng, Chủ tịch UBND huyện trả lời.")[0].posts → ("Chủ tịch UBND huyện",)
    """
    honorifics, anchored_heads = _anchors(text)
    orgs = OrgIndex(facts)
    # -- a head found by its literal counts where a name follows it at once (`Tổng Bí thư Tô Lâm`); a
    #    head with its body before a name is found from the org fact
    heads = [at for at in anchored_heads if _name_follows_head(text, at)]
    heads.extend(_heads_before_named_orgs(text, orgs))
    if not honorifics and not heads:
        return []
    people: dict[int, Fact] = {}
    for at in honorifics:
        match = HONORIFIC_RE.match(text, at)
        person = _person_after_honorific(text, match, orgs) if match is not None else None
        if person is None:
            continue
        people.setdefault(person.extra["name_start"], person)
        if _after_plural(text, at):
            for fellow in _fellows(text, person, orgs):
                people.setdefault(fellow.extra["name_start"], fellow)
    for at in sorted({_head_start(text, at) for at in heads}):
        person = _person_after_post(text, at, orgs)
        if person is not None:
            people.setdefault(person.extra["name_start"], person)
    found = sorted(people.values(), key=lambda f: f.start)
    for fact in found:
        fact.extra.pop("name_start", None)
    return found


def _anchors(text: str) -> tuple[list[int], list[int]]:
    """Where honorifics and post heads may start a word: (honorific offsets, head offsets), each in text order."""
    honorifics: list[int] = []
    heads: list[int] = []
    for match in ANCHOR_RE.finditer(text):
        at, literal = match.start(), match.group()
        if literal in AFTER_SPACE_ANCHORS:
            if text[at - 1 : at] == " ":
                honorifics.append(at)
        elif at == 0 or not text[at - 1].isalnum():
            (honorifics if ANCHORS[literal] else heads).append(at)
    return honorifics, heads


def _after_plural(text: str, at: int) -> bool:
    """`các đồng chí Nguyễn Văn A, Trần Thị B`: the honorific at `at` opens a list of people."""
    # -- the slice rules out nearly every honorific before the pattern is tried
    return text[at - 3 : at - 1] == "ác" and PLURAL_RE.search(text, max(0, at - 4), at) is not None


def _heads_before_named_orgs(text: str, orgs: OrgIndex) -> list[int]:
    """Where a post's head starts before an org fact that a name follows: `Phó Chủ tịch UBND huyện Đinh Văn Khải`."""
    found = []
    for org in orgs.orgs:
        # -- a space and a capital after the org, tested here: most orgs have neither
        after = text[org.end : org.end + 2]
        if after[:1] == " " and after[1:].isupper() and _opens_name(text, org.end + 1):
            head = POST_HEAD_BEFORE_RE.search(text, max(0, org.start - POST_LOOKBEHIND), org.start)
            if head is not None:
                found.append(head.start())
    return found


def _name_follows_head(text: str, at: int) -> bool:
    head = POST_HEAD_RE.match(text, at)
    return head is not None and text[head.end() : head.end() + 1] == " " and _opens_name(text, head.end() + 1)


def _word_start(text: str, at: int) -> int:
    while at > 0 and text[at - 1].isalpha():
        at -= 1
    return at


def _head_start(text: str, at: int) -> int:
    """Back over the words that open a longer head: `Chủ tịch` → `Phó Chủ tịch`, `ủy viên` → `Huyện ủy viên`."""
    while at > 1 and text[at - 1] == " ":
        before = _word_start(text, at - 1)
        if text[before : at - 1] not in HEAD_PREFIX_WORDS:
            break
        at = before
    return at


def _person_after_honorific(text: str, match: regex.Match[str], orgs: OrgIndex) -> Fact | None:
    honorific = HONORIFICS.get(canonical(match.group("honorific")))
    pos = match.end()
    posts: list[Post] = []
    head = POST_HEAD_RE.match(text, pos)
    if head is not None:
        # -- `đồng chí Bí thư Huyện ủy Hoàng Văn Khánh`: the post comes first
        post = _read_post(text, head, orgs)
        posts.append(post)
        pos = post.end + 1
        if text[post.end : pos] != " ":
            return None
    upper = match.group("honorific").startswith("ĐỒNG")  # -- `ĐỒNG CHÍ` in a title; `TS.` is capitals too
    name_end = find_name_end(text, pos, orgs, need_surname=bool(posts) or upper, upper=upper)
    if name_end is None:
        return None
    name = text[pos:name_end]
    known = canonical(name.split()[0]) in load_surnames()
    posts_after, end = _posts_after(text, name_end, orgs)
    start = match.start()
    if not posts:
        before = _post_before_comma(text, start, orgs)
        if before is not None:
            posts.append(before)
            start = before.start
    posts.extend(posts_after)
    confidence = HONORIFIC_CONFIDENCE if known else UNKNOWN_SURNAME_CONFIDENCE
    return make_person(text, start, max(end, name_end), pos, name, posts, honorific, confidence, "honorific")


def _post_before_comma(text: str, at: int, orgs: OrgIndex) -> Post | None:
    """`Phó Chủ tịch UBND huyện, ông Đinh Văn Khải`: the post written before the honorific, after a comma."""
    if at < 2 or text[at - 2 : at] != ", ":
        return None
    org = orgs.by_end.get(at - 2)
    if org is None:
        return None
    head = POST_HEAD_BEFORE_RE.search(text, max(0, org.start - POST_LOOKBEHIND), org.start)
    if head is None:
        return None
    return Post(head.start(), org.end, org.entity_id)


def _fellows(text: str, first: Fact, orgs: OrgIndex) -> list[Fact]:
    """`các đồng chí Nguyễn Văn A, Trần Thị B và Lê Văn C`: the names that follow the first, each a person
    with its own posts and the same honorific."""
    fellows: list[Fact] = []
    end = first.end
    while (separator := FELLOW_SEPARATOR_RE.match(text, end)) is not None:
        pos = separator.end()
        name_end = find_name_end(text, pos, orgs, need_surname=True)
        if name_end is None:
            break
        posts, end = _posts_after(text, name_end, orgs)
        end = max(end, name_end)
        name = text[pos:name_end]
        fellows.append(
            make_person(text, pos, end, pos, name, posts, first.honorific, HONORIFIC_CONFIDENCE, "honorific")
        )
    return fellows


def _person_after_post(text: str, at: int, orgs: OrgIndex) -> Fact | None:
    """`Phó Chủ tịch UBND huyện Đinh Văn Khải`, `Tổng Bí thư Tô Lâm`: a post, maybe with its body, then the name."""
    # -- a post written before a name is capitalised: `Chủ tịch`, not the `trưởng` of `tăng trưởng`
    head = POST_HEAD_RE.match(text, at) if text[at].isupper() else None
    if head is None:
        return None
    post = _read_post(text, head, orgs)
    start = post.end + 1
    if text[post.end : start] not in (" ", "\t"):
        return None
    name_end = find_name_end(text, start, orgs, need_surname=True)
    if name_end is None:
        return None
    first = head.start()
    honorific = None
    before = HONORIFIC_BEFORE_RE.search(text, max(0, first - 12), first)
    if before is not None:
        first, honorific = before.start(), HONORIFICS[canonical(before.group("honorific"))]
    posts_after, end = _posts_after(text, name_end, orgs)
    name = text[start:name_end]
    return make_person(
        text, first, max(end, name_end), start, name, [post, *posts_after], honorific, POST_BEFORE_CONFIDENCE, "post"
    )


def find_name_end(text: str, pos: int, orgs: OrgIndex, *, need_surname: bool, upper: bool = False) -> int | None:
    """Where the name at `pos` ends: 2–5 title-case syllables (capitals with `upper`), cut before a post or a
    body; None for no name."""
    match = (UPPER_NAME_RE if upper else NAME_RE).match(text, pos)
    if match is None:
        return None
    # -- the pattern's words are joined by single spaces
    words = match.group().split(" ")
    starts = list(itertools.accumulate((len(word) + 1 for word in words[:-1]), initial=pos))
    opens_head = _may_open_head(words[0]) and POST_HEAD_RE.match(text, pos) is not None
    if opens_head or pos in orgs.start_set:
        return None
    kept = 2
    for start, word in zip(starts[2:], words[2:], strict=True):
        if start in orgs.start_set or _opens_long_head(text, start, word):
            break
        kept += 1
    if kept > MAX_NAME_WORDS:
        return None
    if need_surname and canonical(words[0]) not in load_surnames():
        return None
    end = starts[kept - 1] + len(words[kept - 1])
    if kept == 2 and (canonical(words[1]) in ("văn", "thị") or canonical(text[pos:end]) in _place_keys()):
        return None  # -- `Nguyễn Văn` is cut short; `Hà Giang`, `Cao Lộc` are places, not two-syllable names
    return end


def _may_open_head(word: str) -> bool:
    """Whether a head can start at a name's word: it is a word heads open with, or holds an apostrophe
    (`Trưởng'`: the head would end before it)."""
    return word.casefold() in HEAD_FIRST_WORDS or "'" in word or "’" in word


def _opens_long_head(text: str, start: int, word: str) -> bool:
    """A post of two words or more opens at the name's `word` (`Chủ tịch`, `Chánh Văn phòng`): the name ends
    before it. A one-word head is a given name there (`Lê Văn Chánh`)."""
    if not _may_open_head(word):
        return False
    head = POST_HEAD_RE.match(text, start)
    return head is not None and head.end() > start + len(word)


@cache
def _place_keys() -> frozenset[str]:
    from vanban.extractors.facts.orgs import PLACE_NAMES_PATH, load_place_names

    return frozenset(canonical(name) for name in load_place_names(PLACE_NAMES_PATH))


def _read_post(text: str, head: regex.Match[str], orgs: OrgIndex) -> Post:
    """A post from its head: through the body named in or right after it (an org fact), else the
    capitalised words that follow (`Trưởng thôn Nà Pàn`)."""
    org = orgs.reaching_from(head.start(), head.end() + 1)
    if org is not None and org.end > head.end():
        return Post(head.start(), org.end, org.entity_id)
    end = head.end()
    # -- a space is tested before the pattern: most posts end at a comma or a semicolon
    while text[end : end + 1] in (" ", "\t") and (word := TITLE_WORD_AFTER_RE.match(text, end)) is not None:
        if _opens_name(text, word.end() - len(word.group().lstrip())):
            break  # -- a name follows the post
        end = word.end()
    inner = orgs.inside(head.start(), end)
    return Post(head.start(), end, inner.entity_id if inner is not None else None)


def _opens_name(text: str, pos: int) -> bool:
    """A family name and another capitalised syllable at `pos`: `Tô Lâm` after `Tổng Bí thư`."""
    if not text[pos : pos + 1].isupper():
        return False
    match = NAME_RE.match(text, pos)
    return match is not None and canonical(text[pos : text.find(" ", pos)]) in load_surnames()


def _posts_after(text: str, pos: int, orgs: OrgIndex) -> tuple[list[Post], int]:
    """The posts after a name: `, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy - Tổ trưởng`."""
    posts: list[Post] = []
    end = pos
    opened = False
    if text[pos : pos + 1] == " " and text[pos + 1 : pos + 2].isupper():
        # -- `ông Nguyễn Văn Hải Chủ tịch UBND xã`: a post of two words or more right after the name
        head = POST_HEAD_RE.match(text, pos + 1)
        if head is not None and " " in head.group():
            post = _read_post(text, head, orgs)
            posts.append(post)
            end = post.end
    while (separator := POST_SEPARATOR_RE.match(text, end)) is not None:
        sep = separator.group("sep").strip()
        at = separator.end()
        head = POST_HEAD_RE.match(text, at)
        if head is not None and (sep != "và" or posts):
            post = _read_post(text, head, orgs)
            posts.append(post)
            end = post.end
            opened = opened or sep == "("
            continue
        org = orgs.reaching_from(at, at)
        if sep == "," and posts and org is not None and _ends_clause(text, org.end):
            # -- `Bí thư Chi bộ thôn Nà Pàn, Đảng uỷ xã Hoa Thám`: the body above, part of the post
            posts[-1] = Post(posts[-1].start, org.end, posts[-1].entity_id or org.entity_id)
            end = org.end
            continue
        break
    if opened and text[end : end + 1] == ")":
        end += 1
    return posts, end


def _ends_clause(text: str, pos: int) -> bool:
    rest = text[pos : pos + 2]
    return not rest or rest[0] in ",;.:)\n" or (rest[0] == " " and rest[1:2].islower())


def make_person(
    text: str,
    start: int,
    end: int,
    name_start: int,
    name: str,
    posts: list[Post],
    honorific: str | None,
    confidence: float,
    rule: str,
) -> Fact:
    written = tuple(text[post.start : post.end] for post in posts)
    entity = _identifying_entity(written, [post.entity_id for post in posts])
    return Fact(
        kind="person",
        text=text[start:end],
        start=start,
        end=end,
        name=name,
        posts=written,
        honorific=honorific,
        post_entity_ids=tuple(post.entity_id for post in posts),
        person_id=person_id(name, entity),
        signer=False,
        extractor=f"people.{rule}",
        confidence=confidence,
        extra={"name_start": name_start},
    )


def _identifying_entity(posts: Sequence[str], entities: Sequence[str | None]) -> str | None:
    """The body a person is known by: the entity of the first post that heads or serves in it, before one
    that is a seat on a committee (`Ủy viên Ban Thường vụ Huyện ủy`), which a person keeps across posts."""
    fallback = None
    for post, entity in zip(posts, entities, strict=True):
        if entity is None:
            continue
        if not MEMBER_POST_RE.match(post):
            return entity
        fallback = fallback or entity
    return fallback
