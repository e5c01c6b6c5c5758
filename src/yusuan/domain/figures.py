"""The key figures of a disclosure, written once: key, Chinese name, labels, parts, narrative keywords,
and where the tables print them.

One registry serves every stage. The narrative reader finds a figure in a 情况说明 sentence by its
:attr:`Figure.keywords`; the review rules name it by :attr:`Figure.name`; the store keeps the
figures flagged :attr:`Figure.stored` (the columns of its ``figures`` table), read from the cells
:attr:`Figure.reading` names; ``history`` shows the :attr:`Figure.history` rows as a tree built from
:attr:`Figure.parts`; ``compare`` ranks the :attr:`Figure.compared` amounts; and publishing writes the
sentences that state them with the same names.

Narrative subjects that are not stored figures (income sources, procurement, planned assets, a
project named in a list) are figures here too, with ``stored`` false.

Keywords: a phrase's subject is the keyword that ends closest to the number, and among keywords
ending at the same place the longer one (:func:`yusuan.read.sections.narrative_claims.subject_of`).
Two different keywords cannot end at the same place with the same length, so with unique keywords
(a test checks) the order of :data:`SUBJECT_KEYWORDS` decides nothing; each figure still lists its
keywords most specific first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypedDict, get_args

from yusuan.domain.tables import ColumnKey, StandardTableId, ThreePublicKey

FigureKey = Literal[
    # stored figures (the columns of the store's ``figures`` table), in the order ``show`` prints them
    "total",
    "basic",
    "project",
    "personnel",
    "public",
    "operating_cost",
    "three_public",
    "abroad",
    "vehicle",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
    "staff",
    "stated_prior",
    "stated_change",
    # narrative subjects only
    "income",
    "fiscal_income",
    "general_income",
    "gov_fund_income",
    "state_capital_income",
    "special_account_income",
    "business_income",
    "operating_income",
    "superior_subsidy_income",
    "affiliated_income",
    "unit_funds_income",
    "other_income",
    "carryover",
    "expenditure",
    "fiscal_expenditure",
    "general_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
    "operating_expenditure",
    "meeting",
    "training",
    "three_public_other_sources",
    "procurement",
    "procurement_goods",
    "procurement_works",
    "procurement_services",
    "procurement_sme",
    "procurement_small",
    "gov_services",
    "fixed_assets",
    "assets",
    "planned_assets",
    "vehicles",
    "equipment_large",
    "performance_projects",
    "performance_amount",
    "performance_share",
    "project_item",
]
FIGURE_KEYS: tuple[FigureKey, ...] = get_args(FigureKey)

#: Where a figure comes from: a table cell, the staffing (人员构成) or the narrative's own words.
Source = Literal["table", "staffing", "narrative"]


@dataclass(frozen=True)
class Reading:
    """A figure as one cell of a table: its table id, the row's key, the column's key."""

    table: StandardTableId
    #: The row's key (``total`` for a 合计 row).
    row: str
    column: ColumnKey
    #: A table published empty with its note ("无…，空表列示") states the figure as 0.
    empty_is_zero: bool = False


@dataclass(frozen=True)
class Figure:
    key: FigureKey
    #: The Chinese name, as messages, ``show``, ``compare`` and the export print it.
    name: str
    #: The label of its row in ``history``, where it differs from the name.
    row_label: str | None = None
    #: A shorter label for a narrow table (``history`` in a terminal), where the rows above give the context.
    short: str | None = None
    #: The figures it is made of (they add up to it).
    parts: tuple[FigureKey, ...] = ()
    #: The words that name it in a narrative sentence, most specific first.
    keywords: tuple[str, ...] = ()
    #: Words of a narrative section's title that make it the subject of a sentence naming none.
    section_words: tuple[str, ...] = ()
    #: The narrative subject under which a sentence states it, where that is another figure.
    stated_as: FigureKey | None = None
    source: Source = "table"
    #: The cell it is read from (figures read otherwise, or only from the narrative, have none).
    reading: Reading | None = None
    #: The economic classification codes under which the basic-expenditure table spends it (a
    #: figure made of parts: see :func:`economic_codes`).
    codes: tuple[str, ...] = ()
    #: Its 名词解释 (``{level}`` stands for the level's name, 县级), where the glossary defines it.
    definition: str = ""
    #: A column of the store's ``figures`` table (``show`` prints it).
    stored: bool = False
    #: A row of ``history``.
    history: bool = False
    #: An amount ``compare`` ranks (and the export writes).
    compared: bool = False
    #: A holding counted at the end of the year before the budget year (截至上年末固定资产, vehicles held):
    #: a sentence dates it the year before, and that is right.
    held: bool = False

    @property
    def label(self) -> str:
        return self.row_label or self.name

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @property
    def claimed(self) -> bool:
        """Whether a narrative claim can have it as its subject: it has keywords, or it is a
        narrative-only subject recognised otherwise (a project of an itemised list, a count, a
        procurement kind; see :mod:`yusuan.domain.subjects`)."""
        return bool(self.keywords) or (self.source == "narrative" and not self.stored)

    @property
    def subject(self) -> FigureKey:
        """The narrative subject that states it."""
        return self.stated_as or self.key


def _three_public(row: ThreePublicKey) -> Reading:
    return Reading("three_public", row, "total", empty_is_zero=True)


class _Shown(TypedDict):
    stored: bool
    history: bool
    compared: bool


#: A figure the store keeps, ``history`` shows and ``compare`` ranks.
_SHOWN: _Shown = {"stored": True, "history": True, "compared": True}

_FIGURES: tuple[Figure, ...] = (
    Figure(
        "total",
        "支出合计",
        parts=("basic", "project"),
        stated_as="expenditure",
        reading=Reading("expenditure", "total", "total"),
        **_SHOWN,
    ),
    Figure(
        "basic",
        "基本支出",
        parts=("personnel", "public"),
        keywords=("基本支出预算", "基本支出"),
        definition="指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        reading=Reading("expenditure", "total", "basic"),
        **_SHOWN,
    ),
    Figure(
        "project",
        "项目支出",
        keywords=("项目支出预算", "项目支出", "项目经费"),
        definition="指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        reading=Reading("expenditure", "total", "project"),
        **_SHOWN,
    ),
    Figure(
        "personnel",
        "人员经费",
        keywords=("在职人员经费", "人员经费", "人员支出"),
        reading=Reading("basic_expenditure", "total", "personnel"),
        **_SHOWN,
    ),
    Figure(
        "public",
        "公用经费",
        keywords=("日常公用经费", "日常公用支出", "正常公用", "公用经费", "公用支出"),
        reading=Reading("basic_expenditure", "total", "public"),
        **_SHOWN,
    ),
    Figure(
        "operating_cost",
        "机关运行经费",
        keywords=("机关运行经费", "运行经费"),
        section_words=("机关运行经费",),
        definition="指为保障行政单位运行用于购买货物和服务的各项资金，即公用经费。",
        # 机关运行经费 is the 公用经费 of the basic-expenditure table.
        reading=Reading("basic_expenditure", "total", "public"),
        **_SHOWN,
    ),
    Figure(
        "three_public",
        "“三公”经费",
        parts=("abroad", "vehicle", "reception"),
        keywords=("三公",),
        section_words=("三公",),
        definition="指{level}部门用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
        reading=_three_public("total"),
        **_SHOWN,
    ),
    Figure(
        "abroad",
        "因公出国（境）费",
        short="出国（境）费",
        keywords=("因公出国",),
        reading=_three_public("abroad"),
        codes=("30212",),  # 因公出国（境）费用
        **_SHOWN,
    ),
    Figure(
        "vehicle",
        "公务用车购置及运行维护费",
        row_label="公务用车购置及运维费",
        short="公车购置及运维",
        parts=("vehicle_purchase", "vehicle_operation"),
        keywords=(
            "公务用车购置及运维费", "公务用车购置及运行维护费", "公务用车购置和运行维护费", "公务用车购置及运行费",
            "公务用车购置和运维费",
        ),
        reading=Reading("three_public", "vehicle", "total"),
        history=True,
    ),
    Figure(
        "vehicle_purchase",
        "公务用车购置费",
        short="购置费",
        keywords=("公务用车购置费", "公务用车购置支出", "公务用车购置预算", "公务用车购置"),
        reading=_three_public("vehicle_purchase"),
        **_SHOWN,
    ),
    Figure(
        "vehicle_operation",
        "公务用车运行维护费",
        short="运行维护费",
        keywords=("公务用车运行维护费", "公务用车运行经费", "公务用车运维费", "公务用车运行费"),
        reading=_three_public("vehicle_operation"),
        codes=("30231",),
        **_SHOWN,
    ),
    Figure(
        "reception",
        "公务接待费",
        keywords=("公务接待费",),
        reading=_three_public("reception"),
        codes=("30217",),
        **_SHOWN,
    ),
    Figure("staff", "人数", row_label="人数（人）", source="staffing", stored=True, history=True),
    Figure("stated_prior", "说明所述上年预算", stated_as="expenditure", source="narrative", stored=True),
    Figure("stated_change", "说明所述比上年增减", stated_as="expenditure", source="narrative", stored=True),
    # -- narrative subjects that the store does not keep
    Figure(
        "income",
        "本年收入",
        keywords=("收入预算总计", "收入预算总额", "收入总预算", "收入总计", "收入预算", "本年收入", "预算收入", "收入"),
        source="narrative",
    ),
    Figure("fiscal_income", "财政拨款收入", keywords=("本年财政拨款收入", "财政拨款收入"), source="narrative"),
    Figure(
        "general_income",
        "一般公共预算拨款收入",
        keywords=(
            "一般公共预算当年拨款收入", "一般公共预算财政拨款收入", "一般公共预算拨款收入", "一般公共预算收入",
            "一般公共预算拨款", "一般公共预算财政拨款",
        ),
        source="narrative",
    ),
    Figure(
        "gov_fund_income",
        "政府性基金预算拨款收入",
        keywords=(
            "政府性基金预算财政拨款收入", "政府性基金预算拨款收入", "政府性基金当年拨款收入", "政府性基金预算收入",
            "政府性基金收入预算", "政府性基金收入", "基金预算收入",
            "政府性基金预算拨款", "政府性基金预算资金",
        ),
        source="narrative",
    ),
    Figure(
        "state_capital_income",
        "国有资本经营预算拨款收入",
        keywords=("国有资本经营预算拨款收入", "国有资本经营预算收入", "国有资本经营预算拨款"),
        source="narrative",
    ),
    Figure(
        "special_account_income",
        "财政专户管理资金收入",
        keywords=("财政专户管理资金收入", "财政专户核拨收入", "财政专户管理资金"),
        source="narrative",
    ),
    Figure("business_income", "事业收入", keywords=("事业收入",), source="narrative"),
    Figure("operating_income", "事业单位经营收入", keywords=("事业单位经营收入", "经营收入"), source="narrative"),
    Figure("superior_subsidy_income", "上级补助收入", keywords=("上级补助收入",), source="narrative"),
    Figure("affiliated_income", "附属单位上缴收入", keywords=("附属单位上缴收入",), source="narrative"),
    Figure("unit_funds_income", "单位资金收入", keywords=("单位资金收入",), source="narrative"),
    Figure("other_income", "其他收入", keywords=("其他来源收入", "其他收入"), source="narrative"),
    Figure("carryover", "上年结转结余", keywords=("上年结转结余", "上年结转"), source="narrative"),
    Figure(
        "expenditure",
        "支出预算",
        parts=("basic", "project"),
        keywords=(
            "支出预算总计", "支出预算总额", "支出总预算", "支出总计", "本年支出", "支出预算", "部门预算",
            "预算收支安排", "当年预算支出", "本年预算支出",
        ),
        source="narrative",
    ),
    Figure("fiscal_expenditure", "财政拨款支出预算", keywords=("财政拨款支出", "财政拨款预算支出"), source="narrative"),
    Figure(
        "general_expenditure",
        "一般公共预算拨款支出",
        keywords=(
            "一般公共预算当年财政拨款", "一般公共预算当年拨款", "一般公共预算财政拨款支出", "一般公共预算拨款支出",
            "一般公共预算支出",
        ),
        source="narrative",
    ),
    Figure(
        "gov_fund_expenditure",
        "政府性基金预算拨款支出",
        keywords=(
            "政府性基金预算拨款安排的支出", "政府性基金预算财政拨款支出", "政府性基金预算拨款支出",
            "政府性基金拨款支出", "政府性基金预算支出",
            "政府性基金支出预算",
            "政府性基金支出",
        ),
        source="narrative",
    ),
    Figure(
        "state_capital_expenditure",
        "国有资本经营预算拨款支出",
        keywords=(
            "国有资本经营预算拨款安排的支出", "国有资本经营预算财政拨款支出", "国有资本经营预算拨款支出",
            "国有资本经营预算支出",
        ),
        source="narrative",
    ),
    Figure("operating_expenditure", "事业单位经营支出", keywords=("事业单位经营支出", "经营支出"), source="narrative"),
    Figure("meeting", "会议费", keywords=("会议费",), source="narrative"),
    Figure("training", "培训费", keywords=("培训费",), source="narrative"),
    Figure("three_public_other_sources", "“三公”经费其他资金来源", keywords=("其他资金来源",), source="narrative"),
    Figure(
        "procurement",
        "政府采购预算",
        keywords=(
            "政府采购支出预算总额", "政府采购预算总额", "政府采购预算", "政府采购总额", "政府采购项目", "政府采购",
        ),
        section_words=("政府采购",),
        source="narrative",
    ),
    # procurement by kind: their words (货物, 工程, 服务 …) name them only in a sentence about 政府采购
    Figure("procurement_goods", "政府采购货物预算", source="narrative"),
    Figure("procurement_works", "政府采购工程预算", source="narrative"),
    Figure("procurement_services", "政府采购服务预算", source="narrative"),
    Figure("procurement_sme", "面向中小企业预留", source="narrative"),
    Figure("procurement_small", "面向小微企业预留", source="narrative"),
    Figure("gov_services", "政府购买服务", keywords=("政府购买服务",), source="narrative"),
    Figure("fixed_assets", "固定资产金额", keywords=("固定资产金额",), source="narrative", held=True),
    Figure("assets", "国有资产总额", keywords=("国有资产总额",), source="narrative", held=True),
    Figure("planned_assets", "拟购置固定资产", keywords=("拟购置固定资产",), source="narrative"),
    # counts (辆, 台（套）, 个 …) and performance figures: named by the words of yusuan.domain.subjects
    Figure("vehicles", "车辆数", source="narrative", held=True),
    Figure("equipment_large", "大型设备", source="narrative", held=True),
    Figure("performance_projects", "实行绩效目标管理的项目数", source="narrative"),
    Figure("performance_amount", "绩效目标管理涉及金额", source="narrative"),
    Figure("performance_share", "绩效目标管理覆盖比例", source="narrative"),
    #: A project an itemised list names; its messages quote the project's own name.
    Figure("project_item", "项目", source="narrative"),
)

#: Every figure by key, in the registry's order.
FIGURES: dict[FigureKey, Figure] = {f.key: f for f in _FIGURES}


def name(key: FigureKey) -> str:
    """The Chinese name of a figure."""
    return FIGURES[key].name


#: The figures the store keeps, in the order ``show`` prints them.
STORED: tuple[Figure, ...] = tuple(f for f in _FIGURES if f.stored)
#: The amounts ``compare`` ranks, in its column order.
COMPARED: tuple[Figure, ...] = tuple(f for f in _FIGURES if f.compared)
#: Every subject a narrative claim can have.
NARRATIVE_SUBJECTS: tuple[Figure, ...] = tuple(f for f in _FIGURES if f.claimed)


def parent(key: FigureKey) -> FigureKey | None:
    """The figure ``key`` is a part of (the first, in registry order)."""
    return next((f.key for f in _FIGURES if key in f.parts), None)


def tree(keys: tuple[FigureKey, ...]) -> Iterator[tuple[Figure, int]]:
    """The figures ``keys`` in tree order, each with its depth: every figure whose parent is not
    among them starts a tree, followed depth first by its parts that are among them."""
    chosen = set(keys)

    def walk(key: FigureKey, depth: int) -> Iterator[tuple[Figure, int]]:
        yield FIGURES[key], depth
        for part in FIGURES[key].parts:
            if part in chosen:
                yield from walk(part, depth + 1)

    parts = {p for k in keys for p in FIGURES[k].parts}
    for key in keys:
        if key not in parts:
            yield from walk(key, 0)


#: The rows of ``history``: each figure with its indent.
HISTORY: tuple[tuple[Figure, int], ...] = tuple(tree(tuple(f.key for f in _FIGURES if f.history)))

#: (keyword, subject) of every narrative keyword; see the module docstring for how they are matched.
SUBJECT_KEYWORDS: tuple[tuple[str, FigureKey], ...] = tuple((w, f.key) for f in _FIGURES for w in f.keywords)

#: (word, subject): the subject of a sentence with no keyword, by a word in its section's title.
SECTION_DEFAULTS: tuple[tuple[str, FigureKey], ...] = tuple((w, f.key) for f in _FIGURES for w in f.section_words)


def economic_codes(key: FigureKey) -> tuple[str, ...]:
    """The economic classification codes a figure is spent under: its own, or its parts' (sorted)."""
    own = FIGURES[key].codes
    if own or not FIGURES[key].parts:
        return own
    return tuple(sorted({c for part in FIGURES[key].parts for c in economic_codes(part)}))


def glossary(level: str) -> list[tuple[str, str]]:
    """The 名词解释 of the figures the glossary defines, (term, text), for a level (``县级``)."""
    return [(f.name, f.definition.format(level=level)) for f in _FIGURES if f.definition]


#: The rows of the 三公 table as the standard (Hebei) table prints them: (row key, printed label).
THREE_PUBLIC_ROWS: tuple[tuple[ThreePublicKey, str], ...] = (
    ("total", "合计"),
    ("subtotal", f"{name('three_public')}小计"),
    ("abroad", f"一、{name('abroad')}"),
    ("vehicle", f"二、{FIGURES['vehicle'].label}"),
    ("vehicle_purchase", f"其中：{name('vehicle_purchase')}"),
    ("vehicle_operation", name("vehicle_operation")),
    ("reception", f"三、{name('reception')}"),
)


def decompositions(key: FigureKey) -> tuple[tuple[FigureKey, ...], ...]:
    """The ways a figure splits into parts that add up to it: its parts, and its parts with one of
    them split into its own parts (支出 = 基本 + 项目 = 人员 + 公用 + 项目)."""
    parts = FIGURES[key].parts
    if not parts:
        return ()
    out = [parts]
    for i, part in enumerate(parts):
        inner = FIGURES[part].parts
        if inner:
            out.append((*parts[:i], *inner, *parts[i + 1 :]))
    return tuple(out)


def held(subject: str) -> bool:
    """Whether a narrative subject is a holding counted at the end of the year before (see ``Figure.held``)."""
    figure = FIGURES.get(subject)  # type: ignore[call-overload]
    return figure is not None and figure.held
