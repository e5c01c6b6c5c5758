"""The public JSON form of a disclosure, and the JSON Schema generated from the model."""

from __future__ import annotations

import json
from typing import Any

from yusuan.model import Disclosure


def to_dict(d: Disclosure) -> dict[str, Any]:
    """The JSON contract: amounts as decimal strings, blank cells absent."""
    return d.model_dump(mode="json")


def to_json(d: Disclosure, indent: int | None = 2) -> str:
    return json.dumps(to_dict(d), ensure_ascii=False, indent=indent)


def from_json(text: str) -> Disclosure:
    return Disclosure.model_validate_json(text)


def schema() -> dict[str, Any]:
    s = Disclosure.model_json_schema(mode="serialization")
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["$id"] = "https://yusuan.example/schema/disclosure.json"
    s["title"] = "yusuan disclosure (部门预算公开)"
    return s


def schema_json() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
