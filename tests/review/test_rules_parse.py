"""Reading problems as findings: ambiguous column placement and unreadable content."""

from __future__ import annotations

import copy
import os
from decimal import Decimal

from yusuan.model import Ambiguity, Disclosure, Location, Problem
from yusuan.review.engine import review
from yusuan.review.finding import Finding
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"

D = Decimal


def base() -> Disclosure:
    return copy.deepcopy(consistent())


def only(d: Disclosure, rule_id: str) -> list[Finding]:
    return review(d, only=[rule_id]).findings


def test_ambiguous_columns_fires() -> None:
    d = base()
    d.ambiguities.append(
        Ambiguity(
            table="expenditure",
            code="2010102",
            name="一般行政管理事务",
            numbers=[D("48.00"), D("48.00")],
            candidates=[{"total": D("48.00"), "basic": D("48.00")}, {"total": D("48.00"), "project": D("48.00")}],
            location=Location(page=3, line=120),
        )
    )
    found = only(d, "ambiguous-columns")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and "一般行政管理事务" in f.message and "基本支出 48.00" in f.message
    assert f.values == {"number_1": D("48.00"), "number_2": D("48.00")}
    ev = f.locations[0]
    assert (ev.table, ev.row, ev.page, ev.line) == ("expenditure", "2010102", 3, 120)


def test_ambiguous_columns_quiet() -> None:
    assert only(base(), "ambiguous-columns") == []


def test_unreadable_fires() -> None:
    d = base()
    d.problems.append(Problem(code="text-in-number", message="第 88 行：数字栏中出现文字“见附表”", table="income"))
    found = only(d, "unreadable")
    assert [f.message for f in found] == ["第 88 行：数字栏中出现文字“见附表”"]
    assert found[0].locations[0].table == "income"


def test_unreadable_quiet() -> None:
    assert only(base(), "unreadable") == []
