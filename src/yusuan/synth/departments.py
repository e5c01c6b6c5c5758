"""Synthetic departments and their figures year by year (see :mod:`yusuan.synth.generate`).

A department is a region of 省/市/县/区 level composed from common place-name characters and an organ
(人大常委会, 财政局, 教育局 …, ``data/synth/organs.csv``) with the function classes it spends on. Its
figures follow the shape of real packages: personnel 60–85% of basic expenditure, projects 10–40% of the
total, 三公 0.5–3% of the total, wages growing from year to year.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources

from yusuan.model import Level
from yusuan.review.mutations import region_name

D = Decimal
ZERO = D("0.00")


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
class Dept:
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
class Project:
    name: str
    code: str
    general: Decimal
    fund: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def budget(self) -> Decimal:
        return self.general + self.fund + self.other


@dataclass
class Year:
    """One year's figures of a department."""

    year: int
    staff: int
    retired: int
    economic: dict[str, Decimal]  # 5-digit economic code → basic expenditure
    basic_function: dict[str, Decimal]  # 7-digit function code → basic expenditure
    projects: list[Project]
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


def department(index: int, seed: int) -> Dept:
    rng = random.Random(f"dept:{seed}:{index}")
    # Blocks of len(_LEVELS) regions: consecutive departments differ in region, level and organ.
    block, at = divmod(index, len(_LEVELS) * len(ORGANS))
    number = block * len(_LEVELS) + at % len(_LEVELS)
    organ = ORGANS[(at // len(_LEVELS) + at % len(_LEVELS)) % len(ORGANS)]
    level = _LEVELS[(number + seed) % len(_LEVELS)]
    staff = max(5, round(organ.staff * _SCALE[level] * rng.uniform(0.7, 1.3)))
    k = rng.randint(min(2, len(organ.projects)), len(organ.projects))
    return Dept(
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


def year_figures(dept: Dept, year: int, seed: int, staff: int) -> Year:
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
    dept: Dept,
    rng: random.Random,
    year: int,
    staff: int,
    retired: int,
    economic: dict[str, Decimal],
    project_total: Decimal,
    three: dict[str, Decimal],
) -> Year:
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
    projects = [Project(name, code, amount) for (code, name), amount in zip(dept.projects, amounts, strict=True)]
    if dept.other_income:
        projects[0].other = cents(float(projects[0].general) * rng.uniform(0.2, 0.5))
        projects[0].general -= projects[0].other
    if dept.fund and dept.organ.fund is not None:
        projects.append(Project(dept.organ.fund[1], dept.organ.fund[0], ZERO, fund))
    price = cents(rng.uniform(12.0, 18.0))
    total = sum(economic.values(), ZERO) + project_total + price
    if rng.random() < 0.08 and sum(three.values(), ZERO) + price <= total * D("0.03"):
        # a car replaced this year: 公务用车购置费, bought through procurement
        projects.append(Project("公务用车购置经费", dept.organ.admin + "02", price))
        three["vehicle_purchase"] = price
    result = Year(year, staff, retired, economic, dict(sorted(functions.items())), projects, three)
    if dept.procurement:
        budget = float(projects[0].general)
        for item, catalogue, unit, low, high in rng.sample(_EQUIPMENT, rng.randint(1, 3)):
            price = cents(rng.uniform(low, high))
            quantity = min(staff, int(budget * 0.08 / float(price)))  # each item at most 8% of the project
            if quantity:
                result.equipment.append((item, catalogue, unit, quantity, price))
    return result
