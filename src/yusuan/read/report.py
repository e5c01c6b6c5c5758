"""The reading report of a real file: tables found, cells read, checks that pass, a confidence.

A check the document misses by no more than rounding explains (尾差, within half a unit of each printed
amount's last digit) passes, as it does in the review."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from yusuan.domain.tables import states_empty
from yusuan.model import ReadingReport, TableReading
from yusuan.read.infer.constraints import Index
from yusuan.read.infer.solver import Equation
from yusuan.read.tables.raw import RawRow, RawTables


def _decimals(amount: Decimal) -> int:
    exp = amount.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _places(rows: list[RawRow]) -> int:
    """The decimals a table prints its amounts to (in 万元): the most any of its cells shows, else 2."""
    return max((_decimals(v) for r in rows for v in (r.fixed or {}).values()), default=2)


def _within_rounding(eq: Equation, index: Index, places: dict[str, int]) -> bool:
    """Whether a set-aside equation holds, or misses by no more than rounding explains (尾差): each printed
    amount may be off by half a unit of its last digit (a whole number: its table's), so n terms and their
    total to the cent may miss by (n + 1) × 0.005 万元 — the review's rounding bound
    (:mod:`yusuan.review.context`). Only rows whose cells were placed by position can be evaluated."""
    total, bound = Decimal(0), Decimal(0)
    for term in eq.terms:
        row = index.rows[term.var]
        if row.fixed is None:
            return False
        value = row.fixed.get(term.column)
        if value is None:
            continue  # a blank cell is exactly 0
        total += term.coeff * value
        bound += Decimal(5).scaleb(-((_decimals(value) or places.get(row.table, 2)) + 1))
    return abs(total - eq.const) <= bound


def reading_report(
    layout: str, pages: int | None, raw: RawTables, index: Index, equations: list[Equation], dropped: list[Equation]
) -> ReadingReport:
    checks: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    places = {table_id: _places(t.rows) for table_id, t in raw.tables.items()}
    broken = {id(e) for e in dropped if not _within_rounding(e, index, places)}
    for eq in equations:
        for table_id in {index.rows[term.var].table for term in eq.terms}:
            checks[table_id] += 1
            if id(eq) not in broken:
                passed[table_id] += 1
    readings: list[TableReading] = []
    for table_id, t in raw.tables.items():
        cells = sum(len(r.fixed or {}) for r in t.rows)
        unknown = [label for key, label in t.labels.items() if key.startswith("c") and key[1:].isdigit()]
        n_checks = checks[table_id]
        score = passed[table_id] / n_checks if n_checks else (0.9 if cells else 0.6)
        if t.columns:
            score *= 1 - 0.5 * len(unknown) / len(t.columns)
        readings.append(
            TableReading(
                table=table_id,
                title=t.title,
                pages=t.pages,
                rows=len(t.rows),
                cells=cells,
                columns=len(t.columns),
                unknown_columns=unknown,
                parts=dict(t.residuals),
                checks=n_checks,
                passed=passed[table_id],
                confidence=round(score, 3),
            )
        )
    notes: list[str] = []
    for other in raw.others:
        empty = states_empty(other.note)  # printed empty with a note saying so: read, no rows
        readings.append(TableReading(table=other.id, title=other.title, pages=other.pages, read=empty))
        if empty:
            notes.append(f"{other.title}：印为空表（{other.note}）")
    read = [r for r in readings if r.read]
    if not read:
        notes.append("未找到可读取的预算表格")
    notes.extend(f"{t.title}：{note}" for t in raw.tables.values() for note in t.notes)
    confidence = round(sum(r.confidence for r in read) / len(read), 3) if read else 0.0
    return ReadingReport(format=layout, pages=pages, tables=readings, confidence=confidence, notes=notes)
