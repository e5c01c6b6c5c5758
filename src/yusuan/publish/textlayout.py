"""Write a disclosure's nine tables as text, in the two layouts the readers take in (DOMAIN.md §4).

:func:`render_pdf_text` writes text as extracted from a PDF (seed 000): a table row is one line of
space-separated tokens — 序号, code, name, amounts — and blank cells vanish. Every page repeats the
department line and the column heads down to the 栏次 line, and a page starts with a line that
begins with a space. Long names can wrap over lines, and a page break can split a row's name, the
first part staying with the amounts and the rest following the next page's header (公务员医疗补 / 助).

:func:`render_docx_text` writes text as extracted from a DOCX (seeds 002/003): one cell per line
starting with a tab, a tab-only line for a blank cell, a blank line at the end of each row and a
``[bookmark: …]`` marker before each table title.

Both write the tables present in the disclosure in the Hebei 2023 order with the canonical titles
of :data:`yusuan.domain.tables.SPECS`, and an empty table as its header followed by its note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import zip_longest

from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import SPECS, TableSpec, match_title
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import AnyTable, Disclosure, Row, TwoSidedTable
from yusuan.read.text import is_amount

#: The nine standard tables in the order the Hebei 2023 template publishes them.
TABLE_ORDER: tuple[str, ...] = HEBEI_2023.tables

DEFAULT_DEPARTMENT_CODE = "101"
DEFAULT_DEPARTMENT_NAME = "某某县某某局"
DEFAULT_YEAR = 2023
DEFAULT_UNIT = "万元"

#: The note printed under a table that has no rows, where the disclosure gives none.
EMPTY_NOTES: Mapping[str, str] = HEBEI_2023.empty_notes

#: Income-side column heading of each two-sided table.
_INCOME_LABELS = {t: SPECS[t].income_labels[0] for t in ("summary", "fiscal_summary")}

#: Row keys that end the item part of a two-sided table's side; the grand total closes the table.
_TAIL_KEYS = ("current_total", "carryover", "grand_total")


@dataclass(frozen=True)
class _GridRow:
    """One table row as cells after the 序号 cell; ``""`` is a blank cell."""

    cells: tuple[str, ...]
    #: Index of the name cell, which may wrap over lines or split at a page break (one-sided tables).
    name_at: int | None = None


@dataclass(frozen=True)
class _Heading:
    """What a table's department line states: department code and name, budget year, unit."""

    code: str
    name: str
    year: int
    unit: str


# -- public API ---------------------------------------------------------------------------------


def render_pdf_text(
    d: Disclosure,
    rows_per_page: int = 18,
    *,
    name_width: int | None = None,
    split_names: bool = False,
) -> str:
    """The tables of ``d`` as PDF-extracted text.

    ``rows_per_page`` table rows go on a page; ``name_width`` wraps longer names of coded and keyed
    rows over lines of that many characters; ``split_names`` moves the end of the name of a page's
    last row below the next page's header, as PDF extraction does when a row straddles a page break.
    """
    if rows_per_page < 1:
        raise ValueError("rows_per_page must be at least 1")
    lines: list[str] = []
    for table_id, table in _tables(d):
        lines += _pdf_table(table_id, table, _heading(d, table), rows_per_page, name_width, split_names)
    return "\n".join(lines) + "\n"


def render_docx_text(d: Disclosure) -> str:
    """The tables of ``d`` as DOCX-extracted text."""
    lines: list[str] = []
    for number, (table_id, table) in enumerate(_tables(d), start=1):
        lines += _docx_table(number, table_id, table, _heading(d, table))
    return "\n".join(lines) + "\n"


# -- table content, shared by both layouts ------------------------------------------------------


def _tables(d: Disclosure) -> list[tuple[str, AnyTable]]:
    return [(table_id, d.tables[table_id]) for table_id in TABLE_ORDER if table_id in d.tables]


def _heading(d: Disclosure, table: AnyTable) -> _Heading:
    return _Heading(
        code=d.department.code or DEFAULT_DEPARTMENT_CODE,
        name=d.department.name or DEFAULT_DEPARTMENT_NAME,
        year=d.year or DEFAULT_YEAR,
        unit=table.unit or d.unit or DEFAULT_UNIT,
    )


def _amount(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _width(spec: TableSpec) -> int:
    """Number of cells after 序号: label cells (code, name or item) and value cells."""
    if spec.row_kind == "two_sided":
        return 2 + len(spec.income_columns) + len(spec.columns)
    labels = 1 if spec.row_kind == "keyed" else 2
    return labels + len(spec.columns)


def _heads(spec: TableSpec) -> list[tuple[str, ...]]:
    """The column-head rows above the 栏次 row, 序号 cell included."""
    n = len(spec.columns)
    if spec.row_kind == "two_sided":
        return [
            ("序号", "收入", "", "支出", *([""] * n)),
            ("", "项目", _INCOME_LABELS.get(spec.id, "金额"), "项目", *spec.labels),
        ]
    if spec.row_kind == "keyed":
        return [("序号", "项目", "资金性质", *([""] * (n - 1))), ("", "", *spec.labels)]
    if spec.row_kind == "economic":
        return [
            ("序号", "支出部门经济分类科目", "", f"一般公共预算{figure_name('basic')}", *([""] * (n - 1))),
            ("", "科目编码", "科目名称", *spec.labels),
        ]
    return [("序号", "功能分类科目", "", *spec.labels), ("", "科目编码", "科目名称", *([""] * n))]


def _column_numbers(spec: TableSpec) -> tuple[str, ...]:
    return (HEBEI_2023.head_mark, *(str(i) for i in range(1, _width(spec) + 1)))


def _grid(table_id: str, table: AnyTable) -> list[_GridRow]:
    spec = SPECS[table_id]
    if isinstance(table, TwoSidedTable):
        return _two_sided_grid(spec, table)
    rows: list[_GridRow] = []
    for row in table.rows:
        values = tuple(_amount(row.values.get(c)) for c in spec.columns)
        if spec.row_kind == "keyed":
            rows.append(_GridRow((row.name, *values), name_at=0))
        else:
            rows.append(_GridRow((row.code or "", row.name, *values), name_at=1))
    return rows


def _split_side(rows: Sequence[Row]) -> tuple[list[Row], list[Row], Row | None]:
    """A side's items, its totals and carry-over rows, and its grand total (the last row)."""
    start = next(
        (i for i, r in enumerate(rows) if r.key in _TAIL_KEYS or (r.key or "").startswith("carryover_")),
        len(rows),
    )
    tail = [r for r in rows[start:] if r.key != "grand_total"]
    grand = next((r for r in rows[start:] if r.key == "grand_total"), None)
    return list(rows[:start]), tail, grand


def side_by_side(table: TwoSidedTable) -> list[tuple[Row | None, Row | None]]:
    """A two-sided table's printed lines as (income row, expenditure row): the items beside each
    other, then the totals and carry-over rows, the grand totals last (every layout prints it so)."""
    income_items, income_tail, income_grand = _split_side(table.income)
    expenditure_items, expenditure_tail, expenditure_grand = _split_side(table.expenditure)
    pairs = [
        *zip_longest(income_items, expenditure_items),
        *zip_longest(income_tail, expenditure_tail),
    ]
    if income_grand is not None or expenditure_grand is not None:
        pairs.append((income_grand, expenditure_grand))
    return pairs


def _two_sided_grid(spec: TableSpec, table: TwoSidedTable) -> list[_GridRow]:
    """Income items beside expenditure items, then the totals side by side, the grand totals last."""

    def side(row: Row | None, columns: tuple[str, ...]) -> tuple[str, ...]:
        if row is None:
            return ("",) * (1 + len(columns))
        return (row.name, *(_amount(row.values.get(c)) for c in columns))

    return [_GridRow(side(i, spec.income_columns) + side(e, spec.columns)) for i, e in side_by_side(table)]


def _note(table_id: str, table: AnyTable, grid: list[_GridRow]) -> str | None:
    """The table's note; for an empty table without one the standard note (``""`` means none)."""
    if table.note is not None:
        return table.note or None
    return None if grid else EMPTY_NOTES[table_id]


# -- PDF text -----------------------------------------------------------------------------------


def _loose(piece: str) -> bool:
    """Whether a piece of a name can stand on a line of its own and still be read as part of its row.

    It must not look like a row start (a 序号), an amount, a note, the 栏次 line or a table title.
    """
    return (
        bool(piece)
        and not piece[0].isdigit()
        and " " not in piece
        and not is_amount(piece)
        and not piece.startswith(("注", HEBEI_2023.head_mark))
        and match_title(piece) is None
    )


def _wrap(name: str, width: int | None) -> list[str]:
    if width is None or width < 1 or len(name) <= width:
        return [name]
    pieces = [name[i : i + width] for i in range(0, len(name), width)]
    return pieces if all(_loose(p) for p in pieces[1:]) else [name]


def _split_name(row: _GridRow) -> tuple[_GridRow, str | None]:
    """The row with the end of its name cut off, and that end (PDF extraction at a page break)."""
    if row.name_at is None:
        return row, None
    name = row.cells[row.name_at]
    cut = max(1, len(name) // 4)
    head, tail = name[:-cut], name[-cut:]
    if len(name) < 2 or not _loose(tail):
        return row, None
    cells = (*row.cells[: row.name_at], head, *row.cells[row.name_at + 1 :])
    return replace(row, cells=cells), tail


def _tokens(cells: Sequence[str]) -> list[str]:
    return [c for c in cells if c]


def _pdf_row(seq: int, row: _GridRow, name_width: int | None) -> list[str]:
    """A row's lines: one line, or (wrapped) 序号 and code, the name pieces, then the amounts."""
    if row.name_at is None:
        return [" ".join([str(seq), *_tokens(row.cells)])]
    lead = [str(seq), *_tokens(row.cells[: row.name_at])]
    pieces = _wrap(row.cells[row.name_at], name_width)
    amounts = _tokens(row.cells[row.name_at + 1 :])
    if len(pieces) == 1:
        return [" ".join([*lead, *pieces, *amounts])]
    if len(lead) == 1:  # no code: the first piece stays beside the 序号
        lead.append(pieces.pop(0))
    lines = [" ".join(lead)]
    for piece in pieces:
        lines += [piece, ""]
    lines.pop()
    if amounts and amounts[0].isdigit():
        lines[-1] += " " + " ".join(amounts)  # a bare integer on its own line would read as a 序号
    elif amounts:
        lines.append(" ".join(amounts))
    return lines


def _pdf_table(
    table_id: str,
    table: AnyTable,
    heading: _Heading,
    rows_per_page: int,
    name_width: int | None,
    split_names: bool,
) -> list[str]:
    spec = SPECS[table_id]
    dept = f"{heading.code} {heading.name} 预算年度：{heading.year} 单位：{heading.unit}"
    head = [" ".join(_tokens(cells)) for cells in _heads(spec)]
    head.append(" ".join(_column_numbers(spec)))
    grid = _grid(table_id, table)
    lines = [" " + spec.title, dept, "", *_blank_between(head)]
    carried: str | None = None
    for i, row in enumerate(grid):
        if i and i % rows_per_page == 0:
            lines += [" " + dept, "", *_blank_between(head)]
            if carried is not None:
                lines += ["", carried]
                carried = None
        if split_names and (i + 1) % rows_per_page == 0 and i + 1 < len(grid):
            row, carried = _split_name(row)
        lines.append("")
        lines += _pdf_row(i + 1, row, name_width)
    note = _note(table_id, table, grid)
    if note:
        lines += ["", note]
    return lines


def _blank_between(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += [line, ""]
    return out[:-1]


# -- DOCX text ----------------------------------------------------------------------------------


def _docx_row(cells: Sequence[str]) -> list[str]:
    return [f"\t{c}" for c in cells] + [""]


def _docx_table(number: int, table_id: str, table: AnyTable, heading: _Heading) -> list[str]:
    spec = SPECS[table_id]
    lines = [f"[bookmark: _Toc_2_2_{number:010d}]{spec.title}"]
    lines += _docx_row((f"{heading.code}{heading.name}", f"预算年度：{heading.year}", f"单位：{heading.unit}"))
    for cells in _heads(spec):
        lines += _docx_row(cells)
    lines += _docx_row(_column_numbers(spec))
    grid = _grid(table_id, table)
    if not grid:
        lines += _docx_row(("",) * (1 + _width(spec)))
    for seq, row in enumerate(grid, start=1):
        lines += _docx_row((str(seq), *row.cells))
    lines += ["", ""]
    note = _note(table_id, table, grid)
    if note:
        lines.append(note)
    return lines
