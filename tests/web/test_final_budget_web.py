"""The workbench shows a 决算 reviewed beside its budget — also when the budget is ingested while the server runs
(the cached review of the 决算 is keyed by its newest stored review run, which the budget's ingest renews)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.review.claims import base
from tests.review.test_final_rules_store import _final
from tests.web.conftest import PASSWORD, login_token
from yusuan.store import ingest
from yusuan.store.accounts import add_user
from yusuan.store.db import open_store
from yusuan.store.ingest import ingest_file
from yusuan.web.app import create_app

#: The message of final-budget-vs-stored-budget names the budget it compared with.
FOUND = "同年预算《"


def test_a_budget_ingested_while_serving_reaches_the_final_accounts_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    engine = open_store(url)
    budget = base()
    final = _final(budget)  # its 三公 预算数 differs from the budget's
    (tmp_path / "决算.txt").write_text(final.model_dump_json(), encoding="utf-8")
    monkeypatch.setattr(ingest, "read", lambda _path: final)
    assert ingest_file(engine, tmp_path / "决算.txt").status == "stored"
    add_user(engine, "viewer", PASSWORD, "viewer")
    client = TestClient(create_app(url, samples=False, idle=timedelta(hours=1)))
    client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf": login_token(client)})
    assert FOUND not in client.get("/documents/1").text  # no budget yet: the rule was skipped
    (tmp_path / "预算.txt").write_text(budget.model_dump_json(), encoding="utf-8")
    monkeypatch.setattr(ingest, "read", lambda _path: budget)
    assert ingest_file(engine, tmp_path / "预算.txt").status == "stored"
    assert FOUND in client.get("/documents/1").text
