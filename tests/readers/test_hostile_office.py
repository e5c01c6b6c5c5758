"""Hostile DOCX, XLSX and HTML files: each ends in a clear Chinese ReadError, within 5 seconds and
300 MB of peak memory growth, measured in a child process (tests/readers/hostile_probe.py) whose
address space is capped.

The files are built here, in a temporary folder: zip bombs whose members truly inflate to 2 GiB
(deflate blocks repeated; the CRC computed without inflating), a member that inflates beyond the
size it declares, truncated and corrupted packages, an XLSX of 1,000,000 rows, the OLE file Office
writes for a password-protected document, files whose name lies about their format, tables with
absurd spans.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.readers.hostile_files import (
    CHUNK,
    crc32_combine,
    encrypted_package,
    members_of,
    million_rows_xlsx,
    ole_file,
    write_zip,
    zero_bomb,
)
from tests.readers.hostile_probe import probe
from tests.readers.office_files import package_items, write_docx, write_html, write_xlsx
from yusuan.read.formats.zipguard import MAX_MEMBER_BYTES
from yusuan.read.source import CellRow
from yusuan.synth import samples

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 5.0
PEAK_MB = 300.0

#: name → (reader, expected message pattern)
EXPECTED: dict[str, tuple[str, str]] = {
    "docx_bomb_2gib": ("docx", r"word/media/image1\.bin 解压后有 2048 MB，超过单个部件上限 128 MB（疑似“压缩炸弹”）"),
    "xlsx_bomb_2gib": ("xlsx", r"xl/worksheets/sheet1\.xml 解压后有 2048 MB，超过单个部件上限"),
    "read_docx_bomb_2gib": ("read", r"疑似“压缩炸弹”"),
    "docx_ratio_bomb": ("docx", r"word/media/pad\.bin 压缩比为 \d+:1，超过上限 100:1"),
    "docx_lying_size": ("docx", r"word/document\.xml 解压后超过其声明的大小 1000 字节（疑似“压缩炸弹”）"),
    "docx_truncated": ("docx", r"文件已损坏或不完整"),
    "xlsx_truncated": ("xlsx", r"文件已损坏或不完整"),
    "docx_corrupt": ("docx", r"文件已损坏"),
    "xlsx_corrupt": ("xlsx", r"文件已损坏"),
    "xlsx_million_rows": ("xlsx", r"工作表“明细”表格行数超过上限 20000 行"),
    "docx_encrypted": ("docx", r"文件已加密（设有打开密码）"),
    "xlsx_encrypted": ("xlsx", r"文件已加密（设有打开密码）"),
    "read_docx_encrypted": ("read", r"文件已加密（设有打开密码）"),
    "read_xlsx_encrypted": ("read", r"文件已加密（设有打开密码）"),
    "docx_is_pdf": ("docx", r"这其实是 PDF 文件，不是DOCX（Word）文档"),
    "docx_is_text": ("docx", r"这是纯文本文件，不是DOCX（Word）文档"),
    "docx_is_empty": ("docx", r"文件是空的"),
    "docx_is_legacy_doc": ("docx", r"旧版 Word 97-2003（\.doc）文件"),
    "xlsx_is_docx": ("xlsx", r"这是 Word 文档（DOCX），不是 Excel 工作簿"),
    "docx_is_xlsx": ("docx", r"这是 Excel 工作簿（XLSX），不是 DOCX 文档"),
    "docx_huge_grid_span": ("docx", r"有内容的列超过 1000 列"),
    "html_no_tables": ("html", r"网页中没有表格，也没有关于预算的文字"),
    "html_too_large": ("html", r"网页文件过大（17 MB，上限 16 MB）"),
    "html_huge_spans": ("html", r"合并单元格展开后的单元格数（已达 \d+ 个）超过上限 200000 个"),
    "html_deep_nesting": ("html", r"."),  # read (lxml caps the depth) or refused: never a crash
}


def _docx(path: Path) -> Path:
    return write_docx(package_items(samples.consistent()), path)


def _xlsx(path: Path) -> Path:
    return write_xlsx(package_items(samples.consistent()), path)


def _build(folder: Path) -> list[list[str]]:
    docx_file, xlsx_file = _docx(folder / "sample.docx"), _xlsx(folder / "sample.xlsx")
    html_file = write_html(package_items(samples.consistent()), folder / "sample.html")
    files: dict[str, Path] = {}

    def put(name: str, suffix: str, data: bytes) -> None:
        files[name] = folder / f"{name}{suffix}"
        files[name].write_bytes(data)

    bomb = zero_bomb("word/media/image1.bin", 128)
    files["docx_bomb_2gib"] = write_zip(folder / "docx_bomb_2gib.docx", [*members_of(docx_file), bomb])
    files["read_docx_bomb_2gib"] = files["docx_bomb_2gib"]
    sheet_bomb = zero_bomb("xl/worksheets/sheet1.xml", 128)
    xlsx_members = [m for m in members_of(xlsx_file) if m.name != "xl/worksheets/sheet1.xml"]
    files["xlsx_bomb_2gib"] = write_zip(folder / "xlsx_bomb_2gib.xlsx", [*xlsx_members, sheet_bomb])
    pad = zero_bomb("word/media/pad.bin", 4)  # 64 MiB: under the size limit, far over the ratio
    files["docx_ratio_bomb"] = write_zip(folder / "docx_ratio_bomb.docx", [*members_of(docx_file), pad])
    liar = zero_bomb("word/document.xml", 128)
    liar.size, liar.crc = 1000, zlib.crc32(bytes(1000))  # declares 1000 bytes, inflates to 2 GiB
    others = [m for m in members_of(docx_file) if m.name != "word/document.xml"]
    files["docx_lying_size"] = write_zip(folder / "docx_lying_size.docx", [*others, liar])
    put("docx_truncated", ".docx", docx_file.read_bytes()[: docx_file.stat().st_size // 2])
    put("xlsx_truncated", ".xlsx", xlsx_file.read_bytes()[: xlsx_file.stat().st_size // 2])
    for name, source, part in (
        ("docx_corrupt", docx_file, "word/document.xml"),
        ("xlsx_corrupt", xlsx_file, "xl/worksheets/sheet1.xml"),
    ):
        members = members_of(source)
        target = next(m for m in members if m.name == part)
        middle = len(target.data) // 2
        target.data = (
            target.data[:middle]
            + bytes(b ^ 0x5A for b in target.data[middle : middle + 64])
            + target.data[middle + 64 :]
        )
        files[name] = write_zip(folder / f"{name}{source.suffix}", members)
    files["xlsx_million_rows"] = million_rows_xlsx(folder / "xlsx_million_rows.xlsx")
    files["docx_encrypted"] = encrypted_package(folder / "docx_encrypted.docx")
    files["xlsx_encrypted"] = encrypted_package(folder / "xlsx_encrypted.xlsx")
    files["read_docx_encrypted"] = files["docx_encrypted"]
    files["read_xlsx_encrypted"] = files["xlsx_encrypted"]
    put("docx_is_pdf", ".docx", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    put("docx_is_text", ".docx", "部门预算收支总表\n一、一般公共预算拨款收入 593.58\n".encode())
    put("docx_is_empty", ".docx", b"")
    files["docx_is_legacy_doc"] = ole_file(folder / "legacy.docx", {"WordDocument": b"\xec\xa5" + bytes(600)})
    put("xlsx_is_docx", ".xlsx", docx_file.read_bytes())
    put("docx_is_xlsx", ".docx", xlsx_file.read_bytes())
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "项目"
    tc_pr = table.cell(0, 1)._tc.get_or_add_tcPr()
    tc_pr.grid_span = 5000
    table.cell(0, 1).text = "宽"
    d.save(str(folder / "docx_huge_grid_span.docx"))
    files["docx_huge_grid_span"] = folder / "docx_huge_grid_span.docx"
    put(
        "html_no_tables",
        ".html",
        "<html><body><h1>网站首页</h1><p>通知公告</p><a href='x'>更多</a></body></html>".encode(),
    )
    put("html_too_large", ".html", b"<html><body>" + b"<p>x</p>" * (17 * 1024 * 1024 // 8) + b"</body></html>")
    spans = "".join('<tr><td>预算</td><td colspan="999">1</td></tr>' for _ in range(1000))
    put("html_huge_spans", ".html", f"<html><body><table>{spans}</table></body></html>".encode())
    put("html_deep_nesting", ".html", ("<div>" * 100_000 + "预算" + "</div>" * 100_000).encode())
    cases = [
        ["warm-up", reader, str(f)] for reader, f in (("docx", docx_file), ("xlsx", xlsx_file), ("html", html_file))
    ]
    cases += [[name, EXPECTED[name][0], str(files[name])] for name in EXPECTED]
    cases.append(["control", "control", str(docx_file)])  # last: it raises the peak for good
    return cases


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("hostile")
    return probe(_build(folder), folder)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_ends_in_a_clear_error_within_bounds(outcomes: dict[str, dict[str, Any]], name: str) -> None:
    outcome = outcomes[name]
    assert "crash" not in outcome, outcome
    assert outcome["seconds"] < SECONDS, outcome
    assert outcome["peak_growth_mb"] < PEAK_MB, outcome
    if name == "html_deep_nesting":
        return
    message = outcome["error"]
    assert message is not None, f"{name}: read without an error"
    assert re.search(EXPECTED[name][1], message), message
    assert message.startswith(outcome["path"] + "："), "the message names the file"


def test_the_memory_meter_sees_100_mb(outcomes: dict[str, dict[str, Any]]) -> None:
    control = outcomes["control"]
    assert control["error"] is None and 90 <= control["peak_growth_mb"] < 150, control


def test_bombs_are_real() -> None:
    """The bomb member really inflates to its declared size with its declared CRC (checked on a
    32 MiB instance of the same construction), and the 2 GiB one stays a few MB on disk."""
    small = zero_bomb("x", 2)
    assert zlib.decompress(small.data, -15) == bytes(2 * CHUNK)
    assert small.crc == zlib.crc32(bytes(2 * CHUNK)) and small.size == 2 * CHUNK
    big = zero_bomb("x", 128)
    assert big.size == 2 * 1024**3 > MAX_MEMBER_BYTES and len(big.data) < 3 * 1024**2
    a, b = b"abc" * 999, bytes(4321)
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_million_rows_are_really_there(tmp_path: Path) -> None:
    """The 1,000,000-row workbook is a valid XLSX: a small one of the same construction reads."""
    from yusuan.read.formats.xlsx import read_xlsx

    rows = [
        b for b in read_xlsx(million_rows_xlsx(tmp_path / "small.xlsx", rows=30)).blocks() if isinstance(b, CellRow)
    ]
    assert len(rows) == 30 and rows[0].texts == ["项目1", "1.5"] and rows[-1].texts == ["项目30", "30.5"]


def test_encrypted_package_is_a_real_compound_file(tmp_path: Path) -> None:
    import xlrd.compdoc  # type: ignore[import-untyped]

    path = encrypted_package(tmp_path / "e.docx")
    doc = xlrd.compdoc.CompDoc(path.read_bytes(), logfile=sys.stderr)
    assert [d.name for d in doc.dirlist][:3] == ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
    assert len(doc.get_named_stream("EncryptedPackage")) >= 8000
