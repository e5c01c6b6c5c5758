"""The ruled grids of a real file that follow a table title, for the section readers of tables the table
reader only recognises (绩效目标表, 政府采购预算表): each region is the title, the paragraphs and the
cell rows (with their grid columns) up to the next table title or chapter heading.

Heads are read by meaning: a header row is a row whose cells are all heads; a head names a column
role by the patterns the caller gives, and a deeper header row (the leaves under a spanning head)
overrides the roles of the columns it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from yusuan.domain.headings import classify_title
from yusuan.read.sections._scan import compact, is_heading
from yusuan.read.source import CellRow, Para, SourceCell, SourceText

#: ``单位：万元`` / ``单位:元`` / ``金额单位：万元`` in a paragraph above the grid.
_UNIT_RE = re.compile(r"单位[：:]\s*(?P<unit>万元|千元|元|亿元|万$)")
#: ``资金金额（万元）``: the unit a head names.
_HEAD_UNIT_RE = re.compile(r"[（(](?P<unit>万元|千元|元|亿元)[）)]")
_WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass
class Region:
    """One titled table: its id (from the title), the title paragraph, and what follows it."""

    table: str
    title: Para
    rows: list[CellRow] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)

    @property
    def unit(self) -> str | None:
        """The unit the paragraphs above or below the grid state (单位：万元), else None."""
        for para in [self.title, *self.paras]:
            match = _UNIT_RE.search(compact(para.text))
            if match:
                return "万元" if match.group("unit") == "万" else match.group("unit")
        return None


def regions(src: SourceText, tables: frozenset[str]) -> Iterator[Region]:
    """Each table titled with one of ``tables`` (ids of :func:`classify_title`) with its gridded rows."""
    current: Region | None = None
    for block in src.blocks():
        if isinstance(block, Para):
            table = classify_title(block.text)
            if table is not None or is_heading(block):
                if current is not None:
                    yield current
                current = Region(table, block) if table in tables else None
            elif current is not None:
                current.paras.append(block)
        elif current is not None and block.cells and block.cells[0].col is not None:
            current.rows.append(block)
    if current is not None:
        yield current


def head_unit(text: str) -> str | None:
    match = _HEAD_UNIT_RE.search(text)
    return match.group("unit") if match else None


def clean_head(text: str) -> str:
    """A head without whitespace, trailing colon and parenthesised unit or weight: ``资金金额（万元）`` → 资金金额."""
    text = compact(text).rstrip("：:")
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


def role_of(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    head = clean_head(text)
    return next((role for pattern, role in patterns if pattern.fullmatch(head)), None)


def is_header_row(
    row: CellRow, patterns: tuple[tuple[re.Pattern[str], str], ...], ignorable: re.Pattern[str]
) -> bool:
    """Every non-blank cell is a head (a known role or an ignorable head), and two or more name a role."""
    texts = [t for t in row.texts if t.strip()]
    roles = [role_of(t, patterns) for t in texts]
    if sum(r is not None for r in roles) < 2:
        return False
    return all(r is not None or ignorable.fullmatch(clean_head(t)) for t, r in zip(texts, roles, strict=True))


def assign_roles(
    columns: dict[int, str], row: CellRow, patterns: tuple[tuple[re.Pattern[str], str], ...]
) -> dict[int, str]:
    """The column roles with a header row's heads laid over the columns they cover."""
    updated = dict(columns)
    for cell in row.cells:
        role = role_of(cell.text, patterns)
        if cell.col is None or not _WORD_RE.search(cell.text):
            continue  # blank, or a placeholder (**, a column number) under the head
        for col in range(cell.col, cell.col + cell.span):
            if role is None:
                updated.pop(col, None)
            else:
                updated[col] = role
    return updated


def cells_by_role(row: CellRow, columns: dict[int, str]) -> dict[str, SourceCell]:
    """The row's cells by the role of the column each starts in (the first cell of a role wins)."""
    found: dict[str, SourceCell] = {}
    for cell in row.cells:
        role = columns.get(cell.col) if cell.col is not None else None
        if role is not None and role not in found:
            found[role] = cell
    return found
