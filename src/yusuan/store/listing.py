"""Reading stored disclosures back for ``yusuan list`` and ``yusuan show``.

Both commands print what these functions return, as a Rich table or as JSON; the JSON shapes are
built here (:func:`entry_json`, :func:`detail_json`) so that the two stay in step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Engine, Select, Subquery, func, select
from sqlalchemy.orm import Session

from yusuan.domain.figures import STORED
from yusuan.review.finding import SEVERITIES, Severity
from yusuan.store.db import check_id, check_year
from yusuan.store.schema import Department, DisclosureRecord, Figures, FindingRecord, ReviewRun, SourceFile

#: The key figures in the order ``show`` prints them, with their Chinese names.
FIGURE_NAMES: dict[str, str] = {f.key: f.name for f in STORED}


@dataclass
class Entry:
    """One stored disclosure as ``list`` shows it."""

    id: int
    department_id: int
    department: str
    region: str | None
    year: int | None
    kind: str
    version: int
    current: bool
    source_name: str
    sha256: str
    created_at: datetime
    #: Finding counts of the newest review run; ``None`` when the disclosure was never reviewed.
    counts: dict[Severity, int] | None


@dataclass
class StoredFinding:
    rule: str
    kind: str
    severity: str
    title: str
    message: str
    values: dict[str, str]
    locations: list[dict[str, object]]


@dataclass
class Detail:
    """One stored disclosure as ``show`` shows it."""

    entry: Entry
    printed_name: str | None
    printed_code: str | None
    level: str | None
    layout: str
    unit: str | None
    source_format: str
    source_size: int
    first_seen: datetime
    #: The current version of the same department, year and kind when this one is not current (``None``
    #: when this one is current, or none is).
    newest_version: int | None
    figures: dict[str, Decimal | int | None]
    review_version: str | None
    review_rules: int | None
    reviewed_at: datetime | None
    findings: list[StoredFinding] = field(default_factory=list)
    model_json: str = "{}"


def _latest_runs() -> Subquery:
    """A subquery: the newest review run of every disclosure."""
    return (
        select(ReviewRun.disclosure_id, func.max(ReviewRun.id).label("run_id"))
        .group_by(ReviewRun.disclosure_id)
        .subquery("latest_runs")
    )


def _query() -> Select[DisclosureRecord, Department, SourceFile, ReviewRun]:
    latest = _latest_runs()
    return (
        select(DisclosureRecord, Department, SourceFile, ReviewRun)
        .join(Department, Department.id == DisclosureRecord.department_id)
        .join(SourceFile, SourceFile.id == DisclosureRecord.source_file_id)
        .outerjoin(latest, latest.c.disclosure_id == DisclosureRecord.id)
        .outerjoin(ReviewRun, ReviewRun.id == latest.c.run_id)
    )


def _entry(record: DisclosureRecord, department: Department, source: SourceFile, run: ReviewRun | None) -> Entry:
    counts: dict[Severity, int] | None = (
        None if run is None else {"error": run.errors, "warning": run.warnings, "info": run.infos}
    )
    return Entry(
        id=record.id,
        department_id=department.id,
        department=department.name,
        region=department.region,
        year=record.year,
        kind=record.kind,
        version=record.version,
        current=record.current,
        source_name=source.name,
        sha256=source.sha256,
        created_at=record.created_at,
        counts=counts,
    )


def entries(engine: Engine, year: int | None = None, all_versions: bool = False) -> list[Entry]:
    """Stored disclosures by department, year and version: the current versions, or all of them."""
    query = _query().order_by(
        Department.name, DisclosureRecord.year, DisclosureRecord.kind, DisclosureRecord.version, DisclosureRecord.id
    )
    if check_year(year) is not None:
        query = query.where(DisclosureRecord.year == year)
    if not all_versions:
        query = query.where(DisclosureRecord.current.is_(True))
    with Session(engine) as session:
        return [_entry(*row) for row in session.execute(query)]


def superseded(engine: Engine, year: int | None = None) -> int:
    """How many stored versions are no longer current (``list`` mentions them)."""
    query = select(func.count()).select_from(DisclosureRecord).where(DisclosureRecord.current.is_(False))
    if check_year(year) is not None:
        query = query.where(DisclosureRecord.year == year)
    with Session(engine) as session:
        return session.scalar(query) or 0


def entry(engine: Engine, disclosure_id: int) -> Entry | None:
    check_id(disclosure_id, "公开文件编号")
    with Session(engine) as session:
        row = session.execute(_query().where(DisclosureRecord.id == disclosure_id)).first()
        return None if row is None else _entry(*row)


def detail(engine: Engine, disclosure_id: int) -> Detail | None:
    """Everything ``show`` prints about one disclosure, or ``None`` when there is no such id (a
    :class:`~yusuan.store.db.StoreError` when ``disclosure_id`` is out of the ids' range)."""
    check_id(disclosure_id, "公开文件编号")
    with Session(engine) as session:
        row = session.execute(_query().where(DisclosureRecord.id == disclosure_id)).first()
        if row is None:
            return None
        record, department, source, run = row
        # The version that is current instead of this one (a version kept aside by ingest as a worse
        # reading has a higher number but is not current: store/quality.py).
        newest = None
        if not record.current:
            newest = session.scalar(
                select(func.max(DisclosureRecord.version)).where(
                    DisclosureRecord.department_id == record.department_id,
                    DisclosureRecord.year == record.year
                    if record.year is not None
                    else DisclosureRecord.year.is_(None),
                    DisclosureRecord.kind == record.kind,
                    DisclosureRecord.current.is_(True),
                )
            )
        figures_row = session.get(Figures, record.id)
        figures: dict[str, Decimal | int | None] = {
            name: (getattr(figures_row, name) if figures_row is not None else None) for name in FIGURE_NAMES
        }
        findings: list[StoredFinding] = []
        if run is not None:
            order: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
            records = session.scalars(
                select(FindingRecord).where(FindingRecord.review_run_id == run.id).order_by(FindingRecord.id)
            ).all()
            findings = [
                StoredFinding(
                    rule=f.rule,
                    kind=f.kind,
                    severity=f.severity,
                    title=f.title,
                    message=f.message,
                    values=json.loads(f.values_json),
                    locations=json.loads(f.locations_json),
                )
                for f in sorted(records, key=lambda f: order.get(f.severity, len(order)))
            ]
        return Detail(
            entry=_entry(record, department, source, run),
            printed_name=record.printed_name,
            printed_code=record.printed_code,
            level=record.level,
            layout=record.layout,
            unit=record.unit,
            source_format=source.format,
            source_size=source.size,
            first_seen=source.first_seen,
            newest_version=newest if newest is not None and newest != record.version else None,
            figures=figures,
            review_version=run.yusuan_version if run is not None else None,
            review_rules=run.rules if run is not None else None,
            reviewed_at=run.started_at if run is not None else None,
            findings=findings,
            model_json=record.model_json,
        )


def _amount(value: Decimal | int | None) -> str | int | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _utc(value: datetime) -> datetime:
    """Times are stored in UTC; SQLite gives them back without the zone."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def local_time(value: datetime) -> datetime:
    return _utc(value).astimezone()


def _time(value: datetime | None) -> str | None:
    return None if value is None else _utc(value).isoformat()


def _department_json(e: Entry) -> dict[str, object]:
    return {"id": e.department_id, "name": e.department, "region": e.region}


def _source_json(e: Entry) -> dict[str, object]:
    return {"name": e.source_name, "sha256": e.sha256}


def entry_json(e: Entry) -> dict[str, object]:
    """The JSON of one ``list`` entry."""
    return {
        "id": e.id,
        "department": _department_json(e),
        "year": e.year,
        "kind": e.kind,
        "version": e.version,
        "current": e.current,
        "source_file": _source_json(e),
        "created_at": _time(e.created_at),
        "counts": e.counts,
    }


def detail_json(d: Detail) -> dict[str, object]:
    """The JSON of ``show``: the stored record, key figures, review, findings and the model."""
    out = entry_json(d.entry)
    department = _department_json(d.entry)
    department.update({"printed_name": d.printed_name, "printed_code": d.printed_code, "level": d.level})
    source = _source_json(d.entry)
    source.update({"format": d.source_format, "size": d.source_size, "first_seen": _time(d.first_seen)})
    out["department"], out["source_file"] = department, source  # same keys, same places
    out.update(
        {
            "layout": d.layout,
            "unit": d.unit,
            "newest_version": d.newest_version,
            "figures": {name: _amount(value) for name, value in d.figures.items()},
            "review": None
            if d.reviewed_at is None
            else {
                "yusuan_version": d.review_version,
                "rules": d.review_rules,
                "started_at": _time(d.reviewed_at),
            },
            "findings": [
                {
                    "rule": f.rule,
                    "kind": f.kind,
                    "severity": f.severity,
                    "title": f.title,
                    "message": f.message,
                    "values": f.values,
                    "locations": f.locations,
                }
                for f in d.findings
            ],
            "disclosure": json.loads(d.model_json),
        }
    )
    return out
