"""Deciding on findings in the workbench: confirm, dismiss with a reason, notes; shown on the finding
and document pages, kept with the user; the rectification list downloaded as Excel and Word."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import docx
import httpx
import openpyxl

from tests.web.conftest import Web
from yusuan.store.decisions import decisions_for
from yusuan.store.listing import entries


def _bad(web: Web) -> int:
    return next(e.id for e in entries(web.engine, all_versions=True) if "有误" in e.source_name)


def _post(web: Web, path: str, **data: str) -> httpx.Response:
    return web.client.post(path, data={"csrf": web.csrf(), **data}, follow_redirects=False)


def test_a_reviewer_confirms_and_dismisses_findings(web: Web) -> None:
    web.login("reviewer")
    doc = _bad(web)
    r = _post(web, f"/documents/{doc}/findings/1/decision", verdict="confirmed", reason="与原件核对属实")
    assert r.status_code == 303 and r.headers["location"] == f"/documents/{doc}/findings/1#decision"
    page = web.client.get(f"/documents/{doc}/findings/1").text
    assert '<span class="verdict confirmed">确认</span> reviewer' in page and "与原件核对属实" in page
    r = _post(web, f"/documents/{doc}/findings/2/decision", verdict="dismissed", reason="")
    assert r.status_code == 422 and "必须说明理由" in r.text
    r = _post(web, f"/documents/{doc}/findings/2/decision", verdict="dismissed", reason="尾差，可接受")
    assert r.status_code == 303
    listing = web.client.get(f"/documents/{doc}").text
    assert '<span class="verdict confirmed">确认</span>' in listing
    assert '<span class="verdict dismissed">不采纳</span>' in listing
    standing = decisions_for(web.engine, doc)
    assert sorted(d.verdict for d in standing.values()) == ["confirmed", "dismissed"]
    assert {d.user for d in standing.values()} == {"reviewer"}


def test_notes_and_history(web: Web) -> None:
    web.login("reviewer")
    doc = _bad(web)
    _post(web, f"/documents/{doc}/findings/1/decision", verdict="confirmed", reason="第一次")
    _post(web, f"/documents/{doc}/findings/1/decision", verdict="open", reason="再看看")
    r = _post(web, f"/documents/{doc}/findings/1/note", text='<script>alert("note")</script>请财政局核实')
    assert r.status_code == 303
    page = web.client.get(f"/documents/{doc}/findings/1").text
    assert "审定记录（3 条）" in page and "第一次" in page and "再看看" in page
    assert (
        '<script>alert("note")' not in page and "&lt;script&gt;alert(&#34;note&#34;)&lt;/script&gt;请财政局核实" in page
    )
    assert _post(web, f"/documents/{doc}/findings/1/note", text="  ").status_code == 422


def test_a_viewer_sees_decisions_but_has_no_forms(web: Web) -> None:
    web.login("reviewer")
    doc = _bad(web)
    _post(web, f"/documents/{doc}/findings/1/decision", verdict="confirmed", reason="属实")
    web.login("viewer")
    page = web.client.get(f"/documents/{doc}/findings/1").text
    assert "确认" in page and "属实" in page and 'name="verdict"' not in page
    r = _post(web, f"/documents/{doc}/findings/1/decision", verdict="dismissed", reason="x")
    assert r.status_code == 403
    assert [d.verdict for d in decisions_for(web.engine, doc).values()] == ["confirmed"]


def test_unknown_findings_and_verdicts_are_refused(web: Web) -> None:
    web.login("reviewer")
    doc = _bad(web)
    assert _post(web, f"/documents/{doc}/findings/999/decision", verdict="confirmed").status_code == 404
    r = _post(web, f"/documents/{doc}/findings/1/decision", verdict="maybe")
    assert r.status_code == 422 and "未知的决定" in r.text


def test_rectification_list_downloads_as_excel_and_word(web: Web) -> None:
    web.login("reviewer")
    doc = _bad(web)
    _post(web, f"/documents/{doc}/findings/1/decision", verdict="confirmed", reason="请整改=1+1")
    record = next(e for e in entries(web.engine, all_versions=True) if e.id == doc)
    page = web.client.get(f"/departments/{record.department_id}").text
    link = re.search(r'href="(/departments/\d+/rectification\.xlsx\?year=2023&amp;kind=[^"]+)"', page)
    assert link is not None
    r = web.client.get(link.group(1).replace("&amp;", "&"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "整改清单.xlsx" in unquote(r.headers["content-disposition"])
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert any("请整改=1+1" in c for c in cells) and not any(c.startswith("=") for c in cells)
    r = web.client.get(f"/departments/{record.department_id}/rectification.docx", params={"year": 2023})
    text = "\n".join(
        cell.text for t in docx.Document(io.BytesIO(r.content)).tables for row in t.rows for cell in row.cells
    )
    assert "请整改=1+1" in text
    assert web.client.get(f"/departments/{record.department_id}/rectification.pdf").status_code == 404
    assert web.client.get("/departments/999999/rectification.xlsx").status_code == 404


def test_findings_not_stored_at_ingest_cannot_be_decided_and_the_page_says_why(web: Web) -> None:
    from sqlalchemy import delete
    from sqlalchemy.orm import Session

    from yusuan.store.schema import FindingRecord

    web.login("reviewer")
    doc = _bad(web)
    assert "与入库时保存的审核结果" not in web.client.get(f"/documents/{doc}").text
    assert 'name="verdict"' in web.client.get(f"/documents/{doc}/findings/1").text
    with Session(web.engine) as session, session.begin():  # as if the rules had changed since ingest
        session.execute(delete(FindingRecord).where(FindingRecord.disclosure_id == doc))
    assert "与入库时保存的审核结果" in web.client.get(f"/documents/{doc}").text
    page = web.client.get(f"/documents/{doc}/findings/1").text
    assert "不能对它记录决定" in page and 'name="verdict"' not in page
    r = _post(web, f"/documents/{doc}/findings/1/decision", verdict="confirmed", reason="x")
    assert r.status_code == 422 and "没有这条审核发现" in r.text
