"""上传: a reviewer uploads one or many files (PDF, DOCX, XLSX/XLS, HTML, TXT) or a zip of a package
or a folder; the files are kept by hash and processed in the background
(:class:`yusuan.pipeline.uploads.Uploads`: limits, package grouping, identical content stored once);
the job's page shows each file's progress, refreshed by htmx until the job is finished. Everyone
signed in sees the jobs; only a reviewer (or admin) uploads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from yusuan.pipeline.upload_receive import DOCUMENT_SUFFIXES, ZIP_SUFFIX, Incoming, UploadLimits, size_text
from yusuan.pipeline.uploads import Uploads
from yusuan.store.db import INT_MAX
from yusuan.store.uploads import UploadError, job_progress, recent_jobs
from yusuan.web.auth import Reviewer, viewer
from yusuan.web.render import render
from yusuan.web.state import web_state

router = APIRouter(dependencies=[Depends(viewer)])

JobId = Annotated[int, Path(ge=1, le=INT_MAX)]
ACCEPT = ",".join((*DOCUMENT_SUFFIXES, ZIP_SUFFIX))
NOT_CONFIGURED = "工作台启动时未指定上传文件的保存文件夹（yusuan serve --files），暂不能上传。"


def _uploads(request: Request) -> Uploads | None:
    return web_state(request).uploads


def _limits_text(limits: UploadLimits) -> str:
    return (
        f"每次最多 {limits.max_files} 个文件，单个文件不超过 {size_text(limits.max_file_bytes)}，"
        f"合计不超过 {size_text(limits.max_total_bytes)}"
    )


@router.get("/uploads")
def upload_page(request: Request, error: str = "") -> Response:
    uploads = _uploads(request)
    jobs = recent_jobs(web_state(request).engine, limit=30)
    return render(
        request,
        "uploads.html.j2",
        jobs=jobs,
        accept=ACCEPT,
        limits=_limits_text(uploads.limits) if uploads is not None else "",
        unavailable="" if uploads is not None else NOT_CONFIGURED,
        error=error,
    )


@router.post("/uploads")
async def upload(request: Request, active: Reviewer) -> Response:
    uploads = _uploads(request)
    if uploads is None:
        raise HTTPException(status_code=409, detail=NOT_CONFIGURED)
    form = await request.form()
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        return render(
            request,
            "uploads.html.j2",
            status_code=422,
            jobs=recent_jobs(web_state(request).engine, limit=30),
            accept=ACCEPT,
            limits=_limits_text(uploads.limits),
            unavailable="",
            error="没有选择文件。",
        )
    items = [Incoming(f.filename or "", f.file) for f in files]
    try:
        job = await run_in_threadpool(uploads.submit, items, active.user.username)
    finally:
        for f in files:
            await f.close()
    return RedirectResponse(f"/uploads/{job}", status_code=303)


def _progress(request: Request, job_id: int, template: str) -> Response:
    try:
        progress = job_progress(web_state(request).engine, job_id)
    except UploadError as exc:
        raise HTTPException(status_code=404, detail=exc.message) from None
    return render(request, template, job=progress)


@router.get("/uploads/{job_id}")
def job_page(request: Request, job_id: JobId) -> Response:
    return _progress(request, job_id, "upload_job.html.j2")


@router.get("/uploads/{job_id}/progress")
def job_fragment(request: Request, job_id: JobId) -> Response:
    """The job's table alone (htmx swaps it in place every second while the job runs)."""
    return _progress(request, job_id, "_job.html.j2")
