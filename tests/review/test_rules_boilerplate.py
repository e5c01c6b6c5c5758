"""Boilerplate (DOMAIN.md R15): mutations of the consistent document, and the seeds."""

from __future__ import annotations

import os

from tests.review.claims import D, add_claim, base, cells, find_claim, noisy, one, run, seed_findings, set_claim
from yusuan.model import GlossaryEntry, Location

os.environ["YUSUAN_DEBUG"] = "1"


# -- glossary-wrong-level ---------------------------------------------------------------------------------
def test_glossary_wrong_level_fires() -> None:
    d = base()
    d.glossary[0].text = "指省级财政当年拨付的资金。"
    result = run(d)
    assert noisy(result) == {"glossary-wrong-level"}
    f = one(result, "glossary-wrong-level")
    assert f.kind == "boilerplate" and f.severity == "error"
    assert f.message == (
        "名词解释“一般公共预算拨款收入”写作“省级财政”，而本部门（示例县人民代表大会常务委员会）是县级部门，应为“县级财政”。"
    )
    assert f.values == {}
    assert cells(f) == [("glossary", None, None)]
    assert (f.locations[0].name, f.locations[0].sentence) == ("一般公共预算拨款收入", "指省级财政当年拨付的资金。")
    assert f.locations[0].line == d.glossary[0].location.line


def test_glossary_wrong_level_quiet() -> None:
    assert "glossary-wrong-level" not in noisy(run(base()))
    d = base()
    # A district (区) is county-level: 县级 is its level too; 上级 names no level.
    d.department.level = "区"
    d.glossary.append(GlossaryEntry(term="上级补助收入", text="指从主管部门和上级单位取得的非财政补助收入。",
                                    location=Location(line=9001)))
    assert "glossary-wrong-level" not in noisy(run(d))


# -- comparison-year-not-prior ----------------------------------------------------------------------------
def test_comparison_year_not_prior_fires() -> None:
    d = base()
    sentence = "2023年部门预算较2021年预算590.83万元增加2.75万元。"
    set_claim(d, "expenditure", "prior", year=2021, sentence=sentence)
    result = run(d)
    assert noisy(result) == {"comparison-year-not-prior"}
    f = one(result, "comparison-year-not-prior")
    assert f.severity == "warning"
    assert f.message == (
        f"说明称“{sentence}”，与 2021 年比较，而本文件的年度为 2023 年，上一年度应为 2022 年，相差 1 年："
        "疑为沿用往年文本未改。"
    )
    assert f.values == {}
    assert cells(f) == [("narrative", None, None)] and f.locations[0].sentence == sentence


def test_comparison_year_not_prior_quiet() -> None:
    assert "comparison-year-not-prior" not in noisy(run(base()))
    # "较上年" states no year.
    d = base()
    set_claim(d, "expenditure", "prior", year=None, sentence="较上年预算590.83万元增加2.75万元。")
    assert "comparison-year-not-prior" not in noisy(run(d))


def test_comparison_year_not_prior_quiet_on_a_share_of_this_year() -> None:
    """A share dated the budget year (2023年…占72.54%) compares with no other year."""
    d = base()
    sentence = "2023年支出预算593.58万元，其中：基本支出430.58万元，占72.54%。"
    add_claim(d, "basic", "72.54", sentence, kind="share", unit="%", year=2023)
    assert "comparison-year-not-prior" not in noisy(run(d))
    add_claim(d, "basic", "1.00", sentence.replace("占72.54%", "较2021年增长1.00%"), kind="pct_change", unit="%",
              year=2021, direction="increase")  # fmt: skip
    assert "comparison-year-not-prior" in noisy(run(d))


# -- narrative-year-not-budget-year -------------------------------------------------------------------------
def test_narrative_year_not_budget_year_fires() -> None:
    d = base()
    set_claim(d, "expenditure", year=2022, sentence="2022年部门支出预算为593.58万元。")
    result = run(d)
    assert noisy(result) == {"narrative-year-not-budget-year"}
    f = one(result, "narrative-year-not-budget-year")
    assert f.message == (
        "说明称“2022年部门支出预算为593.58万元。”，所述为 2022 年的支出预算 593.58 万元，而这正是本预算年度（2023 年）"
        "表格的数字（支出总表合计行“合计” 593.58 万元），年份相差 1 年：疑为沿用往年文本而未改年份。"
    )
    assert f.values == {"stated": D("593.58")}
    assert cells(f) == [("narrative", None, None)]


def test_narrative_year_not_budget_year_quiet() -> None:
    assert "narrative-year-not-budget-year" not in noisy(run(base()))
    # Last year's own figure, dated last year, is legitimate.
    d = base()
    set_claim(d, "expenditure", amount="590.83", year=2022, sentence="2022年部门支出预算为590.83万元。")
    assert noisy(run(d)) == set()


def test_narrative_year_not_budget_year_holdings_at_the_end_of_last_year() -> None:
    """固定资产 is counted at the end of the year before the budget year: dated 2022 in a 2023 budget it is
    right; dated 2021 it is the text of an earlier year."""
    d = base()
    set_claim(d, "fixed_assets", year=2022, sentence="截至2022年末，本部门固定资产金额155.59万元。")
    assert "narrative-year-not-budget-year" not in noisy(run(d))
    set_claim(d, "fixed_assets", year=2021, sentence="截至2021年末，本部门固定资产金额155.59万元。")
    assert "narrative-year-not-budget-year" in noisy(run(d))


# -- other-department-name ----------------------------------------------------------------------------------
def test_other_department_name_fires() -> None:
    d = base()
    sentence = "2023年，另例县人民代表大会常务委员会安排政府采购预算0.00万元。"
    set_claim(d, "procurement", sentence=sentence)
    result = run(d)
    assert noisy(result) == {"other-department-name"}
    f = one(result, "other-department-name")
    assert f.message == (
        "情况说明写有“另例县人民代表大会常务委员会”，而本部门是“示例县人民代表大会常务委员会”（示例县）："
        "地区不同，疑为照抄其他地区部门的文本。"
    )
    assert f.values == {}
    assert cells(f) == [("narrative", None, None)] and f.locations[0].sentence == sentence


def test_other_department_name_quiet() -> None:
    assert "other-department-name" not in noisy(run(base()))
    d = base()
    # Its own name, its superior city's congress, and "本县" are not another department.
    set_claim(d, "procurement", sentence="2023年，示例县人民代表大会常务委员会安排政府采购预算0.00万元。")
    own = "按照示例市人民代表大会常务委员会要求，本县人民代表大会常务委员会上年末固定资产金额为155.59万元。"
    set_claim(d, "fixed_assets", sentence=own)
    assert "other-department-name" not in noisy(run(d))


# -- duplicated-sentence ------------------------------------------------------------------------------------
def test_duplicated_sentence_fires() -> None:
    d = base()
    sentence = "本年收入593.58万元，其中：财政拨款收入593.58万元，其他收入0万元。"
    first = set_claim(d, "income", sentence=sentence)
    second = add_claim(d, "income", "593.58", sentence)
    result = run(d)
    assert noisy(result) == {"duplicated-sentence"}
    f = one(result, "duplicated-sentence")
    assert f.message == (
        f"说明中的句子“{sentence}”在第 {first.location.line}、{second.location.line} 行各出现一次，共 2 次："
        "疑为复制粘贴时重复印制。"
    )
    assert f.values == {}
    assert [e.line for e in f.locations] == [first.location.line, second.location.line]


def test_duplicated_sentence_quiet() -> None:
    assert "duplicated-sentence" not in noisy(run(base()))
    d = base()
    # Two figures of one sentence share its line; a short sentence repeated is not reported.
    sentence = "本年收入593.58万元，其中：财政拨款收入593.58万元，其他收入0万元。"
    at = set_claim(d, "income", sentence=sentence).location
    set_claim(d, "fiscal_income", sentence=sentence, location=at)
    set_claim(d, "abroad", sentence="因公出国（境）费0万元。")
    set_claim(d, "vehicle_purchase", sentence="因公出国（境）费0万元。")
    assert "duplicated-sentence" not in noisy(run(d))
    assert find_claim(d, "fiscal_income").location == at


# -- the seeds ----------------------------------------------------------------------------------------------
def test_seed_findings_boilerplate() -> None:
    assert seed_findings("boilerplate") == [
        # 000 line 1111: "一般公共预算拨款收入：指省级财政当年拨付的资金" in a 乐亭县 (county) package.
        ("000", "glossary-wrong-level", "error", 1111),
        # 000 line 1125: "纳入省级财政预算管理的“三公”经费，是指省级部门…" — the provincial template, unedited.
        ("000", "glossary-wrong-level", "error", 1125),
        # 002 line 2225: "纳入区级财政预算管理…是指省级部门用财政拨款…": 区级 was edited in, 省级部门 was not.
        ("002", "glossary-wrong-level", "error", 2225),
    ]
