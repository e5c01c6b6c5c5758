"""A unit-budget workbook laid out as budget systems export it reads to the same numbers as its PDF.

The nine tables of ../shared/corpus/xlsx/shanghai-putuo-2026-unit-budget.pdf were transcribed by eye
(tests/fixtures/unit_budget_export.py). Here they are written, with openpyxl, as a budget system exports
them: one sheet per table; a title row, an 编制单位 … 单位：元 row, the printed heads on as many header rows
as they have levels with merged cells, body rows with the code as printed in separate 类/款/项 columns or in
one 科目编码 column, 合计 merged over the code and name columns, and real numeric cells with number formats
(``#,##0.00``; ``#,##0`` where the page prints no decimals). The workbook and the PDF are then both read
and compared table by table, row by row (code, key, name) and cell by cell (Decimal in 万元), and each is
compared with the transcription.

The document's own defect is expected in both readings: row 2040601 行政运行 prints 项目支出 64,840,547.00
(its parent's figure) in the 支出总表 and the 一般公共预算 table.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import yusuan
from tests.conftest import SHARED
from tests.fixtures.unit_budget_export import FILE, TABLES
from yusuan.domain.units import TO_WAN
from yusuan.model import Disclosure, Row, Table, TwoSidedTable
from yusuan.review.engine import review

PDF = SHARED / "corpus" / "xlsx" / FILE
needs_pdf = pytest.mark.skipif(not PDF.is_file(), reason=f"{PDF} is absent: the corpus PDF is not bundled")

#: The canonical column key of each amount column of the transcription, in print order.
KEYS: dict[str, tuple[str, ...]] = {
    "income": ("total", "fiscal", "business", "operating", "other"),
    "expenditure": ("total", "basic", "project"),
    "general_budget": ("total", "basic", "project"),
    "gov_fund": ("total", "basic", "project"),
    "state_capital": ("total", "basic", "project"),
    "basic_expenditure": ("total", "personnel", "public"),
    "fiscal_summary": ("total", "general", "gov_fund", "state_capital"),
}
#: The 三公 table's one row of figures: the row key of each column (the last, 机关运行经费, is a table of its own).
THREE_PUBLIC_KEYS = ("total", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation")
CODE_HEADS = ("类", "款", "项")
LAYOUTS = ("split", "joined-text", "joined-number")


# -- the workbook --------------------------------------------------------------------------------------


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _wan(text: str | None, unit: str) -> Decimal | None:
    return None if text is None else _number(text) * TO_WAN[unit]


def _code_columns(heads: tuple[tuple[str, ...], ...]) -> int:
    return sum(1 for h in heads if h[-1] in CODE_HEADS)


def _layout_heads(heads: tuple[tuple[str, ...], ...], layout: str) -> tuple[tuple[str, ...], ...]:
    """The heads of the sheet: 类/款/项 as printed, or one code column named by their common head."""
    n = _code_columns(heads)
    if layout == "split" or n == 0:
        return heads
    return (heads[0][:-1], *heads[n:])


def _code_cells(code: str | None, n: int, layout: str) -> list[Any]:
    if code is None:
        return [None] * (n if layout == "split" else 1)
    if layout == "split":
        parts = [code[:3], code[3:5], code[5:7]][:n]
        return [p or None for p in parts]
    return [int(code) if layout == "joined-number" else code]


def _write_heads(ws: Worksheet, top: int, left: int, heads: tuple[tuple[str, ...], ...]) -> int:
    """The header rows: each head spans the columns under it and, when it is a column's last, the rows
    down to the body. Returns the first body row."""
    depth = max(len(h) for h in heads)
    for level in range(depth):
        col = 0
        while col < len(heads):
            path = heads[col]
            if len(path) <= level:
                col += 1
                continue
            end = col
            while end + 1 < len(heads) and heads[end + 1][: level + 1] == path[: level + 1]:
                end += 1
            bottom = top + depth - 1 if all(len(heads[c]) == level + 1 for c in range(col, end + 1)) else top + level
            ws.cell(top + level, left + col, path[level])
            if end > col or bottom > top + level:
                ws.merge_cells(start_row=top + level, start_column=left + col, end_row=bottom, end_column=left + end)
            col = end + 1
    return top + depth


def _write_amount(ws: Worksheet, row: int, col: int, text: str | None) -> None:
    if text is None:
        return
    cell = ws.cell(row, col, _number(text))
    cell.number_format = "#,##0.00" if "." in text else "#,##0"


def _write_side(ws: Worksheet, row: int, left: int, entry: tuple[Any, ...], n_code: int, layout: str) -> int:
    """One body row of one side: code cells, name, amounts. Returns the column after it."""
    code, name, amounts = entry
    codes = _code_cells(code, n_code, layout) if n_code else []
    if code is None and name == "合计" and codes:
        ws.cell(row, left, name)  # 合计 centred over the code and name columns
        ws.merge_cells(start_row=row, start_column=left, end_row=row, end_column=left + len(codes))
    else:
        for i, value in enumerate(codes):
            if value is not None:
                ws.cell(row, left + i, value)
        if name:
            ws.cell(row, left + len(codes), name)
    col = left + len(codes) + (1 if name or codes else 0)
    for i, text in enumerate(amounts):
        _write_amount(ws, row, col + i, text)
    return col + len(amounts)


def _sides(table: dict[str, Any]) -> list[dict[str, Any]]:
    return [table["income"], table["expenditure"]] if "income" in table else [table]


def _write_table(ws: Worksheet, table: dict[str, Any], layout: str) -> None:
    sides = _sides(table)
    heads_by_side = [_layout_heads(side["heads"], layout) for side in sides]
    width = sum(len(h) for h in heads_by_side)
    ws.cell(1, 1, table["title"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, "编制单位：上海市普陀区司法局")
    ws.cell(2, width, f"单位：{table['unit']}")
    body = _write_heads(ws, 3, 1, tuple(h for heads in heads_by_side for h in heads))
    if len(sides) == 2:
        # two sides: items paired line by line, the 总计 lines together on the last row
        items = [list(side["rows"][:-1]) for side in sides]
        lines = max(len(i) for i in items)
        rows = [[side[n] if n < len(side) else None for side in items] for n in range(lines)]
        rows.append([side["rows"][-1] for side in sides])
    else:
        rows = [[r] for r in table["rows"]]
        if "first_code_cell" in table:
            ws.cell(body, 1, table["first_code_cell"])  # 无, printed above the blank rows of an empty table
            body += 1
    for n, entries in enumerate(rows):
        left = 1
        for side, heads, entry in zip(sides, heads_by_side, entries, strict=True):
            n_code = _code_columns(side["heads"]) if layout == "split" else min(1, _code_columns(side["heads"]))
            if entry is not None:
                _write_side(ws, body + n, left, entry, n_code, layout)
            left += len(heads)
    if "note" in table:
        ws.cell(body + len(rows), 1, table["note"])


def export_workbook(path: Path, layout: str) -> Path:
    """The transcription written as a budget system's export: one sheet per table, in print order."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for n, table in enumerate(TABLES.values(), start=1):
        _write_table(wb.create_sheet(f"表{n}"), table, layout)
    wb.save(path)
    return path


# -- readings ------------------------------------------------------------------------------------------


def _name(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _row(r: Row) -> tuple[Any, ...]:
    return (r.code, r.key, _name(r.name), dict(r.values))


def _reading(d: Disclosure) -> dict[str, Any]:
    """Every table of a disclosure: its title, unit and rows (both sides of a two-sided table)."""
    out: dict[str, Any] = {}
    for table_id, t in d.tables.items():
        head = (_name(t.title), t.unit, t.source_unit, _name(t.note), t.columns)
        if isinstance(t, TwoSidedTable):
            out[table_id] = (head, [_row(r) for r in t.income], [_row(r) for r in t.expenditure])
        elif isinstance(t, Table):
            out[table_id] = (head, [_row(r) for r in t.rows])
    return out


def _expected_rows(table_id: str) -> list[tuple[Any, ...]]:
    table = TABLES[table_id]
    keys = KEYS[table_id]
    return [
        (code, _name(name), {k: _wan(a, table["unit"]) for k, a in zip(keys, amounts, strict=True) if a is not None})
        for code, name, amounts in table["rows"]
    ]


def _side(rows: list[Row], unit: str, entries: tuple[Any, ...], keys: tuple[str, ...]) -> list[str]:
    diffs = []
    if len(rows) != len(entries):
        diffs.append(f"{len(rows)} rows read, {len(entries)} printed")
    for r, (_code, name, amounts) in zip(rows, entries, strict=False):
        want = {k: _wan(a, unit) for k, a in zip(keys, amounts, strict=False) if a is not None}
        got = {k: r.values.get(k) for k in want}
        if _name(r.name) != _name(name) or got != want:
            diffs.append(f"{r.name} {got} != {name} {want}")
    return diffs


def fixture_differences(d: Disclosure) -> list[str]:
    """Where a reading differs from the transcription (amounts in 万元, exact)."""
    diffs: list[str] = []
    for table_id, table in TABLES.items():
        t = d.tables.get(table_id)
        unit = table["unit"]
        if table_id in ("summary", "fiscal_summary"):
            if not isinstance(t, TwoSidedTable):
                diffs.append(f"{table_id}: not read as a two-sided table")
                continue
            # the summary keeps each item's 预算数 (合计); its 基本支出/项目支出 columns are not in the model
            exp_keys = KEYS.get(table_id, ("amount",))
            diffs += [f"{table_id} income: {x}" for x in _side(t.income, unit, table["income"]["rows"], ("amount",))]
            diffs += [f"{table_id} expenditure: {x}" for x in _side(t.expenditure, unit, table["expenditure"]["rows"],
                                                                      exp_keys)]  # fmt: skip
        elif table_id == "three_public":
            (amounts,) = (r[2] for r in table["rows"])
            own = {r.key: r.values.get("total") for r in (t.rows if isinstance(t, Table) else [])}
            ops = d.tables.get("operating_costs")
            ops_total = next((r.values.get("total") for r in ops.rows if r.key == "total"), None) \
                if isinstance(ops, Table) else None  # fmt: skip
            got = [own.get(k) for k in THREE_PUBLIC_KEYS] + [ops_total]
            want = [_wan(a, unit) for a in amounts]
            if got != want:
                diffs.append(f"three_public: {got} != {want}")
        else:
            rows = [(r.code, _name(r.name), dict(r.values)) for r in (t.rows if isinstance(t, Table) else [])]
            want_rows = _expected_rows(table_id)
            if len(rows) != len(want_rows):
                diffs.append(f"{table_id}: {len(rows)} rows read, {len(want_rows)} printed")
            diffs += [f"{table_id}: read {g}, printed {w}" for g, w in zip(rows, want_rows, strict=False) if g != w]
    return diffs


def reading_differences(a: Disclosure, b: Disclosure) -> list[str]:
    """Where two readings of the same tables differ: title, unit, note, and every row and value."""
    ra, rb = _reading(a), _reading(b)
    diffs = [f"{t}: read in one file only" for t in sorted(set(ra) ^ set(rb))]
    for table_id in sorted(set(ra) & set(rb)):
        (head_a, *sides_a), (head_b, *sides_b) = ra[table_id], rb[table_id]
        if head_a != head_b:
            diffs.append(f"{table_id} head: {head_a} != {head_b}")
        for n, (side_a, side_b) in enumerate(zip(sides_a, sides_b, strict=True)):
            if len(side_a) != len(side_b):
                diffs.append(f"{table_id} side {n}: {len(side_a)} rows != {len(side_b)} rows")
            diffs += [f"{table_id} side {n}: {x} != {y}" for x, y in zip(side_a, side_b, strict=False) if x != y]
    return diffs


# -- tests ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_reading() -> Disclosure:
    if not PDF.is_file():
        pytest.skip(f"{PDF} is absent: the corpus PDF is not bundled")
    return yusuan.read(PDF)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_export_reads_to_the_transcription(tmp_path: Path, layout: str) -> None:
    d = yusuan.read(export_workbook(tmp_path / "unit-budget.xlsx", layout))
    assert set(TABLES) <= set(d.tables), f"tables not read: {sorted(set(TABLES) - set(d.tables))}"
    diffs = fixture_differences(d)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:30])
    # the document's defect, kept as printed: 行政运行's 项目支出 is its parent's figure
    for table_id in ("expenditure", "general_budget"):
        t = d.tables[table_id]
        assert isinstance(t, Table)
        row = next(r for r in t.rows if r.code == "2040601")
        assert row.values["project"] == Decimal("6484.0547") and row.values["total"] == row.values["basic"]
    # every amount is located in its sheet and cell
    t = d.tables["basic_expenditure"]
    assert isinstance(t, Table) and all(r.location.sheet and r.location.cell for r in t.rows)


@needs_pdf
def test_the_pdf_reads_to_the_transcription(pdf_reading: Disclosure) -> None:
    diffs = fixture_differences(pdf_reading)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:30])


@needs_pdf
@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_export_and_the_pdf_read_the_same(tmp_path: Path, layout: str, pdf_reading: Disclosure) -> None:
    d = yusuan.read(export_workbook(tmp_path / "unit-budget.xlsx", layout))
    diffs = reading_differences(d, pdf_reading)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs[:30])
    # the same reading checks hold, and the review finds the same things (the defect of 行政运行 among them)
    checks = [[(t.table, t.checks, t.passed) for t in x.reading.tables] for x in (d, pdf_reading) if x.reading]
    assert len(checks) == 2 and checks[0] == checks[1]
    found = [sorted((f.rule, f.severity) for f in review(x).findings) for x in (d, pdf_reading)]
    assert found[0] == found[1] and ("row-sum", "error") in found[0]


@needs_pdf
def test_the_export_is_a_unit_budget_like_the_pdf(tmp_path: Path, pdf_reading: Disclosure) -> None:
    assert pdf_reading.kind == "单位预算"
    d = yusuan.read(export_workbook(tmp_path / "unit-budget.xlsx", "split"))
    assert d.kind == pdf_reading.kind


def test_a_changed_cell_is_a_difference(tmp_path: Path) -> None:
    """The comparison can fail: one amount changed in the workbook shows as a difference from the print."""
    path = export_workbook(tmp_path / "unit-budget.xlsx", "split")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["表3"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "普法宣传")
    ws.cell(cell.row, cell.column + 1, Decimal("1242901.00")).number_format = "#,##0.00"
    wb.save(path)
    diffs = fixture_differences(yusuan.read(path))
    assert len(diffs) == 1 and "普法宣传" in diffs[0]


def test_a_total_label_merged_over_part_of_the_table_stays_a_row(tmp_path: Path) -> None:
    """After a table's last row of figures, ``合计`` merged over the code and name columns (amounts blank)
    is a row of the table; a note, or a line merged over the table's whole width, is a paragraph."""
    from yusuan.read.formats.xlsx import read_xlsx
    from yusuan.read.source import CellRow, Para

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (("科目编码", "科目名称", "合计", "基本支出"), ("204", "公共安全支出", 1, 1), ("无", None, None, None)):
        ws.append(row)
    ws.append(("合计",))
    ws.merge_cells("A4:B4")
    ws.append(("本表金额均为四舍五入后的数字，合计数与分项之和可能略有差异",))
    ws.merge_cells("A5:D5")
    ws.append(("以上数据由预算系统导出",))
    ws.merge_cells("A6:D6")
    ws.append(("说明：空表",))
    path = tmp_path / "t.xlsx"
    wb.save(path)
    blocks = list(read_xlsx(path).blocks())
    rows = [b for b in blocks if isinstance(b, CellRow)]
    paras = [b.text for b in blocks if isinstance(b, Para)]
    assert rows[-1].texts == ["合计", "", ""] and [c.span for c in rows[-1].cells] == [2, 1, 1]
    note = "本表金额均为四舍五入后的数字，合计数与分项之和可能略有差异"
    assert paras == [note, "以上数据由预算系统导出", "说明：空表"]
