"""R9 (DOMAIN.md §3): ``three-public-vs-basic`` (cross_table) — where 基本支出表 carries 30217 公务接待费 or
30231 公务用车运行维护费, the 三公 table is not empty and its 公务接待费 / 公务用车运行维护费 are not smaller;
``three-public-sum`` (arithmetic) — the 三公 table's tree adds up. Split from
:mod:`yusuan.review.rules.cross_table` and :mod:`yusuan.review.rules.arithmetic`, whose helpers they share."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.tables import SPECS, THREE_PUBLIC_TREE
from yusuan.model import Disclosure, Row, Table
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, fmt
from yusuan.review.finding import Evidence, at
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.arithmetic import (
    BASIS_TEMPLATE,
    cell,
    is_ambiguous,
    keyed,
    per_column,
    read_hits,
    relation_hits,
    row_label,
    rows_of,
    table_title,
)
from yusuan.review.rules.cross_table import pair

_BASIC, _THREE, _RECEPTION = figure_name("basic"), figure_name("three_public"), figure_name("reception")
_VEHICLE_OPERATION = figure_name("vehicle_operation")

#: (economic code, 三公 row keys to compare with, in order of preference)
_THREE_PUBLIC_ITEMS = (("30217", ("reception",)), ("30231", ("vehicle_operation", "vehicle")))


def _has_data(t: Table) -> bool:
    return any(r.values for r in t.rows)


@rule(
    "three-public-vs-basic",
    kind="cross_table",
    severity="error",
    title="“三公”经费表与基本支出表不一致",
    template="{detail}",
    basis=f"冀财预〔2016〕129号；{_THREE}包括{_BASIC}中的{_RECEPTION}(30217)和{_VEHICLE_OPERATION}(30231)；"
    + BASIS_TEMPLATE,
    refs=("R9",),
    needs=("three_public", "basic_expenditure"),
)
def three_public_vs_basic(ctx: Context) -> Iterator[Hit]:
    """Where the basic-expenditure table carries 30217 公务接待费 or 30231 公务用车运行维护费, the 三公 table
    is not empty and its 公务接待费 / 公务用车运行维护费 (一般公共预算 column) are not smaller."""
    three = ctx.table("three_public")
    spent = [(code, ctx.row("basic_expenditure", code=code), keys) for code, keys in _THREE_PUBLIC_ITEMS]
    spent = [(code, r, keys) for code, r, keys in spent if r is not None and ctx.value(r, "total") > ZERO]
    if three is None or not spent:
        return
    if not _has_data(three):
        yield _empty_three_public(ctx, three, [(code, r) for code, r, _ in spent if r is not None])
        return
    column = "general" if any("general" in r.values for r in three.rows) else "total"
    rows = keyed(three.rows)
    for _code, basic_row, keys in spent:
        target = next((rows[k] for k in keys if k in rows), None)
        if target is None or basic_row is None:
            continue
        rel = pair(ctx, ("three_public", target, column), ("basic_expenditure", basic_row, "total"), "basic")
        if rel.difference < ZERO:
            for hit in read_hits(ctx, {}, [("", rel)]):
                if hit.rule is None:
                    hit.fields["detail"] += f"。“三公”经费表应包含{_BASIC}中的同项经费，不能小于基本支出表的金额"
                yield hit


@mutation(
    "three-public-vs-basic",
    zh=f"“三公”经费表的{_RECEPTION}（连同小计、合计）改小，低于基本支出表的{_RECEPTION}(30217)",
    en=f"lower {_RECEPTION} in the 三公 table with its subtotal and total",
)
def _lower_reception(d: Disclosure, rng: random.Random) -> MutationRecord:
    t = mut.table(d, "three_public")
    reception = mut.by(t.rows, "reception")
    have = reception.values.get("total", ZERO)
    if have < Decimal("0.02"):
        raise NotApplicable
    delta = min(mut.delta(rng, have), have - Decimal("0.01"))
    for key in ("reception", "subtotal", "total"):
        for column in ("total", "general"):
            mut.add(mut.by(t.rows, key), column, -delta)
    return MutationRecord(mut.cell("three_public", reception, "total"), str(have), str(have - delta))


def _empty_three_public(ctx: Context, three: Table, spent: list[tuple[str, Row]]) -> Hit:
    cells = [cell(ctx, "basic_expenditure", r, "total", row_label(r), code) for code, r in spent]
    listed = "、".join(f"{c.label} {fmt(c.amount)} 万元" for c in cells)
    table = Evidence(table="three_public", name=three.title, **at(three.location))
    values: dict[str, Decimal] = {c.key: c.amount for c in cells}
    values["three_public_total"] = ZERO
    detail = (
        f"{table_title(ctx, 'basic_expenditure')}列有{listed}，但{three.title}为空表"
        f"{'（' + three.note + '）' if three.note else ''}；{_BASIC}已安排{_RECEPTION}或{_VEHICLE_OPERATION}，"
        "“三公”经费表不应为空"
    )
    return Hit(fields={"detail": detail}, values=values, locations=[*(c.evidence for c in cells), table])


# -- R9: the 三公 tree ----------------------------------------------------------------------------

@rule(
    "three-public-sum",
    kind="arithmetic",
    severity="error",
    title="“三公”经费表合计与分项之和不符",
    template="{table}{row}与{parts}不符：{detail}",
    basis=f"冀财预〔2016〕129号 {SPECS['three_public'].title}样式；勾稽关系惯例",
    refs=("R9",),
    needs=("three_public",),
    documents=ANY_KIND,
)
def three_public_sum(ctx: Context) -> Iterator[Hit]:
    """合计 = 小计 where both are printed; 小计 (or 合计) = 因公出国 + 公务用车购置及运维 + 公务接待;
    公务用车购置及运维 = 购置费 + 运行维护费; 因公出国 = its sub-rows where the template splits it.

    Runs on every template: the rows are found by their keys (:func:`yusuan.domain.lines.three_public_key`)."""
    rows = keyed(rows_of(ctx, "three_public"))
    top = rows.get("subtotal") or rows.get("total")
    columns = SPECS["three_public"].columns
    for head, parts in THREE_PUBLIC_TREE:
        stated = top if head == "subtotal" else rows.get(head)  # 小计, or 合计 where no 小计 is printed
        terms = [rows.get(p) for p in parts]
        if stated is None or any(t is None for t in terms) or (head == "total" and top is stated):
            continue
        present = [t for t in terms if t is not None]
        if is_ambiguous(ctx, "three_public", [stated, *present]):
            continue
        off = per_column(ctx, "three_public", columns, stated, present)
        if off:
            names = "、".join(row_label(t) for t in present)
            fields = {
                "table": table_title(ctx, "three_public"),
                "row": row_label(stated),
                "parts": names if len(present) == 1 else f"{names}之和",
            }
            yield from relation_hits(fields, off)


@mutation(
    "three-public-sum",
    zh=f"“三公”经费表的{figure_name('reception')}改大，合计不再等于分项之和",
    en=f"raise {figure_name('reception')} in the 三公 table, not its totals",
)
def _raise_reception(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.by(mut.table(d, "three_public").rows, "reception")
    delta = mut.delta(rng, row.values.get("total", Decimal(10)))
    before = row.values.get("total")
    for column in ("total", "general"):
        mut.add(row, column, delta)
    return MutationRecord(mut.cell("three_public", row, "total"), str(before), str(row.values["total"]))
