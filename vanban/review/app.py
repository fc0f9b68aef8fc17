"""`vanban review`: the review page as a small local web app. Wiring and HTTP only; the logic is report/review.py.

Example:
    app = make_review_app(workspace, reviewer="Nguyễn Thị Lan", allowed_origins={"http://127.0.0.1:8765"})
    serve_review(workspace, reviewer="Nguyễn Thị Lan", host="127.0.0.1", port=8765)

Starlette (with uvicorn) because Prefect already brings both, so the app adds no dependency. The
warehouse is opened per request and closed right after: a DuckDB file is locked while open, and the
nightly run must be able to write while the page sits idle in a browser.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from vanban.models.errors import CorrectionError, VanbanError
from vanban.report.export import write_csv, write_xlsx
from vanban.review.page import (
    csrf_problem,
    decide,
    filters_from_query,
    render_message_page,
    render_review_page,
    review_context,
)
from vanban.settings import Workspace
from vanban.warehouse import open_warehouse

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
CSRF_HEADER = "x-csrf-token"
# -- the page never needs to be framed or to load anything from elsewhere; only its own script runs
#    (the one carrying this response's nonce), so markup that slipped past escaping could not run one
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": PAGE_POLICY.replace("'nonce-{nonce}'", "'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def origins_for(host: str, port: int) -> set[str]:
    """The origins the page is served from: `http://127.0.0.1:8765`, and `localhost` for a loopback host."""
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost"}
    return {f"http://{name}:{port}" for name in names}


def make_review_app(
    ws: Workspace, *, reviewer: str, allowed_origins: set[str], csrf_token: str | None = None
) -> Starlette:
    """The review app over a workspace; `reviewer` signs every decision made through it."""
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise ValueError("the review page needs the reviewer's name (vanban review --reviewer NAME)")
    token = csrf_token or secrets.token_urlsafe(32)

    @contextmanager
    def warehouse() -> Iterator[Any]:
        with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path, memory_limit=ws.duckdb_memory) as store:
            store.ensure_schema()
            yield store

    def page(query: dict[str, str], nonce: str) -> str:
        with warehouse() as store:
            context = review_context(
                store,
                filters_from_query(query),
                reviewer=reviewer,
                csrf_token=token,
                selected=query.get("selected", ""),
            )
        return render_review_page(context, nonce=nonce)

    async def index(request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        try:
            html = await run_in_threadpool(page, dict(request.query_params), nonce)
        except VanbanError as error:
            return _html(render_message_page("Kho dữ liệu đang bận", f"{error}. Thử lại sau ít phút."), 503)
        policy = {"Content-Security-Policy": PAGE_POLICY.format(nonce=nonce)}
        return HTMLResponse(html, headers=SECURITY_HEADERS | policy)

    async def review(request: Request) -> Response:
        problem = csrf_problem(
            sent_token=request.headers.get(CSRF_HEADER),
            expected_token=token,
            origin=request.headers.get("origin"),
            fetch_site=request.headers.get("sec-fetch-site"),
            allowed_origins=allowed_origins,
        )
        if problem:
            return _json({"error": problem}, 403)
        try:
            form = await request.json()
        except ValueError:
            return _json({"error": "yêu cầu không phải JSON"}, 400)
        if not isinstance(form, dict) or not isinstance(form.get("fact_id"), str):
            return _json({"error": "thiếu fact_id"}, 400)

        def apply() -> dict[str, Any]:
            with warehouse() as store:
                return decide(store, form["fact_id"], form, reviewer=reviewer)

        try:
            audit = await run_in_threadpool(apply)
        except LookupError as error:
            return _json({"error": str(error)}, 404)
        except CorrectionError as error:
            return _json({"error": str(error)}, 400)
        except VanbanError as error:
            return _json({"error": str(error)}, 503)
        return _json({"ok": True, "audit": audit})

    async def export(request: Request) -> Response:
        kind = request.query_params.get("format", "csv")
        if kind not in ("csv", "xlsx"):
            return _html(
                render_message_page("Không xuất được", f"định dạng {kind!r} không có: chọn csv hoặc xlsx"), 400
            )
        statuses = [part for part in request.query_params.get("status", "").split(",") if part]
        try:
            body = await run_in_threadpool(_export_bytes, warehouse, kind, statuses)
        except ValueError as error:
            return _html(render_message_page("Không xuất được", str(error)), 400)
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        media = "text/csv; charset=utf-8" if kind == "csv" else XLSX_TYPE
        headers = {"Content-Disposition": f'attachment; filename="vanban-du-kien-{stamp}.{kind}"'}
        return Response(body, media_type=media, headers=SECURITY_HEADERS | headers)

    async def archived_file(request: Request) -> Response:
        sha256 = request.path_params["sha256"]
        with warehouse() as store:
            document = store.get_document(sha256)
        path = _archived_path(ws, document)
        if path is None:
            return _html(
                render_message_page("Không có tệp", "tệp gốc của văn bản này chưa được lưu trữ hoặc đã bị chuyển đi"),
                404,
            )
        return FileResponse(path, filename=document["original_name"].rsplit("/", 1)[-1], headers=SECURITY_HEADERS)

    hosts = sorted({origin.split("://", 1)[1].rsplit(":", 1)[0] for origin in allowed_origins})
    return Starlette(
        routes=[
            Route("/", index, methods=["GET"]),
            Route("/api/review", review, methods=["POST"]),
            Route("/export", export, methods=["GET"]),
            Route("/files/{sha256:str}", archived_file, methods=["GET"]),
        ],
        # -- a page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) is refused
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
    )


def _export_bytes(warehouse: Any, kind: str, statuses: list[str]) -> bytes:
    with warehouse() as store:
        facts = store.list_facts(status=statuses or None, limit=None)
    if kind == "csv":
        text = io.StringIO()
        write_csv(facts, text)
        # -- the BOM tells Excel the file is UTF-8: without it Vietnamese comes out garbled
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    binary = io.BytesIO()
    write_xlsx(facts, binary)
    return binary.getvalue()


def _archived_path(ws: Workspace, document: dict[str, Any] | None) -> Path | None:
    """The archived file, only when it lies inside the workspace's archive (a stored path is never trusted)."""
    if not document or not document.get("archive_path"):
        return None
    path = (ws.home / document["archive_path"]).resolve()
    if not path.is_relative_to(ws.archive.resolve()) or not path.is_file():
        return None
    return path


def _html(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def _json(data: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(_jsonable(data), status_code=status, headers=SECURITY_HEADERS)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def serve_review(ws: Workspace, *, reviewer: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Run the review app until Ctrl+C."""
    import uvicorn

    app = make_review_app(ws, reviewer=reviewer, allowed_origins=origins_for(host, port))
    uvicorn.run(app, host=host, port=port, log_level="warning")
