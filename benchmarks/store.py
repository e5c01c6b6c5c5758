"""Store throughput and compare latency over synthetic disclosures, on SQLite and PostgreSQL.

Usage: .venv/bin/python benchmarks/store.py [--count 10000] [--sample 200] [--rounds 7] [--seed 1]
                                            [--pg URL] [--no-pg]

For each backend the script builds a store of ``--count`` synthetic disclosures (yusuan.synth.generate):

1. the real path for the first ``--sample`` documents: render the package to a file, then
   ``ingest_file`` (read, parse, review, store) — documents per second;
2. the direct path for the rest: ``store_disclosure`` with the generated model (review and store, no
   parsing), which is how the big store is built quickly — documents per second;
3. ``yusuan.store.compare.compare(engine, year=…)`` for one budget year and for all years, median of
   ``--rounds`` runs after a warm-up, with the round trip of a bare ``SELECT count(*) FROM figures``
   measured in the same run as the baseline.

SQLite goes to a temporary file. PostgreSQL gets a database of its own (``yusuan_bench``), created
through the server at ``--pg`` (default: the test server) and dropped at the end; when no server
answers, the PostgreSQL part is skipped with a message. Peak memory is the process's maximum
resident set size (``resource.getrusage``). Target (issue 4): compare over 10,000 disclosures under
1 s on both backends.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, make_url, text

from yusuan.review.engine import review
from yusuan.store.db import open_store
from yusuan.store.ingest import Source, ingest_file, store_disclosure
from yusuan.synth.generate import generate, render_package

PG_DEFAULT = os.environ.get("YUSUAN_TEST_PG", "postgresql+psycopg://yusuan:yusuan@127.0.0.1:5432/yusuan_test")
BENCH_DB = "yusuan_bench"

try:
    from yusuan.store.compare import compare as _compare

    def run_compare(engine: Engine, year: int | None) -> int:
        return len(_compare(engine, year=year).rows)

    COMPARE = "yusuan.store.compare.compare"
except ImportError:  # compare not written yet: time the query it will need, over figures
    _PLAIN = (
        "SELECT d.id, d.year, d.level, d.region, f.total, f.basic, f.project, f.personnel, f.public, "
        "f.three_public, f.staff FROM figures f JOIN disclosures d ON d.id = f.disclosure_id "
        "WHERE d.current AND (:year IS NULL OR d.year = :year)"
    )

    def run_compare(engine: Engine, year: int | None) -> int:
        with engine.connect() as c:
            return len(c.execute(text(_PLAIN), {"year": year}).all())

    COMPARE = "plain SQL over figures (yusuan.store.compare not available)"


def peak_mib() -> float:
    """Maximum resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines()
                       if ln.startswith("MemTotal"))
        memory = f", {mem_kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = ""
    load = f", load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} cores{memory}{load}; {platform.system()} {platform.machine()}, " \
           f"Python {platform.python_version()}"


def timed(fn: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    """Median seconds over ``rounds`` runs after one warm-up run, and the warm-up's result."""
    result = fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def build(engine: Engine, count: int, sample: int, seed: int, workdir: Path) -> dict[str, float]:
    """Ingest ``sample`` documents through files and the rest directly; return the rates."""
    docs = generate(count, seed)
    t0 = time.perf_counter()
    for n, d in enumerate(islice(docs, sample)):
        path = workdir / f"{n:05d}.txt"
        path.write_text(render_package(d), encoding="utf-8")
        result = ingest_file(engine, path)
        if result.status not in ("stored", "new_version"):
            raise SystemExit(f"ingest failed: {result.message}")
    real = time.perf_counter() - t0
    t0 = time.perf_counter()
    storing = 0.0
    rest = 0
    for d in docs:
        data = render_package(d).encode("utf-8")
        t1 = time.perf_counter()
        result = store_disclosure(engine, d, review(d), [Source.of(d.source, data)])
        storing += time.perf_counter() - t1
        if result.status not in ("stored", "new_version"):
            raise SystemExit(f"store failed: {result.message}")
        rest += 1
    direct = time.perf_counter() - t0
    return {
        "real": sample / real if real else 0.0,
        "direct": rest / direct if direct else 0.0,
        "store_only": rest / storing if storing else 0.0,
        "rest": rest,
        "build_s": real + direct,
    }


def measure(name: str, engine: Engine, args: argparse.Namespace, workdir: Path) -> None:
    print(f"\n== {name} ==")
    with engine.connect() as c:
        version = c.execute(text("select sqlite_version()" if name == "SQLite" else "show server_version")).scalar()
    print(f"server: {name} {version}")
    rates = build(engine, args.count, args.sample, args.seed, workdir)
    with engine.connect() as c:
        stored = c.execute(text("SELECT count(*) FROM figures")).scalar_one()
        years = [y for (y,) in c.execute(text("SELECT DISTINCT year FROM disclosures ORDER BY year"))]
    print(f"stored: {stored} disclosures (years {years[0]}–{years[-1]}) in {rates['build_s']:.0f} s; "
          f"peak memory so far {peak_mib():.0f} MiB")
    print(f"real path (render + ingest_file, {args.sample} docs):    {rates['real']:7.1f} docs/s")
    print(f"direct path (generate + render + store_disclosure, {rates['rest']:.0f} docs): {rates['direct']:7.1f} docs/s"
          f" (store_disclosure alone {rates['store_only']:.1f} docs/s)")

    def count_figures() -> int:
        with engine.connect() as c:
            return int(c.execute(text("SELECT count(*) FROM figures")).scalar_one())

    base, _ = timed(count_figures, args.rounds)
    year = 2024
    one, rows_year = timed(lambda: run_compare(engine, year), args.rounds)
    every, rows_all = timed(lambda: run_compare(engine, None), args.rounds)
    print(f"baseline SELECT count(*) FROM figures:      {base * 1000:8.2f} ms")
    print(f"compare(year={year}) over {rows_year:5d} disclosures: {one * 1000:8.2f} ms  (median of {args.rounds})")
    print(f"compare() over all {rows_all:5d} disclosures:     {every * 1000:8.2f} ms  (median of {args.rounds})")
    verdict = "met" if max(one, every) < 1 else "NOT met"
    print(f"target compare < 1 s over {stored} disclosures: {verdict}")


@contextmanager
def postgres(url: str) -> Iterator[Engine | None]:
    """An engine on a fresh ``yusuan_bench`` database, dropped afterwards; None when unreachable."""
    admin_url = make_url(url)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}"'))
            c.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    except Exception as exc:  # no server, no role, no driver
        print(f"\n== PostgreSQL ==\nskipped: PostgreSQL not reachable at {admin_url.render_as_string()} "
              f"({type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''})")
        yield None
        return
    engine = open_store(admin_url.set(database=BENCH_DB).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}"'))
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--sample", type=int, default=200, help="documents ingested through files (the real path)")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pg", default=PG_DEFAULT, help="a PostgreSQL URL whose role may create databases")
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()
    if not 0 <= args.sample <= args.count:
        ap.error("--sample must be between 0 and --count")
    print(f"machine: {machine()}")
    print(f"date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"documents: {args.count} synthetic (seed {args.seed}), real-path sample {args.sample}; compare: {COMPARE}")
    with tempfile.TemporaryDirectory(prefix="yusuan-bench-") as tmp:
        work = Path(tmp)
        (work / "sqlite").mkdir()
        engine = open_store(f"sqlite:///{work / 'bench.sqlite'}")
        try:
            measure("SQLite", engine, args, work / "sqlite")
        finally:
            engine.dispose()
        if not args.no_pg:
            with postgres(args.pg) as pg:
                if pg is not None:
                    (work / "pg").mkdir()
                    measure("PostgreSQL", pg, args, work / "pg")
    print(f"\npeak memory (max RSS of the run): {peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
