"""审核决定: a reviewer confirms a finding, dismisses it (a reason is required) or sets it back to
undecided, and adds notes (:mod:`yusuan.store.decisions`: stored with the user and the time, kept
across re-ingests of the same file and carried to a new version where the finding recurs). A
decision that cannot be recorded shows the finding's page again with the reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from yusuan.store.decisions import MAX_TEXT, DecisionError, add_note, decide
from yusuan.web.auth import Reviewer, viewer
from yusuan.web.routes.evidence import DocumentId, FindingNo, finding_page
from yusuan.web.state import web_state
from yusuan.web.views import load, numbered

router = APIRouter(dependencies=[Depends(viewer)])

Text = Annotated[str, Form(max_length=MAX_TEXT + 100)]


def _fingerprint(request: Request, disclosure_id: int, no: int) -> str:
    loaded = load(web_state(request), disclosure_id)
    if loaded is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {disclosure_id} 的公开文件。")
    found = numbered(loaded[1])
    if not 1 <= no <= len(found):
        raise HTTPException(status_code=404, detail=f"第 {disclosure_id} 号文件没有第 {no} 条审核发现。")
    return found[no - 1].fingerprint


@router.post("/documents/{disclosure_id}/findings/{no}/decision")
def record_decision(
    request: Request,
    active: Reviewer,
    disclosure_id: DocumentId,
    no: FindingNo,
    verdict: Annotated[str, Form(max_length=20)] = "",
    reason: Text = "",
) -> Response:
    fp = _fingerprint(request, disclosure_id, no)
    try:
        decide(web_state(request).engine, disclosure_id, fp, verdict, reason, active.user.username)
    except DecisionError as exc:
        return finding_page(request, disclosure_id, no, error=exc.message, status_code=422)
    return RedirectResponse(f"/documents/{disclosure_id}/findings/{no}#decision", status_code=303)


@router.post("/documents/{disclosure_id}/findings/{no}/note")
def record_note(
    request: Request, active: Reviewer, disclosure_id: DocumentId, no: FindingNo, text: Text = ""
) -> Response:
    fp = _fingerprint(request, disclosure_id, no)
    try:
        add_note(web_state(request).engine, disclosure_id, fp, text, active.user.username)
    except DecisionError as exc:
        return finding_page(request, disclosure_id, no, error=exc.message, status_code=422)
    return RedirectResponse(f"/documents/{disclosure_id}/findings/{no}#decision", status_code=303)
