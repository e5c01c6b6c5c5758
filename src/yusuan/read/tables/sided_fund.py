"""A fund's expenditure table printed as a two-sided 收支表 (政府性基金收支表: 收入 beside 支出 by
function class, by economic class …): its rows are the 支出 side's function classes, its 合计 the
本年支出合计 — the income side and the economic column groups are not rows of the table."""

from __future__ import annotations

import re

from yusuan.domain.classification import summary_item_class
from yusuan.model import Problem
from yusuan.read.source import CellRow
from yusuan.read.tables.grid_rows import Layout, read_rows
from yusuan.read.tables.raw import RawRow

_SIDE_RE = re.compile(r"^(收入|支出)$")
_NUMBERING_RE = re.compile(r"^[一二三四五六七八九十]+、")


def printed_two_sided(head: list[CellRow]) -> bool:
    """Whether the heads name a 收入 side and a 支出 side (a 收支表 layout)."""
    words = {re.sub(r"\s+", "", t) for r in head for t in r.texts}
    return {"收入", "支出"} <= {w for w in words if _SIDE_RE.match(w)}


def fund_rows(
    table_id: str, head: list[CellRow], body: list[CellRow], scale: int, problems: list[Problem]
) -> tuple[Layout, list[RawRow]]:
    """The layout read as a 收支表, and the table's rows: one per function class of the 支出 side, and its
    本年支出合计 as the 合计 row."""
    lay = Layout.build("summary", head, body)
    lay.table = table_id
    out: list[RawRow] = []
    for r in read_rows(lay, body, scale, problems):
        if r.side != "expenditure" or r.key not in (None, "current_total"):
            continue
        code = None if r.key else summary_item_class(r.name)
        if r.key is None and code is None:
            continue  # 上缴上级支出 and the like: not a function class
        value = (r.fixed or {}).get("amount")
        fixed = {} if value is None else {"total": value}
        key = "total" if r.key == "current_total" else None
        name = "合计" if key else _NUMBERING_RE.sub("", r.name)
        out.append(RawRow(table_id, "main", name, ("total",), r.location, code=code, key=key, fixed=fixed))
    spending = next((p for p in lay.pairs if p.side == "expenditure" and not p.economic and not p.use), None)
    lay.keys_by_col = {c: "total" for c in (spending.values[:1] if spending else [])}
    lay.notes.append("此表按收支表列示，读取其支出方按功能分类的各类及其合计")
    return lay, out
