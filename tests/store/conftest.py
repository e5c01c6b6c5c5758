"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL: the server at ``YUSUAN_TEST_PG`` (default
``postgresql+psycopg://yusuan:yusuan@127.0.0.1:5432/yusuan_test``, which scripts/test sets up);
each test gets a fresh schema (dropped afterwards). The PostgreSQL tests skip with the reason when
no server answers — in CI scripts/test installs and starts one, so they run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from yusuan.store.db import make_engine, upgrade

PG_URL = os.environ.get("YUSUAN_TEST_PG", "postgresql+psycopg://yusuan:yusuan@127.0.0.1:5432/yusuan_test")


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as c:
            c.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # no server, no role, no driver
        return f"PostgreSQL not reachable at {PG_URL} ({type(exc).__name__}); scripts/test starts one"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database (not yet migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    reason = _pg_available()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as c:
        c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on an up-to-date store."""
    e = make_engine(db_url)
    upgrade(e)
    yield e
    e.dispose()
