"""Distinct, internally consistent disclosures for store tests, rendered as DOCX text.

Each variant is the consistent sample (:func:`yusuan.synth.samples.consistent`) for another county
(样本一二县…), with part of the 一般行政管理事务 project budget moved to 人大会议 in every function
table: the rows change, their 款/类 parents and every total stay, so the arithmetic still holds.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from yusuan.model import Disclosure, Table
from yusuan.publish.textlayout import render_docx_text
from yusuan.synth.samples import consistent

_NUMERALS = "〇一二三四五六七八九"
#: The two project rows the shift moves money between (same parent 20101).
_FROM, _TO = "2010102", "2010104"


def region(n: int) -> str:
    """A county name for variant ``n``: 12 → 样本一二县."""
    return "样本" + "".join(_NUMERALS[int(c)] for c in str(n)) + "县"


def variant(n: int, shift: int | None = None, year: int = 2023) -> Disclosure:
    """Variant ``n``: county ``region(n)``; ``shift`` hundredths of a 万元 (default ``n``) moved."""
    d = consistent()
    d.department.name = (d.department.name or "").replace("示例县", region(n))
    d.department.region = region(n)
    d.year = year
    delta = Decimal(n if shift is None else shift) / 100
    for table in d.tables.values():
        if not isinstance(table, Table):
            continue
        for row in table.rows:
            if row.code in (_FROM, _TO):
                sign = -1 if row.code == _FROM else 1
                row.values = {column: amount + sign * delta for column, amount in row.values.items()}
    return d


def variant_text(n: int, shift: int | None = None, year: int = 2023) -> str:
    return render_docx_text(variant(n, shift, year))


def write_variants(folder: Path, count: int, start: int = 1) -> list[Path]:
    """Write variants ``start`` … ``start + count - 1`` into ``folder``; their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"{n:03d}-{region(n)}.txt"
        path.write_text(variant_text(n), encoding="utf-8")
        paths.append(path)
    return paths
