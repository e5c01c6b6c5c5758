"""Who may see and do what: every page but the login page, the static files and the health check
needs a signed-in user; writing needs the role and the session's CSRF token.

Routers declare it with the dependencies here: ``Depends(viewer)`` on a router that only reads,
``Depends(allowed("reviewer"))`` on a route that writes (the role is checked first — a viewer gets
403 whatever it sends — then the CSRF token of every unsafe method, from the form field ``csrf`` or
the ``X-CSRF-Token`` header htmx sends). An anonymous request raises :class:`LoginRequired`: a page
(GET) is redirected to the login page, anything else answered 401.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException
from starlette.requests import Request

from yusuan.store.accounts import Active, Role, session_of
from yusuan.web.state import web_state

COOKIE = "yusuan_session"
#: The cookie of the login form's CSRF token (before a session exists).
LOGIN_COOKIE = "yusuan_login"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """No live session: the app's handler redirects to the login page (GET) or answers 401."""


def active_session(request: Request) -> Active | None:
    """The request's live session (looked up once per request), or ``None``."""
    if hasattr(request.state, "active"):
        found: Active | None = request.state.active
        return found
    state = web_state(request)
    token = request.cookies.get(COOKIE, "")
    found = session_of(state.engine, token, secret=state.secret, idle=state.idle, now=state.clock) if token else None
    request.state.active = found
    return found


def viewer(request: Request) -> Active:
    """Any signed-in user (every role may read)."""
    found = active_session(request)
    if found is None:
        raise LoginRequired()
    return found


async def check_csrf(request: Request, expected: str) -> None:
    """Unsafe methods carry the session's CSRF token (form field or header); 403 otherwise."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="表单已过期或来源不明（CSRF 校验未通过），请刷新页面后重试。")


def allowed(role: Role) -> Callable[[Request], Awaitable[Active]]:
    """A dependency: a signed-in user who may do what ``role`` may, with a valid CSRF token."""

    async def dependency(request: Request) -> Active:
        found = viewer(request)
        if not found.user.may(role):
            raise HTTPException(status_code=403, detail="当前账户没有执行此操作的权限。")
        await check_csrf(request, found.csrf)
        return found

    return dependency


Viewer = Annotated[Active, Depends(viewer)]
Reviewer = Annotated[Active, Depends(allowed("reviewer"))]
Admin = Annotated[Active, Depends(allowed("admin"))]
#: Any signed-in user posting with the CSRF token (logout).
Member = Annotated[Active, Depends(allowed("viewer"))]


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site only — never ``//host``, a URL, or a path with a
    backslash, white space or a control character (browsers drop tabs and line breaks: a tab between
    two slashes would read ``//host``)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or any(c == "\\" or c.isspace() or not c.isprintable() for c in target)
    ):
        return "/documents"
    return target
