"""A PDF uploaded through the upload store: its finding's page is shown as an image with the wrong
cell boxed in red (the renderer of yusuan.report.page_image), and page navigation stays in range."""

from __future__ import annotations

import io
import random
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pymupdf
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD, login_token
from yusuan.pipeline.upload_receive import Incoming
from yusuan.pipeline.uploads import Uploads, wait_for
from yusuan.publish.api import render_document
from yusuan.publish.document import build_document
from yusuan.store.accounts import add_user
from yusuan.store.db import open_store
from yusuan.synth.defects import inject
from yusuan.synth.generate import generate
from yusuan.synth.render import synth_prose
from yusuan.web.app import create_app


def _row_sum_pdf() -> bytes:
    """A generated disclosure with one row-sum defect, published as a PDF."""
    d = next(iter(generate(1, 2026)))
    bad, _defect = inject(d, random.Random(1), only="row-sum")
    ((_suffix, content),) = render_document(build_document(bad, synth_prose(bad)), bad, "pdf").items()
    return content


def _red(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return r > 170 and g < 90 and b < 90


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, int]:
    folder = tmp_path_factory.mktemp("web-pdf")
    url, files = f"sqlite:///{folder / 'store.sqlite'}", folder / "files"
    engine = open_store(url)
    uploads = Uploads(engine, files)
    try:
        job = uploads.submit([Incoming("样本县-2026.pdf", io.BytesIO(_row_sum_pdf()))], user="测试")
        progress = wait_for(engine, job, timeout=300)
    finally:
        uploads.stop(10)
    (document,) = {f.disclosure_id for f in progress.files}
    assert document is not None, progress
    add_user(engine, "viewer", PASSWORD, "viewer")
    engine.dispose()
    return url, files, document


def _client(url: str, files: Path | None) -> TestClient:
    client = TestClient(create_app(url, files=files, samples=False, idle=timedelta(hours=1)))
    token = login_token(client)
    client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf": token})
    return client


def test_the_finding_page_shows_the_page_image_with_the_cell_boxed(uploaded: tuple[str, Path, int]) -> None:
    url, files, document = uploaded
    client = _client(url, files)
    page = client.get(f"/documents/{document}").text
    rows = re.findall(rf'href="/documents/{document}/findings/(\d+)">.*?</a>\s*<span class="rule">row-sum</span>', page)
    assert rows, "the row-sum finding is listed"
    no = int(rows[0])
    evidence = client.get(f"/documents/{document}/findings/{no}").text
    found = re.search(rf'<img class="page" src="/documents/{document}/pages/(\d+)\.png\?finding={no}"', evidence)
    assert found is not None, evidence
    image = client.get(f"/documents/{document}/pages/{found.group(1)}.png", params={"finding": no})
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert "Content-Security-Policy" in image.headers
    pix = pymupdf.Pixmap(image.content)
    reds = sum(1 for y in range(0, pix.height, 2) for x in range(0, pix.width, 2) if _red(pix.pixel(x, y)))
    assert reds > 20, "a red box is drawn"
    plain = pymupdf.Pixmap(client.get(f"/documents/{document}/pages/{found.group(1)}.png").content)
    assert not any(_red(plain.pixel(x, y)) for y in range(0, plain.height, 4) for x in range(0, plain.width, 4))


def test_a_page_out_of_range_is_404_with_a_chinese_message(uploaded: tuple[str, Path, int]) -> None:
    url, files, document = uploaded
    client = _client(url, files)
    r = client.get(f"/documents/{document}/pages/9999.png")
    assert r.status_code == 404 and "没有第 9999 页" in r.json()["detail"]


def test_without_the_files_folder_the_excerpt_is_shown(uploaded: tuple[str, Path, int]) -> None:
    url, _files, document = uploaded
    client = _client(url, None)
    evidence = client.get(f"/documents/{document}/findings/1").text
    assert '<img class="page"' not in evidence and "未指定上传文件的保存文件夹" in evidence
    assert client.get(f"/documents/{document}/pages/1.png").status_code == 404


def test_the_annotated_pdf_downloads_with_the_findings_marked(uploaded: tuple[str, Path, int]) -> None:
    url, files, document = uploaded
    client = _client(url, files)
    assert f'href="/documents/{document}/annotated.pdf"' in client.get(f"/documents/{document}").text
    r = client.get(f"/documents/{document}/annotated.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "审核批注-" in unquote(r.headers["content-disposition"])
    with pymupdf.open(stream=r.content, filetype="pdf") as doc:
        notes = [a.info.get("content", "") for page in doc for a in page.annots()]
    assert any("row-sum" in n for n in notes), notes
    without = _client(url, None)
    assert 'annotated.pdf"' not in without.get(f"/documents/{document}").text
    assert without.get(f"/documents/{document}/annotated.pdf").status_code == 404


def test_a_pdf_stored_by_yusuan_ingest_files_shows_its_page(tmp_path: Path) -> None:
    """``yusuan ingest --files DIR`` keeps the originals as an upload does: the workbench on that folder shows the
    finding's page image; ingesting the same file again records nothing twice."""
    from typer.testing import CliRunner

    from yusuan.cli import app as cli
    from yusuan.store.uploads import document_files

    pdf = tmp_path / "样本县-2026.pdf"
    pdf.write_bytes(_row_sum_pdf())
    url, files = f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "files"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["ingest", str(pdf), "--db", url, "--files", str(files)])
        assert result.exit_code == 0, result.output
    engine = open_store(url)
    add_user(engine, "viewer", PASSWORD, "viewer")
    (kept,) = document_files(engine, 1)
    assert kept.name == pdf.name and (files / "blobs" / kept.sha256[:2] / kept.sha256[2:4] / kept.sha256).is_file()
    engine.dispose()
    client = _client(url, files)
    evidence = client.get("/documents/1/findings/1").text
    found = re.search(r'<img class="page" src="/documents/1/pages/(\d+)\.png\?finding=1"', evidence)
    assert found is not None, evidence
    assert client.get(f"/documents/1/pages/{found.group(1)}.png", params={"finding": 1}).status_code == 200
