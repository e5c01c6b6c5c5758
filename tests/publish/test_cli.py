"""The publish, template and synth commands: files written, review before publishing, Chinese errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import yaml
from typer.testing import CliRunner

from tests.publish.fill import fill
from tests.test_roundtrip_property import assert_round_trip
from yusuan import read, read_text
from yusuan.model import Disclosure, jsonio
from yusuan.publish.document import Document
from yusuan.review.engine import review
from yusuan.synth.defects import inject

runner = CliRunner()


def _app():  # type: ignore[no-untyped-def]
    from yusuan.cli import app

    return app


def _json(d: Disclosure, path: Path, **extra: object) -> Path:
    data = jsonio.to_dict(d) | extra
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_publish_json_from_parse_to_txt(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    d, _ = packages[0]
    source = _json(d, tmp_path / "budget.json", prose={"九": "本部门无其他需要说明的事项。"})
    result = runner.invoke(_app(), ["publish", str(source), "-o", str(tmp_path / "out" / "公开.txt")])
    assert result.exit_code == 0, result.output
    docx_text = tmp_path / "out" / "公开-docx.txt"
    assert docx_text.exists() and (tmp_path / "out" / "公开-pdf.txt").exists()
    again = read(docx_text)
    assert again.tables["income"] == read_text(docx_text.read_text(encoding="utf-8")).tables["income"]
    assert [c.amount for c in again.narrative.claims] == [c.amount for c in d.narrative.claims]
    assert "本部门无其他需要说明的事项。" in docx_text.read_text(encoding="utf-8")
    assert "已写入" in result.output


def test_publish_each_format_by_suffix(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    d, _ = packages[0]
    source = _json(d, tmp_path / "budget.json")
    for suffix, magic in ((".docx", b"PK"), (".xlsx", b"PK"), (".html", b"<!DOCTYPE html>"), (".pdf", b"%PDF")):
        out = tmp_path / f"公开{suffix}"
        result = runner.invoke(_app(), ["publish", str(source), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)


def test_review_error_stops_publishing(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    import random

    d, _ = packages[0]
    broken, _ = inject(d, random.Random(1), only="row-sum")
    source = _json(broken, tmp_path / "budget.json")
    out = tmp_path / "公开.pdf"
    result = runner.invoke(_app(), ["publish", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists()
    assert "未输出" in result.output and "行内合计与各栏之和不符" in result.output and "--force" in result.output
    forced = runner.invoke(_app(), ["publish", str(source), "-o", str(out), "--force", "--format", "html"])
    assert forced.exit_code == 0, forced.output
    assert out.with_suffix(".html").exists() and "已按 --force 照样输出" in forced.output


def test_yaml_input_with_prior_figures(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    d, _ = packages[1]
    data = jsonio.to_dict(d.model_copy(update={"narrative": d.narrative.model_copy(update={"claims": []})}))
    data.pop("source"), data.pop("layout")
    data["prior"] = {"expenditure": 1000.10, "basic": 700.05, "project": 300.05, "three_public": 9.9}
    path = tmp_path / "budget.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(_app(), ["publish", str(path), "-o", str(tmp_path / "公开.txt")])
    assert result.exit_code == 0, result.output
    claims = read(tmp_path / "公开-docx.txt").narrative.claims
    prior = {c.subject: c.amount for c in claims if c.kind == "prior"}
    assert prior == {"expenditure": Decimal("1000.10"), "three_public": Decimal("9.9")}


def test_bad_inputs_give_chinese_messages(tmp_path: Path) -> None:
    missing = runner.invoke(_app(), ["publish", str(tmp_path / "无.json"), "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code == 2 and "文件不存在" in missing.output
    broken = tmp_path / "坏.json"
    broken.write_text('{"year": 2023,', encoding="utf-8")
    result = runner.invoke(_app(), ["publish", str(broken), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "JSON 格式错误" in result.output and "坏.json" in result.output
    wrong = tmp_path / "错.json"
    wrong.write_text(json.dumps({"year": "明年"}), encoding="utf-8")
    result = runner.invoke(_app(), ["publish", str(wrong), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "不符合预算模型" in result.output and "year" in result.output
    text = tmp_path / "预算.txt"
    text.write_text("x", encoding="utf-8")
    result = runner.invoke(_app(), ["publish", str(text), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "无法识别的输入格式" in result.output
    bare = tmp_path / "空.json"
    bare.write_text(json.dumps({"year": 2023}), encoding="utf-8")
    result = runner.invoke(_app(), ["publish", str(bare), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "缺少 department.name（部门名称）" in result.output
    result = runner.invoke(_app(), ["publish", str(wrong), "-o", str(tmp_path / "x.pdf"), "--format", "odt"])
    assert result.exit_code == 2 and "不支持的格式" in result.output
    assert "Traceback" not in result.output


def test_template_then_publish_the_filled_workbook(packages: list[tuple[Disclosure, Document]], tmp_path: Path) -> None:
    d, _ = packages[1]
    empty = tmp_path / "预算模板.xlsx"
    result = runner.invoke(_app(), ["template", str(empty)])
    assert result.exit_code == 0 and empty.exists(), result.output
    filled = fill(
        d,
        tmp_path / "填好的.xlsx",
        {
            "上年支出预算合计": Decimal("1.00"),
            "上年基本支出": Decimal("0.60"),
            "上年项目支出": Decimal("0.40"),
            "上年“三公”经费合计": Decimal("0.50"),
        },
    )
    result = runner.invoke(_app(), ["publish", str(filled), "-o", str(tmp_path / "公开.txt")])
    assert result.exit_code == 0, result.output
    got = read(tmp_path / "公开-docx.txt")
    assert got.department == d.department and got.year == d.year
    assert_round_trip(d, got, exact=True)  # the derived tables are the generator's, cell for cell


def test_synth_is_deterministic_and_records_defects(tmp_path: Path) -> None:
    args = ["synth", "--count", "12", "--seed", "5", "--formats", "txt,json,html", "--defects", "0.5"]
    first = runner.invoke(_app(), [*args, "-o", str(tmp_path / "a")])
    second = runner.invoke(_app(), [*args, "-o", str(tmp_path / "b")])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(files) == 12 * 4 + 1
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    manifest = [
        json.loads(line) for line in (tmp_path / "a" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    defects = [m["defect"] for m in manifest if m["defect"]]
    assert 2 <= len(defects) <= 10 and "其中" in first.output
    for entry in manifest:
        doc = read(tmp_path / "a" / entry["files"][0])
        rules = {f.rule for f in review(doc).findings}
        if entry["defect"]:
            assert entry["defect"]["rule"] in rules, entry
            assert {"id", "rule", "kind", "description", "where"} <= set(entry["defect"])


def test_synth_rejects_unknown_formats(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["synth", "--count", "1", "-o", str(tmp_path), "--formats", "txt,odt"])
    assert result.exit_code == 2 and "不支持的格式" in result.output


def test_output_names() -> None:
    from yusuan.publish.api import targets

    assert targets(Path("d/公开.pdf"), "txt") == [Path("d/公开-docx.txt"), Path("d/公开-pdf.txt")]
    assert targets(Path("d/公开"), "docx") == [Path("d/公开.docx")]
    assert targets(Path("d/公开.html"), "html") == [Path("d/公开.html")]
