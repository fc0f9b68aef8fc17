"""The gold files of samples/ and samples/heldout/: counted, well formed, and pointing at the text as read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import SAMPLES
from tools.make_samples import parse_annotated
from vanban.extractors.evaluation.evaluate import gold_pairs, load_annotated_kinds
from vanban.extractors.read import read_document
from vanban.models.fact import FACT_KINDS

HELDOUT = SAMPLES / "heldout"
DEADLINE_RE = re.compile(r"^(\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?|--\d{2}(-\d{2})?)$")
SAMPLE_GOLD = sorted(SAMPLES.glob("*.json"))
HELDOUT_GOLD = sorted(HELDOUT.glob("*.json"))
HELDOUT_TEXT_GOLD = [path for path in HELDOUT_GOLD if path.with_suffix(".txt").exists()]
# -- gold without offsets, rendered with its document by tools/make_samples.py
RENDERED_GOLD = SAMPLE_GOLD + [path for path in HELDOUT_GOLD if path.with_suffix(".docx").exists()]


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _squeezed(text: str) -> str:
    # -- a PDF may break a line where the source has a space
    return " ".join(text.split())


def test_samples_and_heldout_are_counted():
    assert len(list(gold_pairs(SAMPLES))) == 20
    assert len(list(gold_pairs(HELDOUT))) == 15


@pytest.mark.parametrize(
    ("folder", "tasks", "people"), [(SAMPLES, 61, 34), (HELDOUT, 44, 23)], ids=["samples", "heldout"]
)
def test_every_gold_file_is_annotated_for_tasks_and_people(folder, tasks, people):
    golds = [_gold(path) for path in sorted(folder.glob("*.json"))]
    assert all(gold["annotated"] == list(FACT_KINDS) for gold in golds)
    facts = [fact for gold in golds for fact in gold["facts"]]
    assert sum(fact["kind"] == "task" for fact in facts) == tasks
    assert sum(fact["kind"] == "person" for fact in facts) == people


@pytest.mark.parametrize("path", SAMPLE_GOLD + HELDOUT_GOLD, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_gold_facts_are_of_annotated_kinds_and_well_formed(path):
    gold = _gold(path)
    annotated = load_annotated_kinds(path)
    assert set(annotated) <= set(FACT_KINDS)
    for fact in gold["facts"]:
        assert fact["kind"] in annotated, fact
        if fact["kind"] == "task":
            assert fact["lead"] and all(isinstance(lead, str) and lead for lead in fact["lead"]), fact
            assert isinstance(fact["support"], list) and fact["action"] in fact["text"], fact
            assert fact["deadline"] is None or DEADLINE_RE.match(fact["deadline"]), fact
        elif fact["kind"] == "person":
            assert fact["name"] in fact["text"] and isinstance(fact["posts"], list), fact
            assert fact.get("honorific") in (None, "đồng chí", "ông", "bà"), fact


@pytest.mark.parametrize("path", SAMPLE_GOLD + HELDOUT_GOLD, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_a_signed_document_has_its_signer_as_a_person(path):
    gold = _gold(path)
    signers = [fact for fact in gold["facts"] if fact["kind"] == "person" and fact.get("signer")]
    expected = (gold["header"] or {}).get("signer_name")
    assert [fact["name"] for fact in signers] == ([expected] if expected else [])
    if signers:
        assert len(signers[0]["posts"]) == 1 and signers[0]["posts"][0] in gold["header"]["signer_role"]


@pytest.mark.parametrize("path", HELDOUT_TEXT_GOLD, ids=lambda path: path.stem)
def test_heldout_offsets_point_at_the_text_as_read(path):
    text = read_document(path.with_suffix(".txt")).text
    for fact in _gold(path)["facts"]:
        assert text[fact["start"] : fact["end"]] == fact["text"], fact


@pytest.mark.parametrize("path", RENDERED_GOLD, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_rendered_gold_of_tasks_and_people_is_written_in_the_document(path):
    [pair] = [pair for pair in gold_pairs(path.parent) if pair.gold == path]
    text = _squeezed(read_document(pair.document).text)
    for fact in _gold(path)["facts"]:
        if fact["kind"] == "task":
            assert _squeezed(fact["action"]) in text, fact
            assert all(_squeezed(body) in text for body in fact["lead"] + fact["support"]), fact
        elif fact["kind"] == "person":
            assert _squeezed(fact["name"]) in text, fact


def test_task_and_person_marks_become_gold_facts():
    marked = parse_annotated(
        '{t:{"lead": ["Văn phòng"], "action": "tổng hợp", "deadline": "2025-Q3", "recurrence": "hằng năm"}'
        "|Văn phòng tổng hợp trong {d:2025|quý III/2025}} và "
        '{n:{"name": "Lê Văn Ba", "posts": ["Chánh Văn phòng"], "honorific": "ông"}|ông Lê Văn Ba, Chánh Văn phòng}'
    )
    assert marked.text == "Văn phòng tổng hợp trong quý III/2025 và ông Lê Văn Ba, Chánh Văn phòng"
    task, date, person = marked.gold_facts()
    assert task == {
        "kind": "task",
        "text": "Văn phòng tổng hợp trong quý III/2025",
        "lead": ["Văn phòng"],
        "support": [],
        "action": "tổng hợp",
        "deadline": "2025-Q3",
        "recurrence": "hằng năm",
    }
    assert date["value"] == "2025"
    assert (person["name"], person["posts"], person["honorific"]) == ("Lê Văn Ba", ["Chánh Văn phòng"], "ông")


@pytest.mark.parametrize(
    ("marked", "message"),
    [
        ('{t:{"lead": ["Văn phòng"], "action": "báo cáo"}|Văn phòng tổng hợp}', "must be written inside its text"),
        ('{t:{"action": "tổng hợp"}|Văn phòng tổng hợp}', "give its lead as a list"),
        ('{t:{"lead": ["Văn phòng"], "action": "tổng hợp", "deadline": "30/6"}|Văn phòng tổng hợp}', "ISO 8601"),
        ('{n:{"name": "Lê Văn Ba"}|ông Lê Văn Bá}', "must be written inside its text"),
        ('{n:{"posts": ["Chủ tịch"]}|Lê Văn Ba}', "not inside its text"),
    ],
    ids=["action-outside", "no-lead", "deadline-not-iso", "name-outside", "post-outside"],
)
def test_task_and_person_marks_refuse_what_the_text_does_not_say(marked, message):
    with pytest.raises(ValueError, match=message):
        parse_annotated(marked)
