"""Opening a PDF with PyMuPDF, every call guarded: the checks before it opens (a regular file, its
size, a PDF header — else what the file really is), the checks after (encrypted, no pages, too many
pages, repaired), and the reading problems of a damaged file.

A file PyMuPDF had to repair (a truncated download, a broken cross-reference table: MuPDF rebuilds
the table by scanning the file) is read, and :func:`damage` adds the :data:`REPAIRED` problem to
the disclosure — with the pages that came out blank, which a truncated file loses — so that the
review reports it and the store never makes such a reading current silently. Pages PyMuPDF cannot
parse at all are left out with a :data:`PAGES_UNREADABLE` problem; when every page fails, or a
repaired file has no page left, the file is a :class:`ReadError` ``read.corrupt``.
"""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path
from typing import Any

from yusuan.model import Location, Problem
from yusuan.read.errors import ReadError, check_file

__all__ = [
    "MAX_PAGES",
    "MAX_PDF_BYTES",
    "PAGES_UNREADABLE",
    "REPAIRED",
    "close",
    "damage",
    "open_pdf",
    "pymupdf_module",
]

#: Larger files are refused before they are opened: the largest real package we know is a few MB.
MAX_PDF_BYTES = 256 * 1024 * 1024
#: Longer documents are refused: the largest real package we know has a few hundred pages.
MAX_PAGES = 2000
#: The reading problem of a damaged PDF that PyMuPDF repaired: read, but perhaps only in part.
REPAIRED = "read.repaired"
#: The reading problem of pages that could not be parsed (the rest of the file was read).
PAGES_UNREADABLE = "read.pages_unreadable"


def pymupdf_module() -> Any:
    pymupdf: Any = importlib.import_module("pymupdf")  # untyped; imported on first use (start-up time)
    tools = pymupdf.TOOLS
    if not getattr(tools, "_yusuan_quiet", False):  # MuPDF's own messages would go to stderr
        tools.mupdf_display_errors(False)
        tools.mupdf_display_warnings(False)
        tools._yusuan_quiet = True
    return pymupdf


def open_pdf(path: Path) -> tuple[Any, int, str | None]:
    """The open document, its page count and, for a damaged file PyMuPDF repaired, what was wrong
    (else None). Every PyMuPDF call here is guarded: its failures are :class:`ReadError`."""
    size = check_file(path)  # missing, a folder, a FIFO: refused before anything opens it
    if size == 0:
        raise ReadError(f"{path}：文件是空的", code="read.empty")
    if size > MAX_PDF_BYTES:
        message = f"{path}：PDF 文件过大（{size >> 20} MB，上限 {MAX_PDF_BYTES >> 20} MB），拒绝读取"
        raise ReadError(message, code="read.too_large")
    _check_header(path)
    pymupdf = pymupdf_module()
    doc: Any = None
    repaired = False
    try:
        pymupdf.TOOLS.reset_mupdf_warnings()
        doc = pymupdf.open(path, filetype="pdf")
        repaired = bool(getattr(doc, "is_repaired", False))
        locked = bool(doc.needs_pass)
        count = -1 if locked else int(doc.page_count)
    except Exception as exc:  # PyMuPDF raises its own FileDataError / RuntimeError variants
        close(doc)
        if not path.exists():  # PyMuPDF's own FileNotFoundError is not the builtin one
            raise ReadError(f"{path}：文件不存在", code="read.not_found") from exc
        if repaired:  # opened by repairing it, then no page tree could be made of what is left
            said = _repair_reason(pymupdf)
            message = f"{path}：PDF 文件已损坏或不完整（{said}，可能下载中断），修复后也找不到任何页面，无法读取"
            raise ReadError(message, code="read.corrupt") from exc
        raise ReadError(f"{path}：不是有效的 PDF 文件，或文件已损坏（{_reason(exc)}）", code="read.corrupt") from exc
    why = _repair_reason(pymupdf) if repaired else None
    if locked:
        close(doc)
        raise ReadError(f"{path}：PDF 已加密（需要密码），无法读取；请提供未加密的文件", code="read.encrypted")
    if count == 0:
        close(doc)
        if why is not None:
            raise ReadError(
                f"{path}：PDF 文件已损坏或不完整（{why}，可能下载中断），修复后也找不到任何页面，无法读取",
                code="read.corrupt",
            )
        raise ReadError(f"{path}：PDF 没有页面", code="read.no_text")
    if count > MAX_PAGES:
        close(doc)
        raise ReadError(
            f"{path}：PDF 共 {count} 页，超过上限 {MAX_PAGES} 页，不像是一份部门预算公开文件",
            code="read.too_large",
        )
    return doc, count, why


def _check_header(path: Path) -> None:
    """A file without ``%PDF-`` in its first KB is no PDF: say what it seems to be instead."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）", code="read.os_error") from exc
    if b"%PDF-" in head:
        return
    if head.startswith(b"PK\x03\x04"):
        what = "ZIP 压缩包（可能是损坏的 DOCX 或 XLSX）"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        what = "旧版 Office（OLE）文件"
    elif b"<html" in head.lower() or head.lstrip().lower().startswith(b"<!doctype"):
        what = "HTML 网页"
    elif b"\x00" not in head and _decodes(head):
        what = "纯文本文件（提取出的文本请用 .txt 扩展名）"
    else:
        raise ReadError(f"{path}：不是有效的 PDF 文件（文件开头没有 PDF 标记），或文件已损坏", code="read.corrupt")
    raise ReadError(f"{path}：这其实是{what}，不是 PDF 文件", code="read.wrong_format")


def _decodes(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:
                return True
    return False


def _repair_reason(pymupdf: Any) -> str:
    """What MuPDF said it repaired, in Chinese (its warnings name the damage in English)."""
    try:
        said = str(pymupdf.TOOLS.mupdf_warnings()).lower()
    except Exception:
        said = ""
    if "startxref" in said or "xref" in said:
        return "文件结尾或交叉引用表（xref）缺失、损坏"
    if "trailer" in said:
        return "文件尾（trailer）损坏"
    return "文件结构损坏"


def close(doc: Any) -> None:
    if doc is not None:
        with contextlib.suppress(Exception):
            doc.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:120]


def _pages_text(pages: list[int]) -> str:
    shown = "、".join(str(n) for n in pages[:8])
    return f"第 {shown} 页" + (f"等 {len(pages)} 页" if len(pages) > 8 else "")


def damage(
    path: Path, count: int, unreadable: list[int], blank: list[int], repaired: str | None, problems: list[Problem]
) -> None:
    """The reading problems of a damaged file (every page unreadable: a :class:`ReadError`)."""
    if unreadable and len(unreadable) == count:
        raise ReadError(f"{path}：PDF 的 {count} 页都无法解析，文件已损坏", code="read.corrupt")
    if repaired is not None:
        lost = f"{_pages_text(blank)}没有内容，可能已丢失；" if blank else ""
        problems.append(
            Problem(
                code=REPAIRED,
                message=f"{path.name}：PDF 文件已损坏（{repaired}，可能下载中断），已尽量修复后读取；"
                f"{lost}读出的内容可能不完整，请核对原件或重新下载",
                location=Location(file=path.name, page=blank[0] if blank else None),
            )
        )
    if unreadable:
        problems.append(
            Problem(
                code=PAGES_UNREADABLE,
                message=f"{path.name}：{_pages_text(unreadable)}无法解析（文件可能已损坏），这些页的内容未读取",
                location=Location(file=path.name, page=unreadable[0]),
            )
        )
