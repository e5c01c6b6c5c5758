"""Final accounts (决算): the 三公 counts the narrative states (团组, 辆, 批次, 人次) against the money spent."""

from __future__ import annotations

from decimal import Decimal

from tests.review.claims import base, noisy, of
from yusuan.model import Claim, Disclosure
from yusuan.review.engine import review
from yusuan.review.rules.final_counts import counts

D = Decimal
RULE = "final-three-public-counts"


def _final() -> Disclosure:
    """The consistent sample as a 决算: 三公 spent 0 abroad, 0 on buying vehicles, 6.80 running them, 1.50 receiving."""
    return base().model_copy(update={"kind": "部门决算"})


def _say(d: Disclosure, sentence: str, *figures: tuple[str, str, str]) -> None:
    """Append the count claims (subject, amount, unit) of one sentence."""
    d.narrative.claims += [
        Claim(subject=s, kind="amount", amount=D(a), unit=u, section="七", sentence=sentence) for s, a, u in figures
    ]


def _messages(d: Disclosure) -> list[str]:
    return [f.message for f in review(d).findings if f.rule == RULE]


def test_final_three_public_counts_fires() -> None:
    d = _final()
    # as the reader gives them today (佛山 2019 决算 p26): 出国团组 as other:<label>, vehicles bought and held
    _say(d, "全年使用财政拨款安排局机关及下属0个单位出国团组2个、累计6人次。", ("other:单位出国团组", "2", "个"))
    _say(d, "2023年公务用车购置数1辆。", ("other:购置车辆数", "1", "辆"))
    _say(d, "2023年公务用车保有量为0辆。", ("vehicles", "0", "辆"))
    # as the reader is to give them: 批次 and 人次 of receptions
    _say(d, "公务接待0批次、0人次。", ("other:公务接待", "0", "批次"), ("other:公务接待", "0", "人次"))
    messages = _messages(d)
    assert len(messages) == 5, messages
    table = d.table("three_public")
    assert table is not None
    assert messages[0] == (
        f"因公出国（境）费为 0.00 万元（{table.title}“一、因公出国（境）费”），而说明称“全年使用财政拨款安排局机关及"
        "下属0个单位出国团组2个、累计6人次。”，出国（境）团组或人次为 2个：列有数量而无相应支出。"
    )
    assert "公务用车购置费为 0.00 万元" in messages[1] and "购置车辆为 1辆：列有数量而无相应支出" in messages[1]
    assert "公务用车运行维护费为 6.80 万元" in messages[2] and "车辆保有量为 0辆：有运行维护费而无车辆" in messages[2]
    assert "公务接待费为 1.50 万元" in messages[3] and "公务接待批次或人次为 0批次：有支出而所列数量为 0" in messages[3]
    f = of(review(d), RULE)[0]
    assert f.severity == "warning"
    assert [e.table for e in f.locations] == ["narrative", "three_public"]


def test_final_three_public_counts_from_the_narrative_without_a_table() -> None:
    d = _final()
    del d.tables["three_public"]
    _say(d, "公务接待费支出3.20万元，国内公务接待0批次。", ("other:国内公务接待", "0", "批次"))
    _say(d, "公务接待共0批次。", ("other:公务接待共", "0", "批次"))
    spent = Claim(subject="reception", amount=D("3.20"), unit="万元", sentence="公务接待费3.20万元。")
    d.narrative.claims.insert(0, spent)
    messages = _messages(d)
    assert len(messages) == 1, messages  # the part (国内) stated as 0 says nothing of the whole
    assert messages[0].startswith("公务接待费为 3.20 万元（说明所述），而说明称“公务接待共0批次。”")


def test_final_three_public_counts_quiet() -> None:
    d = _final()
    # 佛山 2019 决算 p26: nothing spent abroad and no group; 0 vehicles bought for 0; 0.16 万元 of receptions beside
    # 0 foreign groups received (a part); the number of subordinate units is no count of the rule's
    _say(d, "全年使用财政拨款安排局机关及下属0个单位出国团组0个、累计0人次。",
         ("other:使用财政拨款安排局机关及下属", "0", "个"), ("other:单位出国团组", "0", "个"))  # fmt: skip
    _say(d, "2023年公务用车购置数0辆。", ("other:购置车辆数", "0", "辆"))
    _say(d, "共接待国外来访团组0个，来访外宾0人次。", ("other:单位共接待国外来访团组", "0", "个"),
         ("other:来访外宾", "0", "人次"))  # fmt: skip
    # counts that agree with the money: vehicles held and run, receptions
    _say(d, "公务用车保有量为3辆。", ("vehicles", "3", "辆"))
    _say(d, "国内公务接待5批次、40人次。", ("other:国内公务接待", "5", "批次"), ("other:国内公务接待", "40", "人次"))
    # vehicles of one kind bought as 0 (a part) and vehicles held planned
    _say(d, "其中执法执勤用车购置0辆。", ("other:购置车辆数:执法执勤用车", "0", "辆"))
    assert RULE not in noisy(review(d))
    assert [(c.item, c.whole) for c in counts(d.narrative.claims)] == [
        ("abroad", True), ("vehicle_purchase", True), ("reception", False), ("vehicle_operation", True),
        ("reception", False), ("reception", False), ("vehicle_purchase", False),
    ]  # fmt: skip
    # a budget is not reviewed by the rule
    budget = base()
    _say(budget, "全年安排出国团组2个。", ("other:出国团组", "2", "个"))
    assert of(review(budget), RULE) == []
