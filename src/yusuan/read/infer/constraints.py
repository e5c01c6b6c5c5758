"""The arithmetic of a budget package as equations over table cells (DOMAIN.md §3).

Inside a table: parent = Σ children per column, the 合计 row = Σ 类 rows, the three_public tree,
the two sides of the summaries. Across tables (a higher priority number, so they give way first):
summary ↔ income and expenditure, fiscal_summary ↔ general_budget / gov_fund / state_capital,
general_budget 合计 basic = basic_expenditure 合计, and — when every yuan of income is general
public budget money — expenditure = general_budget row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import FISCAL_FUNDS, NON_FISCAL_SOURCES, SPECS, THREE_PUBLIC_TREE
from yusuan.read.infer.solver import ZERO, Equation, Term
from yusuan.read.tables.raw import RawRow, RawTables

WITHIN, SUMMARY, CROSS, CONDITIONAL = 0, 1, 2, 3

_FISCAL_SOURCES = FISCAL_FUNDS
_OTHER_SOURCES = NON_FISCAL_SOURCES


@dataclass
class Index:
    rows: list[RawRow]
    by_table: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    by_code: dict[tuple[str, str], int] = field(default_factory=dict)
    by_key: dict[tuple[str, str, str], int] = field(default_factory=dict)
    #: Every row of a code: several where a table prints one code tree per unit.
    all_by_code: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, raw: RawTables) -> Index:
        rows = [r for t in raw.tables.values() for r in t.rows]
        index = cls(rows)
        for i, r in enumerate(rows):
            index.by_table.setdefault((r.table, r.side), []).append(i)
            if r.code:
                index.by_code.setdefault((r.table, r.code), i)
                index.all_by_code.setdefault((r.table, r.code), []).append(i)
            if r.key:
                index.by_key.setdefault((r.table, r.side, r.key), i)
        return index

    def total_row(self, table: str) -> int | None:
        return self.by_key.get((table, "main", "total"))

    def key(self, table: str, side: str, key: str) -> int | None:
        return self.by_key.get((table, side, key))


def _sum_eq(parent: int, children: list[int], column: str, label: str, priority: int, child_col: str = "") -> Equation:
    terms = [Term(parent, column, 1)] + [Term(c, child_col or column, -1) for c in children]
    # The per-column equations of one parent form a family: set aside together when one breaks.
    family = label[: -len(column) - 1] if label.endswith(f"={column}") else label
    return Equation(tuple(terms), label, ZERO, priority, family)


def _same(a: int, col_a: str, b: int, col_b: str, label: str, priority: int) -> Equation:
    return Equation((Term(a, col_a, 1), Term(b, col_b, -1)), label, ZERO, priority)


def build_equations(raw: RawTables, index: Index) -> list[Equation]:
    eqs: list[Equation] = []
    for table_id in raw.tables:
        spec = SPECS[table_id]
        if spec.row_kind in ("function", "economic"):
            eqs += _hierarchy(index, table_id, spec.columns, spec.row_kind == "function")
        elif table_id == "three_public":  # the other keyed tables (机关运行经费 …) have no item tree
            eqs += _tree(index, table_id, spec.columns)
        else:
            eqs += _two_sided(index, table_id)
    eqs += _cross(raw, index)
    return eqs


def _hierarchy(index: Index, table: str, columns: tuple[str, ...], function: bool) -> list[Equation]:
    ids = index.by_table.get((table, "main"), [])
    codes = [index.rows[i].code for i in ids if index.rows[i].code]
    if len(codes) == len(set(codes)):
        return _code_tree(index, table, columns, function, ids, index.total_row(table), "")
    # codes repeat: one code tree per unit, each under its unit's line (深圳市…（本级）, …中心), the
    # department's line the sum of its units'
    eqs: list[Equation] = []
    units = _unit_segments(index, ids)
    for head, rows in units:
        if rows:
            label = f"{index.rows[head].name}:" if head is not None else ""
            eqs += _code_tree(index, table, columns, function, rows, head, label)
    heads = [h for h, rows in units if h is not None and rows]
    tops = [h for h, rows in units if h is not None and not rows]
    total = index.total_row(table)
    top = total if total is not None else (tops[0] if len(tops) == 1 else None)
    if top is not None and len(heads) > 1:
        eqs += [_sum_eq(top, heads, col, f"{table}:合计=各单位={col}", WITHIN) for col in columns]
    return eqs


def _parent(code: str, printed: set[str]) -> str | None:
    """The longest printed code (类 3 digits, 款 5) that ``code`` extends."""
    return next((code[:n] for n in (5, 3) if n < len(code) and code[:n] in printed), None)


def _unit_segments(index: Index, ids: list[int]) -> list[tuple[int | None, list[int]]]:
    """The table's rows by unit: each line without code or key (a unit's name) opens a segment."""
    segments: list[tuple[int | None, list[int]]] = [(None, [])]
    for i in ids:
        row = index.rows[i]
        if row.code:
            segments[-1][1].append(i)
        elif row.key is None or (row.key.isdigit() and len(row.key) >= 6):  # a unit's line (125001 …)
            segments.append((i, []))
    return segments


def _code_tree(
    index: Index, table: str, columns: tuple[str, ...], function: bool, ids: list[int], total: int | None, label: str
) -> list[Equation]:
    """Parent = Σ children per column over the coded rows ``ids``; ``total`` (合计 or a unit's line) = Σ 类."""
    coded = [(i, index.rows[i].code or "") for i in ids if index.rows[i].code]
    printed = {c for _, c in coded}
    eqs: list[Equation] = []
    for i, code in coded:
        if len(code) not in (3, 5):
            continue
        # the rows whose nearest printed ancestor is this code (a 项 whose 款 is not printed counts here)
        children = [j for j, c in coded if len(c) > len(code) and _parent(c, printed) == code]
        if children:
            eqs += [_sum_eq(i, children, col, f"{table}:{label}{code}={col}", WITHIN) for col in columns]
    classes = [i for i, c in coded if len(c) == 3]
    if total is not None and classes:
        eqs += [_sum_eq(total, classes, col, f"{table}:{label}合计={col}", WITHIN) for col in columns]
    return eqs


def _tree(index: Index, table: str, columns: tuple[str, ...]) -> list[Equation]:
    eqs: list[Equation] = []
    tree = THREE_PUBLIC_TREE
    if index.key(table, "main", "subtotal") is None:  # printed across: 合计 is the sum of the three
        tree = (("total", ("abroad", "vehicle", "reception")), *THREE_PUBLIC_TREE[2:])
    for parent_key, child_keys in tree:
        parent = index.key(table, "main", parent_key)
        children = [c for k in child_keys if (c := index.key(table, "main", k)) is not None]
        if parent is not None and children:
            eqs += [_sum_eq(parent, children, col, f"{table}:{parent_key}={col}", WITHIN) for col in columns]
    return eqs


def _two_sided(index: Index, table: str) -> list[Equation]:
    spec = SPECS[table]
    eqs: list[Equation] = []
    key = index.key
    income_rows = index.by_table.get((table, "income"), [])
    income_items = [i for i in income_rows if index.rows[i].key in (*_fiscal_keys(index, table), *_OTHER_SOURCES)]
    carry_items = [
        i for i in index.by_table.get((table, "income"), []) if (index.rows[i].key or "").startswith("carryover_")
    ]
    spending = index.by_table.get((table, "expenditure"), [])
    first = next((n for n, i in enumerate(spending) if index.rows[i].code), 0)
    # lines before the first 类 (一、部门预算 above 1、一般公共服务支出 …) head the items, they are not items
    exp_classes = [i for i in spending[first:] if index.rows[i].key is None and _not_sub(index, i)]
    if any(len(index.rows[i].code or "") in (5, 7) for i in spending):
        # 类, 款 and 项 listed together: the items are the 类 lines (a 款 not found by name stays uncoded)
        exp_classes = [i for i in exp_classes if index.rows[i].code]
    cur_in, carry_in, grand_in = (key(table, "income", k) for k in ("current_total", "carryover", "grand_total"))
    cur_ex, carry_ex, grand_ex = (key(table, "expenditure", k) for k in ("current_total", "carryover", "grand_total"))
    if cur_in is not None and income_items:
        eqs.append(_sum_eq(cur_in, income_items, "amount", f"{table}:{figure_name('income')}合计", WITHIN))
    if carry_in is not None and carry_items:
        eqs.append(_sum_eq(carry_in, carry_items, "amount", f"{table}:年初结转", WITHIN))
    if grand_in is not None and cur_in is not None:
        parts = [cur_in, *_between(index, income_rows, cur_in, carry_in or grand_in)]
        parts += [carry_in] if carry_in is not None else []
        eqs.append(_sum_eq(grand_in, parts, "amount", f"{table}:收入总计", WITHIN))
    for col in spec.columns:
        if cur_ex is not None and exp_classes:
            eqs.append(_sum_eq(cur_ex, exp_classes, col, f"{table}:本年{figure_name('total')}={col}", WITHIN))
        if grand_ex is not None and cur_ex is not None:
            parts = [cur_ex, *_between(index, spending, cur_ex, grand_ex, carry_ex)]
            parts += [carry_ex] if carry_ex is not None else []
            eqs.append(_sum_eq(grand_ex, parts, col, f"{table}:支出总计={col}", WITHIN))
    if grand_in is not None and grand_ex is not None:
        eqs.append(_same(grand_in, "amount", grand_ex, spec.columns[0], f"{table}:收支平衡", WITHIN))
    return eqs


def _summary_income(index: Index, inc_total: int) -> list[Equation]:
    """R4: the summary's income lines equal the income table's 合计 row, column by column; a table
    without a 本年收入小计 column gives it as the sum of its sources, without a 财政拨款 column as Σ its funds."""
    eqs: list[Equation] = []
    key, printed = index.key, index.rows[inc_total].columns
    pairs = [("grand_total", "total"), ("current_total", "subtotal"), ("carryover", "carryover")]
    pairs += [(k, k) for k in _OTHER_SOURCES]
    for s_key, col in pairs:
        if (s := key("summary", "income", s_key)) is None:
            continue
        if col in printed:
            eqs.append(_same(s, "amount", inc_total, col, f"summary↔income:{s_key}", CROSS))
        elif col == "subtotal":  # no 本年收入小计 column: this year's income is the sum of its sources
            funds = ("fiscal",) if "fiscal" in printed else tuple(k for k in _FISCAL_SOURCES if k in printed)
            sources = (*funds, *(k for k in _OTHER_SOURCES if k in printed))
            if sources:
                rest = (Term(s, "amount", 1), *(Term(inc_total, k, -1) for k in sources))
                eqs.append(Equation(rest, f"summary↔income:{s_key}", ZERO, CROSS))
    fiscal = [i for k in _fiscal_keys(index, "summary") if (i := key("summary", "income", k)) is not None]
    funds = ("fiscal",) if "fiscal" in printed else tuple(k for k in _FISCAL_SOURCES if k in printed)
    if fiscal and funds:
        terms = (*(Term(inc_total, f, 1) for f in funds), *(Term(i, "amount", -1) for i in fiscal))
        eqs.append(Equation(terms, "summary↔income:fiscal", ZERO, CROSS))
    return eqs


def _between(index: Index, ids: list[int], start: int, end: int, skip: int | None = None) -> list[int]:
    """Lines printed between 本年合计 and the next keyed line that add into the 总计 without a key of their
    own (用事业基金弥补收支差额, 上年实户资金余额, 未安排支出的实户资金 …); not 其中 lines."""
    if start not in ids or end not in ids:
        return []
    lines = ids[ids.index(start) + 1 : ids.index(end)]
    if any(index.rows[i].code for i in lines):
        return []  # 合计 printed above the items: what lies between are the items themselves
    own = (None, "nonfiscal_balance", "distribution")  # lines keyed only to say what they are (使用非财政拨款结余)
    return [i for i in lines if i != skip and index.rows[i].key in own and not index.rows[i].name.startswith("其中")]


def _not_sub(index: Index, i: int) -> bool:
    """Whether a summary expenditure line is an item of its own (a 类 or an uncoded line), not a 款 or 项."""
    return len(index.rows[i].code or "123") == 3


def _fiscal_keys(index: Index, table: str) -> tuple[str, ...]:
    """The income lines of fiscal money: the three funds when printed, else their one line (财政拨款)."""
    if any(index.key(table, "income", k) is not None for k in _FISCAL_SOURCES):
        return _FISCAL_SOURCES
    return ("fiscal",)


def class_code_of(index: Index, name: str) -> str | None:
    """The 类 code of a summary item, by the name the document's own code tables give that 类."""
    bare = re.sub(r"^([一二三四五六七八九十]+|\d{1,2})、|^[（(]([一二三四五六七八九十]+|\d{1,2})[)）]|\s+", "", name)
    for table in ("expenditure", "general_budget", "income"):
        for i in index.by_table.get((table, "main"), []):
            row = index.rows[i]
            if row.code and len(row.code) == 3 and row.name == bare:
                return row.code
    return None


def _cross(raw: RawTables, index: Index) -> list[Equation]:
    eqs: list[Equation] = []
    key = index.key
    inc_total = index.total_row("income")
    exp_total = index.total_row("expenditure")
    gb_total = index.total_row("general_budget")
    be_total = index.total_row("basic_expenditure")
    # summary ↔ income (R4)
    if inc_total is not None:
        eqs += _summary_income(index, inc_total)
    # summary ↔ expenditure (R5), fiscal_summary ↔ general_budget/gov_fund/state_capital (R6)
    for i in index.by_table.get(("summary", "expenditure"), []):
        c = index.rows[i].code
        if c and (units := index.all_by_code.get(("expenditure", c))):
            eqs.append(_sum_eq(i, units, "amount", f"summary↔expenditure:{c}", CROSS, "total"))
    if (s := key("summary", "expenditure", "current_total")) is not None and exp_total is not None:
        eqs.append(_same(s, "amount", exp_total, "total", "summary↔expenditure:合计", CROSS))
    eqs += _fiscal_summary_classes(raw, index)
    # this year's 一般公共预算 plus its 上年结转 (printed apart in some templates) is what the table spends;
    # with money carried over, templates differ on whether the table spends it: not determined, not checked
    # (nor when money is carried into next year: a 决算 received more or less than it spent)
    f = key("fiscal_summary", "income", "general")
    if f is not None and gb_total is not None and not _carried_over(index) and not _carried_forward(index):
        eqs.append(_same(f, "amount", gb_total, "total", "fiscal_summary↔general_budget:合计", CROSS))
    # general_budget ↔ basic_expenditure (R8)
    printed = index.rows[gb_total].columns if gb_total is not None else ()
    split = ("personnel", "public") if {"personnel", "public"} <= set(printed) else ()
    parts = ("basic",) if "basic" in printed else split
    if gb_total is not None and be_total is not None and parts:  # (a table of 合计 and 项目支出 only: nothing)
        terms = (*(Term(gb_total, c, 1) for c in parts), Term(be_total, "total", -1))
        eqs.append(Equation(terms, "general_budget↔basic_expenditure", ZERO, CROSS))
    eqs += _empty_fund_columns(raw, index)
    if _all_income_general(index):
        eqs += _all_general(index, exp_total, be_total)
    return eqs


_FUND_TABLES = (("general_budget", "general"), ("gov_fund", "gov_fund"), ("state_capital", "state_capital"))


def _fiscal_summary_classes(raw: RawTables, index: Index) -> list[Equation]:
    """R6 by 类: each fund's column equals that fund's own table. A fiscal summary that prints one amount
    per 类 (no column per fund) is checked against the sum of the fund tables — when every fund with money
    (its income line) has its table read."""
    eqs: list[Equation] = []
    rows = index.by_table.get(("fiscal_summary", "expenditure"), [])
    per_fund = any("general" in index.rows[i].columns for i in rows)
    read_funds = [(t, c) for t, c in _FUND_TABLES if t in raw.tables]
    if not per_fund and (not _unread_funds_empty(raw, index) or _carried_over(index)):
        return eqs  # a fund with money and no table, or 类 amounts that include last year's money
    for i in rows:
        c = index.rows[i].code
        if not c:
            continue
        if not per_fund:
            parts = [o for t, _ in read_funds for o in index.all_by_code.get((t, c), [])]
            if not parts and any(raw.tables[t].rows for t, _ in read_funds):
                continue  # the fund tables print no row of this code (项 only, or another level)
            terms = (Term(i, "total", 1), *(Term(o, "total", -1) for o in parts))
            eqs.append(Equation(terms, f"fiscal_summary↔{'+'.join(t for t, _ in read_funds)}:{c}", ZERO, CROSS))
            continue
        for table, col in read_funds:
            others = index.all_by_code.get((table, c))
            if others:
                eqs.append(_sum_eq(i, others, col, f"fiscal_summary↔{table}:{c}", CROSS, "total"))
            elif not raw.tables[table].rows:
                eqs.append(Equation((Term(i, col, 1),), f"fiscal_summary↔{table}(空表):{c}", ZERO, CROSS))
    return eqs


def _carried_over(index: Index) -> bool:
    """Whether the fiscal summary brings money forward from last year (上年结转, any fund)."""
    for i in index.by_table.get(("fiscal_summary", "income"), []):
        row = index.rows[i]
        if (row.key or "").startswith("carryover") and (row.fixed or {}).get("amount"):
            return True
    return False


def _carried_forward(index: Index) -> bool:
    """Whether the fiscal summary carries money into next year (年末结转和结余 with an amount)."""
    i = index.key("fiscal_summary", "expenditure", "carryover")
    return i is not None and any((index.rows[i].fixed or {}).values())


def _unread_funds_empty(raw: RawTables, index: Index) -> bool:
    """Whether every fund whose table was not read shows no income in the fiscal summary."""
    for table, key in _FUND_TABLES:
        if table in raw.tables:
            continue
        i = index.key("fiscal_summary", "income", key)
        row = index.rows[i] if i is not None else None
        amount = (row.fixed or {}).get("amount") if row is not None else None
        if row is None or row.fixed is None or amount not in (None, Decimal(0)):
            return False
    return True


def _empty_fund_columns(raw: RawTables, index: Index) -> list[Equation]:
    """A fund whose own table is published empty has nothing in the 三公 table's column for it."""
    eqs: list[Equation] = []
    for table, column in (("gov_fund", "gov_fund"), ("state_capital", "state_capital")):
        if table in raw.tables and not raw.tables[table].rows:
            for i in index.by_table.get(("three_public", "main"), []):
                eqs.append(Equation((Term(i, column, 1),), f"three_public:{table}(空表)", ZERO, CROSS))
    return eqs


def _all_income_general(index: Index) -> bool:
    """Whether the summary shows income from the general public budget only (R7's equal case)."""
    ids = index.by_table.get(("summary", "income"), [])
    if not ids:
        return False
    general = False
    for i in ids:
        row = index.rows[i]
        amount = (row.fixed or {}).get("amount") if row.fixed is not None else (row.numbers[0] if row.numbers else None)
        if row.key == "general":
            general = bool(amount)
        elif row.key not in ("current_total", "grand_total") and amount not in (None, Decimal(0)):
            return False
    return general


def _all_general(index: Index, exp_total: int | None, be_total: int | None) -> list[Equation]:
    eqs: list[Equation] = []
    for i in index.by_table.get(("expenditure", "main"), []):
        row = index.rows[i]
        other = index.by_code.get(("general_budget", row.code)) if row.code else index.total_row("general_budget")
        if other is None:
            continue
        for col in ("total", "basic", "project"):
            eqs.append(_same(i, col, other, col, f"expenditure=general_budget:{row.code or '合计'}:{col}", CONDITIONAL))
        for col in ("operating", "remit_superior", "subsidy_affiliated"):
            eqs.append(Equation((Term(i, col, 1),), f"expenditure:{row.code or '合计'}:{col}=0", ZERO, CONDITIONAL))
    if exp_total is not None and be_total is not None:
        eqs.append(_same(exp_total, "basic", be_total, "total", "expenditure↔basic_expenditure", CONDITIONAL))
    return eqs
