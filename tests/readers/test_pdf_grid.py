"""The grid rebuilt from ruling lines and words: spans, blanks, placement, backgrounds."""

from __future__ import annotations

from yusuan.read.formats.pdf_grid import Seg, Word, find_grids, join_words, segments_from_drawings


def _frame(xs: list[float], ys: list[float]) -> list[Seg]:
    """A full grid: every horizontal and vertical rule."""
    return [Seg(xs[0], y, xs[-1], y) for y in ys] + [Seg(x, ys[0], x, ys[-1]) for x in xs]


def test_words_land_in_their_cells_and_blank_cells_keep_their_column() -> None:
    xs, ys = [0.0, 100.0, 200.0, 300.0], [0.0, 20.0, 40.0]
    words = [Word(10, 5, 40, 15, "合计"), Word(250, 25, 290, 35, "12.50"), Word(10, 25, 60, 35, "行政运行")]
    (g,) = find_grids(_frame(xs, ys), words)
    assert [[(c.col, c.text) for c in row] for row in g.rows] == [
        [(0, "合计"), (1, ""), (2, "")],
        [(0, "行政运行"), (1, ""), (2, "12.50")],
    ]


def test_a_head_without_the_rule_below_it_spans_columns() -> None:
    ys = [0.0, 20.0, 40.0]
    segs = [Seg(0, y, 300, y) for y in ys] + [Seg(0, 0, 0, 40), Seg(300, 0, 300, 40)]
    segs += [Seg(100, 0, 100, 40), Seg(200, 20, 200, 40)]  # no rule between columns 1 and 2 in the top row
    (g,) = find_grids(segs, [Word(180, 5, 220, 15, "基本支出")])
    top = g.rows[0]
    assert [(c.col, c.colspan, c.text) for c in top] == [(0, 1, ""), (1, 2, "基本支出")]
    assert [c.col for c in g.rows[1]] == [0, 1, 2]


def test_a_name_without_the_rule_below_it_spans_rows() -> None:
    xs = [0.0, 100.0, 200.0]
    segs = [Seg(0, 0, 200, 0), Seg(0, 40, 200, 40), Seg(100, 20, 200, 20)] + [Seg(x, 0, x, 40) for x in xs]
    (g,) = find_grids(segs, [Word(10, 25, 60, 35, "收入")])
    assert [(c.row, c.rowspan, c.text) for c in g.rows[0]] == [(0, 2, "收入"), (0, 1, "")]
    assert [c.col for c in g.rows[1]] == [1]  # the merged cell appears once, in its first row


def test_two_tables_on_a_page_are_two_grids() -> None:
    top = _frame([0.0, 50.0, 100.0], [0.0, 20.0])
    bottom = _frame([0.0, 50.0, 100.0], [100.0, 120.0])
    grids = find_grids(top + bottom, [Word(60, 105, 90, 115, "1.00")])
    assert len(grids) == 2 and grids[1].rows[0][1].text == "1.00"


def test_wrapped_cell_text_joins_without_a_space_but_latin_words_keep_theirs() -> None:
    words = [Word(0, 0, 50, 10, "一般公共预"), Word(0, 12, 10, 22, "算"), Word(60, 0, 80, 10, "IT")]
    assert join_words(words) == "一般公共预IT算"
    assert join_words([Word(0, 0, 10, 10, "A"), Word(12, 0, 20, 10, "B")]) == "A B"


def test_white_backgrounds_are_not_rules_but_shaded_cells_are() -> None:
    class R:
        def __init__(self, x0: float, y0: float, x1: float, y1: float) -> None:
            self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1

    white: dict[str, object] = {"color": None, "fill": (1.0, 1.0, 1.0), "items": [("re", R(0, 0, 500, 800))]}
    shaded: dict[str, object] = {"color": None, "fill": (0.9, 0.9, 0.9), "items": [("re", R(0, 0, 100, 20))]}
    rule: dict[str, object] = {"color": (0, 0, 0), "fill": None, "items": [("re", R(0, 50, 100, 50.5))]}
    segs = segments_from_drawings([white, shaded, rule])
    assert len(segs) == 5  # the shaded cell's four edges and one thin rule; the page background none
    assert Seg(0, 50.25, 100, 50.25) in segs


def test_rules_drawn_piece_by_piece_dashed_or_doubled_are_one_rule_each() -> None:
    xs, ys = [0.0, 100.0, 200.0], [0.0, 20.0, 40.0]
    pieces = [Seg(x, y, x + 3, y) for y in ys for x in range(0, 200, 5)]  # dashes: 3 on, 2 off
    pieces += [Seg(x + d, a, x + d, a + 20) for x in xs for a in ys[:2] for d in (0.0, 1.5)]  # doubled, per row
    (g,) = find_grids(pieces, [Word(150, 25, 190, 35, "2.00")])
    assert g.xs == xs and g.ys == ys
    assert [[(c.col, c.colspan, c.text) for c in row] for row in g.rows] == [
        [(0, 1, ""), (1, 1, "")],
        [(0, 1, ""), (1, 1, "2.00")],
    ]


def test_a_table_without_side_borders_takes_its_sides_from_the_rules_across() -> None:
    segs = [Seg(0, y, 300, y) for y in (0.0, 20.0, 40.0)] + [Seg(100, 0, 100, 40), Seg(200, 0, 200, 40)]
    (g,) = find_grids(segs, [Word(10, 25, 60, 35, "行政运行"), Word(250, 25, 290, 35, "1.00")])
    assert g.xs == [0.0, 100.0, 200.0, 300.0]
    assert [c.text for c in g.rows[1]] == ["行政运行", "", "1.00"]
