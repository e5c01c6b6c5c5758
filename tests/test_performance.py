"""项目绩效目标表 extraction: value parser units, small synthetic layouts, and every seed in full.

The expected seed data below was written out by reading the seed text by hand (checked against
/work/shared/seeds/000…004 line by line, see the line numbers in the comments), not by dumping the
extractor's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model import PerformanceProject
from yusuan.read.sections.performance import ParsedValue, extract_performance, parse_value
from yusuan.read.source import SourceText, split_lines
from yusuan.read.text import decode, normalize_line

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

Row = tuple[str | None, str | None, str, str | None]
FullRow = tuple[str | None, str | None, str, str | None, str | None, str | None]


def _seed(prefix: str) -> SourceText:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not available at {SEEDS}")
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return split_lines(decode(path.read_bytes()))


def _rows(project: PerformanceProject) -> list[Row]:
    return [(i.level1, i.level2, i.name, i.value) for i in project.indicators]


def _full_rows(project: PerformanceProject) -> list[FullRow]:
    return [(i.level1, i.level2, i.name, i.description, i.value, i.basis) for i in project.indicators]


# --- value parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("≥90%", ParsedValue("≥", Decimal("90"), "%")),
        ("≤27万元", ParsedValue("≤", Decimal("27"), "万元")),
        ("4次", ParsedValue(None, Decimal("4"), "次")),
        ("≥100百分比", ParsedValue("≥", Decimal("100"), "百分比")),
        ("1代表及工作人员参加培训", ParsedValue(None, Decimal("1"), "代表及工作人员参加培训")),
        ("合格", ParsedValue()),
        ("显著提升", ParsedValue()),
        ("100%", ParsedValue(None, Decimal("100"), "%")),
        ("≥ 2.5 年", ParsedValue("≥", Decimal("2.5"), "年")),
        (">=95%", ParsedValue("≥", Decimal("95"), "%")),
        ("不低于80%", ParsedValue("≥", Decimal("80"), "%")),
        ("≥6", ParsedValue("≥", Decimal("6"), None)),
        ("", ParsedValue()),
        (None, ParsedValue()),
    ],
)
def test_parse_value(printed: str | None, expected: ParsedValue) -> None:
    assert parse_value(printed) == expected


def test_parse_value_keeps_printed_scale() -> None:
    assert str(parse_value("≤27.50万元").number) == "27.50"


def test_parse_value_after_normalisation() -> None:
    assert parse_value(normalize_line("≧70%")) == ParsedValue("≥", Decimal("70"), "%")
    assert parse_value(normalize_line("＜９０％")) == ParsedValue("<", Decimal("90"), "%")


# --- synthetic layouts ------------------------------------------------------------------------


_PDF_TEXT = "\n".join(
    [
        "五、预算绩效信息",
        " 1、示例经费绩效目标表",
        "项目编码 1302X 项目名称 示例经费",
        "预算数 8.00",
        "其中：财政",
        "资金",
        "8.00 其他资金",
        "资金支出计",
        "划（万元）",
        "一季度 二季度",
        "1.00 8.00",
        "绩效目标 完成示例",
        "一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据",
        "产出指标",
        "数量指标",
        "检查次",
        "数",
        "检查次数 ≥",
        "3次 检查次数",
        "效益指标 社会效益指",
        "标",
        "群众满意情况 群众满意情况 ≥90",
        "% 年度工作要点",
        "六、政府采购预算情况",
    ]
)


def test_pdf_wrapped_cells_are_reassembled() -> None:
    projects = extract_performance(split_lines(_PDF_TEXT, "pdf-text"))
    assert len(projects) == 1
    project = projects[0]
    assert (project.name, project.code) == ("示例经费", "1302X")
    assert (str(project.budget), str(project.fiscal)) == ("8.00", "8.00")
    assert project.goal == "完成示例"
    assert project.plan is not None
    assert project.plan.unit == "万元"
    assert [(p.label, str(p.value)) for p in project.plan.points] == [("一季度", "1.00"), ("二季度", "8.00")]
    assert _full_rows(project) == [
        ("产出指标", "数量指标", "检查次数", "检查次数", "≥3次", "检查次数"),
        ("效益指标", "社会效益指标", "群众满意情况", "群众满意情况", "≥90%", "年度工作要点"),
    ]


_DOCX_TEXT = "\n".join(
    [
        "第三部分  预算项目绩效目标",
        "1、示例经费绩效目标表",
        "\t绩效目标",
        "\t1.第一项",
        "",
        "2.第二项",
        "",
        "\t一级指标",
        "\t二级指标",
        "\t三级指标",
        "\t绩效指标描述",
        "\t指标值",
        "\t指标值确定依据",
        "",
        "\t产出指标",
        "\t数量指标",
        "\t次数",
        "\t开展次数",
        "\t≧2次",
        "\t计划",
        "",
        "\t",
        "\t",
        "\t质量",
        "\t质量情况",
        "\t合格",
        "\t计划",
        "",
        "六、政府采购预算情况",
        "\t项目名称",
        "\t预算资金",
        "",
    ]
)


def test_docx_merged_cells_carry_down_and_goal_continues() -> None:
    projects = extract_performance(split_lines(_DOCX_TEXT, "docx-text"))
    assert [p.name for p in projects] == ["示例经费"]
    assert projects[0].goal == "1.第一项\n2.第二项"
    assert _full_rows(projects[0]) == [
        ("产出指标", "数量指标", "次数", "开展次数", "≥2次", "计划"),
        ("产出指标", "数量指标", "质量", "质量情况", "合格", "计划"),
    ]
    first = projects[0].indicators[0]
    assert (first.operator, first.number, first.unit) == ("≥", Decimal("2"), "次")


# --- seeds 000 and 001: the same four projects of 乐亭县人大常委会 2023 -----------------------------


def _same(level1: str, level2: str, name: str, value: str) -> FullRow:
    """A row whose description and basis repeat the name, as most rows of 000/001 do."""
    return (level1, level2, name, name, value, name)


# Checked against 000 lines 871-1011 and 001 lines 340-798 (the PDF wraps cells differently in each).
LETING_2023: list[tuple[str, list[FullRow]]] = [
    (
        "代表调研协调经费",
        [
            _same("产出指标", "数量指标", "代表活动调研次数", "4次"),
            _same("产出指标", "数量指标", "代表工作检查次数", "≥5次"),
            _same("产出指标", "数量指标", "召开座谈会次数", "≥10次"),
            _same("效益指标", "经济效益指标", "经济社会发展情况", "≥100百分比"),
            _same("效益指标", "社会效益指标", "代表联系选民情况", "≥100百分比"),
            _same("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥80百分数"),
        ],
    ),
    (
        "人大代表工作及培训经费",
        [
            (
                "产出指标",
                "数量指标",
                "代表培训次数",
                "代表及工作人员参加培训",
                "1代表及工作人员参加培训",
                "代表及工作人员参加培训",
            ),
            _same("产出指标", "数量指标", "常委会组成人员培训", "1常委会组成人员培训"),
            (
                "产出指标",
                "质量指标",
                "闭会期间代表工作经费保障率",
                "闭会期间代表工作经费保障",
                "≥100闭会期间代表工作经费保障",
                "闭会期间代表工作经费保障",
            ),
            _same("产出指标", "时效指标", "满足代表闭会期间工作运行", "≥100满足代表闭会期间工作运行"),
            _same("效益指标", "社会效益指标", "代表联系选民工作保障度", "≥100代表联系选民工作保障度"),
            _same("满意度指标", "服务对象满意度指标", "服务对象满意度指标", "≥80服务对象满意度指标"),
        ],
    ),
    (
        "人代会经费",
        [
            _same("产出指标", "数量指标", "召开主席团会议", "≥4次"),
            _same("产出指标", "数量指标", "召开全体会议", "≥3次"),
            _same("产出指标", "数量指标", "生成决议", "≥6次"),
            _same("产出指标", "质量指标", "人大代表参政议政履职率", "≥80百分比"),
            _same("效益指标", "社会效益指标", "票决民生实事项目", "≥10项"),
            _same("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥80百分比"),
        ],
    ),
    (
        "视察与监督经费",
        [
            _same("产出指标", "数量指标", "开展视察次数", "≥2开展视察次数"),
            _same("产出指标", "数量指标", "开展执法检查次数", "≥2开展执法检查次数"),
            _same("产出指标", "数量指标", "开展调研次数", "≥15开展调研次数"),
            _same("效益指标", "经济效益指标", "促进全县经济社会可持续发展", "≥100促进全县经济社会可持续发展"),
            _same("效益指标", "社会效益指标", "代表联系选民工作保障", "≥100代表联系选民工作保障"),
            _same("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥80服务对象满意度"),
        ],
    ),
]


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_leting_2023_projects_and_indicators(prefix: str) -> None:
    projects = extract_performance(_seed(prefix))
    assert [p.name for p in projects] == [name for name, _ in LETING_2023]
    for project, (_, rows) in zip(projects, LETING_2023, strict=True):
        assert project.kind == "project"
        assert project.goal == "1.目标内容 1"  # the template placeholder, printed as such
        assert _full_rows(project) == rows, project.name


def test_000_has_no_codes_budgets_or_plans() -> None:
    projects = extract_performance(_seed("000"))
    assert all(p.code is None and p.budget is None and p.plan is None for p in projects)
    assert [p.location.line for p in projects] == [871, 891, 947, 969]


# Checked against 001 lines 344-364, 452-472, 584-606, 676-696.
LETING_2023_META = [
    ("13022523P00QK8310006H", "15.00", ["2.00", "6.00", "10.00", "15.00"]),
    ("13022523P000EG3100053", "15.00", ["2.00", "5.00", "10.00", "15.00"]),
    ("13022523P004BK410003A", "40.00", ["10.00", "20.00", "40.00", "40.00"]),
    ("13022523P00QK8310005X", "7.50", ["1.00", "3.00", "4.00", "7.50"]),
]


def test_001_codes_budgets_and_plans() -> None:
    projects = extract_performance(_seed("001"))
    assert len(projects) == len(LETING_2023_META)
    for project, (code, budget, plan) in zip(projects, LETING_2023_META, strict=True):
        assert project.code == code
        assert str(project.budget) == budget
        assert str(project.fiscal) == budget  # 其中：财政资金 equals 预算数 in every project
        assert project.plan is not None
        assert project.plan.unit == "%"  # as the table states, though the figures are 万元
        assert [p.label for p in project.plan.points] == ["3月底", "6月底", "10月底", "12月底"]
        assert [str(p.value) for p in project.plan.points] == plan


def test_001_parsed_values() -> None:
    first = extract_performance(_seed("001"))[0].indicators
    assert [(i.operator, i.number, i.unit) for i in first] == [
        (None, Decimal("4"), "次"),
        ("≥", Decimal("5"), "次"),
        ("≥", Decimal("10"), "次"),
        ("≥", Decimal("100"), "百分比"),
        ("≥", Decimal("100"), "百分比"),
        ("≥", Decimal("80"), "百分数"),
    ]


# --- seed 002: 唐山市丰南区人大常委会办公室 2023 -------------------------------------------------------

# Checked against 002 lines 1673-2125: eight projects of six indicators each, one per 二级指标.
_FENGNAN_LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
]
FENGNAN_2023: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "公务车购置",
        [
            ("车辆购置数", "1辆"),
            ("质量合格率", "合格"),
            ("及时购置", "按时购置"),
            ("投入成本降低比", "≥1%"),
            ("长期使用性", "有力保障"),
            ("单位用车满意率", "满意"),
        ],
    ),
    (
        "会议费",
        [
            ("代表参会率", "≥95%"),
            ("会议任务完成情况", "全部完成"),
            ("任务完成及时率", "100%"),
            ("按会议标准", "严格按会议标准执行"),
            ("持续发挥作用力", "有力推动"),
            ("代表满意度", "满意"),
        ],
    ),
    (
        "就业见习补贴",
        [
            ("招聘见习生人数", "5人"),
            ("资金到位率", "100%"),
            ("及时招聘", "按时完成"),
            ("发放标准", "1900元每月每人"),
            ("促进机关工作开展", "有力促进"),
            ("见习人员满意率", "满意"),
        ],
    ),
    (
        "就业生活补贴（区级垫付）",
        [
            ("招聘见习生人数", "5人"),
            ("资金到位率", "100%"),
            ("及时招聘", "按时完成"),
            ("发放标准", "1900元每月每人"),
            ("促进机关工作开展", "有力促进"),
            ("见习人员满意率", "满意"),
        ],
    ),
    (
        "劳务外包经费",
        [
            ("招聘人数", "1人"),
            ("资金到位率", "100%"),
            ("及时招聘", "按时完成"),
            ("发放标准", "按标准发放"),
            ("促进机关工作开展", "有力促进"),
            ("工作人员满意率", "满意"),
        ],
    ),
    (
        "区代表活动经费",
        [
            ("常委会人员培训率", "100%"),
            ("培训质量情况", "提高培训质量"),
            ("及时组织培训", "及时组织"),
            ("人均专家聘用费", "按标准执行"),
            ("履职能力的提升", "显著提高"),
            ("参会人员满意度", "满意"),
        ],
    ),
    (
        "人大代表之家（联络站）运行经费",
        [
            ("代表参加活动率", "≥90%"),
            ("正常运转率", "≥98%"),
            ("活动开展的及时性", "及时开展"),
            ("运行保障成本", "有效降低运行成本"),
            ("提高各级代表的履职能力", "显著提高"),
            ("各级代表的满意程度", "满意"),
        ],
    ),
    (
        "业务工作经费",
        [
            ("工作人员参加培训率", "≥95%"),
            ("会刊的编辑及印刷完成率", "100%"),
            ("综合业务管理工作完成率", "≥95%"),
            ("预算执行率", "≥95%"),
            ("增强影响力", "显著提高"),
            ("工作人员满意率", "满意"),
        ],
    ),
]


def test_002_projects_and_indicators() -> None:
    projects = extract_performance(_seed("002"))
    assert [p.name for p in projects] == [name for name, _ in FENGNAN_2023]
    for project, (_, pairs) in zip(projects, FENGNAN_2023, strict=True):
        expected = [(l1, l2, name, value) for (l1, l2), (name, value) in zip(_FENGNAN_LEVELS, pairs, strict=True)]
        assert _rows(project) == expected, project.name
        assert project.budget is None and project.code is None and project.plan is None
    assert projects[0].goal == "1.根据车辆控办批准情况，预计10月底之前完成车辆购置工作。"
    vehicle = projects[0].indicators[0]
    assert (vehicle.description, vehicle.basis, vehicle.unit) == ("车辆购置数", "购车合同", "辆")


# --- seed 003: 平乡县人大常委会 2023 ---------------------------------------------------------------

# Checked against 003 lines 1735-2082.
PINGXIANG_2023: list[tuple[str, list[Row]]] = [
    (
        "“智慧人大”建设项目（平乡县人大网上代表之家建设）",
        [
            ("产出指标", "数量指标", "智慧人大板块数量", "≥5个"),
            ("产出指标", "质量指标", "信息系统故障发生率", "≤5%"),
            ("产出指标", "时效指标", "完成及时率", "≥90%"),
            ("产出指标", "成本指标", "成本控制", "≤27万元"),
            ("效益指标", "社会效益指标", "提供优质服务", "进一步提升服务水平"),
            ("效益指标", "社会效益指标", "服务效率", "显著提升"),
            ("效益指标", "社会效益指标", "履职质量和水平", "显著提高"),
            ("效益指标", "可持续影响指标", "软件正常运行年限", "≥6年"),
            ("满意度指标", "服务对象满意度指标", "使用人员满意度", "≥90%"),
        ],
    ),
    (
        "平乡县第十七届人民代表大会第三次会议经费",
        [
            ("产出指标", "数量指标", "参会代表人数（人）", "≥150人"),
            ("产出指标", "质量指标", "会议议程完成率", "100%"),
            ("产出指标", "时效指标", "召开会议时间", "按照法定程序规定时间召开会议"),
            ("产出指标", "成本指标", "召开会议总成本（万元）", "≤25万元"),
            ("效益指标", "社会效益指标", "代表满意率（%）", "≥90%"),
            ("效益指标", "可持续影响指标", "对县域发展形成持续性影响", "影响程度较高"),
            ("效益指标", "社会效益指标", "意见建议采纳率（%）", "≥90%"),
            ("满意度指标", "服务对象满意度指标", "参会人员满意度（%）", "≥90%"),
        ],
    ),
    (
        "专门委员会、委员及人大代表活动经费",
        [
            ("产出指标", "数量指标", "监督检查次数（次）", "≥20次"),
            ("产出指标", "数量指标", "开展活动次数（次）", "≥6次"),
            ("产出指标", "质量指标", "执法检查和集中视察工作完成率(%)", "≥90%"),
            ("产出指标", "质量指标", "人大代表之家活动完成率(%)", "≥90%"),
            ("产出指标", "时效指标", "视察调研活动按期完成率(%)", "≥90%"),
            ("产出指标", "成本指标", "运行成本金额（万元）", "≤5万元"),
            ("效益指标", "社会效益指标", "法治水平", "显著提高"),
            ("效益指标", "社会效益指标", "会议质量提升情况", "显著提升"),
            ("效益指标", "可持续影响指标", "网站正常运行时间", "≥1年"),
            ("效益指标", "可持续影响指标", "网站运行稳定率（%）", "≥90%"),
            ("满意度指标", "服务对象满意度指标", "活动参与者满意度（%）", "≥90%"),
        ],
    ),
    (
        "综合业务和事务管理经费",
        [
            ("产出指标", "数量指标", "宣传报道次数(次)", "≥20次"),
            ("产出指标", "数量指标", "帮扶次数（次）", "≥6次"),
            ("产出指标", "质量指标", "维护（修）工作完成率（%）", "≥90%"),
            ("产出指标", "时效指标", "综合业务管理工作完成及时率(%)", "≥90%"),
            ("产出指标", "成本指标", "成本控制", "控制在预算数内"),
            ("效益指标", "社会效益指标", "社会影响力", "显著提升"),
            ("效益指标", "社会效益指标", "服务代表和群众意识", "显著提高"),
            ("效益指标", "可持续影响指标", "机关正常运转的时间", "≥1年"),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度（%）", "≥90%"),
        ],
    ),
]


def test_003_projects_and_indicators() -> None:
    projects = extract_performance(_seed("003"))
    assert [p.name for p in projects] == [name for name, _ in PINGXIANG_2023]
    for project, (_, rows) in zip(projects, PINGXIANG_2023, strict=True):
        assert _rows(project) == rows, project.name
    assert projects[0].goal == "1.“智慧人大”投入使用\n2.提高闭会期间代表收集民情民意的解决率和联系群众的实效性"
    cost = projects[0].indicators[3]
    assert (cost.description, cost.basis) == ("平乡县智慧人大网上代表之家建设成本控制", "合同")
    assert (cost.operator, cost.number, cost.unit) == ("≤", Decimal("27"), "万元")
    assert projects[3].goal is not None and projects[3].goal.count("\n") == 5  # six numbered goals


# --- seed 004: 乐亭县人大常委会办公室 2020 -------------------------------------------------------------

# Checked against 004 lines 140-219 (activities: name, 年度预算数, 绩效指标, 优) and 269-631 (projects).
LETING_2020_ACTIVITIES = [
    ("代表工作", "20.00", "重点课题和专项调研完成率", "100%"),
    ("代表提案议案工作", None, "提案议案办理率", "100%"),
    ("人大代表培训", "10.00", "人大代表学习培训率", "100%"),
    ("综合业务管理", None, "机关工作人员学习培训率", "100%"),
    ("代表视察与监督", "15.00", "综合事务、接待工作保障率", "100%"),
    ("人代会经费", "30.00", "代表建议、意见受理比例，人大代表及辖区选民的抽样满意度", "90%"),
]

_OUT, _EFFECT, _SAT = "产出指标", "效果指标", "满意度指标"
_QTY, _SOC, _SVC = "数量指标", "社会效益指标", "服务对象满意度指标"
LETING_2020_PROJECTS: list[tuple[str, str, list[Row]]] = [
    (
        "人大代表工作经费",
        "20",
        [
            (_OUT, _QTY, "开展视察工作", "≥2次"),
            (_OUT, _QTY, "开展调研工作", "≥5次"),
            (_OUT, _QTY, "开展执法检查工作", "≥3次"),
            (_EFFECT, _SOC, "视察工作代表满意率", "≥70%"),
            (_EFFECT, _SOC, "调研工作群众满意率", "≥70%"),
            (_EFFECT, _SOC, "执法检查群众满意率", "≥70%"),
            (_SAT, _SVC, "群众满意率", "≥70%"),
        ],
    ),
    (
        "人大代表培训费",
        "10",
        [
            (_OUT, _QTY, "开展三级代表培训", "≥1次"),
            (_OUT, _QTY, "代表参加活动", "≥1次"),
            (_EFFECT, _SOC, "提升代表履职能力", "≥1次"),
            (_EFFECT, _SOC, "群众满意率", "≥70%"),
            (_SAT, _SVC, "群众满意率", "≥70%"),
        ],
    ),
    (
        "人大代表视察与监督",
        "15",
        [
            (_OUT, _QTY, "开展视察活动", "≥2次"),
            (_OUT, _QTY, "开展调研活动", "≥10次"),
            (_OUT, _QTY, "开展执法检查活动", "≥3次"),
            (_EFFECT, _SOC, "促进工作监督有序开展", "监督政府工作开展"),
            (_EFFECT, _SOC, "促进法律监督有序开展", "监督政府依法行政"),
            (_SAT, _SVC, "群众满意度", "≥70%"),
            (_SAT, _SVC, "群众满意度", "≥70%"),
        ],
    ),
    (
        "人代会经费",
        "30",
        [
            (_OUT, _QTY, "召开人代会", "≥1次"),
            (_EFFECT, _SOC, "听取审议“一府两院”工作报告", "≥1次"),
            (_EFFECT, _SOC, "形成代表意见建议", "≥20件"),
            (_SAT, _SVC, "把人民意愿转换成意见建议", "≥70%"),
        ],
    ),
    (
        "“智慧人大”系统平台维护费",
        "8",
        [
            (_OUT, "成本指标", "系统接入", "≥1次"),
            (_OUT, "成本指标", "系统维护", "≥1次"),
            (_EFFECT, _SOC, "代表客户端正常使用", "≥100%"),
            (_SAT, _SVC, "代表客户端满意度", "≥100%"),
        ],
    ),
]


def test_004_activities() -> None:
    activities = [p for p in extract_performance(_seed("004")) if p.kind == "activity"]
    got = [
        (a.name, None if a.budget is None else str(a.budget), a.indicators[0].name, a.indicators[0].value)
        for a in activities
    ]
    assert got == LETING_2020_ACTIVITIES
    assert all(len(a.indicators) == 1 for a in activities)
    assert activities[2].goal == "人大代表自身素质和履职能力进一步提升。"


def test_004_projects() -> None:
    projects = extract_performance(_seed("004"))
    assert [p.kind for p in projects] == ["activity"] * 6 + ["project"] * 5
    declared = [p for p in projects if p.kind == "project"]
    assert [p.name for p in declared] == [name for name, _, _ in LETING_2020_PROJECTS]
    for project, (_, budget, rows) in zip(declared, LETING_2020_PROJECTS, strict=True):
        assert str(project.budget) == budget
        assert str(project.fiscal) == budget  # 县级资金 carries the whole 年度资金总额
        assert _rows(project) == rows, project.name
    assert declared[3].goal == "召开乐亭县十六届人大第四次会议"


def test_performance_prose_is_not_a_project() -> None:
    names = [p.name for p in extract_performance(_seed("002"))]
    assert not any("人大监督" in name or "整体" in name for name in names)
