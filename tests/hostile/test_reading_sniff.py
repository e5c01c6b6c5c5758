"""What a file is comes from its bytes, not its name (issue 13, items 5 and 7): a DOCX or XLSX named
``.pdf`` is read as what it is (and the reading report says so); a text quoting ``%PDF-`` stays text;
a text named ``.pdf`` is said to be text; a missing path, a folder, a FIFO or a device is refused
before anything opens it; a PDF and a text of one package name are two documents, not a package that
cannot be read."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan
from tests.hostile.files import good_files
from yusuan.cli import app
from yusuan.read.formats import format_for

runner = CliRunner()


@pytest.mark.parametrize(("suffix", "layout", "what"), [(".docx", "docx", "DOCX"), (".xlsx", "xlsx", "XLSX")])
def test_an_office_file_named_pdf_is_read_as_what_it_is(tmp_path: Path, suffix: str, layout: str, what: str) -> None:
    path = tmp_path / "报表.pdf"
    path.write_bytes(good_files()[suffix])
    assert format_for(path).name == layout
    d = yusuan.read(path)
    assert d.layout == layout and d.tables  # the amounts are read, not an empty document
    reference = tmp_path / f"报表{suffix}"
    reference.write_bytes(good_files()[suffix])
    assert d.tables == yusuan.read(reference).tables
    assert d.reading is not None and d.reading.notes[0].startswith(f"文件扩展名为 .pdf，但内容是 {what}")


def test_a_docx_named_xlsx_is_read_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(good_files()[".docx"])
    assert yusuan.read(path).layout == "docx"


def test_a_damaged_zip_named_pdf_is_said_to_be_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.wrong_format"
    assert str(info.value) == f"{path}：这其实是ZIP 压缩包（可能是损坏的 DOCX 或 XLSX），不是 PDF 文件"


def test_a_text_named_pdf_is_said_to_be_text(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("部门预算收支总表\n合计 12.00\n", encoding="utf-8")
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.wrong_format" and "纯文本文件" in str(info.value)


def test_a_text_quoting_the_pdf_header_is_read_as_text(tmp_path: Path) -> None:
    text = good_files()[".txt"].decode("utf-8")
    path = tmp_path / "说明.txt"
    path.write_text("本文件由 %PDF-1.7 文件转换而来\n" + text, encoding="utf-8")
    assert format_for(path).name == "text"
    d = yusuan.read(path)
    assert d.layout == "pdf-text" and d.tables


def test_a_pdf_with_junk_before_its_header_is_still_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01junk" + good_files()[".pdf"])
    assert format_for(path).name == "pdf"


def test_a_missing_pdf_is_said_to_be_missing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.pdf"
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    assert info.value.code == "read.not_found" and str(info.value) == f"{path}：文件不存在"
    result = runner.invoke(app, ["review", str(path)])
    assert result.exit_code == 2 and "文件不存在" in result.output and "PDF" not in result.output.split("：", 1)[-1]


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["result"] = runner.invoke(app, ["review", str(fifo)])

    started = time.perf_counter()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader that opened the FIFO, so the test run can end
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("the FIFO was opened: the command blocked")
    assert time.perf_counter() - started < 5
    result = outcome["result"]
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert f"{fifo}：这是命名管道（FIFO），不是普通文件，拒绝读取" in result.output  # type: ignore[attr-defined]


def test_a_fifo_next_to_an_equally_empty_file_is_never_hashed(tmp_path: Path) -> None:
    """The batch hashes files of equal size to skip copies: a FIFO (size 0) is not a file to hash."""
    from yusuan.pipeline.batch import distinct

    os.mkfifo(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "b.txt")
    kept, duplicates = distinct([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(kept) == 2 and not duplicates


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read("/dev/null")
    assert info.value.code == "read.not_regular" and "设备文件" in str(info.value)
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(tmp_path)
    assert info.value.code == "read.is_directory"


def test_a_pdf_and_a_text_of_one_package_name_are_two_documents(tmp_path: Path) -> None:
    good = good_files()
    (tmp_path / "示例局-报表.pdf").write_bytes(good[".pdf"])
    (tmp_path / "示例局-情况说明.txt").write_bytes(good[".txt"])
    (tmp_path / "示例局.txt").write_bytes(good[".txt"] + b"\n")
    (tmp_path / "示例局.pdf").write_bytes(good[".pdf"] + b"\n")
    result = runner.invoke(app, ["review", str(tmp_path), "-f", "json"])
    assert result.exit_code != 2, result.output  # nothing failed to be read
    assert "只能把 PDF" not in result.output


def test_a_page_saved_as_pdf_is_said_to_be_a_page(tmp_path: Path) -> None:
    """A crawler saves a portal's error or landing page under the document's .pdf name: the refusal
    says what the file really is."""
    path = tmp_path / "示例局.pdf"
    path.write_text("<!DOCTYPE html><html><body><h1>404 页面不存在</h1></body></html>", encoding="utf-8")
    with pytest.raises(yusuan.ReadError) as info:
        yusuan.read(path)
    message = str(info.value)
    assert message.startswith(f"{path}：")
    assert message.endswith("（文件扩展名为 .pdf，但内容是 HTML 网页，已按其实际格式读取）")
