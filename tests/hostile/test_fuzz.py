"""Fuzzing the readers (issue 13): truncated, bit-flipped, spliced and padded versions of good files of
every format (PDF, DOCX, XLSX, HTML, extracted text — built from the consistent sample, and real
files of the shared corpus when it is mounted), under their own name or another format's. Each case
ends in a :class:`~yusuan.model.Disclosure` or a :class:`~yusuan.errors.YusuanError` with a Chinese
message naming the file — never another exception — within a bounded time; a few go through the
command line in-process and end with exit 0/1/2/3 and no traceback.

Bounded in CI: a few dozen examples, each under :data:`SECONDS`. The larger run (``@pytest.mark.slow``)
runs when ``YUSUAN_SLOW=1``: ``YUSUAN_SLOW=1 pytest tests/hostile/test_fuzz.py -m slow``."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import yusuan
from tests.hostile.files import good_files
from yusuan.cli import app
from yusuan.errors import YusuanError

#: Seconds one case may take (the readers' own bounds keep every good file far under it).
SECONDS = 30.0
SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".txt", ".xls")
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
#: Small real files of the corpus (one per format it has), fuzzed when the corpus is mounted.
CORPUS_FILES = ("hangzhou-2026-气象局.pdf", "xlsx/shanghai-putuo-2026-unit-budget.xlsx")
SLOW = os.environ.get("YUSUAN_SLOW") == "1"

runner = CliRunner()


@st.composite
def mutated(draw: st.DrawFn, sources: dict[str, bytes]) -> tuple[str, bytes]:
    """A file name suffix and hostile bytes derived from one of ``sources`` (suffix → bytes)."""
    suffix = draw(st.sampled_from(sorted(sources)))
    data = sources[suffix]

    def at(length: int) -> int:  # a position spread over the whole file (hypothesis favours small ints)
        return draw(st.integers(0, 1000)) * length // 1000

    how = draw(st.sampled_from(["truncate", "flip", "splice", "insert", "zero"]))
    if how == "truncate":
        data = data[: max(1, min(at(len(data)), len(data) - 1))]
    elif how == "flip":
        flipped = bytearray(data)
        for _ in range(draw(st.integers(1, 40))):
            flipped[min(at(len(data)), len(data) - 1)] ^= draw(st.integers(1, 255))
        data = bytes(flipped)
    elif how == "splice":
        other = sources[draw(st.sampled_from(sorted(sources)))]
        data = data[: at(len(data))] + other[min(at(len(other)), len(other) - 1) :]
    elif how == "insert":
        where = at(len(data))
        data = data[:where] + draw(st.binary(min_size=1, max_size=300)) + data[where:]
    else:  # a run of zeros over the middle (a download that wrote holes)
        where, size = at(len(data)), draw(st.integers(1, 4096))
        data = data[:where] + bytes(len(data[where : where + size])) + data[where + size :]
    name = draw(st.sampled_from([suffix, suffix, *SUFFIXES]))
    return name, data


def _read_one(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{name}"
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            d = yusuan.read(path)
        except YusuanError as exc:
            event(exc.code)
            assert str(exc).startswith(f"{path}："), str(exc)  # names the file
            assert exc.code.startswith("read."), exc.code
        else:
            event("read" + (" (with reading problems)" if d.problems else ""))
            assert d.source == path.name
        assert time.perf_counter() - started < SECONDS


def _corpus() -> dict[str, bytes]:
    found = {f".{name}": (CORPUS / name).read_bytes() for name in CORPUS_FILES if (CORPUS / name).exists()}
    if not found:
        pytest.skip(f"the shared corpus is not mounted ({CORPUS} is missing): real files are not fuzzed")
    return {Path(k).suffix: v for k, v in found.items()}


_FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@_FUZZ
@given(case=mutated(good_files()))
def test_generated_files_mutated(case: tuple[str, bytes]) -> None:
    _read_one(*case)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_real_files_mutated(data: st.DataObject) -> None:
    _read_one(*data.draw(mutated(_corpus())))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=mutated(good_files()))
def test_the_command_line_never_shows_a_traceback(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{name}"
        path.write_bytes(data)
        result = runner.invoke(app, ["review", str(path)])
        assert result.exit_code in (0, 1, 2, 3), (result.exit_code, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(not SLOW, reason="the larger fuzz run: set YUSUAN_SLOW=1")
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=mutated(good_files()))
def test_generated_files_mutated_at_length(case: tuple[str, bytes]) -> None:
    _read_one(*case)
