"""地区对比: the stored disclosures of a region, year and level side by side (``yusuan compare``):
the key amounts and shares with their ranks within a year and kind, the outliers with why, the
findings counts, and with 预决算对比 the other kind beside each row with the execution rates."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from yusuan.domain.kinds import BUDGET_WORD, FINAL_WORD
from yusuan.domain.levels import LEVEL_NAMES
from yusuan.errors import YusuanError
from yusuan.review.finding import SEVERITIES
from yusuan.store.compare import BY_KEY, MEASURES, CompareResult, compare, fmt
from yusuan.web.auth import viewer
from yusuan.web.render import render
from yusuan.web.state import web_state
from yusuan.web.svg import ranked_chart

router = APIRouter(dependencies=[Depends(viewer)])

KIND_CHOICES = (BUDGET_WORD, FINAL_WORD, "全部")


def _chart(result: CompareResult, key: str) -> Markup | None:
    """The chosen measure of the newest year's rows, ranked, outliers in red."""
    measure = BY_KEY.get(key)
    if measure is None or not result.rows:
        return None
    year, kind = result.rows[0].year, result.rows[0].kind
    rows = [r for r in result.rows if r.year == year and r.kind == kind and r.values.get(key) is not None]
    rows.sort(key=lambda r: -(r.values[key] or 0))
    items = [(r.department, r.values[key] or Decimal(0)) for r in rows]
    flagged = frozenset(i for i, r in enumerate(rows) if any(o.measure == key for o in r.outliers))
    title = f"{year or ''} {kind} {measure.name}".strip()
    return ranked_chart(title, items, measure.unit, flagged) if items else None


def _view(result: CompareResult) -> dict[str, object]:
    rows = []
    for r in result.rows:
        rows.append(
            {
                "disclosure_id": r.disclosure_id,
                "department_id": r.department_id,
                "department": r.department,
                "region": r.region or "",
                "year": r.year or "—",
                "kind": r.kind,
                "cells": [
                    {
                        "value": fmt(r.values.get(m.key)),
                        "rank": r.ranks.get(m.key) or "",
                        "outlier": any(o.measure == m.key for o in r.outliers),
                        "other": fmt(r.other.get(m.key)) if result.execution and m.kind == "amount" else None,
                        "rate": fmt(r.rates.get(m.key)) if result.execution and m.kind == "amount" else None,
                    }
                    for m in MEASURES
                ],
                "findings": [r.findings[s] if r.findings is not None else "—" for s in SEVERITIES],
            }
        )
    return {
        "heads": [m.head for m in MEASURES],
        "rows": rows,
        "outliers": [{"department": r.label(True), "text": o.text()} for r, o in result.outliers],
        "without": [f"{name}（{year or '年度未识别'}）" for name, year in result.without_figures],
    }


@router.get("/compare")
def compare_page(
    request: Request,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    region: Annotated[str, Query(max_length=100)] = "",
    level: Annotated[str, Query(max_length=10)] = "",
    kind: Annotated[str, Query(max_length=10)] = BUDGET_WORD,
    execution: Annotated[bool, Query()] = False,
    measure: Annotated[str, Query(max_length=40)] = "total",
) -> Response:
    error = ""
    view: dict[str, object] | None = None
    try:
        result = compare(
            web_state(request).engine,
            year=year,
            region=region.strip() or None,
            level=level or None,
            kind=kind,
            execution=execution,
        )
        view = _view(result)
        view["chart"] = _chart(result, measure)
    except YusuanError as exc:
        error = exc.message
    return render(
        request,
        "compare.html.j2",
        status_code=422 if error else 200,
        view=view,
        error=error,
        year=year or "",
        region=region,
        level=level,
        levels=[(k, v) for k, v in LEVEL_NAMES.items()],
        kind=kind,
        kinds=KIND_CHOICES,
        execution=execution,
        measure=measure,
        measures=[(m.key, m.name) for m in MEASURES],
    )
