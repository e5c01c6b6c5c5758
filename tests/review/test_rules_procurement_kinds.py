"""Procurement by kind (货物, 工程, 服务; issue 12, point 4): the goods, works and services budgets the
narrative states against the procurement table, and the kinds' rows against its 合计."""

from __future__ import annotations

import os

from tests.review.claims import D, add_claim, base, noisy, of, one, run, set_claim
from yusuan.model import Disclosure, ProcurementLine
from yusuan.synth.samples import loc

os.environ["YUSUAN_DEBUG"] = "1"

SENTENCE = "2023年，本部门安排政府采购预算12.00万元，其中：货物类{}万元、服务类{}万元。"


def with_kinds(d: Disclosure, *, printed: bool) -> Disclosure:
    """A computer (A…, 8.00) and a printing service (C…, 4.00); ``printed``: the table prints its kinds' rows."""
    lines = [
        ProcurementLine(project="综合业务经费", item="台式计算机", catalogue="A02010104",
                        values={"total": D("8.00"), "general": D("8.00")}, location=loc()),
        ProcurementLine(project="综合业务经费", item="印刷服务", catalogue="C23090000",
                        values={"total": D("4.00"), "general": D("4.00")}, location=loc()),
        ProcurementLine(project="合计", values={"total": D("12.00"), "general": D("12.00")}, location=loc()),
    ]  # fmt: skip
    d.procurement.lines = lines
    d.procurement.note = None
    if printed:
        d.procurement.kinds = {"货物": D("8.00"), "服务": D("4.00")}
    set_claim(d, "procurement", amount="12.00", sentence="2023年，本部门安排政府采购预算12.00万元。")
    return d


def state(d: Disclosure, goods: str, services: str, works: str | None = None) -> Disclosure:
    sentence = SENTENCE.format(goods, services) + (f"工程类{works}万元。" if works is not None else "")
    add_claim(d, "procurement_goods", goods, sentence, section="六")
    add_claim(d, "procurement_services", services, sentence, section="六")
    if works is not None:
        add_claim(d, "procurement_works", works, sentence, section="六")
    return d


def test_procurement_kind_narrative_mismatch_fires() -> None:
    d = state(with_kinds(base(), printed=True), "9.00", "4.00")
    result = run(d)
    assert {r for r in noisy(result) if r.startswith("procurement")} == {"procurement-kind-narrative-mismatch"}
    f = one(result, "procurement-kind-narrative-mismatch")
    assert f.severity == "error"
    assert "其中货物类政府采购预算为 9.00 万元，而政府采购预算表“货物”行为 8.00 万元，相差 1.00 万元" in f.message
    assert f.values == {"stated": D("9.00"), "table": D("8.00"), "difference": D("1.00")}


def test_kind_narrative_mismatch_fires_against_lines_by_catalogue() -> None:
    d = state(with_kinds(base(), printed=False), "8.00", "4.00", works="3.00")
    f = one(run(d), "procurement-kind-narrative-mismatch")
    assert "工程类政府采购预算为 3.00 万元" in f.message and f.values["table"] == D("0")


def test_procurement_kind_narrative_mismatch_quiet() -> None:
    assert (
        of(
            run(state(with_kinds(base(), printed=True), "8.00", "4.00", works="0")),
            "procurement-kind-narrative-mismatch",
        )
        == []
    )
    assert of(run(state(with_kinds(base(), printed=False), "8", "4")), "procurement-kind-narrative-mismatch") == []
    # a table that says nothing of kinds (no kinds' rows, a line without a catalogue): nothing to compare
    d = with_kinds(base(), printed=False)
    d.procurement.lines[0].catalogue = None
    assert of(run(state(d, "9.00", "4.00")), "procurement-kind-narrative-mismatch") == []


def test_procurement_kinds_sum_quiet() -> None:
    assert of(run(with_kinds(base(), printed=True)), "procurement-kinds-sum") == []
    assert of(run(with_kinds(base(), printed=False)), "procurement-kinds-sum") == []  # no kinds' rows


def test_procurement_kinds_sum_fires() -> None:
    d = with_kinds(base(), printed=True)
    d.procurement.kinds["服务"] = D("5.00")
    f = one(run(d), "procurement-kinds-sum")
    assert f.message == (
        "政府采购预算表各类之和（货物 8.00、服务 5.00）为 13.00，而“合计”行为 12.00，相差 1.00（万元）。"
        "（超出四舍五入允许的 ±0.015 万元）"
    )


# -- vehicle-purchase-not-in-procurement on a table that names no purchase ---------------------------------


def kinds_only(d: Disclosure, goods: str, services: str) -> Disclosure:
    total = D(goods) + D(services)
    d.procurement.lines = [ProcurementLine(project="合计", values={"total": total}, location=loc())]
    d.procurement.kinds = {"货物": D(goods), "服务": D(services)}
    d.procurement.note = None
    set_claim(d, "procurement", amount=str(total), sentence=f"2023年，本部门安排政府采购预算{total}万元。")
    return d


def test_vehicle_in_a_table_of_kinds_only() -> None:
    from tests.review.test_rules_procurement import with_car  # 三公: 公务用车购置费 10.00

    # goods 196.91 could hold the car: the table cannot tell, an info
    f = one(run(kinds_only(with_car(base()), "196.91", "7368.85")), "vehicle-purchase-not-in-procurement")
    assert f.severity == "info" and "采购表未列品目，货物类合计 196.91 万元" in f.message
    # goods 4.00 cannot: an error
    f = one(run(kinds_only(with_car(base()), "4.00", "7368.85")), "vehicle-purchase-not-in-procurement")
    assert f.severity == "error" and "货物类合计只有 4.00 万元，不足以购置车辆" in f.message
