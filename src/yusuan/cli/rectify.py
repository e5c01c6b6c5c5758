"""Command: ``yusuan rectify DEPARTMENT --year Y -o 整改清单.xlsx|.docx`` — a department's
rectification list (:mod:`yusuan.report.rectification`) as Excel or Word."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from yusuan.cli.common import DbOption, app, err, fail, open_engine, out


@app.command()
def rectify(
    department: Annotated[str, typer.Argument(help="部门编号或名称的一部分，例如：乐亭县人大", show_default=False)],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="写入此文件：.xlsx（Excel）或 .docx（Word）", show_default=False)
    ],
    year: Annotated[int | None, typer.Option("--year", help="只列出这一年度的公开文件", show_default=False)] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="只列出这一类：部门预算、单位预算、部门决算或单位决算", show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """生成一个部门的整改清单（Excel 或 Word）。

    列出该部门当前版本公开文件中审核人已确认的问题，以及尚未审定的错误和警告（标“待审定”）；已不采纳的问题
    不列出。每行有序号、文件、位置、问题、规则依据、严重程度、审核意见/备注、决定人/时间和审定情况。

    名称片段对应多个部门时列出它们，请改用编号指定，退出码 2。"""
    from yusuan.domain.kinds import KINDS
    from yusuan.report.rectification_out import format_of, write
    from yusuan.report.safe_write import replaces
    from yusuan.store.db import check_year
    from yusuan.store.departments import AmbiguousDepartment, resolve_department
    from yusuan.store.rectification import rectification

    format_of(output)  # a wrong suffix is said before the store is opened
    if kind is not None and kind not in KINDS:
        raise fail(f"未知的类别“{kind}”：应是 {'、'.join(KINDS)}")
    check_year(year)
    engine = open_engine(db)
    try:
        chosen = resolve_department(engine, department)
    except AmbiguousDepartment as exc:
        err.print(Text.assemble((str(exc), "yellow"), "："))
        for c in exc.candidates:
            err.print(f"  {c.id}  {c.name}  {c.region or '地区不详'}", highlight=False)
        err.print(f"例如：yusuan rectify {exc.candidates[0].id} -o {output.name}", highlight=False)
        raise typer.Exit(2) from None
    listing = rectification(engine, chosen.id, year, kind)
    if not listing.documents:
        where = f"{year} 年度" if year is not None else ""
        raise fail(f"部门 #{chosen.id} {chosen.name} 没有{where}{kind or ''}的当前版本公开文件（见 yusuan list）")
    replacing = replaces(output)
    write(listing, output)
    verb = "已替换" if replacing else "已写入"
    out.print(f"{verb} {output}：{listing.title}，{len(listing.rows)} 项。", highlight=False)
