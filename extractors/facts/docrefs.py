"""Document references: `Nghị quyết số 22-NQ/TW, ngày 2/2/2008`, `Quyết định 1581-QĐ/HU`, `Số: 186/QĐ-UBND`.

A docref is a document-type word with a number or a sign, a sign standing on its own (the header's
`Số: …`, or a sign whose letters name a document type), or a law cited by its title followed by a date
or a sign. Signs are decoded by `vanban.extractors.text.signs.decode_symbol`, which the header uses too.

Example:
    find_docrefs("Thực hiện Quyết định 1581-QĐ/HU về …")
    → [Fact(kind="docref", text="Quyết định 1581-QĐ/HU", doc_type="Quyết định", number="1581",
            symbol="1581-QĐ/HU", issuer_code="HU", …)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import regex

from vanban.extractors.text.normalize import canonical, ignorecase_class
from vanban.extractors.text.signs import DecodedSign, decode_symbol, strip_zeros
from vanban.extractors.text.spans import DisjointSpans
from vanban.models.fact import Fact

EXTRACTOR = "rules.docrefs"

# -- document-type words as written in running text and titles (longest first, so that
#    `Thông tư liên tịch` wins over `Thông tư`); the value is the canonical spelling
DOC_TYPE_WORDS: tuple[str, ...] = (
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Hướng dẫn liên tịch",
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Kết luận",
    "Quy định",
    "Quy chế",
    "Hướng dẫn",
    "Kế hoạch",
    "Báo cáo",
    "Thông báo",
    "Thông cáo",
    "Công văn",
    "Công điện",
    "Nghị định",
    "Thông tư",
    "Thông tri",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Tờ trình",
    "Chương trình",
    "Đề án",
    "Hiến pháp",
    "Văn bản",
)

# -- type words that say nothing of the type: the sign's letters decide
_GENERIC_TYPE_WORDS = frozenset({"văn bản"})

# -- a number-only reference (`Kế hoạch 5 năm`) is a count when one of these follows the number
_COUNT_UNIT_WORDS: frozenset[str] = frozenset(
    {
        "năm",
        "tháng",
        "tuần",
        "ngày",
        "quý",
        "giờ",
        "phút",
        "lần",
        "đợt",
        "bước",
        "điểm",
        "người",
        "triệu",
        "tỷ",
        "tỉ",
        "nghìn",
        "ngàn",
        "trăm",
        "đồng",
        "nội",
        "nhiệm",
        "mục",
        "giải",
        "chỉ",
        "tiêu",
        "lĩnh",
        "chương",
        "điều",
        "khoản",
        "trang",
        "bản",
        "văn",
        "đơn",
        "xã",
        "huyện",
        "tỉnh",
        "cấp",
        "loại",
        "nhóm",
        "đề",
        "dự",
        "công",
        "hộ",
        "lớp",
        "tổ",
        "chi",
        "đảng",
    }
)

_WB_START = r"(?<![\p{L}\p{N}])"
# -- the space inside a phrase: a run of spaces holding at most one line break (Word wraps lines)
_SP = r"(?:[ \t]+\n?|\n)[ \t]*"
_OPT_SP = r"[ \t]*\n?[ \t]*"
# -- anchored matches look this far ahead at most (the `regex` module may otherwise scan the whole
#    text for a required literal on every call)
_WINDOW = 120


def _phrase(words: str) -> str:
    return _SP.join(re.escape(word) for word in words.split())


_TYPE_WORD = "|".join(_phrase(word) for word in DOC_TYPE_WORDS)


def _type_word_first_read(words: Sequence[str]) -> str:
    r"""The type words, any case, at a word start: the same matches as `(?<!\w)(?i:{_TYPE_WORD})`, found faster.

    A pattern that opens with a plain class lets `re` skip straight to the letters that can start a
    match (a lookbehind first makes it try every position); the first letter's class is read first, a
    look ahead at the second letter (one class of every second letter) turns most words away at once,
    `(?<!\w.)` checks the word starts there, then one branch per second letter opens with that letter's
    plain class (which `re` tests at a glance, where a branch under IGNORECASE is entered), and within
    it one branch per first letter looks behind for it and goes on. Order is kept within two letters;
    words that differ in them never match at one place.
    """
    by_second: dict[str, dict[str, list[str]]] = {}
    for word in words:
        if not word[:2].isalpha():
            raise ValueError(f"a document type word opens with two letters, not {word!r}")
        by_second.setdefault(word[1].lower(), {}).setdefault(word[0].lower(), []).append(word)
    initials = _class_of(first for by_first in by_second.values() for first in by_first)
    seconds = _class_of(by_second)
    branches = "|".join(
        rf"{ignorecase_class(second)}(?:{'|'.join(_rest_after_first(first, group) for first, group in by_first.items())})"
        for second, by_first in by_second.items()
    )
    return rf"{initials}(?={seconds})(?<!\w.)(?:{branches})"


def _rest_after_first(first: str, words: Sequence[str]) -> str:
    """With the second letter read: a look behind for the first, then the rest of `words`, any case."""
    return rf"(?<={ignorecase_class(first)}.)(?i:{'|'.join(_phrase(word)[2:] for word in words)})"


def _class_of(letters: Iterable[str]) -> str:
    """One class of the letters in any case: `["t", "n"]` → `[NTnt]`."""
    return "[" + "".join(sorted({char for letter in letters for char in ignorecase_class(letter)[1:-1]})) + "]"


# -- a sign: number (`30a`), an optional year, then letter groups joined by `-` or `/`; spaces and a
#    line break may sit around the joiners (`16 -\nHD/BTCTW`). Letter groups open with a capital.
_SIGN_JOIN = r"[ \t]*\n?[ \t]*[-–/][ \t]*\n?[ \t]*"
# -- what follows a sign's number: the look ahead for a joiner turns most numbers (counts, years) away at
#    once, before the optional parts are tried one by one
_SIGN_TAIL = rf"(?=[a-zđ]?[ \t\n]*[-–/])[a-zđ]?(?:{_SIGN_JOIN}(?:19|20)\d\d)?(?:{_SIGN_JOIN}[A-ZĐ][\w&]{{0,13}}){{1,4}}"
# -- a number's digits are possessive (`{1,5}+`): nothing that may follow them starts with a digit, so
#    giving one back never helps, and the engine no longer tries it
_SIGN = rf"(?P<sign>\d{{1,5}}+{_SIGN_TAIL})(?!\w)"
_NUMBER_ONLY = r"(?P<bare>\d{1,5}+[a-zđ]?)(?!\w)(?![.,]\d|[-/–%]|[ \t]*%)"

# -- the stdlib `re` scans these faster than `regex`; type words in any case, signs as written
TYPED_DOCREF_RE = re.compile(
    rf"(?P<type>{_type_word_first_read(DOC_TYPE_WORDS)})(?:(?P<so>{_SP}(?i:số))?[ \t]*:?{_OPT_SP}|[ \t]*:{_OPT_SP})"
    rf"(?:{_SIGN}|{_NUMBER_ONLY})"
)
# -- the same type words and separators read backwards from a number, over the reversed text: a digit, the
#    separators (`số` as `ốs`), then the type word ending there (`_type_words_read_backwards`). A typed
#    reference holds a number, and one number in twenty has a type word before it; reading back from the
#    numbers (which `re` skips straight to) finds where typed references may start, rather than reading
#    every word of the text forward (`_typed_matches`)
_REVERSED_SP = r"[ \t]*(?:\n?[ \t]+|\n)"


def _type_words_read_backwards(words: Sequence[str]) -> str:
    """The type words written backwards, any case, then the word start: one branch per last two letters.

    As in `_type_word_first_read`, a look ahead at the last two letters (a class of each) turns most words
    away at once, and each branch opens with plain classes that `re` tests at a glance. Within a branch
    the words keep their order, so that a longer word ending as a shorter one (`Bộ luật`, `Luật`) is
    tried first and the match reaches back to its start.
    """
    for earlier, later in ((a, b) for i, a in enumerate(words) for b in words[i + 1 :]):
        if later.lower().endswith(" " + earlier.lower()):
            raise ValueError(f"{later!r} must come before {earlier!r}, which ends it")
    by_last_two: dict[str, list[str]] = {}
    for word in words:
        if not word[-2:].isalpha():
            raise ValueError(f"a document type word closes with two letters, not {word!r}")
        backwards = _REVERSED_SP.join(re.escape(part[::-1]) for part in reversed(word.split()))
        by_last_two.setdefault(word[-2:].lower(), []).append(backwards[2:])
    lasts, seconds = _class_of(word[-1] for word in words), _class_of(word[-2] for word in words)
    branches = "|".join(
        rf"{ignorecase_class(two[1])}{ignorecase_class(two[0])}(?i:{'|'.join(rests)})"
        for two, rests in by_last_two.items()
    )
    return rf"(?={lasts}{seconds})(?:{branches})(?!\w)"


# -- the first look ahead reads the character before the number: a separator's, `số`'s or a type word's
#    last (most numbers inside a number or after another word are turned away there)
_TYPE_WORD_BEFORE_NUMBER_RE = re.compile(
    rf"\d(?=[ \t\n:{ignorecase_class('ố')[1:-1]}{_class_of(word[-1] for word in DOC_TYPE_WORDS)[1:-1]}])"
    rf"(?=[ \t]*\n?[ \t]*:?[ \t]*(?:(?i:ốs){_REVERSED_SP})?(?P<type>{_type_words_read_backwards(DOC_TYPE_WORDS)}))"
)
# -- a sign with no type word before it: the header's `Số: 186/QĐ-UBND`, or one in running text. What
#    `(?<!\w)(?:(?P<so>(?i:số))[ \t]*:?{_OPT_SP})?{_SIGN}` matches, written to open with a class (as
#    `_type_word_first_read`), so that `re` skips to candidates: after `số` the sign is group `sign`; a sign read from its first
#    digit has the rest in group `sign_rest` (`_standalone_sign` gives both the same way)
STANDALONE_SIGN_RE = re.compile(
    rf"[\d{ignorecase_class('s')[1:-1]}](?<!\w.)"
    rf"(?:(?<={ignorecase_class('s')})(?P<so>(?i:ố))[ \t]*:?{_OPT_SP}{_SIGN}|(?<=\d)(?P<sign_rest>\d{{0,4}}+{_SIGN_TAIL})(?!\w))"
)
# -- where a `STANDALONE_SIGN_RE` match may start, read over the reversed text (`_standalone_matches`): a
#    joiner, then back over spaces and a letter to a number of one to five digits at a word start, whose
#    first digit is a sign's start (`_SIGN_TAIL` reads the same joiner first; what follows it is a space, a
#    capital or a year's first digit); or `ố` then `s` at a word start, where `số` opens one. Joiners are
#    few, and `ố` rare: `re` skips straight to them, where the forward pattern stops at every digit and `s`
_STANDALONE_START_BACKWARDS_RE = re.compile(
    rf"[-–/{ignorecase_class('ố')[1:-1]}]"
    rf"(?:(?<=[ \t\n12A-ZĐ][-–/])(?=[ \t\n]*[a-zđ]?(?P<number>\d{{1,5}})(?!\w))|(?<={ignorecase_class('ố')})(?={ignorecase_class('s')}(?!\w)))"
)
# -- a law cited by its title: `Luật Tổ chức chính quyền địa phương ngày 19/6/2015`, `… số 77/2015/QH13`,
#    and the Constitution by its year: `Hiến pháp năm 2013`. Two patterns, since the `regex` module skips
#    straight to a literal every match holds (`uật`, hence `(?:Bộ l|L)uật`; `Hiến`), where one pattern of
#    both tries every position of the text
LAW_TITLE_RE = regex.compile(
    rf"{_WB_START}(?P<type>(?:Bộ{_SP}l|L)uật)[ \t]+(?P<title>\p{{Lu}}\p{{L}}*(?:(?:{_SP}|,[ \t]+)\p{{L}}+){{0,14}}?)"
    rf"(?={_SP}(?:ngày{_SP}\d|năm{_SP}(?:19|20)\d\d|số[ \t]*:?{_OPT_SP}\d)|,[ \t]*ngày{_SP}\d)"
)
CONSTITUTION_RE = regex.compile(rf"{_WB_START}Hiến{_SP}pháp(?={_SP}năm{_SP}(?:19|20)\d\d)")
_TYPE_WORD_RE = re.compile(rf"(?<!\w)(?:{_TYPE_WORD})(?!\w)")
# -- what may follow a law's title when it is named again: punctuation, the end, or a function word
#    (so `Luật Đầu tư` does not match the start of `Luật Đầu tư công`)
_LAW_TITLE_END = (
    rf"\s*(?:[^\w\s]|$)|{_SP}(?:và|của|về|năm|ngày|số|đã|được|này|hiện{_SP}hành|sửa{_SP}đổi|quy{_SP}định"
    rf"|để|cho|tại|trong|với|thì|có|là)(?!\w)"
)
_LAW_SIGN_RE = re.compile(rf"{_SP}(?i:số)[ \t]*:?{_OPT_SP}{_SIGN}")
# -- what may stand between a sign and the date written after it
_DATE_GAP_RE = re.compile(r"[ \t,]*\n?[ \t,]*(?:ban[ \t]+hành[ \t,]*\n?[ \t,]*)?", re.IGNORECASE)
_NGAY_RE = re.compile(r"ngày[ \t]*\n?[ \t]*", re.IGNORECASE)
_NEXT_WORD_RE = re.compile(rf"{_OPT_SP}([^\W\d_]+)(?:{_SP}(\S+))?")
_WHITESPACE_RE = re.compile(r"\s+")
_SIGN_GROUPS_RE = re.compile(r"[-/–]")
_DIGITS_RE = re.compile(r"\d")
_TYPE_WORD_SPELLING: dict[str, str] = {canonical(word): word for word in DOC_TYPE_WORDS}


def _is_sign(sign: str) -> bool:
    """Letter groups must look like codes (mostly capitals): `NQ`, `TTg`, `QĐi`, not `Nghị`."""
    for part in _SIGN_GROUPS_RE.split(_WHITESPACE_RE.sub("", sign))[1:]:
        letters = _DIGITS_RE.sub("", part)
        if letters and sum(map(str.isupper, letters)) * 2 < len(letters):
            return False
    return True


def _has_type_code(sign: str) -> bool:
    decoded = decode_symbol(sign)
    return decoded["doc_type"] is not None and decoded["doc_type"] != "Công văn"


def _is_count(text: str, end: int, number: str) -> bool:
    """`Kế hoạch 5 năm`, `Báo cáo 6 tháng`: the number counts the noun after it."""
    if len(number) == 4 and number.isdigit() and 1945 <= int(number) <= 2099:
        return True
    following = _NEXT_WORD_RE.match(text, end, end + _WINDOW)
    if following is None:
        return False
    word = following.group(1).lower()
    if word == "ngày" and following.group(2) and following.group(2)[0].isdigit():
        return False  # -- `Nghị quyết 22 ngày 2/2/2008`: the date of the document
    return word in _COUNT_UNIT_WORDS


def _date_after(text: str, end: int, date_starts: dict[int, Fact]) -> Fact | None:
    if not date_starts:
        return None
    gap = _DATE_GAP_RE.match(text, end, end + _WINDOW)
    position = gap.end() if gap else end
    found = date_starts.get(position)
    if found is None:
        ngay = _NGAY_RE.match(text, position, position + _WINDOW)
        if ngay:
            found = date_starts.get(ngay.end())
    return found


def _make_docref(
    text: str,
    start: int,
    end: int,
    doc_type: str | None,
    number: str | None,
    sign: str | None,
    date_starts: dict[int, Fact],
) -> Fact:
    decoded: DecodedSign = decode_symbol(sign) if sign else {}
    date = _date_after(text, end, date_starts)
    if date is not None:
        end = date.end
    return Fact(
        kind="docref",
        text=text[start:end],
        start=start,
        end=end,
        doc_type=doc_type or decoded.get("doc_type"),
        number=decoded.get("number") or (strip_zeros(number.lower()) if number else None),
        symbol=decoded.get("symbol"),
        date=str(date.value) if date is not None and date.value is not None else None,
        year=decoded.get("year"),
        issuer_code=decoded.get("issuer_code"),
        extractor=EXTRACTOR,
    )


def _type_name(written: str, sign: str | None) -> str | None:
    name = _TYPE_WORD_SPELLING.get(canonical(written))
    if name is None or name.lower() in _GENERIC_TYPE_WORDS:
        return decode_symbol(sign).get("doc_type") if sign else None
    return name


def _typed_matches(text: str) -> Iterator[re.Match[str]]:
    """What `TYPED_DOCREF_RE.finditer(text)` finds, tried only where a type word stands before a number.

    Each number with a type word before it gives the word's start (the longest word's, hence the first
    place a match through that number may start). A match is tried there, as finditer would, unless the
    one found before ends past it: then finditer goes on from that end, and so is every place up to the
    number tried (rare: a sign ending inside the next type word, `… 5/QĐ-Bộ luật 12`).
    """
    size, end = len(text), 0
    hits = list(_TYPE_WORD_BEFORE_NUMBER_RE.finditer(text[::-1]))
    for hit in reversed(hits):
        start, number = size - hit.end("type"), size - 1 - hit.start()
        for position in (start,) if start >= end else range(end, number):
            if (match := TYPED_DOCREF_RE.match(text, position)) is not None:
                yield match
                end = match.end()
                break


def _iter_typed(text: str, date_starts: dict[int, Fact]) -> Iterator[Fact]:
    for match in _typed_matches(text):
        sign, bare = match.group("sign"), match.group("bare")
        if sign is not None and not _is_sign(sign):
            continue
        if bare is not None and match.group("so") is None and _is_count(text, match.end(), bare):
            continue
        doc_type = _type_name(match.group("type"), sign)
        if doc_type is None:
            continue
        yield _make_docref(text, match.start(), match.end(), doc_type, bare, sign, date_starts)


def _law_title_matches(text: str) -> list[regex.Match[str]]:
    """The matches of `LAW_TITLE_RE` and `CONSTITUTION_RE` in text order, none starting inside the one before:
    what one pattern of both would find (a law's title may hold `Hiến pháp`, and nothing else overlaps)."""
    matches: list[regex.Match[str]] = []
    for match in sorted((*LAW_TITLE_RE.finditer(text), *CONSTITUTION_RE.finditer(text)), key=regex.Match.start):
        if not matches or match.start() >= matches[-1].end():
            matches.append(match)
    return matches


def _iter_laws(text: str, date_starts: dict[int, Fact], titles: set[str]) -> Iterator[Fact]:
    """Laws cited by title with a date or a sign; their titles go into `titles` for later mentions."""
    for match in _law_title_matches(text):
        if match.re is CONSTITUTION_RE:
            yield _make_docref(text, match.start(), match.end(), "Hiến pháp", None, None, date_starts)
            continue
        if TYPED_DOCREF_RE.search(match.group("title")) or _TYPE_WORD_RE.search(match.group("title")):
            continue  # -- `Luật Đất đai và Nghị quyết số …`: the title ran into another reference
        end, sign = match.end(), None
        numbered = _LAW_SIGN_RE.match(text, end, end + _WINDOW)
        if numbered and _is_sign(numbered.group("sign")):
            end, sign = numbered.end(), numbered.group("sign")
        doc_type = _TYPE_WORD_SPELLING.get(canonical(match.group("type")), "Luật")
        titles.add(_WHITESPACE_RE.sub(" ", match.group("title")))
        yield _make_docref(text, match.start(), end, doc_type, None, sign, date_starts)


def _iter_law_mentions(text: str, titles: set[str]) -> Iterator[Fact]:
    """`… của Luật Đầu tư công.`: a law named again by the title it was cited with (date or sign) before."""
    for title in sorted(titles, key=len, reverse=True):
        for match in _law_mention_re(title).finditer(text):
            doc_type = _TYPE_WORD_SPELLING.get(canonical(match.group("type")), "Luật")
            yield _make_docref(text, match.start(), match.end(), doc_type, None, None, {})


def _law_mention_re(title: str) -> re.Pattern[str]:
    r"""`Luật {title}` or `Bộ luật {title}` in any case, then what may end a title (`_LAW_TITLE_END`).

    The same matches as `(?<!\w)(?P<type>Bộ{_SP}luật|Luật)[ \t]+{_phrase(title)}(?={_LAW_TITLE_END})` under
    IGNORECASE, opened with plain classes of the first letters (as `_type_word_first_read`), so that `re`
    skips to them rather than trying every position of the text. `re` keeps the compiled patterns.
    """
    law_word = rf"{ignorecase_class('b')}(?<!\w.)(?i:ộ{_SP}luật)|{ignorecase_class('l')}(?<!\w.)(?i:uật)"
    return re.compile(rf"(?P<type>{law_word})(?i:[ \t]+{_phrase(title)}(?={_LAW_TITLE_END}))")


def _standalone_sign(text: str, match: re.Match[str]) -> tuple[int, str]:
    """Where the sign of a `STANDALONE_SIGN_RE` match starts, and the sign."""
    if match.group("so") is not None:
        return match.start("sign"), match.group("sign")
    return match.start(), text[match.start() : match.end("sign_rest")]


def _standalone_matches(text: str) -> Iterator[re.Match[str]]:
    """What `STANDALONE_SIGN_RE.finditer(text)` finds, tried only where `_STANDALONE_START_BACKWARDS_RE` says
    a match may start (each place finditer would try and find a match is one of them)."""
    size, end = len(text), 0
    starts = [
        size - hit.end("number") if hit.group("number") is not None else size - 2 - hit.start()
        for hit in _STANDALONE_START_BACKWARDS_RE.finditer(text[::-1])
    ]
    for start in reversed(starts):
        if start >= end and (match := STANDALONE_SIGN_RE.match(text, start)) is not None:
            yield match
            end = match.end()


def _iter_standalone(text: str, date_starts: dict[int, Fact], kept: DisjointSpans) -> Iterator[Fact]:
    for match in _standalone_matches(text):
        start, sign = _standalone_sign(text, match)
        # -- most signs stand inside a typed reference kept already (`Quyết định số 1581-QĐ/HU`): the fact
        #    would reach at least to the match's end, so it would be dropped; spare decoding and building it
        if kept.overlaps(start, match.end()) or not _is_sign(sign):
            continue
        if match.group("so") is None and not _has_type_code(sign):
            continue
        yield _make_docref(text, start, match.end(), None, None, sign, date_starts)


def find_docrefs(text: str, *, dates: Sequence[Fact] = ()) -> list[Fact]:
    """Find references to documents, in text order.

    Example:
        find_docrefs("Nghị quyết số 22-NQ/TW, ngày 2/2/2008", dates=[<date fact 2008-02-02 at 24..38>])
        → [Fact(kind="docref", text="Nghị quyết số 22-NQ/TW, ngày 2/2/2008", doc_type="Nghị quyết",
                number="22", symbol="22-NQ/TW", date="2008-02-02", issuer_code="TW", …)]

    Args:
        text: the document's normalised text.
        dates: date facts of the same text; one that starts right after a sign (only `,`, spaces or
            `ban hành` between) becomes the docref's `date` and its text is taken into the docref.

    Returns:
        Docref facts without overlaps: laws cited by title first, then typed references, then bare
        signs, then laws named again by a title cited earlier.
    """
    date_starts = {fact.start: fact for fact in dates if fact.kind == "date"}
    found: list[Fact] = []
    kept = DisjointSpans()
    titles: set[str] = set()
    sources: tuple[Callable[[], Iterator[Fact]], ...] = (
        lambda: _iter_laws(text, date_starts, titles),
        lambda: _iter_typed(text, date_starts),
        lambda: _iter_standalone(text, date_starts, kept),
        lambda: _iter_law_mentions(text, titles),
    )
    for source in sources:
        for fact in source():
            if kept.add_if_free(fact.start, fact.end):
                found.append(fact)
    found.sort(key=lambda fact: fact.start)
    return found
