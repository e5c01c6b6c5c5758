"""A synthetic department's year as a disclosure: the nine tables, the narrative's claims, the
performance goals, procurement, assets, organisation, staffing and glossary (see :mod:`yusuan.synth.generate`)."""

from __future__ import annotations

import random
import zlib
from decimal import Decimal

from yusuan.domain import classification as reference
from yusuan.domain.figures import THREE_PUBLIC_ROWS, glossary
from yusuan.domain.figures import name as zh
from yusuan.domain.tables import FISCAL_FUNDS, SPECS
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import (
    AssetRow,
    Assets,
    Claim,
    Department,
    Disclosure,
    GlossaryEntry,
    Indicator,
    Narrative,
    Organisation,
    PerformanceProject,
    Procurement,
    ProcurementLine,
    Row,
    Section,
    Staffing,
    Table,
    TwoSidedTable,
)
from yusuan.publish.narrative import Figures, Prior
from yusuan.publish.narrative_styles import STYLES, Style, styled_claims
from yusuan.publish.textlayout import EMPTY_NOTES
from yusuan.synth.departments import ZERO, Dept, Year, cents
from yusuan.synth.samples import INCOME_ITEMS, SECTIONS

D = Decimal
_RANK: dict[str, str] = {"县": "正科级", "区": "正科级", "市": "正处级", "省": "正厅级"}

Amounts = dict[str, dict[str, Decimal]]


def _add(into: dict[str, Decimal], values: dict[str, Decimal]) -> None:
    for key, value in values.items():
        into[key] = into.get(key, ZERO) + value


def _nonzero(values: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: v for k, v in values.items() if v}


def code_rows(leaves: Amounts, kind: reference.Kind, year: int) -> list[Row]:
    """The 合计 row, then every code with its parents (parents first), each the sum of its leaves."""
    sums: dict[str, dict[str, Decimal]] = {}
    total: dict[str, Decimal] = {}
    for code, values in leaves.items():
        for prefix in sorted({code[:3], code[:5], code}):
            _add(sums.setdefault(prefix, {}), values)
        _add(total, values)
    if not total:
        return []
    rows = [Row(key="total", name="合计", values=_nonzero(total))]
    for code, values in sorted(sums.items()):
        entry = reference.lookup(kind, code, year)
        assert entry is not None, f"{code} is not in the {kind} classification"
        rows.append(Row(code=code, name=entry.name, values=_nonzero(values)))
    return rows


def _table(table_id: str, rows: list[Row]) -> Table:
    return Table(title=SPECS[table_id].title, unit="万元", rows=rows, note=None if rows else EMPTY_NOTES[table_id])


def _two_sided(fiscal: bool, sources: dict[str, Decimal], classes: Amounts) -> TwoSidedTable:
    """收支总表 (``fiscal`` false) or 财政拨款收支总表: income by source beside expenditure by 类."""
    if fiscal:
        sources = {k: sources[k] for k in FISCAL_FUNDS}
    total = sum(sources.values(), ZERO)
    table_id = "fiscal_summary" if fiscal else "summary"
    income_tail, expenditure_tail = HEBEI_2023.summary_tails[table_id]
    income = [
        Row(key=key, name=name, values=_nonzero({"amount": sources[key]}))
        for key, name in HEBEI_2023.summary_income_items(table_id)
    ]
    income += [
        Row(key=key, name=name, values={"amount": total} if key != "carryover" else {})
        for key, name in income_tail
    ]
    expenditure = [
        Row(code=item.class_code, name=item.label, values=_nonzero(classes.get(item.class_code or "", {})))
        for item in reference.summary_items()
    ]
    both = (
        {"total": total, "general": sources["general"], "gov_fund": sources["gov_fund"]}
        if fiscal
        else {"amount": total}
    )
    expenditure += [
        Row(key=key, name=name, values=_nonzero(both) if key != "carryover" else {})
        for key, name in expenditure_tail
    ]
    spec = SPECS[table_id]
    return TwoSidedTable(title=spec.title, unit="万元", income=income, expenditure=expenditure)


def _tables(cur: Year) -> dict[str, Table | TwoSidedTable]:
    leaves: dict[str, list[Decimal]] = {}  # function code → [basic, project general, project fund, project other]
    for code, amount in cur.basic_function.items():
        leaves.setdefault(code, [ZERO] * 4)[0] += amount
    for p in cur.projects:
        leaf = leaves.setdefault(p.code, [ZERO] * 4)
        leaf[1:] = [leaf[1] + p.general, leaf[2] + p.fund, leaf[3] + p.other]
    spent: Amounts = {}
    received: Amounts = {}
    general: Amounts = {}
    fund: Amounts = {}
    classes: Amounts = {}
    fiscal_classes: Amounts = {}
    for c, (b, g, f, o) in leaves.items():
        spent[c] = {"total": b + g + f + o, "basic": b, "project": g + f + o}
        received[c] = {"total": b + g + f + o, "subtotal": b + g + f + o, "fiscal": b + g + f, "other": o}
        if b + g:
            general[c] = {"total": b + g, "basic": b, "project": g}
        if f:
            fund[c] = {"total": f, "project": f}
        _add(classes.setdefault(c[:3], {}), {"amount": b + g + f + o})
        _add(fiscal_classes.setdefault(c[:3], {}), {"total": b + g + f, "general": b + g, "gov_fund": f})
    economic = {c: {"total": v, ("public" if c.startswith("302") else "personnel"): v} for c, v in cur.economic.items()}
    sources = {key: ZERO for _, key in INCOME_ITEMS} | {
        "general": sum((v["total"] for v in general.values()), ZERO),
        "gov_fund": sum((v["total"] for v in fund.values()), ZERO),
        "other": sum((p.other for p in cur.projects), ZERO),
    }
    three = cur.three
    vehicle = three["vehicle_purchase"] + three["vehicle_operation"]
    three_amounts = {**three, "total": cur.three_total(), "subtotal": cur.three_total(), "vehicle": vehicle}
    three_rows = [(key, label, three_amounts[key]) for key, label in THREE_PUBLIC_ROWS]
    y = cur.year
    return {
        "summary": _two_sided(False, sources, classes),
        "income": _table("income", code_rows(received, "function", y)),
        "expenditure": _table("expenditure", code_rows(spent, "function", y)),
        "fiscal_summary": _two_sided(True, sources, fiscal_classes),
        "general_budget": _table("general_budget", code_rows(general, "function", y)),
        "basic_expenditure": _table("basic_expenditure", code_rows(economic, "economic", y)),
        "gov_fund": _table("gov_fund", code_rows(fund, "function", y)),
        "state_capital": _table("state_capital", []),
        "three_public": _table(
            "three_public", [Row(key=k, name=n, values=_nonzero({"total": v, "general": v})) for k, n, v in three_rows]
        ),
    }


def narrative_style(name: str) -> Style:
    """The style a department's 情况说明 is written in, the same every year (one of the templates')."""
    return STYLES[zlib.crc32(name.encode()) % len(STYLES)]


def _claims(name: str, cur: Year, prev: Year, procurement: Decimal, assets: Decimal) -> list[Claim]:
    total = cur.basic() + cur.project()
    other = sum((p.other for p in cur.projects), ZERO)
    fund = sum((p.fund for p in cur.projects), ZERO)
    three = cur.three
    figures = Figures(
        income=total,
        fiscal_income=total - fund - other,
        gov_fund_income=fund,
        other_income=other,
        expenditure=total,
        basic=cur.basic(),
        personnel=cur.personnel(),
        public=cur.public(),
        project=cur.project(),
        three_public=cur.three_total(),
        abroad=three["abroad"],
        vehicle_purchase=three["vehicle_purchase"],
        vehicle_operation=three["vehicle_operation"],
        reception=three["reception"],
        procurement=procurement,
        fixed_assets=assets,
        planned_assets=procurement,
    )
    before = prev.basic() + prev.project()
    prior = Prior(before, prev.basic(), prev.project(), prev.three_total(), income=before)
    return styled_claims(narrative_style(name), name, cur.year, figures, prior)


#: (一级, 二级, 三级 indicator, description, value: operator, number, unit, basis); {} is the project's subject.
_INDICATORS = (
    ("产出指标", "数量指标", "{}工作任务数", "年度计划完成的工作任务数量", "≥", 6, "项", "年度工作计划"),
    ("产出指标", "质量指标", "任务完成合格率", "完成并达到标准的任务占比", "≥", 95, "%", "相关工作标准"),
    ("效益指标", "社会效益指标", "服务对象覆盖率", "工作惠及的服务对象占比", "≥", 90, "%", "历年工作情况"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "满意人数占调查人数的比率", "≥", 90, "%", "问卷调查结果"),
)


def _indicators(project: str) -> list[Indicator]:
    subject = project.removesuffix("经费").removesuffix("项目")
    return [
        Indicator(
            level1=l1,
            level2=l2,
            name=n.format(subject),
            description=desc,
            value=f"{op}{num}{unit}",
            operator=op,
            number=D(num),
            unit=unit,
            basis=basis,
        )
        for l1, l2, n, desc, op, num, unit, basis in _INDICATORS
    ]


def disclosure(dept: Dept, cur: Year, prev: Year) -> Disclosure:
    name, y, lv = dept.name, cur.year, dept.level
    lines: list[ProcurementLine] = []
    if cur.equipment:
        project = cur.projects[0]
        for n, (item, catalogue, unit, quantity, price) in enumerate(cur.equipment):
            budget = {"project_budget": project.budget} if n == 0 else {}
            lines.append(
                ProcurementLine(
                    project=project.name,
                    item=item,
                    catalogue=catalogue,
                    unit=unit,
                    quantity=D(quantity),
                    unit_price=price,
                    values={**budget, "total": quantity * price, "general": quantity * price},
                )
            )
    if cur.three["vehicle_purchase"]:
        price = cur.three["vehicle_purchase"]
        lines.append(
            ProcurementLine(
                project="公务用车购置经费",
                item="公务用车",
                catalogue="A02030500",
                unit="辆",
                quantity=D(1),
                unit_price=price,
                values={"project_budget": price, "total": price, "general": price},
            )
        )
    procurement = sum((ln.values["total"] for ln in lines), ZERO)
    rng = random.Random(f"assets:{dept.region}:{dept.organ.code}:{y}")
    vehicles = max(1, round(float(cur.three["vehicle_operation"]) / rng.uniform(1.8, 3.0)))
    area = D(cur.staff * rng.randint(18, 30))
    parts = [
        ("buildings", "1、房屋（平方米）", area, cents(cur.staff * rng.uniform(4, 9)))
        if rng.random() < 0.7
        else ("buildings", "1、房屋（平方米）", None, None),
        ("vehicles", "2、车辆（台、辆）", D(vehicles), cents(vehicles * rng.uniform(12, 22))),
        ("equipment", "3、单价在20万元以上的设备", D(1), cents(rng.uniform(20, 60)))
        if rng.random() < 0.2
        else ("equipment", "3、单价在20万元以上的设备", None, None),
        ("other", "4、其他固定资产", D(cur.staff * rng.randint(6, 14)), cents(cur.staff * rng.uniform(1.5, 4))),
    ]
    total_assets = sum((v for *_, v in parts if v is not None), ZERO)
    level = f"{lv}级"
    terms = [("一般公共预算拨款收入", f"指{level}财政当年拨付的资金。")]
    if any(p.fund for p in cur.projects):
        terms.append(("政府性基金预算拨款收入", f"指{level}财政当年拨付的政府性基金预算资金。"))
    terms += glossary(level)
    return Disclosure(
        source=f"{name}-{y}.txt",
        layout="docx-text",
        department=Department(code=dept.organ.code, name=name, level=lv, region=dept.region),
        year=y,
        unit="万元",
        tables=dict(_tables(cur)),
        narrative=Narrative(
            sections=[Section(number=n, title=t) for n, t in SECTIONS],
            claims=_claims(name, cur, prev, procurement, total_assets),
        ),
        performance=[
            PerformanceProject(
                name=p.name,
                budget=p.budget,
                fiscal=p.general + p.fund,
                goal=f"保障{p.name}所列工作按计划完成。",
                indicators=_indicators(p.name),
            )
            for p in cur.projects
        ],
        procurement=Procurement(
            present=True,
            unit="万元" if lines else None,
            lines=lines,
            note=None if lines else f"注：无{zh('procurement')}，空表列示。",
        ),
        assets=Assets(
            present=True,
            as_of=f"{y - 1}-12-31",
            unit="万元",
            rows=[
                AssetRow(key="total", name="资产总额", value=total_assets),
                *(AssetRow(key=k, name=n, count=c, value=v) for k, n, c, v in parts),
            ],
        ),
        organisation=[Organisation(name=f"{name}本级", nature="行政", rank=_RANK[lv], funding="财政拨款")],
        staffing=Staffing(
            total=cur.staff + cur.retired,
            active=cur.staff,
            retired=cur.retired,
            sentence=f"本部门共有{cur.staff + cur.retired}人，其中：在职人员{cur.staff}人，离退休人员{cur.retired}人。",
        ),
        glossary=[GlossaryEntry(term=term, text=text) for term, text in terms],
    )
