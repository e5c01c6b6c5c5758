"""部门: the departments of the store, searchable by name, and one department's years side by side —
its key figures and function 类 by year, the changes and the differences with what the narrative
states (``yusuan history``), the budget beside the final account with the execution rates where
both are stored, and bar charts drawn on the server."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from yusuan.domain.kinds import ANY_KIND
from yusuan.errors import YusuanError
from yusuan.report.rectification_out import render as render_rectification
from yusuan.review.context import fmt
from yusuan.store.db import INT_MAX
from yusuan.store.departments import list_departments, live
from yusuan.store.history import History, department_history, signed
from yusuan.store.rectification import rectification
from yusuan.store.schema import Department
from yusuan.web.auth import viewer
from yusuan.web.render import render
from yusuan.web.search import matching
from yusuan.web.state import web_state
from yusuan.web.svg import Series, bar_chart

router = APIRouter(dependencies=[Depends(viewer)])

#: The rows charted on a department's page.
CHARTED = ("total", "basic", "project", "three_public")


@router.get("/departments")
def departments(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    engine = web_state(request).engine
    selected = matching(engine, q)
    listed = list_departments(engine) if selected is None else selected
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "region": s.region or "",
            "level": s.level or "",
            "others": "、".join(n for n in s.names if n != s.name),
            "years": "、".join(str(y) for y in s.years),
            "disclosures": s.disclosures,
        }
        for s in listed
    ]
    return render(request, "departments.html.j2", rows=rows, q=q)


def _amount(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else fmt(value)


def _history_view(h: History) -> dict[str, object]:
    years = [y.year for y in h.years]
    flagged = {(f.row, f.year) for f in h.flags if f.kind == "difference"}
    rows = []
    for r in h.rows + h.functions:
        cells = []
        for y in years:
            v = r.values.get(y)
            c = r.changes.get(y)
            cells.append(
                {
                    "amount": _amount(v.amount) if v else "",
                    "narrative": bool(v and v.source == "narrative"),
                    "change": signed(c.computed) if c is not None and c.computed is not None else "",
                    "flag": (r.key, y) in flagged,
                }
            )
        rows.append({"label": r.label, "indent": r.indent, "cells": cells})
    execution = []
    ex = h.execution
    if ex is not None and ex.paired:
        for key, by_year in ex.rows.items():
            if key.startswith("function:"):
                continue
            label = next(iter(by_year.values())).label
            execution.append(
                {
                    "label": label,
                    "cells": [
                        {
                            "budget": _amount(by_year[y].budget) if y in by_year else "",
                            "final": _amount(by_year[y].final) if y in by_year else "",
                            "rate": f"{by_year[y].rate}%" if y in by_year and by_year[y].rate is not None else "",
                        }
                        for y in sorted(ex.years)
                    ],
                }
            )
    return {
        "years": h.years,
        "rows": rows,
        "flags": [{"year": f.year, "message": f.message, "kind": f.kind} for f in h.flags],
        "execution": execution,
        "execution_years": sorted(ex.years) if ex is not None and ex.paired else [],
        "budget_kind": ex.budget_kind if ex is not None else "",
        "final_kind": ex.final_kind if ex is not None else "",
        "charts": _charts(h),
    }


def _charts(h: History) -> list[Markup]:
    ex = h.execution
    charts: list[Markup] = []
    if ex is not None and ex.paired:
        years = sorted(ex.years)
        for key in CHARTED:
            by_year = ex.rows.get(key, {})
            if not by_year:
                continue
            label = next(iter(by_year.values())).label
            budget = [by_year[y].budget if y in by_year else None for y in years]
            final = [by_year[y].final if y in by_year else None for y in years]
            series = [Series(ex.budget_kind, budget), Series(ex.final_kind, final)]
            charts.append(bar_chart(label, [str(y) for y in years], series))
        return charts
    years = [y.year for y in h.years]
    for r in h.rows:
        if r.key not in CHARTED:
            continue
        values = [r.values[y].amount if y in r.values else None for y in years]
        amounts = [v if isinstance(v, Decimal) else None for v in values]
        if any(v is not None for v in amounts):
            charts.append(bar_chart(r.label, [str(y) for y in years], [Series(h.kind, amounts)]))
    return charts


@router.get("/departments/{department_id}")
def department(
    request: Request,
    department_id: Annotated[int, Path(ge=1, le=INT_MAX)],
    kind: Annotated[str, Query(max_length=10)] = "部门预算",
) -> Response:
    if kind not in ANY_KIND:
        raise HTTPException(status_code=404, detail=f"无法识别的文件类型“{kind}”。")
    engine = web_state(request).engine
    with Session(engine) as session:
        found = session.get(Department, department_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"没有编号为 {department_id} 的部门。")
        target = live(session, found).id
    if target != department_id:
        return RedirectResponse(f"/departments/{target}", status_code=303)
    h = department_history(engine, department_id, kind)
    return render(
        request,
        "department.html.j2",
        dept=h.department,
        kind=kind,
        kinds=sorted(ANY_KIND),
        h=_history_view(h),
    )


MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/departments/{department_id}/rectification.{suffix}")
def rectification_download(
    request: Request,
    department_id: Annotated[int, Path(ge=1, le=INT_MAX)],
    suffix: Annotated[str, Path(max_length=8)],
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    kind: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """整改清单 of the department's current documents (of ``year`` and ``kind``) as Excel or Word."""
    if suffix not in MEDIA_TYPES:
        raise HTTPException(status_code=404, detail="整改清单只有 xlsx（Excel）和 docx（Word）两种格式。")
    if kind is not None and kind not in ANY_KIND:
        raise HTTPException(status_code=404, detail=f"无法识别的文件类型“{kind}”。")
    try:
        listing = rectification(web_state(request).engine, department_id, year, kind)
    except YusuanError as exc:
        raise HTTPException(status_code=404, detail=exc.message) from None
    if not listing.documents:
        raise HTTPException(status_code=404, detail="这个部门没有符合条件的当前版本公开文件。")
    data = render_rectification(listing, "xlsx" if suffix == "xlsx" else "docx")
    name = f"{listing.title}.{suffix}"
    disposition = f"attachment; filename=\"rectification.{suffix}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(data, media_type=MEDIA_TYPES[suffix], headers={"Content-Disposition": disposition})
