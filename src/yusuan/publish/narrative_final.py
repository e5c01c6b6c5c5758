"""The 情况说明 of a final account (部门决算), written with the claims the reader must find in it.

The sections of the national 决算 template (:data:`yusuan.domain.final_template.FINAL_NATIONAL`) state
the year's figures the way 决算 packages do:

- 一: 本年收入合计, 本年支出合计, 年初/年末结转和结余, and the change of 本年支出合计 from last year's 决算;
- 二/三: income by source and expenditure by 基本/项目支出, each with its share (占…%);
- 五: 一般公共预算财政拨款支出 年初预算为…，支出决算为…，完成年初预算的…%, then each function item (项) the
  same way, with the reason when the 决算 is off its budget by more than :data:`REASON_FROM`;
- 六: 基本支出 as 人员经费 and 公用经费;
- 七: 三公 年初预算 / 决算 / 完成率 for the total and each item, the change from last year;
- 十: 机关运行经费.

Each sentence is written with :mod:`yusuan.publish.sentences` so that what is printed and what is
expected are made together (the synthetic tests compare them with what the reader finds).
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.domain import classification as reference
from yusuan.domain.figures import name as zh
from yusuan.domain.final_template import FINAL_NATIONAL
from yusuan.model import Claim, Disclosure, Row, Section, Table
from yusuan.publish.sentences import Say, change, percent, sentence

ZERO = Decimal("0.00")
#: 本年收入合计, 本年支出合计 — the summary lines the narrative names, from the figure names.
INCOME_TOTAL, SPENT_TOTAL = f"{zh('income')}合计", f"本年{zh('total')}"
#: A 决算 this far off its 年初预算 (either way, as a share of the budget) states its reason.
REASON_FROM = Decimal("0.05")
_REASON_UNDER = "，主要原因是厉行节约、压减一般性支出"
_REASON_OVER = "，主要原因是年中追加了相关工作经费"

Part = str | Say


def _total(t: Table | None, column: str = "total") -> Decimal:
    row = next((r for r in t.rows if r.key == "total" and not r.code), None) if t is not None else None
    return row.values.get(column, ZERO) if row is not None else ZERO


def _row(t: Table | None, key: str) -> Row | None:
    return next((r for r in t.rows if r.key == key), None) if t is not None else None


def _completion(subject: str, budget: Decimal, final: Decimal, year: int) -> list[Part]:
    """``年初预算为…万元，支出决算为…万元，完成年初预算的…%`` (no rate for a budget of zero)."""
    out: list[Part] = [
        "年初预算为",
        Say(subject, budget, "budget", year=year),
        "，支出决算为",
        Say(subject, final, year=year),
    ]
    if budget > 0:
        out += ["，完成年初预算的", Say(subject, percent(final, budget), "rate", year=year, unit="%")]
    return out


def _reason(budget: Decimal, final: Decimal) -> str:
    if budget <= 0 or abs(final - budget) <= budget * REASON_FROM:
        return ""
    return _REASON_UNDER if final < budget else _REASON_OVER


def _since(subject: str, now: Decimal, before: Decimal | None, year: int) -> list[Part]:
    """``，比2024年度增加…万元，增长…%`` — nothing when last year's 决算 is not given or equal."""
    if before is None or now == before:
        return []
    word, size = change(subject, now - before, year - 1)  # dated the year compared with, as the reader dates it
    out: list[Part] = [f"，比{year - 1}年度{word}", size]
    if before > 0:
        rate = percent(abs(now - before), before)
        out += [
            "，" + ("增长" if now > before else "下降"),
            Say(subject, rate, "pct_change", size.direction, year - 1, "%"),
        ]
    return out


def _items(general: Table, budget: Table | None, year: int) -> list[Claim]:
    """One paragraph per function item (项) of the general budget table: its names, budget, 决算, rate."""
    claims: list[Claim] = []
    planned = {r.code: r.values.get("total", ZERO) for r in budget.rows if r.code} if budget is not None else {}
    for n, row in enumerate((r for r in general.rows if r.code and len(r.code) == 7), start=1):
        assert row.code is not None
        names = []
        for prefix, level in ((row.code[:3], "类"), (row.code[:5], "款"), (row.code, "项")):
            named = next((r.name for r in general.rows if r.code == prefix), None)
            if named is None:
                entry = reference.lookup("function", prefix, year)
                named = entry.name if entry is not None else ""
            names.append(f"{named}（{level}）")
        subject = f"code:{row.code}"
        final, before = row.values.get("total", ZERO), planned.get(row.code, ZERO)
        claims += sentence(
            "五", f"{n}、{''.join(names)}。", *_completion(subject, before, final, year), _reason(before, final), "。"
        )
    return claims


def final_narrative(d: Disclosure, budget: Disclosure, prior: Disclosure | None = None) -> None:
    """Write ``d``'s 情况说明 (sections and claims) from its tables, ``budget`` (the 年初预算) and ``prior``
    (last year's 决算, for the changes)."""
    year = d.year or 0
    spent, income = d.table("expenditure"), d.table("income")
    general, basic, three = d.table("general_budget"), d.table("basic_expenditure"), d.table("three_public")
    claims: list[Claim] = []
    name = d.department.name or ""
    total_spent = _total(spent)
    before_spent = _total(prior.table("expenditure")) if prior is not None else None
    claims += sentence(
        "一",
        f"{name}{year}年度{INCOME_TOTAL}",
        Say("income", _total(income, "subtotal"), year=year),
        f"，{SPENT_TOTAL}",
        Say("expenditure", total_spent, year=year),
        *_since("expenditure", total_spent, before_spent, year),
        "。",
    )
    fiscal, other = _total(income, "fiscal"), _total(income, "other")
    parts: list[Part] = [INCOME_TOTAL, Say("income", fiscal + other, year=year), "，其中："]
    whole = fiscal + other
    for subject, amount in (("fiscal_income", fiscal), ("other_income", other)):
        if amount:
            parts += [("；" if parts[-1] != "，其中：" else ""), zh(subject), Say(subject, amount, year=year)]  # type: ignore[arg-type]
            parts += ["，占", Say(subject, percent(amount, whole), "share", year=year, unit="%")]
    claims += sentence("二", *parts, "。")
    basic_spent, project = _total(spent, "basic"), _total(spent, "project")
    parts = [SPENT_TOTAL, Say("expenditure", total_spent, year=year), "，其中："]
    for subject, amount in (("basic", basic_spent), ("project", project)):
        if amount and total_spent:
            parts += [("；" if parts[-1] != "，其中：" else ""), zh(subject), Say(subject, amount, year=year)]  # type: ignore[arg-type]
            parts += ["，占", Say(subject, percent(amount, total_spent), "share", year=year, unit="%")]
    claims += sentence("三", *parts, "。")
    if general is not None and general.rows:
        planned = _total(budget.table("general_budget"))
        final = _total(general)
        claims += sentence(
            "五", "一般公共预算财政拨款支出", *_completion("general_expenditure", planned, final, year),
            _reason(planned, final), "。",
        )  # fmt: skip
        claims += _items(general, budget.table("general_budget"), year)
    if basic is not None and basic.rows:
        claims += sentence(
            "六", f"一般公共预算财政拨款{zh('basic')}", Say("basic", _total(basic), year=year),
            f"，其中：{zh('personnel')}", Say("personnel", _total(basic, "personnel"), year=year),
            f"，主要包括基本工资、津贴补贴等；{zh('public')}", Say("public", _total(basic, "public"), year=year),
            "，主要包括办公费、差旅费等。",
        )  # fmt: skip
    claims += _three_public(three, prior, year)
    if basic is not None and _total(basic, "public"):
        claims += sentence(
            "十",
            f"{year}年度{zh('operating_cost')}支出",
            Say("operating_cost", _total(basic, "public"), year=year),
            "。",
        )
    d.narrative.claims = claims
    d.narrative.sections = [Section(number=n, title=t) for n, t in FINAL_NATIONAL.sections]


def _three_public(three: Table | None, prior: Disclosure | None, year: int) -> list[Claim]:
    total = _row(three, "total")
    if three is None or total is None or not total.values:
        return []
    planned, final = total.values.get("budget", ZERO), total.values.get("total", ZERO)
    before = _row(prior.table("three_public"), "total") if prior is not None else None
    parts: list[Part] = [f"{zh('three_public')}财政拨款支出", *_completion("three_public", planned, final, year)]
    parts += _since("three_public", final, before.values.get("total", ZERO) if before is not None else None, year)
    claims = sentence("七", *parts, _reason(planned, final), "。")
    for key in ("abroad", "vehicle_purchase", "vehicle_operation", "reception"):
        row = _row(three, key)
        if row is None or not row.values.get("budget"):
            continue
        b, f = row.values["budget"], row.values.get("total", ZERO)
        claims += sentence("七", zh(key), *_completion(key, b, f, year), _reason(b, f), "。")
    return claims
