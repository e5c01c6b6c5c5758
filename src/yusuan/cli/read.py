"""The command line: a thin layer over the Python API. Messages are Chinese."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable
from rich.text import Text

from yusuan import report as reports
from yusuan.cli.common import app, err, fail, out
from yusuan.domain.kinds import CONTENT_NAMES
from yusuan.model import Disclosure, Table, jsonio
from yusuan.pipeline.batch import Package, exit_status, read_paths
from yusuan.read.packages import package_key
from yusuan.report.common import nothing_checked
from yusuan.report.safe_write import OutputError, check_target, child, replaces, write_text
from yusuan.report.sanitize import json_safe
from yusuan.report.terminal import counts_text, print_summary
from yusuan.review import catalogue
from yusuan.review.results import Batch, Duplicate, Failure

AsOne = Annotated[bool, typer.Option("--as-one", help="把给出的所有文件作为同一份公开文件读取（如 情况说明 + 报表）")]
Separate = Annotated[bool, typer.Option("--separate", help="不自动合并同一部门的多个文件，逐个读取")]


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="要读取的文件或文件夹", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="把 JSON 输出到标准输出")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="把每个文件的 JSON 写入此文件夹")] = None,
    as_one: AsOne = False,
    separate: Separate = False,
) -> None:
    """读取部门预算公开文件（PDF、DOCX、XLSX/XLS、HTML 或提取的文本），输出结构化数据与读取报告。

    同一文件夹中文件名只差“情况说明/报表/附件1/附件2”等字样的文件，自动作为同一份公开文件读取。"""
    failed = 0
    used: set[str] = set()

    def name_for(f: Path, joined: bool) -> str:
        """A JSON name no other document of this run has (a.pdf and a.txt, or two folders' a.pdf)."""
        for name in (f"{package_key(f) if joined else f.stem}.json", f"{f.name}.json"):
            if name not in used:
                used.add(name)
                return name
        n = 2
        while f"{f.name}.{n}.json" in used:
            n += 1
        used.add(f"{f.name}.{n}.json")
        return f"{f.name}.{n}.json"

    def after(package: Package, value: Disclosure | Failure) -> None:
        nonlocal failed
        if isinstance(value, Failure):
            err.print(Text.assemble(("错误", "red"), "：", value.message))
            failed += 1
            return
        target = None
        if output is not None:
            f = package.files[0]
            try:
                target = child(output, name_for(f, len(package.files) > 1))
                check_target(output, folder=True)
                write_text(target, json_safe(jsonio.to_json(value)) + "\n", replace_link=True)
            except OutputError as exc:
                err.print(Text.assemble(("错误", "red"), "：", exc.message))
                failed += 1
                return
        if not as_json:
            _report(value, target)

    docs, _ = read_paths(files, as_one=as_one, separate=separate, after=after, skipped=_skipped)
    if as_json:
        if len(docs) == 1:
            sys.stdout.write(json_safe(jsonio.to_json(docs[0])) + "\n")
        else:
            for d in docs:
                sys.stdout.write(json_safe(jsonio.to_json(d, indent=None)) + "\n")
    if failed:
        err.print(f"{failed} 个文件未能读取。", highlight=False)
        raise typer.Exit(2)


def _skipped(dup: Duplicate) -> None:
    err.print(Text.assemble(("已跳过", "yellow"), "：", dup.message))


def _report(d: Disclosure, written: Path | None) -> None:
    dept = d.department
    title = (
        f"{d.source}：{dept.name or '（未识别部门）'} {d.year or ''} 年 · {d.kind}（{CONTENT_NAMES[d.content]}）"
        f" · 版式 {d.layout}"
    )
    t = RichTable(title=title, title_justify="left", show_lines=False)
    for col in ("表", "标题", "行数", "金额格", "说明"):
        t.add_column(col)
    if not d.tables:
        out.print(title, highlight=False, markup=False)
        out.print("  未找到九张标准表格中的任何一张。", highlight=False)
    for tid, table in d.tables.items():
        rows = table.rows if isinstance(table, Table) else table.income + table.expenditure
        cells = sum(len(r.values) for r in rows)
        t.add_row(tid, table.title, str(len(rows)), str(cells), table.note or "")
    if d.tables and d.reading is None:
        out.print(t)
    if d.reading is not None:
        _reading(d)
    out.print(
        f"叙述数字 {len(d.narrative.claims)} 个 · 绩效项目 {len(d.performance)} 个 · "
        f"无法确定栏次的行 {len(d.ambiguities)} 个 · 读取问题 {len(d.problems)} 个",
        highlight=False,
    )
    for a in d.ambiguities:
        out.print(
            Text.assemble(
                "  ",
                ("栏次不确定", "yellow"),
                f"：{a.table} {a.code or a.key or ''} {a.name}（第 {a.location.line} 行），"
                f"可能的排列 {len(a.candidates)} 种",
            )
        )
    for p in d.problems:
        where = f"第 {p.location.page} 页" if p.location.page else f"第 {p.location.line} 行"
        out.print(Text.assemble("  ", ("读取问题", "red"), f"：{p.message}（{where}）"))
    if written is not None:
        out.print(f"已写入 {written}", highlight=False, markup=False)


def _reading(d: Disclosure) -> None:
    """The reading report of a real file: tables, pages, cells, checks, confidence."""
    r = d.reading
    assert r is not None
    t = RichTable(
        title=f"读取报告：{r.format.upper()} 共 {r.pages or '?'} 页 · 总体可信度 {r.confidence:.0%}",
        title_justify="left",
    )
    for col in ("表", "标题", "页码", "行数", "金额格", "勾稽校验", "可信度", "说明"):
        t.add_column(col)
    for tr in r.tables:
        pages = ",".join(str(p) for p in tr.pages)
        if not tr.read:
            t.add_row(tr.table, tr.title, pages, "", "", "", "", "已识别，未读取明细")
            continue
        checks = f"{tr.passed}/{tr.checks}" if tr.checks else "—"
        note = ("未识别的栏：" + "、".join(tr.unknown_columns)) if tr.unknown_columns else ""
        t.add_row(tr.table, tr.title, pages, str(tr.rows), str(tr.cells), checks, f"{tr.confidence:.0%}", note)
    out.print(t)
    for note in r.notes:
        out.print(Text.assemble("  ", ("注意", "yellow"), "：", note))


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入此文件；默认输出到标准输出")] = None,
) -> None:
    """输出 JSON 结构定义（由模型生成）。"""
    text = jsonio.schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)


#: The report formats ``--format`` offers: the registered report writers.
ReportFormat = StrEnum("ReportFormat", {name: name for name in reports.formats()})  # type: ignore[misc]


def _fail(message: str) -> typer.Exit:
    return fail(message)


@app.command()
def review(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="要审核的文件或文件夹；省略时审核内置示例", show_default=False)
    ] = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f", help="报告格式：json、md、html（文件夹）、xlsx 或 pdf（标注的原 PDF）；默认在终端显示摘要"
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入此文件（html 为文件夹）；json、md 默认输出到标准输出")
    ] = None,
    as_one: AsOne = False,
    separate: Separate = False,
) -> None:
    """审核部门预算公开文件：检查完整性、勾稽关系、说明与表格是否一致等，列出每条发现及其出处。

    每份文件列出已检查与未能检查的规则（及原因）；没有读到任何表格和说明数字的文件标为“未能检查”，不视为无问题。
    内容相同的文件只读取一次，其余标为“已跳过”。

    退出码：0 全部文件均已检查且无错误级发现；1 有错误级发现；2 有文件无法读取（含不是预算公开文件）；
    3 有文件未能检查（没有读到任何可核对的数字）。同时出现时取 2、3、1 中靠前者。"""
    from yusuan.pipeline.api import review as run

    batch = run(paths or None, as_one=as_one, separate=separate)
    if not paths and not batch.items and not batch.failures:
        raise _fail(
            "没有指定要审核的文件，内置示例文件夹中也还没有示例文件。"
            "请指定要审核的文件或文件夹，例如：yusuan review 文件.txt"
        )
    for failure in batch.failures:
        err.print(Text.assemble(("无法读取", "red"), "：", failure.message))
    for dup in batch.duplicates:
        _skipped(dup)
    chosen = fmt.value if fmt is not None else (reports.guess_format(output) if output is not None else None)
    if output is not None and chosen is None:
        raise _fail(f"无法从文件名 {output} 判断报告格式，请用 --format 指定 json、md、html、xlsx 或 pdf")
    if output is not None:
        check_target(output, folder=chosen in reports.folder_formats())  # never through a link (OutputError)
    if chosen is not None and chosen not in reports.text_formats() and output is None:
        what = "文件夹" if chosen == "html" else "文件"
        raise _fail(
            f"{chosen} 格式的报告需要用 -o 指定输出{what}，"
            f"例如：yusuan review 文件.txt --format {chosen} -o 审核报告{'' if chosen == 'html' else '.' + chosen}"
        )
    if chosen is None:
        print_summary(out, batch.items)
    elif output is None:
        sys.stdout.write(reports.render_text(chosen, batch.items))
    else:
        replacing = replaces(output) or (output / "index.html").is_file()
        try:
            if chosen == "pdf":  # the annotated PDF needs the original file, among the paths given
                from yusuan.report.pdf_annotate import write_report

                written = write_report(batch.items, output, paths or [])
            else:
                written = reports.write(chosen, batch.items, output)
        except OSError as exc:
            raise _fail(f"无法写入 {output}：{exc.strerror or exc}") from None
        line = counts_text(batch.totals())
        again = "；替换了原有的报告" if replacing else ""
        out.print(f"已写入 {written}（{len(batch.items)} 份文件：", line, f"{again}）", sep="", highlight=False)
    _close(batch)


def _close(batch: Batch) -> None:
    if batch.failures:
        err.print(f"{len(batch.failures)} 个文件未能审核。", highlight=False)
    unchecked = [item.review.source for item in batch.items if nothing_checked(item)]
    if unchecked:
        err.print(f"{len(unchecked)} 份文件未能检查：{'、'.join(unchecked)}。")
    raise typer.Exit(exit_status(batch))


@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="以 Markdown 输出（即 docs/rules.md）")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入此文件；默认输出到标准输出")] = None,
) -> None:
    """列出审核规则目录：编号、类别、级别、标题、依据、对应的勾稽关系。"""
    if as_json and as_markdown:
        raise _fail("--json 与 --markdown 只能选一个")
    if not as_json and not as_markdown:
        if output is not None:
            raise _fail("写入文件时请用 --json 或 --markdown 指定格式")
        out.print(catalogue.rich_table())
        return
    text = catalogue.to_json() if as_json else catalogue.markdown()
    if output is None:
        sys.stdout.write(text)
        return
    _write(output, text)


def _write(output: Path, text: str) -> None:
    """Write ``output`` safely and say so, and whether it replaced a file (on stderr: stdout may be data)."""
    replaced = replaces(output)
    write_text(output, text)
    err.print(f"已写入 {output}{'（替换了原有文件）' if replaced else ''}")
