"""Column roles of a recognised table and the rows read with them.

:class:`Layout` decides, from the header paths and the body's content, which grid columns hold
codes (科目编码, or 类/款/项 apart), names, code-and-name (``2040601-行政运行``) and values — and
each value column's canonical key. Two-sided tables (收支总表) pair each name column with the
value columns that follow it, on the 收入 or 支出 side. A 三公 table printed across (its heads
naming the items, one row of amounts) is read by item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from yusuan.domain.headings import (
    column_key,
    final_or_budget,
    is_not_budget_head,
    is_of_which_head,
    is_split_part,
    three_public_column,
)
from yusuan.domain.lines import side_key, three_public_key, three_public_other_line
from yusuan.domain.tables import COLUMN_NAMES, SPECS
from yusuan.model import Location, Problem
from yusuan.read.source import CellRow, SourceCell
from yusuan.read.tables.grid_cells import cell_at, covers, final_beside_budget, is_index_column, mostly_text, text_at
from yusuan.read.tables.raw import RawRow, clean_name
from yusuan.read.text import is_amount

Role = Literal["code", "codename", "name", "value", "index"]

#: ``2040601-行政运行``, ``2040601 行政运行``, ``[301]工资福利支出``, ``【30101】基本工资``.
_CODENAME_RE = re.compile(r"^[\[【［]?(\d{3,7})[\]】］]?(?:\s*[-－—]\s*|\s+)?([^\d\s.,%．\]】］].*)$")
_CODE_HEAD_RE = re.compile(r"编码|代码|^类$|^款$|^项$")
_NAME_HEAD_RE = re.compile(r"名称$|^项目$|科目$|^单位$|用途$|^(收入|支出)项目$")
_YEAR_RE = re.compile(r"(20\d{2})年")
_BLANK = ("", "-", "—", "－", "/", "——")
#: Items of a transposed 三公 table that belong to other tables.
_ROUTED = {
    "operating_costs": "operating_costs",
    "meeting": "meeting_training",
    "training": "meeting_training",
    "grand_total": "meeting_training",
}


@dataclass
class Pair:
    name: int
    values: list[int]
    side: Literal["income", "expenditure", "main"]
    use: bool = False  # 支出用途 (basic / project / reserve) rather than function classes
    #: The grid columns of the pair's group (a table printing groups side by side has one pair per group).
    span: tuple[int, int] | None = None
    #: Expenditure by economic class printed beside the function classes (部门预算支出经济科目): not
    #: the summary's items, left out with a note.
    economic: bool = False


@dataclass
class Layout:
    table: str
    width: int
    roles: dict[int, Role] = field(default_factory=dict)
    keys_by_col: dict[int, str] = field(default_factory=dict)
    paths: dict[int, list[str]] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    transposed: bool = False
    #: What the reading report should say about columns left out or identified (序号, 其中 …).
    notes: list[str] = field(default_factory=list)
    #: Whether the body prints amounts with decimals (an index column of 1, 2, 3 … does not).
    decimals: bool = False
    #: 类/款/项 printed apart: the code parts of the last row that printed any, by grid column.
    code_prefix: dict[int, str] = field(default_factory=dict)
    #: Unknown columns found by arithmetic to be a part of a whole (合计 − the other columns): key → whole.
    residuals: dict[str, str] = field(default_factory=dict)
    #: The last 类 code read: a 款 printed as its two digits alone (05 below 208) extends it.
    last_class: str | None = None
    #: Columns whose amounts add to their key's (工资福利支出 + 对个人和家庭的补助 = 人员经费).
    additive: set[int] = field(default_factory=set)
    #: The latest year the heads name (2026年预算数 beside 2025年预算数): columns of earlier years
    #: are not this year's budget.
    budget_year: int | None = None

    @classmethod
    def build(cls, table: str, head: list[CellRow], body: list[CellRow]) -> Layout:
        width = max([(c.col or 0) + c.span for r in head + body for c in r.cells] or [0])
        lay = cls(table, width)
        for c in range(width):
            lay.paths[c] = [cell.text for r in head for cell in r.cells if covers(cell, c) and cell.text.strip()]
        years = {c: int(m.group(1)) for c, p in lay.paths.items() if (m := _YEAR_RE.search("".join(p)))}
        lay.budget_year = max(years.values(), default=None)
        lay.decimals = any(is_amount(t.replace(" ", "").replace(",", "")) and "." in t for r in body for t in r.texts)
        kind = SPECS[table].row_kind
        if kind == "keyed" and lay._try_transposed(body):
            return lay
        for c in range(width):
            lay._role(c, body)
        lay._parts_beside_whole()
        lay.notes += final_beside_budget(lay.paths, lay.roles, lay.keys_by_col)
        if kind == "two_sided":
            lay._pair_sides()
        else:
            lay.pairs = lay._blocks() or [lay._pair(0, width)]
        return lay

    def _pair(self, lo: int, hi: int) -> Pair:
        names = [c for c, r in self.roles.items() if r in ("name", "codename") and lo <= c < hi]
        values = [c for c, r in self.roles.items() if r == "value" and lo <= c < hi]
        return Pair(min(names) if names else -1, values, "main", span=(lo, hi))

    def _blocks(self) -> list[Pair]:
        """Column groups printed side by side, each with its own codes, names and amounts (人员经费 科目编码 …
        金额 | 公用经费 科目编码 … 金额): one row of the grid holds a row of each group. [] for one group."""
        starts = [0]
        seen_value = False
        for c in range(self.width):
            role = self.roles.get(c)
            if role == "value":
                seen_value = True
            elif role in ("code", "codename") and seen_value:
                starts.append(c)
                seen_value = False
        if len(starts) < 2:
            return []
        pairs = [self._pair(lo, hi) for lo, hi in zip(starts, [*starts[1:], self.width], strict=True)]
        if any(not p.values or p.name < 0 for p in pairs):
            return []
        self.notes.append(f"表格分{len(pairs)}组并排列示（各有科目编码、名称和金额），逐组读取")
        return pairs

    def keys(self) -> tuple[str, ...]:
        seen: list[str] = []
        for c in sorted(self.keys_by_col):
            k = self.keys_by_col[c]
            if k not in seen and _ROUTED.get(k) is None:
                seen.append(k)
        return tuple(seen)

    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c, k in sorted(self.keys_by_col.items()):
            out.setdefault(k, "/".join(self.paths.get(c, [])) or COLUMN_NAMES.get(k, k))
        return out

    # -- roles -------------------------------------------------------------------------------

    def _try_transposed(self, body: list[CellRow]) -> bool:
        items = {
            c: k
            for c in range(self.width)
            if (k := three_public_column(self.paths[c])) is not None and not self._earlier_year(c)
        }
        if len(items) < 2:
            return False
        totals = [c for c, k in items.items() if k == "total"]
        of_three = [c for c in totals if any("三公" in s for s in self.paths[c])]
        if of_three and len(of_three) < len(totals):  # 合计 of 三公 + 会议费 + 培训费 beside the 三公 小计
            for c in totals:
                if c not in of_three:
                    items[c] = "grand_total"
        self.transposed = True
        self.keys_by_col = items
        self.roles = {c: "value" for c in items}
        for c in range(self.width):
            if c not in items and mostly_text(body, c):
                self.roles[c] = "name"
        return True

    def _role(self, c: int, body: list[CellRow]) -> None:
        path = self.paths[c]
        last = re.sub(r"\s+", "", path[-1]) if path else ""
        texts = [t for r in body if (t := text_at(r, c))]
        codenames = sum(1 for t in texts if _CODENAME_RE.match(t))
        amounts = sum(1 for t in texts if is_amount(t.replace(" ", "")))
        if is_not_budget_head(path):
            return
        if self._earlier_year(c):
            self.notes.append(f"第{c + 1}栏“{'/'.join(path)}”是上年的数，不作本年预算读取")
            return
        if is_index_column(path, texts, self.decimals):
            self.roles[c] = "index"
            self.notes.append(f"第{c + 1}栏“{'/'.join(path) or '（无栏头）'}”是序号栏，不作金额读取")
            return
        if _CODE_HEAD_RE.search(last) or (texts and all(re.fullmatch(r"\d{2,7}", t) for t in texts) and not path):
            self.roles[c] = "code"
        elif texts and codenames > len(texts) / 2:
            self.roles[c] = "codename"
        elif _NAME_HEAD_RE.search(last) or (texts and amounts < len(texts) / 2):
            self.roles[c] = "name"
        else:
            if is_of_which_head(path, self.table):
                self.notes.append(f"第{c + 1}栏“{'/'.join(path)}”是其中栏，不单独读取")
                return
            key = column_key(path, self.table)
            if key is None and SPECS[self.table].row_kind == "two_sided" and path:
                key = "amount" if self.table == "summary" else None
            if key is None:
                if amounts == 0 or not path:
                    return
                key = f"c{c + 1}"
            self.roles[c] = "value"
            self.keys_by_col[c] = key
            if is_split_part(path, self.table):
                self.additive.add(c)
                self.notes.append(f"第{c + 1}栏“{'/'.join(path)}”计入“{COLUMN_NAMES.get(key, key)}”")
        values = [k for col, k in self.keys_by_col.items() if self.roles.get(col) == "value"]
        if len(values) == 1 and re.fullmatch(r"c\d+", values[0]) and c == max(self.keys_by_col):
            self.keys_by_col[c] = "total"  # the table's only amount column (金额)

    def _parts_beside_whole(self) -> None:
        """Split parts (工资福利支出 …) printed beside their whole (人员经费) are not read twice."""
        wholes = {k for c, k in self.keys_by_col.items() if c not in self.additive}
        for c in sorted(self.additive):
            if self.keys_by_col[c] in wholes:
                del self.keys_by_col[c]
                del self.roles[c]
        self.additive = {c for c in self.additive if c in self.keys_by_col}

    def _earlier_year(self, c: int) -> bool:
        year = _YEAR_RE.search("".join(self.paths[c]))
        return bool(year and self.budget_year and int(year.group(1)) < self.budget_year)

    def _pair_sides(self) -> None:
        side: Literal["income", "expenditure"] = "income"
        current: Pair | None = None
        for c in range(self.width):
            head = "/".join(self.paths[c])
            top = self.paths[c][0] if self.paths[c] else ""
            if "收入" in top:
                side = "income"
            elif "支出" in top or (not top and c >= self.width / 2):  # headless: by its half
                side = "expenditure"
            role = self.roles.get(c)
            if role in ("name", "codename"):
                economic = side == "expenditure" and "经济" in head and any(p.side == side for p in self.pairs)
                current = Pair(c, [], side, use="用途" in head, economic=economic)
                self.pairs.append(current)
                if economic:
                    self.notes.append(f"第{c + 1}栏起“{head}”是按经济分类列示的支出，不作收支总表的支出项目读取")
            elif role == "value" and current is not None:
                current.values.append(c)
                if self.keys_by_col.get(c) == "budget":  # the 年初预算数 beside a 决算's 决算数: kept apart
                    continue
                if current.side == "income" or self.table == "summary":
                    self.keys_by_col[c] = "amount"
                elif self.keys_by_col.get(c) in (None, "amount") or current.use:
                    self.keys_by_col[c] = "total"


# -- rows --------------------------------------------------------------------------------------


def read_rows(lay: Layout, body: list[CellRow], scale: int, problems: list[Problem]) -> list[RawRow]:
    if lay.transposed:
        return _transposed(lay, body, scale, problems)
    rows: list[RawRow] = []
    groups: list[list[RawRow]] = [[] for _ in lay.pairs]
    for r in body:
        if lay.pairs and lay.pairs[0].side == "main":
            for pair, group in zip(lay.pairs, groups, strict=True):
                row = _main_row(lay, r, scale, problems, pair)
                if row is not None:
                    group.append(row)
        else:
            rows.extend(_side_rows(lay, r, scale, problems, rows))
    rows.extend(row for group in groups for row in group)  # group by group: each its own code tree
    keys = {r.key for r in rows if r.table == lay.table}
    if SPECS[lay.table].row_kind == "keyed" and "subtotal" in keys and "total" not in keys:
        for row in rows:  # the “三公”经费 line is the table's total when no 合计 line is printed
            if row.key == "subtotal":
                row.key = "total"
    return rows


def _main_row(lay: Layout, r: CellRow, scale: int, problems: list[Problem], pair: Pair) -> RawRow | None:
    code_parts: list[str] = []
    part_cols: list[int] = []
    names: list[str] = []
    extra_codes: list[str] = []
    code: str | None = None
    lo, hi = pair.span or (0, lay.width)
    for c in range(lo, hi):
        role = lay.roles.get(c)
        text = text_at(r, c).replace("\u3000", " ").strip()
        if role == "code" and text and text.replace(" ", "").isdigit():
            part = text.replace(" ", "")
            if code_parts and len(part) > 2 and len(part) in (3, 5, 7):
                extra_codes.append(part)  # a second classification's code (政府经济科目编码), not a 款/项 part
                continue
            if not code_parts and len(part) <= 2:
                # 类/款/项 apart, each row printing only its own part: the parents' from the rows above
                for k in sorted(k for k in lay.code_prefix if k < c):
                    code_parts.append(lay.code_prefix[k])
                    part_cols.append(k)
            code_parts.append(part.zfill(2) if code_parts else part)
            part_cols.append(c)
        elif role == "code" and text and not _CODE_HEAD_RE.search(text.replace(" ", "")):
            names.append(text)  # 合计 written across the code and name columns (类/款/项 heads beside it are not)
        elif role == "codename" and text:
            m = _CODENAME_RE.match(text)
            if m and code is None and not code_parts:
                code, name = m.group(1), m.group(2)
            elif m:
                extra_codes.append(m.group(1))
                name = m.group(2)
            else:
                name = text
            names.append(name.strip())
        elif role == "name" and text and not is_amount(text.replace(" ", "")):
            m = _CODENAME_RE.match(text)
            if m and not code_parts and code is None and len(m.group(1)) in (3, 5, 7):
                code, text = m.group(1), m.group(2)
            names.append(text)
    if code_parts:
        code = "".join(code_parts)
        lay.code_prefix = dict(zip(part_cols, code_parts, strict=True))
    if SPECS[lay.table].row_kind == "economic" and code is not None and extra_codes and not code.startswith("3"):
        # 政府预算经济分类 (5xx) beside 部门预算经济分类 (3xx): the row is the department's code
        dept = next((c for c in extra_codes if c.startswith("3")), None)
        if dept is not None:
            extra_codes = [code, *[c for c in extra_codes if c != dept]]
            code = dept
    unit_code: str | None = None
    if code is not None and len(code) == 3 and SPECS[lay.table].row_kind == "function":
        lay.last_class = code
    elif code is not None and len(code) == 2 and lay.last_class:
        code = lay.last_class + code  # 款 digits printed without their 类
    if code is not None and len(code) not in (3, 5, 7):
        unit_code, code = code, None  # a unit's code (105236 西南大学), not a classification code
    name = clean_name(" / ".join(names)) if names else ""
    values = _values(lay, r, pair.values, scale, problems, name)
    if not name and not code and values and not any(role not in ("value", "index") for role in lay.roles.values()):
        # a table of one row of amounts and no name column (收入总表 of some templates): its total
        return RawRow(lay.table, "main", "", lay.keys(), _loc(r), key="total", fixed=values)
    if not name and not code:
        if values:
            problems.append(
                Problem(
                    code="value_without_item",
                    message="一行中有金额却没有项目名称",
                    table=lay.table,
                    location=r.location,
                )
            )
        return None
    key: str | None = None
    if SPECS[lay.table].row_kind == "keyed":
        key = three_public_key(name)
        other = None if key or lay.table != "three_public" else three_public_other_line(name)
        if other is not None:  # 行政经费 printed as a line of the 三公 table: a figure of its own table
            value = values.get("total", next(iter(values.values()), None))
            fixed = {} if value is None else {"total": value}
            key = "total" if other == "operating_costs" else other
            return RawRow(_ROUTED[other], "main", name, ("total",), _loc(r), key=key, fixed=fixed)
    elif code is None and re.sub(r"\s+", "", name) in ("合计", "总计"):
        key = "total"
    elif extra_codes:
        key = "/".join(extra_codes)
    elif unit_code is not None:
        key = unit_code
    return RawRow(lay.table, "main", name, lay.keys(), _loc(r), code=code, key=key, fixed=values)


def _side_rows(lay: Layout, r: CellRow, scale: int, problems: list[Problem], done: list[RawRow]) -> list[RawRow]:
    out: list[RawRow] = []
    pair_by_name = {p.name: p for p in lay.pairs}
    for cell in r.cells:
        col = cell.col or 0
        text = clean_name(cell.text.replace("\u3000", " "))
        if not text or is_amount(text.replace(" ", "")):
            continue
        covered = [p for n, p in pair_by_name.items() if col <= n < col + cell.span]
        if not covered:
            continue
        pair = covered[-1]
        if pair.economic:
            continue
        cols = [c for c in pair.values if c >= col + cell.span]
        values = _values(lay, r, cols, scale, problems, text)
        side = pair.side if pair.side != "main" else "income"
        after = any(x.key == "carryover" for x in done + out if x.side == "income")
        key = side_key(text, side, after, pair.use)
        columns: tuple[str, ...] = ("amount",)
        if side == "expenditure" and lay.table != "summary":
            columns = tuple(lay.keys_by_col[c] for c in pair.values if c in lay.keys_by_col) or ("total",)
        out.append(RawRow(lay.table, side, text, columns, _loc(r, cell), key=key, fixed=values))
    return out


def _transposed(lay: Layout, body: list[CellRow], scale: int, problems: list[Problem]) -> list[RawRow]:
    pick = _this_year_row(lay, body)
    if pick is None:
        return []
    out: list[RawRow] = []
    columns: dict[str, list[int]] = {}
    for c, item in sorted(lay.keys_by_col.items()):
        columns.setdefault(item, []).append(c)
    for item, cols in columns.items():
        # a final account prints 预算数 | 决算数 under each item: the 决算数 is the figure, the 预算数 its budget;
        # else the first sub-column (政府性基金, 国有资本经营 follow 一般公共预算)
        kinds = {final_or_budget(lay.paths[c]): c for c in reversed(cols)}
        main = kinds.get("final", cols[0])
        fixed: dict[str, Decimal] = {}
        value = _amount_cell(lay, pick, main, scale, problems, item)
        if value is not None:
            fixed["total"] = value
        if "final" in kinds and "budget" in kinds:
            budget = _amount_cell(lay, pick, kinds["budget"], scale, problems, item)
            if budget is not None:
                fixed["budget"] = budget
        table = _ROUTED.get(item, lay.table)
        key = "total" if item == "operating_costs" else item
        label = "/".join(lay.paths[main])
        out.append(RawRow(table, "main", label, tuple(fixed) or ("total",), _loc(pick, cell_at(pick, main)), key=key,
                          fixed=fixed))  # fmt: skip
    return out


def _this_year_row(lay: Layout, body: list[CellRow]) -> CellRow | None:
    """The row of amounts to read: this year's where rows are years (2025年 / 2026年 / 增减),
    else the 合计 row where rows are units, else the only row."""
    rows = [r for r in body if any(text_at(r, c) for c in lay.keys_by_col)]
    rows = [r for r in rows if not any(re.search(r"增减|变化|比上年", t) for t in r.texts)]
    if not rows:
        return None
    years = [(int(m.group(1)), r) for r in rows for t in r.texts if (m := re.fullmatch(r"(20\d{2})年?(预算)?", t))]
    if years:
        return max(years, key=lambda y: y[0])[1]
    return next((r for r in rows if _row_name(lay, r) in ("合计", "总计")), rows[0])


def _row_name(lay: Layout, r: CellRow) -> str:
    for c, role in sorted(lay.roles.items()):
        if role == "name" and (t := text_at(r, c)):
            return re.sub(r"\s+", "", t)
    return ""


def _values(
    lay: Layout, r: CellRow, cols: list[int], scale: int, problems: list[Problem], name: str
) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    for c in cols:
        key = lay.keys_by_col.get(c)
        if key is None:
            continue
        v = _amount_cell(lay, r, c, scale, problems, name)
        if v is not None and key in values and c in lay.additive:
            values[key] += v
        elif v is not None and key not in values:
            values[key] = v
    return values


def _amount_cell(lay: Layout, r: CellRow, c: int, scale: int, problems: list[Problem], name: str) -> Decimal | None:
    text = text_at(r, c).replace(" ", "").replace(",", "")
    if text in _BLANK:
        return None
    if is_amount(text):
        value = Decimal(text)
        return value.scaleb(scale) if scale else value
    if not text.endswith("%"):
        column = "/".join(lay.paths.get(c, [])) or COLUMN_NAMES.get(lay.keys_by_col.get(c, ""), "")
        cell = cell_at(r, c)
        problems.append(
            Problem(
                code="not_a_number",
                message=f"“{name}”一行的“{column}”栏不是数字：{text}",
                table=lay.table,
                location=cell.location if cell else _loc(r),
            )
        )
    return None


def _loc(r: CellRow, cell: SourceCell | None = None) -> Location:
    """The row's location: its page and the box around its cells (or the one cell given)."""
    if cell is not None:
        return cell.location
    boxes = [b for c in r.cells if (b := c.box) is not None]
    first = r.cells[0].location
    if not boxes:
        return first
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return first.model_copy(update={"box": box})
