"""The source text of a disclosure as lines with locations, before any meaning is given to them.

Both seed layouts are reduced to this form: a list of :class:`Line` (text, 1-based line number,
page for the PDF-text layout) and, for the DOCX-text layout, table rows made of cells.
Section parsers (narrative, performance, assets…) work on :func:`blocks`, which hides the
difference between the layouts as far as it can: a paragraph is a :class:`Para`, a DOCX table row
is a :class:`CellRow`. In the PDF-text layout every non-blank line is a ``Para`` (table cells are
space-separated tokens on it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from yusuan.model import Layout, Location, Problem
from yusuan.read.text import join_wrapped, normalize_line

#: The two text-extraction layouts of the seeds (PDF-text, DOCX-text): text, not a real file.
TEXT_LAYOUTS: frozenset[Layout] = frozenset({"pdf-text", "docx-text"})

_BOOKMARK_RE = re.compile(r"\[bookmark: [^\]]*\]")
_PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")


@dataclass(frozen=True)
class Line:
    no: int
    text: str
    page: int | None = None
    cell: bool = False  # DOCX-text: the line starts a table cell (it began with a tab)

    @property
    def location(self) -> Location:
        return Location(page=self.page, line=self.no)


@dataclass(frozen=True)
class Para:
    text: str
    location: Location


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class SourceCell:
    text: str
    #: Where it was read: a Location, or (page, box) for a PDF cell — made a Location when first asked for (a
    #: PDF page holds thousands of cells; most are never pointed at).
    where: Location | tuple[int, Box]
    #: Ruled tables of real files: the first grid column the cell covers (0-based) and how many.
    col: int | None = None
    span: int = 1

    @property
    def location(self) -> Location:
        where = self.where
        if isinstance(where, Location):
            return where
        page, box = where
        made = Location.model_construct(page=page, line=None, box=box, sheet=None, cell=None, file=None)
        object.__setattr__(self, "where", made)  # built once
        return made

    @property
    def box(self) -> Box | None:
        where = self.where
        return where.box if isinstance(where, Location) else where[1]


@dataclass
class CellRow:
    cells: list[SourceCell] = field(default_factory=list)
    #: Real files: which table of the file the row belongs to (rows of one table share it).
    grid: int | None = None

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def location(self) -> Location:
        return self.cells[0].location if self.cells else Location()


Block = Para | CellRow


@dataclass
class SourceText:
    layout: Layout
    lines: list[Line]
    #: Real files: the number of pages (PDF) or sheets (workbook), where known.
    pages: int | None = None
    #: What the file reader read only in part (formula cells saved without their values …); the
    #: disclosure reports them as reading problems.
    problems: list[Problem] = field(default_factory=list)
    _blocks: list[Block] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_blocks(
        cls, layout: Layout, blocks: list[Block], pages: int | None = None, problems: list[Problem] | None = None
    ) -> SourceText:
        """A source read from a real file (PDF, DOCX, XLSX, HTML): its blocks are already known.

        ``lines`` then holds one line per paragraph and per cell row (cells joined by a space),
        for the few consumers that want plain lines.
        """
        lines: list[Line] = []
        for n, b in enumerate(blocks, start=1):
            text = b.text if isinstance(b, Para) else " ".join(b.texts)
            loc = b.location
            lines.append(Line(loc.line or n, text, loc.page, isinstance(b, CellRow)))
        src = cls(layout, lines, pages, list(problems or []))
        src._blocks = list(blocks)
        return src

    @property
    def extracted(self) -> bool:
        """The seeds' extracted text (PDF-text or DOCX-text), not a real file's blocks."""
        return self.layout in TEXT_LAYOUTS

    @property
    def paged(self) -> bool:
        """Laid out in printed pages (a PDF, or the seeds' PDF-text): a sentence wraps from line to line."""
        return self.layout in ("pdf-text", "pdf")

    @property
    def positional(self) -> bool:
        """Cells keep their columns (every layout but the seeds' PDF-text extraction)."""
        return self.layout != "pdf-text"

    def blocks(self) -> Iterator[Block]:
        """The paragraphs and cell rows, computed once (every section parser walks them)."""
        if self._blocks is None:
            if self.layout == "pdf-text":
                self._blocks = [Para(ln.text.strip(), ln.location) for ln in self.lines if ln.text.strip()]
            else:
                self._blocks = list(_docx_blocks(self.lines))
        return iter(self._blocks)


def _docx_blocks(lines: list[Line]) -> Iterator[Block]:
    row: CellRow | None = None
    pieces: list[str] = []
    first: Line | None = None

    def close_cell() -> None:
        nonlocal pieces, first
        if row is not None and first is not None:
            row.cells.append(SourceCell(join_wrapped(pieces), first.location))
        pieces, first = [], None

    for line in lines:
        if line.cell:
            close_cell()
            if row is None:
                row = CellRow()
            pieces, first = [line.text], line
        elif not line.text.strip():
            close_cell()
            if row is not None and row.cells:
                yield row
            row = None
        elif row is not None and first is not None:
            pieces.append(line.text)  # a wrapped cell continues on a line without a tab
        else:
            yield Para(line.text.strip(), line.location)
    close_cell()
    if row is not None and row.cells:
        yield row


def detect_layout(text: str) -> Layout:
    """DOCX-text when a good share of the non-blank lines start with a tab; PDF-text otherwise."""
    nonblank = [ln for ln in text.splitlines() if ln.strip()]
    if not nonblank:
        return "pdf-text"
    tabbed = sum(1 for ln in nonblank if ln.startswith("\t"))
    if tabbed / len(nonblank) > 0.2 or "[bookmark:" in text:
        return "docx-text"
    return "pdf-text"


def split_lines(text: str, layout: Layout | None = None) -> SourceText:
    """Cut decoded text into located, normalised lines.

    PDF-text: a line beginning with a space starts a new page (that is how the extraction marks
    page starts), and a form feed does too; so does the first line after a printed page number
    (a bare number after two or more blank lines), where the extraction left no marker.
    DOCX-text: a leading tab marks a cell; bookmark markers are removed.
    """
    layout = layout or detect_layout(text)
    lines: list[Line] = []
    page = 0
    blanks = 0  # blank lines seen just before the current one
    footer = False  # a printed page number was seen: the next text line starts a page
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if layout == "pdf-text":
            body = normalize_line(raw.replace("\f", "")).strip()
            if raw.startswith((" ", "\f")) or no == 1 or (footer and body):
                page += 1
                footer = False
            lines.append(Line(no, body, page))
            if body:
                # A bare page number after two or more blank lines is the page's footer.
                footer = footer or (blanks >= 2 and _PAGE_NUMBER_RE.match(body) is not None)
                blanks = 0
            else:
                blanks += 1
        else:
            cell = raw.startswith("\t")
            body = _BOOKMARK_RE.sub("", raw[1:] if cell else raw)
            lines.append(Line(no, normalize_line(body).strip(), None, cell))
    return SourceText(layout, lines)
