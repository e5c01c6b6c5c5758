"""A document as an Excel workbook (openpyxl).

One sheet per standard table, named by its title, and a sheet 情况说明 for the narrative. On a sheet
the blocks follow each other down column A: a title or paragraph is one row whose text is in column
A (merged across the sheet's used width, no border); a table is a block of bordered rows, one
worksheet cell per cell (merged ranges for spanned heads), its department line, column heads and
栏次 row repeated at the top of every printed page. Amounts are numeric cells with their printed
number of decimals; codes, names and every other text are text cells.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.publish.document import Block, Document, Grid, Paragraph
from yusuan.publish.sections import PROCUREMENT_TITLE
from yusuan.read.text import is_amount
from yusuan.report.xlsx_style import printable, put, set_widths

_FONT = "宋体"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SIZES = {"title": 18, "heading": 14, "part": 14, "section": 12, "subheading": 11, "body": 10.5, "note": 9}
#: Characters of a paragraph per merged line, per unit of column width.
_CHARS_PER_WIDTH = 0.55


#: Section tables whose title a reader does not take for a table title (no final 表): they start a
#: sheet named by the title, so that the paragraphs before them are not read as rows of the table
#: above (the sheet name is the title: a reader emits it before the sheet's rows).
_OWN_SHEET = (PROCUREMENT_TITLE,)


def _sheets(doc: Document) -> list[tuple[str, list[Block]]]:
    """Blocks cut into sheets at every table title and at the 情况说明 title."""
    sheets: list[tuple[str, list[Block]]] = []
    lead: list[Block] = []
    blocks = list(doc.blocks)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and block.text in _OWN_SHEET and isinstance(following, Grid):
            sheets.append((block.text, []))
            continue
        if isinstance(block, Paragraph) and block.role in ("heading", "part"):
            name = block.text if block.role == "heading" else "情况说明"
            sheets.append((name[:31], [*lead, block]))
            lead = []
        elif sheets:
            sheets[-1][1].append(block)
        else:
            lead.append(block)
    if lead:
        sheets.insert(0, ("封面", lead))
    return sheets


def _number(text: str) -> float | int | str:
    if not is_amount(text) or "," in text:
        return text
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def _width(blocks: list[Block]) -> list[float]:
    """Column widths of a sheet: the widest grid sets them (scaled to about 190 characters in all)."""
    grids = [b for b in blocks if isinstance(b, Grid)]
    if not grids:
        return [90.0]
    widest = max(grids, key=lambda g: g.columns)
    scale = (150 if widest.wide else 100) / sum(widest.widths)
    return [w * scale for w in widest.widths]


def _paragraph(ws: Worksheet, row: int, block: Paragraph, columns: int, total_width: float) -> None:
    cell = put(ws, row, 1, block.text)
    bold = block.role not in ("body", "note")
    cell.font = Font(name=_FONT, size=_SIZES[block.role], bold=bold)
    center = block.role in ("title", "heading", "part", "subheading")
    cell.alignment = Alignment(horizontal="center" if center else "left", vertical="center", wrap_text=True)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    lines = max(1, -(-len(block.text) // max(1, int(total_width * _CHARS_PER_WIDTH))))
    ws.row_dimensions[row].height = max(_SIZES[block.role] * 1.6, 15.0 * lines)


def _grid(ws: Worksheet, top: int, grid: Grid) -> int:
    """Write ``grid`` from row ``top``; the next free row."""
    covered: set[tuple[int, int]] = set()
    size = 9 if grid.columns > 6 else 10
    for r, row in enumerate(grid.rows):
        c = 0
        for spec in row:
            while (r, c) in covered:
                c += 1
            cell = put(ws, top + r, c + 1, _number(spec.text) if spec.align == "right" else spec.text)
            if isinstance(cell.value, float):
                places = len(spec.text.partition(".")[2])
                cell.number_format = "0." + "0" * places if places else "0"
            cell.font = Font(name=_FONT, size=size, bold=spec.bold)
            cell.alignment = Alignment(horizontal=spec.align, vertical="center", wrap_text=True)
            if spec.colspan > 1 or spec.rowspan > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + spec.rowspan - 1,
                    end_column=c + spec.colspan,
                )
            covered.update((r + i, c + j) for i in range(spec.rowspan) for j in range(spec.colspan))
            c += spec.colspan
    for r in range(len(grid.rows)):
        for c in range(grid.columns):
            ws.cell(row=top + r, column=c + 1).border = _BOX
    if grid.head and grid.table_id:
        ws.print_title_rows = f"{top}:{top + grid.head - 1}"
    return top + len(grid.rows)


def render_xlsx(doc: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, blocks in _sheets(doc):
        ws = wb.create_sheet(name.replace("/", "／"))
        widths = _width(blocks)
        set_widths(ws, dict(enumerate(widths, start=1)))
        printable(ws, landscape=len(widths) > 6)
        row = 1
        for block in blocks:
            if isinstance(block, Paragraph):
                _paragraph(ws, row, block, len(widths), sum(widths))
                row += 1
            else:
                row = _grid(ws, row, block)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
