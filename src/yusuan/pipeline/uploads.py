"""Processing uploads in the background: files received, grouped into packages as the command line
groups them, read, reviewed and stored; progress readable by job id.

:class:`Uploads` is what the web uses::

    uploads = Uploads(engine, root)              # root: a folder no web server serves
    job = uploads.submit([Incoming(name, stream), ...], user="张三")
    uploads.progress(job)                        # JobProgress: 排队 / 处理中 / 完成 / 失败, a message per file
    uploads.originals(document_id)               # the files a document was read from, by hash

:meth:`Uploads.submit` receives the files at once (:func:`~yusuan.pipeline.upload_receive.receive`:
kept by SHA-256, bounded) and queues the job; one worker thread takes the jobs in order
(:func:`process_job`). A job's files are laid out in a fresh private folder under ``root/work`` —
each file a link to its kept bytes, named by a cleaned copy of its last name part (the reader and
the grouping of packages go by the name: ``X-情况说明.pdf`` + ``X-报表.pdf``), each source folder a
numbered folder — then expanded and grouped exactly as ``yusuan ingest`` does
(:func:`yusuan.pipeline.batch.collect`) and each package stored with
:func:`yusuan.store.ingest.ingest_files`. The reading of a package is bounded in time
(:func:`yusuan.read.deadline.reading_deadline`, ``seconds``). One bad file never stops the job: its
failure is its message, naming it by the name it was uploaded under. Identical content is kept once
and stored once (a second copy in the same job is reported as such; one stored before is
``unchanged``). A job is claimed before it is processed (queued → processing in one statement), so
two workers never process the same job; jobs left queued or processing when the process stopped are
taken up again when the worker starts (:func:`~yusuan.store.uploads.requeue_interrupted`: run one
worker per store, in the web server's process).
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from yusuan.errors import short_reason
from yusuan.pipeline.batch import collect
from yusuan.pipeline.upload_receive import DOCUMENT_SUFFIXES, Incoming, UploadLimits, receive, suffix_of
from yusuan.read.deadline import MAX_READ_SECONDS, reading_deadline
from yusuan.store.ingest import IngestResult, ingest_files
from yusuan.store.uploads import (
    BlobStore,
    FileProgress,
    JobProgress,
    JobStatus,
    StoredFile,
    UploadError,
    claim_job,
    create_job,
    job_progress,
    keep_document_files,
    original_files,
    requeue_interrupted,
    set_files,
    set_job,
)

__all__ = ["Incoming", "UploadLimits", "Uploads", "process_job", "safe_name", "wait_for"]

#: Characters kept in the name a file is laid out under; anything else becomes "_".
_UNSAFE = re.compile(r"[^\w（）()\[\]【】《》·.\- ]")
#: Longest stem laid out (characters; CJK takes three bytes of the 255 a name may have).
_MAX_STEM = 60


def safe_name(name: str) -> str:
    """A file name for the private work folder made from an uploaded name's last part: word
    characters (any script), a few brackets, dots, dashes and spaces kept, the rest ``_``; no leading
    dot; the stem cut to :data:`_MAX_STEM` characters; the suffix one the reader takes."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = suffix_of(last)
    stem = last[: len(last) - len(suffix)] if suffix and last.lower().endswith(suffix) else last
    stem = _UNSAFE.sub("_", stem).strip(" .") or "文件"
    return stem[:_MAX_STEM] + (suffix if suffix in DOCUMENT_SUFFIXES else ".txt")


@dataclass
class _Layout:
    """A job's files laid out for reading: the path of each, the later copies of a content with the
    first one, and the files whose kept bytes are gone."""

    laid: dict[Path, FileProgress]
    copies: list[tuple[FileProgress, FileProgress]]
    missing: list[FileProgress]


def _lay_out(blobs: BlobStore, workdir: Path, files: Sequence[FileProgress]) -> _Layout:
    """Each file of the job as a link to its bytes in ``workdir/<folder number>/<safe name>``; the
    later copies of a content (by hash) are not laid out but returned with the first one."""
    laid: dict[Path, FileProgress] = {}
    first: dict[str, FileProgress] = {}
    copies: list[tuple[FileProgress, FileProgress]] = []
    missing: list[FileProgress] = []
    folders: dict[str, Path] = {}
    for f in files:
        assert f.sha256 is not None
        if f.sha256 in first:
            copies.append((f, first[f.sha256]))
            continue
        source = blobs.path(f.sha256)
        if not source.is_file():
            missing.append(f)
            continue
        first[f.sha256] = f
        folder = folders.setdefault(f.folder, workdir / str(len(folders)))
        folder.mkdir(exist_ok=True)
        target = folder / safe_name(f.name)
        n = 2
        while target.exists():
            stem, suffix = os.path.splitext(safe_name(f.name))
            target, n = folder / f"{stem}({n}){suffix}", n + 1
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        laid[target] = f
    return _Layout(laid, copies, missing)


def _shown(message: str, laid: dict[Path, FileProgress], workdir: Path) -> str:
    """A message with the work paths replaced by the names the files were uploaded under."""
    for path in sorted(laid, key=lambda p: -len(str(p))):
        message = message.replace(str(path), laid[path].name)
    return message.replace(f"{workdir}{os.sep}", "").replace(str(workdir), "")


def _outcome_text(result: IngestResult, members: Sequence[FileProgress]) -> str:
    together = ""
    if len(members) > 1:
        together = " + ".join(m.name for m in members) + " 合为一份公开文件，"
    number = f"第 {result.disclosure_id} 号公开文件"
    text = {
        "stored": f"{together}已入库（{number}）",
        "new_version": f"{together}已入库为新版本（{number}，第 {result.version} 版）",
        "unchanged": f"内容与已入库的{number}相同，未重复入库",
        "candidate": f"{together}已入库但未设为当前版本（{number}，待确认）",
    }.get(result.status, "")
    return f"{text}；{result.message}" if result.message and result.status != "unchanged" else text


@dataclass(frozen=True)
class _Outcome:
    status: JobStatus
    outcome: str | None
    message: str
    disclosure_id: int | None = None


def _set(engine: Engine, file_ids: list[int], outcome: _Outcome) -> None:
    set_files(
        engine,
        file_ids,
        outcome.status,
        outcome=outcome.outcome,
        message=outcome.message,
        disclosure_id=outcome.disclosure_id,
    )


def _ingest(engine: Engine, files: tuple[Path, ...], label: str, seconds: float) -> IngestResult:
    try:
        with reading_deadline(label, seconds):
            return ingest_files(engine, files)
    except Exception as exc:  # a reader bug: this package fails, the job goes on
        return IngestResult(label, "failed", f"{label}：处理时出错（{short_reason(exc)}），未入库")


def process_job(engine: Engine, blobs: BlobStore, job_id: int, *, seconds: float = MAX_READ_SECONDS) -> JobProgress:
    """Process the queued files of one job (see the module docstring); its progress at the end. A job
    that is not queued (another worker took it, or it is finished) is left as it is."""
    if not claim_job(engine, job_id):
        return job_progress(engine, job_id)  # taken by another worker, or finished
    progress = job_progress(engine, job_id)
    files = [f for f in progress.files if f.status in ("queued", "processing") and f.sha256]
    blobs.work.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f"job-{job_id}-", dir=blobs.work))
    try:
        layout = _lay_out(blobs, workdir, files)
        laid = layout.laid
        packages, failures, duplicates = collect(list(laid))
        outcome: dict[int, _Outcome] = {}
        for gone in layout.missing:
            outcome[gone.id] = _Outcome("failed", "failed", f"{gone.name}：文件存储中已找不到该文件的内容，未处理")
            _set(engine, [gone.id], outcome[gone.id])
        for failure in failures:  # not expected for laid-out files; said if it happens
            f = laid[Path(failure.path)]
            outcome[f.id] = _Outcome("failed", "failed", _shown(failure.message, laid, workdir))
            _set(engine, [f.id], outcome[f.id])
        for dup in duplicates:
            f, same = laid[Path(dup.path)], laid[Path(dup.same_as)]
            outcome[f.id] = _Outcome("done", "unchanged", f"与 {same.name} 内容相同，只保存一份")
            _set(engine, [f.id], outcome[f.id])
        for package in packages:
            members = [laid[p] for p in package.files]
            ids = [m.id for m in members]
            set_files(engine, ids, "processing")
            label = " + ".join(m.name for m in members)
            result = _ingest(engine, package.files, label, seconds)
            if result.status == "failed":
                entry = _Outcome("failed", "failed", _shown(result.message, laid, workdir) or f"{label}：未能入库")
            else:
                text = _shown(_outcome_text(result, members), laid, workdir)
                entry = _Outcome("done", result.status, text, result.disclosure_id)
                if result.disclosure_id is not None:
                    keep_document_files(
                        engine,
                        result.disclosure_id,
                        [  # named as the reader named them (Evidence.file of a package)
                            StoredFile(n, path.name, m.sha256 or "", m.size, suffix_of(path.name).lstrip("."))
                            for n, (path, m) in enumerate(zip(package.files, members, strict=True), start=1)
                        ],
                    )
            for m in members:
                outcome[m.id] = entry
            _set(engine, ids, entry)
        for copy, original in layout.copies:
            first = outcome.get(original.id, _Outcome("failed", "failed", ""))
            text = f"与本次上传的 {original.name} 内容相同，只保存、处理一份"
            _set(engine, [copy.id], _Outcome(first.status, first.outcome, text, first.disclosure_id))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    done = job_progress(engine, job_id)
    set_job(engine, job_id, "failed" if done.files and not done.count("done") else "done", _summary(done))
    return job_progress(engine, job_id)


def _summary(progress: JobProgress) -> str:
    """``完成 n 个文件，失败 m 个`` and the ingest outcomes."""
    names = {"stored": "新入库", "new_version": "新版本", "unchanged": "未变化", "candidate": "待确认"}
    outcomes = [f.outcome for f in progress.files if f.status == "done"]
    parts = [f"{zh} {outcomes.count(k)}" for k, zh in names.items() if outcomes.count(k)]
    text = f"完成 {progress.count('done')} 个文件，失败 {progress.count('failed')} 个"
    return text + (f"（{'、'.join(parts)}）" if parts else "")


class Uploads:
    """Uploads of one store: received at once, processed by one background worker thread."""

    def __init__(
        self,
        engine: Engine,
        root: Path | str,
        limits: UploadLimits | None = None,
        *,
        seconds: float = MAX_READ_SECONDS,
        start: bool = True,
    ) -> None:
        self.engine = engine
        self.blobs = BlobStore(root)
        self.limits = limits or UploadLimits()
        self.seconds = seconds
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        if start:
            self.start()

    def start(self) -> None:
        """Start the worker (once); jobs left unfinished by an earlier process are queued first."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            for job in requeue_interrupted(self.engine):
                self._queue.put(job)
            self._thread = threading.Thread(target=self._run, name="yusuan-uploads", daemon=True)
            self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop the worker after the job in hand."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                process_job(self.engine, self.blobs, job, seconds=self.seconds)
            except Exception as exc:  # the store went away, the disk is full: this job fails, the worker goes on
                with contextlib.suppress(Exception):
                    set_job(self.engine, job, "failed", f"处理时出错（{short_reason(exc)}）")

    def submit(self, items: Iterable[Incoming], user: str = "") -> int:
        """Receive the files of one upload and queue the job; its id."""
        received = receive(self.blobs, items, self.limits)
        job = create_job(self.engine, user, received)
        if any(r.sha256 for r in received):
            self._queue.put(job)
        return job

    def progress(self, job_id: int) -> JobProgress:
        return job_progress(self.engine, job_id)

    def originals(self, document_id: int) -> list[tuple[StoredFile, Path]]:
        """The files a stored document was read from, with the paths of their kept bytes."""
        return original_files(self.engine, self.blobs, document_id)


def wait_for(engine: Engine, job_id: int, timeout: float = 60.0, poll: float = 0.05) -> JobProgress:
    """The job's progress once it is finished; an :class:`UploadError` after ``timeout`` seconds."""
    ends = time.monotonic() + timeout
    while True:
        progress = job_progress(engine, job_id)
        if progress.finished:
            return progress
        if time.monotonic() > ends:
            raise UploadError(
                f"上传任务 {job_id} 在 {timeout:g} 秒内未完成（{progress.status_zh}）", code="upload.timeout"
            )
        time.sleep(poll)
