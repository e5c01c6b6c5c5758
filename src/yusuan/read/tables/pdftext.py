"""The nine tables in the PDF-text layout (seeds 000/001).

A table row is one line of space-separated tokens: 序号, code, name, numbers. Blank cells vanish,
so the numbers' columns are left to :mod:`yusuan.infer`. A row may wrap over several lines and a
page break may split it; the page header (department line and column heads down to 栏次) repeats
on every page and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yusuan.domain.classification import summary_item_class
from yusuan.domain.lines import expenditure_key, income_key
from yusuan.domain.tables import SPECS, match_title
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import Location, Problem
from yusuan.read.source import Line, SourceText
from yusuan.read.tables.raw import (
    DEPT_LINE_RE,
    RawRow,
    RawTable,
    RawTables,
    find_unit,
    main_row,
    side_of,
    side_row,
    split_code,
)
from yusuan.read.text import is_amount, join_wrapped, parse_amount

_GLUED_CODE_RE = re.compile(r"^(\d{7}|\d{5}|\d{3})(?=[^\d\s])(.*)$")
_NUMBERED_ITEM_RE = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class _Pending:
    seq: int
    tokens: list[str] = field(default_factory=list)
    location: Location = field(default_factory=Location)


def read_pdf_tables(src: SourceText) -> RawTables:
    out = RawTables()
    lines = src.lines
    i = 0
    while i < len(lines):
        table_id = match_title(lines[i].text)
        if table_id is None or table_id in out.tables:
            i += 1
            continue
        table, pending, i = _scan_table(lines, i, table_id)
        for p in pending:
            table.rows.extend(_rows_from_tokens(table_id, p, table, out.problems))
        out.tables[table_id] = table
    return out


def _scan_table(lines: list[Line], start: int, table_id: str) -> tuple[RawTable, list[_Pending], int]:
    title = lines[start]
    table = RawTable(table_id, title.text, title.location)
    pending: list[_Pending] = []
    in_header = True
    page = title.page
    expected = 1
    j = start + 1
    while j < len(lines):
        line = lines[j]
        text = line.text
        if not text:
            j += 1
            continue
        if match_title(text):
            break
        if line.page != page:
            page = line.page
            if not DEPT_LINE_RE.search(text):
                break  # the next page starts something else: the table ended with the last page
            in_header = True
        tokens = text.split()
        if in_header:
            table.unit = table.unit or find_unit(text)
            if tokens[0] == HEBEI_2023.head_mark:
                in_header = False
            elif _looks_like_first_row(tokens, expected):
                in_header = False
                continue
            j += 1
            continue
        if text.startswith(("注：", "注:")):
            table.note = text
            j += 1
            break
        if tokens[0].isdigit() and int(tokens[0]) == expected:
            pending.append(_Pending(expected, tokens[1:], line.location))
            expected += 1
        elif pending:
            pending[-1].tokens.extend(tokens)
        j += 1
    return table, pending, j


def _looks_like_first_row(tokens: list[str], expected: int) -> bool:
    """A template without a 栏次 line: the first data row starts 1 合计 / 1 201 / 1 一、…"""
    if expected != 1 or len(tokens) < 2 or tokens[0] != "1":
        return False
    return tokens[1] == "合计" or split_code(tokens[1]) is not None or bool(_NUMBERED_ITEM_RE.match(tokens[1]))


def _rows_from_tokens(table_id: str, p: _Pending, table: RawTable, problems: list[Problem]) -> list[RawRow]:
    if SPECS[table_id].row_kind == "two_sided":
        return _two_sided_rows(table_id, p, table, problems)
    tokens = list(p.tokens)
    code: str | None = None
    if tokens and SPECS[table_id].row_kind in ("function", "economic"):
        code = split_code(tokens[0])
        if code is not None:
            tokens = tokens[1:]
        else:
            m = _GLUED_CODE_RE.match(tokens[0])
            if m:
                code, tokens = m.group(1), [m.group(2), *tokens[1:]]
    names = [t for t in tokens if not is_amount(t)]
    row = main_row(table_id, join_wrapped(names), code, p.location, p.seq)
    row.numbers = [parse_amount(t) for t in tokens if is_amount(t)]
    _check_count(row, problems)
    return [row]


def _two_sided_rows(table_id: str, p: _Pending, table: RawTable, problems: list[Problem]) -> list[RawRow]:
    items: list[tuple[list[str], list[str]]] = []  # (name pieces, numbers)
    for token in p.tokens:
        if is_amount(token):
            if items:
                items[-1][1].append(token)
            continue
        if not items or items[-1][1] or _is_whole_item(token, items[-1][0]):
            items.append(([token], []))
        else:
            items[-1][0].append(token)  # a wrapped item name
    after_carryover = any(r.key == "carryover" for r in table.rows if r.side == "income")
    rows: list[RawRow] = []
    for index, (pieces, numbers) in enumerate(items):
        name = join_wrapped(pieces)
        side = side_of(name, index, len(items))
        row = side_row(table_id, side, name, p.location, p.seq, after_carryover)
        row.numbers = [parse_amount(t) for t in numbers]
        _check_count(row, problems)
        rows.append(row)
    return rows


_ITEM_ENDINGS = ("收入", "支出", "拨款", "结余", "合计", "总计", "预备费", "科目")


def _is_whole_item(token: str, previous: list[str]) -> bool:
    """Whether ``token`` starts a new summary item rather than continuing the previous name.

    A new item starts with its numbering (一、…), or is a known item name following a name that
    is already complete; a piece after an incomplete name (三、国有资本 / 经营预算拨款) continues it.
    """
    if _NUMBERED_ITEM_RE.match(token):
        return True
    prev = "".join(previous)
    if not prev.endswith(_ITEM_ENDINGS):
        return False
    return bool(income_key(token, False) or expenditure_key(token) or summary_item_class(token)) or token.endswith(
        _ITEM_ENDINGS
    )


def _check_count(row: RawRow, problems: list[Problem]) -> None:
    if len(row.numbers) > len(row.columns):
        problems.append(
            Problem(
                code="too_many_numbers",
                message=f"“{row.name}”一行有 {len(row.numbers)} 个数字，但该表只有 {len(row.columns)} 个金额栏",
                table=row.table,
                location=row.location,
            )
        )
        row.numbers = []
