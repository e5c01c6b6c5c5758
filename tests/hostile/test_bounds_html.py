"""Bounds of the HTML reader, enforced before the work they bound (issue 13, item 4 and 6).

Hostile pages are built here and read in a child process (tests/readers/hostile_probe.py), which
measures the seconds and the growth of the peak resident memory: each ends in a Chinese
``ReadError`` naming the file and the bound. The 616 KB page of ``rowspan="65534"`` cells (8.5 GB
and 120 s before) is refused in < 2 s and < 300 MB.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.readers.hostile_files import html_page, rowspan_page
from tests.readers.hostile_probe import probe
from yusuan.read import deadline
from yusuan.read.errors import ReadError
from yusuan.read.formats import cellgrid, html
from yusuan.read.formats.html import read_html
from yusuan.read.source import CellRow, Para

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 300.0


def _rows(rows: int, cols: int) -> str:
    return ("<tr><td>预算</td>" + "<td>1</td>" * (cols - 1) + "</tr>") * rows


#: name → (page, seconds allowed, expected message)
PAGES: dict[str, tuple[bytes, float, str]] = {
    "rowspan_616kb": (rowspan_page(), 2.0, r"合并单元格展开后的单元格数（已达 \d+ 个）超过上限 200000 个"),
    "colspan_area": (
        html_page(
            '<tr><td>预算</td><td colspan="999">1</td></tr>', 201, "<html><body><table>", "</table></body></html>"
        ),
        2.0,
        r"第 1 个表格合并单元格展开后的单元格数（已达 201000 个）超过上限 200000 个",
    ),
    "elements_16mb": (html_page("<p>预算x</p>", 1_198_000), 2.0, r"网页约有 1198002 个元素，超过上限 300000 个"),
    "paragraphs": (html_page("<p>预算</p>", 50_001), 5.0, r"段落数超过上限 50000 段"),
    "tables": (html_page(f"<table>{_rows(1, 2)}</table>", 2_001), 2.0, r"网页中的表格超过上限 2000 个"),
    "rows": (
        html_page(_rows(20_001, 2), 1, "<html><body><table>", "</table></body></html>"),
        5.0,
        r"行数超过上限 20000 行",
    ),
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("hostile_html")
    warm = folder / "warm.html"
    warm.write_bytes(html_page(f"<table>{_rows(3, 3)}</table>", 2))
    cases: list[list[str]] = [["warm-up", "html", str(warm)]]
    for name, (page, _, _) in PAGES.items():
        (folder / f"{name}.html").write_bytes(page)
        cases.append([name, "html", str(folder / f"{name}.html")])
    cases.append(["read_rowspan_616kb", "read", str(folder / "rowspan_616kb.html")])  # through yusuan.read
    return probe(cases, folder)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hostile_page_is_refused_within_its_bounds(outcomes: dict[str, dict[str, Any]], name: str) -> None:
    outcome = outcomes[name]
    _, seconds, expected = PAGES[name]
    assert "crash" not in outcome, outcome
    message = outcome["error"]
    assert message is not None, f"{name}: read without an error"
    assert message.startswith(outcome["path"] + "："), "the message names the file"
    assert re.search(expected, message), message
    assert outcome["seconds"] < seconds, outcome
    assert outcome["peak_growth_mb"] < PEAK_MB, outcome


def test_the_rowspan_page_is_refused_through_the_api_as_fast(outcomes: dict[str, dict[str, Any]]) -> None:
    outcome = outcomes["read_rowspan_616kb"]
    assert "crash" not in outcome and outcome["error"] is not None, outcome
    assert re.search(PAGES["rowspan_616kb"][2], outcome["error"]), outcome
    assert outcome["seconds"] < 2.0 and outcome["peak_growth_mb"] < PEAK_MB, outcome


def test_the_rowspan_page_is_the_issue_page() -> None:
    """The page measured in issue 13: ~616 KB of cells spanning 65,534 rows."""
    page = rowspan_page()
    assert 600_000 < len(page) < 640_000 and page.count(b'rowspan="65534"') == 14_000


def _table(rows: list[str]) -> bytes:
    return f"<html><body><table>{''.join(rows)}</table></body></html>".encode()


def test_spans_are_counted_clipped_to_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rowspan counts only the rows left in its table: a 65,534-row span in a 5-row table covers 5
    positions, so a table covering exactly the bound reads and one more cell is refused."""
    monkeypatch.setattr(cellgrid, "MAX_CELLS", 10)
    rows = ['<tr><td rowspan="65534">项目</td><td>预算</td></tr>'] + ["<tr><td>1</td></tr>"] * 4
    page = tmp_path / "at.html"
    page.write_bytes(_table(rows))
    cells = [b for b in read_html(page).blocks() if isinstance(b, CellRow)]
    assert [c.texts for c in cells] == [["项目", "预算"]] + [["", "1"]] * 4
    page.write_bytes(_table([*rows[:-1], "<tr><td>1</td><td>2</td></tr>"]))
    with pytest.raises(
        ReadError, match=r"at\.html：第 1 个表格合并单元格展开后的单元格数（已达 11 个）超过上限 10 个"
    ) as err:
        read_html(page)
    assert err.value.code == "read.too_large"


def test_elements_are_counted_before_the_page_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lxml.html

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(lxml.html, "document_fromstring", parse)
    monkeypatch.setattr(html, "MAX_HTML_ELEMENTS", 100)
    page = tmp_path / "many.html"
    page.write_bytes(html_page("<p>预算</p><!-- x -->", 99, "<html><body>", "</body></html>"))  # 101 start tags
    with pytest.raises(ReadError, match=r"many\.html：网页约有 101 个元素，超过上限 100 个"):
        read_html(page)


def test_layout_tables_are_found_in_one_pass(tmp_path: Path) -> None:
    """A table holding a table is layout (its text read as paragraphs), at any depth; the innermost
    table is a grid."""
    inner = "<table><tr><td>项目</td><td>金额</td></tr><tr><td>预算</td><td>1.5</td></tr></table>"
    page = tmp_path / "nested.html"
    page.write_bytes(
        ("<html><body>" + "<table><tr><td><p>说明文字</p>" * 50 + inner + "</td></tr></table>" * 50).encode()
    )
    blocks = list(read_html(page).blocks())
    assert [b.texts for b in blocks if isinstance(b, CellRow)] == [["项目", "金额"], ["预算", "1.5"]]
    assert sum(isinstance(b, Para) and b.text == "说明文字" for b in blocks) == 50


def test_too_many_tables_are_refused_before_any_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_HTML_TABLES", 3)
    page = tmp_path / "tables.html"
    page.write_bytes(html_page(f"<table>{_rows(2, 2)}</table>", 3))
    assert len([b for b in read_html(page).blocks() if isinstance(b, CellRow)]) == 6
    page.write_bytes(html_page(f"<table>{_rows(2, 2)}</table>", 4))
    with pytest.raises(ReadError, match=r"tables\.html：网页中的表格超过上限 3 个"):
        read_html(page)


def test_paragraphs_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cellgrid, "MAX_PARAGRAPHS", 5)
    page = tmp_path / "paras.html"
    page.write_bytes(html_page("<p>预算</p>", 5))
    assert len(list(read_html(page).blocks())) == 5
    page.write_bytes(html_page("<p>预算</p>", 6))
    with pytest.raises(ReadError, match=r"paras\.html：段落数超过上限 5 段"):
        read_html(page)


def test_a_page_read_past_its_deadline_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "slow.html"
    page.write_bytes(html_page(f"<table>{_rows(3, 2)}</table>", 1))
    assert read_html(page)  # no bound open: the reader's own (120 s)
    with deadline.reading_deadline(page, seconds=0), pytest.raises(ReadError) as err:
        read_html(page)
    assert err.value.code == "read.too_slow"
    assert re.fullmatch(
        r".*slow\.html：第 1 个表格第 1 行读取用时超过上限 0 秒（文件过大或过于复杂），拒绝读取", str(err.value)
    )


def test_elements_are_counted_in_the_decoded_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A UTF-16 page's end tags are not counted as start tags (its bytes hold ``<\\0/\\0``)."""
    monkeypatch.setattr(html, "MAX_HTML_ELEMENTS", 5)
    page = tmp_path / "utf16.html"
    page.write_bytes("<html><body><p>预算</p><p>说明</p><p>三</p></body></html>".encode("utf-16"))  # 5 start tags
    assert [b.text for b in read_html(page).blocks() if isinstance(b, Para)] == ["预算", "说明", "三"]
    page.write_bytes("<html><body><p>预算</p><p>说明</p><p>三</p><p>四</p></body></html>".encode("utf-16"))
    with pytest.raises(ReadError, match=r"网页约有 6 个元素，超过上限 5 个"):
        read_html(page)
