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


# -- final-summary-balance ---------------------------------------------------------------------------------
def _balanced() -> Disclosure:
    """The consistent sample as a 决算 whose summary carries 25.00 over from last year and 30.00 into next."""
    d = base().model_copy(update={"kind": "部门决算"})
    s = d.two_sided("summary")
    assert s is not None
    by = {r.key: r for r in s.income}
    by["carryover"].values["amount"] = D("25.00")
    by["grand_total"].values["amount"] = D("618.58")  # 593.58 + 25.00
    out = {r.key: r for r in s.expenditure}
    out["current_total"].values["amount"] = D("588.58")
    out["carryover"].values["amount"] = D("30.00")
    out["grand_total"].values["amount"] = D("618.58")  # 588.58 + 30.00
    return d


def test_final_summary_balance_fires() -> None:
    d = _balanced()
    s = d.two_sided("summary")
    assert s is not None
    next(r for r in s.income if r.key == "grand_total").values["amount"] = D("628.58")
    messages = [f.message for f in run(d).findings if f.rule == "final-summary-balance"]
    assert len(messages) == 2  # the side that does not add up, and the two 总计
    assert "收入“收入总计”应等于“本年收入合计”加“上年结转结余”" in messages[0] and "相差 10.00 万元" in messages[0]
    assert "收入总计应等于支出总计：收入“收入总计” 628.58 万元，但支出“支出总计” 618.58 万元" in messages[1]


def test_final_summary_balance_quiet() -> None:
    assert "final-summary-balance" not in noisy(run(_balanced()))
    # 0.01 off (佛山 2019: 1668.14 + 0.00 + 0.01 printed as 1668.14) is a 尾差, not an error
    d = _balanced()
    s = d.two_sided("summary")
    assert s is not None
    next(r for r in s.expenditure if r.key == "carryover").values["amount"] = D("30.01")
    findings = run(d).findings
    assert "final-summary-balance" not in {f.rule for f in findings if f.severity == "error"}
    assert any(f.rule == "rounding-difference" and "决算总表收支不平衡" in f.message for f in findings)
    # a budget is not held to it
    budget = _balanced().model_copy(update={"kind": "部门预算"})
    assert "final-summary-balance" not in {f.rule for f in run(budget).findings}


# -- final-three-public-vs-table ---------------------------------------------------------------------------
def _three_public_final(stated_final: str, stated_budget: str = "8.30") -> Disclosure:
    """The consistent sample as a 决算: its 三公 table spent 7.90 of a budget of 8.30; the narrative states both."""
    d = base().model_copy(update={"kind": "部门决算"})
    table = d.table("three_public")
    assert table is not None
    total = next(r for r in table.rows if r.key == "total")
    total.values.update({"total": D("7.90"), "budget": D("8.30")})
    sentence = f"“三公”经费财政拨款支出年初预算为{stated_budget}万元，支出决算为{stated_final}万元。"
    d.narrative.claims = [
        Claim(subject="three_public", kind=kind, amount=D(amount), unit="万元", section="四", sentence=sentence)
        for kind, amount in (("budget", stated_budget), ("amount", stated_final))
    ]
    return d


def test_final_three_public_vs_table_fires() -> None:
    f = one(run(_three_public_final("9.90")), "final-three-public-vs-table")
    assert "“三公”经费决算数 9.90 万元，而" in f.message and "为 7.90 万元，相差 2.00 万元" in f.message
    budget = [x for x in run(_three_public_final("7.90", "9.30")).findings if x.rule == "final-three-public-vs-table"]
    assert len(budget) == 1 and "预算数 9.30 万元，而" in budget[0].message and "为 8.30 万元" in budget[0].message


def test_final_three_public_vs_table_quiet() -> None:
    assert "final-three-public-vs-table" not in noisy(run(_three_public_final("7.90")))
    assert "final-three-public-vs-table" not in noisy(run(_three_public_final("7.9", "8.3")))  # one digit printed
