"""The Markdown report: one section per document, findings grouped by severity, with evidence.

Document and user text never becomes Markdown or HTML: :func:`md_text` backslash-escapes the
characters that make links, images, emphasis, code, tables and raw HTML (``\\ ` * _ [ ] < > | ~ &``),
joins its lines and shows control and bidi characters visibly. The report's own markup (``**``,
``▶``, headings) is added around escaped text (:class:`Md`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from yusuan.domain.kinds import CONTENT_NAMES, CONTENT_NOTES
from yusuan.domain.levels import level_name
from yusuan.report.common import (
    UNCHECKED,
    UNCHECKED_TEXT,
    by_severity,
    coverage_line,
    department_line,
    describe,
    finding_table,
    kind_counts,
    nothing_checked,
    place,
    skipped_rows,
    values_text,
)
from yusuan.report.excerpt import Excerpt, excerpts, other_locations, sentences
from yusuan.report.sanitize import visible
from yusuan.review.finding import KIND_ZH, SEVERITIES, SEVERITY_ZH, Finding
from yusuan.review.results import Reviewed

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


class Md(str):
    """Text that is Markdown already (made of escaped text and the report's own markup)."""


def md_text(text: str) -> Md:
    """Plain text as Markdown that shows exactly it: one line, special characters escaped."""
    if isinstance(text, Md):
        return text
    return Md(_MD_SPECIAL.sub(r"\\\1", " ".join(visible(text).split())))


def _cell(text: str) -> str:
    return md_text(text)


def _table(heads: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    lines = ["| " + " | ".join(_cell(h) for h in heads) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(heads))) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _excerpt(ex: Excerpt) -> list[str]:
    unit = f"（单位：{ex.unit}）" if ex.unit else ""
    where = f"，原件{ex.where}" if ex.where else ""
    lines = [f"表格摘录：{md_text(ex.caption + unit + where)}；**加粗**为所涉单元格，▶ 标出所涉行。", ""]
    numeric = {i for i, c in enumerate(ex.rows[0].cells) if c.numeric} if ex.rows else set()
    rows: list[list[str]] = []
    for r in ex.rows:
        if r.skipped_before:
            rows.append(["…"] + [""] * (len(ex.heads) - 1))
        cells: list[str] = [Md(f"**{md_text(c.text or '空白')}**") if c.hit else c.text for c in r.cells]
        if r.hit:
            cells[0] = Md("▶ " + md_text(cells[0]))
        rows.append(cells)
    if ex.skipped_after:
        rows.append(["…"] + [""] * (len(ex.heads) - 1))
    return [*lines, *_table(ex.heads, rows, numeric), ""]


def _finding(n: int, f: Finding, item: Reviewed) -> list[str]:
    d = item.disclosure
    lines = [f"#### {n}. {md_text(f.title)}（{KIND_ZH[f.kind]}） `{f.rule}`", "", md_text(f.message), ""]
    others = other_locations(d, f)
    if others:
        lines += [f"- 位置：{md_text(describe(ev, d))}" for ev in others]
    if f.values:
        lines.append(f"- 相关金额：{md_text(values_text(f.values, finding_table(f)))}")
    if others or f.values:
        lines.append("")
    for ev in sentences(f):
        where = place(ev)
        lines += [f"> {_cell(ev.sentence or '')}", ">", f"> —— 情况说明{md_text(('，' + where) if where else '')}", ""]
    for ex in excerpts(d, f):
        lines += _excerpt(ex)
    return lines


def document(item: Reviewed, heading: str = "##") -> list[str]:
    r, d = item.review, item.disclosure
    dept = r.department
    lines = [f"{heading} {md_text(department_line(dept, r.year))}", ""]
    lines += _table(
        ["项目", "内容"],
        [
            ["文件", r.source],
            ["部门名称", dept.name or "（未识别）"],
            ["部门编码", dept.code or "（未识别）"],
            ["级次", level_name(dept.level) if dept.level else "（未识别）"],
            ["预算年度", str(r.year) if r.year else "（未识别）"],
            ["金额单位", d.unit or "万元"],
            ["文件类型", f"{d.kind}（{CONTENT_NAMES[d.content]}）"],
        ],
    )
    counts = " · ".join(f"{SEVERITY_ZH[s]} {r.count(s)} 条" for s in SEVERITIES)
    unchecked = nothing_checked(item)
    status = f"{UNCHECKED} · " if unchecked else ""
    lines += ["", f"**审核结果：{status}{counts}**", ""]
    if unchecked:
        lines += [f"> {UNCHECKED_TEXT}", ""]
    if d.content in CONTENT_NOTES:
        lines += [f"> {CONTENT_NOTES[d.content]}", ""]
    if r.coverage:
        lines += [md_text(coverage_line(item)) + "。", ""]
    kinds = kind_counts(r.findings)
    if kinds:
        lines += _table(["类别", "条数"], [[zh, str(n)] for _, zh, n in kinds], {1})
        lines.append("")
    if not r.findings and not unchecked:
        lines += ["未发现问题。", ""]
    n = 0
    for _, zh, group in by_severity(r.findings):
        lines += [f"### {zh}（{len(group)} 条）", ""]
        for f in group:
            n += 1
            lines += _finding(n, f, item)
    skipped = skipped_rows(item)
    if skipped:
        lines += [f"### 未能检查的项目（{len(skipped)} 条）", ""]
        lines += _table(["规则", "名称", "原因"], [list(row) for row in skipped])
        lines.append("")
    return lines


def render(items: Sequence[Reviewed]) -> str:
    totals = {s: sum(i.review.count(s) for i in items) for s in SEVERITIES}
    summary = "，".join(f"{SEVERITY_ZH[s]} {totals[s]} 条" for s in SEVERITIES)
    unchecked = sum(1 for i in items if nothing_checked(i))
    if unchecked:
        summary += f"；{UNCHECKED} {unchecked} 份"
    lines = ["# 部门预算公开审核报告", "", f"共审核 {len(items)} 份文件：{summary}。", ""]
    for item in items:
        lines += document(item)
    return "\n".join(lines).rstrip() + "\n"
