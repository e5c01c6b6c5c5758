"""The ``publish``, ``template`` and ``synth`` commands (registered on :data:`yusuan.cli.common.app`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from yusuan.cli.common import app, err, fail, out
from yusuan.report.safe_write import check_target

if TYPE_CHECKING:  # imported by the commands that use them (start-up time)
    from yusuan.model import Disclosure
    from yusuan.review.engine import DocumentReview


@app.command()
def publish(
    source: Annotated[
        Path, typer.Argument(help="部门预算数据：JSON、YAML 或填好的 Excel 模板（.xlsx）", show_default=False)
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件", show_default=False)],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="pdf、docx、xlsx、html 或 txt；默认按输出文件的扩展名，否则为 pdf"),
    ] = None,
    template: Annotated[str, typer.Option("--template", help="公开模板")] = "hebei-2023",
    force: Annotated[bool, typer.Option("--force", help="审核发现错误时仍然输出")] = False,
) -> None:
    """由部门预算数据生成完整的部门预算公开文件：九张标准表、情况说明、绩效目标、政府采购和国有资产。

    生成前先审核；审核发现错误时不输出（退出码 1），并列出需要改正的问题，除非加 --force。
    txt 格式输出两种文本提取版式：NAME-docx.txt 与 NAME-pdf.txt。"""
    from yusuan.pipeline.api import publish as run

    # an unknown template or format, an unusable input, an unwritable output: reported by the app
    outcome = run(source, output, fmt, template=template, force=force)
    d = outcome.disclosure
    errors = outcome.review.count("error")
    if outcome.blocked:
        _print_findings(d, outcome.review, only_errors=True)
        err.print(
            Text.assemble(
                ("未输出", "red"),
                f"：审核发现 {errors} 处错误，请在 {source} 中改正以上问题后重新生成（确需照样输出时加 --force）。",
            )
        )
        raise typer.Exit(1)
    if errors:
        err.print(Text.assemble(("注意", "yellow"), f"：审核发现 {errors} 处错误，已按 --force 照样输出。"))
    warnings = outcome.review.count("warning")
    if warnings:
        _print_findings(d, outcome.review, only_errors=False)
    for path in outcome.written:
        out.print(f"已写入 {path}{'（替换了原有文件）' if path in outcome.replaced else ''}", highlight=False)


def _print_findings(d: Disclosure, review: DocumentReview, *, only_errors: bool) -> None:
    """The review's errors (and, unless ``only_errors``, its warnings) with their places, on stderr."""
    from yusuan.report.common import describe
    from yusuan.review.finding import SEVERITY_STYLE, SEVERITY_ZH

    for f in review.findings:
        if f.severity == "info" or (only_errors and f.severity != "error"):
            continue
        label = (SEVERITY_ZH[f.severity], SEVERITY_STYLE[f.severity])
        err.print(Text.assemble(label, f" {f.title}（{f.rule}）：{f.message}"))
        for ev in f.locations[:3]:
            err.print(f"    位置：{describe(ev, d, short=True)}", highlight=False)


@app.command()
def template(
    output: Annotated[Path, typer.Argument(help="要生成的 Excel 工作簿（.xlsx）", show_default=False)],
    year: Annotated[int, typer.Option("--year", help="预算年度（决定科目编码表）")] = 2023,
) -> None:
    """生成空白的部门预算填报工作簿：含填表说明和数据验证（科目编码、两位小数金额、必填项），
    填好后可用 yusuan publish 生成公开文件。"""
    from yusuan.publish.workbook import write_template

    if output.suffix.lower() != ".xlsx":
        raise fail(f"{output}：模板是 Excel 工作簿，文件名应以 .xlsx 结尾")
    check_target(output)  # never through a symbolic link (OutputError: reported by the app)
    try:
        write_template(output, year)
    except OSError as exc:
        raise fail(f"无法写入 {output}：{exc.strerror or exc}") from None
    out.print(f"已写入 {output}", highlight=False)


@app.command()
def synth(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹", show_default=False)],
    count: Annotated[int, typer.Option("--count", "-n", help="生成的文件份数", min=1)] = 10,
    seed: Annotated[int, typer.Option("--seed", help="随机种子：同一种子生成相同的文件")] = 1,
    formats: Annotated[
        str, typer.Option("--formats", help="逗号分隔：txt、json、pdf、docx、xlsx、html，或 all")
    ] = "txt,json",
    defects: Annotated[
        float, typer.Option("--defects", help="注入错误的文件比例（0–1）；注入内容记录在 manifest.jsonl", min=0, max=1)
    ] = 0.0,
    finals: Annotated[
        bool, typer.Option("--final", help="同时生成每份预算对应的部门决算（同一部门同一年度；决算不生成 txt）")
    ] = False,
) -> None:
    """生成合成的部门预算公开文件（虚构部门，真实科目编码），可按比例注入各类错误以检验审核。

    加 --final 时同时生成部门决算。"""
    from yusuan.synth.corpus import CORPUS_FORMATS, write_corpus

    chosen = list(CORPUS_FORMATS) if formats.strip() == "all" else [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in CORPUS_FORMATS]
    if unknown or not chosen:
        raise fail(f"不支持的格式“{'、'.join(unknown) or formats}”；可用的格式：{'、'.join(CORPUS_FORMATS)} 或 all")
    try:
        summary = write_corpus(output, count, seed, chosen, defects, progress=True, finals=finals)
    except OSError as exc:
        raise fail(f"无法写入 {output}：{exc.strerror or exc}") from None
    out.print(
        f"已在 {output} 生成 {summary.documents} 份文件（{'、'.join(chosen)}{'，含部门决算' if finals else ''}），"
        f"其中 {summary.defective} 份注入了错误；清单见 {output / 'manifest.jsonl'}",
        highlight=False,
    )
