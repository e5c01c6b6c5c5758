"""Defects injected into synthetic disclosures, each recorded with the rule that should report it.

The defects are the mutations the rules declare (:func:`yusuan.review.registry.mutation`, next to each
rule in ``yusuan/review/rules``) that survive publishing and reading back. :func:`inject` applies one
to a copy of a consistent disclosure — a cell, a row, a sentence, a table, an indicator — and returns
the changed disclosure with a :class:`Defect` saying what was changed, where, and which review rule
should fire. :data:`DEFECTS` covers every kind of rule the review has that a published document can
carry (see ``docs/publish.md`` for the few it leaves out and why). The choice is deterministic for a
given random generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import yusuan.review.rules  # noqa: F401  (registers the rules and their mutations)
from yusuan.domain.kinds import FINAL_KINDS
from yusuan.domain.kinds import Kind as DocumentKind
from yusuan.model import Disclosure
from yusuan.review.registry import MUTATIONS, RULES, Mutation


@dataclass
class Defect:
    """What was changed and which rule should report it."""

    id: str
    rule: str
    kind: str
    description: str
    where: dict[str, object] = field(default_factory=dict)
    before: str | None = None
    after: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class _Skip(Exception):
    """The defect does not apply to this disclosure."""


Injector = Callable[[Disclosure, random.Random], Defect]


def _injector(m: Mutation) -> Injector:
    """Apply ``m`` to a disclosure in place and record it as a :class:`Defect` (raises ``_Skip`` when it
    does not apply)."""

    def inject_one(d: Disclosure, rng: random.Random) -> Defect:
        record = m.apply(d, rng)
        if record is None:
            raise _Skip
        return Defect(
            m.id, m.rule, RULES[m.rule].kind, record.description or m.zh, record.where, record.before, record.after
        )

    return inject_one


def defects_for(kind: DocumentKind) -> dict[str, Injector]:
    """The published mutations of the rules that review a document of ``kind``, in catalogue order."""
    return {m.id: _injector(m) for m in MUTATIONS.values() if m.published and kind in RULES[m.rule].documents}


#: Every defect of a budget by id: the published mutations, in the order of the rule catalogue.
DEFECTS: dict[str, Injector] = defects_for("部门预算")
#: Every defect of a final account (部门决算) by id.
FINAL_DEFECTS: dict[str, Injector] = defects_for("部门决算")


def inject(d: Disclosure, rng: random.Random, only: str | None = None) -> tuple[Disclosure, Defect]:
    """A copy of ``d`` with one defect (``only``, or one chosen at random among those that apply to its kind)."""
    catalogue = FINAL_DEFECTS if d.kind in FINAL_KINDS else DEFECTS
    order = [only] if only else rng.sample(sorted(catalogue), len(catalogue))
    for defect_id in order:
        copy = d.model_copy(deep=True)
        try:
            return copy, catalogue[defect_id](copy, rng)
        except _Skip:
            continue
    raise ValueError(f"no defect applies to {d.source}" if not only else f"defect {only} does not apply to {d.source}")
