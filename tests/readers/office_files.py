"""Build real DOCX, XLSX and HTML files of the Hebei layout for the reader tests.

A package is first written as DOCX text (:func:`yusuan.publish.render_docx_text`, the layout of
seeds 002/003), read back into paragraphs and cell rows, and then laid out as a real file:
paragraphs as paragraphs, consecutive cell rows as one table. A row shorter than its table has
its last cell merged over the rest of the row. With ``heads=True`` the column heads are merged
as a publisher would: in the first head row a filled cell spans the blank cells after it, in the
second a blank cell under a filled one is merged down into it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure
from yusuan.publish import render_docx_text
from yusuan.read.source import CellRow, Para, split_lines
from yusuan.read.text import is_amount


@dataclass
class Slot:
    """A grid position: an anchor cell (text, spans) or a position covered by a merge."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    covered: bool = False


@dataclass
class Grid:
    rows: list[list[Slot]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


Item = str | Grid


def layout(text: str, heads: bool = True) -> list[Item]:
    """Paragraphs and grids of a DOCX-text document."""
    items: list[Item] = []
    pending: list[list[str]] = []

    def close() -> None:
        if pending:
            items.append(_grid(pending, heads))
            pending.clear()

    for block in split_lines(text, "docx-text").blocks():
        if isinstance(block, CellRow):
            pending.append(block.texts)
        else:
            assert isinstance(block, Para)
            close()
            items.append(block.text)
    close()
    return items


def package_items(d: Disclosure, heads: bool = True) -> list[Item]:
    return layout(render_docx_text(d), heads)


def _grid(texts: list[list[str]], heads: bool) -> Grid:
    width = max(len(t) for t in texts)
    grid = Grid([[Slot(t) for t in row] for row in texts])
    for row in grid.rows:
        if len(row) < width:  # the last cell covers the rest of the row
            row[-1].colspan = width - len(row) + 1
            row += [Slot(covered=True) for _ in range(width - len(row))]
    if heads:
        _merge_heads(grid)
    return grid


def _merge_heads(grid: Grid) -> None:
    """Merge the two column-head rows above the 栏次 row."""
    numbers = next((i for i, r in enumerate(grid.rows) if r[0].text == "栏次"), None)
    if numbers is None or numbers < 2:
        return
    first, second = grid.rows[numbers - 2], grid.rows[numbers - 1]
    anchor: Slot | None = None
    for slot in first:
        if slot.text:
            anchor = slot
        elif anchor is not None and not slot.covered:
            anchor.colspan += 1
            slot.covered = True
    for above, slot in zip(first, second, strict=True):
        if not slot.text and not slot.covered and above.text and above.colspan == 1 and not above.covered:
            above.rowspan = 2
            slot.covered = True


# -- DOCX -----------------------------------------------------------------------------------------


def write_docx(items: list[Item], path: Path) -> Path:
    import docx

    document = docx.Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item.rows), cols=item.width)
        cells = [row.cells for row in table.rows]
        for r, row in enumerate(item.rows):
            for c, slot in enumerate(row):
                if slot.covered:
                    continue
                cell = cells[r][c]
                if slot.colspan > 1 or slot.rowspan > 1:
                    cell = cell.merge(cells[r + slot.rowspan - 1][c + slot.colspan - 1])
                cell.text = slot.text
    document.save(str(path))
    return path


# -- HTML -----------------------------------------------------------------------------------------


def write_html(items: list[Item], path: Path, encoding: str = "utf-8") -> Path:
    out = [
        "<!DOCTYPE html>",
        f'<html><head><meta charset="{encoding}"><title>部门预算</title>',
        "<style>td { border: 1px solid }</style><script>var x = '<p>不是正文</p>';</script></head><body>",
    ]
    for item in items:
        if isinstance(item, str):
            tag = "h2" if len(item) < 30 and not item.startswith("注") else "p"
            out.append(f"<{tag}>{html.escape(item)}</{tag}>")
            continue
        out.append('<table border="1">')
        for r, row in enumerate(item.rows):
            cells = []
            cell_tag = "th" if any(s.text == "栏次" for s in item.rows[min(r + 1, len(item.rows) - 1)]) else "td"
            for slot in row:
                if slot.covered:
                    continue
                attrs = (f' colspan="{slot.colspan}"' if slot.colspan > 1 else "") + (
                    f' rowspan="{slot.rowspan}"' if slot.rowspan > 1 else ""
                )
                cells.append(f"<{cell_tag}{attrs}>{html.escape(slot.text)}</{cell_tag}>")
            out.append("  <tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    return path


# -- XLSX -----------------------------------------------------------------------------------------


def write_xlsx(items: list[Item], path: Path, title_rows: bool = True, float_sums: bool = True) -> Path:
    """One sheet per table. ``title_rows``: the paragraphs before a table go in merged rows above it
    (the sheet is named 表1, 表2…); otherwise the title names the sheet and only the other
    paragraphs go above. Amounts are numbers with the format ``#,##0.00``; with ``float_sums`` an
    amount is written as the float sum of its parts (0.1 + 0.2 style artefacts) to be rounded back."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    above: list[str] = []
    n = 0
    for i, item in enumerate(items):
        if isinstance(item, str):
            if item.startswith("注") and wb.worksheets:
                ws = wb.worksheets[-1]
                ws.append([item])
                continue
            above.append(item)
            continue
        n += 1
        title = next((t for t in above if "表" in t), None)
        ws = wb.create_sheet(f"表{n}" if title_rows or title is None else title[:31])
        for text in above if title_rows else [t for t in above if t != title]:
            ws.append([text])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=item.width)
        above = []
        first = ws.max_row + 1 if ws.max_row > 1 or ws["A1"].value is not None else 1
        for r, row in enumerate(item.rows):
            for c, slot in enumerate(row):
                if slot.covered:
                    continue
                cell = ws.cell(row=first + r, column=c + 1)
                _put(cell, slot.text, float_sums and (i + r + c) % 3 == 0)
                if slot.colspan > 1 or slot.rowspan > 1:
                    ws.merge_cells(
                        start_row=first + r,
                        start_column=c + 1,
                        end_row=first + r + slot.rowspan - 1,
                        end_column=c + slot.colspan,
                    )
    wb.save(str(path))
    return path


def _put(cell: object, text: str, as_sum: bool) -> None:
    if text.isdigit() and len(text) <= 3:  # 序号 and 栏次 numbers
        cell.value = int(text)  # type: ignore[attr-defined]
    elif is_amount(text) and "." in text:
        value = Decimal(text.replace(",", ""))
        if as_sum and value > 1:
            cell.value = float(value - Decimal("0.1")) + 0.1  # type: ignore[attr-defined]
        else:
            cell.value = float(value)  # type: ignore[attr-defined]
        cell.number_format = "#,##0.00"  # type: ignore[attr-defined]
    else:
        cell.value = text  # type: ignore[attr-defined]


# -- comparing what was read ----------------------------------------------------------------------


def table_dump(d: Disclosure) -> dict[str, object]:
    """The tables of ``d`` as plain data, without source locations and real-file reading details."""

    def strip(x: object) -> object:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("location", "columns", "pages", "source_unit")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return {tid: strip(t.model_dump(mode="json")) for tid, t in d.tables.items()}


def dump_without_locations(d: Disclosure) -> dict[str, object]:
    """The whole disclosure as plain data, without locations, source name and layout."""

    def strip(x: object) -> object:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("location",)}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    data = d.model_dump(mode="json", exclude={"source", "layout"})
    return strip(data)  # type: ignore[return-value]
