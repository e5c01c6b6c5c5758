"""The XLSX/XLS reader: numbers exactly as their format shows them, merged ranges, sheet titles,
and whole Hebei-layout packages read back exactly."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.readers.office_files import package_items, table_dump, write_xlsx
from yusuan.read.api import read_source
from yusuan.read.formats.numtext import number_text, value_text
from yusuan.read.formats.xlsx import column_letter, read_xls, read_xlsx
from yusuan.read.source import CellRow, Para, SourceText
from yusuan.synth import samples


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.1 + 0.2, "General", "0.3"),
        (0.1 + 0.2, "0.00", "0.30"),
        (0.1 + 0.2, "0.00_ ", "0.30"),
        (163, "0.00", "163.00"),
        (163, "General", "163"),
        (163.0, "General", "163"),
        (593.58, "#,##0.00", "593.58"),
        (12345678.9, "#,##0", "12345679"),
        (2.675, "0.00", "2.68"),  # repr is 2.675: rounded as Excel shows it, half away from zero
        (-1.5, "0.00_);(0.00)", "-1.50"),
        (-0.001, "0.00", "0.00"),
        (0.9, "0%", "90%"),
        (0.905, "0.0%", "90.5%"),
        (1.5, "0.0#", "1.5"),
        (1.255, "0.0#", "1.26"),
        (1234.5, '"¥"#,##0.00', "1234.50"),
        (1e20, "General", "100000000000000000000"),
        (1.23e-7, "General", "0.000000123"),
        (Decimal("8.30"), "General", "8.3"),
    ],
)
def test_number_text(value: float, fmt: str, text: str) -> None:
    assert number_text(value, fmt) == text


def test_value_text_other_types() -> None:
    assert value_text(None) == ""
    assert value_text(True) == "TRUE"
    assert value_text(dt.datetime(2022, 12, 31)) == "2022-12-31"
    assert value_text(dt.datetime(2022, 12, 31, 8, 30)) == "2022-12-31 08:30:00"
    assert value_text("  文本 ") == "  文本 "


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703, 16384)] == ["A", "Z", "AA", "AZ", "AAA", "XFD"]


def _workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "预算03表"
    # the table starts in column B: column A is blank throughout
    ws["B1"] = "部门预算支出总表"
    ws.merge_cells("B1:F1")
    ws["B2"] = "101某某局"
    ws["F2"] = "单位：万元"
    ws["B3"] = "功能分类科目"
    ws.merge_cells("B3:C3")
    ws["D3"] = "合计"
    ws.merge_cells("D3:D4")
    ws["E3"] = "基本支出"
    ws["F3"] = "项目支出"
    ws["B4"], ws["C4"] = "科目编码", "科目名称"
    ws.append([None, 201, "一般公共服务支出", 0.1 + 0.2, 0.1, 0.2])
    ws.append([None, "20101", "人大事务", 163, None, 163])
    ws["D5"].number_format = ws["E5"].number_format = ws["F5"].number_format = "0.00"
    ws["D6"].number_format = ws["F6"].number_format = "#,##0.00"
    ws["B8"] = "注：本表为示例。"
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应读到"
    hidden.sheet_state = "hidden"
    named = wb.create_sheet("部门预算收入总表")
    named.append(["科目编码", "科目名称", "合计"])
    named.append(["201", "一般公共服务支出", 1])
    default = wb.create_sheet("Sheet3")
    default.append(["项目", "金额"])
    default.append(["合计", 2.5])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_cells_merges_and_locations(tmp_path: Path) -> None:
    src = read_xlsx(_workbook(tmp_path))
    blocks = list(src.blocks())
    assert src.layout == "xlsx" and src.pages == 3  # visible sheets
    title = blocks[0]
    assert isinstance(title, Para) and title.text == "部门预算支出总表"
    assert (title.location.sheet, title.location.cell) == ("预算03表", "B1")
    rows = [b for b in blocks[1:5] if isinstance(b, CellRow)]
    assert [r.texts for r in rows] == [
        ["101某某局", "", "", "", "单位：万元"],
        ["功能分类科目", "合计", "基本支出", "项目支出"],
        ["", "科目编码", "科目名称", "", "", ""][1:],  # the blank under 合计 continues its merge
        ["201", "一般公共服务支出", "0.30", "0.10", "0.20"],
    ]
    heads = rows[1]
    assert [(c.col, c.span, c.location.cell) for c in heads.cells] == [
        (0, 2, "B3"),
        (2, 1, "D3"),
        (3, 1, "E3"),
        (4, 1, "F3"),
    ]
    assert [(c.col, c.location.cell) for c in rows[2].cells] == [(0, "B4"), (1, "C4"), (2, "D4"), (3, "E4"), (4, "F4")]
    body2 = blocks[5]
    assert isinstance(body2, CellRow)
    assert body2.texts == ["20101", "人大事务", "163.00", "", "163.00"]
    assert body2.cells[3].location.cell == "E6"  # a blank cell keeps its column and its address
    note = blocks[6]
    assert isinstance(note, Para) and note.text == "注：本表为示例。" and note.location.cell == "B8"
    rest = blocks[7:]
    # the hidden sheet is skipped; a sheet named by its title gets a title paragraph, Sheet3 none
    assert (
        isinstance(rest[0], Para)
        and rest[0].text == "部门预算收入总表"
        and rest[0].location.sheet == "部门预算收入总表"
    )
    assert [b.texts for b in rest[1:3] if isinstance(b, CellRow)] == [
        ["科目编码", "科目名称", "合计"],
        ["201", "一般公共服务支出", "1"],
    ]
    assert [b.texts for b in rest[3:] if isinstance(b, CellRow)] == [["项目", "金额"], ["合计", "2.5"]]
    assert len({b.grid for b in blocks if isinstance(b, CellRow)}) == 3
    assert not any("不应读到" in (b.text if isinstance(b, Para) else " ".join(b.texts)) for b in blocks)


def test_two_tables_on_one_sheet_are_cut_at_the_second_title(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (
        ["部门预算支出总表"],
        ["科目编码", "科目名称", "合计"],
        ["201", "一般公共服务支出", 1],
        ["注：第一张表。"],
        [],
        ["部门预算一般公共预算财政拨款支出表"],
        ["科目编码", "科目名称", "合计"],
        ["201", "一般公共服务支出", 1],
    ):
        ws.append(row)
    path = tmp_path / "two.xlsx"
    wb.save(path)
    blocks = list(read_xlsx(path).blocks())
    kinds = [(type(b).__name__, b.text if isinstance(b, Para) else b.grid) for b in blocks]
    assert kinds == [
        ("Para", "部门预算支出总表"),
        ("CellRow", 1),
        ("CellRow", 1),
        ("Para", "注：第一张表。"),
        ("Para", "部门预算一般公共预算财政拨款支出表"),
        ("CellRow", 2),
        ("CellRow", 2),
    ]


def _as_hebei(src: SourceText) -> SourceText:
    return SourceText.from_blocks("docx-text", list(src.blocks()))


@pytest.mark.parametrize("title_rows", [True, False], ids=["title-rows", "titles-as-sheet-names"])
@pytest.mark.parametrize("heads", [True, False], ids=["merged-heads", "flat-heads"])
def test_sample_package_reads_back_exactly(tmp_path: Path, heads: bool, title_rows: bool) -> None:
    """Amounts are floats with the format #,##0.00, a third of them written as float sums
    (322.91 as 322.81 + 0.1): every one reads back as the exact two-decimal amount."""
    truth = samples.consistent()
    path = write_xlsx(package_items(truth, heads), tmp_path / "sample.xlsx", title_rows=title_rows)
    got = read_source(_as_hebei(read_xlsx(path)), path.name)
    assert got.problems == [] and got.ambiguities == []
    assert table_dump(got) == table_dump(truth)
    assert (got.department, got.year, got.unit) == (truth.department, truth.year, truth.unit)


def test_float_sums_are_really_inexact(tmp_path: Path) -> None:
    """The sample workbook does hold float artefacts (else the test above proves nothing)."""
    from openpyxl import load_workbook

    path = write_xlsx(package_items(samples.consistent()), tmp_path / "sample.xlsx")
    wb = load_workbook(path, read_only=True)
    floats = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, float)]
    assert any(len(repr(f)) > 12 for f in floats), "no float with a long repr was written"


_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice (soffice) is not installed: no way to write an .xls here")
def test_xls_sample_package_reads_back_exactly(tmp_path: Path) -> None:
    truth = samples.consistent()
    xlsx = write_xlsx(package_items(truth), tmp_path / "sample.xlsx")
    assert _SOFFICE is not None
    subprocess.run(
        [_SOFFICE, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    xls = tmp_path / "sample.xls"
    src = read_xls(xls)
    heads = next(b for b in src.blocks() if isinstance(b, CellRow) and "收入" in b.texts)
    assert [(c.text, c.span) for c in heads.cells] == [("序号", 1), ("收入", 2), ("支出", 2)]
    assert heads.cells[1].location.cell == "B3" and heads.cells[1].location.sheet == "表1"
    got = read_source(_as_hebei(src), xls.name)
    assert table_dump(got) == table_dump(truth)
    # an XLS saved under .xlsx, and an XLSX under .xls, are read by what they are
    assert next(read_xlsx(xls.rename(tmp_path / "really-xls.xlsx")).blocks()).location.sheet == "表1"
    assert next(read_xls(xlsx.rename(tmp_path / "really-xlsx.xls")).blocks()).location.sheet == "表1"
