"""Load on loopback (issue 15): 50 concurrent uploads of the corpus PDFs (the budgets of
``corpus/`` and ``corpus/national``, the first ones twice) to a real server (uvicorn, SQLite), then
no document lost and none stored twice; and the response times of the pages of the document with
the most pages once processed (target: the document page under 300 ms). Prints the figures.

The larger run: ``YUSUAN_SLOW=1 pytest tests/web/test_load.py -m slow -s``. Needs the corpus in
``../shared/corpus`` (skips, saying so, without it)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import statistics
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import SHARED
from tests.web.conftest import PASSWORD
from yusuan.pipeline.uploads import wait_for
from yusuan.store.accounts import add_user
from yusuan.store.schema import DisclosureRecord, SourceFile
from yusuan.store.uploads import UploadFile
from yusuan.web.app import create_app

SLOW = os.environ.get("YUSUAN_SLOW") == "1"
CORPUS = SHARED / "corpus"
UPLOADS = 50
CLIENTS = 50
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SLOW, reason="the load run: set YUSUAN_SLOW=1"),
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not available: {CORPUS} is missing"),
]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    import uvicorn

    folder = tmp_path_factory.mktemp("load")
    app = create_app(f"sqlite:///{folder / 'store.sqlite'}", files=folder / "files", samples=False)
    add_user(app.state.web.engine, "reviewer", PASSWORD, "reviewer")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app.state.web.engine
    srv.should_exit = True
    thread.join(30)


def _login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=600)
    page = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    client.post("/login", data={"username": "reviewer", "password": PASSWORD, "csrf": token.group(1)})
    return client


def _csrf(client: httpx.Client) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/uploads").text)
    assert found is not None
    return found.group(1)


def _times(client: httpx.Client, path: str, n: int = 20) -> tuple[float, float]:
    spent = []
    for _ in range(n):
        start = time.perf_counter()
        assert client.get(path).status_code == 200, path
        spent.append(time.perf_counter() - start)
    spent.sort()
    return statistics.median(spent) * 1000, spent[int(len(spent) * 0.95) - 1] * 1000


def test_fifty_concurrent_uploads_and_page_times(server: tuple[str, object]) -> None:
    base, engine = server
    files = sorted(CORPUS.glob("*.pdf")) + sorted((CORPUS / "national").glob("*.pdf"))
    assert files
    chosen = [files[i % len(files)] for i in range(UPLOADS)]  # the first ones twice, at once
    client = _login(base)
    csrf = _csrf(client)
    cookies = dict(client.cookies)

    def upload(path: Path) -> int:
        with httpx.Client(base_url=base, timeout=600, cookies=cookies) as c:
            r = c.post(
                "/uploads",
                data={"csrf": csrf},
                files=[("files", (path.name, path.read_bytes(), "application/pdf"))],
                follow_redirects=False,
            )
        assert r.status_code == 303, r.text
        return int(r.headers["location"].rsplit("/", 1)[1])

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        jobs = list(pool.map(upload, chosen))
    received = time.perf_counter() - start
    progress = [wait_for(engine, job, timeout=3600) for job in jobs]  # type: ignore[arg-type]
    processed = time.perf_counter() - start

    outcomes = [f.outcome for p in progress for f in p.files]
    assert all(p.status == "done" for p in progress), [p.message for p in progress if p.status != "done"]
    assert None not in outcomes and "failed" not in outcomes, outcomes
    distinct = {hashlib.sha256(p.read_bytes()).hexdigest() for p in chosen}
    with Session(engine) as session:  # type: ignore[arg-type]
        stored = session.scalar(select(func.count()).select_from(DisclosureRecord))
        sources = set(session.scalars(select(SourceFile.sha256)))
        linked = set(session.scalars(select(UploadFile.disclosure_id)))
    assert sources == distinct, "every distinct file stored, once"
    assert stored == len(distinct), "one document per distinct file: none lost, none twice"
    assert None not in linked and len(linked) == len(distinct)

    # pages of the document with the most pages, once processed
    with Session(engine) as session:  # type: ignore[arg-type]
        record = max(
            session.scalars(select(DisclosureRecord)),
            key=lambda r: json.loads(r.model_json).get("reading", {}).get("pages") or 0,
        )
        biggest, pages = record.id, json.loads(record.model_json).get("reading", {}).get("pages")
    timings = {
        "document": _times(client, f"/documents/{biggest}"),
        "finding": _times(client, f"/documents/{biggest}/findings/1"),
        "list": _times(client, "/documents"),
    }
    image = re.search(
        rf'src="(/documents/{biggest}/pages/\d+\.png\?finding=1)"', client.get(f"/documents/{biggest}/findings/1").text
    )
    if image:
        timings["page image"] = _times(client, image.group(1).replace("&amp;", "&"), n=10)
    print(
        f"\n{UPLOADS} uploads ({len(distinct)} distinct files) by {CLIENTS} clients: received in {received:.1f} s, "
        f"processed in {processed:.1f} s; {stored} documents stored"
    )
    print(f"the largest document: #{biggest}, {pages} pages")
    for name, (median, p95) in timings.items():
        print(f"{name}: median {median:.0f} ms, p95 {p95:.0f} ms")
    assert timings["document"][0] < 300, timings
