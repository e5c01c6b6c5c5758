"""Synthetic department budget disclosures: plausible, consistent, and deterministic for a seed.

:func:`generate` yields complete packages of fictional departments — a region of 省/市/县/区 level
composed from common place-name characters, an organ (人大常委会, 财政局, 教育局 …) with the function
classes it spends on — each over several consecutive budget years (2021–2025). Amounts follow the
shape of real packages: personnel 60–85% of basic expenditure, projects 10–40% of the total, 三公
0.5–3% of the total, wages growing from year to year. Every relationship of DOMAIN.md §3 holds, and
the narrative states this year's figures and the change from the previous year generated.

:func:`render_package` writes a disclosure as DOCX-extracted text (the nine tables, the narrative,
the performance goals, procurement, assets and glossary); :func:`yusuan.read_text` reads the same
tables and claims back, and the review finds nothing to report.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

from yusuan.domain import classification as reference
from yusuan.domain.tables import SPECS
from yusuan.model import (
    AssetRow,
    Assets,
    Claim,
    Department,
    Disclosure,
    GlossaryEntry,
    Indicator,
    Level,
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
from yusuan.publish.narrative import Figures, Prior, figure_claims
from yusuan.publish.textlayout import EMPTY_NOTES
from yusuan.review.mutations import region_name
from yusuan.synth.samples import INCOME_ITEMS, SECTIONS

D = Decimal
ZERO = D("0.00")
YEARS = range(2021, 2026)


@dataclass(frozen=True)
class Organ:
    """A kind of department (``data/synth/organs.csv``): local and provincial name, department code, the
    field named in its duties, the 款 whose 行政运行 (…01) carries basic expenditure, the staff of a
    county-level one, its projects and, for some, a 政府性基金 (lottery fund) project."""

    name: str
    province_name: str
    code: str
    work: str
    admin: str
    staff: int
    projects: tuple[tuple[str, str], ...]  # (项 code, project name)
    fund: tuple[str, str] | None


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, name) for code, name in (item.split(":") for item in text.split(";") if item))


def _organs() -> tuple[Organ, ...]:
    text = resources.files("yusuan").joinpath("data", "synth", "organs.csv").read_text(encoding="utf-8")
    return tuple(
        Organ(
            r["name"],
            r["province_name"],
            r["code"],
            r["work"],
            r["admin"],
            int(r["staff"]),
            _pairs(r["projects"]),
            (_pairs(r["fund"]) or (None,))[0],
        )
        for r in csv.DictReader(io.StringIO(text))
    )


ORGANS: tuple[Organ, ...] = _organs()

_LEVELS: tuple[Level, ...] = ("县", "县", "县", "区", "区", "市", "市", "省")
_SCALE: dict[str, float] = {"县": 1.0, "区": 1.1, "市": 2.2, "省": 4.5}
_WAGE: dict[str, float] = {"县": 7.5, "区": 8.5, "市": 10.0, "省": 13.0}  # wage base per head, 2021, 万元
_RANK: dict[str, str] = {"县": "正科级", "区": "正科级", "市": "正处级", "省": "正厅级"}
#: Public-expenditure (302) codes sharing what 三公 leaves of 公用经费, with their weights.
_PUBLIC_CODES = (
    ("30201", 3.0),
    ("30205", 0.5),
    ("30206", 1.5),
    ("30207", 1.0),
    ("30211", 2.0),
    ("30213", 1.0),
    ("30215", 1.0),
    ("30216", 0.8),
    ("30228", 1.5),
    ("30229", 1.0),
    ("30239", 2.0),
    ("30299", 0.7),
)
#: (item, catalogue, unit, unit price range in 万元) of office equipment bought through procurement.
_EQUIPMENT = (
    ("台式计算机", "A02010104", "台", 0.45, 0.70),
    ("便携式计算机", "A02010105", "台", 0.55, 0.90),
    ("激光打印机", "A02021003", "台", 0.15, 0.30),
    ("复印机", "A02020100", "台", 2.0, 4.0),
    ("空调机", "A02061804", "台", 0.40, 0.90),
)


def cents(amount: float) -> Decimal:
    """An amount in 万元 with exactly two decimals."""
    return D(round(amount * 100)).scaleb(-2)


def split(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """``total`` shared in proportion to ``weights``, in cents, adding up exactly."""
    whole = int(total * 100)
    parts = [int(whole * w / sum(weights)) for w in weights]
    parts[0] += whole - sum(parts)
    return [D(p).scaleb(-2) for p in parts]


@dataclass
class _Dept:
    """One department and the traits that stay the same over its years."""

    level: Level
    region: str
    organ: Organ
    staff: int
    retired: int
    wage: float
    personnel_share: float
    project_share: float
    three_share: float
    pension: bool  # pays 退休费 (30302) from its budget
    abroad: bool  # has 因公出国（境）费
    fund: bool  # has a 政府性基金 project
    other_income: bool  # part of one project is paid from 其他收入
    procurement: bool
    projects: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return self.region + (self.organ.province_name if self.level == "省" else self.organ.name)


@dataclass
class _Project:
    name: str
    code: str
    general: Decimal
    fund: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def budget(self) -> Decimal:
        return self.general + self.fund + self.other


@dataclass
class _Year:
    """One year's figures of a department."""

    year: int
    staff: int
    retired: int
    economic: dict[str, Decimal]  # 5-digit economic code → basic expenditure
    basic_function: dict[str, Decimal]  # 7-digit function code → basic expenditure
    projects: list[_Project]
    three: dict[str, Decimal]  # abroad, vehicle_purchase, vehicle_operation, reception
    equipment: list[tuple[str, str, str, int, Decimal]] = field(default_factory=list)

    def personnel(self) -> Decimal:
        return sum((v for c, v in self.economic.items() if not c.startswith("302")), ZERO)

    def public(self) -> Decimal:
        return sum((v for c, v in self.economic.items() if c.startswith("302")), ZERO)

    def basic(self) -> Decimal:
        return sum(self.economic.values(), ZERO)

    def project(self) -> Decimal:
        return sum((p.budget for p in self.projects), ZERO)

    def three_total(self) -> Decimal:
        return sum(self.three.values(), ZERO)


def _department(index: int, seed: int) -> _Dept:
    rng = random.Random(f"dept:{seed}:{index}")
    # Blocks of len(_LEVELS) regions: consecutive departments differ in region, level and organ.
    block, at = divmod(index, len(_LEVELS) * len(ORGANS))
    number = block * len(_LEVELS) + at % len(_LEVELS)
    organ = ORGANS[(at // len(_LEVELS) + at % len(_LEVELS)) % len(ORGANS)]
    level = _LEVELS[(number + seed) % len(_LEVELS)]
    staff = max(5, round(organ.staff * _SCALE[level] * rng.uniform(0.7, 1.3)))
    k = rng.randint(min(2, len(organ.projects)), len(organ.projects))
    return _Dept(
        level=level,
        region=region_name(number, level, seed),
        organ=organ,
        staff=staff,
        retired=round(staff * rng.uniform(0.2, 1.0)),
        wage=_WAGE[level] * rng.uniform(0.9, 1.15),
        personnel_share=rng.uniform(0.62, 0.83),
        project_share=rng.uniform(0.12, 0.38),
        three_share=rng.uniform(0.006, 0.028),
        pension=rng.random() < 0.3,
        abroad=level in ("省", "市") and rng.random() < 0.4,
        fund=organ.fund is not None and rng.random() < 0.5,
        other_income=rng.random() < 0.15,
        procurement=rng.random() < 0.6,
        projects=tuple(sorted(rng.sample(organ.projects, k))),
    )


def _figures(dept: _Dept, year: int, seed: int, staff: int) -> _Year:
    """The figures of one year: wages grow about 4.5% a year, shares wander around the department's."""
    rng = random.Random(f"year:{seed}:{dept.region}:{dept.organ.code}:{year}")
    wage = dept.wage * 1.045 ** (year - 2021) * rng.uniform(0.98, 1.02)
    base = cents(staff * wage)
    economic = dict(
        zip(
            ("30101", "30102", "30103", "30107"),
            split(base, [rng.uniform(0.25, 0.32), rng.uniform(0.3, 0.38), 0.08, rng.uniform(0.22, 0.3)]),
            strict=True,
        )
    )
    for code, rate in (
        ("30108", 0.16),
        ("30109", 0.08),
        ("30110", rng.uniform(0.06, 0.09)),
        ("30111", rng.uniform(0.01, 0.04)),
        ("30112", rng.uniform(0.003, 0.01)),
        ("30113", 0.12),
    ):
        economic[code] = cents(float(base) * rate)
    retired = dept.retired + (year - 2021) // 2
    if dept.pension:
        economic["30302"] = cents(retired * rng.uniform(4.0, 6.0))
    economic["30305"] = cents(retired * rng.uniform(0.3, 0.8))
    personnel = sum(economic.values(), ZERO)
    share = min(0.85, max(0.6, dept.personnel_share + rng.uniform(-0.02, 0.02)))
    public = cents(float(personnel) * (1 - share) / share)
    project_share = min(0.4, max(0.1, dept.project_share + rng.uniform(-0.03, 0.03)))
    basic = personnel + public
    total = float(basic) / (1 - project_share)
    three_total = cents(min(total * (dept.three_share + rng.uniform(-0.002, 0.002)), float(public) * 0.5))
    abroad = cents(float(three_total) * rng.uniform(0.1, 0.25)) if dept.abroad else ZERO
    operation = cents(float(three_total - abroad) * rng.uniform(0.5, 0.75))
    three = {
        "abroad": abroad,
        "vehicle_purchase": ZERO,
        "vehicle_operation": operation,
        "reception": three_total - abroad - operation,
    }
    for code, key in (("30212", "abroad"), ("30231", "vehicle_operation"), ("30217", "reception")):
        if three[key]:
            economic[code] = three[key]
    rest = public - three_total
    for (code, _), amount in zip(
        _PUBLIC_CODES, split(rest, [w * rng.uniform(0.6, 1.4) for _, w in _PUBLIC_CODES]), strict=True
    ):
        economic[code] = amount
    economic = {c: v for c, v in sorted(economic.items()) if v}
    return _year(dept, rng, year, staff, retired, economic, cents(total) - basic, three)


def _year(
    dept: _Dept,
    rng: random.Random,
    year: int,
    staff: int,
    retired: int,
    economic: dict[str, Decimal],
    project_total: Decimal,
    three: dict[str, Decimal],
) -> _Year:
    """Basic expenditure by function code, the projects and the procurement of one year."""
    fixed = {
        "2080505": "30108",
        "2080506": "30109",
        "2101101": "30110",
        "2101103": "30111",
        "2210201": "30113",
        "2080501": "30302",
    }
    functions = {f: economic[e] for f, e in fixed.items() if e in economic}
    functions[dept.organ.admin + "01"] = sum(economic.values(), ZERO) - sum(functions.values(), ZERO)
    fund = cents(float(project_total) * rng.uniform(0.1, 0.3)) if dept.fund else ZERO
    amounts = split(project_total - fund, [rng.uniform(0.5, 1.5) for _ in dept.projects])
    projects = [_Project(name, code, amount) for (code, name), amount in zip(dept.projects, amounts, strict=True)]
    if dept.other_income:
        projects[0].other = cents(float(projects[0].general) * rng.uniform(0.2, 0.5))
        projects[0].general -= projects[0].other
    if dept.fund and dept.organ.fund is not None:
        projects.append(_Project(dept.organ.fund[1], dept.organ.fund[0], ZERO, fund))
    price = cents(rng.uniform(12.0, 18.0))
    total = sum(economic.values(), ZERO) + project_total + price
    if rng.random() < 0.08 and sum(three.values(), ZERO) + price <= total * D("0.03"):
        # a car replaced this year: 公务用车购置费, bought through procurement
        projects.append(_Project("公务用车购置经费", dept.organ.admin + "02", price))
        three["vehicle_purchase"] = price
    result = _Year(year, staff, retired, economic, dict(sorted(functions.items())), projects, three)
    if dept.procurement:
        budget = float(projects[0].general)
        for item, catalogue, unit, low, high in rng.sample(_EQUIPMENT, rng.randint(1, 3)):
            price = cents(rng.uniform(low, high))
            quantity = min(staff, int(budget * 0.08 / float(price)))  # each item at most 8% of the project
            if quantity:
                result.equipment.append((item, catalogue, unit, quantity, price))
    return result


def generate(count: int, seed: int) -> Iterator[Disclosure]:
    """``count`` synthetic disclosures, department by department, each over consecutive years.

    The same seed gives the same documents, and a shorter run is a prefix of a longer one.
    """
    produced, index = 0, 0
    while produced < count:
        dept = _department(index, seed)
        rng = random.Random(f"span:{seed}:{index}")
        first = rng.choice((2021, 2021, 2021, 2022, 2023))
        staff = dept.staff
        previous = _figures(dept, first - 1, seed, staff)
        for year in range(first, YEARS.stop):
            if produced == count:
                return
            staff = max(5, staff + rng.choice((-1, 0, 0, 1, 2)))
            current = _figures(dept, year, seed, staff)
            yield _disclosure(dept, current, previous)
            produced += 1
            previous = current
        index += 1


# -- the disclosure -------------------------------------------------------------------------------


Amounts = dict[str, dict[str, Decimal]]


def _add(into: dict[str, Decimal], values: dict[str, Decimal]) -> None:
    for key, value in values.items():
        into[key] = into.get(key, ZERO) + value


def _nonzero(values: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: v for k, v in values.items() if v}


def _code_rows(leaves: Amounts, kind: reference.Kind, year: int) -> list[Row]:
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
        sources = {k: sources[k] for k in ("general", "gov_fund", "state_capital")}
    total = sum(sources.values(), ZERO)
    income = [
        Row(key=key, name=name.replace("收入", "") if fiscal else name, values=_nonzero({"amount": sources[key]}))
        for name, key in INCOME_ITEMS[: 3 if fiscal else 9]
    ]
    income += [
        Row(key="current_total", name="本年收入合计", values={"amount": total}),
        Row(key="carryover", name="年初财政拨款结转和结余" if fiscal else "上年结转结余"),
        Row(key="grand_total", name="收入总计", values={"amount": total}),
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
        Row(key="current_total", name="本年支出合计", values=_nonzero(both)),
        Row(key="carryover", name="年末财政拨款结转和结余" if fiscal else "年终结转结余"),
        Row(key="grand_total", name="支出总计", values=_nonzero(both)),
    ]
    spec = SPECS["fiscal_summary" if fiscal else "summary"]
    return TwoSidedTable(title=spec.title, unit="万元", income=income, expenditure=expenditure)


def _tables(cur: _Year) -> dict[str, Table | TwoSidedTable]:
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
    three_rows = [
        ("total", "合计", cur.three_total()),
        ("subtotal", "“三公”经费小计", cur.three_total()),
        ("abroad", "一、因公出国（境）费", three["abroad"]),
        ("vehicle", "二、公务用车购置及运维费", vehicle),
        ("vehicle_purchase", "其中：公务用车购置费", three["vehicle_purchase"]),
        ("vehicle_operation", "公务用车运行维护费", three["vehicle_operation"]),
        ("reception", "三、公务接待费", three["reception"]),
    ]
    y = cur.year
    return {
        "summary": _two_sided(False, sources, classes),
        "income": _table("income", _code_rows(received, "function", y)),
        "expenditure": _table("expenditure", _code_rows(spent, "function", y)),
        "fiscal_summary": _two_sided(True, sources, fiscal_classes),
        "general_budget": _table("general_budget", _code_rows(general, "function", y)),
        "basic_expenditure": _table("basic_expenditure", _code_rows(economic, "economic", y)),
        "gov_fund": _table("gov_fund", _code_rows(fund, "function", y)),
        "state_capital": _table("state_capital", []),
        "three_public": _table(
            "three_public", [Row(key=k, name=n, values=_nonzero({"total": v, "general": v})) for k, n, v in three_rows]
        ),
    }


def _claims(name: str, cur: _Year, prev: _Year, procurement: Decimal, assets: Decimal) -> list[Claim]:
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
    prior = Prior(prev.basic() + prev.project(), prev.basic(), prev.project(), prev.three_total())
    return figure_claims(name, cur.year, figures, prior)


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


def _disclosure(dept: _Dept, cur: _Year, prev: _Year) -> Disclosure:
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
    glossary = [("一般公共预算拨款收入", f"指{level}财政当年拨付的资金。")]
    if any(p.fund for p in cur.projects):
        glossary.append(("政府性基金预算拨款收入", f"指{level}财政当年拨付的政府性基金预算资金。"))
    glossary += [
        ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
        ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
        ("机关运行经费", "指为保障行政单位运行用于购买货物和服务的各项资金，即公用经费。"),
        ("“三公”经费", f"指{level}部门用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"),
    ]
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
            note=None if lines else "注：无政府采购预算，空表列示。",
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
        glossary=[GlossaryEntry(term=term, text=text) for term, text in glossary],
    )


from yusuan.synth.render import render_package  # noqa: E402  (re-exported)

__all__ = ["generate", "render_package"]
