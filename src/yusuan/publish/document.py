"""A disclosure as a format-neutral document: paragraphs and ruled tables, in the Hebei 2023 order.

Every output format (DOCX, HTML, XLSX, PDF, and the DOCX-extracted text) is written from this one
block list, so they all carry the same content in the same order:

* each standard table as its title paragraph, then a grid whose first row is the department line
  (``code+name`` / ``预算年度：YYYY`` / ``单位：万元``), then the column heads down to the 栏次 row,
  then one row per table row with one cell per value (blank cell for a missing value); an empty
  table has one blank row and its note ``注：…`` as the paragraph after the grid;
* then the 情况说明: its title, each section heading ``一、…``, the prose the user supplies, the
  sentences that state the narrative's figures, and the section's own tables (机构设置, 绩效目标,
  政府采购, 固定资产) each under its title paragraph.

The grid's leading ``head`` rows (department line, column heads, 栏次) are repeated after a page
break by the paginated formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.final_template import Columns, layout_of, package_title, published_columns, year_text
from yusuan.domain.tables import SPECS, TableSpec
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import AnyTable, Disclosure, Row, TwoSidedTable
from yusuan.publish.final_grids import FinalLayout, final_grid
from yusuan.publish.textlayout import (
    DEFAULT_DEPARTMENT_CODE,
    DEFAULT_DEPARTMENT_NAME,
    DEFAULT_UNIT,
    DEFAULT_YEAR,
    EMPTY_NOTES,
    TABLE_ORDER,
    side_by_side,
)

Align = Literal["left", "center", "right"]
#: title: the package; heading: a standard table's title; part: the 情况说明 title; section: 一、…;
#: subheading: a section table's title.
Role = Literal["title", "heading", "part", "section", "subheading", "body", "note"]


@dataclass(frozen=True)
class LayoutCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: Align = "left"
    bold: bool = False


@dataclass(frozen=True)
class Grid:
    """A ruled table. ``rows`` list only the cells that start in each row (spans cover the rest)."""

    rows: tuple[tuple[LayoutCell, ...], ...]
    #: Relative column widths; their number is the grid's column count.
    widths: tuple[float, ...]
    #: Leading rows repeated after a page break (department line, column heads, 栏次).
    head: int = 0
    #: The canonical id of a standard table, else None.
    table_id: str | None = None
    #: Whether the grid is wide enough to want a landscape page.
    wide: bool = False

    @property
    def columns(self) -> int:
        return len(self.widths)


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: Role = "body"


Block = Paragraph | Grid


@dataclass(frozen=True)
class Document:
    title: str
    department: str
    year: int
    blocks: tuple[Block, ...]


def amount(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


# -- the standard tables ------------------------------------------------------------------------


_INCOME_LABELS = {t: SPECS[t].income_labels[0] for t in ("summary", "fiscal_summary")}


def _c(text: str, colspan: int = 1, rowspan: int = 1, align: Align = "center", bold: bool = True) -> LayoutCell:
    return LayoutCell(text, colspan, rowspan, align, bold)


def _n(text: str) -> LayoutCell:
    return LayoutCell(text, align="right")


def _widths(spec: TableSpec, cols: Columns) -> tuple[float, ...]:
    values = (7.0,) * len(cols.keys)
    if spec.row_kind == "two_sided":
        return (3.5, 16.0, 7.0, 16.0, *values)
    if spec.row_kind == "keyed":
        return (3.5, 18.0, *values)
    return (3.5, 6.0, 15.0, *values)


def _heads(spec: TableSpec, cols: Columns) -> list[tuple[LayoutCell, ...]]:
    n = len(cols.keys)
    labels = [_c(label, rowspan=2) for label in cols.heads]
    if spec.row_kind == "two_sided":
        income = cols.income_heads[0] if cols.flat else _INCOME_LABELS.get(spec.id, "金额")
        return [
            (_c("序号", rowspan=2), _c("收入", colspan=2), _c("支出", colspan=1 + n)),
            (_c("项目"), _c(income), _c("项目"), *(_c(t) for t in cols.heads)),
        ]
    if cols.flat:  # a 决算: the heads in one row
        if spec.row_kind == "keyed":
            return [(_c("序号"), _c("项目"), *(_c(t) for t in cols.heads))]
        return [(_c("序号", rowspan=2), _c("科目", colspan=2), *labels), (_c("科目编码"), _c("科目名称"))]
    if spec.row_kind == "keyed":
        return [(_c("序号", rowspan=2), _c("项目", rowspan=2), _c("资金性质", colspan=n)), tuple(map(_c, spec.labels))]
    if spec.id == "income":  # 本年收入 over 小计 and the sources, as the Hebei template prints it
        total, _subtotal, *sources, carryover = spec.labels
        return [
            (
                _c("序号", rowspan=2),
                _c("功能分类科目", colspan=2),
                _c(total, rowspan=2),
                _c(figure_name("income"), colspan=n - 2),
                _c(carryover, rowspan=2),
            ),
            (_c("科目编码"), _c("科目名称"), _c("小计"), *(_c(t) for t in sources)),
        ]
    if spec.row_kind == "economic":
        return [
            (
                _c("序号", rowspan=2),
                _c("支出部门经济分类科目", colspan=2),
                _c(f"一般公共预算{figure_name('basic')}", colspan=n),
            ),
            (_c("科目编码"), _c("科目名称"), *(_c(t) for t in spec.labels)),
        ]
    return [(_c("序号", rowspan=2), _c("功能分类科目", colspan=2), *labels), (_c("科目编码"), _c("科目名称"))]


def _department_row(columns: int, code: str, name: str, year: str, unit: str) -> tuple[LayoutCell, ...]:
    left = LayoutCell(f"{code}{name}", colspan=columns - 3, bold=True)
    return left, LayoutCell(year, colspan=2, align="center"), LayoutCell(f"单位：{unit}", align="right")


def _body(spec: TableSpec, cols: Columns, table: AnyTable) -> list[tuple[LayoutCell, ...]]:
    if isinstance(table, TwoSidedTable):
        return _two_sided_body(cols, table)
    rows: list[tuple[LayoutCell, ...]] = []
    for seq, row in enumerate(table.rows, start=1):
        labels = (
            (LayoutCell(row.name),) if spec.row_kind == "keyed" else (LayoutCell(row.code or ""), LayoutCell(row.name))
        )
        values = tuple(_n(amount(row.values.get(c))) for c in cols.keys)
        rows.append((LayoutCell(str(seq), align="center"), *labels, *values))
    return rows


def _two_sided_body(cols: Columns, table: TwoSidedTable) -> list[tuple[LayoutCell, ...]]:
    """Income items beside expenditure items, then the totals side by side, the grand totals last."""

    def side(row: Row | None, columns: tuple[str, ...]) -> tuple[LayoutCell, ...]:
        if row is None:
            return (LayoutCell(""), *(_n("") for _ in columns))
        return (LayoutCell(row.name), *(_n(amount(row.values.get(c))) for c in columns))

    return [
        (LayoutCell(str(seq), align="center"), *side(i, cols.income_keys), *side(e, cols.keys))
        for seq, (i, e) in enumerate(side_by_side(table), start=1)
    ]


def _cell(text: str, colspan: int, rowspan: int, head: bool) -> LayoutCell:
    if head:
        return _c(text, colspan, rowspan)
    if text.isdigit():  # 行次
        return LayoutCell(text, colspan, rowspan, "center")
    return LayoutCell(text, colspan, rowspan, "right" if not text or text[0].isdigit() or text[0] == "-" else "left")


def table_blocks(
    table_id: str,
    table: AnyTable,
    code: str,
    name: str,
    year: int,
    unit: str,
    kind: str | None = None,
    final_layout: FinalLayout = "national",
) -> list[Block]:
    """A standard table: its title, the grid, and its note (a 决算's columns and heads for a final ``kind``, in
    ``final_layout``: :mod:`yusuan.publish.final_grids`)."""
    spec, layout = SPECS[table_id], layout_of(kind)
    cols = published_columns(table_id, kind)
    own = final_grid(table_id, table, kind or "", final_layout) if cols.flat else None
    if own is not None:
        cells, widths = own
        heads = sum(1 for r in cells if all(c[3] for c in r))
        rows = [_department_row(len(widths), code, name, year_text(kind, year), table.unit or unit)]
        rows += [tuple(_cell(*c) for c in r) for r in cells]
        head = 1 + heads
    else:
        widths = _widths(spec, cols)
        columns = len(widths)
        numbers = (_c(HEBEI_2023.head_mark, bold=False), *(_c(str(i), bold=False) for i in range(1, columns)))
        body = _body(spec, cols, table)
        rows = [_department_row(columns, code, name, year_text(kind, year), table.unit or unit), *_heads(spec, cols)]
        head = len(rows) + 1
        rows += [numbers, *(body or [tuple(LayoutCell("") for _ in range(columns))])]
    columns = len(widths)
    blocks: list[Block] = [
        Paragraph(layout.title(table_id) if layout is not HEBEI_2023 else spec.title, "heading"),
        Grid(tuple(rows), widths, head=head, table_id=table_id, wide=columns > 6),
    ]
    has_rows = bool(table.income or table.expenditure) if isinstance(table, TwoSidedTable) else bool(table.rows)
    notes = layout.empty_notes or EMPTY_NOTES
    note = notes[table_id] if table.note is None and not has_rows else table.note  # "": no note
    if note:
        blocks.append(Paragraph(note, "note"))
    return blocks


# -- the whole package --------------------------------------------------------------------------


def build_document(
    d: Disclosure, prose: Mapping[str, Sequence[str]] | None = None, final_layout: FinalLayout = "national"
) -> Document:
    """The package of ``d``: the nine tables, then the 情况说明 with ``prose`` per section number (a 决算's tables
    in ``final_layout``)."""
    from yusuan.publish.sections import narrative_blocks

    code = d.department.code or DEFAULT_DEPARTMENT_CODE
    name = d.department.name or DEFAULT_DEPARTMENT_NAME
    year = d.year or DEFAULT_YEAR
    unit = d.unit or DEFAULT_UNIT
    title = package_title(d.kind, name, year)
    blocks: list[Block] = [Paragraph(title, "title")]
    for table_id in TABLE_ORDER:
        table = d.tables.get(table_id)
        if table is not None:
            blocks += table_blocks(table_id, table, code, name, year, unit, d.kind, final_layout)
    blocks += narrative_blocks(d, prose or {})
    return Document(title=title, department=name, year=year, blocks=tuple(blocks))
