"""Table rows as read, before the column inference places every number in its column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from yusuan.domain.lines import expenditure_key, income_key, is_expenditure_item, three_public_key
from yusuan.domain.tables import SPECS
from yusuan.domain.units import UNIT_RE
from yusuan.model import Location, Problem

Side = Literal["main", "income", "expenditure"]

_CODE_RE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
DEPT_LINE_RE = re.compile(r"(预算年度|单位[:：]|截止时间)")


@dataclass
class RawRow:
    table: str
    side: Side
    name: str
    columns: tuple[str, ...]
    location: Location
    code: str | None = None
    key: str | None = None
    seq: int | None = None
    #: PDF-text: the numbers of the row in reading order; their columns are unknown.
    numbers: list[Decimal] = field(default_factory=list)
    #: DOCX-text: the values by column, positions known.
    fixed: dict[str, Decimal] | None = None


@dataclass
class RawTable:
    id: str
    title: str
    location: Location
    unit: str | None = None
    note: str | None = None
    rows: list[RawRow] = field(default_factory=list)
    #: Real files: the unit as printed (amounts are converted to 万元), the value columns read
    #: (canonical keys) with their printed heads, and the pages the table spans.
    source_unit: str | None = None
    columns: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)
    #: Real files: what the reading report says about the columns (序号 left out, 其中 columns,
    #: columns identified by arithmetic).
    notes: list[str] = field(default_factory=list)
    #: Unknown columns that are a part of a whole by arithmetic (c14 of 合计): counted in its row equation.
    residuals: dict[str, str] = field(default_factory=dict)


@dataclass
class RawTables:
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Tables recognised but not read into rows (政府采购, 政府购买服务, 绩效目标 …): for the report.
    others: list[RawTable] = field(default_factory=list)


def find_unit(text: str) -> str | None:
    m = UNIT_RE.search(text)
    return m.group(1) if m else None


def split_code(token: str) -> str | None:
    return token if _CODE_RE.match(token) else None


def clean_name(name: str) -> str:
    """Drop the spaces extraction leaves inside a Chinese name; keep spaces between Latin words."""
    name = name.strip()
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", name)


def main_row(table_id: str, name: str, code: str | None, location: Location, seq: int | None) -> RawRow:
    spec = SPECS[table_id]
    key: str | None = None
    if spec.row_kind == "keyed":
        key = three_public_key(name)
    elif code is None and re.sub(r"\s+", "", name) in ("合计", "总计"):
        key = "total"
    return RawRow(table_id, "main", clean_name(name), spec.columns, location, code=code, key=key, seq=seq)


def side_row(
    table_id: str, side: Side, name: str, location: Location, seq: int | None, after_carryover: bool
) -> RawRow:
    spec = SPECS[table_id]
    name = clean_name(name)
    if side == "income":
        return RawRow(
            table_id, side, name, spec.income_columns, location, key=income_key(name, after_carryover), seq=seq
        )
    return RawRow(table_id, side, name, spec.columns, location, key=expenditure_key(name), seq=seq)


def side_of(name: str, position: int, count: int) -> Side:
    """Which side of a two-sided row an item is on: by position when both show, else by meaning."""
    if count >= 2:
        return "income" if position == 0 else "expenditure"
    return "expenditure" if is_expenditure_item(name) else "income"
