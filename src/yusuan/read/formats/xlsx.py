"""Read an XLSX (openpyxl, read-only, streaming) or XLS (xlrd) workbook into located blocks.

Each visible worksheet, in workbook order, becomes paragraphs and table rows (see
:mod:`yusuan.read.formats.cellgrid`); every cell is located by ``sheet`` and ``cell`` (``B7``). Hidden
sheets are not read (the public does not see them). Values are the cached results of formulas;
a formula cell saved without its result (a workbook written by a program, never opened in Excel)
reads blank, and each sheet that has such cells gets a reading problem naming them
(``formula_without_value``). Numbers become text with the decimals of their number format
(:mod:`yusuan.read.formats.numtext`).

Merged ranges: the top-left cell carries the text and spans the range's columns; the cells to its
right are dropped; each later row of the range gets a blank cell at its first column with the same
span. A range is clipped to the sheet's filled area.

A sheet's name is often a table title (``预算01表 收支总表``); it is emitted as a paragraph before
the sheet's rows unless the sheet's own first rows already hold a title, or the name is Excel's
default (``Sheet1``).

Bounds: the zip checks of :mod:`yusuan.read.formats.zipguard`, which also count, before openpyxl
opens the workbook, its merged ranges, shared strings, cell and row elements and its longest text;
rows are streamed and counted, and a workbook with more than
:data:`~yusuan.read.formats.cellgrid.MAX_ROWS` filled rows (or
:data:`~yusuan.read.formats.cellgrid.MAX_CELLS` cells) is refused as soon as the count is passed;
the reading time is bounded by :mod:`yusuan.read.deadline`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

from yusuan.model import Location, Problem
from yusuan.read import deadline
from yusuan.read.errors import ReadError
from yusuan.read.formats.cellgrid import (
    Budget,
    GridCell,
    GridCounter,
    GridRow,
    check_columns,
    clean_text,
    grid_blocks,
    looks_like_title,
)
from yusuan.read.formats.numtext import value_text
from yusuan.read.formats.zipguard import check_container, check_xls, check_zip, damage_reason
from yusuan.read.source import Block, CellRow, Para, SourceText

if TYPE_CHECKING:
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.cell_style import StyleArray

_DEFAULT_SHEET_RE = re.compile(r"^(sheet|工作表|表)\s*\d*$", re.IGNORECASE)


@dataclass
class Merge:
    top: int
    left: int  # 1-based, as in the sheet
    bottom: int
    right: int


@dataclass
class SheetData:
    """The filled cells of one sheet: row number → (column, text), both 1-based."""

    name: str
    rows: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    #: Formula cells saved without their computed value (``B7``), read blank.
    uncomputed: list[str] = field(default_factory=list)


def column_letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_xlsx(path: str | Path) -> SourceText:
    """The sheets of an XLSX workbook as blocks, or a :class:`ReadError` saying why not."""
    p = Path(path)
    if check_container(p, "XLSX") == "ole":
        return read_xls(p)
    with deadline.reading_deadline(p):
        check_zip(p, "XLSX")
        budget = Budget(str(p))
        try:
            # A file object, not the path: openpyxl refuses a path whose suffix is not .xlsx/.xlsm.
            with p.open("rb") as fh:
                sheets = _xlsx_sheets(p, fh, budget)
        except ReadError:
            raise
        except Exception as exc:  # openpyxl, lxml and zipfile raise many kinds on a damaged file
            reason = damage_reason(exc)
            raise ReadError(f"{p}：文件已损坏，无法作为 XLSX 读取（{reason}）", code="read.corrupt") from exc
        blocks = workbook_blocks(p, sheets, budget)
    return SourceText.from_blocks("xlsx", blocks, pages=len(sheets), problems=uncomputed_problems(sheets))


#: Cells named in the problem of a sheet with formulas saved without their values.
_NAMED_CELLS = 10


def uncomputed_problems(sheets: Iterable[SheetData]) -> list[Problem]:
    """One reading problem per sheet whose formula cells were saved without their computed values."""
    out: list[Problem] = []
    for sheet in sheets:
        if not sheet.uncomputed:
            continue
        cells = "、".join(sheet.uncomputed[:_NAMED_CELLS])
        more = " 等" if len(sheet.uncomputed) > _NAMED_CELLS else ""
        message = (
            f"工作表“{sheet.name}”有 {len(sheet.uncomputed)} 个公式单元格没有保存计算结果（{cells}{more}），读作空白；"
            "请在 Excel 或 WPS 中打开、重新计算并保存后再读取"
        )
        location = Location(sheet=sheet.name, cell=sheet.uncomputed[0])
        out.append(Problem(code="formula_without_value", message=message, location=location))
    return out


class _WorkbookStyles(Protocol):
    """The style tables openpyxl keeps on a workbook in private attributes (types-openpyxl omits them)."""

    _date_formats: Container[int]
    _timedelta_formats: Container[int]
    _cell_styles: Sequence[StyleArray]
    _number_formats: Sequence[str]


def _xlsx_sheets(path: Path, fh: IO[bytes], budget: Budget) -> list[SheetData]:
    """The visible worksheets, each streamed once.

    The workbook parts (content types, shared strings, workbook, styles) are read as
    ``openpyxl.load_workbook`` reads them, but the worksheets are not opened through its
    read-only worksheet, which first scans a sheet without a ``<dimension>`` element to its end.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(fh, read_only=True, data_only=True, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets: list[SheetData] = []
        for sheet, rel in reader.parser.find_sheets():
            if rel.target not in reader.valid_files or "chartsheet" in str(rel.Type) or sheet.state != "visible":
                continue
            with reader.archive.open(rel.target) as source:
                sheets.append(_xlsx_sheet(path, str(sheet.name), source, reader, budget))
        return sheets
    finally:
        reader.archive.close()


def _xlsx_sheet(path: Path, name: str, source: IO[bytes], reader: ExcelReader, budget: Budget) -> SheetData:
    """Stream one worksheet part: filled cells as text, then its merged ranges."""
    from openpyxl.utils.cell import range_boundaries

    wb = reader.wb
    styles = cast("_WorkbookStyles", wb)
    sheet = SheetData(name)
    where = f"工作表“{name}”"
    deadline.check(where)
    parser = _parser_class()(
        source,
        reader.shared_strings,
        data_only=True,
        epoch=wb.epoch,
        date_formats=styles._date_formats,
        timedelta_formats=styles._timedelta_formats,
    )
    for row_no, cells in parser.parse():
        deadline.check(where)
        filled: list[tuple[int, str]] = []
        for c in cells:
            if c["value"] is None:
                continue
            number_format = _number_format(styles, c["style_id"]) if c["data_type"] == "n" else None
            text = clean_text([value_text(c["value"], number_format)])
            if text:
                check_columns(str(path), int(c["column"]), where)
                filled.append((int(c["column"]), text))
        if filled:
            budget.take(len(filled), where)
            sheet.rows[int(row_no)] = filled
    sheet.uncomputed = parser.uncomputed
    found = parser.merged_cells.mergeCell if parser.merged_cells is not None else []
    for merge in found:
        try:
            left, top, right, bottom = range_boundaries(str(merge.ref))
        except (TypeError, ValueError):
            continue
        if None not in (left, top, right, bottom):
            sheet.merges.append(Merge(int(top), int(left), int(bottom), int(right)))  # type: ignore[arg-type]
    return sheet


class _NotingParser(Protocol):
    uncomputed: list[str]
    merged_cells: Any

    def parse(self) -> Iterator[tuple[int, list[dict[str, Any]]]]: ...


_PARSER: Callable[..., _NotingParser] | None = None


def _parser_class() -> Callable[..., _NotingParser]:
    """openpyxl's worksheet parser, noting each formula cell saved without its value (its
    ``parse_cell`` reads only the cached ``<v>`` when reading values)."""
    global _PARSER
    if _PARSER is None:
        from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

        class Parser(WorkSheetParser):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.uncomputed: list[str] = []

            def parse_cell(self, element: Any) -> dict[str, Any]:
                cell: dict[str, Any] = super().parse_cell(element)
                if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                    self.uncomputed.append(str(element.get("r") or f"{column_letter(cell['column'])}{cell['row']}"))
                return cell

        _PARSER = Parser
    return _PARSER


def _number_format(wb: _WorkbookStyles, style_id: object) -> str:
    """The number format of a cell style, as ``ReadOnlyCell.number_format`` finds it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    try:
        fmt_id = int(wb._cell_styles[int(str(style_id or 0))].numFmtId)
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            return str(BUILTIN_FORMATS.get(fmt_id, "General"))
        return str(wb._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE])
    except (IndexError, KeyError, ValueError, TypeError):
        return "General"


def read_xls(path: str | Path) -> SourceText:
    """The sheets of an XLS (Excel 97-2003) workbook as blocks, or a :class:`ReadError`."""
    p = Path(path)
    if check_container(p, "XLS") == "zip":
        return read_xlsx(p)
    with deadline.reading_deadline(p):
        return _read_xls(p)


def _read_xls(p: Path) -> SourceText:
    check_xls(p)
    budget = Budget(str(p))
    try:
        import xlrd  # type: ignore[import-untyped]

        book = xlrd.open_workbook(str(p), formatting_info=True, on_demand=True)
    except Exception as exc:
        raise _xls_error(p, exc) from exc
    try:
        sheets = [_xls_sheet(p, book, i, budget) for i in range(book.nsheets)]
    except ReadError:
        raise
    except Exception as exc:
        raise _xls_error(p, exc) from exc
    finally:
        book.release_resources()
    visible = [s for s in sheets if s is not None]
    return SourceText.from_blocks("xlsx", workbook_blocks(p, visible, budget), pages=len(visible))


def _xls_error(path: Path, exc: Exception) -> ReadError:
    text = str(exc)
    if "encrypted" in text.lower():
        message = f"{path}：文件已加密（设有打开密码），无法读取；请在 Excel 中去掉密码后另存再读取"
        return ReadError(message, code="read.encrypted")
    detail = damage_reason(exc) if not text else text[:80]
    return ReadError(f"{path}：文件已损坏，无法作为 XLS 读取（{detail}）", code="read.corrupt")


def _xls_sheet(path: Path, book: Any, index: int, budget: Budget) -> SheetData | None:
    # ``book`` is an xlrd.Book: xlrd ships no type information, hence Any.
    import xlrd

    ws = book.sheet_by_index(index)
    if getattr(ws, "visibility", 0) != 0:
        return None
    sheet = SheetData(str(ws.name))
    where = f"工作表“{ws.name}”"
    date_mode = book.datemode
    for r in range(ws.nrows):
        deadline.check(where)
        filled: list[tuple[int, str]] = []
        for c, cell in enumerate(ws.row(r)):
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            value: object = cell.value
            number_format: str | None = None
            if cell.ctype == xlrd.XL_CELL_NUMBER:
                xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
                fmt = book.format_map.get(xf.format_key) if xf is not None else None
                number_format = fmt.format_str if fmt is not None else None
            elif cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, date_mode)
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = cell.value
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(cell.value, "#ERR")
            text = clean_text([value_text(value, number_format)])
            if text:
                check_columns(str(path), c + 1, where)
                filled.append((c + 1, text))
        if filled:
            budget.take(len(filled), where)
            sheet.rows[r + 1] = filled
    for top, bottom, left, right in ws.merged_cells:  # 0-based, exclusive ends
        sheet.merges.append(Merge(top + 1, left + 1, bottom, right))
    book.unload_sheet(index)
    return sheet


# -- from filled cells to blocks ----------------------------------------------------------------


def workbook_blocks(path: Path, sheets: Iterable[SheetData], budget: Budget) -> list[Block]:
    blocks: list[Block] = []
    counter = GridCounter()
    for sheet in sheets:
        sheet_blocks = grid_blocks(list(_grid_rows(sheet, budget)), counter, budget)
        if _needs_title(sheet.name, sheet_blocks):
            blocks.append(Para(clean_text([sheet.name]), Location(sheet=sheet.name)))
        blocks += sheet_blocks
    return blocks


def _needs_title(name: str, blocks: list[Block]) -> bool:
    """The sheet name is worth a paragraph: not Excel's default, and no title above the first row."""
    if _DEFAULT_SHEET_RE.match(name.strip()) or not name.strip():
        return False
    for block in blocks:
        if isinstance(block, CellRow):
            break
        if looks_like_title(block.text):
            return False
    return True


def _grid_rows(sheet: SheetData, budget: Budget) -> Iterator[GridRow]:
    """The sheet's filled rows with merged ranges applied (see the module docstring). The grid
    positions the ranges cover (clipped to the filled rows and columns) are counted against the
    budget before any is expanded; a range overlapping an earlier one gives way to it."""
    if not sheet.rows:
        return
    numbers = sorted(sheet.rows)
    last_col = max(c for cells in sheet.rows.values() for c, _ in cells)
    spans: dict[tuple[int, int], int] = {}
    covered: dict[int, list[Merge]] = {}  # row → ranges covering it
    for m in sheet.merges:
        top, bottom, right = max(m.top, 1), min(m.bottom, numbers[-1]), min(m.right, last_col)
        if m.left > right or top > bottom or (m.left == right and top == bottom):
            continue
        rows = numbers[bisect.bisect_left(numbers, top) : bisect.bisect_right(numbers, bottom)]
        budget.plan(len(rows) * (right - m.left + 1), f"工作表“{sheet.name}”")
        clipped = Merge(top, m.left, bottom, right)
        spans[(top, m.left)] = right - m.left + 1
        for r in rows:
            covered.setdefault(r, []).append(clipped)
    for r in numbers:
        cells: list[GridCell] = []
        ranges = covered.get(r, [])
        owner: dict[int, Merge] = {}  # column → the first range covering it
        for m in ranges:
            for c in range(m.left, m.right + 1):
                owner.setdefault(c, m)
        for col, text in sheet.rows[r]:
            inside = owner.get(col)
            if inside is not None and not (inside.top == r and inside.left == col):
                continue  # hidden under a merged range
            span = spans.get((r, col), 1)
            cells.append(GridCell(text, col - 1, span, _loc(sheet.name, r, col)))
        for m in ranges:
            if m.top < r and owner[m.left] is m:  # a range under an earlier one is dropped
                cells.append(GridCell("", m.left - 1, m.right - m.left + 1, _loc(sheet.name, r, m.left)))
        yield GridRow(cells, partial(_gap_loc, sheet.name, r))


def _loc(sheet: str, row: int, col: int) -> Location:
    return Location(sheet=sheet, cell=f"{column_letter(col)}{row}")


def _gap_loc(sheet: str, row: int, col: int) -> Location:
    """A blank grid position: ``col`` is 0-based."""
    return _loc(sheet, row, col + 1)
