"""A final account's 三公 table prints each item's 预算数 and 决算数 side by side — under each item, or as two
groups heading the items: the 决算数 is the figure (``total``), the 预算数 its budget (``budget``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import yusuan

D = Decimal

ITEMS = "<th>合计</th><th>因公出国（境）费</th><th>公务用车购置费</th><th>公务用车运行维护费</th><th>公务接待费</th>"

UNDER_EACH_ITEM = f"""<table border="1"><caption>一般公共预算财政拨款“三公”经费支出决算表</caption>
<tr>{ITEMS.replace("<th>", '<th colspan="2">')}</tr>
<tr>{"<th>预算数</th><th>决算数</th>" * 5}</tr>
<tr><td>12.00</td><td>10.50</td><td>2.00</td><td>1.50</td><td>0.00</td><td>0.00</td>
<td>6.00</td><td>5.00</td><td>4.00</td><td>4.00</td></tr></table>"""

TWO_GROUPS = f"""<table border="1"><caption>一般公共预算财政拨款“三公”经费支出决算表</caption>
<tr><th colspan="5">预算数</th><th colspan="5">决算数</th></tr>
<tr>{ITEMS}{ITEMS}</tr>
<tr><td>12.00</td><td>2.00</td><td>0.00</td><td>6.00</td><td>4.00</td>
<td>10.50</td><td>1.50</td><td>0.00</td><td>5.00</td><td>4.00</td></tr></table>"""


@pytest.mark.parametrize("table", [UNDER_EACH_ITEM, TWO_GROUPS], ids=["under-each-item", "two-groups"])
def test_final_and_budget_of_each_three_public_item(tmp_path: Path, table: str) -> None:
    path = tmp_path / "final.html"
    path.write_text(f'<html><head><meta charset="utf-8"></head><body><p>某某局2024年度部门决算</p>{table}'
                    "</body></html>", encoding="utf-8")  # fmt: skip
    d = yusuan.read(path)
    assert d.kind == "部门决算"
    rows = {r.key: r.values for r in d.tables["three_public"].rows}  # type: ignore[union-attr]
    assert rows["total"] == {"total": D("10.50"), "budget": D("12.00")}
    assert rows["abroad"] == {"total": D("1.50"), "budget": D("2.00")}
    assert rows["vehicle_operation"] == {"total": D("5.00"), "budget": D("6.00")}
    assert rows["reception"] == {"total": D("4.00"), "budget": D("4.00")}
