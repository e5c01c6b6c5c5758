"""The terminal summary: per document a header, counts by severity and each finding with its place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from yusuan.domain.kinds import CONTENT_NOTES
from yusuan.domain.levels import level_name
from yusuan.report.common import (
    UNCHECKED,
    UNCHECKED_TEXT,
    by_severity,
    coverage_line,
    describe,
    nothing_checked,
)
from yusuan.review.finding import KIND_ZH, SEVERITIES, SEVERITY_STYLE, SEVERITY_ZH, Severity
from yusuan.review.results import Reviewed

STYLES = {s: f"bold {colour}" for s, colour in SEVERITY_STYLE.items()}
#: Locations shown per finding; the rest are counted.
SHOWN = 4


def counts_text(counts: Mapping[Severity, int]) -> Text:
    text = Text()
    for i, s in enumerate(SEVERITIES):
        if i:
            text.append(" · ")
        n = counts.get(s, 0)
        text.append(f"{SEVERITY_ZH[s]} {n} 条", style=STYLES[s] if n else "dim")
    return text


def header(item: Reviewed) -> Text:
    r = item.review
    dept = r.department
    parts = [dept.code, dept.name or "（未识别部门）", level_name(dept.level)]
    if r.year:
        parts.append(f"{r.year} 年")
    return Text(" · ".join(p for p in parts if p), style="bold")


def findings_grid(item: Reviewed) -> Table:
    d = item.disclosure
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for severity, label, findings in by_severity(item.review.findings):
        for f in findings:
            body = Text()
            body.append(f.title, style="bold")
            body.append(f"  {KIND_ZH[f.kind]} · {f.rule}\n", style="dim")
            body.append(f.message)
            for ev in f.locations[:SHOWN]:
                body.append("\n位置：", style="dim")
                body.append(describe(ev, d, short=True))
            if len(f.locations) > SHOWN:
                body.append(f"\n……另有 {len(f.locations) - SHOWN} 处", style="dim")
            grid.add_row(Text(f" {label} ", style=f"reverse {STYLES[severity]}"), body)
            grid.add_row("", "")
    return grid


def print_document(console: Console, item: Reviewed) -> None:
    console.print(Rule(header(item), align="left", style="blue"))
    line = Text(f"来源：{item.review.source}    ", style="dim")
    line.append_text(counts_text(item.review.summary))
    console.print(line)
    unchecked = nothing_checked(item)
    if unchecked:
        console.print(Text(UNCHECKED_TEXT, style="bold magenta"))
    if item.disclosure.content in CONTENT_NOTES:
        console.print(Text(CONTENT_NOTES[item.disclosure.content], style="magenta"))
    if item.review.coverage:
        console.print(Text(coverage_line(item), style="dim"))
    console.print()
    if item.review.findings:
        console.print(findings_grid(item))
    elif not unchecked:
        console.print(Text("未发现问题。", style="green"))
        console.print()


def print_summary(console: Console, items: Sequence[Reviewed]) -> None:
    for item in items:
        print_document(console, item)
    if len(items) > 1:
        totals = {s: sum(i.review.count(s) for i in items) for s in SEVERITIES}
        line = Text(f"共审核 {len(items)} 份文件：", style="bold")
        line.append_text(counts_text(totals))
        unchecked = sum(1 for i in items if nothing_checked(i))
        if unchecked:
            line.append(f" · {UNCHECKED} {unchecked} 份", style="bold magenta")
        console.print(line)
