"""Departments in the store: list them, find them by name or id, merge and split them.

Ingest matches a disclosure to a department automatically (:func:`match_department`): first by the
exact name it was published under, then by region + normalised name (see :mod:`identity`), with
codes that agree in kind (部门 / 单位). Where the automatic match is wrong, a user merges two
departments (``merge_departments``: B's disclosures and names move to A, B is marked as merged into
A so that later ingests of B's names go to A) or splits the disclosures published under one name
into a new department (``split_department``). Each operation is one transaction; errors are
:class:`DepartmentError` with a Chinese message and leave the store unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from yusuan.errors import YusuanError
from yusuan.store.db import check_id, parse_id
from yusuan.store.identity import codes_compatible, fold, normalize, shorten
from yusuan.store.schema import Department, DepartmentName, DisclosureRecord


class DepartmentError(YusuanError):
    """A department operation cannot be done; the message is Chinese."""

    default_code = "department.invalid"


class AmbiguousDepartment(DepartmentError):
    """Several departments match a name fragment; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: list[DepartmentSummary]) -> None:
        self.query = query
        self.candidates = candidates
        message = f"有 {len(candidates)} 个部门与“{query}”相符，请用编号指定其中一个"
        super().__init__(message, code="department.ambiguous")


@dataclass
class DepartmentSummary:
    id: int
    name: str
    region: str | None
    level: str | None
    code: str | None
    #: The names its disclosures were published under, oldest first (the newest last).
    names: list[str]
    #: The years for which a disclosure is stored.
    years: list[int]
    disclosures: int
    merged_into: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "level": self.level,
            "code": self.code,
            "names": self.names,
            "years": self.years,
            "disclosures": self.disclosures,
            "merged_into": self.merged_into,
        }


@dataclass
class MergeResult:
    target: DepartmentSummary
    source_id: int
    source_name: str
    moved: int
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return (
            f"已将部门 #{self.source_id}（{self.source_name}）并入 #{self.target.id}（{self.target.name}）："
            f"移入公开文件 {self.moved} 份；以后以其名称入库的文件归入 #{self.target.id}。"
        )


@dataclass
class SplitResult:
    source: DepartmentSummary
    new: DepartmentSummary
    moved: int
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return (
            f"已把以“{self.new.name}”发布的公开文件 {self.moved} 份从部门 #{self.source.id}（{self.source.name}）"
            f"拆分为新部门 #{self.new.id}。"
        )


# --- reading ---------------------------------------------------------------------------------------


def live(session: Session, department: Department) -> Department:
    """The department itself, or the one it was (transitively) merged into."""
    seen = {department.id}
    while department.merged_into_id is not None and department.merged_into_id not in seen:
        seen.add(department.merged_into_id)
        department = session.get_one(Department, department.merged_into_id)
    return department


def summaries(session: Session, departments: Iterable[Department]) -> list[DepartmentSummary]:
    """Summaries of ``departments`` (names and years from their stored disclosures)."""
    chosen = list(departments)
    ids = [d.id for d in chosen]
    if not ids:
        return []
    printed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    years: dict[int, set[int]] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    rows = session.execute(
        select(DisclosureRecord.department_id, DisclosureRecord.year, DisclosureRecord.printed_name).where(
            DisclosureRecord.department_id.in_(ids)
        )
    )
    for department_id, year, name in rows:
        counts[department_id] += 1
        if year is not None:
            years[department_id].add(year)
        if name:
            printed[department_id].append((year or 0, name))
    aliases: dict[int, list[str]] = defaultdict(list)
    for department_id, name in session.execute(
        select(DepartmentName.department_id, DepartmentName.name)
        .where(DepartmentName.department_id.in_(ids))
        .order_by(DepartmentName.id)
    ):
        aliases[department_id].append(name)
    out: list[DepartmentSummary] = []
    for d in chosen:
        names: list[str] = []
        for _year, name in sorted(printed[d.id]):
            if name in names:
                names.remove(name)
            names.append(name)
        if not names:
            names = aliases[d.id]
        out.append(
            DepartmentSummary(
                id=d.id,
                name=d.name,
                region=d.region,
                level=d.level,
                code=d.code,
                names=names,
                years=sorted(years[d.id]),
                disclosures=counts[d.id],
                merged_into=d.merged_into_id,
            )
        )
    return out


def list_departments(engine: Engine, include_merged: bool = False) -> list[DepartmentSummary]:
    """All departments (by id); merged ones only with ``include_merged``."""
    with Session(engine) as session:
        query = select(Department).order_by(Department.id)
        if not include_merged:
            query = query.where(Department.merged_into_id.is_(None))
        return summaries(session, session.scalars(query))


def find_departments(session: Session, query: str) -> list[Department]:
    """The live departments an id (``12`` or ``#12``) or a name fragment selects.

    A fragment matches the current name, any name a disclosure was published under, and any alias,
    also in short form (``乐亭县人民代表大会`` finds ``乐亭县人大常委会办公室``).
    """
    text = query.strip()
    if text.lstrip("#").isascii() and text.lstrip("#").isdigit():  # an id (out of range: a StoreError)
        found = session.get(Department, parse_id(text, "部门编号"))
        if found is not None:
            return [live(session, found)]
    raw, short = fold(text), shorten(text)
    if not raw:
        return []
    names: dict[int, set[str]] = defaultdict(set)
    for department_id, name in session.execute(select(Department.id, Department.name)):
        names[department_id].add(name)
    for department_id, name in session.execute(select(DepartmentName.department_id, DepartmentName.name)):
        names[department_id].add(name)
    for department_id, printed in session.execute(
        select(DisclosureRecord.department_id, DisclosureRecord.printed_name).distinct()
    ):
        if printed:
            names[department_id].add(printed)
    matched: dict[int, Department] = {}
    for department_id in sorted(names):
        if any(raw in fold(n) or short in shorten(n) for n in names[department_id]):
            department = live(session, session.get_one(Department, department_id))
            matched[department.id] = department
    return [matched[k] for k in sorted(matched)]


def resolve_department(engine: Engine, query: str) -> DepartmentSummary:
    """The one department ``query`` selects; :class:`AmbiguousDepartment` when several do."""
    with Session(engine) as session:
        found = find_departments(session, query)
        if not found:
            raise DepartmentError(f"没有找到与“{query}”相符的部门（可用 yusuan departments 列出全部部门）")
        listed = summaries(session, found)
    if len(listed) > 1:
        raise AmbiguousDepartment(query, listed)
    return listed[0]


# --- matching at ingest ----------------------------------------------------------------------------


def _known_codes(session: Session, department_id: int) -> set[str]:
    codes = {
        c for c in session.scalars(select(DepartmentName.code).where(DepartmentName.department_id == department_id))
    }
    codes |= {
        c
        for c in session.scalars(
            select(DisclosureRecord.printed_code).where(DisclosureRecord.department_id == department_id)
        )
        if c
    }
    return {c for c in codes if c}


def match_department(session: Session, name: str, region: str, code: str) -> Department | None:
    """The stored department a disclosure published as ``name`` (in ``region``, with ``code``) belongs to.

    First a department that already has a disclosure published under exactly this name; then one
    known under the same normalised name in the same region. Either way its codes must agree in kind
    (部门 / 单位) with ``code``; among several, the one known under the same code wins.
    """
    candidates: list[tuple[int, Department]] = []
    exact = session.execute(
        select(DisclosureRecord.department_id, DisclosureRecord.printed_code)
        .where(DisclosureRecord.printed_name == name, func.coalesce(DisclosureRecord.region, "") == region)
        .order_by(DisclosureRecord.id)
    ).all()
    for department_id, printed_code in exact:
        department = live(session, session.get_one(Department, department_id))
        candidates.append((0 if (printed_code or "") == code else 1, department))
    if not candidates:
        aliases = session.scalars(
            select(DepartmentName)
            .where(DepartmentName.region == region, DepartmentName.normalized == normalize(name, region))
            .order_by(DepartmentName.id)
        ).all()
        for alias in aliases:
            rank = 2 if alias.code == code else 3 if alias.name == name else 4
            candidates.append((rank, live(session, alias.department)))
    for _rank, department in sorted(candidates, key=lambda c: (c[0], c[1].id)):
        if codes_compatible(code, _known_codes(session, department.id)):
            return department
    return None


# --- merge and split -------------------------------------------------------------------------------


def _get_live(session: Session, department_id: int) -> Department:
    department = session.get(Department, check_id(department_id, "部门编号"))
    if department is None:
        raise DepartmentError(f"没有编号为 {department_id} 的部门")
    if department.merged_into_id is not None:
        target = live(session, department)
        raise DepartmentError(f"部门 #{department_id}（{department.name}）已并入 #{target.id}（{target.name}）")
    return department


def _rename_to_newest(session: Session, department: Department) -> None:
    """A department is known by the name of its newest disclosure."""
    newest = session.execute(
        select(DisclosureRecord.printed_name, DisclosureRecord.printed_code)
        .where(DisclosureRecord.department_id == department.id, DisclosureRecord.printed_name.is_not(None))
        .order_by(DisclosureRecord.year.desc().nulls_last(), DisclosureRecord.id.desc())
        .limit(1)
    ).first()
    if newest is not None and newest[0]:
        department.name = newest[0]
        if newest[1]:
            department.code = newest[1]


def _settle_versions(session: Session, department_id: int, original: dict[int, int] | None = None) -> list[str]:
    """Within each (year, kind) of a department: distinct positive versions in the order they were
    stored, and exactly one current, the newest of those that were current. ``original`` holds the
    versions of records that were set aside (made negative) to move them. Returns a Chinese note for
    each year renumbered."""
    original = original or {}
    records = session.scalars(
        select(DisclosureRecord).where(DisclosureRecord.department_id == department_id).order_by(DisclosureRecord.id)
    ).all()
    groups: dict[tuple[int | None, str], list[DisclosureRecord]] = defaultdict(list)
    for r in records:
        groups[(r.year, r.kind)].append(r)
    notes: list[str] = []
    renumber: list[list[DisclosureRecord]] = []
    for (year, kind), group in groups.items():
        group.sort(key=lambda r: (r.created_at, r.id))
        versions = [r.version for r in group]
        if len(set(versions)) != len(versions) or min(versions) < 1:
            renumber.append(group)
            if any(original.get(r.id, r.version) != number for number, r in enumerate(group, start=1)):
                notes.append(f"{year or '未知'}年{kind}共 {len(group)} 份，已按入库先后重新编为第 1–{len(group)} 版")
        # One current: the newest of those that were current (a version an ingest kept aside as a
        # worse reading stays aside, store/quality.py), else the newest.
        currents = [r for r in group if r.current]
        keep = currents[-1] if currents else group[-1]
        for r in group:
            r.current = r is keep
    if renumber:
        # Two steps so that no intermediate state breaks the unique (department, year, kind, version).
        for group in renumber:
            for r in group:
                r.version = -r.id
        session.flush()
        for group in renumber:
            for number, r in enumerate(group, start=1):
                r.version = number
    session.flush()
    return notes


def merge_departments(engine: Engine, target_id: int, source_id: int, force: bool = False) -> MergeResult:
    """Merge department ``source_id`` (B) into ``target_id`` (A), in one transaction.

    B's disclosures and names move to A; B stays as a record marked ``merged_into`` A (and so do the
    departments merged into B before). Departments of different regions are merged only with
    ``force``. Where both have a disclosure for the same year, all are kept as versions, the one
    stored last being current.
    """
    if target_id == source_id:
        raise DepartmentError("不能把部门并入它自己")
    with Session(engine) as session, session.begin():
        target = _get_live(session, target_id)
        source = _get_live(session, source_id)
        if target.region and source.region and target.region != source.region and not force:
            raise DepartmentError(
                f"两个部门的地区不同（#{target.id} {target.region}，#{source.id} {source.region}）；"
                "如确为同一部门，请加 --force"
            )
        moved = session.scalar(
            select(func.count()).select_from(DisclosureRecord).where(DisclosureRecord.department_id == source.id)
        )
        # Set B's versions aside (negative, unique by id) so that moving them cannot collide with A's.
        original = {
            record_id: version
            for record_id, version in session.execute(
                select(DisclosureRecord.id, DisclosureRecord.version).where(DisclosureRecord.department_id == source.id)
            )
        }
        session.execute(
            update(DisclosureRecord)
            .where(DisclosureRecord.department_id == source.id)
            .values(department_id=target.id, version=-DisclosureRecord.id)
        )
        session.execute(
            update(DepartmentName).where(DepartmentName.department_id == source.id).values(department_id=target.id)
        )
        session.execute(
            update(Department).where(Department.merged_into_id == source.id).values(merged_into_id=target.id)
        )
        source.merged_into_id = target.id
        target.region = target.region or source.region
        target.level = target.level or source.level
        target.code = target.code or source.code
        session.flush()
        session.expire_all()
        target = session.get_one(Department, target_id)
        notes = _settle_versions(session, target.id, original)
        _rename_to_newest(session, target)
        session.flush()
        summary = summaries(session, [target])[0]
        source_name = session.get_one(Department, source_id).name
        return MergeResult(summary, source_id, source_name, int(moved or 0), notes)


def split_department(engine: Engine, department_id: int, name: str) -> SplitResult:
    """Move the disclosures of a department published under ``name`` into a new department.

    The names go with them: later ingests of a file published under ``name`` go to the new
    department (matching prefers the exact published name).
    """
    wanted = fold(name)
    if not wanted:
        raise DepartmentError("请用 --name 指定要拆分出去的名称")
    with Session(engine) as session, session.begin():
        department = _get_live(session, department_id)
        records = session.scalars(
            select(DisclosureRecord)
            .where(DisclosureRecord.department_id == department.id)
            .order_by(DisclosureRecord.id)
        ).all()
        chosen = [r for r in records if r.printed_name and fold(r.printed_name) == wanted]
        if not chosen:
            published = sorted({r.printed_name for r in records if r.printed_name})
            listed = "、".join(published) or "（无）"
            raise DepartmentError(f"部门 #{department.id} 没有以“{name}”发布的公开文件；它的公开文件名称有：{listed}")
        if len(chosen) == len(records):
            raise DepartmentError(f"部门 #{department.id} 的全部公开文件都以“{name}”发布，无需拆分")
        newest = max(chosen, key=lambda r: (r.year or 0, r.id))
        new = Department(
            name=newest.printed_name or name,
            region=newest.region or department.region,
            level=newest.level or department.level,
            code=newest.printed_code,
        )
        session.add(new)
        session.flush()
        for r in chosen:
            r.department_id = new.id
        session.flush()
        remaining = [r for r in records if r not in chosen]
        notes: list[str] = []
        staying = {_key(r) for r in remaining}
        for key in sorted({_key(r) for r in chosen}):
            alias = session.scalar(
                select(DepartmentName).where(
                    DepartmentName.department_id == department.id,
                    DepartmentName.region == key[0],
                    DepartmentName.normalized == key[1],
                    DepartmentName.code == key[2],
                )
            )
            if alias is None:
                continue
            if key in staying:
                notes.append(
                    f"“{name}”与留在 #{department.id} 的名称规范化后相同；"
                    f"以后入库的文件按发布名称精确匹配，名称不同的写法仍归入 #{department.id}"
                )
                continue
            alias.department_id = new.id
            alias.name = newest.printed_name or name
        session.flush()
        session.expire_all()
        department = session.get_one(Department, department_id)
        new = session.get_one(Department, new.id)
        notes += _settle_versions(session, department.id) + _settle_versions(session, new.id)
        _rename_to_newest(session, department)
        _rename_to_newest(session, new)
        session.flush()
        source_summary, new_summary = summaries(session, [department, new])
        return SplitResult(source_summary, new_summary, len(chosen), notes)


def _key(record: DisclosureRecord) -> tuple[str, str, str]:
    region = record.region or ""
    return region, normalize(record.printed_name or "", region), record.printed_code or ""
