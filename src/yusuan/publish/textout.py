"""A document written as the two text-extraction layouts (DOMAIN.md §4).

* DOCX-text: a paragraph is its text followed by a blank line; a table row is one line per cell,
  each starting with a tab (a tab-only line for a blank cell), and a blank line ends the row.
* PDF-text: the nine tables through :func:`yusuan.publish.textlayout.render_pdf_text` (blank cells
  vanish, headers repeat on every page), then the 情况说明 on new pages, one line per paragraph and
  the section tables as lines of space-separated cell texts.
"""

from __future__ import annotations

from yusuan.model import Disclosure
from yusuan.publish.document import Document, Grid, Paragraph
from yusuan.publish.textlayout import render_pdf_text

#: Paragraphs of the narrative per page in the PDF-text layout.
_LINES_PER_PAGE = 40


def to_docx_text(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out += [block.text, ""]
            continue
        for row in block.rows:
            out += [f"\t{cell.text}" for cell in row]
            out.append("")
        out.append("")
    return "\n".join(out) + "\n"


def to_pdf_text(d: Disclosure, doc: Document, rows_per_page: int = 18) -> str:
    """The tables as PDF-extracted text, then the narrative blocks (everything after the tables)."""
    text = render_pdf_text(d, rows_per_page)
    start = max((i for i, b in enumerate(doc.blocks) if isinstance(b, Grid) and b.table_id), default=-1) + 1
    while start < len(doc.blocks):
        block = doc.blocks[start]
        if not (isinstance(block, Paragraph) and block.role == "note"):
            break
        start += 1
    lines: list[str] = []
    for block in doc.blocks[start:]:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines += [" ".join(c.text for c in row if c.text) for row in block.rows]
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    for page in pages:
        text += "\n" + " " + "\n\n".join(page) + "\n"
    return text
