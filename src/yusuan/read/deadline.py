"""A bound on the time the reading of one document takes.

The size, page, row, cell, span and element bounds of the readers keep every file within a known
cost; this one is the last line: whatever a file does that those bounds do not foresee, its reading
stops after :data:`MAX_READ_SECONDS` seconds of wall-clock time with a
:class:`~yusuan.read.errors.ReadError` ``read.too_slow``, and a batch goes on with the next file.

A reader opens the bound with :func:`reading_deadline` around the reading of one document (an inner
call inside an outer one keeps the outer bound: a package read as one document has one bound) and
calls :func:`check` at its loop boundaries — per page, per table, per few thousand rows. Where no
bound is open, :func:`check` does nothing. The clock is checked, never interrupted: the cost between
two checks must stay bounded by the readers' other limits.

The largest real document (2,000 pages, the page bound) reads in about 10 s at the measured
~5 ms per page, so the bound is about ten times that.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from yusuan.read.errors import ReadError

__all__ = ["MAX_READ_SECONDS", "Deadline", "check", "reading_deadline"]

#: Wall-clock seconds the reading of one document may take.
MAX_READ_SECONDS = 120.0


@dataclass(frozen=True)
class Deadline:
    name: str  # the file, as the message names it
    seconds: float
    ends: float  # time.monotonic() when the bound is passed

    def check(self, where: str = "") -> None:
        if time.monotonic() > self.ends:
            raise ReadError(
                f"{self.name}：{where}读取用时超过上限 {self.seconds:g} 秒（文件过大或过于复杂），拒绝读取",
                code="read.too_slow",
            )


_CURRENT: ContextVar[Deadline | None] = ContextVar("yusuan_read_deadline", default=None)


@contextmanager
def reading_deadline(path: str | Path, seconds: float | None = None) -> Iterator[Deadline]:
    """Bound the reading of ``path`` to ``seconds`` (:data:`MAX_READ_SECONDS` by default) within the
    block; inside an open bound, the open one is kept."""
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    limit = MAX_READ_SECONDS if seconds is None else seconds
    deadline = Deadline(str(path), limit, time.monotonic() + limit)
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)


def check(where: str = "") -> None:
    """Raise ``read.too_slow`` when the open bound is passed (``where``: 第 3 页 …); else nothing."""
    deadline = _CURRENT.get()
    if deadline is not None:
        deadline.check(where)
