"""名词解释: the glossary of budget terms.

Entries follow the heading ``八、名词解释`` (any numeral) and run to the next heading or table.
Each numbered paragraph ``1、一般公共预算拨款收入：指…`` is an entry: the term before the first
colon, the text after it. Lines that are not a new entry continue the entry above (PDF text wraps
long paragraphs). An unnumbered ``term：text`` paragraph starts an entry only when the entry above
is complete (ends with 。), so that ``主要包括：`` inside a wrapped text is not taken for a term.
"""

from __future__ import annotations

import re

from yusuan.model import GlossaryEntry
from yusuan.read.sections._scan import find_block, is_heading
from yusuan.read.source import Block, Para, SourceText
from yusuan.read.text import join_wrapped

_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．])?名词解释$")
_NUMBERED_RE = re.compile(
    r"^(?:\d+|[（(](?:\d+|[一二三四五六七八九十]+)[)）])[、.．]?\s*(?P<term>[^：:]{1,30}?)\s*[：:](?P<text>.*)$"
)
_UNNUMBERED_RE = re.compile(r"^(?P<term>[^：:，。；、\s]{1,15})[：:](?P<text>.*)$")


def _entry(para: Para, previous: GlossaryEntry | None) -> GlossaryEntry | None:
    """A new entry starting at ``para``, or None when the paragraph continues ``previous``."""
    match = _NUMBERED_RE.match(para.text)
    if match is None and (previous is None or previous.text.endswith("。")):
        match = _UNNUMBERED_RE.match(para.text)
    if match is None:
        return None
    return GlossaryEntry(term=match.group("term"), text=match.group("text").strip(), location=para.location)


def _entries(blocks: list[Block]) -> list[GlossaryEntry]:
    entries: list[GlossaryEntry] = []
    for block in blocks:
        if not isinstance(block, Para) or is_heading(block):
            break
        if block.text.isdigit():
            continue  # a page number (PDF text)
        entry = _entry(block, entries[-1] if entries else None)
        if entry is not None:
            entries.append(entry)
        elif entries:
            entries[-1].text = join_wrapped([entries[-1].text, block.text])
    return entries


def extract_glossary(src: SourceText) -> list[GlossaryEntry]:
    """The glossary entries in printed order; empty when the package has no 名词解释."""
    blocks = list(src.blocks())
    heading = find_block(blocks, _HEADING_RE)
    if heading is None:
        return []
    return _entries(blocks[heading + 1 :])
