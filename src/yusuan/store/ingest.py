"""Ingest: store a disclosure and its review — idempotently, one transaction per document.

:func:`store_disclosure` takes what was read and reviewed; :func:`ingest_files` reads, reviews and
stores one document (a file or a package of files). The same content (by SHA-256 of the file, or of
a package's file hashes) is stored once. A different file for a department and year already
stored becomes a new version; the old one stays, no longer ``current``. A failure rolls the
document back and leaves the store as it was; the caller's batch goes on.

Hostile input (issue 13, :mod:`yusuan.store.quality`): a document with nothing read is not stored;
a new version that is a worse reading than the current one (a damaged or repaired file, tables or
cells missing) is stored as a ``candidate``: kept, not current, and the result says so naming both
files (``force`` makes it current anyway). A file is checked (a regular file, within the reader's
size bound) before a byte of it is read, and hashed in chunks, never held in memory whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yusuan.errors import YusuanError, short_reason
from yusuan.model import Disclosure, Table, TwoSidedTable, jsonio
from yusuan.read.api import read, read_package
from yusuan.review.engine import DocumentReview, review
from yusuan.store.budget_of import rereview_finals, stored_budget
from yusuan.store.departments import match_department
from yusuan.store.figures import key_figures
from yusuan.store.files import hash_file
from yusuan.store.identity import normalize
from yusuan.store.quality import (
    Reading,
    nothing_read,
    problems_text,
    reading_of,
    stored_reading,
    unstorable,
    worse,
)
from yusuan.store.review_runs import store_review
from yusuan.store.schema import (
    CellRecord,
    ClaimRecord,
    Department,
    DepartmentName,
    DisclosureRecord,
    Figures,
    SourceFile,
    TargetRecord,
    cut,
    fitted,
)

#: The widths of ``source_files.name`` and ``source_files.format``.
_NAME_MAX, _FORMAT_MAX = 500, 20

Status = Literal["stored", "new_version", "unchanged", "failed", "candidate"]


@dataclass
class IngestResult:
    """The outcome for one document: ``path`` names its file (or the files of a package,
    joined by `` + ``)."""

    path: Path | str
    status: Status
    message: str = ""
    disclosure_id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class Source:
    """One file a disclosure was read from: its name, the SHA-256 of its bytes, its size and format."""

    name: str
    sha256: str
    size: int
    format: str

    @classmethod
    def of(cls, name: str, data: bytes) -> Source:
        return cls(name, sha256_of(data), len(data), Path(name).suffix.lstrip(".").lower() or "txt")

    @classmethod
    def read(cls, path: Path) -> Source:
        """The source record of a file, or a :class:`~yusuan.read.errors.ReadError` (missing, empty, not
        a regular file, over the reader's size bound …): checked before it is opened, hashed in chunks
        (:func:`yusuan.store.files.hash_file`)."""
        digest, size = hash_file(path)
        return cls(path.name, digest, size, path.suffix.lstrip(".").lower() or "txt")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_digest(sources: Sequence[Source]) -> str:
    """The identity of what was read: a single file's own SHA-256 (so stores made before packages
    existed still match); for a package, the SHA-256 of its files' hashes, sorted."""
    if len(sources) == 1:
        return sources[0].sha256
    return sha256_of("\n".join(sorted(s.sha256 for s in sources)).encode("ascii"))


def stored_id(engine: Engine, digest: str) -> int | None:
    """The disclosure already stored from the content ``digest`` (see :func:`package_digest`), if any."""
    with Session(engine) as session:
        return session.scalar(select(DisclosureRecord.id).join(SourceFile).where(SourceFile.sha256 == digest))


def ingest_file(engine: Engine, path: Path, *, force: bool = False) -> IngestResult:
    """Read, review and store one file (:func:`ingest_files` of one file)."""
    return ingest_files(engine, [path], force=force)


def ingest_files(engine: Engine, files: Sequence[Path], *, force: bool = False) -> IngestResult:
    """Read the files of one document (one file, or a package: 情况说明 + 报表 …), review and store it.

    The files are hashed first: content already stored is ``unchanged`` without reading it again.
    Every expected failure (unreadable, not a disclosure, nothing read, a database error) is a
    ``failed`` result naming the files; the store is then as it was. A worse reading than the
    current version is a ``candidate`` unless ``force`` (see :func:`store_disclosure`)."""
    label: Path | str = files[0] if len(files) == 1 else " + ".join(str(f) for f in files)
    try:
        sources = [Source.read(f) for f in files]
    except YusuanError as exc:
        return IngestResult(label, "failed", str(exc))
    known = stored_id(engine, package_digest(sources))
    if known is not None:
        return IngestResult(label, "unchanged", "内容与已入库的文件相同", known)
    try:
        d = read(files[0]) if len(files) == 1 else read_package(list(files))
    except YusuanError as exc:
        return IngestResult(label, "failed", str(exc))
    if not recognised(d):
        return IngestResult(
            label, "failed", f"{label}：没有找到部门名称、预算年度或任何标准表格，不像是部门预算公开文件，未入库"
        )
    reviewed = review(d, budget=stored_budget(engine, d))  # a 决算 beside its stored budget of the year
    result = store_disclosure(engine, d, reviewed, sources, label=str(label), force=force)
    result.path = label
    if result.status in ("stored", "new_version"):
        rereview_finals(engine, d)  # a budget stored after its 决算: review the 决算 beside it
    return result


def recognised(d: Disclosure) -> bool:
    """Whether a parsed file looks like a disclosure at all: a department, a year or a table."""
    return bool(d.department.name or d.year or d.tables)


def store_disclosure(
    engine: Engine,
    d: Disclosure,
    result: DocumentReview,
    sources: Sequence[Source],
    *,
    label: str | None = None,
    force: bool = False,
) -> IngestResult:
    """Store a disclosure as read and its review, in one transaction; ``sources`` are the files it was
    read from (:meth:`Source.of` their bytes); ``label`` names them in messages (default: their names).
    Content already stored (by :func:`package_digest`) is ``unchanged``; a database error is a
    ``failed`` result and the store is left as it was.

    A disclosure with nothing read (:func:`~yusuan.store.quality.nothing_read`) is ``failed``, not
    stored. One that is a worse reading than the current version of its department, year and kind
    (:func:`~yusuan.store.quality.worse`) is stored as a ``candidate``: a version that is not current,
    the message naming why and both files — unless ``force``. A reading with problems stored as
    current carries them in the message."""
    if not sources:
        raise ValueError("store_disclosure needs the source files of the disclosure")
    label = label or " + ".join(s.name for s in sources)
    reading = reading_of(d)
    refused = nothing_read(label, reading) or unstorable(label, d)
    if refused is not None:
        return IngestResult(label, "failed", refused)
    digest = package_digest(sources)
    conflict: Exception | None = None
    for _attempt in range(3):
        try:
            with Session(engine) as session, session.begin():
                stored = _store(session, sources, digest, d, result, reading, force)
                stored.path = label
                stored.message = stored.message.replace(_LABEL, label)
                return stored
        except IntegrityError as exc:
            # A concurrent ingest stored the same content (then this one is unchanged), or took the
            # department's name or the next version number first (then trying again succeeds).
            known = stored_id(engine, digest)
            if known is not None:
                return IngestResult(label, "unchanged", "内容与已入库的文件相同", known)
            conflict = exc
        except Exception as exc:
            return IngestResult(label, "failed", f"{label}：入库失败（{short_reason(exc)}），数据库未改变")
    assert conflict is not None
    return IngestResult(label, "failed", f"{label}：入库失败（{short_reason(conflict)}），数据库未改变")


#: Stands for the label in messages made inside the transaction.
_LABEL = "\x00label\x00"


def _current(session: Session, department_id: int, d: Disclosure) -> tuple[int, str] | None:
    """The current version of the department's year and kind: its id and its source file's name."""
    row = session.execute(
        select(DisclosureRecord.id, SourceFile.name)
        .join(SourceFile, DisclosureRecord.source_file_id == SourceFile.id)
        .where(
            DisclosureRecord.department_id == department_id,
            DisclosureRecord.year == d.year,
            DisclosureRecord.kind == d.kind,
            DisclosureRecord.current.is_(True),
        )
        .order_by(DisclosureRecord.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (row[0], row[1])


def _store(
    session: Session,
    sources: Sequence[Source],
    digest: str,
    d: Disclosure,
    result: DocumentReview,
    reading: Reading,
    force: bool,
) -> IngestResult:
    label = " + ".join(s.name for s in sources)
    formats = "+".join(dict.fromkeys(s.format for s in sources))
    source = SourceFile(
        sha256=digest, name=label[:_NAME_MAX], format=formats[:_FORMAT_MAX], size=sum(s.size for s in sources)
    )
    session.add(source)
    department = find_or_create_department(session, d)
    previous = session.scalar(
        select(DisclosureRecord.version)
        .where(
            DisclosureRecord.department_id == department.id,
            DisclosureRecord.year == d.year,
            DisclosureRecord.kind == d.kind,
        )
        .order_by(DisclosureRecord.version.desc())
        .limit(1)
    )
    current = _current(session, department.id, d) if previous is not None else None
    reasons = worse(reading, stored_reading(session, current[0])) if current is not None else []
    candidate = bool(reasons) and not force
    if previous is not None and not candidate:
        session.execute(
            update(DisclosureRecord)
            .where(
                DisclosureRecord.department_id == department.id,
                DisclosureRecord.year == d.year,
                DisclosureRecord.kind == d.kind,
            )
            .values(current=False)
        )
    record = DisclosureRecord(
        **fitted(
            DisclosureRecord,
            dict(
                department=department,
                year=d.year,
                kind=d.kind,
                version=(previous or 0) + 1,
                current=not candidate,
                source=source,
                layout=d.layout,
                unit=d.unit,
                printed_name=d.department.name,
                printed_code=d.department.code,
                level=d.department.level,
                region=d.department.region,
                model_json=jsonio.to_json(d, indent=None),
            ),
        )
    )
    session.add(record)
    session.flush()
    _store_parts(session, record.id, d, result)
    if candidate:
        assert current is not None
        message = (
            f"{_LABEL}：{'；'.join(reasons)}。未替换当前版本第 {current[0]} 号（{current[1]}），"
            f"新文件存为第 {record.id} 号（第 {record.version} 版，非当前版本），"
            f"核对无误后可用 yusuan show {record.id} --make-current 设为当前版本"
        )
        return IngestResult(label, "candidate", message, record.id, record.version)
    message = ""
    if reasons:  # force
        message = f"{_LABEL}：{'；'.join(reasons)}；按要求仍替换了第 {current[0] if current else '?'} 号当前版本"
    elif reading.problems:
        message = f"{_LABEL}：{problems_text(reading)}，已入库，请核对"
    status: Status = "new_version" if previous else "stored"
    return IngestResult(label, status, message, record.id, record.version)


def find_or_create_department(session: Session, d: Disclosure) -> Department:
    """The department a disclosure belongs to: see :func:`yusuan.store.departments.match_department`
    (the exact published name, else region + normalised name; codes of the same kind, 部门 / 单位)."""
    # Cut to the columns' widths first, so that a long name matches what was stored from it.
    name = cut(DepartmentName, "name", d.department.name or d.source)
    region = cut(DepartmentName, "region", d.department.region or "")
    normalized = cut(DepartmentName, "normalized", normalize(name, region))
    code = cut(DepartmentName, "code", d.department.code or "")
    department = match_department(session, name, region, code)
    if department is not None:
        exists = session.scalar(
            select(DepartmentName.id).where(
                DepartmentName.region == region, DepartmentName.normalized == normalized, DepartmentName.code == code
            )
        )
        if exists is None:
            session.add(
                DepartmentName(department=department, name=name, normalized=normalized, region=region, code=code)
            )
        if d.year and department.name != name and _newest_year(session, department.id) <= d.year:
            department.name = name  # the department is known by its newest name
        return department
    department = Department(name=name, region=region or None, level=d.department.level, code=code or None)
    department.names.append(DepartmentName(name=name, normalized=normalized, region=region, code=code))
    session.add(department)
    session.flush()
    return department


def _newest_year(session: Session, department_id: int) -> int:
    year = session.scalar(
        select(DisclosureRecord.year)
        .where(DisclosureRecord.department_id == department_id, DisclosureRecord.year.is_not(None))
        .order_by(DisclosureRecord.year.desc())
        .limit(1)
    )
    return year or 0


def _cells(disclosure_id: int, d: Disclosure) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for table_id, table in d.tables.items():
        sides = (
            [("income", table.income), ("expenditure", table.expenditure)]
            if isinstance(table, TwoSidedTable)
            else [("main", table.rows)]
            if isinstance(table, Table)
            else []
        )
        for side, rows in sides:
            for row_no, row in enumerate(rows, start=1):
                for column, amount in row.values.items():
                    out.append(
                        fitted(
                            CellRecord,
                            {
                                "disclosure_id": disclosure_id,
                                "table_id": table_id,
                                "side": side,
                                "row_no": row_no,
                                "code": row.code,
                                "row_key": row.key,
                                "row_name": row.name,
                                "column_key": column,
                                "amount": amount,
                                "page": row.location.page,
                                "line": row.location.line,
                            },
                        )
                    )
    return out


def _store_parts(session: Session, disclosure_id: int, d: Disclosure, result: DocumentReview) -> None:
    cells = _cells(disclosure_id, d)
    if cells:
        session.execute(insert(CellRecord), cells)
    claims = [
        {
            "disclosure_id": disclosure_id,
            "subject": c.subject,
            "kind": c.kind,
            "amount": c.amount,
            "unit": c.unit,
            "direction": c.direction,
            "year": c.year,
            "label": c.label,
            "section": c.section,
            "sentence": c.sentence,
            "page": c.location.page,
            "line": c.location.line,
        }
        for c in d.narrative.claims
    ]
    if claims:
        session.execute(insert(ClaimRecord), [fitted(ClaimRecord, c) for c in claims])
    targets = [
        {
            "disclosure_id": disclosure_id,
            "project": p.name,
            "project_code": p.code,
            "budget": p.budget,
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "value": i.value,
            "operator": i.operator,
            "number": i.number,
            "unit": i.unit,
            "basis": i.basis,
            "line": i.location.line,
        }
        for p in d.performance
        for i in p.indicators
    ]
    if targets:
        session.execute(insert(TargetRecord), [fitted(TargetRecord, t) for t in targets])
    store_review(session, disclosure_id, result)
    figures: dict[str, Decimal | int | None] = {k: v for k, v in key_figures(d).items()}
    session.add(Figures(disclosure_id=disclosure_id, **figures))
