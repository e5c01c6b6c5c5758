"""What the lines of the two-sided summaries and of the 三公 table mean: a line's printed name → its
row key (本年收入合计 → current_total, 一般公共预算 → general, 因公出国（境）费 → abroad …)."""

from __future__ import annotations

import re

from yusuan.domain.figures import name as figure_name
from yusuan.domain.patterns import first_match
from yusuan.domain.tables import COLUMN_NAMES, ThreePublicKey

_THREE_PUBLIC_KEYS: tuple[tuple[str, ThreePublicKey], ...] = (
    (r"^合计$", "total"),
    (r"小计", "subtotal"),
    (r"^三公经费(支出|预算)*$", "subtotal"),  # the three's sum as a line of its own (“三公”经费)
    (r"教学科研人员因公出国", "abroad_academic"),
    (r"其他因公出国", "abroad_other"),
    (r"因公出国", "abroad"),
    (r"公务用车购置及", "vehicle"),
    (r"购置费$", "vehicle_purchase"),
    (r"运行(维护)?费$", "vehicle_operation"),
    (r"公务接待", "reception"),
)


#: Lines a 三公 table may print that are figures of other tables (机关运行经费 — 行政经费 in some
#: templates —, 会议费, 培训费), by the key of their line.
_THREE_PUBLIC_OTHER_LINES: tuple[tuple[str, str], ...] = (
    (r"^(机关运行经费|行政经费)", "operating_costs"),
    (r"^会议费", "meeting"),
    (r"^培训费", "training"),
)


def _three_public_text(name: str) -> str:
    text = re.sub(r"^(其中[:：])|\s+|[“”\"'‘’]", "", name)
    return re.sub(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十\d]+[)）]|^\d+[.、]", "", text)


def three_public_other_line(name: str) -> str | None:
    """The item of a line of a 三公 table that belongs to another table (operating_costs, meeting, training)."""
    text = _three_public_text(name)
    return first_match(_THREE_PUBLIC_OTHER_LINES, text)


def three_public_key(name: str) -> ThreePublicKey | None:
    text = _three_public_text(name)
    return first_match(_THREE_PUBLIC_KEYS, text)


_SUMMARY_INCOME_KEYS = (
    (r"本年收入合计", "current_total"),
    (r"收入总计", "grand_total"),
    (r"上年结[转余]", "carryover"),  # 上年结转, 上年结余、结转 (Shenzhen)
    (r"年初.*结转", "carryover"),
    (r"一般公共预算", "general"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政专户", "special_account"),
    # the parent of the three funds, or their one line (一、预算拨款); not 非财政拨款, 其中 or 结转 lines
    (r"^(?!其中)(?!.*非财政)(?!.*结[转余]).*(财政拨款|预算拨款)", "fiscal"),
    (r"经营收入", "operating"),
    (r"事业收入", "business"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位", "affiliated"),
    (r"其他收入|其他资金", "other"),
)

_SUMMARY_EXPENDITURE_KEYS = (
    (r"本年支出合计", "current_total"),
    (r"支出总计", "grand_total"),
    (r"(年终|年末).*结[转余]", "carryover"),
)


def income_key(name: str, after_carryover: bool) -> str | None:
    """Row key of an income-side item; items listed under 年初结转和结余 get a ``carryover_`` key."""
    text = re.sub(r"\s+", "", name)
    key = first_match(_SUMMARY_INCOME_KEYS, text)
    if after_carryover and key in ("general", "gov_fund", "state_capital"):
        return f"carryover_{key}"
    return key


def expenditure_key(name: str) -> str | None:
    text = re.sub(r"\s+", "", name)
    return first_match(_SUMMARY_EXPENDITURE_KEYS, text)


def is_expenditure_item(name: str) -> bool:
    """Whether a summary item sits on the expenditure side (used when a PDF row shows one side)."""
    text = re.sub(r"\s+", "", name)
    if expenditure_key(text):
        return True
    if "收入" in text or "拨款" in text or "上年结转" in text or "年初" in text:
        return False
    return text.endswith("支出") or "预备费" in text or "人行科目" in text or text.endswith("支出)")


_USE_KEYS = ((COLUMN_NAMES["basic"], "use_basic"), (COLUMN_NAMES["project"], "use_project"), ("预留", "use_reserve"))
_INCOME_EXTRA = (
    (rf"(本年|当年)收入(小计|合计)|^{figure_name('income')}$", "current_total"),
    (r"收入(总计|合计)|^总计$", "grand_total"),  # a side's own 总计 (决算 summaries print it bare)
    (r"使用非财政拨款结余|用事业基金弥补", "nonfiscal_balance"),
)
_EXPENDITURE_EXTRA = (
    (r"(本年|当年)支出(小计|合计)|^本年支出$", "current_total"),
    (r"支出(总计|合计)|^总计$", "grand_total"),
    (r"^结余分配", "distribution"),
    (r"结转下年|年末结转", "carryover"),
)


def side_key(name: str, side: str, after_carryover: bool, use: bool) -> str | None:
    """The key of a line of a summary printed in a grid: the grid's own words (本年收入小计, 收入合计 …)
    first, then the summary vocabulary; on a 支出用途 side, 基本支出 / 项目支出 / 预留."""
    text = re.sub(r"\s+", "", name)
    key = first_match(_INCOME_EXTRA if side == "income" else _EXPENDITURE_EXTRA, text)
    if key is not None:
        return key
    if side == "income":
        return income_key(text, after_carryover)
    found = expenditure_key(text)
    if found is None and use:
        for word, use_key in _USE_KEYS:
            if word in text:
                return use_key
    return found


#: The lines of a final account's summaries (收入支出决算总表, 财政拨款收入支出决算总表) beside 本年收入合计 /
#: 本年支出合计 and 年初 / 年末结转和结余: what balances them (a budget's summaries print none of these but 总计).
_FINAL_LINES = (
    (r"^(收入|支出)?总计$", "grand_total"),
    (r"使用非财政拨款结余|用事业基金弥补", "nonfiscal_balance"),
    (r"^结余分配", "distribution"),
)


def final_line(name: str) -> str | None:
    """``grand_total``, ``nonfiscal_balance`` or ``distribution`` for such a line of a 决算 summary, else None."""
    return first_match(_FINAL_LINES, re.sub(r"\s+", "", name))
