"""Table grids of real files (DOCX, XLSX/XLS, HTML) turned into the block stream of
:mod:`yusuan.read.source`: what the table readers downstream need is a title paragraph, then
the header rows, then the body rows, then a note.

The file readers collect each table as rows of :class:`GridCell` (absolute grid column, span,
text); :func:`grid_blocks` then

* drops rows whose cells are all blank, and the columns left and right of the table that are
  blank in every row (a sheet whose table starts in column B);
* cuts the grid where a row holds nothing but a table title (several tables on one sheet);
* turns the rows before a table's first row of two or more filled cells into paragraphs (the
  title, the department or unit line typed into a merged first row), and so the rows after its
  last such row that are notes or span several columns (``注：…`` under the table) — but a short
  label merged over some of the table's columns only stays a row of the table (``合计`` over the
  code and name columns of an empty table, its amounts blank);
* fills every other row to the table's width: a blank cell keeps its column, a merged cell
  appears once with its span.

Merged cells: a cell merged across columns appears once, at its first column, with ``span``
columns. A cell merged down over rows has its text in its first row; each later row it covers
gets a blank cell at that column with the same span (the file readers emit those).

Every file reader shares the same bounds, counted by a :class:`Budget` as the file is read:
:data:`MAX_ROWS` filled rows and :data:`MAX_CELLS` filled cells per file, :data:`MAX_CELLS`
grid positions (blank ones included) in the blocks, :data:`MAX_CELLS` grid positions covered by
merged cells — counted *before* the merges are expanded (:meth:`Budget.plan`), so that a few
hundred KB of ``rowspan="65534"`` cannot grow into gigabytes — and :data:`MAX_PARAGRAPHS`
paragraphs; beyond them a :class:`~yusuan.read.errors.ReadError` is raised, no disclosure comes near.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from yusuan.domain.tables import match_title
from yusuan.model import Location
from yusuan.read.errors import ReadError
from yusuan.read.source import Block, CellRow, Para, SourceCell
from yusuan.read.text import join_wrapped, normalize_line

#: Rows with at least one filled cell per file (a whole package is a few thousand).
MAX_ROWS = 20_000
#: Grid cells per file, blank ones included (a department's package has ~10,000; reading 200,000
#: filled cells of a workbook takes ~5 s and ~200 MB, see benchmarks/bounds.py).
MAX_CELLS = 200_000
#: Columns of one table; cells beyond are refused.
MAX_COLUMNS = 1_000
#: Paragraphs per file (a budget disclosure has a few hundred, a 2,000-page one a few tens of thousands).
MAX_PARAGRAPHS = 50_000

_NOTE_PREFIXES = ("注", "说明", "备注", "数据来源", "资料来源")
#: Cells of a department or unit line; cells of column heads.
_META_RE = re.compile(r"预算年度|^(金额)?单位[:：]|编制(单位|部门)[:：]|部门(名称)?[:：]|截止时间")
#: A row label merged over a few columns (``合计``, ``本年支出合计``) is short and no sentence.
_LABEL_CHARS = 12
_SENTENCE_MARKS = "。，；：:,;"
_TITLE_END_RE = re.compile(r"表(?:[（(][^）)]*[）)])?$")


@dataclass
class GridCell:
    text: str
    col: int  # 0-based grid column in the source table or sheet
    span: int = 1
    location: Location = field(default_factory=Location)


@dataclass
class GridRow:
    cells: list[GridCell]
    #: Makes the location of a blank grid position the row has no cell for.
    locate: Callable[[int], Location]

    def filled(self) -> list[GridCell]:
        return [c for c in self.cells if c.text]


def clean_text(pieces: list[str]) -> str:
    """Cell or paragraph text from its lines: variant characters mapped, CJK lines joined without
    a space, runs of spaces collapsed."""
    lines: list[str] = []
    for piece in pieces:
        lines += piece.replace("\r", "\n").replace("\xa0", " ").replace("\u3000", " ").split("\n")
    text = join_wrapped([re.sub(r"[ \t\u200b]+", " ", normalize_line(ln)) for ln in lines])
    return text.strip()


def looks_like_title(text: str) -> bool:
    """A table title: a Hebei title, or a short line ending in 表 without sentence punctuation."""
    squeezed = re.sub(r"\s+", "", text)
    if match_title(squeezed) is not None:
        return True
    return (
        4 <= len(squeezed) <= 40
        and _TITLE_END_RE.search(squeezed) is not None
        and not any(p in squeezed for p in "。，；：:")
    )


class Budget:
    """Counts rows and cells of one file against :data:`MAX_ROWS` and :data:`MAX_CELLS`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0
        self.cells = 0
        self.positions = 0  # grid positions emitted, blank ones included
        self.planned = 0  # grid positions merged cells will cover, counted before they are expanded
        self.paragraphs = 0

    def plan(self, positions: int, where: str) -> None:
        """Count the grid positions merged cells will cover (colspan × rowspan, clipped to the table)
        before they are expanded."""
        self.planned += positions
        if self.planned > MAX_CELLS:
            raise ReadError(
                f"{self.name}：{where}合并单元格展开后的单元格数（已达 {self.planned} 个）超过上限 {MAX_CELLS} 个，"
                "不像是预算公开文件，拒绝读取",
                code="read.too_large",
            )

    def para(self) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise ReadError(
                f"{self.name}：段落数超过上限 {MAX_PARAGRAPHS} 段，不像是预算公开文件，拒绝读取",
                code="read.too_large",
            )

    def emit(self, positions: int) -> None:
        self.positions += positions
        if self.positions > MAX_CELLS:
            raise ReadError(
                f"{self.name}：表格的单元格数超过上限 {MAX_CELLS} 个，不像是预算公开文件，拒绝读取",
                code="read.too_large",
            )

    def take(self, cells: int, where: str) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise ReadError(
                f"{self.name}：{where}表格行数超过上限 {MAX_ROWS} 行，不像是预算公开文件，拒绝读取",
                code="read.too_large",
            )
        if self.cells > MAX_CELLS:
            raise ReadError(
                f"{self.name}：{where}单元格数超过上限 {MAX_CELLS} 个，不像是预算公开文件，拒绝读取",
                code="read.too_large",
            )


def check_columns(name: str, col: int, where: str) -> None:
    if col >= MAX_COLUMNS:
        message = f"{name}：{where}有内容的列超过 {MAX_COLUMNS} 列，不像是预算表格，拒绝读取"
        raise ReadError(message, code="read.too_large")


class GridCounter:
    """Hands out the 1-based table numbers of a file (``CellRow.grid``)."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def grid_blocks(rows: list[GridRow], counter: GridCounter, budget: Budget) -> list[Block]:
    """The paragraphs and cell rows of one table grid (see the module docstring)."""
    kept = [r for r in rows if r.filled()]
    out: list[Block] = []
    segment: list[GridRow] = []
    for row in kept:
        filled = row.filled()
        if len(filled) == 1 and segment and looks_like_title(filled[0].text):
            out += _segment_blocks(segment, counter, budget)
            segment = []
        segment.append(row)
    if segment:
        out += _segment_blocks(segment, counter, budget)
    return out


def _is_table_row(row: GridRow) -> bool:
    return len(row.filled()) >= 2


def _segment_blocks(rows: list[GridRow], counter: GridCounter, budget: Budget) -> list[Block]:
    body = [i for i, r in enumerate(rows) if _is_table_row(r)]
    if not body:
        return [_para(r) for r in rows]
    first = next(i for i, r in enumerate(rows) if i == body[0] or _meta_row(r))
    edge = max(c.col + c.span for r in rows[first : body[-1] + 1] for c in r.filled())
    end = len(rows)
    while end - 1 > body[-1] and _trailer_para(rows[end - 1], edge):
        end -= 1  # the notes under the table (single cells after its last row)
    table, trailing = rows[first:end], rows[end:]
    left = min(c.col for r in table for c in r.filled())
    right = max(c.col + c.span for r in table for c in r.filled())
    budget.emit((right - left) * len(table))
    grid = counter.next()
    out: list[Block] = [_para(r) for r in rows[:first]]
    out += [_cell_row(r, left, right, grid) for r in table]
    out += [_para(r) for r in trailing]
    return out


def _trailer_para(row: GridRow, edge: int) -> bool:
    """A note under the table: one filled cell, ``注…`` or merged over several columns, unless it is a
    short label merged over some of the table's columns only (``合计`` over the code and name columns of
    a table whose amounts are blank): that is a cell of the table. ``edge`` is the table's right end."""
    if len(row.filled()) != 1:
        return False
    cell = row.filled()[0]
    if cell.text.startswith(_NOTE_PREFIXES):
        return True
    label = len(cell.text) <= _LABEL_CHARS and not any(p in cell.text for p in _SENTENCE_MARKS)
    return cell.span >= 2 and not (label and cell.col + cell.span < edge)


def _meta_row(row: GridRow) -> bool:
    """A department or unit line: ``101某某局 预算年度：2023 单位：万元`` in one cell or a few.
    It stays a table row, as in the Hebei template, where it is the table's first row."""
    texts = [c.text for c in row.filled()]
    return len(texts) <= 4 and any(_META_RE.search(t) for t in texts)


def _para(row: GridRow) -> Para:
    cells = row.filled()
    return Para(cells[0].text, cells[0].location)


def _cell_row(row: GridRow, left: int, right: int, grid: int) -> CellRow:
    out: list[SourceCell] = []
    at = left
    for cell in sorted(row.cells, key=lambda c: c.col):
        start, end = max(cell.col, left), min(cell.col + cell.span, right)
        if end <= start or start < at:
            continue  # outside the table, or overlapping a previous cell (a malformed merge)
        out += [SourceCell("", row.locate(c), c - left, 1) for c in range(at, start)]
        out.append(SourceCell(cell.text, cell.location, start - left, end - start))
        at = end
    out += [SourceCell("", row.locate(c), c - left, 1) for c in range(at, right)]
    return CellRow(out, grid)
