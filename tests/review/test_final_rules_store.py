"""`ingest` reviews a final account (决算) beside the same department's stored budget of the year
(rule final-budget-vs-stored-budget; :func:`yusuan.store.budget_of.stored_budget`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tests.review.claims import base
from yusuan.model import Disclosure
from yusuan.review.engine import review
from yusuan.store import ingest
from yusuan.store.budget_of import stored_budget
from yusuan.store.db import make_engine, upgrade
from yusuan.store.ingest import Source, ingest_file, store_disclosure
from yusuan.store.schema import FindingRecord, ReviewRun
from yusuan.synth.final import final_of

RULE = "final-budget-vs-stored-budget"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    e = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    upgrade(e)
    return e


def _store_budget(engine: Engine, budget: Disclosure) -> None:
    source = Source.of("预算.txt", budget.model_dump_json().encode())
    stored = store_disclosure(engine, budget, review(budget), [source])
    assert stored.status == "stored", stored.message


def _final(budget: Disclosure) -> Disclosure:
    """The budget's 决算 whose 三公 table prints 公务接待费's 预算数 2.00 higher than the budget's."""
    final = final_of(budget, factors={k: Decimal(1) for k in ("reception", "vehicle_operation")})
    table = final.table("three_public")
    assert table is not None
    for row in table.rows:
        if row.key in ("reception", "subtotal", "total"):
            row.values["budget"] += Decimal("2.00")
    final.source = "决算.txt"
    return final


def _ingest(engine: Engine, final: Disclosure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ingest ``final`` as if read from a file; the messages of the rule stored with it."""
    path = tmp_path / "决算.txt"
    path.write_text(final.model_dump_json(), encoding="utf-8")
    monkeypatch.setattr(ingest, "read", lambda _path: final)
    result = ingest_file(engine, path)
    assert result.status == "stored", result.message
    with Session(engine) as session:
        return list(
            session.scalars(
                select(FindingRecord.message).where(
                    FindingRecord.disclosure_id == result.disclosure_id, FindingRecord.rule == RULE
                )
            )
        )


def test_ingest_reviews_a_final_account_against_the_stored_budget(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget = base()
    _store_budget(engine, budget)
    final = _final(budget)
    found = stored_budget(engine, final)
    assert found is not None and found.source == budget.source and found.kind == "部门预算"
    messages = _ingest(engine, final, tmp_path, monkeypatch)
    assert len(messages) == 1, messages
    assert "公务接待费年初预算数为 3.50 万元" in messages[0] and "为 1.50 万元，相差 2.00 万元" in messages[0]
    assert f"同年预算《{budget.department.name}2023年度部门预算》（{budget.source}）" in messages[0]


def test_ingest_without_a_stored_budget_skips_the_rule(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget = base()
    final = _final(budget)
    assert stored_budget(engine, final) is None
    assert _ingest(engine, final, tmp_path, monkeypatch) == []
    # a budget has no budget to be compared with; nor has a 决算 of another year
    assert stored_budget(engine, budget) is None
    _store_budget(engine, budget)
    other_year = final.model_copy(update={"year": 2024})
    assert stored_budget(engine, other_year) is None
    assert stored_budget(engine, final) is not None


def test_a_budget_stored_after_its_final_has_the_final_reviewed_again(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder ingested in name order stores …-决算 before its budget: when the budget arrives, the current 决算 of
    its department and year gets a new review run beside it, and that run (the newest, the one shown) reports."""
    budget = base()
    final = _final(budget)
    assert _ingest(engine, final, tmp_path, monkeypatch) == []  # no budget yet: the rule was skipped
    path = tmp_path / "预算.txt"
    path.write_text(budget.model_dump_json(), encoding="utf-8")
    monkeypatch.setattr(ingest, "read", lambda _path: budget)
    assert ingest_file(engine, path).status == "stored"
    with Session(engine) as session:
        final_id = session.scalar(select(FindingRecord.disclosure_id).where(FindingRecord.rule == RULE))
        latest = session.scalar(select(func.max(ReviewRun.id)).where(ReviewRun.disclosure_id == final_id))
        runs = session.scalar(select(func.count()).select_from(ReviewRun).where(ReviewRun.disclosure_id == final_id))
        rules = set(session.scalars(select(FindingRecord.rule).where(FindingRecord.review_run_id == latest)))
    assert final_id is not None and runs == 2 and RULE in rules
    assert ingest_file(engine, path).status == "unchanged"  # the same budget again: nothing reviewed again
    with Session(engine) as session:
        assert (
            session.scalar(select(func.count()).select_from(ReviewRun).where(ReviewRun.disclosure_id == final_id)) == 2
        )
