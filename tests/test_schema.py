"""docs/schema.json is generated from the model; this test fails when it is stale."""

from __future__ import annotations

import json

import jsonschema

from tests.conftest import ROOT, seed_path
from yusuan import read
from yusuan.model import jsonio


def test_schema_file_is_current() -> None:
    on_disk = (ROOT / "docs" / "schema.json").read_text(encoding="utf-8")
    assert on_disk == jsonio.schema_json(), "docs/schema.json is stale: run `yusuan schema -o docs/schema.json`"


def test_parse_output_validates_against_schema() -> None:
    schema = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    for key in ("000", "002", "004"):
        jsonschema.validate(jsonio.to_dict(read(seed_path(key))), schema)


def test_json_round_trip_is_exact() -> None:
    d = read(seed_path("000"))
    again = jsonio.from_json(jsonio.to_json(d))
    assert again == d
