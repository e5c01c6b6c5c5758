"""Department identity: automatic matching across years and renames, and merge / split by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app
from yusuan.store.departments import (
    DepartmentError,
    list_departments,
    merge_departments,
    resolve_department,
    split_department,
)
from yusuan.store.identity import code_tier, codes_compatible, normalize
from yusuan.store.ingest import ingest_file
from yusuan.store.schema import Department, DepartmentName, DisclosureRecord

runner = CliRunner()

LETING_2023 = "乐亭县人民代表大会常务委员会"
LETING_2020 = "乐亭县人大常委会办公室"
FENGNAN = "唐山市丰南区人民代表大会常务委员会办公室"


# --- normalisation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "region"),
    [
        (LETING_2020, LETING_2023, "乐亭县"),
        ("乐亭县人大常委会", LETING_2023, "乐亭县"),
        ("乐亭县 人民代表大会 常务委员会", LETING_2023, "乐亭县"),  # spaces from a PDF
        ("乐亭县人民代表大会常务委员会机关", LETING_2023, "乐亭县"),
        (FENGNAN, "唐山市丰南区人大常委会", "唐山市丰南区"),
        ("乐亭县财政局（本级）", "乐亭县财政局(本级)", "乐亭县"),  # full- and half-width brackets
        ("乐亭县财政局本级", "乐亭县财政局（本级）", "乐亭县"),
        ("中国人民政治协商会议乐亭县委员会", "政协乐亭县委员会办公室", "乐亭县"),
        ("乐亭县人民政府办公室", "乐亭县政府办公室", "乐亭县"),
        ("乐亭县发展和改革局", "乐亭县发展改革局", "乐亭县"),
    ],
)
def test_names_of_one_department_normalise_alike(a: str, b: str, region: str) -> None:
    assert normalize(a, region) == normalize(b, region)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("乐亭县财政局本级", "乐亭县财政局汇总"),
        ("乐亭县财政局（本级）", "乐亭县财政局"),
        ("乐亭县财政局（汇总）", "乐亭县财政局"),
        ("乐亭县财政局（部门）", "乐亭县财政局（单位）"),
        ("乐亭县财政局单位本级", "乐亭县财政局本级"),
        ("乐亭县人大常委会", "乐亭县人大"),
        ("乐亭县人民法院", "乐亭县人民检察院"),
        ("乐亭县教育局", "乐亭县卫生健康局"),
    ],
)
def test_distinct_packages_stay_distinct(a: str, b: str) -> None:
    assert normalize(a, "乐亭县") != normalize(b, "乐亭县")


def test_marker_alone_is_not_stripped() -> None:
    assert normalize("本级") == "本级"
    assert normalize("办公室") == "办公室"


def test_codes_tell_departments_from_units() -> None:
    assert (code_tier("101"), code_tier("101001"), code_tier(None), code_tier("")) == ("部门", "单位", None, None)
    assert codes_compatible("101", {"102"})  # a renumbered department
    assert codes_compatible("", {"101"}) and codes_compatible("101", set())
    assert not codes_compatible("101001", {"101"}) and not codes_compatible("101", {"101001"})


# --- automatic matching at ingest ------------------------------------------------------------------


def _variant(tmp_path: Path, key: str, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of a seed with some text replaced (a different file, so stored separately)."""
    text = seed_path(key).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _departments(engine: Engine) -> dict[str, list[int]]:
    return {s.name: s.years for s in list_departments(engine)}


def test_2020_and_2023_are_listed_as_one_department(engine: Engine) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("004"))
    [leting] = list_departments(engine)
    assert leting.name == LETING_2023 and leting.region == "乐亭县" and leting.level == "县"
    assert leting.names == [LETING_2020, LETING_2023] and leting.years == [2020, 2023]
    assert leting.disclosures == 2 and leting.code == "101"


def test_different_regions_never_match(engine: Engine) -> None:
    ingest_file(engine, seed_path("000"))  # 乐亭县人民代表大会常务委员会, code 101
    ingest_file(engine, seed_path("003"))  # 平乡县人民代表大会常务委员会, code 101
    assert _departments(engine) == {LETING_2023: [2023], "平乡县人民代表大会常务委员会": [2023]}


def test_benji_and_unit_packages_stay_distinct(engine: Engine, tmp_path: Path) -> None:
    ingest_file(engine, seed_path("002"))
    benji = _variant(tmp_path, "002", "benji.txt", (FENGNAN, FENGNAN + "（本级）"))
    unit = _variant(tmp_path, "002", "unit.txt", ("301唐山市丰南区", "301001唐山市丰南区"))
    assert ingest_file(engine, benji).status == "stored"
    assert ingest_file(engine, unit).status == "stored"
    listed = list_departments(engine)
    assert len(listed) == 3
    assert {s.code for s in listed} == {"301", "301001"}
    assert sorted(s.names[0] for s in listed) == sorted([FENGNAN, FENGNAN + "（本级）", FENGNAN])


# --- merge and split -------------------------------------------------------------------------------


def _ids(engine: Engine) -> dict[str, int]:
    return {s.name: s.id for s in list_departments(engine)}


def test_split_and_merge_round_trip(engine: Engine, tmp_path: Path) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("004"))
    leting = _ids(engine)[LETING_2023]

    split = split_department(engine, leting, LETING_2020)
    assert split.moved == 1 and split.new.name == LETING_2020 and split.new.years == [2020]
    assert split.source.years == [2023] and "拆分为新部门" in split.message
    assert _departments(engine) == {LETING_2023: [2023], LETING_2020: [2020]}

    # A corrected 2020 file published under the split-off name goes to the new department.
    corrected = _variant(tmp_path, "004", "004-corrected.txt", ("28.55元", "28.55万元"))
    result = ingest_file(engine, corrected)
    assert (result.status, result.version) == ("new_version", 2)
    with Session(engine) as s:
        record = s.get_one(DisclosureRecord, result.disclosure_id)
        assert record.department_id == split.new.id

    merged = merge_departments(engine, leting, split.new.id)
    assert merged.moved == 2 and merged.target.years == [2020, 2023]
    assert merged.target.names == [LETING_2020, LETING_2023] and merged.target.name == LETING_2023
    assert [s.id for s in list_departments(engine)] == [leting]
    [gone] = [s for s in list_departments(engine, include_merged=True) if s.id == split.new.id]
    assert gone.merged_into == leting and gone.disclosures == 0
    with Session(engine) as s:
        versions = s.execute(
            select(DisclosureRecord.year, DisclosureRecord.version, DisclosureRecord.current)
            .where(DisclosureRecord.department_id == leting)
            .order_by(DisclosureRecord.year, DisclosureRecord.version)
        ).all()
        assert [tuple(v) for v in versions] == [(2020, 1, False), (2020, 2, True), (2023, 1, True)]
        assert s.scalar(select(DepartmentName.department_id).where(DepartmentName.name == LETING_2020)) == leting

    # Later ingests of the merged department's names go to the one it was merged into.
    again = _variant(tmp_path, "004", "004-third.txt", ("28.55元", "28.55 万元"))
    third = ingest_file(engine, again)
    assert (third.status, third.version) == ("new_version", 3)
    assert [s.id for s in list_departments(engine)] == [leting]
    # And the merged id still finds it.
    assert resolve_department(engine, str(split.new.id)).id == leting


def test_merge_renumbers_versions_of_the_same_year(engine: Engine, tmp_path: Path) -> None:
    ingest_file(engine, seed_path("002"))
    renamed = "唐山市丰南区人大办公室"  # a different normalised name: not matched automatically
    ingest_file(engine, _variant(tmp_path, "002", "renamed.txt", (FENGNAN, renamed)))
    ids = _ids(engine)
    assert len(ids) == 2
    result = merge_departments(engine, ids[FENGNAN], ids[renamed])
    assert result.target.years == [2023] and result.target.disclosures == 2
    assert result.target.name == renamed  # the newest stored name of the newest year
    assert any("共 2 份，已按入库先后重新编为第 1–2 版" in n for n in result.notes)
    with Session(engine) as s:
        rows = s.execute(
            select(DisclosureRecord.version, DisclosureRecord.current, DisclosureRecord.printed_name).order_by(
                DisclosureRecord.version
            )
        ).all()
    assert [tuple(r) for r in rows] == [(1, False, FENGNAN), (2, True, renamed)]


def test_merge_refusals_change_nothing(engine: Engine) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("003"))
    ids = _ids(engine)
    leting, pingxiang = ids[LETING_2023], ids["平乡县人民代表大会常务委员会"]
    with pytest.raises(DepartmentError, match="地区不同"):
        merge_departments(engine, leting, pingxiang)
    with pytest.raises(DepartmentError, match="并入它自己"):
        merge_departments(engine, leting, leting)
    with pytest.raises(DepartmentError, match="没有编号为 999 的部门"):
        merge_departments(engine, leting, 999)
    assert len(list_departments(engine)) == 2
    merge_departments(engine, leting, pingxiang, force=True)
    with pytest.raises(DepartmentError, match="已并入"):
        merge_departments(engine, pingxiang, leting)


def test_split_refusals(engine: Engine) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("004"))
    leting = _ids(engine)[LETING_2023]
    with pytest.raises(DepartmentError, match=f"没有以“乐亭县人大”发布的公开文件；它的公开文件名称有：{LETING_2020}"):
        split_department(engine, leting, "乐亭县人大")
    split = split_department(engine, leting, LETING_2020)
    with pytest.raises(DepartmentError, match="无需拆分"):
        split_department(engine, split.new.id, LETING_2020)
    with Session(engine) as s:
        assert len(s.scalars(select(Department)).all()) == 2


# --- the commands ----------------------------------------------------------------------------------


def test_departments_command_lists_json(engine: Engine, db_url: str) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("004"))
    ingest_file(engine, seed_path("002"))
    result = runner.invoke(app, ["departments", "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["name"] for d in data] == [LETING_2023, FENGNAN]
    assert data[0] == {
        "id": data[0]["id"],
        "name": LETING_2023,
        "region": "乐亭县",
        "level": "县",
        "code": "101",
        "names": [LETING_2020, LETING_2023],
        "years": [2020, 2023],
        "disclosures": 2,
        "merged_into": None,
    }
    table = runner.invoke(app, ["departments", "--db", db_url])
    assert table.exit_code == 0 and "部门（2 个）" in table.stdout


def test_merge_and_split_commands(engine: Engine, db_url: str) -> None:
    ingest_file(engine, seed_path("000"))
    ingest_file(engine, seed_path("004"))
    leting = _ids(engine)[LETING_2023]
    split = runner.invoke(app, ["departments", "split", str(leting), "--name", LETING_2020, "--db", db_url])
    assert split.exit_code == 0, split.output
    assert f"已把以“{LETING_2020}”发布的公开文件 1 份从部门 #{leting}" in split.stdout
    new = _ids(engine)[LETING_2020]
    merge = runner.invoke(app, ["departments", "--db", db_url, "merge", str(leting), str(new)])
    assert merge.exit_code == 0, merge.output
    assert f"已将部门 #{new}（{LETING_2020}）并入 #{leting}" in merge.stdout
    again = runner.invoke(app, ["departments", "merge", str(leting), str(new), "--db", db_url])
    assert again.exit_code == 2 and f"部门 #{new}（{LETING_2020}）已并入 #{leting}" in again.stderr
    assert "Traceback" not in again.output
    missing = runner.invoke(app, ["departments", "split", str(leting), "--name", "不存在", "--db", db_url])
    assert missing.exit_code == 2 and "没有以“不存在”发布的公开文件" in missing.stderr
