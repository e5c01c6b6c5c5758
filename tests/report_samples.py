"""Reviewed documents for the report tests: the consistent document mutated so that the review has
findings of every severity, and findings pointing at table cells, a narrative sentence, a
performance indicator and an asset row; plus the golden seeds when present."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure, Location, Problem, Table
from yusuan.model.jsonio import from_json
from yusuan.review.engine import DocumentReview, review
from yusuan.review.finding import SEVERITIES, Evidence, Finding
from yusuan.review.results import Reviewed
from yusuan.synth.samples import consistent

D = Decimal
GOLDEN = Path(__file__).resolve().parent / "golden"
SENTENCE = "2023年基本支出430.58万元，主要用于保障机构正常运转。"


def mutated() -> Disclosure:
    d = copy.deepcopy(consistent())
    del d.tables["state_capital"]  # table-missing (error)
    gov_fund = d.tables["gov_fund"]
    assert isinstance(gov_fund, Table)
    gov_fund.note = None  # empty-table-without-note (warning)
    d.problems.append(
        Problem(code="text-in-number", message="数字栏中出现文字“详见附表”", table="income", location=Location(line=77))
    )
    return d


def _row(d: Disclosure, table_id: str, code: str) -> Evidence:
    t = d.tables[table_id]
    assert isinstance(t, Table)
    r = next(r for r in t.rows if r.code == code)
    return Evidence(
        table=table_id, row=code, name=r.name, column="basic", value=r.values.get("basic"), page=3, line=r.location.line
    )


def extra_findings(d: Disclosure) -> list[Finding]:
    """Findings as other rules make them: table cells, a sentence, an indicator, an asset row."""
    claim = next(c for c in d.narrative.claims if c.subject == "basic" and c.kind == "amount")
    project = d.performance[0]
    indicator = project.indicators[1]
    return [
        Finding(
            rule="sample-row-sum",
            kind="arithmetic",
            severity="error",
            title="类级金额与所属款级之和不符",
            message="部门预算支出总表 201 一般公共服务支出 基本支出栏 322.91 万元，"
            "但所属款级之和为 320.91 万元，相差 2.00 万元。",
            values={"stated": D("322.91"), "sum": D("320.91"), "difference": D("2.00")},
            locations=[_row(d, "expenditure", "201"), _row(d, "expenditure", "20101")],
        ),
        Finding(
            rule="sample-narrative",
            kind="narrative",
            severity="warning",
            title="说明中的数字与表格不符",
            message="说明称基本支出 430.58 万元，而表格为 431.00 万元。",
            values={"stated": claim.amount, "table": D("431.00")},
            locations=[
                Evidence(table="narrative", value=claim.amount, sentence=SENTENCE, page=15, line=claim.location.line),
                Evidence(table="basic_expenditure", row="total", name="合计", column="total", value=D("430.58")),
            ],
        ),
        Finding(
            rule="sample-indicator",
            kind="performance",
            severity="info",
            title="绩效指标值可以更具体",
            message=f"项目“{project.name}”的指标“{indicator.name}”可以写明衡量口径。",
            locations=[
                Evidence(
                    table="performance",
                    row=project.name,
                    name=indicator.name,
                    column="value",
                    value=indicator.number,
                    line=indicator.location.line,
                )
            ],
        ),
        Finding(
            rule="sample-assets",
            kind="procurement",
            severity="info",
            title="车辆数量请核对",
            message="固定资产中车辆 3 辆，请与公务用车编制核对。",
            locations=[Evidence(table="assets", row="vehicles", name="2、车辆（台、辆）", column="count", value=D(3))],
        ),
    ]


def with_findings() -> Reviewed:
    """The mutated consistent document, reviewed, with the extra findings appended."""
    d = mutated()
    r = review(d)
    findings = r.findings + extra_findings(d)
    summary = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    return Reviewed(
        d, DocumentReview(source=r.source, department=r.department, year=r.year, findings=findings, summary=summary)
    )


def clean() -> Reviewed:
    d = consistent()
    return Reviewed(d, review(d))


def golden() -> list[Reviewed]:
    out = []
    for p in sorted(GOLDEN.glob("*.json")):
        d = from_json(p.read_text(encoding="utf-8"))
        out.append(Reviewed(d, review(d)))
    return out
