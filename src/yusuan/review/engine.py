"""Run the registered rules over a disclosure and collect findings."""

from __future__ import annotations

import os
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from yusuan.domain.templates import template_of
from yusuan.model import Department, Disclosure
from yusuan.review import rules as _rules  # noqa: F401  (registers every rule)
from yusuan.review.context import Context
from yusuan.review.finding import SEVERITIES, Finding, Severity
from yusuan.review.registry import RULES, Hit, Rule

_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


class DocumentReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    department: Department
    year: int | None
    findings: list[Finding] = Field(default_factory=list)
    summary: dict[Severity, int] = Field(default_factory=dict)
    #: Rules not applied: they are written for other templates than the one the document follows.
    skipped: list[str] = Field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return self.summary.get(severity, 0)


class ReviewReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentReview] = Field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.count("error") for d in self.documents)


def _finding(r: Rule, hit: Hit) -> Finding:
    return Finding(
        rule=r.id,
        kind=r.kind,
        severity=hit.severity or r.severity,
        title=r.title,
        message=r.template.format(**hit.fields) + hit.suffix,
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


def review(d: Disclosure, only: Iterable[str] | None = None) -> DocumentReview:
    """Review one disclosure with every registered rule (or the ids in ``only``)."""
    ctx = Context(d)
    selected = [RULES[i] for i in only] if only is not None else list(RULES.values())
    skipped: list[str] = []
    template = template_of(d.template).id
    skipped = [r.id for r in selected if not r.applies_to(template)]
    selected = [r for r in selected if r.applies_to(template)]
    findings = [f for r in selected for f in run_rule(r, ctx)]
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.locations[0].line or 0 if f.locations else 0))
    summary: dict[Severity, int] = {s: 0 for s in SEVERITIES}
    for f in findings:
        summary[f.severity] += 1
    return DocumentReview(
        source=d.source, department=d.department, year=d.year, findings=findings, summary=summary, skipped=skipped
    )
