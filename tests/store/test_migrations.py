"""Migrations: from an empty database and from every earlier revision to head, data kept; down and
up again; and the migrated schema is exactly the ORM's (alembic finds nothing to autogenerate).
docs/schema.md documents every table and column of it, and its example queries run.

Data are written at each revision with plain table constructs (the ORM describes head only).
Every revision needs an entry in ``SAMPLE_DATA``: a test fails when a new one has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.orm import Session

from tests.conftest import ROOT
from tests.decisions.migration_data import check_0005, data_0005
from yusuan.store.accounts import User, WebSession
from yusuan.store.db import current_revision, downgrade, make_engine, revisions, upgrade
from yusuan.store.schema import Base, CellRecord, DisclosureRecord, Figures, FindingRecord, Money, SourceFile

HEAD = revisions()[-1]
NOW = datetime(2024, 3, 1, 8, 30, tzinfo=UTC)


def _engine(db_url: str) -> Engine:
    return make_engine(db_url)


def _t(name: str, *columns: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table(name, *columns)


def _money(name: str, scale: int = 4) -> sa.ColumnClause[Any]:
    """An amount column as the revision that writes it had it (four decimals before 0003)."""
    return sa.column(name, Money(20 if scale == 4 else 26, scale))


def _data_0001(c: Connection) -> None:
    """A department, a file, a disclosure with a cell, a claim, a target, a review run and a finding."""
    c.execute(
        sa.insert(_t("departments", sa.column("id"), sa.column("name"), sa.column("region"))),
        [{"id": 1, "name": "乐亭县人民代表大会常务委员会", "region": "乐亭县"}],
    )
    c.execute(
        sa.insert(
            _t(
                "department_names",
                *(sa.column(n) for n in ("id", "department_id", "name", "normalized", "region", "code")),
            )
        ),
        [
            {
                "id": 1,
                "department_id": 1,
                "name": "乐亭县人民代表大会常务委员会",
                "normalized": "人大常委会",
                "region": "乐亭县",
                "code": "101",
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "source_files",
                sa.column("id"),
                sa.column("sha256"),
                sa.column("name"),
                sa.column("format"),
                sa.column("size"),
                sa.column("first_seen", sa.DateTime(timezone=True)),
            )
        ),
        [{"id": 1, "sha256": "a" * 64, "name": "000.txt", "format": "txt", "size": 1234, "first_seen": NOW}],
    )
    c.execute(
        sa.insert(
            _t(
                "disclosures",
                *(
                    sa.column(n)
                    for n in (
                        "id",
                        "department_id",
                        "year",
                        "kind",
                        "version",
                        "source_file_id",
                        "layout",
                        "unit",
                        "printed_name",
                        "printed_code",
                        "level",
                        "region",
                        "model_json",
                    )
                ),
                sa.column("current", sa.Boolean()),
                sa.column("created_at", sa.DateTime(timezone=True)),
            )
        ),
        [
            {
                "id": 1,
                "department_id": 1,
                "year": 2023,
                "kind": "部门预算",
                "version": 1,
                "current": True,
                "source_file_id": 1,
                "layout": "pdf-text",
                "unit": "万元",
                "printed_name": "乐亭县人民代表大会常务委员会",
                "printed_code": "101",
                "level": "县",
                "region": "乐亭县",
                "model_json": "{}",
                "created_at": NOW,
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "cells",
                *(
                    sa.column(n)
                    for n in (
                        "id",
                        "disclosure_id",
                        "table_id",
                        "side",
                        "row_no",
                        "code",
                        "row_key",
                        "row_name",
                        "column_key",
                        "page",
                        "line",
                    )
                ),
                _money("amount"),
            )
        ),
        [
            {
                "id": 1,
                "disclosure_id": 1,
                "table_id": "expenditure",
                "side": "main",
                "row_no": 2,
                "code": "2010101",
                "row_key": None,
                "row_name": "行政运行",
                "column_key": "basic",
                "amount": Decimal("322.9125"),
                "page": 3,
                "line": 45,
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "claims",
                *(sa.column(n) for n in ("id", "disclosure_id", "subject", "kind", "unit", "sentence")),
                _money("amount"),
            )
        ),
        [
            {
                "id": 1,
                "disclosure_id": 1,
                "subject": "expenditure",
                "kind": "amount",
                "unit": "万元",
                "sentence": "2023年支出预算593.58万元。",
                "amount": Decimal("593.58"),
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "performance_targets",
                *(sa.column(n) for n in ("id", "disclosure_id", "project", "name")),
                _money("budget"),
                _money("number"),
            )
        ),
        [
            {
                "id": 1,
                "disclosure_id": 1,
                "project": "人大会议",
                "name": "会议次数",
                "budget": Decimal("25"),
                "number": Decimal("4"),
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "review_runs",
                *(
                    sa.column(n)
                    for n in ("id", "disclosure_id", "yusuan_version", "rules", "errors", "warnings", "infos")
                ),
                sa.column("started_at", sa.DateTime(timezone=True)),
            )
        ),
        [
            {
                "id": 1,
                "disclosure_id": 1,
                "yusuan_version": "0.1.0",
                "rules": 31,
                "errors": 1,
                "warnings": 0,
                "infos": 0,
                "started_at": NOW,
            }
        ],
    )
    c.execute(
        sa.insert(
            _t(
                "findings",
                *(
                    sa.column(n)
                    for n in (
                        "id",
                        "review_run_id",
                        "disclosure_id",
                        "rule",
                        "kind",
                        "severity",
                        "title",
                        "message",
                        "values_json",
                        "locations_json",
                    )
                ),
            )
        ),
        [
            {
                "id": 1,
                "review_run_id": 1,
                "disclosure_id": 1,
                "rule": "hierarchy-sum",
                "kind": "arithmetic",
                "severity": "error",
                "title": "上级科目与下级科目之和不符",
                "message": "相差 2.00 万元",
                "values_json": '{"difference": "2.00"}',
                "locations_json": "[]",
            }
        ],
    )


def _data_0002(c: Connection) -> None:
    """Key figures of the disclosure of 0001."""
    c.execute(
        sa.insert(
            _t(
                "figures",
                sa.column("disclosure_id"),
                sa.column("staff"),
                _money("total"),
                _money("three_public"),
                _money("stated_change"),
            )
        ),
        [
            {
                "disclosure_id": 1,
                "staff": 12,
                "total": Decimal("593.58"),
                "three_public": Decimal("8.30"),
                "stated_change": Decimal("-3.25"),
            }
        ],
    )


#: What to write into the database right after upgrading to each revision.
def _data_0003(c: Connection) -> None:
    """A cell printed to six decimals of 万元 (the fen of 元), as Beijing prints its tables."""
    columns = ("id", "disclosure_id", "table_id", "side", "row_no", "code", "row_key", "row_name", "column_key")
    c.execute(
        sa.insert(_t("cells", *(sa.column(n) for n in columns), _money("amount", 6))),
        [
            {
                "id": 2,
                "disclosure_id": 1,
                "table_id": "summary",
                "side": "income",
                "row_no": 1,
                "code": None,
                "row_key": "general",
                "row_name": "一、一般公共预算拨款收入",
                "column_key": "amount",
                "amount": Decimal("29569.515638"),
            }
        ],
    )


def _data_0004(c: Connection) -> None:
    """A user of the web workbench and one of their sessions."""
    def at(name: str = "created_at") -> sa.ColumnClause[Any]:
        return sa.column(name, sa.DateTime(timezone=True))

    users = _t("users", sa.column("id"), sa.column("username"), sa.column("password_hash"), sa.column("role"), at(),
               sa.column("disabled"))  # fmt: skip
    c.execute(
        sa.insert(users),
        [{"id": 1, "username": "审核员甲", "password_hash": "$argon2id$x", "role": "reviewer",
          "created_at": datetime(2026, 12, 5, tzinfo=UTC), "disabled": False}],
    )  # fmt: skip
    sessions = _t("web_sessions", sa.column("id"), sa.column("user_id"), sa.column("csrf"), at(), at("last_seen"))
    c.execute(
        sa.insert(sessions),
        [{"id": "s" * 64, "user_id": 1, "csrf": "c" * 64, "created_at": datetime(2026, 12, 5, tzinfo=UTC),
          "last_seen": datetime(2026, 12, 5, 1, tzinfo=UTC)}],
    )  # fmt: skip


SAMPLE_DATA: dict[str, Callable[[Connection], None]] = {
    "0001": _data_0001, "0002": _data_0002, "0003": _data_0003, "0004": _data_0004, "0005": data_0005,
}  # fmt: skip


def _write(engine: Engine, revision: str) -> None:
    with engine.begin() as c:
        SAMPLE_DATA[revision](c)


def _check_data(engine: Engine, upto: str) -> None:
    """The data written at every revision up to ``upto`` read back through the ORM at head."""
    written = revisions()[: revisions().index(upto) + 1]
    with Session(engine) as s:
        if "0001" in written:
            d = s.get_one(DisclosureRecord, 1)
            assert (d.department.name, d.year, d.version, d.current) == ("乐亭县人民代表大会常务委员会", 2023, 1, True)
            assert d.source.sha256 == "a" * 64 and s.get_one(SourceFile, 1).size == 1234
            assert s.get_one(CellRecord, 1).amount == Decimal("322.9125")
            assert s.get_one(FindingRecord, 1).rule == "hierarchy-sum"
        if "0002" in written:
            f = s.get_one(Figures, 1)
            assert (f.total, f.three_public, f.stated_change, f.staff) == (
                Decimal("593.58"),
                Decimal("8.30"),
                Decimal("-3.25"),
                12,
            )
            assert f.basic is None
        if "0003" in written:
            assert s.get_one(CellRecord, 2).amount == Decimal("29569.515638")
        if "0004" in written:
            user = s.get_one(User, 1)
            assert (user.username, user.role, user.disabled) == ("审核员甲", "reviewer", False)
            assert s.get_one(WebSession, "s" * 64).user_id == 1
        if "0005" in written:
            check_0005(s)


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def _schema_diff(engine: Engine) -> list[Any]:
    with engine.connect() as c:
        context = MigrationContext.configure(c, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(context, Base.metadata))


def test_every_revision_has_sample_data() -> None:
    assert revisions()[0] == "0001"
    assert set(revisions()) <= set(SAMPLE_DATA), "add sample data for the new revision to SAMPLE_DATA"


def test_empty_database_upgrades_to_head(db_url: str) -> None:
    engine = _engine(db_url)
    try:
        assert current_revision(engine) is None and _tables(engine) == set()
        upgrade(engine)
        assert current_revision(engine) == HEAD
        assert _tables(engine) == set(Base.metadata.tables)
        upgrade(engine)  # again: nothing to do
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


@pytest.mark.parametrize("start", revisions()[:-1])
def test_data_written_at_an_earlier_revision_survive_the_upgrade(db_url: str, start: str) -> None:
    engine = _engine(db_url)
    try:
        for revision in revisions()[: revisions().index(start) + 1]:
            upgrade(engine, revision)
            _write(engine, revision)
        assert current_revision(engine) == start
        upgrade(engine)
        assert current_revision(engine) == HEAD
        _check_data(engine, start)
        assert _schema_diff(engine) == []
    finally:
        engine.dispose()


def test_step_by_step_upgrade_with_data_at_every_revision(db_url: str) -> None:
    engine = _engine(db_url)
    try:
        for revision in revisions():
            upgrade(engine, revision)
            assert current_revision(engine) == revision
            _write(engine, revision)
        _check_data(engine, HEAD)
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_round_trip(db_url: str) -> None:
    engine = _engine(db_url)
    try:
        for revision in revisions():  # data written as each revision stores it
            upgrade(engine, revision)
            _write(engine, revision)
        full = _tables(engine)
        # Down one revision at a time: each keeps the tables of the revisions below it and their data.
        for below in reversed(revisions()[:-1]):
            downgrade(engine, below)
            assert current_revision(engine) == below
            assert _tables(engine) <= full
        assert _tables(engine) and "disclosures" in _tables(engine)
        upgrade(engine)
        assert _tables(engine) == full and _schema_diff(engine) == []
        with Session(engine) as s:
            assert s.get_one(CellRecord, 1).amount == Decimal("322.9125")  # kept through the round trip
            assert s.get(Figures, 1) is None  # its table was dropped and made again
        downgrade(engine, "base")
        assert current_revision(engine) is None and _tables(engine) == set()
        upgrade(engine)
        assert current_revision(engine) == HEAD and _tables(engine) == full and _schema_diff(engine) == []
    finally:
        engine.dispose()


def test_orm_metadata_matches_the_migrated_schema(db_url: str) -> None:
    engine = _engine(db_url)
    try:
        upgrade(engine)
        assert _schema_diff(engine) == []
    finally:
        engine.dispose()


# docs/schema.md: every table and column documented, nothing documented that does not exist, and
# its example queries run.

SCHEMA_DOC = ROOT / "docs" / "schema.md"
#: The table Alembic keeps, documented beside the ORM's tables.
ALEMBIC_TABLE = {"alembic_version": {"version_num"}}


def _documented() -> dict[str, set[str]]:
    """``### `table` `` headings and the `` `column` `` first cells of the table rows under them."""
    documented: dict[str, set[str]] = {}
    table: str | None = None
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table = None
        elif heading := re.fullmatch(r"### `(\w+)`", line.strip()):
            table = heading.group(1)
            documented[table] = set()
        elif table is not None and (row := re.match(r"\| `(\w+)` \|", line)):
            documented[table].add(row.group(1))
    return documented


def _schema_columns() -> dict[str, set[str]]:
    columns = {name: {c.name for c in t.columns} for name, t in Base.metadata.tables.items()}
    return columns | ALEMBIC_TABLE


def test_schema_doc_documents_every_table_and_column() -> None:
    documented = _documented()
    actual = _schema_columns()
    missing = {t: sorted(cols - documented.get(t, set())) for t, cols in actual.items()}
    assert {t: c for t, c in missing.items() if c} == {}, "document these in docs/schema.md"
    stale = {t: sorted(cols - actual.get(t, set())) for t, cols in documented.items()}
    assert {t: c for t, c in stale.items() if c} == {}, "docs/schema.md names columns that do not exist"
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    assert "NUMERIC(26,6)" in text and "millionths" in text and "中文摘要" in text


def _example_queries(dialect: str) -> list[str]:
    """The ```sql blocks of docs/schema.md for ``dialect``: unmarked ones and those whose first line
    is ``-- SQLite`` or ``-- PostgreSQL``."""
    blocks = re.findall(r"```sql\n(.*?)```", SCHEMA_DOC.read_text(encoding="utf-8"), flags=re.S)
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    chosen = []
    for block in blocks:
        marker = re.match(r"-- (\w+)\n", block)
        if marker is None or marker.group(1) == names[dialect]:
            chosen.append(block)
    return chosen


def test_schema_doc_example_queries_run(engine: Engine, tmp_path: Path) -> None:
    from tests.store.variants import write_variants
    from yusuan.store.ingest import ingest_file

    for path in write_variants(tmp_path, 2):
        assert ingest_file(engine, path).status == "stored"
    queries = _example_queries(engine.dialect.name)
    assert len(queries) >= 6
    with engine.connect() as c:
        results = [c.execute(sa.text(q)).all() for q in queries]
    cells = results[1]
    assert cells and all(len(row) == 5 for row in cells)  # disclosure 1's expenditure table
