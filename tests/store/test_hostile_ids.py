"""Ids and years a user types, out of the range of the store's integer columns (issue 13).

``show 99999999999999999999999``, ``history``, ``list --year``, ``compare --year`` and ``departments
merge/split`` ended in a driver's ``OverflowError`` traceback; the store API now refuses such numbers
with a :class:`StoreError` and a Chinese message naming the number, and the command line prints it
with exit status 2 — on SQLite and on PostgreSQL (whose INTEGER is narrower: 2^31 - 1).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.store.compare import compare
from yusuan.store.db import INT_MAX, StoreError, check_id, check_year, parse_id
from yusuan.store.departments import merge_departments, resolve_department, split_department
from yusuan.store.history import department_history
from yusuan.store.ingest import ingest_file
from yusuan.store.listing import detail, entries, entry, superseded

runner = CliRunner()
HUGE = 99999999999999999999999
#: Just past PostgreSQL's INTEGER: SQLite would take it, PostgreSQL raises NumericValueOutOfRange.
PAST_INT4 = INT_MAX + 1


def test_the_bounds_themselves() -> None:
    assert check_id(1) == 1 and check_id(INT_MAX) == INT_MAX
    assert check_year(None) is None and check_year(2024) == 2024
    assert parse_id(" #12 ") == 12
    for bad in (0, -1, PAST_INT4, HUGE):
        with pytest.raises(StoreError) as raised:
            check_id(bad, "部门编号")
        assert raised.value.code == "store.bad_id" and f"部门编号 {bad} 超出范围" in str(raised.value)
    for year in (0, -3, 10000, HUGE):
        with pytest.raises(StoreError) as raised:
            check_year(year)
        assert raised.value.code == "store.bad_year" and str(year) in str(raised.value)
    for text in ("²", "١٢", "12a", "", "#"):
        with pytest.raises(StoreError):
            parse_id(text)


CALLS: dict[str, Callable[[Engine], object]] = {
    "detail": lambda e: detail(e, HUGE),
    "entry": lambda e: entry(e, PAST_INT4),
    "entries": lambda e: entries(e, year=HUGE),
    "superseded": lambda e: superseded(e, year=HUGE),
    "history": lambda e: department_history(e, HUGE),
    "resolve": lambda e: resolve_department(e, f"#{HUGE}"),
    "merge": lambda e: merge_departments(e, 1, PAST_INT4),
    "merge-first": lambda e: merge_departments(e, HUGE, 1),
    "split": lambda e: split_department(e, HUGE, "乐亭县人民代表大会常务委员会"),
    "compare": lambda e: compare(e, year=HUGE),
}


@pytest.mark.parametrize("call", CALLS, ids=list(CALLS))
def test_the_api_refuses_out_of_range_numbers(engine: Engine, call: str) -> None:
    assert ingest_file(engine, seed_path("000")).status == "stored"  # department 1, disclosure 1
    with pytest.raises(StoreError) as raised:
        CALLS[call](engine)
    assert raised.value.code in {"store.bad_id", "store.bad_year"}
    assert "超出范围" in str(raised.value) or "无效" in str(raised.value)
    assert [e.id for e in entries(engine)] == [1]  # nothing changed


COMMANDS = {
    "show": ["show", str(HUGE)],
    "show-int4": ["show", str(PAST_INT4)],
    "history": ["history", str(HUGE)],
    "history-hash": ["history", f"#{HUGE}"],
    "list": ["list", "--year", str(HUGE)],
    "list-json": ["list", "--json", "--year", str(HUGE)],
    "compare": ["compare", "--year", str(HUGE)],
    "merge": ["departments", "merge", "1", str(HUGE)],
    "split": ["departments", "split", str(HUGE), "--name", "乐亭县人民代表大会常务委员会"],
}


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_the_commands_say_so_in_chinese(engine: Engine, db_url: str, command: str) -> None:
    assert ingest_file(engine, seed_path("000")).status == "stored"
    result = runner.invoke(app, [*COMMANDS[command], "--db", db_url])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "OverflowError" not in result.output
    assert result.exit_code == 2, result.output
    assert "错误：" in result.stderr and ("超出范围" in result.stderr or "无效" in result.stderr), result.stderr


def test_non_ascii_digits_are_names_or_refused(engine: Engine, db_url: str) -> None:
    """``²`` passes ``str.isdigit`` but not ``int()``: a name to look for, or a refused id."""
    assert ingest_file(engine, seed_path("000")).status == "stored"
    for args in (["history", "²"], ["show", "²"], ["show", "١"]):
        result = runner.invoke(app, [*args, "--db", db_url])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert "错误：" in result.stderr and args[1] in result.stderr, result.stderr
