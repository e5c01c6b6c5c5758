"""The budget workbook: the template's instructions and validation, and reading a filled one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.publish.fill import fill
from yusuan.model import Disclosure
from yusuan.publish.document import Document
from yusuan.publish.inputs import InputError, load_input
from yusuan.publish.workbook import write_template


def test_template_has_instructions_and_validation(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path, 2023)
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["填表说明", "基本信息", "收支明细"]
    assert wb["科目"].sheet_state == "hidden"
    assert "yusuan publish" in "".join(str(c.value) for c in wb["填表说明"]["A"])
    detail = wb["收支明细"]
    rules = {str(v.sqref): v for v in detail.data_validations.dataValidation}
    assert rules["A2:A301"].type == "list" and rules["A2:A301"].formula1 == "功能科目"
    assert rules["C2:C301"].type == "list" and "一般公共预算拨款" in (rules["C2:C301"].formula1 or "")
    kinds = {(v.type, v.formula1) for v in detail.data_validations.dataValidation if str(v.sqref) == "D2:H301"}
    assert ("decimal", "0") in kinds and ("custom", "ROUND(D2,2)=D2") in kinds
    codes = [c.value for c in wb["科目"]["A"][1:] if c.value]
    assert "2010101" in codes and all(len(c) == 7 for c in codes)
    assert "'科目'!$A$2" in wb.defined_names["功能科目"].attr_text
    info = wb["基本信息"]
    assert [info.cell(row=r, column=1).value for r in range(2, 6)] == ["部门编码", "部门名称", "预算年度", "政府层级"]
    assert "必填" in info["C2"].value


def test_filled_workbook_amounts_are_exact(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    d, _ = packages[0]
    given = load_input(fill(d, tmp_path / "预算.xlsx"))
    got = given.disclosure
    assert got.department == d.department and got.year == d.year
    for table_id, table in d.tables.items():
        assert got.tables[table_id].model_dump(exclude={"location"}) == table.model_dump(exclude={"location"}), table_id
    assert [p.model_dump() for p in got.performance] == [p.model_dump() for p in d.performance]
    assert got.assets.model_dump() == d.assets.model_dump()
    assert all(v.as_tuple().exponent == -2 for r in got.tables["income"].rows for v in r.values.values())  # type: ignore[union-attr]


def _broken(packages: list[tuple[Disclosure, Document]], tmp_path: Path, sheet: str, cell: str, value: object) -> str:
    d, _ = packages[0]
    path = fill(d, tmp_path / "预算.xlsx")
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    with pytest.raises(InputError) as caught:
        load_input(path)
    return str(caught.value)


def test_three_decimals_are_refused(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    message = _broken(packages, tmp_path, "收支明细", "D2", 12.345)
    assert "收支明细" in message and "D2" in message and "两位小数" in message


def test_unknown_code_is_refused(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    message = _broken(packages, tmp_path, "收支明细", "A2", "2010198")  # 20101 lists every 项; 98 is none
    assert "A2" in message and "不是 20" in message and "功能分类科目编码" in message


def test_required_fields(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    message = _broken(packages, tmp_path, "基本信息", "B3", None)
    assert "基本信息" in message and "B3" in message and "必填" in message


def test_text_where_an_amount_belongs(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    message = _broken(packages, tmp_path, "基本支出", "C2", "十万")
    assert "基本支出" in message and "C2" in message and "应为金额" in message


def test_fiscal_money_for_operating_spending(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    message = _broken(packages, tmp_path, "收支明细", "F2", Decimal("1.00"))
    assert "财政拨款只能用于基本支出和项目支出" in message
