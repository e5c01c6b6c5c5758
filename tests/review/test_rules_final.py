"""Final accounts (决算): the completion rate stated beside the budget and the final figure."""

from __future__ import annotations

from decimal import Decimal

from tests.review.claims import base, noisy, one, run
from yusuan.model import Claim, Disclosure

D = Decimal


def _final(*figures: tuple[str, str, str, str]) -> Disclosure:
    """The consistent sample as a 决算 whose narrative states ``figures`` (subject, kind, amount, unit) in one
    sentence."""
    d = base().model_copy(update={"kind": "部门决算"})
    sentence = "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。"
    d.narrative.claims = [
        Claim(subject=s, kind=k, amount=D(a), unit=u, section="二", sentence=sentence)  # type: ignore[arg-type]
        for s, k, a, u in figures
    ]
    return d


FIGURES = [
    ("general_expenditure", "budget", "2993.92", "万元"),
    ("general_expenditure", "amount", "2940.05", "万元"),
]


def test_final_completion_rate_fires() -> None:
    d = _final(*FIGURES, ("general_expenditure", "rate", "96.20", "%"))
    f = one(run(d), "final-completion-rate")
    assert f.severity == "error"
    assert "预算 2993.92 万元、决算 2940.05 万元，完成 98.20%，而说明写作 96.20%" in f.message
    assert f.values == {"stated": D("96.20"), "actual": D("98.20")}


def _quiet(*figures: tuple[str, str, str, str]) -> bool:
    return "final-completion-rate" not in noisy(run(_final(*figures)))


def test_final_completion_rate_quiet() -> None:
    # as printed (上海普陀财政局 2024 决算 p21): 2940.05 ÷ 2993.92 = 98.20%
    assert _quiet(*FIGURES, ("general_expenditure", "rate", "98.20", "%"))
    # one digit printed: 98.2% is the rate rounded; 98% cut to the whole percent is too
    assert _quiet(*FIGURES, ("general_expenditure", "rate", "98.2", "%"))
    assert _quiet(*FIGURES, ("general_expenditure", "rate", "98", "%"))
    # another subject's rate, or no budget stated: nothing to compare
    assert _quiet(*FIGURES, ("three_public", "rate", "50.00", "%"))
    assert _quiet(FIGURES[1], ("general_expenditure", "rate", "50", "%"))
    # a budget is not reviewed by the rule
    budget = _final(*FIGURES, ("general_expenditure", "rate", "96.20", "%")).model_copy(update={"kind": "部门预算"})
    assert "final-completion-rate" not in {f.rule for f in run(budget).findings}
