"""The package layout holds: imports only run down the stages, and modules stay small.

Stages, from the centre out (docs/architecture.md):

    model, errors, domain → read → review → report → store, publish → synth → pipeline → web → cli

A module may import from its own stage or an earlier one — never from a later one, not even inside a
function or under ``TYPE_CHECKING`` (that is how import circles used to be hidden). ``yusuan/__init__.py``
is the public facade and may import anything (lazily).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "yusuan"

STAGES: dict[str, int] = {
    "model": 0,
    "errors": 0,
    "domain": 0,
    "read": 1,
    "review": 2,
    "report": 3,
    "store": 4,
    "publish": 4,
    "synth": 5,
    "pipeline": 6,
    "web": 7,
    "cli": 8,
    "__main__": 8,
}
#: Packages of one stage that must not depend on each other either.
SIBLINGS_APART = (("store", "publish"),)
#: Names a module may take from the facade ``yusuan`` itself.
FACADE_NAMES = {"__version__"}
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _top(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported top-level part of yusuan) for every import of a yusuan module in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "yusuan" and len(parts) > 1:
                    found.append((node.lineno, parts[1]))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "yusuan":
                continue
            if len(parts) > 1:
                found.append((node.lineno, parts[1]))
            else:
                for alias in node.names:
                    if alias.name not in FACADE_NAMES:
                        found.append((node.lineno, alias.name))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append((node.lineno, "<relative>"))
    return found


def test_every_top_level_module_has_a_stage() -> None:
    tops = {_top(p) for p in _modules()} - {"__init__"}
    assert tops <= set(STAGES), f"modules without a stage in STAGES: {sorted(tops - set(STAGES))}"


def test_imports_never_run_up_a_stage() -> None:
    bad: list[str] = []
    for path in _modules():
        top = _top(path)
        if top == "__init__":
            continue  # the facade
        for line, target in _imports(path):
            where = f"{path.relative_to(SRC.parent)}:{line}"
            if target == "<relative>":
                bad.append(f"{where} relative import (write yusuan.… in full)")
            elif target not in STAGES:
                bad.append(f"{where} imports yusuan.{target}, which has no stage")
            elif STAGES[target] > STAGES[top]:
                bad.append(f"{where} ({top}, stage {STAGES[top]}) imports yusuan.{target} (stage {STAGES[target]})")
            elif {top, target} in [set(pair) for pair in SIBLINGS_APART] and top != target:
                bad.append(f"{where} {top} and {target} are kept apart")
    assert not bad, "imports that run back up the stages:\n" + "\n".join(bad)


def test_no_module_over_500_lines() -> None:
    long = {
        str(p.relative_to(SRC.parent)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and "migrations" not in p.parts
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


@pytest.mark.parametrize("stage", sorted(set(STAGES) - {"__main__"}))
def test_each_stage_package_says_what_it_is_for(stage: str) -> None:
    path = SRC / stage / "__init__.py"
    if not path.exists():
        path = SRC / f"{stage}.py"
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc, f"{path.relative_to(SRC.parent)} needs a docstring saying what the stage is for"
