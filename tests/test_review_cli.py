"""`yusuan review`: exit codes, formats, folders, unreadable inputs, -o for each format, the bundled
samples. Documents whose review is known are substituted for the reader where a test needs one."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import seed_path
from tests.report_samples import mutated
from yusuan.cli import app
from yusuan.model import Disclosure
from yusuan.pipeline import batch
from yusuan.read import api as reader
from yusuan.synth.samples import consistent

runner = CliRunner()


@pytest.fixture
def docs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Files named clean*.txt read as the consistent document, bad*.txt as one with errors;
    any other file is read for real."""

    def fake_read(path: str | Path) -> Disclosure:
        p = Path(path)
        if p.name.startswith("clean"):
            d = consistent()
        elif p.name.startswith("bad"):
            d = mutated()
        else:
            return reader.read(p)
        d.source = p.name
        return d

    monkeypatch.setattr(batch, "read", fake_read)
    folder = tmp_path / "in"
    folder.mkdir()
    yield folder


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # distinct bytes per name: a batch reads identical files once (issue 11)
    path.write_text(f"（由测试替换为构造的文档：{path.name}）", encoding="utf-8")
    return path


def binary(path: Path) -> Path:
    path.write_bytes(b"\x00\x01\xff\xfe\x00garbage\x81")
    return path


# -- exit codes --------------------------------------------------------------------------------------


def test_exit_0_without_error_findings(docs: Path) -> None:
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt"))])
    assert result.exit_code == 0, result.output
    assert "示例县人民代表大会常务委员会" in result.output and "错误 0 条" in result.output
    assert "警告 0 条" in result.output


def test_exit_1_with_error_findings(docs: Path) -> None:
    result = runner.invoke(app, ["review", str(touch(docs / "bad.txt"))])
    assert result.exit_code == 1, result.output
    assert re.search(r"错误 [1-9]\d* 条", result.output)
    assert "table-missing" in result.output and "缺少标准表格" in result.output
    assert "位置：" in result.output


def test_exit_2_when_an_input_is_unreadable_and_the_others_are_still_reviewed(docs: Path) -> None:
    missing = docs / "missing.txt"
    broken = binary(docs / "broken.txt")
    clean = touch(docs / "clean.txt")
    result = runner.invoke(app, ["review", str(missing), str(broken), str(clean), "--format", "json"])
    assert result.exit_code == 2
    assert f"{missing}：文件不存在" in result.stderr
    assert f"无法读取：{broken}：" in result.stderr
    assert "2 个文件未能审核" in result.stderr
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert [d["source"] for d in data["documents"]] == ["clean.txt"]


def test_unreadable_input_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    broken = binary(tmp_path / "broken.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "yusuan", "review", str(broken), str(seed_path("004"))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "broken.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert "乐亭县人大常委会办公室" in proc.stdout  # the readable seed is reviewed


def test_seed_without_tables_has_errors() -> None:
    result = runner.invoke(app, ["review", str(seed_path("004"))])
    assert result.exit_code == 1
    assert "乐亭县人大常委会办公室" in result.output and "table-missing" in result.output


# -- folders -------------------------------------------------------------------------------------------


def test_folder_reviews_every_txt_inside_recursively_sorted(docs: Path) -> None:
    touch(docs / "b" / "clean-2.txt")
    touch(docs / "a" / "clean-1.txt")
    touch(docs / "bad.txt")
    (docs / "notes.md").write_text("不审核", encoding="utf-8")
    result = runner.invoke(app, ["review", str(docs), "--format", "json"])
    assert result.exit_code == 1
    sources = [d["source"] for d in json.loads(result.stdout)["documents"]]
    assert sources == ["clean-1.txt", "clean-2.txt", "bad.txt"]  # sorted by path: a/, b/, then bad.txt


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["review", str(empty)])
    assert result.exit_code == 2
    assert "文件夹中没有可读取的文件" in result.stderr


# -- formats to standard output ------------------------------------------------------------------------


def test_json_to_stdout_follows_the_contract(docs: Path) -> None:
    result = runner.invoke(app, ["review", str(touch(docs / "bad.txt")), "--format", "json"])
    data = json.loads(result.stdout)
    assert list(data) == ["documents"]
    doc = data["documents"][0]
    assert list(doc) == ["source", "department", "year", "findings", "summary", "skipped", "coverage"]
    assert doc["department"]["name"] == "示例县人民代表大会常务委员会" and doc["year"] == 2023
    assert set(doc["summary"]) == {"error", "warning", "info"}
    assert doc["summary"]["error"] == sum(f["severity"] == "error" for f in doc["findings"])
    finding = doc["findings"][0]
    assert set(finding) == {"rule", "kind", "severity", "title", "message", "values", "locations"}
    for f in doc["findings"]:
        for v in f["values"].values():
            assert isinstance(v, str)
        for loc in f["locations"]:
            assert loc["value"] is None or isinstance(loc["value"], str)


def test_json_amounts_are_decimal_strings_on_a_seed() -> None:
    result = runner.invoke(app, ["review", str(seed_path("000")), "--format", "json"])
    doc = json.loads(result.stdout)["documents"][0]
    values = [v for f in doc["findings"] for v in f["values"].values()]
    values += [loc["value"] for f in doc["findings"] for loc in f["locations"] if loc["value"] is not None]
    assert values and all(isinstance(v, str) and "e" not in v.lower() for v in values)


def test_markdown_to_stdout(docs: Path) -> None:
    result = runner.invoke(app, ["review", str(touch(docs / "bad.txt")), "--format", "md"])
    assert result.exit_code == 1
    text = result.stdout
    assert text.startswith("# 部门预算公开审核报告\n")
    assert "## 101 示例县人民代表大会常务委员会 县级 2023 年" in text
    assert "### 错误（" in text and "`table-missing`" in text


# -- -o for each format ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "md", "xlsx"])
def test_output_file_for_each_format(docs: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "out" / f"report.{fmt}"
    result = runner.invoke(app, ["review", str(touch(docs / "bad.txt")), "-f", fmt, "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert target.exists() and f"已写入 {target}" in result.output
    if fmt == "json":
        assert json.loads(target.read_text(encoding="utf-8"))["documents"][0]["source"] == "bad.txt"
    elif fmt == "md":
        assert "table-missing" in target.read_text(encoding="utf-8")
    else:
        assert load_workbook(target).sheetnames[:2] == ["审核发现", "文件一览"]


def test_output_folder_for_html(docs: Path, tmp_path: Path) -> None:
    target = tmp_path / "html"
    result = runner.invoke(app, ["review", str(touch(docs / "bad.txt")), str(touch(docs / "clean.txt")),
                                 "--format", "html", "-o", str(target)])  # fmt: skip
    assert result.exit_code == 1
    assert sorted(p.name for p in target.iterdir()) == ["bad.html", "clean.html", "index.html"]
    assert "审核报告" in (target / "bad.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "kind"), [("r.json", "json"), ("r.md", "md"), ("r.xlsx", "xlsx"), ("pages", "html")])
def test_format_follows_the_output_name(docs: Path, tmp_path: Path, name: str, kind: str) -> None:
    target = tmp_path / name
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = target / "index.html" if kind == "html" else target
    assert written.is_file()


def test_html_and_xlsx_need_an_output(docs: Path) -> None:
    for fmt, what in (("html", "文件夹"), ("xlsx", "文件")):
        result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "--format", fmt])
        assert result.exit_code == 2
        assert f"需要用 -o 指定输出{what}" in result.stderr


def test_unknown_output_suffix_asks_for_a_format(docs: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-o", str(tmp_path / "r.docx")])
    assert result.exit_code == 2 and "请用 --format 指定" in result.stderr
    # .pdf is the annotated original: only for a PDF
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2 and "不是 PDF 文件" in result.stderr and "Traceback" not in result.output


def test_unwritable_output_is_reported(docs: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["review", str(touch(docs / "clean.txt")), "-o", str(blocker / "r.json")])
    assert result.exit_code == 2 and "无法写入" in result.stderr and "Traceback" not in result.output


# -- the bundled samples -----------------------------------------------------------------------------------


def test_examples_folder_is_in_the_package() -> None:
    from importlib import resources

    assert resources.files("yusuan").joinpath("data", "examples").is_dir()


def test_no_argument_without_samples_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "example_files", lambda: [])
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 2
    assert "内置示例文件夹中也还没有示例文件" in result.stderr


def test_no_argument_reviews_the_samples(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sample = tmp_path / "examples" / "sample.txt"
    sample.parent.mkdir()
    shutil.copy(seed_path("004"), sample)
    monkeypatch.setattr(batch, "example_files", lambda: [sample])
    result = runner.invoke(app, ["review", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert [d["source"] for d in json.loads(result.stdout)["documents"]] == ["sample.txt"]


def test_no_argument_with_the_real_samples() -> None:
    """Whatever samples are bundled review without an unreadable file (or the empty case is explained)."""
    result = runner.invoke(app, ["review", "--format", "json"])
    if not batch.example_files():
        assert result.exit_code == 2 and "示例" in result.stderr
    else:
        assert result.exit_code in (0, 1), result.stderr
        assert len(json.loads(result.stdout)["documents"]) == len(batch.example_files())
