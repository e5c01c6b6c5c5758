"""The file formats yusuan reads, in one registry.

Each format is a :class:`FileFormat`: its name, the suffixes it claims, how its first bytes are
recognised (a PDF saved as ``.txt`` is still a PDF), the loader that turns a file into a
:class:`~yusuan.read.source.SourceText`, and the layouts that source can have.
:func:`format_for` picks the format of a path; :func:`yusuan.read.read` calls its loader.

A new format is one module with its loader and one :func:`register` call below. The loaders
import their module (and its libraries: PyMuPDF, openpyxl, lxml…) only when a file is read, so
that the command line starts without them.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Final, NamedTuple, get_args

from yusuan.domain.registry import Registry
from yusuan.model import Layout
from yusuan.read.errors import ReadError, read_checked
from yusuan.read.source import TEXT_LAYOUTS, SourceText, split_lines
from yusuan.read.text import decode, looks_like_text

__all__ = [
    "FORMATS",
    "LAYOUTS",
    "TEXT_LAYOUTS",
    "FileFormat",
    "format_for",
    "misnamed",
    "register",
]

#: Every layout a source can have (the names :attr:`Disclosure.layout` takes).
LAYOUTS: Final[tuple[Layout, ...]] = get_args(Layout)

#: Bytes read to recognise a format.
SNIFF_BYTES = 1024
#: Extracted text larger than this is refused: no text disclosure comes near it.
MAX_TEXT_BYTES = 64 * 1024 * 1024


class FileFormat(NamedTuple):
    #: Short name: ``pdf``, ``docx``, ``xlsx``, ``xls``, ``html``, ``text``.
    name: str
    #: Suffixes that name the format (lower case, with the dot).
    suffixes: tuple[str, ...]
    #: Turns the file into located source blocks; raises :class:`~yusuan.read.errors.ReadError`.
    load: Callable[[Path], SourceText]
    #: The layouts the loaded source has (one for a real file; the text loader detects its own).
    layouts: tuple[Layout, ...]
    #: Recognises the format from the file's first :data:`SNIFF_BYTES` bytes, whatever the suffix.
    sniff: Callable[[bytes], bool] | None = None
    #: A container (ZIP or OLE) whose members :mod:`yusuan.read.formats.zipguard` checks first.
    archive: bool = False
    #: A real file: can be joined with others into one package (:func:`yusuan.read.read_package`).
    joinable: bool = True


#: The registered formats, in the order they are sniffed.
FORMATS: Final[Registry[FileFormat]] = Registry("file format")


def register(fmt: FileFormat, *, replace: bool = False) -> FileFormat:
    return FORMATS.register(fmt, replace=replace)


def format_for(path: Path) -> FileFormat:
    """The format of ``path``: the one its bytes announce, else the one its suffix names, else
    extracted text (the fallback for any other suffix).

    Only a regular file is opened (a FIFO would block; the loader then refuses it with a message). A
    zip is told apart by its members (a DOCX or XLSX whatever its suffix); ``%PDF-`` makes a PDF at
    the start of the file, and further into the first KB only when the suffix says PDF or the bytes
    are not text (a text that quotes ``%PDF-`` stays text)."""
    head = _head(path)
    if head:
        for fmt in FORMATS:
            if fmt.sniff is not None and fmt.sniff(head):
                if fmt.name == "pdf" and not _pdf_here(path, head):
                    continue
                return fmt
        zipped = _zip_format(path, head)
        if zipped is not None:
            return zipped
    return FORMATS.by_suffix(path.suffix) or FORMATS.get("text")


def misnamed(path: Path, fmt: FileFormat) -> str | None:
    """A Chinese note when ``path``'s suffix names another registered format than the one read."""
    named = FORMATS.by_suffix(path.suffix)
    if named is None or named.name == fmt.name or {named.name, fmt.name} <= {"xls", "xlsx"}:
        return None
    return f"文件扩展名为 {path.suffix}，但内容是 {_FORMAT_NAMES.get(fmt.name, fmt.name)}，已按其实际格式读取"


_FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "DOCX（Word）文档",
    "xlsx": "XLSX（Excel）工作簿",
    "xls": "XLS（Excel）工作簿",
    "html": "HTML 网页",
    "text": "纯文本",
}


def _head(path: Path) -> bytes:
    """The first :data:`SNIFF_BYTES` bytes of a regular file (b"" for anything else)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with path.open("rb") as fh:
            return fh.read(SNIFF_BYTES)
    except (OSError, ValueError):
        return b""


def _pdf_here(path: Path, head: bytes) -> bool:
    """Whether a head holding ``%PDF-`` is a PDF's: at the start, or the suffix says PDF, or the head
    is not text (binary junk before the header, as PDF readers allow)."""
    return head.startswith(b"%PDF-") or path.suffix.lower() == ".pdf" or not looks_like_text(head)


#: The zip central directory is read to tell DOCX from XLSX only up to this size.
_MAX_DIRECTORY = 4 * 1024 * 1024


def _zip_format(path: Path, head: bytes) -> FileFormat | None:
    """DOCX or XLSX for a zip whose members say so (``word/document.xml``, ``xl/``), else None. Only
    the end record and the central directory are read (bounded), never a member; a damaged zip is
    judged from the member names in its first KB."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    names = head
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            tail_len = min(size, 65536 + 22)
            fh.seek(size - tail_len)
            tail = fh.read(tail_len)
            end = tail.rfind(b"PK\x05\x06")
            if end >= 0 and end + 22 <= len(tail):
                length, offset = struct.unpack("<II", tail[end + 12 : end + 20])
                if length <= _MAX_DIRECTORY and offset + length <= size:
                    fh.seek(offset)
                    names = fh.read(length)
    except (OSError, struct.error):
        pass
    if b"word/document.xml" in names:
        return FORMATS.get("docx")
    if b"xl/workbook.xml" in names or b"xl/worksheets/" in names:
        return FORMATS.get("xlsx")
    return None


# --- the built-in formats ------------------------------------------------------------------------


def _load_pdf(path: Path) -> SourceText:
    from yusuan.read.formats.pdf import read_pdf

    return read_pdf(path)


def _load_docx(path: Path) -> SourceText:
    from yusuan.read.formats.docx import read_docx

    return read_docx(path)


def _load_xlsx(path: Path) -> SourceText:
    from yusuan.read.formats.xlsx import read_xlsx

    return read_xlsx(path)


def _load_xls(path: Path) -> SourceText:
    from yusuan.read.formats.xlsx import read_xls

    return read_xls(path)


def _load_html(path: Path) -> SourceText:
    from yusuan.read.formats.html import read_html

    return read_html(path)


def _load_text(path: Path) -> SourceText:
    """Extracted text (the seeds' PDF-text or DOCX-text layout, detected from the text)."""
    data = read_checked(path, MAX_TEXT_BYTES)
    binary = f"{path}：这是无法识别的二进制文件；可读取 PDF、DOCX、XLSX/XLS、HTML 或提取出的文本（.txt）"
    try:
        text = decode(data)
    except ValueError as exc:
        if b"\x00" in data[:SNIFF_BYTES]:
            raise ReadError(binary, code="read.unsupported") from exc
        raise ReadError(f"{path}：{exc}", code="read.undecodable") from exc
    if "\x00" in text:
        raise ReadError(binary, code="read.unsupported")
    if not text.strip():
        raise ReadError(f"{path}：文件是空的", code="read.empty")
    return split_lines(text)


def _is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head  # also after a few bytes of junk, as PDF readers allow


def _is_ole(head: bytes) -> bool:
    return head.startswith(b"\xd0\xcf\x11\xe0")


def _is_html(head: bytes) -> bool:
    return head.lstrip().lower().startswith((b"<!doctype html", b"<html"))


register(FileFormat("pdf", (".pdf",), _load_pdf, ("pdf",), sniff=_is_pdf))
# ZIP-based formats (DOCX, XLSX) are told apart by their suffix: no sniff.
register(FileFormat("docx", (".docx",), _load_docx, ("docx",), archive=True))
register(FileFormat("xlsx", (".xlsx", ".xlsm"), _load_xlsx, ("xlsx",), archive=True))
register(FileFormat("xls", (".xls",), _load_xls, ("xlsx",), sniff=_is_ole, archive=True))
register(FileFormat("html", (".html", ".htm"), _load_html, ("html",), sniff=_is_html))
register(FileFormat("text", (".txt",), _load_text, ("pdf-text", "docx-text"), joinable=False))
