"""PDF reading speed on the real packages of ../shared/corpus, beside two references in the same run.

Usage: .venv/bin/python benchmarks/read_pdf.py [--rounds N] [--corpus DIR] [--no-pdfplumber]

* floor — PyMuPDF plain text extraction of every page (``page.get_text()``): nothing can read a
  PDF's text faster with this library;
* yusuan blocks — our PDF reader proper: words and ruling lines of every page, grids rebuilt,
  cells located (``yusuan.read.api.load_source``);
* yusuan read — the whole ``yusuan.read``: blocks, tables recognised by meaning, arithmetic
  checks, narrative, header, reading report;
* pdfplumber — ``page.extract_tables()`` on every page, for comparison.

Each is timed over whole files, best of ``--rounds``; pages/second over all files.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

import yusuan
from yusuan.read.api import load_source

ROOT = Path(__file__).resolve().parents[1]


def _floor(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text()


def _plumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def _best(fn: Callable[[Path], object], files: list[Path], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for f in files:
            fn(f)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--no-pdfplumber", action="store_true")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        print(f"no PDF files in {args.corpus}")
        return 1
    pages = 0
    for f in files:
        with pymupdf.open(f) as doc:
            pages += doc.page_count
    print(
        f"machine: {platform.machine()} {platform.processor() or ''}, Python {platform.python_version()}, "
        f"PyMuPDF {pymupdf.VersionBind}; {len(files)} files, {pages} pages; best of {args.rounds}"
    )
    yusuan.read(files[0])  # imports and first-use work out of the timings
    runs: list[tuple[str, Callable[[Path], object]]] = [
        ("floor: PyMuPDF get_text", _floor),
        ("yusuan blocks (PDF reader)", load_source),
        ("yusuan read (whole model)", yusuan.read),
    ]
    if not args.no_pdfplumber:
        runs.append(("pdfplumber extract_tables", _plumber))
    floor = None
    for name, fn in runs:
        seconds = _best(fn, files, args.rounds if "pdfplumber" not in name else 1)
        floor = floor or seconds
        print(
            f"{name:28s} {seconds * 1000:8.0f} ms  {pages / seconds:7.1f} pages/s  "
            f"{seconds / pages * 1000:6.2f} ms/page  {seconds / floor:5.1f}× floor"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
