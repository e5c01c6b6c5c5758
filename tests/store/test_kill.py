"""An ingest killed mid-way leaves the store consistent, and running it again completes it.

``python -m yusuan ingest`` runs as a subprocess on a folder of 40 distinct documents and is
killed (SIGKILL: no clean-up of any kind) once a few, then more, have been stored. After each kill
the store must be consistent — every disclosure complete with its cells, claims, targets, review
run, findings and figures, nothing left over from the document in hand — and a last run must store
the rest, each document exactly once, reporting the earlier ones as unchanged. Two ingests of
the same folder at once store each document once as well.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from tests.store.variants import write_variants
from yusuan.store.db import make_engine, upgrade
from yusuan.store.schema import DisclosureRecord, FindingRecord, ReviewRun

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

COUNT = 40
#: Kill the ingest once this many documents are stored, one kill per entry.
KILL_AFTER = (3, 17)
TIMEOUT = 180.0


def _command(folder: Path, db_url: str) -> list[str]:
    return [sys.executable, "-m", "yusuan", "ingest", str(folder), "--db", db_url, "--quiet"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("YUSUAN_DB", None)
    return env


def _stored(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(DisclosureRecord)) or 0


def _kill_after(folder: Path, db_url: str, engine: Engine, stored: int) -> int:
    """Start an ingest, SIGKILL it once ``stored`` documents are in the store; the count then."""
    proc = subprocess.Popen(_command(folder, db_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    deadline = time.monotonic() + TIMEOUT
    try:
        while _stored(engine) < stored:
            if proc.poll() is not None:
                message = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
                pytest.fail(f"ingest ended (status {proc.returncode}) before it could be killed: {message}")
            if time.monotonic() > deadline:
                pytest.fail(f"fewer than {stored} documents stored after {TIMEOUT} s")
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return _stored(engine)


def _scalar(engine: Engine, sql: str) -> int:
    with engine.connect() as c:
        return int(c.execute(text(sql)).scalar_one())


#: Rows that would be left over by a document stored in part: each query must count none.
ORPHANS = {
    "disclosure without figures": "SELECT count(*) FROM disclosures d "
    "WHERE NOT EXISTS (SELECT 1 FROM figures f WHERE f.disclosure_id = d.id)",
    "disclosure without review run": "SELECT count(*) FROM disclosures d "
    "WHERE NOT EXISTS (SELECT 1 FROM review_runs r WHERE r.disclosure_id = d.id)",
    # Every document of this corpus has tables.
    "disclosure without cells": "SELECT count(*) FROM disclosures d "
    "WHERE NOT EXISTS (SELECT 1 FROM cells c WHERE c.disclosure_id = d.id)",
    "source file without disclosure": "SELECT count(*) FROM source_files s "
    "WHERE NOT EXISTS (SELECT 1 FROM disclosures d WHERE d.source_file_id = s.id)",
    "department without disclosure": "SELECT count(*) FROM departments p "
    "WHERE NOT EXISTS (SELECT 1 FROM disclosures d WHERE d.department_id = p.id)",
    "department name without department": "SELECT count(*) FROM department_names n "
    "WHERE NOT EXISTS (SELECT 1 FROM departments p WHERE p.id = n.department_id)",
    **{
        f"{table} without disclosure": f"SELECT count(*) FROM {table} x "
        "WHERE NOT EXISTS (SELECT 1 FROM disclosures d WHERE d.id = x.disclosure_id)"
        for table in ("cells", "claims", "performance_targets", "review_runs", "findings", "figures")
    },
    "finding without review run": "SELECT count(*) FROM findings f "
    "WHERE NOT EXISTS (SELECT 1 FROM review_runs r WHERE r.id = f.review_run_id)",
    "department-year with other than one current version": "SELECT count(*) FROM ("
    "SELECT department_id, year, kind FROM disclosures GROUP BY department_id, year, kind "
    "HAVING sum(CASE WHEN current THEN 1 ELSE 0 END) <> 1) g",
}


def _model_cells(model_json: str) -> int:
    """The amounts of a stored model's tables: as many cells must be stored."""
    tables = json.loads(model_json)["tables"]
    rows = [r for t in tables.values() for side in ("rows", "income", "expenditure") for r in t.get(side, [])]
    return sum(len(r["values"]) for r in rows)


def assert_consistent(engine: Engine) -> None:
    leftovers = {name: n for name, sql in ORPHANS.items() if (n := _scalar(engine, sql))}
    assert leftovers == {}
    with Session(engine) as s:
        for record in s.scalars(select(DisclosureRecord)):
            cells = s.scalar(text("SELECT count(*) FROM cells WHERE disclosure_id = :d"), {"d": record.id})
            assert cells == _model_cells(record.model_json), record.id
        for run in s.scalars(select(ReviewRun)):
            counts = dict(
                s.execute(
                    select(FindingRecord.severity, func.count())
                    .where(FindingRecord.review_run_id == run.id)
                    .group_by(FindingRecord.severity)
                ).all()
            )
            assert (run.errors, run.warnings, run.infos) == tuple(
                counts.get(k, 0) for k in ("error", "warning", "info")
            )


def test_killed_ingest_leaves_a_consistent_store_and_a_rerun_completes_it(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_variants(folder, COUNT)
    engine = make_engine(db_url)
    upgrade(engine)  # so that the store can be watched from the start
    try:
        stored = 0
        for threshold in KILL_AFTER:
            stored = _kill_after(folder, db_url, engine, threshold)
            assert threshold <= stored < COUNT, "the ingest finished before the kill; the test proves nothing"
            assert_consistent(engine)

        done = subprocess.run(
            _command(folder, db_url), capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=TIMEOUT
        )
        assert done.returncode == 0, done.stderr
        summary = re.search(r"新入库 (\d+)、新版本 (\d+)、未变化 (\d+)、失败 (\d+)", done.stdout)
        assert summary is not None, done.stdout
        assert tuple(int(n) for n in summary.groups()) == (COUNT - stored, 0, stored, 0)

        assert_consistent(engine)
        assert _stored(engine) == COUNT
        assert _scalar(engine, "SELECT count(DISTINCT sha256) FROM source_files") == COUNT
        assert _scalar(engine, "SELECT count(*) FROM departments") == COUNT
        assert _scalar(engine, "SELECT count(*) FROM disclosures WHERE version = 1 AND current") == COUNT
        with engine.connect() as c:
            names = set(c.execute(text("SELECT name FROM source_files")).scalars())
        assert names == {p.name for p in folder.iterdir()}
    finally:
        engine.dispose()


def test_concurrent_ingests_store_each_document_once(db_url: str, tmp_path: Path) -> None:
    """Two ingests of one folder at once: every document stored once, the rest reported unchanged."""
    count = 12
    folder = tmp_path / "corpus"
    write_variants(folder, count)
    engine = make_engine(db_url)
    upgrade(engine)
    try:
        procs = [
            subprocess.Popen(
                _command(folder, db_url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env=_env(),
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=TIMEOUT) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        stored = unchanged = 0
        for stdout, _ in outputs:
            summary = re.search(r"新入库 (\d+)、新版本 (\d+)、未变化 (\d+)、失败 (\d+)", stdout)
            assert summary is not None, stdout
            s, v, u, f = (int(n) for n in summary.groups())
            assert (v, f) == (0, 0)
            stored, unchanged = stored + s, unchanged + u
        assert (stored, unchanged) == (count, count)
        assert_consistent(engine)
        assert _stored(engine) == count
    finally:
        engine.dispose()
