"""Regenerate the documentation that is generated from the code; tests fail when any of it is stale.

- docs/rules.md       the rule catalogue (from the rule registry)
- docs/cli.md         every command, argument and option (from the Typer application)
- docs/vocabulary.md  tables, columns, figures, templates, levels and units (from yusuan.domain)
- docs/schema.json    the JSON Schema of the parse output (from the model)

Run: .venv/bin/python scripts/make_docs.py
"""

from __future__ import annotations

from pathlib import Path

from yusuan.cli import reference
from yusuan.domain import vocabulary_doc
from yusuan.model import jsonio
from yusuan.review import catalogue

DOCS = Path(__file__).resolve().parents[1] / "docs"

GENERATED = {
    "rules.md": catalogue.markdown,
    "cli.md": reference.markdown,
    "vocabulary.md": vocabulary_doc.markdown,
    "schema.json": jsonio.schema_json,
}


def main() -> None:
    for name, make in GENERATED.items():
        (DOCS / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
