"""A finding's evidence: its message, the table excerpt with the cells involved, the sentences it
quotes, and the original page as an image with the evidence boxed (PDF sources whose bytes the
store keeps); previous/next finding and page navigation."""

from __future__ import annotations

from typing import Annotated, cast
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from yusuan.errors import YusuanError
from yusuan.store.db import INT_MAX
from yusuan.store.decisions import VERDICT_ZH, VERDICTS, decisions_for
from yusuan.store.decisions import history as decision_history
from yusuan.web import pages
from yusuan.web.auth import viewer
from yusuan.web.render import render
from yusuan.web.state import web_state
from yusuan.web.views import Numbered, decision_view, finding_view, load, numbered, stored_fingerprints

router = APIRouter(dependencies=[Depends(viewer)])

DocumentId = Annotated[int, Path(ge=1, le=INT_MAX)]
FindingNo = Annotated[int, Path(ge=1, le=100_000)]
MAX_PAGE = 100_000
EXCERPT = "下面显示表格摘录。"


def _file_on(n: Numbered, page: int | None) -> str | None:
    """The file of a package the finding's evidence on ``page`` is printed in (``None``: one file)."""
    return next((ev.file for ev in n.finding.locations if ev.page == page and ev.file), None)


@router.get("/documents/{disclosure_id}/findings/{no}")
def finding(
    request: Request,
    disclosure_id: DocumentId,
    no: FindingNo,
    page: Annotated[int | None, Query(ge=1, le=MAX_PAGE)] = None,
) -> Response:
    return finding_page(request, disclosure_id, no, page)


def finding_page(
    request: Request, disclosure_id: int, no: int, page: int | None = None, error: str = "", status_code: int = 200
) -> Response:
    """The page of finding ``no``: evidence, page image, the reviewers' decision, its history and
    (for a reviewer) the forms to decide; ``error`` says why the last decision was not recorded."""
    state = web_state(request)
    loaded = load(state, disclosure_id)
    if loaded is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {disclosure_id} 的公开文件。")
    record, item = loaded
    found = numbered(item)
    if not 1 <= no <= len(found):
        raise HTTPException(status_code=404, detail=f"第 {disclosure_id} 号文件没有第 {no} 条审核发现。")
    chosen = found[no - 1]
    view = finding_view(item, chosen, decisions_for(state.engine, disclosure_id).get(chosen.fingerprint))
    evidence_pages = cast(list[int], view["pages"])
    total_pages = item.disclosure.reading.pages if item.disclosure.reading is not None else None
    shown = page or (evidence_pages[0] if evidence_pages else None)
    if shown is not None and total_pages is not None and shown > total_pages:
        raise HTTPException(status_code=404, detail=f"第 {disclosure_id} 号文件只有 {total_pages} 页。")
    image = (
        shown is not None
        and record.source_format == "pdf"
        and pages.original_pdf(state.engine, state.files, disclosure_id, _file_on(found[no - 1], shown)) is not None
    )
    why_no_image = ""
    if not image:
        if record.source_format != "pdf":
            why_no_image = "原件不是 PDF：" + EXCERPT
        elif shown is None:
            why_no_image = "这条发现没有页码：" + EXCERPT
        elif state.files is None:
            why_no_image = "工作台启动时未指定上传文件的保存文件夹（yusuan serve --files），不能显示原件：" + EXCERPT
        else:
            why_no_image = "数据库未保存原件（命令行入库的文件只保存其指纹）：" + EXCERPT
    return render(
        request,
        "finding.html.j2",
        status_code=status_code,
        history=[decision_view(d) for d in decision_history(state.engine, disclosure_id, chosen.fingerprint)],
        verdicts=[(v, VERDICT_ZH[v]) for v in VERDICTS],
        decidable=chosen.fingerprint in stored_fingerprints(state.engine, disclosure_id),
        error=error,
        doc={
            "id": disclosure_id,
            "name": record.entry.department,
            "year": record.entry.year,
            "source": record.entry.source_name,
        },
        f=view,
        prev_no=no - 1 if no > 1 else None,
        next_no=no + 1 if no < len(found) else None,
        total=len(found),
        page=shown,
        total_pages=total_pages,
        prev_page=shown - 1 if shown is not None and shown > 1 else None,
        next_page=shown + 1 if shown is not None and (total_pages is None or shown < total_pages) else None,
        image=image,
        why_no_image=why_no_image,
    )


@router.get("/documents/{disclosure_id}/pages/{page}.png")
def page_image(
    request: Request,
    disclosure_id: DocumentId,
    page: Annotated[int, Path(ge=1, le=MAX_PAGE)],
    finding: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    state = web_state(request)
    loaded = load(state, disclosure_id)
    if loaded is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {disclosure_id} 的公开文件。")
    _record, item = loaded
    chosen: tuple[int, int] | None = None
    file: str | None = None
    if finding is not None:
        found = numbered(item)
        if not 1 <= finding <= len(found):
            raise HTTPException(status_code=404, detail=f"没有第 {finding} 条审核发现。")
        chosen = (item.review.findings.index(found[finding - 1].finding), finding)
        file = _file_on(found[finding - 1], page)
    pdf = pages.original_pdf(state.engine, state.files, disclosure_id, file)
    if pdf is None:
        raise HTTPException(status_code=404, detail="数据库未保存这份文件的 PDF 原件。")
    try:
        png = pages.page_png(item, pdf, page, chosen)
    except YusuanError as exc:
        raise HTTPException(status_code=404, detail=exc.message) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.get("/documents/{disclosure_id}/annotated.pdf")
def annotated_pdf(request: Request, disclosure_id: DocumentId) -> Response:
    """The original PDF with each finding's cells highlighted and a note carrying its message."""
    state = web_state(request)
    loaded = load(state, disclosure_id)
    if loaded is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {disclosure_id} 的公开文件。")
    files = pages.original_pdfs(state.engine, state.files, disclosure_id)
    if not files:
        raise HTTPException(status_code=404, detail="数据库未保存这份文件的 PDF 原件，不能生成批注版 PDF。")
    try:
        data = pages.annotated(loaded[1], files)
    except YusuanError as exc:
        raise HTTPException(status_code=404, detail=exc.message) from None
    name = quote(f"审核批注-{files[0][0].removesuffix('.pdf')}.pdf", safe="")
    disposition = f"attachment; filename=\"annotated.pdf\"; filename*=UTF-8''{name}"
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": disposition})
