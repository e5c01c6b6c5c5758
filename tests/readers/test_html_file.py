"""The HTML reader: paragraphs, tables by the HTML table algorithm, encodings, and whole
Hebei-layout packages read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import seed_path
from tests.readers.office_files import dump_without_locations, layout, package_items, table_dump, write_html
from yusuan import read_text
from yusuan.read.api import read_source
from yusuan.read.errors import ReadError
from yusuan.read.formats.html import read_html
from yusuan.read.source import CellRow, Para, SourceText
from yusuan.read.text import decode
from yusuan.synth import samples

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>页面标题不读</title>
<style>p { color: red }</style></head>
<body>
<script>document.write("<p>脚本不读</p>")</script>
<h1>某某局2023年部门
  预算公开</h1>
<p>一、部门职责<br>负责预算编制。</p>
<table><tr><td>
  <p>布局表格中的文字</p>
  <table border="1">
    <caption>部门预算收支总表</caption>
    <thead>
      <tr><th rowspan="2">序号</th><th colspan="2">收入</th><th colspan="2">支出</th></tr>
      <tr><th>项目</th><th>预算数</th><th>项目</th><th>预算数</th></tr>
    </thead>
    <tbody>
      <tr><td>1</td><td>一般公共预算<br>拨款收入</td><td>593.58</td><td>一般公共服务支出</td><td>485.91</td></tr>
      <tr><td>2</td><td>事业收入</td><td></td><td rowspan="2">社会保障和就业支出</td><td>56.87</td></tr>
      <tr><td>3</td><td>其他收入</td><td>&nbsp;</td><td>0.00</td></tr>
    </tbody>
  </table>
</td></tr></table>
<p>注：空格&nbsp;保留为空格。</p>
</body></html>
"""


def test_paragraphs_tables_spans_and_locations(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    src = read_html(path)
    assert src.layout == "html"
    blocks = list(src.blocks())
    paras = [(b.text, b.location.line) for b in blocks if isinstance(b, Para)]
    assert paras == [
        ("某某局2023年部门预算公开", 6),  # a line break in the source between Chinese words joins them
        ("一、部门职责", 8),
        ("负责预算编制。", 8),
        ("布局表格中的文字", 10),  # text in a layout table (one that holds a table) is a paragraph
        ("部门预算收支总表", 12),
        ("注：空格 保留为空格。", 24),
    ]
    rows = [b for b in blocks if isinstance(b, CellRow)]
    assert [[(c.text, c.col, c.span) for c in r.cells] for r in rows[:2]] == [
        [("序号", 0, 1), ("收入", 1, 2), ("支出", 3, 2)],
        [("", 0, 1), ("项目", 1, 1), ("预算数", 2, 1), ("项目", 3, 1), ("预算数", 4, 1)],  # rowspan: blank below
    ]
    assert rows[2].texts == ["1", "一般公共预算拨款收入", "593.58", "一般公共服务支出", "485.91"]
    assert rows[3].texts == ["2", "事业收入", "", "社会保障和就业支出", "56.87"]
    assert rows[4].texts == ["3", "其他收入", "", "", "0.00"]
    assert rows[4].cells[4].location.cell == "T1R5C5" and rows[4].cells[4].location.line == 20
    assert rows[4].cells[3].location.cell == "T1R5C4"  # the blank under the rowspan keeps its column
    assert {r.grid for r in rows} == {1}
    assert not any("不读" in (b.text if isinstance(b, Para) else "".join(b.texts)) for b in blocks)


@pytest.mark.parametrize("encoding", ["gb2312", "gbk", "gb18030"])
def test_declared_chinese_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "gb.html"
    path.write_bytes(PAGE.replace('charset="utf-8"', f'charset="{encoding}"').encode("gb18030"))
    assert any(isinstance(b, Para) and b.text == "负责预算编制。" for b in read_html(path).blocks())


def test_undeclared_gb18030_and_wrong_declaration(tmp_path: Path) -> None:
    undeclared = tmp_path / "a.html"
    undeclared.write_bytes(PAGE.replace('<meta charset="utf-8">', "").encode("gb18030"))
    wrong = tmp_path / "b.html"
    wrong.write_bytes(PAGE.encode("gb18030"))  # says utf-8, is GB18030
    for path in (undeclared, wrong):
        assert any(isinstance(b, Para) and b.text == "负责预算编制。" for b in read_html(path).blocks())


def test_page_without_tables(tmp_path: Path) -> None:
    narrative = tmp_path / "n.html"
    narrative.write_text(
        "<html><body><h1>某某局2023年部门预算公开情况说明</h1><p>本部门预算收入10万元。</p></body></html>"
    )
    assert next(b.text for b in read_html(narrative).blocks() if isinstance(b, Para)).startswith("某某局")
    links = tmp_path / "links.html"
    links.write_text("<html><body><a href='a.html'>首页</a><p>通知公告</p></body></html>")
    with pytest.raises(ReadError, match="没有表格，也没有关于预算的文字"):
        read_html(links)
    frames = tmp_path / "frames.html"
    frames.write_text("<html><frameset><frame src='a.html'></frameset></html>")
    with pytest.raises(ReadError, match="没有任何文字或表格"):
        read_html(frames)


def _as_hebei(src: SourceText) -> SourceText:
    return SourceText.from_blocks("docx-text", list(src.blocks()))


@pytest.mark.parametrize("heads", [True, False], ids=["merged-heads", "flat-heads"])
def test_sample_package_reads_back_exactly(tmp_path: Path, heads: bool) -> None:
    truth = samples.consistent()
    path = write_html(package_items(truth, heads), tmp_path / "sample.html", encoding="gb2312")
    got = read_source(_as_hebei(read_html(path)), path.name)
    assert got.problems == [] and got.ambiguities == []
    assert table_dump(got) == table_dump(truth)
    assert (got.department, got.year, got.unit) == (truth.department, truth.year, truth.unit)


@pytest.mark.parametrize("key", ["002", "003", "004"])
def test_seed_packages_as_html_read_like_their_text(tmp_path: Path, key: str) -> None:
    text = decode(seed_path(key).read_bytes())
    want = read_text(text, source="seed")
    path = write_html(layout(text, heads=False), tmp_path / f"{key}.html")
    got = read_source(_as_hebei(read_html(path)), "seed")
    assert dump_without_locations(got) == dump_without_locations(want)
