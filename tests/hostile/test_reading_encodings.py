"""Text encodings are sniffed (issue 13, item 7): UTF-16 with and without a byte-order mark reads as
UTF-8 does; Big5 is recognised and decoded (never GB18030 mojibake); bytes that decode only to
gibberish are refused with a message saying so, never read with exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan
from tests.hostile.files import good_files
from yusuan.cli import app
from yusuan.read.text import MIN_PLAUSIBLE, DecodeError, _plausible_share, decode

runner = CliRunner()

TRADITIONAL = "部門預算公開說明\n一、收支預算總體情況\n本部門收入預算合計一千萬元，支出預算合計一千萬元。\n" * 20


def _text() -> str:
    return good_files()[".txt"].decode("utf-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig"])
def test_each_encoding_reads_as_utf8_does(tmp_path: Path, encoding: str) -> None:
    reference = tmp_path / "ref.txt"
    reference.write_text(_text(), encoding="utf-8")
    path = tmp_path / "ref2.txt"
    path.write_bytes(_text().encode(encoding))
    expected = yusuan.read(reference).model_dump(exclude={"source"})
    assert yusuan.read(path).model_dump(exclude={"source"}) == expected


def test_big5_is_decoded_not_mojibake() -> None:
    data = TRADITIONAL.encode("big5")
    assert decode(data) == TRADITIONAL
    # the same bytes as GB18030 are valid but implausible: that is how Big5 is told apart
    assert _plausible_share(data.decode("gb18030")) < MIN_PLAUSIBLE


def test_a_big5_file_is_never_read_as_gibberish(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    result = runner.invoke(app, ["parse", str(path)])
    assert "部門預算" in result.output or "未找到任何预算表格" in result.output, result.output
    assert TRADITIONAL.encode("big5").decode("gb18030")[:6] not in result.output


def test_gibberish_is_refused_clearly(tmp_path: Path) -> None:
    # Shift-JIS Japanese: valid GB18030 bytes, decoded into rare ideographs and kana
    data = ("予算の概要について説明します。収入と支出の合計は次のとおりです。\n" * 30).encode("shift_jis")
    path = tmp_path / "sjis.txt"
    path.write_bytes(data)
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.undecodable"
    assert str(info.value).startswith(f"{path}：文件编码无法识别") and "UTF-8" in str(info.value)
    result = runner.invoke(app, ["review", str(path)])
    assert result.exit_code == 2 and "文件编码无法识别" in result.output


def test_invalid_bytes_still_name_their_line() -> None:
    with pytest.raises(DecodeError) as info:
        decode("部门预算收支总表\n".encode() + b"\x81\x20\xff\xff\n")
    assert "第 2 行" in str(info.value)


def test_a_broken_utf16_bom_file_says_so() -> None:
    with pytest.raises(DecodeError) as info:
        decode(b"\xff\xfe" + "预算".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    assert "UTF-16" in str(info.value)


def test_real_gb18030_text_is_plausible() -> None:
    assert _plausible_share(_text()) > 0.99
