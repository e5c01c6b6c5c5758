"""绩效目标表 of real files read from their ruled grids, whatever the template.

Two shapes occur, often in one table, and are read by the meaning of heads and labels:

* a **list**: a header row (one or more rows: 项目名称 | 资金总额 | 绩效目标 | 一级指标 | 二级指标 |
  三级指标 | 指标值 | 计量单位 …, in any order) and then one row per indicator; the cells of a project
  (its name, code, budget, goal) and of the 一级/二级指标 are printed once, on the first row they span
  (a merged cell), and carried down; a project continued on the next page repeats its name;
* a **form**: label cells followed by their value (项目名称 | X, 年度资金总额： | 5.00, 其中：财政拨款 |
  5.00, 年度目标 | …), then an indicator header and the indicator rows as in a list.

A table whose title says 整体 (部门整体支出绩效目标表) is the department-wide target: one entry of kind
``department``. Values are parsed by :func:`~yusuan.read.sections.perf_common.parse_value`; an operator
printed in its own column (指标值类型, 指标性质) and a unit printed in its own column (计量单位) or in
the indicator's name (``服务人数（人）``) complete it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.model import Indicator, PerformanceProject
from yusuan.read.sections._scan import compact
from yusuan.read.sections.grid_regions import (
    Columns,
    Region,
    assign_roles,
    cells_by_role,
    clean_head,
    head_unit,
    is_header_row,
    patterns,
    regions,
    role_of,
)
from yusuan.read.sections.perf_common import LEVEL1_TERMS, LEVEL2_TERMS, make_indicator, parse_value
from yusuan.read.source import CellRow, SourceCell, SourceText
from yusuan.read.text import is_amount, parse_amount

#: Column heads → roles (on the head without spaces, colon and a parenthesised unit).
COLUMNS = patterns(
    (r"一级指标", "level1"),
    (r"二级指标", "level2"),
    (r"三级指标|(绩效)?指标名称|指标内容(名称)?", "name"),
    (r"绩效指标", "name_with_levels"),
    (r"(年度|本年|当年)?(绩效)?指标值|目标值|指标目标值", "value"),
    (r"指标值类型|(绩效)?指标性质|运算符|计算符号|符号", "operator"),
    (r"(计量|度量|绩效度量|绩效计量)单位|指标单位", "unit"),
    (r"指标值内容|指标解释|绩效指标描述|指标说明|指标描述", "description"),
    (r"指标值确定依据", "basis"),
    (r"(单位[（(])?(二级)?项目[）)]?名称|专项(资金)?名称|项目", "project"),
    (r"项目(编码|代码|编号)", "code"),
    (r"单位名称|部门名称|预算单位", "unit_name"),
    (r"任务名称|(年度)?主要任务", "task"),
    (r"资金总额|年度资金总额|(项目)?(总额|金额)|预算(金额|数)|年度预算|当年预算|资金合计|预算支出总额|合计", "budget"),
    (r"(当年|年度)?财政拨款(预算)?(金额|资金)?|其中[：:]?财政拨款|财政资金", "fiscal"),
    (r"(项目)?(年度|当年|整体|总体)?(绩效)?目标|项目总体绩效目标|年度总体目标|整体绩效目标", "goal"),
)

#: Heads of columns that are not read (weights, scores, remarks, group heads).
IGNORED = re.compile(
    r"序号|单位编码|年度绩效指标|绩效指标绩效指标|其中[：:]?|活动|总体资金情况|指标权重|分值.*|权重.*|是否核心(指标)?|备注|评[（(]?扣?[）)]?分标准"
    rf"|年度预算申请|按.*分|一般公共预算|政府性基金(拨款)?|财政专户管理资金|其他资金|{figure_name('basic')}|{figure_name('project')}"
    r"|部门整体支出年度绩效目标|\*+|主要内容"
)

#: Form labels → roles; the value is the next cell.
_LABELS = patterns(
    (r"项目名称|专项(资金)?名称", "project"),
    (r"部门[（(]单位[）)]名称|部门名称|单位名称", "unit_name"),
    (r"年度资金总额|资金总额|当年预算", "budget"),
    (r"实施期资金总额", "budget_period"),
    (r"其中[：:]?财政拨款|财政拨款", "fiscal"),
    (r"年度(总体)?目标|当年(绩效)?目标|年度绩效目标|总体目标|年度总目标|(当年|部门)?整体(绩效)?目标", "goal"),
    (r"项目(编码|代码)", "code"),
)
_TOTAL_RE = re.compile(r"^(金额)?合计$|^总计$")
_OPERATORS = {"≥": "≥", "≤": "≤", ">": ">", "<": "<", "=": "=", "＝": "=", "＞": ">", "＜": "<", ">=": "≥", "<=": "≤"}
#: A unit printed after the indicator's name: ``服务人数（人）``, ``印制频次（次/月）``.
_NAME_UNIT_RE = re.compile(r"[（(](?P<unit>[^（()）]{1,8})[）)]$")
#: ``11000022T000000444194-法律援助办案补贴``: a project code printed before the name.
_CODE_NAME_RE = re.compile(r"^(?P<code>[0-9A-Z]{8,})\s*[-－—]\s*(?P<name>.+)$")
_FULL_WIDTH = str.maketrans({"≧": "≥", "≦": "≤", "＞": ">", "＜": "<", "＝": "=", "％": "%"})
_GOAL_TEXT_LABELS = re.compile(r"当年整体绩效目标|整体绩效目标")


#: The last project of each table kind with its key: a project continued on the next page goes on.
_Last = dict[str, tuple[tuple[str, ...], PerformanceProject]]


@dataclass
class _State:
    table_kind: str
    unit: str | None
    columns: Columns = field(default_factory=Columns)
    in_header: bool = False
    project: PerformanceProject | None = None
    key: tuple[str, ...] = ()
    level1: str | None = None
    level2: str | None = None
    unit_name: str | None = None
    goal_next: bool = False
    grid: int | None = None  # the grid of the last row read
    continued: bool = False  # the row is the first of a page that goes on without repeating the header


def read_grid_projects(src: SourceText) -> list[PerformanceProject]:
    """Every 绩效目标表 of a real file's grids: projects (and the department-wide target) in order."""
    projects: list[PerformanceProject] = []
    last: _Last = {}
    for region in regions(src, frozenset({"performance_table"})):
        kind = "department" if "整体" in compact(region.title.text) else "project"
        state = _State(kind, region.unit)
        for row in region.rows:
            _feed(state, row, projects, last)
        _finish_department(state, region, projects)
    # a row naming a unit above its projects (a name and a budget, no goal, no indicator) is not a project
    return [p for p in projects if p.name and (p.indicators or p.goal)]


def _feed(
    state: _State, row: CellRow, projects: list[PerformanceProject], last: _Last
) -> None:
    texts = [t for t in row.texts if t.strip()]
    if not texts:
        return
    if is_header_row(row, COLUMNS, IGNORED) or (state.in_header and _all_heads(texts)):
        state.columns = assign_roles(state.columns if state.in_header else Columns(), row, COLUMNS)
        state.in_header = True
        state.level1 = state.level2 = None
        state.grid = row.grid
        return
    state.continued = row.grid != state.grid and not state.in_header
    state.grid = row.grid
    state.in_header = False
    if state.goal_next and len(texts) == 1:
        _current(state, row, projects, last).goal = texts[0]
        state.goal_next = False
        return
    state.goal_next = len(texts) == 1 and bool(_GOAL_TEXT_LABELS.fullmatch(clean_head(texts[0])))
    if state.goal_next:
        return
    if _form_row(state, row, projects, last):
        return
    _list_row(state, row, projects, last)


def _all_heads(texts: list[str]) -> bool:
    return all(role_of(t, COLUMNS) is not None or IGNORED.fullmatch(clean_head(t)) for t in texts)


def _amount(text: str) -> Decimal | None:
    text = text.strip()
    return parse_amount(text) if text and is_amount(text) else None


def _start(
    state: _State,
    name: str,
    cell: SourceCell,
    projects: list[PerformanceProject],
    last: _Last,
    key: tuple[str, ...],
) -> PerformanceProject:
    """A new project, or the one continued from the previous page (same unit, code and name)."""
    previous = last.get(state.table_kind)
    if previous is not None and previous[0] == key and state.project is None:
        state.project = previous[1]
    elif state.project is None or state.key != key:
        state.project = PerformanceProject(name=name, kind=state.table_kind, location=cell.location)
        state.project.unit = state.unit
        projects.append(state.project)
        state.level1 = state.level2 = None
    state.key = key
    last[state.table_kind] = (key, state.project)
    return state.project


def _current(
    state: _State, row: CellRow, projects: list[PerformanceProject], last: _Last
) -> PerformanceProject:
    """The project being read; a department-wide table (or a table naming no project) starts one unnamed."""
    if state.project is None:
        return _start(state, state.unit_name or "", row.cells[0], projects, last, (state.table_kind, "", ""))
    return state.project


def _form_row(
    state: _State, row: CellRow, projects: list[PerformanceProject], last: _Last
) -> bool:
    """Label–value pairs (项目名称 | X, 年度资金总额： | 5.00 …); True when the row is one."""
    cells = [c for c in row.cells if c.text.strip() or c.col is not None]
    pairs: list[tuple[str, SourceCell, str]] = []
    for index, cell in enumerate(cells[:-1]):
        role = role_of(cell.text, _LABELS)
        if role is None:
            continue
        value = cells[index + 1].text.strip()
        if role_of(value, _LABELS) is None:
            pairs.append((role, cell, value))
    first = next(c for c in row.cells if c.text.strip())
    if not pairs and not _TOTAL_RE.match(compact(first.text)):
        return False
    if _TOTAL_RE.match(compact(first.text)):
        amount = next((a for c in row.cells if (a := _amount(c.text)) is not None), None)
        if state.table_kind == "department" and amount is not None:
            _current(state, row, projects, last).budget = amount  # the printed total of the tasks
        return True
    for role, cell, value in pairs:
        if role == "project":
            state.project = None
            if value:
                _start(state, value, cell, projects, last, (state.table_kind, "", value))
        elif role == "unit_name":
            state.unit_name = value or state.unit_name
            if state.table_kind == "department" and value:
                _current(state, row, projects, last).name = value
        elif role == "goal":
            if value and (state.project is not None or state.table_kind == "department"):
                _current(state, row, projects, last).goal = value
        elif role == "code":
            _current(state, row, projects, last).code = value or None
        else:
            _set_amount(state, row, projects, last, role, value, head_unit(cell.text))
    return True


def _set_amount(
    state: _State,
    row: CellRow,
    projects: list[PerformanceProject],
    last: _Last,
    role: str,
    value: str,
    unit: str | None,
) -> None:
    amount = _amount(value)
    if amount is None or (state.project is None and state.table_kind == "project"):
        return
    project = _current(state, row, projects, last)
    if role == "fiscal":
        project.fiscal = project.fiscal if project.fiscal is not None else amount
    elif role == "budget" or project.budget is None:
        project.budget = amount
    project.unit = unit or project.unit


def _list_row(
    state: _State, row: CellRow, projects: list[PerformanceProject], last: _Last
) -> None:
    cells = cells_by_role(row, state.columns)
    text = {role: cell.text.strip() for role, cell in cells.items()}
    name = text.get("project", "")
    code_name = _CODE_NAME_RE.match(name)
    if code_name:
        text["code"], name = code_name.group("code"), code_name.group("name")
    if not text.get("name") and not state.columns.has("name"):
        _split_levels(state, text)
    if _TOTAL_RE.match(compact(name)) or any(_TOTAL_RE.match(compact(t)) for t in row.texts[:1]):
        return
    state.unit_name = text.get("unit_name") or state.unit_name
    if name and _continues(state, text):
        # cells broken by the page: the rest of the name and goal above, no amount of its own
        assert state.project is not None
        state.project.name += name
        state.project.goal = "".join(filter(None, [state.project.goal, text.get("goal")])) or None
    elif name:
        key = (state.table_kind, text.get("unit_name") or state.unit_name or "", text.get("code", ""), name)
        project = _start(state, name, cells["project"], projects, last, key)
        project.code = text.get("code") or project.code
        budget = _amount(text.get("budget", ""))
        project.budget = budget if budget is not None else project.budget
        fiscal = _amount(text.get("fiscal", ""))
        project.fiscal = fiscal if fiscal is not None else project.fiscal
        project.goal = text.get("goal") or project.goal
    elif state.table_kind == "department" and not text.get("task") and _amount(text.get("budget", "")) is not None:
        project = _current(state, row, projects, last)
        project.budget = project.budget if project.budget is not None else _amount(text["budget"])
        project.goal = text.get("goal") or project.goal
    if text.get("level1"):
        state.level1, state.level2 = text["level1"], None
    if text.get("level2"):
        state.level2 = text["level2"]
    if text.get("name"):
        project = _current(state, row, projects, last)
        if state.table_kind == "department" and not project.goal and text.get("goal"):
            project.goal = text["goal"]
        project.indicators.append(_indicator(state, text, cells))


def _continues(state: _State, text: dict[str, str]) -> bool:
    project = state.project
    return (
        state.continued
        and project is not None
        and project.budget is not None
        and state.columns.has("budget")
        and _amount(text.get("budget", "")) is None
        and _amount(text.get("fiscal", "")) is None
    )


def _split_levels(state: _State, text: dict[str, str]) -> None:
    """A 绩效指标 cell printing 一级, 二级 and 三级指标 run together (产出指标数量指标开展课题研究数量)."""
    combined = compact(text.get("name_with_levels", ""))
    level1 = next((t for t in sorted(LEVEL1_TERMS, key=len, reverse=True) if combined.startswith(t)), None)
    rest = combined[len(level1) :] if level1 else combined
    level2 = next((t for t in sorted(LEVEL2_TERMS, key=len, reverse=True) if rest.startswith(t)), None)
    rest = rest[len(level2) :] if level2 else rest
    if level1 or level2:
        text["level1"], text["level2"] = level1 or "", level2 or ""
        state.level1 = level1 or state.level1
    if rest:
        text["name"] = rest


def _indicator(state: _State, text: dict[str, str], cells: dict[str, SourceCell]) -> Indicator:
    name = text["name"]
    value = text.get("value", "")
    location = (cells.get("name") or cells["name_with_levels"]).location
    indicator = make_indicator(
        name,
        value,
        location,
        level1=state.level1,
        level2=state.level2,
        description=text.get("description"),
        basis=text.get("basis"),
    )
    parsed = parse_value(value.translate(_FULL_WIDTH))
    indicator.operator, indicator.number, indicator.unit = parsed.operator, parsed.number, parsed.unit
    operator = _OPERATORS.get(text.get("operator", "").strip())
    if operator is not None and indicator.operator is None:
        indicator.operator = operator
    unit = text.get("unit")
    if indicator.number is not None and indicator.unit is None:
        match = _NAME_UNIT_RE.search(name)
        indicator.unit = unit or (match.group("unit") if match else None)
    elif unit and indicator.number is None and parse_value(f"0{unit}").unit:
        indicator.unit = unit
    return indicator


def _finish_department(state: _State, region: Region, projects: list[PerformanceProject]) -> None:
    """A department-wide target without a printed name takes the department's from the paragraphs above."""
    if state.table_kind != "department" or state.project is None or state.project.name:
        return
    for para in region.paras:
        match = re.search(r"(?:单位名称|部门名称|部门)[：:]\s*(?P<name>\S+?)(?:单位[：:]|$)", compact(para.text))
        if match:
            state.project.name = match.group("name")
            return
    state.project.name = compact(region.title.text)
