"""Narrative ↔ tables (DOMAIN.md §3 R11), on every template: every number the 情况说明 states must match the tables.

Three checks: each figure stated for this year against its table readings (:mod:`._figures`);
each year-on-year sentence's arithmetic (this year − stated prior = stated change, direction
included); and the stated parts of a change against the stated total change.

A figure stated with fewer decimals than the tables is compared within half its last digit and the
message says so. A figure whose number matches the tables only in another unit (``31.49元`` for
31.49 万元) is the unit rule's (``narrative-wrong-unit``), not reported here. The procurement figure
and the planned asset purchases are compared by the procurement rules (R12).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.templates import HEBEI_ONLY
from yusuan.model import Claim, Disclosure
from yusuan.review import mutations as mut
from yusuan.review.context import EXACT, ZERO, Context, Tolerance, fmt
from yusuan.review.finding import Evidence, Severity
from yusuan.review.helpers.figures import (
    DECOMPOSITIONS,
    SUBJECT_ZH,
    Figure,
    claim_tolerance,
    combined,
    direct_parts,
    figures,
    intended_wan,
    is_class,
    matching,
    misread_unit,
    money,
    quote_claim,
    reading_tolerance,
    same_item,
    signed_zh,
    stated_wan,
    subject_zh,
    written,
)
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule

BASIS = (
    "《预算法》第十四条；《地方预决算公开操作规程》（财预〔2016〕143号）、冀财预〔2016〕129号："
    "部门预算情况说明须对公开表格作出说明，所述数字应与表格一致"
)
BASIS_YOY = BASIS + "；情况说明应说明与上年相比的增减变化及原因"

#: Subjects compared here with the tables; procurement and planned asset purchases are R12's.
COMPARED = frozenset(SUBJECT_ZH) - {"procurement", "planned_assets", "project_item"}
#: Subjects whose table reading is the Hebei template's definition (机关运行经费 = the basic-expenditure
#: table's 公用经费, 人员经费/公用经费 as its columns): other templates define and tabulate them otherwise
#: (机关运行经费 of the administrative units only, 人员支出 by economic class), so they are compared there only.
HEBEI_DEFINED = frozenset({"operating_cost", "personnel", "public"})


_OWN_UNIT = "本级"


def _clause(claim: Claim) -> str:
    """The sentence up to the claim's number."""
    at = claim.sentence.find(format(claim.amount, "f")) if claim.amount else -1
    return claim.sentence[:at] if at >= 0 else claim.sentence


#: The tables that print a figure over all funds.
ALL_FUNDS = frozenset({"expenditure", "summary", "income"})
#: Figures a narrative states over all funds that narrower tables also print (一般公共预算 基本支出).
SCOPED = frozenset({"basic", "project"})


def compared(ctx: Context, claim: Claim) -> bool:
    """Whether the claim's subject is compared with the tables in this document's template: everywhere, but
    the figures the Hebei template defines by its own tables (机关运行经费 = 公用经费) only there — or where a
    table prints the figure itself."""
    if claim.subject == "operating_cost" and ctx.d.table("operating_costs") is not None:
        return True  # a table prints 机关运行经费 itself (一般公共预算机关运行经费支出预算表, a line of the 三公 table)
    if claim.subject in HEBEI_DEFINED:
        return ctx.d.template in HEBEI_ONLY
    return claim.subject in COMPARED or is_class(claim.subject)


def is_current(ctx: Context, claim: Claim) -> bool:
    """Whether the claim states this budget year's figure (no year, or the budget year)."""
    return claim.year is None or ctx.d.year is None or claim.year == ctx.d.year


def mismatch(ctx: Context, claim: Claim) -> Hit | None:
    """A stated figure against its table readings: a hit when it matches none of them (in its unit)."""
    readings = figures(ctx, claim.subject)
    value = stated_wan(claim)
    if not readings or value is None:
        return None
    scoped = claim.subject in SCOPED or is_class(claim.subject)
    if scoped and not any(c.table in ALL_FUNDS for f in readings for c in f.cells):
        return None  # only narrower tables (一般公共预算, 财政拨款) print it: an all-funds figure may exceed
    tolerance = reading_tolerance(claim, readings)
    if matching(value, readings, tolerance) is not None or misread_unit(ctx, claim) is not None:
        return None
    primary = min(readings, key=lambda f: abs(value - f.value))  # the reading it misses the least
    if _OWN_UNIT in _clause(claim) and value < primary.value:
        return None  # 市建筑工务署本级预算: the department's own unit, a part of the department's tables
    difference = value - primary.value
    return Hit(
        fields={
            "sentence": quote_claim(claim),
            "subject": subject_zh(claim),
            "stated": written(claim),
            "source": primary.label,
            "table": fmt(primary.value),
            "diff": fmt(abs(difference)),
        },
        values={"stated": value, "table": primary.value, "difference": difference},
        locations=[ctx.sentence(claim), *primary.cells],
        suffix=tolerance.suffix(),
    )


@rule(
    "narrative-amount-mismatch",
    kind="narrative",
    severity="error",
    title="说明中的数字与表格不符",
    template="说明称“{sentence}”，{subject}为 {stated}，而{source}为 {table} 万元，相差 {diff} 万元。",
    basis=BASIS,
    refs=("R11",),
    needs=("summary",),
    documents=ANY_KIND,
)
def amount_mismatch(ctx: Context) -> Iterator[Hit]:
    """Every figure the narrative states for this year (收入 and each source, 支出, 基本支出, 项目支出, 财政拨款
    and 一般公共预算 支出, each 类/款/项 of the 支出功能分类, 三公 and its parts, 固定资产 …) equals one of its
    table readings: 收入 the 本年收入合计 or, stated with the 上年结转, the 收入总计; a class the expenditure
    table's row (its 合计, 基本支出 or 项目支出) or a narrower table's. 人员经费, 公用经费 and 机关运行经费 are
    compared on the Hebei template only, whose definitions the tables follow. Needs the tables: a 情况说明
    published without them is checked by the narrative's own arithmetic only."""
    for claim in ctx.d.narrative.claims:
        if claim.kind == "amount" and compared(ctx, claim) and is_current(ctx, claim):
            hit = mismatch(ctx, claim)
            if hit is not None:
                yield hit


_STATED = ("income", "expenditure", "basic", "personnel", "public", "project", "operating_cost", "three_public")


@mutation(
    "narrative-amount-mismatch", zh="情况说明中的一个数字改动，与表格不符", en="change a figure the narrative states"
)
def _restate_figure(d: Disclosure, rng: random.Random) -> MutationRecord:
    subject = rng.choice(_STATED)
    record = mut.raise_claim(d, rng, subject)
    record.description = f"情况说明中的{subject}数字改动，与表格不符"
    return record


# -- year on year -----------------------------------------------------------------------------------


def signed(claim: Claim) -> Decimal | None:
    """A change claim as a signed amount in 万元."""
    value = stated_wan(claim)
    if value is None or claim.direction is None:
        return None
    return {"increase": value, "decrease": -value}.get(claim.direction, ZERO)


def _prior_change_pairs(claims: list[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Each stated prior-year figure with the change stated after it for the same item and section."""
    for i, prior in enumerate(claims):
        if prior.kind != "prior":
            continue
        for later in claims[i + 1 :]:
            if later.section != prior.section or (later.kind == "prior" and same_item(later, prior)):
                break
            if later.kind == "change" and same_item(later, prior):
                yield prior, later
                break


def _this_year(ctx: Context, claim: Claim) -> tuple[list[Figure], Tolerance]:
    """This year's figure for a claim's item: the tables' readings, else the narrative's own statement."""
    readings = figures(ctx, claim.subject)
    if readings:
        return readings, EXACT
    for other in ctx.d.narrative.claims:
        if other.kind == "amount" and same_item(other, claim) and is_current(ctx, other):
            value = intended_wan(ctx, other)
            if value is not None:
                return [Figure("说明所述本年数", value, (ctx.sentence(other),))], claim_tolerance(other)
    return [], EXACT


@rule(
    "narrative-change-arithmetic",
    kind="narrative",
    severity="error",
    title="与上年比较的增减数不符",
    template=(
        "说明称“{sentence}”：{subject}上年为 {prior} 万元，本年比上年{stated_change}；而本年{subject}为 "
        "{current} 万元（{source}），比上年实际{actual_change}，相差 {diff} 万元。"
    ),
    basis=BASIS_YOY,
    refs=("R11",),
    documents=ANY_KIND,  # the same arithmetic in a 决算 (比上年决算增加…，增长…%; 比年初预算增加…)
)
def change_arithmetic(ctx: Context) -> Iterator[Hit]:
    """This year's figure − the stated prior-year figure = the stated change, direction included. This year's
    figure is the tables' where they give it, else the narrative's own statement (a 情况说明 without tables)."""
    for prior, change in _prior_change_pairs(money(ctx.d.narrative.claims)):
        readings, current_tolerance = _this_year(ctx, prior)
        before, stated = stated_wan(prior), signed(change)
        if not readings or before is None or stated is None:
            continue
        finer = reading_tolerance(prior, readings)  # a table in 元 is finer than the stated figures
        tolerance = combined([claim_tolerance(prior), claim_tolerance(change), current_tolerance, finer])
        if any(abs(f.value - before - stated) <= tolerance.amount for f in readings):
            continue
        current = readings[0]
        actual = current.value - before
        reversed_ = actual * stated < 0 and abs(abs(actual) - abs(stated)) <= tolerance.amount
        yield Hit(
            fields={
                "sentence": quote_claim(change),
                "subject": subject_zh(prior).removeprefix("本年"),  # 本年收入: the template says 本年 itself
                "prior": fmt(before),
                "stated_change": signed_zh(stated),
                "current": fmt(current.value),
                "source": current.label,
                "actual_change": signed_zh(actual),
                "diff": fmt(abs(actual - stated)),
            },
            values={
                "prior": before,
                "stated_change": stated,
                "current": current.value,
                "actual_change": actual,
                "difference": actual - stated,
            },
            locations=_sentences(ctx, [prior, change]) + list(current.cells),
            suffix=tolerance.suffix() + ("（所述增减方向与实际相反）" if reversed_ else ""),
        )


@mutation(
    "narrative-change-arithmetic",
    zh="情况说明中支出比上年的增减数改动，与两年数字之差不符",
    en="change the narrative's change of expenditure from the prior year",
)
def _restate_change(d: Disclosure, rng: random.Random) -> MutationRecord:
    change = mut.claim(d, "expenditure", "change")
    if not any(c is change for _, c in _prior_change_pairs(d.narrative.claims)):
        raise NotApplicable  # no last year's figure stated beside it: the rule has nothing to subtract
    return mut.raise_claim(d, rng, "expenditure", "change")


def _sentences(ctx: Context, claims: list[Claim]) -> list[Evidence]:
    """One sentence evidence per distinct sentence, in order."""
    seen: set[tuple[str, int | None]] = set()
    out: list[Evidence] = []
    for c in claims:
        key = (c.sentence, c.location.line)
        if key not in seen:
            seen.add(key)
            out.append(ctx.sentence(c))
    return out


def descendants(subject: str) -> set[str]:
    out: set[str] = set()
    todo = list(direct_parts(subject))
    while todo:
        s = todo.pop()
        if s not in out:
            out.add(s)
            todo.extend(direct_parts(s))
    return out


def top_parts(subject: str, present: set[str]) -> set[str]:
    """The parts stated that sum to ``subject``: a part's own parts are left out when the part is stated."""
    below = direct_parts(subject) if subject == "project" else descendants(subject) - {"project_item"}
    parts = below & present
    for s in list(parts):
        parts -= descendants(s)
    return parts


def _covered(subject: str, present: set[str]) -> bool:
    """Stated, or all of one of its decompositions stated."""
    if subject in present:
        return True
    return any(all(_covered(p, present) for p in d) for d in DECOMPOSITIONS.get(subject, ()))


def missing_parts(subject: str, present: set[str]) -> list[str] | None:
    """The parts a complete statement would add (the fewest); [] when complete, None when never complete."""
    options = DECOMPOSITIONS.get(subject, ())
    if not options:
        return None
    ranked = sorted(options, key=lambda d: (sum(not _covered(p, present) for p in d), -len(present & set(d))))
    return [p for p in ranked[0] if not _covered(p, present)]


def _change_groups(claims: list[Claim]) -> Iterator[tuple[Claim, list[Claim]]]:
    """Each stated change of a total with the changes of its parts stated after it in the same section."""
    for i, parent in enumerate(claims):
        if parent.kind != "change" or parent.subject not in DECOMPOSITIONS:
            continue
        below = descendants(parent.subject)
        children: list[Claim] = []
        for c in claims[i + 1 :]:
            if c.section != parent.section or c.subject not in below:
                break
            if c.kind == "change" and not any(same_item(c, x) for x in children):
                children.append(c)
        if children:
            yield parent, children


def _overshoots(total: Decimal, parts: Decimal) -> bool:
    """Whether the parts say more than the total: beyond it, or the other way."""
    return parts != 0 and (parts * total < 0 or abs(parts) > abs(total))


@rule(
    "narrative-change-parts",
    kind="narrative",
    severity="error",
    title="分项增减之和与总增减不符",
    template=(
        "说明称“{sentence}”：{subject}比上年{total_change}，而所列分项{parts}，合计{parts_change}，相差 {diff} 万元。"
    ),
    basis=BASIS_YOY,
    refs=("R11",),
    documents=ANY_KIND,  # the same arithmetic in a 决算 (比上年决算增加…，增长…%; 比年初预算增加…)
)
def change_parts(ctx: Context) -> Iterator[Hit]:
    """The stated changes of the parts (基本支出 + 项目支出, 人员经费 + 公用经费, 三公 items, projects) add up
    to the stated change of the total. When the parts stated are not all of them, a difference may be the
    unstated parts: a warning when the stated parts already exceed the total, a note otherwise."""
    for parent, children in _change_groups(money(ctx.d.narrative.claims)):
        present = {c.subject for c in children}
        top = top_parts(parent.subject, present)
        parts = [c for c in children if c.subject in top]
        total = signed(parent)
        pairs = [(c, v) for c in parts if (v := signed(c)) is not None]
        if total is None or not parts or len(pairs) < len(parts):
            continue
        parts_sum = sum((v for _, v in pairs), ZERO)
        tolerance = combined([claim_tolerance(c) for c in [parent, *parts]])
        if abs(total - parts_sum) <= tolerance.amount:
            continue
        missing = missing_parts(parent.subject, present)
        severity, note = _parts_severity(total, parts_sum, missing)
        yield Hit(
            fields={
                "sentence": quote_claim(parent),
                "subject": subject_zh(parent),
                "total_change": signed_zh(total),
                "parts": "、".join(f"{subject_zh(c)}{signed_zh(v)}" for c, v in pairs),
                "parts_change": signed_zh(parts_sum),
                "diff": fmt(abs(total - parts_sum)),
            },
            values={"stated_total": total, "parts_sum": parts_sum, "difference": total - parts_sum},
            locations=_sentences(ctx, [parent, *parts]),
            severity=severity,
            suffix=tolerance.suffix() + note,
        )


@mutation(
    "narrative-change-parts",
    zh=f"情况说明中{SUBJECT_ZH['project']}的增减数改动，分项增减之和与总增减不符",
    en="change the narrative's change of project expenditure",
)
def _restate_part_change(d: Disclosure, rng: random.Random) -> MutationRecord:
    change = mut.claim(d, "project", "change")
    if not any(c is change for _, parts in _change_groups(money(d.narrative.claims)) for c in parts):
        raise NotApplicable  # not stated as a part of a total's change
    return mut.raise_claim(d, rng, "project", "change")


def _parts_severity(total: Decimal, parts_sum: Decimal, missing: list[str] | None) -> tuple[Severity | None, str]:
    """Error when every part is stated; otherwise a warning or a note, with what the unstated parts imply."""
    if missing == []:
        return None, ""
    names = "、".join(SUBJECT_ZH.get(m, m) for m in missing) if missing else "其他项目"
    remainder = signed_zh(total - parts_sum)
    if _overshoots(total, parts_sum):
        return "warning", f"（说明未列出{names}的增减；要使分项之和等于总数，{names}须{remainder}，说明对此未作交代）"
    return "info", f"（说明未列出{names}的增减，其余{remainder}未作说明）"
