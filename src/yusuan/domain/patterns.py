"""Vocabulary tables as (pattern, meaning) pairs, the most specific first: the first that matches wins."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def first_match(table: Iterable[tuple[str, T]], text: str) -> T | None:
    """The meaning of the first pattern of ``table`` found in ``text``, or None."""
    return next((meaning for pattern, meaning in table if re.search(pattern, text)), None)
