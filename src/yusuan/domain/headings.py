"""What the titles and column heads of every province's template mean.

:func:`classify_title` maps a table title — 收支预算总表, 财务收支预算总表, 部门收支总体情况表,
预算01表 收支总表, 一般公共预算支出功能分类预算表, "三公"经费和机关运行经费预算表 … — onto a
canonical table id (:data:`yusuan.domain.tables.TableId`: DOMAIN.md §1, and the extra ids of
docs/tables.md). :func:`column_key` maps a
column's header path (the heads above it, outermost first) onto a canonical column key.
"""

from __future__ import annotations

import re
from typing import Literal

from yusuan.domain.patterns import first_match
from yusuan.domain.tables import TableId

_PREFIX_RE = re.compile(
    r"^(?:"
    r"预算\d+表|部门公开表\d+|公开\d+表[:：]?|附表\d*[:：]?|表\d+(?:[-.]\d+)?[:：.、]?"
    r"|[（(]?[一二三四五六七八九十]+[）)、.．]|\d+[、.．]"
    r")"
)
_NOT_TITLE_RE = re.compile(r"说明|[。，；]|关于|情况如下")

#: (pattern on the squashed title, id), the most specific first.
_TITLES: tuple[tuple[str, TableId], ...] = (
    (r"三公", "three_public"),
    (r"机关运行经费", "operating_costs"),
    (r"会议费.*培训费|培训费.*会议费", "meeting_training"),
    (r"政府购买服务", "gov_services"),
    (r"政府采购", "procurement_table"),
    (r"绩效", "performance_table"),
    (r"国有资本经营预算.*支出", "state_capital"),
    (r"政府性基金.*(支出|收支)", "gov_fund"),
    (r"基本支出.*(功能科目|功能分类)", "basic_function"),
    (r"一般公共预算.*基本支出", "basic_expenditure"),
    (r"财政拨款.*基本支出", "fiscal_basic"),
    (r"一般公共预算.*(经济分类|经济科目)", "general_economic"),
    (r"基本支出", "basic_all"),
    (r"项目支出|专项业务经费", "project_expenditure"),  # 专项业务经费: the project spending of some templates
    (r"财政拨款收入?支", "fiscal_summary"),  # 财政拨款收支总表, 财政拨款收入支出决算总表
    (r"一般公共预算.*支出", "general_budget"),
    (r"财政拨款.*支出", "fiscal_expenditure"),
    (r"收入?支", "summary"),  # 收支总表, 收入支出决算总表
    (r"收入", "income"),
    (r"支出", "expenditure"),
)


def strip_number(title: str) -> str:
    """A squashed title without its numbering (``预算01表``, ``公开03表：``, ``表1：``, ``一、`` …)."""
    return _PREFIX_RE.sub("", title)


def classify_title(text: str) -> TableId | None:
    """The canonical id of the table a title line names, or None when it is not a table title."""
    s = re.sub(r"\s+", "", text)
    ends = s.endswith(("表", "表）", "表)")) or re.search(r"表[（(][^）)]*[）)]$", s)
    if not s or len(s) > 48 or _NOT_TITLE_RE.search(s) or not ends:
        return None
    s = _PREFIX_RE.sub("", s)
    return first_match(_TITLES, s)


def is_title_fragment(text: str) -> bool:
    """A line that may be the first half of a title broken over two lines (…支出预 / 算表)."""
    s = re.sub(r"\s+", "", text)
    return 2 <= len(s) <= 40 and not _NOT_TITLE_RE.search(s) and bool(re.search(r"预算|经费|支出|收入|收支", s))


# -- column heads --------------------------------------------------------------------------------

#: (pattern on one header segment, key); the first match wins.
_COLUMN_KEYS: tuple[tuple[str, str], ...] = (
    (
        r"^(合计|总计|合计数|总额|预算|预算数|金额|金额合计|预算金额|预算合计|本年预算数?|年初预算数?"
        r"|\d{4}年(年初)?预算数?)$",
        "total",
    ),
    (r"^(本年|当年)收入(合计|小计)$", "subtotal"),
    (r"^(收入|支出)(总计|合计)$", "total"),
    (r"人员(经费|支出|类)", "personnel"),
    (r"公用(经费|支出|类)", "public"),
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"经营支出", "operating"),
    (r"上缴上级|上解上级", "remit_superior"),
    (r"预留机动", "reserve"),
    (r"对附属单位补助", "subsidy_affiliated"),
    (r"使用非财政拨款结余|用事业基金弥补", "nonfiscal_balance"),
    (r"^(年末|年终)结转(和|及)?结余$|^结转下年", "closing_carryover"),
    (r"上年结[转余]|年初结转", "carryover"),
    (r"一般公共预算|^公共预算(拨款|资金|财政拨款)?", "general"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政专户|^专户(资金|管理)", "special_account"),
    (r"财政拨款", "fiscal"),
    (r"事业单位经营(服务)?收入|^经营(服务)?收入", "operating"),
    (r"事业收入", "business"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位上缴", "affiliated"),
    (r"其[他它]收入|其[他它]资金", "other"),
)
_SUBTOTAL = re.compile(r"^(小计|合计|总计|金额|本年收入)$")
#: Heads of index columns (序号, 行次, 栏次 …): row numbers, never amounts.
_INDEX_HEAD = re.compile(r"^(序号|序次|顺序号|行次|行号|栏次|栏号|编号|项次|No\.?|NO\.?|no\.?)$")
#: Heads of columns that are not this year's budget of the table: prior-year actuals, changes,
#: percentages, amounts net of capital projects, the procurement share of the amounts.
_NOT_BUDGET_HEAD = re.compile(r"执行数|上年预算|增减|比上年|%|扣除|增长|政府采购")
_OF_WHICH = re.compile(r"^其中[:：]?")


#: Beside each other in a final account's table (三公: 预算数 | 决算数): the final figure and the budget.
_FINAL_HEAD = re.compile(r"^(决算数?|决算金额|实际(支出|执行)?数?)$")
_BUDGET_HEAD = re.compile(r"^((年初)?预算数?|预算金额)$")
#: The budget as adjusted during the year (调整预算数, 调整后预算数, 全年预算数): not the 年初预算 a 决算 is held to.
_ADJUSTED_HEAD = re.compile(r"^(调整后?|全年)预算数?$")


def final_or_budget(path: list[str]) -> Literal["final", "budget", "adjusted"] | None:
    """Whether a column is a 决算数, a (年初) 预算数 or an adjusted budget (调整预算数) — by the nearest of its heads
    that says so (… 公务接待费/决算数, or 决算数/… 公务接待费 where the two groups head the items) — else None."""
    for head in reversed(path):
        text = re.sub(r"\s+", "", head)
        if _FINAL_HEAD.match(text):
            return "final"
        if _BUDGET_HEAD.match(text):
            return "budget"
        if _ADJUSTED_HEAD.match(text):
            return "adjusted"
    return None


def is_index_head(path: list[str]) -> bool:
    """A column headed 序号 / 行次 / 栏次 / 编号 / 项次 …: row numbers, never amounts."""
    segs = [re.sub(r"\s+", "", s) for s in path if s and s.strip()]
    return bool(segs) and (any(_INDEX_HEAD.match(s) for s in segs) or bool(_INDEX_HEAD.match("".join(segs))))


def is_not_budget_head(path: list[str]) -> bool:
    """A column that is not this year's budget (上年执行数, 增减, %, 扣除基建…, 政府采购 …)."""
    return bool(_NOT_BUDGET_HEAD.search("/".join(re.sub(r"\s+", "", s) for s in path)))


def is_of_which_head(path: list[str], table_id: str) -> bool:
    """An 其中 column with no meaning of its own: a share of its parent (其中：专项资金…, 其中：教育收费).

    An 其中 column naming a key of its own (其中：基本支出 under 一般公共预算支出) is not one.
    """
    segs = [re.sub(r"\s+", "", s) for s in path if s and s.strip()]
    if not segs or not _OF_WHICH.match(segs[-1]) or segs[-1] in ("其中", "其中:", "其中："):
        return False
    own = _segment_key(_OF_WHICH.sub("", segs[-1]), table_id)
    return own is None or own == _parent_key(segs[:-1], table_id)


_SKIP_SEGMENT = re.compile(r"^(预算数|本年|\d{4}年.*)$")


def column_key(path: list[str], table_id: str) -> str | None:
    """The canonical key of a value column from its header path (outermost head first).

    ``小计`` under 基本支出 is ``basic``; ``合计`` under nothing is ``total``; 人员经费 under
    基本支出 is ``personnel``. Columns of a prior year (执行数, 上年预算) and changes (增减) get
    no key: they are not this year's budget.
    """
    segs = [re.sub(r"\s+", "", s) for s in path if s and s.strip()]
    if is_not_budget_head(segs) or is_index_head(segs) or is_of_which_head(segs, table_id):
        return None
    if table_id == "income" and segs and re.search(r"上年结[转余]|年初结转", segs[0]) and len(segs) > 1:
        if _SUBTOTAL.match(segs[-1]):
            return "carryover"
        inner = _segment_key(segs[-1], table_id)
        return f"carryover_{inner}" if inner not in (None, "carryover", "total") else None
    own = _OWN_KEY.get(table_id)
    if table_id in _FUND_TABLES and segs and segs[-1] == "本年收入":
        return "current_income"  # a 决算's fund table: 年初结转和结余 | 本年收入 | 本年支出 … | 年末结转和结余
    for i in range(len(segs) - 1, -1, -1):
        seg = segs[i]
        if _SUBTOTAL.match(seg):
            parent = _parent_key(segs[:i], table_id)
            if parent is not None and parent != own:
                return parent
            return "subtotal" if seg in ("小计", "本年收入") and table_id == "income" else "total"
        key = _segment_key(seg, table_id)
        if key == "subtotal" and table_id != "income":
            key = "total"  # 本年收入合计 of a table without 上年结转 beside it
        if key is not None:
            return "total" if key == own else key
    return None


#: The fund tables: a 决算 prints what each fund received and carried over beside what it spent.
_FUND_TABLES = ("general_budget", "gov_fund", "state_capital")
#: The fund or part a table is about: its column of that name is the table's total.
_OWN_KEY = {
    "general_budget": "general",
    "gov_fund": "gov_fund",
    "state_capital": "state_capital",
    "basic_expenditure": "basic",
    "fiscal_basic": "basic",
    "basic_all": "basic",
    "basic_function": "basic",
    "fiscal_expenditure": "fiscal",
    "fiscal_summary": "fiscal",
    "project_expenditure": "project",
}


def _parent_key(segs: list[str], table_id: str) -> str | None:
    for seg in reversed(segs):
        if _SKIP_SEGMENT.match(seg) or seg.startswith("本年收入"):
            continue
        key = _segment_key(seg, table_id)
        if key is not None and key != "total":
            return key
    return None


#: Tables whose 经营 column is 经营支出 (a use of funds), not 经营收入.
_SPENDING_BY_USE = ("expenditure", "expenditure_detail")
#: Basic-expenditure tables split by economic class across the head: 人员经费 is 工资福利支出 plus
#: 对个人和家庭的补助, 公用经费 is 商品和服务支出 plus 资本性支出 (several columns, one key, summed).
_BASIC_TABLES = ("basic_expenditure", "fiscal_basic", "basic_all", "basic_function")
_BASIC_SPLIT: tuple[tuple[str, str], ...] = (
    (r"^(工资福利|对个人和家庭的?补助)(支出)?$", "personnel"),
    (r"^(商品和服务|资本性)(支出)?$", "public"),
)


def is_split_part(path: list[str], table_id: str) -> bool:
    """A column that is one of several making up its key (工资福利支出 of 人员经费): amounts add up."""
    segs = [re.sub(r"\s+", "", s) for s in path if s and s.strip()]
    return bool(segs) and table_id in _BASIC_TABLES and any(re.search(p, segs[-1]) for p, _ in _BASIC_SPLIT)


def _segment_key(seg: str, table_id: str) -> str | None:
    if re.search(r"日常公用", seg):
        return "public"
    if table_id in _BASIC_TABLES:
        for pattern, key in _BASIC_SPLIT:
            if re.search(pattern, seg):
                return key
    if table_id in _SPENDING_BY_USE and re.search(r"经营(服务)?收入$", seg):
        return None  # a source of funds (事业单位经营收入), not 经营支出: no key in a table of uses
    for pattern, key in _COLUMN_KEYS:
        if re.search(pattern, seg):
            return key
    return None


# -- three_public heads -------------------------------------------------------------------------

_THREE_PUBLIC_HEADS: tuple[tuple[str, str], ...] = (
    (r"机关运行经费", "operating_costs"),
    (r"会议费", "meeting"),
    (r"培训费", "training"),
    (r"教学科研人员.*出国", "abroad_academic"),
    (r"出国", "abroad"),
    (r"用车购置及运", "vehicle"),  # also a head whose first character the cell cut off (务用车购置及运行维护)
    (r"购置(经)?费$|车购置(经费)?$", "vehicle_purchase"),
    (r"运行(维护)?(经)?费$|用车运行维护$", "vehicle_operation"),
    (r"公务接待", "reception"),
    (r"三公.*(合计|总额|小计)|^(合计|总计)$", "total"),
)


def three_public_column(path: list[str]) -> str | None:
    """The 三公 item a column of a transposed 三公 table holds (its head names the item)."""
    segs = [re.sub(r"\s+", "", s) for s in path if s and s.strip()]
    if re.search(r"上年|执行数|增减", "/".join(segs)):
        return None
    for i in range(len(segs) - 1, -1, -1):
        seg = segs[i]
        if seg == "小计":
            parent = three_public_column(segs[:i])
            if parent in (None, "total") and any("三公" in s for s in segs[:i]):
                return "total"
            return parent
        for pattern, key in _THREE_PUBLIC_HEADS:
            if re.search(pattern, seg):
                return key
    return None
