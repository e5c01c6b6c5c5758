"""Helpers for the narrative, unit, procurement and boilerplate rule tests: mutate the consistent
document's narrative claims and read the findings."""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import seed_path
from yusuan.model import Claim, Disclosure
from yusuan.model.jsonio import from_json
from yusuan.review.engine import DocumentReview, review
from yusuan.review.finding import Finding
from yusuan.review.registry import RULES
from yusuan.synth.samples import claim, consistent

os.environ["YUSUAN_DEBUG"] = "1"  # a crashing rule fails the test instead of becoming a finding

D = Decimal
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def base() -> Disclosure:
    """A fresh deep copy of the consistent document."""
    return copy.deepcopy(consistent())


def find_claim(d: Disclosure, subject: str, kind: str = "amount") -> Claim:
    found = [c for c in d.narrative.claims if c.subject == subject and c.kind == kind]
    assert found, f"no {kind} claim about {subject}"
    return found[0]


def set_claim(d: Disclosure, subject: str, kind: str = "amount", **update: Any) -> Claim:
    """Replace the first ``kind`` claim about ``subject`` with a copy carrying ``update``."""
    old = find_claim(d, subject, kind)
    if "amount" in update:
        update["amount"] = D(update["amount"])
    new = old.model_copy(update=update)
    claims = d.narrative.claims
    claims[claims.index(old)] = new
    return new


def add_claim(d: Disclosure, subject: str, amount: str, sentence: str, **kw: Any) -> Claim:
    """Append a claim (with a fresh source line)."""
    c = claim(subject, amount, sentence=sentence, **kw)
    d.narrative.claims.append(c)
    return c


def run(d: Disclosure) -> DocumentReview:
    return review(d)


def noisy(result: DocumentReview) -> set[str]:
    """The rule ids of every error and warning."""
    return {f.rule for f in result.findings if f.severity != "info"}


def of(result: DocumentReview, rule_id: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule_id]


def one(result: DocumentReview, rule_id: str) -> Finding:
    found = of(result, rule_id)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def cells(f: Finding) -> list[tuple[str | None, str | None, str | None]]:
    """The (table, row, column) of every location of a finding."""
    return [(e.table, e.row, e.column) for e in f.locations]


def seed_findings(module: str) -> list[tuple[str, str, str, int | None]]:
    """(seed, rule, severity, first line) of every finding the module's rules raise on the golden seeds."""
    ids = {i for i, r in RULES.items() if r.check.__module__ == f"yusuan.review.rules.{module}"}
    out = []
    for key in ("000", "001", "002", "003", "004"):
        seed_path(key)  # skips when the seeds are not mounted
        path = next(GOLDEN.glob(f"{key}_*.json"))
        for f in review(from_json(path.read_text(encoding="utf-8")), only=sorted(ids)).findings:
            out.append((key, f.rule, f.severity, f.locations[0].line if f.locations else None))
    return out


def seed_messages(key: str, rule_id: str) -> list[str]:
    path = next(GOLDEN.glob(f"{key}_*.json"))
    return [f.message for f in review(from_json(path.read_text(encoding="utf-8")), only=[rule_id]).findings]
