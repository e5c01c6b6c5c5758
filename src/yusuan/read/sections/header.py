"""The department header: code, name, level, region, budget year and unit.

The standard tables repeat a department line above their column heads:

* PDF text: ``101 乐亭县人民代表大会常务委员会 预算年度：2023 单位：万元`` (one line; the year is
  missing above some tables, e.g. ``101002乐亭县人民代表大会常务委员会 单位：万元``);
* DOCX text: one row of cells ``301唐山市丰南区人民代表大会常务委员会办公室`` / ``预算年度：2023`` /
  ``单位：万元`` (the colon is sometimes missing: ``预算年度2023``).

Code and name come from the first department line, year and unit from the first line that states
them. A package without tables (only a narrative) falls back to its title,
``乐亭县人大常委会办公室2020年部门预算公开情况说明``: name and year, no code. When the department
lines carry no year, the title's year is used if there is one.
"""

from __future__ import annotations

import re

from yusuan.domain.levels import LOCAL_LEVEL_NAMES_RE
from yusuan.model import Department, Level
from yusuan.read.sections._scan import block_text
from yusuan.read.source import Block, SourceText

#: ``606-湖州市交通运输局 单位：万元``, ``125001 西安市…``: the unit's code, a dash or not, its name up to a space
#: or the 单位/预算年度 label glued to it.
_DEPARTMENT_RE = re.compile(
    r"^(?P<code>\d{3,})\s*[-－—]?\s*(?P<name>[^\s\d\-－—]\S*?)(?=\s|(?<!金额)单位[：:]|预算年度|$)"
)
_YEAR_RE = re.compile(r"预算年度[：:]?\s*(?P<year>\d{4})")
_UNIT_RE = re.compile(r"(?<!金额)单位[：:]\s*(?P<unit>[^\s）)]+)")
_MARKER_RE = re.compile(r"预算年度|单位[：:]|截止时间")
_TITLE_RE = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分\s*)?(?P<name>[\u4e00-\u9fff（）()]+?)\s*(?P<year>\d{4})\s*年(?:度)?\s*"
    r"部门[预决]算(?:信息)?(?:公开|情况|表|$)"
)

#: Names that belong to the central government; they carry no region.
_CENTRAL_PREFIXES = ("中华人民共和国", "全国", "中共中央", "中央", "国务院")

#: Administrative divisions in the order they nest, each a name of one to six characters and its
#: suffix. ``城乡``/``城镇`` and similar words are not townships, hence the look-behind.
_REGION_RE = re.compile(
    r"^(?P<province>[^省市县区]{2,6}?省)?"
    r"(?P<city>[^省市县区]{1,6}?市)?"
    r"(?P<county>[^省市县区]{1,6}?[县区])?"
    r"(?P<township>[^省市县区乡镇和与及]{2,4}?(?<!城)[乡镇])?"
)
_LEVEL_OF_GROUP: dict[str, Level] = {"province": "省", "city": "市", "township": "乡"}


def region_of(name: str) -> tuple[Level | None, str | None]:
    """The government level and the region named at the start of a department name.

    ``乐亭县人民代表大会常务委员会`` → (县, 乐亭县); ``唐山市丰南区…`` → (区, 唐山市丰南区);
    ``河北省…`` → (省, 河北省). The level is that of the innermost division named.
    """
    if name.startswith(_CENTRAL_PREFIXES):
        return "中央", None
    match = _REGION_RE.match(name)
    if match is None or not match.group(0):
        return None, None
    region = match.group(0)
    innermost = [g for g in ("province", "city", "county", "township") if match.group(g)][-1]
    if innermost == "county":
        return ("区" if region.endswith("区") else "县"), region
    return _LEVEL_OF_GROUP[innermost], region


def _department_line(block: Block) -> tuple[str, str, int | None, str | None] | None:
    """(code, name, year, unit) when the block is a department line above a table."""
    text = block_text(block)
    match = _DEPARTMENT_RE.match(text)
    if match is None or not _MARKER_RE.search(text):
        return None
    year = _YEAR_RE.search(text)
    unit = _UNIT_RE.search(text)
    return (
        match.group("code"),
        match.group("name"),
        int(year.group("year")) if year else None,
        unit.group("unit") if unit else None,
    )


def _title(blocks: list[Block]) -> tuple[str, int] | None:
    """(name, year) from the package title, e.g. ``乐亭县人大常委会办公室2020年部门预算公开情况说明``."""
    for block in blocks:
        match = _TITLE_RE.match(block_text(block))
        if match:
            return match.group("name"), int(match.group("year"))
    return None


_LABEL_RE = re.compile(
    r"(?:预算主管部门|部门名称|编制部门|编制单位|预算单位|单位名称|^部门)[：:]\s*(?P<name>[\u4e00-\u9fff（）()]{3,40}?)"
    r"\s*(?:单位[：:]|$)"
)
_COVER_RES = (
    re.compile(rf"^(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?)(?P<year>20\d{{2}})年度?(?:{LOCAL_LEVEL_NAMES_RE})?(部门|单位)[预决]算"),
    re.compile(r"^(?P<year>20\d{2})年度?(?P<name>[\u4e00-\u9fff（）()]{2,40}?)(部门|单位)[预决]"),
)


def _cover(blocks: list[Block]) -> tuple[str | None, int | None]:
    """Real files: (name, year) from a label line (部门名称：…) or the cover title, joined over
    the first lines where the title wraps (``杭州市气象局`` / ``2026 年度部门预算``)."""
    texts = [re.sub(r"\s+", "", block_text(b)) for b in blocks[:40]]
    # a label line may stand on any page (the tables' cover after the narrative: 部门名称：…)
    labels = (re.sub(r"\s+", "", block_text(b)) for b in blocks)
    name = next((m.group("name") for t in labels if (m := _LABEL_RE.search(t))), None)
    year: int | None = None
    for i in range(min(len(texts), 8)):
        joined = "".join(texts[i : i + 3])
        for pattern in _COVER_RES:
            m = pattern.match(re.sub(r"^第[一二三四五六七八九十]+部分", "", joined))
            if m and "部分" not in m.group("name"):
                year = int(m.group("year"))
                cover_name = m.group("name")
                if not name or (cover_name.startswith(name[:2]) and len(cover_name) > len(name)):
                    name = cover_name
                return name, year
    return name, year


def extract_header(src: SourceText) -> tuple[Department, int | None, str | None]:
    """The department, the budget year and the unit of the standard tables."""
    blocks = list(src.blocks())
    lines = [found for found in map(_department_line, blocks) if found is not None]
    title = _title(blocks)
    if title is not None and "部分" in title[0]:
        title = None  # 第一部分 2026年度部门预算情况说明: a part heading, not the department
    if not lines and title is None and not src.extracted:
        cover_name, cover_year = _cover(blocks)
        if cover_name or cover_year:
            title = (cover_name or "", cover_year or 0)
    code: str | None = lines[0][0] if lines else None
    name: str | None = lines[0][1] if lines else (title[0] if title and title[0] else None)
    year = next((ln[2] for ln in lines if ln[2] is not None), title[1] if title and title[1] else None)
    unit = next((ln[3] for ln in lines if ln[3] is not None), None)
    level, region = region_of(name) if name else (None, None)
    return Department(code=code, name=name, level=level, region=region), year, unit
