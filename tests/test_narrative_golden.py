"""Narrative figures against the goldens read by eye (tests/golden/narrative/*.json, issue 12).

Each golden lists every number the narrative of one real document states, with its subject, kind,
value, unit and page, written by checkers who never ran yusuan (docs/golden-review-narrative.md).
yusuan's claims are matched to them one to one by (subject, kind, value as a Decimal in the printed
unit, unit) on the same page (a sentence over a page break may be given on either page). Recall
(golden figures found) and precision (claims that are golden figures) are measured over the six
documents together.

Normalisations (both sides, never the goldens' values): a golden ``other:<description>`` matches any
claim yusuan names by its own words (``other:``/``item:``; the checkers' descriptions are free text,
and whether a listed number is an "item" is their taste); a golden ``item:<name>`` matches such a
claim whose name is the same once spaces, brackets and the 类/款/项 markers are dropped, or ends with
the other's, or is the 款/项 code yusuan reads for it (社会保障和就业支出（类）…（项） → ``code:2080505``); the
itemised project (``project_item`` with its label) is ``item:<label>``; a claim
with no unit written (持平, ``项目支出增加6，``) is in 万元, as the goldens write it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SHARED
from yusuan.model import Claim
from yusuan.read.sections.narrative_subjects import classified

GOLDEN = ROOT / "tests" / "golden" / "narrative"
CORPUS = SHARED / "corpus"
RECALL = Decimal("0.95")
PRECISION = Decimal("0.99")


@dataclass(frozen=True)
class Item:
    """One figure, golden or read: what the matching compares."""

    subject: str
    kind: str
    value: Decimal
    unit: str
    page: int | None
    text: str


_MARKERS = re.compile(r"[\s（）()“”\"、·]|（?[类款项]）?$")


def _name(text: str) -> str:
    return re.sub(r"[\s（）()“”\"、·：:]|[类款项](?=[（(）)]|$)", "", text)


def subject_key(subject: str) -> str:
    return "other" if subject.startswith("other:") else subject


_NAMED = ("item:", "other:")


def same_subject(golden: str, read: str) -> bool:
    g, r = subject_key(golden), subject_key(read)
    if g == r:
        return True
    if g == "other" and read.startswith(_NAMED):
        return True
    if g.startswith("item:") and read.startswith("code:"):  # a 款/项 named in full is read as its code
        return classified(g[5:]) == read[5:]
    if g.startswith("item:") and read.startswith(_NAMED):
        a, b = _name(g[5:]), _name(read.partition(":")[2])
        return bool(a and b) and (a == b or (min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a))))
    return False


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return Decimal("NaN")


def golden_items(doc: dict[str, Any]) -> list[Item]:
    return [
        Item(f["subject"], f["kind"], _decimal(f["value"]), f["unit"], f["page"], f["sentence"])
        for f in doc["figures"]
    ]


def claim_subject(claim: Claim) -> str:
    if claim.subject == "project_item" and claim.label:
        return f"item:{claim.label}"
    return claim.subject


def read_items(claims: list[Claim]) -> list[Item]:
    """Claims as items; a claim with no unit written (a flat change, ``项目支出增加6，``) is in 万元."""
    return [
        Item(claim_subject(c), c.kind, c.amount, c.unit or "万元", c.location.page, c.sentence)
        for c in claims
    ]


def _near(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= 1


def match(golden: list[Item], read: list[Item]) -> tuple[list[Item], list[Item]]:
    """One-to-one matching; returns (golden figures not found, read figures not in the golden)."""
    used = [False] * len(read)
    missed: list[Item] = []
    for g in golden:
        candidates = [
            i
            for i, r in enumerate(read)
            if not used[i]
            and r.kind == g.kind
            and r.value == g.value
            and r.unit == g.unit
            and _near(g.page, r.page)
            and same_subject(g.subject, r.subject)
        ]
        if not candidates:
            missed.append(g)
            continue
        best = min(candidates, key=lambda i: (read[i].page != g.page, read[i].text != g.text))
        used[best] = True
    return missed, [r for r, u in zip(read, used, strict=True) if not u]


@dataclass
class Score:
    name: str
    golden: int
    read: int
    missed: list[Item]
    extra: list[Item]


def goldens() -> list[Path]:
    return sorted(GOLDEN.glob("*.json"))


@cache
def score(path: Path) -> Score:
    import yusuan

    doc = json.loads(path.read_text(encoding="utf-8"))
    source = CORPUS / doc["file"]
    if not source.exists():
        pytest.skip(f"corpus not available: {source} is missing (../shared is not mounted)")
    disclosure = yusuan.read(source)
    golden, read = golden_items(doc), read_items(disclosure.narrative.claims)
    missed, extra = match(golden, read)
    return Score(path.stem, len(golden), len(read), missed, extra)


def _show(item: Item) -> str:
    return f"p{item.page} {item.subject} {item.kind} {item.value}{item.unit} | {item.text[:70]}"


def report(scores: list[Score]) -> Iterator[str]:
    for s in scores:
        yield f"== {s.name}: golden {s.golden}, read {s.read}, missed {len(s.missed)}, extra {len(s.extra)}"
        yield from ("  MISS " + _show(i) for i in s.missed)
        yield from ("  EXTRA " + _show(i) for i in s.extra)


def totals(scores: list[Score]) -> tuple[Decimal, Decimal]:
    golden = sum(s.golden for s in scores)
    read = sum(s.read for s in scores)
    found = golden - sum(len(s.missed) for s in scores)
    right = read - sum(len(s.extra) for s in scores)
    return Decimal(found) / Decimal(golden or 1), Decimal(right) / Decimal(read or 1)


def test_golden_subjects_are_known_keys() -> None:
    """The goldens' keys are the vocabulary the reader produces (or free ``other:``/``item:``/``code:``)."""
    from yusuan.domain.figures import FIGURE_KEYS

    fixed = {"income", "expenditure"}
    for path in goldens():
        for f in json.loads(path.read_text(encoding="utf-8"))["figures"]:
            subject = f["subject"]
            assert subject in fixed or subject in FIGURE_KEYS or subject.split(":")[0] in {
                "other", "item", "code", "class", "vehicles_kind"
            }, (path.name, subject)


def test_recall_and_precision() -> None:
    scores = [score(p) for p in goldens()]
    recall, precision = totals(scores)
    print("\n".join(report(scores)))
    print(f"recall {recall:.4f} precision {precision:.4f}")
    assert recall >= RECALL and precision >= PRECISION, f"recall {recall:.4f} precision {precision:.4f}"


if __name__ == "__main__":  # python -m tests.test_narrative_golden: the misses and extras
    all_scores = [score(p) for p in goldens()]
    print("\n".join(report(all_scores)))
    r, p = totals(all_scores)
    print(f"recall {r:.4f} precision {p:.4f}")
