"""Shared fixtures, and the `slow` mark: `pytest -m "not slow"` is the quick loop (README, Contributing)."""

import os
from collections.abc import Iterator

import pytest

from tests import browser

pytest_plugins = ["tests.postgres_fixtures"]

# -- what the CLI may write in its own environment: Prefect's settings (PREFECT_HOME …), and for
#    `vanban serve` the warehouse URL its runner's child processes read; in-process CLI tests would
#    otherwise leave one test's values to the next
CLI_ENVIRONMENT = ("VANBAN_WAREHOUSE_URL", "VANBAN_HOME", "PREFECT_HOME", "PREFECT_LOGGING_LEVEL")

# -- fixtures that start something heavy, by name: a Prefect server (`prefect_harness`), a PostgreSQL schema
#    or server (`pg_server_url`, `pg_url`), a Dask cluster (`dask_cluster`), the crash driver's clean run in a
#    subprocess (`clean_run`), LibreOffice (`legacy_and_twin`), Tesseract (`mixed`), a generated corpus (`corpus`)
SLOW_FIXTURES = frozenset(
    {"prefect_harness", "pg_server_url", "pg_url", "dask_cluster", "clean_run", "legacy_and_twin", "mixed", "corpus"}
)
# -- a fixture parametrized over the warehouses asks for `pg_url` only at run time, for this parameter
SLOW_PARAMS = frozenset({"postgresql"})
# -- tests slow for their own reasons where a `@pytest.mark.slow` line cannot say it: one case of a
#    parametrized test, or a module of another area that does not import pytest
SLOW_CASES = frozenset(
    {
        # -- Tesseract reads a scanned page
        "tests/extractors/readers/test_pdf.py::test_read_pdf_raises_unreadable_with_the_reason[scanned]",
        "tests/flows/test_hostile_files.py::test_each_hostile_file_is_set_aside_with_its_catalogue_reason[image-only-pdf]",
        # -- a fresh interpreter imports the flow
        "tests/flows/test_run_process.py::test_the_flow_module_loads_without_the_readers_or_spacy",
    }
)
# -- the name of the `vanban` command line a test module runs in a subprocess (tests/flows)
VANBAN_COMMAND = "VANBAN"


def is_slow(item: pytest.Item) -> bool:
    """Whether a test starts something heavy or is listed as slow.

    Example:
        is_slow(<test_nightly_leaves_files_still_being_written, which uses prefect_harness>) → True
        is_slow(<test_has_document_only_for_loaded_content[postgresql]>) → True; its [duckdb] case → False

    Slow: a test in `SLOW_CASES`; one using a fixture of `SLOW_FIXTURES`; one whose parametrized fixture
    turns to PostgreSQL; one in a module that drives Chromium (tests/browser.py); one that runs the module's
    `VANBAN` command line in a subprocess.
    """
    if item.nodeid in SLOW_CASES or SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    if SLOW_PARAMS.intersection(value for value in fixture_params(item).values() if isinstance(value, str)):
        return True
    module = getattr(item, "module", None)
    if module is None:
        return False
    if any(value is browser.chromium for value in vars(module).values()):
        return True
    function = getattr(item, "function", None)
    return hasattr(module, VANBAN_COMMAND) and function is not None and VANBAN_COMMAND in function.__code__.co_names


def fixture_params(item: pytest.Item) -> dict[str, object]:
    """The parameters a test gets from parametrized fixtures, not from its own `parametrize` marks.

    Example:
        fixture_params(<test_has_document[postgresql] of the `warehouse_url` fixture>) → {"warehouse_url": "postgresql"}
        fixture_params(<test_create_table_sql[postgresql] parametrized on `dialect`>) → {}
    """
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return {}
    direct: set[str] = set()
    for mark in item.iter_markers("parametrize"):
        names = mark.args[0] if mark.args else mark.kwargs["argnames"]
        if isinstance(names, str):
            names = names.split(",")
        direct.update(name.strip() for name in names)
    return {name: value for name, value in callspec.params.items() if name not in direct}


# -- before pytest's own `-m` selection (also tryfirst, but registered earlier, so it runs after this)
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow tests in one place, so `pytest -m "not slow"` is the quick loop (README, Contributing)."""
    for item in items:
        if is_slow(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _restore_cli_environment() -> Iterator[None]:
    before = {name: os.environ.get(name) for name in CLI_ENVIRONMENT}
    yield
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect backend for the session (~15 s to start); flows run for real against it."""
    # -- imported here, not at the top: Prefect's server modules take seconds to import, and the quick loop
    #    (`-m "not slow"`) starts no server
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(params=["duckdb", "postgresql"])
def nightly_warehouse_url(request, monkeypatch):
    """The nightly flow's warehouse through the environment: DuckDB in the workspace, or a PostgreSQL schema."""
    if request.param == "duckdb":
        monkeypatch.delenv("VANBAN_WAREHOUSE_URL", raising=False)
        return None
    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("VANBAN_WAREHOUSE_URL", url)
    return url
