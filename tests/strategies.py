"""Random consistent budgets, as the truth a round trip through the text layouts must give back.

A :class:`Budget` is the few free choices of a department budget: the 项 (7-digit function codes)
it spends on, with each 项's fiscal basic and project amounts and its non-fiscal income; the
economic breakdown of the general-budget basic spending; the "三公" figures. :func:`build` derives
the nine tables from it so that every relationship of DOMAIN.md §3 R1–R9 holds: parents are the
sums of their children, the 合计 rows the sums of the 类 rows, the summaries match the code tables,
basic_expenditure's 合计 is general_budget's 合计 basic, and "三公" is at least 30217 / 30231.

Amounts are whole cents (``int``) while building and ``Decimal`` with two places in the model;
a zero is a blank cell, absent from ``Row.values``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from hypothesis import strategies as st

from yusuan.domain.classification import summary_items
from yusuan.domain.tables import SPECS
from yusuan.model import Disclosure, Row, Table, TwoSidedTable
from yusuan.publish.textlayout import EMPTY_NOTES

Fund = Literal["general", "gov_fund", "state_capital"]
Use = Literal["basic", "project", "operating"]

# -- the classification catalogue (2023 names) --------------------------------------------------

#: 类 → (name, {款 → (name, {项 → name})})
FunctionTree = dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]]

GENERAL_TREE: FunctionTree = {
    "201": (
        "一般公共服务支出",
        {
            "20101": (
                "人大事务",
                {
                    "2010101": "行政运行",
                    "2010102": "一般行政管理事务",
                    "2010104": "人大会议",
                    "2010106": "人大监督",
                    "2010108": "代表工作",
                    "2010199": "其他人大事务支出",
                },
            ),
            "20103": (
                "政府办公厅（室）及相关机构事务",
                {"2010301": "行政运行", "2010302": "一般行政管理事务", "2010350": "事业运行"},
            ),
        },
    ),
    "208": (
        "社会保障和就业支出",
        {
            "20805": (
                "行政事业单位养老支出",
                {
                    "2080501": "行政单位离退休",
                    "2080502": "事业单位离退休",
                    "2080505": "机关事业单位基本养老保险缴费支出",
                    "2080506": "机关事业单位职业年金缴费支出",
                },
            ),
            "20808": ("抚恤", {"2080801": "死亡抚恤"}),
        },
    ),
    "210": (
        "卫生健康支出",
        {
            "21011": (
                "行政事业单位医疗",
                {"2101101": "行政单位医疗", "2101102": "事业单位医疗", "2101103": "公务员医疗补助"},
            )
        },
    ),
    "221": ("住房保障支出", {"22102": ("住房改革支出", {"2210201": "住房公积金", "2210203": "购房补贴"})}),
}

GOV_FUND_TREE: FunctionTree = {
    "212": (
        "城乡社区支出",
        {"21208": ("国有土地使用权出让收入安排的支出", {"2120801": "征地和拆迁补偿支出", "2120802": "土地开发支出"})},
    ),
    "229": ("其他支出", {"22960": ("彩票公益金安排的支出", {"2296002": "用于社会福利的彩票公益金支出"})}),
}

STATE_CAPITAL_TREE: FunctionTree = {
    "223": (
        "国有资本经营预算支出",
        {"22301": ("解决历史遗留问题及改革成本支出", {"2230105": "国有企业退休人员社会化管理补助支出"})},
    ),
}

FUND_TREES: dict[Fund, FunctionTree] = {
    "general": GENERAL_TREE,
    "gov_fund": GOV_FUND_TREE,
    "state_capital": STATE_CAPITAL_TREE,
}


def _function_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for tree in FUND_TREES.values():
        for cls, (cls_name, kuans) in tree.items():
            names[cls] = cls_name
            for kuan, (kuan_name, xiangs) in kuans.items():
                names[kuan] = kuan_name
                names.update(xiangs)
    return names


FUNCTION_NAMES = _function_names()

#: 类 → (name, fund column, {款 → name})
ECONOMIC_TREE: dict[str, tuple[str, str, dict[str, str]]] = {
    "301": (
        "工资福利支出",
        "personnel",
        {
            "30101": "基本工资",
            "30102": "津贴补贴",
            "30103": "奖金",
            "30107": "绩效工资",
            "30108": "机关事业单位基本养老保险缴费",
            "30109": "职业年金缴费",
            "30110": "职工基本医疗保险缴费",
            "30111": "公务员医疗补助缴费",
            "30112": "其他社会保障缴费",
            "30113": "住房公积金",
            "30199": "其他工资福利支出",
        },
    ),
    "302": (
        "商品和服务支出",
        "public",
        {
            "30201": "办公费",
            "30202": "印刷费",
            "30207": "邮电费",
            "30211": "差旅费",
            "30215": "会议费",
            "30216": "培训费",
            "30217": "公务接待费",
            "30228": "工会经费",
            "30229": "福利费",
            "30231": "公务用车运行维护费",
            "30239": "其他交通费用",
            "30299": "其他商品和服务支出",
        },
    ),
    "303": (
        "对个人和家庭的补助",
        "personnel",
        {"30301": "离休费", "30302": "退休费", "30305": "生活补助", "30309": "奖励金"},
    ),
    "310": ("资本性支出", "public", {"31002": "办公设备购置"}),
}
ECONOMIC_CODES = tuple(code for _, _, kuans in ECONOMIC_TREE.values() for code in kuans)
ECONOMIC_NAMES = {
    code: name
    for cls, (cls_name, _, kuans) in ECONOMIC_TREE.items()
    for code, name in [(cls, cls_name), *kuans.items()]
}

SUMMARY_INCOME_ITEMS: tuple[tuple[str, str], ...] = (
    ("general", "一、一般公共预算拨款收入"),
    ("gov_fund", "二、政府性基金预算拨款收入"),
    ("state_capital", "三、国有资本经营预算拨款收入"),
    ("special_account", "四、财政专户管理资金收入"),
    ("business", "五、事业收入"),
    ("operating", "六、事业单位经营收入"),
    ("superior_subsidy", "七、上级补助收入"),
    ("affiliated", "八、附属单位上缴收入"),
    ("other", "九、其他收入"),
)
FISCAL_ITEMS: tuple[tuple[Fund, str], ...] = (
    ("general", "一、一般公共预算拨款"),
    ("gov_fund", "二、政府性基金预算拨款"),
    ("state_capital", "三、国有资本经营预算拨款"),
)
OTHER_SOURCES = ("special_account", "business", "operating", "superior_subsidy", "affiliated", "other")

# -- the free choices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """One 项: fiscal money of one fund (basic and project) and non-fiscal money spent on one use."""

    code: str
    fund: Fund = "general"
    basic: int = 0
    project: int = 0
    #: Non-fiscal current income by income column (``business``, ``other``…).
    sources: tuple[tuple[str, int], ...] = ()
    #: 上年结转 (non-fiscal carry-over) spent this year.
    carryover: int = 0
    #: What the non-fiscal money is spent on: basic, project or (with 经营收入) 经营支出.
    extra_use: Use = "project"

    @property
    def extra(self) -> int:
        return sum(a for _, a in self.sources) + self.carryover


@dataclass(frozen=True)
class ThreePublic:
    abroad: int = 0
    vehicle_purchase: int = 0
    vehicle_operation: int = 0
    reception: int = 0
    #: List 教学科研人员因公出国（境）费 / 其他因公出国（境）费 under 因公出国（境）费 (003 template).
    abroad_detail: bool = False


@dataclass(frozen=True)
class Budget:
    leaves: tuple[Leaf, ...]
    #: The general-budget basic spending by economic 款 (5-digit code, cents); sums to Σ leaf.basic.
    economic: tuple[tuple[str, int], ...] = ()
    #: None: the "三公" table is published empty with its note.
    three_public: ThreePublic | None = None


# -- building the tables ------------------------------------------------------------------------


def money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _values(cents: dict[str, int], columns: Iterable[str]) -> dict[str, Decimal]:
    return {c: money(cents[c]) for c in columns if cents.get(c)}


def _add(into: dict[str, int], cents: dict[str, int]) -> None:
    for k, v in cents.items():
        into[k] = into.get(k, 0) + v


def _coded_table(table_id: str, leaves: dict[str, dict[str, int]], names: dict[str, str]) -> Table:
    """A code table: the 合计 row, then the 类 / 款 / leaf rows in code order, parents summed; or empty."""
    spec = SPECS[table_id]
    sums: dict[str, dict[str, int]] = {}
    grand: dict[str, int] = {}
    for code, cents in leaves.items():
        _add(grand, cents)
        for length in range(3, len(code) + 1, 2):
            _add(sums.setdefault(code[:length], {}), cents)
    rows = [Row(code=None, key="total", name="合计", values=_values(grand, spec.columns))] if sums else []
    rows += [Row(code=c, name=names[c], values=_values(sums[c], spec.columns)) for c in sorted(sums)]
    note = None if rows else EMPTY_NOTES[table_id]
    return Table(title=spec.title, unit="万元", note=note, rows=rows)


def _class_sums(table: Table, column: str) -> dict[str, int]:
    return {r.code: int(r.values.get(column, Decimal(0)) * 100) for r in table.rows if r.code and len(r.code) == 3}


def _class_items() -> list[tuple[str | None, str]]:
    """(类 code, label) of the 31 expenditure items of the Hebei summaries (三十一、人行科目 has no code)."""
    return [(item.class_code, item.label) for item in summary_items()]


def build(budget: Budget) -> Disclosure:
    """The nine tables of ``budget``, consistent by construction."""
    income_leaves: dict[str, dict[str, int]] = {}
    expenditure_leaves: dict[str, dict[str, int]] = {}
    fund_leaves: dict[Fund, dict[str, dict[str, int]]] = {"general": {}, "gov_fund": {}, "state_capital": {}}
    for leaf in budget.leaves:
        fiscal = leaf.basic + leaf.project
        current = fiscal + sum(a for _, a in leaf.sources)
        row = {"total": current + leaf.carryover, "subtotal": current, "fiscal": fiscal, "carryover": leaf.carryover}
        _add(row, dict(leaf.sources))
        income_leaves[leaf.code] = row
        spent = {"total": fiscal + leaf.extra, "basic": leaf.basic, "project": leaf.project, "operating": 0}
        spent[leaf.extra_use] += leaf.extra
        expenditure_leaves[leaf.code] = spent
        if fiscal:
            fund_leaves[leaf.fund][leaf.code] = {"total": fiscal, "basic": leaf.basic, "project": leaf.project}

    tables: dict[str, Table | TwoSidedTable] = {}
    income = _coded_table("income", income_leaves, FUNCTION_NAMES)
    expenditure = _coded_table("expenditure", expenditure_leaves, FUNCTION_NAMES)
    general = _coded_table("general_budget", fund_leaves["general"], FUNCTION_NAMES)
    gov_fund = _coded_table("gov_fund", fund_leaves["gov_fund"], FUNCTION_NAMES)
    state_capital = _coded_table("state_capital", fund_leaves["state_capital"], FUNCTION_NAMES)
    basic = _basic_expenditure(budget)
    basic_total = sum(leaf.basic for leaf in budget.leaves if leaf.fund == "general")
    assert sum(a for _, a in budget.economic) == basic_total, "economic breakdown must equal the basic total"
    fund_totals = {f: sum(leaf.basic + leaf.project for leaf in budget.leaves if leaf.fund == f) for f in fund_leaves}

    tables["summary"] = _summary(budget, expenditure, fund_totals)
    tables["income"] = income
    tables["expenditure"] = expenditure
    tables["fiscal_summary"] = _fiscal_summary(general, gov_fund, state_capital, fund_totals)
    tables["general_budget"] = general
    tables["basic_expenditure"] = basic
    tables["gov_fund"] = gov_fund
    tables["state_capital"] = state_capital
    tables["three_public"] = _three_public(budget.three_public)
    return Disclosure(source="<strategy>", layout="pdf-text", unit="万元", year=2023, tables=tables)


def _row(key: str, name: str, cents: dict[str, int], columns: Iterable[str]) -> Row:
    return Row(key=key, name=name, values=_values(cents, columns))


def _summary(budget: Budget, expenditure: Table, fund_totals: dict[Fund, int]) -> TwoSidedTable:
    by_source = {s: sum(dict(leaf.sources).get(s, 0) for leaf in budget.leaves) for s in OTHER_SOURCES}
    by_source.update({key: fund_totals[key] for key, _ in FISCAL_ITEMS})
    carryover = sum(leaf.carryover for leaf in budget.leaves)
    current = sum(by_source.values())
    rows_in = [_row(key, name, {"amount": by_source[key]}, ("amount",)) for key, name in SUMMARY_INCOME_ITEMS]
    rows_in += [
        _row("current_total", "本年收入合计", {"amount": current}, ("amount",)),
        _row("carryover", "上年结转结余", {"amount": carryover}, ("amount",)),
        _row("grand_total", "收入总计", {"amount": current + carryover}, ("amount",)),
    ]
    classes = _class_sums(expenditure, "total")
    rows_ex = [
        Row(code=code, name=name, values=_values({"amount": classes.get(code or "", 0)}, ("amount",)))
        for code, name in _class_items()
    ]
    spent = sum(classes.values())
    rows_ex += [
        _row("current_total", "本年支出合计", {"amount": spent}, ("amount",)),
        _row("carryover", "年终结转结余", {}, ("amount",)),
        _row("grand_total", "支出总计", {"amount": spent}, ("amount",)),
    ]
    return TwoSidedTable(title=SPECS["summary"].title, unit="万元", income=rows_in, expenditure=rows_ex)


def _fiscal_summary(
    general: Table, gov_fund: Table, state_capital: Table, fund_totals: dict[Fund, int]
) -> TwoSidedTable:
    spec = SPECS["fiscal_summary"]
    rows_in = [_row(key, name, {"amount": fund_totals[key]}, ("amount",)) for key, name in FISCAL_ITEMS]
    current = sum(fund_totals.values())
    rows_in.append(_row("current_total", "本年收入合计", {"amount": current}, ("amount",)))
    rows_in.append(_row("carryover", "年初财政拨款结转和结余", {}, ("amount",)))
    rows_in += [_row(f"carryover_{key}", name, {}, ("amount",)) for key, name in FISCAL_ITEMS]
    rows_in.append(_row("grand_total", "收入总计", {"amount": current}, ("amount",)))
    by_fund: dict[str, dict[str, int]] = {
        "general": _class_sums(general, "total"),
        "gov_fund": _class_sums(gov_fund, "total"),
        "state_capital": _class_sums(state_capital, "total"),
    }
    rows_ex: list[Row] = []
    for code, name in _class_items():
        cents = {f: by_fund[f].get(code or "", 0) for f in by_fund}
        cents["total"] = sum(cents.values())
        rows_ex.append(Row(code=code, name=name, values=_values(cents, spec.columns)))
    totals: dict[str, int] = {key: fund_totals[key] for key, _ in FISCAL_ITEMS}
    totals["total"] = current
    rows_ex += [
        _row("current_total", "本年支出合计", totals, spec.columns),
        _row("carryover", "年末财政拨款结转和结余", {}, spec.columns),
        _row("grand_total", "支出总计", totals, spec.columns),
    ]
    return TwoSidedTable(title=spec.title, unit="万元", income=rows_in, expenditure=rows_ex)


def _basic_expenditure(budget: Budget) -> Table:
    """By economic code; 301 / 303 are 人员经费, 302 / 310 公用经费 (R8)."""
    leaves = {code: {"total": cents, ECONOMIC_TREE[code[:3]][1]: cents} for code, cents in budget.economic}
    return _coded_table("basic_expenditure", leaves, ECONOMIC_NAMES)


THREE_PUBLIC_ROWS: tuple[tuple[str, str], ...] = (
    ("total", "合计"),
    ("subtotal", "“三公”经费小计"),
    ("abroad", "一、因公出国（境）费"),
    ("abroad_academic", "其中：教学科研人员因公出国（境）费"),
    ("abroad_other", "其他因公出国（境）费"),
    ("vehicle", "二、公务用车购置及运维费"),
    ("vehicle_purchase", "其中：公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "三、公务接待费"),
)


def _three_public(tp: ThreePublic | None) -> Table:
    spec = SPECS["three_public"]
    if tp is None:
        return Table(title=spec.title, unit="万元", note=EMPTY_NOTES["three_public"])
    vehicle = tp.vehicle_purchase + tp.vehicle_operation
    subtotal = tp.abroad + vehicle + tp.reception
    amounts = {
        "total": subtotal,
        "subtotal": subtotal,
        "abroad": tp.abroad,
        "abroad_academic": 0,
        "abroad_other": tp.abroad,
        "vehicle": vehicle,
        "vehicle_purchase": tp.vehicle_purchase,
        "vehicle_operation": tp.vehicle_operation,
        "reception": tp.reception,
    }
    rows = [
        _row(key, name, {"total": amounts[key], "general": amounts[key]}, spec.columns)
        for key, name in THREE_PUBLIC_ROWS
        if tp.abroad_detail or key not in ("abroad_academic", "abroad_other")
    ]
    return Table(title=spec.title, unit="万元", rows=rows)


# -- strategies ---------------------------------------------------------------------------------

#: Round amounts recur in real budgets and make coincidences (the hard cases for PDF text) likely.
_ROUND = (100, 750, 1500, 3600, 4000, 10000, 50000)


def cents(max_value: int = 2_000_000) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(_ROUND), st.integers(1, max_value))


def _subset(draw: st.DrawFn, items: Iterable[str]) -> list[str]:
    pool = sorted(items)
    return sorted(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True)))


def _leaf_codes(draw: st.DrawFn, tree: FunctionTree, max_classes: int) -> list[str]:
    codes: list[str] = []
    classes = _subset(draw, tree)[:max_classes]
    for cls in classes:
        for kuan in _subset(draw, tree[cls][1]):
            codes += _subset(draw, tree[cls][1][kuan][1])
    return codes


@st.composite
def _fiscal_leaf(draw: st.DrawFn, code: str, fund: Fund) -> Leaf:
    use = draw(st.sampled_from(("basic", "project", "both") if fund == "general" else ("project", "both")))
    basic = draw(cents()) if use in ("basic", "both") else 0
    project = draw(cents()) if use in ("project", "both") else 0
    return Leaf(code=code, fund=fund, basic=basic, project=project)


@st.composite
def _with_other_money(draw: st.DrawFn, leaf: Leaf, sources: list[str]) -> Leaf:
    chosen = draw(st.lists(st.sampled_from(sources), max_size=2, unique=True))
    amounts = tuple((s, draw(cents(300_000))) for s in sorted(chosen))
    carryover = draw(st.one_of(st.just(0), cents(300_000)))
    uses: tuple[Use, ...] = ("basic", "project", "operating") if "operating" in chosen else ("basic", "project")
    use = draw(st.sampled_from(uses))
    return Leaf(leaf.code, leaf.fund, leaf.basic, leaf.project, amounts, carryover, use)


@st.composite
def _economic(draw: st.DrawFn, total: int) -> tuple[tuple[str, int], ...]:
    if total == 0:
        return ()
    """Split ``total`` cents over a few economic 款, each at least one cent, in proportion to drawn weights."""
    codes = sorted(draw(st.lists(st.sampled_from(ECONOMIC_CODES), min_size=1, max_size=min(10, total), unique=True)))
    weights = draw(st.lists(st.integers(0, 1000), min_size=len(codes), max_size=len(codes)))
    rest, weight = total - len(codes), sum(weights) or 1
    shares = [rest * w // weight for w in weights]
    shares[0] += rest - sum(shares)
    return tuple((code, 1 + share) for code, share in zip(codes, shares, strict=True))


@st.composite
def _three_public_figures(draw: st.DrawFn, economic: dict[str, int]) -> ThreePublic | None:
    reception, operation = economic.get("30217", 0), economic.get("30231", 0)
    if not (reception or operation) and draw(st.booleans()):
        return None
    extra = st.one_of(st.just(0), cents(100_000))
    tp = ThreePublic(
        abroad=draw(extra),
        vehicle_purchase=draw(extra),
        vehicle_operation=operation + draw(extra),
        reception=reception + draw(extra),
        abroad_detail=draw(st.booleans()),
    )
    if not (tp.abroad or tp.vehicle_purchase or tp.vehicle_operation or tp.reception):
        return None
    return tp


@st.composite
def budgets(draw: st.DrawFn, max_classes: int = 4) -> Budget:
    """A random consistent budget: general-budget 项 always, other funds and other income sometimes."""
    leaves = [draw(_fiscal_leaf(code, "general")) for code in _leaf_codes(draw, GENERAL_TREE, max_classes)]
    for fund in ("gov_fund", "state_capital"):
        if draw(st.integers(0, 3)) == 0:
            leaves += [draw(_fiscal_leaf(code, fund)) for code in _leaf_codes(draw, FUND_TREES[fund], 1)]
    if draw(st.booleans()):  # some income from other sources than fiscal appropriations
        sources = _subset(draw, OTHER_SOURCES)[:2]
        picks = draw(st.lists(st.booleans(), min_size=len(leaves), max_size=len(leaves)))
        pairs = zip(leaves, picks, strict=True)
        leaves = [draw(_with_other_money(leaf, sources)) if pick else leaf for leaf, pick in pairs]
        if any(pick for pick in picks) and draw(st.booleans()):  # a 项 paid by non-fiscal money only
            i = picks.index(True)
            only = leaves[i]
            sources_only = only.sources or (("other", 500),)
            leaves[i] = Leaf(only.code, only.fund, 0, 0, sources_only, only.carryover, only.extra_use)
    basic_total = sum(leaf.basic for leaf in leaves if leaf.fund == "general")
    economic = draw(_economic(basic_total))
    return Budget(tuple(leaves), economic, draw(_three_public_figures(dict(economic))))


@st.composite
def pdf_options(draw: st.DrawFn) -> tuple[int, int | None, bool]:
    """(rows_per_page, name_width, split_names) for :func:`render_pdf_text`."""
    rows_per_page = draw(st.integers(1, 30))
    name_width = draw(st.one_of(st.none(), st.integers(2, 12)))
    return rows_per_page, name_width, draw(st.booleans())
