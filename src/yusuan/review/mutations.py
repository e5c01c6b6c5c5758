"""Helpers for the mutations rules declare (:func:`yusuan.review.registry.mutation`): the small changes
to a consistent disclosure that make a rule fire — set a cell, shift a row with its parent rows and the
合计 row, restate a figure in its sentence, change a performance indicator.

A helper raises :class:`~yusuan.review.registry.NotApplicable` when the document has nothing to change
(no such table, row or claim); the mutation then does not apply to that document. The synthetic defect
catalogue (:mod:`yusuan.synth.defects`) and the mutation tests take the declared mutations from the
registry. Also here: the fictional region names the synthetic generator composes, which a mutation
uses to name another region's department.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache

from yusuan.model import Claim, Disclosure, PerformanceProject, Row, Table, TwoSidedTable
from yusuan.review.registry import MutationRecord, NotApplicable

D = Decimal
ZERO = D(0)
#: A printed figure and its unit (the unit keeps years and list numbers out).
_FIGURE_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万元|亿元|元|%)")


# -- tables and rows ------------------------------------------------------------------------------


def table(d: Disclosure, table_id: str) -> Table:
    """The one-sided table ``table_id``, which must have rows."""
    t = d.table(table_id)
    if t is None or not t.rows:
        raise NotApplicable
    return t


def two_sided(d: Disclosure, table_id: str) -> TwoSidedTable:
    t = d.two_sided(table_id)
    if t is None:
        raise NotApplicable
    return t


def delta(rng: random.Random, base: Decimal) -> Decimal:
    """A visible change: 5–20% of ``base`` and at least 1.00."""
    return max(D("1.00"), (base * D(rng.randint(5, 20)) / 100).quantize(D("0.01")))


def add(row: Row, column: str, amount: Decimal) -> None:
    """Add ``amount`` to a cell; a cell that becomes zero is blank."""
    row.values[column] = row.values.get(column, D("0.00")) + amount
    if not row.values[column]:
        del row.values[column]


def put(row: Row, column: str, value: str | None) -> None:
    """Set a cell as printed; None makes it blank."""
    if value is None:
        row.values.pop(column, None)
    else:
        row.values[column] = D(value)


def leaves(t: Table, length: int) -> list[Row]:
    """The rows whose code has ``length`` digits (项 7, 款 5, 类 3)."""
    return [r for r in t.rows if r.code and len(r.code) == length]


def pick(rng: random.Random, rows: list[Row]) -> Row:
    if not rows:
        raise NotApplicable
    return rng.choice(rows)


def by(rows: list[Row], key: str) -> Row:
    """The row whose key (or, without one, code) is ``key``."""
    row = next((r for r in rows if (r.key or r.code) == key), None)
    if row is None:
        raise NotApplicable
    return row


def family(t: Table, leaf: Row) -> list[Row]:
    """The leaf, its 款 and 类 rows and the 合计 row."""
    code = leaf.code or ""
    return [r for r in t.rows if r.key == "total" or (r.code and code.startswith(r.code))]


def shift(t: Table, code: str, deltas: dict[str, Decimal]) -> None:
    """Add ``deltas`` (column → amount) to row ``code``, its parent rows and the 合计 row, so that the table
    stays consistent within itself and only its relationships with other tables break."""
    for r in [r for r in t.rows if (r.code and code.startswith(r.code)) or r.key == "total"]:
        for column, amount in deltas.items():
            add(r, column, amount)


def cell(table_id: str, row: Row, column: str | None = None) -> dict[str, object]:
    """Where a change is: table, row (code or key), row name and column."""
    return {"table": table_id, "row": row.code or row.key, "name": row.name, "column": column}


# -- the narrative -------------------------------------------------------------------------------


def claim(d: Disclosure, subject: str, kind: str = "amount") -> Claim:
    """The narrative's first claim of ``subject`` and ``kind``."""
    found = next((c for c in d.narrative.claims if c.subject == subject and c.kind == kind), None)
    if found is None:
        raise NotApplicable
    return found


def _printed_value(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def restate(d: Disclosure, c: Claim, amount: Decimal, unit: str = "万元") -> str:
    """Change ``c``'s figure in its sentence (and in every claim of that sentence); the new sentence.

    The figure is found among the sentence's printed figures of its value and unit, in claim order (a figure
    two claims share, 收入、支出预算总计 4,651.67万元, changes for both); grouping (1,234.56) is kept."""
    siblings = [s for s in d.narrative.claims if s.sentence == c.sentence]
    same = [s for s in siblings if s.amount == c.amount and s.unit == c.unit]
    printed = [
        m for m in _FIGURE_RE.finditer(c.sentence) if m.group(2) == c.unit and _printed_value(m.group(1)) == c.amount
    ]
    if not printed:
        raise NotApplicable
    at = min(same.index(c), len(printed) - 1)
    m = printed[at]
    # the last print stands for the claims left over (one figure stated for two subjects)
    changed = same[at:] if at == len(printed) - 1 and len(same) > len(printed) else [c]
    number = f"{amount:,f}" if "," in m.group(1) else format(amount, "f")
    sentence = f"{c.sentence[: m.start()]}{number}{unit}{c.sentence[m.end() :]}"
    for s in siblings:
        s.sentence = sentence
    for s in changed:
        s.amount = amount
        s.unit = unit or None
    return sentence


def raise_claim(
    d: Disclosure, rng: random.Random, subject: str, kind: str = "amount", *, empty: Decimal = ZERO, named: bool = True
) -> MutationRecord:
    """Raise the figure of ``subject``'s claim in its sentence by 5–20% (of ``empty`` when it is zero);
    ``named``: the record's ``where`` names the subject."""
    c = claim(d, subject, kind)
    before = c.amount
    if before is None:
        raise NotApplicable
    sentence = restate(d, c, before + delta(rng, before or empty))
    where = {"section": c.section, "subject": subject, "sentence": sentence}
    if not named:
        del where["subject"]
    return MutationRecord(where, str(before), str(c.amount))


def retime(d: Disclosure, c: Claim, old: str, new: str, year: int | None) -> str:
    """Replace ``old`` by ``new`` in ``c``'s sentence (and set the year of the sentence's claims dated as ``c``)."""
    sentence, dated = c.sentence, c.year
    if old not in sentence:
        raise NotApplicable
    changed = sentence.replace(old, new, 1)
    for s in d.narrative.claims:
        if s.sentence == sentence:
            s.sentence = changed
            if s.year is not None and s.year == dated and year is not None:
                s.year = year
    return changed


# -- performance goals ----------------------------------------------------------------------------


def project(d: Disclosure, rng: random.Random) -> PerformanceProject:
    """A project's performance goals, chosen at random."""
    if not d.performance:
        raise NotApplicable
    return d.performance[rng.randrange(len(d.performance))]


def change_indicators(
    d: Disclosure, rng: random.Random, change: Callable[[PerformanceProject], None]
) -> MutationRecord:
    """Apply ``change`` to a random project's indicators; not applicable when that changes nothing."""
    p = project(d, rng)
    before = [i.model_dump() for i in p.indicators]
    change(p)
    if [i.model_dump() for i in p.indicators] == before:
        raise NotApplicable
    return MutationRecord({"project": p.name})


def set_indicator(
    level2: str, value: str, unit: str | None, name: str | None = None
) -> Callable[[PerformanceProject], None]:
    """A change setting every ``level2`` indicator's value and unit (and, given, its name)."""

    def change(p: PerformanceProject) -> None:
        for i in p.indicators:
            if i.level2 == level2:
                i.value, i.unit = value, unit
                i.name = name or i.name

    return change


def drop_level(level1: str) -> Callable[[PerformanceProject], None]:
    """A change removing every indicator of first level ``level1`` (e.g. 满意度指标)."""

    def change(p: PerformanceProject) -> None:
        p.indicators = [i for i in p.indicators if i.level1 != level1]

    return change


def copy_basis(p: PerformanceProject) -> None:
    """The first indicator's 指标值确定依据 copies its name."""
    for i in p.indicators[:1]:
        i.basis = i.name


def change_plan(d: Disclosure, rng: random.Random, how: str) -> MutationRecord:
    """Change a random %-stated spending plan of four or more points: ``dip`` swaps two middle points
    (the cumulative figure falls), ``short`` ends it 10 below 100%, ``amount`` writes it in 万元 of the
    project's budget (under the % heading)."""
    plans = [
        p
        for p in d.performance
        if p.plan
        and len(p.plan.points) >= 4
        and (p.plan.unit or "").strip() in ("%", "％")
        and p.plan.points[-1].value == 100
    ]
    if not plans:
        raise NotApplicable
    p = rng.choice(plans)
    assert p.plan is not None
    points = p.plan.points
    before = "、".join(format(pt.value, "f") for pt in points)
    if how == "dip":
        if points[1].value == points[2].value:
            raise NotApplicable
        points[1].value, points[2].value = points[2].value, points[1].value
    elif how == "short":
        points[-1].value -= 10
    else:
        if p.budget is None or p.budget == 100 or not p.budget:
            raise NotApplicable
        for pt in points:
            pt.value = (pt.value * p.budget / 100).quantize(D("0.01"))
        points[-1].value = p.budget
    after = "、".join(format(pt.value, "f") for pt in points)
    return MutationRecord({"project": p.name, "column": "plan"}, before, after)


# -- fictional region names -----------------------------------------------------------------------

_FIRST = "安宝昌川丹德定东丰福高广海和华嘉江金兰乐临隆鹿美宁平青庆荣瑞山尚泰通万文武西祥新兴阳永玉元云长"
_SECOND = "安昌川丹德定丰峰河和湖华江津康乐林陵宁平浦清泉山川台坛田亭武溪祥兴阳源原州"


@cache
def _region_names(seed: int) -> list[str]:
    names = sorted({a + b for a in _FIRST for b in _SECOND if a != b})
    random.Random(f"regions:{seed}").shuffle(names)
    return names


def region_name(number: int, level: str, seed: int) -> str:
    """The ``number``-th region name of a seed: two characters (three beyond the two-character names)."""
    names = _region_names(seed)
    base = names[number % len(names)]
    if number >= len(names):
        base += _SECOND[number // len(names) % len(_SECOND)]
    if level == "区":
        return f"{names[(number * 7 + 3) % len(names)]}市{base}区"
    return base + level
