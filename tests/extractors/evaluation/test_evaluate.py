import json

import pytest

from vanban.extractors.evaluation.evaluate import evaluate_folder, gold_pairs
from vanban.models.errors import VanbanError


def _gold(folder, name: str, facts: list[dict]) -> None:
    (folder / f"{name}.json").write_text(json.dumps({"facts": facts}, ensure_ascii=False), encoding="utf-8")


def test_gold_pairs_finds_each_document_format(tmp_path):
    for name, suffix in (("a", ".txt"), ("b", ".docx"), ("c", ".pdf"), ("d", ".doc")):
        _gold(tmp_path, name, [])
        (tmp_path / f"{name}{suffix}").write_bytes(b"x")
    assert [(pair.name, pair.document.suffix) for pair in gold_pairs(tmp_path)] == [
        ("a", ".txt"),
        ("b", ".docx"),
        ("c", ".pdf"),
        ("d", ".doc"),
    ]


def test_gold_without_a_document_is_an_error(tmp_path):
    _gold(tmp_path, "lost", [])
    with pytest.raises(VanbanError, match="has no document beside it"):
        list(gold_pairs(tmp_path))


def test_evaluate_folder_scores_a_text_against_its_gold(tmp_path):
    (tmp_path / "tin.txt").write_text("Ngày 5/3/2021, Đảng bộ huyện Tràng Định có 85 chi bộ.", encoding="utf-8")
    _gold(
        tmp_path,
        "tin",
        [
            {"kind": "date", "text": "Ngày 5/3/2021", "value": "2021-03-05"},
            {"kind": "org", "text": "Đảng bộ huyện Tràng Định"},
            {"kind": "count", "text": "85 chi bộ", "value": 85, "unit": "chi bộ"},
            {"kind": "percent", "text": "90%", "value": 90},
        ],
    )
    [score] = evaluate_folder(tmp_path)
    assert {kind: s.true_positives for kind, s in score.scores.items() if s.true_positives} == {
        "date": 1,
        "org": 1,
        "org~": 1,
        "count": 1,
    }
    assert [fact["kind"] for fact in score.misses] == ["percent"]


def test_evaluate_folder_scores_task_and_person_only_where_the_gold_was_annotated_for_them(tmp_path):
    text = "Giao Văn phòng Huyện ủy tổng hợp, báo cáo trước ngày 30/6/2025. Đồng chí Lê Văn Ba, Chánh Văn phòng."
    for name in ("old", "new"):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    date = {"kind": "date", "text": "ngày 30/6/2025", "value": "2025-06-30"}
    (tmp_path / "old.json").write_text(json.dumps({"facts": [date]}, ensure_ascii=False), encoding="utf-8")
    task = {
        "kind": "task",
        "lead": ["Văn phòng Huyện ủy"],
        "support": [],
        "action": "tổng hợp",
        "deadline": "2025-06-30",
    }
    person = {"kind": "person", "name": "Lê Văn Ba", "posts": ["Chánh Văn phòng"]}
    new = {"annotated": ["date", "task", "person"], "facts": [date, task, person]}
    (tmp_path / "new.json").write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    new_score, old_score = evaluate_folder(tmp_path)  # -- in name order
    assert set(old_score.scores) == {"date", "count", "percent", "org", "org~", "docref"}
    assert set(new_score.scores) == {"date", "task", "person"}
    assert new_score.scores["task"].false_negatives + new_score.scores["task"].true_positives == 1
    assert new_score.scores["person"].false_negatives + new_score.scores["person"].true_positives == 1


def test_an_annotated_field_that_is_not_a_list_of_kinds_is_an_error(tmp_path):
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "x.json").write_text(json.dumps({"annotated": "task", "facts": []}), encoding="utf-8")
    with pytest.raises(VanbanError, match="annotated"):
        evaluate_folder(tmp_path)


def test_evaluate_shows_a_missed_task_with_its_leads_and_deadline(tmp_path):
    from typer.testing import CliRunner

    from vanban.cli import app

    (tmp_path / "cv.txt").write_text("Giao Văn phòng Huyện ủy tổng hợp, xong trước ngày 30/6/2025.", encoding="utf-8")
    task = {
        "kind": "task",
        "text": "Giao Văn phòng Huyện ủy tổng hợp",
        "lead": ["Văn phòng Huyện ủy"],
        "support": [],
        "action": "tổng hợp",
        "deadline": "2025-06-30",
    }
    gold = {"annotated": ["task"], "facts": [task]}
    (tmp_path / "cv.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path), "--show-errors"])
    assert result.exit_code == 0, result.output
    [miss] = [line for line in result.output.splitlines() if line.startswith("MISS")]
    assert "lead=['Văn phòng Huyện ủy']" in miss and "deadline='2025-06-30'" in miss
