"""Procurement and assets (DOMAIN.md R12): mutations of the consistent document, and the seeds."""

from __future__ import annotations

import os

from tests.review.claims import (
    D,
    add_claim,
    base,
    cells,
    noisy,
    one,
    run,
    seed_findings,
    seed_messages,
    set_claim,
)
from yusuan.model import Disclosure, ProcurementLine, Row
from yusuan.synth.samples import loc

os.environ["YUSUAN_DEBUG"] = "1"

PLANNED = "本年度拟购置固定资产总额为{}万元，已按要求列入政府采购预算，详见政府采购预算表。"


def with_procurement(d: Disclosure, amount: str, item: str = "台式计算机", catalogue: str = "A02010104") -> Disclosure:
    """The department buys ``amount`` through government procurement, as table and narrative both say."""
    values = {"total": D(amount), "general": D(amount)}
    d.procurement.lines = [
        ProcurementLine(project="综合业务经费", item=item, catalogue=catalogue, unit="台", quantity=D(1),
                        unit_price=D(amount), values=values, location=loc()),
        ProcurementLine(project="合计", values=dict(values), location=loc()),
    ]
    d.procurement.note = None
    set_claim(d, "procurement", amount=amount, sentence=f"2023年，本部门安排政府采购预算{amount}万元。")
    return d


def with_car(d: Disclosure) -> Disclosure:
    """The 三公 table and the narrative add a 10.00 公务用车购置费 (the procurement budget is left as it is).

    三公: 购置 10.00 + 运行维护 6.80 = 16.80; + 公务接待 1.50 = 18.30, 13.00 last year (+5.30)."""
    rows: dict[str | None, Row] = {r.key: r for r in d.tables["three_public"].rows}  # type: ignore[union-attr]
    for key, amount in (("vehicle_purchase", "10.00"), ("vehicle", "16.80"), ("subtotal", "18.30"), ("total", "18.30")):
        rows[key].values = {"total": D(amount), "general": D(amount)}
    for subject, amount in (("three_public", "18.30"), ("vehicle", "16.80"), ("vehicle_purchase", "10.00")):
        set_claim(d, subject, amount=amount)
    set_claim(d, "three_public", "change", amount="5.30", direction="increase")
    return d


# -- planned-assets-exceed-procurement ------------------------------------------------------------------
def test_planned_assets_exceed_procurement_fires() -> None:
    d = base()
    add_claim(d, "planned_assets", "10.00", PLANNED.format("10.00"), section="七")
    result = run(d)
    assert noisy(result) == {"planned-assets-exceed-procurement"}
    f = one(result, "planned-assets-exceed-procurement")
    assert f.kind == "procurement" and f.severity == "error"
    assert f.message == (
        "说明称“本年度拟购置固定资产总额为10.00万元，已按要求列入政府采购预算，详见政府采购预算表。”，"
        "拟购置固定资产 10.00 万元，但政府采购预算表（空表）为 0.00 万元，少 10.00 万元。"
    )
    assert f.values == {"planned": D("10.00"), "procurement": D("0.00"), "difference": D("10.00")}
    assert cells(f) == [("narrative", None, None), ("procurement", None, None)]
    assert f.locations[1].name == "注：无政府采购预算，空表列示。"


def test_planned_assets_exceed_procurement_fires_as_warning_without_procurement_claim() -> None:
    """The sentence does not say the purchase is in the procurement budget: it may be below the thresholds."""
    d = base()
    add_claim(d, "planned_assets", "3.00", "本年度拟购置固定资产总额为3.00万元。", section="七")
    f = one(run(d), "planned-assets-exceed-procurement")
    assert f.severity == "warning"


def test_planned_assets_exceed_procurement_quiet() -> None:
    d = base()
    add_claim(d, "planned_assets", "0.00", PLANNED.format("0.00"), section="七")
    assert noisy(run(d)) == set()
    # Planned 10.00 within a procurement budget of 12.00 (a 合计 line is not counted twice).
    d = with_procurement(base(), "12.00")
    add_claim(d, "planned_assets", "10.00", PLANNED.format("10.00"), section="七")
    assert noisy(run(d)) == set()


# -- vehicle-purchase-not-in-procurement ------------------------------------------------------------------
def test_vehicle_purchase_not_in_procurement_fires() -> None:
    # One fact changed: the department buys a 10.00 car (三公 table and narrative say so, consistently);
    # the procurement budget stays empty.
    d = with_car(base())
    result = run(d)
    assert noisy(result) == {"vehicle-purchase-not-in-procurement"}
    f = one(result, "vehicle-purchase-not-in-procurement")
    assert f.severity == "error"
    assert f.message == (
        "“三公”经费表列有公务用车购置费 10.00 万元，而政府采购预算表（空表）中的车辆采购为 0.00 万元，"
        "相差 10.00 万元：购置公务用车应编列政府采购预算。"
    )
    assert f.values == {"vehicle_purchase": D("10.00"), "procurement_vehicles": D("0"), "difference": D("10.00")}
    assert cells(f) == [("three_public", "vehicle_purchase", "total"), ("procurement", None, None)]


def test_vehicle_purchase_not_in_procurement_fires_as_warning_on_unrecognised_lines() -> None:
    d = with_procurement(with_car(base()), "12.00", item="办公设备", catalogue="A02019900")
    f = one(run(d), "vehicle-purchase-not-in-procurement")
    assert f.severity == "warning"
    assert f.message.endswith("（采购表其他品目合计 12.00 万元，未能识别出车辆，请核对）")


def test_vehicle_purchase_not_in_procurement_quiet() -> None:
    assert "vehicle-purchase-not-in-procurement" not in noisy(run(base()))
    d = with_procurement(with_car(base()), "10.00", item="轿车", catalogue="A02030500")
    assert noisy(run(d)) == set()


# -- procurement-narrative-mismatch -----------------------------------------------------------------------
def test_procurement_narrative_mismatch_fires() -> None:
    d = base()
    set_claim(d, "procurement", amount="5.00", sentence="2023年，本部门安排政府采购预算5.00万元。")
    result = run(d)
    assert noisy(result) == {"procurement-narrative-mismatch"}
    f = one(result, "procurement-narrative-mismatch")
    assert f.message == (
        "说明称“2023年，本部门安排政府采购预算5.00万元。”，政府采购预算为 5.00万元，"
        "而政府采购预算表（空表）为 0.00 万元，相差 5.00 万元。"
    )
    assert f.values == {"stated": D("5.00"), "table": D("0.00"), "difference": D("5.00")}
    assert cells(f) == [("narrative", None, None), ("procurement", None, None)]


def test_procurement_narrative_mismatch_quiet() -> None:
    assert "procurement-narrative-mismatch" not in noisy(run(base()))
    # Σ lines with the 合计 line left out: 12.00, not 24.00.
    d = with_procurement(base(), "12.00")
    assert noisy(run(d)) == set()
    d = with_procurement(base(), "12.00")
    set_claim(d, "procurement", amount="12", sentence="2023年，本部门安排政府采购预算12万元。")
    assert noisy(run(d)) == set()


# -- the seeds ----------------------------------------------------------------------------------------------
def test_seed_findings_procurement() -> None:
    assert seed_findings("procurement") == [
        # 000 line 1089: "本年度拟购置固定资产总额为10.00万元，已按要求列入政府采购预算" but line 1014 says
        # "安排政府采购预算0.00万元" and the table is printed empty ("空表列示").
        ("000", "planned-assets-exceed-procurement", "error", 1089),
        # 002: the 三公 table (line 1571) has 公务用车购置费 18.00 and the narrative a "公务车购置项目支出18.00万元",
        # yet the procurement table (line 2131) is empty.
        ("002", "vehicle-purchase-not-in-procurement", "error", 1571),
        # 002 line 2183: "拟购置固定资产总额为18.00万元，已按要求列入政府采购预算" against the empty table.
        ("002", "planned-assets-exceed-procurement", "error", 2183),
        # 003 line 2138: "拟购置固定资产总额为15.00万元，已按要求列入政府采购预算" against the empty table
        # ("安排政府采购预算0.00万元", line 2086).
        ("003", "planned-assets-exceed-procurement", "error", 2138),
    ]
    (msg,) = seed_messages("002", "vehicle-purchase-not-in-procurement")
    assert "公务用车购置费 18.00 万元" in msg and "车辆采购为 0.00 万元" in msg
