"""A table printed as column groups side by side, each with its own codes, names and amounts (人员经费 科目编码 /
科目名称 / 金额 | 公用经费 科目编码 / 科目名称 / 金额 — a common layout of 基本支出 tables): each grid row holds
one row of each group, read group by group with the group's column (not one row with two codes)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yusuan

D = Decimal

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<p>某某局2024年部门预算</p>
<table border="1"><caption>一般公共预算基本支出表</caption>
<tr><th colspan="3">人员经费</th><th colspan="3">公用经费</th></tr>
<tr><th>科目编码</th><th>科目名称</th><th>金额</th><th>科目编码</th><th>科目名称</th><th>金额</th></tr>
<tr><td>301</td><td>工资福利支出</td><td>100.00</td><td>302</td><td>商品和服务支出</td><td>30.00</td></tr>
<tr><td>30101</td><td>基本工资</td><td>60.00</td><td>30201</td><td>办公费</td><td>10.00</td></tr>
<tr><td>30102</td><td>津贴补贴</td><td>40.00</td><td>30211</td><td>差旅费</td><td>20.00</td></tr>
<tr><td>303</td><td>对个人和家庭的补助</td><td>5.00</td><td></td><td></td><td></td></tr>
<tr><td>30302</td><td>退休费</td><td>5.00</td><td></td><td></td><td></td></tr>
</table></body></html>"""


def test_side_by_side_groups_read_group_by_group(tmp_path: Path) -> None:
    path = tmp_path / "basic.html"
    path.write_text(PAGE, encoding="utf-8")
    d = yusuan.read(path)
    table = d.tables["basic_expenditure"]
    rows = [(r.code, r.name, r.values) for r in table.rows]  # type: ignore[union-attr]
    assert rows == [
        ("301", "工资福利支出", {"personnel": D("100.00")}),
        ("30101", "基本工资", {"personnel": D("60.00")}),
        ("30102", "津贴补贴", {"personnel": D("40.00")}),
        ("303", "对个人和家庭的补助", {"personnel": D("5.00")}),
        ("30302", "退休费", {"personnel": D("5.00")}),
        ("302", "商品和服务支出", {"public": D("30.00")}),
        ("30201", "办公费", {"public": D("10.00")}),
        ("30211", "差旅费", {"public": D("20.00")}),
    ]
    assert d.reading is not None
    assert any("并排列示" in n for n in d.reading.notes)
    [reading] = [t for t in d.reading.tables if t.table == "basic_expenditure"]
    assert reading.checks > 0 and reading.passed == reading.checks
