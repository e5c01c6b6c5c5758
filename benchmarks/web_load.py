"""Workbench load on loopback (issue 15): concurrent uploads to a real server, then page response times.

A server (uvicorn, in this process, SQLite by default or ``--db URL``) gets ``--uploads`` uploads of the corpus PDFs
(the budgets of ``corpus/`` and ``corpus/national``, the first ones more than once) from ``--clients`` clients at
once. Then: every job done, every distinct file stored once, one document per distinct file (none lost, none
twice). Then the response times of the pages of the document with the most pages, once processed — the document
page (target < 300 ms), a finding with its excerpt, the document list and the finding's page image — with the
health endpoint (no database, no template) as the baseline of the same run.

    .venv/bin/python benchmarks/web_load.py --uploads 50 --clients 50

``tests/web/test_load.py`` runs :func:`run` small to check that nothing is lost or stored twice (no timing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from yusuan.pipeline.uploads import wait_for
from yusuan.store.accounts import add_user
from yusuan.store.schema import DisclosureRecord, SourceFile
from yusuan.store.uploads import UploadFile
from yusuan.web.app import create_app

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
USER, PASSWORD = "reviewer", "load-test-password-1"


@dataclass
class Result:
    uploads: int
    distinct: int
    received_s: float
    processed_s: float
    failed: list[str]
    stored: int
    sources_ok: bool
    linked_ok: bool
    biggest: int | None = None
    pages: int | None = None
    timings: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        """Nothing lost, nothing stored twice, every job done."""
        return not self.failed and self.sources_ok and self.linked_ok and self.stored == self.distinct


def corpus_pdfs(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.pdf")) + sorted((corpus / "national").glob("*.pdf"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db_url: str, files: Path) -> Iterator[tuple[str, Engine]]:
    """A workbench on a free loopback port, with one reviewer; yields its address and its store."""
    import uvicorn

    app = create_app(db_url, files=files, samples=False)
    engine: Engine = app.state.web.engine
    add_user(engine, USER, PASSWORD, "reviewer")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", engine
    finally:
        server.should_exit = True
        thread.join(30)


def _login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=600)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    if token is None:
        raise RuntimeError("the login page has no CSRF token")
    client.post("/login", data={"username": USER, "password": PASSWORD, "csrf": token.group(1)})
    return client


def _times(client: httpx.Client, path: str, n: int = 20) -> tuple[float, float]:
    """Median and 95th percentile of ``n`` GETs of ``path``, in ms."""
    spent = []
    for _ in range(n):
        start = time.perf_counter()
        if client.get(path).status_code != 200:
            raise RuntimeError(f"GET {path} failed")
        spent.append(time.perf_counter() - start)
    spent.sort()
    return statistics.median(spent) * 1000, spent[max(0, int(len(spent) * 0.95) - 1)] * 1000


def run(db_url: str, files: Path, chosen: list[Path], clients: int, *, timings: bool = True) -> Result:
    """Upload ``chosen`` from ``clients`` clients at once, wait for the jobs, check the store, time the pages."""
    with serving(db_url, files) as (base, engine):
        client = _login(base)
        found = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/uploads").text)
        if found is None:
            raise RuntimeError("the uploads page has no CSRF token")
        csrf, cookies = found.group(1), dict(client.cookies)

        def upload(path: Path) -> int:
            with httpx.Client(base_url=base, timeout=600, cookies=cookies) as c:
                r = c.post(
                    "/uploads",
                    data={"csrf": csrf},
                    files=[("files", (path.name, path.read_bytes(), "application/pdf"))],
                    follow_redirects=False,
                )
            if r.status_code != 303:
                raise RuntimeError(f"upload of {path.name}: HTTP {r.status_code}")
            return int(r.headers["location"].rsplit("/", 1)[1])

        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            jobs = list(pool.map(upload, chosen))
        received = time.perf_counter() - start
        progress = [wait_for(engine, job, timeout=3600) for job in jobs]
        processed = time.perf_counter() - start
        failed = [p.message for p in progress if p.status != "done"]
        failed += [f"{f.name}: {f.outcome}" for p in progress for f in p.files if f.outcome in (None, "failed")]
        distinct = {hashlib.sha256(p.read_bytes()).hexdigest() for p in chosen}
        with Session(engine) as session:
            stored = session.scalar(select(func.count()).select_from(DisclosureRecord)) or 0
            sources = set(session.scalars(select(SourceFile.sha256)))
            linked = set(session.scalars(select(UploadFile.disclosure_id)))
        result = Result(
            len(chosen), len(distinct), received, processed, failed, stored, sources == distinct,
            None not in linked and len(linked) == len(distinct),
        )  # fmt: skip
        if not timings:
            return result
        with Session(engine) as session:
            record = max(
                session.scalars(select(DisclosureRecord)),
                key=lambda r: json.loads(r.model_json).get("reading", {}).get("pages") or 0,
            )
            result.biggest, result.pages = record.id, json.loads(record.model_json).get("reading", {}).get("pages")
        result.timings["healthz (baseline)"] = _times(client, "/healthz")
        result.timings["document page"] = _times(client, f"/documents/{result.biggest}")
        result.timings["finding page"] = _times(client, f"/documents/{result.biggest}/findings/1")
        result.timings["document list"] = _times(client, "/documents")
        page = client.get(f"/documents/{result.biggest}/findings/1").text
        image = re.search(rf'src="(/documents/{result.biggest}/pages/\d+\.png\?finding=1)"', page)
        if image:
            result.timings["page image"] = _times(client, image.group(1).replace("&amp;", "&"), n=10)
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db", default=None, help="store URL, an empty database (default: a new SQLite file)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    files = corpus_pdfs(args.corpus)
    if not files:
        print(f"no corpus PDFs under {args.corpus}", file=sys.stderr)
        return 2
    chosen = [files[i % len(files)] for i in range(args.uploads)]  # the first ones more than once, at once
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'store.sqlite'}"
        r = run(db, Path(tmp) / "files", chosen, args.clients)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; store {db.split(':')[0]}")
    print(
        f"{r.uploads} uploads ({r.distinct} distinct files) by {args.clients} clients: received in "
        f"{r.received_s:.1f} s, processed in {r.processed_s:.1f} s; {r.stored} documents stored; "
        f"none lost, none twice: {'yes' if r.consistent else 'NO'}"
    )
    for message in r.failed[:5]:
        print(f"  failed: {message}")
    print(f"the largest document: #{r.biggest}, {r.pages} pages")
    for name, (median, p95) in r.timings.items():
        print(f"  {name:20} median {median:6.0f} ms   p95 {p95:6.0f} ms")
    met = r.consistent and r.timings["document page"][0] < 300
    print(f"target (nothing lost or doubled; document page < 300 ms): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
