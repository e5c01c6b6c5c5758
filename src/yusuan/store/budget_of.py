"""The stored budget of a final account (决算): what ``ingest`` reviews a 决算 against.

A 部门决算 (单位决算) is reviewed beside the same department's 部门预算 (单位预算) of the same year when the store
holds one (rule ``final-budget-vs-stored-budget``): :func:`stored_budget` finds the department as ingesting the
决算 would (:func:`yusuan.store.departments.match_department`) and reads back the current budget's model. A budget
stored after its 决算 (a folder ingested in name order puts …-决算 first) has the current 决算 of its department and
year reviewed again beside it (:func:`rereview_finals`): a new review run, which is the one shown.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from yusuan.domain.kinds import FINAL_KINDS
from yusuan.model import Disclosure, jsonio
from yusuan.review.engine import review
from yusuan.store.departments import match_department
from yusuan.store.execution import counterpart
from yusuan.store.review_runs import store_review
from yusuan.store.schema import DepartmentName, DisclosureRecord, cut


def _current_models(engine: Engine, d: Disclosure, kind: str) -> list[tuple[int, str]]:
    """(id, stored model) of the current disclosures of ``kind`` of ``d``'s department and year, newest first."""
    if d.year is None or not d.department.name:
        return []
    name = cut(DepartmentName, "name", d.department.name)
    region = cut(DepartmentName, "region", d.department.region or "")
    code = cut(DepartmentName, "code", d.department.code or "")
    with Session(engine) as session:
        department = match_department(session, name, region, code)
        if department is None:
            return []
        rows = session.execute(
            select(DisclosureRecord.id, DisclosureRecord.model_json)
            .where(
                DisclosureRecord.department_id == department.id,
                DisclosureRecord.year == d.year,
                DisclosureRecord.kind == kind,
                DisclosureRecord.current.is_(True),
            )
            .order_by(DisclosureRecord.id.desc())
        ).all()
    return [(i, m) for i, m in rows if m]


def _model(text: str) -> Disclosure | None:
    try:
        return jsonio.from_json(text)
    except ValidationError:
        return None  # a model stored by an older version that no longer validates


def rereview_finals(engine: Engine, budget: Disclosure) -> list[int]:
    """Review the current 决算 of budget ``budget``'s department and year again beside it and store each run; the
    ids of the 决算 reviewed (none for a 决算, or when no 决算 of that year is stored)."""
    kind = counterpart(budget.kind)
    if budget.kind in FINAL_KINDS or kind is None:
        return []
    done: list[int] = []
    for disclosure_id, text in _current_models(engine, budget, kind):
        final = _model(text)
        if final is None:
            continue
        with Session(engine) as session, session.begin():
            store_review(session, disclosure_id, review(final, budget=budget))
        done.append(disclosure_id)
    return done


def stored_budget(engine: Engine, d: Disclosure) -> Disclosure | None:
    """The current stored budget of final account ``d``'s department and year, read back from its stored model;
    ``None`` for a document that is not a final account, one without a year or a department name, or when the
    store holds no such budget."""
    kind = counterpart(d.kind)
    if d.kind not in FINAL_KINDS or kind is None:
        return None
    models = _current_models(engine, d, kind)
    return _model(models[0][1]) if models else None
