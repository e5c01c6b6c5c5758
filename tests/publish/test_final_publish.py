"""Synthetic final accounts (部门决算): made consistent from a budget, published in the national 决算 layout in
every file format, read back cell by cell and claim by claim, and reviewed without a finding; a synthetic
department's three years of budget and 决算 stored and shown side by side with the execution rate."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan import read
from yusuan.cli import app
from yusuan.domain.final_template import FINAL_NATIONAL
from yusuan.model import AnyTable, Claim, Disclosure, Table, TwoSidedTable
from yusuan.publish.api import render_document
from yusuan.publish.document import build_document
from yusuan.publish.final_grids import FINAL_LAYOUTS, FinalLayout
from yusuan.review.engine import review
from yusuan.synth.corpus import write_corpus
from yusuan.synth.final import final_of
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose

D = Decimal
runner = CliRunner()


def _finals(count: int, seed: int) -> list[tuple[Disclosure, Disclosure]]:
    out, last = [], None
    for i, budget in enumerate(generate(count, seed)):
        final = final_of(budget, seed=i, prior=last)
        out.append((budget, final))
        last = final
    return out


def _line(rows: list, key: str) -> Decimal:  # type: ignore[type-arg]
    row = next(r for r in rows if r.key == key)
    return row.values.get("amount", row.values.get("total", D(0)))


def _total(t: AnyTable | None, column: str = "total") -> Decimal:
    assert isinstance(t, Table)
    return next(r.values.get(column, D(0)) for r in t.rows if r.key == "total" and not r.code)


@pytest.mark.parametrize("index", range(4))
def test_final_is_consistent_with_its_budget(index: int) -> None:
    budget, final = _finals(4, 11)[index]
    assert final.kind == "部门决算" and final.year == budget.year
    assert all(final.tables[t].title == FINAL_NATIONAL.title(t) for t in final.tables)
    summary = final.tables["summary"]
    assert isinstance(summary, TwoSidedTable)
    income, spent = summary.income, summary.expenditure
    opening, closing = _line(income, "carryover"), _line(spent, "carryover")  # 0 where nothing is carried
    # 本年收入合计 + 年初结转和结余 = 总计 = 本年支出合计 + 年末结转和结余
    assert _line(income, "current_total") + opening == _line(income, "grand_total") == _line(spent, "grand_total")
    assert _line(spent, "current_total") + closing == _line(spent, "grand_total")
    assert _line(spent, "current_total") == _total(final.tables["expenditure"])
    assert _total(final.tables["income"], "subtotal") == _line(income, "current_total")
    # the 决算 stays within 90–105% of the budget, and the 三公 预算数 column is the budget's 三公 table
    ratio = _total(final.tables["expenditure"]) / _total(budget.tables["expenditure"])
    assert D("0.89") < ratio < D("1.06")
    three, planned = final.tables["three_public"], budget.tables["three_public"]
    assert isinstance(three, Table) and isinstance(planned, Table)
    for row, before in zip(three.rows, planned.rows, strict=True):
        assert row.values.get("budget") == before.values.get("total")
    assert _total(final.tables["basic_expenditure"]) == _total(final.tables["general_budget"], "basic")


def _cells(t: AnyTable) -> dict[tuple[str, ...], Decimal]:
    if isinstance(t, TwoSidedTable):
        return {
            (side, r.key or r.code or r.name, k): v
            for side, rows in (("收入", t.income), ("支出", t.expenditure))
            for r in rows
            for k, v in r.values.items()
        }
    return {(r.key or r.code or r.name, k): v for r in t.rows for k, v in r.values.items()}


def _said(c: Claim) -> tuple[str, str, Decimal, str, int]:
    """What a claim says; the year of a change is the year compared with (比2024年度增加…)."""
    return c.subject, c.kind, c.amount, c.direction or "", c.year or 0 if c.kind in ("change", "pct_change") else 0


@pytest.mark.parametrize("layout", FINAL_LAYOUTS)
@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "html"])
def test_final_reads_back_in_every_format(fmt: str, layout: FinalLayout, tmp_path: Path) -> None:
    """Every table cell and every claim of the narrative comes back, in either layout (行次 and 三公 across, or
    by rows); the review finds nothing."""
    for i, (_, final) in enumerate(_finals(3, 5)[1:]):  # the second year states changes from the first
        doc = build_document(final, synth_prose(final), layout)
        ((suffix, content),) = render_document(doc, final, fmt).items()  # type: ignore[arg-type]
        path = tmp_path / f"{i}{suffix}"
        path.write_bytes(content)
        back = read(path)
        assert back.kind == "部门决算" and back.year == final.year
        assert back.department.name == final.department.name
        for table_id, table in final.tables.items():
            printed = _cells(table)
            if layout == "national" and table_id == "three_public":  # across: no “三公”经费小计 (= 合计) printed
                printed = {k: v for k, v in printed.items() if k[0] != "subtotal"}
            assert _cells(back.tables[table_id]) == printed, (fmt, table_id)
        said = sorted(map(_said, final.narrative.claims))
        assert said and sorted(map(_said, back.narrative.claims)) == said
        assert {c.kind for c in final.narrative.claims} >= {"budget", "rate", "amount", "share", "change"}
        found = [f for f in review(back).findings if f.severity in ("error", "warning")]
        assert found == [], (fmt, [f.message for f in found])


def test_synthetic_department_history_shows_budget_final_and_rate(tmp_path: Path) -> None:
    """``yusuan synth --final``, ``ingest`` and ``history``: three years of budget and 决算 side by side."""
    out, db = tmp_path / "syn", f"sqlite:///{tmp_path / 'y.db'}"
    summary = write_corpus(out, 3, 2026, ["docx"], 0.0, finals=True)
    assert summary.documents == 6
    files = sorted(str(p) for p in out.glob("*.docx"))
    result = runner.invoke(app, ["ingest", *files, "--db", db])
    assert result.exit_code == 0, result.output
    name = json.loads((out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])["department"]
    result = runner.invoke(app, ["history", name, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    execution = json.loads(result.output)["execution"]
    years = [y["year"] for y in execution["years"]]
    assert len(years) == 3 and years == list(range(years[0], years[0] + 3))
    assert all(y["budget"]["kind"] == "部门预算" and y["final"]["kind"] == "部门决算" for y in execution["years"])
    for year in years:
        cell = execution["rows"]["total"][str(year)]
        assert D(cell["final"]) - D(cell["budget"]) == D(cell["difference"])
        assert D(cell["rate"]) == (D(cell["final"]) * 100 / D(cell["budget"])).quantize(D("0.1"))
        assert D("89") < D(cell["rate"]) < D("106")
