"""Spreadsheet cell values as the text a reader sees: numbers exact, with the decimals of the cell's
number format.

A number stored as a binary float is taken at its shortest round-tripping decimal
(``Decimal(repr(x))``: 0.1 + 0.2 stays ``0.30000000000000004`` there) and then rounded as Excel
displays it: to the decimals of the number format (``0.00`` → two, ``0.0#`` → one or two,
``#,##0`` → none; half away from zero), or, for ``General`` and formats without a decimal part,
to 15 significant digits (Excel's precision), so float artefacts never reach the text. Percent
formats multiply by 100 and keep the ``%``. Thousands separators, currency signs, colours and
literal text of the format are left out: the text is the number, not its decoration. Dates become
ISO dates (``2022-12-31``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_QUOTED_RE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DECIMALS_RE = re.compile(r"\.([0#?]+)")


def value_text(value: object, number_format: str | None = None) -> str:
    """The text of a spreadsheet cell value (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return number_text(value, number_format or "General")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def number_text(value: int | float | Decimal, number_format: str = "General") -> str:
    """A number as its format shows it, without grouping: ``number_text(163, "0.00") == "163.00"``."""
    try:
        d = Decimal(value) if isinstance(value, (int, Decimal)) else Decimal(repr(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not d.is_finite():
        return str(value)
    section = _first_section(number_format, d)
    percent = "%" in section
    if percent:
        d = d * 100
    if d and not isinstance(value, int):
        d = _significant(d, 15)
    if not re.search(r"[0#?]", section) or "E" in section.upper():
        text = _plain(d)  # General, text and scientific formats: the number itself
    else:
        digits = _DECIMALS_RE.search(section)
        pattern = digits.group(1) if digits else ""
        text = _fixed(d, pattern.count("0"), len(pattern))
    return text + ("%" if percent else "")


def _first_section(number_format: str, d: Decimal) -> str:
    """The format section that applies to ``d`` (positive; negative; zero), literals removed."""
    sections = _QUOTED_RE.sub("", number_format).split(";")
    if d < 0 and len(sections) > 1 and re.search(r"[0#?]", sections[1]):
        return sections[1]
    if d == 0 and len(sections) > 2 and re.search(r"[0#?]", sections[2]):
        return sections[2]
    section = sections[0]
    return "General" if section.strip().lower() in ("general", "", "@") else section


def _significant(d: Decimal, digits: int) -> Decimal:
    exponent = d.adjusted() - digits + 1
    current = d.as_tuple().exponent
    if isinstance(current, int) and current >= exponent:
        return d
    return d.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)


def _fixed(d: Decimal, least: int, most: int) -> str:
    """``d`` rounded to ``most`` decimals, trailing zeros dropped down to ``least`` decimals."""
    q = d.quantize(Decimal(1).scaleb(-most), ROUND_HALF_UP)
    text = format(q, "f")
    if most > least and "." in text:
        head, tail = text.split(".")
        tail = tail[:least] + tail[least:].rstrip("0")
        text = f"{head}.{tail}" if tail else head
    return text[1:] if text.startswith("-") and not q else text


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text[1:] if text.startswith("-") and not d else text
