"""Procurement and assets (DOMAIN.md §3 R12): what the package says it will buy must be in the procurement budget.

"本年度拟购置固定资产总额为10.00万元，已按要求列入政府采购预算" requires a procurement budget at least that
large; a 公务用车购置费 in the 三公 table implies a vehicle in the procurement budget; and the figure the
narrative gives for the procurement budget is the procurement table's.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.model import Claim, Disclosure, ProcurementLine
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, fmt, sum_tolerance
from yusuan.review.finding import Evidence, Severity, at
from yusuan.review.helpers.figures import (
    TOTAL_NAMES,
    Figure,
    claim_tolerance,
    procurement_figure,
    quote_claim,
    scale,
    stated_wan,
)
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.narrative import is_current, mismatch

_PROCUREMENT = figure_name("procurement")  # 政府采购预算
_PLANNED = figure_name("planned_assets")
_PURCHASE = figure_name("vehicle_purchase")
_PROCURED = "采购"  # a sentence stating the procurement budget names it

BASIS = (
    f"《地方预决算公开操作规程》（财预〔2016〕143号）、冀财预〔2016〕129号：部门预算公开应说明{_PROCUREMENT}和"
    f"拟购置资产情况，并公开{_PROCUREMENT}表"
)

#: A vehicle line: catalogue 车辆 (A0203…) or a vehicle named in the item or project.
_VEHICLE_RE = re.compile(r"车辆|汽车|轿车|乘用车|客车|越野车|公务用车|公车|(?<![停])车(?![位库棚])")


@rule(
    "planned-assets-exceed-procurement",
    kind="procurement",
    severity="error",
    title=f"拟购置资产大于{_PROCUREMENT}",
    template=(
        f"说明称“{{sentence}}”，{_PLANNED} {{planned}} 万元，但{{source}}为 {{procurement}} 万元，少 {{diff}} 万元。"
    ),
    basis=BASIS + f"；说明称拟购置资产已列入{_PROCUREMENT}，采购预算不能小于拟购置金额",
    refs=("R12",),
)
def planned_assets(ctx: Context) -> Iterator[Hit]:
    """The assets the narrative plans to buy are in the procurement budget: it is at least as large.

    An error when the sentence says they are in the procurement budget; a warning when it does not (a
    purchase below the procurement thresholds need not be)."""
    procurement = procurement_figure(ctx) or _stated_procurement(ctx)
    if procurement is None:
        return
    for claim in ctx.d.narrative.claims:
        planned = stated_wan(claim)
        if claim.subject != "planned_assets" or claim.kind != "amount" or planned is None or not is_current(ctx, claim):
            continue
        tolerance = claim_tolerance(claim)
        short = planned - procurement.value
        if short <= tolerance.amount:
            continue
        yield Hit(
            fields={
                "sentence": quote_claim(claim),
                "planned": fmt(planned),
                "source": procurement.label,
                "procurement": fmt(procurement.value),
                "diff": fmt(short),
            },
            values={"planned": planned, "procurement": procurement.value, "difference": short},
            locations=[ctx.sentence(claim), *procurement.cells],
            severity=None if "政府采购" in claim.sentence else "warning",
            suffix=tolerance.suffix(),
        )


@mutation(
    "planned-assets-exceed-procurement",
    zh=f"情况说明中{_PLANNED}总额改大，超过{_PROCUREMENT}",
    en="raise the planned purchase of fixed assets the narrative states",
)
def _raise_planned_assets(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.raise_claim(d, rng, "planned_assets", empty=Decimal(10), named=False)


def _stated_procurement(ctx: Context) -> Figure | None:
    """Without a procurement table, the procurement budget the narrative states."""
    for claim in ctx.claims("procurement"):
        value = stated_wan(claim)
        if value is not None and is_current(ctx, claim):
            return Figure(f"说明所述{_PROCUREMENT}", value, (ctx.sentence(claim),))
    return None


def _is_vehicle(line: ProcurementLine) -> bool:
    text = f"{line.item or ''} {line.project or ''}"
    return (line.catalogue or "").upper().startswith("A0203") or bool(_VEHICLE_RE.search(text))


def _line_evidence(line: ProcurementLine) -> Evidence:
    return Evidence(
        table="procurement",
        row=line.project,
        name=line.item,
        column="total",
        value=line.values.get("total"),
        **at(line.location),
    )


def _vehicles(ctx: Context, procurement: Figure) -> tuple[Decimal, Decimal, list[Evidence]]:
    """(vehicle purchases, other purchases, evidence) of the procurement budget, in 万元."""
    p = ctx.d.procurement
    k = scale(p.unit or ctx.d.unit) or Decimal(1)
    lines = [ln for ln in p.lines if (ln.project or "").strip() not in TOTAL_NAMES]
    vehicles = [ln for ln in lines if _is_vehicle(ln)]
    vehicle_sum = sum((ln.values.get("total", ZERO) for ln in vehicles), ZERO) * k
    evidence = [_line_evidence(ln) for ln in vehicles] or list(procurement.cells)
    return vehicle_sum, procurement.value - vehicle_sum, evidence


@rule(
    "vehicle-purchase-not-in-procurement",
    kind="procurement",
    severity="error",
    title=f"公务用车购置未列入{_PROCUREMENT}",
    template=(
        f"“三公”经费表列有{_PURCHASE} {{purchase}} 万元，而{{source}}中的车辆采购为 {{vehicles}} 万元，"
        f"相差 {{diff}} 万元：购置公务用车应编列{_PROCUREMENT}。"
    ),
    basis=BASIS + f"；惯例：公务用车属集中采购目录品目，购置须编列{_PROCUREMENT}",
    refs=("R12",),
    needs=("three_public",),
)
def vehicle_purchase(ctx: Context) -> Iterator[Hit]:
    """A 公务用车购置费 in the 三公 table implies a vehicle purchase in the procurement budget.

    A warning instead of an error when the procurement budget has other lines large enough that one of
    them may be the vehicle under another name; an info when the table names no purchase (a 合计, or totals
    by kind) and its goods could hold the vehicle; an error when its goods cannot."""
    row = ctx.row("three_public", key="vehicle_purchase")
    purchase = ctx.value(row, "total") * (scale(ctx.d.unit) or Decimal(1))
    procurement = procurement_figure(ctx)
    if purchase <= 0 or procurement is None:
        return
    vehicles, others, evidence = _vehicles(ctx, procurement)
    if vehicles >= purchase:
        return
    unsure = vehicles == 0 and others >= purchase
    severity: Severity | None = "warning" if unsure else None
    suffix = f"（采购表其他品目合计 {fmt(others)} 万元，未能识别出车辆，请核对）" if unsure else ""
    p = ctx.d.procurement
    if not any((ln.project or "").strip() not in TOTAL_NAMES for ln in p.lines):
        # the table names no purchase (a 合计, or totals by kind): a vehicle is goods
        goods = p.kinds.get("货物", ZERO) * (scale(p.unit or ctx.d.unit) or Decimal(1)) if p.kinds else others
        if goods >= purchase:
            severity, suffix = "info", f"（采购表未列品目，货物类合计 {fmt(goods)} 万元，其中是否有车辆无法从表中看出）"
        elif p.kinds:
            severity, suffix = None, f"（采购表货物类合计只有 {fmt(goods)} 万元，不足以购置车辆）"
    yield Hit(
        fields={
            "purchase": fmt(purchase),
            "source": procurement.label,
            "vehicles": fmt(vehicles),
            "diff": fmt(purchase - vehicles),
        },
        values={"vehicle_purchase": purchase, "procurement_vehicles": vehicles, "difference": purchase - vehicles},
        locations=[ctx.cell("three_public", row, "total"), *evidence],
        severity=severity,
        suffix=suffix,
    )


@mutation(
    "vehicle-purchase-not-in-procurement",
    zh=f"“三公”经费表列有{_PURCHASE}，{_PROCUREMENT}中没有车辆采购",
    en="a car bought in the 三公 table but not in procurement",
)
def _car_not_procured(d: Disclosure, rng: random.Random) -> MutationRecord:
    lines = [ln for ln in d.procurement.lines if ln.item == "公务用车"]
    if not lines:  # no car bought: the 三公 table gets a 公务用车购置费 that procurement does not have
        t = mut.table(d, "three_public")
        price = Decimal(rng.randint(1200, 2500)).scaleb(-2)
        for key in ("vehicle_purchase", "vehicle", "subtotal", "total"):
            for column in ("total", "general"):
                mut.add(mut.by(t.rows, key), column, price)
        where = mut.cell("three_public", mut.by(t.rows, "vehicle_purchase"), "total")
        return MutationRecord(
            where, None, str(price), f"“三公”经费表加列{_PURCHASE}（连同小计、合计），{_PROCUREMENT}中没有车辆采购"
        )
    d.procurement.lines.remove(lines[0])
    total = sum((ln.values.get("total", ZERO) for ln in d.procurement.lines), Decimal("0.00"))
    for subject in ("procurement", "planned_assets"):
        mut.restate(d, mut.claim(d, subject), total)
    what = f"删去{_PROCUREMENT}中的公务用车采购（“三公”经费表仍列有{_PURCHASE}）"
    return MutationRecord({"section": "六"}, str(lines[0].values.get("total")), None, what)


@rule(
    "procurement-narrative-mismatch",
    kind="procurement",
    severity="error",
    title=f"说明中的{_PROCUREMENT}与采购表不符",
    template=f"说明称“{{sentence}}”，{_PROCUREMENT}为 {{stated}}，而{{source}}为 {{table}} 万元，相差 {{diff}} 万元。",
    basis=BASIS,
    refs=("R11", "R12"),
)
def narrative_mismatch(ctx: Context) -> Iterator[Hit]:
    """The procurement budget the narrative states equals the procurement table's total (Σ lines, a 合计
    line excluded; 0 for a table published empty with its note)."""
    table = procurement_figure(ctx)
    for claim in ctx.d.narrative.claims:
        if claim.subject == "procurement" and claim.kind == "amount" and is_current(ctx, claim):
            if _PROCURED not in claim.sentence or (table is not None and _rounds_to(claim, table.value)):
                continue  # a sentence that does not speak of 采购; a table in 元 the sentence rounds to 万元
            hit = mismatch(ctx, claim)
            if hit is not None:
                yield hit


def _rounds_to(claim: Claim, value: Decimal) -> bool:
    """Whether the table's amount (in 万元), rounded to the digits the sentence writes, is the stated one."""
    stated = stated_wan(claim)
    if stated is None or claim.unit not in (None, "万元"):
        return False
    exponent = claim.amount.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    return abs(stated - value) <= Decimal(5).scaleb(exponent - 1)


@mutation(
    "procurement-narrative-mismatch",
    zh=f"情况说明中的{_PROCUREMENT}改动，与采购表不符",
    en="change the procurement budget the narrative states",
)
def _restate_procurement(d: Disclosure, rng: random.Random) -> MutationRecord:
    c = mut.claim(d, "procurement")
    if _PROCURED not in c.sentence:  # a sample's placeholder sentence: the published one names the budget
        c.sentence = f"本部门安排{_PROCUREMENT}{c.amount}{c.unit or '万元'}。"
    return mut.raise_claim(d, rng, "procurement", empty=Decimal(10), named=False)


# -- by kind: 货物, 工程, 服务 --------------------------------------------------------------------------

#: The narrative's subject of each kind of procurement.
KIND_SUBJECTS = {"procurement_goods": "货物", "procurement_works": "工程", "procurement_services": "服务"}
_CATALOGUE_KINDS = {"A": "货物", "B": "工程", "C": "服务"}


def _line_kind(line: ProcurementLine) -> str | None:
    """A line's kind: printed (the kind's row above it), else the letter of its catalogue number."""
    return line.kind or _CATALOGUE_KINDS.get((line.catalogue or " ")[0].upper())


def kind_totals(ctx: Context) -> dict[str, Figure] | None:
    """The procurement budget of each kind in 万元: the kinds' rows where printed, else Σ the lines of each
    kind; None when the table says nothing of kinds. A kind the table does not list is 0."""
    p = ctx.d.procurement
    if not p.present:
        return None
    k = scale(p.unit or ctx.d.unit) or Decimal(1)
    where = Evidence(table="procurement", **at(p.location))
    if p.kinds:
        printed = {kind: Figure(f"{_PROCUREMENT}表“{kind}”行", v * k, (where,)) for kind, v in p.kinds.items()}
        return {kind: printed.get(kind, Figure(f"{_PROCUREMENT}表（未列{kind}）", ZERO, (where,))) for kind in
                KIND_SUBJECTS.values()}  # fmt: skip
    lines = [ln for ln in p.lines if (ln.project or "").strip() not in TOTAL_NAMES]
    if not lines or any(_line_kind(ln) is None for ln in lines):
        return None
    totals: dict[str, Figure] = {}
    for kind in KIND_SUBJECTS.values():
        mine = [ln for ln in lines if _line_kind(ln) == kind]
        value = sum((ln.values.get("total", ZERO) for ln in mine), ZERO) * k
        cells = tuple(_line_evidence(ln) for ln in mine) or (where,)
        totals[kind] = Figure(f"{_PROCUREMENT}表{kind}类品目合计", value, cells)
    return totals


@rule(
    "procurement-kind-narrative-mismatch",
    kind="procurement",
    severity="error",
    title=f"说明中的{_PROCUREMENT}分类金额与采购表不符",
    template=(
        f"说明称“{{sentence}}”，其中{{kind}}类{_PROCUREMENT}为 {{stated}} 万元，而{{source}}为 {{table}} 万元，"
        "相差 {diff} 万元。"
    ),
    basis=BASIS + "；说明所列货物、工程、服务类采购预算应与政府采购预算表一致",
    refs=("R11", "R12"),
)
def kind_narrative_mismatch(ctx: Context) -> Iterator[Hit]:
    """The goods, works and services budgets the narrative states equal the procurement table's: its kinds'
    rows (货物 / A-货物 / 一、货物A), else Σ its lines of each kind (by the kind's row above them or the letter
    of the catalogue number: A goods, B works, C services)."""
    totals = kind_totals(ctx)
    if totals is None:
        return
    for claim in ctx.d.narrative.claims:
        kind = KIND_SUBJECTS.get(claim.subject)
        stated = stated_wan(claim)
        if kind is None or claim.kind != "amount" or stated is None or not is_current(ctx, claim):
            continue
        if _PROCURED not in claim.sentence:
            continue
        table = totals[kind]
        tolerance = claim_tolerance(claim)
        if abs(stated - table.value) <= tolerance.amount or _rounds_to(claim, table.value):
            continue
        yield Hit(
            fields={
                "sentence": quote_claim(claim),
                "kind": kind,
                "stated": fmt(stated),
                "source": table.label,
                "table": fmt(table.value),
                "diff": fmt(abs(stated - table.value)),
            },
            values={"stated": stated, "table": table.value, "difference": stated - table.value},
            locations=[ctx.sentence(claim), *table.cells],
            suffix=tolerance.suffix(),
        )


@mutation(
    "procurement-kind-narrative-mismatch",
    zh=f"情况说明写明货物类{_PROCUREMENT}，金额与采购表不符",
    en="the narrative states a goods procurement budget the table does not have",
)
def _state_goods(d: Disclosure, rng: random.Random) -> MutationRecord:
    base = mut.claim(d, "procurement")
    goods = [ln for ln in d.procurement.lines if _line_kind(ln) == "货物" and ln.project not in TOTAL_NAMES]
    if not goods:
        raise NotApplicable
    value = sum((ln.values.get("total", ZERO) for ln in goods), ZERO)
    stated = value + mut.delta(rng, value)
    sentence = f"其中政府采购货物类预算{format(stated, 'f')}万元。"
    d.narrative.claims.append(
        base.model_copy(update={"subject": "procurement_goods", "amount": stated, "unit": "万元", "sentence": sentence})
    )
    return MutationRecord({"section": base.section, "sentence": sentence}, str(value), str(stated))


@rule(
    "procurement-kinds-sum",
    kind="procurement",
    severity="error",
    title=f"{_PROCUREMENT}表分类金额之和与合计不符",
    template=f"{_PROCUREMENT}表各类之和（{{kinds}}）为 {{listed}}，而“合计”行为 {{total}}，相差 {{diff}}（{{unit}}）。",
    basis=BASIS + "；表内勾稽：货物、工程、服务各类之和等于合计",
    refs=("R12",),
)
def kinds_sum(ctx: Context) -> Iterator[Hit]:
    """The kinds' rows (货物, 工程, 服务) of a procurement table add up to its 合计 row."""
    p = ctx.d.procurement
    total_line = next((ln for ln in p.lines if (ln.project or "").strip() in TOTAL_NAMES), None)
    if not p.kinds or total_line is None or "total" not in total_line.values:
        return
    listed = sum(p.kinds.values(), ZERO)
    total = total_line.values["total"]
    tolerance = sum_tolerance([*p.kinds.values(), total])
    if abs(listed - total) <= tolerance.amount:
        return
    yield Hit(
        fields={
            "kinds": "、".join(f"{kind} {fmt(v)}" for kind, v in p.kinds.items()),
            "listed": fmt(listed),
            "total": fmt(total),
            "diff": fmt(listed - total),
            "unit": p.unit or ctx.d.unit or "万元",
        },
        values={"listed": listed, "total": total, "difference": listed - total},
        locations=[_line_evidence(total_line)],
        suffix=tolerance.beyond(),
    )


@mutation(
    "procurement-kinds-sum",
    zh=f"{_PROCUREMENT}表一类的金额改动，与合计不符",
    en="change a kind's procurement total",
    published=False,  # the Hebei layout the samples are published in prints no kinds' rows
)
def _kind_off(d: Disclosure, rng: random.Random) -> MutationRecord:
    p = d.procurement
    total_line = next((ln for ln in p.lines if (ln.project or "").strip() in TOTAL_NAMES), None)
    lines = [ln for ln in p.lines if ln is not total_line and _line_kind(ln)]
    if not p.kinds and not lines:
        raise NotApplicable
    if not p.kinds:  # a table printing its kinds' rows: as the lines add up
        for ln in lines:
            kind = _line_kind(ln)
            assert kind is not None
            p.kinds[kind] = p.kinds.get(kind, ZERO) + ln.values.get("total", ZERO)
    if total_line is None:
        total = sum(p.kinds.values(), ZERO)
        p.lines.insert(0, ProcurementLine(project="合计", values={"total": total}, location=p.location))
    kind = sorted(p.kinds)[rng.randrange(len(p.kinds))]
    before = p.kinds[kind]
    p.kinds[kind] = before + mut.delta(rng, before or Decimal(10))
    return MutationRecord({"kind": kind}, str(before), str(p.kinds[kind]))
