"""The nine tables of the seeds, checked against what the seed text prints.

The PDF-text seed (000) drops blank cells, so these tests pin the placements that only the
arithmetic can decide; each expectation was read off the seed text by hand (line numbers given).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import yusuan
from tests.conftest import seed_path
from yusuan.model import Disclosure, Table


def _read(key: str) -> Disclosure:
    return yusuan.read(seed_path(key))


def _row(d: Disclosure, table: str, code: str | None, key: str | None = None) -> dict[str, str]:
    t = d.tables[table]
    assert isinstance(t, Table)
    for r in t.rows:
        if (code is not None and r.code == code) or (code is None and r.key == key):
            return {k: str(v) for k, v in r.values.items()}
    raise AssertionError(f"{table} has no row {code or key}")


def test_000_renda_huiyi_is_project_not_basic() -> None:
    # 000 line 254: "5 2010104 人大会议 40.00 40.00" — the parent 20101 has basic 325.08, all of it
    # in 2010101 行政运行 (340.08 = 325.08 + 15.00), so 40.00 can only be 项目支出.
    d = _read("000")
    for table in ("expenditure", "general_budget"):
        assert _row(d, table, "2010104") == {"total": "40.00", "project": "40.00"}
        assert _row(d, table, "2010101") == {"total": "340.08", "basic": "325.08", "project": "15.00"}
        assert _row(d, table, "2010106") == {"total": "7.50", "project": "7.50"}
        assert _row(d, table, "2010108") == {"total": "15.00", "project": "15.00"}
        assert _row(d, table, "2080501") == {"total": "88.60", "basic": "88.60"}
        assert _row(d, table, None, "total") == {"total": "618.63", "basic": "541.13", "project": "77.50"}
    assert d.ambiguities == []


@pytest.mark.parametrize("table", ["income", "expenditure", "general_budget"])
def test_000_page_split_name_is_one_row(table: str) -> None:
    # 000 lines 183-220: "15 2101103 公务员医疗补 48.80 …" ends page 3; "助" follows the repeated
    # page header on page 4. In the other tables the name is printed whole.
    d = _read("000")
    t = d.tables[table]
    assert isinstance(t, Table)
    rows = [r for r in t.rows if r.code == "2101103"]
    assert len(rows) == 1
    assert rows[0].name == "公务员医疗补助"
    assert rows[0].values["total"] == Decimal("48.80")
    assert not any(r.name == "助" for r in t.rows)


def test_000_wrapped_names_join() -> None:
    # 000 lines 130-171: income rows whose names wrap over several lines.
    d = _read("000")
    income = d.tables["income"]
    assert isinstance(income, Table)
    names = {r.code: r.name for r in income.rows}
    assert names["208"] == "社会保障和就业支出"
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert names["2080501"] == "行政单位离退休"
    assert _row(d, "income", "2080505") == {"total": "36.00", "subtotal": "36.00", "fiscal": "36.00"}


def test_000_empty_tables_keep_their_note() -> None:
    d = _read("000")
    for table, note in (
        ("gov_fund", "注：无政府基金预算财政拨款预算，空表列示。"),
        ("state_capital", "注：无国有资本经营预算财政拨款预算，空表列示。"),
        ("three_public", "注：无财政拨款“三公”经费支出表预算，空表列示。"),
    ):
        t = d.tables[table]
        assert isinstance(t, Table)
        assert t.rows == [] and t.note == note


def test_000_fiscal_summary_columns() -> None:
    # 000 line 304: "1 一、一般公共预算拨款 618.63 一、一般公共服务支出 402.58 402.58": the income
    # item has one number; the expenditure item's two numbers are 合计 and 一般公共预算 (the
    # government-fund table is empty, so its column is blank).
    d = _read("000")
    fs = d.two_sided("fiscal_summary")
    assert fs is not None
    assert fs.income[0].key == "general" and fs.income[0].values == {"amount": Decimal("618.63")}
    first = fs.expenditure[0]
    assert first.code == "201" and first.values == {"total": Decimal("402.58"), "general": Decimal("402.58")}
    keys = [r.key for r in fs.income]
    assert keys[-5:] == [
        "carryover",
        "carryover_general",
        "carryover_gov_fund",
        "carryover_state_capital",
        "grand_total",
    ]


def test_003_three_public_blank_parent_kept_as_printed() -> None:
    # 003: 公务用车购置及运维费 is printed blank although 运行维护费 is 6.80; the reader keeps
    # the printed blank (the review reports it) and records the broken equation.
    d = _read("003")
    assert _row(d, "three_public", None, "vehicle") == {}
    assert _row(d, "three_public", None, "vehicle_operation") == {"total": "6.80", "general": "6.80"}
    assert _row(d, "three_public", None, "total") == {"total": "8.3", "general": "8.3"}
    assert _row(d, "three_public", None, "abroad_academic") == {}


def test_002_docx_rows_keep_positions() -> None:
    d = _read("002")
    assert _row(d, "expenditure", "2010102") == {"total": "225.72", "project": "225.72"}
    assert _row(d, "basic_expenditure", "302") == {"total": "97.41", "public": "97.41"}
    assert _row(d, "three_public", None, "vehicle_purchase") == {"total": "18.00", "general": "18.00"}
    assert d.ambiguities == []
