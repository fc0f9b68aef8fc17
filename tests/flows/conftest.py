import pytest
from prefect.testing.utilities import prefect_test_harness


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect backend for the session (~15 s to start); flows run for real against it."""
    with prefect_test_harness(server_startup_timeout=120):
        yield
