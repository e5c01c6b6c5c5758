"""Department identity across years and renames.

乐亭县人大常委会办公室 (2020) and 乐亭县人民代表大会常务委员会 (2023) are one department: names are
normalised (full-width forms folded, the region dropped, the long forms of common organ names
shortened, 办公室/机关 suffixes set aside only where they do not distinguish units) and matched within
a region. Markers that do distinguish packages stay in the key: 本级 and 汇总 (a 本级 package covers
the office alone, a 汇总 one the whole system), and 部门 and 单位 (a department's package and one of
its units'). Department codes tell 部门 from 单位 too: a department has a three-digit code (``101``),
its units longer ones (``101001``); codes of the same kind may change between years.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

#: Long forms and their short forms, applied in order (after the region is dropped).
_SHORT_FORMS: tuple[tuple[str, str], ...] = (
    ("中国人民政治协商会议", "政协"),
    ("政治协商会议", "政协"),
    ("政协委员会", "政协"),
    ("中国共产党", "中共"),
    ("中共委员会", "中共委"),
    ("人民代表大会常务委员会", "人大常委会"),
    ("人大常务委员会", "人大常委会"),
    ("人民代表大会", "人大"),
    ("人民政府", "政府"),
    ("人民法院", "法院"),
    ("人民检察院", "检察院"),
    ("发展和改革", "发展改革"),
    ("人力资源和社会保障", "人力资源社会保障"),
    ("住房和城乡建设", "住房城乡建设"),
    ("自然资源和规划", "自然资源规划"),
    ("文化广电和旅游", "文化广电旅游"),
    ("工业和信息化", "工业信息化"),
)
#: Suffixes that name the same organ: 人大常委会办公室 is the 人大常委会's budget unit.
_NEUTRAL_SUFFIXES = ("办公室", "办公厅", "机关")
#: Markers that distinguish packages, in the order they appear in the key.
_MARKERS = ("部门", "单位", "本级", "汇总")
_BRACKETED_MARKER = re.compile(r"\((部门|单位|本级|汇总)\)$")
_BARE_MARKER = re.compile(r"(本级|汇总)$")
_BARE_BEFORE_MARKER = re.compile(r"(部门|单位)$")

Tier = Literal["部门", "单位"]


def fold(text: str) -> str:
    """Full-width forms folded (NFKC), whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def shorten(text: str) -> str:
    """``fold`` and the long forms of organ names shortened: 人民代表大会常务委员会 → 人大常委会."""
    text = fold(text)
    for long, short in _SHORT_FORMS:
        text = text.replace(long, short)
    return text


def _markers(text: str) -> tuple[str, set[str]]:
    """The name without its trailing distinguishing markers, and the markers."""
    found: set[str] = set()
    while True:
        match = _BRACKETED_MARKER.search(text) or _BARE_MARKER.search(text)
        if match is None or match.start() == 0:
            break
        found.add(match.group(1))
        text = text[: match.start()]
        # 单位本级 / 部门汇总: the word before a bare marker belongs to it.
        if not match.group(0).startswith("("):
            before = _BARE_BEFORE_MARKER.search(text)
            if before is not None and before.start() > 1:
                found.add(before.group(1))
                text = text[: before.start()]
    return text, found


def normalize(name: str, region: str | None = None) -> str:
    """The matching key of a department name within its region.

    ``乐亭县人大常委会办公室`` and ``乐亭县人民代表大会常务委员会`` (region 乐亭县) both give ``人大常委会``;
    ``某局（本级）`` gives ``局#本级``-style keys that never equal the plain or 汇总 ones.
    """
    text = fold(name)
    if region:
        region = fold(region)
        position = text.find(region)
        if 0 <= position <= 12 and len(text) > len(region):
            text = text[:position] + text[position + len(region) :]
    text, markers = _markers(text)
    for long, short in _SHORT_FORMS:
        text = text.replace(long, short)
    for suffix in _NEUTRAL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    distinct = "".join(m for m in _MARKERS if m in markers)
    return text + (f"#{distinct}" if distinct else "")


def code_tier(code: str | None) -> Tier | None:
    """部门 for a three-digit department code, 单位 for a longer unit code, None when unknown."""
    if not code:
        return None
    digits = fold(code)
    return "部门" if len(digits) <= 3 else "单位"


def codes_compatible(code: str | None, known: set[str] | list[str] | tuple[str, ...]) -> bool:
    """Whether a package with ``code`` can belong to a department known under the codes ``known``.

    An unknown code matches anything; otherwise the department must not be known only under codes
    of the other kind (a 部门 package never joins a 单位, nor the reverse).
    """
    tier = code_tier(code)
    tiers = {t for t in map(code_tier, known) if t is not None}
    return tier is None or not tiers or tier in tiers
