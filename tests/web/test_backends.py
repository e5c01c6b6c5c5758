"""The workbench's writing routes on SQLite and PostgreSQL: an upload processed in the background, a
decision on one of its findings, the department's rectification list."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD, login_token
from yusuan.pipeline.batch import example_files
from yusuan.pipeline.uploads import wait_for
from yusuan.store.accounts import add_user
from yusuan.store.db import make_engine
from yusuan.store.decisions import decisions_for
from yusuan.web.app import create_app


def test_upload_decide_and_export(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    app = create_app(engine=engine, files=tmp_path / "files", samples=False)
    add_user(engine, "reviewer", PASSWORD, "reviewer")
    sample = next(e for e in example_files() if "有误" in e.name)
    try:
        with TestClient(app) as client:
            client.post("/login", data={"username": "reviewer", "password": PASSWORD, "csrf": login_token(client)})
            csrf = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/uploads").text)
            assert csrf is not None
            r = client.post(
                "/uploads",
                data={"csrf": csrf.group(1)},
                files=[("files", (sample.name, sample.read_bytes(), "text/plain"))],
                follow_redirects=False,
            )
            job = int(r.headers["location"].rsplit("/", 1)[1])
            progress = wait_for(engine, job, timeout=120)
            assert progress.status == "done", progress
            (document,) = {f.disclosure_id for f in progress.files}
            r = client.post(
                f"/documents/{document}/findings/1/decision",
                data={"csrf": csrf.group(1), "verdict": "confirmed", "reason": "属实，请整改"},
                follow_redirects=False,
            )
            assert r.status_code == 303
            assert [d.verdict for d in decisions_for(engine, document).values()] == ["confirmed"]
            page = client.get(f"/documents/{document}").text
            department = re.search(r'href="/departments/(\d+)"', page)
            assert department is not None
            r = client.get(f"/departments/{department.group(1)}/rectification.xlsx", params={"year": 2023})
            cells = [
                str(c.value) for row in openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows() for c in row
            ]
            assert any("属实，请整改" in c for c in cells)
    finally:
        engine.dispose()
