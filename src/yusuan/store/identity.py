"""Department identity across years and renames.

乐亭县人大常委会办公室 (2020) and 乐亭县人民代表大会常务委员会 (2023) are one department: names are
normalised (region prefix dropped, the long forms of common organ names shortened, 办公室/机关 and
本级 suffixes set aside only where they do not distinguish units) and matched within a region. 本级
and 汇总 stay distinct (a 本级 package covers the office alone, a 汇总 one the whole system), and so do
部门 and 单位 packages.
"""

from __future__ import annotations

import re

#: Long forms and their short forms, applied in order.
_SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("人民代表大会常务委员会", "人大常委会"),
    ("人民代表大会", "人大"),
    ("中国人民政治协商会议", "政协"),
    ("政治协商会议", "政协"),
    ("人民政府", "政府"),
    ("人民法院", "法院"),
    ("人民检察院", "检察院"),
)
_NEUTRAL_SUFFIXES = ("办公室", "机关", "办公厅")
_DISTINCT_SUFFIXES = ("本级", "汇总", "（本级）", "（汇总）", "(本级)", "(汇总)")


def normalize(name: str, region: str | None = None) -> str:
    """The matching key of a department name: no region prefix, short forms, no neutral suffix."""
    text = re.sub(r"\s+", "", name)
    if region and text.startswith(region):
        text = text[len(region) :]
    for long, short in _SHORT_FORMS:
        text = text.replace(long, short)
    distinct = ""
    for suffix in _DISTINCT_SUFFIXES:
        if text.endswith(suffix):
            text, distinct = text[: -len(suffix)], suffix.strip("（）()")
            break
    for suffix in _NEUTRAL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text + (f"#{distinct}" if distinct else "")
