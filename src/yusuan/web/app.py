"""The workbench application: :func:`create_app` builds it on a store (``yusuan serve`` runs it).

Every response carries the security headers (:data:`SECURITY_HEADERS`): a Content-Security-Policy
that allows scripts, styles and images from the site itself only (no inline script, no CDN), no
framing, no MIME sniffing, no referrer to other sites. Pages are private: an anonymous request is
sent to the login page (:mod:`yusuan.web.auth`). An empty store is given the bundled samples on
first start, so the workbench has something to show.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import ExitStack, asynccontextmanager
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from yusuan.pipeline.upload_receive import UploadLimits
from yusuan.pipeline.uploads import Uploads
from yusuan.store.accounts import SESSION_IDLE
from yusuan.store.db import open_store
from yusuan.store.schema import DisclosureRecord
from yusuan.web.auth import LoginRequired, active_session
from yusuan.web.limits import BodyLimit
from yusuan.web.render import render
from yusuan.web.routes import include_routers
from yusuan.web.state import WebState, utc_now
from yusuan.web.views import StoredModelError

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
#: Sent besides when the workbench is served over HTTPS (``secure_cookies``).
HSTS = "max-age=31536000"
#: The page of an unexpected error (plain: rendering may be what failed).
INTERNAL_ERROR = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>内部错误 · yusuan</title>'
    '<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>内部错误</h1>'
    '<p class="error">处理请求时出错，详情已记入服务器日志。请稍后重试；问题持续时请联系管理员。</p>'
    '<p><a href="/documents">返回文件列表</a></p></main></body></html>'
)


def create_app(
    db_url: str | None = None,
    *,
    engine: Engine | None = None,
    secret: str | bytes | None = None,
    clock: Callable[[], datetime] | None = None,
    idle: timedelta = SESSION_IDLE,
    samples: bool = True,
    secure_cookies: bool = False,
    files: Path | None = None,
    limits: UploadLimits | None = None,
) -> FastAPI:
    """The workbench on the store at ``db_url`` (or ``engine``; default: the CLI's store).

    ``secret`` keys the session digests kept in the store (HMAC); ``clock`` gives the time (tests
    move it to expire sessions); ``idle`` is how long an unused session lives; ``samples`` gives an
    empty store the bundled samples; ``secure_cookies`` marks the cookies HTTPS-only; ``files`` is the
    folder where uploaded files are kept by hash (outside any served folder), whose PDFs the
    evidence pages render; with it, uploads are taken (within ``limits``) and processed by a
    background worker that runs until the application shuts down."""
    store = engine if engine is not None else open_store(db_url)
    if engine is not None:
        from yusuan.store.db import upgrade

        upgrade(store)
    key = secret.encode() if isinstance(secret, str) else secret
    state = WebState(store, key, clock or utc_now, idle, secure_cookies, files)
    if samples:
        ingest_samples_if_empty(store)
    chosen = limits or UploadLimits()
    if files is not None:
        state.uploads = Uploads(store, files, chosen)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if state.uploads is not None:
            state.uploads.stop(5)

    app = FastAPI(title="yusuan 审核工作台", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.web = state
    _add_security_headers(app, state)
    app.add_middleware(BodyLimit, upload_bytes=chosen.max_total_bytes, headers=SECURITY_HEADERS)
    _add_error_handlers(app)
    app.mount("/static", StaticFiles(packages=[("yusuan.web", "static")]), name="static")
    include_routers(app)
    return app


def _add_security_headers(app: FastAPI, state: WebState) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # an error no handler answered: a Chinese page, with the headers, no traceback
            log.exception("unhandled error on %s %s", request.method, request.url.path)
            response = HTMLResponse(INTERNAL_ERROR, status_code=500)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if state.secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _add_error_handlers(app: FastAPI) -> None:
    async def login_required(request: Request, _exc: Exception) -> Response:
        if request.method in ("GET", "HEAD"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return JSONResponse({"detail": "请先登录。"}, status_code=401)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "请求无法处理。"
        if exc.status_code == 404 and message == "Not Found":
            message = "没有这个页面。"
        elif exc.status_code == 405:
            message = "不支持这种请求方式。"
        if request.method not in ("GET", "HEAD") or request.url.path.endswith(".png"):
            return JSONResponse({"detail": message}, status_code=exc.status_code)
        active_session(request)  # the navigation of the error page
        return render(request, "error.html.j2", status_code=exc.status_code, message=message)

    async def invalid(request: Request, _exc: Exception) -> Response:
        if request.method not in ("GET", "HEAD"):
            return JSONResponse({"detail": "请求参数无效。"}, status_code=422)
        active_session(request)
        return render(request, "error.html.j2", status_code=422, message="请求参数无效（编号应是数字）。")

    async def stored_model(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StoredModelError)
        active_session(request)
        return render(request, "error.html.j2", status_code=500, message=exc.message)

    app.add_exception_handler(StoredModelError, stored_model)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(StarletteHTTPException, http_error)  # FastAPI's HTTPException is one
    app.add_exception_handler(RequestValidationError, invalid)


def store_is_empty(engine: Engine) -> bool:
    with Session(engine) as session:
        return not session.scalar(select(func.count()).select_from(DisclosureRecord))


def ingest_samples_if_empty(engine: Engine) -> int:
    """Store the bundled samples when the store holds no disclosure; how many were stored."""
    if not store_is_empty(engine):
        return 0
    from yusuan.pipeline.batch import example_files
    from yusuan.pipeline.ingest import ingest_paths

    with ExitStack() as stack:
        files = [stack.enter_context(resources.as_file(e)) for e in example_files()]
        if not files:
            return 0
        batch = ingest_paths(engine, files, separate=True)
    stored = sum(1 for r in batch.results if r.status in ("stored", "new_version"))
    log.info("ingested %d bundled samples into an empty store", stored)
    return stored
