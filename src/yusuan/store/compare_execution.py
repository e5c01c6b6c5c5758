"""``compare --execution``: beside each compared disclosure, the other kind of its department and year
(the 决算 beside a 预算, the 预算 beside a 决算) and the execution rate of every amount.

The other kind is the pair's (:func:`yusuan.store.execution.counterpart`: 部门预算 ↔ 部门决算,
单位预算 ↔ 单位决算), its current version, matched by department and year; its amounts are its stored
figures. The rate is 决算 ÷ 预算 × 100, half-up to one decimal (:func:`yusuan.store.execution.rate`),
blank where either amount is missing or the budget is zero.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.domain.kinds import ANY_KIND, BUDGET_KINDS, BUDGET_WORD, FINAL_KINDS, FINAL_WORD, is_final
from yusuan.store.compare import AMOUNTS, CompareError, CompareResult
from yusuan.store.execution import counterpart, figures_of, rate
from yusuan.store.schema import DisclosureRecord, Figures


def kinds_of(kind: str | None) -> tuple[str, ...] | None:
    """The kinds a ``--kind`` selects: ``预算`` the budgets, ``决算`` the final accounts, a kind itself
    (部门预算 …), ``None`` or ``全部`` every kind; anything else is a :class:`CompareError`."""
    if kind is None or kind.strip() in ("", "全部"):
        return None
    value = kind.strip()
    families = {BUDGET_WORD: BUDGET_KINDS, FINAL_WORD: FINAL_KINDS}
    if value in families:
        return tuple(sorted(families[value]))
    if value in ANY_KIND:
        return (value,)
    raise CompareError(
        f"无法识别的类别“{kind}”，可用：{BUDGET_WORD}、{FINAL_WORD}、全部或{'、'.join(sorted(ANY_KIND))}"
    )


def attach(engine: Engine, result: CompareResult) -> None:
    """Fill each row's ``other``, ``other_id`` and ``rates`` (for every amount measure)."""
    wanted = {(r.department_id, r.year, other) for r in result.rows if (other := counterpart(r.kind)) is not None}
    kinds = sorted({k for _d, _y, k in wanted})
    found: dict[tuple[int, int | None, str], tuple[int, Figures | None]] = {}
    if kinds:
        stmt = (
            select(DisclosureRecord.id, DisclosureRecord.department_id, DisclosureRecord.year, DisclosureRecord.kind)
            .add_columns(Figures)
            .outerjoin(Figures, Figures.disclosure_id == DisclosureRecord.id)
            .where(DisclosureRecord.current.is_(True), DisclosureRecord.kind.in_(kinds))
            .order_by(DisclosureRecord.id)
        )
        if result.year is not None:
            stmt = stmt.where(DisclosureRecord.year == result.year)
        with Session(engine) as session:
            for disclosure_id, department_id, year, kind, fig in session.execute(stmt):
                if (department_id, year, kind) in wanted:
                    found[(department_id, year, kind)] = (disclosure_id, fig)
    for r in result.rows:
        other = counterpart(r.kind)
        match = found.get((r.department_id, r.year, other)) if other is not None else None
        amounts = figures_of(match[1]) if match is not None else {}
        r.other_id = match[0] if match is not None else None
        for m in AMOUNTS:
            mine, theirs = r.values.get(m.key), amounts.get(m.key)
            r.other[m.key] = theirs
            r.rates[m.key] = rate(mine, theirs) if not is_final(r.kind) else rate(theirs, mine)
