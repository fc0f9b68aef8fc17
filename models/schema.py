"""The one definition of the warehouse tables, as data; DDL for DuckDB and PostgreSQL is generated from it.

Example:
    create_table_sql(TABLES["runs"], "duckdb")
    → 'CREATE TABLE IF NOT EXISTS "runs" ("id" TEXT NOT NULL, "started_at" TIMESTAMPTZ, …, PRIMARY KEY ("id"))'

Types are portable names (`text`, `integer`, `bigint`, `double`, `boolean`, `timestamp`, `json`);
each dialect maps them in `DIALECT_TYPES`. Identifiers are always quoted, so column names such as
`date` and `text` (the contract's own names) need no care in either database.
"""

from __future__ import annotations

from dataclasses import dataclass

from vanban.models.fact import FACT_KINDS

PORTABLE_TYPES = ("text", "integer", "bigint", "double", "boolean", "timestamp", "json")

DIALECT_TYPES: dict[str, dict[str, str]] = {
    "duckdb": {
        "text": "TEXT",
        "integer": "INTEGER",
        "bigint": "BIGINT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "timestamp": "TIMESTAMPTZ",
        "json": "JSON",
    },
    "postgresql": {
        "text": "TEXT",
        "integer": "INTEGER",
        "bigint": "BIGINT",
        "double": "DOUBLE PRECISION",
        "boolean": "BOOLEAN",
        "timestamp": "TIMESTAMPTZ",
        "json": "JSONB",
    },
}

DOCUMENT_STATUSES = ("loaded", "quarantined")
SIGHTING_OUTCOMES = ("loaded", "duplicate", "quarantined", "skipped")
# -- `pending` until a person looks at the fact; any other status protects it from being reloaded over
REVIEW_STATUSES = ("pending", "accepted", "rejected", "corrected")
# -- what a reviewer does to a fact, and the status each action leaves (`fact_reviews` keeps every one);
#    `undo` restores the fact as it was before its latest decision, `reopen` as extracted, back to pending;
#    `done`, `not_done` and `open` mark a task's progress (`Warehouse.mark_task`)
REVIEW_ACTIONS = ("accept", "reject", "correct", "undo", "reopen", "done", "not_done", "open")
ACTION_STATUSES = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
# -- how far a task has got: `open` until a reviewer marks it `done` or `not_done` (with a date and a note);
#    `done`/`not_done` on a task are review actions too, audited in `fact_reviews`
TASK_PROGRESS = ("open", "done", "not_done")
TASK_ROLES = ("lead", "support")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: a portable type, and optional NOT NULL, default and CHECK written in portable SQL."""

    name: str
    type: str
    not_null: bool = False
    default: str | None = None
    check: str | None = None

    def __post_init__(self) -> None:
        if self.type not in PORTABLE_TYPES:
            raise ValueError(
                f"column {self.name!r}: unknown type {self.type!r}; expected one of {', '.join(PORTABLE_TYPES)}"
            )


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    # -- False: in DuckDB the table has neither its primary key nor its indexes. DuckDB holds every index
    #    wholly in memory and loads it for each insert, and the facts' key grows with the warehouse. Its queries scan columns fast without one.
    indexed_in_duckdb: bool = True

    def keyed_in(self, dialect: str) -> bool:
        """True when the table has its primary key and indexes in `dialect`."""
        return self.indexed_in_duckdb or dialect != "duckdb"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{value}'" for value in values)
    return f'"{column}" IN ({listed})'


DOCUMENTS = Table(
    name="documents",
    columns=(
        Column("sha256", "text", not_null=True),
        Column("original_name", "text", not_null=True),
        Column("format", "text"),
        Column("pages", "integer"),
        Column("size_bytes", "bigint"),
        Column("status", "text", not_null=True, check=_one_of("status", DOCUMENT_STATUSES)),
        Column("error", "text"),
        # -- the header fields of facts.md, same names
        Column("issuer", "text"),
        Column("issuer_parent", "text"),
        Column("motto", "text"),
        Column("symbol", "text"),
        Column("number", "text"),
        Column("doc_type", "text"),
        Column("place", "text"),
        Column("date", "text"),
        Column("subject", "text"),
        Column("signer_role", "text"),
        Column("signer_name", "text"),
        Column("recipients", "json"),
        Column("legacy_encoding", "text"),
        Column("encoding", "text"),
        Column("warnings", "json"),
        # -- {"page": OCR confidence 0–1} for each page read by OCR (a scan); null when the text layer was read
        Column("ocr_pages", "json"),
        Column("archive_path", "text"),
        Column("first_run_id", "text"),
        Column("last_run_id", "text"),
        Column("loaded_at", "timestamp"),
    ),
    primary_key=("sha256",),
)

FACTS = Table(
    name="facts",
    columns=(
        Column("id", "text", not_null=True),
        Column("doc_sha256", "text", not_null=True),
        Column("kind", "text", not_null=True, check=_one_of("kind", FACT_KINDS)),
        Column("text", "text", not_null=True),
        Column("start_offset", "integer", not_null=True),
        Column("end_offset", "integer", not_null=True, check='"end_offset" >= "start_offset"'),
        # -- value split by type: ISO dates and any value as text; numbers (and a range's low end) as double
        Column("value_text", "text"),
        Column("value_num", "double"),
        Column("value_high", "double"),
        Column("unit", "text"),
        Column("qualifier", "text"),
        Column("of_text", "text"),
        Column("normalized", "text"),
        Column("doc_type", "text"),
        Column("number", "text"),
        Column("symbol", "text"),
        Column("ref_date", "text"),
        Column("ref_year", "integer"),
        Column("issuer_code", "text"),
        Column("sentence", "text"),
        # -- where the sentence starts in the document text, so a report can mark the fact inside it
        Column("sentence_start", "integer"),
        Column("page", "integer"),
        Column("paragraph", "integer"),
        Column("table_index", "integer"),
        Column("row_index", "integer"),
        Column("cell_index", "integer"),
        Column("extractor", "text"),
        Column("confidence", "double"),
        Column("extra", "json"),
        Column(
            "review_status", "text", not_null=True, default="'pending'", check=_one_of("review_status", REVIEW_STATUSES)
        ),
        Column("review_note", "text"),
        Column("reviewed_at", "timestamp"),
        Column("run_id", "text"),
        # -- the body the fact is about: an org fact's own name, else the organisation named nearest to it
        #    in its sentence; set at load, a reviewer may correct it
        Column("organisation", "text"),
        Column("reviewed_by", "text"),
        # -- org facts: the body named, one id across documents (extractors/entities.py)
        Column("entity_id", "text"),
    ),
    primary_key=("id",),
    indexes=(("doc_sha256",), ("entity_id",)),
    # -- facts are only ever written as a document's set (delete, then insert), never upserted, so their
    #    ids stay unique without the key (vanban.warehouse.store.Warehouse.load_documents)
    indexed_in_duckdb=False,
)

RUNS = Table(
    name="runs",
    columns=(
        Column("id", "text", not_null=True),
        Column("started_at", "timestamp"),
        Column("finished_at", "timestamp"),
        Column("files_seen", "integer"),
        Column("loaded", "integer"),
        Column("duplicates", "integer"),
        Column("quarantined", "integer"),
        Column("skipped", "integer"),
        Column("status", "text"),
        Column("error", "text"),
        Column("report_path", "text"),
        # -- host and inbox of the run: the next run of that inbox marks it interrupted if it never finished
        Column("inbox", "text"),
    ),
    primary_key=("id",),
)

# -- one row per file seen per run: dropping the same content twice under two names shows as two
#    sightings (loaded, duplicate) and one documents row
SIGHTINGS = Table(
    name="sightings",
    columns=(
        Column("run_id", "text", not_null=True),
        Column("original_name", "text", not_null=True),
        Column("sha256", "text"),
        Column("outcome", "text", not_null=True, check=_one_of("outcome", SIGHTING_OUTCOMES)),
        Column("reason", "text"),
        Column("path", "text"),
        Column("seen_at", "timestamp"),
    ),
    primary_key=("run_id", "original_name"),
    indexes=(("sha256",),),
)

# -- the audit trail of the review: one row per decision, with the fact's reviewable fields before and after
FACT_REVIEWS = Table(
    name="fact_reviews",
    columns=(
        Column("id", "text", not_null=True),
        Column("fact_id", "text", not_null=True),
        Column("doc_sha256", "text", not_null=True),
        Column("action", "text", not_null=True, check=_one_of("action", REVIEW_ACTIONS)),
        Column("reviewer", "text", not_null=True),
        Column("at", "timestamp", not_null=True),
        Column("previous", "json"),
        Column("new", "json"),
    ),
    primary_key=("id",),
    indexes=(("fact_id",),),
)

# -- a task fact's fields in a table of their own (the `facts` row keeps its text, sentence and review
#    status); `due_date` is the last day the deadline allows (`2024-Q3` → `2024-09-30`), for date queries
TASKS = Table(
    name="tasks",
    columns=(
        Column("fact_id", "text", not_null=True),
        Column("doc_sha256", "text", not_null=True),
        Column("action", "text"),
        Column("deadline", "text"),
        Column("due_date", "text"),
        Column("recurrence", "text"),
        Column("progress", "text", not_null=True, default="'open'", check=_one_of("progress", TASK_PROGRESS)),
        Column("progress_on", "text"),
        Column("progress_note", "text"),
        Column("progress_by", "text"),
        Column("progress_at", "timestamp"),
        Column("run_id", "text"),
    ),
    primary_key=("fact_id",),
    indexes=(("doc_sha256",), ("due_date",)),
)

# -- the leads and supports of a task, a row each, so "every open task of Ban Tổ chức" is one indexed query
TASK_BODIES = Table(
    name="task_bodies",
    columns=(
        Column("task_id", "text", not_null=True),
        Column("role", "text", not_null=True, check=_one_of("role", TASK_ROLES)),
        Column("position", "integer", not_null=True),
        Column("text", "text", not_null=True),
        Column("normalized", "text"),
        Column("entity_id", "text"),
        Column("doc_sha256", "text", not_null=True),
    ),
    primary_key=("task_id", "role", "position"),
    indexes=(("entity_id", "role"), ("normalized", "role"), ("doc_sha256",)),
)

# -- a person fact's fields; `person_id` is one person across documents (name and post)
PEOPLE = Table(
    name="people",
    columns=(
        Column("fact_id", "text", not_null=True),
        Column("doc_sha256", "text", not_null=True),
        Column("name", "text", not_null=True),
        Column("name_key", "text", not_null=True),
        Column("honorific", "text"),
        Column("person_id", "text"),
        Column("signer", "boolean"),
        Column("run_id", "text"),
    ),
    primary_key=("fact_id",),
    indexes=(("person_id",), ("doc_sha256",), ("name_key",)),
)

PERSON_POSTS = Table(
    name="person_posts",
    columns=(
        Column("person_fact_id", "text", not_null=True),
        Column("position", "integer", not_null=True),
        Column("post", "text", not_null=True),
        Column("entity_id", "text"),
        Column("doc_sha256", "text", not_null=True),
    ),
    primary_key=("person_fact_id", "position"),
    indexes=(("entity_id",), ("doc_sha256",)),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (DOCUMENTS, FACTS, RUNS, SIGHTINGS, FACT_REVIEWS, TASKS, TASK_BODIES, PEOPLE, PERSON_POSTS)
}


def quote(identifier: str) -> str:
    """`date` → `"date"`: both dialects accept double-quoted identifiers, reserved or not."""
    return '"' + identifier.replace('"', '""') + '"'


def column_sql(column: Column, dialect: str) -> str:
    parts = [quote(column.name), DIALECT_TYPES[dialect][column.type]]
    if column.not_null:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.check is not None:
        parts.append(f"CHECK ({column.check})")
    return " ".join(parts)


def create_table_sql(table: Table, dialect: str) -> str:
    """`CREATE TABLE IF NOT EXISTS` for one table in one dialect (`duckdb` or `postgresql`)."""
    if dialect not in DIALECT_TYPES:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECT_TYPES)}")
    body = [column_sql(column, dialect) for column in table.columns]
    if table.keyed_in(dialect):
        body.append("PRIMARY KEY (" + ", ".join(quote(name) for name in table.primary_key) + ")")
    return f"CREATE TABLE IF NOT EXISTS {quote(table.name)} (" + ", ".join(body) + ")"


def index_name(table: Table, columns: tuple[str, ...]) -> str:
    return f"{table.name}_{'_'.join(columns)}_idx"


def create_index_sql(table: Table, columns: tuple[str, ...]) -> str:
    name = index_name(table, columns)
    listed = ", ".join(quote(column) for column in columns)
    return f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table.name)} ({listed})"


def add_column_sql(table: Table, column: Column, dialect: str) -> str:
    """`ALTER TABLE … ADD COLUMN` for a column a warehouse made by an older vanban lacks.

    Type and default only: NOT NULL and CHECK cannot be added to a table that already has rows in
    both dialects, and new columns are nullable or defaulted for that reason.
    """
    parts = [quote(column.name), DIALECT_TYPES[dialect][column.type]]
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    return f"ALTER TABLE {quote(table.name)} ADD COLUMN " + " ".join(parts)


def schema_sql(dialect: str) -> list[str]:
    """Every statement that creates the warehouse in `dialect`; safe to run again."""
    statements: list[str] = []
    for table in TABLES.values():
        statements.append(create_table_sql(table, dialect))
        if table.keyed_in(dialect):
            statements.extend(create_index_sql(table, columns) for columns in table.indexes)
    return statements
