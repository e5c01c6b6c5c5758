"""Fixtures of the decision, upload and rectification tests: the store fixtures (SQLite and
PostgreSQL, see tests/store/conftest.py) and the bundled sample with defects in a few versions."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tests.store.conftest import db_url, engine

__all__ = ["db_url", "engine", "sample_text"]

SAMPLE = "示例县人大常委会-2023-有误.txt"


def sample_text() -> str:
    """The bundled sample with injected defects (hierarchy-sum, glossary-wrong-level, …)."""
    return resources.files("yusuan").joinpath("data", "examples", SAMPLE).read_text(encoding="utf-8")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "v1" / SAMPLE
    path.parent.mkdir()
    path.write_text(sample_text(), encoding="utf-8")
    return path


@pytest.fixture
def fixed_glossary(tmp_path: Path) -> Path:
    """A new version of the sample: the same department, year and kind, its glossary corrected (the
    glossary-wrong-level finding does not recur), every other defect left."""
    text = sample_text()
    assert "指省级财政" in text
    path = tmp_path / "v2" / SAMPLE
    path.parent.mkdir()
    path.write_text(text.replace("指省级财政", "指县级财政"), encoding="utf-8")
    return path
