"""`yusuan parse` output for the five seeds equals the golden JSON exactly.

How the goldens were checked (they were not accepted unread):
- Tables: every cell of every row compared with the seed text by reading it. For the DOCX-text
  seeds (002, 003) the cell positions are printed, and ``test_docx_cells_match_source`` re-reads
  them here with an independent, minimal cell scanner. For the PDF-text seed (000) the numbers of
  each row were compared with the printed line, in order, and the columns checked by hand against
  the arithmetic (see tests/test_tables_seeds.py for the placements only arithmetic decides).
- Narrative claims, performance projects, assets, procurement, organisation, glossary and the
  department header: each list was established by reading the seed and is written out explicitly
  in tests/test_narrative.py, tests/test_performance.py and tests/test_sections_misc.py; the golden
  holds the same values. docs/golden-review.md records the cell-by-cell review.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SEED_NAMES, seed_path
from yusuan.cli import app

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_parse_matches_golden(key: str, tmp_path: Path) -> None:
    src = seed_path(key)
    result = CliRunner().invoke(app, ["parse", str(src), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    produced = json.loads((tmp_path / f"{src.stem}.json").read_text(encoding="utf-8"))
    golden = json.loads((GOLDEN / f"{src.stem}.json").read_text(encoding="utf-8"))
    assert produced == golden


def _docx_rows(text: str) -> list[list[str]]:
    """Minimal independent scanner: rows of tab cells separated by blank lines."""
    rows: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            current.append(line[1:].strip())
        elif not line.strip():
            if current:
                rows.append(current)
            current = []
        elif current:
            current[-1] += line.strip()
    return rows


_TITLES = (
    "部门预算收支总表",
    "部门预算收入总表",
    "部门预算支出总表",
    "部门预算财政拨款收支总表",
    "部门预算一般公共预算财政拨款支出表",
    "部门预算一般公共预算财政拨款基本支出表",
    "部门预算政府基金预算财政拨款支出表",
)


def _golden_cells(golden: dict[str, Any], table: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in golden["tables"][table]["rows"]:
        out[row["code"] or row["key"]] = [f"{k}={v}" for k, v in row["values"].items()]
    return out


@pytest.mark.parametrize("key", ["002", "003"])
@pytest.mark.parametrize(
    ("table", "title", "columns"),
    [
        ("income", "部门预算收入总表", 10),
        ("expenditure", "部门预算支出总表", 6),
        ("general_budget", "部门预算一般公共预算财政拨款支出表", 3),
        ("basic_expenditure", "部门预算一般公共预算财政拨款基本支出表", 3),
    ],
)
def test_docx_cells_match_source(key: str, table: str, title: str, columns: int) -> None:
    from yusuan.domain.tables import SPECS

    text = seed_path(key).read_text(encoding="utf-8")
    start = text.index(title + "\n")
    ends = [i for t in _TITLES if (i := text.find(t + "\n", start + 1)) > 0]
    section = text[start : min(ends, default=len(text))]
    rows = [r for r in _docx_rows(section) if r and r[0].isdigit() and len(r) >= 3 + columns - 1]
    golden = json.loads((GOLDEN / SEED_NAMES[key].replace(".txt", ".json")).read_text(encoding="utf-8"))
    cells = _golden_cells(golden, table)
    keys = SPECS[table].columns
    seen = 0
    for r in rows:
        ident = r[1] or "total"
        if ident not in cells:
            continue
        printed = [f"{k}={Decimal(v)}" for k, v in zip(keys, r[3:], strict=False) if v]
        assert cells[ident] == printed, (table, ident)
        seen += 1
    assert seen == len(cells) and seen > 0
