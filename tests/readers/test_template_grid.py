"""Which real files are read by position as the Hebei 2023 template: those whose standard tables'
heads end with a 栏次 row — most of them, not just one (regression: a package of another template in
which a single table numbered its columns 栏次 was read positionally and lost eight of its nine tables)."""

from __future__ import annotations

from yusuan.model import Location
from yusuan.read.source import CellRow, Para, SourceCell, SourceText
from yusuan.read.tables.positional import hebei_grid

TITLES = (
    "公开01表 收支预算总表",
    "公开02表 收入预算总表",
    "公开03表 支出预算总表",
    "公开04表 财政拨款收支预算总表",
)


def _row(*texts: str, grid: int) -> CellRow:
    return CellRow([SourceCell(t, Location(page=1), col=i) for i, t in enumerate(texts)], grid=grid)


def _package(marked: set[int]) -> SourceText:
    blocks: list[Para | CellRow] = []
    for n, title in enumerate(TITLES):
        blocks.append(Para(title, Location(page=n + 1)))
        blocks.append(_row("项目", "预算数", grid=n))
        if n in marked:
            blocks.append(_row("栏次", "1", grid=n))
        blocks.append(_row("合计", "100.00", grid=n))
    return SourceText.from_blocks("pdf", blocks, pages=len(TITLES))


def test_one_table_with_a_column_number_row_is_not_the_hebei_template() -> None:
    assert not hebei_grid(_package({3}))


def test_most_tables_with_a_column_number_row_are_the_hebei_template() -> None:
    assert hebei_grid(_package({0, 1, 2, 3}))
    assert hebei_grid(_package({0, 1, 2}))


def test_half_is_not_most() -> None:
    assert not hebei_grid(_package({0, 1}))


def test_no_titles_at_all_falls_back_on_the_mark() -> None:
    untitled = SourceText.from_blocks("docx", [_row("栏次", "1", grid=0), _row("合计", "1.00", grid=0)])
    assert hebei_grid(untitled)
    assert not hebei_grid(SourceText.from_blocks("docx", [_row("合计", "1.00", grid=0)]))
