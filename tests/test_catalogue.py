"""The rule catalogue: docs/rules.md is current, every rule has tests, and `yusuan rules` lists it."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from typer.testing import CliRunner

from yusuan.cli import app
from yusuan.review import catalogue
from yusuan.review.registry import RULES

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "rules.md"
runner = CliRunner()


def test_docs_rules_md_is_current() -> None:
    expected = catalogue.markdown()
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert actual == expected, (
        f"docs/rules.md is stale: the rule registry changed. Regenerate it with `{catalogue.REGENERATE}` "
        "(or `.venv/bin/python -m yusuan rules --markdown -o docs/rules.md`) and commit it."
    )


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    return names


def test_every_rule_has_a_firing_and_a_quiet_test() -> None:
    names = _test_names()
    missing = []
    for rule_id in RULES:
        stem = "test_" + rule_id.replace("-", "_")
        missing += [f"{stem}{suffix}" for suffix in ("_fires", "_quiet") if f"{stem}{suffix}" not in names]
    assert missing == [], "rules without their tests (one that makes the rule fire, one where it stays quiet): " + (
        ", ".join(missing)
    )


def test_catalogue_entries_are_complete() -> None:
    entries = json.loads(catalogue.to_json())
    assert [e["id"] for e in entries] == [r.id for r in catalogue.ordered()]
    assert sorted(e["id"] for e in entries) == sorted(RULES)
    for e in entries:
        assert e["title"] and e["template"] and e["basis"], e["id"]
        assert e["severity"] in ("error", "warning", "info")
        assert isinstance(e["refs"], list) and isinstance(e["template_bound"], bool)
        assert e["doc"], f"rule {e['id']} has no docstring"


def test_markdown_has_a_section_per_kind_and_every_rule() -> None:
    text = catalogue.markdown()
    assert text.startswith("# 审核规则目录 / Review rule catalogue\n")
    assert catalogue.REGENERATE in text
    for r in RULES.values():
        assert f"### `{r.id}` {r.title}" in text
        assert r.basis in text
    assert "## 缺失 / `missing`" in text


def test_rules_command_table_json_and_markdown(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0, result.output
    assert "审核规则目录" in result.output and "table-missing" in result.output

    result = runner.invoke(app, ["rules", "--json"])
    assert result.exit_code == 0
    assert {e["id"] for e in json.loads(result.stdout)} == set(RULES)

    target = tmp_path / "docs" / "rules.md"
    result = runner.invoke(app, ["rules", "--markdown", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == catalogue.markdown()


def test_rules_command_refuses_two_formats() -> None:
    result = runner.invoke(app, ["rules", "--json", "--markdown"])
    assert result.exit_code == 2 and "只能选一个" in result.output
