"""Prefect flows and the command line: wiring only. Nothing here parses text or writes SQL."""

import os

# -- vanban must never call out: this machine class has no internet, and offices expect silence.
# -- Set before Prefect is imported anywhere in the process.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_UI_ENABLED", "false")
# -- the temporary API server of a run without PREFECT_API_URL migrates a fresh database on first start:
#    on a busy small machine that takes longer than Prefect's default wait
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
