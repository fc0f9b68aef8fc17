"""`vanban`: the command line. Each command is a thin wrapper over a library function.

It speaks Vietnamese by default and English with `--lang en` or `LANG=en…` (vanban.i18n), help included.
Every error a user can fix is one line, `vanban: …`, never a traceback, with one exit code scheme:

    0 success · 1 an input could not be processed (a document, a run id) · 2 a mistyped command
    3 a setting or the environment is wrong (workspace, warehouse, Prefect server, a file not writable)
    130 interrupted (Ctrl+C)
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

try:  # -- Typer ≥ 0.2x carries its own copy of Click, whose exceptions its commands raise
    from typer import _click as click
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover
    import click  # type: ignore[no-redef]
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

from vanban.i18n import MESSAGES, click_text, current_language, language_of, normalise, use_language
from vanban.i18n import text as _
from vanban.models.errors import (
    DaskUnavailable,
    InvalidSetting,
    ReportNotWritten,
    RunInProgress,
    SchedulerUnavailable,
    VanbanError,
    WarehouseUnavailable,
)
from vanban.settings import DEFAULT_CRON, DEFAULT_TIMEZONE, HOME_ENV, WAREHOUSE_URL_ENV, Settings, Workspace

# -- the time shown at the end of a run counts from here: Prefect's start is part of what the user waited for
STARTED = time.monotonic()
# -- help texts are built when this module loads: the language is read from the command line and the locale now
STARTUP_LANGUAGE = language_of(sys.argv[1:], os.environ)
use_language(STARTUP_LANGUAGE)


class ExitCode(IntEnum):
    OK = 0
    INPUT = 1  # -- a document, a run id, a file given that cannot be processed
    USAGE = 2  # -- a mistyped command, option or value (Click's own code for these)
    SETUP = 3  # -- the workspace, a setting, the warehouse, the Prefect server, a folder not writable
    INTERRUPTED = 130


def _translate_click() -> None:
    # -- Click and Typer print their few words ("Usage:", "Options", "[default: …]") through gettext with no
    #    Vietnamese catalogue: route them through ours
    import importlib

    for name in ("core", "formatting", "exceptions", "parser", "decorators"):
        module = importlib.import_module(f"{click.__name__}.{name}")
        if hasattr(module, "_"):
            module._ = click_text  # type: ignore[attr-defined]
    import typer.core

    typer.core._ = click_text


class _VanbanWords:
    """Click's usage line and help option in the current language (Typer's copy of Click has them in English)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{_('click.Usage:')} ")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("click.Show this message and exit.")
        return option


class VanbanCommand(_VanbanWords, TyperCommand):
    pass


class VanbanGroup(_VanbanWords, TyperGroup):
    """Typer's group, with usage errors and Ctrl+C as one `vanban: …` line and the exit codes of `ExitCode`."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = lang_first(list(sys.argv[1:] if args is None else args))
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exceptions.NoArgsIsHelpError as error:
            error.show()
            result = ExitCode.OK
        except click_exceptions.UsageError as error:
            command = error.ctx.command_path if error.ctx else "vanban"
            result = _say_error(_("err.usage", detail=error.format_message(), command=command), ExitCode.USAGE)
        except click_exceptions.ClickException as error:
            result = _say_error(error.format_message(), error.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            result = _say_error(_("msg.interrupted"), ExitCode.INTERRUPTED)
        code = result if isinstance(result, int) else ExitCode.OK
        if standalone_mode:
            sys.exit(int(code))
        return code


def lang_first(args: list[str]) -> list[str]:
    """`--lang X` may follow the command (`vanban runs --lang en`): Click takes it only before, so move it there.

    Example:
        lang_first(["runs", "--lang", "en"]) → ["--lang", "en", "runs"]
    """
    for index, argument in enumerate(args):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(args):
            return [argument, args[index + 1], *args[:index], *args[index + 2 :]]
        if argument.startswith("--lang="):
            return [argument, *args[:index], *args[index + 1 :]]
    return args


def _say_error(message: str, code: int) -> int:
    typer.secho(f"vanban: {message}", fg=typer.colors.RED, err=True)
    return code


def _help(key: str, *examples: str) -> str:
    """A command's help: its text, then its examples kept as written (`\\b` stops Click rewrapping them)."""
    lines = "\n".join(f"    {example}" for example in examples)
    return f"{_(key)}\n\n{_('help.example')}\n\n\b\n{lines}"


if current_language() == "vi":
    _translate_click()

app = typer.Typer(
    name="vanban",
    cls=VanbanGroup,
    help=_("app.help"),
    epilog=_("app.epilog"),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # -- Click's plain help: flags read as flags (`-v, --verbose`), not `--verbose <bool>`
    rich_markup_mode=None,
)

HomeOption = Annotated[Path | None, typer.Option("--home", help=_("opt.home"))]
InboxOption = Annotated[Path | None, typer.Option("--inbox", help=_("opt.inbox"))]
WarehouseOption = Annotated[str | None, typer.Option("--warehouse", help=_("opt.warehouse"))]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vanban")
    except PackageNotFoundError:
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"vanban {_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    lang: Annotated[str | None, typer.Option("--lang", help=_("opt.lang"), metavar="vi|en")] = None,
    version: Annotated[
        bool, typer.Option("--version", help=_("opt.version"), callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    # -- each invocation picks its language (a test runner invokes the app many times in one process)
    use_language(STARTUP_LANGUAGE if lang is None else normalise(lang))
    if lang is not None and lang.strip().lower()[:2] not in ("vi", "en"):
        raise _fail("err.unknown_language", ExitCode.USAGE, value=lang)


def _fail(key: str, code: ExitCode = ExitCode.INPUT, **values: object) -> typer.Exit:
    """The one-line message `key` of vanban.i18n on standard error; raise what this returns.

    A text that is not a key is printed as given (a message not yet in the catalogue still reads right).
    """
    _say_error(_(key, **values) if key in MESSAGES else key, code)
    return typer.Exit(code=int(code))


# -- a vanban error's line and exit code, by its kind; anything else is a problem with the input
_ERROR_KINDS: tuple[tuple[type[VanbanError], str, ExitCode], ...] = (
    (WarehouseUnavailable, "err.warehouse", ExitCode.SETUP),
    (InvalidSetting, "err.setting", ExitCode.SETUP),
    (SchedulerUnavailable, "err.scheduler", ExitCode.SETUP),
    (DaskUnavailable, "err.setting", ExitCode.SETUP),
    (RunInProgress, "err.run_in_progress", ExitCode.SETUP),
    (ReportNotWritten, "err.report", ExitCode.SETUP),
)


def _fail_with(error: VanbanError) -> typer.Exit:
    for kind, key, code in _ERROR_KINDS:
        if isinstance(error, kind):
            return _fail(key, code, detail=str(error))
    return _fail("err.other", ExitCode.INPUT, detail=str(error))


def _settings(
    home: Path | None, inbox: Path | None = None, warehouse: str | None = None, *, create: bool = False
) -> Settings:
    """The command's Settings: its options over the environment (read once, here), or exit with one line.

    Only `run` and `serve` (`create=True`) may start a new workspace: for the others a home folder that is
    not there is a typo (`VANBAN_HOME=/srv/vanbam`), said at once rather than answered with an empty warehouse.
    """
    try:
        settings = Settings.from_environment(home=home, inbox=inbox, warehouse_url=warehouse)
    except VanbanError as error:
        raise _fail_with(error) from error
    ws = settings.workspace
    named = home is not None or bool(os.environ.get(HOME_ENV))
    if not create and not ws.home.is_dir() and (named or not ws.uses_postgres()):
        raise _fail("err.no_workspace", ExitCode.SETUP, home=ws.home)
    return settings


def _use_prefect_home(ws: Workspace) -> None:
    # -- Prefect's own setting, which it reads from the environment when it loads: its database goes under
    #    the workspace, and the folder must exist before Prefect loads
    prefect_home = Path(os.environ.setdefault("PREFECT_HOME", str(ws.home / ".prefect")))
    prefect_home.mkdir(parents=True, exist_ok=True)


def _open_warehouse(ws: Workspace):
    from vanban.warehouse import open_warehouse

    return open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path, memory_limit=ws.duckdb_memory)


def _check_warehouse(ws: Workspace) -> None:
    """Open and close the warehouse once before Prefect starts: an unreachable one is one line, not a retried flow."""
    try:
        with _open_warehouse(ws):
            pass
    except VanbanError as error:
        raise _fail_with(error) from error


def _is_served(ws: Workspace) -> bool:
    """True when the warehouse is a URL other than a DuckDB file (PostgreSQL, or one vanban will refuse)."""
    url = ws.warehouse_url or ""
    return "://" in url and not url.startswith("duckdb://")


def _seconds(seconds: float) -> str:
    # -- Vietnamese writes a decimal comma
    shown = f"{seconds:.1f}"
    return shown.replace(".", ",") if current_language() == "vi" else shown


@app.command(
    "run",
    cls=VanbanCommand,
    help=_help("run.help", "vanban run --home vanban-home --summary-json run.json", "vanban --lang en run"),
)
def run_cmd(
    home: HomeOption = None,
    inbox: InboxOption = None,
    warehouse: WarehouseOption = None,
    batch_size: Annotated[int | None, typer.Option(help=_("run.batch_size"))] = None,
    settle_seconds: Annotated[float, typer.Option(help=_("run.settle"))] = 5.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=_("run.verbose"))] = False,
    summary_json: Annotated[Path | None, typer.Option("--summary-json", help=_("run.summary_json"))] = None,
) -> None:
    settings = _settings(home, inbox, warehouse, create=True)
    ws = settings.workspace
    if _is_served(ws):
        # -- before Prefect loads: an unreachable server or a foreign URL is one line within seconds
        _check_warehouse(ws)
    _use_prefect_home(ws)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    from vanban.flows.nightly import holding_inbox, nightly
    from vanban.run.progress import use_progress
    from vanban.settings import handing_to_flows

    use_progress(_terminal_progress() if sys.stderr.isatty() else None)
    try:
        # -- taken here too, so a refused run says so in one line before Prefect starts a flow run
        with holding_inbox(ws), handing_to_flows(settings):
            # -- a DuckDB file once the inbox is ours: another run holding it is said by the inbox's lock first
            _check_warehouse(ws)
            sizing = {"batch_size": batch_size} if batch_size else {}
            summary = nightly(home=str(ws.home), inbox=str(ws.inbox), settle_seconds=settle_seconds, **sizing)
    except VanbanError as error:  # -- RunInProgress among them
        raise _fail_with(error) from error
    finally:
        use_progress(None)
    typer.echo(
        _(
            "msg.run_done",
            run_id=summary["run_id"],
            files=summary["files_seen"],
            loaded=summary["loaded"],
            duplicates=summary["duplicates"],
            quarantined=summary["quarantined"],
            waiting=summary["waiting"],
            facts=sum(summary["facts"].values()),
            warehouse=summary["warehouse"],
            seconds=_seconds(time.monotonic() - STARTED),
        )
    )
    typer.echo(_("msg.report", path=summary["report_path"]))
    if summary_json is not None:
        try:
            summary_json.write_text(
                json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
            )
        except OSError as error:
            raise _fail(
                "err.cannot_write", ExitCode.SETUP, path=summary_json, reason=error.strerror or error
            ) from error


def _terminal_progress():
    from rich.progress import Progress, TaskID

    class TerminalProgress:
        def __init__(self) -> None:
            self._bar = Progress(transient=False)
            self._tasks: dict[str, TaskID] = {}
            self._bar.start()

        def start(self, stage: str, total: int) -> None:
            self._tasks[stage] = self._bar.add_task(stage, total=total)

        def advance(self, stage: str, amount: int = 1) -> None:
            if stage in self._tasks:
                self._bar.advance(self._tasks[stage], amount)

        def finish(self) -> None:
            self._bar.stop()

    return TerminalProgress()


@app.command(
    "serve",
    cls=VanbanCommand,
    help=_help(
        "serve.help",
        'vanban serve --cron "30 1 * * *"',
        "PREFECT_API_URL=http://127.0.0.1:4200/api vanban serve",
    ),
)
def serve_cmd(
    home: HomeOption = None,
    inbox: InboxOption = None,
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help=_("serve.cron"))] = DEFAULT_CRON,
    timezone: Annotated[str, typer.Option(help=_("serve.timezone"))] = DEFAULT_TIMEZONE,
) -> None:
    ws = _settings(home, inbox, warehouse, create=True).workspace
    ws.create_dirs()
    _check_warehouse(ws)
    _use_prefect_home(ws)
    if warehouse:
        # -- each scheduled run is a child process Prefect's runner starts with this process's environment,
        #    and its only other channel, the deployment's parameters and job variables, is stored by Prefect
        #    (a URL may carry a password): the one VANBAN_ variable the CLI writes, for those children
        os.environ[WAREHOUSE_URL_ENV] = warehouse
    from vanban.flows.prefect_server import configured_server, local_prefect_server
    from vanban.flows.schedule import make_deployment, serve_deployment

    try:
        deployment = make_deployment(ws, cron=cron, timezone=timezone)
    except ValueError as error:
        raise _fail("err.bad_schedule", ExitCode.USAGE, cron=cron, timezone=timezone, reason=error) from error
    # -- until Prefect's runner takes SIGTERM over, a `kill` goes through the `finally` that stops the server
    signal.signal(signal.SIGTERM, _exit_on_signal)
    api_url = os.environ.get("PREFECT_API_URL")
    try:
        if api_url:
            server = configured_server(api_url)
            typer.echo(_("msg.serve_ready", inbox=ws.inbox, cron=cron, timezone=timezone, ui=server.ui_url))
            serve_deployment(deployment, api_url=server.api_url)
        else:
            typer.echo(_("msg.serve_starting"))
            with local_prefect_server(Path(os.environ["PREFECT_HOME"])) as server:
                typer.echo(_("msg.serve_ready", inbox=ws.inbox, cron=cron, timezone=timezone, ui=server.ui_url))
                serve_deployment(deployment, api_url=server.api_url)
    except VanbanError as error:
        raise _fail_with(error) from error
    typer.echo(_("msg.serve_stopped"))


def _exit_on_signal(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)


def _read(path: Path):
    """The document at `path`; a vanban error or an OSError for what cannot be read (the caller says it)."""
    from vanban.extractors.read import read_document

    if path.is_dir():
        raise IsADirectoryError(path)
    return read_document(path)


def _read_or_fail(path: Path):
    try:
        return _read(path)
    except (VanbanError, OSError) as error:
        raise _fail("err.cannot_read", ExitCode.INPUT, path=path, reason=_reason(path, error)) from error


def _reason(path: Path, error: BaseException) -> str:
    if isinstance(error, IsADirectoryError):
        return _("err.is_folder", path=path)
    if isinstance(error, OSError):
        return str(error.strerror or error)
    return str(error)


@app.command(
    "extract",
    cls=VanbanCommand,
    help=_help(
        "extract.help",
        "vanban extract samples/quyet-dinh-152-hu.docx --format table",
        "vanban extract hop-thu/*.doc hop-thu/*.pdf > du-kien.jsonl",
    ),
)
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help=_("extract.files"))],
    format: Annotated[str, typer.Option("--format", "-f", help=_("extract.format"))] = "jsonl",
) -> None:
    if format not in ("jsonl", "table"):
        raise _fail("err.unknown_format", ExitCode.USAGE, value=format, choices="jsonl, table")
    from vanban.extractors.facts.pipeline import extract_document

    failed = 0
    for path in files:
        try:
            document = _read(path)
        except (VanbanError, OSError) as error:
            # -- one bad file among many: say it and go on; the exit code tells a script at the end
            _say_error(_("err.cannot_read", path=path, reason=_reason(path, error)), ExitCode.INPUT)
            failed += 1
            continue
        facts = extract_document(document)
        if format == "jsonl":
            for fact in facts:
                typer.echo(json.dumps({"doc": str(path), **fact.to_dict()}, ensure_ascii=False))
        else:
            _print_fact_table(str(path), facts)
    if failed:
        raise _fail("msg.extract_failed_files", ExitCode.INPUT, failed=failed, total=len(files))


def _print_fact_table(name: str, facts) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=name, show_lines=False)
    for column in ("kind", "text", "value", "detail", "conf"):
        table.add_column(column)
    for fact in facts:
        data = fact.to_dict()
        detail = ", ".join(
            f"{k}={data[k]}"
            for k in ("unit", "qualifier", "normalized", "doc_type", "number", "symbol", "date")
            if data.get(k)
        )
        value = data.get("value")
        table.add_row(
            fact.kind,
            fact.text.replace("\n", " "),
            "" if value is None else str(value),
            detail,
            f"{fact.confidence:.2f}",
        )
    Console().print(table)


@app.command("read", cls=VanbanCommand, help=_help("read.help", "vanban read samples/chi-thi-05-tu.pdf --format json"))
def read_cmd(
    file: Annotated[Path, typer.Argument(help=_("read.file"))],
    format: Annotated[str, typer.Option("--format", "-f", help=_("read.format"))] = "text",
) -> None:
    if format not in ("text", "json"):
        raise _fail("err.unknown_format", ExitCode.USAGE, value=format, choices="text, json")
    document = _read_or_fail(file)
    if format == "text":
        typer.echo(document.text)
    else:
        typer.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))


@app.command("report", cls=VanbanCommand, help=_help("report.help", "vanban report --home vanban-home"))
def report_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    run_id: Annotated[str | None, typer.Option("--run", help=_("report.run"))] = None,
) -> None:
    from datetime import datetime

    from vanban.report.render import render_report, write_report

    settings = _settings(home, None, warehouse)
    ws = settings.workspace
    try:
        with _open_warehouse(ws) as store:
            store.ensure_schema()
            if run_id is not None and not store.has_run(run_id):
                raise _fail("err.unknown_run", ExitCode.INPUT, run_id=run_id)
            data = store.report_data(run_id, max_facts=settings.report_max_facts)
            html = render_report(data, generated_at=datetime.now().astimezone())
        path = write_report(html, ws.reports, run_id or "all")
    except VanbanError as error:
        raise _fail_with(error) from error
    except OSError as error:
        raise _fail(
            "err.cannot_write", ExitCode.SETUP, path=error.filename or ws.reports, reason=error.strerror or error
        ) from error
    typer.echo(str(path))


@app.command("runs", cls=VanbanCommand, help=_help("runs.help", "vanban runs", "vanban runs --format json --limit 5"))
def runs_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_("runs.format"))] = "table",
    limit: Annotated[int, typer.Option("--limit", "-n", help=_("runs.limit"), min=1)] = 30,
) -> None:
    if format not in ("table", "json"):
        raise _fail("err.unknown_format", ExitCode.USAGE, value=format, choices="table, json")
    ws = _settings(home, None, warehouse).workspace
    try:
        with _open_warehouse(ws) as store:
            store.ensure_schema()
            runs = store.run_table(limit)
    except VanbanError as error:
        raise _fail_with(error) from error
    if format == "json":
        for run in runs:
            typer.echo(json.dumps(run, ensure_ascii=False, default=str))
        return
    if not runs:
        typer.echo(_("msg.no_runs"))
        return
    typer.echo(_run_table(runs))


RUN_COLUMNS = ("id", "started", "finished", "status", "documents", "facts", "quarantined")


def _run_table(runs: list[dict[str, Any]]) -> str:
    """Runs as aligned columns, times in the run's time zone, counts right-aligned."""
    from vanban.report.labels import RUN_STATUS_LABELS

    def when(value: Any) -> str:
        return _local_time(value) or "—"

    def status(value: Any) -> str:
        if current_language() == "vi":
            return RUN_STATUS_LABELS.get(str(value), str(value or "—"))
        return str(value or "—")

    rows = [
        [
            str(run["id"]),
            when(run["started_at"]),
            when(run["finished_at"]),
            status(run["status"]),
            str(run["documents"] if run["documents"] is not None else "—"),
            str(run["facts"]),
            str(run["quarantined"] if run["quarantined"] is not None else "—"),
        ]
        for run in runs
    ]
    header = [_(f"runs.col.{column}") for column in RUN_COLUMNS]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    numeric = {4, 5, 6}
    return "\n".join(
        "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(line)
        ).rstrip()
        for line in [header, *rows]
    )


def _local_time(value: Any) -> str | None:
    """A stored time in Hanoi time, to the second: `2026-12-06 02:00:05`."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(ZoneInfo(DEFAULT_TIMEZONE)).strftime("%Y-%m-%d %H:%M:%S")


@app.command(
    "facts",
    cls=VanbanCommand,
    help=_help(
        "facts.help",
        "vanban facts --format xlsx --output du-kien.xlsx --status accepted,corrected",
        "vanban facts --format csv --output du-kien.csv",
    ),
)
def facts_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help=_("facts.format"))] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_("facts.output"))] = None,
    status: Annotated[str | None, typer.Option(help=_("facts.status"))] = None,
) -> None:
    from vanban.models.schema import REVIEW_STATUSES

    if format not in ("jsonl", "csv", "xlsx"):
        raise _fail("err.unknown_format", ExitCode.USAGE, value=format, choices="jsonl, csv, xlsx")
    if format == "xlsx" and output is None:
        raise _fail("err.xlsx_needs_output", ExitCode.USAGE)
    statuses = [part.strip() for part in (status or "").split(",") if part.strip()]
    unknown = sorted(set(statuses) - set(REVIEW_STATUSES))
    if unknown:
        raise _fail("err.unknown_status", ExitCode.USAGE, value=", ".join(unknown), choices=", ".join(REVIEW_STATUSES))
    ws = _settings(home, None, warehouse).workspace
    with _exporting(output), _open_warehouse(ws) as store:
        store.ensure_schema()
        if len(statuses) > 1:
            rows = store.list_facts(status=statuses, limit=None)
        else:
            rows = store.iter_facts(status=statuses[0] if statuses else None)
        if format != "jsonl":
            rows = _with_document_symbols(rows, store)
        written = _write_facts(rows, format, output)
    if output:
        typer.echo(_("msg.facts_written", count=written, path=output), err=True)


@contextlib.contextmanager
def _exporting(output: Path | None) -> Iterator[None]:
    """An export's failures as the CLI's one-line errors: the warehouse's, and a file it cannot write."""
    try:
        yield
    except VanbanError as error:
        raise _fail_with(error) from error
    except OSError as error:
        raise _fail(
            "err.cannot_write", ExitCode.SETUP, path=output or "stdout", reason=error.strerror or error
        ) from error


def _with_document_symbols(rows, store):
    """Each fact with its document's own sign (`doc_symbol`), for the people's columns of the export."""
    symbols = {document["sha256"]: document.get("symbol") for document in store.list_documents()}
    for row in rows:
        yield row if row.get("doc_symbol") else {**row, "doc_symbol": symbols.get(row.get("doc_sha256"))}


def _write_facts(rows, format: str, output: Path | None) -> int:
    from vanban.report.export import write_csv, write_xlsx

    if format == "xlsx":
        assert output is not None  # -- facts_cmd refuses xlsx without --output
        return write_xlsx(rows, output)
    # -- a file is for people (Excel: a BOM and Vietnamese headers); a pipe is for programs (the contract's names)
    stream = (
        output.open("w", encoding="utf-8-sig" if format == "csv" else "utf-8", newline="") if output else sys.stdout
    )
    try:
        if format == "csv":
            return write_csv(rows, stream, for_people=output is not None)
        written = 0
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            written += 1
        return written
    finally:
        if output:
            stream.close()


@app.command(
    "tasks",
    cls=VanbanCommand,
    help=_help(
        "tasks.help",
        'vanban tasks --due-within 14d --lead "Ban Tổ chức Huyện ủy"',
        "vanban tasks --overdue --format xlsx --output nhac-viec.xlsx",
    ),
)
def tasks_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    due_within: Annotated[str | None, typer.Option("--due-within", help=_("tasks.due_within"))] = None,
    lead: Annotated[str | None, typer.Option("--lead", help=_("tasks.lead"))] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help=_("tasks.overdue"))] = False,
    every: Annotated[bool, typer.Option("--all", help=_("tasks.all"))] = False,
    format: Annotated[str, typer.Option("--format", "-f", help=_("tasks.format"))] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_("facts.output"))] = None,
    today: Annotated[str | None, typer.Option("--today", help=_("tasks.today"), metavar="YYYY-MM-DD")] = None,
) -> None:
    from datetime import date

    from vanban.warehouse.tasks import today_in_vietnam

    if format not in ("table", "csv", "xlsx"):
        raise _fail("err.unknown_format", ExitCode.USAGE, value=format, choices="table, csv, xlsx")
    if format == "xlsx" and output is None:
        raise _fail("err.xlsx_needs_output", ExitCode.USAGE)
    days = _days(due_within) if due_within is not None else None
    try:
        day = date.fromisoformat(today) if today is not None else today_in_vietnam()
    except ValueError:
        raise _fail("err.bad_day", ExitCode.USAGE, value=today) from None
    ws = _settings(home, None, warehouse).workspace
    with _exporting(output):
        with _open_warehouse(ws) as store:
            store.ensure_schema()
            tasks = store.list_tasks(today=day, due_within=days, overdue=overdue, lead=lead, include_done=every)
        written = _write_tasks(tasks, format, output)
    if output:
        typer.echo(_("msg.tasks_written", count=written, path=output), err=True)


def _days(value: str) -> int:
    """`14d`, `14` or `2w` → 14: the window of `vanban tasks --due-within`."""
    import re

    match = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", value.lower())
    if match is None:
        raise _fail("err.bad_days", ExitCode.USAGE, value=value)
    return int(match[1]) * (7 if match[2] == "w" else 1)


def _write_tasks(tasks, format: str, output: Path | None) -> int:
    from vanban.report.export import write_rows_csv, write_sheet
    from vanban.report.follow_up import (
        EXPORT_HEADERS,
        SHEET_HEADERS,
        SHEET_WIDTHS,
        export_row,
        sheet_row,
        table_lines,
    )

    if format == "xlsx":
        assert output is not None  # -- tasks_cmd refuses xlsx without --output
        rows = (sheet_row(task) for task in tasks)
        return write_sheet(rows, SHEET_HEADERS, output, title="Nhiệm vụ", widths=SHEET_WIDTHS)
    if format == "csv":
        # -- as `vanban facts`: a file is for people (BOM, Vietnamese headers), a pipe for programs
        if output is None:
            return write_rows_csv((export_row(task) for task in tasks), EXPORT_HEADERS, sys.stdout)
        with output.open("w", encoding="utf-8-sig", newline="") as stream:
            return write_rows_csv((sheet_row(task) for task in tasks), SHEET_HEADERS, stream)
    if not tasks:
        text = _("msg.no_tasks")
    else:
        headers = [_(f"tasks.col.{column}") for column in ("due", "days", "lead", "action", "source")]
        text = "\n".join(table_lines(tasks, headers))
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
    return len(tasks)


@app.command(
    "review",
    cls=VanbanCommand,
    help=_help(
        "review.help",
        "vanban review                                                    # http://127.0.0.1:8765/",
        "vanban review --host 0.0.0.0 --certfile c.pem --keyfile k.pem   # https, the office network",
    ),
)
def review_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    host: Annotated[str, typer.Option(help=_("review.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=_("review.port"))] = 8765,
    certfile: Annotated[Path | None, typer.Option(help=_("review.certfile"))] = None,
    keyfile: Annotated[Path | None, typer.Option(help=_("review.keyfile"))] = None,
    public_url: Annotated[str | None, typer.Option(help=_("review.public_url"))] = None,
    allow_host: Annotated[list[str] | None, typer.Option(help=_("review.allow_host"))] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", "-r", hidden=True)] = None,
) -> None:
    from vanban.review.app import first_admin_token, hosts_for, serve_review

    if reviewer is not None:
        # -- the option of the one-reviewer page: say what replaced it rather than "no such option"
        raise _fail("err.review_reviewer_gone", ExitCode.USAGE)
    if (certfile is None) != (keyfile is None):
        raise _fail("err.review_cert_pair", ExitCode.USAGE)
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise _fail("err.review_no_file", ExitCode.INPUT, path=path)
    ws = _settings(home, None, warehouse).workspace
    try:
        setup_token = first_admin_token(ws)
    except VanbanError as error:
        raise _fail_with(error) from error
    allowed = hosts_for(host, public_url=public_url, extra=tuple(allow_host or ()))
    scheme = "https" if certfile else "http"
    # -- on the network, the addresses others type first; this machine's own names last
    shown = (
        sorted(allowed - {"::1", "127.0.0.1", "localhost"}) + ["127.0.0.1"] if host in ("0.0.0.0", "::", "") else [host]
    )
    base = public_url.rstrip("/") if public_url else f"{scheme}://{shown[0]}:{port}"
    typer.echo(_("msg.review_listening", base=base, warehouse=ws.describe_warehouse()))
    if host in ("0.0.0.0", "::", "") and not public_url:
        typer.echo(_("msg.review_also", addresses=", ".join(f"{scheme}://{name}:{port}/" for name in shown[1:])))
    if setup_token:
        typer.echo(_("msg.review_first_admin", link=f"{base}/setup?token={setup_token}"))
    serve_review(
        ws,
        host=host,
        port=port,
        allowed_hosts=allowed,
        setup_token=setup_token,
        certfile=certfile,
        keyfile=keyfile,
    )


@app.command(
    "evaluate",
    cls=VanbanCommand,
    help=_help("evaluate.help", "vanban evaluate --gold samples --show-errors", "vanban evaluate --headers scans/"),
)
def evaluate_cmd(
    gold: Annotated[Path | None, typer.Option("--gold", help=_("evaluate.gold"))] = None,
    headers: Annotated[Path | None, typer.Option("--headers", help=_("evaluate.headers"))] = None,
    show_errors: Annotated[bool, typer.Option("--show-errors", help=_("evaluate.show_errors"))] = False,
    format: Annotated[str, typer.Option("--format", "-f", help=_("evaluate.format"))] = "table",
) -> None:
    from vanban.extractors.evaluation.evaluate import evaluate_folder
    from vanban.extractors.evaluation.scoring import total_scores

    if (gold is None) == (headers is None):
        raise _fail("err.gold_or_headers", ExitCode.USAGE)
    if headers is not None:
        _evaluate_headers(headers, show_errors, format)
        return
    assert gold is not None
    try:
        documents = evaluate_folder(gold)
    except VanbanError as error:
        raise _fail_with(error) from error
    totals = total_scores(documents)
    if format == "json":
        typer.echo(json.dumps(_scores_json(documents, totals), ensure_ascii=False, indent=2))
        return
    typer.echo(_("msg.evaluated", count=len(documents), folder=gold))
    typer.echo(f"{'kind':<9}{'gold':>6}{'found':>7}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for kind, score in totals.items():
        expected = score.true_positives + score.false_negatives
        found = score.true_positives + score.false_positives
        typer.echo(
            f"{kind:<9}{expected:>6}{found:>7}{score.true_positives:>7}{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
        )
    typer.echo(_("msg.evaluate_note"))
    if show_errors:
        for document in documents:
            for label, facts in (("MISS", document.misses), ("FALSE", document.false_hits)):
                for fact in facts:
                    typer.echo(f"{label:<6}{document.name:<28}{_describe(fact)}")


def _evaluate_headers(path: Path, show_errors: bool, format: str) -> None:
    from vanban.extractors.evaluation.headers import labelled_headers, score_headers

    try:
        items = labelled_headers(path)
    except VanbanError as error:
        raise _fail_with(error) from error
    scores = score_headers(items)
    if format == "json":
        result = {
            name: {"right": s.right, "total": s.total, "accuracy": round(s.accuracy, 4), "stamp_text": s.stamp_text}
            for name, s in scores.items()
        }
        misses = {name: [list(miss) for miss in s.misses] for name, s in scores.items()}
        typer.echo(json.dumps({"fields": result, "misses": misses}, ensure_ascii=False, indent=2))
        return
    typer.echo(_("msg.evaluated", count=len(items), folder=path))
    typer.echo(f"{'field':<15}{'right':>7}{'of':>5}{'accuracy':>10}{'stamp':>7}")
    for name, score in scores.items():
        typer.echo(f"{name:<15}{score.right:>7}{score.total:>5}{score.accuracy:>10.3f}{score.stamp_text:>7}")
    if show_errors:
        for name, score in scores.items():
            for document, expected, found in score.misses:
                typer.echo(f"{name:<14}{document:<36} want {expected!r}\n{'':<50}got  {found!r}")


def _describe(fact: dict) -> str:
    keys = ("value", "unit", "qualifier", "doc_type", "number", "symbol", "date", "lead", "deadline", "name")
    detail = " ".join(f"{k}={fact[k]!r}" for k in keys if fact.get(k) is not None)
    return f"{fact.get('kind', '?'):<8}{fact.get('text', '')!r:<45} {detail}".replace("\\n", " ")


def _scores_json(documents, totals) -> dict:
    def as_dict(score):
        return {
            "tp": score.true_positives,
            "fp": score.false_positives,
            "fn": score.false_negatives,
            "precision": round(score.precision, 4),
            "recall": round(score.recall, 4),
            "f1": round(score.f1, 4),
        }

    return {
        "totals": {kind: as_dict(score) for kind, score in totals.items()},
        "documents": {d.name: {kind: as_dict(s) for kind, s in d.scores.items()} for d in documents},
        "misses": [m for d in documents for m in d.misses],
        "false_hits": [f for d in documents for f in d.false_hits],
    }


if __name__ == "__main__":
    app()
