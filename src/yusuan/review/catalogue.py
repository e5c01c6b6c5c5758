"""The rule catalogue, generated from the registry: JSON, a Rich table and docs/rules.md."""

from __future__ import annotations

import inspect
import json
from typing import Any

from rich.table import Table
from rich.text import Text

from yusuan.domain.kinds import KINDS as KINDS_OF_DOCUMENT
from yusuan.domain.tables import title_of
from yusuan.domain.templates import TEMPLATES
from yusuan.review import rules as _rules  # noqa: F401  (registers every rule)
from yusuan.review.context import DOCUMENT_INPUTS
from yusuan.review.finding import KIND_ZH, KINDS, SEVERITY_STYLE, SEVERITY_ZH
from yusuan.review.registry import RULES, Rule

REGENERATE = "yusuan rules --markdown -o docs/rules.md"


def ordered() -> list[Rule]:
    """Every rule, by kind (in the order of KINDS), then in registration order."""
    return [r for k in KINDS for r in RULES.values() if r.kind == k]


def doc(r: Rule) -> str:
    """The docstring of the rule's function, dedented."""
    return inspect.cleandoc(r.check.__doc__ or "")


def entry(r: Rule) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "kind_zh": KIND_ZH[r.kind],
        "severity": r.severity,
        "severity_zh": SEVERITY_ZH[r.severity],
        "title": r.title,
        "template": r.template,
        "basis": r.basis,
        "refs": list(r.refs),
        "templates": None if r.templates is None else sorted(r.templates),
        "template_bound": r.template_bound,
        "documents": [k for k in KINDS_OF_DOCUMENT if k in r.documents],
        "needs": [n if isinstance(n, str) else list(n) for n in r.needs],
        "doc": doc(r),
    }


def to_json() -> str:
    return json.dumps([entry(r) for r in ordered()], ensure_ascii=False, indent=2) + "\n"


def rich_table() -> Table:
    t = Table(title=f"审核规则目录（共 {len(RULES)} 条）", title_justify="left", show_lines=True, expand=True)
    t.add_column("级别", no_wrap=True)
    t.add_column("类别", no_wrap=True)
    t.add_column("规则：编号、标题、依据", ratio=1, min_width=20, overflow="fold")
    t.add_column("关系", max_width=10, overflow="fold")
    t.add_column("限模板", no_wrap=True)
    for r in ordered():
        text = Text(r.id, style="bold")
        text.append(f"\n{r.title}")
        text.append(f"\n{r.basis}", style="dim")
        severity = Text(SEVERITY_ZH[r.severity], style=SEVERITY_STYLE[r.severity])
        t.add_row(severity, KIND_ZH[r.kind], text, " ".join(r.refs), "、".join(sorted(r.templates or ())))
    return t


def _templates(r: Rule) -> str:
    """``hebei-2023``（河北省部门预算公开模板（2023））, or 全部 any."""
    if r.templates is None:
        return "全部 any"
    return "、".join(f"`{t}`（{TEMPLATES[t].name}）" for t in sorted(r.templates))


def _needs(r: Rule) -> str:
    """The inputs a rule needs: ``general_budget``（一般公共预算…）, ``basic_expenditure.personnel`` …"""
    if not r.needs:
        return "—"
    return "、".join(
        f"`{n}`（{DOCUMENT_INPUTS.get(n) or title_of(n)}）" if isinstance(n, str) else f"`{n[0]}.{n[1]}`"
        for n in r.needs
    )


def _fence(text: str) -> list[str]:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return [ticks + "text", text, ticks]


def markdown() -> str:
    """docs/rules.md: a Chinese and English header, then one section per kind with its rules."""
    rules = ordered()
    lines = [
        "# 审核规则目录 / Review rule catalogue",
        "",
        "本文件由规则注册表自动生成，请勿手工编辑。规则变化后用以下命令重新生成：",
        "",
        "This file is generated from the rule registry; do not edit it by hand. Regenerate it after changing a rule:",
        "",
        "```sh",
        REGENERATE,
        "```",
        "",
        f"共 {len(rules)} 条规则。每条规则有固定的编号、类别、默认严重程度（错误 / 警告 / 提示）、标题、消息模板、"
        "依据和所实现的勾稽关系（DOMAIN.md 第 3 节的 R1–R15）。",
        "",
        f"{len(rules)} rules. Each has a stable id, a kind, a default severity (error / warning / info), a title, "
        "a message template, its basis and the DOMAIN.md relationships it implements.",
        "",
        "每条规则声明所需的表和栏（所需输入）：只要这些输入已读取（有数据行，或按规定列为空表并注明），"
        "规则就在任何模板上运行；缺少输入时跳过，审核结果的 coverage 逐条列出“已运行 / 已跳过及原因”。"
        "只适用于某一模板版式的规则另行注明。规则默认适用于预算（部门预算、单位预算）；表内勾稽、科目编码和读取问题"
        "的规则也适用于决算（部门决算、单位决算），其余规则对决算跳过并说明原因（决算专用的规则尚未提供）。",
        "",
        "A rule declares the tables and columns it needs; it runs on any template where they were read (rows, or "
        "printed empty with its note) and is otherwise skipped, each review listing every rule as ran or skipped "
        "with the reason (coverage). Rules bound to one template's printed layout say so. Rules are written for "
        "budgets unless they say otherwise; the arithmetic inside tables, the classification codes and the reading "
        "problems hold for final accounts (决算) too, and the other rules are skipped on a 决算 with the reason.",
        "",
        "**尾差（四舍五入）/ Rounding.** 以万元保留两位小数列示的金额由以元为单位的数据四舍五入得到，"
        "每个金额最多偏离 ±0.005 万元；n 个分项与其合计（合计本身也经过四舍五入）之间最多相差 "
        "(n + 1) × 0.005 万元。议题原文写作 n × 0.005，本目录采用 (n + 1) × 0.005 并含端点："
        "每个印出的金额（分项和合计）各计半个末位单位，合计自身的舍入正是多出的那一项；"
        "对两栏相等的表间关系（n = 1）允许 0.01 万元，因为编制单位常把已舍入的数再相加后填入另一张表，"
        "这样的 0.01 万元是尾差而不是错表；按“四舍六入五成双”等其他舍入方式，误差也可恰好达到半个单位。"
        "一般化为印制精度：保留 d 位小数的金额各按末位半个单位计（以元列示、到元的表为 0.5 元），"
        "空白单元格视为 0、不计入；同一表中以较少小数位列示的金额（如 56.9）按其自身位数计。"
        "差额在此范围内报为提示 `rounding-difference`（尾差），超出时错误消息写明允许范围"
        "（如“超出四舍五入允许的 ±0.015 万元”）。",
        "",
        "Amounts printed in 万元 to two decimals are rounded from 元, each off by up to ±0.005: n printed terms and "
        "their printed total (rounded too) may miss by (n + 1) × 0.005 万元, bound included — the issue's "
        "n × 0.005 leaves out the total's own rounding, and a publisher who adds rounded figures into another "
        "table makes a 0.01 cross-table difference that is a 尾差, not a defect. In general each printed amount "
        "counts half a unit of its last digit (0.5 元 in a table of whole 元); blank cells are exactly 0. Within "
        "the bound a difference is the info finding `rounding-difference` (尾差); beyond it the error states "
        "the bound.",
        "",
        "| 类别 Kind | 规则数 Rules |",
        "|---|---:|",
    ]
    present = [k for k in KINDS if any(r.kind == k for r in rules)]
    lines += [f"| {KIND_ZH[k]} `{k}` | {sum(r.kind == k for r in rules)} |" for k in present]
    for k in present:
        lines += ["", f"## {KIND_ZH[k]} / `{k}`"]
        for r in (r for r in rules if r.kind == k):
            lines += [
                "",
                f"### `{r.id}` {r.title}",
                "",
                f"- 严重程度 Severity：{SEVERITY_ZH[r.severity]}（`{r.severity}`）",
                f"- 依据 Basis：{r.basis}",
                f"- 对应关系 Refs：{'、'.join(r.refs) if r.refs else '—'}",
                f"- 适用模板 Templates：{_templates(r)}",
                f"- 适用文件 Documents：{'、'.join(k for k in KINDS_OF_DOCUMENT if k in r.documents)}",
                f"- 所需输入 Needs：{_needs(r)}",
                "- 消息模板 Template：",
                "",
                *_fence(r.template),
            ]
            if doc(r):
                lines += ["", doc(r)]
    return "\n".join(lines) + "\n"
