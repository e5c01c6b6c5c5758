"""Every rule's declared mutations make it fire.

A rule declares the changes of a consistent document that make it fire (``@mutation`` beside the rule,
:mod:`yusuan.review.registry`). Each is applied here to the consistent sample and to a few generated
documents; the review of the changed document must report the rule. The unchanged documents raise no
error or warning, so the finding comes from the change. The synthetic defect catalogue
(:mod:`yusuan.synth.defects`) is the published subset of the same mutations.
"""

from __future__ import annotations

import os
import random
from functools import cache

import pytest

import yusuan.review.rules  # noqa: F401  (registers the rules and their mutations)
from yusuan.model import Disclosure
from yusuan.review.engine import review
from yusuan.review.registry import MUTATIONS, RULES, MutationRecord
from yusuan.synth.defects import DEFECTS, FINAL_DEFECTS
from yusuan.synth.generate import generate
from yusuan.synth.samples import consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding

#: Rules no mutation of a document's model makes fire, and why.
WITHOUT_MUTATION: dict[str, str] = {
    # Reading problems: the reader records them (Disclosure.ambiguities, Disclosure.problems) when a PDF
    # row's numbers cannot be placed or a cell cannot be read. They are not a defect of the budget a
    # publisher could print; tests/review/test_rules_parse.py builds those records directly.
    "ambiguous-columns": "reading problem recorded by the reader, not a change to the budget",
    "unreadable": "reading problem recorded by the reader, not a change to the budget",
}


@cache
def _documents() -> tuple[Disclosure, ...]:
    """The consistent sample and six generated documents (two seeds, several levels and organs)."""
    return (consistent(), *generate(3, seed=11), *generate(3, seed=2026))


def _noisy(d: Disclosure) -> set[str]:
    return {f.rule for f in review(d).findings if f.severity in ("error", "warning")}


@pytest.mark.parametrize("n", range(7))
def test_unchanged_documents_raise_no_error_or_warning(n: int) -> None:
    assert _noisy(_documents()[n]) == set()


@pytest.mark.parametrize("mutation_id", sorted(MUTATIONS))
def test_mutation_makes_its_rule_fire(mutation_id: str) -> None:
    m = MUTATIONS[mutation_id]
    applied = 0
    for n, original in enumerate(_documents()):
        d = original.model_copy(deep=True)
        record = m.apply(d, random.Random(f"{mutation_id}:{n}"))
        if record is None:
            continue
        applied += 1
        assert isinstance(record, MutationRecord)
        assert d != original, f"{mutation_id} changed nothing in {original.source}"
        # a rule comparing the document with its budget is given the unchanged document as that budget
        budget = original if "budget_document" in RULES[m.rule].needs else None
        fired = {f.rule for f in review(d, budget=budget).findings}
        assert m.rule in fired, f"{mutation_id} on {original.source} ({record}): found {sorted(fired)}"
    assert applied, f"{mutation_id} applies to none of the test documents"


def test_mutation_is_deterministic() -> None:
    sample = consistent()
    for m in MUTATIONS.values():
        a, b = (sample.model_copy(deep=True) for _ in range(2))
        assert m.apply(a, random.Random(1)) == m.apply(b, random.Random(1)), m.id
        assert a == b, m.id


def test_every_rule_declares_a_mutation_or_says_why_not() -> None:
    declared = {m.rule for m in MUTATIONS.values()}
    assert {m.rule for m in MUTATIONS.values()} <= set(RULES)
    missing = sorted(set(RULES) - declared - set(WITHOUT_MUTATION))
    assert missing == [], f"rules without a mutation (declare one with @mutation, or list it here): {missing}"
    stale = sorted(set(WITHOUT_MUTATION) & declared)
    assert stale == [], f"listed as without a mutation but declare one: {stale}"
    assert set(WITHOUT_MUTATION) <= set(RULES)


def test_rules_name_their_mutations() -> None:
    for m in MUTATIONS.values():
        assert m in RULES[m.rule].mutations
        assert m.zh and m.en, m.id


def test_defect_catalogue_is_the_published_mutations() -> None:
    """Budgets get the published mutations of the rules that review budgets; 决算 those of the rules reviewing
    决算; together, every published mutation."""
    assert set(DEFECTS) == {m.id for m in MUTATIONS.values() if m.published and "部门预算" in RULES[m.rule].documents}
    assert set(FINAL_DEFECTS) == {
        m.id for m in MUTATIONS.values() if m.published and "部门决算" in RULES[m.rule].documents
    }
    assert set(DEFECTS) | set(FINAL_DEFECTS) == {m.id for m in MUTATIONS.values() if m.published}
    assert {"final-summary-balance", "final-completion-rate", "final-budget-vs-stored-budget"} <= set(FINAL_DEFECTS)
    assert not {d for d in DEFECTS if d.startswith("final-")}
