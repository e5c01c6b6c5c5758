"""Who may see and do what, route by route: every route of the app is enumerated, so a route added
later is covered without editing these tests (its path parameters are filled with 1)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from tests.web.conftest import PASSWORD, Web, login_token
from yusuan.web.app import create_app

#: Routes anyone may use.
PUBLIC = {"/login", "/healthz"}


def api_routes(routes: Sequence[BaseRoute]) -> list[APIRoute]:
    """Every API route, also inside included routers (FastAPI ≥ 0.160 keeps an included router as one
    route; the routers here have no prefix, so their routes' paths are the app's)."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out += api_routes(route.original_router.routes)
    return out


def _routes(web: Web, method: str) -> list[str]:
    """The concrete paths of every private route answering ``method``."""
    out = []
    for route in api_routes(web.app.routes):
        if method not in route.methods or route.path in PUBLIC:
            continue
        out.append(re.sub(r"\{[^}]+\}", "1", route.path))
    assert out, f"no {method} route found"
    return out


def test_the_app_has_the_expected_areas(web: Web) -> None:
    paths = {r.path for r in api_routes(web.app.routes)}
    for expected in (
        "/documents",
        "/documents/{disclosure_id}",
        "/documents/{disclosure_id}/findings/{no}",
        "/documents/{disclosure_id}/pages/{page}.png",
        "/departments/{department_id}",
        "/compare",
        "/rules",
        "/admin/users",
        "/login",
        "/logout",
    ):
        assert expected in paths


def test_anonymous_get_of_every_private_route_is_sent_to_login(web: Web) -> None:
    for path in _routes(web, "GET"):
        r = web.client.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next="), path
        assert "示例县" not in r.text, path


def test_anonymous_post_of_every_private_route_is_401(web: Web) -> None:
    for path in _routes(web, "POST"):
        r = web.client.post(path, data={"csrf": "x", "username": "admin", "action": "disable"}, follow_redirects=False)
        assert r.status_code == 401, path


def test_anonymous_sees_the_login_page_and_the_health_check_only(web: Web) -> None:
    assert web.client.get("/login").status_code == 200
    assert web.client.get("/healthz").json() == {"status": "ok"}
    assert web.client.get("/static/style.css").status_code == 200
    r = web.client.get("/documents", follow_redirects=True)
    assert "登录" in r.text and "示例县人民代表大会" not in r.text


def test_viewer_reads_every_page(web: Web) -> None:
    web.login("viewer")
    for path in ("/documents", "/documents/1", "/departments", "/departments/1", "/compare", "/rules"):
        assert web.client.get(path).status_code == 200, path


def test_viewer_cannot_post_anything(web: Web) -> None:
    web.login("viewer")
    token = web.csrf()
    for path in _routes(web, "POST"):
        if path == "/logout":
            continue  # signing out is every user's
        r = web.client.post(
            path,
            data={"csrf": token, "username": "newbie", "password": PASSWORD, "role": "admin", "action": "enable"},
            follow_redirects=False,
        )
        assert r.status_code == 403, path
    assert "newbie" not in {u for u in _usernames(web)}


def _usernames(web: Web) -> set[str]:
    from yusuan.store.accounts import users

    return {u.username for u in users(web.engine)}


def test_viewer_and_reviewer_cannot_open_the_users_page(web: Web) -> None:
    web.login("viewer")
    assert web.client.get("/admin/users").status_code == 403
    web.login("reviewer")
    assert web.client.get("/admin/users").status_code == 403


def test_post_without_csrf_is_refused(web: Web) -> None:
    web.login("admin")
    for path in _routes(web, "POST"):
        r = web.client.post(
            path, data={"username": "x1", "password": PASSWORD, "role": "viewer"}, follow_redirects=False
        )
        assert r.status_code == 403, path
        r = web.client.post(
            path, data={"csrf": "wrong", "username": "x1", "password": PASSWORD}, follow_redirects=False
        )
        assert r.status_code == 403, path
    assert "x1" not in _usernames(web)


def test_csrf_header_is_accepted_as_htmx_sends_it(web: Web) -> None:
    web.login("admin")
    r = web.client.post(
        "/admin/users",
        data={"username": "via-header", "password": PASSWORD, "role": "viewer"},
        headers={"X-CSRF-Token": web.csrf()},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "via-header" in _usernames(web)


def test_admin_adds_a_user_who_can_then_log_in(web: Web) -> None:
    web.login("admin")
    r = web.client.post(
        "/admin/users",
        data={"csrf": web.csrf(), "username": "审核员甲", "password": "another-pass-1", "role": "reviewer"},
    )
    assert r.status_code == 200 and "审核员甲" in r.text
    web.login("审核员甲", "another-pass-1")
    assert "审核员甲（审核）" in web.client.get("/documents").text


def test_admin_cannot_disable_itself(web: Web) -> None:
    web.login("admin")
    r = web.client.post("/admin/users/update", data={"csrf": web.csrf(), "username": "admin", "action": "disable"})
    assert r.status_code == 422 and "不能停用自己的账户" in r.text


def test_disabling_a_user_ends_its_sessions(web: Web, store_template: object) -> None:
    viewer = TestClient(web.app)
    token = login_token(viewer)
    viewer.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf": token})
    assert viewer.get("/documents", follow_redirects=False).status_code == 200
    web.login("admin")
    r = web.client.post("/admin/users/update", data={"csrf": web.csrf(), "username": "viewer", "action": "disable"})
    assert r.status_code == 200
    assert viewer.get("/documents", follow_redirects=False).status_code == 303


# --- login, logout, sessions -----------------------------------------------------------------------


def test_wrong_password_is_refused_with_a_message(web: Web) -> None:
    token = login_token(web.client)
    r = web.client.post("/login", data={"username": "admin", "password": "wrong-password", "csrf": token})
    assert r.status_code == 401
    assert "用户名或密码不正确" in r.text
    assert "yusuan_session" not in web.client.cookies
    assert web.client.get("/documents", follow_redirects=False).status_code == 303


def test_unknown_user_is_refused_the_same_way(web: Web) -> None:
    token = login_token(web.client)
    r = web.client.post("/login", data={"username": "nobody", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401 and "用户名或密码不正确" in r.text


def test_login_form_needs_its_csrf_token(web: Web) -> None:
    login_token(web.client)
    r = web.client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403
    assert web.client.get("/documents", follow_redirects=False).status_code == 303


def test_session_cookie_is_httponly_and_samesite(web: Web) -> None:
    token = login_token(web.client)
    r = web.client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf": token}, follow_redirects=False
    )
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("yusuan_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


def test_login_goes_back_to_the_page_asked_for_but_never_off_site(web: Web) -> None:
    for asked, lands in (
        ("/rules", "/rules"),
        ("//evil.example/x", "/documents"),
        ("https://evil.example", "/documents"),
        ("/\t/evil.example", "/documents"),
        ("/\\evil.example", "/documents"),
    ):
        client = TestClient(web.app)
        token = login_token(client)
        r = client.post(
            "/login",
            data={"username": "viewer", "password": PASSWORD, "csrf": token, "next": asked},
            follow_redirects=False,
        )
        assert r.headers["location"] == lands


def test_logout_ends_the_session(web: Web) -> None:
    web.login("viewer")
    cookie = web.client.cookies.get("yusuan_session")
    r = web.client.post("/logout", data={"csrf": web.csrf()}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    stale = TestClient(web.app, cookies={"yusuan_session": cookie or ""})
    assert stale.get("/documents", follow_redirects=False).status_code == 303


def test_session_expires_after_the_idle_limit(web: Web) -> None:
    web.login("viewer")
    web.clock.advance(timedelta(hours=7, minutes=59))
    assert web.client.get("/documents", follow_redirects=False).status_code == 200
    web.clock.advance(timedelta(hours=7, minutes=59))  # used a moment ago: still alive
    assert web.client.get("/documents", follow_redirects=False).status_code == 200
    web.clock.advance(timedelta(hours=8, minutes=1))
    r = web.client.get("/documents", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_forged_session_cookie_is_nobody(web: Web) -> None:
    forged = TestClient(web.app, cookies={"yusuan_session": "a" * 43})
    assert forged.get("/documents", follow_redirects=False).status_code == 303


def test_with_no_users_the_login_page_says_how_to_add_one(tmp_path: pytest.TempPathFactory) -> None:
    app = create_app(f"sqlite:///{tmp_path}/empty.sqlite", samples=False)  # type: ignore[operator]
    with TestClient(app) as client:
        r = client.get("/login")
        assert "yusuan users add 用户名 --role admin" in r.text
        token = login_token(client)
        r = client.post("/login", data={"username": "admin", "password": "admin123", "csrf": token})
        assert r.status_code == 401
    app.state.web.engine.dispose()


def test_repeated_wrong_passwords_are_slowed_down(web: Web) -> None:
    for _ in range(5):
        token = login_token(web.client)
        r = web.client.post("/login", data={"username": "viewer", "password": "guess-guess", "csrf": token})
        assert r.status_code == 401
    token = login_token(web.client)
    r = web.client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429 and "登录失败次数过多" in r.text  # even the right password, for now
    web.clock.advance(timedelta(minutes=16))
    web.login("viewer")
    assert web.client.get("/documents", follow_redirects=False).status_code == 200


def test_one_users_wrong_passwords_do_not_lock_out_another(web: Web) -> None:
    for _ in range(6):
        token = login_token(web.client)
        web.client.post("/login", data={"username": "viewer", "password": "guess-guess", "csrf": token})
    web.login("admin")  # same address, another user
    assert web.client.get("/admin/users").status_code == 200
