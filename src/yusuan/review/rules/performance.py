"""Performance targets (项目绩效目标表, DOMAIN.md §3 R13).

Project budgets add up to 项目支出; every project has 产出, 效益 and 满意度 indicators; indicator
values are measurable (a number comes with a real unit, a percentage measures a rate); the basis
column is not a copy of the indicator; the 资金支出计划 is cumulative and ends at 100%.

Indicator rules report once per project and list the indicators concerned, with one location each.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.classification import canonical_name
from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import SPECS
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import Disclosure, Indicator, PerformanceProject, Row
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, fmt, sum_tolerance
from yusuan.review.finding import Evidence, at
from yusuan.review.helpers.figures import scale
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule

HUNDRED = Decimal(100)
BASIS_EVALUATION = "《项目支出绩效评价管理办法》（财预〔2020〕10号）"
BASIS_INDICATORS = "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）"
BASIS_143 = "《地方预决算公开操作规程》（财预〔2016〕143号）；冀财预〔2016〕129号"
_PROJECT = figure_name("project")

#: Units an indicator value may carry; a unit is accepted when it is a sequence of these
#: (``人次`` = 人 + 次, ``元每月每人`` = 元 + 每 + 月 + 每 + 人).
UNIT_TOKENS: frozenset[str] = frozenset(
    {
        *("%", "‰", "％", "个", "次", "人", "名", "位", "户", "家", "所", "元", "万元", "亿元", "千元"),
        *("年", "月", "日", "天", "周", "小时", "分钟", "工作日", "季度", "个月", "期", "届", "轮", "课时", "学时"),
        *("项", "篇", "件", "辆", "台", "套", "部", "座", "处", "份", "册", "本", "场", "批", "条", "类", "种"),
        *("张", "页", "组", "支", "床", "栋", "间", "层", "块", "棵", "株", "头", "只", "户次", "架次", "万人"),
        *("吨", "千克", "公斤", "斤", "亩", "公顷", "米", "千米", "公里", "平方米", "平方公里", "立方米", "㎡"),
        *("千瓦", "兆瓦", "度", "分", "个百分点", "百分点", "km", "m", "每", "/", "・", "·"),
        *("箱", "卷", "盒", "袋", "瓶", "把", "门", "节", "印", "千字", "字", "亿", "万", "千", "秒", "时", "分钟"),
        *("千瓦时", "吨标准煤", "Mbps", "G", "M", "T", "GB", "TB", "次数", "天数", "个数", "件数"),
    }
)
#: Words written in the unit cell where the symbol % belongs.
PERCENT_WORDS: frozenset[str] = frozenset({"百分比", "百分数", "百分率"})
PERCENT_UNITS: frozenset[str] = frozenset({"%", "％"}) | PERCENT_WORDS
#: An indicator named for a state of affairs (…情况) describes it; it is not a rate.
SITUATION_RE = re.compile(r"(情况|状况)$")


def _is_unit(text: str) -> bool:
    """Whether ``text`` is made only of known unit tokens (brackets aside: 台（套）)."""
    text = re.sub(r"[（）()]", "", text)
    reachable = [True] + [False] * len(text)
    for i in range(len(text)):
        if reachable[i]:
            for token in UNIT_TOKENS:
                if text.startswith(token, i):
                    reachable[i + len(token)] = True
    return reachable[len(text)]


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring of two short strings."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


def _project_ref(p: PerformanceProject) -> str:
    return p.code or p.name


def _indicator_cell(p: PerformanceProject, i: Indicator, column: str) -> Evidence:
    value = i.number if column == "value" else None
    return Evidence(
        table="performance", row=_project_ref(p), name=i.name, column=column, value=value,
        **at(i.location),
    )


def _project_cell(p: PerformanceProject, column: str, value: Decimal | None) -> Evidence:
    return Evidence(
        table="performance", row=_project_ref(p), name=p.name, column=column, value=value,
        **at(p.location),
    )


def _listing(p: PerformanceProject, found: list[tuple[Indicator, str]], column: str = "value") -> Hit:
    """One hit for a project listing the indicators concerned, each with what is shown of it."""
    return Hit(
        fields={"project": p.name, "count": len(found), "indicators": "；".join(text for _, text in found)},
        values={"indicators": Decimal(len(found))},
        locations=[_indicator_cell(p, i, column) for i, _ in found],
    )


def _shown_value(i: Indicator) -> str:
    return f"{i.name}（{i.value or ''}）"


# -- budgets -------------------------------------------------------------------------------------


@rule(
    "performance-budget-sum",
    kind="performance",
    severity="warning",
    title=f"绩效目标表项目预算合计与{_PROJECT}不符",
    template=(
        f"绩效目标表列出 {{count}} 个项目（{{projects}}），预算数合计 {{listed}} 万元；{{source}}{_PROJECT}合计 "
        f"{{expenditure}} 万元，相差 {{difference}} 万元。所有{_PROJECT}都应编报绩效目标，"
        "请核对是否漏列项目或预算数有误。"
    ),
    basis=f"{BASIS_EVALUATION}；{BASIS_143}：{_PROJECT}应随预算公开绩效目标",
    refs=("R13",),
    needs=(("expenditure", "project"),),
)
def performance_budget_sum(ctx: Context) -> Iterator[Hit]:
    """The budgets of the projects in the 绩效目标表 add up to the 项目支出: the 项目支出表's 合计 where it is
    printed (it is the list the targets are set for), else the 支出总表's 项目支出 合计.

    Only when every listed project states its budget (many templates print none) and the 项目支出 was
    read; duty activities of older templates and the department-wide target are not projects. Listed
    budgets above the 项目支出 are a warning; below it a warning where every project's targets are to be
    published (Hebei), else an info: other templates may publish the targets of their main projects only."""
    projects = [p for p in ctx.d.performance if p.kind == "project"]
    if not projects or any(p.budget is None for p in projects):
        return
    found = _project_spending(ctx)
    if found is None:
        return
    source, total_row, column, target = found
    budgets = [_wan(ctx, p, p.budget) for p in projects if p.budget is not None]
    listed = sum(budgets, ZERO)
    tolerance = sum_tolerance([*budgets, target])
    difference = listed - target
    if abs(difference) <= tolerance.amount:
        return
    # below the 项目支出: Hebei's rule (冀财预〔2016〕129号) publishes every project's targets; other
    # templates may publish their main projects' only, and the gap is an info there
    under = difference < 0 and ctx.d.template != HEBEI_2023.id
    yield Hit(
        fields={
            "count": len(projects),
            "projects": "、".join(f"{p.name} {fmt(p.budget)}" for p in projects),
            "listed": fmt(listed),
            "source": source,
            "expenditure": fmt(target),
            "difference": fmt(difference),
        },
        values={"listed": listed, "expenditure": target, "difference": difference},
        locations=[
            ctx.cell(source_table(source), total_row, column),
            *(_project_cell(p, "budget", p.budget) for p in projects),
        ],
        severity="info" if under else None,
        suffix=tolerance.beyond() + (f"（所列项目少于{_PROJECT}：有的地方只公开重点项目的绩效目标）" if under else ""),
    )


#: Where the 项目支出 the targets cover is read: (table, column, the table's title).
_SOURCES = tuple((t, c, SPECS[t].title) for t, c in (("project_expenditure", "total"), ("expenditure", "project")))


def source_table(label: str) -> str:
    return next(t for t, _, zh in _SOURCES if zh == label)


def _project_spending(ctx: Context) -> tuple[str, Row, str, Decimal] | None:
    """(label, 合计 row, column, amount) of the 项目支出 the targets cover, None when it was not read."""
    for table_id, column, label in _SOURCES:
        row = ctx.total_row(table_id)
        if row is not None and column in row.values:
            return label, row, column, row.values[column]
    return None


def _wan(ctx: Context, p: PerformanceProject, amount: Decimal) -> Decimal:
    """A project's amount in 万元 (its table may print 元)."""
    return amount * (scale(p.unit) or Decimal(1)) if p.unit else amount


@mutation("performance-budget-sum", zh="一个项目绩效目标表的年度资金总额改大", en="raise a project's annual budget")
def _raise_project_budget(d: Disclosure, rng: random.Random) -> MutationRecord:
    p = mut.project(d, rng)
    if p.budget is None:
        raise NotApplicable
    before = p.budget
    p.budget = before + mut.delta(rng, before)
    return MutationRecord({"project": p.name}, str(before), str(p.budget))


@rule(
    "performance-department-budget",
    kind="performance",
    severity="warning",
    title="部门整体支出绩效目标的资金总额与支出总表不符",
    template=(
        "部门整体支出绩效目标表（{name}）的资金总额为 {budget} 万元，而部门预算支出总表合计为 {expenditure} 万元，"
        "相差 {difference} 万元。部门整体支出绩效目标应覆盖部门全部预算支出，请核对。"
    ),
    basis=f"《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：部门整体支出绩效目标覆盖部门全部预算资金；{BASIS_143}",
    refs=("R13",),
    needs=(("expenditure", "total"),),
)
def performance_department_budget(ctx: Context) -> Iterator[Hit]:
    """The 资金总额 (年度预算申请, 金额合计) of the 部门整体支出绩效目标表 is the department's whole budget:
    the 支出总表's 合计, within the rounding of the two printed amounts (a table in 元 against one in 万元)."""
    total_row = ctx.total_row("expenditure")
    if total_row is None or "total" not in total_row.values:
        return
    expenditure = total_row.values["total"]
    for p in ctx.d.performance:
        if p.kind != "department" or p.budget is None:
            continue
        budget = _wan(ctx, p, p.budget)
        tolerance = sum_tolerance([budget, expenditure])
        difference = budget - expenditure
        if abs(difference) <= tolerance.amount or abs(difference) < max(_last_digit(budget), _last_digit(expenditure)):
            continue  # within the digits printed (a table in 元 cut, not rounded, to 万元)
        yield Hit(
            fields={
                "name": p.name, "budget": fmt(budget), "expenditure": fmt(expenditure), "difference": fmt(difference)
            },
            values={"budget": budget, "expenditure": expenditure, "difference": difference},
            locations=[ctx.cell("expenditure", total_row, "total"), _project_cell(p, "budget", p.budget)],
            suffix=tolerance.beyond(),
        )


def _last_digit(amount: Decimal) -> Decimal:
    exponent = amount.as_tuple().exponent
    return Decimal(1).scaleb(exponent) if isinstance(exponent, int) else ZERO


@mutation(
    "performance-department-budget",
    zh="部门整体支出绩效目标表的资金总额与支出总表合计不一致",
    en="a department-wide target whose budget is not the expenditure total",
    published=False,  # the Hebei layout the samples are published in prints no department-wide target table
)
def _department_target_off(d: Disclosure, rng: random.Random) -> MutationRecord:
    e = d.table("expenditure")
    row = next((r for r in e.rows if r.key == "total"), None) if e is not None else None
    if row is None or "total" not in row.values:
        raise NotApplicable
    total = row.values["total"]
    target = next((p for p in d.performance if p.kind == "department"), None)
    if target is None:
        target = PerformanceProject(name=d.department.name or "部门整体", kind="department", budget=total)
        d.performance.append(target)
    before = target.budget or total
    target.budget = before + mut.delta(rng, before)
    return MutationRecord({"project": target.name}, str(before), str(target.budget))


# -- indicator structure -------------------------------------------------------------------------

_LEVELS: tuple[tuple[str, str, str], ...] = (
    # (label, level-1 pattern, level-2 pattern)
    ("产出指标", r"产出", r"数量|质量|时效|成本"),
    ("效益指标", r"效益|效果", r"经济效益|社会效益|生态效益|环境效益|可持续"),
    ("满意度指标", r"满意", r"满意"),
)


@rule(
    "performance-indicator-level-missing",
    kind="performance",
    severity="warning",
    title="项目缺少一级绩效指标",
    template=(
        "项目“{project}”的绩效目标表没有{missing}（共列出 {count} 个指标）。项目绩效指标应包括产出、效益和满意度指标。"
    ),
    basis=f"{BASIS_EVALUATION}；{BASIS_INDICATORS}",
    refs=("R13",),
)
def performance_indicator_level_missing(ctx: Context) -> Iterator[Hit]:
    """Every project has at least one 产出, one 效益 (效果) and one 满意度 indicator.

    A level is recognised by its 一级 name, or by a 二级 name that belongs to it (some templates put
    服务对象满意度 under 效益). Older duty-activity tables and tables that print no levels are skipped."""
    for p in ctx.d.performance:
        if p.kind != "project" or not any(i.level1 or i.level2 for i in p.indicators):
            continue  # a table printing no indicators, or no indicator levels (指标名称 only), is not checked
        missing = [
            label
            for label, first, second in _LEVELS
            if not any(re.search(first, i.level1 or "") or re.search(second, i.level2 or "") for i in p.indicators)
        ]
        if missing:
            yield Hit(
                fields={"project": p.name, "missing": "、".join(missing), "count": len(p.indicators)},
                values={"indicators": Decimal(len(p.indicators))},
                locations=[_project_cell(p, "indicators", None)],
            )


@mutation(
    "performance-indicator-level-missing", zh="删去一个项目的满意度指标", en="drop a project's satisfaction indicators"
)
def _no_satisfaction(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_indicators(d, rng, mut.drop_level("满意度指标"))


# -- indicator values ----------------------------------------------------------------------------


def _unit_problem(i: Indicator) -> str | None:
    """Why a numeric value's unit is not a unit, or None when it is one (or is a word for %)."""
    if i.number is None:
        return None
    unit = canonical_name(i.unit or "")
    if not unit:
        return "没有计量单位"
    if unit in PERCENT_WORDS or _is_unit(unit):
        return None
    texts = [canonical_name(t) for t in (i.name, i.description, i.basis) if t]
    # a short unit found in the name is the unit the name announces (服务人数（人）), not a copy of it
    if any((len(unit) >= 3 and (unit in t or t in unit)) or _common_run(unit, t) >= 4 for t in texts):
        return "单位栏填的是指标名称"
    if len(unit) >= 4:
        return "单位栏填的不是计量单位"
    return None


@rule(
    "performance-indicator-unit-invalid",
    kind="performance",
    severity="warning",
    title="绩效指标值没有计量单位",
    template="项目“{project}”有 {count} 个指标的指标值没有真正的计量单位，无法衡量：{indicators}。",
    basis=f"{BASIS_INDICATORS}：定量指标应明确指标值和计量单位",
    refs=("R13",),
)
def performance_indicator_unit_invalid(ctx: Context) -> Iterator[Hit]:
    """A value with a number needs a real unit (次, %, 个, 人, 万元…): not the indicator's own name
    copied into the unit cell (``1代表及工作人员参加培训``, ``≥2开展视察次数``), nor no unit at all."""
    for p in ctx.d.performance:
        found = [(i, f"{i.name}（{i.value or ''}，{why}）") for i in p.indicators if (why := _unit_problem(i))]
        if found:
            yield _listing(p, found)


@mutation(
    "performance-indicator-unit-invalid", zh="一个数量指标的指标值去掉计量单位", en="drop a quantity indicator's unit"
)
def _no_unit(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_indicators(d, rng, mut.set_indicator("数量指标", "≥6", None))


@rule(
    "performance-indicator-percent-word",
    kind="performance",
    severity="warning",
    title="绩效指标计量单位不规范",
    template="项目“{project}”有 {count} 个指标把百分比的计量单位写成了文字（应写作“%”）：{indicators}。",
    basis=f"{BASIS_INDICATORS}：指标值应明确计量单位",
    refs=("R13",),
)
def performance_indicator_percent_word(ctx: Context) -> Iterator[Hit]:
    """``≥80百分数``, ``≥80百分比``: the word is written where the unit % belongs (百分点 is a unit)."""
    for p in ctx.d.performance:
        found = [
            (i, _shown_value(i))
            for i in p.indicators
            if i.number is not None and canonical_name(i.unit or "") in PERCENT_WORDS
        ]
        if found:
            yield _listing(p, found)


@mutation(
    "performance-indicator-percent-word", zh="一个质量指标的“%”写成“百分比”", en="write 百分比 for % in an indicator"
)
def _percent_word(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_indicators(d, rng, mut.set_indicator("质量指标", "≥95百分比", "百分比"))


@rule(
    "performance-indicator-not-measurable",
    kind="performance",
    severity="warning",
    title="绩效指标用百分比衡量一种情况",
    template="项目“{project}”有 {count} 个指标描述的是一种情况，不是比率，却以百分比取值，无法衡量：{indicators}。",
    basis=f"{BASIS_INDICATORS}：指标应可衡量，百分比指标须有明确的分子和分母",
    refs=("R13",),
)
def performance_indicator_not_measurable(ctx: Context) -> Iterator[Hit]:
    """A percentage target against an indicator named for a state of affairs (经济社会发展情况 ≥100百分比)."""
    for p in ctx.d.performance:
        found = [
            (i, _shown_value(i))
            for i in p.indicators
            if i.number is not None
            and canonical_name(i.unit or "") in PERCENT_UNITS
            and SITUATION_RE.search(canonical_name(i.name))
        ]
        if found:
            yield _listing(p, found)


@mutation(
    "performance-indicator-not-measurable",
    zh="一个效益指标改为“经济社会发展情况”，仍以百分比取值",
    en="an effect indicator named 经济社会发展情况, valued in %",
)
def _vague_effect(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_indicators(d, rng, mut.set_indicator("社会效益指标", "≥90%", "%", "经济社会发展情况"))


@rule(
    "performance-basis-copies-indicator",
    kind="performance",
    severity="warning",
    title="指标值确定依据照抄指标名称",
    template=(
        "项目“{project}”有 {count} 个指标的“指标值确定依据”只是重复了指标名称或指标描述，没有说明依据：{indicators}。"
    ),
    basis=f"{BASIS_INDICATORS}：指标值应有确定依据（计划标准、行业标准、历史标准等）",
    refs=("R13",),
)
def performance_basis_copies_indicator(ctx: Context) -> Iterator[Hit]:
    """The 指标值确定依据 column names a source (a plan, a contract, a standard); a copy of the
    indicator's own name or description says nothing. Tables without that column are skipped."""
    for p in ctx.d.performance:
        found = []
        for i in p.indicators:
            basis = canonical_name(i.basis or "")
            if basis and basis in {canonical_name(t) for t in (i.name, i.description) if t}:
                found.append((i, f"{i.name}（依据：{i.basis}）"))
        if found:
            yield _listing(p, found, column="basis")


@mutation(
    "performance-basis-copies-indicator",
    zh="一个指标的指标值确定依据照抄指标名称",
    en="copy an indicator's name into its basis",
)
def _basis_is_name(d: Disclosure, rng: random.Random) -> MutationRecord:
    return mut.change_indicators(d, rng, mut.copy_basis)
