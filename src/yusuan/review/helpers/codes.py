"""Code rows shared by the cross-table rules: 类 rows, rows by code, a code's children."""

from __future__ import annotations

from yusuan.domain.classification import function as function_entry
from yusuan.model import Row


def is_function(code: str) -> bool:
    """A 3-digit code must be a 支出功能分类 类 (a unit's code printed in the code column, e.g. 114, is not)."""
    return len(code) != 3 or function_entry(code) is not None


def classes(rows: list[Row]) -> dict[str, Row]:
    """The 类 rows by code."""
    return {r.code: r for r in rows if r.code and len(r.code) == 3 and is_function(r.code)}


def row_map(rows: list[Row]) -> dict[str, Row]:
    """The code rows by code, and the 合计 row under ``total``."""
    return {r.code or r.key or r.name: r for r in rows if (r.code and is_function(r.code)) or r.key == "total"}


def children(key: str, keys: set[str]) -> list[str]:
    """The codes among ``keys`` directly below ``key`` (the 类 below ``total``)."""
    if key == "total":
        return [k for k in keys if len(k) == 3 and k.isdigit()]
    return [k for k in keys if len(k) == len(key) + 2 and k.startswith(key) and len(key) in (3, 5)]
