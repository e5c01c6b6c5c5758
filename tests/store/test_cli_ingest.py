"""``yusuan ingest``, ``list`` and ``show`` on SQLite and PostgreSQL (``--db`` with the fixture URL)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import seed_path
from tests.store.variants import variant, variant_text, write_variants
from yusuan.cli import app
from yusuan.model import jsonio
from yusuan.read.api import read

runner = CliRunner()
SUMMARY = re.compile(r"新入库 (\d+)、新版本 (\d+)、未变化 (\d+)、失败 (\d+)")


def _run(db_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db_url])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


def _summary(stdout: str) -> tuple[int, ...]:
    found = SUMMARY.search(stdout)
    assert found is not None, stdout
    return tuple(int(n) for n in found.groups())


def _list(db_url: str, *args: str) -> list[dict[str, object]]:
    code, stdout, stderr = _run(db_url, "list", "--json", *args)
    assert code == 0, stderr
    data = json.loads(stdout)
    assert isinstance(data, list)
    return data


def test_ingest_a_folder_then_again_unchanged(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = write_variants(folder / "a", 2) + write_variants(folder / "b", 1, start=3)
    code, stdout, stderr = _run(db_url, "ingest", str(folder))
    assert (code, _summary(stdout)) == (0, (3, 0, 0, 0)), stderr
    for f in files:
        assert f"新入库 {f}" in stdout
    assert "样本一县人民代表大会常务委员会 · 2023 年" in stdout

    code, stdout, _ = _run(db_url, "ingest", str(folder))
    assert (code, _summary(stdout)) == (0, (0, 0, 3, 0))
    assert f"未变化 {files[0]}（与第 " in stdout
    assert len(_list(db_url)) == 3


def test_a_bad_file_fails_alone_and_is_named_with_its_reason(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_variants(folder, 2)
    (folder / "0-binary.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "0-empty.txt").write_bytes(b"")
    (folder / "0-prose.txt").write_text("这是一封信，不是预算公开文件。\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, stdout, stderr = _run(db_url, "ingest", str(folder), str(missing))
    assert code == 2
    assert _summary(stdout) == (2, 0, 0, 4)
    assert f"{folder / '0-binary.txt'}：这是无法识别的二进制文件" in stderr
    assert f"{folder / '0-empty.txt'}：文件是空的" in stderr
    # the reader now says it is no budget disclosure (issue 11) before the store would have said so
    assert f"{folder / '0-prose.txt'}：未找到任何预算表格或预算说明" in stderr
    assert f"{missing}：文件不存在" in stderr
    assert "失败的文件（4 个）" in stderr
    assert len(_list(db_url)) == 2


def test_an_unexpected_error_in_one_file_does_not_stop_the_batch(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.store.ingest as ingest_module

    files = write_variants(tmp_path / "in", 3)
    real_read = ingest_module.read

    def flaky_read(path: Path) -> object:
        if Path(path) == files[1]:
            raise RuntimeError("reader bug")
        return real_read(path)

    monkeypatch.setattr(ingest_module, "read", flaky_read)
    code, stdout, stderr = _run(db_url, "ingest", str(tmp_path / "in"))
    assert (code, _summary(stdout)) == (2, (2, 0, 0, 1))
    assert f"{files[1]}：处理时出错（RuntimeError：reader bug），未入库" in stderr
    monkeypatch.setattr(ingest_module, "read", real_read)
    code, stdout, _ = _run(db_url, "ingest", str(tmp_path / "in"))
    assert (code, _summary(stdout)) == (0, (1, 0, 2, 0))


def test_a_corrected_file_becomes_a_new_version(db_url: str, tmp_path: Path) -> None:
    first = tmp_path / "v1" / "样本七县.txt"
    first.parent.mkdir()
    first.write_text(variant_text(7), encoding="utf-8")
    corrected = tmp_path / "v2" / "样本七县.txt"
    corrected.parent.mkdir()
    corrected.write_text(variant_text(7, shift=50), encoding="utf-8")
    assert _summary(_run(db_url, "ingest", str(first))[1]) == (1, 0, 0, 0)
    code, stdout, _ = _run(db_url, "ingest", str(corrected))
    assert (code, _summary(stdout)) == (0, (0, 1, 0, 0))
    assert "第 2 版（旧版本保留）" in stdout

    current = _list(db_url)
    assert [(e["version"], e["current"]) for e in current] == [(2, True)]
    every = _list(db_url, "--all-versions")
    assert [(e["version"], e["current"]) for e in every] == [(1, False), (2, True)]
    assert len({json.dumps(e["department"]) for e in every}) == 1

    code, stdout, _ = _run(db_url, "list")
    assert code == 0 and "共 1 份；另有 1 个旧版本，加 --all-versions 显示" in stdout
    old = every[0]["id"]
    code, stdout, _ = _run(db_url, "show", str(old))
    assert code == 0 and "第 1 版（已被第 2 版取代）" in stdout
    shown = json.loads(_run(db_url, "show", str(old), "--json")[1])
    assert (shown["version"], shown["current"], shown["newest_version"]) == (1, False, 2)


def test_list_json_shape_and_year_filter(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "2023.txt").write_text(variant_text(4), encoding="utf-8")
    (tmp_path / "2024.txt").write_text(variant_text(4, year=2024), encoding="utf-8")
    (tmp_path / "other.txt").write_text(variant_text(5), encoding="utf-8")
    assert _run(db_url, "ingest", str(tmp_path))[0] == 0
    entries = _list(db_url)
    assert len(entries) == 3
    entry = entries[0]
    assert set(entry) == {
        "id",
        "department",
        "year",
        "kind",
        "version",
        "current",
        "source_file",
        "created_at",
        "counts",
    }
    assert set(entry["department"]) == {"id", "name", "region"}  # type: ignore[arg-type]
    assert set(entry["source_file"]) == {"name", "sha256"}  # type: ignore[arg-type]
    assert set(entry["counts"]) == {"error", "warning", "info"}  # type: ignore[arg-type]
    # By department (in the database's collation), then year.
    years = [(e["department"]["name"], e["year"]) for e in entries]  # type: ignore[index]
    assert [y for n, y in years if n == "样本四县人民代表大会常务委员会"] == [2023, 2024]
    assert set(years) == {
        ("样本四县人民代表大会常务委员会", 2023),
        ("样本四县人民代表大会常务委员会", 2024),
        ("样本五县人民代表大会常务委员会", 2023),
    }
    assert len({e["department"]["id"] for e in entries}) == 2  # type: ignore[index]
    only_2024 = _list(db_url, "--year", "2024")
    assert [(e["department"]["region"], e["year"]) for e in only_2024] == [("样本四县", 2024)]  # type: ignore[index]
    assert _list(db_url, "--year", "2019") == []
    code, stdout, _ = _run(db_url, "list", "--year", "2019")
    assert code == 0 and "还没有2019 年度的部门预算公开文件" in stdout


def test_show_prints_header_figures_and_findings(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "样本九县.txt"
    path.write_text(variant_text(9), encoding="utf-8")
    _run(db_url, "ingest", str(path))
    (entry,) = _list(db_url)
    code, stdout, _ = _run(db_url, "show", str(entry["id"]))
    assert code == 0
    assert f"第 {entry['id']} 号 · 样本九县人民代表大会常务委员会 · 2023 年 · 部门预算" in stdout
    assert "关键数字（万元）" in stdout and "支出合计" in stdout and "593.58" in stdout
    counts = entry["counts"]
    assert isinstance(counts, dict)
    assert f"错误 {counts['error']} 条" in stdout
    assert counts["error"] > 0  # the rendered tables lack the narrative sections
    assert "缺少规定的说明部分" in stdout and "情况说明中未找到“部门职责”部分。" in stdout
    assert "位置：情况说明" in stdout


def test_show_json_gives_the_stored_model_and_findings(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "样本八县.txt"
    path.write_text(variant_text(8), encoding="utf-8")
    _run(db_url, "ingest", str(path))
    (entry,) = _list(db_url)
    code, stdout, _ = _run(db_url, "show", str(entry["id"]), "--json")
    assert code == 0
    data = json.loads(stdout)
    assert {"id", "department", "year", "version", "current", "source_file", "counts", "figures", "review"} <= set(data)
    assert data["disclosure"] == jsonio.to_dict(read(path))
    assert data["disclosure"]["department"]["name"] == variant(8).department.name
    assert data["figures"]["total"] == "593.58" and data["figures"]["project"] == "163.00"
    counts = data["counts"]
    assert len(data["findings"]) == counts["error"] + counts["warning"] + counts["info"]
    finding = data["findings"][0]
    assert set(finding) == {"rule", "kind", "severity", "title", "message", "values", "locations"}
    assert [f["severity"] for f in data["findings"]] == sorted(
        (f["severity"] for f in data["findings"]), key=["error", "warning", "info"].index
    )
    assert data["review"]["rules"] > 0 and data["source_file"]["size"] == path.stat().st_size


def test_show_unknown_or_malformed_id(db_url: str) -> None:
    code, _, stderr = _run(db_url, "show", "42")
    assert code == 2 and "没有编号为 42 的公开文件" in stderr
    code, _, stderr = _run(db_url, "show", "abc")
    assert code == 2 and "编号应是数字" in stderr


def test_empty_store_lists_nothing(db_url: str) -> None:
    assert _list(db_url) == []
    code, stdout, _ = _run(db_url, "list")
    assert code == 0 and "数据库中还没有部门预算公开文件" in stdout


def test_empty_folder_and_bad_database_url(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, stdout, stderr = _run(db_url, "ingest", str(tmp_path / "empty"))
    assert code == 2 and "文件夹中没有可读取的文件" in stderr and _summary(stdout) == (0, 0, 0, 1)
    result = runner.invoke(app, ["list", "--db", "nosuchdriver://x"])
    assert result.exit_code == 2 and "无法打开数据库" in result.stderr and "Traceback" not in result.output


def test_seeds_2020_and_2023_list_under_one_department(db_url: str) -> None:
    code, stdout, stderr = _run(db_url, "ingest", str(seed_path("000")), str(seed_path("004")))
    assert (code, _summary(stdout)) == (0, (2, 0, 0, 0)), stderr
    entries = _list(db_url)
    assert sorted(e["year"] for e in entries) == [2020, 2023]  # type: ignore[type-var]
    assert len({e["department"]["id"] for e in entries}) == 1  # type: ignore[index]


def _package(folder: Path) -> list[Path]:
    """A 情况说明 + 报表 package of two HTML files (the tables published from a generated
    disclosure, and a page of prose), in the order a folder lists them."""
    import hashlib

    from yusuan.publish.api import render
    from yusuan.synth.generate import generate

    d = next(iter(generate(1, seed=11)))
    folder.mkdir(parents=True, exist_ok=True)
    prose = folder / "样本县-情况说明.html"
    prose.write_text("<html><body><p>部门预算情况说明：本部门的收支预算见报表。</p></body></html>", encoding="utf-8")
    tables = folder / "样本县-报表.html"
    tables.write_bytes(next(iter(render(d, "html").values())))
    files = sorted([prose, tables])
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() != hashlib.sha256(files[1].read_bytes()).hexdigest()
    return files


def test_a_package_is_read_once_and_stored_as_one_document(db_url: str, tmp_path: Path) -> None:
    import hashlib

    files = _package(tmp_path / "in")
    code, stdout, stderr = _run(db_url, "ingest", str(tmp_path / "in"))
    assert (code, _summary(stdout)) == (0, (1, 0, 0, 0)), stderr
    assert f"新入库 {files[0]} + {files[1]} → 第 " in stdout
    (entry,) = _list(db_url)
    hashes = sorted(hashlib.sha256(f.read_bytes()).hexdigest() for f in files)
    source = entry["source_file"]
    assert isinstance(source, dict)
    assert source["name"] == f"{files[0].name} + {files[1].name}"
    assert source["sha256"] == hashlib.sha256("\n".join(hashes).encode("ascii")).hexdigest()
    shown = json.loads(_run(db_url, "show", str(entry["id"]), "--json")[1])
    assert shown["source_file"]["format"] == "html" and shown["source_file"]["size"] == sum(
        f.stat().st_size for f in files
    )

    code, stdout, _ = _run(db_url, "ingest", str(files[1]), str(files[0]))  # the same package, named in any order
    assert (code, _summary(stdout)) == (0, (0, 0, 1, 0))
    assert f"未变化 {files[1]} + {files[0]}（与第 {entry['id']} 号内容相同）" in stdout


def test_ingest_separate_and_as_one(db_url: str, tmp_path: Path) -> None:
    files = _package(tmp_path / "in")
    code, stdout, _ = _run(db_url, "ingest", "--separate", str(tmp_path / "in"))
    assert sum(_summary(stdout)) == 2  # each file on its own
    assert f"{files[0]} + {files[1]}" not in stdout
    texts = write_variants(tmp_path / "txt", 2)
    code, stdout, stderr = _run(db_url, "ingest", "--as-one", *map(str, texts))
    assert (code, _summary(stdout)) == (2, (0, 0, 0, 1))
    assert "只能把 PDF、DOCX、XLSX、HTML 文件合并为一份公开文件" in stderr
