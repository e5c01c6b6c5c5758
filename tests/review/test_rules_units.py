"""Units (DOMAIN.md R11: units must be right): mutations of the consistent document, and the seeds."""

from __future__ import annotations

import os

from tests.review.claims import D, base, cells, find_claim, noisy, one, run, seed_findings, seed_messages, set_claim

os.environ["YUSUAN_DEBUG"] = "1"

THREE_PUBLIC = "2023年“三公”经费8.30元，其中：公务用车购置及运维费6.80万元，公务接待费1.50万元。"


# -- narrative-wrong-unit -------------------------------------------------------------------------------
def test_narrative_wrong_unit_fires() -> None:
    d = base()
    set_claim(d, "reception", unit="元", sentence="其中公务接待费1.50元。")
    result = run(d)
    # A unit finding, not an amount mismatch.
    assert noisy(result) == {"narrative-wrong-unit"}
    f = one(result, "narrative-wrong-unit")
    assert f.kind == "unit" and f.severity == "error"
    assert f.message == (
        "说明称“其中公务接待费1.50元。”，公务接待费写作“1.50元”，而“三公”经费表“公务接待费”为 1.50 万元："
        "数字相同而单位不同，应为“1.50万元”；按所写单位，两者相差 1.499850 万元。"
    )
    assert f.values == {
        "stated": D("1.50"),
        "stated_wan": D("0.000150"),
        "expected": D("1.50"),
        "difference": D("-1.499850"),
    }
    assert cells(f) == [("narrative", None, None), ("three_public", "reception", "total")]


def test_narrative_wrong_unit_fires_for_yuan_written_as_wanyuan() -> None:
    d = base()
    set_claim(d, "reception", amount="15000", sentence="其中公务接待费15000万元。")
    f = one(run(d), "narrative-wrong-unit")
    assert "写作“15000万元”" in f.message and "应为“15000元”" in f.message and "相差 14998.50 万元" in f.message


def test_narrative_wrong_unit_fires_without_tables() -> None:
    """乐亭 2020 (004) has no tables: the parts the same sentence lists in 万元 show the unit meant."""
    d = base()
    d.tables = {}
    set_claim(d, "three_public", unit="元", sentence=THREE_PUBLIC)
    at = find_claim(d, "three_public").location
    for subject in ("vehicle", "reception"):
        set_claim(d, subject, sentence=THREE_PUBLIC, location=at)
    f = one(run(d), "narrative-wrong-unit")
    assert "而同一句所列公务用车购置及运行维护费、公务接待费之和为 8.30 万元" in f.message
    assert [e.value for e in f.locations] == [D("8.30"), D("6.80"), D("1.50")]


def test_narrative_wrong_unit_quiet() -> None:
    assert "narrative-wrong-unit" not in noisy(run(base()))
    # A figure correctly written in 元.
    d = base()
    set_claim(d, "reception", amount="15000", unit="元", sentence="其中公务接待费15000元。")
    assert noisy(run(d)) == set()
    # A figure in 元 that matches nothing is an amount mismatch, not a unit error.
    d = base()
    set_claim(d, "reception", amount="2.50", unit="元", sentence="其中公务接待费2.50元。")
    assert noisy(run(d)) == {"narrative-amount-mismatch"}


# -- table-unit-inconsistent ------------------------------------------------------------------------------
def test_table_unit_inconsistent_fires() -> None:
    d = base()
    d.tables["three_public"].unit = "元"
    result = run(d)
    assert noisy(result) == {"table-unit-inconsistent"}
    f = one(result, "table-unit-inconsistent")
    assert f.severity == "warning"
    assert f.message == (
        "部门预算财政拨款“三公”经费支出表的金额单位为“元”，而其他 9 张表格的单位为“万元”："
        "同一套公开材料的金额单位应一致，请核对该表数字是否实为按“万元”填列。"
    )
    assert cells(f) == [("three_public", None, None)]
    assert f.locations[0].line == d.tables["three_public"].location.line


def test_table_unit_inconsistent_quiet() -> None:
    assert "table-unit-inconsistent" not in noisy(run(base()))
    # A table whose unit was not read is not reported (the unit may be printed elsewhere).
    d = base()
    d.tables["three_public"].unit = None
    assert "table-unit-inconsistent" not in noisy(run(d))


# -- narrative-unit-missing -----------------------------------------------------------------------------
def test_narrative_unit_missing_fires() -> None:
    d = base()
    set_claim(d, "project", "change", amount="6", unit=None, sentence="项目支出增加6，主要是新增项目。")
    result = run(d)
    assert noisy(result) == {"narrative-unit-missing"}
    f = one(result, "narrative-unit-missing")
    assert f.message == (
        "说明称“项目支出增加6，主要是新增项目。”，项目支出的数字 6 未写金额单位（表格单位为万元），"
        "读者无法确定是元还是万元。"
    )
    assert f.values == {"stated": D("6")}
    assert cells(f) == [("narrative", None, None)]


def test_narrative_unit_missing_quiet() -> None:
    assert "narrative-unit-missing" not in noisy(run(base()))
    # "与2022年持平" states no number, hence no unit.
    d = base()
    set_claim(d, "three_public", "change", amount="0", unit=None, direction="flat", sentence="与2022年持平。")
    set_claim(d, "three_public", "prior", amount="8.30")
    assert "narrative-unit-missing" not in noisy(run(d))


# -- the seeds ----------------------------------------------------------------------------------------------
def test_seed_findings_units() -> None:
    assert seed_findings("units") == [
        # 000 line 641: "“三公”经费一般公共预算拨款31.49元" — the 三公 table is empty; 30217 公务接待费 16.35 +
        # 30231 公务用车运行维护费 15.14 = 31.49 万元, and the same sentence lists those two in 万元.
        ("000", "narrative-wrong-unit", "error", 641),
        # 004 line 92: "“三公”经费一般公共预算拨款28.55元" — no tables; the sentence's 公务接待费 12.35万元 +
        # 公务用车运行维护费 16.20万元 = 28.55 万元.
        ("004", "narrative-wrong-unit", "error", 92),
    ]
    (msg,) = seed_messages("000", "narrative-wrong-unit")
    assert "写作“31.49元”" in msg and "应为“31.49万元”" in msg
    assert "基本支出表“公务接待费”（30217）与“公务用车运行维护费”（30231）之和（“三公”经费表为空表）" in msg
    assert "为 31.49 万元：数字相同而单位不同" in msg
    (msg,) = seed_messages("004", "narrative-wrong-unit")
    assert "同一句所列公务接待费、公务用车运行维护费之和为 28.55 万元" in msg
    # Neither is also reported as an amount mismatch.
    assert not [m for m in seed_messages("000", "narrative-amount-mismatch") if "31.49" in m]
