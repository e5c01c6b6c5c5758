"""Value columns whose head means nothing known, identified by the arithmetic of their rows.

A column the heads leave unknown (kept as ``c<n>``) is named by the table's row equations
(:func:`yusuan.domain.tables.row_equations`): equal in every row to the sum of printed parts, it is
their whole (合计 of 基本支出 and 项目支出); equal in every row to a printed whole less its other
printed parts, it is the one missing part (专项业务经费 = 合计 − 人员经费 − 公用经费 → 项目支出).
A match must hold in every row within the printed rounding (n terms off by half a unit each) and
be telling: some row with more than one non-zero term, and the column not a copy of another.
Otherwise the column stays unknown, its head in the reading report.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.domain.tables import COLUMN_NAMES, COLUMN_PARTS, SPECS, row_equations
from yusuan.read.tables.grid_rows import Layout
from yusuan.read.tables.raw import RawRow

_GENERIC = re.compile(r"^c\d+$")


def is_generic(key: str) -> bool:
    """A column key that names no meaning: ``c<n>``, the grid column of an unknown head."""
    return bool(_GENERIC.match(key))


def identify_columns(lay: Layout, rows: list[RawRow]) -> None:
    """Rename unknown value columns (``c<n>``) whose rows add up to a known meaning; note each."""
    if lay.transposed or not lay.pairs or lay.pairs[0].side != "main":
        return
    for c in sorted(lay.keys_by_col):
        old = lay.keys_by_col[c]
        if not is_generic(old) or lay.roles.get(c) != "value":
            continue
        present = {k for k in lay.keys_by_col.values() if not is_generic(k)}
        found = _identify(lay.table, old, present, rows)
        head = "/".join(lay.paths.get(c, [])) or "（无栏头）"
        if found is None:
            whole = _residual_of(lay.table, old, present, rows)
            if whole is not None:
                lay.residuals[old] = whole
                lay.notes.append(
                    f"第{c + 1}栏“{head}”在各行等于“{COLUMN_NAMES.get(whole, whole)}”减其余各栏，"
                    "是其组成部分，但栏头未说明是哪一项"
                )
            continue
        lay.keys_by_col[c] = found
        for r in rows:
            if r.fixed is not None and old in r.fixed:
                r.fixed[found] = r.fixed.pop(old)
            r.columns = tuple(found if k == old else k for k in r.columns)
        lay.notes.append(f"第{c + 1}栏“{head}”按各行的算术关系识别为“{COLUMN_NAMES.get(found, found)}”")


def _identify(table: str, col: str, present: set[str], rows: list[RawRow]) -> str | None:
    wholes = [w for w in (*(lhs for lhs, _ in SPECS[table].equations), *COLUMN_PARTS) if w not in present]
    for whole in dict.fromkeys(wholes):
        for lhs, rhs in row_equations(table, present | {whole}):
            parts = [k for k in rhs if k in present]
            if lhs == whole and len(parts) >= 2 and _holds(rows, col, parts, []):
                return whole  # the whole of the printed parts
    for lhs, rhs in row_equations(table, present):
        parts = [k for k in rhs if k in present]
        missing = [k for k in rhs if k not in present]
        if len(missing) == 1 and parts and _holds(rows, lhs, [col, *parts], [col]):
            return missing[0]  # the one part the heads did not name
    return None


def _residual_of(table: str, col: str, present: set[str], rows: list[RawRow]) -> str | None:
    """The whole a column completes though several parts are missing (which one it is, unknown)."""
    for lhs, rhs in row_equations(table, present):
        parts = [k for k in rhs if k in present]
        if len([k for k in rhs if k not in present]) > 1 and _holds(rows, lhs, [col, *parts], [col]):
            return lhs
    return None


def _holds(rows: list[RawRow], whole: str, parts: list[str], telling: list[str]) -> bool:
    """``whole`` = sum of ``parts`` in every row that prints any of them, within rounding; and the
    equation is telling: some row has two non-zero parts and the unknown column is no copy."""
    checked = 0
    several = False
    copy = True
    unknown = telling[0] if telling else whole
    for r in rows:
        fixed = r.fixed or {}
        cells = [fixed.get(k) for k in (whole, *parts)]
        if all(v is None for v in cells):
            continue
        values = [v if v is not None else Decimal(0) for v in cells]
        total, terms = values[0], values[1:]
        if abs(total - sum(terms, Decimal(0))) > _tolerance(values):
            return False
        checked += 1
        several = several or sum(1 for v in terms if v != 0) >= 2
        mine = fixed.get(unknown) or Decimal(0)
        others = [v for k, v in fixed.items() if k != unknown]
        copy = copy and (mine == 0 or mine in others)
    return checked >= 2 and several and not copy


def _tolerance(values: list[Decimal]) -> Decimal:
    """Half a printed unit for each value: n parts and their whole, each rounded on its own."""
    exponents = [e for v in values if isinstance(e := v.as_tuple().exponent, int)]
    unit = Decimal(1).scaleb(max(exponents)) if exponents else Decimal(0)
    return unit / 2 * len(values)
