"""Synthetic department budget disclosures: plausible, consistent, and deterministic for a seed.

:func:`generate` yields complete packages of fictional departments — a region of 省/市/县/区 level
composed from common place-name characters, an organ (人大常委会, 财政局, 教育局 …) with the function
classes it spends on — each over several consecutive budget years (2021–2025). Amounts follow the
shape of real packages: personnel 60–85% of basic expenditure, projects 10–40% of the total, 三公
0.5–3% of the total, wages growing from year to year. Every relationship of DOMAIN.md §3 holds, and
the narrative states this year's figures and the change from the previous year generated.

:func:`render_package` writes a disclosure as DOCX-extracted text (the nine tables, the narrative,
the performance goals, procurement, assets and glossary); :func:`yusuan.read_text` reads the same
tables and claims back, and the review finds nothing to report.

The departments and their figures year by year are made in :mod:`yusuan.synth.departments`, the
disclosure of one year in :mod:`yusuan.synth.disclosure`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from yusuan.model import Disclosure
from yusuan.review.mutations import region_name
from yusuan.synth.departments import ORGANS, Organ, cents, department, split, year_figures
from yusuan.synth.disclosure import disclosure
from yusuan.synth.render import render_package

YEARS = range(2021, 2026)


def generate(count: int, seed: int) -> Iterator[Disclosure]:
    """``count`` synthetic disclosures, department by department, each over consecutive years.

    The same seed gives the same documents, and a shorter run is a prefix of a longer one.
    """
    produced, index = 0, 0
    while produced < count:
        dept = department(index, seed)
        rng = random.Random(f"span:{seed}:{index}")
        first = rng.choice((2021, 2021, 2021, 2022, 2023))
        staff = dept.staff
        previous = year_figures(dept, first - 1, seed, staff)
        for year in range(first, YEARS.stop):
            if produced == count:
                return
            staff = max(5, staff + rng.choice((-1, 0, 0, 1, 2)))
            current = year_figures(dept, year, seed, staff)
            yield disclosure(dept, current, previous)
            produced += 1
            previous = current
        index += 1


__all__ = ["ORGANS", "YEARS", "Organ", "cents", "generate", "region_name", "render_package", "split"]
