"""绩效目标表 and 政府采购预算表 of every template read from ruled PDF grids (issue 12, point 4).

Each test draws a table with PyMuPDF (the canvas of tests/readers/test_ruling_styles.py) — heads in any
order, a project's cells merged over its indicator rows, label–value forms, tables continued on the next
page with or without their heads — reads it with :func:`yusuan.read.formats.pdf.read_pdf` and the section
readers, and asserts what the model holds.
"""

from __future__ import annotations

import importlib
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.readers.test_ruling_styles import SIZE, Canvas
from yusuan.model import Disclosure, ReadingReport, TableReading
from yusuan.read.api import load_source
from yusuan.read.formats.pdf import read_pdf
from yusuan.read.sections.performance import extract_performance
from yusuan.read.sections.procurement import read_procurement
from yusuan.read.sections.recognised import mark_section_tables
from yusuan.review.engine import review

pymupdf: Any = importlib.import_module("pymupdf")  # untyped

D = Decimal
ROW_H = 20.0
LEFT, TOP = 30.0, 90.0

#: A cell: its text, or None where the cell above is merged over this row.
Cell = str | None
Grid = list[list[Cell]]


def draw_grid(c: Canvas, grid: Grid, widths: list[float], top: float = TOP) -> None:
    """Rules and texts of a grid whose None cells are covered by the cell above (a vertical merge); a
    merged cell's text is printed in the middle of the rows it spans, as templates print it."""
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top + r * ROW_H for r in range(len(grid) + 1)]
    for x in xs:
        c.line((x, ys[0]), (x, ys[-1]))
    c.line((xs[0], ys[0]), (xs[-1], ys[0]))
    c.line((xs[0], ys[-1]), (xs[-1], ys[-1]))
    for r in range(1, len(grid)):
        for k, (a, b) in enumerate(pairwise(xs)):
            if grid[r][k] is not None:
                c.line((a, ys[r]), (b, ys[r]))
    for r, row in enumerate(grid):
        for k, text in enumerate(row):
            if not text:
                continue
            span = 1
            while r + span < len(grid) and grid[r + span][k] is None:
                span += 1
            middle = (ys[r] + ys[r + span]) / 2
            c.text(xs[k] + 3, middle + SIZE * 0.35, text)


def write(path: Path, pages: list[list[tuple[str | None, Grid, list[float]]]]) -> Path:
    """A landscape PDF: each page a list of (title, grid, column widths)."""
    doc = pymupdf.open()
    for tables in pages:
        c = Canvas(doc.new_page(width=842, height=595), 0)
        top = TOP
        for title, grid, widths in tables:
            if title:
                c.text(LEFT + 200, top - 30, title)
                c.text(LEFT + 600, top - 12, "单位：万元")
            draw_grid(c, grid, widths, top)
            top += ROW_H * len(grid) + 70
    doc.save(path)
    doc.close()
    return path


# -- a list: one row per indicator, the project's cells merged over them ------------------------------

LIST_HEAD: Grid = [
    ["项目名称", "资金总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "计量单位"],
]
LIST_W = [110.0, 60, 110, 60, 100, 130, 50, 60]
LIST_PAGE1: Grid = [
    *LIST_HEAD,
    ["档案整理", "28.91", "完成档案整理", "产出指标", "数量指标", "整理数量", "≥4130", "箱"],
    [None, None, None, None, "质量指标", "整理合格率", "100", "%"],
    [None, None, None, "效益指标", "社会效益指标", "查询时间", "≤30", "分钟"],
    ["法律顾问", "5.00", "提升依法行政", "产出指标", "数量指标", "服务人数", "3", "人"],
]
LIST_PAGE2: Grid = [
    *LIST_HEAD,
    ["法律顾问", "5.00", "提升依法行政", "满意度指标", "服务对象满意度指标", "机关人员满意度", "≥90", "%"],
    ["合计", "33.91", "", "", "", "", "", ""],
]


def test_a_list_with_merged_project_cells_over_two_pages(tmp_path: Path) -> None:
    path = write(
        tmp_path / "list.pdf",
        [[("项目支出绩效目标表", LIST_PAGE1, LIST_W)], [("项目支出绩效目标表", LIST_PAGE2, LIST_W)]],
    )
    projects = extract_performance(read_pdf(path))
    assert [(p.name, p.kind, p.budget, p.goal, len(p.indicators)) for p in projects] == [
        ("档案整理", "project", D("28.91"), "完成档案整理", 3),
        ("法律顾问", "project", D("5.00"), "提升依法行政", 2),  # continued on page 2: one project
    ]
    archive, counsel = projects
    assert [(i.level1, i.level2, i.name, i.value, i.operator, i.number, i.unit) for i in archive.indicators] == [
        ("产出指标", "数量指标", "整理数量", "≥4130", "≥", D("4130"), "箱"),
        ("产出指标", "质量指标", "整理合格率", "100", None, D("100"), "%"),
        ("效益指标", "社会效益指标", "查询时间", "≤30", "≤", D("30"), "分钟"),
    ]
    assert counsel.indicators[1].level1 == "满意度指标" and counsel.indicators[1].location.page == 2


def test_heads_in_another_order_and_an_operator_column(tmp_path: Path) -> None:
    head: list[Cell] = [
        "指标值",
        "指标性质",
        "计量单位",
        "指标名称",
        "当年绩效目标",
        "当年财政拨款预算金额",
        "项目名称",
    ]
    grid: Grid = [
        head,
        ["68", "≥", "%", "气候预测准确率", "做好气象服务", "4,902.34", "气象事务"],
        ["36", "≤", "小时", "装备维修时限", None, None, None],
    ]
    path = write(tmp_path / "order.pdf", [[("一般性项目绩效目标表", grid, [50.0, 50, 50, 130, 110, 110, 80])]])
    (project,) = extract_performance(read_pdf(path))
    assert (project.name, project.fiscal, project.budget, project.goal) == (
        "气象事务",
        D("4902.34"),
        None,
        "做好气象服务",
    )
    assert [(i.name, i.operator, i.number, i.unit, i.level1) for i in project.indicators] == [
        ("气候预测准确率", "≥", D("68"), "%", None),
        ("装备维修时限", "≤", D("36"), "小时", None),
    ]


# -- a form: label cells and their values, then the indicators ------------------------------------------

FORM: Grid = [
    ["项目名称", "信息化运行维护", "", "", ""],
    ["年度资金总额：", "2,134.87", "其中：财政拨款", "1,384.87", ""],
    ["年度目标", "保障信息系统稳定运行", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ["", "产出指标", "数量指标", "维护设备数量（台）", "≥330"],
    ["", None, "时效指标", "完成时间", "2026年12月底前"],
    ["", "满意度指标", "服务对象满意度指标", "使用部门满意率", "≥85%"],
]
FORM_W = [90.0, 110, 110, 150, 90]


def test_a_form_with_labels_and_a_unit_in_the_indicator_name(tmp_path: Path) -> None:
    path = write(tmp_path / "form.pdf", [[("信息化运行维护绩效目标表", FORM, FORM_W)]])
    (project,) = extract_performance(read_pdf(path))
    assert (project.name, project.budget, project.fiscal, project.goal) == (
        "信息化运行维护",
        D("2134.87"),
        D("1384.87"),
        "保障信息系统稳定运行",
    )
    assert [(i.level1, i.name, i.operator, i.number, i.unit) for i in project.indicators] == [
        ("产出指标", "维护设备数量（台）", "≥", D("330"), "台"),  # the unit the name announces
        ("产出指标", "完成时间", None, None, None),  # a date is no quantity
        ("满意度指标", "使用部门满意率", "≥", D("85"), "%"),
    ]


def test_the_department_wide_target(tmp_path: Path) -> None:
    grid: Grid = [
        ["部门名称", "示例市司法局", "", ""],
        ["任务名称", "主要内容", "总额", "财政拨款"],
        ["机关运转", "保障运行", "90.00", "90.00"],
        ["金额合计", "", "100.00", "100.00"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "办理案件数", "≥500件"],
    ]
    path = write(tmp_path / "dept.pdf", [[("部门整体支出绩效目标表", grid, [100.0, 120, 150, 90])]])
    (target,) = extract_performance(read_pdf(path))
    assert (target.kind, target.name, target.budget) == ("department", "示例市司法局", D("100.00"))
    assert [(i.name, i.number, i.unit) for i in target.indicators] == [("办理案件数", D("500"), "件")]


def test_a_page_that_goes_on_without_its_heads_and_a_name_broken_by_the_page(tmp_path: Path) -> None:
    # page 2 repeats no heads and numbers its columns otherwise (no 资金总额 column rule): x-ranges place it
    second: Grid = [
        ["升级改造项目", "", "", "满意度指标", "服务对象满意度指标", "使用人员满意度", "≥90", "%"],
    ]
    first: Grid = [
        *LIST_HEAD,
        ["北京市公共法律网络平台", "327.34", "推动三台融合", "产出指标", "时效指标", "完成及时率", "100", "%"],
    ]
    path = write(tmp_path / "broken.pdf", [[("项目支出绩效目标表", first, LIST_W)], [(None, second, LIST_W)]])
    (project,) = extract_performance(read_pdf(path))
    assert project.name == "北京市公共法律网络平台升级改造项目"
    assert [i.level1 for i in project.indicators] == ["产出指标", "满意度指标"]


# -- procurement ------------------------------------------------------------------------------------------

PROCUREMENT: Grid = [
    ["采购品目大类", "专项名称", "采购品目名称", "一般公共预算资金", "其他资金", "总计"],
    ["合计", "", "", "2,379.35", "", "2,379.35"],
    ["货物", "", "", "10.00", "", "10.00"],
    ["示例市数据局", "", "", "10.00", "", "10.00"],
    ["", "设备购置", "多功能一体机", "3.50", "", "3.50"],
    ["", "设备购置", "公务用车", "6.50", "", "6.50"],
    ["服务", "", "", "2,369.35", "", "2,369.35"],
    ["", "平台运维", "运行维护服务", "2,369.35", "", "2,369.35"],
]


def test_procurement_lines_kinds_and_total(tmp_path: Path) -> None:
    path = write(tmp_path / "proc.pdf", [[("政府采购支出表", PROCUREMENT, [110.0, 90, 110, 100, 70, 80])]])
    found, ambiguities = read_procurement(read_pdf(path))
    assert ambiguities == [] and found.present and found.unit == "万元"
    assert found.kinds == {"货物": D("10.00"), "服务": D("2369.35")}
    assert [(ln.kind, ln.project, ln.item, ln.values.get("total")) for ln in found.lines] == [
        (None, "合计", None, D("2379.35")),
        ("货物", "设备购置", "多功能一体机", D("3.50")),
        ("货物", "设备购置", "公务用车", D("6.50")),
        ("服务", "平台运维", "运行维护服务", D("2369.35")),
    ]
    assert found.lines[1].values == {"general": D("3.50"), "total": D("3.50")}


def test_procurement_by_kind_only_with_codes(tmp_path: Path) -> None:
    grid: Grid = [
        ["项目编号", "项目", "总计", "一般公共预算拨款收入", "事业收入"],
        ["合计", "", "947.00", "", "47.00"],
        ["A", "货物", "47.00", "", "47.00"],
        ["C", "服务", "900.00", "900.00", ""],
    ]
    path = write(tmp_path / "kinds.pdf", [[("2026年政府采购预算明细表", grid, [80.0, 100, 80, 120, 80])]])
    found, _ = read_procurement(read_pdf(path))
    assert found.kinds == {"货物": D("47.00"), "服务": D("900.00")}
    assert [(ln.project, ln.values) for ln in found.lines] == [
        ("合计", {"total": D("947.00"), "unit_funds": D("47.00")})
    ]


def test_lines_that_do_not_add_up_to_the_total_leave_the_total_only(tmp_path: Path) -> None:
    grid = [list(row) for row in PROCUREMENT]
    grid[5] = ["", "设备购置", "公务用车", "6.00", "", "6.00"]  # 3.50 + 6.00 + 2,369.35 ≠ 2,379.35
    path = write(tmp_path / "short.pdf", [[("政府采购支出表", grid, [110.0, 90, 110, 100, 70, 80])]])
    found, _ = read_procurement(read_pdf(path))
    assert [ln.project for ln in found.lines] == ["合计"]


# -- the reading report and the rules ---------------------------------------------------------------------


def test_the_reading_report_marks_the_tables_read(tmp_path: Path) -> None:
    path = write(tmp_path / "list.pdf", [[("项目支出绩效目标表", LIST_PAGE1, LIST_W)]])
    projects = extract_performance(read_pdf(path))
    report = ReadingReport(
        format="pdf",
        tables=[
            TableReading(table="performance_table", title="项目支出绩效目标表", pages=[1], read=False),
            TableReading(table="procurement_table", title="政府采购预算表", pages=[3], read=False),
        ],
    )
    proc, _ = read_procurement(read_pdf(path))
    mark_section_tables(report, projects, proc)
    performance, procurement = report.tables
    assert (performance.read, performance.rows, performance.cells) == (True, 4, 6)
    assert procurement.read is False


@pytest.mark.parametrize("levels", [True, False])
def test_level_rule_checks_tables_that_print_levels_only(levels: bool, tmp_path: Path) -> None:
    grid: Grid = [
        ["项目名称", "资金总额", "一级指标", "二级指标", "三级指标", "指标值"],
        ["档案整理", "28.91", "产出指标" if levels else "", "数量指标" if levels else "", "整理数量", "4130箱"],
        [None, None, "效益指标" if levels else "", "社会效益指标" if levels else "", "查询时间", "≤30分钟"],
    ]
    path = write(tmp_path / "levels.pdf", [[("项目支出绩效目标表", grid, [100.0, 70, 80, 100, 120, 80])]])
    d = Disclosure(source="levels.pdf", layout="pdf", performance=extract_performance(read_pdf(path)))
    fired = [f for f in review(d).findings if f.rule == "performance-indicator-level-missing"]
    assert [f.message for f in fired] == (
        ["项目“档案整理”的绩效目标表没有满意度指标（共列出 2 个指标）。项目绩效指标应包括产出、效益和满意度指标。"]
        if levels
        else []
    )


# -- workbooks and documents: the same readers over the cells of DOCX and XLSX tables ---------------------


def test_a_workbook_list_with_merged_cells_and_procurement_by_kind(tmp_path: Path) -> None:
    openpyxl: Any = importlib.import_module("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效"
    for row in [
        ["项目支出绩效目标表"],
        ["单位：万元"],
        ["项目名称", "资金总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "计量单位"],
        ["档案整理", 28.91, "完成档案整理", "产出指标", "数量指标", "整理数量", "≥4130", "箱"],
        [None, None, None, None, "质量指标", "整理合格率", "100", "%"],
        [None, None, None, "满意度指标", "服务对象满意度指标", "查询满意度", "≥90", "%"],
    ]:
        ws.append(row)
    ws.merge_cells("A1:H1")
    for col in "ABC":
        ws.merge_cells(f"{col}4:{col}6")
    ws.merge_cells("D4:D5")
    ws2 = wb.create_sheet("采购")
    for row in [
        ["政府采购预算明细表"],
        ["单位：万元"],
        ["项目编号", "项目", "总计", "一般公共预算拨款收入"],
        ["合计", None, 947.00, 947.00],
        ["A", "货物", 47.00, 47.00],
        ["C", "服务", 900.00, 900.00],
    ]:
        ws2.append(row)
    ws2.merge_cells("A1:D1")
    ws2.merge_cells("A4:B4")
    wb.save(tmp_path / "book.xlsx")
    src = load_source(tmp_path / "book.xlsx")
    (project,) = extract_performance(src)
    assert (project.name, project.budget, project.goal, project.unit) == (
        "档案整理",
        D("28.91"),
        "完成档案整理",
        "万元",
    )
    assert [(i.level1, i.level2, i.name, i.number, i.unit) for i in project.indicators] == [
        ("产出指标", "数量指标", "整理数量", D("4130"), "箱"),
        ("产出指标", "质量指标", "整理合格率", D("100"), "%"),
        ("满意度指标", "服务对象满意度指标", "查询满意度", D("90"), "%"),
    ]
    found, _ = read_procurement(src)
    assert found.kinds == {"货物": D("47"), "服务": D("900")}
    assert [(ln.project, ln.values["total"]) for ln in found.lines] == [("合计", D("947"))]


def test_a_document_form(tmp_path: Path) -> None:
    docx: Any = importlib.import_module("docx")
    doc = docx.Document()
    doc.add_paragraph("部门整体支出绩效目标表")
    rows = [
        ["部门名称", "示例市司法局", "", ""],
        ["金额合计", "", "100.00", ""],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "办理案件数", "≥500件"],
        ["", "质量指标", "结案率", "≥95%"],
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            table.cell(r, k).text = text
    table.cell(3, 0).merge(table.cell(4, 0))  # 产出指标 merged down over its two indicators
    table.cell(3, 0).text = "产出指标"
    doc.save(tmp_path / "form.docx")
    (target,) = extract_performance(load_source(tmp_path / "form.docx"))
    assert (target.kind, target.name, target.budget) == ("department", "示例市司法局", D("100.00"))
    assert [(i.level1, i.level2, i.name, i.number, i.unit) for i in target.indicators] == [
        ("产出指标", "数量指标", "办理案件数", D("500"), "件"),
        ("产出指标", "质量指标", "结案率", D("95"), "%"),
    ]


def test_procurement_small_business_share(tmp_path: Path) -> None:
    grid: Grid = [
        ["项目名称", "采购品目名称", "数量", "单价", "合计", "一般公共预算拨款", "面向中小企业预留"],
        ["合计", "", "", "", "60.00", "60.00", "40.00"],
        ["办公设备购置", "台式计算机", "10", "0.60", "6.00", "6.00", "6.00"],
        [None, "复印纸", "100", "0.54", "54.00", "54.00", "34.00"],
    ]
    path = write(tmp_path / "sme.pdf", [[("政府采购预算表", grid, [100.0, 90, 50, 50, 60, 110, 110])]])
    found, _ = read_procurement(read_pdf(path))
    assert [(ln.project, ln.item, ln.quantity, ln.unit_price, ln.values) for ln in found.lines] == [
        ("合计", None, None, None, {"total": D("60.00"), "general": D("60.00"), "sme_share": D("40.00")}),
        (
            "办公设备购置",
            "台式计算机",
            D("10"),
            D("0.60"),
            {"total": D("6.00"), "general": D("6.00"), "sme_share": D("6.00")},
        ),
        (
            "办公设备购置",
            "复印纸",
            D("100"),
            D("0.54"),
            {"total": D("54.00"), "general": D("54.00"), "sme_share": D("34.00")},
        ),
    ]
