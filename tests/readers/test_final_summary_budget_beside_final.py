"""Regression: a 决算 summary printing 年初预算数 beside 决算数 on both sides (some provinces do). The 决算数 is the
summary's amount and the 年初预算数 is kept apart — before, the budget column took the amount's place, and the
summary's balance over the carry-over was reported broken."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yusuan
from yusuan.model import TwoSidedTable
from yusuan.review.engine import review

D = Decimal
ROWS = [
    ("一、一般公共预算财政拨款收入", "100.00", "98.00", "一、一般公共服务支出", "90.00", "88.00"),
    ("二、其他收入", "", "2.00", "二、社会保障和就业支出", "10.00", "12.00"),
    ("本年收入合计", "100.00", "100.00", "本年支出合计", "100.00", "100.00"),
    ("年初结转和结余", "", "5.00", "年末结转和结余", "", "5.00"),
    ("总计", "100.00", "105.00", "总计", "100.00", "105.00"),
]


def _html() -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in ROWS)
    return (
        "<html><body><p>示例市财政局2024年度部门决算</p><p>收入支出决算总表</p><table border=1>"
        "<tr><td colspan=3>编制单位：示例市财政局</td><td colspan=3>单位：万元</td></tr>"
        "<tr><td colspan=3>收入</td><td colspan=3>支出</td></tr>"
        "<tr><td>项目</td><td>年初预算数</td><td>决算数</td><td>项目</td><td>年初预算数</td><td>决算数</td></tr>"
        f"{body}</table></body></html>"
    )


def test_the_final_figure_is_the_amount_beside_its_budget(tmp_path: Path) -> None:
    path = tmp_path / "示例市财政局-2024-决算.html"
    path.write_text(_html(), encoding="utf-8")
    d = yusuan.read(path)
    assert d.kind == "部门决算"
    summary = d.tables["summary"]
    assert isinstance(summary, TwoSidedTable)
    income = {r.key: r.values.get("amount") for r in summary.income}
    spent = {r.key or r.code: r.values.get("amount") for r in summary.expenditure}
    assert income == {"general": D("98.00"), "other": D("2.00"), "current_total": D("100.00"),
                      "carryover": D("5.00"), "grand_total": D("105.00")}  # fmt: skip
    assert spent == {"201": D("88.00"), "208": D("12.00"), "current_total": D("100.00"), "carryover": D("5.00"),
                     "grand_total": D("105.00")}  # fmt: skip
    assert [f.rule for f in review(d).findings if f.severity != "info"] == []


def test_a_function_table_with_budget_and_final_groups_reads_the_final_parts(tmp_path: Path) -> None:
    """年初预算数 and 决算数 as two groups over 小计 / 基本支出 / 项目支出: the 决算's parts are the table's
    columns, the budget's 小计 its ``budget``, the budget's parts not read (before, they took the 决算's place:
    four false row-sum errors)."""
    rows = [
        ("", "合计", "110.00", "80.00", "30.00", "100.00", "75.00", "25.00"),
        ("201", "一般公共服务支出", "110.00", "80.00", "30.00", "100.00", "75.00", "25.00"),
        ("2010601", "行政运行", "80.00", "80.00", "", "75.00", "75.00", ""),
        ("2010602", "一般行政管理事务", "30.00", "", "30.00", "25.00", "", "25.00"),
    ]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path = tmp_path / "示例市财政局-2024-决算.html"
    path.write_text(
        "<html><body><p>示例市财政局2024年度部门决算</p><p>一般公共预算财政拨款支出决算表</p><table border=1>"
        "<tr><td colspan=8>单位：万元</td></tr>"
        "<tr><td colspan=2>项目</td><td colspan=3>年初预算数</td><td colspan=3>决算数</td></tr>"
        "<tr><td>科目编码</td><td>科目名称</td><td>小计</td><td>基本支出</td><td>项目支出</td><td>小计</td>"
        f"<td>基本支出</td><td>项目支出</td></tr>{body}</table></body></html>",
        encoding="utf-8",
    )
    d = yusuan.read(path)
    table = d.tables["general_budget"]
    assert [(r.code, r.values) for r in table.rows][2:] == [  # type: ignore[union-attr]
        ("2010601", {"budget": D("80.00"), "total": D("75.00"), "basic": D("75.00")}),
        ("2010602", {"budget": D("30.00"), "total": D("25.00"), "project": D("25.00")}),
    ]
    assert [f.rule for f in review(d).findings if f.severity != "info"] == []


def test_the_adjusted_budget_is_not_taken_for_the_initial_one(tmp_path: Path) -> None:
    """年初预算数 | 调整预算数 | 决算数: the 年初预算数 is the ``budget`` (what a 决算 is held to and compared with the
    stored budget), the 调整预算数 is not read, the 决算数 is the figure."""
    rows = [("", "合计", "100.00", "120.00", "115.00"), ("2010601", "行政运行", "100.00", "120.00", "115.00")]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    path = tmp_path / "示例市财政局-2024-决算.html"
    path.write_text(
        "<html><body><p>示例市财政局2024年度部门决算</p><p>一般公共预算财政拨款支出决算表</p><table border=1>"
        "<tr><td colspan=5>单位：万元</td></tr><tr><td>科目编码</td><td>科目名称</td><td>年初预算数</td>"
        f"<td>调整预算数</td><td>决算数</td></tr>{body}</table></body></html>",
        encoding="utf-8",
    )
    table = yusuan.read(path).tables["general_budget"]
    assert [r.values for r in table.rows] == [{"budget": D("100.00"), "total": D("115.00")}] * 2  # type: ignore[union-attr]
