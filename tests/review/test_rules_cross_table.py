"""Cross-table rules (DOMAIN.md R4–R9): mutations of the consistent document, and the seeds."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from tests.conftest import seed_path
from tests.review.mutate import base, cells, findings, noisy_ids, put, row, run, shift
from yusuan.model import Disclosure, Row, Table
from yusuan.model.jsonio import from_json
from yusuan.review.engine import review
from yusuan.review.registry import RULES

os.environ["YUSUAN_DEBUG"] = "1"

D = Decimal
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CROSS_TABLE = sorted(i for i, r in RULES.items() if r.kind == "cross_table")


def test_rule_catalogue() -> None:
    assert CROSS_TABLE == [
        "basic-vs-general-budget",
        "final-budget-vs-stored-budget",
        "fiscal-summary-vs-tables",
        "general-budget-vs-expenditure",
        "personnel-public-split",
        "summary-vs-expenditure",
        "summary-vs-income",
        "three-public-vs-basic",
    ]
    for rule_id in CROSS_TABLE:
        r = RULES[rule_id]
        assert r.refs and r.basis and r.title and r.doc
    assert RULES["personnel-public-split"].severity == "warning"


def with_business_income(d: Disclosure) -> Disclosure:
    """The department also has 10.00 of 事业收入, spent on 2010102 as a project: only the general-budget
    tables stay as they are. Every table adds up."""
    shift(d, "income", "2010102", {"total": "10", "subtotal": "10", "business": "10"})
    shift(d, "expenditure", "2010102", {"total": "10", "project": "10"})
    put(row(d, "summary", "business", "income"), "amount", "10.00")
    for key in ("current_total", "grand_total"):
        put(row(d, "summary", key, "income"), "amount", "603.58")
        put(row(d, "summary", key), "amount", "603.58")
    put(row(d, "summary", "201"), "amount", "495.91")
    return d


def test_business_income_document_is_consistent() -> None:
    result = run(with_business_income(base()))
    assert not {f.rule for f in result.findings if f.kind in ("arithmetic", "cross_table")}


# -- summary-vs-income ----------------------------------------------------------------------------
def test_summary_vs_income_fires() -> None:
    d = base()
    shift(d, "income", "2010104", {"fiscal": "-1", "special_account": "1"})  # 1.00 of 人大会议 from 财政专户
    result = run(d)
    assert noisy_ids(result) == {"summary-vs-income"}
    fiscal, special = findings(result, "summary-vs-income")
    assert fiscal.message == (
        "部门预算收支总表与收入总表的财政拨款收入不一致：部门预算收入总表“合计” 财政拨款收入 592.58 万元，"
        "但部门预算收支总表“一、一般公共预算拨款收入” 593.58 + 部门预算收支总表“二、政府性基金预算拨款收入” 空白 + "
        "部门预算收支总表“三、国有资本经营预算拨款收入” 空白 = 593.58 万元，相差 1.00 万元"
        "（超出四舍五入允许的 ±0.01 万元）"
    )
    assert fiscal.values == {"stated": D("592.58"), "computed": D("593.58"), "difference": D("-1.00"),
                             "general": D("593.58"), "gov_fund": D(0), "state_capital": D(0)}
    assert cells(fiscal) == [("income", "total", "fiscal"), ("summary", "general", "amount"),
                             ("summary", "gov_fund", "amount"), ("summary", "state_capital", "amount")]
    assert "财政专户收入不一致" in special.message and "相差 1.00 万元" in special.message
    assert special.values == {"stated": D("1"), "computed": D(0), "difference": D("1"), "summary": D(0)}
    assert cells(special) == [("income", "total", "special_account"), ("summary", "special_account", "amount")]


def test_summary_vs_income_quiet() -> None:
    assert "summary-vs-income" not in noisy_ids(run(base()))
    assert "summary-vs-income" not in noisy_ids(run(with_business_income(base())))
    d = base()  # another template: the income table has no 合计 row
    table = d.tables["income"]
    assert isinstance(table, Table)
    table.rows = [r for r in table.rows if r.key != "total"]
    assert "summary-vs-income" not in noisy_ids(run(d))


# -- summary-vs-expenditure -----------------------------------------------------------------------
def test_summary_vs_expenditure_fires() -> None:
    d = base()
    put(row(d, "summary", "201"), "amount", "486.91")  # 1.00 moved between two 类 of the summary only
    put(row(d, "summary", "208"), "amount", "55.87")
    result = run(d)
    assert noisy_ids(result) == {"summary-vs-expenditure"}
    f201, f208 = findings(result, "summary-vs-expenditure")
    assert f201.message == (
        "部门预算收支总表与支出总表的“一般公共服务支出”(201)不一致：部门预算收支总表“一、一般公共服务支出”(201) "
        "486.91 万元，但部门预算支出总表“一般公共服务支出”(201) 合计 485.91 万元，相差 1.00 万元"
        "（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f201.values == {"stated": D("486.91"), "computed": D("485.91"), "difference": D("1.00"),
                           "expenditure": D("485.91")}
    assert cells(f201) == [("summary", "201", "amount"), ("expenditure", "201", "total")]
    assert f208.values["difference"] == D("-1.00")


def test_summary_vs_expenditure_fires_class_missing_from_summary() -> None:
    d = base()
    # The summary names the 类 differently, so it carries no code: the expenditure 221 has no counterpart.
    row(d, "summary", "221").code = None
    result = run(d)
    [f] = findings(result, "summary-vs-expenditure")
    assert f.message == (
        "部门预算收支总表与支出总表的“住房保障支出”(221)不一致：部门预算收支总表（无此科目） 空白，"
        "但部门预算支出总表“住房保障支出”(221) 合计 31.00 万元，相差 31.00 万元（超出四舍五入允许的 ±0.005 万元）"
    )
    assert cells(f) == [("summary", None, "amount"), ("expenditure", "221", "total")]


def test_summary_vs_expenditure_fires_beyond_rounding() -> None:
    d = base()
    # one decimal (±0.05) beside two (±0.005): 56.9 is 56.87 rounded, a 尾差; 57.0 is 0.13 away, an error
    put(row(d, "summary", "208"), "amount", "56.9")
    result = run(d)
    assert findings(result, "summary-vs-expenditure") == []
    # (the summary's 本年支出合计 no longer adds to the cent either: a second 尾差, summary-balance's)
    [r] = [f for f in findings(result, "rounding-difference") if f.message.startswith("收支总表与支出总表不一致：")]
    assert r.severity == "info" and r.values["bound"] == D("0.055")
    assert r.message.endswith("（在四舍五入允许的 ±0.055 万元以内），属尾差，不是错误。")
    put(row(d, "summary", "208"), "amount", "57.0")
    [f] = findings(run(d), "summary-vs-expenditure")
    assert f.values["difference"] == D("0.13")
    assert f.message.endswith("相差 0.13 万元（超出四舍五入允许的 ±0.055 万元）")


def test_summary_vs_expenditure_quiet() -> None:
    assert "summary-vs-expenditure" not in noisy_ids(run(base()))
    d = base()
    put(row(d, "summary", "210"), "amount", "19.8")  # printed with one decimal, equal to 19.80
    assert "summary-vs-expenditure" not in noisy_ids(run(d))
    assert "summary-vs-expenditure" not in noisy_ids(run(with_business_income(base())))


# -- fiscal-summary-vs-tables ---------------------------------------------------------------------
def test_fiscal_summary_vs_tables_fires() -> None:
    d = base()
    for code, value in (("201", "486.91"), ("208", "55.87")):  # 1.00 moved between two 类 rows
        put(row(d, "fiscal_summary", code), "total", value)
        put(row(d, "fiscal_summary", code), "general", value)
    result = run(d)
    assert noisy_ids(result) == {"fiscal-summary-vs-tables"}
    f201, f208 = findings(result, "fiscal-summary-vs-tables")
    assert f201.message == (
        "部门预算财政拨款收支总表与部门预算一般公共预算财政拨款支出表不一致（科目 201）：部门预算财政拨款收支总表"
        "“一、一般公共服务支出”(201) 一般公共预算财政拨款 486.91 万元，但部门预算一般公共预算财政拨款支出表"
        "“一般公共服务支出”(201) 合计 485.91 万元，相差 1.00 万元（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f201.values == {"general_stated": D("486.91"), "general_computed": D("485.91"),
                           "general_difference": D("1.00"), "general_general_budget": D("485.91")}
    assert cells(f201) == [("fiscal_summary", "201", "general"), ("general_budget", "201", "total")]
    assert f208.values["general_difference"] == D("-1.00")


def test_fiscal_summary_vs_tables_fires_income() -> None:
    d = base()
    put(row(d, "fiscal_summary", "general", "income"), "amount", "592.58")
    put(row(d, "fiscal_summary", "gov_fund", "income"), "amount", "1.00")  # 本年收入合计 still adds up
    result = run(d)
    assert noisy_ids(result) == {"fiscal-summary-vs-tables"}
    general, gov_fund = findings(result, "fiscal-summary-vs-tables")
    assert general.message.startswith("部门预算财政拨款收支总表与部门预算收支总表不一致（财政拨款收入）：")
    assert "“一、一般公共预算拨款” 592.58 万元，但部门预算收支总表“一、一般公共预算拨款收入” 593.58 万元" in (
        general.message
    )
    assert gov_fund.values == {"stated": D("1.00"), "computed": D(0), "difference": D("1.00"), "summary": D(0)}
    assert cells(gov_fund) == [("fiscal_summary", "gov_fund", "amount"), ("summary", "gov_fund", "amount")]


def test_fiscal_summary_vs_tables_quiet() -> None:
    assert "fiscal-summary-vs-tables" not in noisy_ids(run(base()))
    d = base()
    put(row(d, "fiscal_summary", "210"), "total", "19.8")  # printed with one decimal
    put(row(d, "fiscal_summary", "210"), "general", "19.8")
    del d.tables["gov_fund"]  # an absent table is completeness's finding, not a comparison
    assert "fiscal-summary-vs-tables" not in noisy_ids(run(d))


# -- general-budget-vs-expenditure ----------------------------------------------------------------
def _move_general_budget_project(d: Disclosure) -> None:
    """1.00 of project money moved from 人大会议 to 人大监督 in the general-budget table only."""
    shift(d, "general_budget", "2010104", {"total": "-1", "project": "-1"})
    shift(d, "general_budget", "2010106", {"total": "1", "project": "1"})


def test_general_budget_vs_expenditure_fires() -> None:
    d = base()
    _move_general_budget_project(d)
    result = run(d)
    assert noisy_ids(result) == {"general-budget-vs-expenditure"}
    f04, f06 = findings(result, "general-budget-vs-expenditure")  # the parents' differences cancel out
    assert f04.severity == "error"
    assert f04.message == (
        "部门预算一般公共预算财政拨款支出表“人大会议”(2010104)与部门预算支出总表不一致："
        "部门预算一般公共预算财政拨款支出表“人大会议”(2010104) 合计 24.00 万元，但部门预算支出总表“人大会议”(2010104)"
        " 合计 25.00 万元，相差 1.00 万元（项目支出栏同）。"
        "本部门收入全部为一般公共预算拨款（收支总表其他收入来源均为空），两表应逐行相等。"
        "（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f04.values == {"total_stated": D("24.00"), "total_computed": D("25.00"), "total_difference": D("-1.00"),
                          "total_expenditure": D("25.00"), "project_stated": D("24.00"),
                          "project_computed": D("25.00"), "project_difference": D("-1.00"),
                          "project_expenditure": D("25.00")}
    assert cells(f04) == [("general_budget", "2010104", "total"), ("expenditure", "2010104", "total"),
                          ("general_budget", "2010104", "project"), ("expenditure", "2010104", "project")]
    assert f06.values["total_difference"] == D("1.00")


def test_general_budget_vs_expenditure_fires_when_exceeding() -> None:
    d = with_business_income(base())
    _move_general_budget_project(d)
    result = run(d)
    [f] = findings(result, "general-budget-vs-expenditure")  # 人大监督 64.00 > 63.00; 人大会议 24 < 25 is allowed
    assert f.severity == "error"
    assert f.locations[0].row == "2010106"
    assert "不能超过支出总表同一科目、同一栏次的金额" in f.message
    assert f.values["total_difference"] == D("1.00")


def test_general_budget_vs_expenditure_warns_when_funding_unknown() -> None:
    d = base()
    for side in ("income", "main"):  # 上年结转结余 1.00 of unknown source, spent as 年终结转结余: balanced
        put(row(d, "summary", "carryover", side), "amount", "1.00")
        put(row(d, "summary", "grand_total", side), "amount", "594.58")
    _move_general_budget_project(d)
    hits = {f.locations[0].row: f for f in findings(run(d), "general-budget-vs-expenditure")}
    assert hits["2010104"].severity == "warning" and "无法确认其来源" in hits["2010104"].message
    assert hits["2010106"].severity == "error"


def test_general_budget_vs_expenditure_quiet() -> None:
    assert "general-budget-vs-expenditure" not in noisy_ids(run(base()))
    assert "general-budget-vs-expenditure" not in noisy_ids(run(with_business_income(base())))


# -- basic-vs-general-budget ----------------------------------------------------------------------
def test_basic_vs_general_budget_fires() -> None:
    d = base()
    # 1.00 of 行政运行 booked as project instead of basic in the general-budget table (its totals kept).
    shift(d, "general_budget", "2010101", {"basic": "-1", "project": "1"})
    result = run(d)
    # The general-budget table equals the expenditure table row by row (all income is 一般公共预算), so
    # R7 necessarily breaks at 2010101 too.
    assert noisy_ids(result) == {"basic-vs-general-budget", "general-budget-vs-expenditure"}
    [f] = findings(result, "basic-vs-general-budget")
    assert f.message == (
        "部门预算一般公共预算财政拨款基本支出表“合计” 合计 430.58 万元，"
        "但部门预算一般公共预算财政拨款支出表“合计” 基本支出 429.58 万元，相差 1.00 万元"
        "（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f.values == {"stated": D("430.58"), "computed": D("429.58"), "difference": D("1.00"),
                        "general_budget": D("429.58")}
    assert cells(f) == [("basic_expenditure", "total", "total"), ("general_budget", "total", "basic")]
    [r7] = findings(result, "general-budget-vs-expenditure")
    assert r7.locations[0].row == "2010101"


def test_basic_vs_general_budget_quiet() -> None:
    assert "basic-vs-general-budget" not in noisy_ids(run(base()))
    d = base()
    del d.tables["basic_expenditure"]
    assert "basic-vs-general-budget" not in noisy_ids(run(d))


# -- personnel-public-split -----------------------------------------------------------------------
def _move_303_to_public(d: Disclosure) -> None:
    for code in ("303", "30305"):
        r = row(d, "basic_expenditure", code)
        put(r, "public", "30.60")
        put(r, "personnel", None)
    total = row(d, "basic_expenditure", "total")
    put(total, "personnel", "374.47")
    put(total, "public", "56.11")
    for claim in d.narrative.claims:  # the narrative follows the table
        if claim.kind == "amount" and claim.subject in ("personnel", "public", "operating_cost"):
            claim.amount = D("374.47") if claim.subject == "personnel" else D("56.11")


def test_personnel_public_split_fires() -> None:
    d = base()
    _move_303_to_public(d)  # 对个人和家庭的补助 counted as 公用经费
    result = run(d)
    assert noisy_ids(result) == {"personnel-public-split"}
    [f] = findings(result, "personnel-public-split")
    assert f.severity == "warning"
    assert f.message == (
        "部门预算一般公共预算财政拨款基本支出表的合计行人员经费 374.47 万元，但“工资福利支出”(301) 374.47 + "
        "“对个人和家庭的补助”(303) 30.60 = 405.07 万元，相差 30.60 万元；合计行公用经费 56.11 万元，"
        "但“商品和服务支出”(302) 25.51 万元，相差 30.60 万元。按惯例人员经费 = 工资福利支出(301) + "
        "对个人和家庭的补助(303)，公用经费 = 商品和服务支出(302)（+ 资本性支出(310)），请核对。"
        "（超出四舍五入允许的 ±0.015、±0.01 万元）"
    )
    assert f.values == {"personnel_stated": D("374.47"), "personnel_computed": D("405.07"),
                        "personnel_difference": D("-30.60"), "personnel_301": D("374.47"),
                        "personnel_303": D("30.60"), "public_stated": D("56.11"), "public_computed": D("25.51"),
                        "public_difference": D("30.60"), "public_302": D("25.51")}
    assert cells(f) == [("basic_expenditure", "total", "personnel"), ("basic_expenditure", "301", "total"),
                        ("basic_expenditure", "303", "total"), ("basic_expenditure", "total", "public"),
                        ("basic_expenditure", "302", "total")]


def test_personnel_public_split_quiet() -> None:
    assert "personnel-public-split" not in noisy_ids(run(base()))
    d = base()  # a 399 其他支出 类 could belong to either column: the convention is not checked
    _move_303_to_public(d)
    table = d.tables["basic_expenditure"]
    assert isinstance(table, Table)
    table.rows.append(Row(code="399", name="其他支出", values={"total": D("1.00"), "public": D("1.00")}))
    assert "personnel-public-split" not in noisy_ids(run(d))
    d = base()  # 310 资本性支出 belongs to 公用经费
    table = d.tables["basic_expenditure"]
    assert isinstance(table, Table)
    table.rows.append(Row(code="310", name="资本性支出", values={"total": D("2.00"), "public": D("2.00")}))
    put(row(d, "basic_expenditure", "total"), "public", "27.51")
    put(row(d, "basic_expenditure", "total"), "total", "432.58")
    assert "personnel-public-split" not in noisy_ids(run(d))


# -- three-public-vs-basic ------------------------------------------------------------------------
def test_three_public_vs_basic_fires() -> None:
    d = base()
    shift(d, "basic_expenditure", "30217", {"total": "0.50", "public": "0.50"})  # 公务接待费 2.00
    shift(d, "basic_expenditure", "30239", {"total": "-0.50", "public": "-0.50"})  # 302 and 合计 unchanged
    result = run(d)
    assert noisy_ids(result) == {"three-public-vs-basic"}
    [f] = findings(result, "three-public-vs-basic")
    assert f.message == (
        "部门预算财政拨款“三公”经费支出表“三、公务接待费” 一般公共预算财政拨款 1.50 万元，"
        "但部门预算一般公共预算财政拨款基本支出表“公务接待费”(30217) 合计 2.00 万元，相差 0.50 万元。"
        "“三公”经费表应包含基本支出中的同项经费，不能小于基本支出表的金额（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f.values == {"stated": D("1.50"), "computed": D("2.00"), "difference": D("-0.50"), "basic": D("2.00")}
    assert cells(f) == [("three_public", "reception", "general"), ("basic_expenditure", "30217", "total")]


def test_three_public_vs_basic_fires_on_empty_table() -> None:
    """乐亭 (000): the 三公 table is published empty although 30217 and 30231 carry money."""
    d = base()
    three = d.tables["three_public"]
    assert isinstance(three, Table)
    three.rows = []
    three.note = "注：无财政拨款“三公”经费支出表预算，空表列示。"
    result = run(d)
    assert noisy_ids(result) == {"three-public-vs-basic"}
    [f] = findings(result, "three-public-vs-basic")
    assert f.severity == "error"
    assert f.message.startswith(
        "部门预算一般公共预算财政拨款基本支出表列有“公务接待费”(30217) 1.50 万元、“公务用车运行维护费”(30231) "
        "6.80 万元，但部门预算财政拨款“三公”经费支出表为空表（注：无财政拨款“三公”经费支出表预算，空表列示。）"
    )
    assert f.values == {"30217": D("1.50"), "30231": D("6.80"), "three_public_total": D(0)}
    assert cells(f) == [("basic_expenditure", "30217", "total"), ("basic_expenditure", "30231", "total"),
                        ("three_public", None, None)]
    assert f.locations[2].line == three.location.line


def test_three_public_vs_basic_quiet() -> None:
    assert "three-public-vs-basic" not in noisy_ids(run(base()))
    d = base()  # 三公 larger than basic: the rest is paid from project funds (平乡 003)
    shift(d, "basic_expenditure", "30217", {"total": "-1.50", "public": "-1.50"})
    shift(d, "basic_expenditure", "30239", {"total": "1.50", "public": "1.50"})
    assert "three-public-vs-basic" not in noisy_ids(run(d))
    d = base()
    del d.tables["three_public"]  # absent: completeness reports it
    assert "three-public-vs-basic" not in noisy_ids(run(d))


# -- the seeds ------------------------------------------------------------------------------------
#: Every cross-table finding on the seeds: (seed, rule, table, row of the first location, its source line).
SEED_FINDINGS = {
    # 000 乐亭 基本支出表 lines 491/493: “18 30217 公务接待费 16.35 16.35” and “19 30231 公务用车运行维护费 15.14
    # 15.14”, while the 三公 table (line 538) prints only “注：无财政拨款“三公”经费支出表预算，空表列示。”
    ("000", "three-public-vs-basic", "basic_expenditure", "30217", 491),
}


def test_seed_findings_cross_table() -> None:
    found = set()
    for path in sorted(GOLDEN.glob("*.json")):
        result = review(from_json(path.read_text(encoding="utf-8")), only=CROSS_TABLE)
        for f in result.findings:
            first = f.locations[0]
            found.add((path.name[:3], f.rule, first.table, first.row, first.line))
    assert found == SEED_FINDINGS
    d = from_json((GOLDEN / "000_fe9a8f4955d0c21c.json").read_text(encoding="utf-8"))
    [f] = review(d, only=["three-public-vs-basic"]).findings
    assert [(e.table, e.row, e.line) for e in f.locations] == [
        ("basic_expenditure", "30217", 491), ("basic_expenditure", "30231", 493), ("three_public", None, 538)
    ]
    assert f.values == {"30217": D("16.35"), "30231": D("15.14"), "three_public_total": D(0)}


def test_seed_findings_cross_table_match_seed_text() -> None:
    lines = seed_path("000").read_text(encoding="utf-8").splitlines()
    assert lines[491 - 1] == "18 30217 公务接待费 16.35 16.35"
    assert lines[493 - 1] == "19 30231 公务用车运行维护费 15.14 15.14"
    assert lines[538 - 1].strip() == "部门预算财政拨款“三公”经费支出表"
    three_public = lines[538 - 1 : lines.index("注：无财政拨款“三公”经费支出表预算，空表列示。") + 1]
    assert len(three_public) < 25  # the title, the header lines, the column heads and the note: no rows
    assert not [line for line in three_public[2:] if any(ch.isdigit() for ch in line) and "栏次" not in line]


def test_tables_absent_are_not_compared() -> None:
    d = base()
    d.tables.clear()
    assert not set(CROSS_TABLE) & noisy_ids(run(d))
