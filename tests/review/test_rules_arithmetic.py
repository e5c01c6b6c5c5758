"""Arithmetic rules (DOMAIN.md R1–R3, R8, R9): mutations of the consistent document, and the seeds."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import seed_path
from tests.review.mutate import base, cells, findings, noisy_ids, put, row, rows, run, shift
from yusuan.model import Row
from yusuan.model.jsonio import from_json
from yusuan.review.engine import review
from yusuan.review.registry import RULES

os.environ["YUSUAN_DEBUG"] = "1"

D = Decimal
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
ARITHMETIC = sorted(i for i, r in RULES.items() if r.kind == "arithmetic")


def test_rule_catalogue() -> None:
    assert ARITHMETIC == [
        "final-summary-balance", "hierarchy-sum", "rounding-difference", "row-sum", "summary-balance",
        "three-public-sum",
    ]  # fmt: skip
    for rule_id in ARITHMETIC:
        r = RULES[rule_id]
        assert r.refs and r.basis and r.title and r.doc


# -- summary-balance ------------------------------------------------------------------------------
def test_summary_balance_fires() -> None:
    d = base()
    other = next(r for r in rows(d, "summary") if r.name.endswith("人行科目"))
    put(other, "amount", "1.00")  # an item without a 类 code: no other table sees it
    result = run(d)
    assert noisy_ids(result) == {"summary-balance"}
    [f] = findings(result, "summary-balance")
    assert f.severity == "error" and f.kind == "arithmetic"
    assert "部门预算收支总表中“本年支出合计”应等于各项支出之和" in f.message
    assert "“本年支出合计” 预算数 593.58 万元" in f.message
    assert "“三十一、人行科目” 1.00" in f.message
    assert "= 594.58 万元，相差 1.00 万元" in f.message
    assert f.values["stated"] == D("593.58")
    assert f.values["computed"] == D("594.58")
    assert f.values["difference"] == D("-1.00")
    assert f.values["201"] == D("485.91")
    current = row(d, "summary", "current_total")
    assert f.locations[0].row == "current_total" and f.locations[0].line == current.location.line
    assert ("summary", None, "amount") in cells(f)  # the uncoded, unkeyed 人行科目 row
    assert ("summary", "201", "amount") in cells(f)


def test_summary_balance_fires_grand_totals() -> None:
    d = base()
    put(row(d, "summary", "carryover"), "amount", "1.00")  # 年终结转结余 (expenditure side)
    put(row(d, "summary", "grand_total"), "amount", "594.58")  # 支出总计 = 本年支出合计 + 结转: consistent
    result = run(d)
    assert noisy_ids(result) == {"summary-balance"}
    [f] = findings(result, "summary-balance")
    assert "“收入总计”应等于“支出总计”" in f.message
    assert "“收入总计” 593.58 万元，但“支出总计” 594.58 万元，相差 1.00 万元" in f.message
    assert f.values == {"stated": D("593.58"), "computed": D("594.58"), "difference": D("-1.00"),
                        "grand_total_expenditure": D("594.58")}
    assert cells(f) == [("summary", "grand_total", "amount"), ("summary", "grand_total", "amount")]
    assert f.locations[0].line != f.locations[1].line  # income side, then expenditure side


def test_summary_balance_fires_per_column() -> None:
    d = base()
    r201 = row(d, "fiscal_summary", "201")
    put(r201, "total", "486.91")
    put(r201, "general", "486.91")
    result = run(d)
    # The fiscal summary's 201 row is also compared with the general-budget table's 201 (R6): that
    # second relationship necessarily breaks with the same change.
    assert noisy_ids(result) == {"summary-balance", "fiscal-summary-vs-tables"}
    [f] = findings(result, "summary-balance")  # one finding for both broken columns
    assert "部门预算财政拨款收支总表中“本年支出合计”应等于各项支出之和" in f.message
    assert "“本年支出合计” 合计栏 593.58 万元" in f.message
    assert "= 594.58 万元，相差 1.00 万元（一般公共预算财政拨款栏同）" in f.message  # the same numbers: named once
    assert f.values["total_difference"] == D("-1.00")
    assert f.values["general_difference"] == D("-1.00")
    assert f.values["general_201"] == D("486.91")
    assert ("fiscal_summary", "current_total", "general") in cells(f)
    assert ("fiscal_summary", "201", "total") in cells(f)


def test_summary_balance_quiet() -> None:
    assert "summary-balance" not in noisy_ids(run(base()))
    # A visibly rounded figure within ±0.01 per term: 485.9 printed with one decimal.
    d = base()
    put(row(d, "summary", "201"), "amount", "485.9")
    assert "summary-balance" not in noisy_ids(run(d))
    # Another template without 本年合计/总计 rows: nothing to check.
    d = base()
    summary = d.tables["summary"]
    summary.income = [r for r in summary.income if r.key not in ("current_total", "carryover", "grand_total")]  # type: ignore[union-attr]
    assert "summary-balance" not in noisy_ids(run(d))


# -- row-sum --------------------------------------------------------------------------------------
def test_row_sum_fires() -> None:
    d = base()
    put(row(d, "income", "2010104"), "carryover", "1.00")
    result = run(d)
    # The carryover cell is also a term of 20101's carryover column (款 = Σ 项): hierarchy-sum breaks too.
    assert noisy_ids(result) == {"row-sum", "hierarchy-sum"}
    [f] = findings(result, "row-sum")
    assert f.message == (
        "部门预算收入总表“人大会议”(2010104)：合计 25.00 万元，但本年收入小计 25.00 + 上年结转 1.00 = 26.00 万元，"
        "相差 1.00 万元（超出四舍五入允许的 ±0.015 万元）"
    )
    assert f.values == {"stated": D("25.00"), "computed": D("26.00"), "difference": D("-1.00"),
                        "subtotal": D("25.00"), "carryover": D("1.00")}
    assert cells(f) == [("income", "2010104", c) for c in ("total", "subtotal", "carryover")]
    assert f.locations[0].line == row(d, "income", "2010104").location.line
    [h] = findings(result, "hierarchy-sum")
    assert h.locations[0].row == "20101"


def test_row_sum_fires_expenditure_blank_terms() -> None:
    d = base()
    put(row(d, "fiscal_summary", "208"), "general", "56.78")  # transposed digits in one cell
    result = run(d)
    # The cell is also a term of 本年支出合计 (one column of R1) and is compared with general_budget (R6).
    assert noisy_ids(result) == {"row-sum", "summary-balance", "fiscal-summary-vs-tables"}
    [f] = findings(result, "row-sum")
    assert "部门预算财政拨款收支总表“八、社会保障和就业支出”(208)：合计 56.87 万元" in f.message
    assert (
        "一般公共预算财政拨款 56.78 + 政府性基金预算财政拨款 空白 + 国有资本经营预算财政拨款 空白 = 56.78 万元"
    ) in f.message
    assert f.values["difference"] == D("0.09")


def test_row_sum_quiet() -> None:
    assert "row-sum" not in noisy_ids(run(base()))
    # A total printed with one decimal (1.7 for 1.68) may be off by ±0.05: within the bound, a 尾差 (info).
    d = base()
    put(row(d, "basic_expenditure", "30201"), "total", "1.7")
    put(row(d, "basic_expenditure", "302"), "total", "25.53")
    put(row(d, "basic_expenditure", "total"), "total", "430.60")
    put(row(d, "basic_expenditure", "total"), "public", "25.53")
    put(row(d, "basic_expenditure", "302"), "public", "25.53")
    assert "row-sum" not in noisy_ids(run(d))
    # A template without the 本年收入小计 column: its equations are not checked.
    d = base()
    for r in rows(d, "income"):
        put(r, "subtotal", None)
    assert "row-sum" not in noisy_ids(run(d))


# -- hierarchy-sum --------------------------------------------------------------------------------
def test_hierarchy_sum_fires() -> None:
    d = base()
    r = row(d, "income", "2010104")
    for column in ("total", "subtotal", "fiscal"):
        put(r, column, "26.00")  # the row adds up, its parent 20101 no longer does
    result = run(d)
    assert noisy_ids(result) == {"hierarchy-sum"}
    [f] = findings(result, "hierarchy-sum")  # one finding for the three broken columns
    assert f.message.startswith("部门预算收入总表“人大事务”(20101)与所属各项之和不符：")
    assert "“人大事务”(20101) 合计栏 485.91 万元，但“行政运行”(2010101) 322.91 + " in f.message
    assert "= 486.91 万元，相差 1.00 万元" in f.message
    # the parent and its five 项 are six amounts rounded to the cent: ±0.03 万元
    assert f.message.endswith("相差 1.00 万元（本年收入小计栏、财政拨款收入栏同）（超出四舍五入允许的 ±0.03 万元）")
    for column in ("total", "subtotal", "fiscal"):
        assert f.values[f"{column}_stated"] == D("485.91")
        assert f.values[f"{column}_computed"] == D("486.91")
        assert f.values[f"{column}_difference"] == D("-1.00")
        assert f.values[f"{column}_2010104"] == D("26.00")
        assert ("income", "20101", column) in cells(f)
        assert ("income", "2010104", column) in cells(f)
    assert not any(c[2] == "carryover" for c in cells(f))


def test_hierarchy_sum_fires_total_row() -> None:
    d = base()
    total = row(d, "income", "total")
    put(total, "carryover", "1.00")  # a carryover in the 合计 row that no 类 row carries
    put(total, "total", "594.58")  # the 合计 row itself adds up
    result = run(d)
    # The 合计 row's 上年结转 is also compared with the summary's 上年结转结余 (R4), which is blank.
    assert noisy_ids(result) == {"hierarchy-sum", "summary-vs-income"}
    [f] = findings(result, "hierarchy-sum")
    assert f.message.startswith("部门预算收入总表“合计”与各类科目之和不符：")
    assert "“合计” 合计栏 594.58 万元，但“一般公共服务支出”(201) 485.91 + “社会保障和就业支出”(208) 56.87 + " in (
        f.message
    )
    assert "“合计” 上年结转栏 1.00 万元，但“一般公共服务支出”(201) 空白 + " in f.message
    assert set(f.values) >= {"total_stated", "total_201", "carryover_stated", "carryover_221"}
    assert f.values["carryover_difference"] == D("1.00")
    assert ("income", "221", "carryover") in cells(f)
    assert not any(c[2] == "fiscal" for c in cells(f))


def test_hierarchy_sum_quiet() -> None:
    assert "hierarchy-sum" not in noisy_ids(run(base()))
    # 款 rows without their 项 rows (another template's level of detail): nothing to add up below them.
    d = base()
    table = d.tables["income"]
    table.rows = [r for r in table.rows if not (r.code and len(r.code) == 7)]  # type: ignore[union-attr]
    assert "hierarchy-sum" not in noisy_ids(run(d))
    # Children rounded to one decimal, within ±0.01 per term.
    d = base()
    put(row(d, "income", "2101101"), "total", "15.5")
    put(row(d, "income", "2101103"), "total", "4.3")
    for code in ("21011", "210", "total"):  # 19.81 against 15.5 + 4.3 = 19.80: within ±0.02
        put(row(d, "income", code), "total", "19.81" if code != "total" else "593.59")
    assert "hierarchy-sum" not in noisy_ids(run(d))


# -- three-public-sum -----------------------------------------------------------------------------
def _three_public_row(d: object, key: str, name: str, value: str, after: str) -> None:
    table = d.tables["three_public"]  # type: ignore[attr-defined]
    at = next(i for i, r in enumerate(table.rows) if r.key == after)
    table.rows.insert(at + 1, Row(key=key, name=name, values={"total": D(value), "general": D(value)}))


def test_three_public_sum_fires() -> None:
    d = base()
    # The template's split of 因公出国: a sub-row with 0.50 under a blank 因公出国（境）费 row.
    _three_public_row(d, "abroad_academic", "其中：教学科研人员因公出国（境）费", "0.50", "abroad")
    _three_public_row(d, "abroad_other", "其他因公出国（境）费", "0", "abroad_academic")
    result = run(d)
    assert noisy_ids(result) == {"three-public-sum"}
    [f] = findings(result, "three-public-sum")
    assert f.message.startswith("部门预算财政拨款“三公”经费支出表“一、因公出国（境）费”与")
    assert (
        "“一、因公出国（境）费” 合计栏 空白，但“其中：教学科研人员因公出国（境）费” 0.50 + “其他因公出国（境）费” 0.00"
    ) in f.message
    assert "相差 0.50 万元" in f.message
    assert f.values["total_stated"] == 0 and f.values["total_computed"] == D("0.50")
    assert f.values["general_abroad_academic"] == D("0.50")
    assert ("three_public", "abroad", "total") in cells(f)
    assert ("three_public", "abroad_academic", "general") in cells(f)


def test_three_public_sum_fires_blank_vehicle_row() -> None:
    """平乡 (003): 公务用车购置及运维费 blank while its 运行维护费 is 6.80."""
    d = base()
    vehicle = row(d, "three_public", "vehicle")
    vehicle.values.clear()
    result = run(d)
    hits = findings(result, "three-public-sum")
    assert [h.locations[0].row for h in hits] == ["subtotal", "vehicle"]
    subtotal, own = hits
    assert (
        "“三公”经费小计 合计栏 8.30 万元，但“一、因公出国（境）费” 空白 + “二、公务用车购置及运维费” 空白 + "
        "“三、公务接待费” 1.50 = 1.50 万元，相差 6.80 万元"
    ) in subtotal.message
    assert subtotal.values["total_difference"] == D("6.80")
    assert own.values["total_difference"] == D("-6.80")
    assert ("three_public", "vehicle_operation", "total") in cells(own)


def test_three_public_sum_quiet() -> None:
    assert "three-public-sum" not in noisy_ids(run(base()))
    # Figures printed with one decimal: 6.8 + 1.5 against a 合计 of 8.31 is within ±0.03.
    d = base()
    for key, value in (("total", "8.31"), ("subtotal", "8.31"), ("vehicle", "6.8"), ("vehicle_operation", "6.8"),
                       ("reception", "1.5")):
        put(row(d, "three_public", key), "total", value)
        put(row(d, "three_public", key), "general", value)
    assert "three-public-sum" not in noisy_ids(run(d))
    # A template without the 小计 row: 合计 is the top of the tree.
    d = base()
    table = d.tables["three_public"]
    table.rows = [r for r in table.rows if r.key != "subtotal"]  # type: ignore[union-attr]
    assert "three-public-sum" not in noisy_ids(run(d))


# -- the seeds ------------------------------------------------------------------------------------
#: Every arithmetic finding on the seeds: (seed, rule, table, row of the first location, its source line).
SEED_FINDINGS = {
    # 003 平乡 三公表 (lines 1556–1605): “三公”经费小计 8.3 but 因公出国 blank + 公务用车购置及运维费 blank +
    # 公务接待费 1.50 = 1.50; the 6.80 of 运行维护费 is not carried up into its parent row.
    ("003", "three-public-sum", "three_public", "subtotal", 1556),
    # 003 平乡 三公表 line 1584: 二、公务用车购置及运维费 printed blank, its parts 购置费 blank + 运行维护费 6.80.
    ("003", "three-public-sum", "three_public", "vehicle", 1584),
}


def test_seed_findings_arithmetic() -> None:
    found = set()
    for path in sorted(GOLDEN.glob("*.json")):
        result = review(from_json(path.read_text(encoding="utf-8")), only=ARITHMETIC)
        for f in result.findings:
            first = f.locations[0]
            found.add((path.name[:3], f.rule, first.table, first.row, first.line))
    assert found == SEED_FINDINGS


def test_seed_findings_arithmetic_match_seed_text() -> None:
    """The cited lines are the rows the messages name (checked against the seed text when available)."""
    lines = seed_path("003").read_text(encoding="utf-8").splitlines()
    assert lines[1556 - 1 : 1556 + 2] == ["\t2", "\t“三公”经费小计", "\t8.3"]
    assert lines[1584 - 1 : 1584 + 3] == ["\t6", "\t二、公务用车购置及运维费", "\t", "\t"]
    assert lines[1598 - 1 : 1598 + 2] == ["\t8", "\t          公务用车运行维护费", "\t6.80"]


@pytest.mark.parametrize("rule_id", ["summary-balance", "row-sum", "hierarchy-sum", "three-public-sum"])
def test_tables_absent_are_not_checked(rule_id: str) -> None:
    d = base()
    d.tables.clear()
    assert rule_id not in noisy_ids(run(d))


def test_shift_keeps_tables_consistent() -> None:
    d = base()
    shift(d, "income", "2010104", {"total": "1", "subtotal": "1", "fiscal": "1"})
    assert {"row-sum", "hierarchy-sum"}.isdisjoint(noisy_ids(run(d)))
