"""History with budget and final side by side: three years of a synthetic department, one year with a final only."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.store.test_execution import store
from yusuan.cli import app
from yusuan.model import Disclosure, Table
from yusuan.store.departments import resolve_department
from yusuan.store.history import department_history
from yusuan.synth.final import final_of
from yusuan.synth.generate import generate

runner = CliRunner()
D = Decimal
NAME = "福河省人民代表大会常务委员会"


def _total(d: Disclosure) -> Decimal:
    table = d.tables["expenditure"]
    assert isinstance(table, Table)
    return next(r.values["total"] for r in table.rows if r.key == "total" and not r.code)


@pytest.fixture
def stored(engine: Engine) -> tuple[Engine, dict[int, tuple[Disclosure, Disclosure]]]:
    """Budgets 2021–2023 and finals 2021–2024 of one department (2024: the final only)."""
    budgets = {d.year: d for d in generate(4, 7)}
    pairs: dict[int, tuple[Disclosure, Disclosure]] = {}
    for year, budget in budgets.items():
        assert year is not None
        final = final_of(budget, seed=year)
        if year < 2024:
            store(engine, budget, f"{year}预算.txt")
        store(engine, final, f"{year}决算.txt")
        pairs[year] = (budget, final)
    return engine, pairs


def test_history_shows_budget_final_and_rate(stored: tuple[Engine, dict[int, tuple[Disclosure, Disclosure]]]) -> None:
    engine, pairs = stored
    h = department_history(engine, resolve_department(engine, NAME).id)
    assert [y.year for y in h.years] == [2021, 2022, 2023]  # the budgets
    ex = h.execution
    assert (
        ex is not None
        and ex.paired
        and (ex.budget_kind, ex.final_kind, ex.other_kind) == ("部门预算", "部门决算", "部门决算")
    )
    assert sorted(ex.years) == [2021, 2022, 2023, 2024]
    for year in (2021, 2022, 2023):
        budget, final = pairs[year]
        e = ex.value("total", year)
        assert e is not None and (e.budget, e.final) == (_total(budget), _total(final))
        assert e.rate == (_total(final) * 100 / _total(budget)).quantize(D("0.1"))
        assert h.row("total").values[year].amount == e.budget
        assert ex.value("function:201", year) is not None and ex.value("three_public", year) is not None
    only = ex.value("total", 2024)
    assert only is not None and only.budget is None and only.final == _total(pairs[2024][1]) and only.rate is None
    assert ex.years[2024][0] is None and ex.years[2024][1] is not None
    data = h.to_dict()["execution"]
    first = ex.value("total", 2021)
    assert isinstance(data, dict) and first is not None and first.rate is not None
    assert data["rows"]["total"]["2021"]["rate"] == format(first.rate, "f")


def test_history_cli_prints_final_and_rate(
    stored: tuple[Engine, dict[int, tuple[Disclosure, Disclosure]]], db_url: str
) -> None:
    _engine, pairs = stored
    budget, final = pairs[2022]
    rate = (_total(final) * 100 / _total(budget)).quantize(D("0.1"))
    result = runner.invoke(app, ["history", NAME, "--db", db_url], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "决算（执行率）" in result.output and "2024预算" in result.output
    assert f"{rate}%" in result.output and format(_total(pairs[2024][1]), "f") in result.output
    assert "2024年部门决算：2024决算.txt" in result.output and "执行率 = 部门决算数 ÷ 部门预算数" in result.output
    # From the finals' side: the budgets beside, the same rate.
    reverse = runner.invoke(app, ["history", NAME, "--kind", "部门决算", "--db", db_url], env={"COLUMNS": "400"})
    assert reverse.exit_code == 0, reverse.output
    assert "预算（执行率）" in reverse.output and f"{rate}%" in reverse.output
    data = json.loads(runner.invoke(app, ["history", NAME, "--json", "--db", db_url]).output)
    assert data["execution"]["rows"]["total"]["2022"]["rate"] == format(rate, "f")
    assert data["execution"]["years"][-1]["budget"] is None


def test_history_without_finals_is_unchanged(engine: Engine, db_url: str) -> None:
    budget = next(generate(1, 7))
    store(engine, budget, "预算.txt")
    h = department_history(engine, resolve_department(engine, NAME).id)
    assert h.execution is not None and not h.execution.paired
    result = runner.invoke(app, ["history", NAME, "--db", db_url], env={"COLUMNS": "400"})
    assert result.exit_code == 0 and "执行率" not in result.output
