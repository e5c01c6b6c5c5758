"""Templates as named objects: the layouts departments publish their disclosures in.

A template says which tables a package prints and under which titles, the column heads it prints,
its narrative sections, and how a read document is recognised as following it. The Hebei 2023
template (DOMAIN.md §4) is the one the seed documents follow and the one ``yusuan publish``
writes; rules written for it declare so (``@rule(..., templates=HEBEI_ONLY)``) and are skipped on
documents of any other template.

The other templates are the families of ../shared/corpus (docs/tables.md): each is named by the
title scheme it prints (预算01表 收支总表, 公开01表：收支预算总表, 表1：2026年市级部门收支预算总表 …).
A document whose titles fit none of them follows :data:`UNKNOWN`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from yusuan.domain.headings import strip_number
from yusuan.domain.levels import LOCAL_LEVEL_NAMES_RE
from yusuan.domain.tables import SPECS, STANDARD_TABLES, TableId
from yusuan.domain.tables import title_of as _title_of

TemplateId = Literal[
    "hebei-2023",
    "central",
    "beijing",
    "jiangsu",
    "shanghai",
    "zhejiang",
    "shenzhen",
    "university",
    "guangdong",
    "xian",
    "situation",
    "unknown",
]
TEMPLATE_IDS: tuple[TemplateId, ...] = get_args(TemplateId)


@dataclass(frozen=True)
class Template:
    """One published layout: its id, where it is used, what it prints and how it is recognised."""

    id: TemplateId
    name: str
    region: str
    #: Tables it publishes, in the order printed.
    tables: tuple[TableId, ...] = ()
    #: The title it prints for each table (numbering, year and level left out).
    titles: Mapping[str, str] = field(default_factory=dict)
    #: Recognition: a regular expression per table, matched against the whole bare title
    #: (:func:`bare_title`); a table without one is recognised by its printed title.
    patterns: Mapping[str, str] = field(default_factory=dict)
    #: Recognition: the numbering printed before its titles (``预算01表``), searched in the raw title.
    numbering: str | None = None
    #: The column heads it prints, per table (the labels of the canonical columns, in order).
    heads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The first cell of the row its table heads end with (the Hebei 栏次 row); empty: none.
    head_mark: str = ""
    #: Numbered narrative sections (numeral, heading), in order.
    sections: tuple[tuple[str, str], ...] = ()
    #: Income items of the summary tables (printed label, row key), in order.
    income_items: tuple[tuple[str, str], ...] = ()
    #: The rows a two-sided table prints after its items, per table id: (income side, expenditure
    #: side), each a sequence of (row key, label) — 本年收入合计, 上年结转结余, 收入总计 …
    summary_tails: Mapping[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]] = field(
        default_factory=dict
    )
    #: The note printed under a table that has no rows.
    empty_notes: Mapping[str, str] = field(default_factory=dict)
    #: Whether ``yusuan publish`` can write it.
    publishable: bool = False

    def __post_init__(self) -> None:
        if not self.tables:  # the tables it publishes are those it has titles for, in that order
            object.__setattr__(self, "tables", tuple(self.titles))

    def summary_income_items(self, table_id: str) -> tuple[tuple[str, str], ...]:
        """The income items a two-sided table prints, as (row key, label): every source in 收支总表,
        the three 财政拨款 funds (without the word 收入) in 财政拨款收支总表."""
        if table_id == "fiscal_summary":
            return tuple((key, label.replace("收入", "")) for label, key in self.income_items[:3])
        return tuple((key, label) for label, key in self.income_items)

    def title(self, table_id: str) -> str:
        """The title this template prints for a table (the canonical title when it has none)."""
        return self.titles.get(table_id) or _title_of(table_id)

    def fits(self, table_id: str, title: str) -> bool:
        """Whether a table read under ``title`` (recognised as ``table_id``) is printed as this template prints it."""
        bare = bare_title(title)
        pattern = self.patterns.get(table_id)
        if pattern is not None:
            return re.fullmatch(pattern, bare) is not None
        printed = self.titles.get(table_id)
        return printed is not None and bare == printed


def bare_title(title: str) -> str:
    """A table title without spaces, numbering (``预算01表``, ``公开03表：``, ``表1：``, ``一、``),
    a leading year (``2026年``) or level (``市级``)."""
    text = strip_number(re.sub(r"\s+", "", title))
    text = re.sub(r"^20\d{2}年度?", "", text)
    return re.sub(rf"^(?:{LOCAL_LEVEL_NAMES_RE})", "", text)


_Q = r"[“\"]?三公[”\"]?"  # 三公 with or without its quotation marks

HEBEI_2023 = Template(
    id="hebei-2023",
    name="河北省部门预算公开模板（2023）",
    region="河北",
    tables=STANDARD_TABLES,
    titles={t: SPECS[t].title for t in STANDARD_TABLES},
    patterns={t: SPECS[t].pattern for t in STANDARD_TABLES},
    heads={t: SPECS[t].labels for t in STANDARD_TABLES},
    head_mark="栏次",
    sections=(
        ("一", "部门职责及机构设置情况"),
        ("二", "部门预算安排的总体情况"),
        ("三", "机关运行经费安排情况"),
        ("四", "财政拨款“三公”经费预算情况及增减变化原因"),
        ("五", "预算绩效信息"),
        ("六", "政府采购预算情况"),
        ("七", "国有资产信息"),
        ("八", "名词解释"),
        ("九", "其他需要说明的事项"),
    ),
    income_items=(
        ("一、一般公共预算拨款收入", "general"),
        ("二、政府性基金预算拨款收入", "gov_fund"),
        ("三、国有资本经营预算拨款收入", "state_capital"),
        ("四、财政专户管理资金收入", "special_account"),
        ("五、事业收入", "business"),
        ("六、事业单位经营收入", "operating"),
        ("七、上级补助收入", "superior_subsidy"),
        ("八、附属单位上缴收入", "affiliated"),
        ("九、其他收入", "other"),
    ),
    summary_tails={
        "summary": (
            (("current_total", "本年收入合计"), ("carryover", "上年结转结余"), ("grand_total", "收入总计")),
            (("current_total", "本年支出合计"), ("carryover", "年终结转结余"), ("grand_total", "支出总计")),
        ),
        "fiscal_summary": (
            (("current_total", "本年收入合计"), ("carryover", "年初财政拨款结转和结余"), ("grand_total", "收入总计")),
            (("current_total", "本年支出合计"), ("carryover", "年末财政拨款结转和结余"), ("grand_total", "支出总计")),
        ),
    },
    empty_notes={
        "summary": "注：无部门预算收支，空表列示。",
        "income": "注：无部门预算收入，空表列示。",
        "expenditure": "注：无部门预算支出，空表列示。",
        "fiscal_summary": "注：无财政拨款收支预算，空表列示。",
        "general_budget": "注：无一般公共预算财政拨款预算，空表列示。",
        "basic_expenditure": "注：无一般公共预算财政拨款基本支出预算，空表列示。",
        "gov_fund": "注：无政府性基金预算财政拨款预算，空表列示。",
        "state_capital": "注：无国有资本经营预算财政拨款预算，空表列示。",
        "three_public": "注：无财政拨款“三公”经费预算，空表列示。",
    },
    publishable=True,
)

CENTRAL = Template(
    id="central",
    name="中央部门预算公开模板",
    region="中央",
    titles={
        "summary": "部门收支总表",
        "income": "部门收入总表",
        "expenditure": "部门支出总表",
        "fiscal_summary": "财政拨款收支总表",
        "general_budget": "一般公共预算支出表",
        "basic_expenditure": "一般公共预算基本支出表",
        "gov_fund": "政府性基金预算支出表",
        "state_capital": "国有资本经营预算支出表",
        "three_public": "财政拨款预算“三公”经费支出表",
    },
    patterns={"three_public": rf"(?:一般公共预算)?财政拨款预算{_Q}经费支出表"},
)

BEIJING = Template(
    id="beijing",
    name="北京市部门预算公开模板（预算01表—预算09表）",
    region="北京",
    numbering=r"^预算\d+表",
    titles={
        "summary": "收支总表",
        "income": "收入总表",
        "expenditure_detail": "支出总表",
        "fiscal_summary": "财政拨款收支总表",
        "general_budget": "一般公共预算支出表",
        "basic_expenditure": "一般公共预算基本支出表",
        "gov_fund": "政府性基金预算支出表",
        "state_capital": "国有资本经营预算支出表",
        "three_public": "财政拨款“三公”经费支出表",
    },
    patterns={"expenditure": "支出总表"},
)

JIANGSU = Template(
    id="jiangsu",
    name="江苏省省级部门预算公开模板（收支预算总表、财政拨款支出预算表…）",
    region="江苏",
    numbering=r"^公开\d+表",
    titles={
        "summary": "收支预算总表",
        "income": "收入预算总表",
        "expenditure": "支出预算总表",
        "fiscal_summary": "财政拨款收支预算总表",
        "fiscal_expenditure": "财政拨款支出预算表",
        "fiscal_basic": "财政拨款基本支出预算表",
        "general_budget": "一般公共预算支出预算表",
        "basic_expenditure": "一般公共预算基本支出预算表",
        "gov_fund": "政府性基金支出预算表",
        "operating_costs": "一般公共预算机关运行经费支出预算表",
        "three_public": "一般公共预算“三公”经费、会议费、培训费支出预算表",
    },
    patterns={
        "fiscal_expenditure": r"财政拨款支出预算表(?:[（(]功能科目[）)])?",
        "fiscal_basic": r"财政拨款基本支出预算表(?:[（(]经济科目[）)])?",
        "general_budget": r"一般公共预算支出预算表(?:[（(]功能科目[）)])?",
        "basic_expenditure": r"一般公共预算基本支出预算表(?:[（(]经济科目[）)])?",
        "gov_fund": r"政府性基金(?:预算财政拨款)?支出预算表",
        "three_public": rf"(?:一般公共预算)?{_Q}经费、会议费、培训费支出预算表",
        "meeting_training": rf"(?:一般公共预算)?{_Q}经费、会议费、培训费支出预算表",
    },
)

SHANGHAI = Template(
    id="shanghai",
    name="上海市部门预算公开模板（财务收支预算总表、功能分类预算表…）",
    region="上海",
    titles={
        "summary": "部门财务收支预算总表",
        "income": "部门收入预算总表",
        "expenditure": "部门支出预算总表",
        "fiscal_summary": "部门财政拨款收支预算总表",
        "general_budget": "部门一般公共预算支出功能分类预算表",
        "gov_fund": "部门政府性基金预算支出功能分类预算表",
        "state_capital": "部门国有资本经营预算支出功能分类预算表",
        "basic_expenditure": "部门一般公共预算基本支出部门预算经济分类预算表",
        "three_public": "部门“三公”经费和机关运行经费预算表",
    },
    patterns={
        "three_public": rf"部门{_Q}经费和机关运行经费预算表",
        "operating_costs": rf"部门{_Q}经费和机关运行经费预算表",
    },
)

ZHEJIANG = Template(
    id="zhejiang",
    name="浙江市级部门预算公开模板（表1：2026年市级部门…预算表，杭州、湖州）",
    region="浙江杭州、湖州",
    numbering=r"^表\d+[:：]20\d{2}年",
    titles={
        "summary": "部门收支预算总表",
        "income": "部门收入预算总表",
        "expenditure": "部门支出预算总表",
        "fiscal_summary": "部门财政拨款收支预算总表",
        "general_budget": "部门一般公共预算支出预算表",
        "basic_expenditure": "部门一般公共预算基本支出预算表",
        "three_public": "部门一般公共预算“三公”经费预算表",
        "gov_fund": "部门政府性基金预算支出预算表",
        "state_capital": "部门国有资本经营预算支出预算表",
        "project_expenditure": "部门项目支出预算表",
    },
    patterns={"three_public": rf"部门一般公共预算{_Q}经费预算表"},
)

SHENZHEN = Template(
    id="shenzhen",
    name="深圳市部门预算公开模板（收支总表、基本支出总表、项目支出总表…）",
    region="广东深圳",
    titles={
        "summary": "收支总表",
        "income": "收入总表",
        "expenditure": "支出总表",
        "basic_all": "基本支出总表",
        "project_expenditure": "项目支出总表",
        "fiscal_summary": "财政拨款收支总表",
        "general_budget": "一般公共预算支出表（按功能分类）",
        "general_economic": "一般公共预算支出表（按经济分类）",
        "three_public": "财政拨款“三公”经费支出表",
        "gov_fund": "政府性基金预算支出表",
        "state_capital": "国有资本经营预算支出表",
    },
    patterns={
        "general_budget": r"一般公共预算支出表[（(]按功能分类[）)]",
        "general_economic": r"一般公共预算支出表[（(]按经济分类[）)]",
        "three_public": rf"财政拨款{_Q}经费支出表",
    },
)

UNIVERSITY = Template(
    id="university",
    name="中央部属高校部门预算公开模板（单位名称+收支预算总表…）",
    region="中央部属高校",
    titles={
        "summary": "收支预算总表",
        "income": "收入预算表",
        "expenditure": "支出预算表",
        "general_budget": "财政拨款支出预算表",
    },
    patterns={
        "summary": r"\S{2,20}?(?:大学|学院)收支预算总表",
        "income": r"\S{2,20}?(?:大学|学院)收入预算表",
        "expenditure": r"\S{2,20}?(?:大学|学院)支出预算表",
        "general_budget": r"\S{2,20}?(?:大学|学院)财政拨款支出预算表",
    },
)

GUANGDONG = Template(
    id="guangdong",
    name="广州、珠海部门预算公开模板（收支总体情况表、行政经费及“三公”经费预算表…）",
    region="广东广州、珠海",
    titles={
        "summary": "收支总体情况表",
        "income": "收入总体情况表",
        "expenditure": "本年支出总体情况表",
        "fiscal_summary": "财政拨款收支总体情况表",
        "general_budget": "一般公共预算支出情况表（按功能分类科目）",
        "basic_expenditure": "一般公共预算基本支出情况表（按经济分类科目）",
        "general_economic": "一般公共预算项目支出情况表（按经济分类科目）",
        "three_public": "财政拨款安排的行政经费及“三公”经费预算表",
        "gov_fund": "政府性基金预算支出情况表",
        "state_capital": "国有资本经营预算支出情况表",
        "basic_all": "部门预算基本支出预算表",
        "project_expenditure": "部门预算项目支出及其他支出预算表",
    },
    patterns={
        "general_budget": r"一般公共预算支出情况表[（(]按功能分类科目[）)]",
        "basic_expenditure": r"一般公共预算基本支出情况表[（(]按经济分类科目[）)]",
        "general_economic": r"一般公共预算项目支出情况表[（(]按经济分类科目[）)]",
        "three_public": rf"财政拨款安排的行政经费及{_Q}经费预算表",
    },
)

_XIAN_TABLES: tuple[TableId, ...] = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "general_economic",
    "basic_expenditure",
    "fiscal_expenditure",
    "three_public",
    "meeting_training",
)
XIAN = Template(
    id="xian",
    name="西安市部门综合预算公开模板（部门综合预算收支总表…）",
    region="陕西西安",
    titles={
        "summary": "部门综合预算收支总表",
        "income": "部门综合预算收入总表",
        "expenditure": "部门综合预算支出总表",
        "fiscal_summary": "部门综合预算财政拨款收支总表",
        "general_budget": "部门综合预算一般公共预算支出明细表（按支出功能分类科目）",
        "general_economic": "部门综合预算一般公共预算支出明细表（按支出经济分类科目）",
        "basic_expenditure": "部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）",
        "fiscal_expenditure": "部门综合预算财政拨款上年结转资金支出表",
        "three_public": "部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表",
    },
    patterns={t: r"(?:20\d{2})?部门综合预算\S+表\S*" for t in _XIAN_TABLES},
)

SITUATION = Template(
    id="situation",
    name="“总体情况表”公开样表（部门收支总体情况表…，重庆、长沙等）",
    region="重庆、湖南长沙等",
    titles={
        "summary": "部门收支总体情况表",
        "income": "部门收入总体情况表",
        "expenditure": "部门支出总体情况表",
        "fiscal_summary": "财政拨款收支总体情况表",
        "general_budget": "一般公共预算支出情况表",
        "basic_expenditure": "一般公共预算基本支出情况表",
        "gov_fund": "政府性基金预算支出情况表",
        "three_public": "财政拨款“三公”经费支出情况表",
    },
    patterns={
        "summary": r"(?:部门|单位)收支总体情况表",
        "income": r"(?:部门|单位)收入总体情况表",
        "expenditure": r"(?:部门|单位)支出总体情况表",
        "three_public": rf"(?:财政拨款|一般公共预算){_Q}经费支出情况表",
    },
)

UNKNOWN = Template(id="unknown", name="未识别的模板", region="")

#: Every template by id, the Hebei 2023 template first and :data:`UNKNOWN` last.
TEMPLATES: dict[TemplateId, Template] = {
    t.id: t
    for t in (
        HEBEI_2023,
        CENTRAL,
        BEIJING,
        JIANGSU,
        SHANGHAI,
        ZHEJIANG,
        SHENZHEN,
        UNIVERSITY,
        GUANGDONG,
        XIAN,
        SITUATION,
        UNKNOWN,
    )
}

#: The mappings above are keyed by :data:`~yusuan.domain.tables.TableId` (typed ``str`` so that a
#: table id read from a document can be looked up directly).

#: The ``templates`` declaration of a rule written for the Hebei 2023 template only.
HEBEI_ONLY: frozenset[TemplateId] = frozenset({HEBEI_2023.id})

#: Values of ``Disclosure.template`` written before templates had ids: absent meant the Hebei
#: 2023 template, ``other`` any other.
_LEGACY: dict[str | None, TemplateId] = {None: HEBEI_2023.id, "other": UNKNOWN.id}


def template_of(template_id: str | None) -> Template:
    """The template a disclosure records (legacy values included); :data:`UNKNOWN` for an unknown id."""
    key = _LEGACY.get(template_id, template_id)
    for template in TEMPLATES.values():
        if template.id == key:
            return template
    return UNKNOWN


def recognise(titles: Mapping[str, str] | Iterable[tuple[str, str]]) -> Template:
    """The template whose titles the tables read (table id → printed title, or its items) follow best.

    The Hebei 2023 template needs every standard table read but one under its titles (so a file of
    a single standard table is taken for it, as before templates had ids). Otherwise each template
    scores the tables printed as it prints them (:meth:`Template.fits`), and one more point when its
    numbering scheme is printed; the best needs at least three points and half the tables read,
    else the document follows :data:`UNKNOWN`.
    """
    pairs = list(titles.items() if isinstance(titles, Mapping) else titles)
    if not pairs:
        return UNKNOWN
    standard = [t for t, _ in pairs if t in SPECS and SPECS[t].standard]
    if sum(HEBEI_2023.fits(t, title) for t, title in pairs) >= len(standard) - 1:
        return HEBEI_2023
    best, best_score = UNKNOWN, 0
    for template in TEMPLATES.values():
        if template is HEBEI_2023 or template is UNKNOWN:
            continue
        score = sum(template.fits(t, title) for t, title in pairs)
        numbered = template.numbering is not None and any(re.search(template.numbering, _squash(s)) for _, s in pairs)
        score += numbered
        if score > best_score:
            best, best_score = template, score
    return best if best_score >= max(3, (len(pairs) + 1) // 2) else UNKNOWN


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
