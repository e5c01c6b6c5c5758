"""Reading time of synthetic packages in the two text layouts: what the column inference costs.

Usage: .venv/bin/python benchmarks/read_text.py [--count N] [--seed S]

Each generated disclosure's nine tables are rendered in the PDF-text layout (blank cells dropped:
numbers placed by the solver) and in the DOCX-text layout (positions known: the baseline, measured
in the same run), then read back with ``yusuan.read_text``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from yusuan import read_text
from yusuan.publish.textlayout import render_docx_text, render_pdf_text
from yusuan.synth.generate import generate


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    docs = list(generate(args.count, args.seed))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; {len(docs)} documents, seed {args.seed}")
    for name, render in (("docx-text (baseline)", render_docx_text), ("pdf-text", render_pdf_text)):
        times = []
        for d in docs:
            text = render(d)
            t0 = time.perf_counter()
            read_text(text)
            times.append(time.perf_counter() - t0)
        times.sort()
        print(
            f"{name:22s} median {statistics.median(times) * 1000:7.1f} ms  "
            f"p90 {times[int(len(times) * 0.9)] * 1000:7.1f} ms  max {times[-1] * 1000:7.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
