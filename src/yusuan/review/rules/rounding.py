"""尾差 (rounding differences), kind ``arithmetic``: ``rounding-difference`` (info).

The arithmetic and cross-table rules compare printed amounts; a comparison that misses by no more than the
rounding bound of the amounts involved (:mod:`yusuan.review.rules.arithmetic`) is filed under this rule
instead of theirs, as an info finding: never an error.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal

from yusuan.domain.kinds import ANY_KIND
from yusuan.model import Disclosure
from yusuan.review import mutations as mut
from yusuan.review.context import Context
from yusuan.review.registry import Hit, MutationRecord, mutation, rule
from yusuan.review.rules.arithmetic import BASIS_TEMPLATE, ROUNDING_RULE


@rule(
    ROUNDING_RULE,
    kind="arithmetic",
    severity="info",
    title="尾差（四舍五入造成的差额）",
    template="{source}：{message}，属尾差，不是错误。",
    basis="金额以万元保留两位小数列示，由以元为单位的数据四舍五入得到，合计与分项之和可有尾差；" + BASIS_TEMPLATE,
    refs=("R1", "R2", "R3"),
    documents=ANY_KIND,
)
def rounding_difference(ctx: Context) -> Iterator[Hit]:
    """A relationship of an arithmetic or cross-table rule that misses by no more than the rounding bound:
    half a unit of the last printed digit of each printed amount involved ((n + 1) × 0.005 万元 for n terms
    and their total to two decimals). Those rules file such differences here (``Hit.rule``), so this
    function yields nothing itself; it runs whenever they do."""
    return iter(())


@mutation(
    ROUNDING_RULE,
    zh="支出总表一个项级科目的合计栏加 0.01 万元（只在四舍五入允许的范围内，不构成错误）",
    en="add 0.01 to a 项 row's total in the expenditure table (within the rounding bound)",
)
def _nudge_total(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.pick(rng, mut.leaves(mut.table(d, "expenditure"), 7))
    before = row.values["total"]
    mut.add(row, "total", Decimal("0.01"))
    return MutationRecord(mut.cell("expenditure", row, "total"), str(before), str(row.values["total"]))
