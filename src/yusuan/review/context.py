"""What rules read: the disclosure plus lookups, amounts, tolerance and evidence helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Claim, Disclosure, Row, Table, TwoSidedTable
from yusuan.review.finding import Evidence

ZERO = Decimal(0)
CENT = Decimal("0.01")


def fmt(amount: Decimal | None) -> str:
    """An amount as the message prints it: two decimals at least, no exponent."""
    if amount is None:
        return "（空）"
    q = amount if -amount.as_tuple().exponent >= 2 else amount.quantize(CENT)  # type: ignore[operator]
    return format(q, "f")


def decimals(amount: Decimal) -> int:
    exp = amount.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


@dataclass(frozen=True)
class Tolerance:
    """How far two amounts may differ, and why (said in the message when it is not exact)."""

    amount: Decimal
    reason: str = ""

    def suffix(self) -> str:
        return f"（{self.reason}，允许误差 ±{fmt(self.amount)} 万元）" if self.amount else ""


EXACT = Tolerance(ZERO)


def sum_tolerance(terms: Iterable[Decimal]) -> Tolerance:
    """Exact to the cent, unless a term is printed with fewer than two decimals (visibly rounded):
    then ±0.01 per summed term."""
    terms = list(terms)
    if not any(decimals(t) < 2 and t != t.to_integral_value() for t in terms) and all(
        decimals(t) >= 2 or t == ZERO for t in terms
    ):
        return EXACT
    return Tolerance(CENT * len(terms), f"原表金额有四舍五入（{len(terms)} 项相加）")


def stated_tolerance(stated: Decimal) -> Tolerance:
    """A figure stated with fewer decimals than the tables' two is compared within half its last digit."""
    d = decimals(stated)
    if d >= 2:
        return EXACT
    return Tolerance(Decimal(5) * Decimal(10) ** (-(d + 1)), f"说明中的数字只写到 {d} 位小数")


class Context:
    """The disclosure under review with the lookups rules need."""

    def __init__(self, d: Disclosure) -> None:
        self.d = d

    # -- tables ---------------------------------------------------------------------------------
    def table(self, table_id: str) -> Table | None:
        return self.d.table(table_id)

    def two_sided(self, table_id: str) -> TwoSidedTable | None:
        return self.d.two_sided(table_id)

    def row(self, table_id: str, code: str | None = None, key: str | None = None, side: str = "main") -> Row | None:
        t = self.d.tables.get(table_id)
        if t is None:
            return None
        rows = (t.income if side == "income" else t.expenditure) if isinstance(t, TwoSidedTable) else t.rows
        for r in rows:
            if (code is not None and r.code == code) or (code is None and key is not None and r.key == key):
                return r
        return None

    def total_row(self, table_id: str) -> Row | None:
        return self.row(table_id, key="total")

    @staticmethod
    def value(row: Row | None, column: str) -> Decimal:
        """A cell's amount; a blank cell (or a missing row) is 0."""
        if row is None:
            return ZERO
        return row.values.get(column, ZERO)

    # -- evidence -------------------------------------------------------------------------------
    @staticmethod
    def cell(table_id: str, row: Row | None, column: str | None) -> Evidence:
        if row is None:
            return Evidence(table=table_id, column=column)
        return Evidence(
            table=table_id,
            row=row.code or row.key,
            name=row.name,
            column=column,
            value=row.values.get(column) if column else None,
            page=row.location.page,
            line=row.location.line,
        )

    @staticmethod
    def sentence(claim: Claim) -> Evidence:
        return Evidence(
            table="narrative",
            value=claim.amount,
            sentence=claim.sentence,
            page=claim.location.page,
            line=claim.location.line,
        )

    # -- narrative ------------------------------------------------------------------------------
    def claims(self, subject: str, kind: str = "amount") -> list[Claim]:
        return [c for c in self.d.narrative.claims if c.subject == subject and c.kind == kind]
