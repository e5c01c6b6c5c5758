"""Reading and review of a folder of real packages, beside the PyMuPDF text floor (issue 11).

Usage: .venv/bin/python benchmarks/national.py FOLDER [--limit N] [--rounds N] [--json OUT]

For every readable file at the top level of FOLDER (PDF, DOCX, XLSX/XLS, HTML; subfolders are not
entered) the script runs ``yusuan.read`` and ``yusuan.review.engine.review`` and reports:

* documents read / failed (with the exception as the reason);
* the standard tables read (of the nine of ``yusuan.domain.tables.STANDARD_TABLES``): per document,
  the mean, how many documents have all nine; the tables the reading report lists as recognised but
  not read (``TableReading.read is False``);
* a title hint: the standard tables whose title is printed on a page of the file (found by title
  words in the first lines of the page's text, independently of yusuan) but not read — a rough
  stand-in for "tables printed"; and the pages with a table title that no table of the reading
  report claims;
* the arithmetic checks of the reading report (``TableReading.checks`` / ``passed``; an equation
  between two tables counts once for each);
* the review's findings by rule and severity, errors per document, rules skipped;
* the template recognised (``Disclosure.template``);
* time of ``yusuan.read`` per page and per document, and in the same run the floor: PyMuPDF
  ``page.get_text()`` over every page of the same PDF files; the ratio read / floor (target ≤ 5×).

Each file is timed best of ``--rounds`` (default 1) after one warm-up read of the first file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymupdf

import yusuan
from yusuan.domain.tables import STANDARD_TABLES
from yusuan.read.api import readable_suffixes
from yusuan.review.engine import review

NINE = len(STANDARD_TABLES)

# Title words → standard table id, most specific first (a benchmark-side hint, not yusuan's logic).
_TITLE_HINTS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("three_public", lambda t: "三公" in t),
    ("state_capital", lambda t: "国有资本经营" in t and "支出" in t),
    ("gov_fund", lambda t: "政府性基金" in t and ("支出" in t or "收支" in t)),
    ("basic_expenditure", lambda t: "基本支出" in t and ("一般公共预算" in t or "财政拨款" in t)),
    ("fiscal_summary", lambda t: "财政拨款收支" in t),
    ("general_budget", lambda t: "一般公共预算" in t and "支出" in t and "收支" not in t and "基本" not in t),
    ("summary", lambda t: "收支" in t and ("总表" in t or "总体情况表" in t)),
    ("income", lambda t: "收入" in t and ("总表" in t or "预算表" in t) and "收支" not in t),
    (
        "expenditure",
        lambda t: (
            "支出" in t
            and ("总表" in t or "预算表" in t)
            and not any(w in t for w in ("收支", "项目支出", "基本支出", "财政拨款", "一般公共预算", "政府性基金"))
        ),
    ),
)
_TITLE_LINE = re.compile(r"表\s*(?:[（(]续[)）]?)?\s*$|[（(]续[)）]\s*$|表[（(]")
_AMOUNT = re.compile(r"\d\.\d{2,6}\b")
_LABEL = re.compile(r"^(?:表|公开|预算|附表)\s*[\d一二三四五六七八九十]+|^.{0,12}\d{1,2}\s*表")
_ENUMERATED = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]")


def title_hint(line: str) -> str | None:
    """The standard table a title line names, by its words; None when it names none."""
    text = re.sub(r"\s+", "", line)
    if not 4 <= len(text) <= 60 or text.startswith(("注", "说明")):
        return None
    for table_id, test in _TITLE_HINTS:
        if test(text):
            return table_id
    return None


def page_titles(path: Path) -> dict[int, list[str]]:
    """Title-like lines (ending in 表, or 表（续）) in the first lines of each page with amounts or a label.

    Pages that look like a table of contents (three or more titles) are left out.
    """
    out: dict[int, list[str]] = {}
    with pymupdf.open(path) as doc:
        for number, page in enumerate(doc, start=1):
            text = page.get_text()
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:8]
            titles = [ln for ln in lines if _TITLE_LINE.search(ln) and len(ln) <= 60 and not _ENUMERATED.match(ln)]
            # A page of prose that happens to end a line in 表 needs amounts or a table label.
            if not (len(_AMOUNT.findall(text)) >= 3 or any(_LABEL.match(ln) for ln in lines)):
                continue
            if titles and len(titles) < 3 and "目录" not in lines[:2]:
                out[number] = titles
    return out


@dataclass
class DocResult:
    file: str
    ok: bool
    reason: str = ""
    pages: int = 0
    template: str = ""
    kind: str = ""
    tables_read: list[str] = field(default_factory=list)
    other_tables_read: list[str] = field(default_factory=list)
    recognised_not_read: list[str] = field(default_factory=list)
    titled_not_read: list[str] = field(default_factory=list)
    unclaimed_title_pages: dict[int, str] = field(default_factory=dict)
    unknown_columns: dict[str, list[str]] = field(default_factory=dict)
    checks: int = 0
    passed: int = 0
    checks_by_table: dict[str, list[int]] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # "rule/severity" → count
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    skipped_rules: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    read_seconds: float = 0.0
    review_seconds: float = 0.0
    floor_seconds: float | None = None


def _best(fn: Callable[[], object], rounds: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(max(rounds, 1)):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def _floor(path: Path) -> int:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text()
        return int(doc.page_count)


def measure_file(path: Path, rounds: int = 1) -> DocResult:
    """Read, review and time one file; a failure is recorded with its reason, never raised."""
    res = DocResult(file=path.name, ok=False)
    is_pdf = path.suffix.lower() == ".pdf"
    if is_pdf:
        try:
            res.floor_seconds, res.pages = _best(lambda: _floor(path), rounds)
        except Exception as exc:  # a broken file is a result, not a crash
            res.floor_seconds = None
            res.notes.append(f"PyMuPDF: {type(exc).__name__}: {exc}")
    try:
        res.read_seconds, d = _best(lambda: yusuan.read(path), rounds)
    except Exception as exc:
        res.reason = f"{type(exc).__name__}: {exc}"[:300]
        return res
    res.ok = True
    res.template = d.template
    res.kind = d.kind
    reading = d.reading
    if reading is not None and reading.pages and not res.pages:
        res.pages = reading.pages
    res.tables_read = [t for t in STANDARD_TABLES if t in d.tables]
    res.other_tables_read = sorted(t for t in d.tables if t not in STANDARD_TABLES)
    claimed: set[int] = set()
    if reading is not None:
        res.notes.extend(reading.notes)
        for tr in reading.tables:
            claimed.update(tr.pages)
            if not tr.read:
                res.recognised_not_read.append(f"{tr.table} «{tr.title}» p{','.join(map(str, tr.pages))}")
                continue
            res.checks += tr.checks
            res.passed += tr.passed
            res.checks_by_table[tr.table] = [tr.passed, tr.checks]
            if tr.unknown_columns:
                res.unknown_columns[tr.table] = list(tr.unknown_columns)
    if is_pdf:
        try:
            titles = page_titles(path)
        except Exception:
            titles = {}
        printed: set[str] = set()
        for number, lines in titles.items():
            hints = {h for h in map(title_hint, lines) if h}
            printed |= hints
            if number not in claimed:
                res.unclaimed_title_pages[number] = " / ".join(lines)
        res.titled_not_read = [t for t in STANDARD_TABLES if t in printed and t not in d.tables]
    res.review_seconds, rv = _best(lambda: review(d), 1)
    counts = Counter(f"{f.rule}/{f.severity}" for f in rv.findings)
    res.findings = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    res.errors, res.warnings, res.infos = rv.count("error"), rv.count("warning"), rv.count("info")
    res.skipped_rules = list(rv.skipped)
    return res


def folder_files(folder: Path, limit: int | None = None) -> list[Path]:
    suffixes = {s.lower() for s in readable_suffixes()} - {".txt"}
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)
    return files[:limit] if limit else files


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def summarise(docs: list[DocResult]) -> dict[str, Any]:
    ok = [r for r in docs if r.ok]
    read_counts = [len(r.tables_read) for r in ok]
    checks, passed = sum(r.checks for r in ok), sum(r.passed for r in ok)
    by_table: dict[str, list[int]] = {}
    for r in ok:
        for t, (p, c) in r.checks_by_table.items():
            acc = by_table.setdefault(t, [0, 0])
            acc[0] += p
            acc[1] += c
    std_passed = sum(by_table[t][0] for t in STANDARD_TABLES if t in by_table)
    std_checks = sum(by_table[t][1] for t in STANDARD_TABLES if t in by_table)
    findings: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for r in ok:
        findings.update(r.findings)
        skipped.update(r.skipped_rules)
    errors_by_rule: Counter[str] = Counter()
    for key, n in findings.items():
        rule, severity = key.rsplit("/", 1)
        if severity == "error":
            errors_by_rule[rule] += n
    timed = [r for r in ok if r.floor_seconds is not None]
    read_s = sum(r.read_seconds for r in timed)
    floor_s = sum(r.floor_seconds or 0.0 for r in timed)
    timed_pages = sum(r.pages for r in timed)
    all_read_s = sum(r.read_seconds for r in ok)
    all_pages = sum(r.pages for r in ok)
    return {
        "documents": len(docs),
        "read": len(ok),
        "failed": {r.file: r.reason for r in docs if not r.ok},
        "pages": all_pages,
        "tables_read_mean": round(sum(read_counts) / len(ok), 2) if ok else 0.0,
        "all_nine": sum(1 for n in read_counts if n == NINE),
        "tables_read_histogram": dict(sorted(Counter(read_counts).items())),
        "missing_by_table": {t: sum(1 for r in ok if t not in r.tables_read) for t in STANDARD_TABLES},
        "titled_not_read": sum(len(r.titled_not_read) for r in ok),
        "recognised_not_read": sum(len(r.recognised_not_read) for r in ok),
        "unclaimed_title_pages": sum(len(r.unclaimed_title_pages) for r in ok),
        "checks": checks,
        "passed": passed,
        "pass_rate": _ratio(passed, checks),
        "standard_checks": std_checks,
        "standard_passed": std_passed,
        "standard_pass_rate": _ratio(std_passed, std_checks),
        "checks_by_table": {
            t: {"passed": p, "checks": c, "rate": _ratio(p, c)} for t, (p, c) in sorted(by_table.items())
        },
        "errors": sum(r.errors for r in ok),
        "warnings": sum(r.warnings for r in ok),
        "infos": sum(r.infos for r in ok),
        "errors_per_document": round(sum(r.errors for r in ok) / len(ok), 2) if ok else 0.0,
        "errors_by_rule": dict(errors_by_rule.most_common()),
        "findings_by_rule_severity": dict(findings.most_common()),
        "skipped_rules": dict(skipped.most_common()),
        "templates": dict(Counter(r.template for r in ok).most_common()),
        "kinds": dict(Counter(r.kind for r in ok).most_common()),
        "read_seconds": round(all_read_s, 3),
        "read_ms_per_page": round(1000 * all_read_s / all_pages, 2) if all_pages else None,
        "read_ms_per_document": round(1000 * all_read_s / len(ok), 1) if ok else None,
        "review_seconds": round(sum(r.review_seconds for r in ok), 3),
        "floor_seconds": round(floor_s, 4),
        "floor_ms_per_page": round(1000 * floor_s / timed_pages, 3) if timed_pages else None,
        "read_over_floor": round(read_s / floor_s, 1) if floor_s else None,
    }


def machine() -> dict[str, Any]:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
        model = cpu.get("Model name", "").strip()
        cores = cpu.get("CPU(s)", "").strip()
    except OSError:
        model, cores = platform.processor(), str(os.cpu_count())
    return {
        "cpu": model,
        "cpus": cores,
        "uname": " ".join(part for part in platform.uname() if part),
        "python": platform.python_version(),
        "pymupdf": pymupdf.VersionBind,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run(folder: Path, limit: int | None = None, rounds: int = 1) -> dict[str, Any]:
    """The whole measurement over a folder: machine facts, one record per file, the summary."""
    files = folder_files(folder, limit)
    facts = machine()
    if files:
        with contextlib.suppress(Exception):  # imports and first-use work out of the timings
            yusuan.read(files[0])
    docs = [measure_file(f, rounds) for f in files]
    return {
        "folder": str(folder),
        "machine": {**facts, "load_average_end": [round(x, 2) for x in os.getloadavg()]},
        "rounds": rounds,
        "documents": [asdict(d) for d in docs],
        "summary": summarise(docs),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    """``text`` cut and padded to ``width`` terminal columns (CJK characters take two)."""
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def _pct(p: int, c: int) -> str:
    return f"{100 * p / c:5.1f}%" if c else "    -"


def print_report(report: dict[str, Any], out: Any = sys.stdout) -> None:
    def say(line: str = "") -> None:
        print(line, file=out)

    m, s = report["machine"], report["summary"]
    load = f"load {m['load_average']} at start, {m.get('load_average_end', '-')} at end"
    say(f"machine: {m['cpu']}, {m['cpus']} CPUs, {load}; {m['uname']}")
    say(f"Python {m['python']}, PyMuPDF {m['pymupdf']}; {m['date']}; best of {report['rounds']}")
    say(f"folder: {report['folder']}")
    say()
    head = f"{'template':12} {'pp':>4} {'tab':>5} {'checks':>9} {'rate':>6} {'err':>4} {'warn':>4}"
    say(f"{_cut('file', 48)} {head} {'read s':>7} {'×floor':>6}")
    for d in report["documents"]:
        name = _cut(d["file"], 48)
        if not d["ok"]:
            say(f"{name} FAILED {d['reason']}")
            continue
        ratio = f"{d['read_seconds'] / d['floor_seconds']:6.1f}" if d["floor_seconds"] else "     -"
        say(
            f"{name} {d['template'][:12]:12} {d['pages']:4d} {len(d['tables_read']):3d}/9 "
            f"{d['passed']:4d}/{d['checks']:<4d} {_pct(d['passed'], d['checks'])} {d['errors']:4d} {d['warnings']:4d} "
            f"{d['read_seconds']:7.2f} {ratio}"
        )
    say()
    say("per document: standard tables not read; tables titled on a page but not read (title hint);")
    say("recognised but not read; pages with a table title no reading claims; unknown columns; notes")
    for d in report["documents"]:
        if not d["ok"]:
            continue
        missing = [t for t in STANDARD_TABLES if t not in d["tables_read"]]
        parts = []
        if missing:
            parts.append(f"not read: {', '.join(missing)}")
        if d["titled_not_read"]:
            parts.append(f"TITLED BUT NOT READ: {', '.join(d['titled_not_read'])}")
        if d["recognised_not_read"]:
            parts.append(f"recognised, not read: {'; '.join(d['recognised_not_read'])}")
        if d["unclaimed_title_pages"]:
            pages = "; ".join(f"p{p} {t}" for p, t in list(d["unclaimed_title_pages"].items())[:6])
            more = len(d["unclaimed_title_pages"]) - 6
            parts.append(f"unclaimed title pages: {pages}" + (f" (+{more})" if more > 0 else ""))
        if d["unknown_columns"]:
            parts.append(f"unknown columns: {d['unknown_columns']}")
        if d["notes"]:
            parts.append(f"notes: {d['notes']}")
        if parts:
            say(f"- {d['file']}")
            for p in parts:
                say(f"    {p}")
    say()
    say(f"documents: {s['documents']}, read {s['read']}, failed {len(s['failed'])}; pages {s['pages']}")
    for f, why in s["failed"].items():
        say(f"  failed {f}: {why}")
    say(
        f"standard tables read: mean {s['tables_read_mean']:.2f} of 9; all nine in {s['all_nine']} of {s['read']}; "
        f"histogram {s['tables_read_histogram']}"
    )
    say(f"documents missing each table: {s['missing_by_table']}")
    say(
        f"titled on a page but not read (title hint): {s['titled_not_read']}; recognised but not read: "
        f"{s['recognised_not_read']}; pages with a table title no reading claims: {s['unclaimed_title_pages']}"
    )
    rate = f"{100 * s['pass_rate']:.1f}%" if s["pass_rate"] is not None else "-"
    std = f"{100 * s['standard_pass_rate']:.1f}%" if s["standard_pass_rate"] is not None else "-"
    say(f"arithmetic checks, nine standard tables: {s['standard_passed']} / {s['standard_checks']} pass ({std})")
    say(f"arithmetic checks, every table read: {s['passed']} / {s['checks']} pass ({rate})")
    say("  by table: " + ", ".join(f"{t} {v['passed']}/{v['checks']}" for t, v in s["checks_by_table"].items()))
    say(
        f"review: {s['errors']} errors ({s['errors_per_document']:.1f} per document), {s['warnings']} warnings, "
        f"{s['infos']} infos"
    )
    say(f"  errors by rule: {s['errors_by_rule']}")
    say(f"  findings by rule/severity: {s['findings_by_rule_severity']}")
    say(f"  rules skipped (documents): {s['skipped_rules']}")
    say(f"templates: {s['templates']}; kinds: {s['kinds']}")
    say(
        f"time: yusuan.read {s['read_seconds']:.2f} s = {s['read_ms_per_page']} ms/page, "
        f"{s['read_ms_per_document']} ms/document; review {s['review_seconds']:.2f} s"
    )
    ratio = s["read_over_floor"]
    verdict = "" if ratio is None else ("  (target ≤ 5×: met)" if ratio <= 5 else "  (target ≤ 5×: NOT met)")
    say(
        f"floor: PyMuPDF get_text {s['floor_seconds']:.3f} s = {s['floor_ms_per_page']} ms/page; "
        f"read / floor = {ratio}×{verdict}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="only the first N files (sorted by name)")
    ap.add_argument("--rounds", type=int, default=1, help="time each file best of N (default 1)")
    ap.add_argument("--json", type=Path, default=None, help="write the whole report as JSON to this file")
    args = ap.parse_args()
    if not args.folder.is_dir():
        print(f"not a folder: {args.folder}", file=sys.stderr)
        return 2
    report = run(args.folder, args.limit, args.rounds)
    if not report["documents"]:
        print(f"no readable files in {args.folder}", file=sys.stderr)
        return 1
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
