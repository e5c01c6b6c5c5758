"""Injected defects: each makes its rule fire after publishing and reading back; choices are deterministic."""

from __future__ import annotations

import random

import pytest

from yusuan import read_text
from yusuan.model import Disclosure
from yusuan.publish.document import Document, build_document
from yusuan.publish.textout import to_docx_text
from yusuan.review.engine import review
from yusuan.review.finding import KINDS
from yusuan.review.registry import RULES
from yusuan.synth.defects import DEFECTS, inject
from yusuan.synth.render import synth_prose


@pytest.mark.parametrize("defect_id", sorted(DEFECTS))
def test_defect_fires_its_rule(defect_id: str, packages: list[tuple[Disclosure, Document]]) -> None:
    d, broken, defect = _first_applicable(defect_id, [p for p, _ in packages])
    original = d.model_copy(deep=True)
    broken, defect = inject(d, random.Random(defect_id), only=defect_id)
    assert defect.rule in RULES and RULES[defect.rule].kind == defect.kind
    assert broken != d and d == original  # the original is left as it was
    read = read_text(to_docx_text(build_document(broken, synth_prose(broken))))
    assert defect.rule in {f.rule for f in review(read).findings}, defect


def _first_applicable(defect_id: str, first: list[Disclosure]) -> tuple[Disclosure, Disclosure, object]:
    """The first of the packages (then of more generated ones) the defect applies to: the package that buys a
    car takes every table defect; the narrative defects need the sentences of some template styles (a change
    beside a printed last-year figure, a comparison dated with a year)."""
    from yusuan.synth.generate import generate

    for d in [*first, *generate(60, seed=11)]:
        try:
            broken, defect = inject(d, random.Random(defect_id), only=defect_id)
        except ValueError:
            continue
        return d, broken, defect
    raise AssertionError(f"{defect_id} applies to no generated package")


def test_every_kind_of_publishable_rule_is_covered() -> None:
    """Every finding kind but ``parse`` (reading problems, not defects of a budget) has a defect."""
    kinds = {RULES[DEFECTS[i](*_probe(i)).rule].kind for i in DEFECTS}
    assert kinds == set(KINDS) - {"parse"}


def _probe(defect_id: str) -> tuple[Disclosure, random.Random]:
    from yusuan.synth.generate import generate

    for d in generate(40, seed=11):
        copy = d.model_copy(deep=True)
        try:
            DEFECTS[defect_id](copy, random.Random(0))
        except Exception:
            continue
        return d.model_copy(deep=True), random.Random(0)
    raise AssertionError(defect_id)


def test_injection_is_deterministic(packages: list[tuple[Disclosure, Document]]) -> None:
    d, _ = packages[0]
    first = [inject(d, random.Random(f"seed:{n}"))[1] for n in range(10)]
    again = [inject(d, random.Random(f"seed:{n}"))[1] for n in range(10)]
    assert first == again
    assert len({x.id for x in first}) > 3
