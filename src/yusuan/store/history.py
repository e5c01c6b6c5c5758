"""One department's years side by side: key figures, function 类 totals and year-on-year changes.

Each figure comes from the stored tables (``figures`` and the ``expenditure`` cells); where a year
has no tables (a package with only its narrative, such as 乐亭县 2020) it comes from the numbers the
narrative states, and says so. Each year's change is computed from the stored figures (against the
previous stored year) and set beside the change the narrative states ("较2022年预算510.18万元增加
108.45万元": stated prior 510.18, stated change +108.45). Differences are flagged in Chinese: the
narrative's own arithmetic (this year − stated prior ≠ stated change); when the previous stored year
is the narrative's base year, the stated prior against the stored figure and the stated change
against the computed one; within a year, the narrative's figure against the table's; a narrative
figure in the wrong unit (``31.49元`` where its parts add up to 31.49 万元). When the previous stored
year is not the base year (2020 → 2023 against a change stated from 2022), both are shown, not
compared, with a note. ``History.execution``: the other kind beside (决算 by 预算), with the rates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from sqlalchemy import Engine, Row, select
from sqlalchemy.orm import Session

from yusuan.domain.figures import HISTORY, decompositions
from yusuan.store.db import check_id
from yusuan.store.departments import DepartmentSummary, summaries
from yusuan.store.history_execution import HistoryExecution, history_execution
from yusuan.store.schema import CellRecord, ClaimRecord, Department, DisclosureRecord, Figures, SourceFile

Source = Literal["table", "narrative"]
FlagKind = Literal["difference", "note"]
#: What a flag is about: a year's figure, or its change from the year before.
Aspect = Literal["value", "change"]
#: A function row of ``expenditure`` as stored: disclosure id, code, row name and total.
FunctionCell = Row[int, str | None, str, Decimal]

#: The rows of the history (key, Chinese label, indent), from the figure registry.
ROWS: tuple[tuple[str, str, int], ...] = tuple((f.key, f.label, depth) for f, depth in HISTORY)
LABELS = {key: label for key, label, _indent in ROWS}
#: Shorter labels for a narrow terminal, where the rows above give the context.
SHORT_LABELS: dict[str, str] = {f.key: f.short_label for f, _depth in HISTORY}
#: The history row of each narrative subject.
_ROW_OF_SUBJECT: dict[str, str] = {f.subject: f.key for f, _depth in HISTORY}
#: Every part of 三公 at any depth (因公出国, 公务用车 and its two parts, 公务接待).
_THREE_PUBLIC_PARTS: frozenset[str] = frozenset(p for d in decompositions("three_public") for p in d)
_TEN_THOUSAND = Decimal(10000)


def money(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format(value, "f")


def _more_or_less(difference: Decimal) -> str:
    """How much the narrative's figure exceeds (or falls short of) the other one."""
    return f"叙述{'多' if difference > 0 else '少'}{format(abs(difference), 'f')}万元"


@dataclass
class YearValue:
    """One figure of one year: the amount shown, where it came from, and what the narrative states."""

    amount: Decimal | None = None
    source: Source | None = None
    #: The figure the narrative states for this year (in 万元), where it does.
    stated: Decimal | None = None

    def to_dict(self) -> dict[str, object]:
        return {"amount": money(self.amount), "source": self.source, "stated": money(self.stated)}


@dataclass
class Change:
    """The change to one year: computed from the stored figures beside the one the narrative states."""

    year: int
    #: The previous stored year, which the computed change is against.
    from_year: int | None = None
    computed: Decimal | None = None
    #: The year the narrative compares with (its 上年), its figure for that year and its change.
    stated_base_year: int | None = None
    stated_prior: Decimal | None = None
    stated_change: Decimal | None = None
    #: This year's figure less the stated prior: what the stated change should be.
    implied_change: Decimal | None = None
    #: Whether the computed change is against the narrative's base year (then they are compared).
    comparable: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "from_year": self.from_year,
            "computed": money(self.computed),
            "stated_base_year": self.stated_base_year,
            "stated_prior": money(self.stated_prior),
            "stated_change": money(self.stated_change),
            "implied_change": money(self.implied_change),
            "comparable": self.comparable,
        }


@dataclass
class Flag:
    year: int
    row: str | None
    kind: FlagKind
    message: str
    aspect: Aspect | None = None

    def to_dict(self) -> dict[str, object]:
        return {"year": self.year, "row": self.row, "kind": self.kind, "aspect": self.aspect, "message": self.message}


@dataclass
class HistoryRow:
    key: str
    label: str
    indent: int = 0
    values: dict[int, YearValue] = field(default_factory=dict)
    changes: dict[int, Change] = field(default_factory=dict)

    def flagged(self, flags: list[Flag], year: int, aspect: Aspect) -> bool:
        return any(
            f.kind == "difference" and f.row == self.key and f.year == year and f.aspect == aspect for f in flags
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "values": {str(y): v.to_dict() for y, v in sorted(self.values.items())},
            "changes": {str(y): c.to_dict() for y, c in sorted(self.changes.items())},
        }


@dataclass
class YearInfo:
    year: int
    disclosure_id: int
    version: int
    printed_name: str | None
    source_file: str
    has_tables: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "disclosure_id": self.disclosure_id,
            "version": self.version,
            "printed_name": self.printed_name,
            "source_file": self.source_file,
            "has_tables": self.has_tables,
        }


@dataclass
class History:
    department: DepartmentSummary
    kind: str
    years: list[YearInfo]
    rows: list[HistoryRow]
    functions: list[HistoryRow]
    flags: list[Flag]
    unit: str = "万元"
    execution: HistoryExecution | None = None  # the other kind of the pair (history_execution)

    def row(self, key: str) -> HistoryRow:
        return next(r for r in self.rows + self.functions if r.key == key)

    def to_dict(self) -> dict[str, object]:
        return {
            "department": self.department.to_dict(),
            "kind": self.kind,
            "unit": self.unit,
            "years": [y.to_dict() for y in self.years],
            "rows": [r.to_dict() for r in self.rows],
            "functions": [r.to_dict() for r in self.functions],
            "flags": [f.to_dict() for f in self.flags],
            "execution": self.execution.to_dict() if self.execution else None,
        }


# --- the narrative's figures -----------------------------------------------------------------------


@dataclass
class _Stated:
    amounts: dict[str, list[Decimal]] = field(default_factory=lambda: defaultdict(list))
    priors: dict[str, tuple[Decimal, int | None]] = field(default_factory=dict)
    changes: dict[str, tuple[Decimal, int | None]] = field(default_factory=dict)


def _in_wan(claim: ClaimRecord, parts: Decimal | None, year: int, flags: list[Flag], row: str | None) -> Decimal:
    """A claim's amount in 万元. A figure printed in 元 whose parts (stated in 万元) add up to it is
    a unit slip and read as 万元; any other 元 figure is converted."""
    unit = claim.unit or "万元"
    if unit == "万元":
        return claim.amount
    if unit == "亿元":
        return claim.amount * _TEN_THOUSAND
    if unit == "元":
        if parts is not None and parts == claim.amount:
            flags.append(
                Flag(
                    year,
                    row,
                    "difference",
                    f"{year}年 {LABELS.get(row or '', row)}：叙述写作“{format(claim.amount, 'f')}元”，"
                    f"其分项之和为{format(parts, 'f')}万元，单位应为万元，按万元计",
                    "value",
                )
            )
            return claim.amount
        converted = claim.amount / _TEN_THOUSAND
        flags.append(
            Flag(
                year,
                row,
                "note",
                f"{year}年 {LABELS.get(row or '', row)}：叙述以元为单位（{format(claim.amount, 'f')}元），"
                f"折合{format(converted, 'f')}万元",
            )
        )
        return converted
    return claim.amount


def _stated(claims: list[ClaimRecord], year: int, flags: list[Flag]) -> _Stated:
    out = _Stated()
    plain = {c.subject: c.amount for c in claims if c.kind == "amount" and (c.unit or "万元") == "万元"}
    vehicle = plain.get("vehicle")
    if vehicle is None and ("vehicle_purchase" in plain or "vehicle_operation" in plain):
        vehicle = plain.get("vehicle_purchase", Decimal(0)) + plain.get("vehicle_operation", Decimal(0))
    three_parts = None
    if any(s in plain for s in _THREE_PUBLIC_PARTS):
        three_parts = plain.get("abroad", Decimal(0)) + (vehicle or Decimal(0)) + plain.get("reception", Decimal(0))
    for c in claims:
        key = _ROW_OF_SUBJECT.get(c.subject)
        if key is None or key == "staff":
            continue
        if c.kind == "amount":
            if c.year is not None and c.year != year:
                continue
            parts = three_parts if key == "three_public" else vehicle if key == "vehicle" else None
            amount = _in_wan(c, parts, year, flags, key)
            if amount not in out.amounts[key]:
                out.amounts[key].append(amount)
        elif c.kind == "prior" and key not in out.priors:
            out.priors[key] = (_in_wan(c, None, year, flags, key), c.year)
        elif c.kind == "change" and key not in out.changes:
            amount = _in_wan(c, None, year, flags, key)
            if c.direction == "decrease":
                amount = -amount
            elif c.direction == "flat":
                amount = Decimal("0.00")
            out.changes[key] = (amount, c.year)
    return out


# --- building the history --------------------------------------------------------------------------


def _table_figures(fig: Figures | None) -> dict[str, Decimal | int | None]:
    """The stored key figures (all from tables but ``staff``, which the narrative states)."""
    if fig is None:
        return {}
    values: dict[str, Decimal | int | None] = {key: getattr(fig, key) for key, *_rest in ROWS if key != "vehicle"}
    purchase, operation = fig.vehicle_purchase, fig.vehicle_operation
    values["vehicle"] = purchase + operation if purchase is not None and operation is not None else None
    return values


def department_history(engine: Engine, department_id: int, kind: str = "部门预算") -> History:
    """The history of one (live) department: its current disclosures of ``kind``, by year."""
    check_id(department_id, "部门编号")
    with Session(engine) as session:
        department = session.get_one(Department, department_id)
        summary = summaries(session, [department])[0]
        records = session.execute(
            select(DisclosureRecord, SourceFile.name)
            .join(SourceFile, DisclosureRecord.source_file_id == SourceFile.id)
            .where(
                DisclosureRecord.department_id == department_id,
                DisclosureRecord.current.is_(True),
                DisclosureRecord.kind == kind,
                DisclosureRecord.year.is_not(None),
            )
            .order_by(DisclosureRecord.year, DisclosureRecord.id)
        ).all()
        by_year: dict[int, tuple[DisclosureRecord, str]] = {}
        for record, source_name in records:
            assert record.year is not None
            by_year[record.year] = (record, source_name)  # one current per year; the last wins otherwise
        ids = [r.id for r, _name in by_year.values()]
        figures = {f.disclosure_id: f for f in session.scalars(select(Figures).where(Figures.disclosure_id.in_(ids)))}
        claims: dict[int, list[ClaimRecord]] = defaultdict(list)
        for c in session.scalars(
            select(ClaimRecord).where(ClaimRecord.disclosure_id.in_(ids)).order_by(ClaimRecord.id)
        ):
            claims[c.disclosure_id].append(c)
        with_tables = set(
            session.scalars(select(CellRecord.disclosure_id).where(CellRecord.disclosure_id.in_(ids)).distinct())
        )
        function_cells: list[FunctionCell] = list(
            session.execute(
                select(CellRecord.disclosure_id, CellRecord.code, CellRecord.row_name, CellRecord.amount)
                .where(
                    CellRecord.disclosure_id.in_(ids),
                    CellRecord.table_id == "expenditure",
                    CellRecord.column_key == "total",
                    CellRecord.code.is_not(None),
                )
                .order_by(CellRecord.disclosure_id, CellRecord.row_no)
            ).all()
        )
        history = _build(summary, kind, by_year, figures, claims, with_tables, function_cells)
        history.execution = history_execution(session, department_id, kind)
        return history


def _build(
    summary: DepartmentSummary,
    kind: str,
    by_year: dict[int, tuple[DisclosureRecord, str]],
    figures: dict[int, Figures],
    claims: dict[int, list[ClaimRecord]],
    with_tables: set[int],
    function_cells: list[FunctionCell],
) -> History:
    flags: list[Flag] = []
    years = [
        YearInfo(y, r.id, r.version, r.printed_name, name, r.id in with_tables)
        for y, (r, name) in sorted(by_year.items())
    ]
    rows = [HistoryRow(key, label, indent) for key, label, indent in ROWS]
    stated_by_year: dict[int, _Stated] = {}
    for info in years:
        y = info.year
        stated = _stated(claims.get(info.disclosure_id, []), y, flags)
        stated_by_year[y] = stated
        table = _table_figures(figures.get(info.disclosure_id))
        used_narrative = False
        for row in rows:
            value = table.get(row.key)
            said = stated.amounts.get(row.key, [])
            cell = YearValue(stated=said[0] if said else None)
            if isinstance(value, int) and not isinstance(value, Decimal):
                cell.amount, cell.source = Decimal(value), "narrative"  # staff: from the narrative's 人员构成
            elif value is not None:
                cell.amount, cell.source = value, "table"
                differing = [s for s in said if s != value]
                if differing:
                    cell.stated = differing[0]
                    flags.append(
                        Flag(
                            y,
                            row.key,
                            "difference",
                            f"{y}年 {row.label}：叙述为{format(differing[0], 'f')}万元，表中为{format(value, 'f')}万元"
                            f"（{_more_or_less(differing[0] - value)}）",
                            "value",
                        )
                    )
            elif said:
                cell.amount, cell.source = said[0], "narrative"
                used_narrative = True
            if cell.amount is not None or cell.stated is not None:
                row.values[y] = cell
        if used_narrative and not info.has_tables:
            flags.append(Flag(y, None, "note", f"{y}年：没有入库的标准表格，表中数字取自情况说明的叙述（标 * 者）"))
        elif used_narrative:
            flags.append(Flag(y, None, "note", f"{y}年：表格缺少的数字取自情况说明的叙述（标 * 者）"))
    rows = [
        r for r in rows if r.values or any(r.key in s.changes or r.key in s.priors for s in stated_by_year.values())
    ]
    _changes(rows, years, stated_by_year, flags)
    functions = _functions(years, function_cells)
    _changes(functions, years, {}, flags)
    return History(summary, kind, years, rows, functions, flags)


def _changes(rows: list[HistoryRow], years: list[YearInfo], stated: dict[int, _Stated], flags: list[Flag]) -> None:
    noted: set[int] = set()
    for row in rows:
        previous: int | None = None
        for info in years:
            y = info.year
            change = Change(y, from_year=previous)
            current = row.values.get(y)
            if previous is not None:
                before = row.values.get(previous)
                if current and before and current.amount is not None and before.amount is not None:
                    change.computed = current.amount - before.amount
            said = stated.get(y)
            if said is not None:
                if row.key in said.priors:
                    change.stated_prior, base = said.priors[row.key]
                    change.stated_base_year = base or y - 1
                if row.key in said.changes:
                    change.stated_change, base = said.changes[row.key]
                    change.stated_base_year = change.stated_base_year or base or y - 1
            _check(row, change, current, previous, flags, noted)
            if change.computed is not None or change.stated_change is not None or change.stated_prior is not None:
                row.changes[y] = change
            if current is not None and current.amount is not None:
                previous = y


def _check(
    row: HistoryRow,
    change: Change,
    current: YearValue | None,
    previous: int | None,
    flags: list[Flag],
    noted: set[int],
) -> None:
    y = change.year
    own = current.stated if current and current.stated is not None else current.amount if current else None
    if change.stated_prior is not None and own is not None:
        change.implied_change = own - change.stated_prior
        if change.stated_change is not None and change.implied_change != change.stated_change:
            flags.append(
                Flag(
                    y,
                    row.key,
                    "difference",
                    f"{y}年 {row.label}：叙述称较{change.stated_base_year}年{format(change.stated_prior, 'f')}万元"
                    f"变动{signed(change.stated_change)}万元，但{format(own, 'f')} − {format(change.stated_prior, 'f')}"
                    f" = {signed(change.implied_change)}万元",
                    "change",
                )
            )
    if change.stated_base_year is None or previous is None:
        return
    if previous == change.stated_base_year:
        change.comparable = True
        before = row.values.get(previous)
        stored = before.amount if before else None
        if change.stated_prior is not None and stored is not None and change.stated_prior != stored:
            flags.append(
                Flag(
                    y,
                    row.key,
                    "difference",
                    f"{y}年 {row.label}：叙述所述{previous}年数{format(change.stated_prior, 'f')}万元"
                    f"与已入库的{previous}年数{format(stored, 'f')}万元不符"
                    f"（{_more_or_less(change.stated_prior - stored)}）",
                    "change",
                )
            )
        if change.stated_change is not None and change.computed is not None and change.stated_change != change.computed:
            flags.append(
                Flag(
                    y,
                    row.key,
                    "difference",
                    f"{y}年 {row.label}：叙述所述变动{signed(change.stated_change)}万元，"
                    f"按已入库的{previous}年数计算为{signed(change.computed)}万元",
                    "change",
                )
            )
    elif change.computed is not None and y not in noted:
        noted.add(y)
        flags.append(
            Flag(
                y,
                None,
                "note",
                f"{y}年：叙述所述变动以{change.stated_base_year}年为基数；已入库的上一年度是{previous}年，"
                f"计算的变动跨{y - previous}年，二者并列显示，不作比对",
            )
        )


def _functions(years: list[YearInfo], cells: list[FunctionCell]) -> list[HistoryRow]:
    """The function 类 (three-digit codes) totals of ``expenditure``, by year."""
    year_of = {info.disclosure_id: info.year for info in years}
    names: dict[str, tuple[int, str]] = {}
    amounts: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for disclosure_id, code, row_name, amount in cells:
        if not (code and len(code) == 3 and code.isdigit()):
            continue
        y = year_of[disclosure_id]
        amounts[code].setdefault(y, amount)  # a 类 printed twice (a page break) counts once
        if code not in names or names[code][0] <= y:
            names[code] = (y, row_name)
    rows: list[HistoryRow] = []
    for code in sorted(amounts):
        row = HistoryRow(f"function:{code}", f"{code} {names[code][1]}")
        for info in years:
            if info.has_tables:
                # A 类 missing from a year's table is a 0 that year.
                row.values[info.year] = YearValue(amounts[code].get(info.year, Decimal(0)), "table")
        rows.append(row)
    return rows
