"""Tables of real files (PDF, DOCX, XLSX, HTML) recognised by meaning, whatever the template.

The blocks of a real file carry table rows with their grid columns (``SourceCell.col``/``span``). A
table starts at a grid whose title (the lines just above it) names a table —
:func:`~yusuan.domain.headings.classify_title` knows the titles of many provinces — and goes
on over the following grids without a title of their own (a table continued on the next page;
its repeated header rows are dropped). The header rows give every grid column a path of heads,
from which the column's role (code, name, value) and canonical key follow; body rows become
:class:`RawRow` with their values fixed by column. Amounts in 元, 千元 or 亿元 are converted to
万元 exactly; the table keeps the unit it was printed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from yusuan.domain.headings import classify_title, is_title_fragment
from yusuan.domain.tables import SPECS
from yusuan.domain.units import EXPONENTS, UNIT_RE
from yusuan.model import Location
from yusuan.read.source import CellRow, Para, SourceText
from yusuan.read.tables.column_arithmetic import identify_columns
from yusuan.read.tables.grid_rows import Layout, read_rows
from yusuan.read.tables.raw import RawTable, RawTables
from yusuan.read.tables.sided_fund import fund_rows, printed_two_sided
from yusuan.read.text import is_amount

_META_RE = re.compile(r"^(编制)?(部门|单位)(名称)?[:：]|^(金额)?单位[:：]|^预算年度|^\(?（?\d{4}年度）?\)?$")
_COLUMN_NUMBER_RE = re.compile(r"^(\*\*|栏次|\d{1,2})$")
_CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}(\d{2})?(\s*[-－—]\s*|\s+|$)")
_ITEM_RE = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")
_TOTAL_RE = re.compile(r"^(合计|总计)$")
_HEAD_WORD_RE = re.compile(r"项目|金额|合计|小计|总计|科目|名称|编码|代码|收入|支出|预算|单位|栏次|^[类款项]$")

#: Factor to 万元 as a power of ten.


@dataclass
class _Grid:
    rows: list[CellRow]
    before: list[Para]
    after: list[Para] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        return self.rows[0].location.page

    @property
    def width(self) -> int:
        return max((c.col or 0) + c.span for r in self.rows for c in r.cells)


@dataclass
class _Table:
    id: str
    title: str
    location: Location
    unit: str | None
    grids: list[_Grid] = field(default_factory=list)
    note: str | None = None


def read_grid_tables(src: SourceText) -> RawTables:
    """The tables of a real file, by meaning, with every value in its column."""
    out = RawTables()
    for table in _tables(_grids(src)):
        raw = RawTable(table.id, table.title, table.location, unit="万元", note=table.note)
        raw.source_unit = table.unit or "万元"
        raw.pages = sorted({g.page for g in table.grids if g.page is not None})
        if table.id in out.tables or table.id not in SPECS:
            out.others.append(raw)  # not read into rows: a second table of a kind, or a kind without rows
            continue
        layout: Layout | None = None
        bodies: list[CellRow] = []
        head: list[CellRow] = []
        for n, g in enumerate(table.grids):
            rows = [r for i, r in enumerate(g.rows) if not _meta(r) and not (i == 0 and _department_line(r))]
            if n == 0:
                head, body = _split(rows)
            else:
                if rows and bodies and _fragment(rows[0]):
                    bodies[-1] = _join_rows(bodies[-1], rows[0])  # a name split by the page break
                    rows = rows[1:]
                body = _continued(rows, head)
            bodies.extend(body)
        if table.grids and SPECS[table.id].row_kind == "function" and printed_two_sided(head):
            layout, read = fund_rows(table.id, head, bodies, EXPONENTS.get(raw.source_unit, 0), out.problems)
            raw.rows.extend(read)
        elif table.grids:
            layout = Layout.build(table.id, head, bodies)
            read = read_rows(layout, bodies, EXPONENTS.get(raw.source_unit, 0), out.problems)
            identify_columns(layout, read)
            raw.rows.extend(read)
            if _function_coded_basic(raw):
                raw.notes.append("此表各行是支出功能分类科目，按功能分类的基本支出表读取")
                raw.id = "basic_function"
                for r in raw.rows:
                    r.table = raw.id
                if raw.id in out.tables:
                    out.others.append(raw)
                    continue
        if layout is not None:
            raw.columns = layout.keys()
            raw.labels = layout.labels()
            raw.notes = list(layout.notes)
            raw.residuals = dict(layout.residuals)
        out.tables[table.id] = raw
        _route(out, raw)
    expenditure = out.tables.get("expenditure")
    if expenditure is not None and sum(1 for r in expenditure.rows if r.code and r.key) > len(expenditure.rows) / 2:
        _rename(out, "expenditure", "expenditure_detail")  # function × economic rows (Beijing 预算03表)
    if "general_budget" not in out.tables and "fiscal_expenditure" in out.tables:
        _rename(out, "fiscal_expenditure", "general_budget")
    if "basic_expenditure" not in out.tables and "fiscal_basic" in out.tables:
        _rename(out, "fiscal_basic", "basic_expenditure")
    return out


def _route(out: RawTables, raw: RawTable) -> None:
    """Rows a table holds for another table (机关运行经费 or 会议费 in a 三公 table) move there."""
    made: set[str] = set()
    for r in [r for r in raw.rows if r.table != raw.id]:
        raw.rows.remove(r)
        if r.table in out.tables and r.table not in made:
            continue  # the document publishes that table itself
        made.add(r.table)
        target = out.tables.setdefault(
            r.table,
            RawTable(
                r.table,
                raw.title,
                raw.location,
                unit="万元",
                source_unit=raw.source_unit,
                columns=("total",),
                pages=raw.pages,
            ),
        )
        target.rows.append(r)


def _function_coded_basic(raw: RawTable) -> bool:
    """A basic-expenditure table (by title) whose code column holds function codes (2xx 类/款/项) rather
    than economic ones (3xx): the basic expenditure by function, not by economic class."""
    if SPECS[raw.id].row_kind != "economic" or raw.id not in ("basic_expenditure", "fiscal_basic", "basic_all"):
        return False
    codes = [r.code for r in raw.rows if r.code]
    return len(codes) >= 2 and sum(1 for c in codes if c.startswith("2")) > len(codes) / 2


def _rename(out: RawTables, old: str, new: str) -> None:
    t = out.tables.pop(old)
    t.id = new
    for r in t.rows:
        r.table = new
    out.tables[new] = t


def _grids(src: SourceText) -> list[_Grid]:
    grids: list[_Grid] = []
    paras: list[Para] = []
    current: _Grid | None = None
    for b in src.blocks():
        if isinstance(b, Para):
            if current is not None:
                current.after.append(b)
            paras.append(b)
            continue
        if current is None or b.grid != current.rows[-1].grid:
            current = _Grid([b], paras)
            grids.append(current)
            paras = []
        else:
            current.rows.append(b)
    for g in grids:
        g.after = g.after[:3]
    return grids


def _tables(grids: list[_Grid]) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    for g in grids:
        found = _title(g)
        if found is None:
            if current is not None and _continues(current, g):
                current.grids.append(g)
                current.note = current.note or _note(g)  # the note printed under the table's last page
            else:
                current = None
            continue
        table_id, title, location = found
        unit = _unit(g)
        if current is not None and current.id == table_id and _continues(current, g) and title == current.title:
            current.grids.append(g)  # the title printed again on every page
            continue
        current = _Table(table_id, title, location, unit, [g])
        current.note = _note(g)
        tables.append(current)
    return tables


def _title(g: _Grid) -> tuple[str, str, Location] | None:
    """The table a grid starts: from the last lines above it, or a title row inside the grid."""
    lines = [p for p in g.before[-6:] if not _META_RE.search(p.text) and not p.text.startswith(("注", "备注"))]
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i].text
        if i > 0 and is_title_fragment(lines[i - 1].text) and not lines[i - 1].text.endswith("表"):
            joined = lines[i - 1].text + text  # a title broken over two lines: …培训费 / 支出预算表
            if (table_id := classify_title(joined)) is not None:
                return table_id, joined, lines[i - 1].location
        table_id = classify_title(text)
        if table_id is None and i + 1 < len(lines) and is_title_fragment(text):
            table_id = classify_title(text + lines[i + 1].text)
            text = text + lines[i + 1].text
        if table_id is not None:
            return table_id, text, lines[i].location
    for r in g.rows[:2]:
        texts = [t for t in r.texts if t.strip()]
        if len(texts) == 1 and (table_id := classify_title(texts[0])) is not None:
            return table_id, texts[0], r.location
    return None


def _unit(g: _Grid) -> str | None:
    for text in [p.text for p in g.before[-4:]] + [t for r in g.rows[:3] for t in r.texts]:
        m = UNIT_RE.search(text.replace(" ", ""))
        if m:
            return m.group(1)
    return None


def _note(g: _Grid) -> str | None:
    for p in g.after:
        if p.text.startswith(("注：", "注:", "备注")):
            return p.text
    return None


def _continues(t: _Table, g: _Grid) -> bool:
    """A grid continues a table when no title precedes it and its columns line up (the same
    number of columns, or the same outer edges: a last page holding only the 合计 row, its code
    columns merged, has fewer)."""
    if t.grids[-1].page == g.page and not _only_meta(g.before):
        return False
    if abs(g.width - t.grids[0].width) <= 1:
        return True
    first, this = _edges(t.grids[0]), _edges(g)
    if first and this and abs(first[0][0] - this[0][0]) <= 3 and abs(first[-1][1] - this[-1][1]) <= 3:
        _realign(g, first)
        return True
    return False


def _edges(g: _Grid) -> list[tuple[float, float]]:
    """The x extent of every grid column, from the cells that span one column."""
    spans: dict[int, tuple[float, float]] = {}
    for r in g.rows:
        for c in r.cells:
            if c.span == 1 and c.col is not None and (b := c.box) is not None:
                spans.setdefault(c.col, (b[0], b[2]))
    return [spans[k] for k in sorted(spans)] if spans and len(spans) == g.width else []


def _realign(g: _Grid, columns: list[tuple[float, float]]) -> None:
    """Renumber a grid's cells onto another grid's columns by their x position."""
    for r in g.rows:
        cells = []
        for c in r.cells:
            box = c.box
            if box is None:
                return
            covered = [i for i, (x0, x1) in enumerate(columns) if x0 >= box[0] - 3 and x1 <= box[2] + 3]
            if not covered:
                return
            cells.append(replace(c, col=covered[0], span=len(covered)))
        r.cells = cells


def _only_meta(paras: list[Para]) -> bool:
    return all(_META_RE.search(p.text) or p.text.startswith("注") for p in paras)


def _meta(row: CellRow) -> bool:
    texts = [t for t in row.texts if t.strip()]
    return not texts or all(_META_RE.search(t.replace(" ", "")) or t.strip() in ("单位", "部门") for t in texts)


def _department_line(row: CellRow) -> bool:
    """The line above the heads naming the department beside its year or unit (``101某某局 | 2021年度 |
    单位：万元``): a meta cell, and the others no head word and no amount."""
    texts = [t.replace(" ", "") for t in row.texts if t.strip()]
    meta = [t for t in texts if _META_RE.search(t)]
    rest = [t for t in texts if t not in meta]
    return bool(meta) and len(rest) <= 2 and not any(_HEAD_WORD_RE.search(t) or is_amount(t) for t in rest)


def _split(rows: list[CellRow]) -> tuple[list[CellRow], list[CellRow]]:
    """Header rows (down to the column-number row, if any) and body rows."""
    for i, r in enumerate(rows):
        if _column_numbers(r):
            return rows[:i], rows[i + 1 :]
        if _body(r):
            return rows[:i], rows[i:]
    return rows, []


def _continued(rows: list[CellRow], head: list[CellRow]) -> list[CellRow]:
    """The body of a continuation page: the rows after its repeated heads. A row that repeats no head text
    is body even without an amount (上年结转结余 with blank cells, printed alone on the last page)."""
    words = {t.replace(" ", "") for r in head for t in r.texts if t.strip()}
    if not words:
        return _split(rows)[1]
    for i, r in enumerate(rows):
        if _column_numbers(r):
            continue
        texts = [t.replace(" ", "") for t in r.texts if t.strip()]
        if _body(r) or not all(t in words for t in texts):
            return rows[i:]
    return []


def _column_numbers(r: CellRow) -> bool:
    texts = [t.replace(" ", "") for t in r.texts if t.strip()]
    return (
        len(texts) >= 2
        and all(_COLUMN_NUMBER_RE.match(t) for t in texts)
        and ("栏次" in texts or "**" in texts or texts[:2] == ["1", "2"])
    )


def _body(r: CellRow) -> bool:
    texts = [t.replace(" ", "").replace("\u3000", "") for t in r.texts]
    filled = [t for t in texts if t]
    if not filled:
        return False
    if any(is_amount(t) and not _column_numbers(r) for t in filled):
        return True
    if any(_CODE_RE.match(t) and t[:3].isdigit() for t in filled):
        return True
    if _ITEM_RE.match(filled[0]):
        return True
    return bool(_TOTAL_RE.match(filled[0])) and len(filled) == 1


def _fragment(r: CellRow) -> bool:
    """A row holding only the end of a name cut by a page break (``出`` of ``…等支`` / ``出``)."""
    texts = [t.strip() for t in r.texts if t.strip()]
    return len(texts) == 1 and len(texts[0]) <= 3 and not _HEAD_WORD_RE.search(texts[0]) and not _body(r)


def _join_rows(first: CellRow, rest: CellRow) -> CellRow:
    ends = {c.col: c.text for c in rest.cells if c.text.strip()}
    cells = [replace(c, text=c.text + ends[c.col]) if c.col in ends and c.text.strip() else c for c in first.cells]
    return CellRow(cells, grid=first.grid)
