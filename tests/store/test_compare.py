"""``compare``: figures, shares, ranks, outliers and findings of the stored disclosures, in every format.

Expected values are worked out by hand from the seeds (amounts in 万元):

| seed | department | total | basic | project | personnel | 三公 |
|---|---|---|---|---|---|---|
| 000 | 乐亭县人民代表大会常务委员会 | 618.63 | 541.13 | 77.50 | 478.63 | 0.00 (empty table) |
| 002 | 唐山市丰南区人民代表大会常务委员会办公室 | 1043.55 | 815.50 | 228.05 | 718.09 | 48.00 |
| 003 | 平乡县人民代表大会常务委员会 | 593.58 | 430.58 | 163.00 | 405.07 | 8.30 |

so e.g. 乐亭's project share is 77.50 / 618.63 = 12.5277…% → 12.53%, 丰南's personnel share
718.09 / 815.50 = 88.0564…% → 88.06%, 平乡's 三公 share 8.30 / 593.58 = 1.3983…% → 1.40%.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.model import Disclosure
from yusuan.read.api import read
from yusuan.review.engine import review
from yusuan.store import compare as cmp
from yusuan.store import compare_output as cmp_out
from yusuan.store.ingest import Source, store_disclosure
from yusuan.store.schema import Department, DisclosureRecord, Figures, ReviewRun, SourceFile

runner = CliRunner()
D = Decimal
LETING = "乐亭县人民代表大会常务委员会"
FENGNAN = "唐山市丰南区人民代表大会常务委员会办公室"
PINGXIANG = "平乡县人民代表大会常务委员会"
SAMPLE = "示例县人民代表大会常务委员会"


def _inputs() -> list[Path]:
    examples = resources.files("yusuan").joinpath("data", "examples")
    samples = sorted(Path(str(p)) for p in examples.iterdir() if p.name.endswith(".txt"))
    return [seed_path(k) for k in ("000", "001", "002", "003", "004")] + samples


@pytest.fixture(scope="module")
def parsed() -> list[tuple[Disclosure, Path, bytes]]:
    """The seeds and samples, read once for the module (storing them still reviews each)."""
    return [(read(p), p, p.read_bytes()) for p in _inputs()]


@pytest.fixture
def stored(engine: Engine, parsed: list[tuple[Disclosure, Path, bytes]]) -> Engine:
    for d, path, data in parsed:
        result = store_disclosure(engine, d, review(d), [Source.of(path.name, data)])
        assert result.status in ("stored", "new_version"), result.message
    return engine


def _by_name(result: cmp.CompareResult) -> dict[str, cmp.CompareRow]:
    return {r.department: r for r in result.rows}


def test_figures_and_shares_match_the_seeds(stored: Engine) -> None:
    result = cmp.compare(stored, year=2023)
    rows = _by_name(result)
    assert set(rows) == {LETING, FENGNAN, PINGXIANG, SAMPLE}
    leting, fengnan, pingxiang = rows[LETING], rows[FENGNAN], rows[PINGXIANG]
    assert (leting.values["total"], leting.values["project"], leting.values["basic"]) == (
        D("618.63"),
        D("77.50"),
        D("541.13"),
    )
    assert str(leting.values["total"]) == "618.63"  # the store's form, whichever the backend
    assert leting.values["project_share"] == D("12.53")
    assert leting.values["personnel_share"] == D("88.45")  # 478.63 / 541.13
    assert leting.values["three_public_share"] == D("0.00")  # published empty: no 三公 spending
    assert fengnan.values["project_share"] == D("21.85")  # 228.05 / 1043.55
    assert fengnan.values["personnel_share"] == D("88.06")
    assert fengnan.values["three_public"] == D("48.00") and fengnan.values["three_public_share"] == D("4.60")
    assert (fengnan.values["vehicle_purchase"], fengnan.values["vehicle_operation"]) == (D("18.00"), D("20.00"))
    assert pingxiang.values["three_public_share"] == D("1.40")
    assert pingxiang.values["personnel_share"] == D("94.08")  # 405.07 / 430.58
    assert pingxiang.values["operating_cost"] == D("25.51")
    # No staffing stated in the 2023 seeds: no per-person cost.
    assert all(r.values["operating_cost_per_staff"] is None for r in result.rows)
    # Rows: the largest total first.
    assert [r.department for r in result.rows][:2] == [FENGNAN, LETING]


def test_ranks_largest_first_with_ties(stored: Engine) -> None:
    rows = _by_name(cmp.compare(stored, year=2023))
    # 平乡 and the sample share 593.58: both third, nobody fourth.
    assert {name: r.ranks["total"] for name, r in rows.items()} == {FENGNAN: 1, LETING: 2, PINGXIANG: 3, SAMPLE: 3}
    assert rows[LETING].ranks["project"] == 4 and rows[LETING].ranks["project_share"] == 4
    assert rows[PINGXIANG].ranks["project_share"] == 1 and rows[SAMPLE].ranks["project_share"] == 1
    assert rows[FENGNAN].ranks["three_public"] == 1
    assert all(r.ranks["operating_cost_per_staff"] is None for r in rows.values())


def test_current_versions_and_findings_from_the_newest_review(stored: Engine) -> None:
    rows = _by_name(cmp.compare(stored, year=2023))
    with Session(stored) as s:
        current = s.execute(
            select(DisclosureRecord.id, ReviewRun.errors, ReviewRun.warnings, ReviewRun.infos)
            .join(ReviewRun, ReviewRun.disclosure_id == DisclosureRecord.id)
            .where(DisclosureRecord.current.is_(True))
        ).all()
    runs = {r[0]: {"error": r[1], "warning": r[2], "info": r[3]} for r in current}
    assert rows[SAMPLE].version == 2  # the two samples are versions of one disclosure; only the current one shows
    for r in rows.values():
        assert r.findings == runs[r.disclosure_id]
    assert rows[LETING].findings is not None and rows[LETING].findings["error"] > 0


def test_all_years_and_disclosures_without_tables(stored: Engine) -> None:
    result = cmp.compare(stored)
    assert {r.year for r in result.rows} == {2023}
    # 004 (2020: narrative only) and 001 (performance only, no year) carry no table figures.
    assert sorted(result.without_figures, key=str) == sorted([(LETING, 2020), (LETING, None)], key=str)
    assert any("没有表格数据" in line for line in cmp_out.notes(result))


def test_filters(stored: Engine) -> None:
    assert [r.department for r in cmp.compare(stored, region="唐山").rows] == [FENGNAN]
    assert [r.department for r in cmp.compare(stored, level="区级").rows] == [FENGNAN]
    assert {r.department for r in cmp.compare(stored, year=2023, level="县").rows} == {LETING, PINGXIANG, SAMPLE}
    assert cmp.compare(stored, year=2019).rows == []
    assert cmp.compare(stored, region="50%_").rows == []  # LIKE wildcards are taken literally
    with pytest.raises(cmp.CompareError, match="无法识别的级次"):
        cmp.compare(stored, level="部级")


# --- synthetic stored data: outliers -----------------------------------------------------------


def _store(engine: Engine, rows: list[dict[str, Any]], year: int = 2023) -> None:
    """Departments with the given figures, stored directly (no source document)."""
    with engine.begin() as c:
        for n, figures in enumerate(rows, start=1):
            name = figures.pop("name")
            staff = figures.pop("staff", None)
            source = c.execute(
                insert(SourceFile).values(sha256=f"{year}{n:060d}", name=f"{name}.txt", format="txt", size=1)
            ).inserted_primary_key
            dept = c.execute(insert(Department).values(name=name, region="测试县", level="县")).inserted_primary_key
            disclosure = c.execute(
                insert(DisclosureRecord).values(
                    department_id=dept[0],
                    year=year,
                    kind="部门预算",
                    version=1,
                    current=True,
                    source_file_id=source[0],
                    layout="pdf-text",
                    level="县",
                    region="测试县",
                    model_json="{}",
                    created_at=datetime.now(UTC),
                )
            ).inserted_primary_key
            c.execute(insert(Figures).values(disclosure_id=disclosure[0], staff=staff, **figures))
            c.execute(
                insert(ReviewRun).values(
                    disclosure_id=disclosure[0], yusuan_version="0", rules=1, errors=0, warnings=n % 2, infos=0
                )
            )


def _synthetic(project_shares: list[int], staff: int | None = None) -> list[dict[str, Any]]:
    """Departments of total 1000 whose project share is the given percentage (all else alike)."""
    return [
        {
            "name": f"测试部门{i:02d}",
            "total": D(1000),
            "basic": D(1000 - p * 10),
            "project": D(p * 10),
            "personnel": D("500.00"),
            "public": D("100.00"),
            "operating_cost": D("100.00"),
            "three_public": D("10.00"),
            "staff": staff,
        }
        for i, p in enumerate(project_shares, start=1)
    ]


def test_outlier_named_with_its_reasons(engine: Engine) -> None:
    # Project shares 10 … 16 % and 60 %: quartiles 11.75 / 15.25, IQR 3.50, upper fence 20.50;
    # median 13.50, MAD 2.00, robust z of 60 = 0.6745 × 46.5 / 2 = 15.68.
    data = _synthetic([10, 11, 12, 13, 14, 15, 16, 60])
    _store(engine, data)
    result = cmp.compare(engine, year=2023)
    flagged = [(r.department, o) for r, o in result.outliers if o.measure == "project_share"]
    assert len(flagged) == 1
    name, outlier = flagged[0]
    assert name == "测试部门08" and outlier.value == D("60.00") and outlier.direction == "high"
    assert outlier.robust_z == D("15.68")
    assert outlier.reasons[0] == "高于上限 20.50%（第三四分位数 15.25% + 1.5 × 四分位距 3.50%）"
    assert outlier.reasons[1] == "稳健 z 值 15.68，绝对值超过 3（中位数 13.50%，绝对中位差 2.00%）"
    assert outlier.text().startswith("项目支出占比 60.00%偏高：高于上限 20.50%")
    spread = next(s for s in result.spreads if s.measure == "project_share")
    assert (spread.n, spread.q1, spread.median, spread.q3, spread.mad) == (8, D("11.75"), D("13.5"), D("15.25"), D(2))
    # Alike shares (the 三公 share is 1.00 % everywhere) have no spread: nothing is flagged.
    assert not [o for _, o in result.outliers if o.measure == "three_public_share"]


def test_low_outlier_and_per_staff_costs(engine: Engine) -> None:
    data = _synthetic([30, 31, 32, 33, 34, 35, 1], staff=40)
    data[0]["staff"] = 4  # 100 万元 for 4 people: 25.00 per person against 2.50
    data[1]["staff"] = None  # not stated: no per-person cost, no rank
    _store(engine, data)
    result = cmp.compare(engine)
    rows = _by_name(result)
    assert rows["测试部门01"].values["operating_cost_per_staff"] == D("25.00")
    assert rows["测试部门03"].values["operating_cost_per_staff"] == D("2.50")
    assert rows["测试部门02"].values["operating_cost_per_staff"] is None
    assert rows["测试部门02"].ranks["operating_cost_per_staff"] is None
    assert rows["测试部门01"].ranks["operating_cost_per_staff"] == 1
    low = [o for o in rows["测试部门07"].outliers if o.measure == "project_share"]
    assert low and low[0].direction == "low" and low[0].reasons[0].startswith("低于下限")
    # The per-person costs 25.00 and five times 2.50: MAD and IQR are zero, so no test applies.
    assert not [o for _, o in result.outliers if o.measure == "operating_cost_per_staff"]


def test_too_few_values_are_not_tested(engine: Engine) -> None:
    _store(engine, _synthetic([10, 11, 90]))
    result = cmp.compare(engine)
    assert result.outliers == []
    assert any("少于 5 个" in line for line in cmp_out.notes(result))


def test_ranks_within_each_year(engine: Engine) -> None:
    _store(engine, _synthetic([10, 20]), year=2022)
    _store(engine, _synthetic([30]), year=2023)
    result = cmp.compare(engine)
    assert [(r.year, r.ranks["project_share"]) for r in result.rows] == [(2023, 1), (2022, 2), (2022, 1)]
    assert any("2 个年度" in line for line in cmp_out.notes(result))


def test_quantile_interpolates_like_numpy() -> None:
    values = [D(1), D(2), D(3), D(4)]
    assert [cmp.quantile(values, D(p)) for p in ("0", "0.25", "0.5", "0.75", "1")] == [
        D(1),
        D("1.75"),
        D("2.5"),
        D("3.25"),
        D(4),
    ]


# --- outputs -----------------------------------------------------------------------------------


def test_csv_parses_back(stored: Engine) -> None:
    result = cmp.compare(stored, year=2023)
    stream = io.StringIO()
    cmp_out.write_csv(result, stream)
    table = list(csv.reader(io.StringIO(stream.getvalue())))
    heads = table[0]
    assert heads[:2] == ["公开编号", "部门"] and "项目支出占比（%）" in heads and "支出合计排名" in heads
    assert len(heads) == len(cmp_out.columns())
    records = [dict(zip(heads, row, strict=True)) for row in table[1:]]
    leting = next(r for r in records if r["部门"] == LETING)
    assert leting["支出合计（万元）"] == "618.63" and leting["项目支出（万元）"] == "77.50"
    assert leting["项目支出占比（%）"] == "12.53" and leting["支出合计排名"] == "2"
    assert leting["人均机关运行经费（万元/人）"] == "" and leting["级次"] == "县级"


def test_json_has_decimal_strings(stored: Engine) -> None:
    data = json.loads(cmp_out.to_json(cmp.compare(stored, year=2023)))
    assert data["filters"] == {"year": 2023, "region": None, "level": None, "kind": "预算", "execution": False}
    leting = next(r for r in data["rows"] if r["department"] == LETING)
    assert leting["values"]["total"] == "618.63" and leting["values"]["project_share"] == "12.53"
    assert leting["ranks"]["total"] == 2 and leting["values"]["operating_cost_per_staff"] is None
    assert set(leting["findings"]) == {"error", "warning", "info"}
    assert {m["key"] for m in data["measures"]} == set(cmp.BY_KEY)
    assert all(s["outliers_tested"] is False for s in data["statistics"])  # four departments only


def test_xlsx_has_data_and_charts(stored: Engine, tmp_path: Path) -> None:
    path = tmp_path / "比较.xlsx"
    cmp_out.write_xlsx(cmp.compare(stored, year=2023), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["比较", "图表", "异常值", "说明"]
    data = wb["比较"]
    heads = [c.value for c in data[1]]
    assert heads[:3] == ["名称", "公开编号", "部门"]
    col = heads.index("支出合计（万元）") + 1
    totals = {data.cell(row=n, column=3).value: data.cell(row=n, column=col).value for n in range(2, 6)}
    assert totals[LETING] == pytest.approx(618.63)
    charts = wb["图表"]._charts
    assert len(charts) == 3
    assert charts[1].grouping == "stacked"


def test_xlsx_lists_outliers(engine: Engine, tmp_path: Path) -> None:
    _store(engine, _synthetic([10, 11, 12, 13, 14, 15, 16, 60]))
    path = tmp_path / "c.xlsx"
    cmp_out.write_xlsx(cmp.compare(engine), path)
    sheet = load_workbook(path)["异常值"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert ("测试部门08", "项目支出占比（%）", 60.0, "偏高") in [r[:4] for r in rows]


# --- the command ---------------------------------------------------------------------------------


def _run(db_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["compare", *args, "--db", db_url], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def stored_url(stored: Engine, db_url: str) -> Iterator[str]:
    yield db_url


def test_cli_table(stored_url: str) -> None:
    code, stdout, _ = _run(stored_url, "--year", "2023")
    assert code == 0
    assert "支出合计" in stdout and "618.63 (2)" in stdout and "1043.55 (1)" in stdout


def test_cli_csv_file_has_a_bom(stored_url: str, tmp_path: Path) -> None:
    path = tmp_path / "out" / "比较.csv"
    code, _, stderr = _run(stored_url, "--year", "2023", "-o", str(path))
    assert code == 0 and "已写入" in stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 and rows[0][1] == "部门"


def test_cli_json_to_stdout(stored_url: str) -> None:
    code, stdout, _ = _run(stored_url, "--region", "唐山", "--format", "json")
    assert code == 0
    assert [r["department"] for r in json.loads(stdout)["rows"]] == [FENGNAN]


def test_cli_xlsx(stored_url: str, tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    code, _, _ = _run(stored_url, "-o", str(path))
    assert code == 0 and len(load_workbook(path)["图表"]._charts) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "需要用 -o"),
        (["-o", "c.txt"], "无法从文件名"),
        (["--level", "部级"], "无法识别的级次"),
    ],
)
def test_cli_errors_are_chinese(db_url: str, args: list[str], message: str) -> None:
    code, _, stderr = _run(db_url, *args)
    assert code == 2 and message in stderr


def test_cli_empty_store(db_url: str) -> None:
    code, _, stderr = _run(db_url)
    assert code == 0 and "没有符合条件" in stderr
