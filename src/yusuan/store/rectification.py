"""Gathering a department's rectification list (整改清单) from the store: its current documents,
their newest findings and the standing decisions (:mod:`yusuan.store.decisions`, carried ones
included); what is listed and how is :mod:`yusuan.report.rectification`."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.report.rectification import Document, Rectification, RectificationError, add_document
from yusuan.store.decisions import decisions_for, document_findings
from yusuan.store.schema import Department, DisclosureRecord, SourceFile


def current_documents(session: Session, department_id: int, year: int | None, kind: str | None) -> list[Document]:
    """The current documents of a department (of ``year`` and ``kind`` when given), by year and kind."""
    query = (
        select(DisclosureRecord, SourceFile.name)
        .join(SourceFile, SourceFile.id == DisclosureRecord.source_file_id)
        .where(DisclosureRecord.department_id == department_id, DisclosureRecord.current.is_(True))
        .order_by(DisclosureRecord.year, DisclosureRecord.kind, DisclosureRecord.id)
    )
    if year is not None:
        query = query.where(DisclosureRecord.year == year)
    if kind is not None:
        query = query.where(DisclosureRecord.kind == kind)
    return [Document(r.id, name, r.year, r.kind, r.version) for r, name in session.execute(query)]


def rectification(
    engine: Engine, department_id: int, year: int | None = None, kind: str | None = None
) -> Rectification:
    """The rectification list of a department's current documents (of ``year`` and ``kind`` when
    given); a :class:`~yusuan.report.rectification.RectificationError` when there is no such department."""
    with Session(engine) as session:
        department = session.get(Department, department_id)
        if department is None:
            raise RectificationError(f"数据库中没有编号为 {department_id} 的部门")
        listing = Rectification(department.name, department.region, year, kind)
        documents = current_documents(session, department.id, year, kind)
    for document in documents:
        add_document(listing, document, document_findings(engine, document.id), decisions_for(engine, document.id))
    return listing
