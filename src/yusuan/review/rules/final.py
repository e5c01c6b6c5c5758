"""Final accounts (部门决算, issue 14): the narrative's own arithmetic of budget, final figure and completion.

- ``final-summary-balance``: each side of the 决算 summaries adds up to its 总计 — 本年收入合计 + 使用非财政拨款结余
  + 年初结转和结余 on the income side, 本年支出合计 + 结余分配 + 年末结转和结余 on the expenditure side — and the two
  总计 agree (R1 for final accounts);
- ``final-three-public-vs-table``: the 三公 figures the narrative states — 决算数 and 年初预算数 of the total and of
  each item — are the 三公 决算表's, column by column;
- ``final-completion-rate``: a completion stated as a percentage (完成年初预算的98.20%) is the final figure ÷ the
  budget stated before it in the sentence for the same subject (年初预算为2993.92万元，支出决算为2940.05万元), as
  printed — within the rounding of the printed amounts and of the percentage's own digits.

These rules run on final accounts only (``documents=FINAL_KINDS``); the budget rules skip a 决算.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import FINAL_KINDS
from yusuan.domain.lines import final_line
from yusuan.domain.tables import SPECS
from yusuan.model import Claim, Disclosure, Row
from yusuan.review import mutations as mut
from yusuan.review.context import Context, fmt
from yusuan.review.helpers.figures import quote_claim, stated_wan, subject_zh
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.arithmetic import BASIS_BALANCE, Relation, cell, per_column, relation_hits, table_title
from yusuan.review.rules.narrative_ratios import HUNDRED, half_unit, misstated, same_sentence

BASIS_FINAL = "财预〔2016〕143号《地方预决算公开操作规程》（部门决算公开）；完成率 = 决算数 ÷ 预算数"


def _line(rows: list[Row], line: str) -> Row | None:
    """The summary's line of that role: by its key, else by its words (总计, 使用非财政拨款结余, 结余分配)."""
    keyed = next((r for r in rows if r.key == line and not r.code), None)
    return keyed or next((r for r in rows if not r.code and final_line(r.name) == line), None)


@rule(
    "final-summary-balance",
    kind="arithmetic",
    severity="error",
    title="决算总表收支不平衡",
    template="{table}中{relation}：{detail}",
    basis=BASIS_BALANCE + f"；年初结转和结余 + {figure_name('income')}合计 + 使用非财政拨款结余 = 本年"
    f"{figure_name('total')} + 结余分配 + 年末结转和结余",
    refs=("R1",),
    needs=("summary",),
    documents=FINAL_KINDS,
)
def final_summary_balance(ctx: Context) -> Iterator[Hit]:
    """On each side of 收入支出决算总表 and 财政拨款收入支出决算总表, 总计 = 本年合计 + the lines that carry over
    (使用非财政拨款结余, 年初结转和结余; 结余分配, 年末结转和结余), and 收入总计 = 支出总计 — within rounding."""
    for table_id in ("summary", "fiscal_summary"):
        t = ctx.two_sided(table_id)
        if t is None:
            continue
        title = table_title(ctx, table_id)
        grands: list[tuple[Row, str]] = []
        sides = (
            ("收入", t.income, SPECS[table_id].income_columns, ("current_total", "nonfiscal_balance", "carryover")),
            ("支出", t.expenditure, SPECS[table_id].columns, ("current_total", "distribution", "carryover")),
        )
        for side, rows, columns, parts in sides:
            grand = _line(rows, "grand_total")
            terms = [r for r in (_line(rows, p) for p in parts) if r is not None]
            if grand is None or not terms or _line(rows, "current_total") is None:
                continue
            grands.append((grand, columns[0]))
            names = "加".join(f"“{r.name}”" for r in terms)
            relation = f"{side}“{grand.name}”应等于{names}"
            yield from relation_hits({"table": title, "relation": relation}, per_column(ctx, table_id, columns, grand,
                                                                                        terms))  # fmt: skip
        if len(grands) == 2:
            (income, a), (spent, b) = grands
            equal = Relation(cell(ctx, table_id, income, a, f"收入“{income.name}”", "stated"),
                             (cell(ctx, table_id, spent, b, f"支出“{spent.name}”", "expenditure"),))  # fmt: skip
            if equal.off:
                yield from relation_hits({"table": title, "relation": "收入总计应等于支出总计"}, [("", equal)])


@mutation(
    "final-summary-balance",
    zh="决算总表的收入总计改动，与收入、结转结余之和及支出总计不符（把样本当作决算）",
    en="change the income grand total of a final account's summary",
)
def _unbalance_final(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.by(mut.two_sided(d, "summary").income, "grand_total")
    before = row.values["amount"]
    d.kind = "部门决算"
    mut.add(row, "amount", mut.delta(rng, before))
    return MutationRecord(mut.cell("summary", row, "amount"), str(before), str(row.values["amount"]))


#: The narrative's 三公 subjects and their rows in the 三公 table (the total is the table's 合计).
_THREE_PUBLIC_ROWS = {
    "three_public": "total", "abroad": "abroad", "vehicle": "vehicle", "vehicle_purchase": "vehicle_purchase",
    "vehicle_operation": "vehicle_operation", "reception": "reception",
}  # fmt: skip
#: A claim's kind → the 三公 决算表's column that prints it.
_THREE_PUBLIC_COLUMNS = {"amount": ("total", "决算数"), "budget": ("budget", "预算数")}


@rule(
    "final-three-public-vs-table",
    kind="narrative",
    severity="error",
    title=f"决算说明中的{figure_name('three_public')}与决算表不符",
    template=(
        "说明称“{sentence}”：{subject}{column} {stated} 万元，而{tablename}为 {table} 万元，相差 {diff} 万元。"
    ),
    basis=BASIS_FINAL + f"；说明所述{figure_name('three_public')}决算数、预算数与其决算表一致",
    refs=("R9", "R11"),
    needs=(("three_public", "budget"),),
    documents=FINAL_KINDS,
)
def three_public_vs_table(ctx: Context) -> Iterator[Hit]:
    """Each 三公 figure the narrative states (its 决算数, or its 预算数 in a 年初预算为… phrase) equals the cell of
    that item and column in the 三公 决算表, within the rounding of the digits printed."""
    table = ctx.d.table("three_public")
    rows = {r.key: r for r in table.rows} if table is not None else {}
    for claim in ctx.d.narrative.claims:
        key, where = _THREE_PUBLIC_ROWS.get(claim.subject), _THREE_PUBLIC_COLUMNS.get(claim.kind)
        value = stated_wan(claim)
        if key is None or where is None or value is None or claim.unit == "%":
            continue
        row = rows.get(key)
        printed = ctx.value(row, where[0]) if row is not None else None
        if printed is None or abs(value - printed) <= half_unit(claim.amount) + Decimal("0.005"):
            continue
        yield Hit(
            fields={
                "sentence": quote_claim(claim),
                "subject": subject_zh(claim),
                "column": where[1],
                "tablename": table.title if table is not None else "",
                "stated": fmt(value),
                "table": fmt(printed),
                "diff": fmt(abs(value - printed)),
            },
            values={"stated": value, "table": printed},
            locations=[ctx.sentence(claim), ctx.cell("three_public", row, where[0])],
        )


@mutation(
    "final-three-public-vs-table",
    zh=f"决算说明中的{figure_name('three_public')}决算数改动，与决算表不符（把样本当作决算）",
    en="misstate the 三公 final figure in a final account's narrative",
)
def _misstate_three_public(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.by(mut.table(d, "three_public").rows, "total")
    final = row.values.get("total", Decimal("0.00"))
    row.values["budget"] = final
    stated = final + Decimal(rng.randint(1, 9))
    three = figure_name("three_public")
    sentence = f"{three}财政拨款支出年初预算为{format(final, 'f')}万元，支出决算为{format(stated, 'f')}万元。"
    d.kind = "部门决算"
    d.narrative.claims += [
        Claim(subject="three_public", kind=kind, amount=amount, unit="万元", section="四", sentence=sentence)
        for kind, amount in (("budget", final), ("amount", stated))
    ]
    return MutationRecord({"section": "四", "sentence": sentence}, str(final), str(stated))


def _stated_before(claims: list[Claim], at: int, kind: str, subject: str) -> Claim | None:
    """The nearest claim of ``kind`` and ``subject`` before position ``at`` in the same sentence."""
    rate = claims[at]
    return next(
        (c for c in reversed(claims[:at]) if same_sentence(c, rate) and c.kind == kind and c.subject == subject), None
    )


@rule(
    "final-completion-rate",
    kind="narrative",
    severity="error",
    title="决算说明中的完成率与金额不符",
    template=(
        "说明称“{sentence}”：{subject}预算 {budget} 万元、决算 {final} 万元，完成 {actual}%，而说明写作 {stated}%。"
    ),
    basis=BASIS_FINAL,
    refs=("R11",),
    documents=FINAL_KINDS,
)
def completion_rate(ctx: Context) -> Iterator[Hit]:
    """A stated completion rate equals the final figure ÷ the budget stated before it in the sentence for the same
    subject, rounded to the digits printed (each amount taken within half its last printed digit)."""
    claims = ctx.d.narrative.claims
    for at, rate in enumerate(claims):
        if rate.kind != "rate" or rate.unit != "%":
            continue
        budget = _stated_before(claims, at, "budget", rate.subject)
        final = _stated_before(claims, at, "amount", rate.subject)
        planned = stated_wan(budget) if budget is not None else None
        spent = stated_wan(final) if final is not None else None
        if budget is None or final is None or planned is None or spent is None:
            continue
        actual = misstated(rate.amount, spent, half_unit(final.amount), planned, half_unit(budget.amount))
        if actual is None:
            continue
        yield Hit(
            fields={
                "sentence": quote_claim(rate),
                "subject": subject_zh(rate),
                "budget": fmt(planned),
                "final": fmt(spent),
                "actual": format(actual, "f"),
                "stated": format(rate.amount, "f"),
            },
            values={"stated": rate.amount, "actual": actual},
            locations=[ctx.sentence(rate)],
        )


@mutation(
    "final-completion-rate",
    zh="决算说明中的完成率改动，与预算数、决算数不符（把样本当作决算）",
    en="misstate a completion rate in a final account",
)
def _misstate_rate(d: Disclosure, rng: random.Random) -> MutationRecord:
    total = next((c for c in d.narrative.claims if c.kind == "amount" and c.subject == "expenditure"), None)
    if total is None or not total.amount:
        raise NotApplicable
    planned = (total.amount * Decimal("1.05")).quantize(Decimal("0.01"))
    true = total.amount * HUNDRED / planned
    wrong = (true - Decimal(rng.randint(3, 9))).quantize(Decimal("0.01"))
    figures = f"支出年初预算为{format(planned, 'f')}万元，支出决算为{format(total.amount, 'f')}万元"
    sentence = f"{figures}，完成年初预算的{wrong}%。"
    d.kind = "部门决算"
    made = [
        total.model_copy(update={"kind": kind, "amount": amount, "unit": unit, "sentence": sentence, "year": None})
        for kind, amount, unit in (("budget", planned, "万元"), ("amount", total.amount, "万元"), ("rate", wrong, "%"))
    ]
    d.narrative.claims.extend(made)
    return MutationRecord({"section": total.section, "sentence": sentence}, format(true, ".2f"), str(wrong))
