"""The 情况说明's figure sentences in the styles of several templates.

The same :class:`~yusuan.publish.narrative.Figures` can be said in different ways, as real packages do:

- ``hebei`` — the Hebei 2023 template (:func:`yusuan.publish.narrative.figure_claims`): each figure in
  万元, the change from last year stated as 增加/减少 with last year's figure;
- ``central`` — the way central departments' packages write it: grouped thousands (1,234.56万元), each
  income source and each part of the expenditure with its share of the total (占32.55%), the changes
  of the total and of 三公 as 比2025年预算增加…，增长…% (or 与2025年预算持平), 政府采购 by kind;
- ``provincial`` — the way provincial and city packages (收支总体情况 style) write it: 收入、支出预算总计
  stated once for both sides with its change 与上年相比, income sources enumerated （一）（二）…,
  基本支出 and 项目支出 each with 较上年增加/减少 and a one-decimal percentage, 三公 items one by one.

Every sentence is written together with the claims the reader is expected to find in it
(:mod:`yusuan.publish.sentences`); the synthetic generator picks a style per department.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from yusuan.domain.figures import FIGURES, FigureKey
from yusuan.domain.figures import name as zh
from yusuan.model import Claim, Disclosure, Narrative, Section
from yusuan.publish.narrative import SECTIONS, Figures, Prior, figure_claims, figures_of, prior_of
from yusuan.publish.sentences import Say, change, flat, percent, sentence

Style = Literal["hebei", "central", "provincial"]
STYLES: tuple[Style, ...] = ("hebei", "central", "provincial")

Part = str | Say


def _word(key: FigureKey, index: int) -> str:
    """One of the figure's wordings from the vocabulary (its keywords)."""
    return FIGURES[key].keywords[index]


def _year_on_year(
    subject: str, now: Decimal, before: Decimal | None, since: str, year: int | None, digits: int, reason: str = ""
) -> list[Part]:
    """``比2025年预算增加12.00万元，增长2.50%`` (or ``与2025年预算持平``) — nothing when last year is unknown."""
    if before is None:
        return []
    delta = now - before
    if not delta:
        return [f"，与{since}", flat(subject, year)]
    word, size = change(subject, delta, year)
    out: list[Part] = [f"，{since}{word}", size]
    if before > 0:
        rate = percent(abs(delta), before, digits)
        out += ["，" + ("增长" if delta > 0 else "下降"), Say(subject, rate, "pct_change", size.direction, year, "%")]
    return [*out, reason]


def _shares(whole: Decimal, parts: list[tuple[str, str, Decimal]], year: int) -> list[Part]:
    """``其中：基本支出11,056.07万元，占21.84%；项目支出…`` for the parts that are not zero."""
    out: list[Part] = []
    for subject, words, amount in parts:
        if not amount:
            continue
        out += ["；" if out else "，其中：", words, Say(subject, amount, year=year)]
        if whole > 0:
            out += ["，占", Say(subject, percent(amount, whole), "share", year=year, unit="%")]
    return out


def _three_items(f: Figures, year: int | None, sep: str, vehicle_split: bool) -> list[Part]:
    vehicle = f.vehicle_purchase + f.vehicle_operation
    items: list[Part] = ["其中：", zh("abroad"), Say("abroad", f.abroad, year=year), sep]
    if vehicle_split:
        items += [
            zh("vehicle_purchase"), Say("vehicle_purchase", f.vehicle_purchase, year=year), sep,
            _word("vehicle_operation", 0), Say("vehicle_operation", f.vehicle_operation, year=year), sep,
        ]  # fmt: skip
    else:
        items += [
            _word("vehicle", 3), Say("vehicle", vehicle, year=year),
            f"（其中：{zh('vehicle_purchase')}", Say("vehicle_purchase", f.vehicle_purchase, year=year),
            "，公务用车运行费", Say("vehicle_operation", f.vehicle_operation, year=year), "）", sep,
        ]  # fmt: skip
    return [*items, zh("reception"), Say("reception", f.reception, year=year), "。"]


def central_claims(name: str, y: int, f: Figures, prior: Prior) -> list[Claim]:
    """The figures as central departments' packages state them (see the module docstring)."""
    last = f"比{y - 1}年预算"
    sources = [
        ("general_income", zh("general_income"), f.fiscal_income),
        ("gov_fund_income", zh("gov_fund_income"), f.gov_fund_income),
        ("other_income", zh("other_income"), f.other_income),
    ]
    claims = [
        *sentence("二", f"{y}年{name}{_word('income', 0)}", Say("income", f.income, year=y),
                  *_shares(f.income, sources, y), "。", grouped=True),
        *sentence(
            "二", f"{y}年{name}{_word('expenditure', 0)}", Say("expenditure", f.expenditure, year=y),
            *_year_on_year("expenditure", f.expenditure, prior.expenditure, last, y - 1, 2),
            *_shares(f.expenditure, [("basic", zh("basic"), f.basic), ("project", zh("project"), f.project)], y),
            "。", grouped=True,
        ),
        *sentence("三", f"{y}年{name}{zh('operating_cost')}预算", Say("operating_cost", f.public, year=y),
                  f"，比照{zh('public')}安排。", grouped=True),
        *sentence(
            "四", f"{y}年一般公共预算{zh('three_public')}预算", Say("three_public", f.three_public, year=y),
            *_year_on_year("three_public", f.three_public, prior.three_public, last, y - 1, 2), "。", grouped=True,
        ),
        *sentence("四", *_three_items(f, None, "，", vehicle_split=False), grouped=True),
    ]  # fmt: skip
    if f.procurement is not None:
        claims += sentence(
            "六", f"{y}年{name}{_word('procurement', 1)}", Say("procurement", f.procurement, year=y),
            f"，其中：{zh('procurement_goods')}", Say("procurement_goods", f.procurement, year=y),
            f"，{zh('procurement_works')}", Say("procurement_works", Decimal("0.00"), year=y),
            f"，{zh('procurement_services')}", Say("procurement_services", Decimal("0.00"), year=y), "。",
            grouped=True,
        )  # fmt: skip
    if f.fixed_assets is not None:
        at = f"截至{y - 1}年末，{name}{zh('fixed_assets')}"
        claims += sentence("七", at, Say("fixed_assets", f.fixed_assets, year=y - 1), "。", grouped=True)
    return claims


def provincial_claims(name: str, y: int, f: Figures, prior: Prior) -> list[Claim]:
    """The figures as provincial and city packages of the 收支总体情况 style state them."""
    if f.income == f.expenditure and prior.income is not None and prior.income == prior.expenditure:
        head = sentence(
            "二", f"{name}{y}年度收入、{_word('expenditure', 0)}", Say("income", f.income, year=y),
            Say("expenditure", f.income, year=y, words=""), *_joint_change(f.income, prior.income), "。",
        )  # fmt: skip
    else:
        head = sentence("二", f"{name}{y}年度{_word('income', 1)}", Say("income", f.income, year=y), "，",
                        _word("expenditure", 1), Say("expenditure", f.expenditure, year=y), "。")  # fmt: skip
    numerals = iter("一二三四")
    sources: list[Part] = []
    incomes: tuple[tuple[FigureKey, Decimal], ...] = (
        ("general_income", f.fiscal_income), ("gov_fund_income", f.gov_fund_income), ("other_income", f.other_income)
    )  # fmt: skip
    for subject, amount in incomes:
        if amount:
            sources += [f"（{next(numerals)}）{zh(subject)}", Say(subject, amount), "；"]
    claims = [
        *head,
        *sentence("二", "收入预算中：", *sources[:-1], "。"),
        *sentence(
            "二", f"{zh('expenditure')}中：{zh('basic')}", Say("basic", f.basic),
            *_year_on_year("basic", f.basic, prior.basic, "较上年", None, 1, "，主要原因是人员工资正常调整"),
            f"；{zh('project')}", Say("project", f.project),
            *_year_on_year("project", f.project, prior.project, "较上年", None, 1), "。",
        ),
        *sentence("三", f"{y}年本部门{zh('operating_cost')}预算", Say("operating_cost", f.public, year=y), "。"),
        *sentence(
            "四", f"{y}年{zh('three_public')}预算", Say("three_public", f.three_public, year=y),
            *_year_on_year("three_public", f.three_public, prior.three_public, "较上年", None, 1), "。",
        ),
        *sentence("四", *_three_items(f, None, "；", vehicle_split=True)),
    ]  # fmt: skip
    if f.procurement is not None:
        said = Say("procurement", f.procurement, year=y)
        claims += sentence("六", f"{y}年本部门{_word('procurement', 1)}", said, "。")
    if f.fixed_assets is not None:
        claims += sentence("七", f"上年末本部门{zh('fixed_assets')}", Say("fixed_assets", f.fixed_assets), "。")
    return claims


def _joint_change(now: Decimal, before: Decimal) -> list[Part]:
    """``与上年相比收、支预算总计各增加47.15万元，增长1.02%`` (the change of both totals at once)."""
    delta = now - before
    if not delta:
        return ["，与上年", flat("income", None), Say("expenditure", Decimal(0), "change", "flat", unit=None, words="")]
    word, size = change("income", delta, None)
    both = [size, Say("expenditure", size.amount, "change", size.direction, words="")]
    out: list[Part] = [f"，与上年相比收、支预算总计各{word}", *both]
    if before > 0:
        rate = percent(abs(delta), before)
        out += ["，增长" if delta > 0 else "，下降"]
        out += [Say("income", rate, "pct_change", size.direction, unit="%")]
        out += [Say("expenditure", rate, "pct_change", size.direction, unit="%", words="")]
    return out


WRITERS: dict[Style, Callable[[str, int, Figures, Prior], list[Claim]]] = {
    "hebei": figure_claims,
    "central": central_claims,
    "provincial": provincial_claims,
}


def styled_claims(style: Style, name: str, y: int, f: Figures, prior: Prior) -> list[Claim]:
    """The figure sentences of ``f`` in ``style``."""
    return WRITERS[style](name, y, f, prior)


def compose(
    d: Disclosure, prior: Prior | None = None, planned_assets: Decimal | None = None, style: Style = "hebei"
) -> Disclosure:
    """``d`` with a narrative whose every figure comes from its tables: the nine sections, and the
    sentences of ``style``. Last year's figures come from ``prior``, else from what the disclosure's
    narrative already states."""
    if planned_assets is None:
        planned_assets = next((c.amount for c in d.narrative.claims if c.subject == "planned_assets"), None)
    before = prior if prior is not None else prior_of(d)
    figures = figures_of(d, planned_assets)
    claims = styled_claims(style, d.department.name or "本部门", d.year or 0, figures, before)
    sections = d.narrative.sections or [Section(number=n, title=t) for n, t in SECTIONS]
    return d.model_copy(update={"narrative": Narrative(sections=sections, claims=claims)})
