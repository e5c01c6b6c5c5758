"""The key figures of a disclosure that history and compare read (stored in ``figures``).

Which figures, and the cell each is read from, is the figure registry's
(:data:`yusuan.domain.figures.STORED`); this module only reads them.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.domain.figures import FIGURES, STORED, Reading
from yusuan.model import Disclosure, Table


def _cell(d: Disclosure, reading: Reading) -> Decimal | None:
    """The cell of a 合计-like row (a key, no code); None when the table or the row is missing, and
    0 for a table published empty with its note where the registry says that states 0."""
    table = d.tables.get(reading.table)
    if not isinstance(table, Table):
        return None
    if reading.empty_is_zero and not table.rows and table.note:
        return Decimal(0)  # published empty: nothing spent
    for row in table.rows:
        if row.key == reading.row and row.code is None:
            return row.values.get(reading.column, Decimal(0))
    return None


def key_figures(d: Disclosure) -> dict[str, Decimal | int | None]:
    """Every stored figure: the table figures from their cells, staff from the 人员构成, and the
    narrative's stated prior total and its change."""
    out: dict[str, Decimal | int | None] = {}
    for f in STORED:
        if f.reading is not None:
            out[f.key] = _cell(d, f.reading)
    out["staff"] = d.staffing.total if d.staffing else None
    subject = FIGURES["stated_prior"].subject  # the expenditure as the narrative states it
    prior = next((c for c in d.narrative.claims if c.subject == subject and c.kind == "prior"), None)
    change = next((c for c in d.narrative.claims if c.subject == subject and c.kind == "change"), None)
    out["stated_prior"] = prior.amount if prior else None
    if change is not None:
        out["stated_change"] = -change.amount if change.direction == "decrease" else change.amount
    else:
        out["stated_change"] = None
    return out
