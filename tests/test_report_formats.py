"""Report writers: table excerpts, JSON, Markdown and the Excel workbook (reloaded with openpyxl and,
where LibreOffice is installed, converted by it)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.report_samples import clean, golden, with_findings
from yusuan.report import excerpt, json_report, markdown_report, xlsx_report
from yusuan.report.common import describe, values_text
from yusuan.review.finding import Evidence, Finding

D = Decimal


# -- excerpts ------------------------------------------------------------------------------------------


def test_excerpt_shows_involved_rows_their_neighbours_and_marks_cells() -> None:
    item = with_findings()
    f = next(f for f in item.review.findings if f.rule == "sample-row-sum")
    [ex] = excerpt.excerpts(item.disclosure, f)
    assert ex.caption == "部门预算支出总表" and ex.unit == "万元"
    assert ex.heads[:5] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert ex.heads[5:] == ["经营支出", "上解上级支出", "对附属单位补助支出"]
    assert [r.cells[0].text for r in ex.rows] == ["", "201", "20101", "2010101"]  # 合计 and 2010101 are neighbours
    assert [r.hit for r in ex.rows] == [False, True, True, False]
    hit = [[c.text for c in r.cells if c.hit] for r in ex.rows]
    assert hit == [[], ["322.91"], ["322.91"], []]
    assert ex.rows[0].skipped_before == 0 and ex.skipped_after == len(item.disclosure.tables["expenditure"].rows) - 4  # type: ignore[union-attr]
    assert ex.where.startswith("第 3 页第 ")


def test_excerpt_of_a_two_sided_table_picks_the_side() -> None:
    item = clean()
    d = item.disclosure
    ev = Evidence(table="summary", row="current_total", name="本年支出合计", column="amount")
    f = Finding(rule="x", kind="cross_table", severity="error", title="t", message="m", locations=[ev])
    [ex] = excerpt.excerpts(d, f)
    assert ex.side == "expenditure" and ex.caption == "部门预算收支总表（支出方）"
    assert [c.text for r in ex.rows if r.hit for c in r.cells] == ["本年支出合计", "593.58"]


def test_evidence_outside_the_tables_is_described() -> None:
    item = with_findings()
    f = next(f for f in item.review.findings if f.rule == "table-missing")
    assert excerpt.excerpts(item.disclosure, f) == []
    [ev] = excerpt.other_locations(item.disclosure, f)
    assert describe(ev, item.disclosure) == "部门预算国有资本经营预算财政拨款支出表"
    ev = Evidence(table="expenditure", row="2010101", name="行政运行", column="basic", value=D("322.91"))
    ev.page, ev.line = 3, 9
    assert describe(ev) == "部门预算支出总表 · 2010101 行政运行 · 基本支出栏 · 数值 322.91 · 第 3 页第 9 行"
    assert describe(ev, short=True).startswith("支出总表 · ")
    assert values_text({"stated": D("1.5"), "x": D(2)}) == "所列数 1.50；x 2.00"


# -- JSON and Markdown --------------------------------------------------------------------------------------


def test_json_report_keeps_exact_amounts() -> None:
    item = with_findings()
    data = json.loads(json_report.render([item]))
    f = next(f for f in data["documents"][0]["findings"] if f["rule"] == "sample-row-sum")
    assert f["values"] == {"stated": "322.91", "sum": "320.91", "difference": "2.00"}
    assert f["locations"][0]["value"] == "322.91"
    assert data["documents"][0]["summary"] == item.review.summary


def test_markdown_report_has_evidence_and_escapes_pipes() -> None:
    item = with_findings()
    expenditure = item.disclosure.tables["expenditure"]
    next(r for r in expenditure.rows if r.code == "20101").name = "人大|事务"  # type: ignore[union-attr]
    text = markdown_report.render([item, clean()])
    assert "共审核 2 份文件" in text
    assert "| ▶ 20101 | 人大\\|事务 |" in text
    assert "| 201 | ▶ 一般公共服务支出 |" not in text  # the marker goes in the first column
    assert "| ▶ 201 | 一般公共服务支出 | 485.91 | **322.91** |" in text
    assert "> 2023年基本支出430.58万元" in text
    assert "未发现问题。" in text


# -- Excel ---------------------------------------------------------------------------------------------------


def test_sheet_names_are_valid_short_and_distinct() -> None:
    taken: set[str] = set()
    names = [xlsx_report.sheet_name(n, taken) for n in ("a[b]:c*?/\\", "'quoted'", "x" * 40, "x" * 40, "A", "a")]
    assert names[0] == "a_b__c____" and names[1] == "quoted"
    assert names[2] == "x" * 31 and names[3] == "x" * 28 + "(2)"
    assert names[4] == "A" and names[5] == "a(2)"  # Excel compares sheet names without case
    assert all(len(n) <= 31 for n in names)


def _workbook(tmp_path: Path) -> tuple[Path, int]:
    items = [with_findings(), *golden()]
    items[0].review.findings[0].message = "=SUM(A1:A2) 不是公式\x01\x0b"
    target = xlsx_report.write(items, tmp_path / "review.xlsx")
    rows = sum(max(1, len(f.locations)) for i in items for f in i.review.findings)
    return target, rows


def test_workbook_reloads_with_findings_documents_and_tables(tmp_path: Path) -> None:
    target, n_rows = _workbook(tmp_path)
    wb = load_workbook(target)
    assert wb.sheetnames[:2] == ["审核发现", "文件一览"]
    for name in wb.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)
    ws = wb["审核发现"]
    assert [c.value for c in ws[1]] == list(xlsx_report.FINDING_HEADS)
    assert ws.freeze_panes == "A2" and ws.max_row == n_rows + 1
    first = [c.value for c in ws[2]]
    assert first[3] in ("错误", "警告", "提示") and first[1] == "示例县人大常委会-2023.txt"
    assert first[7] == "=SUM(A1:A2) 不是公式" and ws.cell(row=2, column=8).data_type == "s"
    docs = wb["文件一览"]
    assert docs.cell(row=2, column=3).value == "示例县人民代表大会常务委员会"
    assert "1-支出总表" in str(docs.cell(row=2, column=10).value)


def test_table_sheet_has_header_chinese_columns_and_numbers(tmp_path: Path) -> None:
    target, _ = _workbook(tmp_path)
    wb = load_workbook(target)
    ws = wb["1-支出总表"]
    assert ws["A1"].value == "部门预算支出总表"
    assert ws["A2"].value.startswith("部门：101 示例县人民代表大会常务委员会 县级　预算年度：2023　单位：万元")
    assert [c.value for c in ws[4]] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "经营支出",
                                      "上解上级支出", "对附属单位补助支出"]  # fmt: skip
    assert ws.freeze_panes == "C5"
    assert [ws["B5"].value, ws["C5"].value, ws["C5"].number_format] == ["合计", 593.58, "0.00"]
    assert isinstance(ws["C5"].value, float)
    # The cell a finding points at is filled and carries the finding as a comment.
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=1).value == "201")
    cell = ws.cell(row=row, column=4)
    assert cell.value == 322.91 and cell.comment is not None and "sample-row-sum" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("F8C9C4")
    summary = wb["1-收支总表"]
    assert [summary["A4"].value, summary["B4"].value, summary["C4"].value] == ["收入项目", "预算数", "支出项目"]
    assert wb["1-政府性基金支出表"]["A6"].value == "（表格无数据）"


def test_every_amount_cell_matches_the_model(tmp_path: Path) -> None:
    item = clean()
    wb = load_workbook(xlsx_report.write([item], tmp_path / "one.xlsx"))
    ws = wb["基本支出表"]  # one document: sheet names without the number
    t = item.disclosure.tables["basic_expenditure"]
    for i, r in enumerate(t.rows):  # type: ignore[union-attr]
        for j, key in enumerate(("total", "personnel", "public")):
            cell = ws.cell(row=5 + i, column=3 + j)
            expected = r.values.get(key)
            assert cell.value == (float(expected) if expected is not None else None), (r.code, key)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (Debian: libreoffice-calc-nogui)")
def test_libreoffice_opens_the_workbook(tmp_path: Path) -> None:
    target, _ = _workbook(tmp_path)
    out = tmp_path / "csv"
    assert SOFFICE is not None
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), str(target)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    csv = out / "review.csv"
    assert csv.exists(), proc.stdout + proc.stderr
    text = csv.read_text(encoding="utf-8")
    assert text.startswith("序号,文件,部门,严重程度,类别,规则,标题,说明")
    assert "示例县人民代表大会常务委员会" in text and "缺少标准表格" in text


def test_a_narrative_only_or_tables_only_document_says_what_was_not_given() -> None:
    """Issue 12: a 情况说明 published without its tables (or tables without their 情况说明) is not "clean" by
    default — every human-readable format says the other half was not given and not checked."""
    import copy

    from rich.console import Console

    from tests.report_samples import clean
    from yusuan.domain.kinds import CONTENT_NOTES
    from yusuan.report.html_report import render_document
    from yusuan.report.markdown_report import render as render_markdown
    from yusuan.report.terminal import print_document
    from yusuan.review.results import Reviewed

    for content in ("narrative_only", "tables_only"):
        item = clean()
        d = copy.deepcopy(item.disclosure)
        d.content = content  # type: ignore[assignment]
        half = Reviewed(d, item.review)
        note = CONTENT_NOTES[content]
        console = Console(record=True, width=200)
        print_document(console, half)
        assert note in console.export_text()
        assert note in render_markdown([half])
        assert note in render_document(half)
    whole = clean()
    assert not any(n in render_markdown([whole]) for n in CONTENT_NOTES.values())
