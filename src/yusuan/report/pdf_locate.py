"""Where a finding's evidence is printed on the pages of a PDF: boxes around its cells and sentences.

The reader keeps, for every table row, the box of the row's first cell (``Row.location.box``) and,
for every narrative claim, the box of the paragraph line it starts on; a :class:`Evidence` names a
row, a column and the amount, or quotes a sentence. The boxes drawn for a finding are found on the
page itself, from what the model says:

- a table cell: the words printed on the row's line (the band of the row's first cell), after the
  row's code and name, whose amount equals the evidence's (in the unit the table is printed in);
  several equal amounts on the line are told apart by the column's place among the row's filled
  cells, a code printed twice in a table by the amount the row holds and its page. A row as a whole
  (no column) is boxed from its first cell to the last word of its line; a blank cell (no amount)
  gets no box;
- a narrative sentence: the characters of the page matched against the quoted sentence (spaces and
  full-width forms ignored, across line breaks), one box per printed line, and a tighter box around
  the amount the evidence names inside the sentence; when the text cannot be matched, the claim's
  box from the reader;
- a 政府采购 line and an asset row as a table row (by its project or item, its name); a performance
  project or indicator: the cell the reader recorded for it; a table named as a whole (an empty table, a unit
  that differs from the others): its title. Amounts of neighbouring cells printed without a space
  between them (one word) are found by their characters.

Pages printed sideways (a landscape table on a portrait page) are read by the reader in the page's
turned coordinates; the row box is tried as it is and turned back (90 and 270 degrees), and the one
with words under it is used. Boxes are in PDF points, origin top-left, in the page's unrotated
coordinates (those of PyMuPDF's text extraction and annotations).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from yusuan.domain.units import EXPONENTS
from yusuan.model import Disclosure, Location, Row, Table, TwoSidedTable
from yusuan.report.excerpt import row_matches, sides
from yusuan.review.finding import Evidence, Finding

__all__ = ["Box", "Locator", "PageBoxes"]

Rect = tuple[float, float, float, float]


class Box(NamedTuple):
    """A rectangle on a page (PDF points, origin top-left, unrotated page coordinates)."""

    x0: float
    y0: float
    x1: float
    y1: float
    #: The finding's main evidence (drawn thicker).
    primary: bool = False
    #: A short label drawn beside the box (the finding's number), or None.
    label: str | None = None

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


#: Page number (1-based) → the boxes on it.
PageBoxes = dict[int, list[Box]]

_AMOUNT_RE = re.compile(r"^[-−]?\d[\d,，]*(\.\d+)?$")
#: Words closer than this (points) to a band's edge still belong to its line.
_SLACK = 1.5
#: The shortest piece of a sentence matched on a page (a sentence continued from the page before).
_MIN_MATCH = 8


def _amount(text: str) -> Decimal | None:
    text = text.strip().replace("−", "-")
    if not _AMOUNT_RE.match(text):
        return None
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _union(rects: Sequence[Rect]) -> Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))


def _turn(r: Rect, turn: int, width: float, height: float) -> Rect:
    """``r`` (unrotated page ``width`` × ``height``) in the coordinates of the page turned ``turn``
    degrees clockwise, as the reader reads sideways pages."""
    if turn == 0:
        return r
    if turn == 90:
        return (height - r[3], r[0], height - r[1], r[2])
    return (r[1], width - r[2], r[3], width - r[0])


def _unturn(r: Rect, turn: int, width: float, height: float) -> Rect:
    """The inverse of :func:`_turn`."""
    if turn == 0:
        return r
    if turn == 90:
        return (r[1], height - r[2], r[3], height - r[0])
    return (width - r[3], r[0], width - r[1], r[2])


@dataclass
class _Page:
    """One page's words and characters (PyMuPDF's text extraction), read when first needed."""

    page: Any
    width: float
    height: float
    _words: list[tuple[Rect, str]] | None = None
    _chars: tuple[str, list[tuple[Rect, int]]] | None = None

    @property
    def words(self) -> list[tuple[Rect, str]]:
        if self._words is None:
            self._words = [((w[0], w[1], w[2], w[3]), str(w[4])) for w in self.page.get_text("words")]
        return self._words

    @property
    def chars(self) -> tuple[str, list[tuple[Rect, int]]]:
        """The page's characters without spaces (NFKC), each with its box and its line's number."""
        if self._chars is None:
            text: list[str] = []
            where: list[tuple[Rect, int]] = []
            line_no = 0
            for block in self.page.get_text("rawdict").get("blocks", []):
                for line in block.get("lines", []):
                    line_no += 1
                    for span in line.get("spans", []):
                        for ch in span.get("chars", []):
                            for c in _squash(ch.get("c", "")):
                                text.append(c)
                                b = ch["bbox"]
                                where.append(((b[0], b[1], b[2], b[3]), line_no))
            self._chars = ("".join(text), where)
        return self._chars


@dataclass
class Locator:
    """Finds the boxes of a disclosure's findings on the pages of its PDF (an open PyMuPDF
    document). ``file``: the name of this PDF when the disclosure was read from several files
    (evidence of the other files is left out)."""

    disclosure: Disclosure
    doc: Any
    file: str | None = None
    #: A package's file: evidence and rows of the other files (or of none named) are left out.
    strict: bool = False
    _pages: dict[int, _Page] = field(default_factory=dict)

    def page(self, number: int) -> _Page | None:
        if not 1 <= number <= self.doc.page_count:
            return None
        if number not in self._pages:
            p = self.doc.load_page(number - 1)
            r = p.rect  # the unrotated size, as the reader turns sideways pages
            w, h = (r.width, r.height) if p.rotation in (0, 180) else (r.height, r.width)
            self._pages[number] = _Page(p, float(w), float(h))
        return self._pages[number]

    def boxes(self, finding: Finding, label: str | None = None) -> PageBoxes:
        """The boxes of a finding's evidence by page; its first evidence with a box is the primary one."""
        out: PageBoxes = {}
        primary_done = False
        for ev in finding.locations:
            if not self._mine(ev.file):
                continue
            found = list(self._evidence(ev))
            if not found:
                continue
            for page, rect, main in found:
                primary = main and not primary_done
                box = Box(*rect, primary=primary, label=label)
                if box not in out.setdefault(page, []):
                    out[page].append(box)
            primary_done = True
        return out

    def _mine(self, file: str | None) -> bool:
        """Whether something printed in ``file`` (None: not said) is in this PDF."""
        return self.file is None or file == self.file or (file is None and not self.strict)

    # -- evidence ----------------------------------------------------------------------------------

    def _evidence(self, ev: Evidence) -> Iterator[tuple[int, Rect, bool]]:
        """(page, rect, whether it is the evidence's main box) for one piece of evidence."""
        if ev.sentence:
            yield from self._sentence(ev)
            return
        d = self.disclosure
        anchor: Location | None = None
        scale = 0
        order: list[str] = []
        names: list[str | None] = []
        whole = False  # the anchor's own box (a project, an indicator, a table's title), no amount sought
        if ev.table in d.tables:
            t = d.tables[ev.table]
            titled = ev.row is None and (ev.name is None or _squash(ev.name) == _squash(t.title))
            row = None if titled else _row(t, ev)
            if titled and t.location.page in (None, ev.page or t.location.page):
                anchor, names, whole = t.location, [t.title], True  # the table as a whole: its title
            if row is not None:
                anchor, names = row.location, [row.code, row.key, row.name]
                scale = EXPONENTS.get(t.source_unit or "万元", 0)
                order = [k for k in (t.columns or {}) if k in row.values] or list(row.values)
                order += [k for k in row.values if k not in order]
        elif ev.table == "procurement":
            proc = d.procurement
            line = next((ln for ln in proc.lines if ev.row is not None and ev.row in (ln.project, ln.item)), None)
            if line is not None:
                anchor, names, order = line.location, [line.project, line.item], list(line.values)
                scale = EXPONENTS.get(proc.unit or "万元", 0)
            elif ev.row is None:
                anchor, names, whole = proc.location, [], True
        elif ev.table == "performance":
            anchor, names, whole = self._performance(ev), [ev.name, ev.row], True
        elif ev.table == "assets":
            anchor = next(
                (
                    r.location
                    for r in d.assets.rows
                    if ev.row == r.key or (ev.name and _squash(ev.name) == _squash(r.name))
                ),
                None,
            )
            names = [ev.name]
        if anchor is None or anchor.box is None or anchor.page is None or not self._mine(anchor.file):
            return
        if whole:
            rect = self._plain(anchor.page, anchor.box, names)
        elif ev.column is not None and ev.value is None:
            return  # a blank cell: nothing printed to box
        else:
            rect = self._cell(anchor.page, anchor.box, ev, scale, order, names)
        if rect is not None:
            yield anchor.page, rect, True

    def _performance(self, ev: Evidence) -> Location | None:
        for p in self.disclosure.performance:
            if ev.row is not None and ev.row in (p.code, p.name):
                if ev.name is not None and ev.name != p.name:
                    for i in p.indicators:
                        if _squash(i.name) == _squash(ev.name):
                            return i.location
                return p.location
        return None

    def _cell(
        self, number: int, box: Rect, ev: Evidence, scale: int, order: list[str], names: list[str | None]
    ) -> Rect | None:
        """The box of the evidence's amount on the line of ``box`` (the row's first cell, printing one
        of ``names``), or of the whole line from that cell on when no column is named; None when the
        page has no words there."""
        page = self.page(number)
        found = None if page is None else _turned(page, box, names)
        if page is None or found is None:
            return None
        turn, words = found
        line = sorted(
            (
                w
                for w in words
                if box[1] - _SLACK <= (w[0][1] + w[0][3]) / 2 <= box[3] + _SLACK and w[0][0] >= box[0] - _SLACK
            ),
            key=lambda w: w[0][0],
        )
        cell = _pick(line, box, ev, scale, order, names)
        if cell is None and turn == 0 and ev.value is not None and ev.column is not None:
            cell = _run_together(page, box, ev.value.scaleb(-scale), _label_end(line, _labels(names), box[0]))
        return None if cell is None else _unturn(cell, turn, page.width, page.height)

    def _plain(self, number: int, box: Rect, names: list[str | None]) -> Rect | None:
        """``box`` itself, in the page's coordinates (turned back for a sideways page), when words are
        printed under it."""
        page = self.page(number)
        found = None if page is None else _turned(page, box, names)
        if page is None or found is None:
            return None
        return _unturn(box, found[0], page.width, page.height)

    # -- sentences ---------------------------------------------------------------------------------

    def _sentence(self, ev: Evidence) -> Iterator[tuple[int, Rect, bool]]:
        assert ev.sentence is not None
        number = ev.page or self._claim_page(ev.sentence)
        page = None if number is None else self.page(number)
        if number is None or page is None:
            return
        text, where = page.chars
        wanted = _squash(ev.sentence)
        span = _find(text, wanted)
        if span is None:
            claim = self._claim_box(ev.sentence, number)
            if claim is not None:
                yield number, claim, True
            return
        start, end = span
        lines: dict[int, list[Rect]] = {}
        for rect, line_no in where[start:end]:
            lines.setdefault(line_no, []).append(rect)
        figure = _figure(text, start, end, ev.value)
        for rects in lines.values():
            yield number, _union(rects), figure is None
        if figure is not None:
            yield number, _union([r for r, _ in where[figure[0] : figure[1]]]), True

    def _claims(self, sentence: str) -> Iterator[Location]:
        for c in self.disclosure.narrative.claims:
            if c.sentence == sentence and self._mine(c.location.file):
                yield c.location

    def _claim_page(self, sentence: str) -> int | None:
        return next((loc.page for loc in self._claims(sentence) if loc.page is not None), None)

    def _claim_box(self, sentence: str, number: int) -> Rect | None:
        page = self.page(number)
        for loc in self._claims(sentence):
            box = loc.box
            if (
                loc.page == number
                and box is not None
                and page is not None
                and any(_inside(r, box) for r, _ in page.words)
            ):
                return box
        return None


def _turned(page: _Page, box: Rect, names: list[str | None]) -> tuple[int, list[tuple[Rect, str]]] | None:
    """How the reader turned the page ``box`` was read on (0, 90 or 270: the turn under which words
    lie under the box, those printing one of ``names`` first) and the page's words so turned."""
    turned = {t: [(_turn(r, t, page.width, page.height), text) for r, text in page.words] for t in (0, 90, 270)}
    under = {t: "".join(_squash(text) for r, text in words if _inside(r, box)) for t, words in turned.items()}
    named = [t for t, text in under.items() if text and _names(text, names)]
    for turn in named or [t for t, text in under.items() if text][:1]:
        return turn, turned[turn]
    return None


def _row(t: Table | TwoSidedTable, ev: Evidence) -> Row | None:
    """The row the evidence names: among the rows with its code (or key, or name), the one holding
    its amount in its column and printed on its page, before one that only has the code."""
    best: tuple[int, int, int] | None = None
    found: Row | None = None
    for _, rows in sides(t):
        for r in rows:
            named = row_matches(r, ev)
            if not named and not (ev.row is not None and ev.row in (r.code, r.key)):
                continue
            held = ev.column is not None and ev.value is not None and r.values.get(ev.column) == ev.value
            score = (int(held), int(ev.page is not None and r.location.page == ev.page), int(named))
            if best is None or score > best:
                best, found = score, r
    return found


def _names(text: str, names: list[str | None]) -> bool:
    """Whether the words ``text`` under a row's first cell print one of the row's names (or code)."""
    for name in names:
        n = _squash(name or "")
        if n and (n[:4] in text or text[:4] in n):
            return True
    return False


def _inside(word: Rect, box: Rect) -> bool:
    """Whether most of ``word`` lies inside ``box``."""
    w = max(0.0, min(word[2], box[2]) - max(word[0], box[0]))
    h = max(0.0, min(word[3], box[3]) - max(word[1], box[1]))
    area = (word[2] - word[0]) * (word[3] - word[1])
    return area > 0 and w * h >= area * 0.5


def _pick(
    line: list[tuple[Rect, str]], box: Rect, ev: Evidence, scale: int, order: list[str], names: list[str | None]
) -> Rect | None:
    """The rect of the evidence's cell among the words of its line (sorted left to right): an amount
    printed after the row's code and name."""
    if ev.column is None or ev.value is None:
        return _union([box, *(r for r, _ in line)]) if line else box
    start = _label_end(line, _labels(names), box[0])
    printed = ev.value.scaleb(-scale)
    right = [(r, a) for r, text in line if r[0] >= start - _SLACK and (a := _amount(text)) is not None]
    equal = [r for r, a in right if a == printed]
    if len(equal) <= 1:
        return equal[0] if equal else None
    if ev.column in order and len(right) == len(order):  # one amount per filled cell: the column's place
        r, a = right[order.index(ev.column)]
        if a == printed:
            return r
    return equal[0]


def _labels(names: list[str | None]) -> list[str]:
    return [_squash(n) for n in names if n]


def _run_together(page: _Page, box: Rect, printed: Decimal, start: float) -> Rect | None:
    """The characters of ``printed`` on the line of ``box`` after ``start``, for amounts of
    neighbouring cells printed without a space between them (one word: ``174,900.64101,833.84``)."""
    text, where = page.chars
    for form in dict.fromkeys((format(printed, ",f"), format(printed, "f"))):
        at = text.find(form)
        while at >= 0:
            rects = [r for r, _ in where[at : at + len(form)]]
            middle = (rects[0][1] + rects[0][3]) / 2
            if box[1] - _SLACK <= middle <= box[3] + _SLACK and rects[0][0] >= start - _SLACK:
                return _union(rects)
            at = text.find(form, at + 1)
    return None


def _label_end(line: list[tuple[Rect, str]], labels: list[str], default: float) -> float:
    """Where the row's code and name end on its line: after the last word of the name (words that
    are not amounts), else after the leading words that print pieces of the code."""
    texty = [
        r[2] for r, text in line if _squash(text) and _amount(text) is None and any(_squash(text) in n for n in labels)
    ]
    if texty:
        return max(texty)
    end = default
    for r, text in line:
        if not (_squash(text) and any(_squash(text) in n for n in labels)):
            break
        end = r[2]
    return end


def _find(text: str, wanted: str) -> tuple[int, int] | None:
    """Where ``wanted`` (or its longest head, or its longest tail — a sentence running over a page
    break) is in ``text``."""
    if not wanted:
        return None
    at = text.find(wanted)
    if at >= 0:
        return at, at + len(wanted)
    if len(wanted) < _MIN_MATCH:
        return None
    head = text.find(wanted[:_MIN_MATCH])
    if head >= 0:
        n = _MIN_MATCH
        while head + n < len(text) and n < len(wanted) and text[head + n] == wanted[n]:
            n += 1
        return head, head + n
    tail = text.find(wanted[-_MIN_MATCH:])
    if tail >= 0:
        end = tail + _MIN_MATCH
        n = _MIN_MATCH
        while tail > 0 and n < len(wanted) and text[tail - 1] == wanted[-n - 1]:
            tail -= 1
            n += 1
        return tail, end
    return None


def _figure(text: str, start: int, end: int, value: Decimal | None) -> tuple[int, int] | None:
    """Where the amount ``value`` is printed inside ``text[start:end]`` (not as part of a longer number)."""
    if value is None:
        return None
    piece = text[start:end]
    for form in dict.fromkeys((format(value, "f"), format(value, ",f"))):
        for m in re.finditer(re.escape(form), piece):
            before = piece[m.start() - 1] if m.start() else ""
            after = piece[m.end()] if m.end() < len(piece) else ""
            if not (
                before.isdigit()
                or before == "."
                or after.isdigit()
                or (after == "." and piece[m.end() + 1 : m.end() + 2].isdigit())
            ):
                return start + m.start(), start + m.end()
    return None
