"""Final accounts (部门决算, issue 14) against the budget: the 年初预算数 they print, and the deviations they explain.

- ``final-budget-vs-stored-budget``: when the review is given the same department's budget of the same year
  (:func:`yusuan.review.engine.review` ``budget=``; ``yusuan ingest`` passes the stored one), every 年初预算数
  the 决算 prints — the 三公 决算表's 预算数 column, row by row, and the narrative's 年初预算为… figures — equals
  that budget's figure. The figures are read from the budget as the narrative rules read a budget's tables
  (:func:`yusuan.review.helpers.figures.figures`, the rows of :data:`yusuan.domain.figures.HISTORY`), the same
  mapping ``budget_vs_final`` (:mod:`yusuan.store.execution`) compares stored figures by;
- ``final-large-deviation-unexplained``: a 决算数 more than :data:`DEVIATION_SHARE` away from its 年初预算数 (and
  by at least :data:`DEVIATION_MIN` 万元) whose sentence, or the next one the narrative states a figure in, gives
  no reason (``yusuan.domain.subjects.REASON_WORDS``) — for the total, 财政拨款 and 一般公共预算财政拨款 支出 (the
  narrative's 年初预算 beside its 决算) and each 三公 item (the 三公 决算表's 预算数 and 决算数).

A reason written in a sentence of its own, without a figure (决算数小于预算数的主要原因：……), is the claim's
``after`` (the reader keeps up to three such sentences after a sentence stating figures).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.domain.figures import FIGURES, HISTORY, FigureKey
from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import FINAL_KINDS
from yusuan.domain.subjects import gives_reason
from yusuan.model import Claim, Disclosure, Row
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, amount_places, fmt
from yusuan.review.context import half_unit as rounded
from yusuan.review.finding import Evidence
from yusuan.review.helpers.figures import Figure, figures, quote_claim, stated_wan, subject_zh, table_scale
from yusuan.review.registry import Hit, MutationRecord, mutation, rule
from yusuan.review.rules.narrative_ratios import HUNDRED, half_unit, same_sentence

BASIS_STORED = (
    "《预算法》第七十五条：决算草案应当与预算相对应，按预算数、调整预算数、决算数分别列出；"
    "财预〔2016〕143号《地方预决算公开操作规程》（部门决算公开）：决算所列年初预算数即同一年度公开的部门预算数"
)
#: The 三公 rows whose 预算数 a 决算 prints, leaves first (a parent is compared only when its parts agree).
THREE_PUBLIC_FIGURES: tuple[FigureKey, ...] = tuple(
    sorted(
        (f.key for f, _depth in HISTORY if f.reading is not None and f.reading.table == "three_public"),
        key=lambda k: len(FIGURES[k].parts),
    )
)
#: The column of the 三公 决算表 that prints the year's budget, and the one that prints what was spent.
BUDGET_COLUMN, FINAL_COLUMN = "budget", "total"
#: Words that make a printed 预算数 another budget than the one approved at the start of the year.
NOT_INITIAL_WORDS: tuple[str, ...] = ("调整预算", "调整后", "全年预算")


def document_name(d: Disclosure) -> str:
    """A document as a message names it: 《示例县人大常委会2023年度部门决算》（file）."""
    year = f"{d.year}年度" if d.year else ""
    return f"《{d.department.name or '（未读出部门名称）'}{year}{d.kind}》（{d.source}）"


def _clause(claim: Claim) -> str:
    """The words of the claim's sentence before its number, from the last punctuation."""
    at = claim.sentence.find(format(claim.amount, "f"))
    before = claim.sentence[: at if at >= 0 else len(claim.sentence)]
    cut = max(before.rfind(p) for p in "，。；：,;")
    return before[cut + 1 :]


def _agrees(value: Decimal, half: Decimal, readings: list[Figure]) -> Figure | None:
    """The reading ``value`` (printed within ``half``) equals within the rounding of both printed amounts, if any."""
    return next((f for f in readings if abs(value - f.value) <= half + rounded(amount_places(f.value))), None)


def _three_public_rows(ctx: Context) -> dict[str, Row]:
    table = ctx.table("three_public")
    return {r.key: r for r in table.rows if r.key} if table is not None else {}


def _differs(key: FigureKey, off: set[str]) -> bool:
    """Whether a part of ``key`` (at any depth) already differs."""
    return any(p in off or _differs(p, off) for p in FIGURES[key].parts)


@rule(
    "final-budget-vs-stored-budget",
    kind="cross_table",
    severity="error",
    title="决算所列年初预算数与同年预算不符",
    template=(
        "{final}{where}{subject}年初预算数为 {stated} 万元，而同年预算{budget}中{source}为 {value} 万元，"
        "相差 {diff} 万元。"
    ),
    basis=BASIS_STORED,
    refs=("R11",),
    needs=("budget_document",),
    documents=FINAL_KINDS,
)
def budget_vs_stored_budget(ctx: Context) -> Iterator[Hit]:
    """The 年初预算数 a final account prints equal the same department's budget of that year: each row of the 三公
    决算表's 预算数 column (合计, 因公出国（境）费, 公务用车购置及运行维护费 and its two parts, 公务接待费) the budget's
    三公 table row, and each 年初预算 the narrative states (支出, 财政拨款支出, 一般公共预算财政拨款支出, a 类/款/项,
    the 三公 items …) one of the budget's readings of that figure — within the rounding of the digits printed. A
    parent row is reported only when its parts agree; 调整预算数 and 全年预算数 are not the 年初预算."""
    if ctx.budget is None or (ctx.budget.year and ctx.d.year and ctx.budget.year != ctx.d.year):
        return  # no budget, or another year's: nothing it must equal
    budget = Context(ctx.budget)
    names = {"final": document_name(ctx.d), "budget": document_name(ctx.budget), "budget_file": ctx.budget.source}
    rows = _three_public_rows(ctx)
    table = ctx.table("three_public")
    off: set[str] = set()
    if table is not None and ctx.has_column("three_public", BUDGET_COLUMN):
        for key in THREE_PUBLIC_FIGURES:
            reading = FIGURES[key].reading
            row = rows.get(reading.row) if reading is not None else None
            readings = figures(budget, key)
            if row is None or not readings or BUDGET_COLUMN not in row.values:
                continue
            value = ctx.value(row, BUDGET_COLUMN) * table_scale(ctx)
            if _agrees(value, ctx.half_unit("three_public", value), readings) is not None:
                continue
            off.add(key)
            if _differs(key, off):
                continue
            yield _hit(names, f"{table.title}“{row.name}”行“预算数”栏：", figure_name(key), value, readings[0],
                       ctx.cell("three_public", row, BUDGET_COLUMN))  # fmt: skip
    for claim in ctx.d.narrative.claims:
        stated = stated_wan(claim) if claim.kind == "budget" and claim.unit != "%" else None
        if stated is None or (claim.year is not None and claim.year != ctx.d.year):
            continue
        if any(w in _clause(claim) for w in NOT_INITIAL_WORDS) or claim.subject in off:
            continue
        readings = figures(budget, claim.subject)
        if not readings or _agrees(stated, half_unit(claim.amount), readings) is not None:
            continue
        where = f"说明称“{quote_claim(claim)}”，"
        yield _hit(names, where, subject_zh(claim), stated, readings[0], ctx.sentence(claim))


def _hit(names: dict[str, str], where: str, subject: str, value: Decimal, reading: Figure, at: Evidence) -> Hit:
    """A hit with the 决算's evidence first, then the budget's cells (their ``file`` the budget's source)."""
    source = names["budget_file"]
    return Hit(
        fields={
            "final": names["final"],
            "budget": names["budget"],
            "where": where,
            "subject": subject,
            "stated": fmt(value),
            "source": reading.label,
            "value": fmt(reading.value),
            "diff": fmt(abs(value - reading.value)),
        },
        values={"stated": value, "budget": reading.value, "difference": value - reading.value},
        locations=[at, *(e.model_copy(update={"file": e.file or source}) for e in reading.cells)],
    )


@mutation(
    "final-budget-vs-stored-budget",
    zh="决算“三公”经费表的预算数与同年预算不符（样本预算的决算；审核时给出该预算）",
    en="print a 三公 预算数 in the final account that differs from the stored budget",
)
def _misprint_budget(d: Disclosure, rng: random.Random) -> MutationRecord:
    table = mut.table(d, "three_public")
    for row in table.rows:
        if FINAL_COLUMN in row.values:
            row.values[BUDGET_COLUMN] = row.values[FINAL_COLUMN]
    leaf = mut.by(table.rows, "reception")
    before = leaf.values.get(BUDGET_COLUMN, ZERO)
    change = Decimal(rng.randint(1, 9))
    for row in table.rows:
        if row.key in ("reception", "subtotal", "total"):
            row.values[BUDGET_COLUMN] = row.values.get(BUDGET_COLUMN, ZERO) + change
    d.kind = "部门决算"
    return MutationRecord(mut.cell("three_public", leaf, BUDGET_COLUMN), str(before), str(before + change))


# -- a large deviation from the budget, unexplained ------------------------------------------------------------

BASIS_DEVIATION = (
    "财预〔2016〕143号《地方预决算公开操作规程》（部门决算公开）；部门决算公开模板：一般公共预算财政拨款支出、"
    f"{figure_name('three_public')}支出等决算数与年初预算数的差异，应说明原因"
)
#: A 决算数 deviates largely from its 年初预算数 beyond this share of the budget …
DEVIATION_SHARE = Decimal("0.10")
#: … and by at least this many 万元 (a few hundred 元 off a small budget is no deviation to explain).
DEVIATION_MIN = Decimal("1")
#: The narrative subjects whose 年初预算 and 决算 the rule compares, and the 三公 items of its table.
DEVIATION_SUBJECTS: tuple[str, ...] = (
    "expenditure", "fiscal_expenditure", "general_expenditure", "three_public", "abroad", "vehicle",
    "vehicle_purchase", "vehicle_operation", "reception",
)  # fmt: skip
THREE_PUBLIC_ITEMS: tuple[FigureKey, ...] = ("three_public", "abroad", "vehicle_purchase", "vehicle_operation",
                                             "reception")  # fmt: skip


def large(budget: Decimal, budget_half: Decimal, final: Decimal, final_half: Decimal) -> bool:
    """Whether final − budget exceeds :data:`DEVIATION_SHARE` of the budget and :data:`DEVIATION_MIN`, whatever
    the rounding of the two printed amounts."""
    gap = abs(final - budget) - budget_half - final_half
    return gap >= DEVIATION_MIN and gap > DEVIATION_SHARE * (budget + budget_half)


@dataclass(frozen=True)
class Pair:
    """A figure's 年初预算数 and 决算数, where they are printed, and the sentences that may explain the gap."""

    subject: str
    budget: Decimal
    final: Decimal
    locations: tuple[Evidence, ...]
    sentences: tuple[Claim, ...]


def _sentences(claims: list[Claim]) -> list[Claim]:
    """The first claim of each sentence, in order."""
    out: list[Claim] = []
    for c in claims:
        if not out or not same_sentence(out[-1], c):
            out.append(c)
    return out


def _with_next(claims: list[Claim], first: Claim) -> tuple[Claim, ...]:
    """The sentence of ``first`` and the next sentence the narrative states a figure in, in the same section."""
    heads = _sentences(claims)
    at = next(i for i, c in enumerate(heads) if same_sentence(c, first))
    following = heads[at + 1 : at + 2]
    return (heads[at], *(c for c in following if c.section == first.section))


def _spent_beside(claims: list[Claim], at: int) -> Claim | None:
    """The 决算数 stated in the sentence of the budget at ``at`` for its subject: the next one
    (年初预算为…，支出决算为…), else the nearest before (支出决算为…，年初预算为…)."""
    budget = claims[at]

    def beside(c: Claim) -> bool:
        return same_sentence(c, budget) and c.kind == "amount" and c.subject == budget.subject

    after = next((c for c in claims[at + 1 :] if beside(c)), None)
    return after or next((c for c in reversed(claims[:at]) if beside(c)), None)


def _narrative_pairs(ctx: Context) -> Iterator[Pair]:
    claims = ctx.d.narrative.claims
    for at, claim in enumerate(claims):
        if claim.kind != "budget" or claim.subject not in DEVIATION_SUBJECTS or claim.unit == "%":
            continue
        final = _spent_beside(claims, at)
        planned, spent = stated_wan(claim), stated_wan(final) if final is not None else None
        if final is None or planned is None or spent is None:
            continue
        if not large(planned, half_unit(claim.amount), spent, half_unit(final.amount)):
            continue
        yield Pair(claim.subject, planned, spent, (ctx.sentence(claim),), _with_next(claims, claim))


def _table_pairs(ctx: Context, stated: set[str]) -> Iterator[Pair]:
    rows = _three_public_rows(ctx)
    if not ctx.has_column("three_public", BUDGET_COLUMN):
        return
    claims = ctx.d.narrative.claims
    k = table_scale(ctx)
    for key in THREE_PUBLIC_ITEMS:
        reading = FIGURES[key].reading
        row = rows.get(reading.row) if reading is not None else None
        if row is None or key in stated or BUDGET_COLUMN not in row.values:
            continue
        planned, spent = ctx.value(row, BUDGET_COLUMN) * k, ctx.value(row, FINAL_COLUMN) * k
        if not large(planned, ctx.half_unit("three_public", planned), spent, ctx.half_unit("three_public", spent)):
            continue
        about = [c for c in _sentences(claims) if c.subject in (key, "three_public") or FIGURES[key].name in c.sentence]
        sentences = tuple({id(s): s for c in about for s in _with_next(claims, c)}.values())
        cells = (ctx.cell("three_public", row, BUDGET_COLUMN), ctx.cell("three_public", row, FINAL_COLUMN))
        yield Pair(key, planned, spent, cells, sentences)


def _subject_name(subject: str) -> str:
    return FIGURES[subject].name if subject in FIGURES else subject


@rule(
    "final-large-deviation-unexplained",
    kind="narrative",
    severity="warning",
    title="决算数与年初预算数差异较大而未说明原因",
    template=("{subject}决算数 {final} 万元，年初预算数 {budget} 万元，{direction} {diff} 万元（{pct}），{why}。"),
    basis=BASIS_DEVIATION,
    refs=("R11",),
    documents=FINAL_KINDS,
)
def large_deviation_unexplained(ctx: Context) -> Iterator[Hit]:
    """A 决算数 that differs from its 年初预算数 by more than 10 % of the budget and at least 1 万元 (beyond the
    rounding of the printed amounts) is explained: its sentence, the sentences without figures after it
    (``Claim.after``), or the next sentence the narrative states a figure in, gives a reason (原因, 主要是, 由于,
    因 …). Compared: the 支出, 财政拨款支出 and 一般公共预算财政拨款支出 the
    narrative states with their 年初预算, and each 三公 item of the 三公 决算表 (its 预算数 and 决算数 columns); the
    三公 total only when none of its items deviates as much."""
    pairs = list(_narrative_pairs(ctx))
    pairs += _table_pairs(ctx, {p.subject for p in pairs})
    large_ones = {p.subject for p in pairs}
    for pair in pairs:
        if any(gives_reason(c.sentence) or gives_reason(c.after or "") for c in pair.sentences):
            continue
        if pair.subject in FIGURES and _differs(pair.subject, large_ones):
            continue  # a part deviates as much: the 三公 total's gap is its item's, reported (or explained) there
        gap = pair.final - pair.budget
        pct = "预算为 0" if pair.budget == 0 else f"{(gap * HUNDRED / pair.budget).quantize(Decimal('0.01'))}%"
        evidence = {e.model_dump_json(): e for e in (*pair.locations, *map(ctx.sentence, pair.sentences))}
        name = _subject_name(pair.subject)
        why = "说明中相应的句子及其下一句未说明原因" if pair.sentences else f"说明未提及{name}及其差异的原因"
        yield Hit(
            fields={
                "subject": name,
                "final": fmt(pair.final),
                "budget": fmt(pair.budget),
                "direction": "超出预算" if gap > 0 else "少于预算",
                "diff": fmt(abs(gap)),
                "pct": pct,
                "why": why,
            },
            values={"budget": pair.budget, "final": pair.final, "difference": gap},
            locations=list(evidence.values()),  # each sentence once
        )


@mutation(
    "final-large-deviation-unexplained",
    zh="决算说明所述一般公共预算财政拨款支出决算数比年初预算数少一成半以上，且未说明原因（把样本当作决算）",
    en="state a 一般公共预算 final figure 15–30% below its budget without a reason",
)
def _unexplained(d: Disclosure, rng: random.Random) -> MutationRecord:
    stated = next((c for c in d.narrative.claims if c.kind == "budget" and c.subject == "general_expenditure"), None)
    base = stated or mut.claim(d, "expenditure")  # the sample states no 年初预算: its 支出 is its 一般公共预算 支出
    planned = base.amount.quantize(Decimal("0.01"))
    spent = (planned * Decimal(rng.randint(70, 85)) / HUNDRED).quantize(Decimal("0.01"))
    # the last sentence of its section, in words the reader knows: nothing after it may give a reason
    sentence = f"一般公共预算财政拨款支出年初预算为{format(planned, 'f')}万元，支出决算为{format(spent, 'f')}万元。"
    d.kind = "部门决算"
    update = {"subject": "general_expenditure", "unit": "万元", "sentence": sentence, "year": None}
    d.narrative.claims += [
        base.model_copy(update={**update, "kind": kind, "amount": amount})
        for kind, amount in (("budget", planned), ("amount", spent))
    ]
    return MutationRecord({"section": base.section, "sentence": sentence}, str(planned), str(spent))
