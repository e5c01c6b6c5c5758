"""Synthetic corpus benchmark: ``yusuan synth`` time and peak memory, at two sizes.

Runs the real command (``python -m yusuan synth``) in a child process for each ``--counts`` size,
into a temporary folder, and reports wall time, documents per second and the child's peak resident
memory (``ru_maxrss``). Memory is bounded when the peak does not grow with the count.

    .venv/bin/python benchmarks/synth.py --counts 1000 10000 --formats txt,json --defects 0.1
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(count: int, formats: str, defects: float, seed: int) -> tuple[float, float, int, int]:
    """(seconds, peak MiB, files written, bytes written) of one ``yusuan synth`` run."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            "-m",
            "yusuan",
            "synth",
            "--count",
            str(count),
            "--seed",
            str(seed),
            "-o",
            tmp,
            "--formats",
            formats,
            "--defects",
            str(defects),
        ]
        started = time.perf_counter()
        child = subprocess.Popen(command)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            raise SystemExit(f"yusuan synth exited with status {status}")
        files = list(Path(tmp).iterdir())
        size = sum(f.stat().st_size for f in files)
        return elapsed, usage.ru_maxrss / 1024, len(files), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--formats", default="txt,json")
    parser.add_argument("--defects", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = [(count, *run(count, args.formats, args.defects, args.seed)) for count in args.counts]
    print()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(f"command: yusuan synth --count N --seed {args.seed} --formats {args.formats} --defects {args.defects}")
    for count, seconds, peak, files, size in results:
        print(
            f"count {count:6d}: {seconds:8.1f} s  {count / seconds:7.1f} docs/s  peak RSS {peak:6.1f} MiB  "
            f"{files} files, {size / 2**20:.0f} MiB written"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
