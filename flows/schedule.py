"""The nightly deployment that `vanban serve` keeps running."""

from __future__ import annotations

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from vanban.flows.nightly import nightly
from vanban.settings import Workspace

DEPLOYMENT_NAME = "vanban-nightly"


def make_deployment(ws: Workspace, *, cron: str, timezone: str) -> RunnerDeployment:
    """A deployment of the nightly flow on a cron schedule in `timezone`.

    A bare cron string given to `serve` runs on UTC; the schedule object carries the time zone.
    """
    deployment = nightly.to_deployment(
        name=DEPLOYMENT_NAME,
        schedule=Cron(cron, timezone=timezone),
        parameters={"home": str(ws.home), "inbox": str(ws.inbox)},
        description=f"vanban: the inbox {ws.inbox} into {ws.describe_warehouse()}, on '{cron}' ({timezone})",
    )
    # -- Prefect's to_deployment answers a coroutine only when called from async code, never here
    assert isinstance(deployment, RunnerDeployment)
    return deployment


def serve_deployment(deployment: RunnerDeployment) -> None:
    """Run `deployment` on its schedule until interrupted (Prefect's runner, in this process)."""
    serve(deployment, print_starting_message=False)
