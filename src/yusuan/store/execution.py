"""Budget against final: what a department budgeted for a year beside what its final account
(决算) says it spent, and the execution rate.

A department-year may hold a budget (部门预算 or 单位预算) and a final account (部门决算 or 单位决算)
side by side, each the current version of its kind (:func:`counterpart` pairs 部门预算 with 部门决算,
单位预算 with 单位决算). :func:`budget_vs_final` sets the two beside each other:

* every key figure ``history`` shows (支出合计, 基本支出, 项目支出, 人员经费, 公用经费, 机关运行经费,
  “三公”经费 and its items) from the stored ``figures`` of each: budget, final, difference
  (final − budget) and execution rate (final ÷ budget × 100, half-up to one decimal; blank when the
  budget is missing or zero); where the final's table prints the year's 预算数 itself (the ``budget``
  column of a 决算's 三公 table), that too, ready for a rule that the two must agree;
* the function 类 (three-digit codes of the ``expenditure`` tables), largest deviation first;
* the 三公 items, largest deviation first.

``history`` and ``compare`` read the same pairs through :func:`current_pairs` and :func:`figures_of`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.domain.figures import HISTORY, FigureKey, decompositions
from yusuan.domain.kinds import BUDGET_KINDS, BUDGET_WORD, FINAL_KINDS, FINAL_WORD
from yusuan.store.db import StoreError, check_id, check_year
from yusuan.store.schema import CellRecord, Department, DisclosureRecord, Figures

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
#: The figures set side by side: the amounts ``history`` shows (not the staff count).
FIGURE_KEYS: tuple[FigureKey, ...] = tuple(f.key for f, _depth in HISTORY if f.reading is not None)
LABELS: dict[str, str] = {f.key: f.label for f, _depth in HISTORY}
#: The 三公 items spent on (the leaves of its decomposition): 因公出国, 购车, 车辆运维, 接待.
THREE_PUBLIC_ITEMS: tuple[FigureKey, ...] = tuple(
    dict.fromkeys(k for parts in decompositions("three_public") for k in parts if not decompositions(k))
)
#: The column of a final account's table that prints the year's budget (预算数, 年初预算数).
BUDGET_COLUMN = "budget"
#: The table whose 类 rows give the function deviations, and its amount column.
FUNCTION_TABLE, FUNCTION_COLUMN = "expenditure", "total"


def counterpart(kind: str) -> str | None:
    """The other kind of the pair: 部门预算 ↔ 部门决算, 单位预算 ↔ 单位决算; ``None`` for another kind."""
    if kind in BUDGET_KINDS:
        return kind.replace(BUDGET_WORD, FINAL_WORD)
    if kind in FINAL_KINDS:
        return kind.replace(FINAL_WORD, BUDGET_WORD)
    return None


def rate(budget: Decimal | None, final: Decimal | None) -> Decimal | None:
    """The execution rate in percent: final ÷ budget × 100, half-up to one decimal; ``None`` when
    either is missing or the budget is zero."""
    if budget is None or final is None or budget == 0:
        return None
    return (final * HUNDRED / budget).quantize(TENTH, ROUND_HALF_UP)


def percent(value: Decimal | None) -> str:
    """A rate as printed: ``98.5%``; empty when blank."""
    return "" if value is None else f"{format(value, 'f')}%"


@dataclass(frozen=True)
class Executed:
    """One figure budgeted and spent."""

    key: str
    label: str
    budget: Decimal | None
    final: Decimal | None
    #: The year's budget as the final account prints it (its 预算数 column), where it does.
    printed_budget: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        return None if self.budget is None or self.final is None else self.final - self.budget

    @property
    def rate(self) -> Decimal | None:
        return rate(self.budget, self.final)

    def to_dict(self) -> dict[str, object]:
        def dec(v: Decimal | None) -> str | None:
            return None if v is None else format(v, "f")

        return {
            "key": self.key,
            "label": self.label,
            "budget": dec(self.budget),
            "final": dec(self.final),
            "difference": dec(self.difference),
            "rate": dec(self.rate),
            "printed_budget": dec(self.printed_budget),
        }


def by_deviation(items: Iterable[Executed]) -> list[Executed]:
    """The items with both sides, the largest absolute difference first (then by key)."""
    both = [i for i in items if i.difference is not None]
    return sorted(both, key=lambda i: (-abs(i.difference or Decimal(0)), i.key))


@dataclass
class BudgetVsFinal:
    department_id: int
    year: int
    budget_kind: str | None
    final_kind: str | None
    #: The current disclosures compared (``None`` where that kind is not stored for the year).
    budget_id: int | None
    final_id: int | None
    figures: list[Executed] = field(default_factory=list)
    #: Function 类 of the expenditure tables, the largest deviation first.
    functions: list[Executed] = field(default_factory=list)
    #: The 三公 items, the largest deviation first.
    three_public: list[Executed] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.budget_id is not None and self.final_id is not None

    @property
    def printed_disagreements(self) -> list[Executed]:
        """The figures whose 预算数 as the final account prints it differs from the stored budget's."""
        return [
            f
            for f in self.figures
            if f.printed_budget is not None and f.budget is not None and f.printed_budget != f.budget
        ]

    def figure(self, key: str) -> Executed:
        return next(f for f in self.figures if f.key == key)

    def to_dict(self) -> dict[str, object]:
        return {
            "department_id": self.department_id,
            "year": self.year,
            "budget_kind": self.budget_kind,
            "final_kind": self.final_kind,
            "budget_id": self.budget_id,
            "final_id": self.final_id,
            "figures": [f.to_dict() for f in self.figures],
            "functions": [f.to_dict() for f in self.functions],
            "three_public": [f.to_dict() for f in self.three_public],
        }


# --- reading the store ------------------------------------------------------------------------------


def current_pairs(session: Session, department_id: int, year: int | None = None) -> dict[int, dict[str, int]]:
    """The current disclosures of a department by year and kind (ids), of every budget and final kind."""
    stmt = select(DisclosureRecord.year, DisclosureRecord.kind, DisclosureRecord.id).where(
        DisclosureRecord.department_id == department_id,
        DisclosureRecord.current.is_(True),
        DisclosureRecord.year.is_not(None),
        DisclosureRecord.kind.in_(sorted(BUDGET_KINDS | FINAL_KINDS)),
    )
    if year is not None:
        stmt = stmt.where(DisclosureRecord.year == year)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for y, kind, disclosure_id in session.execute(stmt.order_by(DisclosureRecord.id)):
        assert y is not None
        out[y][kind] = disclosure_id  # one current per kind; the last wins otherwise
    return dict(out)


def figures_of(fig: Figures | None) -> dict[str, Decimal | None]:
    """The stored amounts of :data:`FIGURE_KEYS` (公务用车 = 购置 + 运维 where both are stored)."""
    if fig is None:
        return {}
    out: dict[str, Decimal | None] = {k: getattr(fig, k) for k in FIGURE_KEYS if hasattr(Figures, k)}
    purchase, operation = fig.vehicle_purchase, fig.vehicle_operation
    out["vehicle"] = purchase + operation if purchase is not None and operation is not None else None
    return out


def function_totals(session: Session, ids: Sequence[int]) -> dict[int, dict[str, tuple[str, Decimal]]]:
    """Per disclosure, the function 类 totals of its expenditure table: code → (name, amount).
    A disclosure with no expenditure 类 row is absent."""
    out: dict[int, dict[str, tuple[str, Decimal]]] = defaultdict(dict)
    if not ids:
        return {}
    rows = session.execute(
        select(CellRecord.disclosure_id, CellRecord.code, CellRecord.row_name, CellRecord.amount)
        .where(
            CellRecord.disclosure_id.in_(ids),
            CellRecord.table_id == FUNCTION_TABLE,
            CellRecord.column_key == FUNCTION_COLUMN,
            CellRecord.code.is_not(None),
        )
        .order_by(CellRecord.disclosure_id, CellRecord.row_no)
    )
    for disclosure_id, code, name, amount in rows:
        if code and len(code) == 3 and code.isdigit():
            out[disclosure_id].setdefault(code, (name, amount))  # a 类 printed twice counts once
    return dict(out)


def _printed_budgets(session: Session, final_id: int) -> dict[str, Decimal]:
    """The final's own 预算数 of each key figure read from a ``total`` column, where its table prints one."""
    readings: dict[tuple[str, str], str] = {
        (f.reading.table, f.reading.row): f.key
        for f, _depth in HISTORY
        if f.reading is not None and f.reading.column == "total"
    }
    out: dict[str, Decimal] = {}
    rows = session.execute(
        select(CellRecord.table_id, CellRecord.row_key, CellRecord.amount).where(
            CellRecord.disclosure_id == final_id,
            CellRecord.column_key == BUDGET_COLUMN,
            CellRecord.code.is_(None),
        )
    )
    for table_id, row_key, amount in rows:
        key = readings.get((table_id, row_key or ""))
        if key is not None:
            out.setdefault(key, amount)
    return out


def _pair(kinds: dict[str, int]) -> tuple[str | None, str | None]:
    """The budget kind and the final kind to set side by side: a matched pair (部门 first), else
    whichever is stored."""
    for budget_kind in sorted(BUDGET_KINDS):
        final_kind = counterpart(budget_kind)
        if budget_kind in kinds and final_kind in kinds:
            return budget_kind, final_kind
    budget = next((k for k in sorted(BUDGET_KINDS) if k in kinds), None)
    final = next((k for k in sorted(FINAL_KINDS) if k in kinds), None)
    return budget, final


def executed_functions(
    budget: dict[str, tuple[str, Decimal]] | None, final: dict[str, tuple[str, Decimal]] | None
) -> list[Executed]:
    """The function 类 of both sides (a 类 missing from a side that has 类 rows is 0 there)."""
    codes = sorted(set(budget or {}) | set(final or {}))
    out: list[Executed] = []
    for code in codes:
        name = (final or {}).get(code, (budget or {}).get(code, ("", Decimal(0))))[0]
        b = None if budget is None else budget.get(code, ("", Decimal(0)))[1]
        f = None if final is None else final.get(code, ("", Decimal(0)))[1]
        out.append(Executed(f"function:{code}", f"{code} {name}", b, f))
    return out


def budget_vs_final(engine: Engine, department: int, year: int) -> BudgetVsFinal:
    """Department ``department``'s budget and final account of ``year``, figure by figure (see the
    module). Either side may be missing (its amounts are then ``None``)."""
    check_id(department, "部门编号")
    check_year(year)
    with Session(engine) as session:
        if session.get(Department, department) is None:
            raise StoreError(f"数据库中没有编号为 {department} 的部门（见 yusuan departments）")
        kinds = current_pairs(session, department, year).get(year, {})
        budget_kind, final_kind = _pair(kinds)
        budget_id = kinds.get(budget_kind) if budget_kind else None
        final_id = kinds.get(final_kind) if final_kind else None
        ids = [i for i in (budget_id, final_id) if i is not None]
        stored = {f.disclosure_id: f for f in session.scalars(select(Figures).where(Figures.disclosure_id.in_(ids)))}
        functions = function_totals(session, ids)
        printed = _printed_budgets(session, final_id) if final_id is not None else {}
    result = BudgetVsFinal(department, year, budget_kind, final_kind, budget_id, final_id)
    b = figures_of(stored.get(budget_id)) if budget_id is not None else {}
    f = figures_of(stored.get(final_id)) if final_id is not None else {}
    result.figures = [Executed(k, LABELS[k], b.get(k), f.get(k), printed.get(k)) for k in FIGURE_KEYS]
    result.three_public = by_deviation(x for x in result.figures if x.key in THREE_PUBLIC_ITEMS)
    result.functions = by_deviation(
        executed_functions(
            functions.get(budget_id) if budget_id is not None else None,
            functions.get(final_id) if final_id is not None else None,
        )
    )
    return result
