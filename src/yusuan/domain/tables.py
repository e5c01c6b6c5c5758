"""The nine standard tables: canonical ids, column keys, titles and the arithmetic inside each row.

This is the public contract of DOMAIN.md §1 written as data. Readers use it to recognise tables
and to know how many value columns a row has; the column inference uses the row equations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeGuard, get_args

RowKind = Literal["function", "economic", "keyed", "two_sided"]

#: The nine standard tables of DOMAIN.md §1.
StandardTableId = Literal[
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "basic_expenditure",
    "gov_fund",
    "state_capital",
    "three_public",
]
#: Tables other templates publish (docs/tables.md), read from real files.
ExtraTableId = Literal[
    "fiscal_expenditure",
    "fiscal_basic",
    "basic_all",
    "basic_function",
    "general_economic",
    "project_expenditure",
    "expenditure_detail",
    "operating_costs",
    "meeting_training",
]
#: Tables recognised by their title whose rows are not read yet.
RecognisedTableId = Literal["procurement_table", "gov_services", "performance_table"]
TableId = StandardTableId | ExtraTableId | RecognisedTableId

STANDARD_TABLES: tuple[StandardTableId, ...] = get_args(StandardTableId)
EXTRA_TABLE_IDS: tuple[ExtraTableId, ...] = get_args(ExtraTableId)
RECOGNISED_TABLE_IDS: tuple[RecognisedTableId, ...] = get_args(RecognisedTableId)
TABLE_IDS: tuple[TableId, ...] = (*STANDARD_TABLES, *EXTRA_TABLE_IDS, *RECOGNISED_TABLE_IDS)

#: Canonical column keys (a real file's unrecognised column keeps ``c<n>``; the income table's
#: columns under 上年结转 are ``carryover_<source>``).
ColumnKey = Literal[
    "amount",
    "total",
    "subtotal",
    "basic",
    "project",
    "operating",
    "remit_superior",
    "subsidy_affiliated",
    "fiscal",
    "special_account",
    "business",
    "superior_subsidy",
    "affiliated",
    "other",
    "carryover",
    "personnel",
    "public",
    "reserve",
    "nonfiscal_balance",
    "carryover_general",
    "general",
    "gov_fund",
    "state_capital",
    "budget",
    "current_income",
    "closing_carryover",
]
COLUMN_KEYS: tuple[ColumnKey, ...] = get_args(ColumnKey)


def is_table_id(value: str) -> TypeGuard[TableId]:
    """Whether ``value`` is a canonical table id (standard, extra or recognised only)."""
    return value in TABLE_IDS


@dataclass(frozen=True)
class TableSpec:
    id: TableId
    title: str
    columns: tuple[ColumnKey, ...]
    labels: tuple[str, ...]
    row_kind: RowKind
    #: Row equations ``lhs = Σ rhs`` that hold in every row of the table.
    equations: tuple[tuple[ColumnKey, tuple[ColumnKey, ...]], ...] = ()
    #: For two-sided tables: the income side's columns (``columns`` is the expenditure side).
    income_columns: tuple[ColumnKey, ...] = ()
    #: For two-sided tables: the heads of the income side's columns.
    income_labels: tuple[str, ...] = ()
    #: Short name (locations, sheet names, messages that list several tables).
    short: str = ""
    #: Title pattern, matched against a whole line.
    pattern: str = ""
    #: One of the nine tables of DOMAIN.md §1; the others are tables other templates publish
    #: (docs/tables.md) and are read from real files only.
    standard: bool = True


_FUNDS: tuple[ColumnKey, ...] = ("basic", "project")
#: The income sources of a department (收入总表 columns, 收支总表 income items), in the order printed.
INCOME_SOURCES: tuple[ColumnKey, ...] = (
    "fiscal",
    "special_account",
    "business",
    "operating",
    "superior_subsidy",
    "affiliated",
    "other",
)
_INCOME_SOURCES = INCOME_SOURCES
#: The three budgets 财政拨款 comes from (一般公共预算, 政府性基金预算, 国有资本经营预算).
FISCAL_FUNDS: tuple[ColumnKey, ...] = ("general", "gov_fund", "state_capital")
#: The income sources other than 财政拨款 (财政专户 and the unit's own funds).
NON_FISCAL_SOURCES: tuple[ColumnKey, ...] = INCOME_SOURCES[1:]
#: The unit's own funds (单位资金): the income sources other than 财政拨款 and 财政专户.
UNIT_FUNDS: tuple[ColumnKey, ...] = INCOME_SOURCES[2:]

SPECS: dict[str, TableSpec] = {
    s.id: s
    for s in (
        TableSpec(
            "summary",
            "部门预算收支总表",
            ("amount",),
            ("预算数",),
            "two_sided",
            income_columns=("amount",),
            income_labels=("预算数",),
            pattern=r"(部门)?预算收支总表",
            short="收支总表",
        ),
        TableSpec(
            "income",
            "部门预算收入总表",
            ("total", "subtotal", *_INCOME_SOURCES, "carryover"),
            (
                "合计",
                "本年收入小计",
                "财政拨款收入",
                "财政专户收入",
                "事业收入",
                "经营收入",
                "上级补助收入",
                "附属单位上缴收入",
                "其他收入",
                "上年结转",
            ),
            "function",
            equations=(("total", ("subtotal", "carryover")), ("subtotal", _INCOME_SOURCES)),
            pattern=r"(部门)?预算收入总表",
            short="收入总表",
        ),
        TableSpec(
            "expenditure",
            "部门预算支出总表",
            ("total", "basic", "project", "operating", "remit_superior", "subsidy_affiliated"),
            ("合计", "基本支出", "项目支出", "经营支出", "上解上级支出", "对附属单位补助支出"),
            "function",
            equations=(
                ("total", ("basic", "project", "operating", "remit_superior", "subsidy_affiliated", "reserve")),
            ),
            pattern=r"(部门)?预算支出总表",
            short="支出总表",
        ),
        TableSpec(
            "fiscal_summary",
            "部门预算财政拨款收支总表",
            ("total", "general", "gov_fund", "state_capital"),
            ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
            "two_sided",
            equations=(("total", ("general", "gov_fund", "state_capital")),),
            income_columns=("amount",),
            income_labels=("金额",),
            pattern=r"(部门)?(预算)?财政拨款收支总表",
            short="财政拨款收支总表",
        ),
        TableSpec(
            "general_budget",
            "部门预算一般公共预算财政拨款支出表",
            ("total", *_FUNDS),
            ("合计", "基本支出", "项目支出"),
            "function",
            equations=(("total", _FUNDS),),
            pattern=r"(部门)?(预算)?一般公共预算财政拨款支出表",
            short="一般公共预算支出表",
        ),
        TableSpec(
            "basic_expenditure",
            "部门预算一般公共预算财政拨款基本支出表",
            ("total", "personnel", "public"),
            ("合计", "人员经费", "公用经费"),
            "economic",
            equations=(("total", ("personnel", "public")),),
            pattern=r"(部门)?(预算)?一般公共预算财政拨款基本支出表",
            short="基本支出表",
        ),
        TableSpec(
            "gov_fund",
            "部门预算政府性基金预算财政拨款支出表",
            ("total", *_FUNDS),
            ("合计", "基本支出", "项目支出"),
            "function",
            equations=(("total", _FUNDS),),
            pattern=r"(部门)?(预算)?政府性?基金预算财政拨款支出表",
            short="政府性基金支出表",
        ),
        TableSpec(
            "state_capital",
            "部门预算国有资本经营预算财政拨款支出表",
            ("total", *_FUNDS),
            ("合计", "基本支出", "项目支出"),
            "function",
            equations=(("total", _FUNDS),),
            pattern=r"(部门)?(预算)?国有资本经营预算财政拨款支出表",
            short="国有资本经营支出表",
        ),
        TableSpec(
            "three_public",
            "部门预算财政拨款“三公”经费支出表",
            ("total", "general", "gov_fund", "state_capital"),
            ("合计", "一般公共预算财政拨款", "政府性基金预算拨款", "国有资本经营预算财政拨款"),
            "keyed",
            equations=(("total", ("general", "gov_fund", "state_capital")),),
            pattern=r"(部门)?(预算)?财政拨款[“\"]?三公[”\"]?经费(支出|预算)?表",
            short="三公经费支出表",
        ),
    )
}


def _extra(
    table_id: ExtraTableId,
    title: str,
    columns: tuple[ColumnKey, ...],
    kind: RowKind,
    *eqs: tuple[ColumnKey, tuple[ColumnKey, ...]],
) -> TableSpec:
    labels = tuple(COLUMN_NAMES.get(c, c) for c in columns)
    return TableSpec(table_id, title, columns, labels, kind, equations=eqs, short=title, standard=False)


#: Chinese names of the column keys (a table's own heads are in its ``labels``).
COLUMN_NAMES: dict[str, str] = {
    "amount": "预算数",
    "total": "合计",
    "subtotal": "本年收入小计",
    "basic": "基本支出",
    "project": "项目支出",
    "operating": "经营支出",
    "remit_superior": "上解上级支出",
    "subsidy_affiliated": "对附属单位补助支出",
    "fiscal": "财政拨款收入",
    "special_account": "财政专户收入",
    "business": "事业收入",
    "superior_subsidy": "上级补助收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "carryover": "上年结转",
    "personnel": "人员经费",
    "public": "公用经费",
    "reserve": "单位预留机动经费",
    "nonfiscal_balance": "使用非财政拨款结余",
    "carryover_general": "上年结转（一般公共预算）",
    "general": "一般公共预算财政拨款",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "budget": "预算数（决算表所列的年初预算）",
    "current_income": "本年收入（决算的资金收支表）",
    "closing_carryover": "年末结转和结余（决算表）",
}

#: Columns other templates split into their parts (and the parts that make them up).
COLUMN_PARTS: dict[str, tuple[ColumnKey, ...]] = {
    "basic": ("personnel", "public"),
    "fiscal": FISCAL_FUNDS,
    "subtotal": (*_INCOME_SOURCES, "nonfiscal_balance"),
}


def row_equations(table_id: str, present: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The row equations of a table over the columns it really prints (``present``).

    A part column the table does not print but splits into its parts (基本支出 printed as 人员经费
    and 公用经费; 财政拨款 as 一般公共预算/政府性基金/国有资本经营; no 本年收入小计 column) is
    replaced by those parts; and a whole printed beside all its parts gives one more equation.
    """
    out: list[tuple[str, tuple[str, ...]]] = []

    def expand(col: str) -> list[str]:
        parts = COLUMN_PARTS.get(col)
        if col in present or parts is None:
            return [col]
        inner = [x for p in parts for x in expand(p)]
        return inner if any(x in present for x in inner) else [col]

    for lhs, rhs in SPECS[table_id].equations:
        terms = tuple(x for c in rhs for x in expand(c))
        if lhs not in present or not set(terms) & present:
            continue  # the whole not printed, or printed alone (one 预算 column): nothing to add up
        out.append((lhs, terms))
    for whole, parts in COLUMN_PARTS.items():
        if whole in present and set(parts) & present and whole not in {lhs for lhs, _ in out}:
            out.append((whole, tuple(x for p in parts for x in expand(p))))
    return out


#: Tables of other templates (docs/tables.md): read from real files, not part of the nine.
SPECS.update(
    {
        s.id: s
        for s in (
            _extra(
                "fiscal_expenditure", "财政拨款支出表（功能分类）", ("total", *_FUNDS), "function", ("total", _FUNDS)
            ),
            _extra(
                "fiscal_basic",
                "财政拨款基本支出表（经济分类）",
                ("total", "personnel", "public"),
                "economic",
                ("total", ("personnel", "public")),
            ),
            _extra(
                "basic_all",
                "基本支出表（全部资金）",
                ("total", "personnel", "public"),
                "economic",
                ("total", ("personnel", "public")),
            ),
            _extra(
                "basic_function",
                "一般公共预算基本支出表（功能分类）",
                ("total", "personnel", "public"),
                "function",
                ("total", ("personnel", "public")),
            ),
            _extra(
                "general_economic", "一般公共预算支出表（经济分类）", ("total", *_FUNDS), "economic", ("total", _FUNDS)
            ),
            _extra("project_expenditure", "项目支出表", ("total",), "function"),
            _extra(
                "expenditure_detail",
                "支出总表（功能与经济分类明细）",
                ("total", "basic", "project", "operating", "remit_superior", "subsidy_affiliated"),
                "function",
                ("total", ("basic", "project", "operating", "remit_superior", "subsidy_affiliated")),
            ),
            _extra("operating_costs", "机关运行经费", ("total",), "keyed"),
            _extra("meeting_training", "会议费和培训费", ("total",), "keyed"),
        )
    }
)


#: Titles of the tables recognised by their title whose rows are not read yet (docs/tables.md).
RECOGNISED_TITLES: dict[str, str] = {
    "procurement_table": "政府采购预算表",
    "gov_services": "政府购买服务预算表",
    "performance_table": "绩效目标表",
}


def title_of(table_id: str) -> str:
    """The canonical Chinese title of a table id (the id itself when it is not a table)."""
    spec = SPECS.get(table_id)
    if spec is not None:
        return spec.title
    return RECOGNISED_TITLES.get(table_id, table_id)


def short_name(table_id: str) -> str:
    """The short Chinese name of a table id (locations, sheet names); the id when it is not a table."""
    spec = SPECS.get(table_id)
    if spec is not None:
        return spec.short
    return RECOGNISED_TITLES.get(table_id, table_id)


#: Order in which title patterns are tried: the most specific first.
_MATCH_ORDER: tuple[StandardTableId, ...] = (
    "three_public",
    "basic_expenditure",
    "state_capital",
    "gov_fund",
    "general_budget",
    "fiscal_summary",
    "summary",
    "income",
    "expenditure",
)


def match_title(line: str) -> StandardTableId | None:
    """The canonical id of the table whose title is the whole ``line``, or None."""
    text = re.sub(r"\s+", "", line)
    if len(text) > 40 or "。" in text or "，" in text:
        return None
    text = re.sub(r"^(表?[0-9一二三四五六七八九十]+[、.．]?|附表[0-9]*[:：]?)", "", text)
    for table_id in _MATCH_ORDER:
        if re.fullmatch(SPECS[table_id].pattern, text):
            return table_id
    return None


# -- keyed rows ---------------------------------------------------------------------------------

#: Row keys of the 三公 table.
ThreePublicKey = Literal[
    "total",
    "subtotal",
    "abroad",
    "abroad_academic",
    "abroad_other",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
]

#: three_public parent = Σ children, by key.
THREE_PUBLIC_TREE: tuple[tuple[ThreePublicKey, tuple[ThreePublicKey, ...]], ...] = (
    ("total", ("subtotal",)),
    ("subtotal", ("abroad", "vehicle", "reception")),
    ("vehicle", ("vehicle_purchase", "vehicle_operation")),
    ("abroad", ("abroad_academic", "abroad_other")),
)


#: A note saying the table above it is printed empty (故此表无数据, 空表列示, 本单位不涉及): the table is read,
#: with no rows.
EMPTY_NOTE_RE = re.compile(r"空表|[此本该]表无|无数据|不涉及|无相关(?:数据|内容|事项)")


def states_empty(note: str | None) -> bool:
    """Whether a table's note says the table is printed empty."""
    return note is not None and EMPTY_NOTE_RE.search(note) is not None
