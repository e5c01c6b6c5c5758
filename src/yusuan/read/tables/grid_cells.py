"""Cells of a grid row by column: which cell covers a column, its text, whether a column holds text."""

from __future__ import annotations

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
