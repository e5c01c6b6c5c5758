"""The grids of a final account (部门决算) as the national 决算 template prints them.

Two layouts, both read by meaning:

- ``national`` (the default, as 财政部's template prints it): each side of the two summaries as 项目 | 行次 |
  金额 (the 财政拨款 summary's expenditure side: 小计 and the three funds), the 行次 numbering the lines of both
  sides in one sequence; the 三公 table printed across — a 预算数 group and a 决算数 group, each 合计 | 因公出国（境）费
  | 公务用车购置及运行维护费 (小计 | 购置费 | 运行维护费) | 公务接待费 — with one row of amounts;
- ``rows``: the summaries as 项目 | 决算数 without 行次, the 三公 items as rows with 预算数 and 决算数 columns (as some
  provinces print it).

:func:`final_grid` returns the rows of the grid after the department line (the heads, then the body) and the
relative column widths, or None where the table is printed as the budget's (function and economic tables).
"""

from __future__ import annotations

from typing import Literal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.final_template import published_columns
from yusuan.model import AnyTable, Row, Table, TwoSidedTable
from yusuan.publish.textlayout import side_by_side

FinalLayout = Literal["national", "rows"]
FINAL_LAYOUTS: tuple[FinalLayout, ...] = ("national", "rows")

Cells = tuple[tuple[str, int, int, bool], ...]  # (text, colspan, rowspan, is a head)
#: The 三公 items printed across, in order: (row key, head, the group head above it or None).
_ACROSS: tuple[tuple[str, str, str | None], ...] = (
    ("total", "合计", None),
    ("abroad", figure_name("abroad"), None),
    ("vehicle", "小计", figure_name("vehicle")),
    ("vehicle_purchase", figure_name("vehicle_purchase"), figure_name("vehicle")),
    ("vehicle_operation", figure_name("vehicle_operation"), figure_name("vehicle")),
    ("reception", figure_name("reception"), None),
)


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> tuple[str, int, int, bool]:
    return text, colspan, rowspan, True


def _v(text: str) -> tuple[str, int, int, bool]:
    return text, 1, 1, False


def _amount(row: Row | None, key: str) -> str:
    value = row.values.get(key) if row is not None else None
    return "" if value is None else format(value, "f")


def _two_sided(table_id: str, table: TwoSidedTable, kind: str) -> tuple[list[Cells], tuple[float, ...]]:
    cols = published_columns(table_id, kind)
    pairs = side_by_side(table)
    heads: list[Cells] = [
        (_h("收入", 3), _h("支出", 2 + len(cols.keys))),
        (_h("项目"), _h("行次"), _h("金额"), _h("项目"), _h("行次"), *(_h(t) for t in cols.heads))
        if len(cols.keys) > 1
        else (_h("项目"), _h("行次"), _h("金额"), _h("项目"), _h("行次"), _h("金额")),
    ]
    body: list[Cells] = []
    for n, (income, spent) in enumerate(pairs, start=1):
        left = (_v(income.name), _v(str(n)), _v(_amount(income, "amount"))) if income else (_v(""), _v(""), _v(""))
        number = str(n + len(pairs))
        right = (
            (_v(spent.name), _v(number), *(_v(_amount(spent, k)) for k in cols.keys))
            if spent
            else (_v(""), _v(""), *(_v("") for _ in cols.keys))
        )
        body.append((*left, *right))
    return heads + body, (16.0, 3.5, 7.0, 16.0, 3.5, *(7.0 for _ in cols.keys))


def _three_public_across(table: Table) -> tuple[list[Cells], tuple[float, ...]]:
    rows = {r.key: r for r in table.rows if r.key}
    group: list[tuple[str, int, int, bool]] = []
    items: list[tuple[str, int, int, bool]] = []
    for _ in ("预算数", "决算数"):
        for key, head, above in _ACROSS:
            if above is None:
                group.append(_h(head, rowspan=2))
            elif key == "vehicle":
                group.append(_h(above, colspan=3))
                items.append(_h(head))
            else:
                items.append(_h(head))
    top = (_h("预算数", colspan=len(_ACROSS)), _h("决算数", colspan=len(_ACROSS)))
    values = tuple(_v(_amount(rows.get(key), column)) for column in ("budget", "total") for key, _, _ in _ACROSS)
    return [top, tuple(group), tuple(items), values], tuple(6.0 for _ in range(2 * len(_ACROSS)))


def final_grid(
    table_id: str, table: AnyTable, kind: str, layout: FinalLayout
) -> tuple[list[Cells], tuple[float, ...]] | None:
    """The heads and body of a 决算 table in ``layout`` where it differs from the budget's grid, else None."""
    if layout != "national":
        return None
    if isinstance(table, TwoSidedTable) and (table.income or table.expenditure):
        return _two_sided(table_id, table, kind)
    if table_id == "three_public" and isinstance(table, Table) and table.rows:
        return _three_public_across(table)
    return None
