"""The two real final accounts (决算) of ../shared/corpus/final against goldens written by eye, cell by cell
(tests/golden/final, docs/golden-review-final.md): every amount cell of every standard table they print.

Cells are compared by row (code, else name) and column key. The checkers wrote the columns that had no key when
they looked (``?…``) under their printed heads: :data:`HEAD_KEYS` gives each head's key now — the 决算 fund tables'
年初结转和结余 / 本年收入 / 年末结转和结余 and the fund columns of the 财政拨款 summary. A cell the golden has and
the reading misses, or reads differently, fails the test unless listed in KNOWN with its reason.
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import yusuan
from tests.conftest import ROOT
from yusuan.model import Row, Table, TwoSidedTable

CORPUS = ROOT.parent / "shared" / "corpus"
GOLDENS = sorted((ROOT / "tests" / "golden" / "final").glob("*.json"))
pytestmark = pytest.mark.skipif(not (CORPUS / "final").is_dir(), reason="../shared/corpus is absent")

#: (file stem, table, row, column) → why the reading differs from the page (each looked at on the page)
KNOWN: dict[tuple[str, str, str, str], str] = {}


#: The printed heads of the golden's ``?`` columns → the column key they are read under.
HEAD_KEYS: dict[str, str] = {
    "?年初结转和结余": "carryover",
    "?本年收入": "current_income",
    "?年末结转和结余": "closing_carryover",
    "?一般公共预算财政拨款": "general",
    "?政府性基金预算财政拨款": "gov_fund",
}


def _keyed(cells: dict[str, str]) -> dict[str, str]:
    """The golden's cells under their keys (a ``?`` head not in HEAD_KEYS fails the test: it must be keyed)."""
    return {HEAD_KEYS[k] if k.startswith("?") else k: v for k, v in cells.items()}


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _name(text: str) -> str:
    return unicodedata.normalize("NFKC", "".join(text.split())).lstrip("一二三四五六七八九十、.．0123456789")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


Cell = tuple[str, str, str, Decimal, Decimal | None]


def _cells(golden: dict[str, Any], table: Table | TwoSidedTable | None, table_id: str) -> list[Cell]:
    """(table, row, column, golden value, read value) for every keyed amount cell of a golden table."""
    out: list[Cell] = []
    if table_id == "three_public":
        rows = {r.key: r for r in table.rows} if isinstance(table, Table) else {}
        for item, cells in golden["items"].items():
            for column, key in (("final", "total"), ("budget", "budget")):
                if column in cells:
                    row = rows.get(item)
                    out.append((table_id, item, key, _amount(cells[column]), row.values.get(key) if row else None))
        return out
    if "income" in golden and "rows" not in golden:  # two-sided
        sides = {"income": table.income, "expenditure": table.expenditure} if isinstance(table, TwoSidedTable) else {}
        for side in ("income", "expenditure"):
            read: dict[str, list[Row]] = {}
            for r in sides.get(side, []):
                read.setdefault(_name(r.name), []).append(r)
            for g in golden[side]:  # a name printed twice (一般公共预算财政拨款: 本年收入, 年初结转): in order
                cells = _keyed(g.get("cells") or ({"amount": g["amount"]} if g.get("amount") else {}))
                same = read.get(_name(g["name"]), [])
                row = same.pop(0) if same else None
                for key, text in cells.items():
                    value = row.values.get(key, row.values.get("amount")) if row else None
                    out.append((f"{table_id}.{side}", g["name"], key, _amount(text), value))
        return out
    read_rows: list[Row] = table.rows if isinstance(table, Table) else []
    for g in golden["rows"]:
        found = [
            r for r in read_rows
            if (g["code"] and r.code == g["code"]) or (not g["code"] and _name(r.name) == _name(g["name"]))
        ]  # fmt: skip
        for key, text in _keyed(g["cells"]).items():
            if key == "amount":  # basic_expenditure by group: whatever column the group's amount was read in
                values = [v for r in found for v in r.values.values()]
                value = _amount(text) if _amount(text) in values else (values[0] if values else None)
            else:  # 本年收入合计 is the income table's total where no 上年结转 column is printed (read as subtotal)
                keys = (key, "subtotal") if key == "total" else (key,)
                value = next((r.values[k] for r in found for k in keys if k in r.values), None)
            out.append((table_id, g["code"] or g["name"], key, _amount(text), value))
    return out


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.stem)
def test_every_cell_of_the_final_accounts(path: Path) -> None:
    golden = _load(path)
    d = yusuan.read(CORPUS / golden["file"])
    assert d.kind == golden["kind"] and d.year == golden["year"] and d.department.name == golden["department"]
    wrong: list[str] = []
    compared = 0
    for table_id, table_golden in golden["tables"].items():
        if table_golden.get("empty"):
            continue
        for table, row, column, expected, got in _cells(table_golden, d.tables.get(table_id), table_id):
            compared += 1
            if got != expected and (path.stem, table, row, column) not in KNOWN:
                wrong.append(f"{table} {row} {column}: page {expected}, read {got}")
    assert compared > 100
    assert wrong == [], f"{len(wrong)} of {compared} cells differ:\n" + "\n".join(wrong[:60])
