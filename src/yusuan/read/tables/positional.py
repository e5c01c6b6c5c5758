"""The nine tables in the DOCX-text layout (seeds 002/003).

Each cell is a line starting with a tab, a tab-only line is a blank cell and a blank line ends a
row, so every number keeps its column. Header rows run down to the 栏次 row.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.domain.headings import classify_title
from yusuan.domain.tables import COLUMN_NAMES, SPECS, STANDARD_TABLES, match_title
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import Problem
from yusuan.read.source import CellRow, Para, SourceCell, SourceText
from yusuan.read.tables.raw import DEPT_LINE_RE, RawRow, RawTable, RawTables, find_unit, main_row, side_row, split_code
from yusuan.read.text import is_amount, parse_amount

_BLANKS = ("", "-", "—", "－", "/")


def hebei_grid(src: SourceText) -> bool:
    """A real file laid out on the Hebei 2023 template: the heads of most of its standard tables end
    with a 栏次 row. One table that prints a 栏次 row (another template numbering a single table's
    columns) does not make the whole file Hebei's: it is read by meaning like any other template."""
    mark = HEBEI_2023.head_mark
    titled: set[str] = set()
    marked: set[str] = set()
    current: str | None = None
    any_mark = False
    for block in src.blocks():
        if isinstance(block, Para):
            table_id = classify_title(block.text)
            if table_id in STANDARD_TABLES:
                current = table_id
                titled.add(table_id)
        elif any(t.replace(" ", "") == mark for t in block.texts[:2]):
            any_mark = True
            if current is not None:
                marked.add(current)
    if not titled:
        return any_mark
    return 2 * len(marked) > len(titled)


def read_docx_tables(src: SourceText) -> RawTables:
    out = RawTables()
    current: RawTable | None = None
    in_header = False
    for block in src.blocks():
        if isinstance(block, Para):
            table_id = match_title(block.text)
            if table_id is not None and table_id not in out.tables:
                current = RawTable(table_id, block.text, block.location)
                out.tables[table_id] = current
                in_header = True
                continue
            if current is not None and DEPT_LINE_RE.search(block.text) and (in_header or current.rows):
                # Real files: the department or unit line as a paragraph between title and heads,
                # or repeated at the top of the next page (a PDF) before the heads again.
                current.unit = current.unit or find_unit(block.text)
                in_header = True
                continue
            if current is not None and block.text.startswith(("注：", "注:")) and current.note is None:
                current.note = block.text
            current = None
            continue
        if current is None:
            continue
        texts = block.texts
        if in_header:
            for t in texts:
                current.unit = current.unit or find_unit(t)
            if any(t.replace(" ", "") == HEBEI_2023.head_mark for t in texts[:2]):
                in_header = False
            continue
        if not any(texts):
            continue
        if current.rows and any(DEPT_LINE_RE.search(t) for t in texts):
            in_header = True  # a PDF page break: department line and heads again, down to 栏次
            continue
        current.rows.extend(_rows(current, block, out.problems))
    return out


def _rows(table: RawTable, block: CellRow, problems: list[Problem]) -> list[RawRow]:
    spec = SPECS[table.id]
    cells = list(block.cells)
    seq = int(cells[0].text) if cells and cells[0].text.isdigit() else None
    if seq is not None:
        cells = cells[1:]
    if spec.row_kind == "two_sided":
        return _two_sided(table, cells, seq, problems)
    code: str | None = None
    has_code = cells and (split_code(cells[0].text) is not None or cells[0].text == "")
    if spec.row_kind in ("function", "economic") and has_code:
        code = cells[0].text or None
        cells = cells[1:]
    if not cells:
        return []
    row = main_row(table.id, cells[0].text, code, block.location, seq)
    row.fixed = _values(row, cells[1:], problems)
    return [row]


def _two_sided(table: RawTable, cells: list[SourceCell], seq: int | None, problems: list[Problem]) -> list[RawRow]:
    spec = SPECS[table.id]
    n_income = 1 + len(spec.income_columns)
    after_carryover = any(r.key == "carryover" for r in table.rows if r.side == "income")
    rows: list[RawRow] = []
    income, expenditure = cells[:n_income], cells[n_income:]
    for side, part in (("income", income), ("expenditure", expenditure)):
        if not part or not part[0].text:
            if any(c.text not in _BLANKS for c in part[1:]):
                problems.append(
                    Problem(
                        code="value_without_item",
                        message="一行中有金额却没有项目名称",
                        table=table.id,
                        location=part[1].location,
                    )
                )
            continue
        row = side_row(table.id, side, part[0].text, part[0].location, seq, after_carryover)  # type: ignore[arg-type]
        row.fixed = _values(row, part[1:], problems)
        rows.append(row)
    return rows


def _values(row: RawRow, cells: list[SourceCell], problems: list[Problem]) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    if len(cells) > len(row.columns) and any(c.text not in _BLANKS for c in cells[len(row.columns) :]):
        problems.append(
            Problem(
                code="too_many_cells",
                message=f"“{row.name}”一行有 {len(cells)} 个金额格，但该表只有 {len(row.columns)} 个金额栏",
                table=row.table,
                location=row.location,
            )
        )
    for column, cell in zip(row.columns, cells, strict=False):
        text = cell.text.replace(" ", "")
        if text in _BLANKS:
            continue
        if is_amount(text):
            values[column] = parse_amount(text)
        else:
            problems.append(
                Problem(
                    code="not_a_number",
                    message=f"“{row.name}”一行的“{COLUMN_NAMES.get(column, column)}”栏不是数字：{cell.text}",
                    table=row.table,
                    location=cell.location,
                )
            )
    return values
