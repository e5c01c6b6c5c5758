"""Final accounts (决算) against their budget (issue 14): the 年初预算数 a 决算 prints against the stored budget, large
deviations left unexplained, and the change and percentage rules run on a 决算's sentences."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import yusuan
from tests.review.claims import base, noisy, of, one
from yusuan.model import Claim, Disclosure, Row
from yusuan.review.engine import DocumentReview, review
from yusuan.synth.final import final_of
from yusuan.synth.generate import generate

D = Decimal
RULE = "final-budget-vs-stored-budget"
DEVIATION = "final-large-deviation-unexplained"


def _pair(**factors: str) -> tuple[Disclosure, Disclosure]:
    """The consistent budget and its 决算 (the 三公 items scaled by ``factors``, else spent as budgeted), under a file
    name of its own and with a narrative the test writes (none to begin with)."""
    budget = base()
    items = {k: D(1) for k in ("abroad", "vehicle_purchase", "vehicle_operation", "reception")}
    final = final_of(budget, factors={**items, **{k: D(v) for k, v in factors.items()}}, kind="部门决算")
    final.source = "示例县人大常委会-2023-决算.txt"
    final.narrative.claims = []
    return budget, final


def _row(d: Disclosure, key: str) -> Row:
    table = d.table("three_public")
    assert table is not None
    return next(r for r in table.rows if r.key == key)


def _say(d: Disclosure, sentence: str, *figures: tuple[str, str, str], section: str = "二") -> None:
    """Append the claims (subject, kind, amount in 万元) of one sentence to the narrative."""
    d.narrative.claims += [
        Claim(subject=s, kind=k, amount=D(a), unit="万元", section=section, sentence=sentence)  # type: ignore[arg-type]
        for s, k, a in figures
    ]


def _run(final: Disclosure, budget: Disclosure | None) -> DocumentReview:
    return review(final, budget=budget)


# -- final-budget-vs-stored-budget -------------------------------------------------------------------------------


def test_final_budget_vs_stored_budget_fires() -> None:
    budget, final = _pair()
    _row(final, "reception").values["budget"] = D("2.50")
    for key in ("total", "subtotal"):
        _row(final, key).values["budget"] = D("9.30")
    f = one(_run(final, budget), RULE)
    assert f.severity == "error" and f.kind == "cross_table"
    # the item that differs, not its parents; both documents named
    assert "《示例县人民代表大会常务委员会2023年度部门决算》（示例县人大常委会-2023-决算.txt）" in f.message
    assert "同年预算《示例县人民代表大会常务委员会2023年度部门预算》（示例县人大常委会-2023.txt）" in f.message
    assert "“三公”经费表“公务接待费”为 1.50 万元，相差 1.00 万元" in f.message
    assert "公务接待费年初预算数为 2.50 万元" in f.message
    assert f.values == {"stated": D("2.50"), "budget": D("1.50"), "difference": D("1.00")}
    assert [(e.table, e.row, e.column, e.file) for e in f.locations] == [
        ("three_public", "reception", "budget", None),  # the 决算's cell
        ("three_public", "reception", "total", "示例县人大常委会-2023.txt"),  # the budget's
    ]


def test_final_budget_vs_stored_budget_fires_on_a_stated_budget() -> None:
    budget, final = _pair()
    sentence = "一般公共预算财政拨款支出年初预算为603.58万元，支出决算为593.58万元，完成年初预算的98.34%。"
    _say(final, sentence, ("general_expenditure", "budget", "603.58"), ("general_expenditure", "amount", "593.58"))
    f = one(_run(final, budget), RULE)
    assert f"说明称“{sentence}”，一般公共预算拨款支出年初预算数为 603.58 万元" in f.message
    assert "一般公共预算支出表合计行“合计”为 593.58 万元，相差 10.00 万元" in f.message


def test_final_budget_vs_stored_budget_quiet() -> None:
    budget, final = _pair()
    # the 决算 made from the budget prints the budget's 三公 figures as its 预算数
    assert _row(final, "reception").values["budget"] == D("1.50")
    result = _run(final, budget)
    assert RULE in {run.rule for run in result.coverage if run.status == "ran"}
    assert of(result, RULE) == []
    # the narrative's 年初预算 equal to the budget's (one decimal printed: within its rounding)
    _say(final, "一般公共预算财政拨款支出年初预算为593.6万元，支出决算为593.58万元。",
         ("general_expenditure", "budget", "593.6"), ("general_expenditure", "amount", "593.58"))  # fmt: skip
    # an adjusted budget is not the 年初预算
    _say(final, "支出调整预算为650.00万元，支出决算为593.58万元。", ("expenditure", "budget", "650.00"))
    # a budget stated for another year, and a subject the budget's tables do not give
    _say(final, "2022年年初预算为100.00万元。", ("expenditure", "budget", "100.00"))
    final.narrative.claims[-1].year = 2022
    _say(final, "完成预算0万元。", ("item:完成", "budget", "0"))
    assert of(_run(final, budget), RULE) == []


def test_final_budget_vs_stored_budget_skipped_without_the_budget() -> None:
    budget, final = _pair()
    _row(final, "reception").values["budget"] = D("2.50")
    result = _run(final, None)
    runs = {run.rule: run for run in result.coverage}
    assert runs[RULE].status == "skipped" and runs[RULE].reason == "未找到同一部门同一年度的预算"
    assert of(result, RULE) == []
    # another year's budget: nothing the 决算's 年初预算数 must equal
    other = budget.model_copy(update={"year": 2022})
    assert of(_run(final, other), RULE) == []
    assert len(of(_run(final, budget), RULE)) == 1
    # a budget reviewed with a budget beside it: the rule is written for final accounts only
    runs = {run.rule: run for run in review(budget, budget=budget).coverage}
    assert runs[RULE].status == "skipped" and "本文件为部门预算" in (runs[RULE].reason or "")


# -- final-large-deviation-unexplained ---------------------------------------------------------------------------


def test_final_large_deviation_unexplained_fires() -> None:
    _budget, final = _pair()
    _say(final, "支出年初预算为800.00万元，支出决算为593.58万元。", ("expenditure", "budget", "800.00"),
         ("expenditure", "amount", "593.58"))  # fmt: skip
    f = one(review(final), DEVIATION)
    assert f.severity == "warning" and [e.table for e in f.locations] == ["narrative"]  # its sentence, once
    assert f.message == (
        "支出预算决算数 593.58 万元，年初预算数 800.00 万元，少于预算 206.42 万元（-25.80%），"
        "说明中相应的句子及其下一句未说明原因。"
    )
    # the 决算数 stated before the 年初预算
    _, final = _pair()
    _say(final, "财政拨款支出决算为593.58万元，年初预算为700.00万元。", ("fiscal_expenditure", "amount", "593.58"),
         ("fiscal_expenditure", "budget", "700.00"))  # fmt: skip
    assert "年初预算数 700.00 万元，少于预算 106.42 万元（-15.20%）" in one(review(final), DEVIATION).message
    # 因公出国 is no reason
    _, final = _pair()
    _say(final, "因公出国（境）费年初预算为20.00万元，支出决算为5.00万元。", ("abroad", "budget", "20.00"),
         ("abroad", "amount", "5.00"))  # fmt: skip
    assert "因公出国（境）费决算数 5.00 万元" in one(review(final), DEVIATION).message


def test_final_large_deviation_unexplained_fires_on_the_three_public_table() -> None:
    _budget, final = _pair(vehicle_operation="0.5")  # 6.80 budgeted, 3.40 spent; the narrative does not say
    f = one(review(final), DEVIATION)
    assert "公务用车运行维护费决算数 3.40 万元，年初预算数 6.80 万元，少于预算 3.40 万元（-50.00%）" in f.message
    assert f.message.endswith("说明未提及公务用车运行维护费及其差异的原因。")  # not the 三公 total: its part is said
    assert [(e.row, e.column) for e in f.locations] == [("vehicle_operation", "budget"), ("vehicle_operation", "total")]


def test_final_large_deviation_unexplained_quiet() -> None:
    _budget, final = _pair()
    # explained in the sentence, or in the next one in the section
    _say(final, "支出年初预算为800.00万元，支出决算为593.58万元，主要原因是项目延期。",
         ("expenditure", "budget", "800.00"), ("expenditure", "amount", "593.58"))  # fmt: skip
    _say(final, "财政拨款支出年初预算为800.00万元，支出决算为593.58万元。",
         ("fiscal_expenditure", "budget", "800.00"), ("fiscal_expenditure", "amount", "593.58"))  # fmt: skip
    _say(final, "决算数比预算数减少206.42万元，主要是由于两个项目未实施。", ("fiscal_expenditure", "change", "206.42"))
    # within 10 %, under 1 万元, exactly 10 % once the rounding of the printed amounts is allowed for
    _say(final, "一般公共预算财政拨款支出年初预算为620.00万元，支出决算为593.58万元。",
         ("general_expenditure", "budget", "620.00"), ("general_expenditure", "amount", "593.58"))  # fmt: skip
    _say(final, "公务接待费年初预算为2.50万元，支出决算为1.50万元。",
         ("reception", "budget", "2.50"), ("reception", "amount", "1.50"))  # fmt: skip
    _say(final, "“三公”经费年初预算为33.37万元，支出决算为30.03万元。",
         ("three_public", "budget", "33.37"), ("three_public", "amount", "30.03"))  # fmt: skip
    assert DEVIATION not in noisy(review(final))
    # a 三公 item whose gap the narrative explains where it speaks of it
    _, final = _pair(vehicle_operation="0.5")
    _say(final, "公务用车运行维护费支出决算为3.40万元，比年初预算减少，主要是车辆改革后用车减少。",
         ("vehicle_operation", "amount", "3.40"))  # fmt: skip
    assert DEVIATION not in noisy(review(final))
    # a budget: not reviewed by the rule
    budget = base()
    _say(budget, "支出年初预算为800.00万元，支出决算为593.58万元。", ("expenditure", "budget", "800.00"),
         ("expenditure", "amount", "593.58"))  # fmt: skip
    assert of(review(budget), DEVIATION) == []


# -- the change and percentage rules on a 决算 --------------------------------------------------------------------


def test_change_and_percentage_rules_run_on_final_accounts() -> None:
    d = base().model_copy(update={"kind": "部门决算"})
    result = review(d)
    ran = {run.rule for run in result.coverage if run.status == "ran"}
    rules = {"narrative-pct-change", "narrative-share", "narrative-change-arithmetic", "narrative-change-parts",
             "narrative-figure-restated"}  # fmt: skip
    assert rules <= ran
    assert not rules & noisy(result)  # the sample's own changes hold in a 决算 too
    # 上海普陀财政局 2024 决算 p23: 184.65 − 2.55 = 182.10; 2.55 ÷ 182.10 = 1.40 %
    sentence = "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长{}%。"
    quiet, wrong = base().model_copy(update={"kind": "部门决算"}), base().model_copy(update={"kind": "部门决算"})
    for d, pct in ((quiet, "1.40"), (wrong, "2.40")):
        d.narrative.claims += [
            Claim(subject="operating_cost", kind=k, amount=D(a), unit=u, direction=dr, section="五",  # type: ignore[arg-type]
                  sentence=sentence.format(pct))
            for k, a, u, dr in (("amount", "184.65", "万元", None), ("change", "2.55", "万元", "increase"),
                                ("pct_change", pct, "%", "increase"))
        ]  # fmt: skip
    assert "narrative-pct-change" not in noisy(review(quiet))
    f = one(review(wrong), "narrative-pct-change")
    assert "增减幅度应为 1.40%，而说明写作 2.40%" in f.message
    # a share of the 决算's total, stated as it prints one
    share = base().model_copy(update={"kind": "部门决算"})
    text = "本年支出合计2940.05万元，其中：基本支出2336.91万元，占75.49%。"
    share.narrative.claims += [
        Claim(subject=s, kind=k, amount=D(a), unit=u, section="三", sentence=text)  # type: ignore[arg-type]
        for s, k, a, u in (("expenditure", "amount", "2940.05", "万元"), ("basic", "amount", "2336.91", "万元"),
                           ("basic", "share", "75.49", "%"))
    ]  # fmt: skip
    assert "2336.91 万元占 2940.05 万元的 79.49%，而说明写作 75.49%" in one(review(share), "narrative-share").message


def test_change_arithmetic_fires_on_a_final_account() -> None:
    """上年决算数 − this year's = the stated change, in a 决算 as in a budget (the tables' 支出 this year)."""
    d = base().model_copy(update={"kind": "部门决算"})
    for c in d.narrative.claims:
        if c.subject == "expenditure" and c.kind == "change":
            c.amount += D("10.00")
    f = one(review(d), "narrative-change-arithmetic")
    assert "上年为 590.83 万元" in f.message and "相差 10.00 万元" in f.message


@pytest.mark.parametrize("reason", ["决算数小于预算数的主要原因：项目延期实施。", None])
def test_a_reason_in_a_sentence_of_its_own_explains(reason: str | None) -> None:
    """支出决算为…。决算数小于预算数的主要原因：… — the reason states no figure: it is the claim's ``after``, and the
    deviation is explained (quiet); without it the rule fires."""
    sentence = "一般公共预算财政拨款支出年初预算为100.00万元，支出决算为80.00万元。"
    d = final_of(next(iter(generate(1, 3))), 1)
    d.narrative.claims = [
        Claim(subject="general_expenditure", kind=k, amount=Decimal(a), unit="万元", section="五", sentence=sentence,
              after=reason)
        for k, a in (("budget", "100.00"), ("amount", "80.00"))
    ]  # fmt: skip
    fired = review(d, only=["final-large-deviation-unexplained"]).findings
    assert bool(fired) == (reason is None)


CORPUS_FINAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "final"


@pytest.mark.skipif(not CORPUS_FINAL.is_dir(), reason="../shared/corpus is absent")
def test_reader_keeps_the_reason_after_a_figure_sentence() -> None:
    """上海普陀 2024 writes each item's reason as a sentence of its own after 年初预算为…，支出决算为… (pp. 21–22)."""
    d = yusuan.read(CORPUS_FINAL / "shanghai-putuo-2024-财政局-决算.pdf")
    item = next(c for c in d.narrative.claims if c.subject == "code:2010601" and c.kind == "budget")
    assert item.after == "决算数小于预算数的主要原因：人员进出及退休变化，减少人员经费开支。"
    assert all(c.after is None or "。" in c.after for c in d.narrative.claims)
