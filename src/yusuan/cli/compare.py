"""``yusuan compare`` and ``yusuan export``: the stored disclosures side by side, and the store as open data."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from yusuan.cli.common import DbOption, app, err, fail, open_engine, out
from yusuan.errors import YusuanError
from yusuan.report.safe_write import atomic_open, check_target, replaces
from yusuan.store.compare_formats import COMPARE_WRITERS
from yusuan.store.exporters import EXPORTERS

#: The compare outputs ``--format`` offers: the registered ones.
CompareFormat = StrEnum("CompareFormat", {name: name for name in COMPARE_WRITERS.names()})  # type: ignore[misc]


#: The export formats ``--format`` offers: the registered exporters.
ExportFormat = StrEnum("ExportFormat", {name: name for name in EXPORTERS.names()})  # type: ignore[misc]


@app.command()
def compare(
    year: Annotated[int | None, typer.Option("--year", help="只比较这一预算年度")] = None,
    region: Annotated[str | None, typer.Option("--region", help="只比较地区名称包含此文字的部门，如 唐山")] = None,
    level: Annotated[str | None, typer.Option("--level", help="只比较这一级次：省、市、县、区或乡（县级亦可）")] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="比较哪一类公开文件：预算（部门预算和单位预算）、决算（部门决算和单位决算）、某一类（如 部门决算）"
            "或 全部",
        ),
    ] = "预算",
    execution: Annotated[
        bool,
        typer.Option(
            "--execution", help="并列显示同一部门同一年度的另一类文件（预算旁的决算）的金额和执行率（决算 ÷ 预算）"
        ),
    ] = False,
    fmt: Annotated[
        CompareFormat | None,
        typer.Option(
            "--format", "-f", help="输出格式：table（终端表格）、csv、json 或 xlsx；默认按 -o 的扩展名，否则 table"
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入此文件；csv、json 默认输出到标准输出")
    ] = None,
    db: DbOption = None,
) -> None:
    """比较已入库部门预算（或 --kind 决算：部门决算）的当前版本：金额、占比、排名、异常值和审核发现数。

    排名和异常值在同一年度内计算：某项占比超出四分位数 1.5 倍四分位距之外，或稳健 z 值的绝对值超过 3，列为异常值
    （至少 5 个部门时才判断）。

    CSV 为带 BOM 的 UTF-8（Excel 可直接打开），只有一行中文表头（含单位）；JSON 用英文键名，金额和占比为十进制字符串；
    Excel 工作簿含数据表、图表、异常值和说明。

    --execution 在每一行旁列出同一部门同一年度当前版本的另一类文件（部门预算对部门决算、单位预算对单位决算）的金额和
    执行率（决算数 ÷ 预算数，百分比保留一位小数），四种输出格式都有。"""
    from yusuan.store import compare as cmp

    by_suffix = COMPARE_WRITERS.by_suffix(output.suffix) if output is not None else None
    if output is not None and fmt is None and by_suffix is None:
        raise fail(f"无法从文件名 {output} 判断输出格式，请用 --format 指定 csv、json 或 xlsx")
    writer = COMPARE_WRITERS.get(fmt.value) if fmt is not None else by_suffix or next(iter(COMPARE_WRITERS))
    if writer.save is not None and output is None:
        name = writer.name
        raise fail(f"{name} 格式需要用 -o 指定输出文件，例如：yusuan compare --format {name} -o 比较.{name}")
    if writer.show is not None and output is not None:
        raise fail("终端表格不能写入文件；写入文件请用 --format csv、json 或 xlsx")
    if output is not None:
        check_target(output)  # never through a symbolic link (OutputError: reported by the app)
    replacing = output is not None and replaces(output)
    engine = open_engine(db)
    try:
        result = cmp.compare(engine, year=year, region=region, level=level, kind=kind, execution=execution)
    except YusuanError:
        raise  # a filter that cannot be understood (CompareError): reported by the app
    except Exception as exc:  # the database went away, or its schema is not ours
        raise fail(f"无法读取数据库：{type(exc).__name__}：{exc}") from None
    finally:
        engine.dispose()
    from yusuan.store.compare_output import kind_title

    what = kind_title(result.kind)
    if not result.rows:
        err.print(f"没有符合条件的已入库{what}（需先用 yusuan ingest 入库）。", highlight=False)
    try:
        if writer.show is not None:
            writer.show(result, out)
        elif writer.save is not None:
            assert output is not None
            writer.save(result, output)
        elif writer.stream is not None and output is None:
            writer.stream(result, sys.stdout)
        elif writer.stream is not None and output is not None:
            with atomic_open(output, "w", encoding=writer.encoding, newline="") as stream:
                writer.stream(result, stream)
    except OSError as exc:
        raise fail(f"无法写入 {output}：{exc.strerror or exc}") from None
    if output is not None:
        summary = f"{len(result.rows)} 份{what}，异常值 {len(result.outliers)} 个"
        err.print(f"已写入 {output}（{summary}{'；替换了原有文件' if replacing else ''}）", highlight=False)


@app.command()
def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv（每表一个 CSV 的文件夹）、xlsx（每表一个工作表）、parquet（文件夹）"
            "或 datapackage（CSV 加 datapackage.json 的数据包文件夹）",
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹（xlsx 为文件）")],
    db: DbOption = None,
) -> None:
    """把数据库导出为开放数据：部门、公开文件、金额单元格、说明中的数字、绩效目标、审核发现等各表。"""
    from yusuan.store import export as ex

    exporter = EXPORTERS.get(fmt.value)
    if not exporter.folder and output.suffix.lower() not in exporter.suffixes:
        raise fail(f"{fmt.value} 格式的输出应是 {'、'.join(exporter.suffixes)} 文件，而不是 {output}")
    if exporter.folder and output.exists() and not output.is_dir():
        raise fail(f"{fmt.value} 格式的输出是文件夹，但 {output} 是一个文件")
    check_target(output, folder=exporter.folder)  # never through a symbolic link (OutputError)
    replacing = [] if not exporter.folder else [p for p in output.glob("*") if replaces(p)]
    if not exporter.folder and replaces(output):
        replacing = [output]
    engine = open_engine(db)
    try:
        result = ex.export(engine, fmt.value, output)
    except OSError as exc:
        raise fail(f"无法写入 {output}：{exc.strerror or exc}") from None
    except YusuanError:
        raise  # an export that cannot be made (ExportError): reported by the app
    except Exception as exc:  # the database went away, or its schema is not ours
        raise fail(f"导出失败：{type(exc).__name__}：{exc}") from None
    finally:
        engine.dispose()
    counts = "、".join(f"{ex.TITLES_ZH[name]} {n} 行" for name, n in result.counts.items())
    replaced = {p.name for p in replacing} & {p.name for p in result.files}
    note = f"（替换了原有的 {len(replaced)} 个文件）" if replaced else ""
    out.print(f"已写入 {result.path}{note}：{counts}", highlight=False)
