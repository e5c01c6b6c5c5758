"""Relationships between tables (DOMAIN.md §3 R4–R9), kind ``cross_table``.

Rule ids:

- ``summary-vs-income``: each income source of 收支总表 equals that source in 收入总表's 合计 row
  (一般公共预算 + 政府性基金 + 国有资本经营 = 财政拨款收入; 上年结转结余 = 上年结转) (R4).
- ``summary-vs-expenditure``: each 类 amount of 收支总表 equals that 类's 合计 in 支出总表 (R5).
- ``fiscal-summary-vs-tables``: 财政拨款收支总表's income equals the fiscal funding of 收支总表, and its
  类 rows equal the 类 totals of the 一般公共预算 / 政府性基金 / 国有资本经营 expenditure tables (R6).
- ``general-budget-vs-expenditure``: 一般公共预算财政拨款支出表 never exceeds 支出总表 for the same code and
  column, and equals it row by row when all income is 一般公共预算拨款 (R7). A difference explained by the
  rows below it is reported at those rows only.
- ``basic-vs-general-budget``: 基本支出表 合计 = 一般公共预算财政拨款支出表 合计 基本支出 (R8).
- ``personnel-public-split`` (warning): 人员经费 = 301 + 303, 公用经费 = 302 (+ 310) (R8 convention).
- ``three-public-vs-basic`` (R9): in :mod:`yusuan.review.rules.three_public`.

A difference within the rounding bound of the amounts compared (half a unit of each one's last printed
digit, see ``arithmetic``) is a 尾差 (``rounding-difference``, info), never an error. Each rule
declares the tables it needs (``needs=``) and runs on every template where they were read: the
relationships are between standard tables by meaning (row codes, row keys, column keys), not the Hebei
template's printed layout. A table that is absent is not compared (the review lists the rule as skipped,
naming it); a table published empty with its note counts as all blank, so a figure on the other side is
still reported.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import FISCAL_FUNDS, NON_FISCAL_SOURCES, SPECS
from yusuan.model import Disclosure, Row
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context
from yusuan.review.finding import Severity
from yusuan.review.helpers.codes import children as _children
from yusuan.review.helpers.codes import class_rows as _class_rows
from yusuan.review.helpers.codes import classes as _classes
from yusuan.review.helpers.codes import row_map as _row_map
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.arithmetic import (
    Relation,
    cell,
    column_label,
    is_ambiguous,
    keyed,
    read_hits,
    row_label,
    rows_of,
    table_title,
)

_BASIC, _PERSONNEL, _PUBLIC = figure_name("basic"), figure_name("personnel"), figure_name("public")
_THREE, _RECEPTION = figure_name("three_public"), figure_name("reception")
_VEHICLE_OPERATION = figure_name("vehicle_operation")

BASIS_143 = "《地方预决算公开操作规程》（财预〔2016〕143号）；冀财预〔2016〕129号 表间勾稽关系"
_FISCAL_SOURCES = FISCAL_FUNDS
_OTHER_SOURCES = NON_FISCAL_SOURCES


def _label(ctx: Context, table_id: str, row: Row | None, column: str | None = None) -> str:
    """``部门预算支出总表“人大会议”(2010104) 项目支出``; a row the table does not have is ``（无此科目）``."""
    where = row_label(row) if row is not None else "（无此科目）"
    col = " " + column_label(table_id, column) if column and column != "amount" else ""
    return f"{table_title(ctx, table_id)}{where}{col}"


def _one(rows: list[Row]) -> Row | None:
    return rows[0] if rows else None


def pair(
    ctx: Context, a: tuple[str, Row | None, str], b: tuple[str, Row | list[Row] | None, str], key: str
) -> Relation:
    """``a = b``: two cells (table, row, column) of different tables; ``b`` the sum of several rows where a
    table prints a code once per unit."""
    (ta, ra, ca), (tb, rb, cb) = a, b
    rows = rb if isinstance(rb, list) else [rb]
    return Relation(
        cell(ctx, ta, ra, ca, _label(ctx, ta, ra, ca), "stated"),
        tuple(cell(ctx, tb, r, cb, _label(ctx, tb, r, cb), key) for r in rows),
    )


# -- R4 -------------------------------------------------------------------------------------------
@rule(
    "summary-vs-income",
    kind="cross_table",
    severity="error",
    title="收支总表与收入总表不一致",
    template="部门预算收支总表与收入总表的{item}不一致：{detail}",
    basis=BASIS_143,
    refs=("R4",),
    needs=("summary", "income"),
)
def summary_vs_income(ctx: Context) -> Iterator[Hit]:
    """Each income source of the summary equals the same source in the income table's 合计 row."""
    income = keyed(rows_of(ctx, "summary", "income"))
    total = ctx.total_row("income")
    if not income or total is None or is_ambiguous(ctx, "income", [total]):
        return
    fiscal = [income[k] for k in _FISCAL_SOURCES if k in income]
    if fiscal:
        stated = cell(ctx, "income", total, "fiscal", _label(ctx, "income", total, "fiscal"), "stated")
        rel = Relation(
            stated, tuple(cell(ctx, "summary", r, "amount", _label(ctx, "summary", r), r.key or "") for r in fiscal)
        )
        if rel.off:
            yield from read_hits(ctx, {"item": figure_name("fiscal_income")}, [("", rel)])
    for key in (*_OTHER_SOURCES, "carryover"):
        if key in income:
            rel = pair(ctx, ("income", total, key), ("summary", income[key], "amount"), "summary")
            if rel.off:
                yield from read_hits(ctx, {"item": column_label("income", key)}, [("", rel)])


def _raise_summary_item(d: Disclosure, rng: random.Random, side: str) -> MutationRecord:
    """Raise an item of one side of 收支总表 with its 本年合计 and 总计."""
    t = mut.two_sided(d, "summary")
    rows = t.income if side == "income" else t.expenditure
    items = [r for r in rows if r.key not in ("current_total", "carryover", "grand_total") and r.values]
    if not items:
        raise NotApplicable
    row = rng.choice(items)
    columns = [c for c in ("amount", "total", "general") if c in row.values]
    delta = mut.delta(rng, row.values[columns[0]])
    before = row.values[columns[0]]
    for r in (row, mut.by(rows, "current_total"), mut.by(rows, "grand_total")):
        for c in columns:
            mut.add(r, c, delta)
    return MutationRecord(mut.cell("summary", row, columns[0]), str(before), str(row.values[columns[0]]))


@mutation(
    "summary-vs-income",
    zh="收支总表一项收入（及其合计、总计）改大，与收入总表不符",
    en="raise an income item of the summary table with its totals",
)
def _raise_summary_income(d: Disclosure, rng: random.Random) -> MutationRecord:
    return _raise_summary_item(d, rng, "income")


# -- R5 -------------------------------------------------------------------------------------------
@rule(
    "summary-vs-expenditure",
    kind="cross_table",
    severity="error",
    title="收支总表与支出总表不一致",
    template="部门预算收支总表与支出总表的“{name}”({code})不一致：{detail}",
    basis=BASIS_143,
    refs=("R5",),
    needs=("summary", "expenditure"),
)
def summary_vs_expenditure(ctx: Context) -> Iterator[Hit]:
    """Each 类 amount of the summary equals that 类's 合计 in the expenditure table (a 类 the summary does
    not list counts as blank there)."""
    summary = _classes(rows_of(ctx, "summary"))
    if not summary or ctx.table("expenditure") is None:
        return
    spent = _class_rows(rows_of(ctx, "expenditure"))
    if not spent:
        return  # no 类 row read in the expenditure table: nothing to compare the summary's 类 with
    for code in sorted(summary.keys() | spent.keys()):
        s, e = summary.get(code), spent.get(code, [])
        if is_ambiguous(ctx, "expenditure", e):
            continue
        rel = pair(ctx, ("summary", s, "amount"), ("expenditure", e if len(e) > 1 else _one(e), "total"), "expenditure")
        if rel.off:
            row = s or _one(e)
            name = row.name.split("、")[-1] if row is not None else code
            yield from read_hits(ctx, {"name": name, "code": code}, [("", rel)])


@mutation(
    "summary-vs-expenditure",
    zh="收支总表一项支出（及其合计、总计）改大，与支出总表不符",
    en="raise an expenditure item of the summary table with its totals",
)
def _raise_summary_expenditure(d: Disclosure, rng: random.Random) -> MutationRecord:
    return _raise_summary_item(d, rng, "expenditure")


# -- R6 -------------------------------------------------------------------------------------------
_FUND_TABLES = (("general", "general_budget"), ("gov_fund", "gov_fund"), ("state_capital", "state_capital"))


@rule(
    "fiscal-summary-vs-tables",
    kind="cross_table",
    severity="error",
    title="财政拨款收支总表与相关表格不一致",
    template="部门预算财政拨款收支总表与{other}不一致（{what}）：{detail}",
    basis=BASIS_143,
    refs=("R6",),
    needs=("fiscal_summary", "summary"),
)
def fiscal_summary_vs_tables(ctx: Context) -> Iterator[Hit]:
    """The fiscal summary's income items equal the summary's fiscal funding; each 类 row's 一般公共预算 /
    政府性基金 / 国有资本经营 column equals that 类's 合计 in the matching expenditure table."""
    fiscal = ctx.two_sided("fiscal_summary")
    if fiscal is None:
        return
    # the first row of each key: a template whose 结转 items repeat the source names keys them alike (深圳)
    summary, own = keyed(rows_of(ctx, "summary", "income")), keyed(reversed(fiscal.income))
    fields = {"other": SPECS["summary"].title, "what": figure_name("fiscal_income")}
    for key in _FISCAL_SOURCES:
        if key not in summary or key not in own:
            continue
        rel = pair(ctx, ("fiscal_summary", own[key], "amount"), ("summary", summary[key], "amount"), "summary")
        carried = own.get(f"carryover_{key}")
        if "carryover" not in summary and carried is not None:  # the summary's item counts its 上年结转 (重庆)
            terms = (cell(ctx, "fiscal_summary", r, "amount", _label(ctx, "fiscal_summary", r), r.key or "") for r in
                     (own[key], carried))  # fmt: skip
            rel = Relation(rel.terms[0], tuple(terms))
        yield from read_hits(ctx, fields, [("", rel)])
    yield from _fiscal_classes(ctx, fiscal.expenditure)


@mutation(
    "fiscal-summary-vs-tables",
    zh="财政拨款收支总表一个类级支出整行改大，与一般公共预算财政拨款支出表不符",
    en="raise a whole 类 row of the fiscal summary table's expenditure",
)
def _raise_fiscal_class(d: Disclosure, rng: random.Random) -> MutationRecord:
    items = [r for r in mut.two_sided(d, "fiscal_summary").expenditure if r.code and r.values.get("general")]
    row = mut.pick(rng, items)
    before = row.values["total"]
    delta = mut.delta(rng, before)
    mut.add(row, "total", delta)
    mut.add(row, "general", delta)
    return MutationRecord(mut.cell("fiscal_summary", row, "total"), str(before), str(row.values["total"]))


def _fiscal_classes(ctx: Context, rows: list[Row]) -> Iterator[Hit]:
    own = _classes(rows)
    tables = [(col, tid, _class_rows(rows_of(ctx, tid))) for col, tid in _FUND_TABLES if ctx.table(tid) is not None]
    tables = [(col, tid, found) for col, tid, found in tables if found or not rows_of(ctx, tid)]  # 类 rows read
    codes = set(own).union(*(set(found) for _, _, found in tables)) if own else set()
    for code in sorted(codes):
        broken = []
        for col, tid, found in tables:
            parts = found.get(code, [])
            if ctx.value(own.get(code), col) == sum((ctx.value(r, "total") for r in parts), ZERO):
                continue  # holds exactly
            if is_ambiguous(ctx, tid, parts):
                continue
            which = parts if len(parts) > 1 else _one(parts)
            rel = pair(ctx, ("fiscal_summary", own.get(code), col), (tid, which, "total"), tid)
            broken.append((f"{col}_", rel))
        if broken:
            others = "、".join(dict.fromkeys(table_title(ctx, r.terms[0].evidence.table or "") for _, r in broken))
            yield from read_hits(ctx, {"other": others, "what": f"科目 {code}"}, broken)


# -- R7 -------------------------------------------------------------------------------------------
_EQUAL = f"本部门收入全部为一般公共预算拨款（收支总表{figure_name('other_income')}来源均为空），两表应逐行相等。"
_SUBSET = "一般公共预算财政拨款支出是部门支出的一部分，不能超过支出总表同一科目、同一栏次的金额。"
_UNKNOWN = (
    f"收支总表有{figure_name('carryover')}但无法确认其来源；如全部收入均为一般公共预算拨款，两表应逐行相等，请核对。"
)


def _funding_mode(ctx: Context) -> str:
    """``equal`` when all income is 一般公共预算拨款, ``subset`` when another source is funded, else ``unknown``."""
    income = keyed(rows_of(ctx, "summary", "income"))
    if any(ctx.value(income.get(k), "amount") for k in (*_FISCAL_SOURCES[1:], *_OTHER_SOURCES)):
        return "subset"  # (whether or not 一般公共预算 is printed apart from 财政拨款)
    fiscal = keyed(rows_of(ctx, "fiscal_summary", "income"))
    by_source = _row_map(rows_of(ctx, "income")).get("total")  # the income table's 合计 row, by source
    if any(ctx.value(fiscal.get(k), "amount") for k in _FISCAL_SOURCES[1:]) or any(
        ctx.value(by_source, k) for k in (*_FISCAL_SOURCES[1:], *_OTHER_SOURCES)
    ):
        return "subset"  # the summary prints one 财政拨款 line; the fund or source shows elsewhere
    if "general" not in income:
        return "unknown"
    carryover = ctx.value(income.get("carryover"), "amount")
    if carryover == ZERO or ctx.value(fiscal.get("carryover_general"), "amount") == carryover:
        return "equal"
    return "unknown"


@rule(
    "general-budget-vs-expenditure",
    kind="cross_table",
    severity="error",
    title="一般公共预算财政拨款支出表与支出总表不一致",
    template="{table}{row}与部门预算支出总表不一致：{detail}。{mode}",
    basis=BASIS_143 + "；一般公共预算财政拨款支出是部门全部支出的组成部分",
    refs=("R7",),
    needs=("general_budget", "expenditure"),
)
def general_budget_vs_expenditure(ctx: Context) -> Iterator[Hit]:
    """The general-budget table never exceeds the expenditure table (same code, same column); when all
    income is 一般公共预算拨款 they are equal row by row. Exceeding is an error; falling short is an error
    when all income is 一般公共预算拨款, nothing when another source is funded, and a warning when the
    summary cannot tell (a 上年结转结余 of unknown source). A difference that the rows below it explain is
    reported at those rows only."""
    if ctx.table("general_budget") is None or ctx.table("expenditure") is None:
        return
    mode = _funding_mode(ctx)
    gb, ex = _row_map(rows_of(ctx, "general_budget")), _row_map(rows_of(ctx, "expenditure"))
    levels = [{len(k) for k in rows if k != "total"} for rows in (gb, ex)]
    # a code of a level one table does not print (or whose codes were not read) is not compared
    keys = {k for k in set(gb) | set(ex) if k == "total" or all(len(k) in level for level in levels)}
    diffs = {
        k: {c: ctx.value(gb.get(k), c) - ctx.value(ex.get(k), c) for c in ("total", "basic", "project")} for k in keys
    }
    for key in sorted(keys, key=lambda k: (k != "total", k)):
        if is_ambiguous(ctx, "general_budget", [gb.get(key)]) or is_ambiguous(ctx, "expenditure", [ex.get(key)]):
            continue
        kids = _children(key, keys)
        broken: list[tuple[str, Relation]] = []
        severity: Severity = "warning"
        for col, diff in diffs[key].items():
            if diff == ZERO or (diff < 0 and mode == "subset"):
                continue
            if kids and sum((diffs[k][col] for k in kids), ZERO) == diff:
                continue  # explained by the rows below
            rel = pair(ctx, ("general_budget", gb.get(key), col), ("expenditure", ex.get(key), col), "expenditure")
            broken.append((f"{col}_", rel))
            if rel.broken:
                severity = "error" if diff > 0 or mode == "equal" else severity
        if broken:
            text = _EQUAL if mode == "equal" else _SUBSET if severity == "error" else _UNKNOWN
            row = gb.get(key) or ex[key]
            fields = {"table": table_title(ctx, "general_budget"), "row": row_label(row), "mode": text}
            yield from read_hits(ctx, fields, broken, severity=severity)


@mutation(
    "general-budget-vs-expenditure",
    zh="一般公共预算财政拨款支出表一个科目（连同上级科目和合计）改大，超过支出总表",
    en="raise a 项 of the general budget table with its parents and 合计",
)
def _raise_general(d: Disclosure, rng: random.Random) -> MutationRecord:
    t = mut.table(d, "general_budget")
    leaf = mut.pick(rng, mut.leaves(t, 7))
    column = "project" if "project" in leaf.values else "basic"
    delta = mut.delta(rng, leaf.values["total"])
    before = leaf.values["total"]
    for r in mut.family(t, leaf):
        mut.add(r, "total", delta)
        mut.add(r, column, delta)
    return MutationRecord(mut.cell("general_budget", leaf, column), str(before), str(leaf.values["total"]))


# -- R8 -------------------------------------------------------------------------------------------
@rule(
    "basic-vs-general-budget",
    kind="cross_table",
    severity="error",
    title=f"基本支出表合计与一般公共预算{_BASIC}不一致",
    template="{detail}",
    basis=BASIS_143,
    refs=("R8",),
    needs=("basic_expenditure", "general_budget"),
)
def basic_vs_general_budget(ctx: Context) -> Iterator[Hit]:
    """The basic-expenditure table's 合计 equals the 基本支出 of the general-budget table's 合计 row."""
    basic, gb = ctx.table("basic_expenditure"), ctx.total_row("general_budget")
    stated = ctx.total_row("basic_expenditure")
    if basic is None or gb is None or (stated is None and basic.rows):
        return
    if is_ambiguous(ctx, "basic_expenditure", [stated]) or is_ambiguous(ctx, "general_budget", [gb]):
        return
    rel = pair(ctx, ("basic_expenditure", stated, "total"), ("general_budget", gb, "basic"), "general_budget")
    yield from read_hits(ctx, {}, [("", rel)])


@mutation(
    "basic-vs-general-budget",
    zh=f"基本支出表一个{_PUBLIC}科目（连同类级科目和合计）改大，与一般公共预算{_BASIC}不符",
    en="raise a 302 款 of the basic expenditure table with its 类 and 合计",
)
def _raise_public(d: Disclosure, rng: random.Random) -> MutationRecord:
    t = mut.table(d, "basic_expenditure")
    leaf = mut.pick(rng, [r for r in mut.leaves(t, 5) if (r.code or "").startswith("302")])
    delta = mut.delta(rng, leaf.values["total"])
    before = leaf.values["total"]
    for r in mut.family(t, leaf):
        mut.add(r, "total", delta)
        mut.add(r, "public", delta)
    return MutationRecord(mut.cell("basic_expenditure", leaf, "public"), str(before), str(leaf.values["total"]))


@rule(
    "personnel-public-split",
    kind="cross_table",
    severity="warning",
    title=f"{_PERSONNEL}、{_PUBLIC}与经济分类不对应",
    template=f"{{table}}的{{detail}}。按惯例{_PERSONNEL} = 工资福利支出(301) + 对个人和家庭的补助(303)，"
    f"{_PUBLIC} = 商品和服务支出(302)（+ 资本性支出(310)），请核对。",
    basis=f"财政部部门预算编制惯例：{_PERSONNEL}含工资福利支出和对个人和家庭的补助，{_PUBLIC}含商品和服务支出等；勾稽关系惯例",
    refs=("R8",),
    needs=(("basic_expenditure", "personnel"), ("basic_expenditure", "public")),
)
def personnel_public_split(ctx: Context) -> Iterator[Hit]:
    """人员经费 = 301 + 303 and 公用经费 = 302 (+ 310), checked only when every 类 in the table is one of these."""
    rows = rows_of(ctx, "basic_expenditure")
    total = ctx.total_row("basic_expenditure")
    classes = {r.code: r for r in rows if r.code and len(r.code) == 3}
    used = {c for r in rows for c in r.values}
    if total is None or not classes or not {"personnel", "public"} <= used:
        return
    if any(code not in ("301", "302", "303", "310") and ctx.value(r, "total") for code, r in classes.items()):
        return  # another 类 (e.g. 399) could belong to either: the convention cannot be checked
    broken = []
    for col, codes in (("personnel", ("301", "303")), ("public", ("302", "310"))):
        present = [classes[c] for c in codes if c in classes]
        stated = cell(ctx, "basic_expenditure", total, col, f"合计行{column_label('basic_expenditure', col)}", "stated")
        terms = tuple(cell(ctx, "basic_expenditure", r, "total", row_label(r), r.code or "") for r in present)
        rel = Relation(stated, terms)
        if rel.off:
            broken.append((f"{col}_", rel))
    if broken:
        yield from read_hits(ctx, {"table": table_title(ctx, "basic_expenditure")}, broken)


@mutation(
    "personnel-public-split",
    zh=f"基本支出表一个工资福利科目的金额从{_PERSONNEL}栏移到{_PUBLIC}栏",
    en=f"move a 301 款 of the basic expenditure table from {_PERSONNEL} to {_PUBLIC}",
)
def _move_to_public(d: Disclosure, rng: random.Random) -> MutationRecord:
    t = mut.table(d, "basic_expenditure")
    leaf = mut.pick(rng, [r for r in mut.leaves(t, 5) if (r.code or "").startswith("301")])
    amount = leaf.values["personnel"]
    for r in mut.family(t, leaf):
        mut.add(r, "personnel", -amount)
        mut.add(r, "public", amount)
    return MutationRecord(mut.cell("basic_expenditure", leaf, "public"), f"personnel {amount}", f"public {amount}")
