"""Fill a ``yusuan template`` workbook from a synthetic disclosure, as a finance officer would."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from yusuan.model import Disclosure, Table
from yusuan.publish.workbook import write_template


def _table(d: Disclosure, table_id: str) -> Table:
    table = d.table(table_id)
    assert table is not None
    return table


class _Rows:
    """Rows written from row 2 down (the template's formatted cells make ``append`` start below them)."""

    def __init__(self, ws: object) -> None:
        self.ws, self.row = ws, 2

    def append(self, values: list[object]) -> None:
        for col, value in enumerate(values, start=1):
            self.ws.cell(row=self.row, column=col, value=value)  # type: ignore[attr-defined]
        self.row += 1


def fill(d: Disclosure, path: Path, prior: dict[str, Decimal] | None = None) -> Path:
    """The template at ``path`` filled with ``d``'s leaf rows (amounts typed as numbers)."""
    write_template(path, d.year or 2023)
    wb = load_workbook(path)
    info = wb["基本信息"]
    labels = {info.cell(row=r, column=1).value: r for r in range(2, info.max_row + 1)}
    values: dict[str, object] = {
        "部门编码": d.department.code,
        "部门名称": d.department.name,
        "预算年度": d.year,
        "政府层级": d.department.level,
        "固定资产截止时间": d.assets.as_of,
    }
    if d.staffing is not None:
        values |= {"在职人员": d.staffing.active, "离退休人员": d.staffing.retired}
    for label, value in (prior or {}).items():
        values[label] = float(value)
    for label, value in values.items():
        info.cell(row=labels[label], column=2, value=value)

    detail = _Rows(wb["收支明细"])
    income = {r.code: r.values for r in _table(d, "income").rows if r.code and len(r.code) == 7}
    funds = {
        fund: {r.code: r.values for r in _table(d, t).rows if r.code and len(r.code) == 7}
        for fund, t in (("一般公共预算拨款", "general_budget"), ("政府性基金预算拨款", "gov_fund"))
    }
    for code in sorted(income):
        for source, rows in funds.items():
            if code in rows:
                v = rows[code]
                detail.append(
                    [code, None, source, float(v.get("basic", 0)) or None, float(v.get("project", 0)) or None]
                )
        if income[code].get("other"):
            detail.append([code, None, "其他收入", None, float(income[code]["other"])])
    basic = _Rows(wb["基本支出"])
    for r in _table(d, "basic_expenditure").rows:
        if r.code and len(r.code) == 5:
            basic.append(
                [r.code, None, float(r.values.get("personnel", 0)) or None, float(r.values.get("public", 0)) or None]
            )
    three = wb["三公经费"]
    rows = {r.key: r.values for r in _table(d, "three_public").rows}
    for n, key in enumerate(("abroad", "vehicle_purchase", "vehicle_operation", "reception"), start=2):
        if rows.get(key, {}).get("general"):
            three.cell(row=n, column=2, value=float(rows[key]["general"]))
    perf = _Rows(wb["绩效目标"])
    for p in d.performance:
        for i, ind in enumerate(p.indicators):
            head = [p.name, float(p.budget or 0), float(p.fiscal or 0), p.goal] if i == 0 else [None] * 4
            perf.append([*head, ind.level1, ind.level2, ind.name, ind.description, ind.value, ind.basis])
    procurement = _Rows(wb["政府采购"])
    for ln in d.procurement.lines:
        budget = ln.values.get("project_budget")
        procurement.append(
            [
                ln.project,
                float(budget) if budget else None,
                ln.item,
                ln.catalogue,
                ln.unit,
                int(ln.quantity or 0),
                float(ln.unit_price or 0),
                float(ln.values.get("general", 0)),
            ]
        )
    assets = wb["固定资产"]
    by_key = {r.key: r for r in d.assets.rows}
    for n, key in enumerate(("buildings", "vehicles", "equipment", "other"), start=2):
        row = by_key.get(key)
        if row is not None and (row.count is not None or row.value is not None):
            assets.cell(row=n, column=2, value=int(row.count) if row.count is not None else None)
            assets.cell(row=n, column=3, value=float(row.value) if row.value is not None else None)
    org = _Rows(wb["机构设置"])
    for u in d.organisation:
        org.append([u.name, u.nature, u.rank, u.funding])
    glossary = _Rows(wb["名词解释"])
    for g in d.glossary:
        glossary.append([g.term, g.text])
    wb.save(path)
    return path
