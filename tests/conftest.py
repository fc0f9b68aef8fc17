import os
from collections.abc import Iterator

import pytest
from prefect.testing.utilities import prefect_test_harness

pytest_plugins = ["tests.postgres_fixtures"]

# -- what the CLI may write in its own environment: Prefect's settings (PREFECT_HOME …), and for
#    `vanban serve` the warehouse URL its runner's child processes read; in-process CLI tests would
#    otherwise leave one test's values to the next
CLI_ENVIRONMENT = ("VANBAN_WAREHOUSE_URL", "VANBAN_HOME", "PREFECT_HOME", "PREFECT_LOGGING_LEVEL")


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
    with prefect_test_harness(server_startup_timeout=120):
        yield
