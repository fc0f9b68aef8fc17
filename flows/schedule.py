"""The nightly deployment that `vanban serve` keeps running."""

from __future__ import annotations

import os

from prefect import serve
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings

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


def serve_deployment(deployment: RunnerDeployment, *, api_url: str) -> None:
    """Run `deployment` on its schedule against the Prefect server at `api_url` until interrupted or SIGTERM.

    Prefect read its settings when it was imported: the server's address is given here, and put in the
    environment too for the flow-run processes the runner starts.
    """
    os.environ["PREFECT_API_URL"] = api_url
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        serve(deployment, print_starting_message=False)
