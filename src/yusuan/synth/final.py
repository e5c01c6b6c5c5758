"""A department's final account (部门决算) made from its generated budget.

:func:`final_of` turns a budget disclosure into the 决算 of the same year, as the national 决算 template
prints it (:data:`yusuan.domain.final_template.FINAL_NATIONAL`):

- what was spent: every leaf amount of the function and economic tables scaled by a factor between
  0.90 and 1.05 — one per function 类 (the first three digits of a row's code), one per 三公 item — drawn
  from a seed, or given; parents and 合计 rows re-added from their parts, so each table's arithmetic
  holds. The basic-expenditure table (by economic class) is scaled to the 基本支出 of the general
  budget table, so the two agree as in a real 决算;
- what was received: 本年收入 = 本年支出 + 年末结转和结余 − 年初结转和结余, the difference carried by the
  一般公共预算财政拨款 of the largest item; the income table lists it by function item (财政拨款收入 and
  其他收入 as the budget had them);
- the two summaries balance over the carry-over: 本年收入合计 + 年初结转和结余 = 总计 = 本年支出合计 +
  年末结转和结余;
- the 三公 table carries, per item, the 决算数 as ``total`` and the budget's amount as ``budget``;
- the 情况说明 states the figures in the 决算 way (:mod:`yusuan.publish.narrative_final`): 年初预算为…，支出
  决算为…，完成年初预算的…%, with the change from last year's 决算 when it is given.

The store tests and the detection benchmark use it (``benchmarks/detect.py --kind final``).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from yusuan.domain.classification import Kind as Classification
from yusuan.domain.final_template import FINAL_NATIONAL
from yusuan.domain.kinds import Kind
from yusuan.model import Assets, Disclosure, Procurement, Row, Table, TwoSidedTable
from yusuan.publish.final_grids import FINAL_LAYOUTS, FinalLayout
from yusuan.synth.disclosure import code_rows

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: The columns a 合计 column is the sum of, where a row has them.
_PARTS: tuple[tuple[str, ...], ...] = (("basic", "project"), ("personnel", "public"))
#: The 三公 items spent on (leaves), and the rows made of them.
_THREE_LEAVES = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
#: The tables whose rows are function or economic codes, scaled leaf by leaf.
_CODED = ("expenditure", "general_budget", "gov_fund", "state_capital")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


class Factors:
    """The factor of each group: given, else drawn from the seed in [0.90, 1.05]."""

    def __init__(self, seed: int, given: Mapping[str, Decimal] | None) -> None:
        self.seed, self.given = seed, dict(given or {})

    def __call__(self, group: str) -> Decimal:
        if group not in self.given:
            rng = random.Random(f"final:{self.seed}:{group}")
            self.given[group] = Decimal(rng.randint(900, 1050)) / 1000
        return self.given[group]


def _scaled_leaf(values: dict[str, Decimal], factor: Decimal) -> dict[str, Decimal]:
    out = {k: _cents(v * factor) for k, v in values.items()}
    for parts in _PARTS:
        present = [p for p in parts if p in values]
        if "total" in values and present and sum(values[p] for p in present) == values["total"]:
            out["total"] = sum((out[p] for p in present), ZERO)
    return {k: v for k, v in out.items() if v}


def _rebuild(table: Table, leaves: Mapping[str, dict[str, Decimal]], kind: Classification, year: int) -> None:
    """The table's rows made again from its leaves: the 合计, then each code with its parents, each the sum of its
    leaves (:func:`yusuan.synth.disclosure.code_rows`, as the budget's tables were made)."""
    table.rows = code_rows({c: v for c, v in leaves.items() if v}, kind, year)


def _leaves(table: Table) -> list[Row]:
    codes = {r.code for r in table.rows if r.code}
    return [r for r in table.rows if r.code and not any(c != r.code and c.startswith(r.code) for c in codes if c)]


def _scale_coded(table: Table, factors: Factors, year: int) -> None:
    _rebuild(table, {r.code: _scaled_leaf(r.values, factors(r.code[:3])) for r in _leaves(table) if r.code},
             "function", year)  # fmt: skip


def _scale_to(table: Table, target: Decimal, year: int) -> None:
    """Scale the leaves so that the 合计 becomes ``target``; the rounding rest goes to the largest leaf."""
    leaves = _leaves(table)
    before = sum((r.values.get("total", ZERO) for r in leaves), ZERO)
    if not leaves or not before:
        return
    ratio = target / before
    scaled = {r.code: _scaled_leaf(r.values, ratio) for r in leaves if r.code}
    rest = target - sum((v.get("total", ZERO) for v in scaled.values()), ZERO)
    largest = max(scaled, key=lambda c: scaled[c].get("total", ZERO))
    values = scaled[largest]
    part = next((p for p in ("personnel", "public") if p in values), None)
    values["total"] = values.get("total", ZERO) + rest
    if part is not None:
        values[part] += rest
    _rebuild(table, scaled, "economic", year)


def _three_public(table: Table, factors: Factors) -> None:
    by_key = {r.key: r for r in table.rows if r.key}
    final: dict[str, Decimal] = {}
    for key in _THREE_LEAVES:
        row = by_key.get(key)
        budget = row.values.get("total") if row else None
        final[key] = _cents(budget * factors(key)) if budget is not None else ZERO
    final["vehicle"] = final["vehicle_purchase"] + final["vehicle_operation"]
    final["total"] = final["subtotal"] = final["abroad"] + final["vehicle"] + final["reception"]
    for key, row in by_key.items():
        budget = row.values.get("total")
        row.values = {"total": final[key], "budget": budget} if budget is not None and key in final else {}


def _total(table: Table | None, column: str = "total") -> Decimal:
    if table is None:
        return ZERO
    row = next((r for r in table.rows if r.key == "total" and not r.code), None)
    return row.values.get(column, ZERO) if row is not None else ZERO


def _class_totals(table: Table | None) -> dict[str, Decimal]:
    if table is None:
        return {}
    return {r.code: r.values["total"] for r in table.rows if r.code and len(r.code) == 3 and r.values.get("total")}


def _carry(budget_total: Decimal, rng: random.Random) -> tuple[Decimal, Decimal]:
    """年初结转和结余 and 年末结转和结余: none for some departments, else up to 3% and 4% of the budget."""
    if rng.random() < 0.3:
        return ZERO, ZERO
    opening = _cents(budget_total * Decimal(rng.randint(0, 300)) / 10000)
    closing = _cents(budget_total * Decimal(rng.randint(0, 400)) / 10000)
    return opening, closing


def _income_table(d: Disclosure, extra: Decimal) -> None:
    """收入决算表: per function item, 财政拨款收入 (general budget + fund tables) and 其他收入 (the rest of
    what was spent); ``extra`` (the carry-over difference) added to the 财政拨款 of the largest item."""
    spent = d.table("expenditure")
    income = d.table("income")
    if spent is None or income is None:
        return
    fiscal: dict[str, Decimal] = {}
    for table_id in ("general_budget", "gov_fund", "state_capital"):
        for row in _leaves(d.table(table_id) or Table(title="")):
            if row.code:
                fiscal[row.code] = fiscal.get(row.code, ZERO) + row.values.get("total", ZERO)
    leaves = _leaves(spent)
    values: dict[str, dict[str, Decimal]] = {}
    for row in leaves:
        assert row.code is not None
        f = fiscal.get(row.code, ZERO)
        values[row.code] = {"fiscal": f, "other": row.values.get("total", ZERO) - f}
    if leaves and extra:
        largest = max(values, key=lambda c: values[c]["fiscal"])
        values[largest]["fiscal"] += extra
    for v in values.values():
        v["subtotal"] = v["fiscal"] + v["other"]
    _rebuild(income, {c: {k: x for k, x in v.items() if x} for c, v in values.items()}, "function", d.year or 0)


def _summary(table: TwoSidedTable, table_id: str, income: Mapping[str, Decimal], classes: list[dict[str, Decimal]],
             carry: tuple[Decimal, Decimal]) -> None:  # fmt: skip
    """A 决算 summary: income items and tails as the 决算 template prints them, the 类 lines kept."""
    opening, closing = carry
    income_items = [
        Row(key=key, name=label, values={"amount": income[key]} if income.get(key) else {})
        for key, label in FINAL_NATIONAL.summary_income_items(table_id)
    ]
    current = sum(income.values(), ZERO)
    tail_values = {"current_total": current, "carryover": opening, "grand_total": current + opening}
    income_tail, spent_tail = FINAL_NATIONAL.summary_tails[table_id]
    table.income = income_items + [
        Row(key=key, name=label, values={"amount": tail_values[key]} if tail_values.get(key) else {})
        for key, label in income_tail
    ]
    columns = ("amount",) if table_id == "summary" else ("total", "general", "gov_fund", "state_capital")
    items = [r for r in table.expenditure if r.code or not r.key]
    spent: dict[str, Decimal] = {}
    for row in items:
        values: dict[str, Decimal] = {}
        for column, by_class in zip(columns[1:] or columns, classes, strict=False):
            amount = by_class.get(row.code or "", ZERO)
            if amount:
                values[column] = amount
        if len(columns) > 1 and values:
            values["total"] = sum(values.values(), ZERO)
        row.values = values
        for k, v in values.items():
            spent[k] = spent.get(k, ZERO) + v
    if len(columns) > 1:
        spent["total"] = sum((spent.get(c, ZERO) for c in columns[1:]), ZERO)
    closing_values = {columns[0]: closing, **({"general": closing} if len(columns) > 1 else {})}
    grand = {k: v + closing_values.get(k, ZERO) for k, v in spent.items()}
    by_key = {"current_total": spent, "carryover": closing_values, "grand_total": grand}
    tails = [
        Row(key=key, name=label, values={k: v for k, v in by_key.get(key, {}).items() if v})
        for key, label in spent_tail
    ]
    table.expenditure = items + tails


def final_layout(d: Disclosure) -> FinalLayout:
    """The layout a department's 决算 is printed in (:mod:`yusuan.publish.final_grids`): one per department,
    from its name — the national template's (行次, 三公 across) or by rows."""
    return FINAL_LAYOUTS[zlib.crc32((d.department.name or "").encode("utf-8")) % len(FINAL_LAYOUTS)]


def final_of(
    budget: Disclosure,
    seed: int = 0,
    *,
    factors: Mapping[str, Decimal] | None = None,
    kind: Kind = "部门决算",
    carry: tuple[Decimal, Decimal] | None = None,
    prior: Disclosure | None = None,
    narrative: bool = True,
) -> Disclosure:
    """``budget``'s final account: see the module. ``factors`` by group: a function 类 code (``201``) or a
    三公 item key (``reception``); ``carry``: (年初, 年末) 结转和结余, else drawn; ``prior``: last year's 决算,
    whose figures the narrative compares with; ``narrative``: whether to state the figures."""
    d = budget.model_copy(deep=True)
    d.kind = kind
    d.narrative.claims = []
    d.narrative.sections = []
    # what the 决算 template does not print (the budget's goals, plans, organisation and glossary)
    d.performance, d.organisation, d.glossary, d.staffing = [], [], [], None
    d.procurement, d.assets = Procurement(), Assets()
    draw = Factors(seed, factors)
    rng = random.Random(f"final-carry:{seed}:{budget.department.name}:{budget.year}")
    for table_id, table in d.tables.items():
        table.title = FINAL_NATIONAL.title(table_id)
        empty = not (table.income or table.expenditure) if isinstance(table, TwoSidedTable) else not table.rows
        table.note = FINAL_NATIONAL.empty_notes.get(table_id) if empty else None
    for table_id in _CODED:
        coded = d.table(table_id)
        if coded is not None and coded.rows:
            _scale_coded(coded, draw, d.year or 0)
    basic = d.table("basic_expenditure")
    if basic is not None and basic.rows:
        _scale_to(basic, _total(d.table("general_budget"), "basic"), d.year or 0)
    three = d.table("three_public")
    if three is not None and three.rows:
        _three_public(three, draw)
    opening, closing = carry if carry is not None else _carry(_total(budget.table("expenditure")), rng)
    _income_table(d, closing - opening)
    general, gov_fund = _total(d.table("general_budget")), _total(d.table("gov_fund"))
    other = _total(d.table("expenditure")) - general - gov_fund - _total(d.table("state_capital"))
    fiscal_income = {"general": general + closing - opening, "gov_fund": gov_fund}
    summary, fiscal = d.two_sided("summary"), d.two_sided("fiscal_summary")
    all_classes = _class_totals(d.table("expenditure"))
    fund_classes = [_class_totals(d.table(t)) for t in ("general_budget", "gov_fund", "state_capital")]
    if summary is not None:
        _summary(summary, "summary", {**fiscal_income, "other": other}, [all_classes], (opening, closing))
    if fiscal is not None:
        _summary(fiscal, "fiscal_summary", fiscal_income, fund_classes, (opening, closing))
    if narrative:
        from yusuan.publish.narrative_final import final_narrative

        final_narrative(d, budget, prior)
    return d
