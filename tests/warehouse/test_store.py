"""The warehouse's parts (vanban/warehouse/) on DuckDB and PostgreSQL alike (the `warehouse` fixture runs each test on both)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.helpers import load_one
from tests.warehouse.documents import make_fact, plan_document
from vanban.models.fact import FACT_KINDS, fact_id
from vanban.models.schema import TABLES
from vanban.settings import DEFAULT_REPORT_MAX_FACTS, report_max_facts
from vanban.warehouse import FACT_ROW_FIELDS, Warehouse
from vanban.warehouse.accounts import ACCOUNT_TABLES
from vanban.warehouse.sql import upsert_sql

RUN = "2024-05-01T02-00-00"
LATER_RUN = "2024-05-02T02-00-00"
# -- moments the database sets itself; everything else must be identical after a reload
VOLATILE = {"loaded_at", "seen_at"}


def snapshot(warehouse: Warehouse, table: str) -> list[dict[str, Any]]:
    key = ", ".join(f'"{column}"' for column in TABLES[table].primary_key)
    rows = warehouse.db.fetch_dicts(f'SELECT * FROM "{table}" ORDER BY {key}')
    return [{name: value for name, value in row.items() if name not in VOLATILE} for row in rows]


def load_plan(warehouse: Warehouse, run_id: str = RUN, name: str = "ke-hoach-45.docx", **options: Any) -> int:
    document, facts = plan_document(name, **options)
    return load_one(warehouse, document, facts, original_name=name, run_id=run_id, archive_path=f"/archive/{name}")


def test_ensure_schema_creates_every_table_with_its_columns(warehouse: Warehouse) -> None:
    warehouse.ensure_schema()  # -- a second time: nothing changes, nothing fails
    rows = warehouse.db.fetch_dicts(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["table_name"], []).append(row["column_name"])
    tables = [*TABLES.values(), *ACCOUNT_TABLES]
    assert found == {table.name: list(table.column_names) for table in tables}


def test_a_load_writes_the_document_and_every_fact(warehouse: Warehouse) -> None:
    written = load_plan(warehouse)

    assert written == 7
    assert warehouse.document_count() == 1
    assert warehouse.fact_counts() == {
        "date": 1,
        "count": 3,
        "percent": 1,
        "org": 1,
        "docref": 1,
        "task": 0,
        "person": 0,
    }
    [document] = snapshot(warehouse, "documents")
    assert document["status"] == "loaded"
    assert document["symbol"] == "45-KH/HU"
    assert document["date"] == "2021-03-15"
    assert document["first_run_id"] == document["last_run_id"] == RUN
    assert document["archive_path"] == "/archive/ke-hoach-45.docx"


def test_loading_the_same_document_twice_leaves_the_same_rows(warehouse: Warehouse) -> None:
    load_plan(warehouse)
    before = {table: snapshot(warehouse, table) for table in TABLES}

    written = load_plan(warehouse)

    assert written == 7
    assert {table: snapshot(warehouse, table) for table in TABLES} == before


def test_reload_in_a_later_run_keeps_the_first_run(warehouse: Warehouse) -> None:
    load_plan(warehouse, RUN)
    load_plan(warehouse, LATER_RUN)

    [document] = snapshot(warehouse, "documents")
    assert (document["first_run_id"], document["last_run_id"]) == (RUN, LATER_RUN)
    assert {row["run_id"] for row in snapshot(warehouse, "facts")} == {LATER_RUN}


def test_reviewed_fact_survives_a_reload(warehouse: Warehouse) -> None:
    document, facts = plan_document()
    load_one(warehouse, document, facts, original_name="kh.docx", run_id=RUN, archive_path=None)
    reviewed_id = fact_id(document.sha256, facts[3])
    warehouse.db.execute(
        'UPDATE "facts" SET "review_status" = ?, "unit" = ?, "review_note" = ? WHERE "id" = ?',
        ["corrected", "chi bộ đảng", "đơn vị đầy đủ", reviewed_id],
    )
    # -- the next extraction finds the same span again (with the old unit) and misses the percent
    again = [fact for fact in facts if fact.kind != "percent"]

    written = load_one(warehouse, document, again, original_name="kh.docx", run_id=LATER_RUN, archive_path=None)

    rows = {row["id"]: row for row in snapshot(warehouse, "facts")}
    assert written == 5
    assert rows[reviewed_id]["unit"] == "chi bộ đảng"
    assert rows[reviewed_id]["review_status"] == "corrected"
    assert rows[reviewed_id]["run_id"] == RUN
    assert "percent" not in {row["kind"] for row in rows.values()}
    assert len(rows) == 6


def test_failed_load_keeps_the_previous_facts_and_document(warehouse: Warehouse) -> None:
    load_plan(warehouse)
    before = {table: snapshot(warehouse, table) for table in TABLES}
    document, facts = plan_document()
    broken = make_fact(document, "count", "1.200 đảng viên", value=1200, unit="đảng viên")
    # -- a kind the dataclass would refuse: only the database's CHECK can stop it, after the delete ran
    object.__setattr__(broken, "kind", "headcount")

    with pytest.raises(Exception, match="(?i)check"):
        load_one(
            warehouse, document, [*facts[:2], broken], original_name="renamed.docx", run_id=LATER_RUN, archive_path=None
        )

    assert {table: snapshot(warehouse, table) for table in TABLES} == before
    assert load_plan(warehouse) == 7  # -- and the warehouse still takes the next load


def test_same_id_twice_is_stored_once_with_the_higher_confidence(warehouse: Warehouse) -> None:
    document, facts = plan_document()
    date = facts[0]
    twice = [
        dataclasses.replace(date, confidence=0.5, extractor="a"),
        dataclasses.replace(date, confidence=0.8, extractor="b"),
    ]

    written = load_one(warehouse, document, twice, original_name="kh.docx", run_id=RUN, archive_path=None)

    [row] = list(warehouse.iter_facts())
    assert written == 1
    assert (row["extractor"], row["confidence"]) == ("b", 0.8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/3/2021", {"kind": "date", "value": "2021-03-15", "page": 1, "paragraph": 0, "table": None}),
        ("120 chi bộ", {"kind": "count", "value": 120, "unit": "chi bộ", "qualifier": None}),
        ("từ 3 đến 5 lớp", {"kind": "count", "value": [3, 5], "unit": "lớp"}),
        ("trên 1.200 đảng viên", {"kind": "count", "value": 1200, "qualifier": "trên", "page": 2, "paragraph": 3}),
        ("87,5%", {"kind": "percent", "value": 87.5, "page": 1, "table": 0, "row": 1, "cell": 2, "paragraph": None}),
        (
            "Ban Thường vụ Huyện ủy Bình Liêu",
            {"kind": "org", "value": None, "normalized": "Ban Thường vụ Huyện ủy Bình Liêu"},
        ),
        (
            "Kế hoạch số 45-KH/HU",
            {"kind": "docref", "doc_type": "Kế hoạch", "number": "45", "symbol": "45-KH/HU", "issuer_code": "HU"},
        ),
    ],
    ids=["date", "count", "count-range", "count-qualified", "percent-in-table", "org", "docref"],
)
def test_iter_facts_gives_the_contract_shape(warehouse: Warehouse, text: str, expected: dict[str, Any]) -> None:
    load_plan(warehouse)

    rows = {row["text"]: row for row in warehouse.iter_facts()}

    row = rows[text]
    assert tuple(row) == FACT_ROW_FIELDS
    assert {key: row[key] for key in expected} == expected
    assert row["original_name"] == "ke-hoach-45.docx"
    assert row["sentence"][row["start"] - row["sentence_start"] :].startswith(text)
    assert type(row["value"]) is type(expected.get("value", row["value"]))


def test_iter_facts_filters_by_run_and_review_status(warehouse: Warehouse) -> None:
    load_plan(warehouse, RUN)
    load_plan(warehouse, LATER_RUN, name="bao-cao.docx", postscript="Phụ lục kèm theo gồm 2 biểu.")
    first = next(warehouse.iter_facts(run_id=RUN))
    warehouse.db.execute('UPDATE "facts" SET "review_status" = ? WHERE "id" = ?', ["accepted", first["id"]])

    assert {row["original_name"] for row in warehouse.iter_facts(run_id=RUN)} == {"ke-hoach-45.docx"}
    assert len(list(warehouse.iter_facts(run_id=LATER_RUN))) == 7
    assert [row["id"] for row in warehouse.iter_facts(status="accepted")] == [first["id"]]
    assert list(warehouse.iter_facts(run_id=LATER_RUN, status="accepted")) == []
    assert len(list(warehouse.iter_facts())) == 14


def test_has_document_only_for_loaded_content(warehouse: Warehouse) -> None:
    document, _ = plan_document()
    assert not warehouse.has_document(document.sha256)

    warehouse.record_quarantine(document.sha256, "hong.pdf", "không có lớp chữ", RUN)
    assert not warehouse.has_document(document.sha256)

    load_plan(warehouse)
    assert warehouse.has_document(document.sha256)


def test_loaded_shas_lists_loaded_content_only(warehouse: Warehouse) -> None:
    document, _ = plan_document()
    warehouse.record_quarantine("e" * 64, "anh-chup.pdf", "không có lớp chữ", RUN)
    assert warehouse.loaded_shas() == set()

    load_plan(warehouse)

    assert warehouse.loaded_shas() == {document.sha256}


def test_set_report_path_after_finish_run_keeps_the_counts(warehouse: Warehouse) -> None:
    started = datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    warehouse.start_run(RUN, started)
    warehouse.finish_run(
        RUN, finished_at=started, files_seen=4, loaded=3, duplicates=1, quarantined=0, skipped=0, status="completed"
    )

    warehouse.set_report_path(RUN, "/var/reports/report-r1.html")

    run = warehouse.report_data(RUN).run
    assert run is not None
    assert (run.report_path, run.files_seen, run.loaded, run.started_at) == (
        "/var/reports/report-r1.html",
        4,
        3,
        started,
    )


def test_quarantine_does_not_downgrade_a_loaded_document(warehouse: Warehouse) -> None:
    document, _ = plan_document()
    load_plan(warehouse)

    warehouse.record_quarantine(document.sha256, "ban-sao.pdf", "đọc lỗi", LATER_RUN)

    [row] = snapshot(warehouse, "documents")
    assert (row["status"], row["original_name"], row["error"]) == ("loaded", "ke-hoach-45.docx", None)
    assert warehouse.has_document(document.sha256)


def test_a_batch_of_quarantines_is_recorded_at_once_and_leaves_loaded_documents_loaded(warehouse: Warehouse) -> None:
    document, _ = plan_document()
    load_plan(warehouse)
    broken = "b" * 64

    warehouse.record_quarantines(
        LATER_RUN,
        [
            (document.sha256, "ban-sao.pdf", "đọc lỗi"),
            (broken, "hong.docx", "tệp hỏng"),
            (broken, "hong (1).docx", "tệp hỏng"),
            (None, "~$bao-cao.docx", "tệp khóa của Word"),
        ],
    )

    documents = {row["sha256"]: row for row in snapshot(warehouse, "documents")}
    assert documents[document.sha256]["status"] == "loaded"
    assert (documents[broken]["status"], documents[broken]["error"], documents[broken]["format"]) == (
        "quarantined",
        "tệp hỏng",
        "docx",
    )
    sightings = {row["original_name"]: row for row in snapshot(warehouse, "sightings") if row["run_id"] == LATER_RUN}
    assert {name: row["outcome"] for name, row in sightings.items()} == dict.fromkeys(
        ["ban-sao.pdf", "hong.docx", "hong (1).docx", "~$bao-cao.docx"], "quarantined"
    )
    assert (
        sightings["~$bao-cao.docx"]["sha256"] is None and sightings["~$bao-cao.docx"]["reason"] == "tệp khóa của Word"
    )
    warehouse.record_quarantines(LATER_RUN, [])


def test_same_content_under_another_name_is_one_document_and_two_sightings(warehouse: Warehouse) -> None:
    document, _ = plan_document()
    warehouse.start_run(RUN, datetime(2024, 5, 1, 2, tzinfo=UTC))
    load_plan(warehouse)
    warehouse.record_sighting(
        RUN, "ke-hoach-45 (1).docx", document.sha256, "duplicate", path="/inbox/ke-hoach-45 (1).docx"
    )

    sightings = snapshot(warehouse, "sightings")
    data = warehouse.report_data(RUN)

    assert warehouse.document_count() == 1
    assert [(row["original_name"], row["outcome"]) for row in sightings] == [
        ("ke-hoach-45 (1).docx", "duplicate"),
        ("ke-hoach-45.docx", "loaded"),
    ]
    assert [(note.original_name, note.same_as) for note in data.duplicates] == [
        ("ke-hoach-45 (1).docx", "ke-hoach-45.docx")
    ]


def test_record_sighting_again_updates_it_and_keeps_a_known_path(warehouse: Warehouse) -> None:
    warehouse.record_sighting(RUN, "a.docx", "f" * 64, "loaded", path="/inbox/a.docx")
    warehouse.record_sighting(RUN, "a.docx", None, "quarantined", reason="hỏng")

    [row] = snapshot(warehouse, "sightings")
    assert (row["outcome"], row["reason"], row["path"], row["sha256"]) == (
        "quarantined",
        "hỏng",
        "/inbox/a.docx",
        "f" * 64,
    )


def test_report_data_covers_one_run(warehouse: Warehouse) -> None:
    started = datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
    warehouse.start_run(RUN, started)
    load_plan(warehouse, RUN)
    warehouse.record_quarantine(None, "hong.docx", "không phải tệp ZIP", RUN)
    warehouse.finish_run(
        RUN,
        finished_at=started + timedelta(seconds=75),
        files_seen=2,
        loaded=1,
        duplicates=0,
        quarantined=1,
        skipped=0,
        status="completed",
    )
    load_plan(warehouse, LATER_RUN, name="bao-cao.docx", postscript="Phụ lục kèm theo gồm 2 biểu.")

    data = warehouse.report_data(RUN)

    assert data.run is not None
    assert (data.run.id, data.run.files_seen, data.run.status, data.run.duration) == (
        RUN,
        2,
        "completed",
        timedelta(seconds=75),
    )
    assert [document.original_name for document in data.documents] == ["ke-hoach-45.docx"]
    assert data.documents[0].header.recipients == ["Ban Thường vụ Tỉnh ủy", "Lưu VP"]
    assert [fact["start"] for fact in data.documents[0].facts] == sorted(
        fact["start"] for fact in data.documents[0].facts
    )
    assert data.fact_counts == {"date": 1, "count": 3, "percent": 1, "org": 1, "docref": 1, "task": 0, "person": 0}
    assert [(note.original_name, note.sha256, note.reason) for note in data.quarantined] == [
        ("hong.docx", None, "không phải tệp ZIP")
    ]


def test_report_data_without_run_covers_the_whole_warehouse(warehouse: Warehouse) -> None:
    load_plan(warehouse, RUN)
    load_plan(warehouse, LATER_RUN, name="bao-cao.docx", postscript="Phụ lục kèm theo gồm 2 biểu.")
    warehouse.record_quarantine("e" * 64, "anh-chup.pdf", "không có lớp chữ", LATER_RUN)
    warehouse.record_quarantine(None, "hong.docx", "không phải tệp ZIP", RUN)

    data = warehouse.report_data()

    assert data.run is None
    assert [document.original_name for document in data.documents] == ["bao-cao.docx", "ke-hoach-45.docx"]
    assert sum(data.fact_counts.values()) == 14
    assert [note.original_name for note in data.quarantined] == ["anh-chup.pdf", "hong.docx"]


def test_report_data_past_its_fact_limit_counts_the_later_documents_without_their_facts(warehouse: Warehouse) -> None:
    warehouse.start_run(RUN, datetime(2024, 5, 1, 2, tzinfo=UTC))
    load_plan(warehouse, RUN, name="a-ke-hoach.docx")
    load_plan(warehouse, RUN, name="b-bao-cao.docx", postscript="Phụ lục kèm theo gồm 2 biểu.")
    load_plan(warehouse, RUN, name="c-bao-cao.docx", postscript="Phụ lục kèm theo gồm 3 biểu.")

    data = warehouse.report_data(RUN, max_facts=10)

    assert [(d.original_name, d.facts_shown, len(d.facts), d.fact_total) for d in data.documents] == [
        ("a-ke-hoach.docx", True, 7, 7),
        ("b-bao-cao.docx", False, 0, 7),
        ("c-bao-cao.docx", False, 0, 7),
    ]
    assert sum(data.fact_counts.values()) == 21 and data.max_facts == 10
    assert data.documents[1].fact_counts == {"date": 1, "count": 3, "percent": 1, "org": 1, "docref": 1}
    assert [d.facts_shown for d in warehouse.report_data(RUN, max_facts=14).documents] == [True, True, False]


def test_report_data_cuts_a_first_document_past_the_limit_to_the_limit(warehouse: Warehouse) -> None:
    warehouse.start_run(RUN, datetime(2024, 5, 1, 2, tzinfo=UTC))
    load_plan(warehouse, RUN)

    [document] = warehouse.report_data(RUN, max_facts=3).documents

    assert document.facts_shown and document.fact_total == 7
    assert [fact["start"] for fact in document.facts] == sorted(fact["start"] for fact in document.facts)
    assert len(document.facts) == 3


def test_report_fact_limit_comes_from_the_environment() -> None:
    assert report_max_facts({}) == DEFAULT_REPORT_MAX_FACTS
    assert report_max_facts({"VANBAN_REPORT_MAX_FACTS": " 500 "}) == 500
    for bad in ("0", "-3", "nhiều", "1e4"):
        with pytest.raises(ValueError, match="VANBAN_REPORT_MAX_FACTS"):
            report_max_facts({"VANBAN_REPORT_MAX_FACTS": bad})


def test_report_data_for_an_unknown_run_says_so(warehouse: Warehouse) -> None:
    with pytest.raises(LookupError, match="no run 'nope'"):
        warehouse.report_data("nope")


def test_fact_counts_list_every_kind_even_when_empty(warehouse: Warehouse) -> None:
    assert warehouse.fact_counts() == dict.fromkeys(FACT_KINDS, 0)
    assert warehouse.document_count() == 0


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {},
            'INSERT INTO "runs" ("id", "status") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "status" = excluded."status"',
        ),
        ({"first_wins": ["status"]}, 'DO UPDATE SET "status" = COALESCE("runs"."status", excluded."status")'),
        ({"keep_when_null": ["status"]}, 'DO UPDATE SET "status" = COALESCE(excluded."status", "runs"."status")'),
        ({"only_if": '"runs"."status" <> \'done\''}, 'WHERE "runs"."status" <> \'done\''),
    ],
    ids=["plain", "first-wins", "keep-when-null", "only-if"],
)
def test_upsert_sql(options: dict[str, Any], expected: str) -> None:
    assert expected in upsert_sql(TABLES["runs"], ["id", "status"], **options)


def test_nul_in_a_sentence_does_not_stop_the_load(warehouse: Warehouse) -> None:
    # -- PostgreSQL text cannot hold NUL; a stand-in of the same length keeps the offsets right
    document, facts = plan_document()
    facts = [dataclasses.replace(fact, sentence=fact.sentence.replace(" ", "\x00", 1)) for fact in facts]

    written = load_one(warehouse, document, facts, original_name="nul\x00.docx", run_id=RUN, archive_path=None)

    rows = list(warehouse.iter_facts())
    assert written == len(rows) == 7
    assert all(
        len(row["sentence"]) == len(fact.sentence) for row, fact in zip(rows, sorted(facts, key=lambda f: f.start))
    )
