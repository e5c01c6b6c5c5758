"""Run the registered rules over a disclosure and collect findings."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from yusuan.domain.kinds import KINDS
from yusuan.domain.tables import SPECS, short_name, title_of
from yusuan.domain.templates import template_of
from yusuan.model import Department, Disclosure, TwoSidedTable
from yusuan.review import rules as _rules  # noqa: F401  (registers every rule)
from yusuan.review.context import DOCUMENT_INPUTS, Context, column_read
from yusuan.review.finding import SEVERITIES, Finding, Severity
from yusuan.review.helpers.codes import summary_unbalanced
from yusuan.review.registry import RULES, Hit, Need, Rule

_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


class RuleRun(BaseModel):
    """Whether one rule checked the document, and if not why (Chinese: the inputs missing, the template)."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    status: Literal["ran", "skipped"]
    reason: str | None = None


class DocumentReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    department: Department
    year: int | None
    findings: list[Finding] = Field(default_factory=list)
    summary: dict[Severity, int] = Field(default_factory=dict)
    #: The ids of the rules not applied (those of ``coverage`` with status skipped).
    skipped: list[str] = Field(default_factory=list)
    #: Every rule selected, once: ran, or skipped with the reason (inputs not read, another template).
    coverage: list[RuleRun] = Field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return self.summary.get(severity, 0)


class ReviewReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentReview] = Field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.count("error") for d in self.documents)


def _finding(r: Rule, hit: Hit) -> Finding:
    message = r.template.format(**hit.fields) + hit.suffix
    target = RULES[hit.rule] if hit.rule is not None else r
    if target is not r:
        message = target.template.format(source=r.title, message=message)
    return Finding(
        rule=target.id,
        kind=target.kind,
        severity=hit.severity or target.severity,
        title=target.title,
        message=message,
        values=hit.values,
        locations=hit.locations,
    )


def run_rule(r: Rule, ctx: Context) -> list[Finding]:
    try:
        return [_finding(r, hit) for hit in r.check(ctx)]
    except Exception as exc:  # a broken rule must not stop the review of the document
        if os.environ.get("YUSUAN_DEBUG"):
            raise
        return [
            Finding(
                rule=r.id,
                kind="parse",
                severity="warning",
                title=r.title,
                message=f"规则“{r.title}”未能完成检查（{type(exc).__name__}：{exc}），请人工核对。",
            )
        ]


#: Below this confidence (share of a table's checks that hold, lowered by unknown columns) the reading
#: report marks a table as read unreliably: an arithmetic or cross-table error from it becomes a warning.
LOW_CONFIDENCE = 0.5


def _guarded(f: Finding, d: Disclosure) -> Finding:
    """An arithmetic or cross-table error that involves a table read with low confidence is a warning that says
    so: the difference may be the reader's (a column misplaced), not the document's. A real file's summary
    that does not add up as read counts as such for the cross-table rules."""
    if f.severity != "error" or f.kind not in ("arithmetic", "cross_table") or d.reading is None:
        return f
    tables = {e.table for e in f.locations}
    if f.kind == "cross_table" and "summary" in tables and summary_unbalanced(d):
        note = f"（读取可信度低：{short_name('summary')}各项之和与合计不符，可能是读取错误，请对照原表核对）"
        return f.model_copy(update={"severity": "warning", "message": f.message + note})
    low = [t for t in d.reading.tables if t.read and t.table in tables and t.confidence < LOW_CONFIDENCE]
    if not low:
        return f
    said = "、".join(f"{short_name(t.table)} {t.confidence:.2f}" for t in low)
    note = f"（读取可信度低：{said}，可能是读取错误，请对照原表核对）"
    return f.model_copy(update={"severity": "warning", "message": f.message + note})


def _table_read(d: Disclosure, table_id: str) -> bool:
    """A table counts as read when it has rows, or when it was printed empty with its note (空表)."""
    t = d.tables.get(table_id)
    if t is None:
        return False
    rows = t.income + t.expenditure if isinstance(t, TwoSidedTable) else t.rows
    return bool(rows) or bool(t.note)


def _column_name(table_id: str, column: str) -> str:
    spec = SPECS.get(table_id)
    if spec is not None:
        for keys, labels in ((spec.columns, spec.labels), (spec.income_columns, spec.income_labels)):
            if column in keys and len(labels) == len(keys):
                return labels[keys.index(column)]
    return column


def missing_inputs(d: Disclosure, needs: Iterable[Need], budget: Disclosure | None = None) -> list[str]:
    """The Chinese names of the inputs in ``needs`` that were not read from ``d`` (empty: all were); an input
    that is another document (``budget_document``) is missing when the review was not given it."""
    missing: list[str] = []
    for need in needs:
        if need == "budget_document":
            if budget is None:
                missing.append("未找到" + DOCUMENT_INPUTS[need])
            continue
        if isinstance(need, str):
            if not _table_read(d, need):
                missing.append(f"表：{title_of(need)}")
        else:
            table_id, column = need
            if not _table_read(d, table_id):
                name = f"表：{title_of(table_id)}"
            elif not column_read(d, table_id, column):
                name = f"栏：{title_of(table_id)}的“{_column_name(table_id, column)}”"
            else:
                continue
            if name not in missing:
                missing.append(name)
    return missing


def coverage(d: Disclosure, selected: Iterable[Rule], budget: Disclosure | None = None) -> list[RuleRun]:
    """For each rule: whether it runs on ``d`` (given ``budget``, its budget), and if not the Chinese reason."""
    template = template_of(d.template)
    runs: list[RuleRun] = []
    for r in selected:
        if d.kind not in r.documents:
            kinds = "、".join(k for k in KINDS if k in r.documents)
            runs.append(RuleRun(rule=r.id, status="skipped", reason=f"仅适用于{kinds}，本文件为{d.kind}"))
            continue
        if not r.applies_to(template.id):
            runs.append(RuleRun(rule=r.id, status="skipped", reason=f"仅适用于{_templates_name(r)}"))
            continue
        missing = missing_inputs(d, r.needs, budget)
        if missing:
            document = [m for m in missing if m.startswith("未找到")]
            reason = "；".join(document) if document else "缺少" + "；".join(missing)
            runs.append(RuleRun(rule=r.id, status="skipped", reason=reason))
        else:
            runs.append(RuleRun(rule=r.id, status="ran"))
    return runs


def _templates_name(r: Rule) -> str:
    return "、".join(template_of(t).name for t in sorted(r.templates or ()))


def review(d: Disclosure, only: Iterable[str] | None = None, budget: Disclosure | None = None) -> DocumentReview:
    """Review one disclosure with every registered rule (or the ids in ``only``): each rule whose template
    and inputs the document has runs; the others are listed as skipped with the reason. ``budget``: for a final
    account (决算), the same department's budget of the same year, where it is known (the rules comparing the
    two run only then)."""
    ctx = Context(d, budget)
    selected = [RULES[i] for i in only] if only is not None else list(RULES.values())
    runs = coverage(d, selected, budget)
    skipped = [run.rule for run in runs if run.status == "skipped"]
    selected = [r for r, run in zip(selected, runs, strict=True) if run.status == "ran"]
    ran = {r.id for r in selected}
    # a hit a rule files under another rule (尾差) counts only when that rule is selected and ran too
    findings = [f for r in selected for f in run_rule(r, ctx) if f.rule in ran or f.rule == r.id]
    findings = [_guarded(f, d) for f in findings]
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.locations[0].line or 0 if f.locations else 0))
    summary: dict[Severity, int] = {s: 0 for s in SEVERITIES}
    for f in findings:
        summary[f.severity] += 1
    return DocumentReview(
        source=d.source,
        department=d.department,
        year=d.year,
        findings=findings,
        summary=summary,
        skipped=skipped,
        coverage=runs,
    )
