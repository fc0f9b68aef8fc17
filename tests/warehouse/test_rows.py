"""warehouse/rows.py: model ↔ row mappings, pure."""

from __future__ import annotations

from typing import Any

import pytest

from tests.warehouse.documents import TABLE_CELL, plan_document
from vanban.models.fact import Fact
from vanban.models.schema import FACTS
from vanban.warehouse.rows import (
    FACT_INSERT_COLUMNS,
    FACT_ROW_FIELDS,
    REVIEWER_COLUMNS,
    block_locator,
    fact_dict,
    fact_values,
    join_value,
    sentence_start,
    split_value,
)


@pytest.mark.parametrize(
    ("value", "columns"),
    [
        ("2008-02-02", ("2008-02-02", None, None)),
        ("--05-20", ("--05-20", None, None)),
        (5000, ("5000", 5000.0, None)),
        (51.47, ("51.47", 51.47, None)),
        ((7, 9), ("[7, 9]", 7.0, 9.0)),
        (None, (None, None, None)),
    ],
    ids=["date", "date-no-year", "count", "percent", "range", "none"],
)
def test_split_value_and_back(value: Any, columns: tuple[Any, ...]) -> None:
    assert split_value(value) == columns
    back = join_value(*columns)
    assert back == (list(value) if isinstance(value, tuple) else value)
    assert type(back) is (list if isinstance(value, tuple) else type(value))


def test_a_number_past_a_double_is_kept_as_its_text() -> None:
    huge = int("9" * 400)
    assert split_value(huge) == ("9" * 400, None, None)
    assert split_value((1, huge)) == (f"[1, {'9' * 400}]", None, None)
    assert join_value(*split_value(huge)) == "9" * 400


def test_insert_columns_are_the_facts_columns_but_the_reviewers() -> None:
    assert FACT_INSERT_COLUMNS == tuple(name for name in FACTS.column_names if name not in REVIEWER_COLUMNS)


def test_fact_values_line_up_with_insert_columns() -> None:
    document, facts = plan_document()
    percent = next(fact for fact in facts if fact.kind == "percent")

    row = dict(zip(FACT_INSERT_COLUMNS, fact_values(document, percent, run_id="r1", locate=block_locator(document))))

    assert len(row) == len(FACT_INSERT_COLUMNS)
    assert (row["kind"], row["text"], row["value_num"], row["confidence"]) == ("percent", "87,5%", 87.5, 0.95)
    assert (row["table_index"], row["row_index"], row["cell_index"], row["page"]) == (0, 1, 2, 1)
    assert row["sentence"] == TABLE_CELL
    assert document.text[row["sentence_start"] :].startswith(TABLE_CELL)
    assert (row["review_status"], row["run_id"], row["extra"]) == ("pending", "r1", None)


def test_block_locator_agrees_with_block_at_everywhere() -> None:
    document, _ = plan_document()
    locate = block_locator(document)
    assert all(locate(offset) == document.block_at(offset) for offset in range(len(document.text) + 2))


@pytest.mark.parametrize(
    ("text", "sentence", "start", "expected"),
    [
        ("Có 85 chi bộ. Có 85 chi bộ.", "Có 85 chi bộ.", 17, 14),
        ("Có 85 chi bộ. Có 85 chi bộ.", "Có 85 chi bộ.", 3, 0),
        ("Có 85 chi bộ.", "Có  85 chi bộ.", 3, None),
        ("Có 85 chi bộ.", None, 3, None),
    ],
    ids=["second-occurrence", "first-occurrence", "not-in-text", "no-sentence"],
)
def test_sentence_start_finds_the_occurrence_that_covers_the_fact(
    text: str, sentence: str | None, start: int, expected: int | None
) -> None:
    fact = Fact(kind="count", text=text[start : start + 9], start=start, end=start + 9, sentence=sentence)
    assert sentence_start(text, fact) == expected


def test_fact_dict_renames_columns_to_contract_keys() -> None:
    row = {name: None for name in FACTS.column_names} | {
        "kind": "docref",
        "start_offset": 4,
        "end_offset": 9,
        "ref_date": "2008-02-02",
        "ref_year": 2008,
        "table_index": 1,
        "original_name": "a.docx",
    }
    out = fact_dict(row)
    assert tuple(out) == FACT_ROW_FIELDS
    assert (out["start"], out["end"], out["date"], out["year"], out["table"], out["original_name"]) == (
        4,
        9,
        "2008-02-02",
        2008,
        1,
        "a.docx",
    )
    assert "start_offset" not in out and "extra" not in out
