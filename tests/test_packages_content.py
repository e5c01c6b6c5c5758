"""Files of one disclosure that their names do not group (附件1.pdf + 附件2.pdf) are grouped by what their
first pages say: a narrative and a tables file of the same department and year (issue 12, point 3)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from yusuan.pipeline.batch import packages
from yusuan.read.packages import Cover, cover_of, group_by_content


def _pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    for n, text in enumerate(lines):
        page.insert_text((50, 60 + 24 * n), text, fontname="china-s", fontsize=12)
    doc.save(path)
    doc.close()
    return path


def test_cover_tells_narrative_from_tables() -> None:
    narrative = cover_of(["北京市甲局2026年部门预算情况说明", "一、部门职责"])
    tables = cover_of(["部门名称：北京市甲局", "2026年部门收支总表", "单位：万元"])
    assert narrative == Cover("北京市甲局", 2026, narrative=True, tables=False)
    assert tables is not None and tables.tables and not tables.narrative and tables.department == "北京市甲局"
    assert cover_of([]) is None


def test_a_narrative_and_its_tables_are_one_package(tmp_path: Path) -> None:
    a = _pdf(tmp_path / "附件1.pdf", ["北京市甲局2026年部门预算情况说明", "一、部门职责"])
    b = _pdf(tmp_path / "附件2.pdf", ["部门名称：北京市甲局", "2026年部门收支总表", "单位：万元"])
    other = _pdf(tmp_path / "附件3.pdf", ["部门名称：北京市乙局", "2026年部门收支总表", "单位：万元"])
    assert [p.files for p in packages([a, b, other])] == [(a, b), (other,)]
    assert [p.files for p in packages([a, b, other], separate=True)] == [(a,), (b,), (other,)]


def test_unsure_files_stay_apart(tmp_path: Path) -> None:
    first = Cover("甲局", 2026, narrative=True, tables=False)
    revised = Cover("甲局", 2026, narrative=True, tables=False)
    table_a = Cover("甲局", 2026, narrative=False, tables=True)
    table_b = Cover("甲局", 2026, narrative=False, tables=True)
    files = [tmp_path / n for n in ("a.pdf", "b.pdf", "c.pdf", "d.pdf")]
    # two table files for one narrative: which belongs is not known — nothing is merged
    groups = group_by_content([[f] for f in files[:3]], dict(zip(files, [first, table_a, table_b], strict=False)))
    assert groups == [[files[0]], [files[1]], [files[2]]]
    # a table file without a department joins a narrative only when that narrative is the only one
    nameless = Cover(None, None, narrative=False, tables=True)
    two = dict(zip(files, [first, revised, nameless], strict=False))
    assert group_by_content([[f] for f in files[:3]], two) == [[files[0]], [files[1]], [files[2]]]
    one = {files[0]: first, files[2]: nameless}
    assert group_by_content([[files[0]], [files[2]]], one) == [[files[0], files[2]]]
    # another folder is another package
    elsewhere = tmp_path / "x" / "d.pdf"
    assert group_by_content([[files[0]], [elsewhere]], {files[0]: first, elsewhere: table_a}) == [
        [files[0]],
        [elsewhere],
    ]
