"""Classification rules: codes and names against the year's classification (R14) and the function ↔
economic conventions (R10): mutations of the consistent document, quiet cases, and the seeds."""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure, Location, Row, Table
from yusuan.model.jsonio import from_json
from yusuan.review.engine import review
from yusuan.review.finding import Evidence, Finding
from yusuan.review.registry import RULES
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding

D = Decimal
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CLASSIFICATION_RULES = sorted(r.id for r in RULES.values() if r.check.__module__.endswith(".rules.classification"))
FUNCTION_TABLES = ("income", "expenditure", "general_budget")


def base() -> Disclosure:
    return copy.deepcopy(consistent())


def noisy(d: Disclosure) -> set[str]:
    """The ids of the rules that raise an error or a warning on the whole review."""
    return {f.rule for f in review(d).findings if f.severity in ("error", "warning")}


def only(d: Disclosure, rule_id: str) -> list[Finding]:
    return [f for f in review(d, only=[rule_id]).findings]


def table(d: Disclosure, table_id: str) -> Table:
    t = d.tables[table_id]
    assert isinstance(t, Table)
    return t


def row(d: Disclosure, table_id: str, code: str) -> Row:
    [r] = [r for r in table(d, table_id).rows if r.code == code]
    return r


def at(table_id: str, r: Row, column: str | None = None) -> Evidence:
    return Evidence(
        table=table_id, row=r.code, name=r.name, column=column,
        value=r.values.get(column) if column else None, line=r.location.line,
    )


def test_rule_ids() -> None:
    assert CLASSIFICATION_RULES == [
        "classification-code-unknown",
        "classification-name-mismatch",
        "function-economic-convention",
    ]
    assert RULES["classification-code-unknown"].refs == ("R14",)
    assert RULES["classification-name-mismatch"].refs == ("R14",)
    assert RULES["function-economic-convention"].refs == ("R10",)


def test_consistent_document_is_quiet() -> None:
    assert [f.rule for f in review(consistent()).findings if f.rule in CLASSIFICATION_RULES] == []


# -- classification-code-unknown -----------------------------------------------------------------


def test_classification_code_unknown_fires() -> None:
    d = base()
    for t in FUNCTION_TABLES:  # one code, changed wherever it is printed: 2010107 → 2010110
        row(d, t, "2010107").code = "2010110"
    assert noisy(d) == {"classification-code-unknown"}
    [f] = [f for f in review(d).findings if f.rule == "classification-code-unknown"]
    assert f.severity == "error"
    assert f.message == (
        "部门预算收入总表、部门预算支出总表、部门预算一般公共预算财政拨款支出表列有支出功能分类编码 2010110"
        "“人大代表履职能力提升”，不是 2023 年版《政府收支分类科目》中的科目"
        "（上级科目 20101 人大事务 之下没有这一编码），请核对编码。"
    )
    assert f.values == {}
    assert f.locations == [at(t, row(d, t, "2010110")) for t in FUNCTION_TABLES]


def test_classification_code_unknown_says_which_edition_serves_another_year() -> None:
    d = base()
    d.year = 2020
    row(d, "basic_expenditure", "30239").code = "30250"  # 302's 款 list is complete
    [f] = only(d, "classification-code-unknown")
    assert f.severity == "warning"  # the 2020 classification may have had it
    assert f.message == (
        "部门预算一般公共预算财政拨款基本支出表列有部门预算支出经济分类编码 30250“其他交通费用”，"
        "不是 2023 年版《政府收支分类科目》中的科目（上级科目 302 商品和服务支出 之下没有这一编码），请核对编码。"
        "（参考中没有 2020 年版科目，按 2023 年版核对；两版之间调整过的科目可能因此误报）"
    )


def test_classification_code_unknown_quiet() -> None:
    assert only(consistent(), "classification-code-unknown") == []
    # A local seven-digit subdivision of an economic 款 (Beijing prints 3021101 差旅费): the reference
    # cannot judge it, so it is only info.
    d = base()
    basic = table(d, "basic_expenditure")
    basic.rows.append(Row(code="3021101", name="差旅费", values={"total": D("1.00")}, location=Location(line=9999)))
    [f] = only(d, "classification-code-unknown")
    assert f.severity == "info"
    assert "3021101“差旅费”，不在本工具所收 2023 年版科目的范围内" in f.message


# -- classification-name-mismatch ----------------------------------------------------------------


def test_classification_name_mismatch_fires() -> None:
    d = base()
    for t in FUNCTION_TABLES:
        row(d, t, "2010107").name = "代表履职能力提升"  # the official name is 人大代表履职能力提升
    assert noisy(d) == {"classification-name-mismatch"}
    [f] = [f for f in review(d).findings if f.rule == "classification-name-mismatch"]
    assert f.severity == "warning"
    assert f.message == (
        "部门预算收入总表、部门预算支出总表、部门预算一般公共预算财政拨款支出表中支出功能分类编码 2010107 的名称印作"
        "“代表履职能力提升”，2023 年版科目名称为“人大代表履职能力提升”。"
    )
    assert f.values == {}
    assert f.locations == [at(t, row(d, t, "2010107")) for t in FUNCTION_TABLES]


def test_classification_name_mismatch_quiet() -> None:
    assert only(consistent(), "classification-name-mismatch") == []
    d = base()
    row(d, "income", "208").name = "社会保障和就\n业支出"  # wrapped in its cell
    row(d, "basic_expenditure", "30108").name = "机关事业单位基本养老保险 缴费"
    assert only(d, "classification-name-mismatch") == []


def test_classification_name_mismatch_is_info_against_an_uncertain_reference_name() -> None:
    d = base()
    table(d, "expenditure").rows.append(Row(code="21901", name="一般公共服务支出", location=Location(line=9999)))
    [f] = only(d, "classification-name-mismatch")
    assert f.severity == "info"
    assert f.message.endswith("（参考中该科目名称的可信度较低，请以官方科目表为准）")


# -- function-economic-convention ----------------------------------------------------------------


def test_function_economic_convention_fires() -> None:
    d = base()
    # 0.25 of 职工基本医疗保险缴费 moved to 其他社会保障缴费: 301 and every total stay as they were.
    row(d, "basic_expenditure", "30110").values.update(total=D("15.25"), personnel=D("15.25"))
    row(d, "basic_expenditure", "30112").values.update(total=D("1.35"), personnel=D("1.35"))
    assert noisy(d) == {"function-economic-convention"}
    [f] = [f for f in review(d).findings if f.rule == "function-economic-convention"]
    assert f.severity == "warning"
    assert f.message == (
        "职工基本医疗保险缴费：一般公共预算财政拨款支出表 2101101 行政单位医疗 基本支出 15.50 万元，"
        "基本支出表 30110 职工基本医疗保险缴费 15.25 万元，相差 0.25 万元。"
        "按惯例二者应相等；不一致不一定是错误，请核对科目的使用。（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f.values == {"function": D("15.50"), "economic": D("15.25"), "difference": D("0.25")}
    assert f.locations == [
        at("general_budget", row(d, "general_budget", "2101101"), "basic"),
        at("basic_expenditure", row(d, "basic_expenditure", "30110"), "total"),
    ]


def test_function_economic_convention_fires_when_one_side_is_absent() -> None:
    d = base()
    # 生活补助 printed as 退休费 (as in seed 003): retirement pay with no 2080501 行政单位离退休 row.
    r = row(d, "basic_expenditure", "30305")
    r.code, r.name = "30302", "退休费"
    assert noisy(d) == {"function-economic-convention"}
    [f] = [f for f in review(d).findings if f.rule == "function-economic-convention"]
    assert f.message == (
        "离退休费：一般公共预算财政拨款支出表 2080501 行政单位离退休 基本支出 0.00 万元（未列此科目），"
        "基本支出表 30302 退休费 30.60 万元，相差 -30.60 万元。按惯例二者应大致相等（功能分类一方不少于经济分类一方，"
        "多出部分不超过其他对个人和家庭的补助）；不一致不一定是错误，请核对科目的使用。"
        "（超出四舍五入允许的 ±0.01 万元）"
    )
    assert f.values == {"function": D(0), "economic": D("30.60"), "difference": D("-30.60")}
    assert f.locations == [
        Evidence(table="general_budget", row="2080501", column="basic"),
        at("basic_expenditure", r, "total"),
    ]


def test_function_economic_convention_quiet() -> None:
    assert only(consistent(), "function-economic-convention") == []
    d = base()
    general = table(d, "general_budget")
    # 行政单位离退休 30.60 = 退休费 29.80 + retirees' 生活补助 0.80 (within the ≈ band)…
    r = row(d, "basic_expenditure", "30305")
    r.values.update(total=D("0.80"), personnel=D("0.80"))
    table(d, "basic_expenditure").rows.append(
        Row(code="30302", name="退休费", values={"total": D("29.80"), "personnel": D("29.80")},
            location=Location(line=9998))
    )
    general.rows.append(Row(code="2080501", name="行政单位离退休", values={"total": D("30.60"), "basic": D("30.60")},
                            location=Location(line=9997)))
    # … and 30110 pays both 行政单位医疗 and 事业单位医疗.
    general.rows.append(Row(code="2101102", name="事业单位医疗", values={"total": D("2.00"), "basic": D("2.00")},
                            location=Location(line=9996)))
    row(d, "basic_expenditure", "30110").values.update(total=D("17.50"), personnel=D("17.50"))
    assert only(d, "function-economic-convention") == []


# -- the seeds -----------------------------------------------------------------------------------

#: (rule, function code, economic code, difference) raised on each seed, confirmed in the seed text.
SEED_FINDINGS: dict[str, list[tuple[str, str | None, str | None, Decimal | None]]] = {
    # 乐亭 2023: 一般公共预算财政拨款支出表 "14 2101101 行政单位医疗 15.65 15.65" (line 438) but 基本支出表
    # "7 30110 职工基本医疗保险缴费 15.40 15.40" (line 469); no 2101102 row. 2080501 88.60 = 30301 28.20 +
    # 30302 60.40, and the other pairs agree.
    "000_fe9a8f4955d0c21c": [("function-economic-convention", "2101101", "30110", D("0.25"))],
    "001_01e14863a391161d": [],  # performance only: no tables
    # 丰南 2023: 2080501 81.38 = 30302 81.38; 54.25, 20.66, 38.73, 43.71 agree; every code and name matches.
    "002_3a347de978e48b41": [],
    # 平乡 2023: 基本支出表 "21 30302 退休费 29.80" (lines 1441-1443), but no 2080501 行政单位离退休 in any
    # function table (the 208 rows are 20805, 2080505, 2080506 only).
    "003_db72b7c1000da21e": [("function-economic-convention", "2080501", "30302", D("-29.80"))],
    "004_247d559664cd6ec5": [],  # no tables
}


def test_seed_findings_classification() -> None:
    for stem, expected in SEED_FINDINGS.items():
        d = from_json((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
        findings = review(d, only=CLASSIFICATION_RULES).findings
        found = [
            (f.rule, f.locations[0].row, f.locations[-1].row, f.values.get("difference")) for f in findings
        ]
        assert found == expected, stem
        assert all(f.severity == "warning" for f in findings)
