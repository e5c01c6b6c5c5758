"""Reading problems reported as findings: ambiguous column placement and unreadable rows."""

from __future__ import annotations

from collections.abc import Iterator

from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.tables import COLUMN_NAMES
from yusuan.review.context import Context, fmt
from yusuan.review.finding import Evidence, at
from yusuan.review.registry import Hit, rule


def column_zh(key: str) -> str:
    return COLUMN_NAMES.get(key, key)


@rule(
    "ambiguous-columns",
    kind="parse",
    severity="warning",
    title="无法确定数字所在栏次",
    template="{table}“{name}”一行的数字 {numbers} 可以放入不止一种栏次组合（{options}），"
    "表内外勾稽关系都无法区分，请对照原件确认。",
    basis="读取规则：PDF 提取文本丢失空白单元格，栏次只能由勾稽关系推定；推定不唯一时不猜测",
    documents=ANY_KIND,
)
def ambiguous_columns(ctx: Context) -> Iterator[Hit]:
    """A PDF-text row whose numbers the arithmetic cannot place in columns unambiguously."""
    for a in ctx.d.ambiguities:
        options = "；".join("、".join(f"{column_zh(k)} {fmt(v)}" for k, v in cand.items()) for cand in a.candidates[:4])
        if len(a.candidates) > 4:
            options += f" 等 {len(a.candidates)} 种"
        yield Hit(
            fields={
                "table": a.table,
                "name": a.name,
                "numbers": "、".join(fmt(n) for n in a.numbers),
                "options": options,
            },
            values={f"number_{i + 1}": n for i, n in enumerate(a.numbers)},
            locations=[
                Evidence(table=a.table, row=a.code or a.key, name=a.name, **at(a.location))
            ],
        )


@rule(
    "unreadable",
    kind="parse",
    severity="warning",
    title="无法读取的内容",
    template="{message}",
    basis="读取规则：读不出的内容必须报告，不能静默丢弃",
    documents=ANY_KIND,
)
def unreadable(ctx: Context) -> Iterator[Hit]:
    """Something the reader could not read (a text where a number belongs, too many numbers…)."""
    for p in ctx.d.problems:
        yield Hit(
            fields={"message": p.message},
            locations=[Evidence(table=p.table, **at(p.location))],
        )
