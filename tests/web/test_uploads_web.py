"""Uploading through the workbench: a reviewer's files are kept, processed in the background and
shown with their progress; a viewer cannot upload; bodies over the bound are refused unread."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.web.conftest import PASSWORD, Store, login_token
from yusuan.pipeline.batch import example_files
from yusuan.pipeline.upload_receive import UploadLimits
from yusuan.pipeline.uploads import wait_for
from yusuan.store.db import make_engine
from yusuan.web.app import SECURITY_HEADERS, create_app


@dataclass
class Site:
    client: TestClient
    engine: Engine
    files: Path

    def login(self, username: str) -> str:
        """Sign in; the session's CSRF token."""
        self.client.cookies.clear()
        token = login_token(self.client)
        self.client.post("/login", data={"username": username, "password": PASSWORD, "csrf": token})
        found = re.search(r'<meta name="csrf-token" content="([^"]+)">', self.client.get("/uploads").text)
        assert found is not None
        return found.group(1)


@pytest.fixture
def site(store_template: Store, tmp_path: Path) -> Iterator[Site]:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(store_template.path, path)
    engine = make_engine(f"sqlite:///{path}")
    files = tmp_path / "files"
    limits = UploadLimits(max_files=5, max_file_bytes=2 * 1024 * 1024, max_total_bytes=3 * 1024 * 1024)
    app = create_app(engine=engine, files=files, limits=limits, samples=False, idle=timedelta(hours=1))
    with TestClient(app) as client:
        yield Site(client, engine, files)
    engine.dispose()


def _sample() -> tuple[str, bytes]:
    entry = next(e for e in example_files() if "有误" in e.name)
    return "样本-" + entry.name, entry.read_bytes().replace(b"2023", b"2022")


def test_a_reviewer_uploads_and_follows_the_job(site: Site) -> None:
    csrf = site.login("reviewer")
    name, data = _sample()
    r = site.client.post(
        "/uploads", data={"csrf": csrf}, files=[("files", (name, data, "text/plain"))], follow_redirects=False
    )
    assert r.status_code == 303, r.text
    job = int(r.headers["location"].rsplit("/", 1)[1])
    progress = wait_for(site.engine, job, timeout=120)
    assert progress.status == "done", progress
    page = site.client.get(f"/uploads/{job}").text
    assert name in page and "完成" in page
    (document,) = {f.disclosure_id for f in progress.files}
    assert f'href="/documents/{document}"' in page
    fragment = site.client.get(f"/uploads/{job}/progress").text
    assert 'id="job"' in fragment and "hx-get" not in fragment  # finished: no more polling
    assert f'href="/uploads/{job}"' in site.client.get("/uploads").text
    # kept by hash under the files folder, nowhere else
    kept = [p for p in (site.files / "blobs").rglob("*") if p.is_file()]
    assert len(kept) == 1 and re.fullmatch(r"[0-9a-f]{64}", kept[0].name)


def test_a_viewer_sees_the_jobs_but_cannot_upload(site: Site) -> None:
    csrf = site.login("viewer")
    page = site.client.get("/uploads").text
    assert "当前账户只能查看" in page and 'type="file"' not in page
    name, data = _sample()
    r = site.client.post("/uploads", data={"csrf": csrf}, files=[("files", (name, data, "text/plain"))])
    assert r.status_code == 403
    assert not (site.files / "blobs").exists()


def test_an_upload_without_files_says_so(site: Site) -> None:
    csrf = site.login("reviewer")
    r = site.client.post("/uploads", data={"csrf": csrf}, files=[("files", ("", b"", "text/plain"))])
    assert r.status_code == 422 and "没有选择文件" in r.text


def test_a_body_over_the_bound_is_refused_unread(site: Site) -> None:
    csrf = site.login("reviewer")
    big = b"x" * (5 * 1024 * 1024)
    r = site.client.post("/uploads", data={"csrf": csrf}, files=[("files", ("big.txt", big, "text/plain"))])
    assert r.status_code == 413 and "请求内容过大" in r.json()["detail"]
    assert r.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    assert not (site.files / "blobs").exists()
    r = site.client.post("/admin/users", data={"csrf": csrf, "username": "x" * (2 * 1024 * 1024)})
    assert r.status_code == 413  # any other form: 1 MB


def test_without_a_files_folder_uploads_are_unavailable(store_template: Store, tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    shutil.copyfile(store_template.path, path)
    engine = make_engine(f"sqlite:///{path}")
    with TestClient(create_app(engine=engine, samples=False)) as client:
        site = Site(client, engine, tmp_path / "none")
        csrf = site.login("reviewer")
        assert "yusuan serve --files" in client.get("/uploads").text
        r = client.post("/uploads", data={"csrf": csrf}, files=[("files", ("a.txt", b"abc", "text/plain"))])
        assert r.status_code == 409
    engine.dispose()
