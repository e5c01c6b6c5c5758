"""Government levels (级次) a department belongs to, and their Chinese names.

The model keeps the short form (:data:`yusuan.model.Level`: 中央, 省, 市, 县, 区, 乡); reports
print the level name (省级, 县级 …). A 区 is a county-level district.
"""

from __future__ import annotations

import re
from typing import get_args

from yusuan.model import Level

LEVELS: tuple[Level, ...] = get_args(Level)

#: Level → its name as printed (级次). Keyed by :data:`Level`; typed ``str`` so that a level as
#: stored can be looked up directly.
LEVEL_NAMES: dict[str, str] = {
    "中央": "中央",
    "省": "省级",
    "市": "市级",
    "县": "县级",
    "区": "区级",
    "乡": "乡级",
}

#: The levels of local government whose name is ``<level>级`` in running text (省级财政, 县级部门).
LOCAL_LEVELS: tuple[Level, ...] = ("省", "市", "县", "区")

#: ``省级`` / ``市级`` / ``县级`` / ``区级`` as a regular-expression alternative (no group).
LOCAL_LEVEL_NAMES_RE = "|".join(re.escape(LEVEL_NAMES[lv]) for lv in LOCAL_LEVELS)


def level_name(level: str | None) -> str:
    """The printed name of a level (``县`` → ``县级``); an unknown value as it is, None as empty."""
    return "" if level is None else LEVEL_NAMES.get(level, level)


def parse_level(text: str | None) -> Level | None:
    """``县级`` or ``县`` → ``县``; None for a blank or unknown text."""
    if text is None:
        return None
    value = text.strip().removesuffix("级")
    for level in LEVELS:
        if value == level:
            return level
    return None
