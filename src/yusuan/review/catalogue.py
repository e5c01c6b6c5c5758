"""The rule catalogue, generated from the registry: JSON, a Rich table and docs/rules.md."""

from __future__ import annotations

import inspect
import json
from typing import Any

from rich.table import Table
from rich.text import Text

from yusuan.domain.templates import TEMPLATES
from yusuan.review import rules as _rules  # noqa: F401  (registers every rule)
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
                "- 消息模板 Template：",
                "",
                *_fence(r.template),
            ]
            if doc(r):
                lines += ["", doc(r)]
    return "\n".join(lines) + "\n"
