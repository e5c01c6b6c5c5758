"""Tables printed without ruling: columns from the words' alignment across lines.

Used only on a page where no ruled grid was found. A line's words are joined into chunks (words
closer than about a character apart belong to one cell); a run of lines is a table when at least
:data:`MIN_AMOUNT_ROWS` of them carry an amount whose right edge lines up with the others' (amounts
are printed right-aligned in a column) and every line of it has its chunks between the same
column gaps. The columns are the x-gaps that no chunk of the table's body crosses; a head chunk
that crosses a gap spans the columns it covers. Narrative text (one chunk a line) and tables of
contents (page numbers are not amounts) never qualify.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from yusuan.read.formats.pdf_grid import Grid, GridCell, Word, join_words, text_lines

#: Rows with an amount in one right-aligned column that make a run of lines a table.
MIN_AMOUNT_ROWS = 3
#: Right edges of amounts within this (points) are one column.
ALIGN = 2.5
#: An unruled table starting this close under a ruled grid (points) is that grid's body.
ATTACH = 24.0
#: A column gap narrower than this is the space between words of one cell (and so is a gap under
#: one and a half line heights between two words of a line).
MIN_GAP = 6.0

_AMOUNT_RE = re.compile(r"^[-−(（]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?[)）]?$")


@dataclass
class _Chunk:
    x0: float
    x1: float
    words: list[Word]

    @property
    def text(self) -> str:
        return join_words(self.words)


def is_amount(text: str) -> bool:
    """An amount as tables print it: 1,234.50, 0.00, 12345 — not a page number (one or two digits)."""
    if not _AMOUNT_RE.match(text):
        return False
    return "." in text or "," in text or sum(ch.isdigit() for ch in text) >= 3


def _chunks(line: list[Word]) -> list[_Chunk]:
    out: list[_Chunk] = []
    for w in line:
        height = w.y1 - w.y0
        if out and w.x0 - out[-1].x1 < max(MIN_GAP, height * 1.5):
            out[-1].x1 = max(out[-1].x1, w.x1)
            out[-1].words.append(w)
        else:
            out.append(_Chunk(w.x0, w.x1, [w]))
    return out


def find_column_tables(words: Sequence[Word]) -> list[Grid]:
    """The unruled tables among ``words`` (a page without ruled grids), each as a grid whose cells
    hold their words; the words of other lines stay outside every grid."""
    lines = [line for line in text_lines(words) if line]
    chunked = [_chunks(line) for line in lines]
    grids: list[Grid] = []
    i = 0
    while i < len(lines):
        j = _run_end(lines, chunked, i)
        grid = _table(lines[i:j], chunked[i:j]) if j - i >= MIN_AMOUNT_ROWS else None
        if grid is not None:
            grids.append(grid)
        i = max(j, i + 1)
    return grids


def with_column_rows(grids: list[Grid], words: Sequence[Word]) -> list[Grid]:
    """The page's ruled grids, with the unruled tables among the words outside them: one that
    starts right under a grid, within its sides, is that grid's body printed under heads ruled
    alone — its rows join the grid in the grid's columns; any other is a table of its own."""
    outside = [w for w in words if not any(g.contains(w) for g in grids)]
    out = list(grids)
    for table in find_column_tables(outside):
        x0, y0, x1, _ = table.box
        above = [
            g for g in grids if 0 <= y0 - g.ys[-1] <= ATTACH and g.xs[0] - ATTACH <= x0 and x1 <= g.xs[-1] + ATTACH
        ]
        if above:
            _attach(above[-1], table)
        else:
            out.append(table)
    out.sort(key=lambda g: g.ys[0])
    return out


def _attach(grid: Grid, table: Grid) -> None:
    nc = len(grid.xs) - 1
    for band, top, bottom in zip(table.owner, table.ys, table.ys[1:], strict=False):
        r = len(grid.rows)
        cells = [GridCell(r, c, 1, 1, (grid.xs[c], top, grid.xs[c + 1], bottom)) for c in range(nc)]
        for w in (w for k, cell in enumerate(band) if cell.col == k for w in cell.words):
            x = (w.x0 + w.x1) / 2
            cells[_column(grid.xs, x)].words.append(w)
        grid.ys.append(bottom)
        grid.rows.append(cells)
        grid.owner.append(cells)


def _run_end(lines: list[list[Word]], chunked: list[list[_Chunk]], i: int) -> int:
    """The end of the run of lines starting at ``i``: lines of two or more chunks, or of one short
    chunk (a name whose amounts are blank), without a gap of more than two line heights."""
    if len(chunked[i]) < 2 or _prose(chunked[i]):
        return i + 1
    j = i + 1
    while j < len(lines) and not _prose(chunked[j]):
        prev, line = lines[j - 1], lines[j]
        height = max(w.y1 - w.y0 for w in line)
        if min(w.y0 for w in line) - max(w.y1 for w in prev) > height * 2:
            break
        if len(chunked[j]) < 2 and not any(is_amount(c.text) for c in chunked[j]) and not _name_only(chunked, i, j):
            break
        j += 1
    return j


def _name_only(chunked: list[list[_Chunk]], i: int, j: int) -> bool:
    """Line ``j`` is a row whose amounts are all blank: its one chunk ends before the second
    column of the lines above begins."""
    (chunk,) = chunked[j]
    second = min(row[1].x0 for row in chunked[i:j] if len(row) > 1)
    return not _caption(chunk.text) and chunk.x1 < second


def _table(lines: list[list[Word]], chunked: list[list[_Chunk]]) -> Grid | None:
    amounts = [c for row in chunked for c in row if is_amount(c.text)]
    if not amounts:
        return None
    # The right-aligned amount columns: right edges shared by MIN_AMOUNT_ROWS rows or more.
    edges = sorted(c.x1 for c in amounts)
    best, k = 0, 0
    for n, e in enumerate(edges):
        while e - edges[k] > ALIGN:
            k += 1
        best = max(best, n - k + 1)
    if best < MIN_AMOUNT_ROWS:
        return None
    # The body: from the first line with an amount; head lines are those above it, below the last
    # caption (a line with a label and colon, as 部门：… 单位：…, is not a column head).
    first = next(n for n, row in enumerate(chunked) if any(is_amount(c.text) for c in row))
    start = max((n + 1 for n in range(first) if any(_caption(c.text) for c in chunked[n])), default=0)
    lines, chunked, first = lines[start:], chunked[start:], first - start
    body = [c for row in chunked[first:] for c in row]
    left = min(c.x0 for row in chunked for c in row)
    right = max(c.x1 for row in chunked for c in row)
    xs = _gaps(body, left, right)
    if len(xs) < 3:
        return None
    ys = [min(w.y0 for w in lines[0]) - 1]
    for a, b in pairwise(lines):
        ys.append((max(w.y1 for w in a) + min(w.y0 for w in b)) / 2)
    ys.append(max(w.y1 for w in lines[-1]) + 1)
    rows: list[list[GridCell]] = []
    owner: list[list[GridCell]] = []
    for r, row in enumerate(chunked):
        band = _band(r, row, xs, ys)
        rows.append([cell for c, cell in enumerate(band) if cell.col == c])
        owner.append(band)
    return Grid(xs, ys, rows, owner)


def _band(r: int, row: list[_Chunk], xs: list[float], ys: list[float]) -> list[GridCell]:
    """The cells of row ``r`` by column: each chunk in the columns it covers (a chunk over a
    column already taken joins that cell), blank cells elsewhere."""
    nc = len(xs) - 1
    band: list[GridCell | None] = [None] * nc
    for chunk in row:
        c0, c1 = _column(xs, chunk.x0 + 0.5), _column(xs, chunk.x1 - 0.5)
        taken = [cell for cell in band[c0 : c1 + 1] if cell is not None]
        if taken:
            taken[0].words.extend(chunk.words)
            continue
        cell = GridCell(r, c0, 1, c1 - c0 + 1, (xs[c0], ys[r], xs[c1 + 1], ys[r + 1]), list(chunk.words))
        band[c0 : c1 + 1] = [cell] * (c1 - c0 + 1)
    return [
        cell if cell is not None else GridCell(r, c, 1, 1, (xs[c], ys[r], xs[c + 1], ys[r + 1]))
        for c, cell in enumerate(band)
    ]


def _prose(chunks: list[_Chunk]) -> bool:
    """A line of running text: sentence punctuation, which table cells do not print."""
    return any(mark in c.text for c in chunks for mark in "。，；")


def _caption(text: str) -> bool:
    return "：" in text or text.endswith(":")


def _gaps(chunks: list[_Chunk], left: float, right: float) -> list[float]:
    """Column edges: the table's sides and the middle of every x-gap of at least MIN_GAP that no
    chunk crosses."""
    spans = sorted((c.x0, c.x1) for c in chunks)
    edges = [left - 1]
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach >= MIN_GAP:
            edges.append((a + reach) / 2)
        reach = max(reach, b)
    edges.append(right + 1)
    return edges


def _column(xs: list[float], x: float) -> int:
    for c in range(len(xs) - 1):
        if x < xs[c + 1]:
            return c
    return len(xs) - 2
