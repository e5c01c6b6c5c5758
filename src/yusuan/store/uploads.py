"""Uploaded files: their bytes kept by SHA-256, the upload jobs and the files of each stored document.

**Bytes** (:class:`BlobStore`): an uploaded file is kept under a root folder the caller configures —
one that no web server serves — as ``blobs/<aa>/<bb>/<sha256>``: the name is the hash of the bytes and
nothing else, so no name a user sent ever becomes a path, and identical content is kept once. A file
is written to ``incoming/`` under a random name while it is hashed, then renamed into place.

**Jobs** (:class:`UploadJob`, :class:`UploadFile`): one row per upload and one per file in it (a zip's
members are files of the job), each with its status — 排队 (queued), 处理中 (processing), 完成 (done),
失败 (failed) — and a Chinese message; :func:`job_progress` reads them by job id.

**Documents' files** (:class:`DocumentFile`): the files a stored document was read from (one, or the
files of a package), in order, with the name they were uploaded under and their hash: the original
bytes of a document are :func:`original_files` (the workbench renders its pages from them).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Literal, get_args

from sqlalchemy import BigInteger, DateTime, Engine, ForeignKey, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from yusuan.errors import YusuanError
from yusuan.store.db import check_id
from yusuan.store.schema import Base, DisclosureRecord, cut

JobStatus = Literal["queued", "processing", "done", "failed"]
JOB_STATUSES: tuple[JobStatus, ...] = get_args(JobStatus)
#: The Chinese names of the statuses of a job and of its files.
STATUS_ZH: dict[str, str] = {"queued": "排队", "processing": "处理中", "done": "完成", "failed": "失败"}
#: Bytes copied at a time.
CHUNK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: Characters no stored text keeps: PostgreSQL refuses NUL in text (SQLite would keep it).
_NUL = "\x00"


def _text(value: str) -> str:
    return value.replace(_NUL, "")


class UploadError(YusuanError):
    """An upload that cannot be taken or a file that cannot be found; the message is Chinese."""

    default_code = "upload.refused"


def _now() -> datetime:
    return datetime.now(UTC)


class UploadJob(Base):
    """One upload: one or many files, processed together in the background."""

    __tablename__ = "upload_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    #: queued | processing | done | failed
    status: Mapped[str] = mapped_column(String(12), default="queued")
    message: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UploadFile(Base):
    """One file of an upload (a zip's member is one too)."""

    __tablename__ = "upload_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("upload_jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    #: The file's name as uploaded (its last part only): shown, never used as a path.
    name: Mapped[str] = mapped_column(String(500))
    #: The folder it was in: the zip's name and the member's folder ("" for a file uploaded alone).
    folder: Mapped[str] = mapped_column(String(500), default="")
    #: The SHA-256 of its bytes; None when it was refused before being kept.
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    #: queued | processing | done | failed
    status: Mapped[str] = mapped_column(String(12), default="queued")
    #: The ingest outcome: stored | new_version | unchanged | candidate | failed.
    outcome: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text, default="")
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id", ondelete="SET NULL"), index=True)


class DocumentFile(Base):
    """One file a stored document was read from, in the order it was read, under the name the reader
    gave it (the uploaded name, cleaned where it had characters a file name should not have): the
    name :attr:`yusuan.review.finding.Evidence.file` gives in a package (:func:`file_of`)."""

    __tablename__ = "document_files"
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str] = mapped_column(String(20))


# --- bytes -----------------------------------------------------------------------------------------


class TooLarge(UploadError):
    default_code = "upload.too_large"


class BlobStore:
    """Files kept by the SHA-256 of their bytes under ``root`` (see the module docstring)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    @property
    def incoming(self) -> Path:
        return self.root / "incoming"

    @property
    def work(self) -> Path:
        """Where a job's files are laid out for reading (removed after the job)."""
        return self.root / "work"

    def path(self, sha256: str) -> Path:
        """Where the bytes of ``sha256`` are kept; an :class:`UploadError` for anything but a hash."""
        if not _SHA256.fullmatch(sha256):
            raise UploadError(f"“{sha256[:80]}”不是文件的 SHA-256 值", code="upload.bad_hash")
        return self.root / "blobs" / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, stream: IO[bytes], limit: int) -> tuple[str, int]:
        """Copy ``stream`` in, hashing it; its SHA-256 and size. More than ``limit`` bytes raise
        :class:`TooLarge`, no bytes an :class:`UploadError` (nothing is kept). Content already kept is
        not written twice."""
        self.incoming.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=self.incoming)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"超过上限 {limit // CHUNK} MB")
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise UploadError("文件是空的", code="upload.empty")
            sha = digest.hexdigest()
            self.adopt(Path(temporary), sha)
            return sha, size
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)

    def adopt(self, temporary: Path, sha256: str) -> Path:
        """Move a file whose hash is ``sha256`` into place (dropped when the content is kept already)."""
        target = self.path(sha256)
        if target.is_file():
            temporary.unlink(missing_ok=True)
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
        return target


# --- jobs ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """One file of an upload as received: kept (``sha256`` set) or refused (``message`` says why)."""

    name: str
    folder: str
    sha256: str | None
    size: int
    message: str = ""


def create_job(engine: Engine, user: str, files: Sequence[Received]) -> int:
    """A job with its files: queued where kept, failed (with the message) where refused."""
    with Session(engine) as session, session.begin():
        job = UploadJob(created_by=cut(UploadJob, "created_by", _text(user or "")), status="queued")
        session.add(job)
        session.flush()
        for n, f in enumerate(files, start=1):
            session.add(
                UploadFile(
                    job_id=job.id,
                    position=n,
                    name=cut(UploadFile, "name", _text(f.name)),
                    folder=cut(UploadFile, "folder", _text(f.folder)),
                    sha256=f.sha256,
                    size=f.size,
                    status="queued" if f.sha256 else "failed",
                    outcome=None if f.sha256 else "failed",
                    message=_text(f.message),
                )
            )
        if not any(f.sha256 for f in files):
            job.status = "failed"
            job.message = "没有可处理的文件" if not files else "所有文件都未能接收"
            job.finished_at = _now()
        return job.id


def set_job(engine: Engine, job_id: int, status: JobStatus, message: str = "") -> None:
    done = status in ("done", "failed")
    with Session(engine) as session, session.begin():
        values: dict[str, object] = {"status": status, "message": _text(message)}
        if done:
            values["finished_at"] = _now()
        session.execute(update(UploadJob).where(UploadJob.id == job_id).values(**values))


def set_files(
    engine: Engine,
    file_ids: Sequence[int],
    status: JobStatus,
    *,
    outcome: str | None = None,
    message: str = "",
    disclosure_id: int | None = None,
) -> None:
    with Session(engine) as session, session.begin():
        session.execute(
            update(UploadFile)
            .where(UploadFile.id.in_(list(file_ids)))
            .values(status=status, outcome=outcome, message=_text(message), disclosure_id=disclosure_id)
        )


@dataclass(frozen=True)
class FileProgress:
    id: int
    position: int
    name: str
    folder: str
    sha256: str | None
    size: int
    status: str
    outcome: str | None
    message: str
    disclosure_id: int | None

    @property
    def status_zh(self) -> str:
        return STATUS_ZH.get(self.status, self.status)


@dataclass(frozen=True)
class JobProgress:
    id: int
    status: str
    message: str
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    files: tuple[FileProgress, ...]

    @property
    def status_zh(self) -> str:
        return STATUS_ZH.get(self.status, self.status)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


def job_progress(engine: Engine, job_id: int) -> JobProgress:
    """A job and its files as they stand; an :class:`UploadError` when there is no such job."""
    check_id(job_id, "上传任务编号")
    with Session(engine) as session:
        job = session.get(UploadJob, job_id)
        if job is None:
            raise UploadError(f"没有编号为 {job_id} 的上传任务", code="upload.no_job")
        files = session.scalars(select(UploadFile).where(UploadFile.job_id == job_id).order_by(UploadFile.position))
        return JobProgress(
            job.id,
            job.status,
            job.message,
            job.created_by,
            job.created_at,
            job.finished_at,
            tuple(
                FileProgress(
                    f.id,
                    f.position,
                    f.name,
                    f.folder,
                    f.sha256,
                    f.size,
                    f.status,
                    f.outcome,
                    f.message,
                    f.disclosure_id,
                )
                for f in files
            ),
        )


def claim_job(engine: Engine, job_id: int) -> bool:
    """Take a queued job for processing (queued → processing in one statement); False when it is not
    queued any more (another worker took it, or it is finished)."""
    with Session(engine) as session, session.begin():
        taken = session.execute(
            update(UploadJob).where(UploadJob.id == job_id, UploadJob.status == "queued").values(status="processing")
        )
        return bool(getattr(taken, "rowcount", 0))


def requeue_interrupted(engine: Engine) -> list[int]:
    """After a restart: the jobs left processing (and their files) queued again; every queued job,
    oldest first. Call it once when the only worker of a store starts."""
    with Session(engine) as session, session.begin():
        stuck = list(session.scalars(select(UploadJob.id).where(UploadJob.status == "processing")))
        if stuck:
            session.execute(update(UploadJob).where(UploadJob.id.in_(stuck)).values(status="queued"))
            session.execute(
                update(UploadFile)
                .where(UploadFile.job_id.in_(stuck), UploadFile.status == "processing")
                .values(status="queued")
            )
        return list(session.scalars(select(UploadJob.id).where(UploadJob.status == "queued").order_by(UploadJob.id)))


def recent_jobs(engine: Engine, limit: int = 20, user: str | None = None) -> list[JobProgress]:
    """The newest jobs (of ``user`` when given), newest first, with their files."""
    with Session(engine) as session:
        query = select(UploadJob.id).order_by(UploadJob.id.desc()).limit(limit)
        if user is not None:
            query = query.where(UploadJob.created_by == user)
        ids = list(session.scalars(query))
    return [job_progress(engine, job_id) for job_id in ids]


# --- documents' files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    position: int
    name: str
    sha256: str
    size: int
    format: str


def keep_document_files(engine: Engine, disclosure_id: int, files: Sequence[StoredFile]) -> bool:
    """Record the files a stored document was read from, unless it has them already (a document
    stored once keeps the files it was first read from); whether they were recorded."""
    with Session(engine) as session, session.begin():
        known = session.scalar(
            select(DocumentFile.position).where(DocumentFile.disclosure_id == disclosure_id).limit(1)
        )
        if known is not None or session.get(DisclosureRecord, disclosure_id) is None:
            return False
        for f in files:
            session.add(
                DocumentFile(
                    disclosure_id=disclosure_id,
                    position=f.position,
                    name=cut(DocumentFile, "name", _text(f.name)),
                    sha256=f.sha256,
                    size=f.size,
                    format=cut(DocumentFile, "format", f.format),
                )
            )
        return True


def document_files(engine: Engine, disclosure_id: int) -> list[StoredFile]:
    """The files a stored document was read from, in order (empty when it was not uploaded)."""
    check_id(disclosure_id, "公开文件编号")
    with Session(engine) as session:
        rows = session.scalars(
            select(DocumentFile).where(DocumentFile.disclosure_id == disclosure_id).order_by(DocumentFile.position)
        )
        return [StoredFile(r.position, r.name, r.sha256, r.size, r.format) for r in rows]


def file_of(files: Sequence[StoredFile], name: str | None) -> StoredFile | None:
    """The file of a document that a piece of evidence is in: the one of that name (a package), else
    the first (a single file's evidence names none); None when the document has no kept files."""
    if not files:
        return None
    return next((f for f in files if name and f.name == name), files[0])


def original_files(engine: Engine, blobs: BlobStore, disclosure_id: int) -> list[tuple[StoredFile, Path]]:
    """Each file of a stored document with the path of its kept bytes; an :class:`UploadError` when
    the document has no kept files or a file's bytes are missing from the root."""
    files = document_files(engine, disclosure_id)
    if not files:
        raise UploadError(f"第 {disclosure_id} 号公开文件没有保存原始文件（不是通过上传入库的）", code="upload.no_file")
    out: list[tuple[StoredFile, Path]] = []
    for f in files:
        path = blobs.path(f.sha256)
        if not path.is_file():
            raise UploadError(
                f"第 {disclosure_id} 号公开文件的原始文件 {f.name} 已不在文件存储中", code="upload.missing"
            )
        out.append((f, path))
    return out
