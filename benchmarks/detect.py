"""Detection benchmark: does the review catch injected defects, and stay quiet on clean documents?

For each of ``--count`` synthetic disclosures (``yusuan.synth.generate.generate``) the clean document and a
copy with one injected defect (``yusuan.synth.defects``; the defects taken in turn so that every
kind is exercised about equally) are published, read back and reviewed:

* a defect is caught when the review reports the rule the defect names;
* a clean document is a false alarm when the review reports any error or warning.

The generator writes each department's 情况说明 in one of several templates' styles
(``yusuan.publish.narrative_styles``); the figures are also given per style.

``--kind final`` measures final accounts instead: each generated budget becomes its 部门决算
(``yusuan.synth.final.final_of``, last year's 决算 of the department given for the changes the
narrative states), published in the national 决算 layout and injected with the defects of the rules
that review a 决算 (``yusuan.synth.defects.FINAL_DEFECTS``); the default path is then ``docx``.

``--via`` chooses the path: ``docx-text`` (default: the package written as DOCX-extracted text, as
``yusuan publish --format txt`` does, then ``yusuan.read_text``), ``pdf-text``, ``model`` (the
review of the model itself, no rendering), or a real file format (``docx``, ``pdf``, ``xlsx``,
``html``: written with ``yusuan.publish`` and read with ``yusuan.read``, which needs the file readers).

    .venv/bin/python benchmarks/detect.py --count 500 --seed 2026
    .venv/bin/python benchmarks/detect.py --count 500 --seed 2026 --kind final
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from yusuan import read, read_text
from yusuan.model import Disclosure
from yusuan.publish.api import render_document
from yusuan.publish.document import build_document
from yusuan.publish.textout import to_docx_text, to_pdf_text
from yusuan.review.engine import DocumentReview, review
from yusuan.synth.defects import DEFECTS, FINAL_DEFECTS, inject
from yusuan.synth.disclosure import narrative_style
from yusuan.synth.final import final_layout, final_of
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose

VIAS = ("docx-text", "pdf-text", "model", "docx", "pdf", "xlsx", "html")


def reviewed(d: Disclosure, via: str, tmp: Path, budget: Disclosure | None = None) -> DocumentReview:
    """The review of ``d`` published by ``via`` and read back (a 决算 with its budget, as ingest gives it)."""
    if via == "model":
        return review(d, budget=budget)
    doc = build_document(d, synth_prose(d), final_layout(d))
    if via == "docx-text":
        return review(read_text(to_docx_text(doc), source=d.source))
    if via == "pdf-text":
        return review(read_text(to_pdf_text(d, doc), source=d.source))
    ((suffix, content),) = render_document(doc, d, via).items()  # type: ignore[arg-type]
    path = tmp / f"doc{suffix}"
    path.write_bytes(content)
    return review(read(path), budget=budget)


def documents(count: int, seed: int, kind: str) -> Iterator[tuple[Disclosure, Disclosure | None]]:
    """The clean documents: generated budgets, or their final accounts (each with last year's 决算), each with the
    budget of its year for a 决算 (the store gives it to the review), else None."""
    if kind == "budget":
        yield from ((d, None) for d in generate(count, seed))
        return
    last: dict[str, Disclosure] = {}
    for i, budget in enumerate(generate(count, seed)):
        name = budget.department.name or ""
        prior = last.get(name)
        final = final_of(
            budget, seed=seed + i, prior=prior if prior is not None and prior.year == (budget.year or 0) - 1 else None
        )
        last[name] = final
        yield final, budget


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--via", choices=VIAS, default=None)
    parser.add_argument("--kind", choices=("budget", "final"), default="budget")
    args = parser.parse_args()
    args.via = args.via or ("docx" if args.kind == "final" else "docx-text")
    if args.kind == "final" and args.via in ("docx-text", "pdf-text"):
        parser.error(
            "决算 are published as files (the text layouts are Hebei budgets'): --via docx, pdf, xlsx, html, model"
        )

    order = sorted(FINAL_DEFECTS if args.kind == "final" else DEFECTS)
    caught: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    missed: dict[str, list[str]] = defaultdict(list)
    false_alarms: list[tuple[str, list[str]]] = []
    alarm_rules: Counter[str] = Counter()
    by_style: dict[str, Counter[str]] = defaultdict(Counter)  # the narrative's template style: documents, caught …
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, (clean, budget) in enumerate(documents(args.count, args.seed, args.kind)):
            result = reviewed(clean, args.via, Path(tmp), budget)
            noisy = sorted({f.rule for f in result.findings if f.severity in ("error", "warning")})
            style = by_style[narrative_style(clean.department.name or "")]
            style["documents"] += 1
            style["false alarms"] += bool(noisy)
            if noisy:
                false_alarms.append((clean.source, noisy))
                alarm_rules.update(noisy)
            rng = random.Random(f"detect:{args.seed}:{i}")
            for step in range(len(order)):  # the defects in turn; one that does not apply passes its turn on
                defect_id = order[(i + step) % len(order)]
                try:
                    broken, defect = inject(clean, rng, only=defect_id)
                except ValueError:
                    skipped[defect_id] += 1
                    continue
                break
            tried[defect.id] += 1
            rules = {f.rule for f in reviewed(broken, args.via, Path(tmp), budget).findings}
            style["injected"] += 1
            if defect.rule in rules:
                caught[defect.id] += 1
                style["caught"] += 1
            else:
                missed[defect.id].append(f"{clean.source}: {defect.description}; found {sorted(rules)}")
    elapsed = time.perf_counter() - started

    print(f"machine: {platform.machine()}, Python {platform.python_version()}; via {args.via}; kind {args.kind}")
    print(f"documents: {args.count} clean + {args.count} with one injected defect (seed {args.seed}); {elapsed:.0f} s")
    print()
    print(f"{'defect (rule that should fire)':44} {'caught':>7} {'injected':>8} {'rate':>7}")
    for defect_id in order:
        n = tried[defect_id]
        rate = f"{100 * caught[defect_id] / n:6.1f}%" if n else "      -"
        print(f"{defect_id:44} {caught[defect_id]:7d} {n:8d} {rate}")
    total, hit = sum(tried.values()), sum(caught.values())
    print(f"{'all defects':44} {hit:7d} {total:8d} {100 * hit / max(total, 1):6.2f}%")
    alarms = len(false_alarms)
    print(
        f"false alarms: {alarms} of {args.count} clean documents ({100 * alarms / max(args.count, 1):.2f}%)"
        + (f"; rules: {dict(alarm_rules)}" if alarm_rules else "")
    )
    print("by narrative style: " + "; ".join(f"{k} {dict(v)}" for k, v in sorted(by_style.items())))
    if skipped:
        print(f"turns passed on (defect not applicable to that document): {dict(sorted(skipped.items()))}")
    for defect_id, lines in missed.items():
        for line in lines[:3]:
            print(f"missed {defect_id}: {line}")
    for source, rules in false_alarms[:5]:
        print(f"false alarm {source}: {rules}")
    met = hit >= 0.99 * total and alarms <= 0.01 * args.count
    print(f"target (catch >= 99%, false alarms <= 1%): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
