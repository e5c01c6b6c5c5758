"""Pieces shared by the 项目绩效目标表 readers: titles, the indicator vocabulary, value parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Indicator, Location

#: ``1、代表调研协调经费绩效目标表`` / ``1.代表调研协调经费绩效目标表``: the number is dropped.
_TITLE_RE = re.compile(r"^\d+\s*[、.．]\s*(?P<name>.+?)\s*绩效目标表$")

#: A chapter heading ends the performance section: ``六、政府采购预算情况``, ``第二部分 …``.
_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")

#: 一级指标 terms. 成本指标 is a level-1 term in newer templates and a level-2 term in older ones.
LEVEL1_TERMS = frozenset({"产出指标", "效益指标", "效果指标", "满意度指标", "成本指标"})

#: 二级指标 terms.
LEVEL2_TERMS = frozenset(
    {
        "数量指标",
        "质量指标",
        "时效指标",
        "成本指标",
        "经济效益指标",
        "社会效益指标",
        "生态效益指标",
        "可持续影响指标",
        "服务对象满意度指标",
        "经济成本指标",
        "社会成本指标",
        "生态环境成本指标",
    }
)

_OPERATOR = r"(?:>=|<=|[≥≤><=])"
_VALUE_RE = re.compile(rf"^(?P<op>{_OPERATOR})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*?)\s*$")
_ASCII_OPERATORS = {">=": "≥", "<=": "≤"}
#: A value that is a date or a period: 2026年10月底前, 2025年度内, 12月25日前, 5月底, 1-12月.
_DATE_RE = re.compile(
    r"^(?:\d{4}\s*年\s*(?:度|底|末|内|前|\d)"
    r"|\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|末|前|中|上|下)"
    r"|\d{1,2}\s*[-－~至]\s*\d{1,2}\s*月)"
)
#: Several values in one cell (≥225户、≥1800户; 6500元/人、月，财政承担80%): the unit is the first one's.
_LIST_RE = re.compile(r"[、，,；;]")
#: ``51 .33``: a number split by the extraction.
_SPLIT_DECIMAL_RE = re.compile(r"(\d)\s+\.(\d)")

#: Operators written out in words, longest first so that 不低于 wins over 低于.
_OPERATOR_WORDS = (
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("等于", "="),
)

#: A PDF token that starts an indicator value: an operator and/or a number.
VALUE_START_RE = re.compile(rf"^(?:{_OPERATOR}\s*$|{_OPERATOR}?\d)")


@dataclass(frozen=True)
class ParsedValue:
    """An indicator value split into operator, number and unit; all None when not measurable."""

    operator: str | None = None
    number: Decimal | None = None
    unit: str | None = None


def parse_value(value: str | None) -> ParsedValue:
    """Split ``≥90%`` into (≥, 90, %); ``4次`` into (None, 4, 次); ``合格`` into (None, None, None).

    The unit is whatever follows the number, as printed: ``≥100百分比`` gives 百分比 and
    ``1代表及工作人员参加培训`` gives 代表及工作人员参加培训 (a data-entry slip the review can flag).
    """
    text = (value or "").strip()
    word_operator = None
    for word, symbol in _OPERATOR_WORDS:
        if text.startswith(word):
            word_operator, text = symbol, text[len(word) :]
            break
    text = _SPLIT_DECIMAL_RE.sub(r"\1.\2", text)
    match = _VALUE_RE.match(text)
    if match is None:
        return ParsedValue()
    operator = match.group("op")
    operator = _ASCII_OPERATORS.get(operator, operator) if operator else word_operator
    if _DATE_RE.match(text[match.start("num") :]):
        return ParsedValue(operator)  # a date or a period (2026年10月底前, 12月25日前, 1-12月): no quantity
    unit = _LIST_RE.split(match.group("unit"), maxsplit=1)[0].strip()
    return ParsedValue(operator, Decimal(match.group("num")), unit or None)


def project_title(text: str) -> str | None:
    """The project name of a ``N、…绩效目标表`` title line, or None when the line is not one."""
    match = _TITLE_RE.match(text.strip())
    return match.group("name").strip() if match else None


def is_heading(text: str) -> bool:
    return bool(_HEADING_RE.match(text.strip()))


def make_indicator(
    name: str,
    value: str | None,
    location: Location,
    *,
    level1: str | None = None,
    level2: str | None = None,
    description: str | None = None,
    basis: str | None = None,
) -> Indicator:
    """An :class:`Indicator` with its value parsed; empty texts become None."""
    value = value or None
    parsed = parse_value(value)
    return Indicator(
        level1=level1 or None,
        level2=level2 or None,
        name=name,
        description=description or None,
        value=value,
        operator=parsed.operator,
        number=parsed.number,
        unit=parsed.unit,
        basis=basis or None,
        location=location,
    )
