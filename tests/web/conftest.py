"""Web fixtures: one SQLite store per test session holding the bundled samples (ingested by the app's
first start), a hostile document and three users; each test gets an app on it with its own clock."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.store.conftest import db_url as db_url  # SQLite and PostgreSQL (skips without a server)
from yusuan.pipeline.batch import example_files
from yusuan.read.api import read_text
from yusuan.review.engine import review
from yusuan.store.accounts import add_user
from yusuan.store.db import make_engine
from yusuan.store.ingest import Source, store_disclosure
from yusuan.web.app import create_app

PASSWORD = "correct-horse-9"
USERS = {"admin": "admin", "reviewer": "reviewer", "viewer": "viewer"}
#: A department name and a row name that would run script if a page did not escape them.
HOSTILE_NAME = '示例县<script>alert("dept")</script>人大常委会'
HOSTILE_ROW = '<img src=x onerror=alert("row")>一般公共服务支出'


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def _hostile(engine: Engine) -> int:
    sample = next(e for e in example_files() if "有误" in e.name).read_text(encoding="utf-8")
    d = read_text(sample, source="hostile.txt")
    d.department.name = HOSTILE_NAME
    table = d.tables["expenditure"]
    rows = getattr(table, "rows", [])
    rows[1].name = HOSTILE_ROW
    result = store_disclosure(engine, d, review(d), [Source.of("hostile<b>.txt", sample.encode() + b"\nhostile")])
    assert result.disclosure_id is not None, result.message
    return result.disclosure_id


@dataclass
class Store:
    path: Path
    hostile_id: int


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store made once: the samples (by the app's first start), the hostile document, the users."""
    path = tmp_path_factory.mktemp("web") / "template.sqlite"
    app = create_app(f"sqlite:///{path}")
    engine: Engine = app.state.web.engine
    hostile = _hostile(engine)
    for name, role in USERS.items():
        add_user(engine, name, PASSWORD, role)
    engine.dispose()
    return Store(path, hostile)


@dataclass
class Web:
    app: FastAPI
    client: TestClient
    clock: Clock
    engine: Engine
    hostile_id: int

    def login(self, username: str, password: str = PASSWORD) -> TestClient:
        """Sign the client in as a fresh browser would (cookies cleared, the login form first); the
        client keeps the session cookie."""
        self.client.cookies.clear()
        token = login_token(self.client)
        r = self.client.post(
            "/login",
            data={"username": username, "password": password, "csrf": token, "next": "/documents"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return self.client

    def csrf(self) -> str:
        """The CSRF token of the client's session, from a page."""
        r = self.client.get("/rules")
        found = re.search(r'<meta name="csrf-token" content="([^"]+)">', r.text)
        assert found is not None
        return found.group(1)


def login_token(client: TestClient) -> str:
    r = client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', r.text)
    assert found is not None, r.text
    return found.group(1)


@pytest.fixture
def web(store_template: Store, tmp_path: Path) -> Iterator[Web]:
    """An app on a copy of the template store (tests may write), with a movable clock."""
    path = tmp_path / "store.sqlite"
    shutil.copyfile(store_template.path, path)
    clock = Clock()
    engine = make_engine(f"sqlite:///{path}")
    app = create_app(engine=engine, clock=clock, idle=timedelta(hours=8), samples=False)
    with TestClient(app) as client:
        yield Web(app, client, clock, engine, store_template.hostile_id)
    engine.dispose()
