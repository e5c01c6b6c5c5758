"""R13 on the performance targets of other templates (issue 12, point 4): the department-wide target's
budget, the 项目支出 the project budgets add up to, tables that print no indicator levels, units printed
in the indicator's name, dates as values."""

from __future__ import annotations

import copy
import os
from decimal import Decimal

from yusuan.model import Disclosure, Indicator, Location, PerformanceProject, Row, Table
from yusuan.read.sections.perf_common import make_indicator
from yusuan.review.engine import review
from yusuan.review.finding import Finding
from yusuan.review.rules.performance import _unit_problem
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding

D = Decimal


def base() -> Disclosure:
    return copy.deepcopy(consistent())


def only(d: Disclosure, rule_id: str) -> list[Finding]:
    return [f for f in review(d).findings if f.rule == rule_id]


def expenditure_total(d: Disclosure) -> Decimal:
    t = d.table("expenditure")
    assert t is not None
    return next(r for r in t.rows if r.key == "total").values["total"]


# -- performance-department-budget ---------------------------------------------------------------------


def department(budget: Decimal, unit: str | None = None) -> PerformanceProject:
    return PerformanceProject(name="示例县人大常委会", kind="department", budget=budget, unit=unit)


def test_performance_department_budget_fires() -> None:
    d = base()
    total = expenditure_total(d)
    d.performance.append(department(total - D("52.54")))
    [f] = only(d, "performance-department-budget")
    assert f.severity == "warning"
    assert f.values == {"budget": total - D("52.54"), "expenditure": total, "difference": D("-52.54")}
    assert f.message.startswith(f"部门整体支出绩效目标表（示例县人大常委会）的资金总额为 {total - D('52.54')} 万元")
    assert [(e.table, e.column) for e in f.locations] == [("expenditure", "total"), ("performance", "budget")]


def test_performance_department_budget_quiet() -> None:
    d = base()
    total = expenditure_total(d)
    assert only(d, "performance-department-budget") == []  # no department-wide target
    d.performance.append(department(total))
    assert only(d, "performance-department-budget") == []
    # printed in 元 and cut (not rounded) to 万元 by the other table: within the digits printed
    d.performance[-1] = department(total * 10000 + D("91.33"), unit="元")
    assert only(d, "performance-department-budget") == []
    d.performance[-1] = department(total + D("0.009"))
    d.performance[-1].budget = (total + D("0.009")).quantize(D("0.01"), rounding="ROUND_DOWN")
    assert only(d, "performance-department-budget") == []


# -- performance-budget-sum on other templates -----------------------------------------------------------


def test_budget_sum_compares_with_the_project_table_and_is_an_info_below_it_elsewhere() -> None:
    d = base()
    listed = sum((p.budget or D(0) for p in d.performance), D(0))
    # the 项目支出表 prints the list the targets cover: its 合计 is compared, not the 支出总表's column
    d.tables["project_expenditure"] = Table(
        title="项目支出预算表", rows=[Row(key="total", name="合计", values={"total": listed + D("200.00")})]
    )
    [f] = only(d, "performance-budget-sum")
    assert (f.severity, f.values["expenditure"]) == ("warning", listed + D("200.00"))  # the Hebei template
    d.template = "guangdong"
    [f] = only(d, "performance-budget-sum")
    assert f.severity == "info" and "只公开重点项目" in f.message
    d.tables["project_expenditure"].rows[0].values["total"] = listed - D("1.00")  # type: ignore[union-attr]
    [f] = only(d, "performance-budget-sum")
    assert f.severity == "warning"  # more listed than the 项目支出: wrong on any template


# -- indicators -------------------------------------------------------------------------------------------


def test_level_rule_skips_tables_that_print_no_levels() -> None:
    d = base()
    for p in d.performance:
        for i in p.indicators:
            i.level1 = i.level2 = None
    assert only(d, "performance-indicator-level-missing") == []
    d.performance[0].indicators[0].level1 = "产出指标"  # levels printed: a project without 效益/满意度 is found
    assert ["没有效益指标、满意度指标" in f.message for f in only(d, "performance-indicator-level-missing")] == [True]


def indicator(name: str, value: str) -> Indicator:
    i = make_indicator(name, value, Location(page=1))
    return i


def test_units_dates_and_lists() -> None:
    assert _unit_problem(indicator("档案整理数量", "4130箱")) is None
    assert _unit_problem(indicator("数据中心设备维护量", "≥330台（套）")) is None
    assert _unit_problem(indicator("完成时间", "2026年10月底前")) is None  # a date is no quantity
    assert _unit_problem(indicator("发放户数", "≥225户、≥1800户")) is None
    assert _unit_problem(indicator("服务人数", "170")) == "没有计量单位"
    assert _unit_problem(indicator("开展视察次数", "≥2开展视察次数")) == "单位栏填的是指标名称"
    assert _unit_problem(indicator("安全事故", "0重大事故")) == "单位栏填的不是计量单位"
