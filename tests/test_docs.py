"""Tests that fail when something is undocumented (in the manner of datasette's documentation tests).

- every command, argument and option has help text, is in docs/cli.md (generated, must be current) and
  every top-level command is shown in README.md;
- every table, column key, figure, template, level and unit of the domain vocabulary is described in
  docs/vocabulary.md (generated, must be current): each has its Chinese name, and a table its short
  name and columns, a figure where it is read from;
- every rule is in docs/rules.md (tests/test_catalogue.py) and has a docstring, a basis and a title;
- docs/architecture.md names every stage package and every module directory of src/yusuan.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from yusuan.cli import reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "yusuan"


def _make_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["cli.md", "vocabulary.md", "rules.md", "schema.json"])
def test_generated_docs_are_current(name: str) -> None:
    make = _make_docs().GENERATED[name]
    on_disk = (DOCS / name).read_text(encoding="utf-8")
    assert on_disk == make(), f"docs/{name} is stale: run `.venv/bin/python scripts/make_docs.py` and commit it"


def test_every_table_figure_and_template_can_be_documented() -> None:
    from yusuan.domain.figures import FIGURES
    from yusuan.domain.tables import COLUMN_NAMES, SPECS
    from yusuan.domain.templates import TEMPLATES

    vocabulary = (DOCS / "vocabulary.md").read_text(encoding="utf-8")
    bad = [f"table {s.id}" for s in SPECS.values() if not (s.title and s.short and s.columns and s.labels)]
    bad += [f"column {c}" for s in SPECS.values() for c in s.columns if c not in COLUMN_NAMES]
    bad += [
        f"figure {f.key}"
        for f in FIGURES.values()
        if not f.name or (f.stored and f.source == "table" and not f.reading)
    ]
    bad += [f"template {t.id}" for t in TEMPLATES.values() if not t.name]
    bad += [
        f"{kind} {key} not in docs/vocabulary.md"
        for kind, keys in (("table", SPECS), ("figure", FIGURES), ("template", TEMPLATES))
        for key in keys
        if f"`{key}`" not in vocabulary
    ]
    assert not bad, f"undocumented vocabulary: {bad}"


def test_every_command_argument_and_option_has_help() -> None:
    missing = [c.name for c in reference.commands()[1:] if not c.help]
    missing += [f"{c.name} {'/'.join(p.names)}" for c in reference.commands() for p in c.params if not p.help]
    assert not missing, f"without help text: {missing}"


def test_every_command_is_shown_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = {c.name.split()[1] for c in reference.commands()[1:]}
    absent = sorted(name for name in top if not re.search(rf"yusuan {name}\b", readme))
    assert not absent, f"commands not shown in README.md: {absent}"


def test_architecture_doc_names_every_package() -> None:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(
        str(p.parent.relative_to(SRC.parent)).replace("\\", "/")
        for p in SRC.rglob("__init__.py")
        if "__pycache__" not in p.parts and "migrations" not in p.parts
    )
    absent = [p for p in packages if p != "yusuan" and f"{p.removeprefix('yusuan/')}/" not in text]
    assert not absent, f"docs/architecture.md does not name: {absent}"
