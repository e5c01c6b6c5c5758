"""The 情况说明 narrative: sections, claims and staffing, on synthetic text and on the seed documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model import Claim, Location
from yusuan.read.sections.narrative import extract_narrative, extract_staffing
from yusuan.read.source import Para, SourceText, split_lines
from yusuan.read.text import decode

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

#: (subject, kind, amount as printed, unit, direction)
Row = tuple[str, str, str, str | None, str | None]

TITLE = "某某县测试局2024年部门预算信息公开情况说明"


def row(claim: Claim) -> Row:
    return (claim.subject, claim.kind, format(claim.amount, "f"), claim.unit, claim.direction)


def docx(*lines: str) -> SourceText:
    return split_lines("\n".join(lines), "docx-text")


def pdf(*lines: str) -> SourceText:
    return split_lines("\n".join(lines), "pdf-text")


def in_section(heading: str, *paras: str) -> list[Claim]:
    """Claims of paragraphs placed in one narrative section (after the title and section 一)."""
    sections = ["一、部门职责及机构设置情况", "二、部门预算安排的总体情况", "三、机关运行经费安排情况"]
    sections += ["四、财政拨款“三公”经费预算情况及增减变化原因", "五、预算绩效信息", "六、政府采购预算情况"]
    sections += ["七、国有资产信息"]
    index = [s.split("、")[0] for s in sections].index(heading)
    lines = [TITLE, *sections[: index + 1], *paras]
    return extract_narrative(docx(*lines)).claims


# --- synthetic sentences, one pattern each -------------------------------------------------------


def test_income_sentence_gives_each_source() -> None:
    claims = in_section(
        "二",
        "2024年预算收入800.50万元，其中：一般公共预算收入780.50万元，基金预算收入0.00万元，"
        "国有资本经营预算收入0万元，财政专户核拨收入20.00万元，单位资金收入0万元，其他来源收入0万元，上年结转结余0万元。",
    )
    assert [row(c) for c in claims] == [
        ("income", "amount", "800.50", "万元", None),
        ("general_income", "amount", "780.50", "万元", None),
        ("gov_fund_income", "amount", "0.00", "万元", None),
        ("state_capital_income", "amount", "0", "万元", None),
        ("special_account_income", "amount", "20.00", "万元", None),
        ("unit_funds_income", "amount", "0", "万元", None),
        ("other_income", "amount", "0", "万元", None),
        ("carryover", "amount", "0", "万元", None),
    ]
    assert {c.year for c in claims} == {2024}
    assert {c.section for c in claims} == {"二"}


def test_expenditure_sentence_and_colon_before_amount() -> None:
    claims = in_section(
        "二",
        "本年支出：300万元，人员经费150.25万元，正常公用30万元，项目支出119.75万元。",
        "2024年部门支出预算为300万元，其中基本支出180.25万元，包括人员经费150.25万元和日常公用经费30万元；项目支出119.75万元。",
    )
    assert [row(c)[:3] for c in claims] == [
        ("expenditure", "amount", "300"),
        ("personnel", "amount", "150.25"),
        ("public", "amount", "30"),
        ("project", "amount", "119.75"),
        ("expenditure", "amount", "300"),
        ("basic", "amount", "180.25"),
        ("personnel", "amount", "150.25"),
        ("public", "amount", "30"),
        ("project", "amount", "119.75"),
    ]
    assert claims[0].year is None
    assert claims[4].year == 2024


def test_prior_and_changes_in_one_sentence() -> None:
    claims = in_section(
        "二",
        "2024年部门预算较2023年预算400.00万元增长45.5万元，其中：人员经费增加50万元，主要原因是调资；项目经费减少4.5万元。",
    )
    assert [row(c) for c in claims] == [
        ("expenditure", "prior", "400.00", "万元", None),
        ("expenditure", "change", "45.5", "万元", "increase"),
        ("personnel", "change", "50", "万元", "increase"),
        ("project", "change", "4.5", "万元", "decrease"),
    ]
    assert [c.year for c in claims] == [2023, 2023, 2023, 2023]


def test_change_without_subject_refers_to_previous_figure() -> None:
    claims = in_section("二", "2024年预算收支安排700万元，较2023年预算下降12.3万元。其中：基本支出减少12.3万元。")
    assert [row(c) for c in claims] == [
        ("expenditure", "amount", "700", "万元", None),
        ("expenditure", "change", "12.3", "万元", "decrease"),
        ("basic", "change", "12.3", "万元", "decrease"),
    ]


def test_three_public_parts_keep_the_unit_as_written() -> None:
    claims = in_section(
        "四",
        "2024年，“三公”经费一般公共预算拨款20.5元，其他资金来源0万元，其中：因公出国（境）费0万元；"
        "公务用车购置及运维费12万元（其中：公务用车购置费0万元，公务用车运行维护费12万元)；公务接待费8.5万元。"
        "较上年“三公”经费预算22.5万元减少2万元，其中公务用车运行经费较上年减少2万元。",
    )
    assert [row(c) for c in claims] == [
        ("three_public", "amount", "20.5", "元", None),
        ("three_public_other_sources", "amount", "0", "万元", None),
        ("abroad", "amount", "0", "万元", None),
        ("vehicle", "amount", "12", "万元", None),
        ("vehicle_purchase", "amount", "0", "万元", None),
        ("vehicle_operation", "amount", "12", "万元", None),
        ("reception", "amount", "8.5", "万元", None),
        ("three_public", "prior", "22.5", "万元", None),
        ("three_public", "change", "2", "万元", "decrease"),
        ("vehicle_operation", "change", "2", "万元", "decrease"),
    ]
    assert claims[7].year is None  # 上年 is not a stated year


def test_flat_and_zero_change() -> None:
    claims = in_section(
        "四",
        "2024年部门“三公”经费预算安排12万元，与2023年持平。",
        "（一）公务接待费4万元，比2023年增加0万元，无增减变化；",
    )
    assert [row(c) for c in claims] == [
        ("three_public", "amount", "12", "万元", None),
        ("three_public", "change", "0", None, "flat"),
        ("reception", "amount", "4", "万元", None),
        ("reception", "change", "0", "万元", "increase"),
    ]
    assert claims[1].year == 2023


def test_itemised_projects_get_labels() -> None:
    claims = in_section(
        "二",
        "2024年支出预算100万元，其中基本支出70万元；项目支出30万元，主要为(一）培训费项目支出20.00万元。"
        "（二）信息化运维（二期）支出10.00万元。",
        "项目支出增加3万元，主要为（一）培训费项目增加3.00万元。",
    )
    items = [(c.kind, c.label, format(c.amount, "f")) for c in claims if c.subject == "project_item"]
    assert items == [
        ("amount", "培训费项目", "20.00"),
        ("amount", "信息化运维（二期）", "10.00"),
        ("change", "培训费项目", "3.00"),
    ]
    assert claims[4].sentence == "（二）信息化运维（二期）支出10.00万元。"


def test_enumerated_items_outside_a_project_list_use_the_vocabulary() -> None:
    claims = in_section("四", "（一）公务用车购置及运行费9万元，比2023年增加0万元；")
    assert [row(c)[:2] for c in claims] == [("vehicle", "amount"), ("vehicle", "change")]
    assert all(c.label is None for c in claims)


def test_section_default_subjects_and_assets() -> None:
    assert [row(c)[:3] for c in in_section("三", "2024年共计安排30.00万元，主要用于办公费等支出。")] == [
        ("operating_cost", "amount", "30.00")
    ]
    claims = in_section(
        "七",
        "本单位上年末固定资产金额为88.80万元（详见下表）。本年度拟购置固定资产总额为5.00万元，已列入政府采购预算。",
        "\t3、单价在20万元以上的设备",
        "\t2",
        "\t66.00",
    )
    assert [row(c)[:3] for c in claims] == [("fixed_assets", "amount", "88.80"), ("planned_assets", "amount", "5.00")]


def test_procurement_and_thresholds() -> None:
    claims = in_section("六", "2024年，本单位安排政府采购预算0.00万元。单价在50万元以上的设备需单独报批。")
    assert [row(c)[:3] for c in claims] == [("procurement", "amount", "0.00")]


def test_bare_number_with_a_subject_is_a_claim_without_unit() -> None:
    claims = in_section("二", "其中：基本支出减少3.25，项目支出增加6，主要原因是新增项目2个。")
    assert [row(c) for c in claims] == [
        ("basic", "change", "3.25", None, "decrease"),
        ("project", "change", "6", None, "increase"),
        ("other:主要原因是新增项目", "amount", "2", "个", None),  # a count, in its unit
    ]


def test_thousands_separator_is_dropped() -> None:
    claims = in_section("二", "本年收入1,204.50万元，其中：财政拨款收入1,204.50万元。")
    assert [row(c)[:3] for c in claims] == [("income", "amount", "1204.50"), ("fiscal_income", "amount", "1204.50")]


def test_wrapped_pdf_lines_with_inserted_spaces() -> None:
    src = pdf(
        "5 测试表 100.00 100.00",
        " 某某县测试局 2024 年部门预算信息公开情况说明",
        "一、部门职责及机构设置情况",
        "二、部门预算安排的总体情况",
        "3、比上年增减情况：2024年部门预算较 2023年预算 500.00万元增加 20.00万元，其中：人员经费增加 15.00万",
        "元，主要原因是人员调整；项目经费减少 5.00万元，主要原因是压",
        " 减支出。",
        "三、机关运行经费安排情况",
    )
    narrative = extract_narrative(src)
    assert [row(c) for c in narrative.claims] == [
        ("expenditure", "prior", "500.00", "万元", None),
        ("expenditure", "change", "20.00", "万元", "increase"),
        ("personnel", "change", "15.00", "万元", "increase"),
        ("project", "change", "5.00", "万元", "decrease"),
    ]
    sentence = narrative.claims[0].sentence
    assert sentence == (
        "3、比上年增减情况：2024年部门预算较2023年预算500.00万元增加20.00万元，其中：人员经费增加15.00万元，"
        "主要原因是人员调整；项目经费减少5.00万元，主要原因是压减支出。"
    )
    assert narrative.claims[0].location.line == 5
    assert narrative.claims[0].location.page == 2
    assert [s.number for s in narrative.sections] == ["一", "二", "三"]


def test_pdf_sentence_location_is_where_it_starts() -> None:
    src = pdf(
        TITLE,
        "一、部门职责及机构设置情况",
        "二、部门预算安排的总体情况",
        "1、收支情况：本年收入 618.00万元，其中：财政拨款收入 618.00万元。本年支出：618.00万元，",
        "人员经费 500.00万元。",
    )
    claims = extract_narrative(src).claims
    assert [(c.subject, c.location.line) for c in claims] == [
        ("income", 4),
        ("fiscal_income", 4),
        ("expenditure", 4),
        ("personnel", 4),
    ]
    assert claims[3].sentence == "本年支出：618.00万元，人员经费500.00万元。"


def test_sections_skip_tables_performance_items_and_glossary() -> None:
    src = docx(
        "一、一般公共预算拨款收入",  # a table-ish line before the narrative title: not a section
        "本年收入合计 999万元",
        TITLE,
        "一、部门概况",
        "（一）主要职责",
        "二、2024年度部门预算情况说明",
        "本年收入100万元。",
        "三、绩效预算情况",
        "一、坚持依法监督，提升监督实效",
        "会议费不超过25万元。",
        "四、国有资产情况：本年度无计划新增资产。",
        "五、名词解释",
        "1、机关运行费：单价10万元以上的资产除外。",
        "六、其他需要说明的事项",
    )
    narrative = extract_narrative(src)
    assert [(s.number, s.title) for s in narrative.sections] == [
        ("一", "部门概况"),
        ("二", "2024年度部门预算情况说明"),
        ("三", "绩效预算情况"),
        ("四", "国有资产情况"),
        ("五", "名词解释"),
        ("六", "其他需要说明的事项"),
    ]
    assert [row(c)[:3] for c in narrative.claims] == [("income", "amount", "100")]


def test_docx_table_cells_in_a_section_are_not_claims() -> None:
    claims = in_section("二", "\t项目支出", "\t12.00万元", "", "项目支出12.00万元。")
    assert [row(c)[:3] for c in claims] == [("project", "amount", "12.00")]


def test_no_narrative_without_title_or_first_section() -> None:
    src = pdf("一、总体绩效目标", "2023年预算收入100万元。", "二、分项绩效目标")
    narrative = extract_narrative(src)
    assert narrative.sections == []
    assert narrative.claims == []


def test_staffing_sentence() -> None:
    src = docx(TITLE, "一、部门概况", "2、人员构成情况：机关共有30人，其中：在职人员18人，离退休人员12人。")
    staffing = extract_staffing(src)
    assert staffing is not None
    assert (staffing.total, staffing.active, staffing.retired) == (30, 18, 12)
    assert staffing.location.line == 3
    assert extract_staffing(docx(TITLE, "一、部门概况", "负责会务工作。")) is None


# --- the seed documents ---------------------------------------------------------------------------


def seed(prefix: str) -> SourceText:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not available at {SEEDS}")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return split_lines(decode(path.read_bytes()))


STANDARD_TITLES = [
    ("一", "部门职责及机构设置情况"),
    ("二", "部门预算安排的总体情况"),
    ("三", "机关运行经费安排情况"),
    ("四", "财政拨款“三公”经费预算情况及增减变化原因"),
    ("五", "预算绩效信息"),
    ("六", "政府采购预算情况"),
    ("七", "国有资产信息"),
    ("八", "名词解释"),
    ("九", "其他需要说明的事项"),
]

# Every expected claim below was checked by reading the seed text itself (sections 二, 三, 四, 六, 七
# of each 情况说明), not copied from the extractor's output.

SEED_000: list[Row] = [
    ("income", "amount", "618.63", "万元", None),
    ("fiscal_income", "amount", "618.63", "万元", None),
    ("other_income", "amount", "0", "万元", None),
    ("expenditure", "amount", "618.63", "万元", None),
    ("personnel", "amount", "478.63", "万元", None),
    ("public", "amount", "62.5", "万元", None),
    ("project", "amount", "77.5", "万元", None),
    ("expenditure", "amount", "618.63", "万元", None),
    ("basic", "amount", "618.63", "万元", None),
    ("personnel", "amount", "478.63", "万元", None),
    ("public", "amount", "62.5", "万元", None),
    ("project", "amount", "77.5", "万元", None),
    ("expenditure", "prior", "510.18", "万元", None),
    ("expenditure", "change", "108.45", "万元", "increase"),
    ("personnel", "change", "140.86", "万元", "increase"),
    ("staff", "amount", "4", "人", None),  # 新增4人事业编制人员
    ("project", "change", "10.5", "万元", "decrease"),
    ("operating_cost", "amount", "62.5", "万元", None),
    ("three_public", "amount", "31.49", "元", None),  # printed 元 where 万元 is meant
    ("three_public_other_sources", "amount", "0", "万元", None),
    ("reception", "amount", "16.35", "万元", None),
    ("vehicle_operation", "amount", "15.14", "万元", None),
    ("three_public", "prior", "32.55", "万元", None),
    ("three_public", "change", "1.06", "万元", "decrease"),
    ("vehicle_operation", "change", "1.06", "万元", "decrease"),
    ("other:对教育、水利、司法、人力资源和社会保障等", "amount", "4", "个", None),  # 4个政府组成部门
    ("procurement", "amount", "0.00", "万元", None),
    ("fixed_assets", "amount", "241.76", "万元", None),
    ("planned_assets", "amount", "10.00", "万元", None),
]

SEED_002: list[Row] = [
    ("income", "amount", "1043.55", "万元", None),
    ("general_income", "amount", "1043.55", "万元", None),
    ("gov_fund_income", "amount", "0.00", "万元", None),
    ("state_capital_income", "amount", "0.00", "万元", None),
    ("special_account_income", "amount", "0.00", "万元", None),
    ("unit_funds_income", "amount", "0.00", "万元", None),
    ("carryover", "amount", "0.00", "万元", None),
    ("expenditure", "amount", "1043.55", "万元", None),
    ("basic", "amount", "815.5", "万元", None),
    ("personnel", "amount", "718.09", "万元", None),
    ("public", "amount", "97.41", "万元", None),
    ("project", "amount", "228.05", "万元", None),
    ("project_item", "amount", "60.00", "万元", None),
    ("project_item", "amount", "2.33", "万元", None),
    ("project_item", "amount", "9.12", "万元", None),
    ("project_item", "amount", "5.60", "万元", None),
    ("project_item", "amount", "25.00", "万元", None),
    ("project_item", "amount", "20.00", "万元", None),
    ("project_item", "amount", "88.00", "万元", None),
    ("project_item", "amount", "18.00", "万元", None),
    ("expenditure", "amount", "1043.55", "万元", None),
    ("expenditure", "change", "195.82", "万元", "increase"),
    ("basic", "change", "178.77", "万元", "increase"),
    ("personnel", "change", "173.11", "万元", "increase"),
    ("public", "change", "5.66", "万元", "increase"),
    ("project", "change", "17.05", "万元", "increase"),
    ("project_item", "change", "5.60", "万元", "increase"),
    ("project_item", "change", "9.12", "万元", "increase"),
    ("project_item", "change", "2.33", "万元", "increase"),
    ("operating_cost", "amount", "97.41", "万元", None),
    ("three_public", "amount", "48", "万元", None),
    ("three_public", "change", "0", None, "flat"),
    ("vehicle", "amount", "38", "万元", None),
    ("vehicle", "change", "0", "万元", "increase"),
    ("reception", "amount", "10", "万元", None),
    ("reception", "change", "0", "万元", "increase"),
    ("abroad", "amount", "0", "万元", None),
    ("abroad", "change", "0", "万元", "increase"),
    ("procurement", "amount", "0.00", "万元", None),
    ("fixed_assets", "amount", "42.30", "万元", None),
    ("planned_assets", "amount", "18.00", "万元", None),
]

SEED_002_LABELS = [
    "会议费项目",
    "就业见习补贴项目",
    "就业生活补贴（区级垫付）",
    "劳务外包经费项目",
    "区代表活动经费项目",
    "人大代表之家（联络站）运行经费项目",
    "业务工作经费项目",
    "公务车购置项目",
    "劳务外包经费项目",
    "就业生活补贴",
    "就业见习补贴",
]

SEED_003: list[Row] = [
    ("income", "amount", "593.58", "万元", None),
    ("general_income", "amount", "593.58", "万元", None),
    ("gov_fund_income", "amount", "0", "万元", None),
    ("special_account_income", "amount", "0", "万元", None),
    ("other_income", "amount", "0", "万元", None),
    ("carryover", "amount", "0", "万元", None),
    ("expenditure", "amount", "593.58", "万元", None),
    ("basic", "amount", "430.58", "万元", None),
    ("personnel", "amount", "405.07", "万元", None),
    ("public", "amount", "25.51", "万元", None),
    ("project", "amount", "163", "万元", None),
    ("expenditure", "amount", "593.58", "万元", None),
    ("expenditure", "change", "2.75", "万元", "increase"),
    ("basic", "change", "3.25", "万元", "decrease"),
    ("project", "change", "6", "万元", "increase"),
    ("operating_cost", "amount", "25.51", "万元", None),
    ("three_public", "amount", "8.3", "万元", None),
    ("abroad", "amount", "0", "万元", None),
    ("vehicle", "amount", "6.8", "万元", None),
    ("vehicle_purchase", "amount", "0", "万元", None),
    ("vehicle_operation", "amount", "6.8", "万元", None),
    ("reception", "amount", "1.5", "万元", None),
    ("three_public", "change", "4.7", "万元", "decrease"),
    ("procurement", "amount", "0.00", "万元", None),
    ("fixed_assets", "amount", "155.59", "万元", None),
    ("planned_assets", "amount", "15.00", "万元", None),
]

SEED_004: list[Row] = [
    ("vehicles", "amount", "5", "辆", None),  # 共有机动车5辆 (the staff numbers before it are the Staffing record's)
    ("income", "amount", "454.19", "万元", None),
    ("fiscal_income", "amount", "454.19", "万元", None),
    ("other_income", "amount", "0", "万元", None),
    ("expenditure", "amount", "454.19", "万元", None),
    ("personnel", "amount", "294.65", "万元", None),
    ("public", "amount", "76.54", "万元", None),
    ("project", "amount", "83", "万元", None),
    ("expenditure", "amount", "454.19", "万元", None),
    ("basic", "amount", "371.19", "万元", None),
    ("personnel", "amount", "294.65", "万元", None),
    ("public", "amount", "76.54", "万元", None),
    ("project", "amount", "83", "万元", None),
    ("expenditure", "prior", "420.38", "万元", None),
    ("expenditure", "change", "33.81", "万元", "increase"),
    ("personnel", "change", "30.53", "万元", "increase"),
    ("operating_cost", "amount", "76.54", "万元", None),
    ("three_public", "amount", "28.55", "元", None),  # printed 元 where 万元 is meant
    ("three_public_other_sources", "amount", "0", "万元", None),
    ("reception", "amount", "12.35", "万元", None),
    ("vehicle_operation", "amount", "16.20", "万元", None),
    ("three_public", "prior", "31.55", "万元", None),
    ("three_public", "change", "3", "万元", "decrease"),
    ("vehicle_operation", "change", "1", "万元", "decrease"),
    ("reception", "change", "2", "万元", "decrease"),
    ("fixed_assets", "amount", "172.2", "万元", None),
]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("000", SEED_000), ("002", SEED_002), ("003", SEED_003), ("004", SEED_004)],
)
def test_seed_claims(prefix: str, expected: list[Row]) -> None:
    claims = extract_narrative(seed(prefix)).claims
    assert [row(c) for c in claims] == expected
    assert all(isinstance(c.amount, Decimal) for c in claims)
    assert all(" " not in c.sentence and c.location.line for c in claims)


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_seed_standard_sections(prefix: str) -> None:
    sections = extract_narrative(seed(prefix)).sections
    assert [(s.number, s.title) for s in sections] == STANDARD_TITLES


def test_seed_000_details() -> None:
    narrative = extract_narrative(seed("000"))
    by_amount = {(c.subject, c.kind, format(c.amount, "f")): c for c in narrative.claims}
    prior = by_amount[("expenditure", "prior", "510.18")]
    assert (prior.year, prior.section) == (2022, "二")
    assert prior.sentence.startswith(
        "3、比上年增减情况：2023年部门预算较2022年预算510.18万元增加108.45万元，其中：人员经费增加140.86万元，"
    )
    assert prior.location.line == 627
    planned = by_amount[("planned_assets", "amount", "10.00")]
    assert planned.sentence == "本年度拟购置固定资产总额为10.00万元，已按要求列入政府采购预算，详见政府采购预算表。"
    assert planned.section == "七"
    assert narrative.sections[5].location.line == 1012
    assert extract_staffing(seed("000")) is None


def test_seed_001_has_no_narrative() -> None:
    narrative = extract_narrative(seed("001"))
    assert narrative.sections == []
    assert narrative.claims == []


def test_seed_002_labels_and_flat() -> None:
    claims = extract_narrative(seed("002")).claims
    assert [c.label for c in claims if c.subject == "project_item"] == SEED_002_LABELS
    flat = next(c for c in claims if c.direction == "flat")
    assert (flat.year, flat.section) == (2022, "四")
    assert flat.sentence == "2023年部门“三公”经费预算安排48万元，与2022年持平。"


def test_seed_004_sections_and_staffing() -> None:
    src = seed("004")
    sections = extract_narrative(src).sections
    assert [(s.number, s.title) for s in sections] == [
        ("一", "部门概况"),
        ("二", "2020年度部门预算情况说明"),
        ("三", "机关运行经费安排情况"),
        ("四", "“三公”经费预算情况"),
        ("五", "绩效预算情况"),
        ("六", "政府采购预算"),
        ("七", "国有资产情况"),
        ("八", "名词解释"),
        ("九", "项目绩效申报情况"),
        ("十", "其他需要说明的事项"),
    ]
    staffing = extract_staffing(src)
    assert staffing is not None
    assert (staffing.total, staffing.active, staffing.retired) == (64, 22, 42)
    assert staffing.sentence == "2、人员构成情况：人大机关共有64人，其中：在职人员22人，离退休人员42人。"


def test_a_table_of_contents_before_the_text_does_not_swallow_the_sections() -> None:
    """A 目录 listing the headings (一、… 十三、…) before the text: the headings restart at the text's own
    一、, whose paragraphs then state claims (they used to fall under the contents' last heading, 绩效)."""
    lines = [
        "2026年度部门预算情况说明",
        "目 录",
        "一、部门情况说明",
        "二、收入预算情况说明",
        "三、部门整体支出绩效目标表",
        "一、部门情况说明",
        "本部门共有人员10人。",
        "二、收入预算情况说明",
        "2026年收入预算1,234.56万元，比上年增加34.56万元。",
    ]
    src = SourceText.from_blocks("pdf", [Para(text, Location(page=n + 1, line=n + 1)) for n, text in enumerate(lines)])
    narrative = extract_narrative(src)
    assert [(s.number, s.title) for s in narrative.sections] == [("一", "部门情况说明"), ("二", "收入预算情况说明")]
    amounts = {(c.subject, c.kind, c.amount) for c in narrative.claims}
    assert ("income", "amount", Decimal("1234.56")) in amounts
    assert any(c.kind == "change" and c.amount == Decimal("34.56") for c in narrative.claims)


# --- other templates' sentences (issue 12): percentages, shares, counts, both totals, split numbers ----------


def test_percentage_change_and_share_are_read_as_printed() -> None:
    claims = in_section(
        "二",
        "2026年收入预算5,876.67万元，比上年执行数增加48.92万元，增长0.8%，与上年基本持平。"
        "其中：一般公共预算拨款收入5,753.07万元，占97.9%；其他收入123.61万元，占2.1%。",
    )
    assert [row(c) for c in claims] == [
        ("income", "amount", "5876.67", "万元", None),
        ("income", "change", "48.92", "万元", "increase"),
        ("income", "pct_change", "0.8", "%", "increase"),  # 基本持平 after a stated change adds nothing
        ("general_income", "amount", "5753.07", "万元", None),
        ("general_income", "share", "97.9", "%", None),
        ("other_income", "amount", "123.61", "万元", None),
        ("other_income", "share", "2.1", "%", None),
    ]


def test_share_names_its_whole_and_a_one_number_total_is_both() -> None:
    claims = in_section("二", "基本支出预算19170.50万元，占本年支出预算63.99%。2026年收支总预算50,616.94万元。")
    assert [(c.subject, c.kind, format(c.amount, "f"), c.whole) for c in claims] == [
        ("basic", "amount", "19170.50", None),
        ("basic", "share", "63.99", "expenditure"),
        ("income", "amount", "50616.94", None),
        ("expenditure", "amount", "50616.94", None),
    ]


def test_flat_phrases_counts_classes_and_codes() -> None:
    claims = in_section(
        "二",
        "7.教育支出（类）进修及培训（款）培训支出（项）2026年预算数为118.01万元，与2025年执行数相同。",
        "其他社会保障和就业支出（2089999）6.58万元。截至2025年底共有车辆37台，单位价值100万元以上的设备7台（套）。",
        "按支出功能分类，包括科学技术支出28.00万元。",
    )
    assert [row(c) for c in claims] == [
        ("code:2050803", "amount", "118.01", "万元", None),
        ("code:2050803", "change", "0", None, "flat"),
        ("code:2089999", "amount", "6.58", "万元", None),
        ("vehicles", "amount", "37", "台", None),  # 100万元以上 is a threshold, not a figure
        ("equipment_large", "amount", "7", "台（套）", None),
        ("class:206", "amount", "28.00", "万元", None),
    ]
    assert claims[3].year == 2025


def test_a_number_split_over_lines() -> None:
    lines = [TITLE, "一、部门职责及机构设置情况", "二、部门预算安排的总体情况"]
    lines += ["（一）收入预算：2026年年初预算数14,770", ".62万元，其中：一般公共预算拨款12,672.73万元。"]
    narrative = extract_narrative(pdf(*lines))
    assert [row(c) for c in narrative.claims] == [
        ("income", "amount", "14770.62", "万元", None),
        ("general_income", "amount", "12672.73", "万元", None),
    ]
