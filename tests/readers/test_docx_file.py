"""The DOCX reader: paragraphs and table rows with their locations, merged cells, and whole
Hebei-layout packages read back exactly."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from tests.conftest import seed_path
from tests.readers.office_files import dump_without_locations, layout, package_items, table_dump, write_docx
from yusuan import read_text
from yusuan.read.api import read_source
from yusuan.read.formats.docx import read_docx
from yusuan.read.source import CellRow, Para, SourceText
from yusuan.read.text import decode
from yusuan.synth import samples

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _cells(row: CellRow) -> list[tuple[str, int | None, int, str | None]]:
    return [(c.text, c.col, c.span, c.location.cell) for c in row.cells]


def test_paragraphs_tables_and_merged_cells(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("部门预算收支总表")
    d.add_paragraph("")  # empty paragraphs are counted, not emitted
    table = d.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "收入"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "支出"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "项目"
    table.cell(1, 1).text = "1.50"
    table.cell(2, 3).text = "社会保障和就\n业支出"
    table.cell(3, 0).text = "合计"
    table.cell(3, 2).text = "3.00"
    d.add_paragraph("注：无。")
    d.save(str(tmp_path / "a.docx"))
    src = read_docx(tmp_path / "a.docx")
    blocks = list(src.blocks())
    assert src.layout == "docx"
    assert blocks[0] == Para("部门预算收支总表", blocks[0].location)
    assert blocks[0].location.line == 1
    rows = [b for b in blocks if isinstance(b, CellRow)]
    assert {r.grid for r in rows} == {1}
    # horizontally merged: once, with its span
    assert _cells(rows[0]) == [("收入", 0, 2, "T1R1C1"), ("支出", 2, 2, "T1R1C3")]
    assert _cells(rows[1]) == [
        ("项目", 0, 1, "T1R2C1"),
        ("1.50", 1, 1, "T1R2C2"),
        ("", 2, 1, "T1R2C3"),
        ("", 3, 1, "T1R2C4"),
    ]
    # vertically merged: the text in the first row only, a blank cell in the later ones
    assert _cells(rows[2])[0] == ("", 0, 1, "T1R3C1")
    assert rows[2].texts[3] == "社会保障和就业支出"  # a line break inside Chinese text joins without a space
    assert rows[3].texts == ["合计", "", "3.00", ""]
    note = blocks[-1]
    assert isinstance(note, Para) and note.text == "注：无。" and note.location.line == 3


def test_runs_tracked_changes_content_controls_and_text_boxes(tmp_path: Path) -> None:
    d = docx.Document()
    body = d.element.body
    p = parse_xml(
        f"<w:p {W_NS}><w:r><w:t>本年收入</w:t></w:r>"
        "<w:del><w:r><w:delText>删去的</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>593.58</w:t></w:r></w:ins>"
        '<w:hyperlink><w:r><w:t xml:space="preserve">万元</w:t></w:r></w:hyperlink>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"
        "</w:p>"
    )
    sdt = parse_xml(f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>目录中的一段</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    sect = body[-1]
    sect.addprevious(p)
    sect.addprevious(sdt)
    path = tmp_path / "b.docx"
    d.save(str(path))
    assert [(b.text, b.location.line) for b in read_docx(path).blocks() if isinstance(b, Para)] == [
        ("本年收入593.58万元", 1),
        ("目录中的一段", 2),
    ]


def test_title_row_and_note_row_inside_the_table_become_paragraphs(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=5, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "部门预算支出总表"
    table.cell(1, 0).text = "101某某局"
    table.cell(1, 2).text = "单位：万元"
    for c, t in enumerate(("科目编码", "科目名称", "合计")):
        table.cell(2, c).text = t
    for c, t in enumerate(("201", "一般公共服务支出", "1.00")):
        table.cell(3, c).text = t
    table.cell(4, 0).merge(table.cell(4, 2)).text = "注：本表不含结转。"
    path = tmp_path / "c.docx"
    d.save(str(path))
    blocks = list(read_docx(path).blocks())
    assert isinstance(blocks[0], Para) and blocks[0].text == "部门预算支出总表"
    assert blocks[0].location.cell == "T1R1C1"
    # the department line stays the table's first row, as in the Hebei template
    assert [b.texts for b in blocks[1:4] if isinstance(b, CellRow)] == [
        ["101某某局", "", "单位：万元"],
        ["科目编码", "科目名称", "合计"],
        ["201", "一般公共服务支出", "1.00"],
    ]
    assert isinstance(blocks[4], Para) and blocks[4].text == "注：本表不含结转。"


def _as_hebei(src: SourceText) -> SourceText:
    """The blocks of a real file, read by the Hebei (DOCX-text) table reader."""
    return SourceText.from_blocks("docx-text", list(src.blocks()))


@pytest.mark.parametrize("heads", [True, False], ids=["merged-heads", "flat-heads"])
def test_sample_package_reads_back_exactly(tmp_path: Path, heads: bool) -> None:
    truth = samples.consistent()
    path = write_docx(package_items(truth, heads), tmp_path / "sample.docx")
    got = read_source(_as_hebei(read_docx(path)), path.name)
    assert got.problems == [] and got.ambiguities == []
    assert table_dump(got) == table_dump(truth)
    assert (got.department, got.year, got.unit) == (truth.department, truth.year, truth.unit)


def _published(tmp_path: Path, fmt: str) -> Path:
    """The sample package as issue 4's publishing writes it (Hebei layout, merged heads)."""
    from yusuan.publish.api import render_document
    from yusuan.publish.document import build_document

    truth = samples.consistent()
    ((suffix, data),) = render_document(build_document(truth), truth, fmt).items()  # type: ignore[arg-type]
    path = tmp_path / f"published{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html"])
def test_published_files_read_back_exactly(tmp_path: Path, fmt: str) -> None:
    """The files publishing writes, read by these readers, give the sample's nine tables exactly."""
    from yusuan.read.api import load_source

    got = read_source(_as_hebei(load_source(_published(tmp_path, fmt))), fmt)
    assert got.problems == [] and got.ambiguities == []
    assert table_dump(got) == table_dump(samples.consistent())


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html"])
def test_published_files_read_back_exactly_through_read(tmp_path: Path, fmt: str) -> None:
    import yusuan

    got = yusuan.read(_published(tmp_path, fmt))
    assert table_dump(got) == table_dump(samples.consistent())


def test_sample_package_reads_back_exactly_through_read(tmp_path: Path) -> None:
    import yusuan

    truth = samples.consistent()
    got = yusuan.read(write_docx(package_items(truth), tmp_path / "sample.docx"))
    assert table_dump(got) == table_dump(truth)


def test_unit_paragraph_between_title_and_table(tmp_path: Path) -> None:
    truth = samples.consistent()
    items = package_items(truth)
    title = items.index("部门预算财政拨款“三公”经费支出表")
    grid = copy.deepcopy(items[title + 1])
    assert not isinstance(grid, str)
    grid.rows = grid.rows[1:]  # the department row goes above the table as a paragraph
    items[title + 1 : title + 2] = ["101示例县人民代表大会常务委员会 单位：万元", grid]
    got = read_source(_as_hebei(read_docx(write_docx(items, tmp_path / "p.docx"))), "p.docx")
    assert table_dump(got)["three_public"] == table_dump(truth)["three_public"]


@pytest.mark.parametrize("key", ["002", "003", "004"])
def test_seed_packages_as_docx_read_like_their_text(tmp_path: Path, key: str) -> None:
    """A seed's DOCX text laid out again as a real DOCX reads into the same disclosure: tables,
    narrative, performance, procurement, assets, glossary — only the locations differ."""
    text = decode(seed_path(key).read_bytes())
    want = read_text(text, source="seed")
    path = write_docx(layout(text, heads=False), tmp_path / f"{key}.docx")
    got = read_source(_as_hebei(read_docx(path)), "seed")
    assert dump_without_locations(got) == dump_without_locations(want)
