"""规则目录: every review rule — id, title, kind, severity, basis, the documents it applies to —
from the registry (``yusuan rules``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from yusuan.review.catalogue import entry, ordered
from yusuan.web.auth import viewer
from yusuan.web.render import render

router = APIRouter(dependencies=[Depends(viewer)])


@router.get("/rules")
def rules(request: Request) -> Response:
    listed = [entry(r) for r in ordered()]
    return render(request, "rules.html.j2", rules=listed)
