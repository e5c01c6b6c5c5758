"""The narrative's own arithmetic (DOMAIN.md §3 R11), on every template and without the tables.

- ``narrative-pct-change``: a percentage change (增长5.18%) = the stated change ÷ last year's figure,
  last year's figure stated in the sentence or this year's stated figure − the change;
- ``narrative-share``: a share (占63.99%) = the part ÷ the whole, the whole named after 占 (its figure
  stated in the narrative or read from the tables) or, unnamed, the total stated before 其中 in the sentence;
- ``narrative-figure-restated``: a figure stated twice for this year (the 三公 items, 机关运行经费,
  政府采购 …) is the same figure both times.

Percentages are compared as printed: the printed amounts are taken as rounded to their last digit, and a
percentage is a mismatch only when no value of the amounts within that rounding gives it, rounded to the
digits printed. A mismatch within the rounding is not reported.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import ANY_KIND
from yusuan.model import Claim, Disclosure
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, decimals, fmt
from yusuan.review.finding import Evidence
from yusuan.review.helpers.figures import figures, quote_claim, same_item, stated_wan, subject_zh
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.narrative import BASIS, BASIS_YOY, is_current, signed

HUNDRED = Decimal(100)


def half_unit(amount: Decimal) -> Decimal:
    """Half the last printed digit of an amount (0.005 for 12.34, 0.5 for 12)."""
    return Decimal(5) * Decimal(10) ** (-(decimals(amount) + 1))


def ratio_range(part: Decimal, part_half: Decimal, whole: Decimal, whole_half: Decimal) -> tuple[Decimal, Decimal]:
    """The percentages part ÷ whole can be for amounts within their rounding."""
    low_whole, high_whole = whole - whole_half, whole + whole_half
    if low_whole <= 0:
        return Decimal("-Infinity"), Decimal("Infinity")
    lows = [(part - part_half) * HUNDRED / w for w in (low_whole, high_whole)]
    highs = [(part + part_half) * HUNDRED / w for w in (low_whole, high_whole)]
    return min(lows), max(highs)


def agrees(stated: Decimal, low: Decimal, high: Decimal) -> bool:
    """Whether a printed percentage is the ratio rounded or cut to its digits: within one unit of its last
    digit of some value the amounts allow (12.34% for 12.335 … 12.349, or 12.35 cut)."""
    unit = half_unit(stated) * 2
    return stated + unit >= low and stated - unit <= high


def misstated(
    stated: Decimal, part: Decimal, part_half: Decimal, whole: Decimal, whole_half: Decimal
) -> Decimal | None:
    """The percentage part ÷ whole (to two digits) when the printed ``stated`` cannot be it for any amounts within
    their rounding; None when it agrees (or there is no whole)."""
    if whole <= 0 or agrees(stated, *ratio_range(part, part_half, whole, whole_half)):
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.01"))


def same_sentence(a: Claim, b: Claim) -> bool:
    return a.sentence == b.sentence and a.location == b.location


def _before(claims: list[Claim], claim: Claim) -> list[Claim]:
    """The claims stated before ``claim`` in its sentence, nearest last."""
    at = next(i for i, c in enumerate(claims) if c is claim)
    return [c for c in claims[:at] if same_sentence(c, claim)]


def _position(claim: Claim) -> int:
    """Where the claim's number is printed in its sentence (-1 if not found)."""
    digits = format(claim.amount, "f")
    whole, _, fraction = digits.partition(".")
    pattern = ",?".join(whole) + (r"\." + fraction if fraction else "")
    found = re.search(rf"(?<![\d.,]){pattern}(?![\d])", claim.sentence)
    return found.start() if found else -1


def _wan(claim: Claim) -> Decimal | None:
    return stated_wan(claim)


# -- percentage change ---------------------------------------------------------------------------------


def _pct_basis(claims: list[Claim], pct: Claim) -> tuple[Claim, Decimal, Decimal] | None:
    """The stated change and last year's figure (with its rounding) a percentage change is computed from."""
    earlier = _before(claims, pct)
    change = next((c for c in reversed(earlier) if c.kind == "change" and same_item(c, pct)), None)
    if change is None or change.direction not in ("increase", "decrease") or signed(change) is None:
        return None
    prior = next((c for c in reversed(earlier) if c.kind == "prior" and same_item(c, pct)), None)
    if prior is not None and (value := _wan(prior)) is not None:
        return change, value, half_unit(prior.amount)
    amount = next((c for c in reversed(earlier) if c.kind == "amount" and same_item(c, pct)), None)
    now, moved = (_wan(amount), signed(change)) if amount is not None else (None, None)
    if amount is None or now is None or moved is None:
        return None
    return change, now - moved, half_unit(amount.amount) + half_unit(change.amount)


@rule(
    "narrative-pct-change",
    kind="narrative",
    severity="error",
    title="说明中的增减百分比与增减数不符",
    template=(
        "说明称“{sentence}”：{subject}比上年{direction} {change} 万元，上年为 {prior} 万元，增减幅度应为 "
        "{actual}%，而说明写作 {stated}%。"
    ),
    basis=BASIS_YOY + "；增减百分比 = 增减数 ÷ 上年数",
    refs=("R11",),
    documents=ANY_KIND,  # the same arithmetic in a 决算 (比上年决算增加…，增长…%; 比年初预算增加…)
)
def pct_change(ctx: Context) -> Iterator[Hit]:
    """A stated percentage change equals the stated change ÷ last year's figure (stated, or this year's
    stated figure − the change), rounded to the digits printed."""
    claims = ctx.d.narrative.claims
    for pct in claims:
        if pct.kind != "pct_change":
            continue
        basis = _pct_basis(claims, pct)
        if basis is None:
            continue
        change, prior, prior_half = basis
        moved = stated_wan(change) or ZERO
        actual = misstated(pct.amount, moved, half_unit(change.amount), prior, prior_half)
        if actual is None:
            continue
        yield Hit(
            fields={
                "sentence": quote_claim(pct),
                "subject": subject_zh(pct),
                "direction": "增加" if change.direction == "increase" else "减少",
                "change": fmt(moved),
                "prior": fmt(prior),
                "actual": format(actual, "f"),
                "stated": format(pct.amount, "f"),
            },
            values={"stated": pct.amount, "actual": actual},
            locations=[ctx.sentence(pct)],
        )


def _printed_ratio(d: Disclosure, kind: str, rng: random.Random) -> MutationRecord | None:
    """A percentage the narrative prints (of ``kind``, not zero) raised by 3–9 points in its sentence; None
    when it prints none."""
    printed = [c for c in d.narrative.claims if c.kind == kind and c.unit == "%" and c.amount]
    if not printed:
        return None
    claim = rng.choice(printed)
    before = claim.amount
    wrong = before + Decimal(rng.randint(3, 9))
    sentence = mut.restate(d, claim, wrong, "%")
    return MutationRecord({"section": claim.section, "sentence": sentence}, format(before, "f"), format(wrong, "f"))


@mutation("narrative-pct-change", zh="情况说明中的增长百分比改动，与增减数不符", en="misstate a percentage change")
def _misstate_pct(d: Disclosure, rng: random.Random) -> MutationRecord:
    stated = _printed_ratio(d, "pct_change", rng)
    if stated is not None:
        return stated
    prior = next((c for c in d.narrative.claims if c.kind == "prior" and c.subject == "expenditure"), None)
    change = next((c for c in d.narrative.claims if c.kind == "change" and c.subject == "expenditure"), None)
    if prior is None or change is None or not prior.amount or change.direction not in ("increase", "decrease"):
        raise NotApplicable
    true = change.amount * HUNDRED / prior.amount
    wrong = (true + Decimal(rng.randint(3, 9))).quantize(Decimal("0.01"))
    word = "增长" if change.direction == "increase" else "下降"
    sentence = f"较上年预算{format(prior.amount, 'f')}万元{word}{format(change.amount, 'f')}万元，{word}{wrong}%。"
    index = max(d.narrative.claims.index(prior), d.narrative.claims.index(change))
    for c in (prior, change):
        c.sentence, c.location = sentence, prior.location
    pct = change.model_copy(update={"kind": "pct_change", "amount": wrong, "unit": "%"})
    d.narrative.claims.insert(index + 1, pct)
    return MutationRecord({"section": change.section, "sentence": sentence}, format(true, ".2f"), str(wrong))


# -- share of a whole ----------------------------------------------------------------------------------


def _wholes(ctx: Context, claims: list[Claim], share: Claim, part: Claim) -> list[tuple[Decimal, Decimal, Evidence]]:
    """The figures the share may be of, with their rounding: the whole it names (stated, or in the tables),
    else the total stated before 其中 in the sentence."""
    if share.whole is not None:
        stated = [
            (v, half_unit(c.amount), ctx.sentence(c))
            for c in claims
            if c.kind == "amount" and c.subject == share.whole and c.label is None and is_current(ctx, c)
            and (v := _wan(c)) is not None
        ]
        tables = [(f.value, ZERO, f.cells[0] if f.cells else Evidence()) for f in figures(ctx, share.whole)]
        return stated + tables
    at = share.sentence.find("其中")
    if at < 0:
        return []
    heads = [
        c for c in _before(claims, part) if c.kind == "amount" and c.unit == part.unit and 0 <= _position(c) < at
    ]
    return [(v, half_unit(c.amount), ctx.sentence(c)) for c in heads[:1] if (v := _wan(c)) is not None and v >= ZERO]


@rule(
    "narrative-share",
    kind="narrative",
    severity="error",
    title="说明中的占比与金额不符",
    template="说明称“{sentence}”：{subject} {part} 万元占 {whole} 万元的 {actual}%，而说明写作 {stated}%。",
    basis=BASIS + "；占比 = 分项 ÷ 总数",
    refs=("R11",),
    documents=ANY_KIND,  # a 决算 states shares the same way (其中：基本支出…万元，占…%)
)
def share(ctx: Context) -> Iterator[Hit]:
    """A stated share equals the part ÷ the whole, rounded to the digits printed (the part stated before it in
    the sentence; the whole named after 占, or the total the sentence states before 其中)."""
    claims = ctx.d.narrative.claims
    for claim in claims:
        if claim.kind != "share":
            continue
        part = next((c for c in reversed(_before(claims, claim)) if c.kind == "amount" and same_item(c, claim)), None)
        value = _wan(part) if part is not None else None
        if part is None or value is None:
            continue
        wholes = [w for w in _wholes(ctx, claims, claim, part) if w[0] > 0]
        ranges = [ratio_range(value, half_unit(part.amount), w, h) for w, h, _ in wholes]
        if not wholes or any(agrees(claim.amount, low, high) for low, high in ranges):
            continue
        whole, _, where = wholes[0]
        actual = (value * HUNDRED / whole).quantize(Decimal("0.01"))
        yield Hit(
            fields={
                "sentence": quote_claim(claim),
                "subject": subject_zh(claim),
                "part": fmt(value),
                "whole": fmt(whole),
                "actual": format(actual, "f"),
                "stated": format(claim.amount, "f"),
            },
            values={"stated": claim.amount, "actual": actual},
            locations=[ctx.sentence(claim), where],
        )


@mutation("narrative-share", zh=f"情况说明中{figure_name('basic')}的占比改动，与金额不符", en="misstate a share")
def _misstate_share(d: Disclosure, rng: random.Random) -> MutationRecord:
    stated = _printed_ratio(d, "share", rng)
    if stated is not None:
        return stated
    total = next((c for c in d.narrative.claims if c.kind == "amount" and c.subject == "expenditure"), None)
    basic = next((c for c in d.narrative.claims if c.kind == "amount" and c.subject == "basic"), None)
    if total is None or basic is None or not total.amount:
        raise NotApplicable
    true = basic.amount * HUNDRED / total.amount
    wrong = (true + Decimal(rng.randint(3, 9))).quantize(Decimal("0.01"))
    total_zh, basic_zh = figure_name("expenditure"), figure_name("basic")
    amounts = format(total.amount, "f"), format(basic.amount, "f")
    sentence = f"{total_zh}{amounts[0]}万元，其中：{basic_zh}{amounts[1]}万元，占{wrong}%。"
    for c in (total, basic):
        c.sentence, c.location = sentence, total.location
    claims = d.narrative.claims
    claims.remove(basic)
    claims.insert(claims.index(total) + 1, basic)
    claims.insert(claims.index(basic) + 1, basic.model_copy(update={"kind": "share", "amount": wrong, "unit": "%"}))
    return MutationRecord({"section": basic.section, "sentence": sentence}, format(true, ".2f"), str(wrong))


# -- the same figure stated twice ----------------------------------------------------------------------

#: Figures a narrative states with one meaning wherever it states them (the totals and the class figures
#: are stated over several scopes — all funds, 财政拨款, 当年拨款 — and are not compared with each other).
RESTATED = frozenset(
    {"three_public", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception", "meeting",
     "training", "procurement", "procurement_goods", "procurement_works", "procurement_services"}
)  # fmt: skip


@rule(
    "narrative-figure-restated",
    kind="narrative",
    severity="warning",
    title="说明中同一数字前后不一致",
    template="说明先称“{first}”，{subject}为 {a} 万元；后又称“{second}”，为 {b} 万元，相差 {diff} 万元。",
    basis=BASIS + "；同一数字在说明中前后应一致",
    refs=("R11",),
    documents=ANY_KIND,  # a 决算 restates its 三公 items as a budget does
)
def restated(ctx: Context) -> Iterator[Hit]:
    """A figure the narrative states twice for this year (the 三公 items, 会议费, 培训费, 政府采购) is the same
    both times, within the rounding of the digits printed."""
    seen: dict[tuple[str, str | None], Claim] = {}
    for claim in ctx.d.narrative.claims:
        if claim.kind != "amount" or claim.subject not in RESTATED or not is_current(ctx, claim):
            continue
        value = _wan(claim)
        key = (claim.subject, claim.label)
        first = seen.setdefault(key, claim)
        before = _wan(first)
        if first is claim or value is None or before is None:
            continue
        if abs(value - before) <= half_unit(claim.amount) + half_unit(first.amount):
            continue
        yield Hit(
            fields={
                "first": quote_claim(first),
                "second": quote_claim(claim),
                "subject": subject_zh(claim),
                "a": fmt(before),
                "b": fmt(value),
                "diff": fmt(abs(value - before)),
            },
            values={"first": before, "second": value, "difference": value - before},
            locations=[ctx.sentence(first), ctx.sentence(claim)],
        )


@mutation("narrative-figure-restated", zh=f"情况说明再次提到{figure_name('three_public')}时数字不同", en="restate 三公")
def _restate_three_public(d: Disclosure, rng: random.Random) -> MutationRecord:
    first = next((c for c in d.narrative.claims if c.kind == "amount" and c.subject == "three_public"), None)
    if first is None:
        raise NotApplicable
    other = (first.amount + Decimal(rng.randint(1, 9))).quantize(Decimal("0.01"))
    sentence = f"综上，{figure_name('three_public')}预算{format(other, 'f')}万元。"
    location = first.location.model_copy(update={"line": (first.location.line or 0) + 1000})
    d.narrative.claims.append(first.model_copy(update={"amount": other, "sentence": sentence, "location": location}))
    return MutationRecord({"section": first.section, "sentence": sentence}, str(first.amount), str(other))
