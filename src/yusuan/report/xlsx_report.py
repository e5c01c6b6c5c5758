"""The Excel workbook: a 审核发现 sheet, a 文件一览 sheet (with each document's kind, whether anything could
be checked and how many rules ran), a 未能检查 sheet (each rule not applied, with the reason) and one
sheet per table read.

Amounts are written as numbers: the exact ``Decimal`` is converted to ``float`` only at the
moment a cell is written, with the number format ``0.00`` (the accepted practice for
spreadsheets, whose cells hold binary floating point; the JSON report keeps the exact strings).
Cells a finding points at are filled in the finding's severity colour and carry a comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.domain.kinds import CONTENT_NAMES
from yusuan.domain.levels import level_name
from yusuan.model import Row, Table
from yusuan.report.common import (
    SHORT_NAMES,
    UNCHECKED,
    column_name,
    coverage_line,
    department_line,
    finding_table,
    nothing_checked,
    skipped_rows,
    table_name,
    values_text,
)
from yusuan.report.excerpt import row_matches, sides, table_layout
from yusuan.report.xlsx_style import (
    border,
    clean,
    fit_widths,
    header_row,
    printable,
    put,
    sheet_name,
    style_header,
    wrap_top,
)
from yusuan.review.finding import KIND_ZH, SEVERITY_FILL, SEVERITY_ZH, Evidence, Finding
from yusuan.review.results import Reviewed

FINDINGS_SHEET = "审核发现"
DOCUMENTS_SHEET = "文件一览"
SKIPPED_SHEET = "未能检查"
SKIPPED_HEADS = ("文件", "部门", "规则", "名称", "原因")
FINDING_HEADS = (
    "序号", "文件", "部门", "严重程度", "类别", "规则", "标题", "说明",
    "表", "行", "栏", "页", "行号", "单元格数值", "相关金额", "引文",
)  # fmt: skip
_WIDE = {"说明": 60, "引文": 50, "相关金额": 30, "标题": 22, "部门": 28}

_FILLS = {s: PatternFill("solid", fgColor=colour) for s, colour in SEVERITY_FILL.items()}

__all__ = ["sheet_name", "workbook", "write"]


def _cell(ws: Worksheet, row: int, column: int) -> Cell:
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell), "no merged cells are written"
    return cell


# -- the findings and documents sheets -------------------------------------------------------------


def _findings_sheet(ws: Worksheet, items: Sequence[Reviewed]) -> None:
    header_row(ws, FINDING_HEADS)
    r, no = 2, 0
    for item in items:
        d, rev = item.disclosure, item.review
        for f in rev.findings:
            no += 1
            for ev in f.locations or [Evidence()]:
                row: list[str | Decimal | int | None] = [
                    no, ev.file or rev.source, rev.department.name or "", SEVERITY_ZH[f.severity], KIND_ZH[f.kind],
                    f.rule, f.title, f.message, table_name(ev.table, d) if ev.table else "",
                    " ".join(p for p in (ev.row if ev.row and ev.row.isdigit() else None, ev.name) if p),
                    column_name(ev.table, ev.column) if ev.column else "", ev.page, ev.line, ev.value,
                    values_text(f.values, finding_table(f)), ev.sentence or "",
                ]  # fmt: skip
                for col, value in enumerate(row, start=1):
                    c = put(ws, r, col, value)
                    c.alignment, c.border = wrap_top(), border()
                ws.cell(row=r, column=4).fill = _FILLS[f.severity]
                r += 1
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_HEADS))}{max(r - 1, 1)}"
    fit_widths(ws, {FINDING_HEADS.index(h) + 1: w for h, w in _WIDE.items()})
    printable(ws)
    ws.print_title_rows = "1:1"


def _documents_sheet(ws: Worksheet, items: Sequence[Reviewed], sheets: list[list[str]]) -> None:
    heads = (
        "序号", "文件", "部门名称", "部门编码", "级次", "预算年度", "错误", "警告", "提示", "表格工作表",
        "文件类型", "审核状态", "检查覆盖",
    )  # fmt: skip
    header_row(ws, heads)
    for i, (item, names) in enumerate(zip(items, sheets, strict=True), start=1):
        rev, d = item.review, item.disclosure
        dept = rev.department
        level = level_name(dept.level)
        row: list[str | int | None] = [i, rev.source, dept.name or "", dept.code or "", level, rev.year]
        row += [rev.count("error"), rev.count("warning"), rev.count("info"), "、".join(names)]
        row += [f"{d.kind}（{CONTENT_NAMES[d.content]}）", UNCHECKED if nothing_checked(item) else "已检查"]
        row.append(coverage_line(item) if rev.coverage else "")
        for col, value in enumerate(row, start=1):
            put(ws, i + 1, col, value).border = border()
    ws.freeze_panes = "A2"
    fit_widths(ws, {10: 60, 13: 60})
    printable(ws)


def _skipped_sheet(ws: Worksheet, items: Sequence[Reviewed]) -> None:
    header_row(ws, SKIPPED_HEADS)
    r = 2
    for item in items:
        for rule, title, reason in skipped_rows(item):
            row = [item.review.source, item.review.department.name or "", rule, title, reason]
            for col, value in enumerate(row, start=1):
                c = put(ws, r, col, value)
                c.alignment, c.border = wrap_top(), border()
            r += 1
    ws.freeze_panes = "A2"
    fit_widths(ws, {4: 30, 5: 60})
    printable(ws)


# -- table sheets --------------------------------------------------------------------------------


Marks = dict[tuple[int, str | None], list[Finding]]


def _marks(findings: Sequence[Finding], table_id: str, rows: list[Row]) -> Marks:
    """(row index, column key or None) → findings pointing there."""
    marks: Marks = {}
    for f in findings:
        for ev in f.locations:
            if ev.table != table_id:
                continue
            for i, r in enumerate(rows):
                if row_matches(r, ev):
                    marks.setdefault((i, ev.column), []).append(f)
                    break
    return marks


def _mark(cell: Cell, findings: list[Finding]) -> None:
    worst = min(findings, key=lambda f: ("error", "warning", "info").index(f.severity))
    cell.fill = _FILLS[worst.severity]
    text = "\n".join(f"【{SEVERITY_ZH[f.severity]}】{f.rule}：{f.message}" for f in findings)
    comment = Comment(clean(text)[:2000], "yusuan")
    comment.width, comment.height = 400, min(60 + 40 * len(findings), 400)
    cell.comment = comment


def _write_block(
    ws: Worksheet, item: Reviewed, table_id: str, side: str, rows: list[Row], first_col: int, top: int
) -> int:
    """Write one table (side) at ``first_col``; returns the number of columns used."""
    label_heads, keys, with_code = table_layout(table_id, rows, side)
    heads = list(label_heads) + [column_name(table_id, k, side) for k in keys]
    if side == "income":
        heads[0] = "收入项目"
    elif side == "expenditure":
        heads[0] = "支出项目"
    for j, h in enumerate(heads):
        style_header(put(ws, top, first_col + j, h))
    marks = _marks(item.review.findings, table_id, rows)
    for i, r in enumerate(rows):
        labels = [r.code or "", r.name] if with_code else [r.name]
        values: list[str | Decimal | None] = [*labels, *(r.values.get(k) for k in keys)]
        for j, v in enumerate(values):
            put(ws, top + 1 + i, first_col + j, v).border = border()
        if (i, None) in marks:
            _mark(_cell(ws, top + 1 + i, first_col + len(labels) - 1), marks[(i, None)])
        for j, k in enumerate(keys):
            if (i, k) in marks:
                _mark(_cell(ws, top + 1 + i, first_col + len(labels) + j), marks[(i, k)])
    return len(heads)


def _table_sheet(ws: Worksheet, item: Reviewed, table_id: str) -> None:
    d = item.disclosure
    t = d.tables[table_id]
    top, col, height = 4, 1, 0
    for side, rows in sides(t):
        col += _write_block(ws, item, table_id, side, rows, col, top)
        height = max(height, len(rows))
    put(ws, 1, 1, t.title).font = Font(bold=True, size=14)
    unit = t.unit or d.unit or "万元"
    put(ws, 2, 1, f"部门：{department_line(d.department, None)}　预算年度：{d.year or '未识别'}　单位：{unit}")
    put(ws, 3, 1, f"来源：{item.review.source}" + (f"，第 {t.location.page} 页" if t.location.page else ""))
    if t.note or height == 0:
        put(ws, top + height + 2, 1, t.note or "（表格无数据）")
    label_cols = 2 if isinstance(t, Table) and table_layout(table_id, t.rows)[2] else 1
    ws.freeze_panes = ws.cell(row=top + 1, column=label_cols + 1).coordinate
    fit_widths(ws, first_row=top)
    printable(ws, landscape=col > 6)
    ws.print_title_rows = f"{top}:{top}"


def workbook(items: Sequence[Reviewed]) -> Workbook:
    wb = Workbook()
    findings = wb.active
    assert findings is not None
    findings.title = FINDINGS_SHEET
    docs = wb.create_sheet(DOCUMENTS_SHEET)
    skipped = wb.create_sheet(SKIPPED_SHEET)
    taken = {FINDINGS_SHEET, DOCUMENTS_SHEET, SKIPPED_SHEET}
    sheets: list[list[str]] = []
    for n, item in enumerate(items, start=1):
        names = []
        for table_id in item.disclosure.tables:
            short = SHORT_NAMES.get(table_id, table_id)
            name = sheet_name(short if len(items) == 1 else f"{n}-{short}", taken)
            _table_sheet(wb.create_sheet(name), item, table_id)
            names.append(name)
        sheets.append(names)
    _findings_sheet(findings, items)
    _documents_sheet(docs, items, sheets)
    _skipped_sheet(skipped, items)
    return wb


def write(items: Sequence[Reviewed], target: Path) -> Path:
    from yusuan.report.safe_write import atomic_open

    book = workbook(items)
    with atomic_open(target, "wb") as stream:
        book.save(stream)
    return target
