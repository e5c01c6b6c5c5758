"""The narrative's words beyond the figure registry: units, compound subjects, counts, procurement
kinds, performance figures, 支出功能分类 classes and the words a label is stripped of.

A claim's subject is a key of :mod:`yusuan.domain.figures` (``income``, ``general_income``,
``three_public`` …) or one of the open families:

- ``class:<3-digit code>`` — a 类 of the 支出功能分类, named by its name (科学技术支出, 科学技术（类）支出);
- ``code:<5 or 7 digits>`` — a 款/项 whose code the sentence prints (2014099其他信访事务支出);
- ``item:<name as printed>`` — a 款/项 named with its （类）（款）（项） markers, or an item of an
  enumerated list (a project, a work) whose name is no figure's;
- ``vehicles_kind:<kind>`` — a count of vehicles of one kind (执法执勤用车 …);
- ``other:<label>`` — any other number, labelled with the words before it.
"""

from __future__ import annotations

import re

#: Units of money as written, with the percentage and count units a claim may carry.
MONEY_UNITS: tuple[str, ...] = ("亿元", "万元", "元")
PERCENT_UNITS: tuple[str, ...] = ("%", "％")
PERCENT = "%"
#: Count units, longest first (台（套） before 台).
COUNT_UNITS: tuple[str, ...] = ("台（套）", "台(套)", "人次", "批次", "辆", "台", "套", "个", "家", "人", "名")

#: Count units of people: the count is a staff number (在职人员22人) — unless the words name an activity.
STAFF_UNITS: tuple[str, ...] = ("人", "名")
#: Words of an activity counted in people (接待人数共13人, 出国团组5个，共12人): not a staff number.
ACTIVITY_WORDS: tuple[str, ...] = ("接待", "来访", "出国", "出访", "出境", "团组", "考察", "参会", "培训", "会议")
#: Units of measure a quantity is stated in (房屋8,268.74平方米): read like counts, decimals allowed.
MEASURE_UNITS: tuple[str, ...] = ("平方米", "亩")

#: One number stated for two subjects at once (收支总预算 = the income and the expenditure total).
DUAL_KEYWORDS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("财政拨款收支总预算", ("fiscal_income", "fiscal_expenditure")),
    ("财政拨款收、支总预算", ("fiscal_income", "fiscal_expenditure")),
    ("财政拨款收支预算总计", ("fiscal_income", "fiscal_expenditure")),
    ("收入、支出预算总计", ("income", "expenditure")),
    ("收支预算总计", ("income", "expenditure")),
    ("收支总预算", ("income", "expenditure")),
    ("收、支总预算", ("income", "expenditure")),
)

#: Words that make what follows a part of one figure (上年结转结余的政府性基金预算收入 is 上年结转结余).
QUALIFIERS: tuple[tuple[str, str], ...] = (("上年结转结余的", "carryover"), ("上年结转的", "carryover"))

#: Figures the registry has no key for, named as ``other:<word>`` (其他资金收入 holds the 财政专户 funds too).
NAMED_OTHERS: tuple[str, ...] = ("其他资金收入", "其他资金")
#: Words that make 收入/支出预算 a part of the total (上级专项转移支付支出预算).
WEAK_QUALIFIERS: tuple[str, ...] = ("专项", "转移支付", "上级补助", "项目")
#: Words that make a figure a project's charged under a class (在农林水支出（类）支出列支), not the class's.
CHARGED_WORDS: tuple[str, ...] = ("列支",)

#: Words of a percentage's phrase that make it a share of a whole (占78.2%, 比例为100%).
SHARE_WORDS: tuple[str, ...] = ("占", "比例", "比重", "占比")
#: Direction words of a change, with their direction (增幅12%: a percentage change).
DIRECTION_WORDS: tuple[tuple[str, str], ...] = (
    ("增加", "increase"),
    ("增长", "increase"),
    ("增幅", "increase"),
    ("上升", "increase"),
    ("减少", "decrease"),
    ("下降", "decrease"),
    ("减幅", "decrease"),
    ("降幅", "decrease"),
    ("压减", "decrease"),
)
#: Words that give a reason; 因 and 系 count once the words of which they are only a part are set aside (因公出国).
REASON_WORDS: tuple[str, ...] = ("原因", "主要是", "主要由于", "由于", "因为", "因", "系")
NOT_REASON_WORDS: tuple[str, ...] = ("因公", "系统", "体系", "联系", "关系", "系列")


def gives_reason(sentence: str) -> bool:
    """Whether a sentence gives a reason (原因, 主要是, 由于, 因 …)."""
    for word in NOT_REASON_WORDS:
        sentence = sentence.replace(word, "")
    return any(w in sentence for w in REASON_WORDS)


#: A change stated without its direction (比上年相比变化0万元, 增减变动…): flat when it is zero.
NEUTRAL_CHANGE_WORDS: tuple[str, ...] = ("变化", "变动", "增减")
#: No change: 持平, 与上年一致, 与上年预算数相同 (the words after the compared year/figure).
FLAT_WORDS: tuple[str, ...] = ("基本持平", "持平", "一致", "相同", "不变", "无变化")

#: Count subjects, by a word before the count (the kinds of vehicles first: they are more specific).
VEHICLE_KINDS: tuple[str, ...] = (
    "副部（省）级及以上领导用车",
    "部级领导干部用车",
    "主要负责人用车",
    "一般公务用车",
    "执法执勤用车",
    "特种专业技术用车",
    "机要通信用车",
    "应急保障用车",
    "离退休干部用车",
    "其他用车",
)
VEHICLE_WORDS: tuple[str, ...] = ("车辆", "公务用车", "公务车", "机动车", "用车")
EQUIPMENT_WORDS: tuple[str, ...] = ("设备",)
#: Words that make a count a purchase planned (购置车辆1辆), not the stock.
PLANNED_WORDS: tuple[str, ...] = ("购置", "购买", "更新")
#: Words that make a count or amount the planned asset purchases (计划购置车辆0辆、0.00万元).
PLANNED_ASSET_WORDS: tuple[str, ...] = ("计划购置", "拟购置")

#: Procurement kinds: named by these words only in a sentence about 政府采购.
PROCUREMENT_SENTENCE = "采购"
PROCUREMENT_KINDS: tuple[tuple[str, str], ...] = (
    ("小型和微型企业", "procurement_small"),
    ("小型、微型企业", "procurement_small"),
    ("小微企业", "procurement_small"),
    ("中小企业", "procurement_sme"),
    ("货物", "procurement_goods"),
    ("工程", "procurement_works"),
    ("服务", "procurement_services"),
)

#: Words naming a fund source only: after another subject's words they qualify it (“三公”经费一般公共预算拨款).
SOURCE_WORDS: tuple[str, ...] = (
    "一般公共预算财政拨款",
    "一般公共预算拨款",
    "政府性基金预算拨款",
    "国有资本经营预算拨款",
    "政府性基金预算资金",
)

#: Fund sources that make a procurement figure a part of the total (其中一般公共预算拨款政府采购…).
FUND_SOURCES: tuple[str, ...] = ("一般公共预算", "财政拨款", "政府性基金", "国有资本经营")
#: Final accounts (决算): a sentence holding :data:`FINAL_SENTENCE` states the final figure beside its budget —
#: 年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%. A phrase naming the budget (and not the
#: final) makes a ``budget`` claim, one naming the completion a ``rate`` claim; the figure named only as 决算 is
#: the ``amount``. The subject is what the phrase names once these words are set aside, else the figure's before.
FINAL_SENTENCE = "决算"
FINAL_BUDGET_WORDS: tuple[str, ...] = ("年初预算数", "年初预算", "调整预算数", "调整预算", "全年预算数", "预算数")
FINAL_RATE_WORDS: tuple[str, ...] = ("完成", "执行率", "执行进度", "执行了")
FINAL_FIGURE_WORDS: tuple[str, ...] = ("支出决算数", "支出决算", "决算数", "决算", "实际支出")
#: 预算 alone names the budget only as the figure's name (预算为0.95万元), not inside 一般公共预算 or 部门预算.
FINAL_BARE_BUDGET_RE = re.compile(r"(?<!公共)(?<!部门)(?<!单位)预算(?=为|是|[:：]|数)")
#: A scope beside an item's name in a 决算 sentence qualifies it (“三公”经费财政拨款支出 is 三公).
FINAL_SCOPE_RE = re.compile(r"财政拨款(支出)?|一般公共预算(拨款)?(支出)?")

#: A source of funds named as a part of a spending figure (支出…，其中：一般公共预算拨款X万元) is the spending
#: that source pays for: the income-side subject's expenditure-side counterpart.
SPENT_AS: dict[str, str] = {
    "fiscal_income": "fiscal_expenditure",
    "general_income": "general_expenditure",
    "gov_fund_income": "gov_fund_expenditure",
    "state_capital_income": "state_capital_expenditure",
}
#: The spending totals whose 其中 parts are named by their sources.
SPENDING_TOTALS: tuple[str, ...] = ("expenditure", "fiscal_expenditure")

#: Performance figures: named only in a sentence about 绩效.
PERFORMANCE_SENTENCE = "绩效"
PERFORMANCE_AMOUNT_WORDS: tuple[str, ...] = ("涉及", "金额", "资金")
PERFORMANCE_PROJECT_WORDS: tuple[str, ...] = ("项目",)

#: A 类/款/项 printed with its code digits in the markers: 公共安全支出（204类）司法（06款）行政运行（01项）.
CODED_LEVELS = r"[（(](\d{3})类[）)].*?[（(](\d{2})款[）)](?:.*?[（(](\d{2})项[）)])?"
#: Endings of a department's or unit's name (苏州市审计局, 深圳市司法局（本级）): before 收入/支出预算 they
#: name whose total it is, not a part of it.
UNIT_NAME_ENDINGS: tuple[str, ...] = (
    "局", "委员会", "委", "办公室", "办", "院", "厅", "署", "中心", "部", "处", "所", "站", "队", "馆", "会", "校",
    "学", "（本级）", "(本级)", "本级", "本部门", "本单位", "部门", "单位",
)  # fmt: skip

#: The 支出功能分类 marker words of a printed 类/款/项 name.
LEVEL_MARKERS: tuple[str, ...] = ("（类）", "（款）", "（项）", "(类)", "(款)", "(项)")

#: Words a label is stripped of before it names an item (``2026年预算数为`` names nothing): at its end …
LABEL_SUFFIXES: tuple[str, ...] = (
    "财政拨款预算",
    "财政拨款",
    "预算数为",
    "预算数",
    "预算为",
    "预算额",
    "预算",
    "安排",
    "共计",
    "合计",
    "总额",
    "总计",
    "共有",
    "约",
    "为",
    "是",
    "达",
    "有",
    "共",
    "计",
    "的",
    "支出",
    "增加",
    "减少",
    "增长",
    "下降",
)
#: … and at its start.
LABEL_PREFIXES: tuple[str, ...] = (
    "其中",
    "主要包括",
    "包括",
    "本年",
    "全年",
    "当年",
    "年度",
    "年初",
    "本部门",
    "本单位",
    "本级",
    "安排",
    "共",
    "为",
)
#: Words that end an enumerated item's name and start its description.
ITEM_INTRO: tuple[str, ...] = ("主要包括", "包括", "具体包括", "主要为", "分别为", "分别是", "其中")


def doc_section() -> str:
    """The narrative subjects beyond the figure registry, as docs/vocabulary.md prints them."""
    rows = [
        ("`class:<3位代码>`", "支出功能分类的类，按类名识别（科学技术支出、科学技术（类）支出）"),
        ("`code:<5或7位代码>`", "说明印出代码的款/项（2014099其他信访事务支出；（204类）…（06款）…（01项））"),
        ("`item:<名称>`", "带（类）（款）（项）标记的款/项名称，或列举中的项目、工作名称"),
        ("`vehicles_kind:<车型>`", "按车型的车辆数：" + "、".join(VEHICLE_KINDS)),
        ("`other:<说明用语>`", "其他数字，以说明自己的用语为名（" + "、".join(NAMED_OTHERS) + " 等）"),
    ]
    kinds = [
        ("amount", "本年数（或数量，单位如 " + "、".join(COUNT_UNITS) + "）"),
        ("prior", "上年数（较/比 上年…）"),
        ("change", "增减数（" + "、".join(w for w, _ in DIRECTION_WORDS) + "；" + "、".join(FLAT_WORDS) + " 为 0）"),
        ("pct_change", "增减百分比（增长12.5%）"),
        ("share", "占比（" + "、".join(SHARE_WORDS) + "）"),
        ("budget", "决算说明中的预算数（" + "、".join(FINAL_BUDGET_WORDS[:4]) + "…）"),
        ("rate", "决算说明中的完成率（完成年初预算的98.20%）"),
    ]
    table = "| 主题 subject | 含义 |\n|---|---|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)
    kind_table = "| 类型 kind | 含义 |\n|---|---|\n" + "".join(f"| `{a}` | {b} |\n" for a, b in kinds)
    return "## 说明中的数字 Narrative claims\n\n" + kind_table + "\n" + table
