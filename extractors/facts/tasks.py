"""Assignments in the document's own voice: who must do what, by when (the `task` kind of facts.md).

Example:
    find_tasks("Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy tham mưu sơ kết, "
               "hoàn thành trước ngày 30/6/2022.", orgs)
    → [task lead ("Ban Tổ chức Huyện ủy",), support ("Văn phòng Huyện ủy",), deadline "2022-06-30"]

Only where assignments can be (`_regions`: assigning sections and lists, heading leads, sentences with
a trigger word, a marked date fact or an opening recurrence; about a third of a plan's text) is the
text read clause by clause (sentences, then `;`). A clause assigns when it has a trigger
(`Giao X …`, `Đề nghị X …`, `Yêu cầu X …`, `X chủ trì …`, `X chịu trách nhiệm …`, `… thi hành Quyết
định này`), or when it stands where the document assigns: under `Tổ chức thực hiện`, in the numbered
list after `… yêu cầu:`, under a heading that names a body (`Trách nhiệm của Sở Nội vụ:`), or in the
rest of a paragraph that began with a trigger. Outside those places, a clause whose subject is a body
and that sets a deadline assigns too. The lead is the subject, read up to the first action verb (a
lower-case word of `ACTION_VERBS` outside an organisation's name); `phối hợp với Y` gives the support.
A clause with no subject of its own continues the lead before it; one lead with several deadlines is
one task per deadline, and its clauses with none join those (`_one_task_per_deadline`). Reports of
past action (`đã`, `được`) and reported speech (`… cho biết Bộ Chính trị yêu cầu …`) assign nothing;
a news article (no header) keeps no task at all (`with_document_tasks`).

A plan's table (`Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành`) gives one task
per row: `find_table_tasks`, over the read document's blocks.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from vanban.extractors.facts.deadlines import Deadline, complete_deadline, find_deadlines, find_recurrence
from vanban.extractors.facts.resolve import DATELINE_WINDOW, document_date
from vanban.extractors.text.sentences import sentence_bounds
from vanban.models.document import Block
from vanban.models.fact import Fact

# -- the verbs an action starts with; lower case only, so `Ban Tổ chức`, `Ủy ban Kiểm tra` are never verbs
ACTION_VERBS = (
    "chủ trì",
    "phối hợp",
    "chịu trách nhiệm",
    "có trách nhiệm",
    "tham mưu",
    "hướng dẫn",
    "theo dõi",
    "kiểm tra",
    "giám sát",
    "tổ chức",
    "xây dựng",
    "triển khai",
    "thực hiện",
    "chỉ đạo",
    "báo cáo",
    "tổng hợp",
    "rà soát",
    "đánh giá",
    "bố trí",
    "chuẩn bị",
    "căn cứ",
    "khẩn trương",
    "hoàn thiện",
    "hoàn thành",
    "gửi",
    "đưa",
    "làm tốt",
    "tập trung",
    "quán triệt",
    "đẩy mạnh",
    "đôn đốc",
    "tuyên truyền",
    "phổ biến",
    "sơ kết",
    "tổng kết",
    "nghiêm túc",
    "chủ động",
    "tăng cường",
    "kiện toàn",
    "lãnh đạo",
    "phân công",
    "bảo đảm",
    "đảm bảo",
    "cập nhật",
    "thẩm định",
    "trình",
    "xem xét",
    "giải quyết",
    "nghiên cứu",
    "đề xuất",
    "tiếp tục",
    "thường xuyên",
    "vận động",
    "cung cấp",
    "bổ sung",
    "hỗ trợ",
    "quản lý",
    "duy trì",
    "mở",
    "lập",
    "cử",
    "ban hành",
    "quan tâm",
    "phát động",
    "là cơ quan",
    "thi hành",
    "giúp",
    "thông báo",
    "giới thiệu",
    "biên soạn",
    "xử lý",
    "khắc phục",
    "ký",
)


def _verb_pattern(verbs: Sequence[str]) -> str:
    """The verbs as one alternation, longest first, grouped by first letter (`c(?:hủ trì|ử)|t(?:…)`): the
    engine then tries one group at a position instead of every verb, and a group keeps the longest-first
    order, so each match is the one a flat longest-first alternation finds. `tổ chức đảng`, `tổ chức cơ sở
    đảng` are bodies, not the verb."""
    groups: dict[str, list[str]] = {}
    for verb in sorted(verbs, key=len, reverse=True):
        if verb != "tổ chức":
            groups.setdefault(verb[0], []).append(re.escape(verb[1:]))
    # -- each branch opens with its letter and looks behind it (`c(?<!\w.)` is `(?<!\w)c`): the engine then
    #    skips to positions holding one of the letters
    branches = [first + r"(?<!\w.)(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
    branches.append(r"t(?<!\w.)(?<!các t)(?<!những t)ổ chức(?! đảng| cơ sở)")
    return "(?:" + "|".join(branches) + r")(?!\w)"


# -- stdlib `re` (\w is Unicode-aware) is the faster engine for a plain alternation of words
_VERB_RE = re.compile(_verb_pattern(ACTION_VERBS))
_VERB_INITIALS = frozenset(verb[0] for verb in ACTION_VERBS)
# -- words that name a body or a post: a subject without one is not a lead (`Kết quả thực hiện là …`)
_BODY_RE = regex.compile(
    r"(?<!\p{L})(?:[ủu][ỷy]\s+ban|ubnd|hđnd|ủy|uỷ|ban|phòng|sở|bộ|văn phòng|chi bộ|đảng bộ|đảng đoàn|cơ quan|"
    r"đơn vị|mặt trận|đoàn thể|hội|trung tâm|công an|quân sự|kho bạc|ngành|địa phương|tổ|đoàn|hạt|trường|"
    r"chủ tịch|chánh|giám đốc|trưởng|thủ trưởng|bí thư|người đứng đầu|cấp ủy|cấp uỷ|tổ chức đảng|đảng viên|"
    r"đồng chí|thành viên|huyện|tỉnh|xã|thị trấn)(?!\p{L})",
    regex.IGNORECASE,
)
# -- the same without the levels of place: `thị trấn` after `UBND các xã,` names no body of its own
_BODY_HEAD_RE = regex.compile(_BODY_RE.pattern.replace("|huyện|tỉnh|xã|thị trấn", ""), regex.IGNORECASE)
_NOT_SUBJECT_RE = regex.compile(
    r"^(?:hội nghị|tại|ngày|việc|kết quả|kinh phí|thời gian|chỉ thị|nghị quyết|quyết định|kế hoạch|công văn|hướng dẫn|nội dung|"
    r"mục tiêu|tỷ lệ|phấn đấu|trong|để|căn cứ|thực hiện|sau|năm|giai đoạn|nếu|khi|đến|từ|mỗi|chỉ tiêu|"
    r"điều \d|xét|theo|tổng|số|toàn|qua|với)(?!\p{L})",
    regex.IGNORECASE,
)
_PAST_RE = regex.compile(r"(?<!\p{L})(?:đã|được|đang|vừa|chưa)(?!\p{L})", regex.IGNORECASE)
# -- `Giao`, `Đề nghị`, `Yêu cầu` opening a clause, then the body charged (`Giao cho X`); `đề nghị của`,
#    `việc đề nghị` are nouns, and `đã giao`, `được giao` report
_TRIGGER_RE = regex.compile(
    r"(?<![\p{L}])(?P<word>[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu)\s+(?:cho\s+)?"
    r"(?=\p{Lu}|các\s|thủ trưởng|chủ tịch|giám đốc|trưởng|người đứng đầu|cán bộ)"
)
# -- `UBND tỉnh cho biết Bộ Chính trị yêu cầu …`: what someone else asked, reported
_REPORTED_RE = regex.compile(r"(?<!\p{L})(?:cho biết|cho rằng|nhấn mạnh|phát biểu|truyền đạt)(?!\p{L})")
_ENUMERATOR_RE = regex.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\)|[-–+•*])\s*")
_LEADING_ADVERBIAL_RE = regex.compile(
    r"(?:(?:định\s+kỳ|h[ằà]ng|mỗi|trong|trước|chậm\s+nhất|đến|cuối)(?!\p{L})[^,]{0,30},\s*"
    r"|trên\s+cơ\s+sở(?!\p{L})[^,;.]{0,150},\s*)",
    regex.IGNORECASE,
)
# -- the sections where a plan or decision assigns: `Tổ chức thực hiện`, `Nhiệm vụ và giải pháp`, `Nhiệm vụ năm 2024`
_SECTIONS = r"t[ổô] chức thực hiện|nhiệm vụ và giải pháp|nhiệm vụ năm \d{4}"
_SECTION_RE = regex.compile(rf"^(?:[IVXLC\d]+\.\s*)?(?:{_SECTIONS})\s*[:.]?$", regex.IGNORECASE)
# -- the words that open an assigning list (`… yêu cầu:`, `… đề nghị như sau:`)
_LIST_OPENER_WORDS = ("yêu cầu", "đề nghị", "giao nhiệm vụ", "chỉ đạo", "chỉ thị")
_LIST_OPENER_SUFFIXES = ("", " như sau", " một số nội dung sau")
_LIST_OPENER = f"(?:{'|'.join(_LIST_OPENER_WORDS)})(?:{'|'.join(_LIST_OPENER_SUFFIXES[1:])})?"
_LIST_OPENER_RE = regex.compile(rf"{_LIST_OPENER}\s*:$")
_HEADING_LEAD_RE = regex.compile(
    r"(?:(?:trách nhiệm|nhiệm vụ) của\s+(?P<body>.{3,120}?)\s*[:.]?|(?P<body>.{3,120}?)\s*:)$",
    regex.IGNORECASE,
)
_HEADING_LEAD_OPENINGS = ("trách nhiệm của", "nhiệm vụ của")
_BODY_LABEL_RE = regex.compile(r"(?P<body>[^:;.\n]{3,150}?):\s+")
_LABEL_RE = regex.compile(r"(?P<label>[^:;.]{3,60}):\s+(?=\p{Lu})")
_SUPPORT_RE = regex.compile(r"(?<!\p{L})phối hợp(?:\s+với)?\s+")
_LEAD_SPLIT_RE = regex.compile(r"\s*[,;]\s+|\s+và\s+")
_CLAUSE_SPLIT_RE = regex.compile(r";\s*|:\s*\n")
_ACCOUNTABLE_TO_RE = regex.compile(r"(?:chịu|có) trách nhiệm\s+trước")
# -- patterns with no letter classes run on stdlib `re`, whose calls cost less
_ROMAN_ONLY_RE = re.compile(r"^[IVXLC]+\.?$")
_NUMBER_ONLY_RE = re.compile(r"\d+(?:\.\d+)*\.?")
# -- the characters a match of `_ENUMERATOR_RE`, `_SECTION_RE` (case-insensitive) or `_LEADING_ADVERBIAL_RE` can
#    open with, and those a bare numeral ends with: a unit that fails these plain checks skips the pattern
_ENUMERATOR_INITIALS = frozenset("IVXLC0123456789abcdefghijklmnopqrstuvwxyzđ-–+•*")
_SECTION_INITIALS = frozenset("IVXLCivxlctTnN")
_ADVERBIAL_INITIALS = frozenset("đĐhHmMtTcC")
_NUMERAL_ENDINGS = frozenset("IVXLC.0123456789")
_LOWER_RE = regex.compile(r"\p{Ll}")
_SIX_LETTERS_RE = regex.compile(r"(?:\p{L}[^\p{L}]*){6}")
_OPENER_CUT_RE = re.compile(r":[ \t]*\n")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_LINE_BREAK_RE = re.compile(r"\n")
# -- where assignments can be (see `_regions`): the headings, each a paragraph, that open an assigning stretch …
_CONTEXT_PREFIX = r"(?im)[ \t]*(?:Điều \d+\.[ \t]*)?(?:[IVXLC\d]+\.[ \t]*|[a-zđ]\)[ \t]*)?"
_CONTEXT_LIST = rf"[^\n]{{0,1000}}?{_LIST_OPENER}[ \t]*:"
_CONTEXT_LEAD_OF = r"(?:trách nhiệm|nhiệm vụ) của[ \t]+[^\n]{3,120}?[ \t]*[:.]?"
_CONTEXT_LEAD_COLON = r"[^\n:]{3,120}:"
_CONTEXT_RE = regex.compile(
    _CONTEXT_PREFIX + rf"(?:{_SECTIONS}|{_CONTEXT_LIST}|(?P<lead>(?:{_CONTEXT_LEAD_OF}|{_CONTEXT_LEAD_COLON})))[ \t]*$"
)
# -- a first line ends in a list opener's word (`… như sau:`) before `_CONTEXT_LIST` can match it
_LIST_OPENER_ENDINGS = tuple(word + suffix for word in _LIST_OPENER_WORDS for suffix in _LIST_OPENER_SUFFIXES)
# -- … the next heading of a higher rank, which ends it …
_CONTEXT_END_RE = regex.compile(r"(?m)^[ \t]*(?:[IVXLC]+\.[ \t]|Nơi nhận|[^\p{Ll}\n]*\p{Lu}[^\p{Ll}\n]{5,}$)")
# -- … and the words that may assign, or open a heading that does (`_regions`): plain `str.find` for each is
#    five times faster than one alternation (stdlib `re` or `regex`) over the text
_HOT_WORDS: tuple[tuple[str, str], ...] = (
    *((word, "trigger") for word in ("giao", "Giao", "đề nghị", "Đề nghị", "yêu cầu", "Yêu cầu", "chủ trì")),
    *((word, "trigger") for word in ("chịu trách nhiệm", "có trách nhiệm", "thi hành", "phối hợp")),
    *((word, "recurrence") for word in ("Định kỳ", "Hằng ", "Hàng ", "Mỗi ")),
    *((word, "heading") for word in ("HỰC HIỆN", "hực hiện\n", "hực hiện:\n", "hực hiện.\n", "NHIỆM VỤ", "Nhiệm vụ ")),
    *((word, "heading") for word in ("Trách nhiệm của", "TRÁCH NHIỆM CỦA", ":\n")),
)
# -- letters several hot words share (`iao` of giao and Giao, `HIỆ` of HỰC HIỆN and NHIỆM VỤ): one search for
#    them, then a look at which word stands there, costs less than a search for each word
_SHARED_LETTERS = ("iao", "ề nghị", "êu cầu", "rách nhiệm", "HIỆ")


def _hot_needles() -> tuple[tuple[str, tuple[tuple[str, int, str], ...]], ...]:
    """What `_regions` searches for: each needle with the hot words holding it, where it starts in them, their kind."""
    needles: dict[str, list[tuple[str, int, str]]] = {}
    for word, kind in _HOT_WORDS:
        needle = next((letters for letters in _SHARED_LETTERS if letters in word), word)
        needles.setdefault(needle, []).append((word, word.index(needle), kind))
    return tuple((needle, tuple(words)) for needle, words in needles.items())


_HOT_NEEDLES = _hot_needles()
_HEADING_LENGTH = 160
_TRIGGER_WORDS = tuple(word for word, kind in _HOT_WORDS if kind == "trigger")
_TRIGGER_OPENINGS = frozenset(("giao", "Giao", "đề nghị", "Đề nghị", "yêu cầu", "Yêu cầu"))
_RECURRENCE_OPENINGS = ("Định kỳ", "Hằng ", "Hàng ", "Mỗi ", "Từng ")
# -- a date fact after one of these words may be a deadline (deadlines.py's markers); the lookahead names the
#    characters a match can start with, so that the engine skips the others (a third faster on long sentences)
_DUE_RE = re.compile(
    r"(?=[tvđhxcn\d])(?:(?:trước|trong|vào|đến|hết|xong|thành|cuối|nhất|hạn)\s+(?:(?:hết|cuối)\s+)?"
    r"(?:ngày|tháng|quý|năm)\s+[\dIV]|\d\s+h[ằà]ng\s+năm)",
    re.IGNORECASE,
)
_EVERY_YEAR_AFTER_RE = re.compile(r"\s+h[ằà]ng\s+năm")
_DUE_WORD_BEFORE_RE = re.compile(
    r"(?:trước|trong|vào|đến|hết|xong|thành|cuối|nhất|hạn|và|hoặc)\s+(?:(?:hết|cuối)\s+)?$"
)
_DUE_WORD_ENDINGS = frozenset("cgonthià")
_DIGIT_RE = re.compile(r"\d")
# -- an org read past its end into the next clause (`Ban Chỉ đạo giúp Ban Thường vụ Huyện ủy`): its verb is
#    the action's, so the name does not shield it
_START = operator.attrgetter("start")
_RUN_ON_ORG_RE = regex.compile(r"\s(?:giúp|chủ trì|phối hợp với|tham mưu|chịu trách nhiệm)\s+\p{Lu}")
# -- a subject that holds a subordinate clause (`Ban Chỉ đạo tự giải thể sau khi hoàn thành …`) is no lead
_SUBORDINATE_RE = regex.compile(r"(?<!\p{L})(?:sau khi|khi|nếu|để|trước khi)(?!\p{L})")
# -- `chịu trách nhiệm thi hành Quyết định này`, `căn cứ Quyết định thi hành`; not `thi hành kỷ luật`
_EXECUTE_RE = regex.compile(
    r"thi hành (?:Quyết định|Nghị quyết|Chỉ thị|Kết luận|Quy định|Thông báo|Công văn|Kế hoạch)"
    r"|(?:Quyết định|Nghị quyết|Chỉ thị|Kết luận|Quy định|Thông báo)(?: này)? thi hành"
)
_SET_PHRASES = (
    ("cơ quan", "đơn vị"),
    ("cơ quan", "đơn vị có liên quan"),
    ("ban", "ngành"),
    ("sở", "ngành"),
    ("sở", "ngành liên quan"),
    ("sở", "ban, ngành"),
    ("phòng", "ban"),
    ("tổ chức", "cá nhân"),
    ("tổ chức", "cá nhân có liên quan"),
)
_SET_PHRASE_TAILS = frozenset(tail for _, tail in _SET_PHRASES)
_GENERIC_HEAD_RE = regex.compile(r"[Cc]ác\s+\p{Ll}")
_NOT_A_LEAD = frozenset({"đảng", "nhà nước"})
# -- a clause read by rules is less sure than a table row, whose columns say what each cell is
CLAUSE_CONFIDENCE = 0.8
ROW_CONFIDENCE = 0.9


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    sentence: int  # -- index of its sentence
    block: int  # -- index of its paragraph (blank-line separated)


@dataclass(slots=True)
class _Assignment:
    """Leads (spans), support (spans), action span, and the clause's deadlines."""

    start: int
    end: int
    leads: list[tuple[int, int]]
    support: list[tuple[int, int]]
    action: tuple[int, int]
    deadlines: list[str]
    recurrence: str | None
    triggered: bool = False
    # -- where each deadline's phrase ends: two tasks of one clause (`trước ngày 15/6 và ngày 15/12`) end
    #    there, so that no two facts share a span (a fact's id is its document, kind and span)
    due_ends: list[int] = field(default_factory=list)


def find_tasks(text: str, facts: Sequence[Fact] = (), *, doc_date: str | None = None) -> list[Fact]:
    """Task facts of a normalised text; `facts` are the document's facts so far (orgs give lead boundaries
    and entity ids, docrefs hide the dates inside them, a dateline gives the document's date).

    Example:
        find_tasks("Đề nghị các đơn vị báo cáo trước ngày 15/12/2024.")[0].lead → ("các đơn vị",)
    """
    orgs = _shielding_orgs(text, facts)
    doc_date = doc_date or _dateline(facts)
    assignments = list(_assignments(text, facts, orgs, doc_date))
    return [task for a in assignments for task in _task_facts(text, a, orgs)]


class _Orgs:
    """A document's organisations sorted by start, with their starts and ends for bisecting. They are resolved,
    so none overlap: only the last one starting before an offset can hold it."""

    __slots__ = ("facts", "starts", "ends")

    def __init__(self, facts: list[Fact]) -> None:
        self.facts = facts
        self.starts = [org.start for org in facts]
        self.ends = [org.end for org in facts]

    def inside(self, offset: int) -> bool:
        index = bisect_left(self.starts, offset) - 1
        return index >= 0 and self.ends[index] > offset

    def starts_at(self, offset: int) -> bool:
        index = bisect_left(self.starts, offset)
        return index < len(self.starts) and self.starts[index] == offset

    def entity_id(self, span: tuple[int, int]) -> str | None:
        """The entity id of the longest organisation inside `span` (`Chủ tịch UBND huyện` → UBND huyện's)."""
        best: Fact | None = None
        for index in range(bisect_left(self.starts, span[0]), len(self.facts)):
            org = self.facts[index]
            if org.start >= span[1]:
                break
            if org.end <= span[1] and org.entity_id:
                if best is None or org.end - org.start > best.end - best.start:
                    best = org
        return best.entity_id if best else None


def _shielding_orgs(text: str, facts: Sequence[Fact]) -> _Orgs:
    """The orgs, sorted by start, without those read past their end (`_RUN_ON_ORG_RE`)."""
    return _Orgs(sorted((f for f in facts if f.kind == "org" and not _runs_on(f.text)), key=_START))


def _runs_on(org: str) -> bool:
    # -- plain `in` checks first: few names hold these words, and the pattern's scan costs five times more
    if not ("giúp" in org or "chủ trì" in org or "phối hợp" in org or "tham mưu" in org or "trách nhiệm" in org):
        return False
    return _RUN_ON_ORG_RE.search(org) is not None


def _dateline(facts: Sequence[Fact]) -> str | None:
    """The document's own date from its facts (`document_date`), without sorting them all: the dates come
    first, in text order, from the first component."""
    top = []
    for fact in facts:
        if fact.kind == "date":
            if fact.start > DATELINE_WINDOW:
                break
            top.append(fact)
    return document_date(top)


def _units(text: str, start: int, end: int, paragraphs: Sequence[int]) -> Iterable[_Clause]:
    """Sentences of text[start:end] (and `X:` openers cut from what follows them), with their paragraph's index.

    No sentence runs over a paragraph's start: where lines are paragraphs (`paragraph_break`), a heading
    without a full stop is not read into the line after it."""
    index = 0
    inner = paragraphs[bisect_right(paragraphs, start) : bisect_left(paragraphs, end)]
    for piece_start, piece_end in zip([start, *inner], [*inner, end]):
        for first, last in sentence_bounds(text[piece_start:piece_end]):
            first, last = first + piece_start, last + piece_start
            block = bisect_right(paragraphs, first)
            piece = first
            if text.find(":", first, last) != -1:
                for cut in _OPENER_CUT_RE.finditer(text, first, last):
                    yield _Clause(piece, cut.start() + 1, index, block)
                    piece = cut.end()
            yield _Clause(piece, last, index, block)
            index += 1


def _regions(text: str, facts: Sequence[Fact], orgs: _Orgs) -> tuple[list[tuple[int, int]], list[int], _TriggerWords]:
    """The stretches worth reading clause by clause, merged, the paragraph starts, and the trigger words found.

    Reading every sentence of every document costs more than the rest of the pipeline; one scan for
    plain words (stdlib `re`, case-sensitive: several times faster than a letter-aware `regex` pass)
    finds where assignments can be: a heading that opens an assigning section or list, or names a lead
    (from it to the next heading); a trigger (its sentence to the end of its paragraph); a recurrence
    opening a sentence. The date facts already found give the sentences that may set a deadline.
    """
    blank_line_ends = [m.end() for m in _PARAGRAPH_BREAK_RE.finditer(text)]
    breaks = _Breaks(text, _paragraph_break(text, len(blank_line_ends)))
    if breaks.paragraph == "\n\n":
        paragraphs = blank_line_ends
    else:
        paragraphs = [m.end() for m in _LINE_BREAK_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    headings: set[int] = set()
    section_ends: list[tuple[int, int]] = []
    triggers: list[tuple[int, int]] = []
    for needle, words in _HOT_NEEDLES:
        found = text.find(needle)
        while found != -1:
            for word, offset, kind in words:
                position = found - offset
                if position < 0 or not text.startswith(word, position):
                    continue
                index = bisect_right(paragraphs, position)
                paragraph = paragraphs[index - 1] if index else 0
                if kind == "heading":
                    if paragraph not in headings and text.find("\n", paragraph, position) == -1:
                        headings.add(paragraph)
                        span = _context_span(text, paragraph, orgs, section_ends)
                        if span is not None:
                            spans.append(span)
                else:
                    end = position + len(word)
                    spans.append(_hot_span(breaks, text, paragraph, position, end, whole_paragraph=kind == "trigger"))
                    if kind == "trigger":
                        triggers.append((position, end))
            found = text.find(needle, found + len(needle))
    dates, refs = [], []
    for fact in facts:
        if fact.kind == "date":
            dates.append(fact)
        elif fact.kind == "docref":
            refs.append((fact.start, fact.end))
    refs.sort()
    ref_starts = [a for a, _ in refs]
    for fact in dates:
        due = (
            _may_follow_due_word(text, fact.start)
            and _DUE_WORD_BEFORE_RE.search(text, max(0, fact.start - 16), fact.start) is not None
        ) or (text[fact.end : fact.end + 1].isspace() and _EVERY_YEAR_AFTER_RE.match(text, fact.end) is not None)
        if not due:
            continue
        ref = bisect_right(ref_starts, fact.start) - 1
        if ref < 0 or refs[ref][1] <= fact.start:
            index = bisect_right(paragraphs, fact.start)
            spans.append(
                _hot_span(
                    breaks, text, paragraphs[index - 1] if index else 0, fact.start, fact.end, whole_paragraph=False
                )
            )
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged, paragraphs, _TriggerWords(text, triggers)


class _TriggerWords:
    """Where a document's trigger words (`_TRIGGER_WORDS`) stand, from `_regions`' scan for them: a sentence
    or clause looks them up here rather than searching its text for each word again. No word overlaps
    itself, so the scan finds every one."""

    __slots__ = ("words", "openings")

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.words = _Spans(spans)
        # -- `Giao`, `Đề nghị`, `Yêu cầu`: the words `_TRIGGER_RE` opens with
        self.openings = _Spans([(a, b) for a, b in spans if text[a:b] in _TRIGGER_OPENINGS])


class _Spans:
    """Sorted spans, and which of them lie inside a stretch."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def within(self, start: int, end: int) -> list[int]:
        """The starts of the spans wholly inside [start, end), in order."""
        starts, ends = self.starts, self.ends
        found = []
        index = bisect_left(starts, start)
        while index < len(starts) and starts[index] < end:
            if ends[index] <= end:
                found.append(starts[index])
            index += 1
        return found


def _may_follow_due_word(text: str, position: int) -> bool:
    """Whether text[:position] can end as `_DUE_WORD_BEFORE_RE` needs: spaces after a letter that ends one of its
    words (`trước`, `trong`, `vào`, `đến`, `và` …). Most dates follow a comma or `ngày`, and fail here."""
    floor = max(0, position - 16)
    last = position - 1
    while last >= floor and text[last].isspace():
        last -= 1
    return last < position - 1 and last >= floor and text[last] in _DUE_WORD_ENDINGS


def _context_span(
    text: str, paragraph: int, orgs: _Orgs, section_ends: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """From a heading paragraph that opens an assigning stretch to the next heading; None for any other.

    `section_ends` holds (searched from, found at) of the searches for the next heading so far: a heading
    nested in a stretch ends where that stretch ends, and the scan up to it is not made again. (A search
    starts at a line's end, where no heading starts, so starting it later inside a scanned stretch finds
    the same heading.)"""
    pattern = _context_pattern(text, paragraph)
    match = pattern.match(text, paragraph) if pattern is not None else None
    if match is None:
        return None
    if match["lead"] is not None and _heading_lead(text, match.start("lead"), match.end("lead"), orgs) is None:
        return None
    searched = match.end()
    for since, found in section_ends:
        if since <= searched <= found:
            return (match.start(), found)
    found = _next_heading(text, searched)
    section_ends.append((searched, found))
    return (match.start(), found)


def _next_heading(text: str, position: int) -> int:
    """Where `_CONTEXT_END_RE.search(text, position)` matches (the text's end when it does not).

    The pattern can match only at a line's start: it is tried at each of them, found by a plain search for
    the line break, rather than at every position of the lines between (a search scans them all)."""
    line = _line_after(text, position - 1) if position > 0 else 0
    while line != -1:
        if _CONTEXT_END_RE.match(text, line) is not None:
            return line
        line = _line_after(text, line)
    return len(text)


def _line_after(text: str, position: int) -> int:
    """The start of the first line that starts after `position`; -1 when none does."""
    found = text.find("\n", position)
    return found + 1 if found != -1 else -1


def _context_pattern(text: str, paragraph: int) -> regex.Pattern[str] | None:
    """`_CONTEXT_RE` without the branches a paragraph's first line cannot match (the same match, found
    sooner: the list opener's lazy scan makes a long first line slow to reject); None when it can match
    none. A branch needs its words in the line, and a list opener or a `X:` lead a closing colon."""
    line_end = text.find("\n", paragraph)
    line = text[paragraph:] if line_end == -1 else text[paragraph:line_end]
    lowered = line.lower().rstrip(" \t")
    colon = lowered.endswith(":")
    section = "chức thực hiện" in lowered or "nhiệm vụ và giải pháp" in lowered or "nhiệm vụ năm " in lowered
    listed = colon and lowered[:-1].rstrip(" \t").endswith(_LIST_OPENER_ENDINGS)
    lead_of = "trách nhiệm của" in lowered or "nhiệm vụ của" in lowered
    if not (section or listed or lead_of or colon):
        return None
    return _context_variant(section, listed, lead_of, colon)


@functools.cache
def _context_variant(section: bool, listed: bool, lead_of: bool, lead_colon: bool) -> regex.Pattern[str]:
    if section and listed and lead_of and lead_colon:
        return _CONTEXT_RE
    branches = [_SECTIONS] if section else []
    if listed:
        branches.append(_CONTEXT_LIST)
    leads = [branch for branch, kept in ((_CONTEXT_LEAD_OF, lead_of), (_CONTEXT_LEAD_COLON, lead_colon)) if kept]
    # -- the group stays, so that `match["lead"]` reads as before; `(?!)` never matches
    branches.append("(?P<lead>" + ("|".join(f"(?:{b})" for b in leads) if leads else "(?!)") + ")")
    return regex.compile(_CONTEXT_PREFIX + "(?:" + "|".join(branches) + r")[ \t]*$")


_NEAR = 1000
# -- a text whose lines are its paragraphs (web copies, plain text saved from a portal) has almost no blank line
_LINES_AS_PARAGRAPHS = 20


def paragraph_break(text: str) -> str:
    """What ends a paragraph in `text`: a blank line (`\\n\\n`, as the readers write .docx and .pdf text), or a
    line break where there are at least `_LINES_AS_PARAGRAPHS` lines for each blank one.

    Example:
        paragraph_break("Điều 1. …\\nĐiều 2. …") → "\\n";  paragraph_break("1. Giao …\\n\\n2. Đề nghị …") → "\\n\\n"
    """
    return _paragraph_break(text, len(_PARAGRAPH_BREAK_RE.findall(text)))


def _paragraph_break(text: str, blank_lines: int) -> str:
    return "\n" if text.count("\n") >= _LINES_AS_PARAGRAPHS * max(blank_lines, 1) else "\n\n"


class _Breaks:
    """`str.find` and `str.rfind` of the breaks (`. `, `.\n`, `\n\n`) in a text, first within `_NEAR`
    characters, then in a list of all of them made the first time one is not near.

    The stretch around each hot word and date runs from the sentence's start to the next break: searched
    from each of them, a text with no blank line (many web copies) was read to its end every time."""

    def __init__(self, text: str, paragraph: str | None = None) -> None:
        self._text = text
        self._positions: dict[str, list[int]] = {}
        self.paragraph = paragraph or paragraph_break(text)

    def _of(self, needle: str) -> list[int]:
        positions = self._positions.get(needle)
        if positions is None:
            positions = self._positions[needle] = []
            found = self._text.find(needle)
            while found != -1:
                positions.append(found)
                found = self._text.find(needle, found + 1)
        return positions

    def next(self, needle: str, start: int) -> int:
        """`text.find(needle, start)`."""
        found = self._text.find(needle, start, start + _NEAR)
        if found != -1 or start + _NEAR >= len(self._text):
            return found
        positions = self._of(needle)
        index = bisect_left(positions, start)
        return positions[index] if index < len(positions) else -1

    def last(self, needle: str, start: int, end: int) -> int:
        """`text.rfind(needle, start, end)`."""
        near = max(start, end - _NEAR)
        found = self._text.rfind(needle, near, end)
        if found != -1 or near == start:
            return found
        positions = self._of(needle)
        index = bisect_right(positions, end - len(needle)) - 1
        return positions[index] if index >= 0 and positions[index] >= start else -1


def _hot_span(
    breaks: _Breaks, text: str, paragraph: int, start: int, end: int, *, whole_paragraph: bool
) -> tuple[int, int]:
    """The sentence around [start, end), and for a trigger the rest of its paragraph (`Giao X …; Y phối hợp …`)."""
    first = _sentence_start(breaks, paragraph, start)
    if whole_paragraph:
        last = breaks.next(breaks.paragraph, end)
    else:
        stops = [i for i in (breaks.next(". ", end), breaks.next(breaks.paragraph, end)) if i != -1]
        last = min(stops) + 1 if stops else -1
    return (first, last if last != -1 else len(text))


def _sentence_start(breaks: _Breaks, floor: int, position: int) -> int:
    """Where the sentence around `position` starts, at `floor` (its paragraph's start) at the earliest."""
    found = max(breaks.last(". ", floor, position), breaks.last(".\n", floor, position))
    return found + 2 if found != -1 else floor


def _assignments(text: str, facts: Sequence[Fact], orgs: _Orgs, doc_date: str | None) -> Iterable[_Assignment]:
    regions, paragraphs, words = _regions(text, facts, orgs)
    for start, end in regions:
        yield from _region_assignments(text, start, end, paragraphs, orgs, words, doc_date)


def _region_assignments(
    text: str,
    start: int,
    end: int,
    paragraphs: Sequence[int],
    orgs: _Orgs,
    words: _TriggerWords,
    doc_date: str | None,
) -> Iterable[_Assignment]:
    in_section = False  # -- under `Tổ chức thực hiện`
    in_list = False  # -- in the numbered list after `… yêu cầu:`
    heading_lead: list[tuple[int, int]] | None = None  # -- under `Trách nhiệm của X:`
    trigger_block = -1  # -- the paragraph a trigger opened: the rest of it assigns as well
    heading_block = -1  # -- the paragraph of the last unit under `heading_lead`
    previous: _Assignment | None = None
    previous_block = -1
    for unit in _units(text, start, end, paragraphs):
        raw = text[unit.start : unit.end]
        enumerator = _ENUMERATOR_RE.match(raw) if raw[:1] in _ENUMERATOR_INITIALS else None
        body_start = unit.start + (enumerator.end() if enumerator else len(raw) - len(raw.lstrip()))
        body = text[body_start : unit.end]
        stripped = raw.strip()
        numeral = stripped[-1:] in _NUMERAL_ENDINGS  # -- a bare `II.` or `3.` ends in one of them
        if not body or (numeral and (_ROMAN_ONLY_RE.match(stripped) or _NUMBER_ONLY_RE.fullmatch(stripped))):
            if numeral and _ROMAN_ONLY_RE.match(stripped):
                in_section = in_list = False
                heading_lead = None
            continue
        short = unit.end - body_start <= _HEADING_LENGTH  # -- only a short unit can be a heading
        if short and _may_be_section(body) and _SECTION_RE.match(body.strip()):
            in_section, in_list, heading_lead = True, False, None
            continue
        if body.startswith("Nơi nhận") or (short and _is_caps_heading(body)):
            in_section = in_list = False
            heading_lead = None
            continue
        if body.endswith(":") and _LIST_OPENER_RE.search(body):
            in_list = True
        elif (
            body.endswith(":") and heading_lead is not None and _heading_lead(text, body_start, unit.end, orgs) is None
        ):
            heading_lead = None  # -- `Phân công cụ thể như sau:` opens something else (a table)
            continue
        elif short and (lead := _heading_lead(text, body_start, unit.end, orgs)) is not None:
            heading_lead, heading_block = lead, -1
            continue
        elif heading_lead is not None and heading_block not in (-1, unit.block):
            # -- past the paragraph right under the heading, only items (`- …`, `a) …`, a verb first) go on
            if enumerator is not None or _starts_with_verb(text, body_start, unit.end, orgs):
                heading_block = unit.block
            else:
                heading_lead = None
        elif heading_lead is not None:
            heading_block = unit.block
        scoped = in_section or in_list or heading_lead is not None or unit.block == trigger_block
        itemised = enumerator is not None
        found = _clause_assignments(text, body_start, unit.end, orgs, words, doc_date, scoped, heading_lead, itemised)
        if found:
            if any(a.triggered for a in found):
                trigger_block = unit.block
            previous, previous_block = found[-1], unit.block
            yield from found
            continue
        # -- `… Báo cáo kết quả trước ngày 15/12.`: a subjectless next sentence gives the deadline
        if (
            previous is not None
            and previous_block == unit.block
            and _starts_with_verb(text, body_start, unit.end, orgs)
        ):
            found_due = find_deadlines(_without_refs(text, body_start, unit.end), document_date=doc_date)
            deadlines = [d.value for d in found_due]
            due_ends = [body_start + d.end for d in found_due]
            if deadlines and not previous.deadlines:
                previous.deadlines, previous.due_ends = deadlines, due_ends
                previous.end = unit.end
            elif deadlines:
                yield _Assignment(
                    body_start,
                    unit.end,
                    previous.leads,
                    previous.support,
                    (body_start, unit.end),
                    deadlines,
                    None,
                    due_ends=due_ends,
                )


def _may_be_section(body: str) -> bool:
    """Whether `body` opens as `_SECTION_RE` needs (a numeral, `t…`, `n…`): most units fail here, before the pattern."""
    initial = body[:1]
    return initial in _SECTION_INITIALS or initial.isdigit()


def _is_caps_heading(body: str) -> bool:
    return _LOWER_RE.search(body) is None and _SIX_LETTERS_RE.search(body) is not None


def _heading_lead(text: str, start: int, end: int, orgs: _Orgs) -> list[tuple[int, int]] | None:
    """`Trách nhiệm của Sở Nội vụ:` / `b) UBND các xã:` → the body's span; None for any other unit."""
    # -- the pattern ends in `:`, or in `[:.]?` after `Trách nhiệm của …`: most units fail on a character
    lead_of = text[start : start + 16].lower().startswith(_HEADING_LEAD_OPENINGS)
    if text[end - 1 : end] != ":" and not lead_of:
        return None
    if not lead_of and not _opens_with_body(text, start, end, orgs):
        # -- the body starts the unit (`X:`): a unit that does not open with one (`Nơi nhận:`, `QUYẾT ĐỊNH:`)
        #    is done before the pattern; the check reads the same there as at the body's end (`\s*:` follows)
        return None
    match = _HEADING_LEAD_RE.fullmatch(text, start, end)
    if match is None or _VERB_RE.search(text, match.start("body"), match.end("body")):
        return None
    body_start, body_end = match.start("body"), match.end("body")
    if not _opens_with_body(text, body_start, body_end, orgs):
        return None
    return _split_leads(text, body_start, body_end, orgs)


def _opens_with_body(text: str, start: int, end: int, orgs: _Orgs) -> bool:
    """Whether text[start:end] opens with a body (`Phòng Nội vụ huyện:`, `Các sở, ngành:`), not `Về kết quả, …:`."""
    return bool(
        _BODY_HEAD_RE.match(text, start, end) or _GENERIC_HEAD_RE.match(text, start, end) or orgs.starts_at(start)
    )


@dataclass(slots=True)
class _Verb:
    start: int
    end: int
    word: str


def _clause_assignments(
    text: str,
    start: int,
    end: int,
    orgs: _Orgs,
    words: _TriggerWords,
    doc_date: str | None,
    scoped: bool,
    heading_lead: list[tuple[int, int]] | None,
    itemised: bool = False,
) -> list[_Assignment]:
    """The assignments of one sentence: its `;` clauses, each with its own subject or the one before; the
    clauses of one lead make one task per deadline (those with none join the dated ones)."""
    sentence = text[start:end]
    if not (scoped or heading_lead or _may_assign(sentence, start, words)):
        return []
    thi_hanh = "thi hành" in sentence and _EXECUTE_RE.search(sentence) is not None
    leads: list[tuple[int, int]] | None = heading_lead
    support: list[tuple[int, int]] = []
    explicit = False
    pending = start  # -- a clause with no verb (`Giám đốc Kho bạc;`) is part of the next one's subject
    clauses: list[_Assignment] = []
    splits = ";" in sentence or ":" in sentence
    cuts = [m for m in _CLAUSE_SPLIT_RE.finditer(text, start, end) if not orgs.inside(m.start())] if splits else []
    bounds = [(m.start(), m.end()) for m in cuts] + [(end, end)]
    for clause_end, next_start in bounds:
        clause_start = pending
        # -- a clause after `;`, or an item (`- Biên soạn …`), may open with a verb we do not list
        continuing = bool(leads) and (scoped or explicit) and (itemised or clause_start != start)
        parsed = _parse_clause(text, clause_start, clause_end, orgs, words, continuing=continuing)
        # -- whether the clause has no verb at all matters only below: for a lead before it, or to run on
        verbless = (
            parsed is None
            and (bool(leads and (scoped or explicit)) or clause_end < end)
            and _first_verb(text, clause_start, clause_end, orgs) is None
        )
        if verbless and leads and (scoped or explicit):
            # -- `…; mỗi quý dự sinh hoạt …`: an action with a verb we do not list, for the lead before it
            parsed = ([], [], _clause_text_start(text, clause_start, clause_end), False)
        if parsed is None:
            if verbless and clause_end < end:
                continue  # -- keep `pending`: the subject runs on
            pending = next_start
            continue
        pending = next_start
        subject_leads, clause_support, verb, triggered = parsed
        if subject_leads:
            leads, support = subject_leads, clause_support
        elif clause_support:
            support = clause_support
        explicit = explicit or triggered
        if not leads:
            continue
        reported = _may_report(text, clause_start, verb) and _PAST_RE.search(text, clause_start, verb) is not None
        accountable = (
            text.find("trách nhiệm", clause_start, clause_end) != -1
            and _ACCOUNTABLE_TO_RE.search(text, clause_start, clause_end) is not None
        )
        if reported or accountable:
            if subject_leads:
                leads = None  # -- `X đã …; …`: what follows reports on X as well
            continue
        has_digit = _DIGIT_RE.search(text, clause_start, clause_end) is not None
        due_text = _without_refs(text, clause_start, clause_end) if has_digit else text[clause_start:clause_end]
        recurrence = find_recurrence(due_text)
        # -- the subject's own words are no deadline (`Ngày 28/9/2022, Ban Thường vụ …`)
        found_due: list[Deadline] = []
        if has_digit:
            offset = max(verb - clause_start, 0) if subject_leads else 0
            blanked = " " * offset + due_text[offset:]
            found_due = find_deadlines(blanked, document_date=doc_date, recurring=recurrence is not None)
        deadlines = [d.value for d in found_due]
        if not (
            explicit or scoped or thi_hanh or deadlines or (clause_start == start and _timed(text, start, clause_end))
        ):
            continue
        clauses.append(
            _Assignment(
                clause_start,
                clause_end,
                leads,
                list(support),
                (verb, clause_end),
                deadlines,
                recurrence,
                explicit,
                [clause_start + d.end for d in found_due],
            )
        )
    return _one_task_per_deadline(clauses)


def _may_report(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a word of `_PAST_RE` (`đã`, `được` …): plain `in` checks before its scan."""
    words = text[start:end].lower()
    return "đã" in words or "được" in words or "đang" in words or "vừa" in words or "chưa" in words


def _timed(text: str, start: int, end: int) -> bool:
    """Whether a sentence opens with a recurrence (`Định kỳ 6 tháng, UBND huyện báo cáo …` assigns; `…; cuối
    mỗi quý, …` inside a sentence need not)."""
    if text[start : start + 1] not in _ADVERBIAL_INITIALS:
        return False
    opening = _LEADING_ADVERBIAL_RE.match(text, start, end)
    return opening is not None and find_recurrence(opening.group()) is not None


def _one_task_per_deadline(clauses: list[_Assignment]) -> list[_Assignment]:
    """The clauses of one sentence as tasks: per lead, one task per deadline; a clause with none joins them.

    A recurring clause with no deadline (`định kỳ hằng năm báo cáo …`) stays a task of its own unless a
    dated task recurs too; a plain one (`hướng dẫn, theo dõi …`) joins the recurring task, else the dated
    ones, else they make one task together.
    """
    if not clauses:
        return []
    if len(clauses) == 1:
        # -- one clause: what the grouping below makes of it, without the grouping
        clause = clauses[0]
        if not clause.deadlines:
            return [clause]
        return [
            _Assignment(
                clause.start,
                e,
                clause.leads,
                clause.support,
                (clause.action[0], e),
                [d],
                clause.recurrence,
                clause.triggered,
                [e],
            )
            for d, e in zip(clause.deadlines, clause.due_ends, strict=True)
        ]
    tasks: list[_Assignment] = []
    leads_in_order: list[list[tuple[int, int]]] = []
    for clause in clauses:
        if clause.leads not in leads_in_order:
            leads_in_order.append(clause.leads)
    for leads in leads_in_order:
        own = [c for c in clauses if c.leads == leads]
        dated = [
            _Assignment(c.start, c.end, c.leads, c.support, c.action, [d], c.recurrence, c.triggered, [e])
            for c in own
            for d, e in zip(c.deadlines, c.due_ends, strict=True)
        ]
        recurring = [c for c in own if not c.deadlines and c.recurrence]
        plain = [c for c in own if not c.deadlines and not c.recurrence]
        if recurring and not any(d.recurrence for d in dated):
            periodic = [_merged(recurring + plain)]
            joined = [_merged([d], dated=d) for d in dated] + periodic
        elif dated:
            joined = [_merged([d, *recurring, *plain], dated=d) for d in dated]
        else:
            joined = [_merged(recurring + plain)]
        tasks.extend(joined)
    return sorted(tasks, key=lambda a: a.start)


def _merged(clauses: list[_Assignment], *, dated: _Assignment | None = None) -> _Assignment:
    """One task over several clauses of one lead, from the first's action verb on: to the last clause, or for
    a dated task to the end of its deadline (the tasks of one clause's two deadlines end apart)."""
    first = min(clauses, key=lambda c: c.start)
    end = dated.due_ends[0] if dated is not None else max(c.end for c in clauses)
    return _Assignment(
        first.start,
        end,
        first.leads,
        next((c.support for c in clauses if c.support), []),
        (first.action[0], end),
        list(dated.deadlines) if dated is not None else [],
        next((c.recurrence for c in sorted(clauses, key=lambda c: c.start) if c.recurrence), None),
        any(c.triggered for c in clauses),
        list(dated.due_ends) if dated is not None else [],
    )


def _may_assign(sentence: str, start: int, words: _TriggerWords) -> bool:
    """A cheap look before parsing an unscoped sentence (text[start:…]): it needs a trigger word, a deadline or
    an opening recurrence."""
    if words.words.within(start, start + len(sentence)):
        return True
    if sentence.startswith(_RECURRENCE_OPENINGS):
        return True
    return _DUE_RE.search(sentence) is not None


def _clause_text_start(text: str, start: int, end: int) -> int:
    while start < end and text[start] in " ,-–+•\n":
        start += 1
    return start


def _parse_clause(
    text: str, start: int, end: int, orgs: _Orgs, words: _TriggerWords, *, continuing: bool = False
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int, bool] | None:
    """(leads, support, where the action starts, triggered) of one clause; None when it has no action verb.

    Leads are empty when the clause starts with its verb (it continues the subject before it).
    """
    while start < end and text[start] in " ,-–+•\n":
        start += 1
    adverbial = (
        _LEADING_ADVERBIAL_RE.match(text, start, end) if text[start : start + 1] in _ADVERBIAL_INITIALS else None
    )
    subject_start = adverbial.end() if adverbial else start
    # -- a label's colon comes within 61 characters (`_LABEL_RE`): without one, no need to try the pattern
    label = _LABEL_RE.match(text, subject_start, end) if text.find(":", subject_start + 3, end) != -1 else None
    if label is not None and not _BODY_HEAD_RE.search(label.group("label")):
        subject_start = label.end()  # -- `1. Tuyên truyền, vận động: Ủy ban MTTQ huyện …`
    trigger = None
    for found in _triggers(text, subject_start, end, words):
        if _REPORTED_RE.search(text, subject_start, found.start()):
            return None
        if not _PAST_RE.search(text, max(subject_start, found.start() - 8), found.start()):
            trigger = found
            break
    triggered = trigger is not None
    if trigger is not None:
        subject_start = trigger.end()
    verb = _opening_verb(text, subject_start, end)
    labelled = (
        None if verb or text.find(":", subject_start + 3, end) == -1 else _BODY_LABEL_RE.match(text, subject_start, end)
    )
    if labelled is not None and (after := _opening_verb(text, labelled.end(), end)) is not None:
        # -- `Sở Nội vụ: Chủ trì, phối hợp …`: the body, a colon, then its action
        verb, subject_end_at = after, labelled.end("body")
    else:
        verb = verb or _first_verb(text, subject_start, end, orgs)
        subject_end_at = None
        if verb is not None and verb.word not in _RESPONSIBLE and trigger is None:
            # -- `Người đứng đầu đơn vị thực hiện phân nhóm … có trách nhiệm: …`: the subject runs to it
            responsible = _responsible_after(text, verb.end, end)
            if responsible is not None and _is_body(text[subject_start : responsible.start].strip(" ,")):
                verb = responsible
    if verb is None:
        return None
    subject_end = subject_end_at if subject_end_at is not None else verb.start
    support: list[tuple[int, int]] = []
    if verb.word == "chủ trì":
        triggered = True
        position = verb.end
        while position < end and text[position] in " ,":
            position += 1
        after = _first_verb(text, position, end, orgs)
        if after is None:
            return None
        verb = after
    if verb.word == "phối hợp":
        with_ = _SUPPORT_RE.match(text, verb.start, end)
        if with_ is not None:
            action = _first_verb(text, with_.end(), end, orgs)
            if action is not None and action.start > with_.end():
                support = _split_leads(text, with_.end(), action.start, orgs)
                verb = action
    if verb.word in _RESPONSIBLE:
        triggered = True
    subject = text[subject_start:subject_end].strip(" ,")
    if subject and subject[0].islower() and not subject.startswith("các ") and not triggered:
        subject = ""  # -- `…; định kỳ hằng năm báo cáo …`: a time, then the verb; the lead is the one before
    if not subject:
        return ([], support, verb.start, triggered)
    # -- after a trigger the body may open in lower case (`yêu cầu thủ trưởng các cơ quan …`)
    if not _is_body(subject) and not (trigger is not None and _is_body(subject[:1].upper() + subject[1:])):
        # -- `- Biên soạn tài liệu …, gửi …` under a lead: a verb we do not list opens the clause
        return ([], support, start, triggered) if continuing else None
    leads = _split_leads(text, subject_start, subject_end, orgs)
    return (leads, support, verb.start, triggered) if leads else None


_RESPONSIBLE = frozenset({"chịu trách nhiệm", "có trách nhiệm"})
_RESPONSIBLE_RE = re.compile(r"(?<!\w)(?:chịu|có) trách nhiệm(?!\w)(?!\s+trước)")


def _responsible_after(text: str, start: int, end: int) -> _Verb | None:
    """`chịu trách nhiệm` / `có trách nhiệm` in text[start:end] (not `… trước X`, answering to someone)."""
    if text.find("trách nhiệm", start, end) == -1:
        return None
    match = _RESPONSIBLE_RE.search(text, start, end)
    return _Verb(match.start(), match.end(), match.group()) if match else None


def _triggers(text: str, start: int, end: int, words: _TriggerWords) -> Iterable[regex.Match[str]]:
    """The matches of `_TRIGGER_RE` in text[start:end], in order. The pattern is tried only where a trigger
    word opens (`words`), not at every position as its `finditer` would; no two matches can overlap, so
    the matches are the same."""
    for opening in words.openings.within(start, end):
        match = _TRIGGER_RE.match(text, opening, end)
        if match is not None:
            yield match


def _first_verb(text: str, start: int, end: int, orgs: _Orgs) -> _Verb | None:
    # -- `search` again after a verb inside an org: what `finditer` finds, without making its iterator each call
    match = _VERB_RE.search(text, start, end)
    while match is not None and orgs.inside(match.start()):
        match = _VERB_RE.search(text, match.end(), end)
    return _Verb(match.start(), match.end(), match.group()) if match is not None else None


def _opening_verb(text: str, start: int, end: int) -> _Verb | None:
    """The verb a clause opens with, capitalised or not (`Tham mưu Ban Thường vụ …`, `Phối hợp với …`)."""
    head = text[start : min(end, start + 40)]
    initial = head[:1].lower()
    if initial not in _VERB_INITIALS:
        return None
    match = _VERB_RE.match(initial + head[1:])
    return _Verb(start + match.start(), start + match.end(), match.group()) if match else None


def _starts_with_verb(text: str, start: int, end: int, orgs: _Orgs) -> bool:
    return _opening_verb(text, start, end) is not None


def _is_body(subject: str) -> bool:
    if not (subject[0].isupper() or subject.startswith("các ")) or len(subject) > 300:
        return False
    if _NOT_SUBJECT_RE.match(subject):
        return False
    # -- every `_SUBORDINATE_RE` match holds one of these words (it is case-sensitive)
    if ("khi" in subject or "nếu" in subject or "để" in subject) and _SUBORDINATE_RE.search(subject):
        return False
    return _BODY_RE.search(subject) is not None


def _split_leads(text: str, start: int, end: int, orgs: _Orgs, base: int = 0) -> list[tuple[int, int]]:
    """The bodies of a subject, as spans of `text`: split at `,` `;` `và` outside organisation names; a
    piece that names no body (`UBND các xã Hoàng Việt, Tân Mỹ`, `các cơ quan, đơn vị`) belongs to the one
    before, and a `;` part with a colon (`Trưởng các phòng: Nội vụ, Tài chính`) is one. `base` is the
    document offset of `text[0]` (a table cell's text), for the orgs."""
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    while start < end and text[start] in " ,":
        start += 1
    parts: list[tuple[int, int]] = []
    cursor = start
    splits = text.find(",", start, end) != -1 or text.find(";", start, end) != -1 or text.find("và", start, end) != -1
    cuts = [m for m in _LEAD_SPLIT_RE.finditer(text, start, end) if not orgs.inside(m.start() + base)] if splits else []
    colon_parts = _colon_parts(text, start, end)
    for cut in [*cuts, None]:
        piece_end = cut.start() if cut else end
        piece_start = cursor
        cursor = cut.end() if cut else end
        if piece_end <= piece_start:
            continue
        if not parts:  # -- the first piece joins nothing
            parts.append((piece_start, piece_end))
            continue
        piece = text[piece_start:piece_end]
        # -- a bare place (`UBND các xã Hoàng Việt, Tân Mỹ`) is one more of the bodies before it
        bare_place = not _BODY_HEAD_RE.search(piece) and orgs.entity_id((piece_start + base, piece_end + base)) is None
        # -- `các cơ quan, đơn vị`, `các ban, ngành` are set phrases: one generic lead
        bare_place = bare_place or (
            piece in _SET_PHRASE_TAILS
            and any(text[parts[-1][0] : parts[-1][1]].endswith(a) and piece == b for a, b in _SET_PHRASES)
        )
        joins = bare_place or any(a <= piece_start < b and a < parts[-1][1] for a, b in colon_parts)
        if joins:
            parts[-1] = (parts[-1][0], piece_end)
        else:
            parts.append((piece_start, piece_end))
    return [(a, b) for a, b in parts if text[a:b].strip().lower() not in _NOT_A_LEAD]


def _colon_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans from a colon to the next `;` (or the end): the list a post names (`Trưởng các phòng: …`)."""
    spans = []
    colon = text.find(":", start, end)
    while colon != -1:
        stop = text.find(";", colon, end)
        spans.append((colon, stop if stop != -1 else end))
        colon = text.find(":", colon + 1, end)
    return spans


def _without_refs(text: str, start: int, end: int) -> str:
    """The clause with document references' dates blanked (`Nghị định 30/2020/NĐ-CP ngày 05/3/2020` is no deadline)."""
    clause = text[start:end]
    return _REF_DATE_RE.sub(lambda m: " " * len(m.group()), clause)


_REF_DATE_RE = regex.compile(
    r"(?:Nghị quyết|Quyết định|Chỉ thị|Kết luận|Kế hoạch|Công văn|Hướng dẫn|Thông báo|Nghị định|Thông tư|Quy định|"
    r"Luật|Tờ trình|Báo cáo|Chương trình)\s+(?:số\s+)?[\w/.\-]+[,\s]*(?:ngày\s+[\d/.\-]+(?:\s+tháng\s+\d+\s+năm\s+\d{4})?)?"
)


def _task_facts(text: str, assignment: _Assignment, orgs: _Orgs) -> list[Fact]:
    # -- tuples of lists: a generator costs more than the list it feeds for these two or three items
    leads = tuple([_clean(text[a:b]) for a, b in assignment.leads])
    support = tuple([_clean(text[a:b]) for a, b in assignment.support])
    action = _clean(text[assignment.action[0] : assignment.action[1]])
    start, end = assignment.start, assignment.end
    while end > start and text[end - 1] in " .;,/":
        end -= 1
    lead_ids = tuple([orgs.entity_id(span) for span in assignment.leads])
    support_ids = tuple([orgs.entity_id(span) for span in assignment.support])
    deadlines: list[str | None] = list(assignment.deadlines) or [None]
    # -- several deadlines on one assignment (the next sentence's): each task ends at its own
    ends = (
        assignment.due_ends
        if len(deadlines) > 1 and len(assignment.due_ends) == len(deadlines)
        else [end] * len(deadlines)
    )
    return [
        Fact(
            "task",
            text[start:stop],
            start,
            stop,
            lead=leads,
            support=support,
            action=action,
            deadline=deadline,
            recurrence=assignment.recurrence,
            lead_entity_ids=lead_ids,
            support_entity_ids=support_ids,
            extractor="tasks.clause",
            confidence=CLAUSE_CONFIDENCE,
        )
        for deadline, stop in zip(deadlines, ends, strict=True)
    ]


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(" ,.;:/")


# -- the plan's table: one task per row ---------------------------------------------------------------

_CONTENT_HEADER_RE = regex.compile(r"nội dung|nhiệm vụ|công việc|hoạt động", regex.IGNORECASE)
_LEAD_HEADER_RE = regex.compile(r"chủ trì|thực hiện|chịu trách nhiệm", regex.IGNORECASE)
_SUPPORT_HEADER_RE = regex.compile(r"phối hợp", regex.IGNORECASE)
_TIME_HEADER_RE = regex.compile(r"thời gian|thời hạn|tiến độ|hoàn thành", regex.IGNORECASE)
_CELL_SPLIT_RE = regex.compile(r"\s*(?:[,;\n]|\s-\s)\s*")


@dataclass(frozen=True, slots=True)
class TaskTable:
    """A table's task columns (cell indices) and the row index of its header."""

    header_row: int
    content: int
    lead: int
    support: int | None
    time: int | None


def task_table_columns(header: dict[int, Block]) -> TaskTable | None:
    """The columns of a task table from its header row; None when the row has no content and lead columns.

    Example:
        cells `STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành` → content 1, lead 2, support 3, time 4
    """
    content = lead = support = time = None
    for column, block in sorted(header.items()):
        cell = block.text
        if support is None and _SUPPORT_HEADER_RE.search(cell):
            support = column
        elif (
            lead is None and _LEAD_HEADER_RE.search(cell) and not _TIME_HEADER_RE.search(cell.replace("thực hiện", ""))
        ):
            lead = column
        elif time is None and _TIME_HEADER_RE.search(cell):
            time = column
        elif content is None and _CONTENT_HEADER_RE.search(cell):
            content = column
    if content is None or lead is None:
        return None
    row = header[min(header)].row
    return TaskTable(row if row is not None else 0, content, lead, support, time)


def find_table_tasks(blocks: Sequence[Block], facts: Sequence[Fact] = (), *, doc_date: str | None = None) -> list[Fact]:
    """One task per body row of every table whose header has a content and a lead column.

    Example:
        `Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành` over
        `Rà soát quy hoạch | Phòng Nội vụ | Văn phòng UBND huyện | Quý III/2024` → lead ("Phòng Nội vụ",), deadline "2024-Q3"
    """
    tables: dict[int, dict[int, dict[int, Block]]] = {}
    for block in blocks:
        if block.kind == "table_cell" and block.table is not None and block.row is not None and block.cell is not None:
            tables.setdefault(block.table, {}).setdefault(block.row, {})[block.cell] = block
    orgs = _Orgs(sorted((f for f in facts if f.kind == "org"), key=_START))
    found: list[Fact] = []
    for rows in tables.values():
        columns = None
        for index in sorted(rows)[:3]:
            if _LEAD_HEADER_RE.search(" ".join(b.text for b in rows[index].values())):
                columns = task_table_columns(rows[index])
                if columns is not None:
                    break
        if columns is None:
            continue
        for index in sorted(rows):
            if index > columns.header_row:
                task = _row_task(rows[index], columns, orgs, doc_date)
                if task is not None:
                    found.append(task)
    return found


def _row_task(row: dict[int, Block], columns: TaskTable, orgs: _Orgs, doc_date: str | None) -> Fact | None:
    content, lead = row.get(columns.content), row.get(columns.lead)
    if content is None or lead is None or not lead.text.strip():
        return None
    support = row.get(columns.support) if columns.support is not None else None
    time = row.get(columns.time) if columns.time is not None else None
    time_text = time.text if time else ""
    recurrence = find_recurrence(time_text) or find_recurrence(content.text)
    deadlines = find_deadlines(_as_deadline_phrase(time_text), document_date=doc_date, recurring=recurrence is not None)
    leads = _cell_spans(lead, orgs)
    supports = _cell_spans(support, orgs) if support else []
    cells = [b for b in row.values()]
    start, end = min(b.start for b in cells), max(b.end for b in cells)
    return Fact(
        "task",
        "\n\n".join(b.text for b in sorted(cells, key=lambda b: b.start)),
        start,
        end,
        lead=tuple(_clean(lead.text[a - lead.start : b - lead.start]) for a, b in leads),
        support=tuple(_clean(support.text[a - support.start : b - support.start]) for a, b in supports)
        if support
        else (),
        action=_clean(_ENUMERATOR_RE.sub("", content.text, count=1)),
        deadline=deadlines[0].value if deadlines else None,
        recurrence=recurrence,
        lead_entity_ids=tuple(orgs.entity_id(span) for span in leads),
        support_entity_ids=tuple(orgs.entity_id(span) for span in supports),
        extractor="tasks.table",
        confidence=ROW_CONFIDENCE,
    )


_CELL_MARKER_RE = regex.compile(
    r"^(?:hoàn thành\s+)?(?:trước|chậm nhất|trong|vào|đến|hết)\s+(?:ngày\s+)?", regex.IGNORECASE
)
_CELL_DAY_RE = regex.compile(r"\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?(?!\d)")
_CELL_MONTH_RE = regex.compile(r"\d{1,2}\s*/\s*\d{4}")
_CELL_YEAR_RE = regex.compile(r"năm\s+\d{4}", regex.IGNORECASE)
_CELL_BARE_YEAR_RE = regex.compile(r"\d{4}")


def _as_deadline_phrase(cell: str) -> str:
    """A time cell as a deadline phrase: `30/6/2024` → `trước ngày 30/6/2024`, `Năm 2025` → `trong năm 2025`."""
    cell = _CELL_MARKER_RE.sub("", cell.strip())
    if _CELL_DAY_RE.match(cell):
        return f"trước ngày {cell}"
    if _CELL_MONTH_RE.match(cell):
        return f"trong tháng {cell}"
    if _CELL_YEAR_RE.match(cell):
        return f"trong {cell}"
    if _CELL_BARE_YEAR_RE.fullmatch(cell):
        return f"trong năm {cell}"
    return f"trong {cell}"


def _cell_spans(block: Block, orgs: _Orgs) -> list[tuple[int, int]]:
    """The bodies named in a cell, as spans of the document text."""
    return [
        (a + block.start, b + block.start) for a, b in _split_leads(block.text, 0, len(block.text), orgs, block.start)
    ]


def drop_news_and_table_tasks(facts: Sequence[Fact], blocks: Sequence[Block], *, news: bool) -> list[Fact]:
    """Facts without the text tasks that a document cannot have: any in a news article (it reports what
    others asked), and those read from the cells of a task table (its rows are read as rows)."""
    table_spans = [
        (b.start, b.end) for b in blocks if b.kind == "table_cell" and b.table is not None and b.row is not None
    ]
    kept = []
    for fact in facts:
        if fact.kind == "task" and fact.extractor == "tasks.clause":
            if news or any(a <= fact.start < b for a, b in table_spans):
                continue
        kept.append(fact)
    return kept


def _completed(fact: Fact, doc_date: str | None) -> Fact:
    if fact.kind != "task" or not fact.deadline or not fact.deadline.startswith("--") or fact.recurrence:
        return fact
    value = complete_deadline(fact.deadline, doc_date)
    return fact if value == fact.deadline else dataclasses.replace(fact, deadline=value)


def with_document_tasks(facts: list[Fact], blocks: Sequence[Block], *, news: bool, doc_date: str | None) -> list[Fact]:
    """A read document's facts with its tasks settled: none in a news article, and a task table's rows as tasks.

    Example:
        with_document_tasks(facts, document.blocks, news=document.header is None, doc_date="2024-03-01")
    """
    kept = drop_news_and_table_tasks(facts, blocks, news=news)
    if news:
        return kept
    # -- the header's date is known only here: a no-year deadline the text's own dateline could not complete
    kept = [_completed(fact, doc_date) for fact in kept]
    rows = find_table_tasks(blocks, kept, doc_date=doc_date)
    if not rows:
        return kept
    return sorted([*kept, *rows], key=lambda f: (f.start, -f.end))
