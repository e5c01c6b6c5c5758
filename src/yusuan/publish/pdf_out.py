"""A document as PDF, laid out and drawn with PyMuPDF, the CJK font embedded as a subset.

Why PyMuPDF drawing rather than an HTML or office renderer: see ``docs/publish.md`` (measured).

* Pages are A4: the nine standard tables each start a landscape page, the 情况说明 runs on portrait
  pages. Text wraps at any character (Chinese has no spaces); an amount never wraps, its font
  shrinks to fit the cell instead.
* Tables are drawn cell by cell with ruling lines (every cell its own rectangle, merged heads one
  rectangle), so a reader rebuilds the grid from the lines and places words by position.
* A table that does not fit on the page continues on the next one, whose first rows repeat the
  department line, the column heads and the 栏次 row; a body row is never split.
* The font is Noto Sans CJK SC (Debian ``fonts-noto-cjk``), subset to the characters the document
  uses with fontTools and embedded; where it is not installed, PyMuPDF's built-in Droid Sans
  Fallback (embedded and subset by MuPDF) is used instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pymupdf as _pymupdf

from yusuan.publish.document import Document, Grid, LayoutCell, Paragraph

#: PyMuPDF has no type annotations: it is used through ``Any``.
fitz: Any = _pymupdf
A4 = (595.28, 841.89)
MARGIN = 42.5
PAD = 2.5
LINE = 1.35  # line height in font sizes
_SIZES = {"title": 22.0, "heading": 15.0, "part": 15.0, "section": 12.0, "subheading": 11.0, "body": 10.5, "note": 9.0}
_BOLD_ROLES = ("title", "heading", "part", "section", "subheading")
NOTO_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
NOTO_BOLD_PATHS = tuple(p.replace("Regular", "Bold") for p in NOTO_PATHS)
_SC_FACE = 2  # Simplified Chinese in the Noto CJK collections


def _subset(path: str, text: str) -> bytes:
    """The Simplified Chinese face of a Noto CJK collection, cut down to the characters of ``text``."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(path, fontNumber=_SC_FACE, lazy=True)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in text} | {ord(c) for c in "0123456789.-%：，。"}))
    subsetter.subset(font)
    _cids_as_glyph_ids(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _cids_as_glyph_ids(font: Any) -> None:
    """Name the subset's glyphs ``cid00001`` … in glyph order, so that each glyph's CID is its glyph id.

    The subset keeps Noto's CIDs (cid00017 …) while its glyphs are renumbered; PyMuPDF writes glyph ids as the
    codes of the Identity-H font, and a viewer that maps codes through the CIDs (MuPDF) drew other glyphs or
    none — poppler happened to draw them right."""
    order = font.getGlyphOrder()
    rename = dict(zip(order, [".notdef", *(f"cid{i:05d}" for i in range(1, len(order)))], strict=True))
    top = font["CFF "].cff.topDictIndex[0]
    top.CharStrings.charStrings = {rename[k]: v for k, v in top.CharStrings.charStrings.items()}
    top.charset = [rename[g] for g in top.charset]
    font["hmtx"].metrics = {rename[k]: v for k, v in font["hmtx"].metrics.items()}
    for table in font["cmap"].tables:
        table.cmap = {u: rename[g] for u, g in table.cmap.items()}
    font.setGlyphOrder([rename[g] for g in order])


def _installed(paths: tuple[str, ...]) -> str | None:
    return next((p for p in paths if Path(p).is_file()), None)


@cache
def _fallback() -> Any:
    return fitz.Font(ordering=0)  # Droid Sans Fallback, shipped inside PyMuPDF


@dataclass
class _Fonts:
    regular: Any
    bold: Any
    name: str


def fonts_for(text: str, bold_text: str, noto: bool = True) -> _Fonts:
    """Noto Sans CJK SC regular subset to ``text`` and bold to ``bold_text``, or the built-in fallback."""
    regular = _installed(NOTO_PATHS) if noto else None
    if regular is None:
        return _Fonts(_fallback(), _fallback(), "Droid Sans Fallback")
    bold = _installed(NOTO_BOLD_PATHS) or regular
    return _Fonts(
        fitz.Font(fontbuffer=_subset(regular, text)),
        fitz.Font(fontbuffer=_subset(bold, bold_text)),
        "Noto Sans CJK SC",
    )


_ADVANCES: dict[tuple[str, str], float] = {}


def measure(font: Any, text: str, size: float) -> float:
    """Width of ``text`` at ``size``, from cached per-character advances (MuPDF calls are costly)."""
    key = font.name  # every subset of one face has the same advances
    total = 0.0
    for ch in text:
        advance = _ADVANCES.get((key, ch))
        if advance is None:
            advance = _ADVANCES[(key, ch)] = font.text_length(ch, 1.0)
        total += advance
    return total * size


def wrap(font: Any, text: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (any character may end a line; runs of
    ASCII letters and digits are kept together where they fit)."""
    lines: list[str] = []
    for part in text.split("\n"):
        line, used, limit = "", 0.0, width - indent
        tokens = _tokens(part)
        for token in tokens:
            w = measure(font, token, size)
            if used + w <= limit or not line:
                if w > limit and len(token) > 1:  # a token wider than the line: character by character
                    for ch in token:
                        cw = measure(font, ch, size)
                        if used + cw > limit and line:
                            lines.append(line)
                            line, used, limit = "", 0.0, width
                        line, used = line + ch, used + cw
                    continue
                line, used = line + token, used + w
            else:
                lines.append(line)
                line, used, limit = token, w, width
        lines.append(line)
    return lines


def _joins(ch: str) -> bool:
    """Characters kept together on a line: letters, digits and the signs inside a number."""
    return ch.isascii() and (ch.isalnum() or ch in ".,%-+")


def _tokens(text: str) -> list[str]:
    """Units of line breaking: a character, or a run of letters and digits together with the
    character before it (a line never starts with a number: ``增加`` / ``47.46万元`` would read as
    a new paragraph)."""
    out: list[str] = []
    for ch in text:
        if (out and _joins(ch) and _joins(out[-1][-1])) or (out and _joins(ch) and ch.isdigit() and len(out[-1]) == 1):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@dataclass
class _Page:
    page: Any
    writer: Any
    shape: Any
    y: float


@dataclass
class _Layout:
    doc: Any
    fonts: _Fonts
    landscape: bool = False
    current: _Page | None = None
    pages: list[_Page] = field(default_factory=list)

    @property
    def width(self) -> float:
        return (A4[1] if self.landscape else A4[0]) - 2 * MARGIN

    @property
    def bottom(self) -> float:
        return (A4[0] if self.landscape else A4[1]) - MARGIN

    def new_page(self, landscape: bool | None = None) -> _Page:
        self.finish()
        if landscape is not None:
            self.landscape = landscape
        w, h = (A4[1], A4[0]) if self.landscape else A4
        page = self.doc.new_page(width=w, height=h)
        self.current = _Page(page, fitz.TextWriter(page.rect), page.new_shape(), MARGIN)
        return self.current

    def page(self) -> _Page:
        return self.current or self.new_page()

    def finish(self) -> None:
        if self.current is not None:
            self.current.writer.write_text(self.current.page)
            self.current.shape.finish(color=(0, 0, 0), width=0.6)
            self.current.shape.commit()
            self.current = None

    def text(self, x: float, baseline: float, text: str, size: float, bold: bool = False) -> None:
        font = self.fonts.bold if bold else self.fonts.regular
        self.page().writer.append((x, baseline), text, font=font, fontsize=size)

    # -- paragraphs ----------------------------------------------------------------------------

    def paragraph(self, block: Paragraph, keep_with: float = 0.0) -> None:
        size = _SIZES[block.role]
        bold = block.role in _BOLD_ROLES
        font = self.fonts.bold if bold else self.fonts.regular
        indent = 2 * size if block.role == "body" else 0.0
        lines = wrap(font, block.text, size, self.width, indent)
        before = {"title": 40.0, "heading": 4.0, "part": 8.0, "section": 8.0, "subheading": 8.0}.get(block.role, 2.0)
        page = self.page()
        needed = before + len(lines) * size * LINE
        keep = 3 * size * LINE if block.role in _BOLD_ROLES else 0.0  # a heading is not left alone at the bottom
        keep = max(keep, keep_with)
        if page.y + needed + keep > self.bottom:
            page = self.new_page()
        page.y += before
        centred = block.role in ("title", "heading", "part", "subheading")
        for n, line in enumerate(lines):
            x = MARGIN + (indent if n == 0 else 0.0)
            if centred:
                x = MARGIN + (self.width - measure(font, line, size)) / 2
            page.y += size * LINE
            self.text(x, page.y - size * (LINE - 1) / 2 - size * 0.12, line, size, bold)
        page.y += size * 0.4

    # -- tables --------------------------------------------------------------------------------

    def _geometry(self, grid: Grid) -> tuple[float, list[float], list[list[tuple[int, LayoutCell]]], list[float]]:
        size = 8.0 if grid.columns > 6 else 9.0
        scale = self.width / sum(grid.widths)
        xs = [MARGIN]
        for w in grid.widths:
            xs.append(xs[-1] + w * scale)
        placed = _place(grid)
        return size, xs, placed, self._heights(grid, placed, xs, size)

    def height(self, grid: Grid) -> float:
        """The grid's whole height when it is short enough to be kept on one page, else 0."""
        total = sum(self._geometry(grid)[3]) + 6
        return total if grid.head == 0 and total < (self.bottom - MARGIN) / 2 else 0.0

    def grid(self, grid: Grid) -> None:
        size, xs, placed, heights = self._geometry(grid)
        if grid.head == 0 and sum(heights) < (self.bottom - MARGIN) / 2 and self.page().y + sum(heights) > self.bottom:
            self.new_page()  # a short table without repeated heads is kept on one page
        head = sum(heights[: grid.head])
        page = self.page()
        if page.y + head + (heights[grid.head] if len(heights) > grid.head else 0) > self.bottom:
            page = self.new_page()
        top = page.y
        self._rows(grid, placed, xs, heights, range(grid.head), top, size)
        y = top + head
        for r in range(grid.head, len(grid.rows)):
            if y + heights[r] > self.bottom:
                page = self.new_page()
                self._rows(grid, placed, xs, heights, range(grid.head), page.y, size)
                y = page.y + head
            self._rows(grid, placed, xs, heights, range(r, r + 1), y, size)
            y += heights[r]
        self.page().y = y + 6

    def _heights(
        self, grid: Grid, placed: list[list[tuple[int, LayoutCell]]], xs: list[float], size: float
    ) -> list[float]:
        heights = [size * LINE + 2 * PAD for _ in grid.rows]
        spanned: list[tuple[int, int, float]] = []
        for r, row in enumerate(placed):
            for c, cell in row:
                need = self._lines(cell, xs[c + cell.colspan] - xs[c], size)[1] + 2 * PAD
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], need)
                else:
                    spanned.append((r, cell.rowspan, need))
        for r, span, need in spanned:
            have = sum(heights[r : r + span])
            if need > have:
                heights[r + span - 1] += need - have
        return heights

    def _lines(self, cell: LayoutCell, width: float, size: float) -> tuple[list[str], float, float]:
        """The cell's lines, their height and the font size (amounts shrink rather than wrap)."""
        font = self.fonts.bold if cell.bold else self.fonts.regular
        inner = width - 2 * PAD
        if cell.align == "right" and cell.text:
            fit = min(size, size * inner / max(measure(font, cell.text, size), 0.01))
            return [cell.text], fit * LINE, fit
        lines = wrap(font, cell.text, size, inner) if cell.text else []
        return lines, len(lines) * size * LINE, size

    def _rows(
        self,
        grid: Grid,
        placed: list[list[tuple[int, LayoutCell]]],
        xs: list[float],
        heights: list[float],
        rows: range,
        top: float,
        size: float,
    ) -> None:
        shape = self.page().shape
        ys = [top]
        for r in range(rows.start, len(grid.rows)):
            ys.append(ys[-1] + heights[r])
        for r in rows:
            for c, cell in placed[r]:
                x0, x1 = xs[c], xs[c + cell.colspan]
                y0, y1 = ys[r - rows.start], ys[r - rows.start + cell.rowspan]
                shape.draw_rect(fitz.Rect(x0, y0, x1, y1))
                lines, height, fit = self._lines(cell, x1 - x0, size)
                font = self.fonts.bold if cell.bold else self.fonts.regular
                y = y0 + (y1 - y0 - height) / 2
                for line in lines:
                    y += fit * LINE
                    w = measure(font, line, fit)
                    x = {"left": x0 + PAD, "center": (x0 + x1 - w) / 2, "right": x1 - PAD - w}[cell.align]
                    self.text(x, y - fit * (LINE - 1) / 2 - fit * 0.12, line, fit, cell.bold)


def _place(grid: Grid) -> list[list[tuple[int, LayoutCell]]]:
    """Each row's cells with the grid column they start in (rowspans from above skipped)."""
    covered: set[tuple[int, int]] = set()
    out: list[list[tuple[int, LayoutCell]]] = []
    for r, row in enumerate(grid.rows):
        placed: list[tuple[int, LayoutCell]] = []
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            placed.append((c, cell))
            covered.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan
        out.append(placed)
    return out


def _texts(doc: Document) -> tuple[str, str]:
    """All the document's text, and the text set in bold."""
    regular, bold = [doc.title], [doc.title]
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            (bold if block.role in _BOLD_ROLES else regular).append(block.text)
        else:
            for row in block.rows:
                for cell in row:
                    (bold if cell.bold else regular).append(cell.text)
    return "".join(regular + bold), "".join(bold)


def render_pdf(doc: Document, *, noto: bool = True) -> bytes:
    pdf = fitz.open()
    layout = _Layout(pdf, fonts_for(*_texts(doc), noto=noto))
    layout.landscape = True
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            if block.role == "heading" and layout.current is not None and layout.current.y > MARGIN + 80:
                layout.new_page(landscape=True)
            elif block.role == "part":
                layout.new_page(landscape=False)
            after = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
            keep = layout.height(after) if isinstance(after, Grid) and block.role == "subheading" else 0.0
            layout.paragraph(block, keep)
        else:
            layout.grid(block)
    layout.finish()
    pdf.set_metadata({"title": doc.title, "author": doc.department, "creator": "yusuan", "producer": "yusuan"})
    if layout.fonts.name != "Noto Sans CJK SC":
        pdf.subset_fonts()
    return bytes(pdf.tobytes(garbage=3, deflate=True))
