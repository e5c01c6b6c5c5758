"""Mutations of the consistent document for rule tests: set a cell, or shift a row with its totals.

``put`` and ``shift`` are the helpers of the mutations rules declare (:mod:`yusuan.review.mutations`):
``shift`` changes a code row together with its ancestors (项 → 款 → 类) and the 合计 row, so that the
table stays consistent within itself and only the relationships with other tables break.
"""

from __future__ import annotations

import copy
import os
from decimal import Decimal

from yusuan.model import Disclosure, Row, Table, TwoSidedTable
from yusuan.review import mutations
from yusuan.review.engine import DocumentReview, review
from yusuan.review.finding import Finding
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding

D = Decimal


def base() -> Disclosure:
    """A fresh deep copy of the consistent document."""
    return copy.deepcopy(consistent())


def rows(d: Disclosure, table_id: str, side: str = "main") -> list[Row]:
    t = d.tables[table_id]
    if isinstance(t, TwoSidedTable):
        return t.income if side == "income" else t.expenditure
    return t.rows


def row(d: Disclosure, table_id: str, ref: str, side: str = "main") -> Row:
    """The row whose code (or, failing that, key) is ``ref``."""
    found = [r for r in rows(d, table_id, side) if r.code == ref] or [
        r for r in rows(d, table_id, side) if r.key == ref and not r.code
    ]
    assert found, f"{table_id} has no row {ref}"
    return found[0]


put = mutations.put  # set a cell as printed; None makes it blank


def shift(d: Disclosure, table_id: str, code: str, deltas: dict[str, str]) -> None:
    """Add ``deltas`` (column → amount) to row ``code``, its parent rows and the 合计 row."""
    t = d.tables[table_id]
    assert isinstance(t, Table)
    mutations.shift(t, code, {column: D(delta) for column, delta in deltas.items()})


def run(d: Disclosure) -> DocumentReview:
    return review(d)


def noisy_ids(result: DocumentReview) -> set[str]:
    """The rule ids of every error and warning."""
    return {f.rule for f in result.findings if f.severity != "info"}


def findings(result: DocumentReview, rule_id: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule_id]


def cells(f: Finding) -> list[tuple[str | None, str | None, str | None]]:
    """The (table, row, column) of every location of a finding."""
    return [(e.table, e.row, e.column) for e in f.locations]
