"""The review page's queries on a big warehouse: a page of pending facts, a search without tone marks, a
decision, accept-all of a document. Seconds per operation, median of a few tries.

The warehouse is filled by SQL alone (no reading, no extraction): N documents of 10 facts each, their
sentences naming organisations with tone marks (`Đảng bộ huyện Văn Lãng` …) so a search for `van lang`
must fold them to find anything.

Run:
    .venv/bin/python bench/review_speed.py [--docs 20000] [--warehouses duckdb,postgres] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vanban.review.page import filters_from_query, render_review_page, review_context
from vanban.warehouse import open_warehouse

FACTS_PER_DOCUMENT = 10
PLACES = ("Văn Lãng", "Bình Liêu", "Cao Lộc", "Đình Lập", "Lộc Bình", "Tràng Định", "Bắc Sơn", "Hữu Lũng")
ACCOUNT = {"username": "bench", "display_name": "Người đo", "role": "admin"}


def fill(store: Any, documents: int) -> None:
    """`documents` documents and 10 facts each, written by one INSERT … SELECT per table."""
    series = "range(?)" if store.dialect == "duckdb" else "generate_series(0, ? - 1)"
    number = "range" if store.dialect == "duckdb" else "generate_series"
    places = "ARRAY[" + ", ".join(f"'{place}'" for place in PLACES) + "]"
    pick = f"({places})[1 + (n % {len(PLACES)})]"  # -- both dialects index arrays from 1
    store.db.execute(
        'INSERT INTO "documents" ("sha256", "original_name", "status", "symbol", "doc_type", "date") '
        f"SELECT md5(CAST(n AS TEXT)) || md5(CAST(n AS TEXT)), 'van-ban-' || CAST(n AS TEXT) || '.docx', 'loaded', "
        f"CAST(n AS TEXT) || '-BC/HU', 'Báo cáo', '2024-05-01' FROM (SELECT {number} AS n FROM {series}) AS s",
        [documents],
    )
    store.db.execute(
        'INSERT INTO "facts" ("id", "doc_sha256", "kind", "text", "start_offset", "end_offset", "value_num", '
        '"unit", "sentence", "organisation", "confidence", "review_status", "paragraph", "page") '
        f"SELECT md5('f' || CAST(n AS TEXT)), md5(CAST(n / {FACTS_PER_DOCUMENT} AS TEXT)) || "
        f"md5(CAST(n / {FACTS_PER_DOCUMENT} AS TEXT)), 'count', CAST(n % 997 AS TEXT) || ' đảng viên', "
        "n % 500, n % 500 + 12, n % 997, 'đảng viên', "
        f"'Đảng bộ huyện ' || {pick} || ' có ' || CAST(n % 997 AS TEXT) || ' đảng viên.', "
        f"'Đảng bộ huyện ' || {pick}, 0.5 + (n % 50) / 100.0, 'pending', n % 40, 1 + n % 7 "
        f"FROM (SELECT {number} AS n FROM {series}) AS s",
        [documents * FACTS_PER_DOCUMENT],
    )


def timed(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(url: str | None, default: Path, documents: int, repeat: int) -> dict[str, float]:
    with open_warehouse(url, default_path=default) as store:
        store.ensure_schema()
        start = time.perf_counter()
        fill(store, documents)
        filled = time.perf_counter() - start
        some = store.list_facts(limit=2)
        results = {"fill": filled}
        results["page of pending"] = timed(
            lambda: render_review_page(
                review_context(store, filters_from_query({}), account=ACCOUNT, csrf_token="t"), nonce="n"
            ),
            repeat,
        )
        page = render_review_page(
            review_context(store, filters_from_query({}), account=ACCOUNT, csrf_token="t"), nonce="n"
        )
        results["page HTML (kB)"] = round(len(page.encode()) / 1000)
        results["search 'van lang' (page)"] = timed(
            lambda: review_context(store, filters_from_query({"q": "van lang"}), account=ACCOUNT, csrf_token="t"),
            repeat,
        )
        # -- every 8th fact names Văn Lãng: the search must find them all, folded
        found = store.count_facts(search="van lang")
        expected = len(range(0, documents * FACTS_PER_DOCUMENT, len(PLACES)))
        if found != expected:
            raise SystemExit(f"search 'van lang' found {found} facts, expected {expected}")
        results["decision (accept)"] = timed(lambda: store.review_fact(some[0]["id"], "accept", "bench"), 1)
        results["accept-all of a document"] = timed(lambda: store.accept_document(some[1]["doc_sha256"], "bench"), 1)
        results["facts found by 'van lang'"] = found
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--warehouses", default="duckdb,postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("VANBAN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    print(f"{args.docs} documents, {args.docs * FACTS_PER_DOCUMENT} facts")
    for name in args.warehouses.split(","):
        with tempfile.TemporaryDirectory(prefix="vanban-review-bench-") as scratch:
            if name == "duckdb":
                results = measure(None, Path(scratch) / "w.duckdb", args.docs, args.repeat)
            else:
                import psycopg

                schema = "vanban_bench_" + uuid.uuid4().hex[:10]
                with psycopg.connect(args.postgres_url, autocommit=True) as conn:
                    conn.execute(f'CREATE SCHEMA "{schema}"')
                try:
                    separator = "&" if "?" in args.postgres_url else "?"
                    url = f"{args.postgres_url}{separator}options=-csearch_path%3D{schema}"
                    results = measure(url, Path(scratch) / "unused.duckdb", args.docs, args.repeat)
                finally:
                    with psycopg.connect(args.postgres_url, autocommit=True) as conn:
                        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        for label, value in results.items():
            shown = f"{value:.3f} s" if isinstance(value, float) else str(value)
            print(f"  {name:9} {label:28} {shown}")


if __name__ == "__main__":
    main()
