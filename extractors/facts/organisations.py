"""The organisation each fact is about, found where the fact is extracted: an org fact names itself, any
other fact takes the org nearest to it in its sentence.

Example:
    "Đảng bộ huyện có 85 chi bộ." → Đảng bộ huyện: "Đảng bộ huyện", 85 chi bộ: "Đảng bộ huyện"
"""

from __future__ import annotations

from vanban.models.fact import Fact, fill_fresh


def sentence_organisations(facts: list[Fact]) -> list[str | None]:
    """For each fact, the body it is about: an org fact's own name, else the org fact nearest to it in its sentence.

    Example:
        "Đảng bộ huyện có 85 chi bộ." → [Đảng bộ huyện → "Đảng bộ huyện", 85 chi bộ → "Đảng bộ huyện"]

    Nearest by distance between spans; an organisation before the fact wins a tie (Vietnamese names the
    body first: "Huyện ủy … đã kết nạp 45 đảng viên"). A fact whose sentence names none gets None.
    """
    orgs_by_sentence: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.kind == "org" and fact.sentence:
            orgs_by_sentence.setdefault(fact.sentence, []).append(fact)
    found: list[str | None] = []
    for fact in facts:
        if fact.kind == "org":
            found.append(fact.normalized or fact.text)
            continue
        best: tuple[int, bool, str] | None = None
        # -- the same sentence text twice in a document: only an org within one sentence's length counts
        reach = len(fact.sentence or "")
        for org in orgs_by_sentence.get(fact.sentence or "", ()):
            after = org.start >= fact.end
            gap = org.start - fact.end if after else max(fact.start - org.end, 0)
            if gap <= reach and (best is None or (gap, after) < best[:2]):
                best = (gap, after, org.normalized or org.text)
        found.append(best[2] if best else None)
    return found


def link_organisations(facts: list[Fact]) -> list[Fact]:
    """The facts with `organisation` set to what `sentence_organisations` finds, filled in place: for the
    pipeline's own facts, just made and held by nobody else (`fill_fresh`).

    Example:
        link_organisations(extract_facts("Đảng bộ huyện có 85 chi bộ."))[1].organisation → "Đảng bộ huyện"
    """
    for fact, organisation in zip(facts, sentence_organisations(facts), strict=True):
        if fact.organisation != organisation:
            fill_fresh(fact, "organisation", organisation)
    return facts
