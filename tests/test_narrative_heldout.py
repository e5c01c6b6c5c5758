"""Narrative figures on documents the reader was not tuned on (tests/golden/narrative_heldout/, issue 12).

Four narratives (广州 信访局, 珠海 商务局, 西安 财政局, 湖州 财政局) were transcribed by eye by checkers who
never ran yusuan, after the reader had been built against the six goldens of tests/golden/narrative/,
and were not shown to whoever tuned it: they measure what the reader does on a new document. The
matching is the one of :mod:`tests.test_narrative_golden`. The floor here is the measured level when the
held-out set was added (recall 0.952, precision 0.952 on 336 figures), rounded down: it guards against
regressions, while the issue's bar (recall ≥ 95%, precision ≥ 99%) is met on the tuning set. The misses
are printed (``python -m tests.test_narrative_heldout``); they are the next work, not to be tuned away here.
"""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import ROOT
from tests.test_narrative_golden import report, score, totals

HELDOUT = ROOT / "tests" / "golden" / "narrative_heldout"
FLOOR = Decimal("0.94")


def test_held_out_recall_and_precision() -> None:
    scores = [score(p) for p in sorted(HELDOUT.glob("*.json"))]
    assert len(scores) >= 4
    recall, precision = totals(scores)
    print("\n".join(report(scores)))
    print(f"held-out recall {recall:.4f} precision {precision:.4f}")
    assert recall >= FLOOR and precision >= FLOOR, f"recall {recall:.4f} precision {precision:.4f}"


if __name__ == "__main__":
    all_scores = [score(p) for p in sorted(HELDOUT.glob("*.json"))]
    print("\n".join(report(all_scores)))
    r, p = totals(all_scores)
    print(f"held-out recall {r:.4f} precision {p:.4f}")
