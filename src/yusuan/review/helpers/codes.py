"""Code rows shared by the cross-table rules: 类 rows, rows by code, a code's children; whether the summary
as read adds up."""

from __future__ import annotations

from yusuan.domain.classification import function as function_entry
from yusuan.domain.tables import FISCAL_FUNDS, NON_FISCAL_SOURCES
from yusuan.model import Disclosure, Row, TwoSidedTable
from yusuan.review.context import ZERO, sum_tolerance


def is_function(code: str) -> bool:
    """A 3-digit code must be a 支出功能分类 类 (a unit's code printed in the code column, e.g. 114, is not)."""
    return len(code) != 3 or function_entry(code) is not None


def classes(rows: list[Row]) -> dict[str, Row]:
    """The 类 rows by code."""
    return {r.code: r for r in rows if r.code and len(r.code) == 3 and is_function(r.code)}


def class_rows(rows: list[Row]) -> dict[str, list[Row]]:
    """Every 类 row by code: several where a table prints one code tree per unit (the department's 类 is
    their sum)."""
    out: dict[str, list[Row]] = {}
    for r in rows:
        if r.code and len(r.code) == 3 and is_function(r.code):
            out.setdefault(r.code, []).append(r)
    return out


def row_map(rows: list[Row]) -> dict[str, Row]:
    """The code rows by code, and the 合计 row under ``total``."""
    return {r.code or r.key or r.name: r for r in rows if (r.code and is_function(r.code)) or r.key == "total"}


def children(key: str, keys: set[str]) -> list[str]:
    """The codes among ``keys`` directly below ``key`` (the 类 below ``total``)."""
    if key == "total":
        return [k for k in keys if len(k) == 3 and k.isdigit()]
    return [k for k in keys if len(k) == len(key) + 2 and k.startswith(key) and len(key) in (3, 5)]


def _side_total(rows: list[Row]) -> Row | None:
    """本年收入合计 / 本年支出合计 (key ``current_total``), else the first row without key or code (合计 printed
    above the items, as some templates do)."""
    return next((r for r in rows if r.key == "current_total"), None) or next(
        (r for r in rows if not r.key and not r.code), None
    )


def summary_unbalanced(d: Disclosure) -> bool:
    """Whether the summary as read does not add up on one side: its income sources (一般公共预算 … 其他收入) or
    its 类 rows miss the side's 合计 by more than rounding. Then comparing its items with other tables
    compares a misreading (cells of one column glued into another's labels) as often as the document."""
    t = d.tables.get("summary")
    if not isinstance(t, TwoSidedTable):
        return False
    keys = set(FISCAL_FUNDS) if any(r.key in FISCAL_FUNDS for r in t.income) else {"fiscal"}
    sides = (
        (t.income, [r for r in t.income if r.key in keys | set(NON_FISCAL_SOURCES) and not r.code]),
        (t.expenditure, list(classes(t.expenditure).values())),
    )
    for rows, items in sides:
        total = _side_total(rows)
        if total is None or not items or total in items:
            continue
        amounts = [r.values.get("amount", ZERO) for r in items]
        stated = total.values.get("amount", ZERO)
        if abs(stated - sum(amounts, ZERO)) > sum_tolerance([stated, *amounts]).amount:
            return True
    return False
