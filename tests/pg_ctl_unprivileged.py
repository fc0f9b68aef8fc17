#!/usr/bin/env python3
"""pg_ctl for tests run as root: hands the data directory and log file to `nobody`, then runs pg_ctl as it.

PostgreSQL refuses to run as root (`initdb: cannot be run as root`) and pytest-postgresql calls
pg_ctl directly, so `tests/postgres_fixtures.py` gives this script as the `executable` when the
tests run as root. The real pg_ctl is named by `VANBAN_PG_CTL`. Standard library only: it may run
under any python3.
"""

from __future__ import annotations

import os
import pwd
import stat
import sys
from pathlib import Path

PG_CTL_ENV = "VANBAN_PG_CTL"
USER_ENV = "VANBAN_PG_USER"
DEFAULT_USER = "nobody"


def _let_user_traverse(path: Path) -> None:
    # -- pytest's temp root is 0700 root: the server user needs to pass through it (not list it)
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


def _argument(argv: list[str], *flags: str) -> Path | None:
    for flag, value in zip(argv, argv[1:]):
        if flag in flags:
            return Path(value)
    return None


def _hand_over(argv: list[str], user: pwd.struct_passwd) -> None:
    command = next((arg for arg in argv if not arg.startswith("-")), "")
    datadir = _argument(argv, "-D", "--pgdata")
    if command == "initdb" and datadir is not None:
        datadir.mkdir(parents=True, exist_ok=True)
        os.chown(datadir, user.pw_uid, user.pw_gid)
        _let_user_traverse(datadir)
    logfile = _argument(argv, "-l", "--log")
    if command == "start" and logfile is not None:
        logfile.parent.mkdir(parents=True, exist_ok=True)
        logfile.touch()
        os.chown(logfile, user.pw_uid, user.pw_gid)
        _let_user_traverse(logfile)


def main(argv: list[str]) -> None:
    pg_ctl = os.environ[PG_CTL_ENV]
    if os.geteuid() == 0:
        user = pwd.getpwnam(os.environ.get(USER_ENV, DEFAULT_USER))
        _hand_over(argv, user)
        os.chdir("/")
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    os.execv(pg_ctl, [pg_ctl, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
