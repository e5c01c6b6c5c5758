"""Read a DOCX file (python-docx) into located blocks: paragraphs and table rows in document order.

* A body paragraph is a :class:`~yusuan.read.source.Para` located by its paragraph number
  (``line``, 1-based, counting every body paragraph, empty ones included; paragraphs in tables are
  not counted). Its text is that of its runs, hyperlinks, fields and tracked insertions; deleted
  text, field codes and text boxes are left out. Line breaks inside a paragraph join like wrapped
  lines (no space between Chinese pieces).
* A table row is a :class:`~yusuan.read.source.CellRow`; each cell is located
  ``T{table}R{row}C{column}`` (1-based; the column is the first grid column of the cell) and keeps
  its grid column and span. Merged cells: a cell merged across columns (``gridSpan`` or legacy
  ``hMerge``) appears once with its span; a cell merged down (``vMerge``) has its text in its first
  row, and the later rows it covers get a blank cell at that column. Tables nested in a cell are
  not read. Rows and cells before the table body become paragraphs as described in
  :mod:`yusuan.read.formats.cellgrid`.

Headers, footers, footnotes and comments are not read. Before python-docx opens the file,
:mod:`yusuan.read.formats.zipguard` checks what it is and what its zip members declare.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from yusuan.model import Location
from yusuan.read import deadline
from yusuan.read.errors import ReadError
from yusuan.read.formats.cellgrid import Budget, GridCell, GridCounter, GridRow, check_columns, clean_text, grid_blocks
from yusuan.read.formats.zipguard import check_container, check_zip, damage_reason
from yusuan.read.source import Block, Para, SourceText

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "t"
#: Elements whose text is not part of what the page shows, or is shown elsewhere.
_SKIP = frozenset(
    {W + "del", W + "moveFrom", W + "txbxContent", W + "tbl", W + "pPr", W + "rPr", W + "tcPr", _MC + "Fallback"}
)
#: Wrappers whose children are body or row content (content controls, custom XML).
_WRAPPERS = frozenset({W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"})


def read_docx(path: str | Path) -> SourceText:
    """The paragraphs and table rows of a DOCX file, or a :class:`ReadError` saying why not."""
    p = Path(path)
    check_container(p, "DOCX")
    check_zip(p, "DOCX")
    try:
        import docx

        body = docx.Document(str(p)).element.body
        return SourceText.from_blocks("docx", _blocks(p, body))
    except ReadError:
        raise
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds on a damaged file
        raise ReadError(f"{p}：文件已损坏，无法作为 DOCX 读取（{damage_reason(exc)}）", code="read.corrupt") from exc


#: Paragraphs between two checks of the reading deadline.
_CHECK_EVERY = 1000


def _blocks(path: Path, body: _Element) -> list[Block]:
    blocks: list[Block] = []
    budget = Budget(str(path))
    counter = GridCounter()
    paragraph = table = 0
    for el in _body_items(body):
        if el.tag == _P:
            paragraph += 1
            if paragraph % _CHECK_EVERY == 0:
                deadline.check(f"第 {paragraph} 段")
            text = clean_text(_pieces(el))
            if text:
                budget.para()
                blocks.append(Para(text, Location(line=paragraph)))
        else:
            table += 1
            deadline.check(f"第 {table} 个表格")
            blocks += grid_blocks(_table_rows(el, table, path, budget), counter, budget)
    return blocks


def _body_items(el: _Element) -> Iterator[_Element]:
    """Body paragraphs and tables in document order, looking inside content controls."""
    for child in el:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag in _WRAPPERS:
            yield from _body_items(child)


def _pieces(el: _Element) -> list[str]:
    """The text of a paragraph or cell as pieces; a line break or a new paragraph starts a piece."""
    pieces: list[str] = [""]

    def walk(node: _Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                pieces[-1] += child.text or ""
            elif tag == W + "tab":
                pieces[-1] += " "
            elif tag in (W + "br", W + "cr"):
                pieces.append("")
            elif tag == W + "noBreakHyphen":
                pieces[-1] += "-"
            else:
                if tag == _P and pieces[-1]:
                    pieces.append("")
                walk(child)

    walk(el)
    return pieces


def _table_rows(tbl: _Element, number: int, path: Path, budget: Budget) -> list[GridRow]:
    rows: list[GridRow] = []
    for r, tr in enumerate(_children(tbl, _TR), start=1):
        col = _int_attr(tr, f"{W}trPr/{W}gridBefore")
        cells: list[GridCell] = []
        where = f"第 {number} 个表格第 {r} 行"
        for tc in _children(tr, _TC):
            span = max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1))
            check_columns(str(path), col + span - 1, where)
            if _merge(tc, "hMerge") == "continue" and cells:
                cells[-1].span += span  # legacy horizontal merge: widen the cell on the left
                col += span
                continue
            text = "" if _merge(tc, "vMerge") == "continue" else clean_text(_pieces(tc))
            cells.append(GridCell(text, col, span, _loc(number, r, col)))
            col += span
        budget.take(len(cells), where)
        rows.append(GridRow(cells, partial(_loc, number, r)))
    return rows


def _loc(table: int, row: int, col: int) -> Location:
    return Location(cell=f"T{table}R{row}C{col + 1}")


def _children(el: _Element, tag: str) -> Iterator[_Element]:
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _int_attr(el: _Element, path: str, default: int = 0) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return int(found.get(W + "val", default))
    except ValueError:
        return default


def _merge(tc: _Element, kind: str) -> str | None:
    """``restart``/``continue`` of a cell's vMerge or hMerge, None when the cell is not merged."""
    found = tc.find(f"{W}tcPr/{W}{kind}")
    if found is None:
        return None
    return str(found.get(W + "val", "continue"))
