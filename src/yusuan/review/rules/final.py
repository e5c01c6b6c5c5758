"""Final accounts (部门决算, issue 14): the narrative's own arithmetic of budget, final figure and completion.

- ``final-completion-rate``: a completion stated as a percentage (完成年初预算的98.20%) is the final figure ÷ the
  budget stated before it in the sentence for the same subject (年初预算为2993.92万元，支出决算为2940.05万元), as
  printed — within the rounding of the printed amounts and of the percentage's own digits.

These rules run on final accounts only (``documents=FINAL_KINDS``); the budget rules skip a 决算.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.kinds import FINAL_KINDS
from yusuan.model import Claim, Disclosure
from yusuan.review.context import Context, fmt
from yusuan.review.helpers.figures import quote_claim, stated_wan, subject_zh
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.narrative_ratios import HUNDRED, agrees, half_unit, ratio_range

BASIS_FINAL = "财预〔2016〕143号《地方预决算公开操作规程》（部门决算公开）；完成率 = 决算数 ÷ 预算数"


def _same_sentence(a: Claim, b: Claim) -> bool:
    return a.sentence == b.sentence and a.location == b.location


def _stated_before(claims: list[Claim], at: int, kind: str, subject: str) -> Claim | None:
    """The nearest claim of ``kind`` and ``subject`` before position ``at`` in the same sentence."""
    rate = claims[at]
    return next(
        (c for c in reversed(claims[:at]) if _same_sentence(c, rate) and c.kind == kind and c.subject == subject), None
    )


@rule(
    "final-completion-rate",
    kind="narrative",
    severity="error",
    title="决算说明中的完成率与金额不符",
    template=(
        "说明称“{sentence}”：{subject}预算 {budget} 万元、决算 {final} 万元，完成 {actual}%，而说明写作 {stated}%。"
    ),
    basis=BASIS_FINAL,
    refs=("R11",),
    documents=FINAL_KINDS,
)
def completion_rate(ctx: Context) -> Iterator[Hit]:
    """A stated completion rate equals the final figure ÷ the budget stated before it in the sentence for the same
    subject, rounded to the digits printed (each amount taken within half its last printed digit)."""
    claims = ctx.d.narrative.claims
    for at, rate in enumerate(claims):
        if rate.kind != "rate" or rate.unit != "%":
            continue
        budget = _stated_before(claims, at, "budget", rate.subject)
        final = _stated_before(claims, at, "amount", rate.subject)
        planned = stated_wan(budget) if budget is not None else None
        spent = stated_wan(final) if final is not None else None
        if budget is None or final is None or planned is None or spent is None or planned <= 0:
            continue
        low, high = ratio_range(spent, half_unit(final.amount), planned, half_unit(budget.amount))
        if agrees(rate.amount, low, high):
            continue
        actual = (spent * HUNDRED / planned).quantize(Decimal("0.01"))
        yield Hit(
            fields={
                "sentence": quote_claim(rate),
                "subject": subject_zh(rate),
                "budget": fmt(planned),
                "final": fmt(spent),
                "actual": format(actual, "f"),
                "stated": format(rate.amount, "f"),
            },
            values={"stated": rate.amount, "actual": actual},
            locations=[ctx.sentence(rate)],
        )


@mutation(
    "final-completion-rate",
    zh="决算说明中的完成率改动，与预算数、决算数不符（把样本当作决算）",
    en="misstate a completion rate in a final account",
    published=False,  # the synthetic corpus publishes budgets; this turns the sample into a 决算 in the model
)
def _misstate_rate(d: Disclosure, rng: random.Random) -> MutationRecord:
    total = next((c for c in d.narrative.claims if c.kind == "amount" and c.subject == "expenditure"), None)
    if total is None or not total.amount:
        raise NotApplicable
    planned = (total.amount * Decimal("1.05")).quantize(Decimal("0.01"))
    true = total.amount * HUNDRED / planned
    wrong = (true - Decimal(rng.randint(3, 9))).quantize(Decimal("0.01"))
    figures = f"支出年初预算为{format(planned, 'f')}万元，支出决算为{format(total.amount, 'f')}万元"
    sentence = f"{figures}，完成年初预算的{wrong}%。"
    d.kind = "部门决算"
    made = [
        total.model_copy(update={"kind": kind, "amount": amount, "unit": unit, "sentence": sentence, "year": None})
        for kind, amount, unit in (("budget", planned, "万元"), ("amount", total.amount, "万元"), ("rate", wrong, "%"))
    ]
    d.narrative.claims.extend(made)
    return MutationRecord({"section": total.section, "sentence": sentence}, format(true, ".2f"), str(wrong))
