from zoneinfo import ZoneInfo

import pytest

from vanban.flows.schedule import make_deployment
from vanban.settings import resolve_workspace


def test_make_deployment_schedules_the_flow_in_the_given_time_zone(tmp_path):
    ws = resolve_workspace(tmp_path, tmp_path / "hop-thu")
    deployment = make_deployment(ws, cron="0 2 * * *", timezone="Asia/Ho_Chi_Minh")
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 2 * * *"
    assert schedule.schedule.timezone == "Asia/Ho_Chi_Minh"
    assert deployment.parameters == {"home": str(tmp_path), "inbox": str(tmp_path / "hop-thu")}


def test_the_next_run_is_at_two_in_the_morning_hanoi_time(tmp_path):
    import asyncio
    from datetime import datetime

    from prefect.server.schemas.schedules import CronSchedule

    deployment = make_deployment(resolve_workspace(tmp_path), cron="0 2 * * *", timezone="Asia/Ho_Chi_Minh")
    planned = deployment.schedules[0].schedule
    # -- the server's schedule model is the one that computes run times from the deployment's schedule
    cron = CronSchedule(cron=planned.cron, timezone=planned.timezone)
    after = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("UTC"))
    (next_run,) = asyncio.run(cron.get_dates(n=1, start=after))
    local = next_run.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (local.hour, local.minute) == (2, 0)
    assert next_run.astimezone(ZoneInfo("UTC")).hour == 19


def test_make_deployment_rejects_a_bad_time_zone(tmp_path):
    with pytest.raises(ValueError):
        make_deployment(resolve_workspace(tmp_path), cron="0 2 * * *", timezone="Asia/Hanoi-ish")


def test_the_warehouse_steps_do_not_retry_what_no_wait_fixes():
    from types import SimpleNamespace

    from vanban.flows.nightly import worth_retrying
    from vanban.models.errors import WarehouseUnavailable

    def failed(error):
        return SimpleNamespace(data=error)

    assert not worth_retrying(None, None, failed(WarehouseUnavailable("no such database", retryable=False)))
    assert worth_retrying(None, None, failed(WarehouseUnavailable("connection refused")))
    assert worth_retrying(None, None, failed(OSError("disk")))
