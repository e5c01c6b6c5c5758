"""The national 部门决算 publishing layout (财政部 部门决算公开模板): what a final account prints.

A final account (部门决算) prints the standard tables under 决算 titles, with the columns of what was
received and spent — 本年收入合计 and its sources, 本年支出合计 with 基本支出 / 项目支出 — and summaries
that balance over the year's carry-over: 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计 =
本年支出合计 + 结余分配 + 年末结转和结余. Its 三公 table prints, per item, the 预算数 (the 年初预算) beside the
决算数. Its 情况说明 has ten numbered sections.

:data:`FINAL_NATIONAL` is that layout as a :class:`~yusuan.domain.templates.Template`;
:func:`published_columns` gives, for a table of a disclosure of either kind, the canonical columns
printed and their heads (the budget's from :data:`~yusuan.domain.tables.SPECS`). The synthetic
generator (:mod:`yusuan.synth.final`) and the publisher (:mod:`yusuan.publish.document`) take the
vocabulary from here; the readers recognise these titles and heads by meaning
(:mod:`yusuan.domain.headings`, :mod:`yusuan.domain.lines`).
"""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.domain.kinds import BUDGET_WORD, FINAL_WORD, is_final
from yusuan.domain.tables import SPECS, ColumnKey
from yusuan.domain.templates import HEBEI_2023, Template

_Q = "“三公”"

FINAL_NATIONAL = Template(
    id="unknown",  # a publishing layout; recognition of read documents does not use it
    name="部门决算公开模板（财政部）",
    region="全国",
    titles={
        "summary": "收入支出决算总表",
        "income": "收入决算表",
        "expenditure": "支出决算表",
        "fiscal_summary": "财政拨款收入支出决算总表",
        "general_budget": "一般公共预算财政拨款支出决算表",
        "basic_expenditure": "一般公共预算财政拨款基本支出决算表",
        "gov_fund": "政府性基金预算财政拨款收入支出决算表",
        "state_capital": "国有资本经营预算财政拨款支出决算表",
        "three_public": f"财政拨款{_Q}经费支出决算表",
    },
    heads={
        "income": (
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ),
        "expenditure": ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
        "fiscal_summary": ("小计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        "general_budget": ("合计", "基本支出", "项目支出"),
        "basic_expenditure": ("合计", "人员经费", "公用经费"),
        "three_public": ("预算数", "决算数"),
    },
    sections=(
        ("一", "收入支出决算总体情况说明"),
        ("二", "收入决算情况说明"),
        ("三", "支出决算情况说明"),
        ("四", "财政拨款收入支出决算总体情况说明"),
        ("五", "一般公共预算财政拨款支出决算情况说明"),
        ("六", "一般公共预算财政拨款基本支出决算情况说明"),
        ("七", f"财政拨款{_Q}经费支出决算情况说明"),
        ("八", "政府性基金预算财政拨款收入支出决算情况说明"),
        ("九", "国有资本经营预算财政拨款支出决算情况说明"),
        ("十", "其他重要事项的情况说明"),
    ),
    income_items=(
        ("一、一般公共预算财政拨款收入", "general"),
        ("二、政府性基金预算财政拨款收入", "gov_fund"),
        ("三、国有资本经营预算财政拨款收入", "state_capital"),
        ("四、上级补助收入", "superior_subsidy"),
        ("五、事业收入", "business"),
        ("六、经营收入", "operating"),
        ("七、附属单位上缴收入", "affiliated"),
        ("八、其他收入", "other"),
    ),
    summary_tails={
        "summary": (
            (
                ("current_total", "本年收入合计"),
                ("nonfiscal_balance", "使用非财政拨款结余"),
                ("carryover", "年初结转和结余"),
                ("grand_total", "总计"),
            ),
            (
                ("current_total", "本年支出合计"),
                ("distribution", "结余分配"),
                ("carryover", "年末结转和结余"),
                ("grand_total", "总计"),
            ),
        ),
        "fiscal_summary": (
            (("current_total", "本年收入合计"), ("carryover", "年初财政拨款结转和结余"), ("grand_total", "总计")),
            (("current_total", "本年支出合计"), ("carryover", "年末财政拨款结转和结余"), ("grand_total", "总计")),
        ),
    },
    empty_notes={
        "gov_fund": "注：本部门无政府性基金预算财政拨款收入、支出和结转结余，故此表无数据。",
        "state_capital": "注：本部门无国有资本经营预算财政拨款支出，故此表无数据。",
        "three_public": f"注：本部门无财政拨款{_Q}经费支出，故此表无数据。",
        "basic_expenditure": "注：本部门无一般公共预算财政拨款基本支出，故此表无数据。",
        "general_budget": "注：本部门无一般公共预算财政拨款支出，故此表无数据。",
        "summary": "注：本部门无收支决算，故此表无数据。",
        "income": "注：本部门无收入决算，故此表无数据。",
        "expenditure": "注：本部门无支出决算，故此表无数据。",
        "fiscal_summary": "注：本部门无财政拨款收支决算，故此表无数据。",
    },
)

#: The canonical columns a 决算 prints per table, where they are not the budget's (SPECS); the heads are
#: :data:`FINAL_NATIONAL`'s, in the same order.
_FINAL_COLUMNS: dict[str, tuple[ColumnKey, ...]] = {
    "income": ("subtotal", "fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"),
    "expenditure": ("total", "basic", "project", "remit_superior", "operating", "subsidy_affiliated"),
    "fiscal_summary": ("total", "general", "gov_fund", "state_capital"),
    "general_budget": ("total", "basic", "project"),
    "basic_expenditure": ("total", "personnel", "public"),
    "three_public": ("budget", "total"),
}
#: The heads of the two-sided summaries' amount columns in a 决算.
_FINAL_AMOUNT_HEAD = "决算数"


@dataclass(frozen=True)
class Columns:
    """The columns a table prints: canonical keys and their heads; the income side's for a two-sided table."""

    keys: tuple[str, ...]
    heads: tuple[str, ...]
    income_keys: tuple[str, ...] = ()
    income_heads: tuple[str, ...] = ()
    #: Whether the heads are printed in one row (a 决算's), not under group heads as the Hebei budget does.
    flat: bool = False


def published_columns(table_id: str, kind: str | None) -> Columns:
    """The columns ``table_id`` prints in a disclosure of ``kind``: a 决算's from :data:`FINAL_NATIONAL`,
    a budget's from SPECS."""
    spec = SPECS[table_id]
    if not is_final(kind):
        return Columns(spec.columns, spec.labels, spec.income_columns, spec.income_labels)
    if spec.row_kind == "two_sided":
        keys = _FINAL_COLUMNS.get(table_id, spec.columns)
        heads = FINAL_NATIONAL.heads.get(table_id, (_FINAL_AMOUNT_HEAD,) * len(keys))
        return Columns(keys, heads, spec.income_columns, (_FINAL_AMOUNT_HEAD,), flat=True)
    keys = _FINAL_COLUMNS.get(table_id, spec.columns)
    return Columns(keys, FINAL_NATIONAL.heads.get(table_id, spec.labels), flat=True)


def layout_of(kind: str | None) -> Template:
    """The publishing layout of a disclosure of ``kind``: the 决算 template, else the Hebei 2023 budget."""
    return FINAL_NATIONAL if is_final(kind) else HEBEI_2023


def package_title(kind: str | None, name: str, year: int) -> str:
    """The title of a published package: 某局2026年部门预算, 某局2025年度部门决算."""
    return f"{name}{year}年度部门{FINAL_WORD}" if is_final(kind) else f"{name}{year}年部门{BUDGET_WORD}"


def year_text(kind: str | None, year: int) -> str:
    """The year of a table's department line: 预算年度：2026, or 2025年度 for a 决算."""
    return f"{year}年度" if is_final(kind) else f"预算年度：{year}"
