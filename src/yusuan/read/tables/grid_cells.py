"""Cells of a grid row by column: which cell covers a column, its text, whether a column holds text or row
numbers, and which of a 决算's amount columns are its 决算数 and which its budget's."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from yusuan.domain.headings import column_key, final_or_budget, is_index_head
from yusuan.read.source import CellRow, SourceCell
from yusuan.read.text import is_amount


def covers(cell: SourceCell, c: int) -> bool:
    col = cell.col or 0
    return col <= c < col + cell.span


def cell_at(r: CellRow, c: int) -> SourceCell | None:
    for cell in r.cells:
        if covers(cell, c):
            return cell
    return None


def text_at(r: CellRow, c: int) -> str:
    cell = cell_at(r, c)
    return cell.text.strip() if cell is not None and (cell.col or 0) == c else ""


def mostly_text(body: list[CellRow], c: int) -> bool:
    texts = [t for r in body if (t := text_at(r, c))]
    return bool(texts) and sum(1 for t in texts if not is_amount(t.replace(" ", ""))) > len(texts) / 2


def is_index_column(path: list[str], texts: list[str], decimals: bool) -> bool:
    """An index column: headed 序号/行次/栏次 … (its cells not classification codes), or headless
    or unknown-headed and holding 1, 2, 3 … consecutive integers while the amounts have decimals."""
    ints = [t for t in texts if re.fullmatch(r"[1-9]\d{0,3}", t)]
    if is_index_head(path):
        return not texts or len(ints) >= len(texts) / 2
    if not decimals or len(ints) < 3 or len(ints) < len(texts) or column_key(path, "expenditure") is not None:
        return False
    numbers = [int(t) for t in ints]  # 1, 2, 3 …: class codes 201, 202, 203 … never start at 1
    return numbers[0] == 1 and all(b == a + 1 for a, b in pairwise(numbers))


def final_beside_budget(paths: dict[int, list[str]], roles: dict[int, Any], keys: dict[int, str]) -> list[str]:
    """A 决算's columns beside its budget's (项目 | 年初预算数 | 决算数, or the two as groups over 小计/基本支出 …):
    the 决算数 is the table's figure (``total``), the 预算数 its ``budget``; a part of the budget
    (年初预算数/基本支出) is not read, its 决算 part is. Only where a 决算 column is printed (a budget keeps its
    预算数). The notes to report."""
    kinds = {c: final_or_budget(paths[c]) for c, role in roles.items() if role == "value"}
    if "final" not in kinds.values() or not {"budget", "adjusted"} & set(kinds.values()):
        return []
    dropped = 0
    for c, kind in kinds.items():
        key = keys.get(c, "")
        if kind in ("final", "budget") and (key in ("total", "amount") or key[1:].isdigit()):
            keys[c] = "total" if kind == "final" else "budget"
        elif kind in ("budget", "adjusted"):  # a part of the budget, or the adjusted budget: not read
            del keys[c], roles[c]
            dropped += 1
    note = "表中决算数与预算数并列：决算数作本表金额读取，年初预算数另列"
    return [note + (f"；预算数的分项栏和调整预算数栏（{dropped} 栏）不读取" if dropped else "")]
