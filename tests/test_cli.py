"""The command line: JSON per document, Chinese messages for bad input, a batch that goes on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import seed_path
from yusuan.cli import app

runner = CliRunner()


def test_parse_writes_one_json_per_document(tmp_path: Path) -> None:
    src = seed_path("002")
    result = runner.invoke(app, ["parse", str(src), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / f"{src.stem}.json").read_text(encoding="utf-8"))
    for key in (
        "source",
        "layout",
        "department",
        "year",
        "unit",
        "tables",
        "narrative",
        "performance",
        "procurement",
        "assets",
        "ambiguities",
    ):
        assert key in data
    assert data["source"] == src.name and data["layout"] == "docx-text"
    total = data["tables"]["expenditure"]["rows"][0]
    assert total["code"] is None and total["values"] == {"total": "1043.55", "basic": "815.50", "project": "228.05"}


def test_parse_json_to_stdout_amounts_are_strings() -> None:
    result = runner.invoke(app, ["parse", str(seed_path("000")), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for table in data["tables"].values():
        for row in table.get("rows", []) + table.get("income", []) + table.get("expenditure", []):
            assert all(isinstance(v, str) for v in row["values"].values())


def test_bad_files_get_chinese_message_and_batch_goes_on(tmp_path: Path) -> None:
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\x01\xff\xfe\x00garbage\x81")
    missing = tmp_path / "missing.txt"
    good = seed_path("003")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "yusuan", "parse", str(missing), str(binary), str(good), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{missing}：文件不存在" in proc.stderr
    assert "broken.txt" in proc.stderr
    assert "2 个文件未能读取" in proc.stderr
    assert (out / f"{good.stem}.json").exists()


def test_folder_argument_reads_every_text_file(tmp_path: Path) -> None:
    for key in ("002", "003"):
        (tmp_path / seed_path(key).name).write_bytes(seed_path(key).read_bytes())
    result = runner.invoke(app, ["parse", str(tmp_path), "--json"])
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert sorted(d["source"] for d in lines) == sorted(seed_path(k).name for k in ("002", "003"))


def test_parse_never_writes_two_documents_to_one_json(tmp_path: Path) -> None:
    """a.txt in two folders (and a.pdf beside a.txt) would share a.json: the later ones get their full names."""
    for folder, seed in (("一", "002"), ("二", "003")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(seed_path(seed).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(tmp_path / "一"), str(tmp_path / "二"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "a.txt.json"]
    departments = {json.loads(p.read_text(encoding="utf-8"))["department"]["name"] for p in out.iterdir()}
    assert len(departments) == 2  # both documents kept
