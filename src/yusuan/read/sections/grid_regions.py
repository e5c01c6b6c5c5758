"""The ruled grids of a real file that follow a table title, for the section readers of tables the table
reader only recognises (绩效目标表, 政府采购预算表): each region is the title, the paragraphs and the
cell rows (with their grid columns) up to the next table title or chapter heading.

Heads are read by meaning: a header row is a row whose cells are all heads; a head names a column
role by the patterns the caller gives, and a deeper header row (the leaves under a spanning head)
overrides the roles of the columns it covers.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from yusuan.domain.headings import classify_title
from yusuan.read.sections._scan import compact, is_heading
from yusuan.read.source import CellRow, Para, SourceCell, SourceText

#: ``单位：万元`` / ``单位:元`` / ``金额单位：万元`` in a paragraph above the grid.
_UNIT_RE = re.compile(r"单位[：:]\s*(?P<unit>万元|千元|元|亿元|万$)")
#: ``资金金额（万元）``: the unit a head names.
_HEAD_UNIT_RE = re.compile(r"[（(](?P<unit>万元|千元|元|亿元)[）)]")
_NUMBER_RE = re.compile(r"^\s*[-+]?[\d,]+(?:\.\d+)?\s*$")
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
        lines = [self.title.text, *(p.text for p in self.paras)]
        lines += [t for row in self.rows[:3] if len(texts := [t for t in row.texts if t.strip()]) == 1 for t in texts]
        for line in lines:  # a workbook types the unit into a row of its own
            match = _UNIT_RE.search(compact(line))
            if match:
                return "万元" if match.group("unit") == "万" else match.group("unit")
        return None


#: The section tables the grid readers read; their regions are found in one walk over the blocks.
SECTION_TABLES = frozenset({"performance_table", "procurement_table"})
_last: tuple[weakref.ref[SourceText], list[Region]] | None = None


def regions(src: SourceText, tables: frozenset[str]) -> Iterator[Region]:
    """Each table titled with one of ``tables`` (ids of :func:`classify_title`) with its gridded rows."""
    global _last
    if _last is None or _last[0]() is not src:
        _last = (weakref.ref(src), list(_walk(src, SECTION_TABLES | tables)))
    return (r for r in _last[1] if r.table in tables)


def _walk(src: SourceText, tables: frozenset[str]) -> Iterator[Region]:
    current: Region | None = None
    for block in src.blocks():
        if isinstance(block, Para):
            table = _title(block.text)
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


@lru_cache(maxsize=8192)
def _title(text: str) -> str | None:
    """The table id a paragraph titles (cached: every section reader walks the same paragraphs)."""
    return classify_title(text) if "表" in text else None


def head_unit(text: str) -> str | None:
    match = _HEAD_UNIT_RE.search(text)
    return match.group("unit") if match else None


def clean_head(text: str) -> str:
    """A head without whitespace, trailing colon and parenthesised unit or weight: ``资金金额（万元）`` → 资金金额."""
    text = compact(text).rstrip("：:")
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


@lru_cache(maxsize=16384)
def patterns(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(head pattern, role) pairs compiled, the first that matches wins (see :func:`role_of`)."""
    return tuple((re.compile(p), role) for p, role in pairs)


def role_of(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    head = clean_head(text)
    return next((role for pattern, role in patterns if pattern.fullmatch(head)), None)


def is_header_row(
    row: CellRow, patterns: tuple[tuple[re.Pattern[str], str], ...], ignorable: re.Pattern[str]
) -> bool:
    """Every non-blank cell is a head (a known role or an ignorable head), and two or more name a role."""
    texts = [t for t in row.texts if t.strip()]
    if len(texts) < 2 or any(_NUMBER_RE.match(t) for t in texts):
        return False
    roles = [role_of(t, patterns) for t in texts]
    if sum(r is not None for r in roles) < 2:
        return False
    return all(r is not None or ignorable.fullmatch(clean_head(t)) for t, r in zip(texts, roles, strict=True))


@dataclass
class Columns:
    """The roles of a table's columns, from its header rows: by grid column, and by the x-range of each
    column's head, for the rows of a page whose grid numbers its columns otherwise (a table continued
    without its header)."""

    roles: dict[int, str] = field(default_factory=dict)
    ranges: dict[int, tuple[float, float]] = field(default_factory=dict)
    grid: int | None = None

    def has(self, role: str) -> bool:
        return role in self.roles.values()

    def __bool__(self) -> bool:
        return bool(self.roles)

    def role(self, cell: SourceCell, grid: int | None) -> str | None:
        if cell.col is None:
            return None
        if grid == self.grid or cell.location.box is None:
            return self.roles.get(cell.col)
        x0, _, x1, _ = cell.location.box
        best, overlap = None, 0.0
        for col, (a, b) in self.ranges.items():
            shared = min(b, x1) - max(a, x0)
            if col in self.roles and shared > overlap:
                best, overlap = col, shared
        return self.roles.get(best) if best is not None and overlap > 0.5 * (x1 - x0) else None


def assign_roles(columns: Columns, row: CellRow, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> Columns:
    """The column roles with a header row's heads laid over the columns they cover."""
    updated = Columns(dict(columns.roles), dict(columns.ranges), row.grid)
    for cell in row.cells:
        role = role_of(cell.text, patterns)
        if cell.col is None or not _WORD_RE.search(cell.text):
            continue  # blank, or a placeholder (**, a column number) under the head
        for col in range(cell.col, cell.col + cell.span):
            if role is None:
                updated.roles.pop(col, None)
            else:
                updated.roles[col] = role
            if cell.location.box is not None:
                updated.ranges[col] = (cell.location.box[0], cell.location.box[2])
    return updated


def cells_by_role(row: CellRow, columns: Columns) -> dict[str, SourceCell]:
    """The row's cells by the role of the column each starts in (the first cell of a role wins)."""
    found: dict[str, SourceCell] = {}
    for cell in row.cells:
        role = columns.role(cell, row.grid)
        if role is not None and role not in found:
            found[role] = cell
    return found
