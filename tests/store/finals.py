"""A department's final account (部门决算) made from its generated budget, for store tests.

:func:`final_of` copies a budget disclosure as kind 部门决算 with every amount scaled by a factor
between 0.90 and 1.05 — one per function 类 (the first three digits of a row's code), one per
economic 类, one per 三公 item — drawn from a seed, or given. Leaves are scaled and rounded to the
cent; parents and 合计 rows are re-added from their parts, so each table's arithmetic holds. The
三公 table carries, per item, the 决算数 as ``total`` and the budget's amount as ``budget`` (the
预算数 column of a 决算). The two-sided summaries are scaled by the overall ratio (not re-added).
The narrative's claims are dropped: they state the budget's figures.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from yusuan.domain.kinds import Kind
from yusuan.model import Disclosure, Row, Table, TwoSidedTable

CENT = Decimal("0.01")
#: The columns a 合计 column is the sum of, where a row has them.
_PARTS: tuple[tuple[str, ...], ...] = (("basic", "project"), ("personnel", "public"))
#: The 三公 items spent on (leaves), and the rows made of them.
_THREE_LEAVES = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")


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
            out["total"] = sum((out[p] for p in present), Decimal(0))
    return out


def _add(rows: list[Row]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for row in rows:
        for k, v in row.values.items():
            out[k] = out.get(k, Decimal(0)) + v
    return out


def _scale_coded(table: Table, factors: Factors) -> None:
    """Leaves scaled by their 类's factor; each parent, and the 合计, the sum of its children."""
    coded = [r for r in table.rows if r.code]
    codes = {r.code for r in coded}

    def children(code: str) -> list[Row]:
        return [r for r in coded if r.code and r.code.startswith(code) and r.code != code and _parent(r.code) == code]

    def _parent(code: str) -> str | None:
        return next((code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in codes), None)

    for row in sorted(coded, key=lambda r: -len(r.code or "")):
        assert row.code is not None
        kids = children(row.code)
        row.values = _add(kids) if kids else _scaled_leaf(row.values, factors(row.code[:3]))
    top = [r for r in coded if r.code and _parent(r.code) is None]
    for row in table.rows:
        if not row.code and row.key == "total" and top:
            row.values = {k: v for k, v in _add(top).items() if k in row.values}


def _scale_three_public(table: Table, factors: Factors) -> None:
    by_key = {r.key: r for r in table.rows if r.key}
    final: dict[str, Decimal] = {}
    for key in _THREE_LEAVES:
        row = by_key.get(key)
        budget = row.values.get("total") if row else None
        final[key] = _cents(budget * factors(key)) if budget is not None else Decimal(0)
    final["vehicle"] = final["vehicle_purchase"] + final["vehicle_operation"]
    final["total"] = final["subtotal"] = final["abroad"] + final["vehicle"] + final["reception"]
    for key, row in by_key.items():
        budget = row.values.get("total")
        if budget is not None and key in final:
            row.values = {"total": final[key], "budget": budget}


def final_of(
    budget: Disclosure, seed: int = 0, *, factors: Mapping[str, Decimal] | None = None, kind: Kind = "部门决算"
) -> Disclosure:
    """``budget``'s final account: see the module. ``factors`` by group: a function or economic 类
    code (``201``, ``302``) or a 三公 item key (``reception``)."""
    d = budget.model_copy(deep=True)
    d.kind = kind
    d.narrative.claims = []
    draw = Factors(seed, factors)
    for table_id, table in d.tables.items():
        if table_id == "three_public" and isinstance(table, Table):
            _scale_three_public(table, draw)
        elif isinstance(table, Table):
            _scale_coded(table, draw)
    old, new = _total(budget), _total(d)
    ratio = new / old if old and new is not None else Decimal(1)
    for table in d.tables.values():
        if isinstance(table, TwoSidedTable):
            for row in [*table.income, *table.expenditure]:
                row.values = {k: _cents(v * ratio) for k, v in row.values.items()}
    return d


def _total(d: Disclosure) -> Decimal | None:
    table = d.tables.get("expenditure")
    if not isinstance(table, Table):
        return None
    return next((r.values.get("total") for r in table.rows if r.key == "total" and not r.code), None)
