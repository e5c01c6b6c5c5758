"""What rules read: the disclosure plus lookups, amounts, tolerance and evidence helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Claim, Disclosure, Row, Table, TwoSidedTable
from yusuan.review.finding import Evidence, at

ZERO = Decimal(0)
CENT = Decimal("0.01")
#: Half a unit of the last digit of an amount in 万元 to two decimals.
HALF_CENT = Decimal("0.005")


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

    def beyond(self) -> str:
        """Said of a difference larger than a rounding bound: the bound."""
        return f"（超出四舍五入允许的 ±{bound_text(self.amount)} 万元）" if self.amount else ""

    def within(self) -> str:
        """Said of a difference within a rounding bound (尾差)."""
        return f"（在四舍五入允许的 ±{bound_text(self.amount)} 万元以内）"


def bound_text(amount: Decimal) -> str:
    """A bound as the message prints it: ``0.015``, ``0.01`` (no trailing zero beyond the cent)."""
    return fmt(amount.normalize()) if amount else "0.00"


EXACT = Tolerance(ZERO)


def half_unit(places: int) -> Decimal:
    """Half a unit of the last digit of an amount printed (in 万元) to ``places`` decimals: 0.005 for two."""
    return Decimal(5).scaleb(-(places + 1))


def printed_places(amounts: Iterable[Decimal], default: int = 2) -> int:
    """The decimals a table prints its amounts to: the most any of them shows (``default`` when there are
    none). An amount read from a 元 table is in 万元 with four more decimals: whole 元 give 4."""
    return max((decimals(a) for a in amounts), default=default)


def amount_places(amount: Decimal, table_places: int = 2) -> int:
    """The decimals one printed amount is rounded to: as many as it shows (``56.9`` beside ``56.87`` may be
    rounded to one decimal), or, for a whole number, its table's (``25`` in a table of two decimals)."""
    return decimals(amount) or table_places


def rounding_bound(halves: Iterable[Decimal]) -> Tolerance:
    """The rounding bound of a relationship between printed amounts, each rounded to its own precision
    (``halves``: half a unit of each one's last digit): n terms and their printed total, all rounded, may
    miss by up to the sum of the halves — (n + 1) × 0.005 万元 for amounts to two decimals."""
    halves = list(halves)
    amount = sum(halves, ZERO)
    if len(set(halves)) == 1:
        reason = f"{len(halves)} 个金额各按 ±{fmt(halves[0])} 万元计"
    else:
        reason = f"{len(halves)} 个金额按各自印制精度计"
    return Tolerance(amount, reason)


def sum_tolerance(terms: Iterable[Decimal], places: int | None = None) -> Tolerance:
    """The rounding bound of printed amounts compared or summed together: half a unit of each one's last
    digit (a whole number or zero counts at ``places`` decimals, else the most the amounts show, at least
    two); with a message by :meth:`Tolerance.beyond`."""
    terms = list(terms)
    if not terms:
        return EXACT
    p = places if places is not None else max(2, printed_places(terms))
    return rounding_bound(half_unit(amount_places(t, p)) for t in terms)


def stated_tolerance(stated: Decimal) -> Tolerance:
    """A figure stated with fewer decimals than the tables' two is compared within half its last digit."""
    d = decimals(stated)
    if d >= 2:
        return EXACT
    return Tolerance(Decimal(5) * Decimal(10) ** (-(d + 1)), f"说明中的数字只写到 {d} 位小数")


def column_read(d: Disclosure, table_id: str, column: str) -> bool:
    """Whether a table's column was read: the table was printed empty (with or without its note: every
    column is blank), the reader mapped a printed head onto it (real files), or some row holds an amount in
    it. A column not read is not compared: its blanks say nothing about the document."""
    t = d.tables.get(table_id)
    if t is None:
        return False
    rows = t.income + t.expenditure if isinstance(t, TwoSidedTable) else t.rows
    if not rows:
        return True
    if t.columns is not None and column in t.columns:
        return True
    return any(column in r.values for r in rows)


#: Inputs a rule may need besides the document's own tables (``needs``): name → its Chinese name; a rule
#: needing one the review was not given is skipped, saying 未找到 it. ``budget_document``: the budget of the
#: same department and year, beside a final account (决算) — :func:`yusuan.review.engine.review` ``budget=``.
DOCUMENT_INPUTS: dict[str, str] = {"budget_document": "同一部门同一年度的预算"}


class Context:
    """The disclosure under review with the lookups rules need; ``budget``: the same department's budget of the
    same year, when the review was given it (a final account compared with its budget)."""

    def __init__(self, d: Disclosure, budget: Disclosure | None = None) -> None:
        self.d = d
        self.budget = budget
        self._places: dict[str, int] = {}

    def places(self, table_id: str) -> int:
        """The decimals the table prints its amounts to (in 万元: 2 for 万元 to two decimals, 4 for whole 元);
        a table not read is taken as 万元 to two decimals."""
        if table_id not in self._places:
            t = self.d.tables.get(table_id)
            rows = [] if t is None else (t.income + t.expenditure if isinstance(t, TwoSidedTable) else t.rows)
            self._places[table_id] = printed_places(v for r in rows for v in r.values.values())
        return self._places[table_id]

    def half_unit(self, table_id: str, amount: Decimal) -> Decimal:
        """How far rounding may have moved ``amount`` as printed in the table: half a unit of its last digit."""
        return half_unit(amount_places(amount, self.places(table_id)))

    # -- tables ---------------------------------------------------------------------------------
    def has_column(self, table_id: str, column: str) -> bool:
        """Whether the table's column was read (:func:`column_read`)."""
        return column_read(self.d, table_id, column)

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
            **at(row.location),
        )

    @staticmethod
    def sentence(claim: Claim) -> Evidence:
        return Evidence(
            table="narrative",
            value=claim.amount,
            sentence=claim.sentence,
            **at(claim.location),
        )

    # -- narrative ------------------------------------------------------------------------------
    def claims(self, subject: str, kind: str = "amount") -> list[Claim]:
        return [c for c in self.d.narrative.claims if c.subject == subject and c.kind == kind]
