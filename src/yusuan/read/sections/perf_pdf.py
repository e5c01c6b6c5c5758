"""项目绩效目标表 in the PDF-text layout, where table cells are space-separated and wrap over lines.

A table row is printed as pieces: the first line of the row carries the first piece of several cells
side by side, the following lines carry the wrapped rest (``代表活动调`` / ``研次数``), interleaved
with the neighbouring cells' pieces. The cells of an indicator row are, in order: 一级指标 (only at
the start of a group), 二级指标, 三级指标 (name), 绩效指标描述, 指标值, 指标值确定依据 (basis).

The reconstruction rests on what the tables reliably show:

* the value cell is the one piece that starts with an operator or a digit (``≥5次``, ``4次``);
* a row starts with a known 一级/二级指标 term, possibly wrapped (``经济效益指`` / ``标``);
* the name, description and basis cells usually repeat one another, so the split between name and
  description, and between the wrapped value and the basis, is the one where the texts agree best.

These are heuristics: a value that does not start with a number (``合格``) is not recognised, and a
basis unrelated to the name or description is only split from a wrapped value by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Indicator, Location, PerformanceProject, PlanPoint, SpendingPlan
from yusuan.read.sections.perf_common import (
    LEVEL1_TERMS,
    LEVEL2_TERMS,
    VALUE_START_RE,
    is_heading,
    make_indicator,
    project_title,
)
from yusuan.read.source import Para, SourceText
from yusuan.read.text import is_amount, join_wrapped, parse_amount

_CODE_RE = re.compile(r"项目编码\s*(?P<code>[0-9A-Za-z]+)")
_BUDGET_RE = re.compile(r"预算数\s*(?P<amount>\d+(?:\.\d+)?)")
_FISCAL_RE = re.compile(r"其中[:：]?\s*财政\s*资金\s*(?P<amount>\d+(?:\.\d+)?)")
_PURPOSE_RE = re.compile(r"其他\s*资金\s*(?:\d+(?:\.\d+)?)?\s*(?P<purpose>[^\d\s].*?)\s*资金支出计")
_PLAN_UNIT_RE = re.compile(r"资金支出计划\s*[（(](?P<unit>[^）)]+)[）)]")
_PLAN_LABEL_RE = re.compile(r"^(?:\d{1,2}月(?:底|末)?|第?[一二三四1-4]季度末?)$")
_PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")


@dataclass(frozen=True)
class _Piece:
    text: str
    location: Location


@dataclass(frozen=True)
class _Levels:
    level1: str | None
    level2: str
    end: int


def read_pdf_projects(src: SourceText) -> list[PerformanceProject]:
    paras = [b for b in src.blocks() if isinstance(b, Para)]
    return [_read_project(name, title, region) for name, title, region in _project_regions(paras)]


def _project_regions(paras: list[Para]) -> Iterator[tuple[str, Para, list[Para]]]:
    """Each project title with the paragraphs up to the next title or chapter heading."""
    current: tuple[str, Para, list[Para]] | None = None
    for index, para in enumerate(paras):
        name = project_title(para.text)
        if name is not None or is_heading(para.text):
            if current is not None:
                yield current
            current = (name, para, []) if name is not None else None
        elif current is not None and not _is_page_number(paras, index):
            current[2].append(para)
    if current is not None:
        yield current


def _is_page_number(paras: list[Para], index: int) -> bool:
    """A bare number that is the last line of its page."""
    if not _PAGE_NUMBER_RE.match(paras[index].text):
        return False
    return index + 1 < len(paras) and paras[index + 1].location.page != paras[index].location.page


def _is_column_header(text: str) -> bool:
    return "一级指标" in text and "指标值" in text


def _read_project(name: str, title: Para, region: list[Para]) -> PerformanceProject:
    header_at = next((i for i, p in enumerate(region) if _is_column_header(p.text)), len(region))
    head, table = region[:header_at], region[header_at + 1 :]
    goal_at = next((i for i, p in enumerate(head) if p.text.startswith("绩效目标")), len(head))
    blob = join_wrapped([p.text for p in head[:goal_at]])
    goal_parts = [p.text for p in head[goal_at:]]
    if goal_parts:
        goal_parts[0] = goal_parts[0].removeprefix("绩效目标").strip()
    return PerformanceProject(
        name=name,
        code=_search(_CODE_RE, blob, "code"),
        budget=_amount(_search(_BUDGET_RE, blob, "amount")),
        fiscal=_amount(_search(_FISCAL_RE, blob, "amount")),
        goal=join_wrapped(goal_parts) or None,
        purpose=_search(_PURPOSE_RE, blob, "purpose"),
        plan=_plan(blob, head[:goal_at]),
        indicators=_indicators(_pieces(table)),
        location=title.location,
    )


def _search(pattern: re.Pattern[str], text: str, group: str) -> str | None:
    match = pattern.search(text)
    return match.group(group) if match else None


def _amount(text: str | None) -> Decimal | None:
    return parse_amount(text) if text is not None else None


def _plan(blob: str, head: list[Para]) -> SpendingPlan | None:
    """资金支出计划: a line of period labels followed by a line of as many amounts."""
    for index, para in enumerate(head[:-1]):
        labels = para.text.split()
        if not labels or not all(_PLAN_LABEL_RE.match(label) for label in labels):
            continue
        values = head[index + 1].text.split()
        if len(values) == len(labels) and all(is_amount(v) for v in values):
            points = [PlanPoint(label=lb, value=parse_amount(v)) for lb, v in zip(labels, values, strict=True)]
            return SpendingPlan(unit=_search(_PLAN_UNIT_RE, blob, "unit"), points=points)
    return None


def _pieces(table: list[Para]) -> list[_Piece]:
    """The table's text pieces in reading order, without repeated page headers."""
    return [
        _Piece(token, para.location)
        for para in table
        if not _is_column_header(para.text) and "单位：" not in para.text
        for token in para.text.split()
    ]


def _indicators(pieces: list[_Piece]) -> list[Indicator]:
    values = _value_positions(pieces)
    indicators: list[Indicator] = []
    level1: str | None = None
    level2: str | None = None
    head_start = 0
    for k, at in enumerate(values):
        after_end = values[k + 1] if k + 1 < len(values) else len(pieces)
        after = pieces[at + 1 : after_end]
        tail_len = _row_start(after) if k + 1 < len(values) else len(after)
        head = pieces[head_start:at]
        levels = _match_levels(head, 0)
        if levels is not None:
            level1 = levels.level1 or level1
            level2 = levels.level2
        rest = head[levels.end :] if levels is not None else head
        name, description = _split_name(rest)
        value, basis = _split_value([pieces[at], *after[:tail_len]], name, description)
        location = head[0].location if head else pieces[at].location
        indicators.append(
            make_indicator(name, value, location, level1=level1, level2=level2, description=description, basis=basis)
        )
        head_start = at + 1 + tail_len
    return indicators


def _value_positions(pieces: list[_Piece]) -> list[int]:
    """Indices of the pieces that start a value; a lone operator absorbs the number after it."""
    positions: list[int] = []
    for i, piece in enumerate(pieces):
        if VALUE_START_RE.match(piece.text) and not (positions and positions[-1] == i - 1 and _lone_op(pieces, i - 1)):
            positions.append(i)
    return positions


def _lone_op(pieces: list[_Piece], index: int) -> bool:
    return not any(ch.isdigit() for ch in pieces[index].text)


def _match_term(pieces: list[_Piece], start: int, terms: frozenset[str]) -> int | None:
    """End index when 1 to 3 pieces from ``start`` join into one of ``terms``."""
    for width in (1, 2, 3):
        if start + width <= len(pieces) and _joined(pieces, start, start + width) in terms:
            return start + width
    return None


def _joined(pieces: list[_Piece], start: int, end: int) -> str:
    return "".join(p.text for p in pieces[start:end])


def _match_levels(pieces: list[_Piece], start: int) -> _Levels | None:
    """一级指标 (optional) then 二级指标 starting at ``start``."""
    after_level1 = _match_term(pieces, start, LEVEL1_TERMS)
    if after_level1 is not None:
        end = _match_term(pieces, after_level1, LEVEL2_TERMS)
        if end is not None:
            return _Levels(_joined(pieces, start, after_level1), _joined(pieces, after_level1, end), end)
    end = _match_term(pieces, start, LEVEL2_TERMS)
    return _Levels(None, _joined(pieces, start, end), end) if end is not None else None


def _row_start(after: list[_Piece]) -> int:
    """Where the next row begins among the pieces between two values.

    The last position where level terms start and at least a name and a description follow; a
    level-1 term just before it belongs to the same row. Without any level term the last two
    pieces are taken as the next row's name and description.
    """
    for needed in (2, 1):
        starts = [p for p in range(len(after)) if _has_row_after(after, p, needed)]
        if starts:
            return _step_back_over_level1(after, starts[-1])
    return max(len(after) - 2, 0)


def _has_row_after(after: list[_Piece], start: int, needed: int) -> bool:
    levels = _match_levels(after, start)
    return levels is not None and len(after) - levels.end >= needed


def _step_back_over_level1(pieces: list[_Piece], start: int) -> int:
    for width in (1, 2, 3):
        if start - width >= 0 and _joined(pieces, start - width, start) in LEVEL1_TERMS:
            return start - width
    return start


def _common_prefix(a: str, b: str | None) -> int:
    if not b:
        return 0
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _split_name(pieces: list[_Piece]) -> tuple[str, str | None]:
    """Split the pieces before the value into name and description where the two agree best."""
    texts = [p.text for p in pieces]
    if len(texts) < 2:
        return (texts[0] if texts else ""), None
    best = max(
        range(1, len(texts)),
        key=lambda i: (_common_prefix(join_wrapped(texts[:i]), join_wrapped(texts[i:])), i),
    )
    return join_wrapped(texts[:best]), join_wrapped(texts[best:])


def _split_value(pieces: list[_Piece], name: str, description: str | None) -> tuple[str, str | None]:
    """Split the value piece and the pieces after it into value and basis.

    The basis is the trailing run that best repeats the name or description; on a tie the value
    takes as few pieces as possible.
    """
    texts = [p.text for p in pieces]

    def score(j: int) -> int:
        basis = join_wrapped(texts[j:])
        return max(_common_prefix(basis, name), _common_prefix(basis, description))

    best = min(range(_value_min_pieces(texts), len(texts) + 1), key=lambda j: (-score(j), j))
    return "".join(texts[:best]), join_wrapped(texts[best:]) or None


def _value_min_pieces(texts: list[str]) -> int:
    """Pieces that surely belong to the value: a lone operator takes the number after it, and a
    piece starting with % is always the value's unit, never a basis."""
    first = 2 if len(texts) > 1 and not any(ch.isdigit() for ch in texts[0]) else 1
    while first < len(texts) and texts[first].startswith("%"):
        first += 1
    return first
