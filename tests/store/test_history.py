"""History: one department's years side by side, computed changes beside the narrative's."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.store.departments import AmbiguousDepartment, resolve_department
from yusuan.store.history import History, department_history
from yusuan.store.ingest import ingest_file

runner = CliRunner()
D = Decimal


def _leting(engine: Engine) -> History:
    assert ingest_file(engine, seed_path("000")).status == "stored"
    assert ingest_file(engine, seed_path("004")).status == "stored"
    return department_history(engine, resolve_department(engine, "乐亭县人大").id)


def test_history_links_2020_and_2023(engine: Engine) -> None:
    h = _leting(engine)
    assert [y.year for y in h.years] == [2020, 2023]
    assert [y.has_tables for y in h.years] == [False, True]
    assert [y.printed_name for y in h.years] == ["乐亭县人大常委会办公室", "乐亭县人民代表大会常务委员会"]
    total = h.row("total")
    # 2020 has no tables: its figures come from the narrative, and say so.
    assert (total.values[2020].amount, total.values[2020].source) == (D("454.19"), "narrative")
    assert (total.values[2023].amount, total.values[2023].source) == (D("618.63"), "table")
    change = total.changes[2023]
    assert (change.from_year, change.computed) == (2020, D("164.44"))  # 618.63 − 454.19
    assert (change.stated_base_year, change.stated_prior, change.stated_change) == (2022, D("510.18"), D("108.45"))
    assert change.implied_change == D("108.45") and change.comparable is False
    assert total.changes[2020].stated_prior == D("420.38") and total.changes[2020].computed is None
    notes = [f.message for f in h.flags if f.kind == "note"]
    assert "2020年：没有入库的标准表格，表中数字取自情况说明的叙述（标 * 者）" in notes
    assert any(n.startswith("2023年：叙述所述变动以2022年为基数；已入库的上一年度是2020年") for n in notes)
    # The other rows: basic/project, personnel/public, 机关运行经费, 三公 and its parts, staff.
    assert h.row("basic").values[2020].amount == D("371.19") and h.row("basic").values[2023].amount == D("541.13")
    assert h.row("personnel").changes[2023].computed == D("183.98")
    assert h.row("personnel").changes[2023].stated_change == D("140.86")
    assert h.row("project").changes[2023].stated_change == D("-10.50")
    assert h.row("operating_cost").values[2020].amount == D("76.54")
    assert h.row("staff").values[2020].amount == 64
    three = h.row("three_public")
    assert three.values[2020].amount == D("28.55") and three.values[2023].amount == D("0.00")
    assert three.changes[2023].stated_prior == D("32.55") and three.changes[2023].stated_change == D("-1.06")
    assert h.row("reception").values[2020].amount == D("12.35")
    # Function 类 totals from the cells of `expenditure` (2023 only: 2020 has no tables).
    assert [(r.key, r.values[2023].amount) for r in h.functions] == [
        ("function:201", D("402.58")),
        ("function:208", D("124.60")),
        ("function:210", D("64.45")),
        ("function:221", D("27.00")),
    ]
    assert all(2020 not in r.values for r in h.functions)


def test_history_flags_differences(engine: Engine) -> None:
    h = _leting(engine)
    differences = [f.message for f in h.flags if f.kind == "difference"]
    assert "2023年 基本支出：叙述为618.63万元，表中为541.13万元（叙述多77.50万元）" in differences
    assert "2023年 “三公”经费：叙述为31.49万元，表中为0.00万元（叙述多31.49万元）" in differences
    assert any("叙述写作“28.55元”，其分项之和为28.55万元" in m for m in differences)
    # The narrative's own arithmetic holds: 618.63 − 510.18 = 108.45, 31.49 − 32.55 = −1.06.
    assert not any(f.aspect == "change" for f in h.flags if f.kind == "difference")


def _year_copy(tmp_path: Path, name: str, total: str) -> Path:
    """平乡 2023 published again as 2022, with its 合计 set to ``total``."""
    text = seed_path("003").read_text(encoding="utf-8").replace("2022", "2021").replace("2023", "2022")
    path = tmp_path / name
    path.write_text(text.replace("593.58", total), encoding="utf-8")
    return path


@pytest.mark.parametrize(("total_2022", "flagged"), [("590.83", False), ("590.00", True)])
def test_stated_change_is_compared_when_the_base_year_is_stored(
    engine: Engine, tmp_path: Path, total_2022: str, flagged: bool
) -> None:
    ingest_file(engine, seed_path("003"))  # 2023: 593.58, "较2022年预算增加2.75万元"
    assert ingest_file(engine, _year_copy(tmp_path, "pingxiang-2022.txt", total_2022)).status == "stored"
    h = department_history(engine, resolve_department(engine, "平乡").id)
    assert [y.year for y in h.years] == [2022, 2023]
    change = h.row("total").changes[2023]
    assert change.comparable and change.stated_change == D("2.75")
    assert change.computed == D("593.58") - D(total_2022)
    messages = [f.message for f in h.flags if f.kind == "difference" and f.row == "total" and f.year == 2023]
    if flagged:
        assert messages == ["2023年 支出合计：叙述所述变动+2.75万元，按已入库的2022年数计算为+3.58万元"]
    else:
        assert messages == []


def test_stated_prior_is_compared_with_the_stored_year(engine: Engine, tmp_path: Path) -> None:
    ingest_file(engine, seed_path("000"))  # 2023: "较2022年预算510.18万元增加108.45万元"
    copy = seed_path("000").read_text(encoding="utf-8").replace("2022", "2021").replace("2023", "2022")
    path = tmp_path / "leting-2022.txt"
    path.write_text(copy, encoding="utf-8")
    assert ingest_file(engine, path).status == "stored"
    h = department_history(engine, resolve_department(engine, "乐亭县人民代表大会").id)
    assert [y.year for y in h.years] == [2022, 2023]
    messages = [f.message for f in h.flags if f.kind == "difference" and f.row == "total" and f.year == 2023]
    assert messages == [
        "2023年 支出合计：叙述所述2022年数510.18万元与已入库的2022年数618.63万元不符（叙述少108.45万元）",
        "2023年 支出合计：叙述所述变动+108.45万元，按已入库的2022年数计算为0.00万元",
    ]


def test_history_json_shape(engine: Engine, db_url: str) -> None:
    _leting(engine)
    result = runner.invoke(app, ["history", "乐亭县人大", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"department", "kind", "unit", "years", "rows", "functions", "flags", "execution"}
    # No 决算 stored: the execution lists the budgets' years with no final beside them.
    assert all(y["final"] is None for y in data["execution"]["years"])
    assert data["department"]["names"] == ["乐亭县人大常委会办公室", "乐亭县人民代表大会常务委员会"]
    assert [y["year"] for y in data["years"]] == [2020, 2023] and data["unit"] == "万元"
    total = next(r for r in data["rows"] if r["key"] == "total")
    assert total["label"] == "支出合计"
    assert total["values"]["2020"] == {"amount": "454.19", "source": "narrative", "stated": "454.19"}
    assert total["values"]["2023"] == {"amount": "618.63", "source": "table", "stated": "618.63"}
    assert total["changes"]["2023"] == {
        "from_year": 2020,
        "computed": "164.44",
        "stated_base_year": 2022,
        "stated_prior": "510.18",
        "stated_change": "108.45",
        "implied_change": "108.45",
        "comparable": False,
    }
    assert data["functions"][0]["key"] == "function:201"
    assert data["functions"][0]["values"]["2023"]["amount"] == "402.58"
    flag = data["flags"][0]
    assert set(flag) == {"year", "row", "kind", "aspect", "message"}


def test_history_terminal_table(engine: Engine, db_url: str) -> None:
    _leting(engine)
    result = runner.invoke(app, ["history", "乐亭", "--db", db_url])
    assert result.exit_code == 0, result.output
    text = result.stdout
    for expected in (
        "乐亭县人民代表大会常务委员会（#1 · 乐亭县 · 县级 · 代码 101）部门预算 · 单位：万元",
        "2020年：乐亭县人大常委会办公室",
        "454.19*",
        "618.63",
        "计算 +164.44",
        "叙述 +108.45",
        "叙述上年 510.18",
        "⚠ 2023年 基本支出：叙述为618.63万元，表中为541.13万元（叙述多77.50万元）",
        "* 取自情况说明的叙述",
    ):
        assert expected in text, expected


def test_ambiguous_fragment_lists_departments(engine: Engine, db_url: str) -> None:
    for key in ("000", "002", "003"):
        ingest_file(engine, seed_path(key))
    with pytest.raises(AmbiguousDepartment) as info:
        resolve_department(engine, "人大")
    assert len(info.value.candidates) == 3
    result = runner.invoke(app, ["history", "人大", "--db", db_url])
    assert result.exit_code == 2
    assert "有 3 个部门与“人大”相符，请用编号指定其中一个" in result.stderr
    for c in info.value.candidates:
        assert f"{c.id}  {c.name}  {c.region}" in result.stderr
    as_json = runner.invoke(app, ["history", "人大", "--json", "--db", db_url])
    assert as_json.exit_code == 2
    assert [c["id"] for c in json.loads(as_json.stdout)["candidates"]] == [c.id for c in info.value.candidates]
    # The id chooses; so does a more specific fragment, in short or long form.
    assert resolve_department(engine, str(info.value.candidates[1].id)).name.startswith("唐山市丰南区")
    assert resolve_department(engine, "平乡县人民代表大会").name == "平乡县人民代表大会常务委员会"
    assert resolve_department(engine, "平乡县人大").name == "平乡县人民代表大会常务委员会"
    missing = runner.invoke(app, ["history", "不存在的部门", "--db", db_url])
    assert missing.exit_code == 2 and "没有找到与“不存在的部门”相符的部门" in missing.stderr
    assert "Traceback" not in missing.output
