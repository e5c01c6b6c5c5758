"""A complete, consistent sample disclosure built in code: the base of the rule tests and examples.

The department is fictional (示例县人民代表大会常务委员会, 县级, 2023). Its figures follow the
shape of a small county people's-congress office and satisfy every relationship of DOMAIN.md §3:
the review must report no error and no warning on it (tests/review/test_consistent.py).
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.domain.classification import summary_items
from yusuan.domain.figures import FIGURES, THREE_PUBLIC_ROWS
from yusuan.domain.figures import name as zh
from yusuan.domain.levels import LEVEL_NAMES
from yusuan.domain.tables import SPECS
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import (
    AssetRow,
    Assets,
    Claim,
    Department,
    Disclosure,
    GlossaryEntry,
    Indicator,
    Location,
    Narrative,
    Organisation,
    PerformanceProject,
    PlanPoint,
    Procurement,
    Row,
    Section,
    SpendingPlan,
    Table,
    TwoSidedTable,
)

D = Decimal
NAME = "示例县人民代表大会常务委员会"
LEVEL = LEVEL_NAMES["县"]

#: (code, name, basic, project) of the function classification rows, parents first.
FUNCTION_ROWS: list[tuple[str, str, str, str]] = [
    ("201", "一般公共服务支出", "322.91", "163.00"),
    ("20101", "人大事务", "322.91", "163.00"),
    ("2010101", "行政运行", "322.91", ""),
    ("2010102", "一般行政管理事务", "", "48.00"),
    ("2010104", "人大会议", "", "25.00"),
    ("2010106", "人大监督", "", "63.00"),
    ("2010107", "人大代表履职能力提升", "", "27.00"),
    ("208", "社会保障和就业支出", "56.87", ""),
    ("20805", "行政事业单位养老支出", "56.87", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "33.60", ""),
    ("2080506", "机关事业单位职业年金缴费支出", "23.27", ""),
    ("210", "卫生健康支出", "19.80", ""),
    ("21011", "行政事业单位医疗", "19.80", ""),
    ("2101101", "行政单位医疗", "15.50", ""),
    ("2101103", "公务员医疗补助", "4.30", ""),
    ("221", "住房保障支出", "31.00", ""),
    ("22102", "住房改革支出", "31.00", ""),
    ("2210201", "住房公积金", "31.00", ""),
]

#: (code, name, personnel, public) of the economic classification rows.
ECONOMIC_ROWS: list[tuple[str, str, str, str]] = [
    ("301", "工资福利支出", "374.47", ""),
    ("30101", "基本工资", "224.40", ""),
    ("30102", "津贴补贴", "7.50", ""),
    ("30103", "奖金", "30.30", ""),
    ("30107", "绩效工资", "3.50", ""),
    ("30108", "机关事业单位基本养老保险缴费", "33.60", ""),
    ("30109", "职业年金缴费", "23.27", ""),
    ("30110", "职工基本医疗保险缴费", "15.50", ""),
    ("30111", "公务员医疗补助缴费", "4.30", ""),
    ("30112", "其他社会保障缴费", "1.10", ""),
    ("30113", "住房公积金", "31.00", ""),
    ("302", "商品和服务支出", "", "25.51"),
    ("30201", "办公费", "", "1.68"),
    ("30207", "邮电费", "", "4.32"),
    ("30217", zh("reception"), "", "1.50"),
    ("30228", "工会经费", "", "0.60"),
    ("30229", "福利费", "", "0.60"),
    ("30231", zh("vehicle_operation"), "", "6.80"),
    ("30239", "其他交通费用", "", "9.49"),
    ("30299", "其他商品和服务支出", "", "0.52"),
    ("303", "对个人和家庭的补助", "30.60", ""),
    ("30305", "生活补助", "30.60", ""),
]

TOTAL, BASIC, PROJECT = D("593.58"), D("430.58"), D("163.00")
PERSONNEL, PUBLIC = D("405.07"), D("25.51")
CLASS_TOTALS = {"201": D("485.91"), "208": D("56.87"), "210": D("19.80"), "221": D("31.00")}

_line = 0

INCOME_ITEMS = HEBEI_2023.income_items
SECTIONS = HEBEI_2023.sections


def loc(page: int | None = None) -> Location:
    """Distinct, increasing source lines so that evidence can be told apart."""
    global _line
    _line += 1
    return Location(page=page, line=_line)


def _vals(**kw: str | Decimal) -> dict[str, Decimal]:
    return {k: D(v) if isinstance(v, str) else v for k, v in kw.items() if v not in ("", None)}


def _function_table(title: str, income: bool = False) -> Table:
    rows = [Row(code=None, key="total", name="合计", values=_totals(income), location=loc())]
    for code, name, basic, project in FUNCTION_ROWS:
        total = (D(basic) if basic else D(0)) + (D(project) if project else D(0))
        values = (
            _vals(total=total, subtotal=total, fiscal=total)
            if income
            else _vals(total=total, basic=basic, project=project)
        )
        rows.append(Row(code=code, name=name, values=values, location=loc()))
    return Table(title=title, unit="万元", rows=rows, location=loc())


def _totals(income: bool) -> dict[str, Decimal]:
    if income:
        return {"total": TOTAL, "subtotal": TOTAL, "fiscal": TOTAL}
    return {"total": TOTAL, "basic": BASIC, "project": PROJECT}


def _basic_table() -> Table:
    rows = [
        Row(key="total", name="合计", values={"total": BASIC, "personnel": PERSONNEL, "public": PUBLIC}, location=loc())
    ]
    for code, name, personnel, public in ECONOMIC_ROWS:
        total = D(personnel or public)
        rows.append(
            Row(code=code, name=name, values=_vals(total=total, personnel=personnel, public=public), location=loc())
        )
    return Table(title=SPECS["basic_expenditure"].title, unit="万元", rows=rows, location=loc())


def _three_public() -> Table:
    amounts = {"total": "8.30", "subtotal": "8.30", "vehicle": "6.80", "vehicle_operation": "6.80", "reception": "1.50"}
    rows = [
        Row(key=k, name=n, values=_vals(total=amounts.get(k, ""), general=amounts.get(k, "")), location=loc())
        for k, n in THREE_PUBLIC_ROWS
    ]
    return Table(title=SPECS["three_public"].title, unit="万元", rows=rows, location=loc())


def _summary(fiscal: bool) -> TwoSidedTable:
    income: list[Row] = []
    table_id = "fiscal_summary" if fiscal else "summary"
    income_tail, expenditure_tail = HEBEI_2023.summary_tails[table_id]
    for key, label in HEBEI_2023.summary_income_items(table_id):
        income.append(Row(key=key, name=label, values=_vals(amount=TOTAL if key == "general" else ""), location=loc()))
    for key, label in income_tail:
        values = {} if key == "carryover" else {"amount": TOTAL}
        income.append(Row(key=key, name=label, values=values, location=loc()))
    expenditure: list[Row] = []
    for item in summary_items():
        name = f"{_numeral(item.position)}、{item.name}"
        amount = CLASS_TOTALS.get(item.class_code or "")
        values = _vals(total=amount or "", general=amount or "") if fiscal else _vals(amount=amount or "")
        expenditure.append(Row(code=item.class_code, name=name, values=values, location=loc()))
    both = {"total": TOTAL, "general": TOTAL} if fiscal else {"amount": TOTAL}
    for key, label in expenditure_tail:
        expenditure.append(Row(key=key, name=label, values={} if key == "carryover" else dict(both), location=loc()))
    title = SPECS["fiscal_summary" if fiscal else "summary"].title
    return TwoSidedTable(title=title, unit="万元", income=income, expenditure=expenditure, location=loc())


def _numeral(n: int) -> str:
    """一 … 三十一, the numbering of the summary's items."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "") if n >= 10 else digits[n]


def _empty(title: str, note: str) -> Table:
    return Table(title=title, unit="万元", note=note, rows=[], location=loc())


def claim(subject: str, amount: str, kind: str = "amount", section: str = "二", **kw: object) -> Claim:
    sentence = str(kw.pop("sentence", f"（示例句）{subject} {amount}万元。"))
    return Claim(
        subject=subject,
        kind=kind,
        amount=D(amount),
        unit=kw.pop("unit", "万元"),
        section=section,
        sentence=sentence,
        location=loc(),
        **kw,
    )


def _claims() -> list[Claim]:
    return [
        claim("income", "593.58"),
        claim("fiscal_income", "593.58"),
        claim("other_income", "0"),
        claim("expenditure", "593.58"),
        claim("basic", "430.58"),
        claim("personnel", "405.07"),
        claim("public", "25.51"),
        claim("project", "163.00"),
        claim("expenditure", "590.83", kind="prior", year=2022),
        claim("expenditure", "2.75", kind="change", direction="increase", year=2022),
        claim("basic", "3.25", kind="change", direction="decrease"),
        claim("project", "6.00", kind="change", direction="increase"),
        claim("operating_cost", "25.51", section="三"),
        claim("three_public", "8.30", section="四"),
        claim("abroad", "0", section="四"),
        claim("vehicle", "6.80", section="四"),
        claim("vehicle_purchase", "0", section="四"),
        claim("vehicle_operation", "6.80", section="四"),
        claim("reception", "1.50", section="四"),
        claim("three_public", "13.00", kind="prior", section="四"),
        claim("three_public", "4.70", kind="change", direction="decrease", section="四"),
        claim("procurement", "0.00", section="六"),
        claim("fixed_assets", "155.59", section="七"),
    ]


def _indicators(name: str) -> list[Indicator]:
    return [
        Indicator(
            level1="产出指标",
            level2="数量指标",
            name=f"{name}活动次数",
            description="全年开展活动的次数",
            value="≥6次",
            operator="≥",
            number=D(6),
            unit="次",
            basis="年度工作要点",
            location=loc(),
        ),
        Indicator(
            level1="产出指标",
            level2="质量指标",
            name="活动完成率",
            description="完成活动占计划的比率",
            value="≥90%",
            operator="≥",
            number=D(90),
            unit="%",
            basis="年度工作要点",
            location=loc(),
        ),
        Indicator(
            level1="效益指标",
            level2="社会效益指标",
            name="代表建议办结率",
            description="按期办结的代表建议占比",
            value="≥95%",
            operator="≥",
            number=D(95),
            unit="%",
            basis="调查问卷",
            location=loc(),
        ),
        Indicator(
            level1="满意度指标",
            level2="服务对象满意度指标",
            name="参与者满意度",
            description="满意人数占调查人数的比率",
            value="≥90%",
            operator="≥",
            number=D(90),
            unit="%",
            basis="调查问卷",
            location=loc(),
        ),
    ]


def _projects() -> list[PerformanceProject]:
    out = []
    for name, budget in (
        ("综合业务经费", "48.00"),
        ("人代会经费", "25.00"),
        ("视察监督经费", "63.00"),
        ("代表履职经费", "27.00"),
    ):
        b = D(budget)
        plan = SpendingPlan(
            unit="%",
            points=[
                PlanPoint(label=lab, value=D(v))
                for lab, v in (("3月底", "20"), ("6月底", "50"), ("9月底", "80"), ("12月底", "100"))
            ],
        )
        out.append(
            PerformanceProject(
                name=name, code=None, budget=b, fiscal=b, plan=plan, indicators=_indicators(name), location=loc()
            )
        )
    return out


def consistent() -> Disclosure:
    """A complete package in which every relationship holds."""
    tables = {
        "summary": _summary(False),
        "income": _function_table(SPECS["income"].title, income=True),
        "expenditure": _function_table(SPECS["expenditure"].title),
        "fiscal_summary": _summary(True),
        "general_budget": _function_table(SPECS["general_budget"].title),
        "basic_expenditure": _basic_table(),
        "gov_fund": _empty(SPECS["gov_fund"].title, HEBEI_2023.empty_notes["gov_fund"]),
        "state_capital": _empty(SPECS["state_capital"].title, HEBEI_2023.empty_notes["state_capital"]),
        "three_public": _three_public(),
    }
    return Disclosure(
        source="示例县人大常委会-2023.txt",
        layout="docx-text",
        department=Department(code="101", name=NAME, level="县", region="示例县"),
        year=2023,
        unit="万元",
        tables=tables,
        narrative=Narrative(
            sections=[Section(number=n, title=t, location=loc()) for n, t in SECTIONS], claims=_claims()
        ),
        performance=_projects(),
        procurement=Procurement(
            present=True, unit="万元", note=f"注：无{zh('procurement')}，空表列示。", location=loc()
        ),
        assets=Assets(
            present=True,
            as_of="2022-12-31",
            unit="万元",
            rows=[
                AssetRow(key="total", name="资产总额", value=D("155.59"), location=loc()),
                AssetRow(key="vehicles", name="2、车辆（台、辆）", count=D(3), value=D("38.99"), location=loc()),
                AssetRow(key="other", name="4、其他固定资产", count=D(521), value=D("116.60"), location=loc()),
            ],
            location=loc(),
        ),
        organisation=[
            Organisation(name=f"{NAME}本级", nature="行政", rank="正处（县）级", funding="财政拨款", location=loc())
        ],
        glossary=[
            GlossaryEntry(term="一般公共预算拨款收入", text="指县级财政当年拨付的资金。", location=loc()),
            GlossaryEntry(
                term=zh("three_public"),
                text=f"纳入县级财政预算管理的{zh('three_public')}，是{FIGURES['three_public'].definition.format(level=LEVEL)}",
                location=loc(),
            ),
            GlossaryEntry(term=zh("operating_cost"), text=f"指各部门的{zh('public')}。", location=loc()),
        ],
    )
