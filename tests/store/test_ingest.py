"""Ingest: each document stored once, new versions for corrected files, failures change nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tests.conftest import seed_path
from yusuan.store.ingest import ingest_file
from yusuan.store.schema import CellRecord, Department, DisclosureRecord, Figures, SourceFile


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_same_content_is_stored_once(engine: Engine) -> None:
    first = ingest_file(engine, seed_path("002"))
    again = ingest_file(engine, seed_path("002"))
    assert (first.status, again.status) == ("stored", "unchanged")
    assert _count(engine, DisclosureRecord) == 1 and _count(engine, SourceFile) == 1
    with Session(engine) as s:
        total = s.scalar(select(Figures.total))
        cell = s.scalar(
            select(CellRecord.amount).where(
                CellRecord.table_id == "expenditure", CellRecord.code == "2010102", CellRecord.column_key == "project"
            )
        )
    assert str(total) == "1043.55" and str(cell) == "225.72"


def test_corrected_file_becomes_a_new_version(engine: Engine, tmp_path: Path) -> None:
    original = seed_path("003")
    corrected = tmp_path / original.name
    corrected.write_text(
        original.read_text(encoding="utf-8").replace("安排政府采购预算0.00万元", "安排政府采购预算15.00万元"),
        encoding="utf-8",
    )
    assert ingest_file(engine, original).status == "stored"
    second = ingest_file(engine, corrected)
    assert (second.status, second.version) == ("new_version", 2)
    with Session(engine) as s:
        rows = s.execute(select(DisclosureRecord.version, DisclosureRecord.current).order_by(DisclosureRecord.version))
        assert [tuple(r) for r in rows] == [(1, False), (2, True)]


def test_2020_and_2023_leting_are_one_department(engine: Engine) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("004"))
    with Session(engine) as s:
        departments = s.scalars(select(Department)).all()
        assert len(departments) == 1
        assert departments[0].name == "乐亭县人民代表大会常务委员会"  # the newest name
        years = sorted(r.year for r in s.scalars(select(DisclosureRecord)))
    assert years == [2020, 2023]


def test_unreadable_file_fails_and_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = ingest_file(engine, bad)
    assert result.status == "failed" and "bad.txt" in result.message
    assert _count(engine, DisclosureRecord) == 0 and _count(engine, SourceFile) == 0


def test_seeds_and_corpus_ingested_twice_are_stored_once(engine: Engine) -> None:
    """Issue 6: every seed and every real package of ../shared/corpus (PDF), ingested twice."""
    import pytest

    from tests.conftest import ROOT

    shared = ROOT.parent / "shared"
    files = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus").glob("*.pdf"))
    if not any(f.suffix == ".pdf" for f in files):
        pytest.skip("../shared/corpus is absent: the real packages are not bundled")
    first = [ingest_file(engine, f).status for f in files]
    again = [ingest_file(engine, f).status for f in files]
    assert "failed" not in first and set(again) == {"unchanged"}
    assert _count(engine, SourceFile) == len(files)
    with Session(engine) as s:  # Beijing prints 万元 to six decimals: stored exactly
        amounts = set(s.scalars(select(CellRecord.amount).where(CellRecord.table_id == "three_public")))
    assert Decimal("102.109787") in amounts
