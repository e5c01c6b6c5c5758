"""Reference lists of the official classification codes (政府收支分类科目, Ministry of Finance).

Two classifications are covered, one data file per classification and edition under
``yusuan/data/classification/``:

* ``function-<edition>.csv``: 支出功能分类科目, 类 (3 digits) / 款 (5) / 项 (7);
* ``economic-dept-<edition>.csv``: 部门预算支出经济分类科目, 类 (3) / 款 (5).

Columns: ``code,name,level,children,confidence``. ``children`` is set on 类 and 款 rows:
``complete`` when every child of that code in the edition is listed, ``partial`` when only some are.
A code that is not listed is therefore either ``"unknown"`` (its nearest listed ancestor has a
complete child list, so the code does not exist in that edition) or ``"outside"`` (the reference does
not say). ``confidence`` records how sure the author of the list is of the row (high/medium/low).

Also here: the 31 expenditure items of the Hebei 部门预算收支总表 and the 类 each one stands for.
See ``docs/classification.md`` for the editions, the sources and how to add an edition.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal, cast

from yusuan.errors import YusuanError

Kind = Literal["function", "economic"]
Level = Literal["类", "款", "项"]
Coverage = Literal["known", "outside", "unknown"]
Confidence = Literal["high", "medium", "low"]

KINDS: tuple[Kind, ...] = ("function", "economic")
_FILE_STEM: dict[Kind, str] = {"function": "function", "economic": "economic-dept"}
#: Deepest level each classification defines nationally; deeper codes are local extensions.
_DEPTH: dict[Kind, int] = {"function": 7, "economic": 5}
_LEVEL_BY_LENGTH: dict[int, Level] = {3: "类", 5: "款", 7: "项"}
_CONFIDENCE: frozenset[str] = frozenset({"high", "medium", "low"})
_SUMMARY_FILE = "summary-items-hebei-2023.csv"
_EDITION_RE = re.compile(r"^function-(\d{4})\.csv$")


class ReferenceDataError(YusuanError, ValueError):
    """A classification data file is malformed (a packaging or editing mistake, not a user error)."""

    default_code = "reference.malformed"


@dataclass(frozen=True)
class Entry:
    """One code of a classification edition; equality compares code, name and level only."""

    code: str
    name: str
    level: Level
    #: For 类/款 rows: True when every child is listed, False when only some; None for leaf rows.
    children_complete: bool | None = field(default=None, compare=False)
    confidence: Confidence = field(default="high", compare=False)

    @property
    def parent_code(self) -> str | None:
        return {3: None, 5: self.code[:3], 7: self.code[:5]}[len(self.code)]


@dataclass(frozen=True)
class SummaryItem:
    """One numbered expenditure line of the Hebei 部门预算收支总表 (一、… 三十一、)."""

    position: int
    name: str
    #: The 类 code the line totals, or None (三十一、人行科目 has no 类).
    class_code: str | None

    @property
    def label(self) -> str:
        return f"{chinese_numeral(self.position)}、{self.name}"


def _data_dir() -> Traversable:
    return resources.files("yusuan").joinpath("data").joinpath("classification")


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = _data_dir().joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def editions() -> tuple[int, ...]:
    """Edition years for which both classifications are shipped, ascending."""
    names = {item.name for item in _data_dir().iterdir()}
    found = []
    for name in names:
        match = _EDITION_RE.match(name)
        if match and f"{_FILE_STEM['economic']}-{match.group(1)}.csv" in names:
            found.append(int(match.group(1)))
    if not found:
        raise ReferenceDataError("no classification edition is packaged under yusuan/data/classification")
    return tuple(sorted(found))


def edition(year: int | None = None) -> int:
    """The edition that serves a budget year.

    The edition of that year when it is shipped; otherwise the latest edition before the year, and for
    a year before every edition the earliest one (the nearest available). ``None`` means the latest.
    Only 2023 is shipped so far, so every year is served by 2023.
    """
    shipped = editions()
    if year is None:
        return shipped[-1]
    earlier = [e for e in shipped if e <= year]
    return earlier[-1] if earlier else shipped[0]


@cache
def _table(kind: Kind, ed: int) -> Mapping[str, Entry]:
    filename = f"{_FILE_STEM[kind]}-{ed}.csv"
    return build_table(kind, _read_csv(filename), filename)


def build_table(kind: Kind, rows: list[dict[str, str]], filename: str = "<rows>") -> dict[str, Entry]:
    """Validate data-file rows and index them by code; raises ReferenceDataError on any defect."""
    table: dict[str, Entry] = {}
    for lineno, row in enumerate(rows, start=2):
        where = f"{filename} line {lineno}"
        code, name, level = row["code"].strip(), row["name"].strip(), row["level"].strip()
        children, confidence = row["children"].strip(), row["confidence"].strip()
        if not code.isdigit() or len(code) not in _LEVEL_BY_LENGTH or len(code) > _DEPTH[kind]:
            raise ReferenceDataError(f"{where}: bad code {code!r}")
        if level != _LEVEL_BY_LENGTH[len(code)]:
            raise ReferenceDataError(f"{where}: level {level!r} does not fit code {code}")
        if not name or any(ch.isspace() for ch in name):
            raise ReferenceDataError(f"{where}: bad name {name!r}")
        is_leaf = len(code) == _DEPTH[kind]
        if (is_leaf and children) or (not is_leaf and children not in ("complete", "partial")):
            raise ReferenceDataError(f"{where}: bad children marker {children!r}")
        if confidence not in _CONFIDENCE:
            raise ReferenceDataError(f"{where}: bad confidence {confidence!r}")
        if code in table:
            raise ReferenceDataError(f"{where}: duplicate code {code}")
        entry = Entry(
            code=code,
            name=name,
            level=_LEVEL_BY_LENGTH[len(code)],
            children_complete=None if is_leaf else children == "complete",
            confidence=cast(Confidence, confidence),
        )
        if entry.parent_code is not None and entry.parent_code not in table:
            raise ReferenceDataError(f"{where}: parent {entry.parent_code} of {code} is not listed before it")
        table[code] = entry
    return table


def normalize_code(code: str) -> str:
    """A printed code with full-width digits and stray whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", code).split())


def entries(kind: Kind, year: int | None = None) -> tuple[Entry, ...]:
    """Every listed entry of a classification, in file order (parents before children)."""
    return tuple(_table(kind, edition(year)).values())


def lookup(kind: Kind, code: str, year: int | None = None) -> Entry | None:
    return _table(kind, edition(year)).get(normalize_code(code))


def function(code: str, year: int | None = None) -> Entry | None:
    """The 支出功能分类 entry for a code (类/款/项), or None when the reference does not list it."""
    return lookup("function", code, year)


@cache
def function_children(parent: str) -> tuple[Entry, ...]:
    """The 支出功能分类 entries one level below ``parent`` (its 款, or its 项); ``""`` gives the 类."""
    return tuple(e for e in entries("function") if len(e.code) == len(parent) + (3 if not parent else 2)
                 and e.code.startswith(parent))  # fmt: skip


def economic(code: str, year: int | None = None) -> Entry | None:
    """The 部门预算支出经济分类 entry for a code (类/款), or None when the reference does not list it."""
    return lookup("economic", code, year)


def coverage(kind: Kind, code: str, year: int | None = None) -> Coverage:
    """Whether the reference can judge a code.

    ``"known"``: listed. ``"unknown"``: not a code of this edition (malformed, or its nearest listed
    ancestor lists all its children). ``"outside"``: not listed, but the reference cannot say it is wrong
    (the ancestor's child list is partial, or the code is a local subdivision below the national depth,
    e.g. a 7-digit economic code).
    """
    table = _table(kind, edition(year))
    c = normalize_code(code)
    if not c.isdigit() or len(c) not in _LEVEL_BY_LENGTH:
        return "unknown"
    if c in table:
        return "known"
    for prefix_len in (5, 3):
        if prefix_len >= len(c):
            continue
        ancestor = table.get(c[:prefix_len])
        if ancestor is None:
            continue
        if ancestor.children_complete is None:  # a leaf of the national classification
            return "outside"
        return "unknown" if ancestor.children_complete else "outside"
    return "unknown"  # every 类 of both classifications is listed


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "(", "〕": ")", "【": "[", "】": "]"})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def canonical_name(name: str) -> str:
    """A name reduced for comparison: NFKC (full-width brackets become ASCII), one quote and bracket
    style, no whitespace at all (wrapped names were split by line breaks or spaces)."""
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).translate(_INVISIBLE)
    return "".join(text.split())


def name_matches(reference_name: str, printed_name: str) -> bool:
    """True when a printed name is the reference name, up to whitespace, line wraps and the
    full-/half-width form of brackets and punctuation. A row printed with the names of two
    classifications joined by a slash (``工资奖金津补贴/基本工资``: government economic class, then
    department item; or the other way round) matches by either part; a name printed without its closing
    支出 (科学技术 for 科学技术支出) matches. Any other truncated or reworded name does not match."""
    reference = canonical_name(reference_name)
    printed = canonical_name(printed_name)
    if printed == reference or printed + "支出" == reference:  # 科学技术 for 科学技术支出 (older templates)
        return True
    parts = printed.split("/")
    return len(parts) > 1 and all(parts) and reference in parts


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (1 ≤ n ≤ 99), as the summary table numbers its lines."""
    if not 1 <= n <= 99:
        raise ValueError(f"numeral out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


@cache
def summary_items() -> tuple[SummaryItem, ...]:
    """The 31 expenditure lines of the Hebei 2023 部门预算收支总表, in order."""
    items = tuple(
        SummaryItem(position=int(row["position"]), name=row["item"].strip(), class_code=row["class"].strip() or None)
        for row in _read_csv(_SUMMARY_FILE)
    )
    if [item.position for item in items] != list(range(1, len(items) + 1)):
        raise ReferenceDataError(f"{_SUMMARY_FILE}: positions are not 1..{len(items)}")
    return items


_NUMBERING_RE = re.compile(r"^([一二三四五六七八九十]+|\d{1,2})[、.,，]|^[（(]([一二三四五六七八九十]+|\d{1,2})[)）]")


@cache
def _summary_by_name() -> dict[str, SummaryItem]:
    return {canonical_name(item.name): item for item in summary_items()}


def summary_item_class(item_name: str) -> str | None:
    """The 类 code of a summary expenditure line, by its name, with or without its numbering
    ("一、一般公共服务支出" or "一般公共服务支出" → "201"). None for 人行科目 and for unrecognised
    names; use :func:`summary_items` to tell them apart. The numbering itself is not checked."""
    printed = canonical_name(item_name)
    name = _NUMBERING_RE.sub("", printed)
    by_name = _summary_by_name()
    item = by_name.get(name)
    if item is None and name != printed and not name.endswith("支出"):
        item = by_name.get(name + "支出")  # a numbered 类 printed without its 支出 (8、社会保障和就业)
    return item.class_code if item else None
