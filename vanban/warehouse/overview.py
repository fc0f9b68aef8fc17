"""The whole warehouse in numbers, for the report: counted by the database over every row, returned bounded.

Example:
    overview = warehouse.warehouse_overview()
    overview.documents → 10000;  overview.organisations[0].documents → 412;  overview.series[0].unit → "đảng viên"

Each ranking (organisations, cited documents, series of counts) is grouped, counted, ordered and cut
in SQL, the same on DuckDB and PostgreSQL; Python only picks each top row's most frequent spelling. A
warehouse of millions of facts gives the report a few hundred rows.
"""

from __future__ import annotations

from vanban.models.fact import FACT_KINDS
from vanban.models.schema import REVIEW_STATUSES
from vanban.warehouse.report_data import (
    CitationCount,
    IndicatorSeries,
    LinkedDocument,
    OrganisationCount,
    UnitPoint,
    WarehouseOverview,
)
from vanban.warehouse.sql import WarehousePart, in_chunks

TOP_ORGANISATIONS = 30
TOP_CITATIONS = 30
MAX_SERIES = 12
# -- a line needs two dates; the longest series come first
MIN_SERIES_DATES = 2
SERIES_POINTS = 60
# -- between an organisation and a unit in one lookup key: a control character no name holds
PAIR_SEPARATOR = "\x1f"
# -- below this a pending fact awaits review first ("cần xem lại", the report and the review page): the
#    rule-based finders give 0.6–0.81 to their guesses (a bare number read as a count, a date completed
#    from the document's year) and ≥ 0.85 otherwise
LOW_CONFIDENCE = 0.85
# -- durations are counts too (facts.md), but "10 ngày" over the years says nothing
TIME_UNITS = ("giây", "phút", "giờ", "ngày", "tuần", "tháng", "quý", "năm", "buổi", "lần", "đợt", "kỳ")

# -- facts of loaded documents that nobody rejected: what every summary counts
KEPT = 'FROM "facts" f JOIN "documents" d ON d."sha256" = f."doc_sha256" WHERE d."status" = \'loaded\' AND f."review_status" <> \'rejected\''
ORG_KEY = 'COALESCE(f."entity_id", f."organisation", f."normalized", f."text")'
ORG_NAME = 'COALESCE(f."organisation", f."normalized", f."text")'


def sign_key_sql(column: str) -> str:
    """SQL for `vanban.warehouse.rows.symbol_key` of a column: no spaces, one kind of dash, upper case.

    TRANSLATE maps each dash to `-` and deletes the spaces (characters past the end of its third
    argument), the same in DuckDB and PostgreSQL, and costs far less than a regular expression.
    """
    dashes = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
    spaces = " \t\n\r\u00a0\u202f"
    return f"UPPER(TRANSLATE({column}, '{dashes}{spaces}', '{'-' * len(dashes)}'))"


CITED_KEY = sign_key_sql('f."symbol"')
OWN_KEY = sign_key_sql('d."symbol"')
# -- dated counts a chart can draw: one number (not a range), a unit, a document date with its year
DATED_COUNTS = (
    f'{KEPT} AND f."kind" = \'count\' AND f."value_num" IS NOT NULL AND f."value_high" IS NULL '
    'AND f."unit" IS NOT NULL AND d."date" IS NOT NULL AND d."date" NOT LIKE \'-%\' '
    'AND LOWER(f."unit") NOT IN (' + ", ".join(f"'{unit}'" for unit in TIME_UNITS) + ")"
)


class OverviewPart(WarehousePart):
    """Reads the warehouse-wide summaries of the report."""

    def warehouse_overview(self) -> WarehouseOverview:
        overview = WarehouseOverview()
        documents = self.db.fetch_dicts('SELECT "status", COUNT(*) AS "n" FROM "documents" GROUP BY "status"')
        by_status = {row["status"]: int(row["n"]) for row in documents}
        overview.documents, overview.quarantined = by_status.get("loaded", 0), by_status.get("quarantined", 0)
        overview.runs = int(self.db.fetch_dicts('SELECT COUNT(*) AS "n" FROM "runs"')[0]["n"])
        overview.fact_counts = dict.fromkeys(FACT_KINDS, 0)
        overview.status_counts = dict.fromkeys(REVIEW_STATUSES, 0)
        rows = self.db.fetch_dicts(
            'SELECT f."kind", f."review_status", COUNT(*) AS "n", '
            'SUM(CASE WHEN COALESCE(f."confidence", 0) < ? THEN 1 ELSE 0 END) AS "low" '
            'FROM "facts" f JOIN "documents" d ON d."sha256" = f."doc_sha256" WHERE d."status" = \'loaded\' '
            'GROUP BY f."kind", f."review_status"',
            [LOW_CONFIDENCE],
        )
        for row in rows:
            overview.fact_counts[row["kind"]] = overview.fact_counts.get(row["kind"], 0) + int(row["n"])
            status = row["review_status"]
            overview.status_counts[status] = overview.status_counts.get(status, 0) + int(row["n"])
            if status == "pending":
                overview.low_pending += int(row["low"] or 0)
        overview.organisations, overview.organisations_total = self.top_organisations()
        overview.citations, overview.citations_total, overview.unsigned_citations = self.top_citations()
        overview.series, overview.series_total, overview.unattributed_counts = self.indicator_series()
        overview.series_min_dates = MIN_SERIES_DATES
        return overview

    def top_organisations(self, limit: int = TOP_ORGANISATIONS) -> tuple[list[OrganisationCount], int]:
        """The organisations named in the most documents (then mentions), and how many there are in all.

        An organisation is its entity id (one body across spellings and documents,
        extractors/facts/entities.py), else its name.
        """
        where = f"{KEPT} AND f.\"kind\" = 'org'"
        # -- `COUNT(*) OVER ()` counts the groups before LIMIT: the total comes with the ranking, in one scan
        ranked = self.db.fetch_dicts(
            f'SELECT {ORG_KEY} AS "key", COUNT(DISTINCT f."doc_sha256") AS "documents", COUNT(*) AS "mentions", '
            f'COUNT(*) OVER () AS "total" {where} GROUP BY {ORG_KEY} '
            f'ORDER BY "documents" DESC, "mentions" DESC, "key" LIMIT {int(limit)}'
        )
        total = ranked[0]["total"] if ranked else 0
        spellings = self._spellings(where, ORG_KEY, ORG_NAME, [row["key"] for row in ranked])
        rows = [
            OrganisationCount(
                key=row["key"],
                name=spellings[row["key"]][0],
                documents=int(row["documents"]),
                mentions=int(row["mentions"]),
                spellings=tuple(sorted(spellings[row["key"]])),
            )
            for row in ranked
        ]
        return rows, int(total or 0)

    def top_citations(self, limit: int = TOP_CITATIONS) -> tuple[list[CitationCount], int, int]:
        """The signs cited by the most documents (then mentions), how many signs are cited, and how many
        references carry no sign at all."""
        cited = f"{KEPT} AND f.\"kind\" = 'docref'"
        not_own = f'(d."symbol" IS NULL OR {CITED_KEY} <> {OWN_KEY})'
        where = f'{cited} AND f."symbol" IS NOT NULL AND {not_own}'
        # -- one scan: the references without a sign are the group of key NULL, ordered first so that it is
        #    always among the rows returned; `COUNT(*) OVER ()` counts the groups before LIMIT
        key = f'CASE WHEN f."symbol" IS NULL THEN NULL ELSE {CITED_KEY} END'
        grouped = self.db.fetch_dicts(
            f'SELECT {key} AS "key", COUNT(DISTINCT f."doc_sha256") AS "documents", COUNT(*) AS "mentions", '
            f'COUNT(*) OVER () AS "total" {cited} AND (f."symbol" IS NULL OR {not_own}) GROUP BY {key} '
            f'ORDER BY CASE WHEN {key} IS NULL THEN 0 ELSE 1 END, "documents" DESC, "mentions" DESC, "key" '
            f"LIMIT {int(limit) + 1}"
        )
        unsigned = sum(int(row["mentions"]) for row in grouped if row["key"] is None)
        ranked = [row for row in grouped if row["key"] is not None][:limit]
        total = (int(grouped[0]["total"]) - (1 if grouped[0]["key"] is None else 0)) if grouped else 0
        keys = [row["key"] for row in ranked]
        label = "TRIM(COALESCE(f.\"doc_type\", '') || ' ' || f.\"symbol\")"
        labels = self._spellings(where, CITED_KEY, label, keys)
        targets = self._documents_signed(keys)
        rows = [
            CitationCount(
                key=row["key"],
                label=labels[row["key"]][0],
                documents=int(row["documents"]),
                mentions=int(row["mentions"]),
                target=targets.get(row["key"]),
            )
            for row in ranked
        ]
        return rows, int(total or 0), int(unsigned or 0)

    def indicator_series(self, limit: int = MAX_SERIES) -> tuple[list[IndicatorSeries], int, int]:
        """The (organisation, unit) pairs counted on the most dates, each with its latest points; how many
        pairs have enough dates to draw; how many dated counts name no organisation (never drawn).

        Pairs are grouped case-insensitively (`Đảng viên` is `đảng viên`; PostgreSQL needs a UTF-8 ctype
        for that, as `C.UTF-8` or `vi_VN.UTF-8`), shown under one of their spellings.
        """
        # -- one scan: every (organisation, unit) group, those without an organisation included, so that the
        #    windows count the drawable pairs and the unattributed counts before the ranking is cut
        groups = (
            'SELECT LOWER(f."organisation") AS "organisation_key", LOWER(f."unit") AS "unit_key", '
            # -- the capitalised spelling of a name, the lower-case one of a unit
            'MIN(f."organisation") AS "organisation", MAX(f."unit") AS "unit", '
            f'COUNT(DISTINCT d."date") AS "dates", COUNT(*) AS "n" {DATED_COUNTS} '
            'GROUP BY LOWER(f."organisation"), LOWER(f."unit")'
        )
        drawable = f'"organisation_key" IS NOT NULL AND "dates" >= {int(MIN_SERIES_DATES)}'
        ranked = self.db.fetch_dicts(
            'SELECT * FROM (SELECT "groups".*, '
            f'SUM(CASE WHEN {drawable} THEN 1 ELSE 0 END) OVER () AS "total", '
            'SUM(CASE WHEN "organisation_key" IS NULL THEN "n" ELSE 0 END) OVER () AS "unattributed" '
            f'FROM ({groups}) AS "groups") AS "counted" WHERE {drawable} '
            f'ORDER BY "dates" DESC, "n" DESC, "organisation_key", "unit_key" LIMIT {int(limit)}'
        )
        if ranked:
            total, unattributed = int(ranked[0]["total"]), int(ranked[0]["unattributed"] or 0)
        else:
            total = 0
            unattributed = int(
                self.db.fetch_dicts(f'SELECT COUNT(*) AS "n" {DATED_COUNTS} AND f."organisation" IS NULL')[0]["n"]
            )
        series = [IndicatorSeries(row["organisation"], row["unit"], int(row["dates"]), int(row["n"])) for row in ranked]
        keys = [(row["organisation_key"], row["unit_key"]) for row in ranked]
        for one, points in zip(series, self._series_points(keys), strict=True):
            one.points = points
        return series, total, unattributed

    def _series_points(self, keys: list[tuple[str, str]]) -> list[list[UnitPoint]]:
        """The latest `SERIES_POINTS` counts of each (lower-case organisation, unit), oldest first, in one scan."""
        if not keys:
            return []
        # -- one key of both, so each row is lower-cased once and looked up in a list, not tested pair by pair
        pair_key = f'LOWER(f."organisation") || \'{PAIR_SEPARATOR}\' || LOWER(f."unit")'
        marks = ", ".join("?" for _ in keys)
        rows = self.db.fetch_dicts(
            'SELECT * FROM (SELECT LOWER(f."organisation") AS "organisation_key", LOWER(f."unit") AS "unit_key", '
            'f."unit", f."value_num" AS "value", f."text", f."organisation", d."date", d."original_name", d."sha256", '
            'ROW_NUMBER() OVER (PARTITION BY LOWER(f."organisation"), LOWER(f."unit") '
            'ORDER BY d."date" DESC, d."original_name" DESC, f."start_offset" DESC) AS "latest" '
            f'{DATED_COUNTS} AND {pair_key} IN ({marks})) AS "ranked" WHERE "latest" <= {SERIES_POINTS} '
            'ORDER BY "organisation_key", "unit_key", "latest" DESC',
            [PAIR_SEPARATOR.join(pair) for pair in keys],
        )
        by_key: dict[tuple[str, str], list[UnitPoint]] = {key: [] for key in keys}
        for row in rows:
            key = (row.pop("organisation_key"), row.pop("unit_key"))
            row.pop("latest")
            by_key[key].append(UnitPoint(**row))
        return [by_key[key] for key in keys]

    def _spellings(self, where: str, key_sql: str, name_sql: str, keys: list[str]) -> dict[str, list[str]]:
        """Each key's spellings, the most frequent first (ties alphabetical, the same on both databases)."""
        counted: dict[str, list[tuple[int, str]]] = {key: [] for key in keys}
        for chunk, marks in in_chunks(keys):
            rows = self.db.fetch_dicts(
                f'SELECT {key_sql} AS "key", {name_sql} AS "name", COUNT(*) AS "n" {where} AND {key_sql} IN ({marks}) '
                f"GROUP BY {key_sql}, {name_sql}",
                chunk,
            )
            for row in rows:
                counted[row["key"]].append((-int(row["n"]), row["name"]))
        return {key: [name for _, name in sorted(names)] or [key] for key, names in counted.items()}

    def _documents_signed(self, keys: list[str]) -> dict[str, LinkedDocument]:
        """The loaded documents whose own sign is one of `keys` (the first by name when two share one)."""
        found: dict[str, LinkedDocument] = {}
        for chunk, marks in in_chunks(keys):
            rows = self.db.fetch_dicts(
                f'SELECT {OWN_KEY} AS "key", d."sha256", d."original_name", d."symbol", d."doc_type", d."date", '
                f'd."subject", d."archive_path" FROM "documents" d WHERE d."status" = \'loaded\' '
                f'AND d."symbol" IS NOT NULL AND {OWN_KEY} IN ({marks}) ORDER BY d."original_name", d."sha256"',
                chunk,
            )
            for row in rows:
                key = row.pop("key")
                found.setdefault(key, LinkedDocument(**row))
        return found
