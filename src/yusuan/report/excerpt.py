"""Table excerpts: the part of a table a finding points at.

An excerpt holds the rows named by the finding's evidence plus their neighbours, every column of
the table under its Chinese head, and marks on the rows and cells involved. Besides the nine
tables, a performance-target table (one project's indicators) and the fixed-asset table can be
excerpted too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from yusuan.domain.tables import SPECS
from yusuan.model import Disclosure, PerformanceProject, Row, Table, TwoSidedTable
from yusuan.report.common import SECTION_COLUMNS, SIDE_NAMES, column_name
from yusuan.review.context import fmt
from yusuan.review.finding import Evidence, Finding

NEIGHBOURS = 1


@dataclass
class ExcerptCell:
    text: str
    numeric: bool = False
    hit: bool = False


@dataclass
class ExcerptRow:
    cells: list[ExcerptCell]
    #: The row is one the finding points at.
    hit: bool = False
    #: Rows of the table left out just before this one.
    skipped_before: int = 0


@dataclass
class Excerpt:
    table: str
    title: str
    side: str
    unit: str | None
    heads: list[str]
    rows: list[ExcerptRow] = field(default_factory=list)
    skipped_after: int = 0
    #: Where the rows involved stand in the source, e.g. 第 10 页第 491、493 行.
    where: str = ""

    @property
    def caption(self) -> str:
        side = SIDE_NAMES.get(self.side, "")
        return f"{self.title}（{side}方）" if side else self.title

    @property
    def code_column(self) -> bool:
        return bool(self.heads) and self.heads[0] == "科目编码"


#: A table as plain data: heads, then per row (cells, whether numeric) by column key.
Grid = list[list[ExcerptCell]]
#: Row index → column keys involved (None: the row as a whole).
Hits = dict[int, set[str | None]]


def cut(
    table: str, title: str, side: str, unit: str | None, heads: list[str], keys: Sequence[str | None], grid: Grid,
    hits: Hits, neighbours: int = NEIGHBOURS,
) -> Excerpt:  # fmt: skip
    """The rows of ``grid`` named in ``hits`` and their neighbours, with the involved cells marked."""
    shown = sorted({j for i in hits for j in range(i - neighbours, i + neighbours + 1) if 0 <= j < len(grid)})
    ex = Excerpt(table=table, title=title, side=side, unit=unit, heads=heads)
    previous = -1
    for i in shown:
        columns = hits.get(i, set())
        cells = [
            ExcerptCell(c.text, c.numeric, c.hit or (k is not None and k in columns))
            for c, k in zip(grid[i], keys, strict=True)
        ]
        ex.rows.append(ExcerptRow(cells=cells, hit=i in hits, skipped_before=i - previous - 1))
        previous = i
    ex.skipped_after = len(grid) - previous - 1
    return ex


# -- the nine tables -------------------------------------------------------------------------------


def table_layout(table_id: str, rows: list[Row], side: str = "main") -> tuple[list[str], list[str], bool]:
    """(heads of the label columns, column keys, whether rows have a code column) of a table (side)."""
    spec = SPECS.get(table_id)
    keys: list[str]
    if side == "income":
        keys = list(spec.income_columns) if spec else ["amount"]
    else:
        keys = list(spec.columns) if spec else []
    for r in rows:
        keys += [k for k in r.values if k not in keys]
    with_code = bool(spec and spec.row_kind in ("function", "economic")) and side == "main"
    label_heads = ["科目编码", "科目名称"] if with_code else ["项目"]
    return label_heads, keys, with_code


def sides(t: Table | TwoSidedTable) -> list[tuple[str, list[Row]]]:
    if isinstance(t, TwoSidedTable):
        return [("income", t.income), ("expenditure", t.expenditure)]
    return [("main", t.rows)]


def _squash(text: str) -> str:
    return "".join(text.split())


def row_matches(r: Row, ev: Evidence) -> bool:
    if ev.row is not None:
        if ev.row not in (r.code, r.key):
            return False
        return ev.name is None or _squash(r.name) == _squash(ev.name)
    return ev.name is not None and _squash(r.name) == _squash(ev.name)


def _locate(t: Table | TwoSidedTable, ev: Evidence) -> tuple[str, int] | None:
    """(side, row index) of the row the evidence names; a match on the name too is preferred."""
    fallback: tuple[str, int] | None = None
    for side, rows in sides(t):
        for i, r in enumerate(rows):
            if row_matches(r, ev):
                return side, i
            if fallback is None and ev.row is not None and ev.row in (r.code, r.key):
                fallback = (side, i)
    return fallback


def _table_excerpt(table_id: str, t: Table | TwoSidedTable, side: str, hits: Hits) -> Excerpt:
    rows = dict(sides(t))[side]
    label_heads, keys, with_code = table_layout(table_id, rows, side)
    heads = label_heads + [column_name(table_id, k, side) for k in keys]
    grid = [
        ([ExcerptCell(r.code or "")] if with_code else [])
        + [ExcerptCell(r.name)]
        + [ExcerptCell(fmt(r.values[k]) if k in r.values else "", numeric=True) for k in keys]
        for r in rows
    ]
    labels: list[str | None] = [None] * len(label_heads)
    return cut(table_id, t.title, side, t.unit, heads, [*labels, *keys], grid, hits)


# -- sections --------------------------------------------------------------------------------------

_INDICATOR_KEYS = ("level1", "level2", "name", "description", "value", "basis")
_PROJECT_KEYS = ("name", "code", "budget", "fiscal", "plan")


def _project(d: Disclosure, ref: str | None) -> PerformanceProject | None:
    for p in d.performance:
        if ref is not None and ref in (p.code, p.name):
            return p
    return None


def _performance(d: Disclosure, evidence: list[Evidence]) -> list[Excerpt]:
    """Per project: its indicator table (indicator evidence) or its project line (project evidence)."""
    indicator_hits: dict[int, Hits] = {}
    project_hits: dict[int, Hits] = {}
    for ev in evidence:
        p = _project(d, ev.row)
        if p is None:
            continue
        n = d.performance.index(p)
        names = [_squash(i.name) for i in p.indicators]
        if ev.name is not None and ev.name != p.name and _squash(ev.name) in names:
            indicator_hits.setdefault(n, {}).setdefault(names.index(_squash(ev.name)), set()).add(ev.column)
        else:
            project_hits.setdefault(n, {}).setdefault(0, set()).add(ev.column)
    heads_p = [SECTION_COLUMNS["performance"][k] for k in _PROJECT_KEYS]
    heads_p[0] = "项目名称"
    heads_i = [SECTION_COLUMNS["performance"][k] for k in _INDICATOR_KEYS]
    out: list[Excerpt] = []
    for n, hits in project_hits.items():
        p = d.performance[n]
        plan = "、".join(f"{pt.label} {fmt(pt.value)}" for pt in p.plan.points) if p.plan else ""
        if p.plan and p.plan.unit:
            plan += f"（单位：{p.plan.unit}）"
        row = [ExcerptCell(p.name), ExcerptCell(p.code or ""), _num(p.budget), _num(p.fiscal), ExcerptCell(plan)]
        out.append(cut("performance", "项目绩效目标表", "main", "万元", heads_p, _PROJECT_KEYS, [row], hits))
    for n, hits in indicator_hits.items():
        p = d.performance[n]
        grid = [[ExcerptCell(getattr(i, k) or "") for k in _INDICATOR_KEYS] for i in p.indicators]
        title = f"项目绩效目标表：{p.name}" + (f"（{p.code}）" if p.code else "")
        out.append(cut("performance", title, "main", None, heads_i, _INDICATOR_KEYS, grid, hits))
    return out


def _num(v: object) -> ExcerptCell:
    return ExcerptCell(fmt(v) if v is not None else "", numeric=True)  # type: ignore[arg-type]


def _assets(d: Disclosure, evidence: list[Evidence]) -> list[Excerpt]:
    hits: Hits = {}
    for ev in evidence:
        for i, r in enumerate(d.assets.rows):
            by_key = ev.row is not None and ev.row == r.key
            if by_key or (ev.name is not None and _squash(ev.name) == _squash(r.name)):
                hits.setdefault(i, set()).add(ev.column)
                break
    if not hits:
        return []
    grid = [
        [
            ExcerptCell(r.name),
            ExcerptCell(format(r.count, "f") if r.count is not None else "", numeric=True),
            _num(r.value),
        ]
        for r in d.assets.rows
    ]
    unit = d.assets.unit or "万元"
    heads, keys = ["项目", "数量", "价值"], [None, "count", "value"]
    return [cut("assets", "部门固定资产占用情况表", "main", unit, heads, keys, grid, hits)]


# -- a finding's excerpts --------------------------------------------------------------------------


def excerpts(d: Disclosure, finding: Finding) -> list[Excerpt]:
    """The excerpts of a finding: one per table side (or project) its evidence points into."""
    wanted: dict[tuple[str, str], Hits] = {}
    sources: dict[tuple[str, str], list[Evidence]] = {}
    for ev in finding.locations:
        if ev.table is None or ev.table not in d.tables:
            continue
        found = _locate(d.tables[ev.table], ev)
        if found is not None:
            side, index = found
            wanted.setdefault((ev.table, side), {}).setdefault(index, set()).add(ev.column)
            sources.setdefault((ev.table, side), []).append(ev)
    out = []
    for (tid, side), hits in wanted.items():
        ex = _table_excerpt(tid, d.tables[tid], side, hits)
        ex.where = where(sources[(tid, side)])
        out.append(ex)
    for section, build in (("performance", _performance), ("assets", _assets)):
        evidence = [ev for ev in finding.locations if ev.table == section]
        for ex in build(d, evidence):
            ex.where = where(evidence)
            out.append(ex)
    return out


def where(evidence: Sequence[Evidence]) -> str:
    """Pages and lines of some evidence, e.g. 第 10 页第 491、493 行；第 14 页第 538 行."""
    pages: dict[int | None, list[int]] = {}
    for ev in evidence:
        if ev.line is not None or ev.page is not None:
            lines = pages.setdefault(ev.page, [])
            if ev.line is not None and ev.line not in lines:
                lines.append(ev.line)
    parts = []
    for page, lines in pages.items():
        text = f"第 {page} 页" if page is not None else ""
        if lines:
            text += f"第 {'、'.join(str(n) for n in sorted(lines))} 行"
        parts.append(text)
    return "；".join(parts)


def excerpted(d: Disclosure, ev: Evidence) -> bool:
    """Whether an excerpt shows this evidence."""
    if ev.table in d.tables:
        return _locate(d.tables[ev.table], ev) is not None
    if ev.table == "performance":
        return _project(d, ev.row) is not None
    if ev.table == "assets":
        return bool(_assets(d, [ev]))
    return False


def sentences(finding: Finding) -> list[Evidence]:
    """The narrative sentences a finding quotes."""
    return [ev for ev in finding.locations if ev.sentence]


def other_locations(d: Disclosure, finding: Finding) -> list[Evidence]:
    """Evidence neither shown in an excerpt nor quoted as a sentence."""
    return [ev for ev in finding.locations if not ev.sentence and not excerpted(d, ev)]
