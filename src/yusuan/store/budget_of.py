"""The stored budget of a final account (决算): what ``ingest`` reviews a 决算 against.

A 部门决算 (单位决算) is reviewed beside the same department's 部门预算 (单位预算) of the same year when the store
holds one (rule ``final-budget-vs-stored-budget``): :func:`stored_budget` finds the department as ingesting the
决算 would (:func:`yusuan.store.departments.match_department`) and reads back the current budget's model.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.domain.kinds import FINAL_KINDS
from yusuan.model import Disclosure, jsonio
from yusuan.store.departments import match_department
from yusuan.store.execution import counterpart
from yusuan.store.schema import DepartmentName, DisclosureRecord, cut


def stored_budget(engine: Engine, d: Disclosure) -> Disclosure | None:
    """The current stored budget of final account ``d``'s department and year, read back from its stored model;
    ``None`` for a document that is not a final account, one without a year or a department name, or when the
    store holds no such budget."""
    kind = counterpart(d.kind)
    if d.kind not in FINAL_KINDS or kind is None or d.year is None or not d.department.name:
        return None
    name = cut(DepartmentName, "name", d.department.name)
    region = cut(DepartmentName, "region", d.department.region or "")
    code = cut(DepartmentName, "code", d.department.code or "")
    with Session(engine) as session:
        department = match_department(session, name, region, code)
        if department is None:
            return None
        model = session.scalar(
            select(DisclosureRecord.model_json)
            .where(
                DisclosureRecord.department_id == department.id,
                DisclosureRecord.year == d.year,
                DisclosureRecord.kind == kind,
                DisclosureRecord.current.is_(True),
            )
            .order_by(DisclosureRecord.id.desc())
            .limit(1)
        )
    if model is None:
        return None
    try:
        return jsonio.from_json(model)
    except ValidationError:
        return None  # a model stored by an older version that no longer validates: reviewed without it
