"""People that only the document's layout shows: the signer under the signature, names in a table's cells.

`extract_document` calls `with_document_people` on the facts of the text: the header's signer name
(extractors/header/) becomes a person with the role above the signature as its post, and a name alone
in a table cell takes the posts in the cells beside it.

Example:
    a decision signed `T/M BAN THƯỜNG VỤ / BÍ THƯ` … `Hoàng Văn Khánh`
    → Fact(kind="person", name="Hoàng Văn Khánh", posts=("BÍ THƯ",), signer=True, …)
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

import regex

from vanban.extractors.facts.people import POST_HEAD_RE, OrgIndex, Post, find_name_end, make_person, person_id
from vanban.extractors.text.normalize import canonical
from vanban.models.document import Document
from vanban.models.fact import Fact, fill_fresh

SIGNER_CONFIDENCE = 0.95
TABLE_CONFIDENCE = 0.85
# -- signature mandates: `T/M BAN THƯỜNG VỤ`, `KT. CHỦ TỊCH`, `TL. BAN THƯỜNG VỤ`, `TUQ. CHỦ TỊCH`
MANDATE_RE = regex.compile(r"^(?:T/M|TM|K/T|KT|T/L|TL|TUQ|T/UQ)\b[.\s]*", regex.IGNORECASE)


def signer_post(role: str) -> str | None:
    """The signer's own post from the role above the signature: the last line that is not a mandate, as written.

    Example:
        signer_post("T/M BAN THƯỜNG VỤ / BÍ THƯ") → "BÍ THƯ"; signer_post("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") → "PHÓ CHỦ TỊCH"
    """
    parts = [part.strip() for part in role.split(" / ") if part.strip()]
    for part in reversed(parts):
        if not MANDATE_RE.match(part):
            return part
    if not parts:
        return None
    return MANDATE_RE.sub("", parts[-1]).strip() or None


def signer_person(document: Document, facts: Sequence[Fact]) -> Fact | None:
    """The signer as a person fact: the name the header found under the signature, where the text has it
    last, with the role's post; the post's body is the issuer (its org fact's entity).

    None when the header has no signer name or the text does not hold it (a scan read apart from its header).
    """
    header = document.header
    if header is None or not header.signer_name:
        return None
    found = _last_occurrence(document.text, header.signer_name)
    if found is None:
        return None
    start, end = found
    post = signer_post(header.signer_role) if header.signer_role else None
    issuer = _issuer_org(header.issuer, facts)
    entity = issuer.entity_id if issuer is not None and post else None
    name = document.text[start:end]
    return Fact(
        kind="person",
        text=name,
        start=start,
        end=end,
        name=name,
        posts=(post,) if post else (),
        post_entity_ids=(entity,) if post else (),
        person_id=person_id(name, entity),
        signer=True,
        extractor="people.signer",
        confidence=SIGNER_CONFIDENCE,
        organisation=(issuer.normalized or issuer.text) if issuer is not None else None,
    )


def _last_occurrence(text: str, name: str) -> tuple[int, int] | None:
    words = name.split()
    if not words:
        return None
    pattern = regex.compile(r"[ \t]+".join(regex.escape(w) for w in words), regex.IGNORECASE)
    last = None
    for match in pattern.finditer(text):
        last = match
    return (last.start(), last.end()) if last is not None else None


def _issuer_org(issuer: str | None, facts: Sequence[Fact]) -> Fact | None:
    """The org fact that is the header's issuer (`HUYỆN ỦY CAO LỘC` as written at the top), if one was found."""
    if not issuer:
        return None
    key = canonical(issuer)
    return next((f for f in facts if f.kind == "org" and f.entity_id and canonical(f.text) == key), None)


def table_people(document: Document, facts: Sequence[Fact]) -> list[Fact]:
    """Names alone in a table cell with their post in the next cells of the row (`Nguyễn Văn A | Phó Chủ tịch
    UBND huyện | Trưởng ban`): a list of members laid out as a table, where the text shows no honorific."""
    text = document.text
    cells = [block for block in document.blocks if block.kind == "table_cell"]
    if not cells:
        return []
    orgs = OrgIndex(facts)
    people = [(f.start, f.end) for f in facts if f.kind == "person"]
    found = []
    for index, cell in enumerate(cells):
        start, end = _stripped(text, cell.start, cell.end)
        if find_name_end(text, start, orgs, need_surname=True) != end or any(a <= start < b for a, b in people):
            continue
        posts = []
        for after in cells[index + 1 :]:
            if (after.table, after.row) != (cell.table, cell.row):
                break
            post_start, post_end = _stripped(text, after.start, after.end)
            if POST_HEAD_RE.match(text, post_start) is None:
                break
            inner = orgs.inside(post_start, post_end)
            posts.append(Post(post_start, post_end, inner.entity_id if inner is not None else None))
        if posts:
            person = make_person(
                text, start, posts[-1].end, start, text[start:end], posts, None, TABLE_CONFIDENCE, "table"
            )
            person.extra.pop("name_start", None)
            found.append(person)
    return found


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;."):
        end -= 1
    return start, end


def with_document_people(facts: list[Fact], document: Document) -> list[Fact]:
    """The facts with the people only the document's layout shows: names beside their post in a table's row,
    and the signer under the signature (`with_signer`), in text order."""
    added = table_people(document, facts)
    if added:
        facts = sorted([*facts, *added], key=lambda f: (f.start, -f.end))
        for fact in added:
            fill_fresh(fact, "sentence", fact.text)
    return with_signer(facts, document)


def with_signer(facts: list[Fact], document: Document) -> list[Fact]:
    """The facts with the signer among them, in text order: a person found at the signer's name becomes the
    signer (its posts kept, the role's post added); else a new person fact for the name."""
    signer = signer_person(document, facts)
    if signer is None:
        return facts
    out: list[Fact] = []
    merged = False
    for fact in facts:
        if fact.kind == "person" and fact.start <= signer.start and signer.end <= fact.end:
            fact = dataclasses.replace(
                fact,
                posts=(*(fact.posts or ()), *(signer.posts or ())),
                post_entity_ids=(*(fact.post_entity_ids or ()), *(signer.post_entity_ids or ())),
                signer=True,
            )
            merged = True
        out.append(fact)
    if not merged:
        index = bisect.bisect_left([f.start for f in out], signer.start)
        line_start = document.text.rfind("\n", 0, signer.start) + 1
        line_end = document.text.find("\n", signer.end)
        sentence = document.text[line_start : line_end if line_end >= 0 else len(document.text)].strip()
        out.insert(index, dataclasses.replace(signer, sentence=sentence))
    return out
