"""Read a PDF file into located blocks: ruled tables as cell rows, other text as lines.

PyMuPDF gives the positioned words and the drawing paths of each page (about a millisecond a
page); :mod:`yusuan.read.formats.pdf_grid` rebuilds the ruled tables from them (rules in any
style), and :mod:`yusuan.read.formats.pdf_columns` the tables printed without rules down, from the
text's alignment. A page printed sideways is read upright. Text outside the tables becomes one
:class:`Para` per printed line, top to bottom — the narrative reader joins wrapped lines as it
does for the seeds' PDF-text layout. Running heads and footers (page numbers such as ``- 3 -``)
are dropped.

Files that cannot be read end in a :class:`ReadError` naming the file and the reason: not a PDF
(or another format named .pdf), damaged beyond repair, encrypted, scanned (pages that are images
without a text layer), a text layer that does not decode to Chinese (fonts without a ToUnicode map),
or beyond a bound (:data:`MAX_PDF_BYTES`, :data:`MAX_PAGES`, :data:`MAX_WORDS_PER_PAGE`,
:data:`MAX_WORDS`, the reading deadline). Every PyMuPDF call is guarded. A damaged file that
PyMuPDF repairs is read with a :data:`REPAIRED` reading problem (what was lost is said), and pages
it cannot parse are left out with a :data:`PAGES_UNREADABLE` one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from yusuan.model import Location, Problem
from yusuan.read import deadline
from yusuan.read.errors import ReadError
from yusuan.read.formats.pdf_columns import find_column_tables, is_amount, with_column_rows
from yusuan.read.formats.pdf_grid import (
    Grid,
    Splitter,
    Word,
    find_grids,
    join_words,
    segments_from_drawings,
    text_lines,
    turn_segments,
    turn_words,
)
from yusuan.read.formats.pdf_open import (
    MAX_PAGES,
    MAX_PDF_BYTES,
    PAGES_UNREADABLE,
    REPAIRED,
    close,
    damage,
    open_pdf,
    pymupdf_module,
)
from yusuan.read.source import Block, CellRow, Para, SourceCell, SourceText

__all__ = [
    "MAX_PAGES",
    "MAX_PDF_BYTES",
    "MAX_WORDS",
    "MAX_WORDS_PER_PAGE",
    "PAGES_UNREADABLE",
    "REPAIRED",
    "first_pages_text",
    "read_pdf",
]

#: A page with more words is refused before its layout is read: the densest real page we know has
#: about 700 (a page of 100,000 words cost 2.4 s to read; this bound keeps a page near 0.1 s).
MAX_WORDS_PER_PAGE = 10_000
#: A document with more words in all is refused (the wordiest real package has about 7,600).
MAX_WORDS = 400_000
#: A page with more drawing paths than this is a drawing, not a table (maps, charts, scans).
MAX_PATHS = 20000

_PAGE_NUMBER_RE = re.compile(r"^[-—－\s]*(第\s*)?\d{1,4}(\s*页)?[-—－\s]*$|^\d{1,4}\s*/\s*\d{1,4}$")


def read_pdf(path: Path) -> SourceText:
    """The located blocks of every page of the PDF at ``path``; a damaged file that PyMuPDF repaired
    is read with a :data:`REPAIRED` problem, pages it cannot parse with a :data:`PAGES_UNREADABLE` one."""
    with deadline.reading_deadline(path):
        doc, pages, repaired = open_pdf(path)
        try:
            problems: list[Problem] = []
            blocks = _blocks(doc, pages, path, problems, repaired)
            return SourceText.from_blocks("pdf", blocks, pages=pages, problems=problems)
        finally:
            close(doc)


def first_pages_text(path: Path, pages: int = 2) -> list[str]:
    """The text lines of the first pages (a cover and what follows), cheaply; [] when unreadable."""
    try:
        doc, count, _ = open_pdf(path)
    except Exception:  # an unreadable file is reported when it is read
        return []
    try:
        return [ln for n in range(min(pages, count)) for ln in doc.load_page(n).get_text().splitlines()]
    except Exception:
        return []
    finally:
        close(doc)


@dataclass
class _Page:
    """What PyMuPDF gives of one page (read in one guarded place)."""

    words: list[Word]
    paths: list[Any]
    width: float
    height: float
    rotation: int
    textpage: Any
    stray: str  # the characters of a page without words
    images: bool


def _extract(doc: Any, number: int, word_flags: int, path: Path, total: int) -> _Page:
    """The page's words, drawings and geometry; a page with too many words is refused here, after
    PyMuPDF's extraction (linear and fast) and before any layout work."""
    page = doc.load_page(number)
    # One text extraction (get_text("words")'s own flags) for the words and any character boxes.
    textpage = page.get_textpage(flags=word_flags)
    raw_words = page.get_text("words", textpage=textpage)
    _check_words(path, number + 1, len(raw_words), total + len(raw_words))
    paths = page.get_cdrawings() if len(raw_words) else []
    stray = "" if raw_words else "".join(page.get_text().split())
    images = not raw_words and not stray and bool(page.get_images(full=False))
    words = [Word(w[0], w[1], w[2], w[3], w[4], w[5], w[6]) for w in raw_words]
    return _Page(words, paths, page.rect.width, page.rect.height, int(page.rotation), textpage, stray, images)


def _blocks(doc: Any, page_count: int, path: Path, problems: list[Problem], repaired: str | None) -> list[Block]:
    blocks: list[Block] = []
    grid_no = 0
    text_pages = image_pages = 0
    chars = good = cjk = budget_chars = total_words = 0
    unreadable: list[int] = []
    blank: list[int] = []
    word_flags = pymupdf_module().TEXTFLAGS_WORDS
    for number in range(page_count):
        deadline.check(f"第 {number + 1} 页")
        try:
            page = _extract(doc, number, word_flags, path, total_words)
        except ReadError:
            raise
        except Exception:  # PyMuPDF on a damaged page: the page is reported, the others are read
            unreadable.append(number + 1)
            continue
        total_words += len(page.words)
        if not page.words:
            if page.stray:  # characters, but none that make a word: control codes of an unmapped font
                chars += len(page.stray)
                good += len(_READABLE_RE.findall(page.stray))
                text_pages += 1
            elif page.images:
                image_pages += 1
            else:
                blank.append(number + 1)
            continue
        text_pages += 1
        words = page.words
        segs = segments_from_drawings(page.paths) if len(page.paths) <= MAX_PATHS else []
        height = page.height
        turn = _turn(words, page.rotation)
        if turn:  # text printed sideways (a landscape table on a portrait page): read it upright
            w0, h0 = (page.width, height) if page.rotation in (0, 180) else (height, page.width)
            words, segs = turn_words(words, turn, w0, h0), turn_segments(segs, turn, w0, h0)
            height = w0
        text = "".join(w.text for w in words)
        chars += len(text)
        good += len(_READABLE_RE.findall(text))
        cjk += len(_CJK_RE.findall(text))
        budget_chars += len(_BUDGET_RE.findall(text))
        grids = find_grids(segs, words, None if turn else _splitter(page.textpage)) if segs else []
        # No ruling, or heads ruled alone: a table may still be printed in aligned columns.
        grids = with_column_rows(grids, words) if grids else find_column_tables(words)
        page_blocks, grid_no = _page_blocks(number + 1, words, grids, grid_no, height)
        blocks.extend(page_blocks)
    damage(path, page_count, unreadable, blank if repaired else [], repaired, problems)
    if text_pages == 0:
        if image_pages:
            raise ReadError(
                f"{path}：这是扫描件（{image_pages} 页都是图片，没有文字层），无法读取数字；"
                "请使用带文字层的 PDF，或先用 OCR 软件识别后再读取",
                code="read.no_text",
            )
        if repaired is not None:
            raise ReadError(
                f"{path}：PDF 文件已损坏或不完整（{repaired}，可能下载中断），修复后没有读出任何文字",
                code="read.corrupt",
            )
        raise ReadError(f"{path}：PDF 中没有任何文字", code="read.no_text")
    if chars and (good / chars < 0.6 or _not_chinese(cjk, budget_chars)):
        raise ReadError(
            f"{path}：PDF 的文字层无法解码（{chars} 个字符中只有 {good} 个可读，"
            "字体缺少 ToUnicode 映射）；请使用能正常复制文字的 PDF",
            code="read.undecodable",
        )
    return blocks


def _check_words(path: Path, page: int, words: int, total: int) -> None:
    if words > MAX_WORDS_PER_PAGE:
        raise ReadError(
            f"{path}：第 {page} 页有 {words} 个词，超过每页上限 {MAX_WORDS_PER_PAGE} 个，不像是预算公开文件，拒绝读取",
            code="read.too_large",
        )
    if total > MAX_WORDS:
        raise ReadError(
            f"{path}：读到第 {page} 页时已有 {total} 个词，超过全文上限 {MAX_WORDS} 个，不像是预算公开文件，拒绝读取",
            code="read.too_large",
        )


def _splitter(textpage: Any) -> Splitter:
    """Cuts a word at x positions by its characters' boxes (the page's raw characters, read once
    when a first word needs it); the word stays whole when its characters cannot be found again."""
    page_chars: list[tuple[float, float, float, str]] = []

    def split(w: Word, cuts: list[float]) -> list[Word]:
        if not page_chars:
            try:
                raw = textpage.extractRAWDICT()["blocks"]
            except Exception:  # PyMuPDF on a damaged page: the word stays whole
                return [w]
            for block in raw:
                for line in block.get("lines", ()):
                    for span in line["spans"]:
                        for ch in span["chars"]:
                            x0, y0, x1, y1 = ch["bbox"]
                            if not ch["c"].isspace():
                                page_chars.append(((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, ch["c"]))
        chars = [
            (cx - width / 2, cx + width / 2, c)
            for cx, cy, width, c in page_chars
            if w.x0 - 0.5 <= cx <= w.x1 + 0.5 and w.y0 - 1 <= cy <= w.y1 + 1
        ]
        chars.sort()
        if "".join(c for _, _, c in chars) != w.text:
            chars = _spelled(chars, w.text)  # the box also holds characters of other words (a 2-line head)
            if not chars:
                return [w]
        slots: list[list[tuple[float, float, str]]] = [[] for _ in range(len(cuts) + 1)]
        for ch in chars:
            slots[bisect_right(cuts, (ch[0] + ch[1]) / 2)].append(ch)
        pieces: list[list[tuple[float, float, str]]] = []
        for piece in (p for p in slots if p):
            if pieces and not _cut(pieces[-1], piece):
                pieces[-1].extend(piece)
            else:
                pieces.append(piece)
        return [
            w._replace(x0=piece[0][0], x1=max(c[1] for c in piece), text="".join(c[2] for c in piece))
            for piece in pieces
        ]

    return split


def _spelled(chars: list[tuple[float, float, str]], text: str) -> list[tuple[float, float, str]]:
    """The characters, in x order, that spell ``text`` (others skipped); empty when they do not."""
    out: list[tuple[float, float, str]] = []
    for ch in chars:
        if len(out) < len(text) and ch[2] == text[len(out)]:
            out.append(ch)
    return out if len(out) == len(text) else []


#: Characters further apart than this (points) across a rule belong to two cells.
CUT_GAP = 1.0


def _cut(left: list[tuple[float, float, str]], right: list[tuple[float, float, str]]) -> bool:
    """Whether a rule between these characters separates two cells' texts: a space between
    them, or an amount on each side (tight amounts touch). Text that only runs on past the rule
    without a space (a name too long for its cell) stays whole."""
    if right[0][0] - max(c[1] for c in left) >= CUT_GAP:
        return True
    return is_amount("".join(c[2] for c in left)) and is_amount("".join(c[2] for c in right))


def _turn(words: list[Word], rotation: int) -> int:
    """How far (90 or 270 degrees clockwise) the page must turn for its text to read left to right:
    0 unless clearly most words of two or more characters run up or down the unrotated page (a
    page that says it is shown turned needs less evidence). The way the words of one line follow
    each other (up: 90, down: 270) decides; without such pairs, the page's own rotation."""
    upright = sideways = 0
    for w in words:
        if len(w.text) >= 2:
            width, height = w.x1 - w.x0, w.y1 - w.y0
            upright += width > height * 1.3
            sideways += height > width * 1.3
    rotated = rotation in (90, 270)  # the page itself says it is shown turned: less evidence needed
    if sideways <= upright * (1 if rotated else 2) or (sideways < 5 and not rotated):
        return 0
    up = down = 0
    for a, b in pairwise(words):
        if (a.block, a.line) == (b.block, b.line):
            if b.y0 < a.y0:
                up += 1
            elif b.y0 > a.y0:
                down += 1
    if up != down:
        return 90 if up > down else 270
    return rotation if rotation in (90, 270) else 0


#: Characters every budget disclosure uses often; ideographs without them are a font's glyph ids
#: read as if they were Unicode (CID fonts without a ToUnicode map).
_BUDGET_RE = re.compile("[预算支出收入部门年元经费财政]")
_CJK_RE = re.compile("[\u4e00-\u9fff]")
#: Readable characters: CJK unified ideographs, printable ASCII, CJK punctuation, full-width forms.
_READABLE_RE = re.compile("[\u4e00-\u9fff\x20-\x7e\u3000-\u303f\uff00-\uffef“”‘’—…·、]")


def _not_chinese(cjk: int, budget_chars: int) -> bool:
    return cjk >= 300 and budget_chars < cjk * 0.01


def _page_blocks(
    page: int, words: list[Word], grids: list[Grid], grid_no: int, height: float
) -> tuple[list[Block], int]:
    """Lines outside the tables and the tables' rows, in reading order (top to bottom)."""
    outside = [w for w in words if not any(g.contains(w) for g in grids)]
    items: list[tuple[float, Block]] = []
    for line in text_lines(outside):
        text = join_words(line).strip()
        if not text:
            continue
        box = (min(w.x0 for w in line), min(w.y0 for w in line), max(w.x1 for w in line), max(w.y1 for w in line))
        if _PAGE_NUMBER_RE.match(text) and (box[1] > height * 0.85 or box[3] < height * 0.12):
            continue  # printed page number
        items.append((box[1], Para(text, _at(page, box))))
    for g in grids:
        grid_no += 1
        for band in g.rows:
            if not band:
                continue
            cells = [
                SourceCell(c.text, (page, _round(c.box)), col=c.col, span=c.colspan) for c in band
            ]
            items.append((band[0].box[1], CellRow(cells, grid=grid_no)))
    items.sort(key=lambda item: item[0])
    return [b for _, b in items], grid_no


def _at(page: int, box: tuple[float, float, float, float]) -> Location:
    """The location of a word or cell: built without validation (page and box are typed already; a
    page holds thousands)."""
    return Location.model_construct(page=page, line=None, box=_round(box), sheet=None, cell=None, file=None)


def _round(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))
