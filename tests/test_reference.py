"""The classification reference (yusuan.domain.classification) against the seeds and against itself."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from yusuan.domain import classification as ref
from yusuan.domain.classification import Entry, ReferenceDataError

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SEED_FILES = {
    "000": "000_fe9a8f4955d0c21c.txt",
    "002": "002_3a347de978e48b41.txt",
    "003": "003_db72b7c1000da21e.txt",
}
#: How many distinct (code, printed name) pairs each seed's tables carry, read off the seeds by hand;
#: the parsers below must find all of them, so a parser that silently finds nothing fails.
SEED_PAIR_COUNTS = {"000": (17, 24), "002": (17, 24), "003": (18, 21)}


def _seed_text(key: str) -> str:
    path = SEEDS / SEED_FILES[key]
    if not path.exists():
        pytest.skip(f"seed documents not available: {path} is missing (../shared is not mounted)")
    return path.read_text(encoding="utf-8")


_AMOUNT = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
_PDF_ROW = re.compile(r"^\d+ (\d{3}|\d{5}|\d{7})(?: (.*))?$")


def _pairs_pdf_text(text: str) -> set[tuple[str, str]]:
    """(code, printed name) of every coded table row in PDF-extracted text (seed 000).

    A row is ``序号 code name amounts…`` on one line, or ``序号 code`` with the name wrapped over the
    following lines up to the amounts. A name cut by a page break continues on the first line after
    the repeated ``栏次`` header line.
    """
    order: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    after_header = False
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if line.startswith("栏次"):
            after_header = True
            continue
        if not line:
            continue
        if after_header and order and re.fullmatch(r"[\u4e00-\u9fff（）]+", line):
            order[-1][1].append(line)  # the tail of a name split by a page break
            after_header = False
            continue
        after_header = False
        match = _PDF_ROW.match(line)
        if not match:
            continue
        code, rest = match.group(1), (match.group(2) or "").split()
        name = [t for t in rest if not _AMOUNT.match(t)]
        if not name:  # wrapped: collect name pieces until the amounts line
            while i < len(lines) and not _AMOUNT.match(lines[i].strip().split(" ")[0] or "x"):
                name.append(lines[i].strip())
                i += 1
        order.append((code, name))
    return {(code, "".join(parts)) for code, parts in order}


def _pairs_docx_text(text: str) -> set[tuple[str, str]]:
    """(code, printed name) in DOCX-extracted text (seeds 002, 003): a code cell, then the name cell."""
    lines = text.splitlines()
    pairs = set()
    for line, following in itertools.pairwise(lines):
        code_cell, name_cell = line.removeprefix("\t"), following.removeprefix("\t")
        if re.fullmatch(r"\d{3}|\d{5}|\d{7}", code_cell) and re.fullmatch(r"[^\d]*[\u4e00-\u9fff][^\d]*", name_cell):
            pairs.add((code_cell, name_cell))
    return pairs


def _seed_pairs(key: str) -> set[tuple[str, str]]:
    text = _seed_text(key)
    return _pairs_pdf_text(text) if key == "000" else _pairs_docx_text(text)


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_every_code_printed_in_the_seeds_is_known_and_named_as_printed(key: str) -> None:
    pairs = _seed_pairs(key)
    functions = {p for p in pairs if p[0].startswith("2")}
    economics = {p for p in pairs if p[0].startswith("3")}
    assert (len({c for c, _ in functions}), len({c for c, _ in economics})) == SEED_PAIR_COUNTS[key]
    assert functions | economics == pairs
    problems = []
    for code, printed in sorted(pairs):
        kind: ref.Kind = "function" if code.startswith("2") else "economic"
        entry = ref.lookup(kind, code, 2023)
        if entry is None or ref.coverage(kind, code, 2023) != "known":
            problems.append(f"{code} {printed}: not in the reference")
        elif not ref.name_matches(entry.name, printed):
            problems.append(f"{code}: printed {printed!r}, reference {entry.name!r}")
    assert problems == []


def test_seed_000_wrapped_and_page_split_names_are_joined() -> None:
    pairs = _seed_pairs("000")
    assert ("208", "社会保障和就业支出") in pairs  # wrapped over three lines in the income table
    assert ("2080505", "机关事业单位基本养老保险缴费支出") in pairs
    assert ("2101103", "公务员医疗补助") in pairs  # "公务员医疗补" + page break + "助"
    assert ("2101103", "公务员医疗补") not in pairs


def test_hierarchy_integrity() -> None:
    for kind in ref.KINDS:
        table = {e.code: e for e in ref.entries(kind, 2023)}
        assert len(table) == len(ref.entries(kind, 2023))
        for entry in table.values():
            assert entry.code.isdigit() and len(entry.code) in (3, 5, 7)
            assert entry.level == {3: "类", 5: "款", 7: "项"}[len(entry.code)]
            assert entry.name and entry.name == entry.name.strip()
            if entry.parent_code is not None:
                assert entry.parent_code in table, f"{kind} {entry.code} has no parent"
            if entry.level == "项" or (kind == "economic" and entry.level == "款"):
                assert entry.children_complete is None
            else:
                assert entry.children_complete in (True, False)
    classes = {e.code for e in ref.entries("function") if e.level == "类"}
    assert classes == {str(c) for c in [*range(201, 218), *range(219, 225), 227, *range(229, 235)]}
    economic_classes = {e.code for e in ref.entries("economic") if e.level == "类"}
    assert economic_classes == {str(c) for c in (301, 302, 303, 307, 309, 310, 311, 312, 313, 399)}
    assert not any(e.level == "项" for e in ref.entries("economic"))
    for code in ("20101", "20805", "20806", "20807", "20808", "20899", "21011", "21013", "22102"):
        assert any(e.parent_code == code for e in ref.entries("function")), f"{code} lists no 项"


def test_common_administrative_items() -> None:
    # 行政运行 01 / 一般行政管理事务 02 / 机关服务 03 / 事业运行 50 under each administrative 201xx 款
    for entry in ref.entries("function"):
        if entry.level == "款" and entry.code.startswith("201") and entry.code not in ("20199",):
            assert ref.function(entry.code + "01") == Entry(entry.code + "01", "行政运行", "项")
            assert ref.function(entry.code + "02") == Entry(entry.code + "02", "一般行政管理事务", "项")
            assert ref.function(entry.code + "03") == Entry(entry.code + "03", "机关服务", "项")
            assert ref.function(entry.code + "50") == Entry(entry.code + "50", "事业运行", "项")
            other = ref.function(entry.code + "99")
            assert other is not None and other.name.startswith("其他")


def test_a_wrong_name_is_detected() -> None:
    entry = ref.function("2010101")
    assert entry is not None
    assert not ref.name_matches(entry.name, "一般行政管理事务")
    reception = ref.economic("30217")
    assert reception is not None and not ref.name_matches(reception.name, "公务招待费")
    medical = ref.function("2101103")
    assert medical is not None and not ref.name_matches(medical.name, "公务员医疗补")  # truncated
    assert not ref.name_matches("行政单位离退休", "行政事业单位离退休")
    # two classifications' names on one row, in either order: either part is the row's name
    assert ref.name_matches("基本工资", "工资奖金津补贴/基本工资")
    assert ref.name_matches("基本工资", "基本工资 / 工资奖金津补贴")
    assert not ref.name_matches("基本工资", "津贴补贴/工资奖金津补贴")
    assert not ref.name_matches("基本工资", "/基本工资")


def test_name_matching_tolerates_layout() -> None:
    assert ref.name_matches("维修（护）费", "维修(护)费")
    assert ref.name_matches("因公出国（境）费用", "因公出国 (境) 费用")
    assert ref.name_matches("社会保障和就业支出", "社会保障和就\n业支出")
    assert ref.name_matches("行政运行", " 行\u3000政运行\t")
    assert ref.name_matches("在乡复员、退伍军人生活补助", "在乡复员、退伍\n军人生活补助")


def test_unknown_and_outside_codes() -> None:
    assert ref.function("2010110") is None
    assert ref.coverage("function", "2010110") == "unknown"  # 20101 lists all its 项
    assert ref.coverage("function", "2210204") == "unknown"  # 22102 lists all its 项
    assert ref.coverage("function", "22104") == "unknown"  # 221 lists all its 款
    assert ref.coverage("function", "22701") == "unknown"  # 预备费 has no 款
    assert ref.coverage("function", "218") == "unknown"
    assert ref.coverage("function", "2010") == "unknown"
    assert ref.coverage("function", "20101a") == "unknown"
    assert ref.coverage("economic", "30298") == "unknown"
    assert ref.coverage("economic", "30402") == "unknown"
    assert ref.coverage("function", "2130106") == "outside"  # 21301's 项 list is partial
    assert ref.coverage("function", "20124") == "outside"  # 201's 款 list is partial
    assert ref.coverage("economic", "3021101") == "outside"  # local subdivision below the 款
    assert ref.coverage("function", "２０１０１０１") == "known"  # full-width digits
    assert ref.coverage("function", " 2010101 ") == "known"


def test_entry_equality_ignores_metadata() -> None:
    entry = ref.function("201")
    assert entry == Entry("201", "一般公共服务支出", "类")
    assert entry is not None and entry.children_complete is False


EXPECTED_SUMMARY = {
    "一、一般公共服务支出": "201", "二、外交支出": "202", "三、国防支出": "203", "四、公共安全支出": "204",
    "五、教育支出": "205", "六、科学技术支出": "206", "七、文化旅游体育与传媒支出": "207",
    "八、社会保障和就业支出": "208", "九、社会保险基金支出": "209", "十、卫生健康支出": "210",
    "十一、节能环保支出": "211", "十二、城乡社区支出": "212", "十三、农林水支出": "213",
    "十四、交通运输支出": "214", "十五、资源勘探工业信息等支出": "215", "十六、商业服务业等支出": "216",
    "十七、金融支出": "217", "十八、援助其他地区支出": "219", "十九、自然资源海洋气象等支出": "220",
    "二十、住房保障支出": "221", "二十一、粮油物资储备支出": "222", "二十二、国有资本经营预算支出": "223",
    "二十三、灾害防治及应急管理支出": "224", "二十四、预备费": "227", "二十五、其他支出": "229",
    "二十六、转移性支出": "230", "二十七、债务还本支出": "231", "二十八、债务付息支出": "232",
    "二十九、债务发行费用支出": "233", "三十、抗疫特别国债安排的支出": "234", "三十一、人行科目": None,
}  # fmt: skip


def test_summary_items_map_to_classes() -> None:
    items = ref.summary_items()
    assert [item.label for item in items] == list(EXPECTED_SUMMARY)
    for label, code in EXPECTED_SUMMARY.items():
        assert ref.summary_item_class(label) == code, label
        assert ref.summary_item_class(label.split("、", 1)[1]) == code
        if code is not None:  # each line is named after its 类
            cls = ref.function(code)
            assert cls is not None and ref.name_matches(cls.name, label.split("、", 1)[1])
    assert ref.summary_item_class("八、社会保障和就\n业支出") == "208"
    assert ref.summary_item_class("一、一般公共预算拨款收入") is None
    assert ref.summary_item_class("三十二、不存在支出") is None


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_seed_summary_tables_print_the_31_items(key: str) -> None:
    text = _seed_text(key)
    for item in ref.summary_items():
        assert item.label in text


def test_editions() -> None:
    assert ref.editions() == (2023,)
    assert ref.edition(2023) == 2023
    assert ref.edition(2020) == 2023  # before every edition: the earliest
    assert ref.edition(2026) == 2023  # after: the latest before it
    assert ref.edition() == 2023
    assert ref.function("2010101", 2019) == ref.function("2010101", 2023)


def test_chinese_numerals() -> None:
    assert [ref.chinese_numeral(n) for n in (1, 10, 11, 20, 21, 30, 31)] == [
        "一", "十", "十一", "二十", "二十一", "三十", "三十一",
    ]  # fmt: skip


def _row(code: str, name: str, level: str, children: str = "", confidence: str = "high") -> dict[str, str]:
    return {"code": code, "name": name, "level": level, "children": children, "confidence": confidence}


def test_malformed_data_is_rejected() -> None:
    good = [_row("201", "一般公共服务支出", "类", "partial"), _row("20101", "人大事务", "款", "complete")]
    assert set(ref.build_table("function", good)) == {"201", "20101"}
    bad_cases = [
        [*good, _row("2010101", "行政运行", "款")],  # wrong level
        [*good, _row("2010201", "行政运行", "项")],  # orphan 项
        [*good, _row("20101", "人大事务", "款", "complete")],  # duplicate
        [*good, _row("2010101", "行政 运行", "项")],  # whitespace in a name
        [_row("201", "一般公共服务支出", "类")],  # 类 without a children marker
        [*good, _row("2010101", "行政运行", "项", "complete")],  # leaf with a children marker
        [*good, _row("2010101", "行政运行", "项", "", "sure")],  # bad confidence
    ]
    for rows in bad_cases:
        with pytest.raises(ReferenceDataError):
            ref.build_table("function", rows)
    with pytest.raises(ReferenceDataError):
        ref.build_table("economic", [_row("302", "商品和服务支出", "类", "complete"), _row("3020101", "x", "项")])


def test_a_name_printed_beside_another_classification_and_a_slash_matches_by_either_part() -> None:
    # Some templates print the government economic class before the department item:
    # "工资奖金津补贴/基本工资" beside 30101 (基本工资).
    basic_pay = ref.economic("30101")
    assert basic_pay is not None and basic_pay.name == "基本工资"
    assert ref.name_matches(basic_pay.name, "工资奖金津补贴/基本工资")
    assert ref.name_matches(basic_pay.name, "工资奖金津补贴／基本工资")  # full-width slash
    assert not ref.name_matches(basic_pay.name, "工资奖金津补贴/津贴补贴")  # the item itself differs
    assert not ref.name_matches(basic_pay.name, "/基本工资x")
    assert not ref.name_matches(basic_pay.name, "奖金/津贴补贴")  # neither part is the item
    # Other templates print the department item first (西安: 基本工资 | 50101 工资奖金津补贴)
    assert ref.name_matches(basic_pay.name, "基本工资/工资奖金津补贴")
