"""Shared fixtures: the seed documents in ../shared (tests skip with a reason when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SEED_NAMES = {
    "000": "000_fe9a8f4955d0c21c.txt",
    "001": "001_01e14863a391161d.txt",
    "002": "002_3a347de978e48b41.txt",
    "003": "003_db72b7c1000da21e.txt",
    "004": "004_247d559664cd6ec5.txt",
}


def seed_path(key: str) -> Path:
    path = SEEDS / SEED_NAMES[key]
    if not path.exists():
        pytest.skip(f"seed documents not available: {path} is missing (../shared is not mounted)")
    return path


@pytest.fixture
def seed() -> type:
    class _Seed:
        path = staticmethod(seed_path)

    return _Seed
