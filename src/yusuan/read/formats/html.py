"""Read an HTML page (lxml's HTML parser, which repairs broken markup) into located blocks.

* Text outside tables becomes paragraphs: each block element (``p``, ``div``, ``h1``…``h6``,
  ``li``…) and each ``<br>`` ends one; ``script``, ``style``, ``noscript``, ``template`` and the
  ``head`` are ignored. A paragraph is located by its source ``line``.
* A table that holds no other table is a grid: its ``caption`` becomes a paragraph, each ``tr`` a
  row of its ``td``/``th`` cells placed by the HTML table algorithm. ``colspan``: the cell appears
  once with its span; ``rowspan``: the text is in the first row, each later row it covers gets a
  blank cell at its column. A cell is located ``T{table}R{row}C{column}`` (1-based) and by its
  source line. A table that holds other tables is page layout: its cells are read as paragraphs
  and the tables inside it as tables. Rows before and after a table's body become paragraphs as
  described in :mod:`yusuan.read.formats.cellgrid`.

The encoding is the one the page declares (``<meta charset>``), else UTF-8, else GB18030.
A page with neither a table nor any sentence about a budget (预算) is refused: an error page, a
list of links, a page of frames.

Bounds, each checked before the work it bounds: the page's size (:data:`MAX_HTML_BYTES`); its start
tags, counted in the decoded text before lxml parses it (:data:`MAX_HTML_ELEMENTS`); its tables
(:data:`MAX_HTML_TABLES`); the grid positions a table's spans cover — colspan × rowspan clipped to
the table's rows, summed before a span is expanded — and its rows, cells and paragraphs (the shared
bounds of :mod:`yusuan.read.formats.cellgrid`); and the reading time (:mod:`yusuan.read.deadline`).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from yusuan.model import Location
from yusuan.read import deadline
from yusuan.read.errors import ReadError, read_checked
from yusuan.read.formats.cellgrid import Budget, GridCell, GridCounter, GridRow, check_columns, clean_text, grid_blocks
from yusuan.read.formats.zipguard import OLE_MAGIC, ZIP_MAGIC
from yusuan.read.source import Block, CellRow, Para, SourceText
from yusuan.read.text import DecodeError, decode

if TYPE_CHECKING:
    from lxml.etree import _Element

MAX_HTML_BYTES = 16 * 1024 * 1024
#: Start tags of a page (a budget page converted from Word has a few tens of thousands).
MAX_HTML_ELEMENTS = 300_000
#: Tables of a page, layout tables included (a budget page has a few dozen).
MAX_HTML_TABLES = 2_000
#: The HTML standard's bounds on colspan and rowspan.
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "select"})
_BLOCK = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article"}
    | {"header", "footer", "main", "nav", "aside", "blockquote", "pre", "center", "address", "figure", "figcaption"}
    | {"form", "fieldset", "hr", "body", "tr", "td", "th", "caption", "table", "thead", "tbody", "tfoot"}
)
_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB = ("gb2312", "gbk", "gb_2312-80", "x-gbk", "csgb2312", "euc-cn", "cp936", "gb18030")


def read_html(path: str | Path) -> SourceText:
    """The paragraphs and tables of an HTML page, or a :class:`ReadError` saying why not."""
    p = Path(path)
    with deadline.reading_deadline(p):
        return _read_page(p)


def _read_page(p: Path) -> SourceText:
    text = _decode(p, _read(p))
    _check_elements(p, text)
    try:
        import lxml.html

        root = lxml.html.document_fromstring(_XML_DECL_RE.sub("", text, count=1))
        del text
        walker = _Walker(p, _layout_tables(p, root))
        walker.walk(root)
        walker.flush()
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError(f"{p}：网页的元素嵌套过深，拒绝读取", code="read.too_large") from exc
    except Exception as exc:  # lxml's ParserError for a page without any element, and the like
        raise ReadError(
            f"{p}：网页无法解析（{type(exc).__name__}），可能是空文件或已损坏",
            code="read.corrupt",
        ) from exc
    blocks = walker.blocks
    if not any(isinstance(b, CellRow) for b in blocks):
        if not blocks:
            raise ReadError(
                f"{p}：网页中没有任何文字或表格（可能是框架页、脚本生成的页面或空页面）",
                code="read.no_text",
            )
        if not any("预算" in b.text for b in blocks if isinstance(b, Para)):
            raise ReadError(f"{p}：网页中没有表格，也没有关于预算的文字，不像是预算公开页面", code="read.not_budget")
    return SourceText.from_blocks("html", blocks)


def _read(path: Path) -> bytes:
    data = read_checked(path, MAX_HTML_BYTES, what="网页文件")
    if b"%PDF-" in data[:1024]:
        raise ReadError(f"{path}：这其实是 PDF 文件，不是网页；请把扩展名改为 .pdf 再读取", code="read.wrong_format")
    if data.startswith((OLE_MAGIC, ZIP_MAGIC)):
        raise ReadError(
            f"{path}：这是 Office 文件（DOCX/XLSX/XLS 等），不是网页；请使用正确的扩展名",
            code="read.wrong_format",
        )
    return data


def _check_elements(path: Path, text: str) -> None:
    """Refuse a page of more than :data:`MAX_HTML_ELEMENTS` start tags before it is parsed: every
    ``<`` that opens neither an end tag nor a comment or declaration (an upper bound)."""
    tags = text.count("<") - text.count("</") - text.count("<!")
    if tags > MAX_HTML_ELEMENTS:
        raise ReadError(
            f"{path}：网页约有 {tags} 个元素，超过上限 {MAX_HTML_ELEMENTS} 个，不像是预算公开页面，拒绝读取",
            code="read.too_large",
        )


def _layout_tables(path: Path, root: _Element) -> set[_Element]:
    """The tables that hold other tables (page layout), found in one pass: each table marks the
    nearest table around it. More than :data:`MAX_HTML_TABLES` tables are refused."""
    layout: set[_Element] = set()
    for n, table in enumerate(root.iter("table"), start=1):
        if n > MAX_HTML_TABLES:
            raise ReadError(
                f"{path}：网页中的表格超过上限 {MAX_HTML_TABLES} 个，不像是预算公开页面，拒绝读取",
                code="read.too_large",
            )
        outer = next(table.iterancestors("table"), None)
        if outer is not None:
            layout.add(outer)
    return layout


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(f"{path}：网页的 UTF-16 编码有误", code="read.undecodable") from exc
    declared = _CHARSET_RE.search(data[:4096])
    if declared is not None:
        encoding = declared.group(1).decode("ascii").lower()
        encoding = "gb18030" if encoding in _GB else encoding
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: fall back to detection
    try:
        return decode(data)
    except DecodeError as exc:
        raise ReadError(f"{path}：{exc}", code="read.undecodable") from exc


def _tag(el: _Element) -> str | None:
    tag: object = el.tag  # a function, not a string, for comments and processing instructions
    return tag.lower() if isinstance(tag, str) else None


def _line(el: _Element) -> int | None:
    """The element's source line (lxml-stubs type ``sourceline`` wrongly, so narrow it here)."""
    line: object = el.sourceline
    return line if isinstance(line, int) else None


class _Walker:
    def __init__(self, path: Path, layout: set[_Element]) -> None:
        self.path = path
        self.layout = layout
        self.blocks: list[Block] = []
        self.budget = Budget(str(path))
        self.counter = GridCounter()
        self.tables = 0
        self.buffer: list[str] = []
        self.line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = line
            self.buffer.append(text)

    def flush(self) -> None:
        text = clean_text(["".join(self.buffer)])
        if text:
            deadline.check()
            self.budget.para()
            self.blocks.append(Para(text, Location(line=self.line)))
        self.buffer, self.line = [], None

    def walk(self, el: _Element) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        if tag == "table" and el not in self.layout:
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.add(el.text, _line(el))
        for child in el:
            self.walk(child)
            self.add(child.tail, _line(child))
        if block:
            self.flush()

    def table(self, table: _Element) -> None:
        self.tables += 1
        number = self.tables
        for caption in table.iter("caption"):
            text = clean_text([_inline_text(caption)])
            if text:
                self.blocks.append(Para(text, Location(line=_line(caption))))
        trs = [tr for tr in table.iter("tr")]
        self._plan(number, trs)
        occupied: dict[int, set[int]] = {}
        below: dict[int, list[tuple[int, int]]] = {}  # row → (column, span) of rowspans from above
        rows: list[GridRow] = []
        for r, tr in enumerate(trs):
            where = f"第 {number} 个表格第 {r + 1} 行"
            deadline.check(where)
            taken = occupied.pop(r, set())
            cells = [GridCell("", c, s, _loc(number, r, _line(tr), c)) for c, s in below.pop(r, [])]
            col = 0
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while col in taken:
                    col += 1
                span = _span(td.get("colspan"), MAX_COLSPAN)
                down = min(_span(td.get("rowspan"), MAX_ROWSPAN), len(trs) - r)
                check_columns(str(self.path), col + span - 1, where)
                text = clean_text([_inline_text(td)])
                cells.append(GridCell(text, col, span, _loc(number, r, _line(td), col)))
                for rr in range(r + 1, r + down):
                    occupied.setdefault(rr, set()).update(range(col, col + span))
                    below.setdefault(rr, []).append((col, span))
                col += span
            self.budget.take(len(cells), where)
            rows.append(GridRow(cells, partial(_loc, number, r, _line(tr))))
        self.blocks += grid_blocks(rows, self.counter, self.budget)

    def _plan(self, number: int, trs: list[_Element]) -> None:
        """Count the grid positions the table's cells cover (colspan × rowspan, the rowspan clipped
        to the rows left) before any span is expanded: the bound of the cells, checked first."""
        for r, tr in enumerate(trs):
            rows_left = len(trs) - r
            covered = 0
            for td in tr:
                if _tag(td) in ("td", "th"):
                    down = min(_span(td.get("rowspan"), MAX_ROWSPAN), rows_left)
                    covered += _span(td.get("colspan"), MAX_COLSPAN) * down
            if covered:
                self.budget.plan(covered, f"第 {number} 个表格")


def _loc(table: int, row: int, line: int | None, col: int) -> Location:
    return Location(line=line, cell=f"T{table}R{row + 1}C{col + 1}")


def _span(value: str | None, most: int) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    return min(max(n, 1), most)


def _inline_text(el: _Element) -> str:
    """The text of a cell or caption, with a line break at ``<br>`` and at block elements."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        for child in node:
            tag = _tag(child)
            if tag is not None and tag not in _SKIP:
                if tag == "br" or tag in _BLOCK:
                    parts.append("\n")
                parts.append(child.text or "")
                walk(child)
                if tag in _BLOCK:
                    parts.append("\n")
            parts.append(child.tail or "")

    parts.append(el.text or "")
    walk(el)
    return "".join(parts)
