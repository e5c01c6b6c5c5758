"""The cost of each reading bound of HTML pages and workbooks, measured at the bound and past it.

Usage: .venv/bin/python -m benchmarks.bounds [--only NAME ...] [--keep DIR]

Each case is a file built here (tests/readers/hostile_files.py) that sits just inside one bound
("at") or past it ("over"); each is read in its own child process by tests/readers/hostile_probe.py,
which reports the seconds and the growth of the peak resident memory during the read (after a
warm-up read of a small valid file of the same format, so library imports are not counted). An
"at" case shows the most a file may cost under that bound; an "over" case that the file is refused
before the work the bound is there to prevent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from tests.readers.hostile_files import (
    blank_cells,
    blank_rows,
    cell_xml,
    html_page,
    merged_ranges,
    million_rows_xlsx,
    rowspan_page,
    shared_strings,
    table_rows,
    workbook_xlsx,
)

from yusuan.read.deadline import MAX_READ_SECONDS
from yusuan.read.formats import cellgrid, html, zipguard

ROOT = Path(__file__).resolve().parents[1]


class Case(NamedTuple):
    name: str
    bound: str
    reader: str  # a reader of tests/readers/hostile_probe.py
    build: Callable[[Path], Path]
    suffix: str


def _html(data: Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        path.write_bytes(data())
        return path

    return build


def _grid(rows: int, cols: int) -> bytes:
    row = "<tr><td>预算</td>" + "<td>1</td>" * (cols - 1) + "</tr>"
    return html_page(row, rows, "<html><body><table>", "</table></body></html>")


def _tables(tables: int, rows: int, cols: int) -> bytes:
    row = "<tr><td>预算</td>" + "<td>1</td>" * (cols - 1) + "</tr>"
    return html_page(f"<table>{row * rows}</table>", tables)


def _spans(rows: int) -> bytes:
    """``rows`` rows of a label and a cell spanning 999 columns: rows × 1,000 grid positions."""
    return html_page(
        '<tr><td>预算</td><td colspan="999">1</td></tr>', rows, "<html><body><table>", "</table></body></html>"
    )


def _rowspans(rows: int) -> bytes:
    """Every row starts a cell spanning the rows left: rows × (rows + 1) / 2 grid positions, each row
    below a span getting a blank cell (the costly form of spans)."""
    cells = "".join(f'<tr><td rowspan="65534">预算{r}</td></tr>' for r in range(rows))
    return f"<html><body><table>{cells}</table></body></html>".encode()


def _paragraphs(paragraphs: int, spans: int) -> bytes:
    return html_page("<p>预算" + "<span>x</span>" * spans + "</p>", paragraphs)


def _nested(depth: int, cells: int) -> bytes:
    inner = "<table><tr><td>预算</td><td>1</td></tr></table>"
    filler = "<p>说明</p>" * cells
    return ("<html><body>" + f"<table><tr><td>{filler}" * depth + inner + "</td></tr></table>" * depth).encode()


def _long_text(chars: int) -> Callable[[Path], Path]:
    return lambda p: workbook_xlsx(
        p, chain(table_rows(), [f'<row r="9">{cell_xml("A9", "预" * chars)}</row>'.encode()])
    )


_MB_CHARS = zipguard.MAX_XML_TEXT_RUN // 3  # UTF-8 bytes of one CJK character


def _filled(path: Path) -> Path:
    """Rows of 20 numbers up to the filled-cell bound."""
    rows = (
        (f'<row r="{r}">' + "".join(cell_xml(f"{chr(65 + c)}{r}", r + c + 0.5) for c in range(20)) + "</row>").encode()
        for r in range(1, cellgrid.MAX_CELLS // 20)
    )
    return workbook_xlsx(path, rows)


def _as_xls(build: Callable[[Path], Path]) -> Callable[[Path], Path]:
    """An XLS written by LibreOffice from the workbook ``build`` writes."""

    def convert(path: Path) -> Path:
        office = shutil.which("soffice") or shutil.which("libreoffice")
        if office is None:
            raise SystemExit("LibreOffice (soffice) is needed to write an .xls")
        xlsx = build(path.with_suffix(".xlsx"))
        subprocess.run(
            [office, "--headless", "--convert-to", "xls", "--outdir", str(path.parent), str(xlsx)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return path

    return convert


def _distinct_strings(path: Path, rows: int = 50_000) -> Path:
    """rows × 20 cells, each a distinct string (an XLS keeps them all in its shared-string table)."""
    cells = (
        (f'<row r="{r}">' + "".join(cell_xml(f"{chr(65 + c)}{r}", f"串{r}-{c}") for c in range(20)) + "</row>").encode()
        for r in range(1, rows + 1)
    )
    return workbook_xlsx(path, cells)


def _numbers(path: Path, rows: int = 50_000) -> Path:
    cells = (
        (f'<row r="{r}">' + "".join(cell_xml(f"{chr(65 + c)}{r}", r + c + 0.5) for c in range(20)) + "</row>").encode()
        for r in range(1, rows + 1)
    )
    return workbook_xlsx(path, cells)


def _text_volume(path: Path) -> Path:
    """Cells of 32,000 random CJK characters (96 KB each: deflate's 32 KB window finds no repeat)
    up to the file bound: the most text a workbook can bring."""
    rnd = random.Random(1)
    text = "".join(chr(0x4E00 + rnd.randrange(20_000)) for _ in range(32_000))
    rows = (f'<row r="{r}">{cell_xml(f"A{r}", text)}{cell_xml(f"B{r}", 1.5)}</row>'.encode() for r in range(1, 690))
    return workbook_xlsx(path, rows)


CASES = [
    Case("html_rowspan_616kb", "spans (before: 8.5 GB, 120 s)", "html", _html(rowspan_page), ".html"),
    Case(
        "html_spans_at",
        f"spans ≤ {cellgrid.MAX_CELLS}",
        "html",
        _html(lambda: _spans(cellgrid.MAX_CELLS // 1000 - 1)),
        ".html",
    ),
    Case(
        "html_spans_over",
        f"spans > {cellgrid.MAX_CELLS}",
        "html",
        _html(lambda: _spans(cellgrid.MAX_CELLS // 1000 + 1)),
        ".html",
    ),
    Case(
        "html_elements_at",
        f"elements ≤ {html.MAX_HTML_ELEMENTS}, paragraphs ≤ {cellgrid.MAX_PARAGRAPHS}",
        "html",
        _html(lambda: _paragraphs(49_999, 5)),
        ".html",
    ),
    Case(
        "html_elements_over",
        f"elements > {html.MAX_HTML_ELEMENTS} (16 MB page)",
        "html",
        _html(lambda: html_page("<p>预算x</p>", 1_198_000)),
        ".html",
    ),
    Case(
        "html_paragraphs_over",
        f"paragraphs > {cellgrid.MAX_PARAGRAPHS}",
        "html",
        _html(lambda: _paragraphs(60_000, 0)),
        ".html",
    ),
    Case(
        "html_tables_at",
        f"tables ≤ {html.MAX_HTML_TABLES}, rows ≤ {cellgrid.MAX_ROWS}",
        "html",
        _html(lambda: _tables(2_000, 10, 10)),
        ".html",
    ),
    Case("html_tables_over", f"tables > {html.MAX_HTML_TABLES}", "html", _html(lambda: _tables(2_001, 1, 2)), ".html"),
    Case("html_rows_over", f"rows > {cellgrid.MAX_ROWS}", "html", _html(lambda: _grid(20_001, 2)), ".html"),
    Case(
        "html_rowspans_at",
        f"rowspans ≤ {cellgrid.MAX_CELLS} positions",
        "html",
        _html(lambda: _rowspans(631)),  # 631 × 632 / 2 = 199,396
        ".html",
    ),
    Case("html_nested_layout", "nested layout tables (depth 50)", "html", _html(lambda: _nested(50, 500)), ".html"),
    Case(
        "xlsx_merges_at",
        f"merged ranges ≤ {zipguard.MAX_MERGED_RANGES}",
        "xlsx",
        lambda p: workbook_xlsx(p, table_rows(), merges=merged_ranges(zipguard.MAX_MERGED_RANGES)),
        ".xlsx",
    ),
    Case(
        "xlsx_merges_2m",
        "merged ranges (before: 1.1 GB, ValueError)",
        "xlsx",
        lambda p: workbook_xlsx(p, table_rows(), merges=merged_ranges(2_000_000)),
        ".xlsx",
    ),
    Case(
        "xlsx_strings_at",
        f"shared strings ≤ {zipguard.MAX_SHARED_STRINGS}",
        "xlsx",
        lambda p: workbook_xlsx(p, table_rows(), strings=shared_strings(zipguard.MAX_SHARED_STRINGS)),
        ".xlsx",
    ),
    Case(
        "xlsx_strings_3_5m",
        "shared strings (before: 747 MB)",
        "xlsx",
        lambda p: workbook_xlsx(p, table_rows(), strings=shared_strings(3_500_000)),
        ".xlsx",
    ),
    Case("xlsx_filled_at", f"filled cells ≤ {cellgrid.MAX_CELLS}", "xlsx", _filled, ".xlsx"),
    Case(
        "xlsx_cells_at",
        f"cell elements ≤ {zipguard.MAX_CELL_ELEMENTS}",
        "xlsx",
        lambda p: workbook_xlsx(p, chain(table_rows(), blank_cells(zipguard.MAX_CELL_ELEMENTS - 8))),
        ".xlsx",
    ),
    Case(
        "xlsx_cells_over",
        f"cell elements > {zipguard.MAX_CELL_ELEMENTS}",
        "xlsx",
        lambda p: workbook_xlsx(p, blank_cells(zipguard.MAX_CELL_ELEMENTS + 100)),
        ".xlsx",
    ),
    Case(
        "xlsx_rows_at",
        f"row elements ≤ {zipguard.MAX_ROW_ELEMENTS}",
        "xlsx",
        lambda p: workbook_xlsx(p, chain(table_rows(), blank_rows(zipguard.MAX_ROW_ELEMENTS - 4))),
        ".xlsx",
    ),
    Case(
        "xlsx_rows_over",
        f"row elements > {zipguard.MAX_ROW_ELEMENTS}",
        "xlsx",
        lambda p: workbook_xlsx(p, blank_rows(zipguard.MAX_ROW_ELEMENTS + 1)),
        ".xlsx",
    ),
    Case(
        "xlsx_filled_rows_over",
        f"filled rows > {cellgrid.MAX_ROWS} (1,000,000 rows)",
        "xlsx",
        million_rows_xlsx,
        ".xlsx",
    ),
    Case(
        "xlsx_sheets_at",
        f"sheets ≤ {zipguard.MAX_SHEETS}",
        "xlsx",
        lambda p: workbook_xlsx(p, table_rows(), sheets=zipguard.MAX_SHEETS),
        ".xlsx",
    ),
    Case(
        "xlsx_sheets_over",
        f"sheets > {zipguard.MAX_SHEETS}",
        "xlsx",
        lambda p: workbook_xlsx(p, table_rows(), sheets=zipguard.MAX_SHEETS + 1),
        ".xlsx",
    ),
    Case(
        "xls_strings_1m",
        f"XLS shared strings > {zipguard.MAX_SHARED_STRINGS} (before: 661 MB)",
        "xls",
        _as_xls(_distinct_strings),
        ".xls",
    ),
    Case(
        "xls_cells_1m",
        f"XLS cells ≤ {zipguard.MAX_CELL_ELEMENTS}, filled > {cellgrid.MAX_CELLS}",
        "xls",
        _as_xls(_numbers),
        ".xls",
    ),
    Case(
        "xlsx_text_volume",
        f"file ≤ {zipguard.MAX_FILE_BYTES // 2**20} MB of incompressible text",
        "xlsx",
        _text_volume,
        ".xlsx",
    ),
    Case("xlsx_text_at", f"text run ≤ {zipguard.MAX_XML_TEXT_RUN} bytes", "xlsx", _long_text(_MB_CHARS - 100), ".xlsx"),
    Case("xlsx_text_over", f"text run > {zipguard.MAX_XML_TEXT_RUN} bytes", "xlsx", _long_text(2 * _MB_CHARS), ".xlsx"),
]


def _warm_up(folder: Path) -> dict[str, Path]:
    page = folder / "warm.html"
    page.write_bytes(_tables(2, 3, 3))
    book = workbook_xlsx(folder / "warm.xlsx", table_rows())
    return {"html": page, "xlsx": book, "xls": book}


def _probe(folder: Path, case: Case, path: Path, warm: Path) -> dict[str, object]:
    cases = folder / f"{case.name}.json"
    cases.write_text(json.dumps([["warm-up", case.reader, str(warm)], [case.name, case.reader, str(path)]]))
    run = subprocess.run(
        [sys.executable, "-m", "tests.readers.hostile_probe", str(cases)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=MAX_READ_SECONDS + 60,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines:
        return {"crash": run.stderr.strip().splitlines()[-1:] or ["no output"], "seconds": None, "peak_growth_mb": None}
    outcome: dict[str, object] = json.loads(lines[-1])
    return outcome


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", help="case names (default: all)")
    ap.add_argument("--keep", type=Path, help="build the files in this folder and keep them")
    args = ap.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"reading deadline {MAX_READ_SECONDS:g} s"
    )
    print(f"{'case':24s} {'bound':52s} {'size':>9s} {'outcome':8s} {'seconds':>8s} {'peak MB':>8s}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        warm = _warm_up(folder)
        for case in CASES:
            if args.only and case.name not in args.only:
                continue
            path = case.build(folder / f"{case.name}{case.suffix}")
            outcome = _probe(folder, case, path, warm[case.reader])
            verdict = "read" if outcome.get("error") is None else "refused"
            if "crash" in outcome:
                verdict = "CRASH"
            size = f"{path.stat().st_size / 1024:.0f} KB"
            seconds, peak = outcome.get("seconds"), outcome.get("peak_growth_mb")
            print(f"{case.name:24s} {case.bound:52s} {size:>9s} {verdict:8s} {seconds!s:>8s} {peak!s:>8s}", flush=True)
            if verdict != "read":
                print(f"{'':24s} {str(outcome.get('error') or outcome.get('crash'))[-150:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
