"""``compare --kind 决算`` and ``--execution``: finals compared, and each row beside the other kind with its rates."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.store.test_execution import store
from yusuan.cli import app
from yusuan.model import Disclosure, Table
from yusuan.store import compare as cmp
from yusuan.store import compare_output as cmp_out
from yusuan.store.compare import CompareError
from yusuan.synth.final import final_of
from yusuan.synth.generate import generate

runner = CliRunner()
D = Decimal


def _total(d: Disclosure) -> Decimal:
    table = d.tables["expenditure"]
    assert isinstance(table, Table)
    return next(r.values["total"] for r in table.rows if r.key == "total" and not r.code)


def _name(d: Disclosure) -> str:
    return d.department.name or ""


@pytest.fixture
def stored(engine: Engine) -> tuple[Engine, Disclosure, Disclosure, Disclosure, Disclosure]:
    """A: budget and final; B: budget only; C: final only (three departments of the generator)."""
    firsts: dict[str, Disclosure] = {}
    for d in generate(20, 7):
        firsts.setdefault(_name(d), d)
    a, b, c = list(firsts.values())[:3]
    final_a, final_c = final_of(a, seed=1), final_of(c, seed=2)
    store(engine, a, "a-预算.txt")
    store(engine, final_a, "a-决算.txt")
    store(engine, b, "b-预算.txt")
    store(engine, final_c, "c-决算.txt")
    return engine, a, final_a, b, final_c


def _rows(result: cmp.CompareResult) -> dict[tuple[str, str], cmp.CompareRow]:
    return {(r.department, r.kind): r for r in result.rows}


def test_kind_chooses_budgets_finals_or_all(
    stored: tuple[Engine, Disclosure, Disclosure, Disclosure, Disclosure],
) -> None:
    engine, a, _final_a, b, c = stored
    budgets = _rows(cmp.compare(engine))  # the budgets by default
    assert set(budgets) == {(_name(a), "部门预算"), (_name(b), "部门预算")}
    finals = _rows(cmp.compare(engine, kind="决算"))
    assert set(finals) == {(_name(a), "部门决算"), (_name(c), "部门决算")}
    assert finals[(_name(c), "部门决算")].values["total"] == _total(c)
    assert len(cmp.compare(engine, kind="全部").rows) == 4
    assert len(cmp.compare(engine, kind="部门决算").rows) == 2
    with pytest.raises(CompareError, match="无法识别的类别"):
        cmp.compare(engine, kind="决算书")
    # Without --execution nothing is added.
    assert all(not r.other and not r.rates for r in cmp.compare(engine).rows)


def test_execution_sets_the_other_kind_and_rates(
    stored: tuple[Engine, Disclosure, Disclosure, Disclosure, Disclosure],
) -> None:
    engine, a, final_a, b, c = stored
    rate = (_total(final_a) * 100 / _total(a)).quantize(D("0.1"))
    rows = _rows(cmp.compare(engine, execution=True))
    row_a = rows[(_name(a), "部门预算")]
    assert row_a.other["total"] == _total(final_a) and row_a.rates["total"] == rate and row_a.other_id is not None
    assert D(90) <= rate <= D(105)
    row_b = rows[(_name(b), "部门预算")]
    assert row_b.other_id is None and row_b.other["total"] is None and row_b.rates["total"] is None
    # From the finals' side: the budget beside, the same rate (决算 ÷ 预算).
    finals = _rows(cmp.compare(engine, kind="决算", execution=True))
    assert finals[(_name(a), "部门决算")].other["total"] == _total(a)
    assert finals[(_name(a), "部门决算")].rates["total"] == rate
    assert finals[(_name(c), "部门决算")].rates["total"] is None


def test_execution_in_every_format(
    stored: tuple[Engine, Disclosure, Disclosure, Disclosure, Disclosure], db_url: str, tmp_path: Path
) -> None:
    engine, a, final_a, _b, _c = stored
    rate = format((_total(final_a) * 100 / _total(a)).quantize(D("0.1")), "f")
    result = cmp.compare(engine, execution=True)
    # CSV: the heads with units, the final amount and the rate in the row of A.
    text = io.StringIO()
    cmp_out.write_csv(result, text)
    table = list(csv.reader(io.StringIO(text.getvalue())))
    head = table[0]
    assert "支出合计决算数（万元）" in head and "支出合计执行率（%）" in head and "决算公开编号" in head
    row = next(r for r in table[1:] if r[head.index("部门")] == _name(a))
    assert row[head.index("支出合计执行率（%）")] == rate
    assert row[head.index("支出合计决算数（万元）")] == format(_total(final_a), "f")
    assert len(head) == len(cmp_out.columns(result)) > len(cmp_out.columns())
    # JSON.
    data = json.loads(cmp_out.to_json(result))
    assert data["filters"]["execution"] is True and data["filters"]["kind"] == "预算"
    row_a = next(r for r in data["rows"] if r["department"] == _name(a))
    assert row_a["execution"]["rates"]["total"] == rate and row_a["execution"]["other_kind"] == "部门决算"
    # Excel: the same columns, the rate a number cell; the notes say how the rate is computed.
    from openpyxl import load_workbook

    path = tmp_path / "比较.xlsx"
    cmp_out.write_xlsx(result, path)
    wb = load_workbook(path)
    sheet = wb["比较"]
    heads = [c.value for c in sheet[1]]
    column = heads.index("支出合计执行率（%）") + 1
    names = [row[heads.index("部门")] for row in sheet.iter_rows(values_only=True)]
    assert D(str(sheet.cell(row=names.index(_name(a)) + 1, column=column).value)) == D(rate)
    assert any("执行率 = 决算数 ÷ 预算数" in str(c.value) for c in wb["说明"]["A"])
    # Terminal and the command line.
    shown = runner.invoke(app, ["compare", "--execution", "--db", db_url], env={"COLUMNS": "300"})
    assert shown.exit_code == 0, shown.output
    assert "决算数与执行率" in shown.output and f"({rate}%)" in shown.output
    as_json = runner.invoke(app, ["compare", "--kind", "决算", "--execution", "--format", "json", "--db", db_url])
    assert as_json.exit_code == 0, as_json.output
    assert {r["kind"] for r in json.loads(as_json.stdout)["rows"]} == {"部门决算"}
    plain = runner.invoke(app, ["compare", "--db", db_url], env={"COLUMNS": "300"})
    assert plain.exit_code == 0 and "执行率" not in plain.output and "部门预算比较" in plain.output
    bad = runner.invoke(app, ["compare", "--kind", "决算书", "--db", db_url])
    assert bad.exit_code != 0 and "无法识别的类别" in bad.output
