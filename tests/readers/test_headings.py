"""Column heads by meaning: head paths of several provinces' templates, index columns, and
unknown columns identified by arithmetic (issue 11, point 2).

The head paths below restate what real packages print (Guangzhou, Shenzhen, Xi'an, Changsha,
Chongqing, Huzhou, Beijing templates); the grids are small synthetic tables in their shape.
"""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest

from yusuan.domain.headings import column_key, is_index_head, is_not_budget_head, is_of_which_head
from yusuan.model import Location
from yusuan.read.source import CellRow, Para, SourceCell, SourceText

# ``yusuan.read`` is also the facade's read function: import the stage modules by name.
_assemble = importlib.import_module("yusuan.read.tables.assemble")
_grid_tables = importlib.import_module("yusuan.read.tables.grid_tables")
_grid_rows = importlib.import_module("yusuan.read.tables.grid_rows")


# -- heads → keys ---------------------------------------------------------------------------------

HEADS: list[tuple[str, str, str | None]] = [
    # (table, head path joined by "/", key)
    ("basic_expenditure", "人员类", "personnel"),  # Changsha
    ("basic_expenditure", "公用类", "public"),
    ("basic_expenditure", "人员经费", "personnel"),
    ("basic_expenditure", "日常公用经费", "public"),
    ("basic_expenditure", "基本支出/人员经费", "personnel"),  # Chongqing
    ("basic_expenditure", "基本支出/总计", "total"),
    ("general_budget", "人员经费支出", "personnel"),  # Xi'an
    ("general_budget", "公用经费支出", "public"),
    ("general_budget", "一般公共预算支出/小计", "total"),  # Guangzhou: the table's own fund
    ("general_budget", "一般公共预算支出/其中：基本支出", "basic"),
    ("general_budget", "2026年预算数", "total"),
    ("fiscal_summary", "支出/预算", "total"),
    ("fiscal_summary", "支出/一般公共预算", "general"),
    ("income", "本年收入/财政拨款/一般公共预算拨款", "general"),  # Shenzhen
    ("income", "本年收入/财政专户管理资金", "special_account"),
    ("income", "本年收入/单位资金/事业收入", "business"),
    ("income", "本年收入/单位资金/事业单位经营收入", "operating"),
    ("income", "事业单位经营服务收入", "operating"),  # Changsha
    ("income", "其它收入", "other"),
    ("income", "上年结余、结转", "carryover"),
    ("income", "上年结转结余/小计", "carryover"),  # Huzhou
    ("income", "上年结转结余/一般公共预算", "carryover_general"),
    ("income", "上年结转结余/专户资金结转结余", "carryover_special_account"),
    ("income", "财政拨款收入/政府性基金预算", "gov_fund"),  # Guangzhou
    ("income", "本年收入合计", "subtotal"),
    ("income", "一般公共预算拨款收入", "general"),  # Chongqing
    ("income", "财政专户管理资金收入", "special_account"),
    ("expenditure", "部门预算/公共预算拨款/小计", "general"),  # Xi'an: 公共预算 is 一般公共预算
    ("expenditure", "部门预算/政府性基金拨款", "gov_fund"),
    ("expenditure", "其中/事业单位经营支出", "operating"),  # Beijing
    ("expenditure", "对附属单位补助支出", "subsidy_affiliated"),
    ("expenditure", "上缴上级支出", "remit_superior"),
    ("expenditure", "支出总计", "total"),
    ("expenditure", "部门预算/事业单位经营收入", None),  # Xi'an: a source of funds, not 经营支出
    ("expenditure", "事业单位经营支出", "operating"),
    # not amounts of this year's budget, or no meaning of their own
    ("expenditure", "序号", None),
    ("expenditure", "行次", None),
    ("general_budget", "2025年执行数/执行数", None),
    ("general_budget", "2026年预算数比2025年执行数/增减(%)", None),
    ("expenditure", "2026年政府采购项目/小计", None),  # Shenzhen: the procurement share
    ("expenditure", "部门预算/公共预算拨款/其中：专项资金列入部门预算的项目", None),  # Xi'an
    ("income", "事业收入/其中：教育收费", None),
    ("income", "本级财政拨款/其中:经费拨款", None),  # Changsha
]


@pytest.mark.parametrize(("table", "head", "key"), HEADS)
def test_heads_of_several_templates_map_to_their_key(table: str, head: str, key: str | None) -> None:
    assert column_key(head.split("/"), table) == key


def test_index_heads_are_recognised_whatever_their_spacing() -> None:
    for head in (["序号"], ["序  号"], ["行次"], ["栏次"], ["编号"], ["项次"], ["收入", "行次"], ["序", "号"]):
        assert is_index_head(head), head
    for head in (["合计"], ["科目编码"], ["单位编码"], ["项目"]):
        assert not is_index_head(head), head


def test_of_which_columns_with_a_key_of_their_own_are_read() -> None:
    assert is_of_which_head(["事业收入", "其中：教育收费"], "income")
    assert not is_of_which_head(["一般公共预算支出", "其中：基本支出"], "general_budget")
    assert is_not_budget_head(["2026年政府采购项目", "小计"])
    assert not is_not_budget_head(["基本支出", "人员经费"])


# -- synthetic grids --------------------------------------------------------------------------------


def _row(texts: list[str], y: int, grid: int = 1) -> CellRow:
    return CellRow(
        [
            SourceCell(t, Location(page=1, box=(10.0 + 50 * i, y, 60.0 + 50 * i, y + 10)), col=i)
            for i, t in enumerate(texts)
        ],
        grid=grid,
    )


def _source(title: str, heads: list[list[str]], body: list[list[str]]) -> SourceText:
    blocks: list[Para | CellRow] = [Para(title, Location(page=1)), Para("单位：万元", Location(page=1))]
    y = 100
    for r in [*heads, *body]:
        blocks.append(_row(r, y))
        y += 12
    return SourceText.from_blocks("pdf", blocks, pages=1)


BASIC_TITLE = "一般公共预算基本支出表"
GENERAL_TITLE = "一般公共预算支出表"


def test_an_index_column_by_head_is_no_amount_and_the_report_says_so() -> None:
    src = _source(
        GENERAL_TITLE,
        [["序号", "科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
        [
            ["1", "", "合计", "30.50", "20.25", "10.25"],
            ["2", "201", "一般公共服务支出", "30.50", "20.25", "10.25"],
            ["3", "20101", "人大事务", "30.50", "20.25", "10.25"],
        ],
    )
    result = _assemble.read_tables(src)
    table = result.tables["general_budget"]
    assert [r.values["total"] for r in table.rows] == [Decimal("30.50")] * 3
    assert set(table.rows[0].values) == {"total", "basic", "project"}
    assert result.report is not None
    assert any("序号" in note and "序号栏" in note for note in result.report.notes)
    reading = next(t for t in result.report.tables if t.table == "general_budget")
    assert reading.checks and reading.passed == reading.checks


def test_a_headless_column_of_consecutive_integers_is_an_index_when_amounts_have_decimals() -> None:
    src = _source(
        GENERAL_TITLE,
        [["", "科目名称", "合计", "基本支出", "项目支出"]],
        [
            ["1", "合计", "30.50", "20.25", "10.25"],
            ["2", "201一般公共服务支出", "30.50", "20.25", "10.25"],
            ["3", "20101人大事务", "30.50", "20.25", "10.25"],
        ],
    )
    raw = _grid_tables.read_grid_tables(src)
    rows = raw.tables["general_budget"].rows
    assert [r.fixed for r in rows] == [
        {"total": Decimal("30.50"), "basic": Decimal("20.25"), "project": Decimal("10.25")}
    ] * 3
    assert any("序号栏" in n for n in raw.tables["general_budget"].notes)


def test_integers_that_are_amounts_stay_amounts() -> None:
    # No decimals anywhere: 1, 2, 3 may be amounts in a table printed in whole 元.
    src = _source(
        GENERAL_TITLE,
        [["科目名称", "合计", "基本支出", "项目支出"]],
        [["合计", "6", "3", "3"], ["201一般公共服务支出", "4", "2", "2"], ["205教育支出", "2", "1", "1"]],
    )
    raw = _grid_tables.read_grid_tables(src)
    assert raw.tables["general_budget"].rows[0].fixed == {
        "total": Decimal(6),
        "basic": Decimal(3),
        "project": Decimal(3),
    }


def test_bracketed_codes_are_codes() -> None:
    src = _source(
        BASIC_TITLE,
        [["项目", "预算"]],
        [["合计", "12.50"], ["[301]工资福利支出", "12.50"], ["【30101】基本工资", "12.50"]],
    )
    rows = _grid_tables.read_grid_tables(src).tables["basic_expenditure"].rows
    assert [(r.code, r.name) for r in rows] == [(None, "合计"), ("301", "工资福利支出"), ("30101", "基本工资")]


# -- arithmetic identification ---------------------------------------------------------------------


def test_an_unknown_column_equal_to_the_total_less_the_known_parts_is_the_missing_part() -> None:
    # Xi'an: 合计 = 人员经费支出 + 公用经费支出 + 专项业务经费支出 → the last is 项目支出.
    src = _source(
        GENERAL_TITLE,
        [["功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]],
        [
            ["", "合计", "100.00", "50.00", "20.00", "30.00"],
            ["201", "一般公共服务支出", "70.00", "30.00", "15.00", "25.00"],
            ["208", "社会保障和就业支出", "30.00", "20.00", "5.00", "5.00"],
        ],
    )
    result = _assemble.read_tables(src)
    rows = result.tables["general_budget"].rows
    assert rows[0].values == {
        "total": Decimal("100.00"),
        "personnel": Decimal("50.00"),
        "public": Decimal("20.00"),
        "project": Decimal("30.00"),
    }
    assert result.report is not None
    reading = next(t for t in result.report.tables if t.table == "general_budget")
    assert reading.unknown_columns == []
    assert any("专项业务经费支出" in n and "算术" in n and "项目支出" in n for n in result.report.notes)


def test_an_unknown_column_equal_to_the_sum_of_the_parts_is_their_whole() -> None:
    src = _source(
        BASIC_TITLE,
        [["经济科目编码", "经济科目名称", "共计", "人员经费", "公用经费"]],
        [
            ["", "合计", "12.00", "10.00", "2.00"],
            ["301", "工资福利支出", "10.00", "10.00", ""],
            ["302", "商品和服务支出", "2.00", "", "2.00"],
            ["30201", "办公费", "2.00", "0.50", "1.50"],
        ],
    )
    raw = _grid_tables.read_grid_tables(src)
    table = raw.tables["basic_expenditure"]
    assert table.columns == ("total", "personnel", "public")
    assert table.rows[0].fixed == {"total": Decimal("12.00"), "personnel": Decimal("10.00"), "public": Decimal("2.00")}


def test_rounding_within_the_printed_precision_still_identifies() -> None:
    src = _source(
        GENERAL_TITLE,
        [["科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]],
        [["合计", "10.01", "3.33", "3.33", "3.34"], ["201一般公共服务支出", "10.00", "3.33", "3.33", "3.33"]],
    )
    table = _grid_tables.read_grid_tables(src).tables["general_budget"]
    assert "project" in table.columns


def test_an_unknown_column_that_adds_up_to_nothing_stays_unknown_with_its_head() -> None:
    src = _source(
        GENERAL_TITLE,
        [["科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]],
        [
            ["合计", "100.00", "50.00", "20.00", "29.00"],
            ["201一般公共服务支出", "70.00", "30.00", "15.00", "25.00"],
            ["208社会保障和就业支出", "30.00", "20.00", "5.00", "5.00"],
        ],
    )
    result = _assemble.read_tables(src)
    assert result.report is not None
    reading = next(t for t in result.report.tables if t.table == "general_budget")
    assert reading.unknown_columns == ["专项业务经费支出"]


def test_a_column_copying_another_is_not_taken_for_a_part() -> None:
    # 上年实户资金余额 all zero, the parts otherwise complete: nothing to identify.
    src = _source(
        GENERAL_TITLE,
        [["科目名称", "合计", "基本支出", "上年实户资金余额"]],
        [["合计", "10.00", "10.00", "0.00"], ["201一般公共服务支出", "10.00", "10.00", "0.00"]],
    )
    table = _grid_tables.read_grid_tables(src).tables["general_budget"]
    assert "project" not in table.columns
    assert any(k.startswith("c") for k in table.columns)


# -- code columns ------------------------------------------------------------------------------------


def test_code_parts_printed_apart_take_their_parents_from_the_rows_above() -> None:
    # Changsha: 类 | 款 | 项, each row printing only its own part.
    src = _source(
        "部门收入总表",
        [["类", "款", "项", "功能科目", "合计", "上级补助收入"]],
        [
            ["", "", "", "合计", "9.00", "9.00"],
            ["205", "", "", "教育支出", "9.00", "9.00"],
            ["", "03", "", "职业教育", "9.00", "9.00"],
            ["", "", "99", "其他职业教育支出", "4.00", "4.00"],
            ["", "", "05", "高等职业教育", "5.00", "5.00"],
        ],
    )
    rows = _grid_tables.read_grid_tables(src).tables["income"].rows
    assert [r.code for r in rows] == [None, "205", "20503", "2050399", "2050305"]


def test_a_second_classification_code_column_is_not_a_code_part() -> None:
    # Xi'an: 部门经济科目编码 | 名称 | 政府经济科目编码 | 名称.
    src = _source(
        "一般公共预算支出表（按经济分类科目）",
        [["部门经济科目编码", "部门经济科目名称", "政府经济科目编码", "政府经济科目名称", "合计"]],
        [["301", "工资福利支出", "", "", "3.00"], ["30101", "基本工资", "50101", "工资奖金津补贴", "3.00"]],
    )
    rows = _grid_tables.read_grid_tables(src).tables["general_economic"].rows
    assert [(r.code, r.key) for r in rows] == [("301", None), ("30101", "50101")]


def test_a_headless_column_of_consecutive_class_codes_is_no_index() -> None:
    body = [
        _row(["201", "一般公共服务支出", "1.50", "1.50"], 100),
        _row(["202", "外交支出", "2.50", "2.50"], 112),
        _row(["203", "国防支出", "2.50", "2.50"], 124),
    ]
    layout = _grid_rows.Layout.build("general_budget", [_row(["", "科目名称", "合计", "基本支出"], 88)], body)
    assert layout.roles[0] == "code"
    assert layout.notes == []


def test_a_basic_table_split_by_economic_class_adds_its_parts_into_personnel_and_public() -> None:
    src = _source(
        BASIC_TITLE,
        [["科目名称", "合计", "工资福利支出", "对个人和家庭的补助", "商品和服务支出"]],
        [["合计", "10.00", "6.00", "1.50", "2.50"], ["2010101行政运行", "10.00", "6.00", "1.50", "2.50"]],
    )
    result = _assemble.read_tables(src)
    row = result.tables["basic_expenditure"].rows[0]
    assert row.values == {"total": Decimal("10.00"), "personnel": Decimal("7.50"), "public": Decimal("2.50")}
    assert result.report is not None
    reading = next(t for t in result.report.tables if t.table == "basic_expenditure")
    assert reading.checks and reading.passed == reading.checks


def test_split_parts_beside_their_whole_are_not_added_twice() -> None:
    src = _source(
        BASIC_TITLE,
        [["科目名称", "合计", "人员经费", "人员经费", "公用经费"], ["", "", "小计", "工资福利支出", ""]],
        [["合计", "10.00", "7.50", "6.00", "2.50"], ["2010101行政运行", "10.00", "7.50", "6.00", "2.50"]],
    )
    row = _grid_tables.read_grid_tables(src).tables["basic_expenditure"].rows[0]
    assert row.fixed == {"total": Decimal("10.00"), "personnel": Decimal("7.50"), "public": Decimal("2.50")}


def test_a_two_sided_table_with_row_numbers_reads_its_amounts_only() -> None:
    # 决算-style 收支总表: 项目 | 行次 | 金额 on each side.
    src = _source(
        "收支总表",
        [["收入", "", "", "支出", "", ""], ["项目", "行次", "金额", "项目", "行次", "金额"]],
        [
            ["一般公共预算财政拨款收入", "1", "8.50", "一般公共服务支出", "3", "8.50"],
            ["本年收入合计", "2", "8.50", "本年支出合计", "4", "8.50"],
        ],
    )
    rows = _grid_tables.read_grid_tables(src).tables["summary"].rows
    assert [(r.side, r.name, r.fixed) for r in rows] == [
        ("income", "一般公共预算财政拨款收入", {"amount": Decimal("8.50")}),
        ("expenditure", "一般公共服务支出", {"amount": Decimal("8.50")}),
        ("income", "本年收入合计", {"amount": Decimal("8.50")}),
        ("expenditure", "本年支出合计", {"amount": Decimal("8.50")}),
    ]


def test_columns_of_an_earlier_year_are_not_this_years_budget() -> None:
    # Chongqing: 2025年预算数 | 2026年预算数/总计 | 2026年预算数/基本支出 | 2026年预算数/项目支出.
    src = _source(
        GENERAL_TITLE,
        [
            ["科目名称", "2025年预算数", "2026年预算数", "2026年预算数", "2026年预算数"],
            ["", "", "总计", "基本支出", "项目支出"],
        ],
        [["合计", "15.00", "18.00", "9.00", "9.00"], ["201一般公共服务支出", "15.00", "18.00", "9.00", "9.00"]],
    )
    table = _grid_tables.read_grid_tables(src).tables["general_budget"]
    assert table.rows[0].fixed == {"total": Decimal("18.00"), "basic": Decimal("9.00"), "project": Decimal("9.00")}
    assert any("2025年预算数" in n and "上年" in n for n in table.notes)


def test_a_table_over_two_pages_with_its_heads_repeated_keeps_its_index_out() -> None:
    head = ["", "科目名称", "合计", "基本支出", "项目支出"]
    first = [head, ["1", "合计", "30.50", "20.25", "10.25"], ["2", "201一般公共服务支出", "30.50", "20.25", "10.25"]]
    second = [
        head,
        ["3", "20101人大事务", "30.50", "20.25", "10.25"],
        ["4", "2010101行政运行", "30.50", "20.25", "10.25"],
    ]
    blocks: list[Para | CellRow] = [Para(GENERAL_TITLE, Location(page=1)), Para("单位：万元", Location(page=1))]
    for page, rows in ((1, first), (2, second)):
        for n, texts in enumerate(rows):
            row = _row(texts, 100 + 12 * n, grid=page)
            row.cells = [SourceCell(c.text, c.location.model_copy(update={"page": page}), col=c.col) for c in row.cells]
            blocks.append(row)
    raw = _grid_tables.read_grid_tables(SourceText.from_blocks("pdf", blocks, pages=2))
    table = raw.tables["general_budget"]
    assert table.pages == [1, 2]
    assert [r.code for r in table.rows] == [None, "201", "20101", "2010101"]
    assert all(r.fixed == {"total": Decimal("30.50"), "basic": Decimal("20.25"), "project": Decimal("10.25")}
               for r in table.rows)  # fmt: skip
    assert any("序号栏" in n for n in table.notes)


def test_a_column_completing_the_total_with_several_parts_unnamed_is_noted_not_named() -> None:
    # Xi'an: 上年实户资金余额 holds what 合计 has beyond 一般公共预算 and 上年结转; which source, unsaid.
    src = _source(
        "部门收入总表",
        [["单位名称", "合计", "一般公共预算拨款", "上年结转", "上年实户资金余额"]],
        [["合计", "3695.91", "3643.37", "11.61", "40.93"], ["某中心", "463.23", "461.80", "", "1.43"]],
    )
    table = _grid_tables.read_grid_tables(src).tables["income"]
    assert "c5" in table.columns
    assert any("上年实户资金余额" in n and "组成部分" in n for n in table.notes)
