"""The accounts of the store on SQLite and PostgreSQL: users, password hashes, sessions that expire,
and the workbench signing in on either backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.conftest import Clock, login_token
from yusuan.store.accounts import (
    AccountError,
    User,
    WebSession,
    add_user,
    authenticate,
    end_session,
    purge_sessions,
    session_of,
    set_password,
    start_session,
    update_user,
    users,
)
from yusuan.store.db import make_engine, upgrade
from yusuan.web.app import create_app


def test_users_and_sessions(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    clock = Clock()
    try:
        admin = add_user(engine, "管理员", "long-enough-1", "admin", now=clock)
        assert admin.may("reviewer") and admin.created_at == clock.now
        with Session(engine) as s:
            stored = s.scalars(select(User.password_hash)).one()
        assert stored.startswith("$argon2id$") and "long-enough-1" not in stored
        with pytest.raises(AccountError, match="已存在"):
            add_user(engine, "管理员", "long-enough-1", "viewer")
        assert authenticate(engine, "管理员", "long-enough-1") == admin
        assert authenticate(engine, "管理员", "wrong-password") is None
        token, csrf = start_session(engine, admin, secret=b"k", now=clock)
        with Session(engine) as s:
            assert s.scalars(select(WebSession.id)).one() != token  # only the digest is kept
        active = session_of(engine, token, secret=b"k", now=clock)
        assert active is not None and active.csrf == csrf and active.user.username == "管理员"
        assert session_of(engine, token, secret=b"other", now=clock) is None
        clock.advance(timedelta(hours=7))
        assert session_of(engine, token, secret=b"k", now=clock) is not None  # touched: 8 h from now
        clock.advance(timedelta(hours=8, seconds=1))
        assert session_of(engine, token, secret=b"k", now=clock) is None
        # a password change and disabling end the sessions
        token, _ = start_session(engine, admin, now=clock)
        set_password(engine, "管理员", "new-password-2")
        assert session_of(engine, token, now=clock) is None
        token, _ = start_session(engine, admin, now=clock)
        update_user(engine, "管理员", disabled=True)
        assert session_of(engine, token, now=clock) is None
        assert authenticate(engine, "管理员", "new-password-2") is None  # disabled
        update_user(engine, "管理员", disabled=False, role="viewer")
        assert users(engine)[0].role == "viewer"
        token, _ = start_session(engine, users(engine)[0], now=clock)
        end_session(engine, token)
        assert session_of(engine, token, now=clock) is None
        start_session(engine, users(engine)[0], now=clock)
        clock.advance(timedelta(days=1))
        assert purge_sessions(engine, now=clock) == 1
    finally:
        engine.dispose()


def test_the_workbench_signs_in_on_either_backend(db_url: str) -> None:
    engine = make_engine(db_url)
    app = create_app(engine=engine, clock=lambda: datetime(2026, 12, 5, tzinfo=UTC))
    add_user(engine, "viewer", "long-enough-1", "viewer")
    try:
        with TestClient(app) as client:
            token = login_token(client)
            client.post("/login", data={"username": "viewer", "password": "long-enough-1", "csrf": token})
            page = client.get("/documents", params={"all": "true"})
            assert page.status_code == 200 and "示例县人大常委会-2023-有误.txt" in page.text
            assert client.get("/documents/2").status_code == 200
    finally:
        engine.dispose()


def test_a_session_is_touched_at_most_once_a_minute(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    clock = Clock()
    start = clock.now
    try:
        user = add_user(engine, "u", "long-enough-1", "viewer")
        token, _ = start_session(engine, user, now=clock)

        def last_seen() -> datetime:
            with Session(engine) as s:
                seen = s.scalars(select(WebSession.last_seen)).one()
            return seen.replace(tzinfo=UTC) if seen.tzinfo is None else seen

        clock.advance(timedelta(seconds=30))
        assert session_of(engine, token, now=clock) is not None
        assert last_seen() == start  # a read only
        clock.advance(timedelta(seconds=40))
        assert session_of(engine, token, now=clock) is not None
        assert last_seen() == start + timedelta(seconds=70)
    finally:
        engine.dispose()
