"""The rectification list: confirmed and undecided errors/warnings of the current documents, never a
dismissed one; written as Excel and Word that open and hold the rows; formula-like text stays text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import Engine
from typer.testing import CliRunner

from yusuan.report.rectification import HEADS
from yusuan.report.rectification_out import write
from yusuan.store.decisions import add_note, decide, decisions_for, document_findings
from yusuan.store.ingest import ingest_file
from yusuan.store.rectification import rectification


def _doc(engine: Engine, path: Path) -> tuple[int, int]:
    result = ingest_file(engine, path)
    assert result.disclosure_id is not None, result.message
    from sqlalchemy.orm import Session

    from yusuan.store.schema import DisclosureRecord

    with Session(engine) as session:
        record = session.get_one(DisclosureRecord, result.disclosure_id)
        return record.id, record.department_id


def _decided(engine: Engine, doc: int) -> dict[str, str]:
    """Confirm hierarchy-sum (with a formula-like reason), dismiss glossary-wrong-level; their fingerprints."""
    findings = {f.rule: f for f in document_findings(engine, doc)}
    hierarchy, glossary = findings["hierarchy-sum"], findings["glossary-wrong-level"]
    decide(engine, doc, hierarchy.fingerprint, "confirmed", '=HYPERLINK("http://x","点我")', "张审核")
    add_note(engine, doc, hierarchy.fingerprint, "@已通知部门", "李复核")
    decide(engine, doc, glossary.fingerprint, "dismissed", "模板用语", "张审核")
    return {"confirmed": hierarchy.fingerprint, "dismissed": glossary.fingerprint}


def test_the_list_holds_confirmed_and_undecided_problems_and_never_a_dismissed_one(
    engine: Engine, sample: Path
) -> None:
    doc, department = _doc(engine, sample)
    prints = _decided(engine, doc)
    listing = rectification(engine, department, 2023)
    findings = document_findings(engine, doc)
    expected = {
        f.fingerprint for f in findings if f.fingerprint != prints["dismissed"] and f.severity in ("error", "warning")
    }
    assert {r.fingerprint for r in listing.rows} == expected
    assert prints["dismissed"] not in {r.fingerprint for r in listing.rows}
    assert [r.number for r in listing.rows] == list(range(1, len(listing.rows) + 1))
    (confirmed,) = [r for r in listing.rows if r.fingerprint == prints["confirmed"]]
    assert confirmed.status == "确认" and confirmed.decided.startswith("张审核 ") and confirmed.decided.endswith(" UTC")
    assert confirmed.opinion == '=HYPERLINK("http://x","点我")；@已通知部门（李复核）'
    assert confirmed.location.startswith("一般公共预算财政拨款支出表") or "人大事务" in confirmed.location
    assert "第 11 页" in confirmed.location and "等 " in confirmed.location
    assert confirmed.problem.startswith("上级科目与下级科目之和不符：") and confirmed.severity == "错误"
    assert confirmed.basis  # the rule's basis
    undecided = [r for r in listing.rows if r.fingerprint != prints["confirmed"]]
    assert undecided and all(r.status == "待审定" and not r.decided for r in undecided)
    assert listing.rows[0].severity == "错误"  # errors first
    assert listing.title == f"{listing.department}2023 年预决算公开整改清单"
    # another year: nothing
    assert rectification(engine, department, 2024).rows == []


def test_a_carried_decision_counts_and_says_so(engine: Engine, sample: Path, fixed_glossary: Path) -> None:
    v1, department = _doc(engine, sample)
    prints = _decided(engine, v1)
    v2, _ = _doc(engine, fixed_glossary)
    assert decisions_for(engine, v2)[prints["confirmed"]].carried
    listing = rectification(engine, department, 2023, "部门预算")
    assert {d.id for d in listing.documents} == {v2}  # the current version only
    (carried,) = [r for r in listing.rows if r.fingerprint == prints["confirmed"]]
    assert carried.status == "确认（沿用第 1 版的决定）" and carried.document_id == v2


def test_excel_and_word_open_and_hold_the_rows(engine: Engine, sample: Path, tmp_path: Path) -> None:
    doc, department = _doc(engine, sample)
    prints = _decided(engine, doc)
    listing = rectification(engine, department, 2023)

    xlsx = write(listing, tmp_path / "整改清单.xlsx")
    ws = load_workbook(xlsx).active
    assert ws is not None
    assert [c.value for c in ws[3]] == list(HEADS)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert len(rows) == len(listing.rows)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    (confirmed_row,) = [r for r in listing.rows if r.fingerprint == prints["confirmed"]]
    cell = ws.cell(row=3 + confirmed_row.number, column=7)
    assert cell.value == confirmed_row.opinion and cell.data_type == "s"  # text, not a formula
    assert str(cell.value).startswith("=")
    assert ws.cell(row=3 + confirmed_row.number, column=4).value == confirmed_row.problem

    docx = write(listing, tmp_path / "整改清单.docx")
    table = Document(str(docx)).tables[0]
    assert [c.text for c in table.rows[0].cells] == list(HEADS)
    assert len(table.rows) == len(listing.rows) + 1
    assert [c.text for c in table.rows[confirmed_row.number].cells] == list(confirmed_row.cells())


@pytest.fixture
def cli_app() -> Iterator[typer.Typer]:
    """The command line with ``rectify`` on it; afterwards exactly the commands it had before (the
    other tests of a run see the command line as ``yusuan.cli`` lists it)."""
    from yusuan.cli import app

    before = list(app.registered_commands)
    import yusuan.cli.rectify as module  # importing registers the command (once per process)

    if not any(getattr(c.callback, "__name__", "") == "rectify" for c in app.registered_commands):
        app.command()(module.rectify)
    yield app
    app.registered_commands[:] = before


def test_the_command_writes_the_list_and_refuses_a_wrong_suffix(
    engine: Engine, db_url: str, sample: Path, tmp_path: Path, cli_app: typer.Typer
) -> None:
    app = cli_app
    doc, department = _doc(engine, sample)
    _decided(engine, doc)
    runner = CliRunner()
    target = tmp_path / "整改.xlsx"
    result = runner.invoke(app, ["rectify", str(department), "--year", "2023", "-o", str(target), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "已写入" in result.output and target.is_file()
    bad = runner.invoke(app, ["rectify", str(department), "-o", str(tmp_path / "x.pdf"), "--db", db_url])
    assert bad.exit_code == 2 and "整改清单可写为 .xlsx" in bad.output
    none = runner.invoke(app, ["rectify", str(department), "--year", "2020", "-o", str(target), "--db", db_url])
    assert none.exit_code == 2 and "没有2020 年度" in none.output


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_an_empty_list_still_opens(engine: Engine, sample: Path, tmp_path: Path, suffix: str) -> None:
    _, department = _doc(engine, sample)
    listing = rectification(engine, department, 2024)
    target = write(listing, tmp_path / f"空{suffix}")
    assert target.stat().st_size > 0
    if suffix == ".xlsx":
        ws = load_workbook(target).active
        assert ws is not None and "没有需要整改的问题" in str(ws.cell(row=4, column=1).value)
    else:
        assert any("没有需要整改的问题" in p.text for p in Document(str(target)).paragraphs)


def test_control_characters_in_a_reason_never_break_the_files(engine: Engine, sample: Path, tmp_path: Path) -> None:
    doc, department = _doc(engine, sample)
    fp = next(f.fingerprint for f in document_findings(engine, doc) if f.rule == "hierarchy-sum")
    decide(engine, doc, fp, "confirmed", "含\x1b[2J控制\x00字符\u202e", "张审核")
    listing = rectification(engine, department, 2023, "部门预算")
    (row,) = [r for r in listing.rows if r.fingerprint == fp]
    ws = load_workbook(write(listing, tmp_path / "a.xlsx")).active
    assert row.opinion == "含[2J控制字符\u202e"  # C0 controls never stored (NUL: PostgreSQL refuses it)
    assert ws is not None and ws.cell(row=3 + row.number, column=7).value == row.opinion
    table = Document(str(write(listing, tmp_path / "a.docx"))).tables[0]
    assert table.rows[row.number].cells[6].text == row.opinion
