"""Commands: ``yusuan departments`` (list, merge, split) and ``yusuan history``.

A thin layer over :mod:`yusuan.store.departments` and :mod:`yusuan.store.history`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from yusuan.cli.common import DbOption, YusuanTyper, app, err, open_engine, out, write_json

if TYPE_CHECKING:
    from yusuan.store.departments import DepartmentSummary
    from yusuan.store.execution import Executed
    from yusuan.store.history import Change, History, HistoryRow, YearValue
    from yusuan.store.history_execution import HistoryExecution

departments_app = YusuanTyper(
    help="列出、合并、拆分数据库中的部门（跨年度、改名后仍是同一部门）。",
    no_args_is_help=False,
    add_completion=False,
)
app.add_typer(departments_app, name="departments")

JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出到标准输出")]


def _write_json(data: object) -> None:
    write_json(data)


def _names_text(s: DepartmentSummary) -> str:
    others = [n for n in s.names if n != s.name]
    return "、".join(others)


@departments_app.callback(invoke_without_command=True)
def departments(
    ctx: typer.Context,
    as_json: JsonOption = False,
    include_merged: Annotated[bool, typer.Option("--all", help="也列出已并入其他部门的记录")] = False,
    db: DbOption = None,
) -> None:
    """列出部门：编号、名称、地区、级别、发布时用过的名称、已入库的年度。

    子命令：merge A B 把部门 B 并入 A；split 编号 --name 名称 把以该名称发布的公开文件拆分为新部门。"""
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table as RichTable

    from yusuan.store.departments import list_departments

    listed = list_departments(open_engine(db), include_merged=include_merged)
    if as_json:
        _write_json([s.to_dict() for s in listed])
        return
    if not listed:
        out.print("数据库中还没有部门。先用 yusuan ingest 文件 入库。", highlight=False)
        return
    t = RichTable(title=f"部门（{len(listed)} 个）", title_justify="left")
    for column in ("编号", "名称", "地区", "级别", "代码", "其他发布名称", "年度", "文件数"):
        t.add_column(column, no_wrap=column in ("编号", "级别", "代码"))
    for s in listed:
        name = s.name if s.merged_into is None else f"{s.name}（已并入 #{s.merged_into}）"
        t.add_row(
            str(s.id),
            name,
            s.region or "",
            s.level or "",
            s.code or "",
            _names_text(s),
            "、".join(map(str, s.years)),
            str(s.disclosures),
        )
    out.print(t)


@departments_app.command("merge")
def merge(
    ctx: typer.Context,
    target: Annotated[int, typer.Argument(help="保留的部门编号 A", show_default=False)],
    source: Annotated[int, typer.Argument(help="并入 A 的部门编号 B", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="地区不同也合并")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """把部门 B 并入部门 A：B 的公开文件和名称移到 A，B 标记为已并入 A，以后以 B 的名称入库的文件归入 A。"""
    from yusuan.store.departments import merge_departments

    engine = open_engine(db or ctx.obj)
    result = merge_departments(engine, target, source, force=force)  # DepartmentError: reported by the app
    if as_json:
        _write_json({"target": result.target.to_dict(), "merged": source, "moved": result.moved, "notes": result.notes})
        return
    out.print(result.message, highlight=False)
    for note in result.notes:
        out.print(f"  注：{note}", highlight=False)
    _print_one(result.target)


@departments_app.command("split")
def split(
    ctx: typer.Context,
    department: Annotated[int, typer.Argument(help="部门编号", show_default=False)],
    name: Annotated[str, typer.Option("--name", help="以此名称发布的公开文件拆分为新部门", show_default=False)],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """把一个部门中以某一名称发布的公开文件拆分为一个新部门（自动匹配有误时使用）。"""
    from yusuan.store.departments import split_department

    engine = open_engine(db or ctx.obj)
    result = split_department(engine, department, name)  # DepartmentError: reported by the app
    if as_json:
        _write_json(
            {
                "source": result.source.to_dict(),
                "new": result.new.to_dict(),
                "moved": result.moved,
                "notes": result.notes,
            }
        )
        return
    out.print(result.message, highlight=False)
    for note in result.notes:
        out.print(f"  注：{note}", highlight=False)
    _print_one(result.source)
    _print_one(result.new)


def _print_one(s: DepartmentSummary) -> None:
    years = "、".join(map(str, s.years)) or "无"
    names = f"；其他发布名称：{_names_text(s)}" if _names_text(s) else ""
    out.print(f"  #{s.id} {s.name}（{s.region or '地区不详'}）：年度 {years}{names}", highlight=False)


# --- history ---------------------------------------------------------------------------------------


@app.command()
def history(
    department: Annotated[str, typer.Argument(help="部门编号或名称的一部分，例如：乐亭县人大", show_default=False)],
    as_json: JsonOption = False,
    kind: Annotated[
        str, typer.Option("--kind", help="公开文件类别：部门预算、单位预算、部门决算或单位决算；另一类并列显示")
    ] = "部门预算",
    db: DbOption = None,
) -> None:
    """并列显示一个部门各年度的主要数字和变动，与情况说明所述对照。

    数字包括支出合计、基本支出与项目支出、人员经费与公用经费、机关运行经费、“三公”经费及其分项、人数
    和支出功能分类各类合计；没有表格的年度取情况说明所述数字（标 *）。每年的变动按已入库数字计算，
    与情况说明所述的上年数和变动并列，差异以 ⚠ 标出。

    同一部门同一年度的部门决算（以 --kind 部门决算 查看时为部门预算）也已入库时，并列显示其数字和执行率
    （决算数 ÷ 预算数，保留一位小数）；只入库了其中一类的年度只显示该类。

    名称片段对应多个部门时列出它们（编号、名称、地区），请改用编号指定，退出码 2。"""
    from yusuan.store.departments import AmbiguousDepartment, resolve_department
    from yusuan.store.history import department_history

    engine = open_engine(db)
    try:
        chosen = resolve_department(engine, department)
    except AmbiguousDepartment as exc:
        if as_json:
            _write_json({"error": str(exc), "candidates": [c.to_dict() for c in exc.candidates]})
        else:
            err.print(Text.assemble((str(exc), "yellow"), "："))
            for c in exc.candidates:
                years = "、".join(map(str, c.years)) or "无"
                err.print(f"  {c.id}  {c.name}  {c.region or '地区不详'}（年度 {years}）", highlight=False)
            err.print(f"例如：yusuan history {exc.candidates[0].id}", highlight=False)
        raise typer.Exit(2) from None
    if department.strip().lstrip("#").isdigit() and int(department.strip().lstrip("#")) != chosen.id:
        err.print(f"部门 #{department.strip().lstrip('#')} 已并入 #{chosen.id}，显示 #{chosen.id}。", highlight=False)
    h = department_history(engine, chosen.id, kind)
    if as_json:
        _write_json(h.to_dict())
        return
    _print_history(h)


def _value_text(value: YearValue | None, flagged: bool) -> Text:
    if value is None or value.amount is None:
        return Text("—") if value is None or value.stated is None else Text(f"叙述 {format(value.stated, 'f')}", "dim")
    text = format(value.amount, "f")
    if value.source == "narrative":
        text += "*"
    if value.stated is not None and value.stated != value.amount:
        text += f"\n叙述 {format(value.stated, 'f')}"
    return Text(f"{text} ⚠", "yellow") if flagged else Text(text)


def _change_text(change: Change | None, previous: int | None, flagged: bool) -> Text:
    from yusuan.store.history import signed

    if change is None:
        return Text("")
    lines: list[str] = []
    if change.computed is not None:
        span = "" if change.from_year == previous else f"（较{change.from_year}年）"
        lines.append(f"计算 {signed(change.computed)}{span}")
    base = change.stated_base_year
    other_base = f"（较{base}年）" if base is not None and base != change.year - 1 else ""
    if change.stated_change is not None:
        lines.append(f"叙述 {signed(change.stated_change)}{other_base}")
    if change.stated_prior is not None:
        lines.append(
            f"叙述上年 {format(change.stated_prior, 'f')}" + ("" if change.stated_change is not None else other_base)
        )
    text = "\n".join(lines)
    return Text(f"{text} ⚠", "yellow") if flagged and text else Text(text)


def _other_text(e: Executed | None, other_is_final: bool) -> Text:
    """The other kind's figure of a year, and the execution rate under it."""
    from yusuan.store.execution import percent

    if e is None:
        return Text("")
    amount = e.final if other_is_final else e.budget
    if amount is None:
        return Text("—")
    return Text(format(amount, "f") + (f"\n{percent(e.rate)}" if e.rate is not None else ""))


def _rows_of(h: History, ex: HistoryExecution | None) -> tuple[list[HistoryRow], list[HistoryRow]]:
    """The history's rows, with those only the other kind has (a year with only a 决算)."""
    from yusuan.store.history import ROWS, HistoryRow

    own = {r.key: r for r in h.rows}
    extra = set(ex.rows) if ex else set()
    rows = [own.get(key) or HistoryRow(key, label, indent) for key, label, indent in ROWS if key in own or key in extra]
    functions = {r.key: r for r in h.functions}
    for key in sorted(k for k in extra if k.startswith("function:") and k not in functions):
        label = next(e.label for e in (ex.rows[key].values() if ex else ()))
        functions[key] = HistoryRow(key, label)
    return rows, [functions[k] for k in sorted(functions)]


def _print_history(h: History) -> None:
    from rich.table import Table as RichTable

    from yusuan.store.history import SHORT_LABELS

    d = h.department
    facts = " · ".join(
        x
        for x in (f"#{d.id}", d.region, f"{d.level}级" if d.level else None, f"代码 {d.code}" if d.code else None)
        if x
    )
    out.print(Text.assemble((d.name, "bold"), f"（{facts}）{h.kind} · 单位：{h.unit}"))
    ex = h.execution if h.execution is not None and h.execution.paired else None
    if not h.years:
        out.print(f"数据库中还没有这个部门的{h.kind}。", highlight=False)
        if ex is None:
            return
    for y in h.years:
        tables = "" if y.has_tables else "，无标准表格"
        out.print(
            f"  {y.year}年：{y.printed_name or ''} · {y.source_file}（第 {y.version} 版{tables}）", highlight=False
        )
    own = [y.year for y in h.years]
    years = sorted(set(own) | (set(ex.years) if ex else set()))
    if ex is not None:
        for year in years:
            side = ex.other(year)
            if side is not None:
                out.print(f"  {year}年{side.kind}：{side.source_file}（第 {side.version} 版）", highlight=False)
    other_is_final = ex is not None and ex.other_kind == ex.final_kind
    t = RichTable(show_lines=True)
    t.add_column("项目", min_width=8, overflow="fold")
    previous: dict[int, int | None] = {}
    for year in years:
        before = [y for y in own if y < year]
        previous[year] = before[-1] if before else None
        t.add_column(str(year) if ex is None else f"{year}{h.kind[-2:]}", justify="right", no_wrap=True)
        p = previous[year]
        heading = "" if year not in own else "变动" if p is None else "较上年" if p == year - 1 else f"较{p}年"
        t.add_column(heading, no_wrap=True)
        if ex is not None:
            t.add_column(f"{ex.other_kind[-2:]}（执行率）", justify="right", no_wrap=True)

    def add(row: HistoryRow, indent: int, end_section: bool = False) -> None:
        cells = [Text("  " * indent + SHORT_LABELS.get(row.key, row.label))]
        for year in years:
            cells.append(_value_text(row.values.get(year), row.flagged(h.flags, year, "value")))
            flagged = row.flagged(h.flags, year, "change")
            cells.append(_change_text(row.changes.get(year), previous[year], flagged))
            if ex is not None:
                cells.append(_other_text(ex.value(row.key, year), other_is_final))
        t.add_row(*cells, end_section=end_section)

    rows, functions = _rows_of(h, ex)
    for i, row in enumerate(rows):
        add(row, row.indent, end_section=i == len(rows) - 1)
    if functions:
        t.add_row(Text("支出功能分类（类）", "bold"), *[""] * ((3 if ex else 2) * len(years)))
        for row in functions:
            add(row, 1)
    out.print(t)
    if ex is not None:
        out.print(
            f"执行率 = {ex.final_kind}数 ÷ {ex.budget_kind}数（两份文件表格中的数字，保留一位小数）。", highlight=False
        )
    if any(v.source == "narrative" for r in h.rows for v in r.values.values()):
        out.print("* 取自情况说明的叙述（该年没有相应的表格数字）。", highlight=False)
    differences = [f for f in h.flags if f.kind == "difference"]
    for f in differences:
        out.print(Text.assemble(("⚠", "yellow"), f" {f.message}"))
    for f in h.flags:
        if f.kind == "note":
            out.print(f"注：{f.message}", highlight=False)
    if not differences:
        out.print("未发现差异。", highlight=False)
