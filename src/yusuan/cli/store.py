"""Store commands: ``ingest`` (files into the store), ``list`` (what is stored) and ``show`` (one disclosure).

SQLAlchemy and the store modules are imported inside the commands, so that ``yusuan parse`` does
not pay for them at start-up.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable
from rich.text import Text

from yusuan.cli.common import DbOption, app, err, fail, open_engine, out, write_json
from yusuan.report.sanitize import visible
from yusuan.review.finding import SEVERITIES, SEVERITY_STYLE, SEVERITY_ZH, Severity
from yusuan.store.db import default_files

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from yusuan.pipeline.batch import Package
    from yusuan.pipeline.ingest import BatchResult
    from yusuan.store.ingest import IngestResult
    from yusuan.store.listing import Detail, Entry

#: Batches of at least this many files show a progress bar (when stderr is a terminal).
PROGRESS_MIN_FILES = 5
#: Locations ``show`` prints per finding; the rest are counted.
LOCATIONS_SHOWN = 4
SEVERITY_STYLES: dict[str, str] = {s: f"bold {colour}" for s, colour in SEVERITY_STYLE.items()}


AsOne = Annotated[bool, typer.Option("--as-one", help="把给出的所有文件作为同一份公开文件入库（如 情况说明 + 报表）")]
Separate = Annotated[bool, typer.Option("--separate", help="不自动合并同一部门的多个文件，逐个入库")]


@app.command()
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="要入库的文件或文件夹（文件夹中逐级查找 PDF、DOCX、XLSX、HTML 与 .txt 文件）", show_default=False
        ),
    ],
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不逐个列出文件，只显示失败的文件和汇总")] = False,
    as_one: AsOne = False,
    separate: Separate = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="读取结果不如已入库的当前版本（读取有问题、缺表或数字明显变少）时，仍设为当前版本"
        ),
    ] = False,
    files: Annotated[
        Path | None,
        typer.Option(
            "--files",
            help="同时按内容指纹保存原件的文件夹，供审核工作台（yusuan serve --files）显示原件页面；"
            "使用默认数据库时默认保存在用户数据目录的 files 文件夹",
            show_default=False,
        ),
    ] = None,
) -> None:
    """读取、审核并存入部门预算公开文件。

    内容相同的文件只存一次；同一部门同一年度的更正文件存为新版本，旧版本保留。
    同一文件夹中文件名只差“情况说明/报表/附件1/附件2”等字样的文件，作为同一份公开文件入库。
    某个文件失败不影响其他文件；中途中断后重新运行即可继续。
    没有读出任何数据的文件不入库；读取结果不如当前版本的文件存为“待确认”版本（不替换当前版本），
    核对无误后用 yusuan show 编号 --make-current 设为当前版本，或入库时加 --force。

    退出码：0 全部成功（含未变化）；2 有文件失败。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from yusuan.pipeline.api import ingest as run

    if not paths:
        raise fail("没有指定要入库的文件")
    engine = open_engine(db)
    progress = Progress(
        TextColumn("入库"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
        console=err,
        transient=True,
        disable=True,
    )
    task = progress.add_task("", total=0)
    in_hand: list[Package] = []

    def start(count: int) -> None:
        progress.update(task, total=count)
        if err.is_terminal and count >= PROGRESS_MIN_FILES:
            progress.disable = False
            progress.start()

    def before(package: Package) -> None:
        in_hand.append(package)
        # the live progress line is drawn outside the consoles' render hook: its file names made visible here
        progress.update(task, description=visible(" + ".join(f.name for f in package.files)))

    def after(result: IngestResult) -> None:
        if in_hand:  # not for the inputs that failed before reading (a folder without files)
            in_hand.pop()
            progress.advance(task)
        _print_result(result, quiet, engine)

    try:
        default_store = db is None and not os.environ.get("YUSUAN_DB")
        keep = files if files is not None else (default_files() if default_store else None)
        batch = run(
            paths, engine, as_one=as_one, separate=separate, force=force, start=start, before=before, after=after,
            keep=keep,
        )
    finally:
        progress.stop()
        engine.dispose()
    _print_summary(batch)
    if batch.interrupted:
        err.print("已中断：已入库的文件保留，重新运行同一命令会跳过它们并继续。", highlight=False)
        raise typer.Exit(130)
    raise typer.Exit(batch.exit_code)


def _print_result(result: IngestResult, quiet: bool, engine: Engine) -> None:
    from yusuan.pipeline.ingest import failure_text

    if result.status == "failed":
        err.print(Text("失败 ", style="bold red") + Text(failure_text(result)), highlight=False)
        return
    if result.status == "candidate":  # kept aside, not current: said even with --quiet
        err.print(Text("待确认 ", style="bold yellow") + Text(failure_text(result)), highlight=False)
        return
    if quiet:
        return
    if result.status == "unchanged":
        same = f"（与第 {result.disclosure_id} 号内容相同）" if result.disclosure_id is not None else ""
        same = same or (f"（{result.message}）" if result.message else "")
        out.print(Text("未变化 ", style="dim") + Text(f"{result.path}{same}"), highlight=False)
        return
    label = Text("新入库 ", style="bold green") if result.status == "stored" else Text("新版本 ", style="bold cyan")
    out.print(label + Text(f"{result.path} → {_stored_text(result, engine)}"), highlight=False)
    if result.message:  # stored, with reading problems to check
        err.print(Text("注意 ", style="bold yellow") + Text(failure_text(result)), highlight=False)


def _stored_text(result: IngestResult, engine: Engine) -> str:
    from sqlalchemy.exc import SQLAlchemyError

    from yusuan.store.listing import entry

    text = f"第 {result.disclosure_id} 号"
    if result.disclosure_id is None:
        return text
    try:
        e = entry(engine, result.disclosure_id)
    except SQLAlchemyError:  # the line is a courtesy; the batch goes on without it
        return text
    if e is None:
        return text
    parts = [text, e.department, f"{e.year} 年" if e.year else "年度未识别"]
    if result.status == "new_version":
        parts.append(f"第 {e.version} 版（旧版本保留）")
    if e.counts is not None:
        parts.append(_counts_plain(e.counts))
    return " · ".join(parts)


def _counts_plain(counts: Mapping[Severity, int]) -> str:
    return f"错误 {counts['error']} 条、警告 {counts['warning']} 条、提示 {counts['info']} 条"


def _print_summary(batch: BatchResult) -> None:
    from yusuan.pipeline.ingest import failure_text

    out.print(batch.summary(), highlight=False)
    if batch.failures:
        err.print(f"失败的文件（{len(batch.failures)} 个）：", highlight=False)
        for result in batch.failures:
            err.print(f"  {failure_text(result)}", highlight=False, markup=False)


@app.command("list")
def list_disclosures(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    db: DbOption = None,
    year: Annotated[int | None, typer.Option("--year", help="只列出这一预算年度", show_default=False)] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="同时列出已被更正的旧版本")] = False,
) -> None:
    """列出数据库中的部门预算公开文件：编号、部门、年度、类型、版本、来源文件和审核发现条数。"""
    from yusuan.store.listing import entries, entry_json, superseded

    engine = open_engine(db)
    try:
        found = entries(engine, year=year, all_versions=all_versions)
        older = 0 if all_versions else superseded(engine, year=year)
    finally:
        engine.dispose()
    if as_json:
        write_json([entry_json(e) for e in found])
        return
    if not found:
        where = f"{year} 年度的" if year is not None else ""
        out.print(f"数据库中还没有{where}部门预算公开文件。可以用 yusuan ingest 文件夹 把文件入库。", highlight=False)
        return
    out.print(_list_table(found, all_versions))
    line = f"共 {len(found)} 份"
    if older:
        line += f"；另有 {older} 个旧版本，加 --all-versions 显示"
    out.print(line, highlight=False)


def _list_table(found: list[Entry], all_versions: bool) -> RichTable:
    t = RichTable(show_lines=False, title_justify="left")
    t.add_column("编号", justify="right", no_wrap=True)
    t.add_column("部门", overflow="fold")
    t.add_column("年度", no_wrap=True)
    t.add_column("类型", no_wrap=True)
    t.add_column("版本", justify="right", no_wrap=True)
    if all_versions:
        t.add_column("当前", no_wrap=True)
    t.add_column("来源文件", overflow="fold")
    for severity in SEVERITIES:
        t.add_column(SEVERITY_ZH[severity], justify="right", no_wrap=True, header_style=SEVERITY_STYLES[severity])
    for e in found:
        cells: list[str | Text] = [str(e.id), e.department, str(e.year or "—"), e.kind, str(e.version)]
        if all_versions:
            cells.append("是" if e.current else "否")
        cells.append(e.source_name)
        for severity in SEVERITIES:
            n = e.counts[severity] if e.counts is not None else None
            style = SEVERITY_STYLES[severity] if n else "dim"
            cells.append(Text("—" if n is None else str(n), style=style))
        t.add_row(*cells)
    return t


@app.command()
def show(
    disclosure_id: Annotated[
        str, typer.Argument(metavar="ID", help="公开文件的编号（见 yusuan list）", show_default=False)
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出：入库记录、关键数字、审核发现和完整的结构化数据")
    ] = False,
    db: DbOption = None,
    make_current: Annotated[
        bool,
        typer.Option(
            "--make-current", help="把这一版本设为其部门、年度的当前版本（如入库时存为“待确认”的版本），再显示"
        ),
    ] = False,
) -> None:
    """显示一份已入库的部门预算公开文件：部门、年度、版本、关键数字和每条审核发现及其位置。"""
    from yusuan.store.listing import detail, detail_json
    from yusuan.store.quality import make_current as promote

    if not (disclosure_id.strip().isascii() and disclosure_id.strip().isdigit()):
        raise fail(f"编号应是数字（见 yusuan list），而不是“{disclosure_id}”")
    engine = open_engine(db)
    try:
        if make_current:
            err.print(Text(promote(engine, int(disclosure_id)).message))
        found = detail(engine, int(disclosure_id))
    finally:
        engine.dispose()
    if found is None:
        raise fail(f"数据库中没有编号为 {int(disclosure_id)} 的公开文件（见 yusuan list）")
    if as_json:
        write_json(detail_json(found))
        return
    _print_detail(found)


def _print_detail(d: Detail) -> None:
    from yusuan.domain.levels import level_name
    from yusuan.review.context import fmt
    from yusuan.review.finding import KIND_ZH
    from yusuan.store.listing import FIGURE_NAMES, local_time

    e = d.entry
    out.print(Text(f"第 {e.id} 号 · {e.department} · {e.year or '年度未识别'} 年 · {e.kind}", style="bold"))
    info = RichTable.grid(padding=(0, 2))
    info.add_column(style="dim", no_wrap=True)
    info.add_column(overflow="fold")
    printed = " ".join(p for p in (d.printed_code, d.printed_name) if p)
    info.add_row("文件所列部门", printed or "（未识别）")
    if d.level:
        info.add_row("级次", level_name(d.level))
    if e.region:
        info.add_row("地区", e.region)
    version = f"第 {e.version} 版"
    if d.newest_version is not None and d.newest_version > e.version:
        version += f"（已被第 {d.newest_version} 版取代）"
    elif d.newest_version is not None:  # kept aside by ingest as a worse reading
        version += f"（未设为当前版本；当前为第 {d.newest_version} 版）"
    elif e.version > 1:
        version += "（当前版本，旧版本保留）"
    info.add_row("版本", version)
    info.add_row("来源文件", f"{e.source_name}（{d.source_size} 字节，SHA-256 {e.sha256[:12]}…）")
    info.add_row("版式 / 单位", f"{d.layout} / {d.unit or '未注明'}")
    info.add_row("入库时间", local_time(e.created_at).strftime("%Y-%m-%d %H:%M"))
    if d.reviewed_at is not None:
        info.add_row("审核", f"yusuan {d.review_version}，{d.review_rules} 条规则")
    out.print(info)

    figures = RichTable(title="关键数字（万元）", title_justify="left", show_header=False)
    figures.add_column("项目")
    figures.add_column("金额", justify="right")
    for name, label in FIGURE_NAMES.items():
        value = d.figures.get(name)
        if value is None:
            continue
        text = f"{value} 人" if name == "staff" else fmt(value)  # type: ignore[arg-type]
        figures.add_row(label, text)
    if figures.row_count:
        out.print(figures)
    else:
        out.print("关键数字：文件中没有支出表、基本支出表或“三公”经费表，无法得出。", highlight=False)

    if e.counts is None:
        out.print("这份文件还没有审核记录。", highlight=False)
        return
    counts = Text("审核发现：")
    for i, severity in enumerate(SEVERITIES):
        zh, n = SEVERITY_ZH[severity], e.counts[severity]
        if i:
            counts.append(" · ")
        counts.append(f"{zh} {n} 条", style=SEVERITY_STYLES[severity] if n else "dim")
    out.print(counts)
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for f in d.findings:
        body = Text()
        body.append(f.title, style="bold")
        body.append(f"  {_zh(KIND_ZH, f.kind)} · {f.rule}\n", style="dim")
        body.append(f.message)
        for where in _locations(f.locations[:LOCATIONS_SHOWN]):
            body.append("\n位置：", style="dim")
            body.append(where)
        if len(f.locations) > LOCATIONS_SHOWN:
            body.append(f"\n……另有 {len(f.locations) - LOCATIONS_SHOWN} 处", style="dim")
        label = _zh(SEVERITY_ZH, f.severity)
        grid.add_row(Text(f" {label} ", style=f"reverse {SEVERITY_STYLES.get(f.severity, '')}"), body)
    if d.findings:
        out.print(grid)
    else:
        out.print("审核没有发现问题。", highlight=False)


def _zh(names: Mapping[str, str], key: str) -> str:
    return names.get(key, key)


def _locations(locations: list[dict[str, object]]) -> list[str]:
    from pydantic import ValidationError

    from yusuan.report.common import describe
    from yusuan.review.finding import Evidence

    texts: list[str] = []
    for raw in locations:
        try:
            texts.append(describe(Evidence.model_validate(raw), short=True))
        except ValidationError:
            texts.append(json.dumps(raw, ensure_ascii=False))
    return texts
