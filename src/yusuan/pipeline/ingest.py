"""Ingesting many files: expand folders, ingest each file in its own transaction, count outcomes.

One bad file never stops the batch: every failure (unreadable, not a disclosure, a database error,
even an unexpected error in the reader) becomes a ``failed`` result naming the file and the reason,
and the store is left as it was for that file. A batch interrupted at any point (Ctrl-C, a kill)
leaves every document either fully stored or not at all; running it again skips what is stored
(same content, by SHA-256) and completes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from yusuan.store.ingest import IngestResult, Status, ingest_file, short_reason

#: The outcomes in the order the summary names them, with their Chinese names.
STATUS_NAMES: dict[Status, str] = {
    "stored": "新入库",
    "new_version": "新版本",
    "unchanged": "未变化",
    "failed": "失败",
}


@dataclass
class BatchResult:
    """The result of every file of a batch, in order."""

    results: list[IngestResult] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        """``新入库 n、新版本 n、未变化 n、失败 n``."""
        return "、".join(f"{name} {self.count(status)}" for status, name in STATUS_NAMES.items())

    @property
    def exit_code(self) -> int:
        """0 when nothing failed, 2 when some file failed."""
        return 2 if self.failures else 0


def expand(paths: Iterable[Path]) -> tuple[list[Path], list[IngestResult]]:
    """The files to ingest: a file as given, a folder's ``.txt`` files (recursively, sorted), each
    file once; a folder without any ``.txt`` file is a failure."""
    from yusuan.pipeline.review import expand as expand_paths

    found, missing = expand_paths(paths)
    seen: set[Path] = set()
    files: list[Path] = []
    for f in found:
        key = f.resolve() if f.exists() else f
        if key not in seen:
            seen.add(key)
            files.append(f)
    failures = [IngestResult(Path(m.path), "failed", m.message) for m in missing]
    return files, failures


def failure_text(result: IngestResult) -> str:
    """The Chinese reason of a failure, always naming the file."""
    message = result.message or "未知原因"
    name = str(result.path)
    return message if message.startswith(name) else f"{name}：{message}"


def ingest_one(engine: Engine, path: Path) -> IngestResult:
    """:func:`~yusuan.store.ingest.ingest_file`, with any unexpected error turned into a failure."""
    try:
        return ingest_file(engine, path)
    except Exception as exc:  # a reader or review bug, the database gone: this file fails, the batch goes on
        return IngestResult(path, "failed", f"{path}：处理时出错（{short_reason(exc)}），未入库")


def ingest_all(
    engine: Engine,
    files: Sequence[Path],
    *,
    before: Callable[[Path], None] | None = None,
    after: Callable[[IngestResult], None] | None = None,
) -> BatchResult:
    """Ingest ``files`` one by one; ``before``/``after`` are called around each (progress, output).

    Ctrl-C stops the batch after rolling back the document in hand; the result says so."""
    batch = BatchResult()
    try:
        for path in files:
            if before is not None:
                before(path)
            result = ingest_one(engine, path)
            batch.results.append(result)
            if after is not None:
                after(result)
    except KeyboardInterrupt:
        batch.interrupted = True
    return batch
