"""Performance targets and procurement of real packages of other templates, read off the rendered pages by
eye (pdftoppm -r 70) and compared with what yusuan reads (issue 12, point 4). Page numbers are the PDF's."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pytest

import yusuan
from tests.conftest import ROOT
from yusuan.model import Disclosure

NATIONAL = ROOT.parent / "shared" / "corpus" / "national"
pytestmark = pytest.mark.skipif(
    not NATIONAL.is_dir(), reason="../shared/corpus is absent: real packages are not bundled"
)
D = Decimal


@cache
def read(name: str) -> Disclosure:
    return yusuan.read(NATIONAL / name)


def test_changsha_list_layout_with_merged_cells() -> None:
    d = read("长沙-教育局_2026年部门预算.pdf")
    # p22: a unit row (长沙职业教育基地综合协调办公室 270.00) above the one project, which spans p22–23
    project, department = d.performance
    assert (project.kind, project.name, project.budget, project.goal) == (
        "project",
        "经常性运转经费（水电气）",
        D("270.00"),
        "保障基地正常运转",
    )
    assert [(i.level1, i.level2, i.name, i.operator, i.number, i.unit) for i in project.indicators[:6]] == [
        ("成本指标", "经济成本指标", "水费", "=", D("120"), "万元"),
        ("成本指标", "经济成本指标", "电费", "=", D("140"), "万元"),
        ("成本指标", "经济成本指标", "燃气费", "=", D("10"), "万元"),
        ("产出指标", "数量指标", "燃气用量", "=", D("38.61"), "万立方"),
        ("产出指标", "数量指标", "用水量", "=", D("92.32"), "万吨"),
        ("产出指标", "数量指标", "用电量", "=", D("653.99"), "万度"),
    ]
    assert {i.location.page for i in project.indicators} == {22, 23}
    # p24: 部门整体支出绩效目标表, 资金总额 656.73
    assert (department.kind, department.name, department.budget) == (
        "department",
        "长沙职业教育基地综合协调办公室",
        D("656.73"),
    )
    assert [(i.name, i.operator, i.number, i.unit) for i in department.indicators[:3]] == [
        ("项目支出", "≤", D("270"), "万元"),
        ("基本支出", "≤", D("386.73"), "万元"),
        ("场馆使用次数", "≥", D("160"), "次"),
    ]
    assert all(r.read for r in d.reading.tables if r.table == "performance_table")  # type: ignore[union-attr]


def test_xian_forms_and_the_department_wide_target() -> None:
    d = read("西安-2026年西安市人民政府办公厅部门预算.pdf")
    counsel = d.performance[0]
    # p34: 项目名称 法律顾问服务; 实施期资金总额 5.00, 其中：财政拨款 5.00; six indicators, units in the names
    assert (counsel.name, counsel.budget, counsel.fiscal, counsel.location.page) == (
        "法律顾问服务",
        D("5.00"),
        D("5.00"),
        34,
    )
    assert [(i.level1, i.name, i.operator, i.number, i.unit) for i in counsel.indicators] == [
        ("成本指标", "法律顾问服务成本（万元）", "≤", D("5"), "万元"),
        ("产出指标", "法律顾问服务人数（人）", None, D("3"), "人"),
        ("产出指标", "审核修订合同合格率（%）", None, D("100"), "%"),
        ("产出指标", "合同修订完成时限（工作日）", "≤", D("3"), "工作日"),
        ("效益指标", "政府信息公开类行政诉讼胜诉率（%）", "≥", D("93"), "%"),
        ("满意度指标", "机关人员满意度", "≥", D("90"), None),  # printed without a unit
    ]
    # p43: 部门整体支出绩效目标表: 金额合计 9216.51 over three tasks, 19 indicators
    department = d.performance[-1]
    assert (department.kind, department.name, department.budget) == ("department", "西安市人民政府办公厅", D("9216.51"))
    assert len(department.indicators) == 19
    assert (department.indicators[0].name, department.indicators[0].number) == (
        "文件、刊物、公报印制成本（万元）",
        D("198"),
    )
    # p32: 政府采购（资产配置、购买服务）预算表 in 元: 合计 4,186,460.00 = Σ its 29 purchase lines
    p = d.procurement
    assert p.unit == "元" and p.lines[0].project == "合计" and p.lines[0].values["total"] == D("4186460.00")
    assert (p.lines[1].item, p.lines[1].catalogue, p.lines[1].kind, p.lines[1].values["total"]) == (
        "条码扫描器",
        "A02021119",
        "货物",
        D("6000.00"),
    )
    assert sum((ln.values["total"] for ln in p.lines[1:]), D(0)) == D("4186460.00")


def test_chongqing_procurement_by_kind() -> None:
    # p18 政府采购预算明细表: 合计 947.00; A 货物 47.00; C 服务 900.00
    p = read("重庆-2026年重庆市气象局部门预算.pdf").procurement
    assert p.kinds == {"货物": D("47.00"), "服务": D("900.00")}
    assert [(ln.project, ln.values["total"]) for ln in p.lines] == [("合计", D("947.00"))]


def test_suzhou_procurement_lines_under_units_and_kinds() -> None:
    # p22 政府采购支出表: 合计 188.50; 货物 5.50 (复印纸 1.30, 便携式计算机 4.20); 服务 183.00 (物业管理服务
    # 13.00, 审计服务 170.00), each kind over a row of the unit 苏州市审计局
    p = read("苏州-2026年苏州市审计局部门预算.pdf").procurement
    assert p.kinds == {"货物": D("5.50"), "服务": D("183.00")}
    assert [(ln.kind, ln.project, ln.item, ln.values["total"]) for ln in p.lines] == [
        (None, "合计", None, D("188.50")),
        ("货物", "定额", "复印纸", D("1.30")),
        ("货物", "设备购置", "便携式计算机", D("4.20")),
        ("服务", "物业管理费", "物业管理服务", D("13.00")),
        ("服务", "区域重点项目协审经费", "审计服务", D("170.00")),
    ]


def test_every_recognised_performance_and_procurement_table_with_rows_is_read() -> None:
    unread = {
        (path.name.split("-")[0], r.pages[0])
        for path in sorted(NATIONAL.glob("*.pdf"))
        for r in (read(path.name).reading.tables if read(path.name).reading else [])  # type: ignore[union-attr]
        if r.table in ("performance_table", "procurement_table") and not r.read
    }
    # only tables printed empty without a note saying so: 西安 专项资金总体绩效目标表 (办公厅 p44, 司法局 p93, 国资委
    # p42: the form with blank cells), 西安 国资委 采购表 (p35, blank rows). 重庆's 重点专项资金绩效目标表 (办公厅 p23,
    # 气象局 p21) print “故此表无数据” below the form: read, empty (tests/readers/test_empty_forms.py).
    assert unread == {("西安", 44), ("西安", 93), ("西安", 42), ("西安", 35)}
