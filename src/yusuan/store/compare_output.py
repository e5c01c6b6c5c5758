"""Outputs of ``yusuan compare``: terminal tables, CSV, JSON and an Excel workbook with charts."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from yusuan.domain.levels import level_name

if TYPE_CHECKING:
    from rich.table import Table as RichTable

from yusuan.domain.figures import FIGURES
from yusuan.domain.kinds import BUDGET_KINDS, BUDGET_WORD, FINAL_KINDS, FINAL_WORD
from yusuan.report.safe_write import atomic_open
from yusuan.report.sanitize import json_safe
from yusuan.report.xlsx_style import header_row, put, safe_text, set_widths
from yusuan.review.finding import SEVERITIES, SEVERITY_ZH, Severity
from yusuan.store.compare import (
    AMOUNTS,
    BY_KEY,
    MEASURES,
    MIN_SAMPLE,
    SHARES,
    CompareResult,
    CompareRow,
    fmt,
)

# --- outputs -----------------------------------------------------------------------------------

Getter = Callable[[CompareRow], object]


@dataclass(frozen=True)
class Column:
    key: str
    head: str
    get: Getter
    #: ``amount`` for decimals (number cells in Excel), ``rate`` for execution rates (one decimal, as
    #: computed), ``int`` for counts and ranks, ``text`` otherwise.
    kind: Literal["amount", "rate", "int", "text"]


def _value(key: str) -> Getter:
    return lambda r: r.values[key]


def _rank_of(key: str) -> Getter:
    return lambda r: r.ranks.get(key)


def _count(severity: Severity) -> Getter:
    return lambda r: None if r.findings is None else r.findings[severity]


def _other(key: str) -> Getter:
    return lambda r: r.other.get(key)


def _rate(key: str) -> Getter:
    return lambda r: r.rates.get(key)


def kind_title(kind: str | None) -> str:
    """What is compared, in Chinese: 部门预算 (the default), 部门决算, a kind, or 公开文件 (all kinds)."""
    return {BUDGET_WORD: "部门预算", FINAL_WORD: "部门决算", None: "公开文件"}.get(kind, kind or "公开文件")


def other_word(kind: str | None) -> str:
    """The other kind beside the compared one: 决算 beside budgets, 预算 beside finals."""
    if kind == FINAL_WORD or kind in FINAL_KINDS:
        return BUDGET_WORD
    if kind == BUDGET_WORD or kind in BUDGET_KINDS:
        return FINAL_WORD
    return f"对应{BUDGET_WORD}或{FINAL_WORD}"


def execution_columns(kind: str | None) -> list[Column]:
    """With ``--execution``: the other kind's disclosure, its amounts and the execution rates."""
    word = other_word(kind)
    cols = [Column("other_id", f"{word}公开编号", lambda r: r.other_id, "int")]
    cols += [Column(f"{m.key}_other", f"{m.name}{word}数（万元）", _other(m.key), "amount") for m in AMOUNTS]
    cols += [Column(f"{m.key}_rate", f"{m.name}执行率（%）", _rate(m.key), "rate") for m in AMOUNTS]
    return cols


def columns(result: CompareResult | None = None) -> list[Column]:
    """The columns of the CSV and of the Excel data sheet, in order: key, Chinese head, value; with
    the execution columns when ``result`` was compared with ``execution``."""
    cols = [
        Column("disclosure_id", "公开编号", lambda r: r.disclosure_id, "int"),
        Column("department", "部门", lambda r: r.department, "text"),
        Column("region", "地区", lambda r: r.region, "text"),
        Column("level", "级次", lambda r: level_name(r.level), "text"),
        Column("year", "年度", lambda r: r.year, "int"),
        Column("kind", "类型", lambda r: r.kind, "text"),
        Column("version", "版本", lambda r: r.version, "int"),
        Column("staff", _ZH["staff"], lambda r: r.staff, "int"),
    ]
    cols += [Column(m.key, m.head, _value(m.key), "amount") for m in MEASURES]
    cols += [Column(f"{m.key}_rank", f"{m.name}排名", _rank_of(m.key), "int") for m in MEASURES]
    if result is not None and result.execution:
        cols += execution_columns(result.kind)
    cols += [Column(f"{s}s", f"{SEVERITY_ZH[s]}数", _count(s), "int") for s in SEVERITIES]
    cols.append(Column("outliers", "异常值说明", lambda r: "；".join(o.text() for o in r.outliers), "text"))
    return cols


def _text(value: object, kind: str = "amount") -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f") if kind == "rate" else fmt(value)
    return safe_text(str(value)) if kind == "text" else str(value)


def write_csv(result: CompareResult, stream: IO[str]) -> None:
    """One header row of Chinese heads (with units), then one row per disclosure; text a
    spreadsheet would take for a formula gets an apostrophe before it.

    Open the stream with ``encoding="utf-8-sig", newline=""`` for Excel."""
    cols = columns(result)
    writer = csv.writer(stream)
    writer.writerow([c.head for c in cols])
    for r in result.rows:
        writer.writerow([_text(c.get(r), c.kind) for c in cols])


def as_dict(result: CompareResult) -> dict[str, Any]:
    """The JSON form: amounts, shares and statistics as decimal strings, blanks as ``null``."""

    def dec(v: Decimal | None) -> str | None:
        return None if v is None else fmt(v)

    return {
        "filters": {
            "year": result.year,
            "region": result.region,
            "level": result.level,
            "kind": result.kind,
            "execution": result.execution,
        },
        "measures": [
            {"key": m.key, "name": m.name, "unit": m.unit, "kind": m.kind, "ratio": list(m.ratio) if m.ratio else None}
            for m in MEASURES
        ],
        "rows": [
            {
                "disclosure_id": r.disclosure_id,
                "department_id": r.department_id,
                "department": r.department,
                "region": r.region,
                "level": r.level,
                "year": r.year,
                "kind": r.kind,
                "version": r.version,
                "staff": r.staff,
                "values": {m.key: dec(r.values[m.key]) for m in MEASURES},
                "ranks": {m.key: r.ranks.get(m.key) for m in MEASURES},
                "findings": r.findings,
                **({"execution": _execution(r, dec)} if result.execution else {}),
                "outliers": [
                    {
                        "measure": o.measure,
                        "value": dec(o.value),
                        "direction": o.direction,
                        "robust_z": dec(o.robust_z),
                        "reasons": list(o.reasons),
                        "text": o.text(),
                    }
                    for o in r.outliers
                ],
            }
            for r in result.rows
        ],
        "statistics": [
            {
                "year": s.year,
                "kind": s.kind,
                "measure": s.measure,
                "n": s.n,
                "median": dec(s.median),
                "q1": dec(s.q1),
                "q3": dec(s.q3),
                "low_fence": dec(s.low_fence),
                "high_fence": dec(s.high_fence),
                "mad": dec(s.mad),
                "outliers_tested": s.tested,
            }
            for s in result.spreads
        ],
        "without_figures": [{"department": name, "year": y} for name, y in result.without_figures],
    }


def _execution(r: CompareRow, dec: Callable[[Decimal | None], str | None]) -> dict[str, object]:
    from yusuan.store.execution import counterpart

    return {
        "other_kind": counterpart(r.kind),
        "other_id": r.other_id,
        "values": {m.key: dec(r.other.get(m.key)) for m in AMOUNTS},
        "rates": {m.key: None if (v := r.rates.get(m.key)) is None else format(v, "f") for m in AMOUNTS},
    }


def to_json(result: CompareResult) -> str:
    return json_safe(json.dumps(as_dict(result), ensure_ascii=False, indent=2)) + "\n"


def notes(result: CompareResult) -> list[str]:
    """What a reader should know besides the table, in Chinese."""
    lines: list[str] = []
    years = [y for y in result.years if y is not None]
    if len(years) > 1:
        lines.append(
            f"涉及 {len(years)} 个年度（{'、'.join(str(y) for y in years)}）；排名与异常值在同一年度内计算，"
            "可用 --year 只比较一个年度。"
        )
    untested = [s for s in result.spreads if not s.tested and s.n]
    if untested and result.rows:
        lines.append(f"某一年度的可比数值少于 {MIN_SAMPLE} 个时不判断异常值。")
    if result.without_figures:
        names = "、".join(f"{name}（{y or '年度不明'}）" for name, y in result.without_figures[:5])
        more = f"等 {len(result.without_figures)} 份" if len(result.without_figures) > 5 else ""
        lines.append(f"没有表格数据、未列入比较：{names}{more}。")
    return lines


#: Every figure's Chinese name, by key (the registry's).
_ZH: dict[str, str] = {f.key: f.name for f in FIGURES.values()}


def _formula(key: str) -> str:
    """How a share is computed, e.g. 项目支出占比 = 项目支出 ÷ 支出合计."""
    m = BY_KEY[key]
    assert m.ratio is not None
    top, bottom = m.ratio
    return f"{m.name} = {_ZH[top]} ÷ {_ZH[bottom]}"


def method_text(result: CompareResult | None = None) -> list[str]:
    kind = kind_title(result.kind if result is not None else BUDGET_WORD)
    execution = []
    if result is not None and result.execution:
        execution.append(
            f"执行率 = {FINAL_WORD}数 ÷ {BUDGET_WORD}数 × 100%（保留一位小数），"
            f"{other_word(result.kind)}数取自同一部门同一年度当前版本的另一类公开文件（部门预算对部门决算、单位预算对单位决算）；缺少任一方或预算数为零时空白。"
        )
    return [
        f"金额单位为万元，取自各部门当前版本的{kind}支出表、基本支出表和“三公”经费表。",
        *execution,
        "；".join(_formula(m.key) for m in SHARES) + f"（仅在说明了{_ZH['staff']}时计算）。",
        "排名：同一年度内从大到小，1 为最大，数值相同名次相同。",
        f"异常值：同一年度内至少有 {MIN_SAMPLE} 个数值时，对各项占比判断；超出第一、第三四分位数 1.5 倍四分位距之外，"
        "或稳健 z 值（0.6745 ×（数值 − 中位数）÷ 绝对中位差）的绝对值超过 3，即列为异常值。",
        "审核发现数取自该文件最近一次审核。",
    ]


def title(result: CompareResult) -> str:
    parts = [f"{kind_title(result.kind)}比较"]
    if result.year:
        parts.append(f"{result.year} 年")
    if result.region:
        parts.append(f"地区含“{result.region}”")
    if result.level:
        parts.append(level_name(result.level))
    return " · ".join(parts)


#: Narrow terminal heads.
_SHORT = {
    "abroad": "出国（境）",
    "vehicle_purchase": "购车",
    "vehicle_operation": "车辆运维",
    "reception": "接待",
    "project_share": "项目占比%",
    "personnel_share": "人员占基本%",
    "three_public_share": "三公占比%",
    "operating_cost_per_staff": "人均运行经费",
}


def rich_tables(result: CompareResult) -> list[RichTable]:
    """Two terminal tables: the amounts with their ranks; the 三公 parts, shares and findings."""
    from rich.table import Table as RichTable
    from rich.text import Text

    with_year = len(result.years) > 1

    def cell(r: CompareRow, key: str) -> Text:
        value = r.values[key]
        if value is None:
            return Text("—")
        flagged = any(o.measure == key for o in r.outliers)
        text = Text(fmt(value), "bold red" if flagged else "")
        rank = r.ranks.get(key)
        if rank is not None:
            text.append(f" ({rank})", "dim")
        return text

    first = RichTable(
        title=f"{title(result)}：金额（万元，括号内为排名；{_ZH['public']}即{_ZH['operating_cost']}）",
        title_justify="left",
    )
    second = RichTable(title=f"{_ZH['three_public']}构成、占比与审核发现", title_justify="left")
    for t in (first, second):
        t.add_column("部门", overflow="fold", min_width=10)
    main = ("total", "basic", "project", "personnel", "public", "three_public")
    for key in main:
        first.add_column(BY_KEY[key].name, justify="right")
    # Per-staff costs only where some department states its staffing.
    shown = tuple(k for k in _SHORT if any(r.values[k] is not None for r in result.rows))
    for key in shown:
        second.add_column(_SHORT[key], justify="right")
    for s in SEVERITIES:
        second.add_column(SEVERITY_ZH[s], justify="right")
    for r in result.rows:
        name = r.label(with_year)
        first.add_row(name, *(cell(r, k) for k in main))
        counts = ["—"] * 3 if r.findings is None else [str(r.findings[s]) for s in SEVERITIES]
        second.add_row(name, *(cell(r, k) for k in shown), *counts)
    if not result.execution:
        return [first, second]
    word = other_word(result.kind)
    third = RichTable(title=f"{word}数与执行率（万元，括号内为执行率）", title_justify="left")
    third.add_column("部门", overflow="fold", min_width=10)
    for key in main:
        third.add_column(BY_KEY[key].name, justify="right")
    for r in result.rows:
        third.add_row(r.label(with_year), *(_executed(r, k) for k in main))
    return [first, second, third]


def _executed(r: CompareRow, key: str) -> str:
    other, rate = r.other.get(key), r.rates.get(key)
    if other is None:
        return "—"
    return fmt(other) + (f" ({format(rate, 'f')}%)" if rate is not None else "")


def write_xlsx(result: CompareResult, path: Path) -> None:
    """A workbook: 比较 (the data, as the CSV), 图表 (three charts), 异常值, 说明."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    data = wb.active
    assert data is not None
    data.title = "比较"
    cols = columns(result)
    with_year = len(result.years) > 1
    label_col = Column("label", "名称", lambda r: r.label(with_year), "text")
    cols = [label_col, *cols]
    header_row(data, [c.head for c in cols])
    flagged_fill = PatternFill("solid", fgColor="FFE0E0")
    index = {c.key: i for i, c in enumerate(cols, start=1)}
    for n, r in enumerate(result.rows, start=2):
        for i, c in enumerate(cols, start=1):
            value = c.get(r)
            put(data, n, i, value if value is None or isinstance(value, Decimal | str | int) else str(value))
        for o in r.outliers:
            data.cell(row=n, column=index[o.measure]).fill = flagged_fill
    data.freeze_panes = "C2"
    wide = {"label": 30, "department": 30, "outliers": 60}
    set_widths(data, {i: wide.get(c.key, 12) for i, c in enumerate(cols, start=1)})
    data.row_dimensions[1].height = 45

    charts = wb.create_sheet("图表")
    count = min(len(result.rows), CHART_ROWS)
    if count:
        suffix = f"（前 {CHART_ROWS} 个）" if len(result.rows) > CHART_ROWS else ""
        labels = Reference(data, min_col=index["label"], min_row=2, max_row=count + 1)

        def bar(title_: str, keys: Sequence[str], stacked: bool) -> BarChart:
            chart = BarChart()
            chart.type = "bar"
            chart.title = title_ + suffix
            chart.y_axis.title = "万元"
            for key in keys:
                ref = Reference(data, min_col=index[key], min_row=1, max_row=count + 1)
                chart.add_data(ref, titles_from_data=True)
            chart.set_categories(labels)
            chart.x_axis.scaling.orientation = "maxMin"  # the first row (the largest) at the top
            chart.y_axis.crosses = "max"  # and the amounts' axis stays at the bottom
            chart.x_axis.tickLblSkip = 1  # every department named
            chart.x_axis.delete = False  # openpyxl hides axes by default; Excel honours that
            chart.y_axis.delete = False
            chart.legend.position = "b"
            if stacked:
                chart.grouping = "stacked"
                chart.overlap = 100
            chart.height = max(7.5, 0.6 * count + 3)
            chart.width = 18
            return chart

        row = 1
        for chart in (
            bar(_ZH["total"], ["total"], False),
            bar(f"{_ZH['basic']}与{_ZH['project']}", ["basic", "project"], True),
            bar(f"{_ZH['three_public']}构成", ["abroad", "vehicle_purchase", "vehicle_operation", "reception"], True),
        ):
            charts.add_chart(chart, f"A{row}")
            row += int(chart.height * 2) + 2
    else:
        put(charts, 1, 1, "没有可比较的数据。")

    sheet = wb.create_sheet("异常值")
    header_row(sheet, ["名称", "指标", "数值", "方向", "稳健 z 值", "说明"], widths=(30, 24, 10, 8, 10, 100))
    for n, (r, o) in enumerate(result.outliers, start=2):
        m = BY_KEY[o.measure]
        z = None if o.robust_z is None else float(o.robust_z)
        direction = "偏高" if o.direction == "high" else "偏低"
        name, why = f"{m.name}（{m.unit}）", "；".join(o.reasons)
        values: list[str | float | None] = [r.label(with_year), name, float(o.value), direction, z, why]
        for i, value in enumerate(values, start=1):
            put(sheet, n, i, value)

    about = wb.create_sheet("说明")
    put(about, 1, 1, title(result)).font = Font(bold=True, size=14)
    for n, line in enumerate([*method_text(result), *notes(result)], start=2):
        put(about, n, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 100
    with atomic_open(path, "wb") as stream:
        wb.save(stream)


#: Charts show at most this many departments (the first rows: the largest totals of the newest year).
CHART_ROWS = 60
