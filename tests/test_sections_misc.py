"""Header, assets, procurement, organisation and glossary: the seeds and synthetic fixtures.

Every seed expectation below was checked by hand against the seed text (line numbers given); the
synthetic fixtures are made up for these tests and exercise both text layouts.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import SEED_NAMES, SEEDS
from yusuan.model import Ambiguity, AssetRow, Department, GlossaryEntry, Location, Organisation
from yusuan.read.sections.assets import extract_assets, read_assets
from yusuan.read.sections.glossary import extract_glossary
from yusuan.read.sections.header import extract_header, region_of
from yusuan.read.sections.organisation import extract_organisation
from yusuan.read.sections.procurement import MONEY, extract_procurement, placements, read_procurement
from yusuan.read.source import SourceText, split_lines
from yusuan.read.text import decode

SEED_FILES = SEED_NAMES


def _seed(key: str) -> SourceText:
    path = SEEDS / SEED_FILES[key]
    if not path.exists():
        pytest.skip(f"seed documents not available: {path} is missing (/work/shared/seeds is not mounted)")
    return split_lines(decode(path.read_bytes()))


#: The seven funding sources of a procurement line, in column order.
SOURCES = [
    "general",
    "gov_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "fiscal_carryover",
    "nonfiscal_carryover",
]


def _pdf(text: str) -> SourceText:
    return split_lines(text, "pdf-text")


def _docx(text: str) -> SourceText:
    return split_lines(text, "docx-text")


def _docx_rows(*rows: list[str]) -> str:
    """DOCX text for table rows: one tab-led line per cell, a blank line after each row."""
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)


def _d(text: str) -> Decimal:
    return Decimal(text)


# =============================================================================================
# Header


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # 000 line 8: "101 乐亭县人民代表大会常务委员会 预算年度：2023 单位：万元"
        (
            "000",
            (Department(code="101", name="乐亭县人民代表大会常务委员会", level="县", region="乐亭县"), 2023, "万元"),
        ),
        # 001 line 342: "101002乐亭县人民代表大会常务委员会 单位：万元" — no year on any department line
        # and no package title with a year, so the year is unknown.
        (
            "001",
            (Department(code="101002", name="乐亭县人民代表大会常务委员会", level="县", region="乐亭县"), None, "万元"),
        ),
        # 002 lines 2-4: cells "301唐山市丰南区人民代表大会常务委员会办公室" / "预算年度：2023" / "单位：万元"
        (
            "002",
            (
                Department(
                    code="301", name="唐山市丰南区人民代表大会常务委员会办公室", level="区", region="唐山市丰南区"
                ),
                2023,
                "万元",
            ),
        ),
        # 003 lines 2-4: cells "101平乡县人民代表大会常务委员会" / "预算年度：2023" / "单位：万元"
        (
            "003",
            (Department(code="101", name="平乡县人民代表大会常务委员会", level="县", region="平乡县"), 2023, "万元"),
        ),
        # 004 line 1: title "乐亭县人大常委会办公室2020年部门预算公开情况说明"; no tables, so no code or unit.
        ("004", (Department(code=None, name="乐亭县人大常委会办公室", level="县", region="乐亭县"), 2020, None)),
    ],
)
def test_header_seeds(key: str, expected: tuple[Department, int | None, str | None]) -> None:
    assert extract_header(_seed(key)) == expected


def test_header_pdf_line() -> None:
    src = _pdf("部门预算收支总表\n\n205 河北省财政厅 预算年度：2024 单位：元\n\n序号\n")
    assert extract_header(src) == (Department(code="205", name="河北省财政厅", level="省", region="河北省"), 2024, "元")


def test_header_docx_year_without_colon_and_year_from_a_later_table() -> None:
    first = _docx_rows(["301唐山市丰南区人民代表大会常务委员会办公室", "单位：万元"])
    later = _docx_rows(["301唐山市丰南区人民代表大会常务委员会办公室", "预算年度2023", "单位：万元"])
    src = _docx("部门政府采购预算\n" + first + "部门预算财政拨款收支总表\n" + later)
    department, year, unit = extract_header(src)
    assert department.code == "301"
    assert (department.level, department.region) == ("区", "唐山市丰南区")
    assert (year, unit) == (2023, "万元")


def test_header_ignores_table_rows_with_codes() -> None:
    # A function-code row looks like "code name" but carries no 预算年度/单位 marker.
    src = _pdf("201 一般公共服务支出 402.58\n\n101 乐亭县人民代表大会常务委员会 预算年度：2023 单位：万元\n")
    assert extract_header(src)[0].code == "101"


def test_header_nothing_found() -> None:
    assert extract_header(_pdf("一、部门职责\n\n负责会务工作。\n")) == (Department(), None, None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("乐亭县人民代表大会常务委员会", ("县", "乐亭县")),
        ("唐山市丰南区人民代表大会常务委员会办公室", ("区", "唐山市丰南区")),
        ("河北省人民代表大会常务委员会办公厅", ("省", "河北省")),
        ("石家庄市财政局", ("市", "石家庄市")),
        ("平乡县人民代表大会常务委员会", ("县", "平乡县")),  # the 乡 in 平乡 is not a township
        ("乐亭县住房和城乡建设局", ("县", "乐亭县")),  # 城乡 is not a township
        ("唐山市城市管理综合行政执法局", ("市", "唐山市")),  # 城市 is not a city
        ("乐亭县汤家河镇人民政府", ("乡", "乐亭县汤家河镇")),
        ("全国人民代表大会常务委员会办公厅", ("中央", None)),
        ("人大常委会办公室", (None, None)),
    ],
)
def test_region_of(name: str, expected: tuple[str | None, str | None]) -> None:
    assert region_of(name) == expected


# =============================================================================================
# Assets


def _asset(key: str | None, name: str, count: str | None, value: str | None, line: int, page: int | None) -> AssetRow:
    return AssetRow(
        key=key,
        name=name,
        count=_d(count) if count is not None else None,
        value=_d(value) if value is not None else None,
        location=Location(page=page, line=line),
    )


def test_assets_000() -> None:
    # 000 lines 1093-1108 (page 29). "资产总额 241.76" has no count column in the template, so
    # 241.76 is its value; "1、房屋（平方米）" etc. print no numbers.
    assets, ambiguities = read_assets(_seed("000"))
    assert (assets.present, assets.as_of, assets.unit) == (True, "2022-12-31", "万元")
    assert assets.location == Location(page=29, line=1093)
    assert assets.rows == [
        _asset("total", "资产总额", None, "241.76", 1098, 29),
        _asset("buildings", "1、房屋（平方米）", None, None, 1100, 29),
        _asset("office", "其中：办公用房（平方米）", None, None, 1102, 29),
        _asset("vehicles", "2、车辆（台、辆）", "4", "93.12", 1104, 29),
        _asset("equipment", "3、单价在20万元以上的设备", None, None, 1106, 29),
        _asset("other", "4、其他固定资产", "120", "148.64", 1108, 29),
    ]
    assert ambiguities == []


def test_assets_001_has_none() -> None:
    # 001 is the performance section only.
    assert extract_assets(_seed("001")).model_dump() == {
        "present": False,
        "as_of": None,
        "unit": None,
        "rows": [],
        "location": {"page": None, "line": None},
    }


def test_assets_002() -> None:
    # 002 lines 2184-2214: total 42.30 (value cell; count cell blank), 车辆 3 / 42.30, all else blank.
    assets = extract_assets(_seed("002"))
    assert (assets.present, assets.as_of, assets.unit) == (True, "2022-12-31", "万元")
    assert assets.location == Location(line=2184)
    assert assets.rows == [
        _asset("total", "资产总额", None, "42.30", 2192, None),
        _asset("buildings", "1、房屋（平方米）", None, None, 2196, None),
        _asset("office", "其中：办公用房（平方米）", None, None, 2200, None),
        _asset("vehicles", "2、车辆（台、辆）", "3", "42.30", 2204, None),
        _asset("equipment", "3、单价在20万元以上的设备", None, None, 2208, None),
        _asset("other", "4、其他固定资产", None, None, 2212, None),
    ]


def test_assets_003() -> None:
    # 003 lines 2139-2169: total 155.59, 车辆 3 / 38.99, 其他固定资产 521 / 116.60.
    assets = extract_assets(_seed("003"))
    assert (assets.present, assets.as_of, assets.unit) == (True, "2022-12-31", "万元")
    assert assets.location == Location(line=2139)
    assert assets.rows == [
        _asset("total", "资产总额", None, "155.59", 2147, None),
        _asset("buildings", "1、房屋（平方米）", None, None, 2151, None),
        _asset("office", "其中：办公用房（平方米）", None, None, 2155, None),
        _asset("vehicles", "2、车辆（台、辆）", "3", "38.99", 2159, None),
        _asset("equipment", "3、单价在20万元以上的设备", None, None, 2163, None),
        _asset("other", "4、其他固定资产", "521", "116.60", 2167, None),
    ]


def test_assets_004_older_template() -> None:
    # 004 lines 231-257: no title; "编制部门：… 截止时间：2019年12月31日", then an unlabelled total row
    # 116 / 172.2, 房屋及构建物 0 / 0, 通用设备 50 / 49.36, 其中：汽车 5 / 107.89, 家具用具 66 / 14.95.
    assets = extract_assets(_seed("004"))
    assert (assets.present, assets.as_of, assets.unit) == (True, "2019年12月31日", "万元")
    assert assets.location == Location(line=231)
    assert assets.rows == [
        _asset("total", "", "116", "172.2", 238, None),
        _asset("buildings", "房屋及构建物（平方米）", "0", "0", 242, None),
        _asset("general_equipment", "通用设备", "50", "49.36", 246, None),
        _asset("vehicles", "其中：汽车", "5", "107.89", 250, None),
        _asset("furniture", "家具用具", "66", "14.95", 254, None),
    ]


_PDF_ASSETS_HEAD = "部门固定资产占用情况表\n101 某县某局 截止时间：2023-12-31\n\n项 目 数量 价值（金额单位：万元）\n\n"


def test_assets_pdf_single_number_placed_by_the_value_sum() -> None:
    # 房屋 prints one number; as a value the parts add up to the total (60 + 40 = 100), as a count
    # they would not, so it is the value. 其他 prints 1200; only as a count does the sum still hold.
    src = _pdf(
        _PDF_ASSETS_HEAD + "资产总额 100.00\n1、房屋（平方米） 60.00\n2、车辆（台、辆） 2 40.00\n"
        "4、其他固定资产 1200\n 八、名词解释\n"
    )
    assets, ambiguities = read_assets(src)
    assert [(r.key, r.count, r.value) for r in assets.rows] == [
        ("total", None, _d("100.00")),
        ("buildings", None, _d("60.00")),
        ("vehicles", _d("2"), _d("40.00")),
        ("other", _d("1200"), None),
    ]
    assert ambiguities == []
    assert assets.rows[-1].location == Location(page=1, line=9)


def test_assets_pdf_single_number_that_stays_ambiguous() -> None:
    # Without a total value nothing decides whether 300 is the area or the value of the building.
    src = _pdf(_PDF_ASSETS_HEAD + "1、房屋（平方米） 300\n2、车辆（台、辆） 1 20.00\n七、其他\n")
    assets, ambiguities = read_assets(src)
    assert assets.rows[0] == AssetRow(key="buildings", name="1、房屋（平方米）", location=Location(page=1, line=6))
    assert ambiguities == [
        Ambiguity(
            table="assets",
            key="buildings",
            name="1、房屋（平方米）",
            numbers=[_d("300")],
            candidates=[{"count": _d("300")}, {"value": _d("300")}],
            location=Location(page=1, line=6),
        )
    ]


def test_assets_pdf_page_break_repeats_heads() -> None:
    src = _pdf(
        _PDF_ASSETS_HEAD + "资产总额 10.00\n"
        " 101 某县某局 截止时间：2023-12-31\n项 目 数量 价值（金额单位：万元）\n"
        "4、其他固定资产 3 10.00\n"
    )
    assets = extract_assets(src)
    assert [(r.key, r.count, r.value, r.location.page) for r in assets.rows] == [
        ("total", None, _d("10.00"), 1),
        ("other", _d("3"), _d("10.00"), 2),
    ]


def test_assets_docx_without_title() -> None:
    text = (
        "七、国有资产情况\n截止时间：2021年12月31日\n"
        + _docx_rows(["项目", "数量", "价值（金额单位：元）"], ["资产总额", "", "5000"], ["专用设备", "2", "5000"])
        + "八、名词解释\n"
        + _docx_rows(["不是", "资产", "表"])
    )
    assets = extract_assets(_docx(text))
    assert (assets.present, assets.as_of, assets.unit) == (True, "2021年12月31日", "元")
    assert [(r.key, r.name, r.count, r.value) for r in assets.rows] == [
        ("total", "资产总额", None, _d("5000")),
        ("special_equipment", "专用设备", _d("2"), _d("5000")),
    ]


def test_assets_absent() -> None:
    assert extract_assets(_pdf("一、部门职责\n负责会务。\n")).present is False


# =============================================================================================
# Procurement


@pytest.mark.parametrize(
    ("key", "unit", "note", "location"),
    [
        # 000 lines 1016-1085: title, "单位：万元", both notes on line 1083, the second wrapping to "示。".
        ("000", "万元", "注：无政府采购预算，空表列示。", Location(page=29, line=1016)),
        # 002 lines 2131-2180: an empty row of 16 blank cells, then the two notes.
        ("002", "万元", "注：无政府采购预算，空表列示。", Location(line=2131)),
        # 003 lines 2087-2136: as 002.
        ("003", "万元", "注：无政府采购预算，空表列示。", Location(line=2087)),
        # 004 lines 223-225: "六、政府采购预算" then "无政府采购预算。" and no table.
        ("004", None, "无政府采购预算。", Location(line=223)),
    ],
)
def test_procurement_seeds(key: str, unit: str | None, note: str, location: Location) -> None:
    procurement, ambiguities = read_procurement(_seed(key))
    assert procurement.present is True
    assert (procurement.unit, procurement.note, procurement.location) == (unit, note, location)
    assert procurement.lines == []
    assert ambiguities == []


def test_procurement_001_absent() -> None:
    procurement = extract_procurement(_seed("001"))
    assert (procurement.present, procurement.note, procurement.lines) == (False, None, [])


_HEAD_REST = ["国有资本经营预算拨款", "财政专户核拨", "单位资金", "财政拨款结转", "非财政拨款结转结余", ""]
_DOCX_PROCUREMENT_HEAD = "六、政府采购预算情况\n部门政府采购预算\n" + _docx_rows(
    ["888测试单位", "单位：万元"],
    ["政府采购项目来源", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "政府采购金额", "份额"],
    ["项目名称", "预算资金", "", "", "", "", "", "合计", "一般公共预算拨款", "基金预算拨款", *_HEAD_REST],
)


def test_procurement_docx_lines() -> None:
    rows = _docx_rows(
        ["办公设备购置", "12.00", "台式计算机", "A02010104", "台", "10", "0.60", "6.00", "6.00"] + [""] * 6 + ["6.00"],
        ["", "", "打印机", "A02010601", "台", "4", "0.50", "2.00", "", "", "", "", "2.00", "", "", ""],
        ["合计", "12.00", "", "", "", "", "", "8.00", "6.00", "", "", "", "2.00", "", "", "6.00"],
        [""] * 16,
    )
    notes = "注：同一采购目录序号的物品，其单价会因配置规格不同而变动。\n七、国有资产信息\n"
    procurement = extract_procurement(_docx(_DOCX_PROCUREMENT_HEAD + rows + notes))
    assert (procurement.present, procurement.unit) == (True, "万元")
    assert procurement.note == "注：同一采购目录序号的物品，其单价会因配置规格不同而变动。"
    first, second, total = procurement.lines
    assert first.model_dump(exclude={"location"}) == {
        "project": "办公设备购置",
        "item": "台式计算机",
        "catalogue": "A02010104",
        "unit": "台",
        "quantity": "10",
        "unit_price": "0.60",
        "values": {"project_budget": "12.00", "total": "6.00", "general": "6.00", "sme_share": "6.00"},
    }
    # The blank project cell is the merged cell of the project above.
    assert (second.project, second.item, second.catalogue, second.quantity) == (
        "办公设备购置",
        "打印机",
        "A02010601",
        _d("4"),
    )
    assert second.values == {"total": _d("2.00"), "unit_funds": _d("2.00")}
    assert (total.project, total.item) == ("合计", None)
    assert total.values == {"project_budget": _d("12.00"), "total": _d("8.00"), "general": _d("6.00")} | {
        "unit_funds": _d("2.00"),
        "sme_share": _d("6.00"),
    }
    assert first.location == Location(line=32)


def test_procurement_docx_short_row() -> None:
    # A row of fewer than sixteen cells (merged amount cells) keeps its descriptive cells.
    rows = _docx_rows(["会议设备购置", "5.00", "投影仪"])
    (line,) = extract_procurement(_docx(_DOCX_PROCUREMENT_HEAD + rows)).lines
    assert (line.project, line.item, line.values) == ("会议设备购置", "投影仪", {"project_budget": _d("5.00")})


_PDF_PROCUREMENT_HEAD = (
    "六、政府采购预算情况\n部门政府采购预算\n888 测试单位 单位：万元\n政府采购项目来源\n采购物品\n名称\n"
    "数量 单价\n项目名称 预算\n资金\n合计\n"
)


def test_procurement_pdf_lines() -> None:
    text = _PDF_PROCUREMENT_HEAD + (
        # every column printed: placed as printed
        "办公设备购置 12.00 台式计算机 A02010104 台 10 0.60 6.00 6.00 0 0 0 0 0 0 3.00\n"
        # blank cells vanished: 2.00 2.00 can only be total and one source; the source stays open
        "打印机 A02010601 台 4 0.50 2.00 2.00\n"
        # 5.00 3.00 2.00: total, then two sources that add up to it
        "复印纸 A09010101 箱 50 0.10 5.00 3.00 2.00\n"
        "注：同一采购目录序号的物品，其单价会因配置规格不同而变动，均符合资产配置标准。 注：无政府采购预算，空表列\n"
        "示。\n七、国有资产信息\n"
    )
    procurement, ambiguities = read_procurement(_pdf(text))
    assert procurement.note == "注：无政府采购预算，空表列示。"
    assert procurement.unit == "万元"
    full, printer, paper = procurement.lines
    assert (full.project, full.item, full.catalogue, full.unit) == ("办公设备购置", "台式计算机", "A02010104", "台")
    assert (full.quantity, full.unit_price) == (_d("10"), _d("0.60"))
    assert full.values == {"project_budget": _d("12.00")} | dict(
        zip(MONEY, map(_d, ["6.00", "6.00", "0", "0", "0", "0", "0", "0", "3.00"]), strict=True)
    )
    assert (printer.project, printer.item, printer.quantity, printer.unit_price) == (
        "办公设备购置",
        "打印机",
        _d("4"),
        _d("0.50"),
    )
    assert printer.values == {"total": _d("2.00")}
    assert paper.values == {"total": _d("5.00")}
    assert [a.name for a in ambiguities] == ["打印机", "复印纸"]
    assert ambiguities[0].numbers == [_d("2.00"), _d("2.00")]
    assert ambiguities[0].candidates == [{"total": _d("2.00"), source: _d("2.00")} for source in SOURCES]
    assert ambiguities[0].location == Location(page=1, line=12)


def test_procurement_pdf_unique_and_partly_agreed_placements() -> None:
    text = _PDF_PROCUREMENT_HEAD + (
        # eight amounts: only total + seven sources adds up (10 = 1×6 + 4); leaving out a source
        # and reading 4 as the share breaks the sum, so the placement is unique.
        "档案柜 A05010502 个 10 1.00 10 1 1 1 1 1 1 4\n"
        # 6 6 2: total 6, one of seven sources 6, share 2 — the source stays open, total and share agree.
        "碎纸机 A02021101 台 2 3.00 6.00 6.00 2.00\n"
        "七、国有资产信息\n"
    )
    procurement, ambiguities = read_procurement(_pdf(text))
    cabinet, shredder = procurement.lines
    assert cabinet.values == dict(zip(MONEY[:8], map(_d, ["10", "1", "1", "1", "1", "1", "1", "4"]), strict=True))
    assert shredder.values == {"total": _d("6.00"), "sme_share": _d("2.00")}
    assert [(a.table, a.name, len(a.candidates)) for a in ambiguities] == [("procurement", "碎纸机", 7)]


def test_placements() -> None:
    assert placements([_d("7.00")], MONEY) == []  # a lone total needs a source
    assert placements([_d("7.00"), _d("7.00"), _d("8.00")], MONEY) == []  # the share exceeds the total
    assert placements([_d("0")], MONEY)[0] == {"total": _d("0")}
    assert placements([_d("5.00"), _d("5.00"), _d("1.00")], MONEY) == [
        {"total": _d("5.00"), source: _d("5.00"), "sme_share": _d("1.00")} for source in SOURCES
    ]
    full = [_d("1")] * len(MONEY)
    assert placements(full, MONEY) == [dict.fromkeys(MONEY, _d("1"))]  # printed as is, even inconsistent


def test_procurement_section_without_table_and_no_section() -> None:
    src = _docx("六、政府采购预算\n\n本部门2024年度无政府采购预算。\n\n七、国有资产情况\n")
    procurement = extract_procurement(src)
    assert (procurement.present, procurement.note, procurement.location) == (
        True,
        "本部门2024年度无政府采购预算。",
        Location(line=1),
    )
    assert extract_procurement(_pdf("一、部门职责\n")).present is False


# =============================================================================================
# Organisation


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # 000 line 606: "乐亭县人民代表大会常务委员会 行政 正处（县）级 财政拨款" (page 15)
        ("000", [("乐亭县人民代表大会常务委员会", "行政", "正处（县）级", "财政拨款", Location(page=16, line=606))]),
        ("001", []),
        # 002 lines 1606-1609
        ("002", [("唐山市丰南区人民代表大会常务委员会办公室本级", "行政", "正科级", "财政拨款", Location(line=1606))]),
        # 003 lines 1654-1657
        ("003", [("平乡县人民代表大会常务委员会本级", "行政", "正处（县）级", "财政拨款", Location(line=1654))]),
        # 004 lines 41-69: blank rows around the one unit at line 51
        ("004", [("乐亭县人大办公室", "行政", "正科级", "财政拨款", Location(line=51))]),
    ],
)
def test_organisation_seeds(key: str, expected: list[tuple[str, str, str, str, Location]]) -> None:
    assert extract_organisation(_seed(key)) == [
        Organisation(name=n, nature=a, rank=r, funding=f, location=loc) for n, a, r, f, loc in expected
    ]


def test_organisation_pdf_wrapped_name_and_vanished_cell() -> None:
    text = (
        "机构设置：\n部门机构设置情况\n单位名称 单位性质 单位规格 经费保障形式\n"
        "某县人民代表大会常务委员会 行政 正科级 财政拨款\n"
        "某县人大代表联络服务 事业 财政拨款\n中心\n"
        "二、部门预算安排的总体情况\n"
    )
    assert extract_organisation(_pdf(text)) == [
        Organisation(
            name="某县人民代表大会常务委员会",
            nature="行政",
            rank="正科级",
            funding="财政拨款",
            location=Location(page=1, line=4),
        ),
        Organisation(
            name="某县人大代表联络服务中心", nature="事业", funding="财政拨款", location=Location(page=1, line=5)
        ),
    ]


def test_organisation_docx_skips_blank_rows() -> None:
    text = (
        "部门机构设置情况\n"
        + _docx_rows(
            ["单位名称", "单位性质", "单位规格", "经费保障形式"], ["", "", "", ""], ["甲单位", "事业", "", "自收自支"]
        )
        + "二、概况\n"
        + _docx_rows(["乙", "丙", "丁", "戊"])
    )
    assert extract_organisation(_docx(text)) == [
        Organisation(name="甲单位", nature="事业", funding="自收自支", location=Location(line=12))
    ]


# =============================================================================================
# Glossary

_ENTRY_2 = ("事业收入", "指事业单位开展专业业务活动及辅助活动所取得的收入。")
_ENTRY_3 = (
    "其他收入",
    "指除“一般公共预算拨款收入”、“事业收入”等以外的收入。主要是按规定动用的租房收入、存款利息收入等。",
)
_ENTRY_4 = ("基本支出", "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。")
_ENTRY_5 = ("项目支出", "指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
_ENTRY_6 = ("上缴上级支出", "指下级单位上缴上级的支出。")
_SANGONG_REST = (
    "用财政拨款安排的因公出国（境）费、公务用车购置及运维费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）"
    "的住宿费、旅费、伙食补助费、杂费、培训费等支出；公务用车购置及运维费反映单位公务用车购置费及租用费、燃料费、"
    "维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"
)
_ENTRY_8 = (
    "机关运行费",
    "是指各部门的公用经费，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、"
    "办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
)
_ENTRY_9 = ("上年结转", "指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。")
_ENTRY_10 = ("事业单位经营支出", "指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。")


def _glossary(level1: str, sangong: str, lines: list[int], page: int | None) -> list[tuple[str, str, Location]]:
    entries = [
        ("一般公共预算拨款收入", f"指{level1}财政当年拨付的资金。"),
        _ENTRY_2,
        _ENTRY_3,
        _ENTRY_4,
        _ENTRY_5,
        _ENTRY_6,
        ("“三公”经费", sangong + _SANGONG_REST),
        _ENTRY_8,
        _ENTRY_9,
        _ENTRY_10,
    ]
    return [(t, x, Location(page=page, line=n)) for (t, x), n in zip(entries, lines, strict=True)]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # 000 lines 1109-1142 (page 30), wrapped lines joined; it says 省级 for a county department.
        (
            "000",
            _glossary(
                "省级",
                "纳入省级财政预算管理的“三公”经费，是指省级部门",
                [1111, 1113, 1115, 1119, 1121, 1123, 1125, 1133, 1139, 1141],
                30,
            ),
        ),
        ("001", []),
        # 002 lines 2218-2228: 区级, but "是指省级部门" in entry 7.
        ("002", _glossary("区级", "纳入区级财政预算管理的“三公”经费，是指省级部门", list(range(2219, 2229)), None)),
        # 003 lines 2172-2182: 县级 throughout.
        ("003", _glossary("县级", "纳入县级财政预算管理的“三公”经费，是指县级部门", list(range(2173, 2183)), None)),
        # 004 lines 259-267: four entries of the older template, "主要包括：" inside entry 4.
        (
            "004",
            [
                ("一般预算收入", "县财政当年拨付的资金。", Location(line=261)),
                ("基本支出", "为保障机构正常运转，完成日常工作任务，而发生的人员支出和公用支出。", Location(line=263)),
                (
                    "项目支出",
                    "是指在基本支出之外，为完成特定行政任务和事业发展目标，而发生的支出。",
                    Location(line=265),
                ),
                (
                    "机关运行费",
                    "是指为保证单位运行，用于购买货物和服务的各项资金。"
                    "主要包括：办公费、印刷费，水费、电费、邮电费、公务车运行维护费等。",
                    Location(line=267),
                ),
            ],
        ),
    ],
)
def test_glossary_seeds(key: str, expected: list[tuple[str, str, Location]]) -> None:
    assert extract_glossary(_seed(key)) == [GlossaryEntry(term=t, text=x, location=loc) for t, x, loc in expected]


def test_glossary_pdf_wraps_page_numbers_and_colons_inside_text() -> None:
    text = (
        " 八、名词解释\n\n1、机关运行费：是指为保证单位运行，用于购买货物和服务的各项资金。主要\n\n"
        "包括：办公费、印刷费。\n\n12\n\n2、项目支出：指在基本支出之外发生的\n支出。\n"
        "上年结转：指以前年度尚未完成的资金。\n 九、其他需要说明的事项\n\n说明：无。\n"
    )
    assert extract_glossary(_pdf(text)) == [
        GlossaryEntry(
            term="机关运行费",
            text="是指为保证单位运行，用于购买货物和服务的各项资金。主要包括：办公费、印刷费。",
            location=Location(page=1, line=3),
        ),
        GlossaryEntry(term="项目支出", text="指在基本支出之外发生的支出。", location=Location(page=1, line=9)),
        GlossaryEntry(term="上年结转", text="指以前年度尚未完成的资金。", location=Location(page=1, line=11)),
    ]


def test_glossary_docx_ends_at_a_table() -> None:
    text = (
        "八、名词解释\n1、基本支出：人员支出和公用支出。\n" + _docx_rows(["项目名称", "某项目"]) + "2、不是：词条。\n"
    )
    assert extract_glossary(_docx(text)) == [
        GlossaryEntry(term="基本支出", text="人员支出和公用支出。", location=Location(line=2))
    ]


def test_glossary_absent() -> None:
    assert extract_glossary(_pdf("一、部门职责\n1、负责：会务。\n")) == []
