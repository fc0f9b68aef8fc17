"""The report at scale: a generated warehouse of 10,000 documents and 2 million facts, rendered as the nightly run
and `vanban report` render it; size and time of each page, and its organisation table checked against SQL.

The rows are generated straight into DuckDB by SQL (no documents are read), in seconds: 100 nights of 100
documents, 200 facts each (dates, counts, percents, organisations, references), organisations and cited
signs drawn from skewed pools so that a few are everywhere and most are rare, counts by (organisation,
unit) over ten years; and 5 tasks and 2 people a document (their facts and the task and people tables),
due dates either side of today so that the report's follow-up section is full. Then three pages are rendered:

    night        the last night (100 documents, 20,000 facts), as `vanban run` writes it
    quiet night  a night of duplicates only: the latest night with documents under "nothing new tonight"
    warehouse    `vanban report` without a run: every document of the warehouse in scope

For each: seconds to read the data, seconds to render, size in MB, and whether the page's organisation
table equals a GROUP BY over every org fact of the warehouse. Results: a table on stdout and
bench/results/report_scale.json. The goal (issue 15): under 5 MB and under a minute each.

PostgreSQL: the same rows copied (CSV, COPY) into a fresh database on the server of `--postgres-url`
(default $VANBAN_BENCH_POSTGRES_URL, then $VANBAN_TEST_POSTGRES_URL, then
postgresql://postgres@127.0.0.1:5432/test), dropped afterwards; a server that cannot be reached is
skipped with a line saying so.

Run:
    .venv/bin/python bench/report_scale.py [--docs 10000] [--facts-per-doc 200] [--warehouses duckdb,postgres] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.flow_speed import postgres_warehouse  # noqa: E402
from vanban.models.schema import TABLES  # noqa: E402
from vanban.report import render_report  # noqa: E402
from vanban.settings import DEFAULT_REPORT_MAX_FACTS  # noqa: E402
from vanban.warehouse import Warehouse, open_warehouse  # noqa: E402

RESULTS = HERE / "results"
GOAL_MB, GOAL_SECONDS = 5.0, 60.0
DOCS_PER_NIGHT = 100
ORGANISATIONS = 400
UNITS = ("đảng viên", "chi bộ", "tổ chức cơ sở đảng", "hộ nghèo", "học viên", "cán bộ", "lớp", "xã")
LEVELS = ("Đảng bộ huyện", "Huyện ủy", "Đảng bộ xã", "Chi bộ thôn", "Ủy ban nhân dân xã", "Hội Nông dân xã")
PLACES = ("Văn Lãng", "Cao Lộc", "Bình Liêu", "Tràng Định", "Lộc Bình", "Đình Lập", "Bắc Sơn", "Chi Lăng")
TASKS_PER_DOC, PEOPLE_PER_DOC = 5, 2
DOC_TYPES = ("Kế hoạch", "Báo cáo", "Nghị quyết", "Quyết định", "Chỉ thị", "Thông báo")


def _list_sql(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def _organisation_names() -> list[str]:
    return [
        f"{LEVELS[i % len(LEVELS)]} {PLACES[(i // len(LEVELS)) % len(PLACES)]} {i // 48 + 1}"
        for i in range(ORGANISATIONS)
    ]


def generate(warehouse: Warehouse, docs: int, facts_per_doc: int) -> None:
    """Runs, documents, sightings and facts, inserted by DuckDB's own SQL; the last night also sets files aside."""
    con = warehouse.db.con  # type: ignore[attr-defined]
    nights = max(1, -(-docs // DOCS_PER_NIGHT))
    con.execute(f"CREATE TEMP TABLE orgs AS SELECT unnest({_list_sql(tuple(_organisation_names()))}) AS name")
    con.execute("CREATE TEMP TABLE org_list AS SELECT list(name) AS names FROM orgs")
    con.execute(
        "INSERT INTO runs (id, started_at, finished_at, files_seen, loaded, duplicates, quarantined, skipped, status) "
        "SELECT printf('dem-%04d', n), TIMESTAMPTZ '2024-01-01 02:00:00+07' + to_days(n::INTEGER), "
        "TIMESTAMPTZ '2024-01-01 02:05:00+07' + to_days(n::INTEGER), ?, ?, 0, 0, 0, 'completed' FROM range(?) t(n)",
        [DOCS_PER_NIGHT, DOCS_PER_NIGHT, nights],
    )
    # -- document i: dated over ten years in load order, signed `i-KH/HU`-like, its night i // 100
    con.execute(
        f"""
        INSERT INTO documents (sha256, original_name, format, pages, size_bytes, status, issuer, issuer_parent, symbol,
            number, doc_type, place, date, subject, signer_role, signer_name, recipients, warnings, archive_path,
            first_run_id, last_run_id, loaded_at)
        SELECT md5('doc' || i) || md5('sha' || i), printf('van-ban-%05d.docx', i), 'docx', 1 + i % 20, 50000 + i,
            'loaded', 'HUYỆN ỦY ' || upper({_list_sql(PLACES)}[1 + i % 8]), 'TỈNH ỦY LẠNG SƠN',
            printf('%d-%s/HU', i, ['KH', 'BC', 'NQ', 'QĐ', 'CT', 'TB'][1 + i % 6]), i::TEXT,
            {_list_sql(DOC_TYPES)}[1 + i % 6], 'Lạng Sơn',
            strftime(DATE '2015-01-05' + to_days((i * 3650 // ?)::INTEGER), '%Y-%m-%d'),
            'về công tác xây dựng Đảng năm ' || (2015 + i * 10 // ?), 'T/M BAN THƯỜNG VỤ', 'Nguyễn Văn ' || i,
            '["Ban Thường vụ Tỉnh ủy", "Lưu VP"]', '[]', printf('archive/2024-01-01/van-ban-%05d.docx', i),
            printf('dem-%04d', i // {DOCS_PER_NIGHT}), printf('dem-%04d', i // {DOCS_PER_NIGHT}), now()
        FROM range(?) t(i)
        """,
        [docs, docs, docs],
    )
    con.execute(
        "INSERT INTO sightings (run_id, original_name, sha256, outcome, path, seen_at) "
        f"SELECT printf('dem-%04d', i // {DOCS_PER_NIGHT}), printf('van-ban-%05d.docx', i), md5('doc' || i) || md5('sha' || i), "
        "'loaded', printf('/inbox/van-ban-%05d.docx', i), now() FROM range(?) t(i)",
        [docs],
    )
    # -- 200 facts a document: kinds by position; organisations and cited documents from skewed draws
    #    (the cube of a uniform number), so a few are named everywhere and most rarely
    con.execute(
        f"""
        INSERT INTO facts (id, doc_sha256, kind, text, start_offset, end_offset, value_text, value_num, unit,
            normalized, doc_type, symbol, sentence, sentence_start, page, paragraph, extractor, confidence,
            review_status, run_id, organisation, entity_id)
        WITH drawn AS (
            SELECT d, k, k % 10 AS slot,
                1 + floor({ORGANISATIONS} * pow((hash(d * 7919 + k) % 1000003) / 1000003.0, 3))::INTEGER AS org,
                floor(? * pow((hash(d * 104729 + k) % 1000003) / 1000003.0, 3))::BIGINT AS cited,
                1 + (hash(d * 31 + k) % 8)::INTEGER AS unit,
                (hash(d * 17 + k) % 100)::INTEGER AS chance
            FROM range(?) a(d), range(?) b(k)
        ), named AS (
            SELECT drawn.*, (SELECT names FROM org_list)[org] AS org_name,
                CASE WHEN slot IN (0, 1) THEN 'date' WHEN slot IN (2, 3, 4) THEN 'count' WHEN slot = 5 THEN 'percent'
                     WHEN slot IN (6, 7) THEN 'org' ELSE 'docref' END AS kind
            FROM drawn
        )
        SELECT md5(d || '-' || k), md5('doc' || d) || md5('sha' || d), kind,
            CASE kind WHEN 'date' THEN 'ngày 15 tháng 3 năm 2021' WHEN 'count' THEN (100 + chance * 37) || ' ' || {_list_sql(UNITS)}[unit]
                 WHEN 'percent' THEN chance || '%' WHEN 'org' THEN org_name
                 ELSE 'Kế hoạch số ' || printf('%d-%s/HU', cited, ['KH', 'BC', 'NQ', 'QĐ', 'CT', 'TB'][1 + cited % 6]) END,
            k * 180, k * 180 + 24,
            CASE kind WHEN 'date' THEN '2021-03-15' END,
            CASE kind WHEN 'count' THEN 100 + chance * 37 + (d * 5 // {DOCS_PER_NIGHT}) WHEN 'percent' THEN chance END,
            CASE kind WHEN 'count' THEN {_list_sql(UNITS)}[unit] END,
            CASE kind WHEN 'org' THEN org_name END,
            CASE kind WHEN 'docref' THEN 'Kế hoạch' END,
            CASE kind WHEN 'docref' THEN printf('%d-%s/HU', cited, ['KH', 'BC', 'NQ', 'QĐ', 'CT', 'TB'][1 + cited % 6]) END,
            'Năm qua, ' || org_name || ' đã lãnh đạo thực hiện tốt các nhiệm vụ chính trị, củng cố tổ chức cơ sở đảng, '
                || 'nâng cao chất lượng sinh hoạt chi bộ và kết nạp đảng viên mới theo kế hoạch đề ra (mục ' || k || ').',
            k * 180, 1 + k // 40, k, 'bench', CASE WHEN chance < 8 THEN 0.6 + chance / 40.0 ELSE 0.95 END,
            CASE WHEN chance < 3 THEN 'accepted' WHEN chance = 3 THEN 'rejected' ELSE 'pending' END,
            printf('dem-%04d', d // {DOCS_PER_NIGHT}),
            CASE WHEN kind = 'docref' OR (kind = 'count' AND chance >= 90) THEN NULL ELSE org_name END,
            CASE kind WHEN 'org' THEN md5('entity' || org) END
        FROM named
        """,
        [docs, docs, facts_per_doc],
    )


def generate_tasks(warehouse: Warehouse, docs: int) -> None:
    """Each document's tasks and people: their facts rows and the rows of tasks, task_bodies, people and
    person_posts. Due dates are spread over 200 days either side of today, so the report's follow-up (open
    tasks due within 14 days or overdue) holds thousands and prints its first 500; one task in five is done."""
    con = warehouse.db.con  # type: ignore[attr-defined]
    pick = f"(SELECT names FROM org_list)[1 + (hash(d * 11 + j) % {ORGANISATIONS})::INTEGER]"
    con.execute(
        f"""
        CREATE TEMP TABLE bench_tasks AS
        SELECT d, j, md5('task' || d || '-' || j) AS id, md5('doc' || d) || md5('sha' || d) AS sha,
            {pick} AS lead, 1 + (hash(d * 11 + j) % {ORGANISATIONS})::INTEGER AS org,
            strftime(current_date + to_days(((hash(d * 7 + j) % 400)::INTEGER - 200)), '%Y-%m-%d') AS due,
            CASE WHEN hash(d * 13 + j) % 5 = 0 THEN 'done' ELSE 'open' END AS progress,
            printf('dem-%04d', d // {DOCS_PER_NIGHT}) AS run
        FROM range(?) a(d), range({TASKS_PER_DOC}) b(j)
        """,
        [docs],
    )
    con.execute(
        "INSERT INTO facts (id, doc_sha256, kind, text, start_offset, end_offset, sentence, sentence_start, page, "
        "paragraph, extractor, confidence, review_status, run_id, organisation) "
        "SELECT id, sha, 'task', 'Giao ' || lead || ' chủ trì tham mưu sơ kết việc thực hiện (mục ' || j || ')', "
        "40000 + j * 300, 40100 + j * 300, 'Giao ' || lead || ' chủ trì tham mưu sơ kết việc thực hiện (mục ' || j || ').', "
        "40000 + j * 300, 9, 300 + j, 'bench', 0.9, 'pending', run, lead FROM bench_tasks"
    )
    con.execute(
        "INSERT INTO tasks (fact_id, doc_sha256, action, deadline, due_date, progress, progress_on, run_id) "
        "SELECT id, sha, 'tham mưu sơ kết việc thực hiện (mục ' || j || ')', due, due, progress, "
        "CASE progress WHEN 'done' THEN due END, run FROM bench_tasks"
    )
    fold = "lower(strip_accents(replace(replace({0}, 'đ', 'd'), 'Đ', 'D')))"
    con.execute(
        "INSERT INTO task_bodies (task_id, role, position, text, normalized, entity_id, doc_sha256) "
        f"SELECT id, 'lead', 0, lead, {fold.format('lead')}, md5('entity' || org), sha FROM bench_tasks "
        "UNION ALL SELECT id, 'support', 0, 'Văn phòng Huyện ủy', 'van phong huyen uy', NULL, sha FROM bench_tasks"
    )
    con.execute(
        f"""
        CREATE TEMP TABLE bench_people AS
        SELECT d, p, md5('person' || d || '-' || p) AS id, md5('doc' || d) || md5('sha' || d) AS sha,
            CASE p WHEN 0 THEN 'Nguyễn Văn ' || d ELSE 'Hoàng Thị ' || (hash(d) % 300) END AS name,
            printf('dem-%04d', d // {DOCS_PER_NIGHT}) AS run
        FROM range(?) a(d), range({PEOPLE_PER_DOC}) b(p)
        """,
        [docs],
    )
    con.execute(
        "INSERT INTO facts (id, doc_sha256, kind, text, start_offset, end_offset, extractor, confidence, review_status, run_id) "
        "SELECT id, sha, 'person', name, 50000 + p * 40, 50000 + p * 40 + length(name), 'bench', 0.9, 'pending', run "
        "FROM bench_people"
    )
    con.execute(
        "INSERT INTO people (fact_id, doc_sha256, name, name_key, honorific, person_id, signer, run_id) "
        "SELECT id, sha, name, lower(name), CASE p WHEN 0 THEN NULL ELSE 'đồng chí' END, md5('who' || name), p = 0, run "
        "FROM bench_people"
    )
    con.execute(
        "INSERT INTO person_posts (person_fact_id, position, post, entity_id, doc_sha256) "
        "SELECT id, 0, CASE p WHEN 0 THEN 'Bí thư' ELSE 'Trưởng Ban Tổ chức Huyện ủy' END, NULL, sha FROM bench_people"
    )


def add_quiet_night(warehouse: Warehouse, docs: int) -> str:
    """A night after the last: the last night's files dropped again (duplicates) and two unreadable files."""
    con = warehouse.db.con  # type: ignore[attr-defined]
    run_id = "dem-yen-tinh"
    con.execute(
        "INSERT INTO runs (id, started_at, finished_at, files_seen, loaded, duplicates, quarantined, skipped, status) "
        "VALUES (?, TIMESTAMPTZ '2030-01-01 02:00:00+07', TIMESTAMPTZ '2030-01-01 02:01:00+07', ?, 0, ?, 2, 0, 'completed')",
        [run_id, DOCS_PER_NIGHT + 2, DOCS_PER_NIGHT],
    )
    con.execute(
        "INSERT INTO sightings (run_id, original_name, sha256, outcome, reason, seen_at) "
        "SELECT ?, printf('ban-sao-%05d.docx', i), md5('doc' || i) || md5('sha' || i), 'duplicate', NULL, now() "
        "FROM range(?, ?) t(i)",
        [run_id, max(0, docs - DOCS_PER_NIGHT), docs],
    )
    for name, reason in (("hong.docx", "VB003 không phải tệp ZIP"), ("anh-chup.pdf", "VB011 OCR không thấy chữ")):
        warehouse.record_quarantine(None, name, reason, run_id)
    return run_id


def organisation_table(html: str) -> dict[str, tuple[int, int]]:
    """The report's organisation table: name → (documents, mentions), as the page shows them."""
    table = html.split("data-organisations>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr>\s*<td><a href="[^"]*">([^<]*)</a>.*?<td class="num"[^>]*>([\d.]+)</td>\s*<td class="num"[^>]*>([\d.]+)</td>',
        table,
        flags=re.S,
    )
    return {unescape(name): (int(docs.replace(".", "")), int(times.replace(".", ""))) for name, docs, times in rows}


def organisations_by_sql(warehouse: Warehouse) -> dict[str, tuple[int, int]]:
    """Every organisation's documents and mentions, by a GROUP BY over the whole warehouse (names are unique here)."""
    rows = warehouse.db.fetch_dicts(
        'SELECT MIN(COALESCE("organisation", "normalized", "text")) AS "name", COUNT(DISTINCT "doc_sha256") AS "documents", '
        'COUNT(*) AS "mentions" FROM "facts" WHERE "kind" = \'org\' AND "review_status" <> \'rejected\' '
        'GROUP BY COALESCE("entity_id", "organisation")'
    )
    return {row["name"]: (int(row["documents"]), int(row["mentions"])) for row in rows}


def measure(
    warehouse: Warehouse, run_id: str | None, label: str, out: Path, truth: dict[str, tuple[int, int]], prefix: str
) -> dict:
    started = time.perf_counter()
    data = warehouse.report_data(run_id)
    read = time.perf_counter() - started
    html = render_report(data, generated_at=datetime.now(UTC))
    rendered = time.perf_counter() - started - read
    path = out / f"{prefix}-{label.replace(' ', '-')}.html"
    path.write_text(html, encoding="utf-8")
    shown = organisation_table(html)
    matches = bool(shown) and all(truth.get(name) == counts for name, counts in shown.items())
    printed = sum(1 for document in data.documents if document.facts_shown)
    return {
        "page": label,
        "run": run_id,
        "read_seconds": round(read, 2),
        "render_seconds": round(rendered, 2),
        "total_seconds": round(read + rendered, 2),
        "megabytes": round(len(html.encode("utf-8")) / 1e6, 2),
        "documents_in_scope": data.documents_total,
        "documents_listed": len(data.documents),
        "documents_printed": printed,
        "facts_printed": sum(len(document.facts) for document in data.documents),
        "organisation_rows": len(shown),
        "organisations_match_sql": matches,
        "charts": len(data.overview.series),
        "follow_up_printed": len(data.follow_up.tasks) if data.follow_up else 0,
        "follow_up_total": data.follow_up.total if data.follow_up else 0,
        "people_printed": len(data.people.people),
        "path": str(path),
    }


def copy_to_postgres(source: Warehouse, target: Warehouse, work: Path) -> float:
    """Every row of the generated tables into PostgreSQL by CSV and COPY; returns the seconds it took."""
    started = time.perf_counter()
    con = source.db.con  # type: ignore[attr-defined]
    pg = target.db.conn  # type: ignore[attr-defined]
    # -- the run's 128 MB is for its queries; writing 2 million rows out in order needs more
    con.execute("SET memory_limit = '1GB'")
    con.execute("SET preserve_insertion_order = false")
    for name in ("runs", "documents", "sightings", "facts", "tasks", "task_bodies", "people", "person_posts"):
        columns = ", ".join(f'"{column}"' for column in TABLES[name].column_names)
        csv = work / f"{name}.csv"
        con.execute(f"COPY (SELECT {columns} FROM \"{name}\") TO '{csv}' (HEADER, DELIMITER ',')")
        with pg.cursor() as cursor, csv.open("rb") as stream:
            with cursor.copy(f'COPY "{name}" ({columns}) FROM STDIN WITH (FORMAT csv, HEADER true)') as copy:
                while chunk := stream.read(1 << 20):
                    copy.write(chunk)
        pg.commit()
        csv.unlink()
    pg.execute("ANALYZE")
    pg.commit()
    return time.perf_counter() - started


def pages_of(warehouse: Warehouse, work: Path, prefix: str) -> list[dict]:
    truth = organisations_by_sql(warehouse)
    last_night = warehouse.db.fetch_dicts(
        'SELECT "id" FROM "runs" WHERE "loaded" > 0 ORDER BY "started_at" DESC LIMIT 1'
    )[0]["id"]
    return [
        {"warehouse": prefix} | measure(warehouse, run_id, label, work, truth, prefix)
        for run_id, label in ((last_night, "night"), ("dem-yen-tinh", "quiet night"), (None, "warehouse"))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--facts-per-doc", type=int, default=200)
    parser.add_argument("--warehouses", default="duckdb,postgres", help="duckdb, postgres or both (comma-separated)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("VANBAN_BENCH_POSTGRES_URL")
        or os.environ.get("VANBAN_TEST_POSTGRES_URL")
        or "postgresql://postgres@127.0.0.1:5432/test",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated warehouse and pages (path printed)")
    options = parser.parse_args()
    wanted = {name.strip() for name in options.warehouses.split(",") if name.strip()}
    work = Path(tempfile.mkdtemp(prefix="vanban-report-scale-"))
    pages: list[dict] = []
    copied: float | None = None
    try:
        with open_warehouse(None, default_path=work / "warehouse.duckdb") as warehouse:
            warehouse.ensure_schema()
            started = time.perf_counter()
            generate(warehouse, options.docs, options.facts_per_doc)
            generate_tasks(warehouse, options.docs)
            add_quiet_night(warehouse, options.docs)
            generated = time.perf_counter() - started
            facts = int(warehouse.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "facts"')[0]["n"])
            print(f"generated {options.docs:,} documents and {facts:,} facts in {generated:.1f} s ({work})")
            if "duckdb" in wanted:
                pages += pages_of(warehouse, work, "duckdb")
            if "postgres" in wanted:
                database = postgres_warehouse(options.postgres_url)
                if isinstance(database, str):
                    print(f"postgres skipped: {database}")
                else:
                    try:
                        with open_warehouse(database.url, default_path=work / "unused.duckdb") as target:
                            target.ensure_schema()
                            copied = copy_to_postgres(warehouse, target, work)
                            print(f"copied into PostgreSQL in {copied:.1f} s")
                            pages += pages_of(target, work, "postgres")
                    finally:
                        database.drop()
        print(
            f"{'warehouse':<9} {'page':<12} {'read s':>7} {'render s':>9} {'total s':>8} {'MB':>6} {'listed':>7} "
            f"{'printed':>8} {'tasks':>6} {'orgs = SQL':>11}"
        )
        for page in pages:
            print(
                f"{page['warehouse']:<9} {page['page']:<12} {page['read_seconds']:>7} {page['render_seconds']:>9} "
                f"{page['total_seconds']:>8} {page['megabytes']:>6} {page['documents_listed']:>7} "
                f"{page['facts_printed']:>8} {page['follow_up_printed']:>6} {'yes' if page['organisations_match_sql'] else 'NO':>11}"
            )
        within = bool(pages) and all(
            p["megabytes"] < GOAL_MB and p["total_seconds"] < GOAL_SECONDS and p["organisations_match_sql"]
            for p in pages
        )
        print(f"goal (< {GOAL_MB:g} MB, < {GOAL_SECONDS:g} s, organisations = SQL): {'met' if within else 'NOT met'}")
        RESULTS.mkdir(exist_ok=True)
        result: dict[str, Any] = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            "documents": options.docs,
            "facts": facts,
            "generate_seconds": round(generated, 1),
            "postgres_copy_seconds": round(copied, 1) if copied is not None else None,
            "report_max_facts": DEFAULT_REPORT_MAX_FACTS,
            "goal": {"megabytes": GOAL_MB, "seconds": GOAL_SECONDS},
            "goal_met": within,
            "pages": pages,
        }
        (RESULTS / "report_scale.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"results: {RESULTS / 'report_scale.json'}")
        return 0 if within else 1
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
