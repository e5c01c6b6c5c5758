"""Parse + review throughput on the seed documents, with parse alone as the baseline.

Usage: .venv/bin/python benchmarks/review.py [--rounds N]

Reads each seed (../shared/seeds) N times, then reviews the parsed models N times, and prints
documents per second for parse, review and both, and the share the rules add to parse time.
Target (issue 3): the rules add less than 20% to parse time.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

from yusuan import read
from yusuan.model import Disclosure
from yusuan.review.engine import review

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _timed(fn: object, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        print(f"no seeds in {SEEDS}", file=sys.stderr)
        return 2
    docs: list[Disclosure] = [read(f) for f in files]  # warm-up (imports, caches)
    for d in docs:
        review(d)
    parse = _timed(lambda: [read(f) for f in files], args.rounds)
    rules = _timed(lambda: [review(d) for d in docs], args.rounds)
    n = len(files)
    p, r = statistics.median(parse), statistics.median(rules)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"documents: {n} seeds, rounds: {args.rounds} (median per round)")
    print(f"parse only (baseline): {p * 1000:.1f} ms/round = {n / p:.1f} docs/s")
    print(f"review only:           {r * 1000:.1f} ms/round = {n / r:.1f} docs/s")
    print(f"parse + review:        {(p + r) * 1000:.1f} ms/round = {n / (p + r):.1f} docs/s")
    print(f"rules add {r / p * 100:.1f}% to parse time (target < 20%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
