"""`vanban review`: the review page as a small web app for a team. Wiring and HTTP only; the logic is page.py.

Example:
    app = make_review_app(workspace, allowed_hosts={"127.0.0.1", "localhost"}, setup_token="…")
    serve_review(workspace, host="0.0.0.0", port=8765, certfile=Path("vanban.pem"), keyfile=Path("vanban.key"))

Starlette (with uvicorn) because Prefect already brings both. The warehouse is opened per request and
closed right after: a DuckDB file is locked while open, and the nightly run must be able to write while
the page sits idle in a browser.

Every page and API asks for a signed-in session (a cookie naming a row of `review_sessions`); state-changing
requests carry the session's CSRF token, and their Origin must name the host they were sent to. Wrong
passwords are slowed per account (in the warehouse) and per address (here, in memory).
"""

from __future__ import annotations

import io
import secrets
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from vanban.models.errors import CorrectionError, VanbanError
from vanban.report.export import write_csv, write_xlsx
from vanban.report.format import vn_datetime
from vanban.review.page import (
    FieldError,
    csrf_problem,
    decide,
    filters_from_query,
    origin_problem,
    render_message_page,
    render_page,
    render_review_page,
    review_context,
    row_fragments,
    stale_message,
)
from vanban.settings import Workspace
from vanban.warehouse import open_warehouse
from vanban.warehouse.accounts import MIN_PASSWORD_LENGTH, ROLE_LABELS, ROLES, AccountError, backoff_seconds
from vanban.warehouse.review import StaleFact
from vanban.warehouse.sql import utc_now
from vanban.warehouse.tasks import today_in_vietnam

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "vanban_session"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
MAX_FORM_BYTES = 16_384
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
    # -- not `no-referrer`: with it Chromium sends `Origin: null` on the page's own form posts
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Handler = Callable[[Request], Awaitable[Response]]


def hosts_for(host: str, *, public_url: str | None = None, extra: tuple[str, ...] = ()) -> set[str]:
    """The names the page answers to (the Host header), for `--host` as given.

    127.0.0.1 → the loopback names; an address or name → it and the loopback names; 0.0.0.0 → also this
    machine's name and addresses, so others on the office network can type either. A page elsewhere that
    points its own name at this machine (DNS rebinding) is refused, whatever it is.
    """
    names = set(LOOPBACK) | {host} | {name for name in extra if name}
    if host in WILDCARDS:
        names -= WILDCARDS
        names |= machine_names()
    if public_url:
        names.add(urlsplit(public_url).hostname or "")
    return {name for name in names if name}


def machine_names() -> set[str]:
    """This machine's name, full name and addresses (no packet is sent: a UDP socket only picks the route)."""
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        names |= {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)}
    except OSError:
        pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # -- TEST-NET-1: never routed anywhere, only the route is looked up
            names.add(probe.getsockname()[0])
    except OSError:
        pass
    return {name for name in names if name}


class AddressBackoff:
    """Wrong passwords per client address: past a few, each doubles the wait (`backoff_seconds`), in memory."""

    def __init__(self) -> None:
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, address: str) -> int:
        with self._lock:
            _, until = self._failures.get(address, (0, 0.0))
        return max(int(until - time.monotonic()) + 1, 0) if until > time.monotonic() else 0

    def failed(self, address: str) -> int:
        with self._lock:
            count = self._failures.get(address, (0, 0.0))[0] + 1
            self._failures[address] = (count, time.monotonic() + backoff_seconds(count))
            if len(self._failures) > 10_000:  # -- a flood of addresses must not grow memory without end
                self._failures = dict(list(self._failures.items())[-5_000:])
        return backoff_seconds(count)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


def make_review_app(
    ws: Workspace,
    *,
    allowed_hosts: set[str],
    setup_token: str | None = None,
    now: Callable[[], datetime] = utc_now,
) -> Starlette:
    """The review app over a workspace.

    Args:
        allowed_hosts: the Host names requests may carry (`hosts_for`).
        setup_token: the one-time secret of `/setup?token=…`, which creates the first admin while there is
            no account; None when accounts exist.
    """
    setup = {"token": setup_token}
    backoff = AddressBackoff()

    @contextmanager
    def warehouse() -> Iterator[Any]:
        with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path, memory_limit=ws.duckdb_memory) as store:
            yield store

    with warehouse() as store:
        store.ensure_schema()

    def in_warehouse(work: Callable[[Any], Any]) -> Awaitable[Any]:
        def run() -> Any:
            with warehouse() as store:
                return work(store)

        return run_in_threadpool(run)

    async def current_account(request: Request) -> dict[str, Any] | None:
        token = request.cookies.get(SESSION_COOKIE, "")
        if not token:
            return None
        return await in_warehouse(lambda store: store.session_account(token, now()))

    def signed_in(handler: Callable[[Request, dict[str, Any]], Awaitable[Response]], *, api: bool = False) -> Handler:
        async def guarded(request: Request) -> Response:
            try:
                account = await current_account(request)
            except VanbanError as error:
                return _busy(error, api)
            if account is None:
                if api:
                    return _json({"error": "phiên đăng nhập đã hết: đăng nhập lại"}, 401)
                return RedirectResponse("/login?next=" + quote(request.url.path + _query(request)), 303)
            return await handler(request, account)

        return guarded

    def state_change_problem(request: Request, account: dict[str, Any], sent: str | None) -> str | None:
        return csrf_problem(
            sent_token=sent,
            expected_token=account["csrf_token"],
            origin=request.headers.get("origin"),
            host=request.headers.get("host"),
            fetch_site=request.headers.get("sec-fetch-site"),
        )

    async def state_change_body(request: Request, account: dict[str, Any]) -> Any:
        """A decision's JSON body once its CSRF token and origin are checked, or the response refusing it."""
        if problem := state_change_problem(request, account, request.headers.get(CSRF_HEADER)):
            return _json({"error": problem}, 403)
        try:
            return await request.json()
        except ValueError:
            return _json({"error": "yêu cầu không phải JSON"}, 400)

    # -- sign-in, sign-out, first admin

    async def login_page(request: Request) -> Response:
        return _signin_page(next_path=_safe_next(request.query_params.get("next")))

    async def login(request: Request) -> Response:
        form = await _form(request)
        next_path = _safe_next(form.get("next"))
        problem = origin_problem(
            origin=request.headers.get("origin"),
            host=request.headers.get("host"),
            fetch_site=request.headers.get("sec-fetch-site"),
        )
        if problem:
            return _signin_page(problem=problem, status=403, next_path=next_path)
        address = request.client.host if request.client else "?"
        username = form.get("username", "")
        wait = backoff.wait_seconds(address)
        if wait:
            return _signin_page(problem=_wait_message(wait), status=429, username=username, next_path=next_path)
        try:
            outcome = await in_warehouse(lambda store: store.check_login(username, form.get("password", ""), now()))
            if outcome.account is None:
                wait = max(backoff.failed(address), outcome.wait_seconds)
                problem = "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khoá."
                if wait:
                    problem += " " + _wait_message(wait)
                return _signin_page(
                    problem=problem, status=429 if wait else 401, username=username, next_path=next_path
                )
            backoff.succeeded(address)
            token, _ = await in_warehouse(
                lambda store: store.open_session(outcome.account["username"], now(), address=address)
            )
        except VanbanError as error:
            return _busy(error, False)
        return _signed_in_response(request, token, next_path)

    async def logout(request: Request, account: dict[str, Any]) -> Response:
        form = await _form(request)
        if problem := state_change_problem(request, account, form.get("csrf_token")):
            return _html(render_message_page("Không đăng xuất được", problem), 403)
        token = request.cookies.get(SESSION_COOKIE, "")
        await in_warehouse(lambda store: store.close_session(token))
        response = RedirectResponse("/login", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def setup_allowed(sent: str | None) -> bool:
        expected = setup["token"]
        return bool(expected and sent and secrets.compare_digest(sent.encode(), expected.encode()))

    async def setup_page(request: Request) -> Response:
        if not setup_allowed(request.query_params.get("token")):
            return _html(render_message_page("Liên kết không dùng được", _SETUP_GONE), 403)
        return _setup_page(request.query_params["token"])

    async def create_first_admin(request: Request) -> Response:
        form = await _form(request)
        problem = origin_problem(
            origin=request.headers.get("origin"),
            host=request.headers.get("host"),
            fetch_site=request.headers.get("sec-fetch-site"),
        )
        if problem or not setup_allowed(form.get("token")):
            return _html(render_message_page("Liên kết không dùng được", problem or _SETUP_GONE), 403)

        def create(store: Any) -> str:
            if store.count_accounts():
                raise AccountError(_SETUP_GONE)
            account = store.create_account(
                form.get("username", ""), form.get("display_name", ""), "admin", form.get("password", ""), now=now()
            )
            return store.open_session(
                account["username"], now(), address=request.client.host if request.client else None
            )[0]

        try:
            token = await in_warehouse(create)
        except AccountError as error:
            return _setup_page(form.get("token", ""), problem=str(error), username=form.get("username", ""))
        setup["token"] = None
        return _signed_in_response(request, token, "/accounts")

    # -- the review page and its API

    async def index(request: Request, account: dict[str, Any]) -> Response:
        nonce = secrets.token_urlsafe(16)
        query = dict(request.query_params)

        def page(store: Any) -> str:
            context = review_context(
                store,
                filters_from_query(query),
                account=account,
                csrf_token=account["csrf_token"],
                selected=query.get("selected", ""),
                today=today_in_vietnam(now()),
            )
            return render_review_page(context, nonce=nonce)

        try:
            html = await in_warehouse(page)
        except VanbanError as error:
            return _busy(error, False)
        policy = {"Content-Security-Policy": PAGE_POLICY.format(nonce=nonce)}
        return HTMLResponse(html, headers=SECURITY_HEADERS | policy)

    async def review(request: Request, account: dict[str, Any]) -> Response:
        form = await state_change_body(request, account)
        if isinstance(form, Response):
            return form
        if not isinstance(form, dict) or not isinstance(form.get("fact_id"), str):
            return _json({"error": "thiếu fact_id"}, 400)
        fact_id = form["fact_id"]

        def apply(store: Any) -> dict[str, Any]:
            today = today_in_vietnam(now())
            try:
                decide(store, fact_id, form, reviewer=account["username"], today=today)
            except StaleFact as error:
                return {
                    "status": 409,
                    "error": stale_message(error.current, store.display_names()),
                    "fact": row_fragments(store, fact_id, 0, today=today),
                }
            except FieldError as error:
                return {"status": 400, "error": str(error), "field": error.field}
            fact = row_fragments(store, fact_id, 0, today=today)
            return {"status": 200, "ok": True, "message": "Đã lưu.", "fact": fact}

        try:
            result = await in_warehouse(apply)
        except LookupError as error:
            return _json({"error": str(error)}, 404)
        except CorrectionError as error:
            return _json({"error": str(error)}, 400)
        except VanbanError as error:
            return _json({"error": str(error)}, 503)
        return _json(result, result.pop("status"))

    async def accept_document(request: Request, account: dict[str, Any]) -> Response:
        form = await state_change_body(request, account)
        if isinstance(form, Response):
            return form
        sha256 = form.get("doc_sha256") if isinstance(form, dict) else None
        if not isinstance(sha256, str):
            return _json({"error": "thiếu doc_sha256"}, 400)

        def apply(store: Any) -> dict[str, Any]:
            audits = store.accept_document(sha256, account["username"])
            today = today_in_vietnam(now())
            facts = [row_fragments(store, audit["fact_id"], 0, today=today) for audit in audits]
            return {"ok": True, "facts": facts, "message": f"Đã duyệt {len(audits)} dữ kiện chờ duyệt của văn bản."}

        try:
            return _json(await in_warehouse(apply))
        except VanbanError as error:
            return _json({"error": str(error)}, 503)

    async def export(request: Request, account: dict[str, Any]) -> Response:
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

    async def archived_file(request: Request, account: dict[str, Any]) -> Response:
        sha256 = request.path_params["sha256"]
        document = await in_warehouse(lambda store: store.get_document(sha256))
        path = _archived_path(ws, document)
        if path is None or document is None:
            return _html(
                render_message_page("Không có tệp", "tệp gốc của văn bản này chưa được lưu trữ hoặc đã bị chuyển đi"),
                404,
            )
        return FileResponse(path, filename=document["original_name"].rsplit("/", 1)[-1], headers=SECURITY_HEADERS)

    # -- accounts, for admins

    async def accounts_page(request: Request, account: dict[str, Any]) -> Response:
        if account["role"] != "admin":
            return _html(render_message_page("Không có quyền", "chỉ quản trị mới quản lý tài khoản"), 403)
        return await _accounts_response(account)

    async def change_accounts(request: Request, account: dict[str, Any]) -> Response:
        if account["role"] != "admin":
            return _html(render_message_page("Không có quyền", "chỉ quản trị mới quản lý tài khoản"), 403)
        form = await _form(request)
        if problem := state_change_problem(request, account, form.get("csrf_token")):
            return _html(render_message_page("Không lưu được", problem), 403)
        action, username = form.get("do", ""), form.get("username", "")

        def change(store: Any) -> str:
            if action == "create":
                created = store.create_account(
                    username,
                    form.get("display_name", ""),
                    form.get("role", "reviewer"),
                    form.get("password", ""),
                    now=now(),
                    created_by=account["username"],
                )
                return f"Đã thêm tài khoản {created['username']}."
            if action == "role":
                store.update_account(username, role=form.get("role", ""))
                return f"Đã đổi vai trò của {username}."
            if action in ("disable", "enable"):
                store.update_account(username, active=action == "enable")
                return f"Đã {'mở khoá' if action == 'enable' else 'khoá'} {username}."
            if action == "password":
                store.update_account(username, password=form.get("password", ""))
                return f"Đã đặt mật khẩu mới cho {username}; các phiên cũ của tài khoản này đã đóng."
            raise AccountError(f"thao tác {action!r} không có")

        try:
            done = await in_warehouse(change)
        except AccountError as error:
            return await _accounts_response(account, problem=str(error), status=400)
        return await _accounts_response(account, done=done)

    async def _accounts_response(
        account: dict[str, Any], *, problem: str = "", done: str = "", status: int = 200
    ) -> Response:
        accounts = await in_warehouse(lambda store: store.list_accounts())
        for item in accounts:
            item["last_login"] = vn_datetime(item["last_login_at"]) if item.get("last_login_at") else "chưa"
        html = render_page(
            "accounts.html.j2",
            accounts=accounts,
            csrf_token=account["csrf_token"],
            roles=[(role, ROLE_LABELS[role]) for role in ROLES],
            role_labels=ROLE_LABELS,
            min_password=MIN_PASSWORD_LENGTH,
            problem=problem,
            done=done,
        )
        return _html(html, status)

    return Starlette(
        routes=[
            Route("/login", login_page, methods=["GET"]),
            Route("/login", login, methods=["POST"]),
            Route("/logout", signed_in(logout), methods=["POST"]),
            Route("/setup", setup_page, methods=["GET"]),
            Route("/setup", create_first_admin, methods=["POST"]),
            Route("/", signed_in(index), methods=["GET"]),
            Route("/api/review", signed_in(review, api=True), methods=["POST"]),
            Route("/api/accept-document", signed_in(accept_document, api=True), methods=["POST"]),
            Route("/export", signed_in(export), methods=["GET"]),
            Route("/files/{sha256:str}", signed_in(archived_file), methods=["GET"]),
            Route("/accounts", signed_in(accounts_page), methods=["GET"]),
            Route("/accounts", signed_in(change_accounts), methods=["POST"]),
        ],
        # -- a page on another site that resolves its own name to this machine (DNS rebinding) is refused
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=sorted(allowed_hosts))],
    )


_SETUP_GONE = "liên kết tạo quản trị đầu tiên chỉ dùng được một lần, khi chưa có tài khoản nào; hỏi quản trị"


def _wait_message(seconds: int) -> str:
    return f"Đã sai nhiều lần: thử lại sau {seconds} giây."


def _signin_page(*, problem: str = "", status: int = 200, username: str = "", next_path: str = "/") -> HTMLResponse:
    html = render_page(
        "signin.html.j2",
        title="Đăng nhập – duyệt dữ kiện",
        intro="",
        problem=problem,
        action="/login",
        hidden=[("next", next_path)],
        username=username,
        setup=False,
        button="Đăng nhập",
    )
    return _html(html, status)


def _setup_page(token: str, *, problem: str = "", username: str = "") -> HTMLResponse:
    html = render_page(
        "signin.html.j2",
        title="Tạo quản trị đầu tiên",
        intro=(
            "Kho chưa có tài khoản nào. Tài khoản này là quản trị: sau đó thêm người duyệt ở trang Tài khoản. "
            f"Mật khẩu ít nhất {MIN_PASSWORD_LENGTH} ký tự."
        ),
        problem=problem,
        action="/setup",
        hidden=[("token", token)],
        username=username,
        setup=True,
        button="Tạo và đăng nhập",
    )
    return _html(html, 400 if problem else 200)


def _signed_in_response(request: Request, token: str, next_path: str) -> Response:
    response = RedirectResponse(next_path, 303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _safe_next(path: str | None) -> str:
    """Where to go after sign-in: a path on this site only (`//evil.example` and URLs are refused)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def _query(request: Request) -> str:
    return "?" + request.url.query if request.url.query else ""


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _busy(error: VanbanError, api: bool) -> Response:
    if api:
        return _json({"error": str(error)}, 503)
    return _html(render_message_page("Kho dữ liệu đang bận", f"{error}. Thử lại sau ít phút."), 503)


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


def first_admin_token(ws: Workspace) -> str | None:
    """A fresh one-time token for `/setup` when the warehouse has no account yet, else None."""
    with open_warehouse(ws.warehouse_url, default_path=ws.duckdb_path, memory_limit=ws.duckdb_memory) as store:
        store.ensure_schema()
        return None if store.count_accounts() else secrets.token_urlsafe(24)


def serve_review(
    ws: Workspace,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    allowed_hosts: set[str],
    setup_token: str | None = None,
    certfile: Path | None = None,
    keyfile: Path | None = None,
) -> None:
    """Run the review app until Ctrl+C; TLS when a certificate is given (uvicorn's own)."""
    import uvicorn

    app = make_review_app(ws, allowed_hosts=allowed_hosts, setup_token=setup_token)
    uvicorn.run(
        app,
        host=host or "0.0.0.0",
        port=port,
        log_level="warning",
        ssl_certfile=str(certfile) if certfile else None,
        ssl_keyfile=str(keyfile) if keyfile else None,
    )
