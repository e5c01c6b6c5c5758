"""The budget workbook a finance officer fills in (``yusuan template``), and its layout.

Sheets, each with a header row and data validation (lists of codes from the classification
reference, amounts ≥ 0 with at most two decimals, whole numbers for years and counts):

* 填表说明 — how to fill the workbook; 基本信息 — department, year, level, last year's figures;
* 收支明细 — one row per 项 (7-digit function code) and source of money, with what it is spent on;
* 基本支出 — the general-budget basic spending by economic 款 (5-digit code): 人员经费, 公用经费;
* 三公经费, 绩效目标, 政府采购, 固定资产, 机构设置, 情况说明 (the prose by section), 名词解释;
* 科目 (hidden) — the codes and names the validation lists draw from.

yusuan computes every parent row, the 合计 rows, the two summary tables and the narrative's figures
from these rows, so the published tables are consistent by construction.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.domain import classification as reference
from yusuan.domain.figures import FigureKey
from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import SPECS
from yusuan.domain.templates import HEBEI_2023
from yusuan.report.safe_write import atomic_open
from yusuan.report.xlsx_style import AMOUNT_FORMAT, header_row, printable

SECTIONS = HEBEI_2023.sections

#: Where the money of a 收支明细 row comes from → (income column, fiscal fund or None).
SOURCES: dict[str, tuple[str, str | None]] = {
    "一般公共预算拨款": ("fiscal", "general"),
    "政府性基金预算拨款": ("fiscal", "gov_fund"),
    "国有资本经营预算拨款": ("fiscal", "state_capital"),
    "财政专户管理资金": ("special_account", None),
    "事业收入": ("business", None),
    "事业单位经营收入": ("operating", None),
    "上级补助收入": ("superior_subsidy", None),
    "附属单位上缴收入": ("affiliated", None),
    figure_name("other_income"): ("other", None),
    "上年结转": ("carryover", None),
}
#: What the money of a 收支明细 row is used for: the expenditure table's columns (head, key) but 合计.
_EXPENDITURE = SPECS["expenditure"]
USES: tuple[tuple[str, str], ...] = tuple(
    (label, key) for key, label in zip(_EXPENDITURE.columns, _EXPENDITURE.labels, strict=True) if key != "total"
)
#: The sheet of the basic expenditure by economic classification.
BASIC_SHEET = figure_name("basic")
#: Last year's figures (label on 基本信息, figure) from which the narrative writes the changes.
PRIOR_FIELDS: tuple[tuple[str, FigureKey], ...] = (
    (f"上年{figure_name('expenditure')}合计", "expenditure"),
    (f"上年{figure_name('basic')}", "basic"),
    (f"上年{figure_name('project')}", "project"),
    (f"上年{figure_name('three_public')}合计", "three_public"),
)
PLANNED_ASSETS_FIELD = f"本年度{figure_name('planned_assets')}总额"
#: The 三公 items a department fills in: (the figure's name, its key).
THREE_PUBLIC_ITEMS: tuple[tuple[str, FigureKey], ...] = tuple(
    (figure_name(k), k) for k in ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
)
FUNDS = (
    ("一般公共预算财政拨款", "general"),
    ("政府性基金预算财政拨款", "gov_fund"),
    ("国有资本经营预算财政拨款", "state_capital"),
)
ASSET_ITEMS = (
    ("房屋（平方米）", "buildings", "1、房屋（平方米）"),
    ("车辆（台、辆）", "vehicles", "2、车辆（台、辆）"),
    ("单价在20万元以上的设备", "equipment", "3、单价在20万元以上的设备"),
    ("其他固定资产", "other", "4、其他固定资产"),
)
INFO = (
    ("部门编码", "必填，如 101"),
    ("部门名称", "必填，如 乐亭县人民代表大会常务委员会"),
    ("预算年度", "必填，如 2023"),
    ("政府层级", "必填：省、市、县、区或乡"),
    ("在职人员", "人数，可不填"),
    ("离退休人员", "人数，可不填"),
    (PRIOR_FIELDS[0][0], "万元；填了上年三项支出数，情况说明写出比上年增减"),
    *((label, "万元") for label, _key in PRIOR_FIELDS[1:]),
    (PLANNED_ASSETS_FIELD, "万元，可不填"),
    ("固定资产截止时间", "如 2022-12-31"),
)
#: (sheet, header cells, column widths)
SHEETS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "收支明细": (
        ("功能分类科目编码（项）", "科目名称（可不填）", "资金来源", *(u for u, _ in USES)),
        (22, 30, 20, 12, 12, 12, 12, 16),
    ),
    BASIC_SHEET: (
        ("经济分类科目编码（款）", "科目名称（可不填）", figure_name("personnel"), figure_name("public")),
        (22, 30, 12, 12),
    ),
    "三公经费": (("项目", *(f for f, _ in FUNDS)), (22, 22, 22, 22)),
    "绩效目标": (
        (
            "项目名称",
            "年度资金总额",
            "其中：财政资金",
            "绩效目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标值",
            "指标值确定依据",
        ),
        (24, 12, 12, 30, 12, 16, 20, 24, 10, 16),
    ),
    "政府采购": (
        ("项目名称", "预算资金", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "一般公共预算拨款"),
        (24, 12, 16, 16, 10, 8, 10, 16),
    ),
    "固定资产": (("项目", "数量", "价值（万元）"), (26, 12, 14)),
    "机构设置": (("单位名称", "单位性质", "单位规格", "经费保障形式"), (36, 12, 12, 14)),
    "情况说明": (("部分", "段落"), (10, 100)),
    "名词解释": (("名词", "解释"), (24, 100)),
}
ROWS = 300  # rows with data validation on each list sheet
_BASIC, _PROJECT, _PERSONNEL, _PUBLIC, _OPERATING = (
    figure_name(k) for k in ("basic", "project", "personnel", "public", "operating_cost")
)
INSTRUCTIONS = (
    "部门预算填报工作簿（yusuan template 生成）",
    "",
    "填好后运行：yusuan publish 本工作簿.xlsx -o 部门预算公开.pdf（也可输出 docx、xlsx、html、txt）。",
    "金额单位一律为万元，最多两位小数；空白即为 0。带“必填”的项目不能空。",
    "1. 基本信息：部门编码、名称、预算年度、政府层级；填上年支出数，情况说明会写出比上年增减。",
    f"2. 收支明细：每行一个项级（7位）功能分类科目和一种资金来源，填这笔钱用于{_BASIC}、{_PROJECT}等的金额。"
    "同一科目有多种资金来源的，分行填写。类、款和合计由系统汇总，不要填写。",
    f"3. {_BASIC}：一般公共预算财政拨款{_BASIC}按经济分类款级（5位）科目填{_PERSONNEL}、{_PUBLIC}；"
    f"合计须等于收支明细中一般公共预算拨款的{_BASIC}。",
    "4. 三公经费：按资金性质填四项经费；没有的留空。",
    "5. 绩效目标：每个项目第一行填项目名称、年度资金总额、财政资金和绩效目标，该行及以下各行每行一个指标"
    "（一级指标填产出指标、效益指标、满意度指标）。",
    "6. 政府采购、固定资产、机构设置：按表头填写；没有政府采购的留空，公开时列为空表。",
    f"7. 情况说明：每行一段文字，“部分”填一至九，文字放在该部分的数字说明之前。数字（收支、增减、{_OPERATING}、"
    "“三公”、政府采购、国有资产）由系统按表格生成，不必在此填写。",
    "8. 名词解释：可不填，系统按政府层级写入常用名词解释。",
    "科目编码和名称取自当年《政府收支分类科目》；下拉列表在单元格右侧。",
)


def _header(ws: Worksheet, heads: tuple[str, ...], widths: tuple[int, ...]) -> None:
    assert len(heads) == len(widths)
    header_row(ws, heads, widths=widths)
    ws.freeze_panes = "A2"


def _validate(ws: Worksheet, rule: DataValidation, cells: str) -> None:
    rule.showErrorMessage = True
    rule.errorTitle = "输入有误"
    ws.add_data_validation(rule)
    rule.add(cells)


def _amounts(ws: Worksheet, columns: str, rows: int = ROWS) -> None:
    """Amounts: numbers ≥ 0 with at most two decimals."""
    first, last = columns[0], columns[-1]
    rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rule.error = "请填写金额（万元），不能为负数"
    _validate(ws, rule, f"{first}2:{last}{rows + 1}")
    cents = DataValidation(type="custom", formula1=f"ROUND({first}2,2)={first}2", allow_blank=True)
    cents.error = "金额最多两位小数（万元）"
    _validate(ws, cents, f"{first}2:{last}{rows + 1}")
    for row in ws.iter_rows(min_row=2, max_row=rows + 1, min_col=ord(first) - 64, max_col=ord(last) - 64):
        for cell in row:
            cell.number_format = AMOUNT_FORMAT


def _list(ws: Worksheet, formula: str, cells: str, error: str) -> None:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error = error
    _validate(ws, rule, cells)


def _codes(wb: Workbook, year: int) -> None:
    ws = wb.create_sheet("科目")
    ws.sheet_state = "hidden"
    ws.append(("功能分类科目（项）", "名称", "经济分类科目（款）", "名称"))
    functions = [e for e in reference.entries("function", year) if len(e.code) == 7]
    economics = [e for e in reference.entries("economic", year) if len(e.code) == 5]
    for i in range(max(len(functions), len(economics))):
        f = functions[i] if i < len(functions) else None
        e = economics[i] if i < len(economics) else None
        ws.append((f.code if f else None, f.name if f else None, e.code if e else None, e.name if e else None))
    for col in ("A", "C"):
        for cell in ws[col][1:]:
            cell.number_format = "@"
    for name, ref in (
        ("功能科目", f"'科目'!$A$2:$A${len(functions) + 1}"),
        ("经济科目", f"'科目'!$C$2:$C${len(economics) + 1}"),
    ):
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _chunks(text: str, width: int) -> list[str]:
    """``text`` in pieces of ``width`` characters, the later ones indented."""
    first, rest = text[:width], text[width:]
    return [first, *("    " + rest[i : i + width] for i in range(0, len(rest), width))]


def write_template(path: Path, year: int = 2023) -> None:
    """An empty budget workbook with instructions and data validation at ``path``."""
    wb = Workbook()
    intro = wb.active
    assert intro is not None
    intro.title = "填表说明"
    intro.column_dimensions["A"].width = 120
    lines = [piece for text in INSTRUCTIONS for piece in (_chunks(text, 56) if text else [""])]
    for n, line in enumerate(lines, start=1):  # one printed line per row: no reliance on wrapping
        cell = intro.cell(row=n, column=1, value=line)
        if n == 1:
            cell.font = Font(bold=True, size=14)
            intro.row_dimensions[n].height = 24

    info = wb.create_sheet("基本信息")
    _header(info, ("项目", "内容", "说明"), (26, 40, 50))
    for n, (label, hint) in enumerate(INFO, start=2):
        info.cell(row=n, column=1, value=label).font = Font(bold="必填" in hint)
        info.cell(row=n, column=3, value=hint)
        info.cell(row=n, column=2).number_format = (
            "@" if label in ("部门编码", "部门名称", "固定资产截止时间") else AMOUNT_FORMAT
        )
    info["B4"].value = year
    info["B4"].number_format = "0"
    _list(info, '"省,市,县,区,乡"', "B5", "请选择省、市、县、区或乡")
    whole = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100")
    whole.error = "预算年度为四位数年份"
    _validate(info, whole, "B4")
    people = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    people.error = "人数为非负整数"
    _validate(info, people, "B6:B7")
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    money.error = "请填写金额（万元），不能为负数"
    _validate(info, money, "B8:B12")

    for title, (heads, widths) in SHEETS.items():
        ws = wb.create_sheet(title)
        _header(ws, heads, widths)
    _codes(wb, year)

    detail = wb["收支明细"]
    _list(detail, "功能科目", f"A2:A{ROWS + 1}", "请从下拉列表选择当年的项级（7位）功能分类科目编码")
    _list(detail, '"' + ",".join(SOURCES) + '"', f"C2:C{ROWS + 1}", "请从下拉列表选择资金来源")
    _amounts(detail, "DH")
    for cell in detail["A"][1:]:
        cell.number_format = "@"
    detail["A1"].comment = Comment("项级（7位）功能分类科目编码，从下拉列表选择；类、款由系统汇总。", "yusuan")

    basic = wb[BASIC_SHEET]
    _list(basic, "经济科目", f"A2:A{ROWS + 1}", "请从下拉列表选择当年的款级（5位）经济分类科目编码")
    _amounts(basic, "CD")
    for cell in basic["A"][1:]:
        cell.number_format = "@"

    three = wb["三公经费"]
    for n, (label, _) in enumerate(THREE_PUBLIC_ITEMS, start=2):
        three.cell(row=n, column=1, value=label)
    _amounts(three, "BD", rows=len(THREE_PUBLIC_ITEMS))

    perf = wb["绩效目标"]
    _amounts(perf, "BC")
    _list(perf, '"产出指标,效益指标,满意度指标"', f"E2:E{ROWS + 1}", "一级指标为产出指标、效益指标或满意度指标")
    procurement = wb["政府采购"]
    _amounts(procurement, "BB")
    _amounts(procurement, "GH")
    assets = wb["固定资产"]
    for n, (label, _, _) in enumerate(ASSET_ITEMS, start=2):
        assets.cell(row=n, column=1, value=label)
    _amounts(assets, "BC", rows=len(ASSET_ITEMS))
    prose = wb["情况说明"]
    _list(prose, '"' + ",".join(n for n, _ in SECTIONS) + '"', f"A2:A{ROWS + 1}", "部分填一至九")
    for n, (number, title) in enumerate(SECTIONS, start=2):
        prose.cell(row=n, column=1, value=number)
        prose.cell(row=n, column=2).comment = Comment(f"第{number}部分：{title}", "yusuan")
    for ws in wb.worksheets:  # printed on A4, one page wide
        printable(ws)
    with atomic_open(path, "wb") as stream:  # a temporary file renamed into place; never through a link
        wb.save(stream)
