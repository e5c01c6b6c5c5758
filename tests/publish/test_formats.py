"""The published files: what each format contains, checked with the format's own library, and the
round trip through yusuan's file readers (``yusuan.read``)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.publish.test_text_roundtrip import assert_same_package
from tests.strategies import Budget, budgets, build
from tests.test_roundtrip_property import assert_round_trip
from yusuan import read
from yusuan.model import Disclosure
from yusuan.publish.api import Format, render_document
from yusuan.publish.document import Document, Grid, build_document
from yusuan.publish.narrative import Prior
from yusuan.publish.narrative_styles import compose


def _file(doc: Document, d: Disclosure, fmt: Format) -> bytes:
    ((_, content),) = render_document(doc, d, fmt).items()
    return content


def _grids(doc: Document) -> list[Grid]:
    return [b for b in doc.blocks if isinstance(b, Grid)]


def test_docx_tables_cells_and_repeated_heads(packages: list[tuple[Disclosure, Document]]) -> None:
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    d, doc = packages[0]
    word = open_docx(io.BytesIO(_file(doc, d, "docx")))
    grids = _grids(doc)
    assert len(word.tables) == len(grids)
    income = word.tables[1]
    grid = grids[1]
    assert income.rows[0].cells[0].text == f"{d.department.code}{d.department.name}"
    assert income.rows[grid.head - 1].cells[0].text == "栏次"
    flagged = [r for r in income.rows if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(flagged) == grid.head  # department line, two head rows and 栏次 repeat on every page
    table = d.table("income")
    assert table is not None
    total = table.rows[0].values
    cells = [c.text for c in income.rows[grid.head].cells]
    assert cells[:3] == ["1", "", "合计"] and cells[3] == format(total["total"], "f")
    assert cells[-1] == ""  # 上年结转: blank cell, not 0
    texts = [p.text for p in word.paragraphs]
    assert "部门预算收支总表" in texts and "注：无国有资本经营预算财政拨款预算，空表列示。" in texts
    assert f"{d.department.name}{d.year}年部门预算信息公开情况说明" in texts


def test_html_table_structure(packages: list[tuple[Disclosure, Document]]) -> None:
    from bs4 import BeautifulSoup

    d, doc = packages[0]
    page = BeautifulSoup(_file(doc, d, "html").decode("utf-8"), "html.parser")
    tables = page.find_all("table")
    assert len(tables) == len(_grids(doc))
    assert [h.get_text() for h in page.find_all("h2")][:2] == ["部门预算收支总表", "部门预算收入总表"]
    head = tables[1].find("thead")
    assert head is not None and head.find_all("tr")[-1].find("th").get_text() == "栏次"
    first = tables[1].find("tbody").find("tr")
    assert [td.get_text() for td in first.find_all(["td", "th"])][:3] == ["1", "", "合计"]
    assert page.find("p", class_="note").get_text().startswith("注：")


def test_xlsx_sheets_numbers_and_print_titles(packages: list[tuple[Disclosure, Document]]) -> None:
    from openpyxl import load_workbook

    d, doc = packages[0]
    wb = load_workbook(io.BytesIO(_file(doc, d, "xlsx")))
    assert wb.sheetnames[:3] == ["部门预算收支总表", "部门预算收入总表", "部门预算支出总表"]
    assert wb.sheetnames[-1] == "情况说明"
    ws = wb["部门预算收入总表"]
    assert ws["A1"].value == "部门预算收入总表"
    assert ws["A2"].value == f"{d.department.code}{d.department.name}"
    assert ws.print_title_rows == "$2:$5"
    assert ws["A5"].value == "栏次"
    table = d.table("income")
    assert table is not None
    total = ws["D6"].value
    assert isinstance(total, float) and Decimal(repr(total)) == table.rows[0].values["total"]
    assert ws["D6"].number_format == "0.00"
    assert ws["B7"].value == table.rows[1].code and ws["B7"].data_type == "s"  # codes stay text



@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx", "pdf"])
def test_publish_then_read_is_exact(fmt: Format, packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    for d, doc in packages[:2]:
        path = tmp_path / f"package.{fmt}"
        path.write_bytes(_file(doc, d, fmt))
        assert_same_package(d, read(path).model_copy(update={"source": d.source, "layout": d.layout}))


@pytest.mark.parametrize("fmt", ["docx", "html", "xlsx", "pdf"])
def test_random_budgets_through_files(fmt: Format, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp(fmt)

    @settings(
        max_examples=8 if fmt == "pdf" else 15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(budget=budgets())
    def check(budget: Budget) -> None:
        truth = compose(build(budget), Prior(Decimal("10.00"), Decimal("6.00"), Decimal("4.00"), Decimal("1.00")))
        path = folder / f"budget.{fmt}"
        path.write_bytes(_file(build_document(truth), truth, fmt))
        assert_round_trip(truth, read(path), exact=True)

    check()
