"""The table figures a narrative claim is compared with, shared by the narrative, unit and procurement rules.

Every narrative subject (see :mod:`yusuan.read.sections.narrative_claims`) maps to one or more
:class:`Figure` readings of the tables, all in 万元. The first is the one a message quotes; the
others are equally valid readings (a parent row and the sum of its children, the same total in
two tables). A claim agrees with the tables when it matches any reading: where the tables disagree
among themselves, the arithmetic and cross-table rules say so, not the narrative rules.

When the 三公 table is empty, its figures are read from the basic-expenditure table's economic
codes (30212 因公出国（境）费用, 30217 公务接待费, 30231 公务用车运行维护费) instead, so that the
narrative is not reported for what the cross-table rule about the empty 三公 table already says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from yusuan.domain.classification import function, name_matches
from yusuan.domain.figures import FIGURES, NARRATIVE_SUBJECTS, FigureKey, decompositions, economic_codes
from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import FISCAL_FUNDS, NON_FISCAL_SOURCES, SPECS, UNIT_FUNDS
from yusuan.domain.units import WAN
from yusuan.model import Claim, Table, TwoSidedTable
from yusuan.review.context import ZERO, Context, Tolerance, column_read, decimals, stated_tolerance
from yusuan.review.helpers.claims import (
    SCALE,
    SUBJECT_ZH,
    claim_tolerance,
    combined,
    is_class,
    money,
    quote,
    quote_claim,
    same_item,
    scale,
    signed_zh,
    stated_wan,
    subject_zh,
    written,
)

__all__ = [
    "SCALE",
    "SUBJECT_ZH",
    "claim_tolerance",
    "combined",
    "is_class",
    "money",
    "quote",
    "quote_claim",
    "same_item",
    "scale",
    "signed_zh",
    "stated_wan",
    "subject_zh",
    "written",
]
from yusuan.review.finding import Evidence, at

NIL = Decimal("0.00")  # an amount read from an empty table
TOTAL_NAMES = ("合计", "总计", "小计")

@dataclass(frozen=True)
class Figure:
    """One reading of the tables: what it is, its amount in 万元, and the cells it comes from."""

    label: str
    value: Decimal
    cells: tuple[Evidence, ...]


# -- table readings ---------------------------------------------------------------------------------


def table_scale(ctx: Context) -> Decimal:
    return scale(ctx.d.unit) or Decimal(1)


def _sum(
    ctx: Context, table_id: str, label: str, parts: Sequence[tuple[str | None, str | None, str]], side: str = "main"
) -> Figure | None:
    """The sum of cells given as (code, key, column); None when none of the rows exists, or none of the
    columns was read (a table printed in another layout: 人员经费 as rows, not as a column)."""
    found = [
        (row, col)
        for code, key, col in parts
        if (row := ctx.row(table_id, code=code, key=key, side=side)) and column_read(ctx.d, table_id, col)
    ]
    if not found:
        return None
    value = sum((ctx.value(row, col) for row, col in found), ZERO) * table_scale(ctx)
    return Figure(label, value, tuple(ctx.cell(table_id, row, col) for row, col in found))


def _some(*figures: Figure | None) -> list[Figure]:
    return [f for f in figures if f is not None]


def _summary(ctx: Context, label: str, keys: Sequence[str]) -> Figure | None:
    return _sum(ctx, "summary", f"收支总表{label}", [(None, k, "amount") for k in keys], side="income")


_FISCAL = FISCAL_FUNDS
_NON_FISCAL = NON_FISCAL_SOURCES
_UNIT_FUNDS = UNIT_FUNDS


def _income(ctx: Context) -> list[Figure]:
    """本年收入合计; or, as many templates state the 收入预算 with the 上年结转, the 收入总计."""
    return _some(
        _summary(ctx, f"“{figure_name('income')}合计”", ["current_total"]),
        _total_row("income", "subtotal")(ctx),
        _summary(ctx, "“收入总计”", ["grand_total"]),
        _total_row("income", "total")(ctx),
    )


def _fiscal_income(ctx: Context) -> list[Figure]:
    """财政拨款收入; or, stated as 财政拨款收支总预算 with the 上年结转, the 财政拨款收支总表's 收入总计."""
    return _some(
        _summary(ctx, "财政拨款各项收入之和", _FISCAL),
        _summary(ctx, f"“{figure_name('general_income')}”", ["general"]),
        _total_row("income", "fiscal")(ctx),
        _sum(ctx, "fiscal_summary", "财政拨款收支总表“收入总计”", [(None, "grand_total", "amount")], "income"),
    )


def _source(subject: FigureKey, key: str, column: str | None = None) -> Callable[[Context], list[Figure]]:
    """An income source: its 收支总表 row and, where the income table prints it, its 合计 row's column."""
    income = _total_row("income", column) if column else None
    return lambda ctx: _some(
        _summary(ctx, f"“{figure_name(subject)}”", [key]), income(ctx) if income else None
    )


def _fiscal_side(ctx: Context, label: str, key: str | None, column: str, code: str | None = None) -> Figure | None:
    """A cell of the 财政拨款收支总表's expenditure side (its 本年支出合计 row, or a code's row)."""
    row = ctx.row("fiscal_summary", code=code, key=key, side="expenditure")
    if row is None or column not in row.values:
        return None
    return Figure(label, ctx.value(row, column) * table_scale(ctx), (ctx.cell("fiscal_summary", row, column),))


def _class_rows(ctx: Context, code: str) -> list[Figure]:
    """A 类/款/项 of the 支出功能分类 by its code (or, for a row printed without codes, its name):
    its total in the expenditure, 一般公共预算 and 财政拨款 tables, and on 收支总表's expenditure side."""
    entry = function(code)
    out: list[Figure] = []
    for table_id, column, side in _CLASS_TABLES:
        table = ctx.d.tables.get(table_id)
        if table is None:
            continue
        sides = (table.income, table.expenditure) if isinstance(table, TwoSidedTable) else (table.rows, table.rows)
        rows = sides[0] if side == "income" else sides[1]
        row = next((r for r in rows if r.code == code), None)
        if row is None and entry is not None:
            row = next((r for r in rows if not r.code and r.name and name_matches(entry.name, r.name)), None)
        if row is not None and column in row.values:
            value = ctx.value(row, column) * table_scale(ctx)
            out.append(Figure(f"{SPECS[table_id].short}“{row.name}”", value, (ctx.cell(table_id, row, column),)))
    return out


_CLASS_TABLES = (
    ("expenditure", "total", "main"),
    ("expenditure", "basic", "main"),  # a class of the 基本支出 or the 项目支出 (项目支出…其中：教育支出270.00万元)
    ("expenditure", "project", "main"),
    ("general_budget", "total", "main"),
    ("general_budget", "basic", "main"),
    ("general_budget", "project", "main"),
    ("fiscal_summary", "total", "expenditure"),
    ("fiscal_summary", "general", "expenditure"),
    ("summary", "amount", "expenditure"),
    ("gov_fund", "total", "main"),
)


def _other_income(ctx: Context) -> list[Figure]:
    return _some(
        _summary(ctx, f"“{figure_name('other_income')}”", ["other"]),
        _summary(ctx, "财政拨款以外各项收入之和", _NON_FISCAL),
        _summary(ctx, "财政拨款和财政专户以外各项收入之和", _UNIT_FUNDS),
    )


def _total_row(table_id: str, column: str, table_zh: str | None = None) -> Callable[[Context], Figure | None]:
    """The 合计 row's cell of a column, labelled with the table's short name (or ``table_zh``) and the
    column's printed head."""
    spec = SPECS[table_id]
    column_zh = spec.labels[spec.columns.index(column)]
    label = f"{table_zh or spec.short}合计行“{column_zh}”"
    return lambda ctx: _sum(ctx, table_id, label, [(None, "total", column)])


def _registry_reading(key: FigureKey) -> Callable[[Context], Figure | None]:
    """The cell the figure registry reads a figure from (a 合计 row)."""
    reading = FIGURES[key].reading
    assert reading is not None and reading.row == "total", key
    return _total_row(reading.table, reading.column)


_EXP_TOTAL = _registry_reading("total")
_EXP_BASIC = _registry_reading("basic")
_EXP_PROJECT = _registry_reading("project")
_EXP_SUMMARY: Callable[[Context], Figure | None] = lambda ctx: _sum(  # noqa: E731
    ctx, "summary", f"收支总表“本年{figure_name('total')}”", [(None, "current_total", "amount")], "expenditure"
)
_GB_BASIC = _total_row("general_budget", "basic", "一般公共预算财政拨款支出表")
_GB_PROJECT = _total_row("general_budget", "project", "一般公共预算财政拨款支出表")
_BE_TOTAL = _total_row("basic_expenditure", "total")
_BE_PERSONNEL = _registry_reading("personnel")
_BE_PUBLIC = _registry_reading("public")
_OPERATING_COST = _registry_reading("operating_cost")


def _has_data(table: Table | None) -> bool:
    return table is not None and any(r.values for r in table.rows)


def _three_public(ctx: Context, label: str, keys: Sequence[str], column: str = "total") -> Figure | None:
    return _sum(ctx, "three_public", f"“三公”经费表{label}", [(None, k, column) for k in keys])


_THREE_PUBLIC_SPLITS = decompositions("three_public")
#: 三公 items and the sums of rows of the 三公 table that are equally valid readings of them (its
#: 小计 row, the parts, the two rows 因公出国 is printed in by some templates).
_THREE_PUBLIC: dict[str, tuple[tuple[str, ...], ...]] = {
    "three_public": (("subtotal",), *_THREE_PUBLIC_SPLITS),
    "abroad": (("abroad_academic", "abroad_other"),),
    "vehicle": decompositions("vehicle"),
    "vehicle_purchase": (),
    "vehicle_operation": (),
    "reception": (),
}


def _three_public_item(ctx: Context, subject: FigureKey) -> list[Figure]:
    """The 三公 table's row of the item (and its alternatives); from an empty 三公 table, the
    basic-expenditure table's rows of the economic codes it is spent under."""
    reading = FIGURES[subject].reading
    assert reading is not None and reading.table == "three_public"
    key, alternatives, codes = reading.row, _THREE_PUBLIC[subject], economic_codes(subject)
    if _has_data(ctx.table("three_public")):
        name = SUBJECT_ZH[subject]
        figures = [_three_public(ctx, f"“{name}”", [key])]
        if subject == "three_public":
            figures.append(_three_public(ctx, "合计行一般公共预算", ["total"], "general"))
        figures += [_three_public(ctx, f"{name}各分项之和", list(keys)) for keys in alternatives]
        return _some(*figures)
    if ctx.table("basic_expenditure") is None:
        return []
    rows = [row for c in codes if (row := ctx.row("basic_expenditure", code=c))]
    if not rows:
        return [Figure("“三公”经费表（空表）及基本支出表（无对应科目）", NIL, (Evidence(table="three_public"),))]
    names = "与".join(f"“{row.name}”（{row.code}）" for row in rows)
    label = f"基本支出表{names}{'之和' if len(rows) > 1 else ''}（“三公”经费表为空表）"
    return _some(_sum(ctx, "basic_expenditure", label, [(row.code, None, "total") for row in rows]))


def _three_public_other_sources(ctx: Context) -> list[Figure]:
    if not _has_data(ctx.table("three_public")):
        return [Figure("“三公”经费表（空表）", NIL, (Evidence(table="three_public"),))]
    label = "“三公”经费表合计行政府性基金与国有资本经营预算之和"
    return _some(_sum(ctx, "three_public", label, [(None, "total", "gov_fund"), (None, "total", "state_capital")]))


def procurement_figure(ctx: Context) -> Figure | None:
    """The procurement budget: Σ lines (a 合计 line excluded), 0 for a table empty with its note."""
    p = ctx.d.procurement
    if not p.present:
        return None
    k = scale(p.unit or ctx.d.unit) or Decimal(1)
    lines = [ln for ln in p.lines if (ln.project or "").strip() not in TOTAL_NAMES]
    totals = [ln for ln in p.lines if ln not in lines]
    chosen = lines or totals
    if chosen:
        value = sum((ln.values.get("total", ZERO) for ln in chosen), ZERO) * k
        cells = tuple(
            Evidence(table="procurement", row=ln.project, name=ln.item, column="total", value=ln.values.get("total"),
                     **at(ln.location))
            for ln in chosen
        )
        return Figure("政府采购预算表合计" if lines else "政府采购预算表“合计”行", value, cells)
    if not p.note:
        return None  # neither lines nor a note: nothing to compare with
    cell = Evidence(table="procurement", name=p.note, value=NIL, **at(p.location))
    return Figure("政府采购预算表（空表）", NIL, (cell,))


def _fixed_assets(ctx: Context) -> list[Figure]:
    a = ctx.d.assets
    row = next((r for r in a.rows if r.key == "total"), None)
    if not a.present or row is None or row.value is None:
        return []
    k = scale(a.unit or ctx.d.unit) or Decimal(1)
    cell = Evidence(table="assets", row="total", name=row.name or "资产总额", column="value", value=row.value,
                    **at(row.location))
    return [Figure("固定资产占用情况表“资产总额”", row.value * k, (cell,))]


def _named_row(subject: FigureKey, row_key: str) -> Callable[[Context], list[Figure]]:
    """The 收支总表 row printed under the subject's own name."""
    return lambda ctx: _some(_summary(ctx, f"“{figure_name(subject)}”", [row_key]))


_SOURCES: dict[str, Callable[[Context], list[Figure]]] = {
    "income": _income,
    "fiscal_income": _fiscal_income,
    "general_income": _source("general_income", "general"),
    "gov_fund_income": _source("gov_fund_income", "gov_fund"),
    "state_capital_income": _source("state_capital_income", "state_capital"),
    "special_account_income": _source("special_account_income", "special_account", "special_account"),
    "business_income": _source("business_income", "business", "business"),
    "operating_income": _source("operating_income", "operating"),
    "superior_subsidy_income": _source("superior_subsidy_income", "superior_subsidy", "superior_subsidy"),
    "affiliated_income": _source("affiliated_income", "affiliated", "affiliated"),
    "fiscal_expenditure": lambda ctx: _some(
        _fiscal_side(ctx, f"财政拨款收支总表“本年{figure_name('total')}”", "current_total", "total"),
        _fiscal_side(ctx, "财政拨款收支总表合计行", "total", "total"),
        _fiscal_side(ctx, "财政拨款收支总表“支出总计”", "grand_total", "total"),
    ),
    "general_expenditure": lambda ctx: _some(
        _total_row("general_budget", "total")(ctx),
        _fiscal_side(ctx, f"财政拨款收支总表“本年{figure_name('total')}”一般公共预算", "current_total", "general"),
    ),
    "gov_fund_expenditure": lambda ctx: _some(_total_row("gov_fund", "total")(ctx)),
    "state_capital_expenditure": lambda ctx: _some(_total_row("state_capital", "total")(ctx)),
    "operating_expenditure": lambda ctx: _some(_total_row("expenditure", "operating")(ctx)),
    "unit_funds_income": lambda ctx: _some(_summary(ctx, "单位资金各项收入之和", _UNIT_FUNDS)),
    "other_income": _other_income,
    "carryover": _named_row("carryover", "carryover"),
    "expenditure": lambda ctx: _some(
        _EXP_TOTAL(ctx),
        _EXP_SUMMARY(ctx),
        _sum(ctx, "summary", "收支总表“支出总计”", [(None, "grand_total", "amount")], "expenditure"),
    ),
    "basic": lambda ctx: _some(_EXP_BASIC(ctx), _GB_BASIC(ctx), _BE_TOTAL(ctx)),
    "project": lambda ctx: _some(_EXP_PROJECT(ctx), _GB_PROJECT(ctx)),
    "personnel": lambda ctx: _some(_BE_PERSONNEL(ctx)),
    "public": lambda ctx: _some(_BE_PUBLIC(ctx)),
    "operating_cost": lambda ctx: _some(_total_row("operating_costs", "total")(ctx), _OPERATING_COST(ctx)),
    "three_public_other_sources": _three_public_other_sources,
    "procurement": lambda ctx: _some(procurement_figure(ctx)),
    "fixed_assets": _fixed_assets,
}


def figures(ctx: Context, subject: str) -> list[Figure]:
    """Every table reading of a subject, the one a message quotes first; [] when the tables say nothing."""
    if subject in _THREE_PUBLIC:
        return _three_public_item(ctx, cast(FigureKey, subject))
    family, _, code = subject.partition(":")
    if family in ("class", "code") and code.isdigit():
        return _class_rows(ctx, code)
    source = _SOURCES.get(subject)
    return source(ctx) if source else []


def matching(value: Decimal, readings: Sequence[Figure], tolerance: Tolerance) -> Figure | None:
    return next((f for f in readings if abs(value - f.value) <= tolerance.amount), None)


def reading_tolerance(claim: Claim, readings: Sequence[Figure]) -> Tolerance:
    """The claim's tolerance, and at least half its last digit where a table is finer than the claim (a
    table in 元 read as 9,216.513399 万元, stated 9,216.51 万元)."""
    own = claim_tolerance(claim)
    places = decimals(claim.amount)
    if own.amount or not any(decimals(f.value.normalize()) > places for f in readings):
        return own
    half = Decimal(5) * Decimal(10) ** (-(places + 1)) * (scale(claim.unit) or Decimal(1))
    return Tolerance(half, f"表格数字比说明精确，说明四舍五入到 {places} 位小数")


# -- a figure written in the wrong unit -------------------------------------------------------------


@dataclass(frozen=True)
class Misread:
    """A figure whose number matches the evidence only when read in another unit."""

    unit: str
    evidence: Figure


def _narrative_evidence(ctx: Context, claim: Claim) -> list[Figure]:
    """For a document without tables: the same subject stated elsewhere in 万元, or its parts in the sentence."""
    out: list[Figure] = []
    for other in ctx.d.narrative.claims:
        if other is not claim and other.kind == claim.kind and same_item(other, claim) and other.unit == WAN:
            out.append(Figure("说明中另处所述", other.amount, (ctx.sentence(other),)))
    below = direct_parts(claim.subject)
    parts = [
        c
        for c in ctx.d.narrative.claims
        if c.sentence == claim.sentence and c.kind == claim.kind and c.unit == WAN and c.subject in below
    ]
    if parts:
        names = "、".join(SUBJECT_ZH.get(c.subject, c.subject) for c in parts)
        total = sum((c.amount for c in parts), ZERO)
        out.append(Figure(f"同一句所列{names}之和", total, tuple(ctx.sentence(c) for c in parts)))
    return out


def misread_unit(ctx: Context, claim: Claim) -> Misread | None:
    """The unit a figure was evidently meant in: its number equals a table (or narrative) figure in that unit
    while, read in the unit written, it matches nothing."""
    if claim.amount == 0 or claim.kind != "amount" or scale(claim.unit) is None:
        return None
    readings = figures(ctx, claim.subject) or _narrative_evidence(ctx, claim)
    tol = stated_tolerance(claim.amount)
    if matching(stated_wan(claim) or ZERO, readings, claim_tolerance(claim)):
        return None
    for unit, k in SCALE.items():
        if unit == (claim.unit or WAN):
            continue
        found = matching(claim.amount * k, [f for f in readings if f.value], Tolerance(tol.amount * k))
        if found is not None:
            return Misread(unit, found)
    return None


def intended_wan(ctx: Context, claim: Claim) -> Decimal | None:
    """The claim's amount in 万元 as evidently meant (a misread unit corrected)."""
    misread = misread_unit(ctx, claim)
    if misread is not None:
        return claim.amount * SCALE[misread.unit]
    return stated_wan(claim)


# -- how subjects decompose -------------------------------------------------------------------------

#: The ways a subject splits into parts that add up to it (from the figure registry's parts).
DECOMPOSITIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    f.key: decompositions(f.key) for f in NARRATIVE_SUBJECTS if f.parts
}
DECOMPOSITIONS["project"] = ()  # its parts are the projects (project_item), never known to be complete


def direct_parts(subject: str) -> set[str]:
    parts = {s for d in DECOMPOSITIONS.get(subject, ()) for s in d}
    return parts | ({"project_item"} if subject == "project" else set())
