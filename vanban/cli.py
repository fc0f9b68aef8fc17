"""`vanban`: the command line. Each command is a thin wrapper over a library function.

Errors a user can fix (a missing file, an unreadable document, an unreachable warehouse) end with
exit status 1 and one line saying what and why, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from vanban.models.errors import VanbanError
from vanban.settings import DEFAULT_CRON, DEFAULT_TIMEZONE, WAREHOUSE_URL_ENV, Settings, Workspace

app = typer.Typer(
    name="vanban",
    help="Facts out of Vietnamese Party and State documents: inbox → warehouse → report.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

HomeOption = Annotated[
    Path | None, typer.Option("--home", help="Workspace folder (default: $VANBAN_HOME or ./vanban-home).")
]
InboxOption = Annotated[Path | None, typer.Option("--inbox", help="Inbox folder (default: HOME/inbox).")]
WarehouseOption = Annotated[
    str | None,
    typer.Option(
        "--warehouse",
        help="Warehouse URL: postgresql://… or a DuckDB path (default: $VANBAN_WAREHOUSE_URL or HOME/warehouse.duckdb).",
    ),
]


def _fail(message: str) -> typer.Exit:
    typer.secho(f"vanban: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


def _settings(home: Path | None, inbox: Path | None = None, warehouse: str | None = None) -> Settings:
    """The command's Settings: its options over the environment (read once, here), or exit with one line."""
    try:
        return Settings.from_environment(home=home, inbox=inbox, warehouse_url=warehouse)
    except VanbanError as error:
        raise _fail(str(error)) from error


def _use_prefect_home(ws: Workspace) -> None:
    # -- Prefect's own setting, which it reads from the environment when it loads: its database goes under
    #    the workspace, and the folder must exist before Prefect loads
    prefect_home = Path(os.environ.setdefault("PREFECT_HOME", str(ws.home / ".prefect")))
    prefect_home.mkdir(parents=True, exist_ok=True)


def _open_warehouse(ws: Workspace):
    from vanban.warehouse import open_warehouse

    return open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path, memory_limit=ws.duckdb_memory)


@app.command("run")
def run_cmd(
    home: HomeOption = None,
    inbox: InboxOption = None,
    warehouse: WarehouseOption = None,
    batch_size: Annotated[int | None, typer.Option(help="Files to read per task run (default 100).")] = None,
    settle_seconds: Annotated[float, typer.Option(help="Leave files modified this recently for the next run.")] = 5.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's log lines.")] = False,
    summary_json: Annotated[
        Path | None,
        typer.Option("--summary-json", help="Also write the run's summary (counts, seconds per stage) here as JSON."),
    ] = None,
) -> None:
    """Run the nightly flow once now over the inbox.

    Readers: `VANBAN_WORKERS` processes (default one per core), or the Dask cluster at `VANBAN_DASK_ADDRESS`.

    Example:

    \b
        vanban run --home vanban-home --summary-json run.json
    """
    settings = _settings(home, inbox, warehouse)
    ws = settings.workspace
    _use_prefect_home(ws)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    from vanban.flows.nightly import holding_inbox, nightly
    from vanban.run.progress import use_progress
    from vanban.settings import handing_to_flows

    use_progress(_terminal_progress() if sys.stderr.isatty() else None)
    try:
        # -- taken here too, so a refused run says so in one line before Prefect starts a flow run
        with holding_inbox(ws), handing_to_flows(settings):
            sizing = {"batch_size": batch_size} if batch_size else {}
            summary = nightly(home=str(ws.home), inbox=str(ws.inbox), settle_seconds=settle_seconds, **sizing)
    except VanbanError as error:  # -- RunInProgress among them
        raise _fail(str(error)) from error
    finally:
        use_progress(None)
    facts = sum(summary["facts"].values())
    typer.echo(
        f"vanban run {summary['run_id']}: {summary['files_seen']} files, {summary['loaded']} loaded, "
        f"{summary['duplicates']} duplicates, {summary['quarantined']} quarantined, "
        f"{summary['waiting']} left for later, {facts} facts → {summary['warehouse']}"
    )
    typer.echo(f"report: {summary['report_path']}")
    if summary_json is not None:
        try:
            summary_json.write_text(
                json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
            )
        except OSError as error:
            raise _fail(f"cannot write the summary to {summary_json}: {error.strerror or error}") from error


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


@app.command("serve")
def serve_cmd(
    home: HomeOption = None,
    inbox: InboxOption = None,
    warehouse: WarehouseOption = None,
    cron: Annotated[str, typer.Option(help="When to run, as a cron expression.")] = DEFAULT_CRON,
    timezone: Annotated[str, typer.Option(help="The cron expression's time zone.")] = DEFAULT_TIMEZONE,
) -> None:
    """Stay up and run the flow on a schedule (a Prefect deployment; nightly at 02:00 Hanoi time by default).

    Example:

    \b
        vanban serve --cron "30 1 * * *"
    """
    ws = _settings(home, inbox, warehouse).workspace
    _use_prefect_home(ws)
    if warehouse:
        # -- each scheduled run is a child process Prefect's runner starts with this process's environment,
        #    and its only other channel, the deployment's parameters and job variables, is stored by Prefect
        #    (a URL may carry a password): the one VANBAN_ variable the CLI writes, for those children
        os.environ[WAREHOUSE_URL_ENV] = warehouse
    from vanban.flows.schedule import make_deployment, serve_deployment

    try:
        deployment = make_deployment(ws, cron=cron, timezone=timezone)
    except ValueError as error:
        raise _fail(f"bad schedule {cron!r} ({timezone}): {error}") from error
    typer.echo(f"vanban serve: inbox {ws.inbox}, schedule {cron!r} ({timezone}); Ctrl+C to stop")
    serve_deployment(deployment)


def _read(path: Path):
    from vanban.extractors.read import read_document

    try:
        return read_document(path)
    except VanbanError as error:
        raise _fail(str(error)) from error
    except OSError as error:
        raise _fail(f"{str(path)!r}: {error.strerror or error}") from error


@app.command("extract")
def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="Documents (.docx, .pdf, .txt).")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or table.")] = "jsonl",
) -> None:
    """Print the facts of documents, without the warehouse.

    Example:

    \b
        vanban extract samples/quyet-dinh-152-hu.docx --format table
    """
    if format not in ("jsonl", "table"):
        raise _fail(f"unknown format {format!r}; use jsonl or table")
    from vanban.extractors.facts.pipeline import extract_document

    for path in files:
        facts = extract_document(_read(path))
        if format == "jsonl":
            for fact in facts:
                typer.echo(json.dumps({"doc": str(path), **fact.to_dict()}, ensure_ascii=False))
        else:
            _print_fact_table(str(path), facts)


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


@app.command("read")
def read_cmd(
    file: Annotated[Path, typer.Argument(help="A document (.docx, .pdf, .txt).")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Print a document as vanban reads it: its text, or blocks, header and what was detected.

    Example:

    \b
        vanban read samples/chi-thi-05-tu.pdf --format json
    """
    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r}; use text or json")
    document = _read(file)
    if format == "text":
        typer.echo(document.text)
    else:
        typer.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))


@app.command("report")
def report_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    run_id: Annotated[str | None, typer.Option("--run", help="Only this run's documents (default: all).")] = None,
) -> None:
    """Render the HTML report from the warehouse and print its path.

    Example:

    \b
        vanban report --home vanban-home
    """
    from datetime import datetime

    from vanban.report.render import render_report, write_report

    settings = _settings(home, None, warehouse)
    ws = settings.workspace
    try:
        with _open_warehouse(ws) as store:
            store.ensure_schema()
            data = store.report_data(run_id, max_facts=settings.report_max_facts)
            html = render_report(data, generated_at=datetime.now().astimezone())
    except VanbanError as error:
        raise _fail(str(error)) from error
    path = write_report(html, ws.reports, run_id or "all")
    typer.echo(str(path))


@app.command("facts")
def facts_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or xlsx (xlsx needs --output).")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Only facts with this review status (pending, accepted, rejected, corrected; several with commas)."
        ),
    ] = None,
) -> None:
    """Export the warehouse's facts: JSON lines, CSV, or an Excel sheet.

    Example:

    \b
        vanban facts --format xlsx --output du-kien.xlsx --status accepted,corrected
    """
    from vanban.models.schema import REVIEW_STATUSES

    if format not in ("jsonl", "csv", "xlsx"):
        raise _fail(f"unknown format {format!r}; use jsonl, csv or xlsx")
    if format == "xlsx" and output is None:
        raise _fail("an xlsx file cannot go to standard output: add --output FILE.xlsx")
    statuses = [part.strip() for part in (status or "").split(",") if part.strip()]
    unknown = sorted(set(statuses) - set(REVIEW_STATUSES))
    if unknown:
        raise _fail(f"unknown review status {', '.join(unknown)}; use {', '.join(REVIEW_STATUSES)}")
    ws = _settings(home, None, warehouse).workspace
    try:
        with _open_warehouse(ws) as store:
            store.ensure_schema()
            if len(statuses) > 1:
                rows = store.list_facts(status=statuses, limit=None)
            else:
                rows = store.iter_facts(status=statuses[0] if statuses else None)
            written = _write_facts(rows, format, output)
    except VanbanError as error:
        raise _fail(str(error)) from error
    except OSError as error:
        raise _fail(
            f"cannot write {str(output) if output else 'standard output'}: {error.strerror or error}"
        ) from error
    if output:
        typer.echo(f"{written} facts → {output}", err=True)


def _write_facts(rows, format: str, output: Path | None) -> int:
    from vanban.report.export import write_csv, write_xlsx

    if format == "xlsx":
        assert output is not None  # -- facts_cmd refuses xlsx without --output
        return write_xlsx(rows, output)
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if format == "csv":
            return write_csv(rows, stream)
        written = 0
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            written += 1
        return written
    finally:
        if output:
            stream.close()


@app.command("review")
def review_cmd(
    home: HomeOption = None,
    warehouse: WarehouseOption = None,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (the office network)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM): serve https.")] = None,
    keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM) of --certfile.")] = None,
    public_url: Annotated[
        str | None, typer.Option(help="The address people type when a reverse proxy serves the page.")
    ] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option(help="Another name of this machine people may type (repeatable).")
    ] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", "-r", hidden=True)] = None,
) -> None:
    """Open the review page for a team: reviewers sign in, decide on facts; decisions go to the warehouse.

    The first run, with no account yet, prints a one-time link that creates the first admin.

    Example:

    \b
        vanban review                                  # then open http://127.0.0.1:8765/
        vanban review --host 0.0.0.0 --certfile c.pem --keyfile k.pem   # the office network, https
    """
    from vanban.review.app import first_admin_token, hosts_for, serve_review

    if reviewer is not None:
        # -- the option of the one-reviewer page: say what replaced it rather than "no such option"
        raise _fail("--reviewer is gone: each reviewer signs in with an account (docs/review.md)")
    if (certfile is None) != (keyfile is None):
        raise _fail("--certfile and --keyfile go together")
    for path in (certfile, keyfile):
        if path is not None and not path.is_file():
            raise _fail(f"{path}: no such file")
    ws = _settings(home, None, warehouse).workspace
    try:
        setup_token = first_admin_token(ws)
    except VanbanError as error:
        raise _fail(str(error)) from error
    allowed = hosts_for(host, public_url=public_url, extra=tuple(allow_host or ()))
    scheme = "https" if certfile else "http"
    # -- on the network, the addresses others type first; this machine's own names last
    shown = (
        sorted(allowed - {"::1", "127.0.0.1", "localhost"}) + ["127.0.0.1"] if host in ("0.0.0.0", "::", "") else [host]
    )
    base = public_url.rstrip("/") if public_url else f"{scheme}://{shown[0]}:{port}"
    typer.echo(f"vanban review: {base}/ (warehouse {ws.describe_warehouse()}); Ctrl+C to stop")
    if host in ("0.0.0.0", "::", "") and not public_url:
        typer.echo("  also: " + ", ".join(f"{scheme}://{name}:{port}/" for name in shown[1:]))
    if setup_token:
        typer.echo(f"No account yet. Create the first admin (one-time link): {base}/setup?token={setup_token}")
    serve_review(
        ws,
        host=host,
        port=port,
        allowed_hosts=allowed,
        setup_token=setup_token,
        certfile=certfile,
        keyfile=keyfile,
    )


@app.command("evaluate")
def evaluate_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of NAME.json gold files beside NAME.txt|.docx|.pdf.")],
    show_errors: Annotated[bool, typer.Option("--show-errors", help="List every miss and false hit.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Precision, recall and F1 per fact kind against gold annotations (matching rules of facts.md).

    Example:

    \b
        vanban evaluate --gold samples --show-errors
    """
    from vanban.extractors.evaluation.evaluate import evaluate_folder
    from vanban.extractors.evaluation.scoring import total_scores

    try:
        documents = evaluate_folder(gold)
    except VanbanError as error:
        raise _fail(str(error)) from error
    totals = total_scores(documents)
    if format == "json":
        typer.echo(json.dumps(_scores_json(documents, totals), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{len(documents)} documents in {gold}")
    typer.echo(f"{'kind':<9}{'gold':>6}{'found':>7}{'match':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for kind, score in totals.items():
        expected = score.true_positives + score.false_negatives
        found = score.true_positives + score.false_positives
        typer.echo(
            f"{kind:<9}{expected:>6}{found:>7}{score.true_positives:>7}{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
        )
    typer.echo("(org = strict text match; org~ = relaxed, word overlap ≥ 0.5)")
    if show_errors:
        for document in documents:
            for label, facts in (("MISS", document.misses), ("FALSE", document.false_hits)):
                for fact in facts:
                    typer.echo(f"{label:<6}{document.name:<28}{_describe(fact)}")


def _describe(fact: dict) -> str:
    keys = ("value", "unit", "qualifier", "doc_type", "number", "symbol", "date")
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
