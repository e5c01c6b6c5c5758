"""Small helpers shared by the section parsers for header, assets, procurement, organisation and glossary."""

from __future__ import annotations

import re

from yusuan.read.source import Block, CellRow, Para

#: A narrative section heading such as ``八、名词解释`` or a part title such as ``第一部分``.
_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+部分)")


def compact(text: str) -> str:
    """The text without any whitespace, for matching labels that extraction spaced out (``项   目``)."""
    return re.sub(r"\s+", "", text)


def block_text(block: Block) -> str:
    """A block's text: a paragraph as is, a table row as its non-blank cells joined by single spaces."""
    if isinstance(block, Para):
        return block.text
    return " ".join(t for t in block.texts if t)


def is_heading(block: Block) -> bool:
    """Whether the block is a paragraph that opens a narrative section or a part."""
    return isinstance(block, Para) and bool(_HEADING_RE.match(block.text))


def is_blank_row(block: Block) -> bool:
    return isinstance(block, CellRow) and not any(t.strip() for t in block.texts)


def find_block(blocks: list[Block], pattern: re.Pattern[str], start: int = 0) -> int | None:
    """Index of the first block at or after ``start`` whose compacted text matches ``pattern``."""
    for index in range(start, len(blocks)):
        if pattern.search(compact(block_text(blocks[index]))):
            return index
    return None
