"""The report's data on DuckDB and PostgreSQL: the night, and the whole warehouse's summaries counted in SQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.report_scale import organisation_table
from tests.helpers import load_one
from tests.warehouse.office import office_document
from vanban.report import render_report
from vanban.warehouse import Warehouse, overview
from vanban.warehouse.rows import symbol_key

FIRST, SECOND, QUIET = "2024-05-01T02-00-00", "2024-05-02T02-00-00", "2024-05-03T02-00-00"
VAN_LANG = "Huyện ủy Văn Lãng"
TAN_MY = "Đảng bộ xã Tân Mỹ"


def load(warehouse: Warehouse, run_id: str, name: str, **spec) -> str:
    document, facts = office_document(name, **spec)
    load_one(warehouse, document, facts, original_name=name, run_id=run_id, archive_path=f"archive/{name}")
    warehouse.record_sighting(run_id, name, document.sha256, "loaded", path=f"/inbox/{name}")
    return document.sha256


def finish(warehouse: Warehouse, run_id: str, at: datetime, *, loaded: int, duplicates: int = 0) -> None:
    warehouse.finish_run(
        run_id,
        finished_at=at,
        files_seen=loaded + duplicates,
        loaded=loaded,
        duplicates=duplicates,
        quarantined=0,
        skipped=0,
        status="completed",
    )


def build_office(warehouse: Warehouse) -> dict[str, str]:
    """Two nights of documents: who names whom, who cites what, who counts party members when."""
    same = {VAN_LANG: "entity-van-lang", "Huyện uỷ Văn Lãng": "entity-van-lang"}
    warehouse.start_run(FIRST, datetime(2024, 5, 1, 2, tzinfo=UTC))
    shas = {
        "a": load(
            warehouse,
            FIRST,
            "a.docx",
            date="2021-03-15",
            symbol="10-KH/HU",
            orgs=[VAN_LANG, VAN_LANG, TAN_MY],
            cites=["45-NQ/TU", "10-KH/HU", None],  # -- its own sign is no citation
            counts=[(VAN_LANG, 5000, "đảng viên"), (None, 12, "chi bộ"), (VAN_LANG, 10, "ngày")],
            entity_ids=same,
        ),
        "b": load(
            warehouse,
            FIRST,
            "b.docx",
            date="2022-03-15",
            symbol="11-KH/HU",
            orgs=["Huyện uỷ Văn Lãng"],  # -- the old tone-mark style: one entity with the above
            cites=["45 - NQ/TU", "10-kh/hu"],
            counts=[(VAN_LANG, 5200, "đảng viên"), (TAN_MY, 300, "đảng viên")],
            entity_ids=same,
        ),
    }
    finish(warehouse, FIRST, datetime(2024, 5, 1, 2, 5, tzinfo=UTC), loaded=2)
    warehouse.start_run(SECOND, datetime(2024, 5, 2, 2, tzinfo=UTC))
    shas["c"] = load(
        warehouse,
        SECOND,
        "c.docx",
        date="2023-03-15",
        symbol="12-KH/HU",
        orgs=[TAN_MY, "Ủy ban nhân dân huyện"],
        cites=["45-NQ/TU"],
        counts=[(VAN_LANG, 5300, "Đảng viên"), (TAN_MY, 310, "đảng viên")],
        confidence=0.6,
    )
    finish(warehouse, SECOND, datetime(2024, 5, 2, 2, 5, tzinfo=UTC), loaded=1)
    # -- a reviewer rejected "Ủy ban nhân dân huyện": rejected facts are counted nowhere
    warehouse.db.execute(
        'UPDATE "facts" SET "review_status" = \'rejected\' WHERE "kind" = \'org\' AND "text" = ?',
        ["Ủy ban nhân dân huyện"],
    )
    return shas


def test_organisations_are_counted_over_the_warehouse_by_entity(warehouse: Warehouse) -> None:
    build_office(warehouse)

    rows, total = warehouse.top_organisations()

    assert total == 2
    assert [(row.name, row.documents, row.mentions) for row in rows] == [(VAN_LANG, 2, 3), (TAN_MY, 2, 2)]
    assert rows[0].spellings == ("Huyện uỷ Văn Lãng", VAN_LANG)


def test_organisation_ranking_is_cut_in_sql_with_its_full_count(warehouse: Warehouse) -> None:
    build_office(warehouse)

    rows, total = warehouse.top_organisations(limit=1)

    assert [row.name for row in rows] == [VAN_LANG] and total == 2


def test_citations_merge_spellings_of_a_sign_skip_a_document_s_own_and_find_the_cited_document(
    warehouse: Warehouse,
) -> None:
    shas = build_office(warehouse)

    rows, total, unsigned = warehouse.top_citations()

    assert [(row.key, row.documents, row.mentions) for row in rows] == [("45-NQ/TU", 3, 3), ("10-KH/HU", 1, 1)]
    assert rows[0].label == "Nghị quyết 45-NQ/TU" and rows[0].target is None
    assert rows[1].target is not None and rows[1].target.sha256 == shas["a"]
    assert (total, unsigned) == (2, 1)


def test_counts_over_time_are_series_of_one_organisation_and_one_unit(warehouse: Warehouse) -> None:
    build_office(warehouse)

    series, total, unattributed = warehouse.indicator_series()

    # -- Văn Lãng's party members on three dates (`Đảng viên` is the same unit), Tân Mỹ's on two; durations
    #    (`10 ngày`) are no series; the count without an organisation is only counted
    assert [(s.organisation, s.unit.casefold(), s.dates) for s in series] == [
        (VAN_LANG, "đảng viên", 3),
        (TAN_MY, "đảng viên", 2),
    ]
    assert [(p.date, p.value) for p in series[0].points] == [
        ("2021-03-15", 5000),
        ("2022-03-15", 5200),
        ("2023-03-15", 5300),
    ]
    assert (total, unattributed) == (2, 1)


def test_a_series_needs_enough_dates(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    build_office(warehouse)
    monkeypatch.setattr(overview, "MIN_SERIES_DATES", 3)

    series, total, _ = warehouse.indicator_series()

    assert [(s.organisation, s.dates) for s in series] == [(VAN_LANG, 3)] and total == 1


def test_only_the_longest_series_come_with_their_latest_points(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_office(warehouse)
    monkeypatch.setattr(overview, "SERIES_POINTS", 2)

    series, total, _ = warehouse.indicator_series(limit=1)

    assert [s.organisation for s in series] == [VAN_LANG] and total == 2
    assert [p.date for p in series[0].points] == ["2022-03-15", "2023-03-15"]


def test_the_night_is_its_run_and_the_overview_the_whole_warehouse(warehouse: Warehouse) -> None:
    shas = build_office(warehouse)

    data = warehouse.report_data(SECOND)

    assert not data.quiet and data.earlier_run is None
    assert [d.original_name for d in data.documents] == ["c.docx"] and data.documents_total == 1
    assert data.fact_counts["org"] == 2 and data.status_counts["rejected"] == 1
    # -- c.docx's facts are all under the confidence bar: the pending ones (all but the rejected) are its queue
    assert data.pending_low == data.status_counts["pending"] == len(data.review_queue) == 4
    assert {item.sha256 for item in data.review_queue} == {shas["c"]}
    assert data.overview.documents == 3 and data.overview.runs == 2
    assert [row.name for row in data.overview.organisations] == [VAN_LANG, TAN_MY]


def test_a_quiet_night_shows_the_latest_night_that_loaded_documents(warehouse: Warehouse) -> None:
    shas = build_office(warehouse)
    warehouse.start_run(QUIET, datetime(2024, 5, 3, 2, tzinfo=UTC))
    warehouse.record_duplicates(QUIET, [("c (1).docx", shas["c"], None)])
    finish(warehouse, QUIET, datetime(2024, 5, 3, 2, 1, tzinfo=UTC), loaded=0, duplicates=1)

    data = warehouse.report_data(QUIET)

    assert data.quiet and data.run is not None and data.run.id == QUIET
    assert data.earlier_run is not None and data.earlier_run.id == SECOND
    assert [d.original_name for d in data.documents] == ["c.docx"] and data.documents[0].facts
    assert [note.original_name for note in data.duplicates] == ["c (1).docx"]
    assert data.overview.documents == 3


def test_the_list_of_documents_is_bounded_and_says_how_many_there_are(warehouse: Warehouse) -> None:
    build_office(warehouse)

    data = warehouse.report_data(FIRST, document_limit=1, max_facts=1)

    assert [d.original_name for d in data.documents] == ["a.docx"] and data.documents_total == 2
    assert data.fact_counts["org"] == 4  # -- counted over both documents, not only the one listed


def test_the_page_s_organisation_table_matches_a_count_over_the_whole_warehouse(warehouse: Warehouse) -> None:
    build_office(warehouse)
    # -- the night of c.docx alone: the table must still count a.docx and b.docx
    html = render_report(warehouse.report_data(SECOND), generated_at=datetime(2024, 5, 2, 3, tzinfo=UTC))
    key = 'COALESCE(f."entity_id", f."organisation")'
    kept = 'FROM "facts" f WHERE f."kind" = \'org\' AND f."review_status" <> \'rejected\''
    counted = warehouse.db.fetch_dicts(
        f'SELECT {key} AS "key", COUNT(DISTINCT f."doc_sha256") AS "documents", COUNT(*) AS "mentions" {kept} GROUP BY {key}'
    )
    spellings = warehouse.db.fetch_dicts(f'SELECT DISTINCT {key} AS "key", f."organisation" AS "name" {kept}')
    key_of = {row["name"]: row["key"] for row in spellings}

    shown = organisation_table(html)
    assert {key_of[name]: counts for name, counts in shown.items()} == {
        row["key"]: (row["documents"], row["mentions"]) for row in counted
    }
    assert shown[VAN_LANG] == (2, 3)  # -- under its most frequent spelling


def test_an_empty_warehouse_has_empty_summaries(warehouse: Warehouse) -> None:
    assert warehouse.top_organisations() == ([], 0)
    assert warehouse.top_citations() == ([], 0, 0)
    assert warehouse.indicator_series() == ([], 0, 0)


def test_cut_rankings_keep_their_totals(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    build_office(warehouse)
    monkeypatch.setattr(overview, "MIN_SERIES_DATES", 4)

    citations, cited, unsigned = warehouse.top_citations(limit=1)
    series, drawable, unattributed = warehouse.indicator_series()

    assert [row.key for row in citations] == ["45-NQ/TU"] and (cited, unsigned) == (2, 1)
    assert (series, drawable, unattributed) == ([], 0, 1)


@pytest.mark.parametrize(
    "sign", ["45-NQ/TU", "45 - nq/tu", "45\u2013NQ/TU", "45\u00a0\u2014\u00a0NQ/TU", "45-NQ/TƯ", "30/2020/NĐ-CP"]
)
def test_the_sql_sign_key_is_the_python_one(warehouse: Warehouse, sign: str) -> None:
    [row] = warehouse.db.fetch_dicts(f'SELECT {overview.sign_key_sql("?")} AS "key"', [sign])

    assert row["key"] == symbol_key(sign)
