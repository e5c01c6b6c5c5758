"""用户管理 (admins only): the users, adding one, changing a role, disabling and enabling, setting a
new password. The same operations as ``yusuan users``; an admin cannot disable or demote itself
(the workbench would lose its last way in)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from yusuan.store.accounts import (
    MAX_PASSWORD,
    ROLE_ZH,
    ROLES,
    AccountError,
    add_user,
    set_password,
    update_user,
    users,
)
from yusuan.web.auth import Admin
from yusuan.web.render import render
from yusuan.web.state import web_state

router = APIRouter()


def _page(request: Request, message: str = "", error: str = "", status_code: int = 200) -> Response:
    listed = users(web_state(request).engine)
    return render(
        request,
        "users.html.j2",
        status_code=status_code,
        users=listed,
        roles=[(r, ROLE_ZH[r]) for r in ROLES],
        message=message,
        error=error,
    )


@router.get("/admin/users")
def user_list(request: Request, _admin: Admin, done: str = "") -> Response:
    return _page(request, message="已保存。" if done else "")


@router.post("/admin/users")
def user_add(
    request: Request,
    _admin: Admin,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    role: Annotated[str, Form(max_length=20)] = "viewer",
) -> Response:
    try:
        add_user(web_state(request).engine, username, password, role, now=web_state(request).clock)
    except AccountError as exc:
        return _page(request, error=exc.message, status_code=422)
    return RedirectResponse("/admin/users?done=1", status_code=303)


@router.post("/admin/users/update")
def user_update(
    request: Request,
    admin: Admin,
    username: Annotated[str, Form(max_length=200)],
    action: Annotated[Literal["role", "disable", "enable", "password"], Form()],
    role: Annotated[str, Form(max_length=20)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
) -> Response:
    engine = web_state(request).engine
    if username == admin.user.username and action in ("role", "disable"):
        return _page(request, error="不能停用自己的账户或更改自己的角色。", status_code=422)
    try:
        if action == "role":
            update_user(engine, username, role=role)
        elif action == "disable":
            update_user(engine, username, disabled=True)
        elif action == "enable":
            update_user(engine, username, disabled=False)
        else:
            set_password(engine, username, password)
    except AccountError as exc:
        return _page(request, error=exc.message, status_code=422)
    return RedirectResponse("/admin/users?done=1", status_code=303)
