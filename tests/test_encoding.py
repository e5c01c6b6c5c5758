"""Accepted encodings: UTF-8, UTF-8 with BOM, GB18030 — the same model from each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import seed_path
from yusuan import ReadError, read
from yusuan.read.text import normalize_line


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings_read_the_same(tmp_path: Path, encoding: str) -> None:
    src = seed_path("000")
    text = src.read_text(encoding="utf-8")
    f = tmp_path / src.name
    f.write_bytes(text.encode(encoding))
    assert read(f).model_dump() == read(src).model_dump()


def test_undecodable_bytes_are_refused_with_a_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes("部门预算收支总表\n".encode() + b"\x81\x20\xff\xff\n")
    with pytest.raises(ReadError) as info:
        read(f)
    assert "bad.txt" in str(info.value) and "第 2 行" in str(info.value)


def test_variant_characters_normalise() -> None:
    assert normalize_line("≧70％ １２３．５") == "≥70% 123.5"
