"""The key figures of a disclosure that history and compare read (stored in ``figures``)."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import Disclosure, Table

_THREE_PUBLIC = {
    "three_public": "total",
    "abroad": "abroad",
    "vehicle_purchase": "vehicle_purchase",
    "vehicle_operation": "vehicle_operation",
    "reception": "reception",
}


def _cell(d: Disclosure, table_id: str, key: str, column: str) -> Decimal | None:
    table = d.tables.get(table_id)
    if not isinstance(table, Table):
        return None
    for row in table.rows:
        if row.key == key and row.code is None:
            return row.values.get(column, Decimal(0))
    return None


def key_figures(d: Disclosure) -> dict[str, Decimal | int | None]:
    """Totals (expenditure 合计), basic/project, personnel/public (basic_expenditure 合计),
    机关运行经费 (= 公用经费), the 三公 parts, staff, and the narrative's stated prior total and change."""
    out: dict[str, Decimal | int | None] = {
        "total": _cell(d, "expenditure", "total", "total"),
        "basic": _cell(d, "expenditure", "total", "basic"),
        "project": _cell(d, "expenditure", "total", "project"),
        "personnel": _cell(d, "basic_expenditure", "total", "personnel"),
        "public": _cell(d, "basic_expenditure", "total", "public"),
    }
    out["operating_cost"] = out["public"]
    three = d.tables.get("three_public")
    for name, key in _THREE_PUBLIC.items():
        out[name] = _cell(d, "three_public", key, "total") if isinstance(three, Table) and three.rows else None
    if isinstance(three, Table) and not three.rows and three.note:
        for name in _THREE_PUBLIC:
            out[name] = Decimal(0)  # published empty: no 三公 spending
    out["staff"] = d.staffing.total if d.staffing else None
    prior = next((c for c in d.narrative.claims if c.subject == "expenditure" and c.kind == "prior"), None)
    change = next((c for c in d.narrative.claims if c.subject == "expenditure" and c.kind == "change"), None)
    out["stated_prior"] = prior.amount if prior else None
    if change is not None:
        out["stated_change"] = -change.amount if change.direction == "decrease" else change.amount
    else:
        out["stated_change"] = None
    return out
