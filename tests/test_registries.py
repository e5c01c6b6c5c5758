"""One seam per format direction: the registries of readers, report writers, publish writers,
exporters and compare outputs; what the command line offers comes from them; a format registered
later is found; and text a spreadsheet could run as a formula stays text in every xlsx and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import get_args, get_type_hints

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, update
from typer.testing import CliRunner

import yusuan
from tests.conftest import seed_path
from yusuan import report
from yusuan.cli import app
from yusuan.domain.registry import Registry
from yusuan.model import Disclosure
from yusuan.pipeline.batch import expand
from yusuan.publish import api as publish_api
from yusuan.publish.document import Document, Grid, Paragraph, build_document
from yusuan.publish.document import LayoutCell as GridCell
from yusuan.read.formats import FORMATS, LAYOUTS, FileFormat, format_for, register
from yusuan.read.source import TEXT_LAYOUTS, SourceText, split_lines
from yusuan.report import xlsx_report
from yusuan.report.xlsx_style import safe_text
from yusuan.review.engine import review
from yusuan.review.results import Reviewed
from yusuan.store import compare_output
from yusuan.store import export as ex
from yusuan.store.compare import MEASURES, CompareResult, CompareRow
from yusuan.store.compare_formats import COMPARE_WRITERS
from yusuan.store.db import make_engine, upgrade
from yusuan.store.exporters import EXPORTERS
from yusuan.store.ingest import ingest_file
from yusuan.store.schema import Department
from yusuan.synth.samples import consistent

FORMULA = "=1+1"
runner = CliRunner()


# --- the command line offers what the registries hold ----------------------------------------------


def _choices(command: str) -> tuple[str, ...]:
    """The values ``yusuan COMMAND --format`` accepts: the members of its option's enum."""
    callback = next(c.callback for c in app.registered_commands if c.callback and c.callback.__name__ == command)
    hint = get_type_hints(callback, include_extras=True)["fmt"]
    annotated = get_args(hint)[0]  # ExportFormat, or ReportFormat | None
    enum = next(a for a in (annotated, *get_args(annotated)) if isinstance(a, type) and issubclass(a, Enum))
    return tuple(m.value for m in enum)


def test_review_formats_are_the_report_writers() -> None:
    assert _choices("review") == report.WRITERS.names() == ("json", "md", "html", "xlsx", "pdf")
    assert report.text_formats() == ("json", "md")


def test_export_formats_are_the_exporters() -> None:
    assert _choices("export") == EXPORTERS.names() == ("csv", "xlsx", "parquet", "datapackage")
    assert EXPORTERS.names() == ex.FORMATS


def test_compare_formats_are_the_compare_writers() -> None:
    assert _choices("compare") == COMPARE_WRITERS.names() == ("table", "csv", "json", "xlsx")


def test_publish_formats_are_the_publish_writers(tmp_path: Path) -> None:
    assert publish_api.WRITERS.names() == ("pdf", "docx", "xlsx", "html", "txt")
    result = runner.invoke(app, ["publish", str(tmp_path / "x.json"), "-o", str(tmp_path / "x"), "-f", "nope"])
    assert result.exit_code != 0
    assert f"可用的格式：{'、'.join(publish_api.WRITERS.names())}" in result.output


def test_readable_suffixes_are_the_file_formats() -> None:
    assert FORMATS.names() == ("pdf", "docx", "xlsx", "xls", "html", "text")
    assert set(FORMATS.suffixes()) == {
        ".pdf", ".docx", ".xlsx", ".xlsm", ".xls", ".html", ".htm", ".txt",
    }  # fmt: skip
    assert {f.name for f in FORMATS if f.archive} == {"docx", "xlsx", "xls"}
    assert all(set(f.layouts) <= set(LAYOUTS) for f in FORMATS)
    assert set(FORMATS.get("text").layouts) == TEXT_LAYOUTS


def test_formats_are_sniffed_before_suffixes(tmp_path: Path) -> None:
    pdf_as_txt = tmp_path / "a.txt"
    pdf_as_txt.write_bytes(b"%PDF-1.7\n...")
    page = tmp_path / "b.txt"
    page.write_text("<!DOCTYPE html><html></html>")
    text = tmp_path / "c.data"
    text.write_text("部门预算")
    assert [format_for(p).name for p in (pdf_as_txt, page, text)] == ["pdf", "html", "text"]


def test_a_registry_refuses_a_second_entry_of_a_name() -> None:
    reg: Registry[FileFormat] = Registry("file format")
    fmt = FileFormat("x", (".x",), split_lines_loader, ("pdf-text",))
    reg.register(fmt)
    with pytest.raises(ValueError, match="already registered"):
        reg.register(fmt)
    with pytest.raises(ValueError, match="lower case"):
        reg.register(fmt._replace(name="y", suffixes=(".Y",)))
    assert reg.register(fmt, replace=True) is fmt and reg.by_suffix(".X") is fmt


# --- a format registered later is read -----------------------------------------------------------


def split_lines_loader(path: Path) -> SourceText:
    """A toy format: the seeds' extracted text with every line reversed."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return split_lines("\n".join(line[::-1] for line in lines))


@pytest.fixture
def dummy_format() -> Iterator[FileFormat]:
    fmt = register(FileFormat("reversed", (".rev",), split_lines_loader, ("pdf-text", "docx-text"), joinable=False))
    yield fmt
    FORMATS.unregister(fmt.name)


def test_a_registered_format_is_read(dummy_format: FileFormat, tmp_path: Path) -> None:
    seed = seed_path("000")
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / "乐亭.rev"
    path.write_text("\n".join(line[::-1] for line in text.split("\n")), encoding="utf-8")
    got = yusuan.read(path)
    want = yusuan.read(seed)
    assert got.tables == want.tables and got.department == want.department
    files, failures = expand([tmp_path])
    assert files == [path] and not failures  # a folder is searched for the new suffix too
    with pytest.raises(yusuan.ReadError, match="只能把"):
        yusuan.read_package([path, seed])


def test_an_unregistered_format_is_gone(dummy_format: FileFormat) -> None:
    assert FORMATS.find("reversed") is dummy_format
    FORMATS.unregister("reversed")
    assert FORMATS.find("reversed") is None and ".rev" not in FORMATS.suffixes()
    register(dummy_format)  # for the fixture to remove


# --- formula-looking text stays text ----------------------------------------------------------------


def test_safe_text() -> None:
    # A plain number ("+1", "-1.5") is no formula: a spreadsheet reads it as the number (issue 13).
    texts = ("=1+1", "+1", "-1", "-1.5", "-1+1", "@SUM(A1)", "\tx", "\rx", "乐亭", "1-2", "")
    assert [safe_text(t) for t in texts] == [
        "'=1+1", "+1", "-1", "-1.5", "'-1+1", "'@SUM(A1)", "'\tx", "'\rx", "乐亭", "1-2", "",
    ]  # fmt: skip


def _text_cells(path: Path) -> dict[str, str]:
    """Every cell whose value contains the formula: value → data type."""
    wb = load_workbook(path)
    return {
        str(c.value): c.data_type
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "1+1" in c.value
    }


def test_review_workbook_keeps_formulas_as_text(tmp_path: Path) -> None:
    d: Disclosure = consistent().model_copy(deep=True)
    d.department.name = FORMULA
    path = xlsx_report.write([Reviewed(d, review(d))], tmp_path / "审核.xlsx")
    cells = _text_cells(path)
    assert cells and cells.get(FORMULA) == "s" and set(cells.values()) == {"s"}


def test_published_workbook_keeps_formulas_as_text() -> None:
    d = consistent()
    doc = build_document(d)
    grid = Grid(rows=((GridCell(FORMULA), GridCell("1.00", align="right")),), widths=(1.0, 1.0))
    doc = Document(doc.title, doc.department, doc.year, (*doc.blocks, Paragraph(FORMULA), grid))
    ((suffix, content),) = publish_api.render_document(doc, d, "xlsx").items()
    wb = load_workbook(io.BytesIO(content))
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == FORMULA]
    assert suffix == ".xlsx" and len(found) == 2 and {c.data_type for c in found} == {"s"}


def _compare_result() -> CompareResult:
    values: dict[str, Decimal | None] = {m.key: Decimal("-1.5") for m in MEASURES}
    row = CompareRow(1, 1, FORMULA, "-乐亭县", None, 2023, "部门预算", 1, 10, values)
    return CompareResult(None, None, None, [row], [], [])


def test_compare_outputs_keep_formulas_as_text(tmp_path: Path) -> None:
    result = _compare_result()
    stream = io.StringIO()
    compare_output.write_csv(result, stream)
    head, row = list(csv.reader(io.StringIO(stream.getvalue())))
    values = dict(zip(head, row, strict=True))
    assert values["部门"] == "'=1+1" and values["地区"] == "'-乐亭县"
    assert "-1.50" in row or "-1.5" in row  # amounts are numbers, not text: no apostrophe
    path = tmp_path / "比较.xlsx"
    compare_output.write_xlsx(result, path)
    cells = _text_cells(path)
    assert cells.get(FORMULA) == "s" and set(cells.values()) == {"s"}


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    upgrade(engine)
    assert ingest_file(engine, seed_path("000")).status == "stored"
    with engine.begin() as c:
        c.execute(update(Department).values(name=FORMULA))
    yield engine
    engine.dispose()


def test_exports_keep_formulas_as_text(stored: Engine, tmp_path: Path) -> None:
    ex.export(stored, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "departments.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert [r["name"] for r in csv.DictReader(stream)] == ["'=1+1"]
    ex.export(stored, "xlsx", tmp_path / "open.xlsx")
    assert load_workbook(tmp_path / "open.xlsx")["departments"]["B2"].value == FORMULA
    assert load_workbook(tmp_path / "open.xlsx")["departments"]["B2"].data_type == "s"
    # The data package's CSVs are opened in spreadsheets too: formula-like text is quoted as in the
    # Excel CSVs, and its descriptor says so (issue 13); Parquet keeps the text exact.
    ex.export(stored, "datapackage", tmp_path / "dp")
    with (tmp_path / "dp" / "departments.csv").open(encoding="utf-8", newline="") as stream:
        assert [r["name"] for r in csv.DictReader(stream)] == ["'=1+1"]
    assert "apostrophe" in (tmp_path / "dp" / "datapackage.json").read_text(encoding="utf-8")
