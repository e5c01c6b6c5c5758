"""Narrative ↔ tables (DOMAIN.md R11): mutations of the consistent document, and the seeds."""

from __future__ import annotations

import os

from tests.review.claims import D, base, cells, find_claim, noisy, of, one, run, seed_findings, seed_messages, set_claim
from yusuan.model import Row, Table

os.environ["YUSUAN_DEBUG"] = "1"

BASIC = "2023年部门支出预算为593.58万元，其中基本支出{}万元，项目支出163.00万元。"
PRIOR = "2023年部门预算较2022年预算{}万元增加2.75万元。"
CHANGE = "2023年部门预算较2022年预算590.83万元{}2.75万元。"


# -- narrative-amount-mismatch ------------------------------------------------------------------------
def test_narrative_amount_mismatch_fires() -> None:
    d = base()
    set_claim(d, "basic", amount="505.58", sentence=BASIC.format("505.58"))
    result = run(d)
    assert noisy(result) == {"narrative-amount-mismatch"}
    f = one(result, "narrative-amount-mismatch")
    assert f.severity == "error"
    assert f.message == (
        "说明称“2023年部门支出预算为593.58万元，其中基本支出505.58万元，项目支出163.00万元。”，基本支出为 505.58万元，"
        "而支出总表合计行“基本支出”为 430.58 万元，相差 75.00 万元。"
    )
    assert f.values == {"stated": D("505.58"), "table": D("430.58"), "difference": D("75.00")}
    assert cells(f) == [("narrative", None, None), ("expenditure", "total", "basic")]
    assert f.locations[0].sentence == BASIC.format("505.58")
    assert f.locations[1].value == D("430.58")


def test_narrative_amount_mismatch_fires_beyond_rounding() -> None:
    """A figure stated with one decimal is compared within ±0.05 and the message says so."""
    d = base()
    set_claim(d, "basic", amount="430.5", sentence=BASIC.format("430.5"))
    f = one(run(d), "narrative-amount-mismatch")
    assert f.message.endswith("相差 0.08 万元。（说明中的数字只写到 1 位小数，允许误差 ±0.05 万元）")
    assert f.values == {"stated": D("430.5"), "table": D("430.58"), "difference": D("-0.08")}


def test_narrative_amount_mismatch_fires_for_three_public_parts() -> None:
    d = base()
    set_claim(d, "reception", amount="2.50", sentence="2023年公务接待费2.50万元。")
    result = run(d)
    assert noisy(result) == {"narrative-amount-mismatch"}
    f = one(result, "narrative-amount-mismatch")
    assert "公务接待费为 2.50万元，而“三公”经费表“公务接待费”为 1.50 万元，相差 1.00 万元" in f.message
    assert cells(f) == [("narrative", None, None), ("three_public", "reception", "total")]


def test_narrative_amount_mismatch_quiet() -> None:
    assert "narrative-amount-mismatch" not in noisy(run(base()))
    # A figure rounded to one decimal within half its last digit.
    d = base()
    set_claim(d, "basic", amount="430.6", sentence=BASIC.format("430.6"))
    set_claim(d, "project", amount="163", sentence="项目支出163万元。")
    assert "narrative-amount-mismatch" not in noisy(run(d))
    # Last year's figure dated last year is not this year's.
    d = base()
    set_claim(d, "expenditure", amount="590.83", year=2022, sentence="2022年部门支出预算为590.83万元。")
    assert "narrative-amount-mismatch" not in noisy(run(d))


def test_narrative_amount_mismatch_quiet_on_empty_three_public_table() -> None:
    """With the 三公 table empty, the narrative's 三公 figures are read from 30217/30231 of the basic table:
    they agree, and only the cross-table rule reports the empty table."""
    d = base()
    t = d.tables["three_public"]
    t.rows = []
    t.note = "注：无财政拨款“三公”经费预算，空表列示。"
    result = run(d)
    assert "narrative-amount-mismatch" not in noisy(result)
    assert noisy(result) <= {"three-public-vs-basic"}  # the cross-table rule's finding, not ours


def test_narrative_amount_mismatch_quiet_when_a_wrong_unit_explains_it() -> None:
    d = base()
    set_claim(d, "three_public", unit="元", sentence="2023年“三公”经费预算8.30元。")
    assert noisy(run(d)) == {"narrative-wrong-unit"}


# -- narrative-change-arithmetic ------------------------------------------------------------------------
def test_operating_cost_compared_on_any_template_that_prints_it() -> None:
    """机关运行经费 is the Hebei template's 公用经费; elsewhere it is compared only with a table printing it."""
    d = base()
    d.template = "guangdong"
    set_claim(d, "operating_cost", amount="30.00", year=2023, sentence="2023年机关运行经费预算30.00万元。")
    assert "narrative-amount-mismatch" not in noisy(run(d))  # another template, no table of its own: not compared
    d.tables["operating_costs"] = Table(
        title="机关运行经费预算表", unit="万元", rows=[Row(key="total", name="合计", values={"total": D("25.51")})]
    )
    f = one(run(d), "narrative-amount-mismatch")
    assert "机关运行经费" in f.message and "30.00" in f.message and "25.51" in f.message
    set_claim(d, "operating_cost", amount="25.51", year=2023, sentence="2023年机关运行经费预算25.51万元。")
    assert "narrative-amount-mismatch" not in noisy(run(d))


def test_narrative_change_arithmetic_fires() -> None:
    d = base()
    set_claim(d, "expenditure", "prior", amount="580.83", sentence=PRIOR.format("580.83"))
    result = run(d)
    assert noisy(result) == {"narrative-change-arithmetic"}
    f = one(result, "narrative-change-arithmetic")
    change = find_claim(d, "expenditure", "change")
    assert f.message == (
        f"说明称“{change.sentence}”：支出预算上年为 580.83 万元，本年比上年增加 2.75 万元；而本年支出预算为 593.58 万元"
        "（支出总表合计行“合计”），比上年实际增加 12.75 万元，相差 10.00 万元。"
    )
    assert f.values == {
        "prior": D("580.83"),
        "stated_change": D("2.75"),
        "current": D("593.58"),
        "actual_change": D("12.75"),
        "difference": D("10.00"),
    }
    assert cells(f) == [("narrative", None, None), ("narrative", None, None), ("expenditure", "total", "total")]
    assert f.locations[0].sentence == PRIOR.format("580.83")


def test_narrative_change_arithmetic_fires_on_reversed_direction() -> None:
    d = base()
    set_claim(d, "expenditure", "change", direction="decrease", sentence=CHANGE.format("减少"))
    result = run(d)
    # The stated parts (基本支出 −3.25, 项目支出 +6.00) necessarily stop adding up to the total (−2.75) too.
    assert noisy(result) == {"narrative-change-arithmetic", "narrative-change-parts"}
    f = one(result, "narrative-change-arithmetic")
    assert "本年比上年减少 2.75 万元" in f.message and "比上年实际增加 2.75 万元，相差 5.50 万元" in f.message
    assert f.message.endswith("（所述增减方向与实际相反）")
    assert f.values["difference"] == D("5.50")


def test_narrative_change_arithmetic_quiet() -> None:
    assert "narrative-change-arithmetic" not in noisy(run(base()))
    # A prior-year figure with one decimal: 593.58 − 590.8 = 2.78, within ±0.05 of 2.75.
    d = base()
    set_claim(d, "expenditure", "prior", amount="590.8", sentence=PRIOR.format("590.8"))
    assert "narrative-change-arithmetic" not in noisy(run(d))
    # Without tables, this year's figure is the narrative's own.
    d = base()
    d.tables = {}
    assert not of(run(d), "narrative-change-arithmetic")


# -- narrative-change-parts -------------------------------------------------------------------------------
def test_narrative_change_parts_fires() -> None:
    d = base()
    set_claim(d, "basic", "change", amount="4.25", sentence="其中：基本支出减少4.25万元。")
    result = run(d)
    assert noisy(result) == {"narrative-change-parts"}
    f = one(result, "narrative-change-parts")
    assert f.severity == "error"
    total = find_claim(d, "expenditure", "change")
    assert f.message == (
        f"说明称“{total.sentence}”：支出预算比上年增加 2.75 万元，而所列分项基本支出减少 4.25 万元、"
        "项目支出增加 6.00 万元，合计增加 1.75 万元，相差 1.00 万元。"
    )
    assert f.values == {"stated_total": D("2.75"), "parts_sum": D("1.75"), "difference": D("1.00")}
    assert [e.sentence for e in f.locations] == [
        total.sentence,
        "其中：基本支出减少4.25万元。",
        find_claim(d, "project", "change").sentence,
    ]


def test_narrative_change_parts_fires_as_warning_when_parts_are_incomplete() -> None:
    """乐亭 000's shape: the parts stated exceed the total and one part is not stated."""
    d = base()
    d.narrative.claims.remove(find_claim(d, "basic", "change"))
    set_claim(d, "project", "change", amount="6.00", sentence="项目支出增加6.00万元。")
    f = one(run(d), "narrative-change-parts")
    assert f.severity == "warning"
    assert f.message.endswith(
        "所列分项项目支出增加 6.00 万元，合计增加 6.00 万元，相差 3.25 万元。"
        "（说明未列出基本支出的增减；要使分项之和等于总数，基本支出须减少 3.25 万元，说明对此未作交代）"
    )


def test_narrative_change_parts_quiet() -> None:
    assert not of(run(base()), "narrative-change-parts")
    # Nested parts that add up: 基本支出 −3.25 = 人员经费 −4.00 + 公用经费 +0.75.
    d = base()
    at = d.narrative.claims.index(find_claim(d, "basic", "change")) + 1
    personnel = find_claim(d, "basic", "change").model_copy(
        update={"subject": "personnel", "amount": D("4.00"), "sentence": "人员经费减少4.00万元。"}
    )
    public = personnel.model_copy(
        update={"subject": "public", "amount": D("0.75"), "direction": "increase", "sentence": "公用经费增加0.75万元。"}
    )
    d.narrative.claims[at:at] = [personnel, public]
    assert not of(run(d), "narrative-change-parts")
    # A partial statement short of the total is only a note.
    d = base()
    d.narrative.claims.remove(find_claim(d, "project", "change"))
    set_claim(d, "expenditure", "change", amount="9.00", direction="decrease")
    set_claim(d, "expenditure", "prior", amount="602.58")
    result = run(d)
    assert "narrative-change-parts" not in noisy(result)
    assert [f.severity for f in of(result, "narrative-change-parts")] == ["info"]


# -- the seeds ----------------------------------------------------------------------------------------------
def test_seed_findings_narrative() -> None:
    assert seed_findings("narrative") == [
        # 000 line 624: "其中基本支出618.63万元" while 支出总表 合计 基本支出 is 541.13 (618.63 is the total;
        # 541.13 = 人员经费 478.63 + 公用经费 62.50, as the same sentence goes on to say).
        ("000", "narrative-amount-mismatch", "error", 624),
        # 000 line 627: total +108.45 "其中：人员经费增加140.86万元…项目经费减少10.5万元": the parts give +130.36;
        # 公用经费 is not mentioned and would have to fall by 21.91.
        ("000", "narrative-change-parts", "warning", 627),
        # 004 line 84: total +33.81 "其中：人员经费增加30.53万元" only; 3.28 is left unexplained (a note).
        ("004", "narrative-change-parts", "info", 84),
    ]
    (basic,) = seed_messages("000", "narrative-amount-mismatch")
    assert "基本支出为 618.63万元，而支出总表合计行“基本支出”为 541.13 万元，相差 77.50 万元" in basic
    (parts,) = seed_messages("000", "narrative-change-parts")
    assert "人员经费增加 140.86 万元、项目支出减少 10.50 万元，合计增加 130.36 万元，相差 21.91 万元" in parts
    assert "公用经费须减少 21.91 万元" in parts
