"""The figures the 情况说明 states, computed from the tables, and the sentences that state them.

:func:`figures_of` takes the figures from a disclosure's tables, procurement and assets;
:func:`figure_claims` writes the sentences of sections 二 (收支情况, 比上年增减), 三 (机关运行经费),
四 (三公 and its change), 六 (政府采购) and 七 (国有资产), each sentence becoming the
:class:`~yusuan.model.Claim` objects the narrative reader finds in it. The synthetic generator
writes its narrative with the same function, so publishing and the corpus say things alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.domain.figures import FIGURES, FigureKey, Reading
from yusuan.domain.figures import name as zh
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import Claim, Disclosure
from yusuan.publish.sentences import Say, change, sentence

SECTIONS = HEBEI_2023.sections

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figures:
    """One year's figures of a department, as the narrative states them (万元)."""

    income: Decimal
    fiscal_income: Decimal
    gov_fund_income: Decimal
    other_income: Decimal
    expenditure: Decimal
    basic: Decimal
    personnel: Decimal
    public: Decimal
    project: Decimal
    three_public: Decimal
    abroad: Decimal
    vehicle_purchase: Decimal
    vehicle_operation: Decimal
    reception: Decimal
    procurement: Decimal | None = None
    fixed_assets: Decimal | None = None
    planned_assets: Decimal | None = None


@dataclass(frozen=True)
class Prior:
    """Last year's figures the 比上年增减 sentences compare with (any may be unknown)."""

    expenditure: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    three_public: Decimal | None = None
    income: Decimal | None = None  # the provincial style states the change of both totals at once


def _year_on_year(y: int, f: Figures, prior: Prior) -> list[Claim]:
    if prior.expenditure is None or prior.basic is None or prior.project is None:
        return []
    more = f.expenditure >= prior.expenditure
    return sentence(
        "二",
        f"{y}年部门预算较{y - 1}年预算",
        Say("expenditure", prior.expenditure, "prior", year=y - 1),
        *change("expenditure", f.expenditure - prior.expenditure, y - 1),
        f"，其中：{zh('basic')}",
        *change("basic", f.basic - prior.basic, y - 1),
        f"，{zh('project')}",
        *change("project", f.project - prior.project, y - 1),
        "，主要原因是人员工资正常调整和项目安排变化。" if more else "，主要原因是压减非刚性支出。",
    )


def figure_claims(name: str, y: int, f: Figures, prior: Prior) -> list[Claim]:
    """The sentences stating ``f`` (and the changes from ``prior``) as claims, in section order."""
    fund: tuple[str | Say, ...] = (
        (f"，{zh('gov_fund_income')}", Say("gov_fund_income", f.gov_fund_income, year=y)) if f.gov_fund_income else ()
    )
    vehicle = f.vehicle_purchase + f.vehicle_operation
    claims = [
        *sentence(
            "二",
            f"{y}年预算收入",
            Say("income", f.income, year=y),
            "，其中：一般公共预算收入",
            Say("general_income", f.fiscal_income, year=y),
            *fund,
            f"，{zh('other_income')}",
            Say("other_income", f.other_income, year=y),
            "。",
        ),
        *sentence(
            "二",
            f"{y}年{zh('expenditure')}",
            Say("expenditure", f.expenditure, year=y),
            f"，其中{zh('basic')}",
            Say("basic", f.basic, year=y),
            f"，包括{zh('personnel')}",
            Say("personnel", f.personnel, year=y),
            f"和日常{zh('public')}",
            Say("public", f.public, year=y),
            f"；{zh('project')}",
            Say("project", f.project, year=y),
            "。",
        ),
        *_year_on_year(y, f, prior),
        *sentence(
            "三",
            f"{y}年{zh('operating_cost')}安排",
            Say("operating_cost", f.public, year=y),
            "，用于办公、邮电、差旅、公务用车运行维护等保障机关正常运转的支出。",
        ),
        *sentence(
            "四",
            f"{y}年{zh('three_public')}预算安排",
            Say("three_public", f.three_public, year=y),
            f"，其中：{zh('abroad')}",
            Say("abroad", f.abroad, year=y),
            f"；{FIGURES['vehicle'].label}",
            Say("vehicle", vehicle, year=y),
            f"（其中：{zh('vehicle_purchase')}",
            Say("vehicle_purchase", f.vehicle_purchase, year=y),
            f"，{zh('vehicle_operation')}",
            Say("vehicle_operation", f.vehicle_operation, year=y),
            f"）；{zh('reception')}",
            Say("reception", f.reception, year=y),
            "。",
        ),
    ]
    if prior.three_public is not None:
        claims += sentence(
            "四",
            f"较上年{zh('three_public')}预算",
            Say("three_public", prior.three_public, "prior"),
            *change("three_public", f.three_public - prior.three_public, None),
            "，主要原因是更新公务用车。" if f.vehicle_purchase else "，主要原因是严格控制一般性支出。",
        )
    if f.procurement is not None:
        claims += sentence(
            "六", f"{y}年，{name}安排{zh('procurement')}", Say("procurement", f.procurement, year=y), "。"
        )
    if f.fixed_assets is not None:
        claims += sentence("七", f"{name}上年末{zh('fixed_assets')}为", Say("fixed_assets", f.fixed_assets), "。")
    if f.planned_assets is not None:
        claims += sentence(
            "七",
            f"本年度{zh('planned_assets')}总额为",
            Say("planned_assets", f.planned_assets),
            f"，已按要求列入{zh('procurement')}。",
        )
    return claims


# -- figures from the tables --------------------------------------------------------------------


def _cell(d: Disclosure, reading: Reading) -> Decimal:
    """A value of a one-sided table's row (by key or code), 0 when absent."""
    table = d.table(reading.table)
    row = next((r for r in table.rows if (r.key or r.code) == reading.row), None) if table else None
    return row.values.get(reading.column, ZERO) if row else ZERO


def _figure(d: Disclosure, key: FigureKey) -> Decimal:
    """A figure read from the cell the registry names, 0 when absent."""
    reading = FIGURES[key].reading
    assert reading is not None, key
    return _cell(d, reading)


def _income(d: Disclosure, key: str) -> Decimal:
    summary = d.two_sided("summary")
    row = next((r for r in summary.income if r.key == key), None) if summary else None
    return row.values.get("amount", ZERO) if row else ZERO


def figures_of(d: Disclosure, planned_assets: Decimal | None = None) -> Figures:
    """The figures of ``d``: income from 收支总表, spending from 支出总表 and 基本支出表, 三公 from its
    table, procurement from the procurement lines and fixed assets from the assets table."""
    current = _income(d, "current_total")
    general = _income(d, "general")
    fund = _income(d, "gov_fund")
    procurement = (
        sum((ln.values.get("total", ZERO) for ln in d.procurement.lines), ZERO) if d.procurement.present else None
    )
    assets_total = next((r.value for r in d.assets.rows if r.key == "total"), None) if d.assets.present else None
    return Figures(
        income=current,
        fiscal_income=general,
        gov_fund_income=fund,
        other_income=current - general - fund - _income(d, "state_capital"),
        expenditure=_figure(d, "total"),
        basic=_figure(d, "basic"),
        personnel=_figure(d, "personnel"),
        public=_figure(d, "public"),
        project=_figure(d, "project"),
        three_public=_figure(d, "three_public"),
        abroad=_figure(d, "abroad"),
        vehicle_purchase=_figure(d, "vehicle_purchase"),
        vehicle_operation=_figure(d, "vehicle_operation"),
        reception=_figure(d, "reception"),
        procurement=procurement,
        fixed_assets=assets_total,
        planned_assets=planned_assets,
    )


def prior_of(d: Disclosure) -> Prior:
    """Last year's figures as the disclosure's narrative states them (``prior`` claims)."""
    stated = {c.subject: c.amount for c in d.narrative.claims if c.kind == "prior"}
    changes = {c.subject: c for c in d.narrative.claims if c.kind == "change"}
    this_year = {c.subject: c.amount for c in d.narrative.claims if c.kind == "amount"}

    def before(subject: str) -> Decimal | None:
        if subject in stated:
            return stated[subject]
        change, now = changes.get(subject), this_year.get(subject)
        if change is None or now is None:
            return None
        return now + change.amount if change.direction == "decrease" else now - change.amount

    return Prior(
        before("expenditure"), before("basic"), before("project"), before("three_public"), income=before("income")
    )
