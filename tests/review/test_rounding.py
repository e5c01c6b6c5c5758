"""Rounding (尾差): amounts printed in 万元 to two decimals are rounded from 元, so n printed terms and
their printed total may miss by up to (n + 1) × 0.005 万元. Within that bound a difference is an info
finding of ``rounding-difference``, never an error; beyond it the rule's error names the bound."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.model import Disclosure, Row, Table
from yusuan.review.context import amount_places, half_unit, printed_places, sum_tolerance
from yusuan.review.engine import review
from yusuan.review.registry import RULES

from .mutate import base, findings, noisy_ids, put, row, run

D = Decimal
CENT = D("0.01")
#: The rules comparing amounts, and the rule their 尾差 are filed under.
NUMERIC = sorted(r.id for r in RULES.values() if r.kind in ("arithmetic", "cross_table"))


def _wan(yuan: Decimal) -> Decimal:
    """元 → 万元 printed to two decimals, rounded half up as budget systems print them."""
    return (yuan / 10000).quantize(CENT, rounding=ROUND_HALF_UP)


def _table(leaves: list[tuple[int, int]], unit_yuan: bool = False) -> Disclosure:
    """An expenditure table of one 类, one 款 and its 项 (基本支出, 项目支出 in 分 each), every amount
    computed exactly and then printed: in 万元 to two decimals, or (``unit_yuan``) in whole 元."""

    def printed(fen: int) -> Decimal:
        yuan = D(fen) / 100
        if unit_yuan:  # whole 元, read back into 万元 exactly (four decimals)
            return yuan.quantize(D(1), rounding=ROUND_HALF_UP).scaleb(-4)
        return _wan(yuan)

    def values(basic: int, project: int) -> dict[str, Decimal]:
        return {"total": printed(basic + project), "basic": printed(basic), "project": printed(project)}

    items = [
        Row(code=f"20101{i + 1:02d}", name=f"项{i + 1}", values=values(b, p)) for i, (b, p) in enumerate(leaves)
    ]
    basic, project = sum(b for b, _ in leaves), sum(p for _, p in leaves)
    rows = [
        Row(key="total", name="合计", values=values(basic, project)),
        Row(code="201", name="一般公共服务支出", values=values(basic, project)),
        Row(code="20101", name="人大事务", values=values(basic, project)),
        *items,
    ]
    return Disclosure(
        source="rounding.txt",
        layout="pdf",
        template="unknown",
        tables={"expenditure": Table(title="部门预算支出总表", rows=rows)},
    )


_FEN = st.integers(min_value=0, max_value=5_000_000_000)  # up to 5,000 万元, in 分


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_FEN, _FEN), min_size=1, max_size=12))
def test_amounts_rounded_from_yuan_raise_no_error(leaves: list[tuple[int, int]]) -> None:
    result = review(_table(leaves), only=NUMERIC)
    assert [f.message for f in result.findings if f.severity != "info"] == []
    assert {f.rule for f in result.findings} <= {"rounding-difference"}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(_FEN, _FEN), min_size=1, max_size=12))
def test_whole_yuan_tables_allow_half_a_yuan(leaves: list[tuple[int, int]]) -> None:
    result = review(_table(leaves, unit_yuan=True), only=NUMERIC)
    assert [f.message for f in result.findings if f.severity != "info"] == []
    for f in result.findings:  # half a 元 per printed amount: at most 0.5 元 × (terms + total)
        for key, difference in f.values.items():
            if key.endswith("difference"):
                bound = f.values[key.removesuffix("difference") + "bound"]
                assert abs(difference) <= bound <= D("0.00005") * 16


def test_rounding_difference_fires() -> None:
    # a 项 printed 0.01 above its 基本支出 (项目支出 blank, exactly 0): two amounts to the cent, ±0.01 万元
    d = base()
    r = row(d, "expenditure", "2010101")
    put(r, "total", str(r.values["total"] + CENT))
    result = run(d)
    assert noisy_ids(result) == set()
    found = findings(result, "rounding-difference")
    assert found and {f.severity for f in found} == {"info"} and {f.kind for f in found} == {"arithmetic"}
    [f] = [f for f in found if f.message.startswith("行内合计与各栏之和不符：")]
    assert f.values["bound"] == D("0.010") and f.values["difference"] == CENT
    assert f.message.endswith("相差 0.01 万元（在四舍五入允许的 ±0.01 万元以内），属尾差，不是错误。")
    # its 款 (parent and its 项 in each column) now misses by 0.01 too: within ±0.005 × (项 + 1)
    assert any("“人大事务”(20101)与所属各项之和不符" in g.message for g in found)


def test_rounding_difference_quiet() -> None:
    assert findings(run(base()), "rounding-difference") == []


def test_just_beyond_the_bound_is_an_error_naming_it() -> None:
    leaves = [(1_000_000, 0), (2_000_000, 0)]  # 1.00 + 2.00 = 3.00 万元 (分: 1,000,000 = 1 万元)
    d = _table(leaves)
    t = d.tables["expenditure"]
    assert isinstance(t, Table)
    parent = next(r for r in t.rows if r.code == "20101")
    for column in ("total", "basic"):  # 20101 and its two 项: three amounts, ±0.015
        parent.values[column] += D("0.02")
    result = review(d, only=NUMERIC)
    [f] = [f for f in result.findings if "“人大事务”(20101)与所属各项之和不符" in f.message]
    assert f.rule == "hierarchy-sum"
    assert f.severity == "error"
    assert f.message.endswith("（超出四舍五入允许的 ±0.015 万元）")
    # the 类 above it (201: 3.00 vs 3.02, two amounts, ±0.01) is beyond its bound too
    assert any(g.rule == "hierarchy-sum" and "“一般公共服务支出”(201)" in g.message for g in result.findings)
    for column in ("total", "basic"):
        parent.values[column] -= CENT  # 0.01 away: within ±0.015 below, beyond ±0.01 above
    result = review(d, only=NUMERIC)
    below = [f for f in result.findings if "“人大事务”(20101)与所属各项之和不符" in f.message]
    assert [f.rule for f in below] == ["rounding-difference"]


def test_the_bound_follows_the_printed_precision() -> None:
    assert half_unit(2) == D("0.005") and half_unit(1) == D("0.05") and half_unit(4) == D("0.00005")
    assert printed_places([D("1.2345"), D("3.0000")]) == 4  # whole 元 read into 万元
    assert amount_places(D("56.9")) == 1 and amount_places(D("25"), 2) == 2
    # n terms and their total, all to the cent: (n + 1) × 0.005
    assert sum_tolerance([D("3.00"), D("1.00"), D("2.00")]).amount == D("0.015")
    assert sum_tolerance([D("56.9"), D("56.87")]).amount == D("0.055")
