"""文件列表 and 文件详情: the stored disclosures, searchable by department name, and one document's
reading report, findings (by severity and kind, each linking to its evidence) and tables."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from yusuan.errors import YusuanError
from yusuan.store.compare_execution import kinds_of
from yusuan.store.db import INT_MAX
from yusuan.store.decisions import VERDICT_ZH, VERDICTS, decisions_for, tally
from yusuan.store.listing import entries, superseded
from yusuan.store.uploads import document_files
from yusuan.web import pages
from yusuan.web.auth import viewer
from yusuan.web.render import render
from yusuan.web.search import matching
from yusuan.web.state import web_state
from yusuan.web.views import counts, document_view, load, numbered, review_changed, stored_fingerprints

router = APIRouter(dependencies=[Depends(viewer)])

DocumentId = Annotated[int, Path(ge=1, le=INT_MAX)]
#: The kinds the list can be narrowed to (as ``yusuan compare --kind``).
KIND_CHOICES = ("全部", "预算", "决算")
#: Documents listed per page.
PAGE_SIZE = 100


@router.get("/documents")
def document_list(
    request: Request,
    q: Annotated[str, Query(max_length=100)] = "",
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    all_versions: Annotated[bool, Query(alias="all")] = False,
    kind: Annotated[str, Query(max_length=10)] = "全部",
) -> Response:
    state = web_state(request)
    selected = matching(state.engine, q)
    ids = None if selected is None else {s.id for s in selected}
    try:
        kinds = kinds_of(kind)
    except YusuanError as exc:
        raise HTTPException(status_code=422, detail=exc.message) from None
    found = [
        e
        for e in entries(state.engine, year=year, all_versions=all_versions)
        if (ids is None or e.department_id in ids) and (kinds is None or e.kind in kinds)
    ]
    older = 0 if all_versions else superseded(state.engine, year=year)
    shown = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [
        {
            "id": e.id,
            "department": e.department,
            "department_id": e.department_id,
            "region": e.region or "",
            "year": e.year or "—",
            "kind": e.kind,
            "version": e.version,
            "current": e.current,
            "source": e.source_name,
            "counts": e.counts,
        }
        for e in shown
    ]
    return render(
        request,
        "documents.html.j2",
        rows=rows,
        q=q,
        year=year or "",
        kind=kind,
        kinds=KIND_CHOICES,
        total=len(found),
        all_versions=all_versions,
        older=older,
        page=page,
        pages=max(1, -(-len(found) // PAGE_SIZE)),
    )


@router.get("/documents/{disclosure_id}")
def document(request: Request, disclosure_id: DocumentId) -> Response:
    loaded = load(web_state(request), disclosure_id)
    if loaded is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {disclosure_id} 的公开文件。")
    record, item = loaded
    state = web_state(request)
    decisions = decisions_for(state.engine, disclosure_id)
    changed = review_changed(record, numbered(item), stored_fingerprints(state.engine, disclosure_id))
    annotated = bool(pages.original_pdfs(state.engine, state.files, disclosure_id))
    standing = tally(state.engine, disclosure_id)
    return render(
        request,
        "document.html.j2",
        doc=document_view(record, item, decisions),
        totals=counts(item),
        annotated=annotated,
        changed=changed,
        tally=[(VERDICT_ZH[v], standing.get(v, 0)) for v in VERDICTS],
        files=document_files(state.engine, disclosure_id),
    )
