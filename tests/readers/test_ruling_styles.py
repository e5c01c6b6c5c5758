"""Ruled tables drawn in every ruling style read back exactly (issue 11, point 3).

Each test draws a table whose grid of texts is known with PyMuPDF — rules as lines, as thin filled
rectangles, as short per-cell segments, dashed, doubled, each cell its own rectangle, no outer frame,
on rotated pages — reads the file with :func:`yusuan.read.formats.pdf.read_pdf` and asserts every
cell's text and column. A hypothesis test draws random small grids in random styles.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.read.formats.pdf import read_pdf
from yusuan.read.source import CellRow

pymupdf: Any = importlib.import_module("pymupdf")  # untyped

FONT = "china-s"
SIZE = 9.0
ROW_H = 18.0
NAME_W, AMOUNT_W = 130.0, 80.0
LEFT, TOP = 50.0, 120.0

Grid = list[list[str]]
Point = tuple[float, float]


class Canvas:
    """Draws on a page in display coordinates, whatever the page's rotation."""

    def __init__(self, page: Any, rotation: int) -> None:
        self.page = page
        self.rotation = rotation
        self.m = page.derotation_matrix if rotation else None

    def _p(self, x: float, y: float) -> Any:
        p = pymupdf.Point(x, y)
        return p * self.m if self.m is not None else p

    def line(self, a: Point, b: Point, width: float = 0.5, dashes: str | None = None) -> None:
        self.page.draw_line(self._p(*a), self._p(*b), color=(0, 0, 0), width=width, dashes=dashes)

    def box(self, x0: float, y0: float, x1: float, y1: float, *, fill: bool) -> None:
        r = pymupdf.Rect(self._p(x0, y0), self._p(x1, y1))
        r.normalize()
        if fill:
            self.page.draw_rect(r, color=None, fill=(0, 0, 0), width=0)
        else:
            self.page.draw_rect(r, color=(0, 0, 0), width=0.5)

    def text(self, x: float, baseline: float, s: str) -> None:
        self.page.insert_text(self._p(x, baseline), s, fontname=_font(s), fontsize=SIZE, rotate=self.rotation)


def _font(s: str) -> str:
    """Amounts in a Latin font (china-s prints digits full width), Chinese in china-s."""
    return "helv" if s.isascii() else FONT


def _edges(grid: Grid) -> tuple[list[float], list[float]]:
    ncols = len(grid[0])
    xs = [LEFT, LEFT + NAME_W]
    for _ in range(ncols - 1):
        xs.append(xs[-1] + AMOUNT_W)
    ys = [TOP + i * ROW_H for i in range(len(grid) + 1)]
    return xs, ys


# --- ruling styles: each draws the rules of a grid with edges xs, ys --------------------------------


def lines(c: Canvas, xs: list[float], ys: list[float]) -> None:
    for y in ys:
        c.line((xs[0], y), (xs[-1], y))
    for x in xs:
        c.line((x, ys[0]), (x, ys[-1]))


def thin_rects(c: Canvas, xs: list[float], ys: list[float]) -> None:
    for y in ys:
        c.box(xs[0], y - 0.3, xs[-1], y + 0.3, fill=True)
    for x in xs:
        c.box(x - 0.3, ys[0], x + 0.3, ys[-1], fill=True)


def segments(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Every cell edge its own short segment, ends a little short of the crossings."""
    for y in ys:
        for a, b in pairwise(xs):
            c.line((a + 0.4, y), (b - 0.4, y))
    for x in xs:
        for a, b in pairwise(ys):
            c.line((x, a + 0.4), (x, b - 0.4))


def dash_pieces(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Dashed rules drawn dash by dash (3 on, 2 off)."""
    for y in ys:
        x = xs[0]
        while x < xs[-1]:
            c.line((x, y), (min(x + 3, xs[-1]), y))
            x += 5
    for x in xs:
        y = ys[0]
        while y < ys[-1]:
            c.line((x, y), (x, min(y + 3, ys[-1])))
            y += 5


def dash_pattern(c: Canvas, xs: list[float], ys: list[float]) -> None:
    for y in ys:
        c.line((xs[0], y), (xs[-1], y), dashes="[2 2] 0")
    for x in xs:
        c.line((x, ys[0]), (x, ys[-1]), dashes="[2 2] 0")


def double(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Every rule drawn twice, 1.5 pt apart."""
    for d in (0.0, 1.5):
        for y in ys:
            c.line((xs[0], y + d), (xs[-1], y + d))
        for x in xs:
            c.line((x + d, ys[0]), (x + d, ys[-1]))


def cell_boxes(c: Canvas, xs: list[float], ys: list[float]) -> None:
    for y0, y1 in pairwise(ys):
        for x0, x1 in pairwise(xs):
            c.box(x0, y0, x1, y1, fill=False)


def spaced_boxes(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Each cell its own rectangle, 1.5 pt apart (HTML cell spacing)."""
    for y0, y1 in pairwise(ys):
        for x0, x1 in pairwise(xs):
            c.box(x0 + 0.75, y0 + 0.75, x1 - 0.75, y1 - 0.75, fill=False)


def shaded_cells(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """No lines: each cell a light grey filled rectangle, the white gaps between them the rules."""
    for y0, y1 in pairwise(ys):
        for x0, x1 in pairwise(xs):
            r = pymupdf.Rect(c._p(x0 + 0.5, y0 + 0.5), c._p(x1 - 0.5, y1 - 0.5))
            r.normalize()
            c.page.draw_rect(r, color=None, fill=(0.88, 0.88, 0.88), width=0)


def no_side_frame(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Full-width horizontal rules, vertical rules between columns only (no left or right border)."""
    for y in ys:
        c.line((xs[0], y), (xs[-1], y))
    for x in xs[1:-1]:
        c.line((x, ys[0]), (x, ys[-1]))


def three_lines(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Rules across only above and below the heads and under the table; no rule down."""
    for y in (ys[0], ys[1], ys[-1]):
        c.line((xs[0], y), (xs[-1], y))


def no_ruling(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Nothing drawn: the columns are the text's alignment."""


def head_verticals(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """Rules across every row, rules down in the head row only (a body row with amounts shows the
    columns; a table of names only would be one column across)."""
    for y in ys:
        c.line((xs[0], y), (xs[-1], y))
    for x in xs:
        c.line((x, ys[0]), (x, ys[1]))
    for x in (xs[0], xs[-1]):
        c.line((x, ys[1]), (x, ys[-1]))


def head_rules(c: Canvas, xs: list[float], ys: list[float]) -> None:
    """The head row ruled all round, the body printed without any rule."""
    for y in ys[:2]:
        c.line((xs[0], y), (xs[-1], y))
    for x in xs:
        c.line((x, ys[0]), (x, ys[1]))


#: Styles without rules down: columns come from the amounts' alignment, so every column must hold
#: amounts in several rows (MIN_AMOUNT_ROWS) for the lines to look like a table.
UNRULED = {"three_lines": three_lines, "no_ruling": no_ruling, "head_rules": head_rules}

STYLES: dict[str, Callable[[Canvas, list[float], list[float]], None]] = {
    **UNRULED,
    "lines": lines,
    "thin_rects": thin_rects,
    "segments": segments,
    "dash_pieces": dash_pieces,
    "dash_pattern": dash_pattern,
    "double": double,
    "cell_boxes": cell_boxes,
    "spaced_boxes": spaced_boxes,
    "shaded_cells": shaded_cells,
    "no_side_frame": no_side_frame,
    "head_verticals": head_verticals,
}


def draw_table(c: Canvas, grid: Grid, style: str, top: float = TOP) -> None:
    xs, ys = _edges(grid)
    ys = [y - TOP + top for y in ys]
    STYLES[style](c, xs, ys)
    for r, row in enumerate(grid):
        baseline = ys[r] + ROW_H / 2 + SIZE * 0.35
        for k, s in enumerate(row):
            if not s:
                continue
            width = pymupdf.get_text_length(s, fontname=_font(s), fontsize=SIZE)
            if r == 0:  # heads centred
                c.text((xs[k] + xs[k + 1] - width) / 2, baseline, s)
            elif k == 0:  # names left-aligned
                c.text(xs[k] + 4, baseline, s)
            else:  # amounts right-aligned
                c.text(xs[k + 1] - 4 - width, baseline, s)


def write_pdf(path: Path, tables: list[Grid], style: str, rotation: int = 0) -> Path:
    doc = pymupdf.open()
    landscape = rotation in (90, 270)
    page = doc.new_page(width=595, height=842)
    if rotation:
        page.set_rotation(rotation)
    c = Canvas(page, rotation)
    top = TOP
    c.text(LEFT, top - 30, "预算支出表")
    for grid in tables:
        draw_table(c, grid, style, top)
        top += ROW_H * len(grid) + 60
    del landscape
    doc.save(path)
    doc.close()
    return path


def read_grids(path: Path) -> list[list[list[tuple[int, int, str]]]]:
    """Each grid of the file: its rows, each row's cells as (column, span, text)."""
    grids: dict[int, list[list[tuple[int, int, str]]]] = {}
    for b in read_pdf(path).blocks():
        if isinstance(b, CellRow):
            grids.setdefault(b.grid or 0, []).append(
                [(-1 if c.col is None else c.col, c.span, c.text) for c in b.cells]
            )
    return list(grids.values())


def expected(grid: Grid) -> list[list[tuple[int, int, str]]]:
    return [[(k, 1, s) for k, s in enumerate(row)] for row in grid]


SAMPLE: Grid = [
    ["项目", "合计", "基本支出", "项目支出"],
    ["一般公共服务支出", "1,234.50", "1,000.00", "234.50"],
    ["行政运行", "1,000.00", "1,000.00", ""],
    ["一般行政管理事务", "234.50", "", "234.50"],
    ["合计", "1,234.50", "1,000.00", "234.50"],
]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_ruling_style_reads_back_exactly(style: str, tmp_path: Path) -> None:
    path = write_pdf(tmp_path / f"{style}.pdf", [SAMPLE], style)
    assert read_grids(path) == [expected(SAMPLE)]


@pytest.mark.parametrize("rotation", [90, 270])
def test_landscape_page_shown_by_rotation_reads_upright(rotation: int, tmp_path: Path) -> None:
    path = write_pdf(tmp_path / f"r{rotation}.pdf", [SAMPLE], "lines", rotation)
    assert read_grids(path) == [expected(SAMPLE)]
    paras = [b.text for b in read_pdf(path).blocks() if not isinstance(b, CellRow)]
    assert paras == ["预算支出表"]


def test_narrative_and_a_table_of_contents_are_not_tables(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    c = Canvas(page, 0)
    for n, (entry, number) in enumerate([("一、部门职能", "3"), ("二、机构设置", "4"), ("三、收支预算", "12")] * 2):
        c.text(LEFT, TOP + n * ROW_H, entry)
        c.text(500, TOP + n * ROW_H, number)
    for n in range(4):
        c.text(LEFT, 400 + n * ROW_H, f"本年支出合计 1,234.{n}0 万元，比上年增加 12.50 万元。")
    doc.save(tmp_path / "toc.pdf")
    assert read_grids(tmp_path / "toc.pdf") == []


def test_two_tables_on_one_page_are_two_grids(tmp_path: Path) -> None:
    second = [["项目", "金额"], ["因公出国（境）费", "0.00"], ["公务接待费", "1.35"]]
    path = write_pdf(tmp_path / "two.pdf", [SAMPLE, second], "segments")
    assert read_grids(path) == [expected(SAMPLE), expected(second)]


def test_a_missing_rule_still_merges_cells_when_rules_are_short_segments(tmp_path: Path) -> None:
    # Head row: 支出 spans the three amount columns (no vertical rule inside it in the top band).
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    c = Canvas(page, 0)
    xs = [LEFT, LEFT + NAME_W, LEFT + NAME_W + AMOUNT_W, LEFT + NAME_W + 2 * AMOUNT_W]
    ys = [TOP, TOP + ROW_H, TOP + 2 * ROW_H, TOP + 3 * ROW_H]
    for k, y in enumerate(ys):
        for a, b in pairwise(xs):
            if not (k == 1 and a == xs[0]):  # no rule under 项目: it spans two rows
                c.line((a, y), (b, y))
    for x in xs:
        for r, (a, b) in enumerate(pairwise(ys)):
            if not (r == 0 and x == xs[2]):
                c.line((x, a), (x, b))
    for x, y, s in [(xs[0], ys[0], "项目"), (xs[1], ys[0], "支出"), (xs[1], ys[1], "基本"), (xs[2], ys[1], "项目")]:
        c.text(x + 4, y + ROW_H / 2 + 3, s)
    c.text(xs[0] + 4, ys[2] + 12, "合计")
    c.text(xs[1] + 4, ys[2] + 12, "1.00")
    c.text(xs[2] + 4, ys[2] + 12, "2.00")
    doc.save(tmp_path / "m.pdf")
    assert read_grids(tmp_path / "m.pdf") == [
        [
            [(0, 1, "项目"), (1, 2, "支出")],
            [(1, 1, "基本"), (2, 1, "项目")],
            [(0, 1, "合计"), (1, 1, "1.00"), (2, 1, "2.00")],
        ]
    ]


_NAMES = ["行政运行", "机关服务", "其他支出", "工资福利支出", "商品和服务支出", "住房公积金", "办公费", "差旅费"]
_amount = st.builds(lambda whole, cents: f"{whole:,}.{cents:02d}", st.integers(0, 999_999), st.integers(0, 99))
_cell = st.one_of(st.just(""), _amount)


@st.composite
def grids(draw: st.DrawFn, style: str = "lines") -> Grid:
    unruled = style in UNRULED
    ncols = draw(st.integers(2, 5))
    nrows = draw(st.integers(3 if unruled else 1, 6))
    head = ["项目"] + [f"栏{k}" for k in range(1, ncols)]
    body = [[draw(st.sampled_from(_NAMES))] + [draw(_cell) for _ in range(ncols - 1)] for _ in range(nrows)]
    if style in ("head_verticals", "head_rules") and not any(body[0][1:]):  # a row in the heads' columns
        body[0][1] = draw(_amount)
    if unruled:  # every column's amounts in three rows at least: the lines look like a table
        for k in range(1, ncols):
            for r in draw(st.lists(st.integers(0, nrows - 1), min_size=3, max_size=3, unique=True)):
                if not body[r][k]:
                    body[r][k] = draw(_amount)
    return [head, *body]


@st.composite
def styled_grids(draw: st.DrawFn) -> tuple[Grid, str]:
    style = draw(st.sampled_from(sorted(STYLES)))
    return draw(grids(style)), style


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(grid_style=styled_grids(), rotation=st.sampled_from([0, 0, 90, 270]))
def test_random_grids_in_random_styles_read_back_exactly(
    grid_style: tuple[Grid, str], rotation: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    grid, style = grid_style
    path = write_pdf(tmp_path_factory.mktemp("h") / "g.pdf", [grid], style, rotation)
    assert read_grids(path) == [expected(grid)]


@pytest.mark.parametrize("repeat_heads", [True, False])
def test_a_table_continued_over_pages_is_a_grid_on_each_page(repeat_heads: bool, tmp_path: Path) -> None:
    body = [[f"项目{n}", f"{n}.00", f"{n},000.50"] for n in range(1, 9)]
    head = ["项目", "合计", "基本支出"]
    first, second = [head, *body[:4]], ([head] if repeat_heads else []) + body[4:]
    doc = pymupdf.open()
    for grid in (first, second):
        draw_table(Canvas(doc.new_page(width=595, height=842), 0), grid, "segments")
    doc.save(tmp_path / "pages.pdf")
    assert read_grids(tmp_path / "pages.pdf") == [expected(first), expected(second)]
    pages = {b.location.page for b in read_pdf(tmp_path / "pages.pdf").blocks() if isinstance(b, CellRow)}
    assert pages == {1, 2}


def test_a_ruled_and_an_unruled_table_on_one_page_are_two_grids(tmp_path: Path) -> None:
    unruled = [["项目", "合计", "基本支出"], *[[name, f"{n}.50", f"1,00{n}.00"] for n, name in enumerate(_NAMES[:4])]]
    doc = pymupdf.open()
    c = Canvas(doc.new_page(width=595, height=842), 0)
    draw_table(c, SAMPLE, "lines", TOP)
    c.text(LEFT, 360, "表二")
    draw_table(c, unruled, "no_ruling", 400)
    doc.save(tmp_path / "mixed.pdf")
    assert read_grids(tmp_path / "mixed.pdf") == [expected(SAMPLE), expected(unruled)]


def test_amounts_printed_against_a_rule_are_cut_there_but_text_running_on_stays_whole(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    c = Canvas(page, 0)
    xs, ys = [LEFT, LEFT + 60, LEFT + 100, LEFT + 140], [TOP, TOP + ROW_H, TOP + 2 * ROW_H]
    lines(c, xs, ys)
    base = [y + ROW_H / 2 + 3 for y in ys]
    first = "12,345.67"  # wider than its 40 pt cell: runs to the rule, the next amount starts at it
    c.text(xs[2] - pymupdf.get_text_length(first, fontname="helv", fontsize=SIZE) - 0.2, base[0], first)
    c.text(xs[2] + 0.2, base[0], "89,012.34")
    c.text(xs[0] + 2, base[1], "对个人和家庭的补助")  # runs on past its rule into an empty cell
    doc.save(tmp_path / "tight.pdf")
    raw = [w[4] for w in pymupdf.open(tmp_path / "tight.pdf")[0].get_text("words")]
    assert "12,345.6789,012.34" in raw  # PyMuPDF joins them: nothing between
    assert read_grids(tmp_path / "tight.pdf") == [
        [[(0, 1, ""), (1, 1, "12,345.67"), (2, 1, "89,012.34")], [(0, 1, "对个人和家庭的补助"), (1, 1, ""), (2, 1, "")]]
    ]
