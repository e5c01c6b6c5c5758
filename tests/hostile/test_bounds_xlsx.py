"""Bounds of the workbook reader, enforced before openpyxl opens the file (issue 13, items 6 and 7).

The zip checks count merged ranges, shared strings, cell and row elements, sheets and the longest
text while they inflate the members (:mod:`yusuan.read.formats.zipguard`). Hostile workbooks are
built here and read in a child process (tests/readers/hostile_probe.py): 2 million merged ranges
(1.1 GB and a ``ValueError`` before) and 3.5 million shared strings (747 MB before) are refused in
seconds and a few MB. Formula cells saved without their values are reported, not dropped silently.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

import pytest

from tests.readers.hostile_files import (
    blank_cells,
    blank_rows,
    cell_xml,
    deflated,
    merged_ranges,
    shared_strings,
    table_rows,
    workbook_xlsx,
    write_zip,
)
from tests.readers.hostile_probe import probe
from tests.readers.office_files import package_items, write_xlsx
from yusuan.read import deadline
from yusuan.read.errors import ReadError
from yusuan.read.formats import zipguard
from yusuan.read.formats.xlsx import read_xlsx
from yusuan.read.source import CellRow
from yusuan.synth import samples

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 5.0
PEAK_MB = 300.0

_LONG = zipguard.MAX_XML_TEXT_RUN // 3 * 2  # CJK characters: two bounds' worth of UTF-8 bytes

#: name → (builder, expected message)
WORKBOOKS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "merges_2m": (
        lambda p: workbook_xlsx(p, table_rows(), merges=merged_ranges(2_000_000)),
        r"工作簿中的合并单元格超过上限 50000 个（已数到 \d+ 个）",
    ),
    "strings_3_5m": (
        lambda p: workbook_xlsx(p, table_rows(), strings=shared_strings(3_500_000)),
        r"工作簿中的共享字符串超过上限 400000 个（已数到 \d+ 个）",
    ),
    "blank_cells": (
        lambda p: workbook_xlsx(p, blank_cells(zipguard.MAX_CELL_ELEMENTS + 1)),
        r"工作簿中的单元格（含空白单元格）超过上限 2000000 个（已数到 2000001 个）",
    ),
    "blank_rows": (
        lambda p: workbook_xlsx(p, blank_rows(zipguard.MAX_ROW_ELEMENTS + 1)),
        r"工作簿中的行（含空行）超过上限 1048576 个（已数到 1048577 个）",
    ),
    "sheets": (
        lambda p: workbook_xlsx(p, table_rows(), sheets=zipguard.MAX_SHEETS + 1),
        r"工作簿中的工作表超过上限 1000 个（已数到 1001 个）",
    ),
    "long_text": (
        lambda p: workbook_xlsx(p, [f'<row r="1">{cell_xml("A1", "预" * _LONG)}</row>'.encode()]),
        r"xl/worksheets/sheet1\.xml 中有一段超过 1 MB 的连续文字",
    ),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("hostile_xlsx")
    cases: list[list[str]] = [["warm-up", "xlsx", str(workbook_xlsx(folder / "warm.xlsx", table_rows()))]]
    for name, (build, _) in WORKBOOKS.items():
        cases.append([name, "xlsx", str(build(folder / f"{name}.xlsx"))])
    cases.append(["read_merges_2m", "read", str(folder / "merges_2m.xlsx")])  # through yusuan.read
    return probe(cases, folder)


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_hostile_workbook_is_refused_within_its_bounds(outcomes: dict[str, dict[str, Any]], name: str) -> None:
    outcome = outcomes[name]
    assert "crash" not in outcome, outcome
    message = outcome["error"]
    assert message is not None, f"{name}: read without an error"
    assert message.startswith(outcome["path"] + "："), "the message names the file"
    assert re.search(WORKBOOKS[name][1], message), message
    assert outcome["seconds"] < SECONDS, outcome
    assert outcome["peak_growth_mb"] < PEAK_MB, outcome


def test_the_merges_workbook_is_refused_through_the_api_as_fast(outcomes: dict[str, dict[str, Any]]) -> None:
    outcome = outcomes["read_merges_2m"]
    assert "crash" not in outcome and outcome["error"] is not None, outcome
    assert re.search(WORKBOOKS["merges_2m"][1], outcome["error"]), outcome
    assert outcome["seconds"] < SECONDS and outcome["peak_growth_mb"] < PEAK_MB, outcome


def test_the_bounds_are_checked_before_openpyxl_opens_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.reader.excel import ExcelReader

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr(ExcelReader, "__init__", boom)
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", 10)
    book = workbook_xlsx(tmp_path / "merges.xlsx", table_rows(), merges=merged_ranges(11, first_row=20))
    with pytest.raises(ReadError, match=r"merges\.xlsx：工作簿中的合并单元格超过上限 10 个（已数到 11 个）") as err:
        read_xlsx(book)
    assert err.value.code == "read.too_large"


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_counts_are_exact_across_chunks_and_prefixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compression: int
) -> None:
    """Elements are counted exactly over members of several MB (tags cut at chunk boundaries),
    stored or deflated, whatever their namespace prefix, in a member of any name."""
    n = 150_000
    body = b"".join(
        f'<x:mergeCell ref="A{r}:B{r}"/>'.encode() if r % 2 else f'<mergeCell\nref="A{r}:B{r}"/>'.encode()
        for r in range(n)
    )
    xml = b'<?xml version="1.0"?><x:worksheet xmlns:x="s"><x:mergeCells>' + body + b"</x:mergeCells></x:worksheet>"
    assert len(xml) > 4 * 1024 * 1024
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/odd-name.bin", xml)
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", n)
    zipguard.check_zip(path, "XLSX")
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", n - 1)
    with pytest.raises(ReadError, match=rf"合并单元格超过上限 {n - 1} 个（已数到 {n} 个）"):
        zipguard.check_zip(path, "XLSX")


def test_similar_names_and_other_members_are_not_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``<sheetData>``, ``<sheetView>``, ``<col>``, ``<cols>`` are no ``<sheet>``/``<c>``; a binary member
    is not XML and its bytes are not counted."""
    monkeypatch.setattr(zipguard, "MAX_SHEETS", 0)
    monkeypatch.setattr(zipguard, "MAX_CELL_ELEMENTS", 0)
    xml = b"<worksheet><sheetViews><sheetView/></sheetViews><cols><col/></cols><sheetData/></worksheet>"
    members = [deflated("xl/worksheets/sheet1.xml", xml), deflated("xl/media/image1.png", b"\x89PNG<sheet <c " * 9)]
    zipguard.check_zip(write_zip(tmp_path / "ok.xlsx", members), "XLSX")
    members.append(
        deflated("xl/worksheets/sheet2.xml", b"<worksheet><sheetData><row><c/></row></sheetData></worksheet>")
    )
    with pytest.raises(ReadError, match=r"单元格（含空白单元格）超过上限 0 个（已数到 1 个）"):
        zipguard.check_zip(write_zip(tmp_path / "one.xlsx", members), "XLSX")


def test_a_docx_is_not_held_to_the_workbook_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipguard, "MAX_CELL_ELEMENTS", 0)
    xml = b"<w:document><w:body><w:p><c/></w:p></w:body></w:document>"
    zipguard.check_zip(write_zip(tmp_path / "a.docx", [deflated("word/document.xml", xml)]), "DOCX")


def test_formula_cells_without_values_are_reported(tmp_path: Path) -> None:
    """openpyxl, like many programs, saves formulas without their results: those cells read blank
    and the sheet gets a reading problem naming them; formulas saved with their results read as
    numbers and are not reported."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "收支总表"
    ws.append(["项目", "金额"])
    ws.append(["工资福利支出", 10.5])
    ws.append(["商品和服务支出", 4.5])
    ws.append(["合计", "=SUM(B2:B3)"])
    ws.append(["其中：基本支出", "=B2"])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    src = read_xlsx(path)
    rows = [b.texts for b in src.blocks() if isinstance(b, CellRow)]
    assert rows[-2:] == [["合计", ""], ["其中：基本支出", ""]]
    [problem] = src.problems
    assert problem.code == "formula_without_value"
    assert problem.location.sheet == "收支总表" and problem.location.cell == "B4"
    assert problem.message == (
        "工作表“收支总表”有 2 个公式单元格没有保存计算结果（B4、B5），读作空白；"
        "请在 Excel 或 WPS 中打开、重新计算并保存后再读取"
    )

    cached = workbook_xlsx(
        tmp_path / "cached.xlsx",
        [f'<row r="1">{cell_xml("A1", "合计")}{cell_xml("B1", 15.0, formula="SUM(B2:B3)")}</row>'.encode()],
    )
    src = read_xlsx(cached)
    assert [b.texts for b in src.blocks() if isinstance(b, CellRow)] == [["合计", "15"]]
    assert src.problems == []


def test_many_formula_cells_are_named_up_to_ten(tmp_path: Path) -> None:
    rows = [
        f'<row r="{r}">{cell_xml(f"A{r}", f"项目{r}")}{cell_xml(f"B{r}", formula="1+1")}</row>' for r in range(1, 31)
    ]
    src = read_xlsx(workbook_xlsx(tmp_path / "many.xlsx", [r.encode() for r in rows], sheet="明细"))
    [problem] = src.problems
    assert problem.message.startswith(
        "工作表“明细”有 30 个公式单元格没有保存计算结果（B1、B2、B3、B4、B5、B6、B7、B8、B9、B10 等）"
    )


def test_a_workbook_read_past_its_deadline_is_refused(tmp_path: Path) -> None:
    book = workbook_xlsx(tmp_path / "slow.xlsx", table_rows())
    assert read_xlsx(book).problems == []
    with deadline.reading_deadline(book, seconds=0), pytest.raises(ReadError) as err:
        read_xlsx(book)
    assert err.value.code == "read.too_slow"
    assert "slow.xlsx：工作表“明细”读取用时超过上限 0 秒" in str(err.value)


def test_a_real_package_is_within_every_bound(tmp_path: Path) -> None:
    """The sample package, written by openpyxl with merged title rows, reads with no problem."""
    src = read_xlsx(write_xlsx(package_items(samples.consistent()), tmp_path / "sample.xlsx"))
    assert src.problems == [] and sum(isinstance(b, CellRow) for b in src.blocks()) > 50


def test_blank_cells_and_rows_at_the_bound_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipguard, "MAX_CELL_ELEMENTS", 4 + 500)
    monkeypatch.setattr(zipguard, "MAX_ROW_ELEMENTS", 2 + 5)
    book = workbook_xlsx(tmp_path / "at.xlsx", chain(table_rows(1), blank_cells(500, per_row=100)))
    assert [b.texts for b in read_xlsx(book).blocks() if isinstance(b, CellRow)] == [["项目", "金额"], ["项目2", "2.5"]]


_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice (soffice) is not installed: no way to write an .xls here")
def test_an_xls_is_held_to_the_workbook_bounds_before_xlrd_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records of an XLS workbook stream are counted before xlrd loads its strings and sheets."""
    import xlrd  # type: ignore[import-untyped]

    rows = [
        f'<row r="{r}">{cell_xml(f"A{r}", f"项目{r}")}{cell_xml(f"B{r}", r + 0.5)}{cell_xml(f"C{r}", f"说明{r}")}</row>'
        for r in range(1, 31)
    ]
    xlsx = workbook_xlsx(tmp_path / "book.xlsx", [r.encode() for r in rows], merges=merged_ranges(5, first_row=40))
    assert _SOFFICE is not None
    subprocess.run(
        [_SOFFICE, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    xls = tmp_path / "book.xls"
    zipguard.check_xls(xls)  # within every bound
    assert len([b for b in read_xlsx(xls).blocks() if isinstance(b, CellRow)]) == 30

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("xlrd opened the workbook")

    monkeypatch.setattr(xlrd, "open_workbook", boom)
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", 4)
    with pytest.raises(ReadError, match=r"book\.xls：工作簿中的合并单元格超过上限 4 个（已数到 5 个）") as err:
        read_xlsx(xls)
    assert err.value.code == "read.too_large"
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", 5)
    monkeypatch.setattr(zipguard, "MAX_SHARED_STRINGS", 59)
    with pytest.raises(ReadError, match=r"共享字符串超过上限 59 个（已数到 60 个）"):
        read_xlsx(xls)
    monkeypatch.setattr(zipguard, "MAX_SHARED_STRINGS", 60)
    monkeypatch.setattr(zipguard, "MAX_CELL_ELEMENTS", 89)
    with pytest.raises(ReadError, match=r"单元格（含空白单元格）超过上限 89 个（已数到 (\d+) 个）") as err:
        read_xlsx(xls)
    assert int(re.search(r"已数到 (\d+) 个", str(err.value)).group(1)) >= 90  # type: ignore[union-attr]


def test_merged_ranges_count_their_area_before_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    """The positions merged ranges cover (clipped to the filled rows and columns) are counted before
    any is expanded; a range overlapping an earlier one (which Excel never writes) gives way to it."""
    from yusuan.read.formats import cellgrid
    from yusuan.read.formats.xlsx import Merge, SheetData, _grid_rows

    sheet = SheetData("明细", rows={r: [(1, f"项目{r}"), (3, f"{r}.5")] for r in (1, 2, 3)})
    sheet.merges = [Merge(1, 2, 3, 2), Merge(2, 2, 9, 3)]  # B1:B3, and B2:C9 over it (clipped to B2:C3)
    monkeypatch.setattr(cellgrid, "MAX_CELLS", 7)
    rows = [[(c.text, c.col, c.span) for c in row.cells] for row in _grid_rows(sheet, cellgrid.Budget("f.xlsx"))]
    assert rows == [
        [("项目1", 0, 1), ("1.5", 2, 1)],
        [("项目2", 0, 1), ("", 1, 1)],  # C2 lies under B2:C3, whose first cell B2 lies under B1:B3
        [("项目3", 0, 1), ("", 1, 1)],
    ]
    monkeypatch.setattr(cellgrid, "MAX_CELLS", 6)
    with pytest.raises(ReadError, match=r"^f\.xlsx：工作表“明细”合并单元格展开后的单元格数（已达 7 个）超过上限 6 个"):
        list(_grid_rows(sheet, cellgrid.Budget("f.xlsx")))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_xml_members_are_counted_in_any_encoding_an_xml_parser_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """lxml reads a UTF-16 or UTF-32 part as well as a UTF-8 one: its elements are counted alike."""
    xml = '<?xml version="1.0"?><worksheet><mergeCells>' + '<mergeCell ref="A1:B1"/>' * 30 + "</mergeCells></worksheet>"
    book = write_zip(tmp_path / "book.xlsx", [deflated("xl/worksheets/sheet1.xml", xml.encode(encoding))])
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", 30)
    zipguard.check_zip(book, "XLSX")
    monkeypatch.setattr(zipguard, "MAX_MERGED_RANGES", 29)
    with pytest.raises(ReadError, match=r"合并单元格超过上限 29 个（已数到 30 个）"):
        zipguard.check_zip(book, "XLSX")


def test_counting_does_not_depend_on_how_the_output_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inflated output may come a byte at a time (a deflate stream can be built so): the first bytes
    are gathered before the member is judged XML, and tags cut between pieces are counted once."""
    xml = b"  \n<worksheet>" + b"<x:c r='A1'/><c>" * 50 + b"</worksheet>"
    monkeypatch.setattr(zipguard, "MAX_CELL_ELEMENTS", 99)
    tally = zipguard._workbook_tally(Path("book.xlsx"))
    tally.start("xl/worksheets/sheet1.xml")
    with pytest.raises(ReadError, match=r"book\.xlsx：工作簿中的单元格（含空白单元格）超过上限 99 个（已数到 100 个）"):
        for i in range(len(xml)):
            tally.feed(xml[i : i + 1])
        tally.feed(b"<")  # the last tag is counted once the next one begins


def test_white_space_before_the_root_does_not_hide_a_member(tmp_path: Path) -> None:
    xml = b" " * (zipguard.MAX_XML_TEXT_RUN + 10) + b"<worksheet/>"
    book = write_zip(tmp_path / "book.xlsx", [deflated("xl/worksheets/sheet1.xml", xml)])
    with pytest.raises(ReadError, match=r"中有一段超过 1 MB 的连续文字"):
        zipguard.check_zip(book, "XLSX")


def test_a_formula_without_value_reaches_the_disclosure_and_the_review(tmp_path: Path) -> None:
    """Through yusuan.read: the problem is on the disclosure, and the review reports it (unreadable)."""
    import openpyxl

    import yusuan
    from yusuan.review.engine import review

    path = write_xlsx(package_items(samples.consistent()), tmp_path / "package.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    target = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value)
    target.value = "=1+1"
    wb.save(path)
    d = yusuan.read(path)
    [problem] = [p for p in d.problems if p.code == "formula_without_value"]
    assert problem.location.sheet == ws.title and problem.location.cell == target.coordinate
    assert f"有 1 个公式单元格没有保存计算结果（{target.coordinate}）" in problem.message
    findings = [f for f in review(d).findings if f.rule == "unreadable"]
    assert any(target.coordinate in f.message for f in findings), findings
