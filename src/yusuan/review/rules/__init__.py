"""Every rule module; importing this package registers the whole catalogue."""

from yusuan.review.rules import (
    arithmetic,
    boilerplate,
    classification,
    completeness,
    cross_table,
    final,
    narrative,
    narrative_ratios,
    parse,
    performance,
    performance_plan,
    procurement,
    rounding,
    three_public,
    units,
)

__all__ = [
    "arithmetic",
    "boilerplate",
    "classification",
    "completeness",
    "cross_table",
    "final",
    "narrative",
    "narrative_ratios",
    "parse",
    "performance",
    "performance_plan",
    "procurement",
    "rounding",
    "three_public",
    "units",
]
