"""Budget against final: both kinds of a department-year stored side by side, and set against each other."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.model import Disclosure, Table
from yusuan.review.engine import review
from yusuan.store.db import StoreError
from yusuan.store.execution import budget_vs_final, counterpart, rate
from yusuan.store.ingest import IngestResult, Source, store_disclosure
from yusuan.store.listing import entries
from yusuan.store.quality import make_current
from yusuan.store.schema import DisclosureRecord
from yusuan.synth.final import final_of
from yusuan.synth.generate import generate

D = Decimal
#: Factors of the 决算 made from the budget: 201 spent at 95%, 208 at 102%, 210 at 90%, 221 in full;
#: 三公: 车辆运维 at 91%, 接待 at 104%.
FACTORS = {
    "201": D("0.95"),
    "208": D("1.02"),
    "210": D("0.90"),
    "221": D("1.00"),
    "301": D("0.98"),
    "302": D("0.93"),
    "303": D("1.00"),
    "vehicle_operation": D("0.91"),
    "reception": D("1.04"),
    "abroad": D("1.00"),
    "vehicle_purchase": D("1.00"),
}


def budget_disclosure(n: int = 0) -> Disclosure:
    """The first generated disclosure (seed 7): 福河省人大常委会 2021, 类 201, 208, 210 and 221."""
    return list(generate(n + 1, 7))[n]


def store(engine: Engine, d: Disclosure, name: str) -> IngestResult:
    result = store_disclosure(engine, d, review(d), [Source.of(name, d.model_dump_json().encode())])
    assert result.status in ("stored", "new_version"), result.message
    return result


def _cell(d: Disclosure, table_id: str, key: str, column: str = "total") -> Decimal:
    table = d.tables[table_id]
    assert isinstance(table, Table)
    return next(r.values[column] for r in table.rows if r.key == key and not r.code)


def _class(d: Disclosure, code: str) -> Decimal:
    table = d.tables["expenditure"]
    assert isinstance(table, Table)
    return next(r.values["total"] for r in table.rows if r.code == code)


@pytest.fixture
def pair(engine: Engine) -> tuple[Engine, Disclosure, Disclosure, int, int]:
    budget = budget_disclosure()
    final = final_of(budget, factors=FACTORS)
    b = store(engine, budget, "预算.txt")
    f = store(engine, final, "决算.txt")
    assert b.disclosure_id is not None and f.disclosure_id is not None
    return engine, budget, final, b.disclosure_id, f.disclosure_id


def test_budget_and_final_are_both_current(pair: tuple[Engine, Disclosure, Disclosure, int, int]) -> None:
    engine, budget, _final, b_id, f_id = pair
    with Session(engine) as s:
        rows = s.execute(
            select(DisclosureRecord.id, DisclosureRecord.department_id, DisclosureRecord.kind, DisclosureRecord.current)
        ).all()
    assert sorted((r.id, r.kind, r.current) for r in rows) == [(b_id, "部门预算", True), (f_id, "部门决算", True)]
    assert len({r.department_id for r in rows}) == 1  # one department, two kinds
    assert {e.kind for e in entries(engine)} == {"部门预算", "部门决算"}
    # A new version of the budget replaces the budget only; the final stays current.
    again = budget.model_copy(deep=True)
    again.narrative.claims = again.narrative.claims[:-1]
    second = store(engine, again, "预算-更正.txt")
    assert (second.status, second.version) == ("new_version", 2)
    with Session(engine) as s:
        live = select(DisclosureRecord.kind, DisclosureRecord.id).where(DisclosureRecord.current.is_(True))
        current = {kind: i for kind, i in s.execute(live)}
    assert current == {"部门预算": second.disclosure_id, "部门决算": f_id}
    # Making the old budget current again leaves the final alone.
    assert make_current(engine, b_id).replaced == second.disclosure_id
    with Session(engine) as s:
        assert s.get_one(DisclosureRecord, f_id).current


def test_budget_vs_final_figures(pair: tuple[Engine, Disclosure, Disclosure, int, int]) -> None:
    engine, budget, final, b_id, f_id = pair
    with Session(engine) as s:
        department = s.get_one(DisclosureRecord, b_id).department_id
    result = budget_vs_final(engine, department, 2021)
    assert (result.budget_id, result.final_id, result.complete) == (b_id, f_id, True)
    assert (result.budget_kind, result.final_kind) == ("部门预算", "部门决算")
    total = result.figure("total")
    b, f = _cell(budget, "expenditure", "total"), _cell(final, "expenditure", "total")
    assert (total.budget, total.final, total.difference) == (b, f, f - b)
    assert total.rate == (f * 100 / b).quantize(D("0.1"))
    assert D(90) <= total.rate <= D(105)
    three = result.figure("three_public")
    assert three.budget == _cell(budget, "three_public", "total")
    assert three.final == _cell(final, "three_public", "total")
    assert three.printed_budget == three.budget  # the 决算's own 预算数 column
    # Function 类: the largest deviation first; 221 spent in full.
    codes = [x.key for x in result.functions]
    assert set(codes) == {"function:201", "function:208", "function:210", "function:221"}
    diffs = [abs(x.difference or D(0)) for x in result.functions]
    assert diffs == sorted(diffs, reverse=True) and diffs[0] > 0
    c201 = next(x for x in result.functions if x.key == "function:201")
    assert (c201.budget, c201.final, c201.rate) == (_class(budget, "201"), _class(final, "201"), D("95.0"))
    assert next(x for x in result.functions if x.key == "function:221").difference == 0
    # 三公 items: 接待 over budget (104%), 车辆运维 under (91%); the largest deviation first.
    items = {x.key: x for x in result.three_public}
    assert items["reception"].rate == D("104.0") and items["vehicle_operation"].rate == D("91.0")
    assert result.three_public[0].key == "vehicle_operation"  # 33.00 × 9% > 16.44 × 4%
    assert result.to_dict()["figures"] == [f.to_dict() for f in result.figures]
    assert result.figures[0].to_dict()["rate"] == format(total.rate, "f")


def test_printed_budget_that_disagrees_is_listed(engine: Engine) -> None:
    budget = budget_disclosure()
    final = final_of(budget, factors=FACTORS)
    table = final.tables["three_public"]
    assert isinstance(table, Table)
    reception = next(r for r in table.rows if r.key == "reception")
    reception.values["budget"] += D("1.00")  # the 决算 prints a 预算数 the budget did not have
    b_id = store(engine, budget, "预算.txt").disclosure_id
    store(engine, final, "决算.txt")
    with Session(engine) as s:
        department = s.get_one(DisclosureRecord, b_id).department_id
    result = budget_vs_final(engine, department, 2021)
    printed = _cell(budget, "three_public", "reception")
    listed = [(f.key, f.printed_budget, f.budget) for f in result.printed_disagreements]
    assert listed == [("reception", printed + D("1.00"), printed)]


def test_printed_budget_that_agrees_is_quiet(pair: tuple[Engine, Disclosure, Disclosure, int, int]) -> None:
    engine, _budget, _final, b_id, _f_id = pair
    with Session(engine) as s:
        department = s.get_one(DisclosureRecord, b_id).department_id
    result = budget_vs_final(engine, department, 2021)
    assert result.printed_disagreements == []
    assert {f.key for f in result.figures if f.printed_budget is not None} >= {"three_public", "reception"}


def test_budget_vs_final_with_one_side(engine: Engine) -> None:
    budget = budget_disclosure()
    b_id = store(engine, budget, "预算.txt").disclosure_id
    with Session(engine) as s:
        department = s.get_one(DisclosureRecord, b_id).department_id
    result = budget_vs_final(engine, department, 2021)
    assert (result.budget_id, result.final_id, result.complete) == (b_id, None, False)
    assert result.figure("total").final is None and result.figure("total").rate is None
    assert result.functions == [] and result.three_public == []
    empty = budget_vs_final(engine, department, 2030)
    assert (empty.budget_id, empty.final_id) == (None, None)
    with pytest.raises(StoreError):
        budget_vs_final(engine, 99999, 2021)


def test_rate_and_counterpart() -> None:
    assert rate(D("200"), D("197.1")) == D("98.6")
    assert rate(D("3"), D("2")) == D("66.7")
    assert rate(D("0"), D("5")) is None and rate(None, D("1")) is None and rate(D("1"), None) is None
    assert counterpart("部门预算") == "部门决算" and counterpart("单位决算") == "单位预算"
    assert counterpart("其他") is None
