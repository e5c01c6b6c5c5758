"""``export``: the store as open data in CSV, Excel, Parquet and a Frictionless data package.

Every format has one table per store table with as many rows; amounts are exact decimal strings
in CSV and ``decimal128(20, 4)`` in Parquet; rows are streamed in batches.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.store import export as ex
from yusuan.store.ingest import ingest_file

runner = CliRunner()
NAMES = [t.name for t in ex.TABLES]


@pytest.fixture
def stored(engine: Engine) -> Engine:
    for key in ("000", "002", "004"):
        assert ingest_file(engine, seed_path(key)).status == "stored"
    return engine


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {t.name: c.scalar(select(func.count()).select_from(t.table)) or 0 for t in ex.TABLES}


def _read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.DictReader(stream))


def _leting_total(cells: list[dict[str, str]]) -> str:
    """The 乐亭 expenditure 合计 (disclosure 1: the first ingested)."""
    return next(
        c["amount"]
        for c in cells
        if c["disclosure_id"] == "1"
        and c["table_id"] == "expenditure"
        and c["row_key"] == "total"
        and c["column_key"] == "total"
    )


def test_every_column_is_described() -> None:
    for t in ex.TABLES:
        for f in t.fields:
            assert f.en != f.name and f.zh != f.name, f"{t.name}.{f.name} has no description"
    assert "model_json" not in {f.name for t in ex.TABLES for f in t.fields}


def test_amount_text() -> None:
    # millionths of 万元 (migration 0003): six decimals, the fen of an amount in 元
    assert [ex.amount_text(v) for v in (618630000, 0, -500, 1234500, 123000, 29569515638, None)] == [
        "618.63",
        "0.00",
        "-0.0005",
        "1.2345",
        "0.123",
        "29569.515638",
        "",
    ]


def test_csv_folder(stored: Engine, tmp_path: Path) -> None:
    result = ex.export(stored, "csv", tmp_path / "csv")
    counts = _counts(stored)
    assert result.counts == counts and list(result.counts) == NAMES
    assert counts["cells"] > 300 and counts["findings"] > 0
    for name in NAMES:
        path = tmp_path / "csv" / f"{name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the Chinese
        assert len(_read_csv(path, "utf-8-sig")) == counts[name]
    cells = _read_csv(tmp_path / "csv" / "cells.csv", "utf-8-sig")
    assert _leting_total(cells) == "618.63"
    disclosures = _read_csv(tmp_path / "csv" / "disclosures.csv", "utf-8-sig")
    assert {d["current"] for d in disclosures} == {"true"}
    assert all(d["created_at"].endswith("Z") for d in disclosures)


def test_batches_stream_the_same_rows(stored: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ex.export(stored, "csv", tmp_path / "whole")
    monkeypatch.setattr(ex, "BATCH", 7)
    result = ex.export(stored, "csv", tmp_path / "batched")
    assert result.counts == _counts(stored)
    for name in NAMES:
        assert (tmp_path / "batched" / f"{name}.csv").read_bytes() == (tmp_path / "whole" / f"{name}.csv").read_bytes()


def test_datapackage_structure(stored: Engine, tmp_path: Path) -> None:
    out = tmp_path / "dp"
    result = ex.export(stored, "datapackage", out)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == NAMES
    for name, resource in resources.items():
        path = out / resource["path"]
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        with path.open(encoding="utf-8", newline="") as stream:
            header = next(csv.reader(stream))
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == header
        assert all(f["type"] in ("integer", "number", "string", "boolean", "datetime") for f in schema["fields"])
        assert all(f["description"] and f["title"] for f in schema["fields"])
        assert schema["primaryKey"] and set(schema["primaryKey"]) <= set(header)
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            assert target in resources and fk["fields"][0] in header
        assert resource["rows"] == result.counts[name]
    cells = resources["cells"]["schema"]
    assert next(f for f in cells["fields"] if f["name"] == "amount")["type"] == "number"
    assert {"fields": ["disclosure_id"], "reference": {"resource": "disclosures", "fields": ["id"]}} in cells[
        "foreignKeys"
    ]
    merged = resources["departments"]["schema"]["foreignKeys"]
    assert merged == [{"fields": ["merged_into_id"], "reference": {"resource": "", "fields": ["id"]}}]


def test_datapackage_validates_with_frictionless(stored: Engine, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless", reason="frictionless is not installed")
    ex.export(stored, "datapackage", tmp_path / "dp")
    report = frictionless.validate(str(tmp_path / "dp" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:10]


def test_parquet_folder(stored: Engine, tmp_path: Path) -> None:
    result = ex.export(stored, "parquet", tmp_path / "pq")
    counts = _counts(stored)
    assert result.counts == counts
    for name in NAMES:
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert table.num_rows == counts[name]
        assert table.column_names == [f.name for f in next(t for t in ex.TABLES if t.name == name).fields]
    cells = pq.read_table(tmp_path / "pq" / "cells.parquet")
    assert str(cells.schema.field("amount").type) == "decimal128(26, 6)"
    amounts = cells.column("amount").to_pylist()
    assert Decimal("618.63") in amounts and all(isinstance(a, Decimal) for a in amounts)
    assert cells.schema.field("amount").metadata[b"description_zh"].decode() == "金额（万元）"
    created = pq.read_table(tmp_path / "pq" / "disclosures.parquet").schema.field("created_at").type
    assert str(created) == "timestamp[us, tz=UTC]"


def test_empty_store_exports_empty_tables(engine: Engine, tmp_path: Path) -> None:
    result = ex.export(engine, "parquet", tmp_path / "pq")
    assert set(result.counts.values()) == {0}
    assert pq.read_table(tmp_path / "pq" / "cells.parquet").num_rows == 0
    ex.export(engine, "datapackage", tmp_path / "dp")
    assert _read_csv(tmp_path / "dp" / "cells.csv") == []


def _sheet_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = load_workbook(path, read_only=True)
    return {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}


def test_xlsx_workbook(stored: Engine, tmp_path: Path) -> None:
    path = tmp_path / "open.xlsx"
    result = ex.export(stored, "xlsx", path)
    counts = _counts(stored)
    assert result.counts == counts
    sheets = _sheet_rows(path)
    assert list(sheets) == ["说明", *NAMES]
    for name in NAMES:
        assert len(sheets[name]) == counts[name] + 1
        assert list(sheets[name][0]) == [f.name for f in next(t for t in ex.TABLES if t.name == name).fields]
    amount = [f.name for f in next(t for t in ex.TABLES if t.name == "cells").fields].index("amount")
    assert 618.63 in [row[amount] for row in sheets["cells"][1:]]  # numbers, not text
    about = sheets["说明"]
    assert ("cells", "表格金额", "amount", "number", "金额（万元）", "Amount in 万元.") in about


def test_xlsx_splits_long_tables(stored: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ex, "SHEET_ROWS", 301)  # 300 data rows a sheet
    path = tmp_path / "open.xlsx"
    result = ex.export(stored, "xlsx", path)
    sheets = _sheet_rows(path)
    parts = [name for name in sheets if name == "cells" or name.startswith("cells_")]
    assert len(parts) == -(-result.counts["cells"] // 300) > 1
    assert sum(len(sheets[p]) - 1 for p in parts) == result.counts["cells"]


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def stored_url(stored: Engine, db_url: str) -> Iterator[str]:
    yield db_url


def _run(db_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["export", *args, "--db", db_url], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def test_cli_export(stored_url: str, tmp_path: Path) -> None:
    code, stdout, _ = _run(stored_url, "--format", "datapackage", "-o", str(tmp_path / "dp"))
    assert code == 0 and "已写入" in stdout and "表格金额" in stdout
    assert (tmp_path / "dp" / "datapackage.json").exists()
    code, stdout, _ = _run(stored_url, "-f", "xlsx", "-o", str(tmp_path / "open.xlsx"))
    assert code == 0 and (tmp_path / "open.xlsx").exists()


def test_cli_export_errors(db_url: str, tmp_path: Path) -> None:
    code, _, stderr = _run(db_url, "-f", "xlsx", "-o", str(tmp_path / "open.csv"))
    assert code == 2 and ".xlsx" in stderr
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    code, _, stderr = _run(db_url, "-f", "csv", "-o", str(file))
    assert code == 2 and "是一个文件" in stderr
