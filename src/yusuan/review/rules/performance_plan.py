"""Performance targets: the 资金支出计划 of a 项目绩效目标表 (DOMAIN.md §3 R13) is cumulative and ends at
100% (or at the budget when it is stated in 万元)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from yusuan.domain.classification import canonical_name
from yusuan.model import Disclosure, PerformanceProject
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, fmt
from yusuan.review.registry import Hit, MutationRecord, mutation, rule
from yusuan.review.rules.performance import BASIS_EVALUATION, HUNDRED, PERCENT_UNITS, _project_cell

# -- spending plan -------------------------------------------------------------------------------


def _is_percent_plan(p: PerformanceProject) -> bool:
    return p.plan is not None and canonical_name(p.plan.unit or "") in PERCENT_UNITS


def _plan_text(p: PerformanceProject) -> str:
    assert p.plan is not None
    unit = p.plan.unit or ""
    return "、".join(f"{pt.label} {fmt(pt.value)}{unit}" for pt in p.plan.points)


def _plan_hit(p: PerformanceProject, **fields: object) -> Hit:
    assert p.plan is not None
    last = p.plan.points[-1].value
    return Hit(
        fields={"project": p.name, "plan": _plan_text(p), **fields},
        values={f"point_{n + 1}": pt.value for n, pt in enumerate(p.plan.points)},
        locations=[_project_cell(p, "plan", last)],
    )


def _plans(ctx: Context) -> Iterator[PerformanceProject]:
    for p in ctx.d.performance:
        if p.plan is not None and p.plan.points:
            yield p


@rule(
    "performance-plan-not-cumulative",
    kind="performance",
    severity="warning",
    title="资金支出计划不是累计数",
    template=(
        "项目“{project}”的资金支出计划（{plan}）从{before}的 {earlier} 降到{after}的 {later}，相差 {difference}。"
        "支出计划按时点累计填列，后一时点不应小于前一时点。"
    ),
    basis=f"{BASIS_EVALUATION}；预算执行进度按累计数考核",
    refs=("R13",),
)
def performance_plan_not_cumulative(ctx: Context) -> Iterator[Hit]:
    """The spending plan gives cumulative figures at 3月底, 6月底…: they never decrease."""
    for p in _plans(ctx):
        assert p.plan is not None
        points = p.plan.points
        for a, b in itertools.pairwise(points):
            if b.value < a.value:
                hit = _plan_hit(
                    p, before=a.label, earlier=fmt(a.value), after=b.label, later=fmt(b.value),
                    difference=fmt(b.value - a.value),
                )
                hit.values["difference"] = b.value - a.value
                yield hit
                break


@mutation("performance-plan-not-cumulative", zh="资金支出计划两个时点对调", en="swap two plan points", published=False)
def _plan_dips(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_plan(d, rng, "dip")


@rule(
    "performance-plan-not-complete",
    kind="performance",
    severity="warning",
    title="资金支出计划年末不是100%",
    template="项目“{project}”的资金支出计划（{plan}）到{label}累计为 {last}，不是 {target}，相差 {difference}。",
    basis=f"{BASIS_EVALUATION}；年度预算应在年末全部支出",
    refs=("R13",),
)
def performance_plan_not_complete(ctx: Context) -> Iterator[Hit]:
    """The cumulative plan ends at 100% (or at the budget when the table states 万元).

    A %-plan ending at the budget is reported by performance-plan-in-amount instead."""
    for p in _plans(ctx):
        assert p.plan is not None
        last = p.plan.points[-1]
        unit = canonical_name(p.plan.unit or "")
        if unit == "万元":
            if p.budget is None or last.value == p.budget:
                continue
            target, shown = p.budget, f"预算数 {fmt(p.budget)} 万元"
        else:
            if last.value == HUNDRED or (p.budget is not None and last.value == p.budget):
                continue
            target, shown = HUNDRED, "100%"
        total = sum((pt.value for pt in p.plan.points), ZERO)
        hit = _plan_hit(p, label=last.label, last=fmt(last.value), target=shown, difference=fmt(last.value - target))
        hit.values["difference"] = last.value - target
        if target == HUNDRED and total == HUNDRED:
            hit.suffix = "（各时点之和为 100，似乎按期填列而不是累计填列）"
        yield hit


@mutation("performance-plan-not-complete", zh="资金支出计划年末改为90%", en="end a plan at 90%", published=False)
def _plan_short(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_plan(d, rng, "short")


@rule(
    "performance-plan-in-amount",
    kind="performance",
    severity="warning",
    title="资金支出计划以万元填列却标为%",
    template=(
        "项目“{project}”的资金支出计划标注为百分比（{plan}），但年末累计 {last} 等于项目预算数 {budget} 万元"
        "而不是 100%（相差 {difference}），实际是按万元填列的金额。"
    ),
    basis=f"{BASIS_EVALUATION}；计量单位应与表头一致",
    refs=("R13",),
)
def performance_plan_in_amount(ctx: Context) -> Iterator[Hit]:
    """A plan labelled % whose last value equals the project budget (≠ 100) is written in 万元."""
    for p in _plans(ctx):
        assert p.plan is not None
        last = p.plan.points[-1].value
        if _is_percent_plan(p) and p.budget is not None and last == p.budget and last != HUNDRED:
            hit = _plan_hit(p, last=fmt(last), budget=fmt(p.budget), difference=fmt(last - HUNDRED))
            hit.values["budget"] = p.budget
            yield hit


@mutation("performance-plan-in-amount", zh="资金支出计划按万元填列仍标为%", en="a % plan in 万元", published=False)
def _plan_in_amount(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_plan(d, rng, "amount")
