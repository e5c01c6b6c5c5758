"""Final accounts (部门决算, issue 14): the 三公 counts the narrative states against the money spent.

``final-three-public-counts``: a 决算's 三公 section states, beside each item's amount, how many — 出国（境）团组
N个、M人次, 公务用车购置N辆 and 保有量N辆, 公务接待N批次、M人次. An item spent on with its count stated as 0, or a
count above 0 with nothing spent, contradicts itself; so does 公务用车运行维护费 spent with no vehicle held.

What the narrative reader gives today (``yusuan.read.sections``): counts in 个, 辆, 台（套）, 家, 人 — 出国团组 N个
as ``other:<label>`` (单位出国团组), vehicles bought as ``other:购置车辆数`` and held as ``vehicles``. It reads no 人次,
批次 or 次 (公务接待1批次、13人次; 国内接待1次), and takes 接待人数共13人 for a staff count: the rule recognises
those counts by their unit (:data:`PERSON_TIMES`, :data:`BATCHES`) and words, so that they count as soon as the
reader gives them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.domain.figures import FIGURES, FigureKey
from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import FINAL_KINDS
from yusuan.model import Claim, Disclosure
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, fmt
from yusuan.review.finding import Evidence
from yusuan.review.helpers.figures import quote_claim, stated_wan, table_scale
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.final import BASIS_FINAL

#: Count units beside the money: person-times, batches (公务接待N批次) and times (国内接待1次).
PERSON_TIMES, BATCHES, TIMES = "人次", "批次", "次"
#: Words of a count that make it a part of the item's count (国内接待, 外宾接待, 执法执勤用车), not the whole.
PART_WORDS: tuple[str, ...] = ("国内", "国外", "境外", "外宾", "外事", "来访", "其中")
ABROAD_WORDS: tuple[str, ...] = ("出国", "出境")
RECEPTION_WORD = "接待"
GROUP_WORD = "团组"
#: The subject the reader gives a count of vehicles bought (``other:购置车辆数``, by kind ``other:购置车辆数:<kind>``).
PURCHASED = "other:购置车辆数"
HELD = "vehicles"
VEHICLE_UNIT = "辆"


@dataclass(frozen=True)
class Count:
    """A count the narrative states for a 三公 item, and whether it is the whole item's (not a part's)."""

    item: FigureKey
    claim: Claim
    whole: bool


def _label(claim: Claim) -> str:
    family, _, rest = claim.subject.partition(":")
    return rest if family == "other" else ""


def _item(claim: Claim) -> FigureKey | None:
    """The 三公 item a count claim counts: 出国（境）团组 and their 人次, vehicles bought, receptions."""
    label, unit, sentence = _label(claim), claim.unit or "", claim.sentence
    if claim.subject == PURCHASED or claim.subject.startswith(PURCHASED + ":"):
        return "vehicle_purchase" if unit == VEHICLE_UNIT else None
    if claim.subject == HELD:
        return "vehicle_operation" if unit == VEHICLE_UNIT else None
    abroad = any(w in label for w in ABROAD_WORDS)
    if unit == "个" and GROUP_WORD in label and abroad and RECEPTION_WORD not in label:
        return "abroad"
    if unit == PERSON_TIMES and abroad:
        return "abroad"
    if unit in (PERSON_TIMES, BATCHES, TIMES) and (RECEPTION_WORD in label or RECEPTION_WORD in sentence):
        if unit == PERSON_TIMES and not label and any(w in sentence for w in ABROAD_WORDS):
            return None  # 出国团组2个、累计8人次，接待… : whose 人次 the sentence does not say
        return "reception"
    return None


def counts(claims: list[Claim]) -> list[Count]:
    """The 三公 counts of the narrative, in order."""
    out: list[Count] = []
    for c in claims:
        item = _item(c) if c.kind == "amount" and c.unit else None
        if item is not None:
            whole = not any(w in _label(c) for w in PART_WORDS) and ":" not in c.subject.removeprefix("other:")
            out.append(Count(item, c, whole))
    return out


@dataclass(frozen=True)
class Spent:
    amount: Decimal
    source: str
    where: Evidence


def _spent(ctx: Context, item: FigureKey) -> Spent | None:
    """What was spent on the item: the 三公 决算表's 决算数, else the amount the narrative states."""
    table = ctx.table("three_public")
    reading = FIGURES[item].reading
    if table is not None and reading is not None and any(r.values for r in table.rows):
        row = next((r for r in table.rows if r.key == reading.row), None)
        if row is not None:
            value = ctx.value(row, reading.column) * table_scale(ctx)
            return Spent(value, f"{table.title}“{row.name}”", ctx.cell("three_public", row, reading.column))
    for c in ctx.d.narrative.claims:
        stated = stated_wan(c) if c.kind == "amount" and c.subject == item else None
        if stated is not None and (c.year is None or c.year == ctx.d.year):
            return Spent(stated, "说明所述", ctx.sentence(c))
    return None


#: What each item's count counts, as the message names it.
COUNTED: dict[str, str] = {
    "abroad": "出国（境）团组或人次",
    "vehicle_purchase": "购置车辆",
    "vehicle_operation": "车辆保有量",
    "reception": "公务接待批次或人次",
}


@rule(
    "final-three-public-counts",
    kind="narrative",
    severity="warning",
    title=f"决算说明中的{figure_name('three_public')}数量与金额不符",
    template="{subject}为 {amount} 万元（{source}），而说明称“{sentence}”，{counted}为 {count}{unit}：{problem}。",
    basis=BASIS_FINAL + f"；{figure_name('three_public')}决算说明应列出出国（境）团组及人次、公务用车购置及保有数量、"
    "公务接待批次及人次，数量与支出相互印证",
    refs=("R11",),
    documents=FINAL_KINDS,
)
def three_public_counts(ctx: Context) -> Iterator[Hit]:
    """Each 三公 count the narrative states agrees with the money spent on its item (the 三公 决算表's 决算数, else the
    narrative's amount): money spent with the whole item's count stated as 0 (出国团组0个, 购置0辆, 接待0批次), or a
    count above 0 with nothing spent; and 公务用车运行维护费 spent with 0 vehicles held. A count of a part (国内接待,
    外宾接待, one kind of vehicle) above 0 counts; a part stated as 0 says nothing of the whole."""
    for count in counts(ctx.d.narrative.claims):
        item, claim = count.item, count.claim
        spent = _spent(ctx, item)
        if spent is None:
            continue
        if item == "vehicle_operation":
            problem = "有运行维护费而无车辆" if spent.amount > 0 and claim.amount == 0 and count.whole else None
        elif spent.amount > 0 and claim.amount == 0 and count.whole:
            problem = "有支出而所列数量为 0"
        elif spent.amount == 0 and claim.amount > 0:
            problem = "列有数量而无相应支出"
        else:
            problem = None
        if problem is None:
            continue
        yield Hit(
            fields={
                "subject": figure_name(item),
                "amount": fmt(spent.amount),
                "source": spent.source,
                "sentence": quote_claim(claim),
                "counted": COUNTED[item],
                "count": format(claim.amount, "f"),
                "unit": claim.unit or "",
                "problem": problem,
            },
            values={"amount": spent.amount, "count": claim.amount},
            locations=[ctx.sentence(claim), spent.where],
        )


#: The narrative subjects of the 三公 section (the mutation writes its sentence there).
THREE_PUBLIC_SUBJECTS = frozenset({"three_public", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation",
                                   "reception"})  # fmt: skip


@mutation(
    "final-three-public-counts",
    zh=f"决算说明列出出国（境）团组，而{figure_name('abroad')}为 0（把样本当作决算）",
    en="state groups sent abroad in a final account that spent nothing abroad",
)
def _groups_without_money(d: Disclosure, rng: random.Random) -> MutationRecord:
    table = mut.table(d, "three_public")
    row = mut.by(table.rows, "abroad")
    stated = [c.amount for c in d.narrative.claims if c.subject == "abroad" and c.kind == "amount"]
    if row.values.get("total", ZERO) or any(stated):
        raise NotApplicable  # spent abroad: groups sent would be right
    groups = Decimal(rng.randint(1, 5))
    sentence = f"全年使用财政拨款安排出国团组{groups}个。"
    d.kind = "部门决算"
    section = next((c.section for c in d.narrative.claims if c.subject in THREE_PUBLIC_SUBJECTS), None)
    d.narrative.claims.append(
        Claim(subject="other:出国团组", kind="amount", amount=groups, unit="个", section=section, sentence=sentence)
    )
    return MutationRecord({"section": section, "sentence": sentence}, "0", str(groups))
