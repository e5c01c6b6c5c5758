"""The review's coverage: every rule selected appears once, ran or skipped with a Chinese reason; rules
declaring their inputs (``needs``) run wherever those inputs were read and name what is missing otherwise."""

from __future__ import annotations

from yusuan.domain.tables import title_of
from yusuan.model import Table
from yusuan.review.engine import missing_inputs, review
from yusuan.review.registry import RULES

from .mutate import base


def test_every_rule_has_one_coverage_entry_and_skipped_is_derived() -> None:
    result = review(base())
    assert [run.rule for run in result.coverage] == list(RULES)
    assert result.skipped == [run.rule for run in result.coverage if run.status == "skipped"]
    assert all(run.reason for run in result.coverage if run.status == "skipped")
    assert all(run.reason is None for run in result.coverage if run.status == "ran")


def test_the_consistent_document_runs_every_rule() -> None:
    """Every rule written for budgets runs on the consistent budget; the final accounts' own rules skip it."""
    result = review(base())
    finals_only = sorted(r.id for r in RULES.values() if "部门预算" not in r.documents)
    assert finals_only == sorted(
        [
            "final-budget-vs-stored-budget",
            "final-completion-rate",
            "final-large-deviation-unexplained",
            "final-summary-balance",
            "final-three-public-counts",
            "final-three-public-vs-table",
        ]
    )
    assert sorted(result.skipped) == finals_only
    reasons = {run.reason for run in result.coverage if run.status == "skipped"}
    assert reasons == {"仅适用于部门决算、单位决算，本文件为部门预算"}


def test_a_rule_needing_a_table_not_read_is_skipped_and_names_it() -> None:
    d = base()
    del d.tables["general_budget"]
    result = review(d)
    needing = [
        r.id for r in RULES.values() if any((n if isinstance(n, str) else n[0]) == "general_budget" for n in r.needs)
    ]
    assert needing, "some rule declares it needs general_budget"
    runs = {run.rule: run for run in result.coverage}
    for rule_id in needing:
        assert runs[rule_id].status == "skipped"
        assert title_of("general_budget") in (runs[rule_id].reason or "")
    assert not any(f.rule in needing for f in result.findings)


def test_a_table_published_empty_with_its_note_counts_as_read() -> None:
    d = base()
    t = d.tables["gov_fund"]
    assert isinstance(t, Table)
    t.rows = []
    t.note = "本部门无政府性基金预算收支，此表为空表。"
    assert missing_inputs(d, ["gov_fund", ("gov_fund", "total")]) == []
    t.note = None
    assert missing_inputs(d, ["gov_fund"]) == [f"表：{title_of('gov_fund')}"]


def test_a_missing_column_is_named_by_its_head() -> None:
    d = base()
    t = d.tables["expenditure"]
    assert isinstance(t, Table)
    for r in t.rows:
        r.values.pop("basic", None)
    t.columns = None
    (reason,) = missing_inputs(d, [("expenditure", "basic"), "expenditure"])
    assert reason.startswith("栏：") and title_of("expenditure") in reason and "基本支出" in reason


def test_errors_from_a_table_read_with_low_confidence_are_warnings_saying_so() -> None:
    from yusuan.model import ReadingReport, TableReading

    from .mutate import put, row

    d = base()
    put(row(d, "expenditure", "2010101"), "total", "999.00")  # row-sum and hierarchy-sum break
    assert {f.severity for f in review(d).findings if f.rule == "row-sum"} == {"error"}
    d.reading = ReadingReport(
        format="pdf", tables=[TableReading(table="expenditure", title="支出总表", checks=10, passed=2, confidence=0.2)]
    )
    found = [f for f in review(d).findings if f.rule in ("row-sum", "hierarchy-sum")]
    assert found and {f.severity for f in found} == {"warning"}
    assert all("读取可信度低" in f.message and "0.20" in f.message for f in found)
    d.reading.tables[0].confidence = 0.9  # read reliably: the errors stay errors
    assert {f.severity for f in review(d).findings if f.rule == "row-sum"} == {"error"}


def test_cross_table_errors_from_a_real_summary_that_does_not_add_up_are_warnings() -> None:
    from yusuan.model import ReadingReport, TwoSidedTable

    d = base()
    t = d.tables["summary"]
    assert isinstance(t, TwoSidedTable)
    general = next(r for r in t.income if r.key == "general")
    general.values["amount"] += 10  # its 本年收入合计 unchanged: the summary no longer adds up
    assert {f.severity for f in review(d).findings if f.rule == "summary-vs-income"} == {"error"}
    d.reading = ReadingReport(format="pdf")  # a real file: the summary may be misread
    result = review(d)
    [f] = [f for f in result.findings if f.rule == "summary-vs-income"]
    assert f.severity == "warning" and "各项之和与合计不符" in f.message
    assert {g.severity for g in result.findings if g.rule == "summary-balance"} == {"error"}  # still said


def test_a_final_account_runs_only_the_rules_that_hold_for_it() -> None:
    """A 决算 is not a budget: the arithmetic inside its tables, its codes and its narrative against its own tables
    are checked, the budget rules (cross-table budget links, performance goals …) are skipped, each saying why."""
    d = base().model_copy(update={"kind": "部门决算"})
    result = review(d)
    ran = {r.rule for r in result.coverage if r.status == "ran"}
    assert {"row-sum", "hierarchy-sum", "classification-code-unknown", "rounding-difference"} <= ran
    assert "narrative-amount-mismatch" in ran
    skipped = {r.rule: r.reason for r in result.coverage if r.status == "skipped"}
    assert skipped["summary-vs-income"] == "仅适用于部门预算、单位预算，本文件为部门决算"
    assert "summary-vs-income" in skipped and "performance-budget-sum" in skipped
    assert result.findings == []
    broken = d.model_copy(deep=True)
    row = next(r for r in broken.tables["expenditure"].rows if r.code and len(r.code) == 7)  # type: ignore[union-attr]
    row.values["total"] += 10
    assert "row-sum" in {f.rule for f in review(broken).findings}
