"""Money units a disclosure prints its amounts in, and the factor that brings each to 万元.

The model keeps every amount in 万元 (DOMAIN.md §1): a table printed in 元, 千元 or 亿元 is
converted exactly on reading and keeps its printed unit in ``source_unit``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal, get_args

Unit = Literal["元", "千元", "万元", "亿元"]
UNITS: tuple[Unit, ...] = get_args(Unit)

#: The unit of every amount in the model.
WAN: Unit = "万元"

#: Unit → factor to 万元 (an amount in the unit times the factor is the amount in 万元). Keyed by
#: :data:`Unit`; typed ``str`` so that a unit as printed can be looked up directly.
TO_WAN: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
}

#: Unit → power of ten to 万元 (``Decimal.scaleb``): 元 −4, 千元 −1, 万元 0, 亿元 4.
EXPONENTS: dict[str, int] = {unit: factor.adjusted() for unit, factor in TO_WAN.items()}

#: A unit line over a table: ``单位：万元`` (the longest unit first, so 万元 is not read as 元).
UNIT_RE = re.compile(r"单位[:：]\s*(" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")")

