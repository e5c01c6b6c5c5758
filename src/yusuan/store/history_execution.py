"""``history``'s budget against final: per year, each figure budgeted, spent and the execution rate.

A history is of one kind (部门预算 by default); :func:`history_execution` adds the other kind of the
pair (:func:`yusuan.store.execution.counterpart`: 部门决算 beside 部门预算, or the reverse) from the
same department's current disclosures: for every year with either kind stored, each key figure and
each function 类 as :class:`~yusuan.store.execution.Executed` (budget, final, difference, rate),
read from the stored tables' figures as :func:`~yusuan.store.execution.budget_vs_final` reads them.
A year with only one kind has that side only (no rate).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.domain.kinds import is_final
from yusuan.store.execution import (
    FIGURE_KEYS,
    LABELS,
    Executed,
    counterpart,
    executed_functions,
    figures_of,
    function_totals,
)
from yusuan.store.schema import DisclosureRecord, Figures, SourceFile


@dataclass(frozen=True)
class Side:
    """One stored disclosure of a year: its id, version and source file."""

    kind: str
    disclosure_id: int
    version: int
    source_file: str

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "disclosure_id": self.disclosure_id,
            "version": self.version,
            "source_file": self.source_file,
        }


@dataclass
class HistoryExecution:
    budget_kind: str
    final_kind: str
    #: The kind the history is of (one of the two).
    kind: str
    #: Per year, the budget and the final disclosure (``None`` where that kind is not stored).
    years: dict[int, tuple[Side | None, Side | None]] = field(default_factory=dict)
    #: Per row key (a figure, or ``function:201``), per year: the figure budgeted and spent.
    rows: dict[str, dict[int, Executed]] = field(default_factory=dict)

    @property
    def other_kind(self) -> str:
        """The kind shown beside the history's own."""
        return self.budget_kind if self.kind == self.final_kind else self.final_kind

    def other(self, year: int) -> Side | None:
        """The disclosure of the other kind for ``year``."""
        budget, final = self.years.get(year, (None, None))
        return budget if self.kind == self.final_kind else final

    @property
    def paired(self) -> bool:
        """Whether any year has the other kind stored."""
        return any(self.other(y) is not None for y in self.years)

    def value(self, key: str, year: int) -> Executed | None:
        return self.rows.get(key, {}).get(year)

    def to_dict(self) -> dict[str, object]:
        return {
            "budget_kind": self.budget_kind,
            "final_kind": self.final_kind,
            "years": [
                {
                    "year": y,
                    "budget": budget.to_dict() if budget else None,
                    "final": final.to_dict() if final else None,
                }
                for y, (budget, final) in sorted(self.years.items())
            ],
            "rows": {
                key: {str(y): e.to_dict() for y, e in sorted(by_year.items())} for key, by_year in self.rows.items()
            },
        }


def history_execution(session: Session, department_id: int, kind: str) -> HistoryExecution | None:
    """The budget and final of every year of the department (``None`` for a kind without a pair)."""
    other = counterpart(kind)
    if other is None:
        return None
    budget_kind, final_kind = (other, kind) if is_final(kind) else (kind, other)
    found = session.execute(
        select(
            DisclosureRecord.year, DisclosureRecord.kind, DisclosureRecord.id, DisclosureRecord.version, SourceFile.name
        )
        .join(SourceFile, DisclosureRecord.source_file_id == SourceFile.id)
        .where(
            DisclosureRecord.department_id == department_id,
            DisclosureRecord.current.is_(True),
            DisclosureRecord.year.is_not(None),
            DisclosureRecord.kind.in_((budget_kind, final_kind)),
        )
        .order_by(DisclosureRecord.year, DisclosureRecord.id)
    ).all()
    sides: dict[int, dict[str, Side]] = {}
    for year, k, disclosure_id, version, name in found:
        assert year is not None
        sides.setdefault(year, {})[k] = Side(k, disclosure_id, version, name)  # the last current wins
    result = HistoryExecution(budget_kind, final_kind, kind)
    ids = [s.disclosure_id for by_kind in sides.values() for s in by_kind.values()]
    stored = {f.disclosure_id: f for f in session.scalars(select(Figures).where(Figures.disclosure_id.in_(ids)))}
    functions = function_totals(session, ids)
    for year, by_kind in sorted(sides.items()):
        budget, final = by_kind.get(budget_kind), by_kind.get(final_kind)
        result.years[year] = (budget, final)
        b = figures_of(stored.get(budget.disclosure_id)) if budget else {}
        f = figures_of(stored.get(final.disclosure_id)) if final else {}
        for key in FIGURE_KEYS:
            if b.get(key) is not None or f.get(key) is not None:
                result.rows.setdefault(key, {})[year] = Executed(key, LABELS[key], b.get(key), f.get(key))
        both = executed_functions(
            functions.get(budget.disclosure_id) if budget else None,
            functions.get(final.disclosure_id) if final else None,
        )
        for e in both:
            result.rows.setdefault(e.key, {})[year] = e
    return result
