"""What every report format shares: Chinese labels, location text, grouping and counting."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.final_template import published_columns
from yusuan.domain.kinds import is_final
from yusuan.domain.levels import level_name
from yusuan.domain.tables import COLUMN_NAMES, SPECS, STANDARD_TABLES
from yusuan.model import Department, Disclosure, TwoSidedTable
from yusuan.review.context import fmt
from yusuan.review.engine import RuleRun
from yusuan.review.finding import KIND_ZH, KINDS, SEVERITIES, SEVERITY_ZH, Evidence, Finding, Kind, Severity
from yusuan.review.registry import RULES
from yusuan.review.results import Reviewed

#: Short Chinese names of the standard tables (locations, sheet names): :attr:`TableSpec.short`.
SHORT_NAMES: dict[str, str] = {t: SPECS[t].short for t in STANDARD_TABLES}

#: Sections that evidence may name instead of a table.
SECTION_NAMES: dict[str, str] = {
    "narrative": "情况说明",
    "performance": "绩效目标表",
    "procurement": figure_name("procurement"),
    "assets": "固定资产占用情况表",
    "glossary": "名词解释",
    "organisation": "机构设置",
    "staffing": "人员情况",
    "header": "部门信息",
}


SIDE_NAMES = {"income": "收入", "expenditure": "支出", "main": ""}


def table_name(table_id: str | None, d: Disclosure | None = None) -> str:
    """The Chinese name of a table or section id: the printed title where the document has the table."""
    if table_id is None:
        return ""
    if d is not None and table_id in d.tables:
        return d.tables[table_id].title
    if table_id in SPECS:
        return SPECS[table_id].title
    return SECTION_NAMES.get(table_id, table_id)


#: Column heads of the sections rules point into.
SECTION_COLUMNS: dict[str, dict[str, str]] = {
    "performance": {
        "value": "指标值",
        "basis": "指标值确定依据",
        "name": "三级指标",
        "description": "指标内容",
        "level1": "一级指标",
        "level2": "二级指标",
        "budget": "预算数",
        "fiscal": "其中财政资金",
        "plan": "资金支出计划",
        "indicators": "绩效指标",
        "code": "项目编码",
    },
    "assets": {"value": "价值", "count": "数量"},
    "procurement": {"amount": "金额", "total": "合计", "quantity": "数量", "unit_price": "单价"},
}


def column_name(table_id: str | None, column: str | None, side: str = "main") -> str:
    if column is None:
        return ""
    if table_id in SECTION_COLUMNS and column in SECTION_COLUMNS[table_id]:
        return SECTION_COLUMNS[table_id][column]
    spec = SPECS.get(table_id or "")
    if spec is not None:
        columns, labels = spec.columns, spec.labels
        if side == "income":
            columns, labels = spec.income_columns, ("预算数",) * len(spec.income_columns)
        if column in columns:
            return labels[columns.index(column)]
    return COLUMN_NAMES.get(column, column)


def department_line(dept: Department, year: int | None) -> str:
    parts = [p for p in (dept.code, dept.name or "（未识别部门）") if p]
    if dept.level:
        parts.append(level_name(dept.level))
    if year:
        parts.append(f"{year} 年")
    return " ".join(parts)


def place(ev: Evidence) -> str:
    """Page and line, e.g. 第 3 页第 45 行; in a package read from several files, the file first
    (司法局-报表.pdf 第 9 页)."""
    out = f"{ev.file} " if ev.file and (ev.page is not None or ev.line is not None) else ""
    if ev.page is not None:
        out += f"第 {ev.page} 页"
    if ev.line is not None:
        out += f"第 {ev.line} 行"
    return out


def _column_in(ev: Evidence, d: Disclosure | None) -> str:
    """A column's head: as a 决算 prints it in a final account (本年收入合计), else the canonical head."""
    if d is not None and is_final(d.kind) and ev.table in SPECS and ev.column:
        cols = published_columns(ev.table, d.kind)
        if ev.column in cols.keys:
            return cols.heads[cols.keys.index(ev.column)]
    return column_name(ev.table, ev.column)


def describe(ev: Evidence, d: Disclosure | None = None, short: bool = False) -> str:
    """A one-line Chinese description of a location."""
    parts: list[str] = []
    title = table_name(ev.table, d) if ev.table else ""
    if short and ev.table in SHORT_NAMES and not (d is not None and is_final(d.kind) and title):
        title = SHORT_NAMES[ev.table]  # a budget's short names (收支总表 …); a 决算 keeps its own titles
    if title:
        parts.append(title)
    code = ev.row if ev.row and (ev.row.isdigit() or not ev.name) else None
    if ev.table == "performance" and ev.row and ev.name and ev.row != ev.name:
        code = f"项目“{ev.row}”"
    name = ev.name if ev.name and ev.name != table_name(ev.table, d) else None
    row = " ".join(p for p in (code, name) if p)
    if row:
        parts.append(row)
    if ev.column:
        parts.append(f"{_column_in(ev, d)}栏")
    if ev.value is not None:
        parts.append(f"数值 {fmt(ev.value)}")
    if place(ev):
        parts.append(place(ev))
    return " · ".join(parts)


#: Chinese names of the amount names rules commonly use in ``Finding.values``; others print as they are.
VALUE_NAMES: dict[str, str] = {
    "stated": "所列数",
    "computed": "计算数",
    "stated_wan": "按所写单位折合万元",
    "table": "表格数",
    "expected": "应为",
    "actual": "实际",
    "difference": "差额",
    "total": "合计",
    "sum": "分项之和",
    "parts_sum": "分项之和",
    "stated_total": "所述总额",
    "function": "功能分类",
    "economic": "经济分类",
    "planned": "拟购置资产",
    "procurement": figure_name("procurement"),
    "indicators": "指标个数",
    "tolerance": "允许误差",
}


def value_name(key: str, table_id: str | None = None) -> str:
    """Chinese name of an amount name; ``{column}_{name}`` (a finding over several columns) reads
    ``合计栏计算数``; a classification code stays as it is."""
    if key in VALUE_NAMES:
        return VALUE_NAMES[key]
    if key in COLUMN_NAMES:  # a column's amount (basic, project …): its head in that table, else its Chinese name
        return column_name(table_id, key)
    head, _, tail = key.partition("_")
    if tail and head in COLUMN_NAMES:
        return f"{COLUMN_NAMES[head]}栏{value_name(tail)}"
    return key


def values_text(values: dict[str, Decimal], table_id: str | None = None) -> str:
    """A finding's amounts by name (a column's as the table ``table_id`` heads it: 经营收入 in an income table)."""
    return "；".join(f"{value_name(k, table_id)} {fmt(v)}" for k, v in values.items())


def finding_table(f: Finding) -> str | None:
    """The table a finding's first piece of evidence is in."""
    return next((ev.table for ev in f.locations if ev.table), None)


def by_severity(findings: Iterable[Finding]) -> list[tuple[Severity, str, list[Finding]]]:
    """Findings grouped by severity, most severe first; empty groups are left out."""
    groups: dict[Severity, list[Finding]] = {s: [] for s in SEVERITIES}
    for f in findings:
        groups[f.severity].append(f)
    return [(s, SEVERITY_ZH[s], groups[s]) for s in SEVERITIES if groups[s]]


def kind_counts(findings: Iterable[Finding]) -> list[tuple[Kind, str, int]]:
    counts: dict[Kind, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return [(k, KIND_ZH[k], counts[k]) for k in KINDS if k in counts]


#: The kinds of rule that check numbers: a document where none of them could run was not checked.
NUMERIC_KINDS: tuple[Kind, ...] = ("arithmetic", "cross_table", "narrative", "performance", "procurement")
#: The status line of a document where nothing that checks numbers could run.
UNCHECKED = "未能检查"
UNCHECKED_TEXT = "未能检查：没有读到任何预算表格，也没有读到情况说明中的数字，审核结果不能视为“未发现问题”。"


def skipped_runs(item: Reviewed) -> list[RuleRun]:
    """The rules not applied to the document, with their reasons."""
    return [run for run in item.review.coverage if run.status == "skipped"]


def nothing_checked(item: Reviewed) -> bool:
    """Nothing that checks numbers could run: no table row, no narrative figure, no performance target,
    procurement line or asset row was read, or every rule of :data:`NUMERIC_KINDS` was skipped. Such a
    document never reads as clean."""
    d = item.disclosure
    read_rows = any((t.income or t.expenditure) if isinstance(t, TwoSidedTable) else t.rows for t in d.tables.values())
    if not (read_rows or d.narrative.claims or d.performance or d.procurement.lines or d.assets.rows):
        return True
    numeric = [run for run in item.review.coverage if run.rule in RULES and RULES[run.rule].kind in NUMERIC_KINDS]
    return bool(numeric) and all(run.status == "skipped" for run in numeric)


def _reason_counts(runs: Iterable[RuleRun]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for run in runs:
        reason = run.reason or "原因未说明"
        counts[reason] = counts.get(reason, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def coverage_line(item: Reviewed, reasons: int = 3) -> str:
    """``已检查 n 条规则，m 条未检查（缺少…）``: the most frequent reasons, the rest counted (for a document
    where nothing could be checked: ``运行了 n 条规则，但没有可核对的数字，…``)."""
    runs = item.review.coverage
    skipped = skipped_runs(item)
    ran = len(runs) - len(skipped)
    if nothing_checked(item):  # the rules that ran had nothing to check
        line = f"运行了 {ran} 条规则，但没有可核对的数字，{len(skipped)} 条未检查"
    else:
        line = f"已检查 {ran} 条规则，{len(skipped)} 条未检查"
    if not skipped:
        return line
    shown = _reason_counts(skipped)
    text = "；".join(f"{reason}（{n} 条）" if n > 1 else reason for reason, n in shown[:reasons])
    if len(shown) > reasons:
        text += f"；另有 {len(shown) - reasons} 种原因"
    return f"{line}（{text}）"


def skipped_rows(item: Reviewed) -> list[tuple[str, str, str]]:
    """Each rule not applied: its id, its Chinese title and the reason."""
    return [
        (run.rule, RULES[run.rule].title if run.rule in RULES else run.rule, run.reason or "原因未说明")
        for run in skipped_runs(item)
    ]
