"""Concurrent uploads to a real server on loopback (issue 15): no document lost, none stored twice.

Eight uploads of four corpus PDFs (each file twice, at once) from eight clients; ``YUSUAN_SLOW=1`` runs fifty from
fifty clients. The times are measured by ``benchmarks/web_load.py`` (docs/benchmarks.md), not here. Needs the corpus
in ``../shared/corpus`` (skips, saying so, without it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from benchmarks.web_load import corpus_pdfs, run

from tests.conftest import SHARED

SLOW = os.environ.get("YUSUAN_SLOW") == "1"
CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not available: {CORPUS} is missing")


def test_concurrent_uploads_lose_nothing_and_store_nothing_twice(tmp_path: Path) -> None:
    files = corpus_pdfs(CORPUS)
    count = 50 if SLOW else 8
    small = sorted(files, key=lambda p: p.stat().st_size)[:4]  # quick to read in CI
    chosen = [(files if SLOW else small)[i % (len(files) if SLOW else 4)] for i in range(count)]
    result = run(f"sqlite:///{tmp_path / 'store.sqlite'}", tmp_path / "files", chosen, count, timings=False)
    assert result.failed == []
    assert result.sources_ok, "every distinct file stored, once"
    assert result.stored == result.distinct, "one document per distinct file: none lost, none twice"
    assert result.linked_ok, "every uploaded file linked to its document"
