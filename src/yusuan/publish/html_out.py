"""A document as one self-contained HTML page (UTF-8, no external resources).

Titles are headings (``h1`` package, ``h2`` table and 情况说明 titles, ``h3`` sections, ``h4``
section tables), prose and notes are ``p``, every table a ``table`` whose department line, column
heads and 栏次 row form the ``thead`` (browsers repeat it on every printed page) and whose rows
are one ``td`` per cell, blank cells empty, merged heads with ``colspan``/``rowspan``.
"""

from __future__ import annotations

from html import escape

from yusuan.publish.document import Document, Grid, Paragraph

_TAGS = {"title": "h1", "heading": "h2", "part": "h2", "section": "h3", "subheading": "h4", "body": "p", "note": "p"}

STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       font-size: 10.5pt; margin: 2em auto; max-width: 64em; color: #111; }
h1 { text-align: center; font-size: 20pt; margin: 1em 0 1.5em; }
h2 { text-align: center; font-size: 14pt; margin: 1.6em 0 0.6em; break-before: page; }
h3 { font-size: 12pt; margin: 1.2em 0 0.4em; }
h4 { text-align: center; font-size: 11pt; margin: 1em 0 0.4em; }
p { text-indent: 2em; line-height: 1.6; margin: 0.3em 0; }
p.note { text-indent: 0; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: 8.5pt; }
td, th { border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: middle; }
th { font-weight: bold; text-align: center; }
thead tr.department th { border: none; font-weight: bold; }
td.r { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.c { text-align: center; }
@page { size: A4 landscape; margin: 15mm; }
"""


def _grid(grid: Grid) -> list[str]:
    out = ["<table>"]
    cols = "".join(f'<col style="width:{w / sum(grid.widths) * 100:.1f}%">' for w in grid.widths)
    out.append(f"<colgroup>{cols}</colgroup>")
    for index, row in enumerate(grid.rows):
        if index == 0 and grid.head:
            out.append("<thead>")
        if index == grid.head:
            out.append("</thead><tbody>" if grid.head else "<tbody>")
        in_head = index < grid.head
        css = ' class="department"' if in_head and index == 0 and grid.table_id else ""
        cells = []
        for cell in row:
            tag = "th" if in_head or cell.bold else "td"
            attrs = ""
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if tag == "td" and cell.align != "left":
                attrs += ' class="r"' if cell.align == "right" else ' class="c"'
            elif tag == "th" and cell.align != "center":
                attrs += f' style="text-align:{cell.align}"'
            cells.append(f"<{tag}{attrs}>{escape(cell.text)}</{tag}>")
        out.append(f"<tr{css}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return out


def render_html(doc: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{STYLE}</style></head><body>",
    ]
    first_heading = True
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            tag = _TAGS[block.role]
            attrs = ' class="note"' if block.role == "note" else ""
            if block.role in ("heading", "part") and first_heading:
                attrs, first_heading = ' style="break-before:auto"', False
            parts.append(f"<{tag}{attrs}>{escape(block.text)}</{tag}>")
        else:
            parts += _grid(block)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
