"""The rectification list written as Excel (openpyxl) or Word (python-docx).

Every text comes from documents and reviewers: in the workbook it goes through
:func:`yusuan.report.xlsx_style.put` (a string cell, never a formula: ``=1+1`` stays text, with the
quote prefix), in Word it is plain run text with the characters XML forbids dropped
(:func:`~yusuan.report.xlsx_style.clean`). Files are written through :mod:`yusuan.report.safe_write`
(a temporary file renamed over the target, never through a symbolic link).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Literal

from yusuan.report.rectification import HEADS, Rectification, RectificationError
from yusuan.report.safe_write import check_target, write_bytes
from yusuan.report.xlsx_style import clean, display_width, header_row, printable, put, set_widths, wrap_top

Format = Literal["xlsx", "docx"]
#: Column widths of the workbook (characters) and of the Word table (mm, landscape A4 fits 267).
_XLSX_WIDTHS = (6, 24, 30, 60, 36, 9, 30, 20, 16)
_DOCX_WIDTHS_MM = (10, 28, 32, 70, 40, 13, 30, 24, 20)
#: Points per line of 11-point text in a row.
_LINE_HEIGHT = 15


def _lines(cells: tuple[str, ...]) -> int:
    """The lines the tallest cell of a row wraps to (a CJK character counts two), at most 30: row
    heights are set because not every spreadsheet fits them to wrapped text on opening."""
    tallest = max(
        sum(-(-display_width(part) // max(int(width) - 1, 1)) or 1 for part in text.split("\n"))
        for text, width in zip(cells, _XLSX_WIDTHS, strict=True)
    )
    return min(max(tallest, 1), 30)


def format_of(target: Path) -> Format:
    """``xlsx`` or ``docx`` from the target's suffix; a :class:`RectificationError` otherwise."""
    suffix = target.suffix.lower()
    if suffix in (".xlsx", ".docx"):
        return "xlsx" if suffix == ".xlsx" else "docx"
    raise RectificationError(f"无法从文件名 {target.name} 判断格式：整改清单可写为 .xlsx（Excel）或 .docx（Word）")


def xlsx_bytes(listing: Rectification) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "整改清单"
    put(ws, 1, 1, listing.title).font = Font(bold=True, size=14)
    put(ws, 2, 1, listing.scope)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADS))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADS))
    header_row(ws, HEADS, row=3)
    for n, row in enumerate(listing.rows, start=4):
        for column, text in enumerate(row.cells(), start=1):
            cell = put(ws, n, column, int(text) if column == 1 else text)
            cell.alignment = wrap_top()
        ws.row_dimensions[n].height = _LINE_HEIGHT * _lines(row.cells())
    if not listing.rows:
        put(ws, 4, 1, "没有需要整改的问题（已确认的问题和未审定的错误、警告均无）")
    set_widths(ws, dict(enumerate(_XLSX_WIDTHS, start=1)))
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    printable(ws)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def docx_bytes(listing: Rectification) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(clean(listing.title))
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph(clean(listing.scope))
    if not listing.rows:
        doc.add_paragraph("没有需要整改的问题（已确认的问题和未审定的错误、警告均无）。")
    table = doc.add_table(rows=1, cols=len(HEADS))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, HEADS, strict=True):
        cell.text = ""
        head_run = cell.paragraphs[0].add_run(head)
        head_run.bold = True
    for row in listing.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row.cells(), strict=True):
            cell.text = clean(text)
    for column, width in zip(table.columns, _DOCX_WIDTHS_MM, strict=True):
        for cell in column.cells:
            cell.width = Mm(width)
            for paragraph in cell.paragraphs:
                for piece in paragraph.runs:
                    piece.font.size = Pt(9)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(listing: Rectification, fmt: Format) -> bytes:
    return xlsx_bytes(listing) if fmt == "xlsx" else docx_bytes(listing)


def write(listing: Rectification, target: Path) -> Path:
    """Write the list to ``target`` (.xlsx or .docx), atomically and never through a symbolic link."""
    fmt = format_of(target)
    check_target(target)
    return write_bytes(target, render(listing, fmt))
