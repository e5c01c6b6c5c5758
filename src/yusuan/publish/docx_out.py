"""A document as a Word file (python-docx).

Titles are paragraphs in the heading styles, prose and notes plain paragraphs, every table a Word
table with single ruling lines ("Table Grid"), one Word cell per cell, merged cells for the spanned
heads, and its department line, column heads and 栏次 row marked as header rows (Word and
LibreOffice repeat them at the top of every page the table runs onto). The nine standard tables
are on landscape pages, the 情况说明 on portrait pages.
"""

from __future__ import annotations

from html import escape
from io import BytesIO

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import CharacterStyle

from yusuan.publish.document import Document, Grid, Paragraph

_BODY_FONT, _TITLE_FONT = "宋体", "黑体"
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_STYLE = {
    "title": "Title",
    "heading": "Heading 1",
    "part": "Heading 1",
    "section": "Heading 2",
    "subheading": "Heading 3",
}


def _font(style: CharacterStyle, name: str, size: float, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = None
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _char(doc: DocxDocument, name: str) -> CharacterStyle:
    """A paragraph style (a kind of character style: it has a font)."""
    style = doc.styles[name]
    assert isinstance(style, CharacterStyle)
    return style


def _styles(doc: DocxDocument) -> None:
    _font(_char(doc, "Normal"), _BODY_FONT, 10.5)
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 11)):
        _font(_char(doc, name), _TITLE_FONT, size, bold=True)
    for name in ("Title", "Heading 1", "Heading 3"):
        doc.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(section: Section, landscape: bool) -> None:
    long, short = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


_TWIPS_PER_MM = 56.6929
_JC = {"left": "left", "center": "center", "right": "right"}


def _tc(text: str, width: int, span: int, merge: str | None, align: str, bold: bool, size: int) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    props += '<w:vAlign w:val="center"/>'
    run = ""
    if text:
        rpr = f'{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    ppr = f'<w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{_JC[align]}"/></w:pPr>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{ppr}{run}</w:p></w:tc>"


def _table_xml(grid: Grid, width_mm: float) -> str:
    """The grid as a w:tbl: single rules, merged heads (gridSpan, vMerge), header rows flagged."""
    total = sum(grid.widths)
    widths = [round(width_mm * _TWIPS_PER_MM * w / total) for w in grid.widths]
    size = 16 if grid.columns > 6 else 18  # half-points
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    pending: dict[int, tuple[int, int]] = {}  # column → (rows still covered below, colspan)
    for r, row in enumerate(grid.rows):
        header = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if r < grid.head else "<w:trPr><w:cantSplit/></w:trPr>"
        cells: list[str] = []
        cells_in = iter(row)
        c = 0
        while c < grid.columns:
            if c in pending:
                left, span = pending.pop(c)
                if left > 1:
                    pending[c] = (left - 1, span)
                cells.append(_tc("", sum(widths[c : c + span]), span, "continue", "left", False, size))
                c += span
                continue
            cell = next(cells_in, None)
            if cell is None:
                break
            span = cell.colspan
            merge = None
            if cell.rowspan > 1:
                pending[c] = (cell.rowspan - 1, span)
                merge = "restart"
            cells.append(_tc(cell.text, sum(widths[c : c + span]), span, merge, cell.align, cell.bold, size))
            c += span
        out.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _grid(doc: DocxDocument, grid: Grid, width_mm: float) -> None:
    table = parse_xml(_table_xml(grid, width_mm))
    body = doc.element.body
    last = body.find(qn("w:sectPr"))  # the body's final section properties stay last
    if last is not None:
        last.addprevious(table)
    else:
        body.append(table)


def render_docx(doc: Document) -> bytes:
    out = new_docx()
    _styles(out)
    _page(out.sections[0], landscape=True)
    landscape = True
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.role == "part":  # the 情况说明 starts: portrait pages
                _page(out.add_section(WD_SECTION.NEW_PAGE), landscape=False)
                landscape = False
            elif block.role == "heading" and landscape and len(out.paragraphs) > 1:
                out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            style = _STYLE.get(block.role)
            para = out.add_paragraph(block.text, style=style)
            if block.role == "note":
                for run in para.runs:
                    run.font.size = Pt(9)
            elif block.role == "body":
                para.paragraph_format.first_line_indent = Pt(21)
        else:
            _grid(out, block, 267 if landscape else 180)
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()
