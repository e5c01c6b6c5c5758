"""One look and one safety rule for every spreadsheet yusuan writes: review reports, the compare
workbook, the open-data export, the published workbook and the budget template.

- Header rows: bold on a light blue-grey fill, thin borders, centred and wrapped (:func:`style_header`).
- Amounts in 万元 are numbers: the exact ``Decimal`` becomes a ``float`` only when the cell is
  written, shown with :data:`AMOUNT_FORMAT` (two decimals); the JSON and CSV outputs keep exact strings.
- Column widths follow the widest text (a CJK character counts twice), capped (:func:`fit_widths`).
- Text is never taken for a formula (:func:`looks_like_formula`: a leading ``= + - @``, tab or
  carriage return, what Excel, WPS and LibreOffice start a formula with — unless the text is a plain
  number such as ``-12.50``). In a workbook a text cell is a string cell, whatever it starts with,
  and a formula-like one also carries Excel's "quote prefix" (the cell stays text when someone
  edits it) while its text stays exact (:func:`put`, :func:`text_value`, :func:`write_only_header`);
  in a CSV, which has no cell types, :func:`safe_text` puts an apostrophe before it. Every
  spreadsheet and CSV writer goes through these functions.

openpyxl is imported by the functions that need it: a CSV writer uses :func:`safe_text` alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Border, Font, PatternFill
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

#: Number format of an amount in 万元.
AMOUNT_FORMAT = "0.00"
#: Fill colour of header cells.
HEAD_COLOUR = "DCE3ED"
#: Border colour of table cells.
BORDER_COLOUR = "B7C0CC"
#: Widest automatic column width (characters).
MAX_WIDTH = 50
#: Characters a spreadsheet takes as the start of a formula in a typed-in or CSV value.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")
#: A plain decimal number (``-12.50``, ``+3``): a spreadsheet reads it as a number, not a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would start a formula with ``text`` typed in or read from a CSV."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def safe_text(text: str) -> str:
    """A CSV text value a spreadsheet will not run: formula-like text (:func:`looks_like_formula`)
    gets an apostrophe before it (``=1+1`` → ``'=1+1``); any other text is returned as it is."""
    return "'" + text if looks_like_formula(text) else text


def clean(text: str) -> str:
    """Text safe in the XML of a workbook: characters XML forbids are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@cache
def _styles() -> tuple[Font, PatternFill, Border, Alignment, Alignment]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color=BORDER_COLOUR)
    return (
        Font(bold=True),
        PatternFill("solid", fgColor=HEAD_COLOUR),
        Border(left=thin, right=thin, top=thin, bottom=thin),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        Alignment(wrap_text=True, vertical="top"),
    )


def bold() -> Font:
    return _styles()[0]


def border() -> Border:
    """The thin border of table cells."""
    return _styles()[2]


def wrap_top() -> Alignment:
    """Wrapped text aligned to the top (long messages in a table)."""
    return _styles()[4]


def style_header(cell: Cell) -> None:
    """Give a header cell the shared header look (works on write-only cells too)."""
    font, fill, box, centre, _ = _styles()
    cell.font, cell.fill, cell.border, cell.alignment = font, fill, box, centre


def put(ws: Worksheet, row: int, column: int, value: str | Decimal | float | int | None) -> Cell:
    """Write one cell: amounts as two-decimal numbers, text cleaned and never taken for a formula."""
    from openpyxl.cell.cell import Cell

    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell), "no merged cells are written"
    if isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = AMOUNT_FORMAT
    elif isinstance(value, str):
        cell.value = clean(value)[:32767]
        cell.data_type = "s"  # a leading "=" is text, not a formula
        if looks_like_formula(value):
            cell.quotePrefix = True  # and stays text when edited
    else:
        cell.value = value
    return cell


def header_row(ws: Worksheet, heads: Sequence[str], row: int = 1, widths: Sequence[float] = ()) -> None:
    """Write a header row in the shared style; ``widths`` sets the columns' widths where given."""
    from openpyxl.utils import get_column_letter

    for i, head in enumerate(heads, start=1):
        style_header(put(ws, row, i, head))
        if i <= len(widths):
            ws.column_dimensions[get_column_letter(i)].width = widths[i - 1]


def write_only_header(ws: WriteOnlyWorksheet, heads: Sequence[str]) -> None:
    """Append a header row in the shared style to a write-only sheet."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for head in heads:
        cell = WriteOnlyCell(ws, value=clean(head))
        cell.data_type = "s"
        style_header(cell)
        cell.quotePrefix = looks_like_formula(head)
        cells.append(cell)
    ws.append(cells)


def text_value(ws: WriteOnlyWorksheet, text: str | None) -> str | Cell | None:
    """A text value for a row appended to ``ws``: cleaned, and for formula-like text a string cell
    with the quote prefix (openpyxl would take a leading ``=`` for a formula)."""
    if text is None:
        return None
    value = clean(text)[:32767]
    if not looks_like_formula(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, distinct sheet name: no []:*?/\\, at most 31 characters, no edge apostrophe."""
    base = _INVALID_SHEET.sub("_", wanted).strip("'") or "表"
    base = base[:31]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def fit_widths(ws: Worksheet, fixed: dict[int, float] | None = None, first_row: int = 1) -> None:
    """Columns as wide as their widest text (from ``first_row``), at least 8 and at most
    :data:`MAX_WIDTH`; ``fixed`` gives some columns their width."""
    from openpyxl.utils import get_column_letter

    fixed = fixed or {}
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for c in row:
            if c.value is None:
                continue
            text = f"{c.value:.2f}" if isinstance(c.value, float) else str(c.value)
            widths[c.column] = max(widths.get(c.column, 0), max(display_width(p) for p in text.split("\n")))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = fixed.get(col, min(max(w + 2, 8), MAX_WIDTH))


def set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    """Column (1-based) → width."""
    from openpyxl.utils import get_column_letter

    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def printable(ws: Worksheet, landscape: bool = True) -> None:
    """Print on A4, as wide as the page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True


__all__ = [
    "AMOUNT_FORMAT",
    "FORMULA_STARTS",
    "bold",
    "border",
    "clean",
    "display_width",
    "fit_widths",
    "header_row",
    "looks_like_formula",
    "printable",
    "put",
    "safe_text",
    "set_widths",
    "sheet_name",
    "style_header",
    "text_value",
    "wrap_top",
    "write_only_header",
]
