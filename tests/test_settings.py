"""vanban/settings.py: the one reader of the environment, and where a run's things live."""

from __future__ import annotations

import pytest

from vanban.extractors.readers.limits import DEFAULT_LIMITS, MIB
from vanban.models.errors import InvalidSetting, VanbanError
from vanban.settings import (
    DEFAULT_DUCKDB_MEMORY,
    DEFAULT_REPORT_MAX_FACTS,
    DEFAULT_RETRY_DELAYS,
    Settings,
    Workspace,
    flow_settings,
    handing_to_flows,
    read_limits,
)


def test_the_run_lock_lives_in_the_home_named_after_the_inbox(tmp_path):
    inbox = tmp_path / "hop thư" / "đến"
    inbox.mkdir(parents=True)
    (tmp_path / "link").symlink_to(inbox)
    home = tmp_path / "home"
    lock = Workspace(home, inbox, None).run_lock_path
    assert lock.parent == home / "locks" and lock.suffix == ".lock"
    assert lock.name.startswith("đến-")
    # -- one inbox, whatever path names it: one lock; another inbox: another lock
    assert Workspace(home, tmp_path / "link", None).run_lock_path == lock
    assert Workspace(home, tmp_path / "hop thư" / ".." / "hop thư" / "đến", None).run_lock_path == lock
    assert Workspace(home, tmp_path / "khac", None).run_lock_path != lock
    assert Workspace(home, tmp_path / "khac", None).run_lock_path.name.startswith("khac-")


def test_the_default_read_limits_are_those_of_an_empty_environment():
    assert DEFAULT_LIMITS == read_limits({})


def test_limits_come_from_the_environment_then_overrides():
    limits = read_limits(
        {
            "VANBAN_MAX_FILE_MB": "2",
            "VANBAN_MAX_PAGES": "20",
            "VANBAN_MAX_INFLATED_MB": "8",
            "VANBAN_MAX_SECONDS": "30",
        },
        max_seconds=5,
    )
    assert (limits.max_file_bytes, limits.max_pages, limits.max_inflated_bytes, limits.max_seconds) == (
        2 * MIB,
        20,
        8 * MIB,
        5,
    )


@pytest.mark.parametrize("value", ["lots", "0", "-3"], ids=["word", "zero", "negative"])
def test_a_limit_that_is_not_a_positive_number_is_refused_by_name(value):
    with pytest.raises(VanbanError, match="VANBAN_MAX_PAGES|max_pages"):
        read_limits({"VANBAN_MAX_PAGES": value})


def test_the_per_page_allowance_comes_from_the_environment():
    assert read_limits({"VANBAN_MAX_SECONDS_PER_PAGE": "7"}).seconds_per_pdf_page == 7


def test_options_win_over_the_environment_which_wins_over_the_defaults(tmp_path):
    environ = {
        "VANBAN_HOME": str(tmp_path / "home"),
        "VANBAN_WAREHOUSE_URL": "postgresql://u:secret@db/vanban",
        "VANBAN_DUCKDB_MEMORY": "1GB",
        "VANBAN_WORKERS": "3",
        "VANBAN_DASK_ADDRESS": " tcp://a:8786 ",
        "VANBAN_RETRY_DELAYS": "1,5",
        "VANBAN_REPORT_MAX_FACTS": "500",
        "VANBAN_MAX_PAGES": "20",
    }
    settings = Settings.from_environment(environ)
    ws = settings.workspace
    assert (ws.home, ws.inbox, ws.warehouse_url, ws.duckdb_memory) == (
        tmp_path / "home",
        tmp_path / "home" / "inbox",
        "postgresql://u:secret@db/vanban",
        "1GB",
    )
    assert (settings.workers, settings.dask_address, settings.retry_delays, settings.report_max_facts) == (
        3,
        "tcp://a:8786",
        (1.0, 5.0),
        500,
    )
    assert settings.read_limits.max_pages == 20
    chosen = Settings.from_environment(
        environ, home=tmp_path / "other", inbox=tmp_path / "in", warehouse_url="w.duckdb"
    )
    assert (chosen.workspace.home, chosen.workspace.inbox, chosen.workspace.warehouse_url) == (
        tmp_path / "other",
        tmp_path / "in",
        "w.duckdb",
    )
    defaults = Settings.from_environment({}, home=tmp_path)
    assert defaults.workspace.warehouse_url is None and defaults.workspace.duckdb_memory == DEFAULT_DUCKDB_MEMORY
    assert defaults.dask_address is None and defaults.retry_delays == DEFAULT_RETRY_DELAYS
    assert defaults.report_max_facts == DEFAULT_REPORT_MAX_FACTS and defaults.read_limits == DEFAULT_LIMITS


def test_a_bad_variable_is_refused_by_name_as_the_settings_are_built():
    for name, value in [("VANBAN_WORKERS", "many"), ("VANBAN_REPORT_MAX_FACTS", "0"), ("VANBAN_MAX_SECONDS", "soon")]:
        with pytest.raises(InvalidSetting, match=name):
            Settings.from_environment({name: value})


def test_a_flow_run_takes_the_settings_handed_to_it_else_reads_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_WAREHOUSE_URL", "from-the-environment.duckdb")
    handed = Settings.from_environment({}, home=tmp_path, warehouse_url="given.duckdb")
    with handing_to_flows(handed):
        assert flow_settings(str(tmp_path), None) is handed
    assert flow_settings(str(tmp_path), None).workspace.warehouse_url == "from-the-environment.duckdb"
