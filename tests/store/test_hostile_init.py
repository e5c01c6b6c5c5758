"""Concurrent first use (issue 13): several processes open and fill a fresh database at once.

Before, two ingests into a new database raced on ``alembic_version`` ("table departments already
exists", a duplicate ``pg_type`` key on PostgreSQL) and every process but one failed. Now the first
one migrates under the database's lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on
PostgreSQL) and the others wait and find the schema up to date. Real processes (``spawn``), released
at the same instant; on SQLite always, on PostgreSQL when the test server answers (conftest).
"""

from __future__ import annotations

import multiprocessing as mp
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.store.variants import write_variants
from yusuan.store.db import current_revision, head_revision, make_engine, migration_lock, upgrade
from yusuan.store.schema import DisclosureRecord

PROCESSES = 4


def _open(url: str, start: float, queue: Any) -> None:
    from yusuan.store.db import open_store

    while time.time() < start:  # all start together
        pass
    try:
        open_store(url).dispose()
        queue.put("ok")
    except Exception as exc:  # reported to the parent, which asserts
        queue.put(f"{type(exc).__name__}: {exc}")


def _ingest(url: str, path: str, start: float, queue: Any) -> None:
    from yusuan.pipeline.api import ingest

    while time.time() < start:
        pass
    try:
        batch = ingest([path], url)
        queue.put(",".join(f"{r.status}:{r.message}" for r in batch.results))
    except Exception as exc:
        queue.put(f"{type(exc).__name__}: {exc}")


def _race(target: Any, args: list[tuple[Any, ...]]) -> list[str]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    start = time.time() + 4  # time for every child to import yusuan
    processes = [ctx.Process(target=target, args=(*a, start, queue)) for a in args]
    for p in processes:
        p.start()
    results = [queue.get(timeout=120) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    return results


def test_processes_opening_a_fresh_database_at_once_all_succeed(db_url: str) -> None:
    assert _race(_open, [(db_url,)] * PROCESSES) == ["ok"] * PROCESSES
    engine = make_engine(db_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_two_ingests_into_a_fresh_database_both_store(db_url: str, tmp_path: Path) -> None:
    files = write_variants(tmp_path / "in", 2)
    results = _race(_ingest, [(db_url, str(f)) for f in files])
    assert sorted(results) == ["stored:", "stored:"], results
    engine = make_engine(db_url)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(DisclosureRecord)) == 2
    engine.dispose()


def test_an_up_to_date_store_is_opened_without_the_lock(db_url: str) -> None:
    """Another process holding the migration lock (a long upgrade, a writer) does not stop a
    command from opening a store that is already at head."""
    engine = make_engine(db_url)
    upgrade(engine)
    other = make_engine(db_url)
    with migration_lock(other):
        began = time.monotonic()
        upgrade(engine)  # returns at once: the revision is read without the lock
        assert time.monotonic() - began < 5
    other.dispose()
    engine.dispose()


def test_a_migration_is_one_transaction_on_sqlite(tmp_path: Path) -> None:
    """The DDL runs inside BEGIN IMMEDIATE: a failing migration leaves no half-made schema."""
    engine = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    try:
        with migration_lock(engine) as connection:
            connection.exec_driver_sql("CREATE TABLE half_made (id INTEGER)")
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    with engine.connect() as connection:
        tables = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_made" not in tables
    engine.dispose()
