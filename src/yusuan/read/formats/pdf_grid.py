"""Rebuild ruled tables from a PDF page's ruling lines and positioned words.

A ruled table is a set of horizontal and vertical segments. :func:`find_grids` snaps them to
distinct x and y positions, groups touching segments into tables, and decides for every pair of
neighbouring grid cells whether a rule separates them — where none does the cells are merged
(a header cell spanning columns, a name spanning rows). Words are then placed in the cell that
contains their centre. Everything here is pure geometry on plain tuples, so it is fast (no layout
model, no per-character work) and testable without a PDF.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: Segments closer than this (points) touch: one table.
SNAP = 2.0
#: Collinear pieces of a rule: positions within ALIGN, gaps up to JOIN (dashes, per-cell pieces).
ALIGN, JOIN = 0.5, 4.0
#: Rules closer than this are one rule (a double line; two cell boxes' neighbouring edges).
DOUBLE = 4.0
#: Rules across that run on past the last rule down by more than this: the table has no side border.
OPEN = 8.0
#: A filled rectangle thinner than this is a rule drawn as a rectangle.
THIN = 3.0
#: A table needs at least this many rows and columns of cells.
MIN_ROWS, MIN_COLS = 1, 2


class Seg(NamedTuple):
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) rule (a tuple: thousands a page)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) < abs(self.x1 - self.x0)


class Word(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    #: PyMuPDF's block and line numbers: words of one text line share them.
    block: int = 0
    line: int = 0


@dataclass
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_words(self.words)


@dataclass
class Grid:
    xs: list[float]
    ys: list[float]
    #: Cells by row, left to right; a merged cell appears once, in its first row.
    rows: list[list[GridCell]]
    #: The cell covering each (row band, column band).
    owner: list[list[GridCell]] = field(default_factory=list, repr=False)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def contains(self, w: Word) -> bool:
        xs, ys = self.xs, self.ys  # (the box, without building it: called for every word of a page)
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        return xs[0] - 1 <= cx <= xs[-1] + 1 and ys[0] - 1 <= cy <= ys[-1] + 1


def segments_from_drawings(paths: Iterable[dict[str, object]]) -> list[Seg]:
    """Rules from PyMuPDF drawing paths (``get_cdrawings`` or ``get_drawings``): lines, and
    rectangles (thin ones are rules; others contribute their four edges, as cell borders drawn as
    boxes do)."""
    segs: list[Seg] = []
    for path in paths:
        if path.get("color") is None and _white(path.get("fill")):
            continue  # white on white: a background, not a rule
        items = path.get("items")
        if not isinstance(items, list):
            continue
        for item in items:
            kind = item[0]
            if kind == "l":
                p, q = item[1], item[2]
                if type(p) is tuple:  # get_cdrawings: plain tuples (the common, fast case)
                    x0, y0, x1, y1 = p[0], p[1], q[0], q[1]
                    if y0 == y1 and abs(x1 - x0) > SNAP:  # an exact horizontal rule
                        segs.append(Seg(x0, y0, x1, y1) if x0 < x1 else Seg(x1, y0, x0, y1))
                    elif x0 == x1 and abs(y1 - y0) > SNAP:
                        segs.append(Seg(x0, y0, x1, y1) if y0 < y1 else Seg(x0, y1, x1, y0))
                    else:
                        _add(segs, x0, y0, x1, y1)
                else:
                    (x0, y0), (x1, y1) = _xy(p), _xy(q)
                    _add(segs, x0, y0, x1, y1)
            elif kind == "re":
                _add_rect(segs, *_box(item[1]))
            elif kind == "qu":
                points = [_xy(q) for q in _corners(item[1])]
                xs, ys = [q[0] for q in points], [q[1] for q in points]
                _add_rect(segs, min(xs), min(ys), max(xs), max(ys))
    return segs


def _xy(point: Any) -> tuple[float, float]:
    """A point from ``get_cdrawings`` (a tuple) or ``get_drawings`` (a Point)."""
    return (point[0], point[1]) if isinstance(point, tuple | list) else (point.x, point.y)


def _box(rect: Any) -> tuple[float, float, float, float]:
    if isinstance(rect, tuple | list):
        return (rect[0], rect[1], rect[2], rect[3])
    return (rect.x0, rect.y0, rect.x1, rect.y1)


def _corners(quad: Any) -> list[Any]:
    return list(quad) if isinstance(quad, tuple | list) else [quad.ul, quad.ur, quad.ll, quad.lr]


def _white(fill: object) -> bool:
    return isinstance(fill, tuple | list) and all(isinstance(v, float | int) and v >= 0.97 for v in fill)


def _add_rect(segs: list[Seg], x0: float, y0: float, x1: float, y1: float) -> None:
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    if y1 - y0 < THIN and x1 - x0 < THIN:
        return  # a dot
    if y1 - y0 < THIN:
        segs.append(Seg(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
    elif x1 - x0 < THIN:
        segs.append(Seg((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
    else:
        segs.extend((Seg(x0, y0, x1, y0), Seg(x0, y1, x1, y1), Seg(x0, y0, x0, y1), Seg(x1, y0, x1, y1)))


def _add(segs: list[Seg], x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= SNAP / 2 and abs(x1 - x0) > SNAP:
        segs.append(Seg(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
    elif abs(x1 - x0) <= SNAP / 2 and abs(y1 - y0) > SNAP:
        segs.append(Seg((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))


def _turn_point(x: float, y: float, turn: int, width: float, height: float) -> tuple[float, float]:
    """A point of an unrotated page ``width`` × ``height`` after turning the page ``turn``
    degrees clockwise (90 or 270)."""
    return (height - y, x) if turn == 90 else (y, width - x)


def turn_words(words: Sequence[Word], turn: int, width: float, height: float) -> list[Word]:
    """Words of a page printed sideways, in the coordinates of the page turned upright."""
    out: list[Word] = []
    for w in words:
        ax, ay = _turn_point(w.x0, w.y0, turn, width, height)
        bx, by = _turn_point(w.x1, w.y1, turn, width, height)
        out.append(w._replace(x0=min(ax, bx), y0=min(ay, by), x1=max(ax, bx), y1=max(ay, by)))
    return out


def turn_segments(segs: Sequence[Seg], turn: int, width: float, height: float) -> list[Seg]:
    out: list[Seg] = []
    for s in segs:
        ax, ay = _turn_point(s.x0, s.y0, turn, width, height)
        bx, by = _turn_point(s.x1, s.y1, turn, width, height)
        out.append(Seg(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out


#: Cuts a word at the given x positions into its pieces (by its characters' boxes), or keeps it whole.
Splitter = Callable[[Word, list[float]], list[Word]]


def find_grids(segs: Sequence[Seg], words: Sequence[Word], split: Splitter | None = None) -> list[Grid]:
    """The ruled tables on a page, top to bottom, with their words placed in cells. A word that
    runs across a rule down (amounts of neighbouring cells printed without a space between them
    come out as one word) is cut at the rule by ``split``."""
    merged = merge_segments(segs)
    grids = [g for g in (_grid(group) for group in _groups(merged)) if g is not None]
    grids.sort(key=lambda g: g.ys[0])
    for w in words:
        for g in grids:
            if g.contains(w):
                for piece in _pieces(g, w, split):
                    _place(g, piece)
                break
    for g in grids:
        _split_open_rows(g)
    return grids


def _split_open_rows(g: Grid) -> None:
    """Rules down drawn in the heads only: a body row is then one cell across the table, though
    its words stand in the heads' columns. When some such row has words in two or more columns,
    every such row whose words cross no column edge is split into the columns (a note across the
    table crosses edges and stays whole)."""
    nc = len(g.xs) - 1
    if nc < 2:
        return
    inner = g.xs[1:-1]
    open_rows: list[tuple[int, list[int]]] = []
    for r, row in enumerate(g.rows):
        if len(row) != 1 or row[0].colspan != nc or row[0].rowspan != 1 or not row[0].words:
            continue
        if any(w.x0 < x < w.x1 for w in row[0].words for x in inner):
            continue
        open_rows.append((r, [_index(g.xs, (w.x0 + w.x1) / 2) for w in row[0].words]))
    if not any(len(set(cols)) > 1 for _, cols in open_rows):
        return
    for r, cols in open_rows:
        box = g.rows[r][0].box
        cells = [GridCell(r, c, 1, 1, (g.xs[c], box[1], g.xs[c + 1], box[3])) for c in range(nc)]
        for w, c in zip(g.rows[r][0].words, cols, strict=True):
            cells[c].words.append(w)
        g.rows[r] = cells
        g.owner[r] = cells


def merge_segments(segs: Sequence[Seg]) -> list[Seg]:
    """Collinear pieces of one rule joined: a rule drawn cell by cell as short segments, a dashed
    or dotted line drawn dash by dash, the shared edge of two cells drawn as boxes. Pieces at the
    same position (within ALIGN) whose gap is at most JOIN become one segment."""
    out: list[Seg] = []
    across = [(s.y0, s.x0, s.x1) for s in segs if abs(s.y1 - s.y0) < abs(s.x1 - s.x0)]
    down = [(s.x0, s.y0, s.y1) for s in segs if abs(s.y1 - s.y0) >= abs(s.x1 - s.x0)]
    for horizontal, found in ((True, across), (False, down)):
        items = sorted(found)
        i = 0
        while i < len(items):
            pos = items[i][0]
            j = i
            while j < len(items) and items[j][0] - pos <= ALIGN:
                j += 1
            spans = sorted((a, b) for _, a, b in items[i:j])
            lo, hi = spans[0]
            for a, b in spans[1:]:
                if a <= hi + JOIN:
                    hi = max(hi, b)
                    continue
                out.append(Seg(lo, pos, hi, pos) if horizontal else Seg(pos, lo, pos, hi))
                lo, hi = a, b
            out.append(Seg(lo, pos, hi, pos) if horizontal else Seg(pos, lo, pos, hi))
            i = j
    return out


def _groups(segs: Sequence[Seg]) -> list[list[Seg]]:
    """Segments that touch (within SNAP) form one table: union-find over their boxes."""
    n = len(segs)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    boxes = [(min(s.x0, s.x1), min(s.y0, s.y1), max(s.x0, s.x1), max(s.y0, s.y1)) for s in segs]
    order = sorted(range(n), key=lambda i: boxes[i][1])
    active: list[int] = []
    for i in order:
        x0, top, x1, bottom = boxes[i]
        active = [j for j in active if boxes[j][3] >= top - SNAP]
        for j in active:
            b = boxes[j]
            if x0 - SNAP <= b[2] and b[0] - SNAP <= x1 and top - SNAP <= b[3] and b[1] - SNAP <= bottom:
                parent[find(i)] = find(j)
        active.append(i)
    groups: dict[int, list[Seg]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(segs[i])
    return list(groups.values())


def _clusters(values: Iterable[float]) -> list[tuple[float, float]]:
    """Distinct rule positions: values within DOUBLE of a cluster's first one are one rule (a
    double line, a rule drawn twice); each cluster as (first, last)."""
    out: list[tuple[float, float]] = []
    for v in sorted(values):
        if out and v - out[-1][0] <= DOUBLE:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return out


def _grid(segs: list[Seg]) -> Grid | None:
    hs = [s for s in segs if s.horizontal]
    vs = [s for s in segs if not s.horizontal]
    if len(hs) < 2 or not vs:  # one rule down: two columns without side borders
        return None
    # The outer frame: only positions within the table's extent.
    left, right = min(s.x0 for s in hs), max(s.x1 for s in hs)
    top, bottom = min(s.y0 for s in vs), max(s.y1 for s in vs)
    xcl = [c for c in _clusters(s.x0 for s in vs) if left - SNAP <= c[1] and c[0] <= right + SNAP]
    ycl = [c for c in _clusters(s.y0 for s in hs) if top - SNAP <= c[1] and c[0] <= bottom + SNAP]
    # No outer border: the ends of the rules across are the table's sides (and likewise down).
    xcl, ycl = _open_sides(xcl, left, right), _open_sides(ycl, top, bottom)
    if len(xcl) < MIN_COLS + 1 or len(ycl) < MIN_ROWS + 1:
        return None
    xs, ys = [c[0] for c in xcl], [c[0] for c in ycl]
    nr, nc = len(ys) - 1, len(xs) - 1
    vrules = _rules_at(vs, xcl, vertical=True)
    hrules = _rules_at(hs, ycl, vertical=False)
    # vwall[r][c]: a rule separates column c-1 from c in row band r (c in 1..nc-1).
    vwall = [[_covered(vrules[c], ys[r], ys[r + 1]) for c in range(nc + 1)] for r in range(nr)]
    hwall = [[_covered(hrules[r], xs[c], xs[c + 1]) for c in range(nc)] for r in range(nr + 1)]
    slots: list[list[GridCell | None]] = [[None] * nc for _ in range(nr)]
    rows: list[list[GridCell]] = [[] for _ in range(nr)]
    for r in range(nr):
        for c in range(nc):
            if slots[r][c] is not None:
                continue
            c2 = c + 1
            while c2 < nc and not vwall[r][c2]:
                c2 += 1
            r2 = r + 1
            while r2 < nr and not any(hwall[r2][k] for k in range(c, c2)):
                r2 += 1
            cell = GridCell(r, c, r2 - r, c2 - c, (xs[c], ys[r], xs[c2], ys[r2]))
            for rr in range(r, r2):
                for cc in range(c, c2):
                    if slots[rr][cc] is None:
                        slots[rr][cc] = cell
            rows[r].append(cell)
    owner = [[c for c in band if c is not None] for band in slots]
    return Grid(xs, ys, rows, owner)


def _open_sides(clusters: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The rule positions with the extent's ends added where no rule stands within OPEN of them."""
    if not clusters:
        return clusters
    out = list(clusters)
    if out[0][0] - lo > OPEN:
        out.insert(0, (lo, lo))
    if hi - out[-1][1] > OPEN:
        out.append((hi, hi))
    return out


def _rules_at(
    segs: list[Seg], clusters: list[tuple[float, float]], *, vertical: bool
) -> list[list[tuple[float, float]]]:
    """For each rule position, the spans its segments cover, overlaps joined, in order."""
    spans: list[list[tuple[float, float]]] = [[] for _ in clusters]
    firsts = [c[0] for c in clusters]
    for s in segs:
        pos = s.x0 if vertical else s.y0
        k = bisect_right(firsts, pos) - 1
        if k < 0 or pos > clusters[k][1] + SNAP:
            continue
        spans[k].append((s.y0, s.y1) if vertical else (s.x0, s.x1))
    out: list[list[tuple[float, float]]] = []
    for found in spans:
        joined: list[tuple[float, float]] = []
        for a, b in sorted(found):
            if joined and a <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], b))
            else:
                joined.append((a, b))
        out.append(joined)
    return out


def _covered(spans: list[tuple[float, float]], lo: float, hi: float) -> bool:
    """Whether a rule's spans run along most of ``lo``..``hi``."""
    need = (hi - lo) * 0.6
    got = 0.0
    for a, b in spans:
        if a >= hi:
            break
        got += max(0.0, min(b, hi) - max(a, lo))
        if got >= need:
            return True
    return False


def _pieces(g: Grid, w: Word, split: Splitter | None) -> list[Word]:
    """``w`` cut at the rules down it crosses in its row (none inside a merged cell)."""
    inner = g.xs[bisect_right(g.xs, w.x0 + 1, 1, len(g.xs) - 1) : bisect_left(g.xs, w.x1 - 1, 1, len(g.xs) - 1)]
    cuts = [x for x in inner if w.x0 + 1 < x < w.x1 - 1]
    if split is None or not cuts:
        return [w]
    row = g.owner[_index(g.ys, (w.y0 + w.y1) / 2)]
    walls = [x for x in cuts if row[_index(g.xs, x - 0.5)] is not row[_index(g.xs, x + 0.5)]]
    return split(w, walls) if walls else [w]


def _place(g: Grid, w: Word) -> None:
    cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
    c = _index(g.xs, cx)
    r = _index(g.ys, cy)
    g.owner[r][c].words.append(w)


def _index(edges: list[float], v: float) -> int:
    """The band of sorted ``edges`` holding ``v``: the first i with v < edges[i + 1], else the last band."""
    return min(bisect_right(edges, v, 1, len(edges)) - 1, len(edges) - 2)


def join_words(words: Sequence[Word]) -> str:
    """Words in reading order: lines top to bottom, words left to right; a space only between
    two Latin/number words on the same line (Chinese wraps without one)."""
    if not words:
        return ""
    out = ""
    for line in text_lines(words):
        prev: Word | None = None
        for w in line:
            if prev is not None and prev.text[-1:].isascii() and w.text[:1].isascii():
                out += " "
            out += w.text
            prev = w
    return out


def text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines (vertical centres within half a line height), top to bottom,
    each line left to right."""
    lines: list[list[Word]] = []
    centre = 0.0
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        cy = (w.y0 + w.y1) / 2
        if lines and abs(cy - centre) <= max(2.0, (w.y1 - w.y0) * 0.45):
            lines[-1].append(w)
        else:
            lines.append([w])
            centre = cy
    return [sorted(line, key=lambda w: w.x0) for line in lines]
