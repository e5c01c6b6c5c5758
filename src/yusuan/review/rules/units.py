"""Units: a narrative figure written in the wrong unit, a table in another unit than the rest, a figure
stated without a unit (DOMAIN.md §3 R11: units must be right).

``31.49元`` where the tables (or, without tables, the parts the same sentence lists) say 31.49 万元 is a
unit error, not an amount mismatch: the narrative rules leave such a figure to this module.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator

from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.units import WAN
from yusuan.model import Disclosure, Location, Table
from yusuan.review import mutations as mut
from yusuan.review.context import Context, fmt
from yusuan.review.finding import Evidence, at
from yusuan.review.helpers.figures import misread_unit, quote_claim, stated_wan, subject_zh
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.narrative import is_current

BASIS = (
    "《地方预决算公开操作规程》（财预〔2016〕143号）、冀财预〔2016〕129号：部门预算公开表格以万元为金额单位；"
    "惯例：情况说明所述金额须写明单位并与表格一致"
)


@rule(
    "narrative-wrong-unit",
    kind="unit",
    severity="error",
    title="说明中的金额单位错误",
    template=(
        "说明称“{sentence}”，{subject}写作“{written}”，而{source}为 {expected} 万元：数字相同而单位不同，"
        "应为“{fixed}”；按所写单位，两者相差 {diff} 万元。"
    ),
    basis=BASIS,
    refs=("R11",),
)
def wrong_unit(ctx: Context) -> Iterator[Hit]:
    """A figure whose number equals the table figure (or, without tables, the sum of the parts the same
    sentence lists) only when read in another unit: ``31.49元`` for 31.49 万元."""
    for claim in ctx.d.narrative.claims:
        if not is_current(ctx, claim):
            continue
        misread = misread_unit(ctx, claim)
        stated = stated_wan(claim)
        if misread is None or stated is None:
            continue
        expected = misread.evidence.value
        number = format(claim.amount, "f")
        yield Hit(
            fields={
                "sentence": quote_claim(claim),
                "subject": subject_zh(claim),
                "written": f"{number}{claim.unit or ''}",
                "source": misread.evidence.label,
                "expected": fmt(expected),
                "fixed": f"{number}{misread.unit}",
                "diff": fmt(abs(stated - expected)),
            },
            values={
                "stated": claim.amount,
                "stated_wan": stated,
                "expected": expected,
                "difference": stated - expected,
            },
            locations=[ctx.sentence(claim), *misread.evidence.cells],
        )


@mutation(
    "narrative-wrong-unit", zh="情况说明中一个金额的单位“万元”写成“元”", en="write 元 for 万元 after a stated figure"
)
def _yuan_for_wan(d: Disclosure, rng: random.Random) -> MutationRecord:
    claim = mut.claim(d, rng.choice(("basic", "personnel", "public", "project", "three_public")))
    if not claim.amount:
        raise NotApplicable
    sentence = mut.restate(d, claim, claim.amount, "元")
    return MutationRecord({"section": claim.section, "subject": claim.subject, "sentence": sentence}, "万元", "元")


def _units(ctx: Context) -> list[tuple[str, str, Evidence]]:
    """(title, unit, evidence) of every table and table-like section that states its unit — as printed (a
    table read in 元 is converted to 万元 and keeps its printed unit in ``source_unit``)."""
    out = [
        (t.title, (t.source_unit or t.unit or "").replace(" ", ""), _where(table_id, t.title, t.location))
        for table_id, t in ctx.d.tables.items()
        if t.source_unit or t.unit
    ]
    p, a = ctx.d.procurement, ctx.d.assets
    if p.present and p.unit and p.lines:
        out.append(("部门政府采购预算表", p.unit, _where("procurement", "部门政府采购预算表", p.location)))
    if a.present and a.unit and a.rows:
        out.append(("部门固定资产占用情况表", a.unit, _where("assets", "部门固定资产占用情况表", a.location)))
    return out


def _where(table_id: str, title: str, location: Location) -> Evidence:
    return Evidence(table=table_id, name=title, **at(location))


@rule(
    "table-unit-inconsistent",
    kind="unit",
    severity="warning",
    title="表格金额单位与其他表格不一致",
    template="{title}的金额单位为“{unit}”，而其他 {count} 张表格的单位为“{reference}”：同一套公开材料的金额单位应一致，"
    "请核对该表数字是否实为按“{reference}”填列。",
    basis=BASIS,
    refs=("R11",),
    documents=ANY_KIND,
)
def table_unit_inconsistent(ctx: Context) -> Iterator[Hit]:
    """Every table of the package states the same unit (the one most tables state; on a tie, the document's)."""
    units = _units(ctx)
    counts = Counter(unit for _, unit, _ in units)
    if len(counts) < 2:
        return
    best = max(counts.values())
    tied = [u for u, n in counts.items() if n == best]
    reference = tied[0] if len(tied) == 1 else (ctx.d.unit if ctx.d.unit in tied else None)
    if reference is None:
        return
    for title, unit, evidence in units:
        if unit != reference:
            yield Hit(
                fields={"title": title, "unit": unit, "reference": reference, "count": counts[reference]},
                locations=[evidence],
            )


@mutation("table-unit-inconsistent", zh="一张表格的单位写成“元”", en="write 元 as one table's unit")
def _table_in_yuan(d: Disclosure, rng: random.Random) -> MutationRecord:
    table_id = rng.choice(sorted(k for k, t in d.tables.items() if isinstance(t, Table) and t.rows))
    table = d.tables[table_id]
    before, table.unit = table.unit, "元"
    return MutationRecord({"table": table_id}, before, "元", f"表格 {table_id} 的单位写成“元”")


@rule(
    "narrative-unit-missing",
    kind="unit",
    severity="warning",
    title="说明中的金额未写单位",
    template=(
        "说明称“{sentence}”，{subject}的数字 {amount} 未写金额单位（表格单位为{unit}），读者无法确定是元还是万元。"
    ),
    basis=BASIS,
    refs=("R11",),
)
def unit_missing(ctx: Context) -> Iterator[Hit]:
    """A money figure the narrative states without 元 or 万元 (``项目支出增加6，``)."""
    for claim in ctx.d.narrative.claims:
        if claim.unit is None and claim.direction != "flat":
            yield Hit(
                fields={
                    "sentence": quote_claim(claim),
                    "subject": subject_zh(claim),
                    "amount": format(claim.amount, "f"),
                    "unit": ctx.d.unit or WAN,
                },
                values={"stated": claim.amount},
                locations=[ctx.sentence(claim)],
            )


@mutation("narrative-unit-missing", zh="情况说明中一个金额漏写单位", en="drop the unit after a stated figure")
def _drop_unit(d: Disclosure, rng: random.Random) -> MutationRecord:
    # not 人员经费: "人员经费X和日常公用经费Y万元" reads as two figures sharing one unit
    claim = mut.claim(d, rng.choice(("basic", "public", "project")))
    if claim.amount is None:
        raise NotApplicable
    sentence = mut.restate(d, claim, claim.amount, "")
    return MutationRecord({"section": claim.section, "subject": claim.subject, "sentence": sentence}, "万元", "")
