"""Run readers on hostile files in a child process and measure each: seconds, and the growth of the
peak resident memory during the read over the resident memory just before it (the kernel's peak
mark is reset before each case through ``/proc/self/clear_refs``).

Usage: ``python -m tests.readers.hostile_probe CASES.json``, where the file holds a list of
``[name, reader, path]``; prints one JSON object per case. The address space is capped
(``RLIMIT_AS``) so that a reader that runs away fails here instead of taking the machine down.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _readers() -> dict[str, Callable[[Path], Any]]:
    import yusuan
    from yusuan.read.formats.docx import read_docx
    from yusuan.read.formats.html import read_html
    from yusuan.read.formats.xlsx import read_xls, read_xlsx

    def allocate(path: Path) -> bytes:
        """The meter's control: holds 100 MB, touched (the peak must grow by about that much)."""
        return b"x" * (100 * 1024 * 1024)

    return {
        "docx": read_docx,
        "xlsx": read_xlsx,
        "xls": read_xls,
        "html": read_html,
        "read": yusuan.read,
        "control": allocate,
    }


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS; False where not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _measure(run: Callable[[], Any]) -> float:
    """Peak RSS during ``run`` minus RSS before it, in MB (whatever ``run`` raises propagates)."""
    if _reset_peak():
        before = _status_mb("VmRSS")
        try:
            run()
        finally:
            _measure.last = _status_mb("VmHWM") - before  # type: ignore[attr-defined]
        return float(_measure.last)  # type: ignore[attr-defined]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # fallback: growth of the peak
    try:
        run()
    finally:
        _measure.last = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before  # type: ignore[attr-defined]
    return float(_measure.last)  # type: ignore[attr-defined]


def main(cases_file: str) -> None:
    from yusuan.read.errors import ReadError

    readers = _readers()
    cases = json.loads(Path(cases_file).read_text())
    warm = [c for c in cases if c[0] == "warm-up"]
    for _, reader, path in warm:  # load the libraries' lazy parts before the baseline
        readers[reader](Path(path))
    soft_hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        vm = int(fh.read().split()[0]) * resource.getpagesize()
    cap = vm + 2 * 1024**3
    hard = soft_hard[1]
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    for name, reader, path in cases:
        if name == "warm-up":
            continue
        start = time.perf_counter()
        outcome: dict[str, Any] = {"name": name, "path": path}
        try:
            _measure(lambda r=readers[reader], p=Path(path): r(p))
            outcome["error"] = None
        except ReadError as exc:
            outcome["error"] = str(exc)
        except BaseException as exc:  # anything else is a failure the test reports
            outcome["crash"] = f"{type(exc).__name__}: {exc}"[:500]
        outcome["seconds"] = round(time.perf_counter() - start, 3)
        outcome["peak_growth_mb"] = round(float(_measure.last), 1)  # type: ignore[attr-defined]
        print(json.dumps(outcome, ensure_ascii=False), flush=True)


def probe(cases: list[list[str]], folder: Path, timeout: float = 300) -> dict[str, dict[str, Any]]:
    """Run ``cases`` ([name, reader, path]; a ``warm-up`` case first loads the libraries) in a child process
    and return each case's outcome by name: ``error`` (a ReadError's message, or None), ``crash`` (any
    other exception), ``seconds`` and ``peak_growth_mb``."""
    import json
    import subprocess

    listing = folder / "cases.json"
    listing.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "tests.readers.hostile_probe", str(listing)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found = (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))
    return {r["name"]: r for r in found}


if __name__ == "__main__":
    main(sys.argv[1])
