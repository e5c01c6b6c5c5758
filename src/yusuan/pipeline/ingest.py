"""The store's sink of the batch driver: each package read, reviewed and stored in its own transaction.

One bad package never stops the batch: every failure (unreadable, not a disclosure, a database
error, even an unexpected error in the reader) becomes a ``failed`` result naming the files and
the reason, and the store is left as it was for that package. A package with nothing read is a
failure too; one read worse than the stored current version is kept aside as a ``candidate``
(stored, not current; see :mod:`yusuan.store.quality`). A batch interrupted at any point
(Ctrl-C, a kill) leaves every document either fully stored or not at all; running it again skips
what is stored (same content, by SHA-256) and completes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from yusuan.errors import short_reason
from yusuan.pipeline.batch import Package, collect, drive
from yusuan.pipeline.upload_receive import suffix_of
from yusuan.store.ingest import IngestResult, Status, ingest_files
from yusuan.store.uploads import BlobStore, StoredFile, document_files, keep_document_files

#: The largest file kept for the workbench (the reader refuses larger ones anyway).
MAX_KEPT_BYTES = 1 << 30

#: The outcomes in the order the summary names them, with their Chinese names.
STATUS_NAMES: dict[Status, str] = {
    "stored": "新入库",
    "new_version": "新版本",
    "unchanged": "未变化",
    "failed": "失败",
    "candidate": "待确认",
}
#: Outcomes the summary names only when some package had them.
_NAMED_WHEN_SEEN: frozenset[Status] = frozenset({"candidate"})


@dataclass
class BatchResult:
    """The result of every package of a batch, in order."""

    results: list[IngestResult] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        """``新入库 n、新版本 n、未变化 n、失败 n`` (and ``待确认 n`` when some version was kept aside)."""
        return "、".join(
            f"{name} {self.count(status)}"
            for status, name in STATUS_NAMES.items()
            if status not in _NAMED_WHEN_SEEN or self.count(status)
        )

    @property
    def exit_code(self) -> int:
        """0 when nothing failed, 2 when some package failed (130 after Ctrl-C)."""
        return 130 if self.interrupted else 2 if self.failures else 0


def failure_text(result: IngestResult) -> str:
    """The Chinese reason of a failure, always naming the file."""
    message = result.message or "未知原因"
    name = str(result.path)
    return message if message.startswith(name) else f"{name}：{message}"


def _label(package: Package) -> Path | str:
    return package.files[0] if len(package.files) == 1 else package.name


def ingest_package(
    engine: Engine, package: Package, *, force: bool = False, keep: BlobStore | None = None
) -> IngestResult:
    """Read, review and store one package (:func:`~yusuan.store.ingest.ingest_files`); with ``keep``, its
    original files are kept there by content for the workbench's page images (as an upload keeps them)."""
    result = ingest_files(engine, package.files, force=force)
    if keep is not None and result.disclosure_id is not None and result.status != "failed":
        if document_files(engine, result.disclosure_id):
            return result  # kept already (the same files ingested again): not copied again
        kept: list[StoredFile] = []
        for n, path in enumerate(package.files, start=1):
            with path.open("rb") as stream:
                sha, size = keep.put(stream, MAX_KEPT_BYTES)
            kept.append(StoredFile(n, path.name, sha, size, suffix_of(path.name).lstrip(".")))
        keep_document_files(engine, result.disclosure_id, kept)  # a document keeps the files first recorded
    return result


def _failed(package: Package, exc: BaseException) -> IngestResult:
    return IngestResult(_label(package), "failed", f"{package.name}：处理时出错（{short_reason(exc)}），未入库")


def ingest_packages(
    engine: Engine,
    items: Iterable[Package],
    *,
    before: Callable[[Package], None] | None = None,
    after: Callable[[IngestResult], None] | None = None,
    force: bool = False,
    keep: BlobStore | None = None,
) -> BatchResult:
    """Ingest the packages one by one; Ctrl-C stops the batch after rolling back the document in
    hand, and the result says so. ``force``: a worse reading replaces the current version anyway; ``keep``:
    where the original files are kept."""
    run = drive(
        list(items),
        lambda p: ingest_package(engine, p, force=force, keep=keep),
        _failed,
        before=before,
        after=after,
        interruptible=True,
    )
    return BatchResult(run.results, run.interrupted)


def ingest_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    as_one: bool = False,
    separate: bool = False,
    start: Callable[[int], None] | None = None,
    before: Callable[[Package], None] | None = None,
    after: Callable[[IngestResult], None] | None = None,
    force: bool = False,
    keep: BlobStore | None = None,
) -> BatchResult:
    """Expand, group and ingest: the whole batch, the inputs that failed before reading first, then
    the copies of another file of the batch (``unchanged``, not read).
    ``start`` is told the number of packages before the first is read (a progress bar)."""
    items, missing, duplicates = collect(paths, as_one=as_one, separate=separate)
    if start is not None:
        start(len(items))
    early = [IngestResult(Path(m.path), "failed", m.message) for m in missing]
    # A copy of another file of the batch is read once: the copy is unchanged by definition.
    early += [IngestResult(Path(d.path), "unchanged", f"与 {d.same_as} 内容相同，已跳过") for d in duplicates]
    for result in early:
        if after is not None:
            after(result)
    batch = ingest_packages(engine, items, before=before, after=after, force=force, keep=keep)
    batch.results[:0] = early
    return batch
