"""Section tables (绩效目标表, 政府采购表) printed as blank forms: with a note saying they are empty they are
read — no rows, the note in the reading report — not left as "recognised, not read"."""

from __future__ import annotations

import pytest

import yusuan
from tests.conftest import ROOT
from yusuan.domain.tables import states_empty

NATIONAL = ROOT.parent / "shared" / "corpus" / "national"


@pytest.mark.parametrize(
    ("note", "empty"),
    [
        ("备注：本单位主管无市级财力安排的重点专项资金，故此表无数据。", True),
        ("注：无政府性基金预算财政拨款预算，空表列示。", True),
        ("注：本部门不涉及国有资本经营预算。", True),
        ("注：本表不含上年结转。", False),
        ("注：单位名称按预算单位编码排列。", False),
        (None, False),
    ],
)
def test_a_note_saying_the_table_is_empty(note: str | None, empty: bool) -> None:
    assert states_empty(note) is empty


def test_a_blank_form_with_its_note_is_read_empty() -> None:
    path = NATIONAL / "重庆-2026年重庆市气象局部门预算.pdf"
    if not path.is_file():
        pytest.skip(f"{path.name} is absent (../shared/corpus is not bundled)")
    report = yusuan.read(path).reading
    assert report is not None
    # p21 表十一 2026年市级重点专项资金绩效目标表(一级项目): heads only, 备注 …故此表无数据 (seen at 60 dpi)
    [form] = [t for t in report.tables if t.table == "performance_table" and t.pages == [21]]
    assert form.read and form.rows == 0 and form.cells == 0
    assert any(n.startswith("2026年市级重点专项资金绩效目标表(一级项目)：印为空表（备注") for n in report.notes)
