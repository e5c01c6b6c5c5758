"""The command line: a thin layer over the Python API. Messages are Chinese."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from yusuan import jsonio
from yusuan.model import Disclosure, Table
from yusuan.reader import ReadError, read

app = typer.Typer(
    help="yusuan（预算）：读取部门预算公开文件，转换为精确的结构化数据。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _expand(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in (".txt", ".text"))
        else:
            files.append(p)
    return files


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="要读取的文件或文件夹", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="把 JSON 输出到标准输出")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="把每个文件的 JSON 写入此文件夹")] = None,
) -> None:
    """读取部门预算公开文件，输出结构化数据（每个文件一个 JSON）。"""
    failed = 0
    docs: list[Disclosure] = []
    for f in _expand(files):
        try:
            d = read(f)
        except ReadError as exc:
            err.print(f"[red]错误[/red]：{exc}", markup=True, highlight=False)
            failed += 1
            continue
        docs.append(d)
        if output is not None:
            try:
                output.mkdir(parents=True, exist_ok=True)
                target = output / f"{f.stem}.json"
                target.write_text(jsonio.to_json(d) + "\n", encoding="utf-8")
            except OSError as exc:
                err.print(f"错误：无法写入 {output}：{exc.strerror}", highlight=False)
                failed += 1
                continue
        if not as_json:
            _report(d, output)
    if as_json:
        if len(docs) == 1:
            sys.stdout.write(jsonio.to_json(docs[0]) + "\n")
        else:
            for d in docs:
                sys.stdout.write(jsonio.to_json(d, indent=None) + "\n")
    if failed:
        err.print(f"{failed} 个文件未能读取。", highlight=False)
        raise typer.Exit(2)


def _report(d: Disclosure, output: Path | None) -> None:
    dept = d.department
    title = f"{d.source}：{dept.name or '（未识别部门）'} {d.year or ''} 年 · 版式 {d.layout}"
    t = RichTable(title=title, title_justify="left", show_lines=False)
    for col in ("表", "标题", "行数", "金额格", "说明"):
        t.add_column(col)
    for tid, table in d.tables.items():
        rows = table.rows if isinstance(table, Table) else table.income + table.expenditure
        cells = sum(len(r.values) for r in rows)
        t.add_row(tid, table.title, str(len(rows)), str(cells), table.note or "")
    out.print(t)
    out.print(
        f"叙述数字 {len(d.narrative.claims)} 个 · 绩效项目 {len(d.performance)} 个 · "
        f"无法确定栏次的行 {len(d.ambiguities)} 个 · 读取问题 {len(d.problems)} 个",
        highlight=False,
    )
    for a in d.ambiguities:
        out.print(
            f"  [yellow]栏次不确定[/yellow]：{a.table} {a.code or a.key or ''} {a.name}（第 {a.location.line} 行）"
            f"，可能的排列 {len(a.candidates)} 种",
            highlight=False,
        )
    for p in d.problems:
        out.print(f"  [red]读取问题[/red]：{p.message}（第 {p.location.line} 行）", highlight=False)
    if output is not None:
        out.print(f"已写入 {output / (Path(d.source).stem + '.json')}", highlight=False)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入此文件；默认输出到标准输出")] = None,
) -> None:
    """输出 JSON 结构定义（由模型生成）。"""
    text = jsonio.schema_json()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断。")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
