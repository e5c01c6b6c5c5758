"""Performance-target rules (R13): one mutation of the consistent document per rule, quiet cases,
and the findings on the seeds, each confirmed against the seed text."""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure, Indicator, PerformanceProject, PlanPoint, SpendingPlan
from yusuan.model.jsonio import from_json
from yusuan.review.engine import review
from yusuan.review.finding import Evidence, Finding
from yusuan.review.registry import RULES
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding

D = Decimal
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PERFORMANCE_RULES = sorted(
    r.id for r in RULES.values() if r.check.__module__.endswith((".rules.performance", ".rules.performance_plan"))
)


def base() -> Disclosure:
    return copy.deepcopy(consistent())


def noisy(d: Disclosure) -> set[str]:
    """The ids of the rules that raise an error or a warning on the whole review."""
    return {f.rule for f in review(d).findings if f.severity in ("error", "warning")}


def only(d: Disclosure, rule_id: str) -> list[Finding]:
    return [f for f in review(d).findings if f.rule == rule_id]


def indicator_at(p: PerformanceProject, i: Indicator, column: str) -> Evidence:
    return Evidence(
        table="performance", row=p.name, name=i.name, column=column,
        value=i.number if column == "value" else None, line=i.location.line,
    )


def plan(values: list[str], unit: str | None = "%") -> SpendingPlan:
    labels = ["3月底", "6月底", "9月底", "12月底"]
    points = [PlanPoint(label=lab, value=D(v)) for lab, v in zip(labels, values, strict=True)]
    return SpendingPlan(unit=unit, points=points)


def test_rule_ids() -> None:
    assert PERFORMANCE_RULES == [
        "performance-basis-copies-indicator",
        "performance-budget-sum",
        "performance-department-budget",
        "performance-indicator-level-missing",
        "performance-indicator-not-measurable",
        "performance-indicator-percent-word",
        "performance-indicator-unit-invalid",
        "performance-plan-in-amount",
        "performance-plan-not-complete",
        "performance-plan-not-cumulative",
    ]
    for rule_id in PERFORMANCE_RULES:
        r = RULES[rule_id]
        assert r.kind == "performance" and r.refs == ("R13",) and r.basis and r.title


def test_consistent_document_is_quiet() -> None:
    assert [f.rule for f in review(consistent()).findings if f.rule in PERFORMANCE_RULES] == []


# -- performance-budget-sum ----------------------------------------------------------------------


def test_performance_budget_sum_fires() -> None:
    d = base()
    d.performance[2].budget = D("60.00")  # 视察监督经费 63.00 → 60.00; 支出总表 项目支出 stays 163.00
    assert noisy(d) == {"performance-budget-sum"}
    [f] = only(d, "performance-budget-sum")
    assert f.severity == "warning"
    assert f.message == (
        "绩效目标表列出 4 个项目（综合业务经费 48.00、人代会经费 25.00、视察监督经费 60.00、代表履职经费 27.00），"
        "预算数合计 160.00 万元；部门预算支出总表项目支出合计 163.00 万元，相差 -3.00 万元。"
        "所有项目支出都应编报绩效目标，请核对是否漏列项目或预算数有误。（超出四舍五入允许的 ±0.025 万元）"
    )
    assert f.values == {"listed": D("160.00"), "expenditure": D("163.00"), "difference": D("-3.00")}
    total = d.tables["expenditure"].rows[0]  # type: ignore[union-attr]
    assert f.locations[0] == Evidence(
        table="expenditure", row="total", name="合计", column="project", value=D("163.00"), line=total.location.line
    )
    assert [(e.name, e.column, e.value, e.line) for e in f.locations[1:]] == [
        (p.name, "budget", p.budget, p.location.line) for p in d.performance
    ]


def test_performance_budget_sum_quiet() -> None:
    assert only(consistent(), "performance-budget-sum") == []
    # A template that prints no project budget: nothing to add up.
    d = base()
    d.performance[0].budget = None
    assert only(d, "performance-budget-sum") == []
    # Duty activities of older templates are not projects and are not summed.
    d = base()
    d.performance.append(PerformanceProject(name="代表工作", kind="activity", budget=D("20.00")))
    assert only(d, "performance-budget-sum") == []


# -- performance-indicator-level-missing ---------------------------------------------------------


def test_performance_indicator_level_missing_fires() -> None:
    d = base()
    p = d.performance[0]
    p.indicators = [i for i in p.indicators if i.level1 != "满意度指标"]
    assert noisy(d) == {"performance-indicator-level-missing"}
    [f] = only(d, "performance-indicator-level-missing")
    assert f.severity == "warning"
    assert f.message == (
        "项目“综合业务经费”的绩效目标表没有满意度指标（共列出 3 个指标）。项目绩效指标应包括产出、效益和满意度指标。"
    )
    assert f.values == {"indicators": D(3)}
    assert f.locations == [
        Evidence(
            table="performance", row="综合业务经费", name="综合业务经费", column="indicators", line=p.location.line
        )
    ]


def test_performance_indicator_level_missing_quiet() -> None:
    assert only(consistent(), "performance-indicator-level-missing") == []
    d = base()
    for p in d.performance:
        for i in p.indicators:
            if i.level1 == "效益指标":
                i.level1 = "效果指标"  # the 2020 template's name for 效益
            elif i.level1 == "满意度指标":
                i.level1 = "效益指标"  # satisfaction filed as a 二级 under 效益 (服务对象满意度指标)
    d.performance.append(PerformanceProject(name="代表工作", kind="activity", indicators=[Indicator(name="完成率")]))
    assert only(d, "performance-indicator-level-missing") == []


# -- performance-indicator-unit-invalid ----------------------------------------------------------


def test_performance_indicator_unit_invalid_fires() -> None:
    d = base()
    p = d.performance[2]
    i = p.indicators[0]  # 视察监督经费活动次数 ≥6次 → the 000 seed's defect: the unit cell holds the name
    i.name = i.description = i.unit = "开展视察次数"
    i.value, i.number = "≥2开展视察次数", D(2)
    assert noisy(d) == {"performance-indicator-unit-invalid"}
    [f] = only(d, "performance-indicator-unit-invalid")
    assert f.severity == "warning"
    assert f.message == (
        "项目“视察监督经费”有 1 个指标的指标值没有真正的计量单位，无法衡量："
        "开展视察次数（≥2开展视察次数，单位栏填的是指标名称）。"
    )
    assert f.values == {"indicators": D(1)}
    assert f.locations == [indicator_at(p, i, "value")]


def test_performance_indicator_unit_invalid_quiet() -> None:
    assert only(consistent(), "performance-indicator-unit-invalid") == []
    d = base()
    values = [("1900元每月每人", D(1900), "元每月每人"), ("≥300人次", D(300), "人次"), ("≥2个百分点", D(2), "个百分点"),
              ("≥2趟", D(2), "趟"), ("显著提升", None, None)]
    for i, (value, number, unit) in zip(d.performance[0].indicators, values, strict=False):
        i.value, i.number, i.unit = value, number, unit
    assert only(d, "performance-indicator-unit-invalid") == []


def test_performance_indicator_unit_invalid_reports_a_number_without_unit() -> None:
    d = base()
    i = d.performance[0].indicators[0]
    i.value, i.unit = "≥6", None
    [f] = only(d, "performance-indicator-unit-invalid")
    assert f.message.endswith("：综合业务经费活动次数（≥6，没有计量单位）。")


# -- performance-indicator-percent-word ----------------------------------------------------------


def test_performance_indicator_percent_word_fires() -> None:
    d = base()
    p = d.performance[0]
    i = p.indicators[1]  # 活动完成率 ≥90% → ≥90百分数, as the 000 seed writes it
    i.value, i.unit = "≥90百分数", "百分数"
    assert noisy(d) == {"performance-indicator-percent-word"}
    [f] = only(d, "performance-indicator-percent-word")
    assert f.severity == "warning"
    assert f.message == (
        "项目“综合业务经费”有 1 个指标把百分比的计量单位写成了文字（应写作“%”）：活动完成率（≥90百分数）。"
    )
    assert f.values == {"indicators": D(1)}
    assert f.locations == [indicator_at(p, i, "value")]


def test_performance_indicator_percent_word_quiet() -> None:
    assert only(consistent(), "performance-indicator-percent-word") == []
    d = base()
    i = d.performance[0].indicators[1]
    i.value, i.number, i.unit = "≥2百分点", D(2), "百分点"  # percentage points are a unit
    j = d.performance[1].indicators[1]
    j.value, j.unit = "≥90％", "％"  # the full-width sign
    assert only(d, "performance-indicator-percent-word") == []


# -- performance-indicator-not-measurable --------------------------------------------------------


def test_performance_indicator_not_measurable_fires() -> None:
    d = base()
    p = d.performance[0]
    i = p.indicators[1]  # 活动完成率 ≥90% → a state of affairs measured in percent
    i.name = "经济社会发展情况"
    assert noisy(d) == {"performance-indicator-not-measurable"}
    [f] = only(d, "performance-indicator-not-measurable")
    assert f.severity == "warning"
    assert f.message == (
        "项目“综合业务经费”有 1 个指标描述的是一种情况，不是比率，却以百分比取值，无法衡量：经济社会发展情况（≥90%）。"
    )
    assert f.values == {"indicators": D(1)}
    assert f.locations == [indicator_at(p, i, "value")]


def test_performance_indicator_not_measurable_quiet() -> None:
    assert only(consistent(), "performance-indicator-not-measurable") == []
    d = base()
    d.performance[0].indicators[1].name = "代表满意率（%）"  # a rate
    i = d.performance[1].indicators[2]
    i.name, i.value = "工作开展情况", "按计划开展"  # a situation described in words
    i.operator, i.number, i.unit = None, None, None
    assert only(d, "performance-indicator-not-measurable") == []


# -- performance-basis-copies-indicator ----------------------------------------------------------


def test_performance_basis_copies_indicator_fires() -> None:
    d = base()
    p = d.performance[1]
    i = p.indicators[1]
    i.basis = "活动完成率"  # the indicator's own name, as the 000 seed does throughout
    assert noisy(d) == {"performance-basis-copies-indicator"}
    [f] = only(d, "performance-basis-copies-indicator")
    assert f.severity == "warning"
    assert f.message == (
        "项目“人代会经费”有 1 个指标的“指标值确定依据”只是重复了指标名称或指标描述，没有说明依据："
        "活动完成率（依据：活动完成率）。"
    )
    assert f.values == {"indicators": D(1)}
    assert f.locations == [indicator_at(p, i, "basis")]


def test_performance_basis_copies_indicator_quiet() -> None:
    assert only(consistent(), "performance-basis-copies-indicator") == []
    d = base()
    d.performance[0].indicators[0].basis = None  # the 2020 template has no basis column
    d.performance[0].indicators[1].basis = "活动完成率统计表"  # names a source, though it contains the name
    assert only(d, "performance-basis-copies-indicator") == []


# -- spending plan -------------------------------------------------------------------------------


def test_performance_plan_not_cumulative_fires() -> None:
    d = base()
    p = d.performance[0]
    p.plan = plan(["20", "50", "40", "100"])
    assert noisy(d) == {"performance-plan-not-cumulative"}
    [f] = only(d, "performance-plan-not-cumulative")
    assert f.severity == "warning"
    assert f.message == (
        "项目“综合业务经费”的资金支出计划（3月底 20.00%、6月底 50.00%、9月底 40.00%、12月底 100.00%）"
        "从6月底的 50.00 降到9月底的 40.00，相差 -10.00。支出计划按时点累计填列，后一时点不应小于前一时点。"
    )
    assert f.values == {"point_1": D(20), "point_2": D(50), "point_3": D(40), "point_4": D(100), "difference": D(-10)}
    assert f.locations == [
        Evidence(table="performance", row="综合业务经费", name="综合业务经费", column="plan", value=D(100),
                 line=p.location.line)
    ]


def test_performance_plan_not_cumulative_quiet() -> None:
    assert only(consistent(), "performance-plan-not-cumulative") == []
    d = base()
    d.performance[0].plan = plan(["20", "50", "50", "100"])  # nothing spent in the third quarter
    assert only(d, "performance-plan-not-cumulative") == []


def test_performance_plan_not_complete_fires() -> None:
    d = base()
    p = d.performance[3]
    p.plan = plan(["20", "50", "80", "90"])
    assert noisy(d) == {"performance-plan-not-complete"}
    [f] = only(d, "performance-plan-not-complete")
    assert f.severity == "warning"
    assert f.message == (
        "项目“代表履职经费”的资金支出计划（3月底 20.00%、6月底 50.00%、9月底 80.00%、12月底 90.00%）"
        "到12月底累计为 90.00，不是 100%，相差 -10.00。"
    )
    assert f.values == {"point_1": D(20), "point_2": D(50), "point_3": D(80), "point_4": D(90), "difference": D(-10)}
    assert f.locations == [
        Evidence(table="performance", row="代表履职经费", name="代表履职经费", column="plan", value=D(90),
                 line=p.location.line)
    ]


def test_performance_plan_not_complete_says_when_the_plan_is_per_quarter() -> None:
    d = base()
    d.performance[0].plan = plan(["25", "25", "25", "25"])
    [f] = only(d, "performance-plan-not-complete")
    assert f.message.endswith("不是 100%，相差 -75.00。（各时点之和为 100，似乎按期填列而不是累计填列）")


def test_performance_plan_not_complete_quiet() -> None:
    assert only(consistent(), "performance-plan-not-complete") == []
    d = base()
    d.performance[0].plan = plan(["10.00", "20.00", "40.00", "48.00"], unit="万元")  # in 万元, ends at the budget
    d.performance[1].plan = plan(["20", "50", "80", "100"], unit=None)  # no unit stated, ends at 100
    assert only(d, "performance-plan-not-complete") == []


def test_performance_plan_in_amount_fires() -> None:
    d = base()
    p = d.performance[1]  # 人代会经费, budget 25.00: the plan is written in 万元 under a % heading (seed 001)
    p.plan = plan(["5.00", "10.00", "20.00", "25.00"])
    assert noisy(d) == {"performance-plan-in-amount"}
    [f] = only(d, "performance-plan-in-amount")
    assert f.severity == "warning"
    assert f.message == (
        "项目“人代会经费”的资金支出计划标注为百分比（3月底 5.00%、6月底 10.00%、9月底 20.00%、12月底 25.00%），"
        "但年末累计 25.00 等于项目预算数 25.00 万元而不是 100%（相差 -75.00），实际是按万元填列的金额。"
    )
    assert f.values == {
        "point_1": D("5.00"), "point_2": D("10.00"), "point_3": D("20.00"), "point_4": D("25.00"), "budget": D("25.00")
    }
    assert f.locations == [
        Evidence(table="performance", row="人代会经费", name="人代会经费", column="plan", value=D("25.00"),
                 line=p.location.line)
    ]


def test_performance_plan_in_amount_quiet() -> None:
    assert only(consistent(), "performance-plan-in-amount") == []
    d = base()
    d.performance[1].plan = plan(["5.00", "10.00", "20.00", "25.00"], unit="万元")  # labelled correctly
    d.performance[2].budget = D("100.00")  # a budget of 100: a plan ending at 100 reads as 100%
    assert only(d, "performance-plan-in-amount") == []


# -- the seeds -----------------------------------------------------------------------------------

#: (rule, project, number of indicators or None) the performance rules raise on each seed, each
#: confirmed in the seed text.
_LETING_2023 = [
    # 代表调研协调经费: every 指标值确定依据 repeats the 三级指标, e.g. "代表活动调研次数 … 4次 代表活动调研次数".
    ("performance-basis-copies-indicator", "代表调研协调经费", 6),
    # "≥100 百分比" (经济社会发展情况, 代表联系选民情况) and "≥80百分数" (服务对象满意度): % spelled as a word.
    ("performance-indicator-percent-word", "代表调研协调经费", 3),
    # "经济社会发展情况 … ≥100 百分比" and "代表联系选民情况 … ≥100 百分比": a state of affairs, not a rate.
    ("performance-indicator-not-measurable", "代表调研协调经费", 2),
    # 人大代表工作及培训经费: "1代表及工作人员参加培训", "≥100闭会期间代表工作经费保障", "≥80服务对象满意度指标"…:
    # the unit cell holds the indicator's name or description, for all six indicators.
    ("performance-indicator-unit-invalid", "人大代表工作及培训经费", 6),
    # … and the basis column repeats the description ("代表及工作人员参加培训") or the name.
    ("performance-basis-copies-indicator", "人大代表工作及培训经费", 6),
    # 人代会经费: basis = name ("召开主席团会议 召开主席团会议 ≥4次 召开主席团会议"), and "≥80百分比" twice.
    ("performance-basis-copies-indicator", "人代会经费", 6),
    ("performance-indicator-percent-word", "人代会经费", 2),
    # 视察与监督经费: "≥2开展视察次数", "≥15开展调研次数", "≥100促进全县经济社会可持续发展"…; basis = name.
    ("performance-indicator-unit-invalid", "视察与监督经费", 6),
    ("performance-basis-copies-indicator", "视察与监督经费", 6),
]
SEED_FINDINGS: dict[str, list[tuple[str, str, int | None]]] = {
    "000_fe9a8f4955d0c21c": _LETING_2023,
    "001_01e14863a391161d": [
        *_LETING_2023,
        # "资金支出计划（%）… 2.00 6.00 10.00 15.00" with "预算数 15.00": 万元 under a % heading.
        ("performance-plan-in-amount", "代表调研协调经费", None),
        # "2.00 5.00 10.00 15.00", 预算数 15.00.
        ("performance-plan-in-amount", "人大代表工作及培训经费", None),
        # "10.00 20.00 40.00 40.00", 预算数 40.00.
        ("performance-plan-in-amount", "人代会经费", None),
        # "1.00 3.00 4.00 7.50", 预算数 7.50.
        ("performance-plan-in-amount", "视察与监督经费", None),
    ],
    # 丰南 2023: documents as basis (常委会工作安排, 购车合同…), units 辆/%/人/元每月每人, all three levels.
    "002_3a347de978e48b41": [],
    # 平乡 2023: clean performance tables (no budgets or plans printed).
    "003_db72b7c1000da21e": [],
    # 乐亭 2020: no basis column; 产出/效果/满意度 present in every project; plain units.
    "004_247d559664cd6ec5": [],
}


def test_seed_findings_performance() -> None:
    for stem, expected in SEED_FINDINGS.items():
        d = from_json((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
        found = [
            (f.rule, f.message.split("“")[1].split("”")[0], int(f.values["indicators"]) if "indicators" in f.values
             else None)
            for f in review(d, only=PERFORMANCE_RULES).findings
        ]
        assert sorted(found) == sorted(expected), stem
        assert all(f.severity == "warning" for f in review(d, only=PERFORMANCE_RULES).findings)
