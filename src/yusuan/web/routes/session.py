"""Signing in and out, the front page and the health check.

The login form has its own CSRF token (a cookie set with the form, compared with the field: a
page elsewhere cannot sign a visitor in under its own account). A successful login starts a
server-side session (:mod:`yusuan.store.accounts`) whose token is the ``yusuan_session`` cookie:
HttpOnly, SameSite=Lax, Secure when the server is told it is served over HTTPS.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from yusuan.store.accounts import MAX_PASSWORD, authenticate, end_session, start_session, user_count
from yusuan.web.auth import COOKIE, LOGIN_COOKIE, Member, Viewer, active_session, safe_next
from yusuan.web.render import render
from yusuan.web.state import web_state
from yusuan.web.throttle import WINDOW

router = APIRouter()

TOO_MANY = f"登录失败次数过多，请 {WINDOW.seconds // 60} 分钟后再试。"
NO_USERS = "还没有任何用户。请在运行工作台的电脑上执行 yusuan users add 用户名 --role admin 创建管理员账户，然后登录。"


@router.get("/healthz")
def health() -> JSONResponse:
    """Public: says the server answers (nothing about the store's content)."""
    return JSONResponse({"status": "ok"})


@router.get("/")
def front(_active: Viewer) -> RedirectResponse:
    return RedirectResponse("/documents", status_code=303)


def _login_page(request: Request, next_path: str, error: str = "", status_code: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    state = web_state(request)
    response = render(
        request,
        "login.html.j2",
        status_code=status_code,
        login_csrf=token,
        next_path=next_path,
        error=error,
        no_users=NO_USERS if user_count(state.engine) == 0 else "",
    )
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="lax", secure=state.secure_cookies, path="/login", max_age=3600
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if active_session(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/documents",
) -> Response:
    state = web_state(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    request.state.active = None
    target = safe_next(next)
    if not expected or not csrf or not hmac.compare_digest(expected.encode(), csrf.encode()):
        return _login_page(request, target, "登录表单已过期，请重新输入。", status_code=403)
    if user_count(state.engine) == 0:
        return _login_page(request, target, NO_USERS, status_code=401)
    address = request.client.host if request.client else ""
    if state.logins.blocked(username, address, state.clock()):
        return _login_page(request, target, TOO_MANY, status_code=429)
    account = authenticate(state.engine, username, password)
    if account is None:
        state.logins.failed(username, address, state.clock())
        return _login_page(request, target, "用户名或密码不正确，或账户已停用。", status_code=401)
    state.logins.succeeded(username)
    token, _csrf = start_session(state.engine, account, secret=state.secret, now=state.clock)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=state.secure_cookies, path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, _active: Member) -> Response:
    state = web_state(request)
    end_session(state.engine, request.cookies.get(COOKIE, ""), secret=state.secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
