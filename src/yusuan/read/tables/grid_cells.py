"""Cells of a grid row by column: which cell covers a column, its text, whether a column holds text or row numbers."""

from __future__ import annotations

import re
from itertools import pairwise

from yusuan.domain.headings import column_key, is_index_head
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
