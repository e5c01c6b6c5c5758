"""Migration 0005: its tables are exactly the ORM's, data written at 0004 survive it, its own data
read back, and it goes down to 0004 and up again."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

import yusuan.store.accounts
import yusuan.store.decisions
import yusuan.store.uploads
from tests.decisions.migration_data import check_0005, data_0005
from tests.store import test_migrations as store_migrations
from yusuan.store.db import current_revision, downgrade, make_engine, revisions, upgrade
from yusuan.store.schema import Base

MINE = {"finding_decisions", "upload_jobs", "upload_files", "document_files"}
_MODELS = (yusuan.store.accounts, yusuan.store.decisions, yusuan.store.uploads)  # their tables in Base.metadata


def _diff(engine: Engine) -> list[Any]:
    with engine.connect() as c:
        context = MigrationContext.configure(c, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(context, Base.metadata))


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_0005_is_after_0004() -> None:
    assert revisions().index("0005") == revisions().index("0004") + 1


def test_0005_upgrades_keeps_data_and_round_trips(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001")
        with engine.begin() as c:
            store_migrations._data_0001(c)
        upgrade(engine, "0004")
        assert not MINE & _tables(engine)
        upgrade(engine, "0005")
        assert current_revision(engine) == "0005"
        assert _tables(engine) >= MINE
        with engine.begin() as c:
            data_0005(c)
        upgrade(engine)
        with Session(engine) as session:
            check_0005(session)
        if current_revision(engine) == "0005":  # the head: the ORM and the migrated schema agree
            assert _diff(engine) == []
        downgrade(engine, "0004")
        assert not MINE & _tables(engine) and "disclosures" in _tables(engine)
        upgrade(engine)
        assert _tables(engine) >= MINE
    finally:
        engine.dispose()


@pytest.mark.parametrize("table", sorted(MINE))
def test_every_table_of_0005_is_in_the_metadata(table: str) -> None:
    assert table in Base.metadata.tables
