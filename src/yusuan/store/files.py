"""The files an ingest stores, checked before a byte is read (issue 13).

A file is stat'ed first: a folder, a FIFO, a device or a socket is refused without being opened (a
FIFO would block forever); an empty file, and one over the byte bound of the reader of its format
(:func:`size_bound`), are refused before it is read. It is then hashed in chunks of :data:`CHUNK`
bytes: memory stays flat whatever the file's size (a 900 MB PDF took 1 GB to hash before).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from yusuan.read.errors import ReadError

#: The largest file stored, for formats whose reader sets no byte bound of its own (PDF: pages).
MAX_SOURCE_BYTES = 512 * 1024 * 1024
#: Bytes hashed at a time.
CHUNK = 1024 * 1024
_MB = 1024 * 1024


def size_bound(path: Path) -> int:
    """The largest file the reader of ``path``'s format takes (:data:`MAX_SOURCE_BYTES` for the
    formats without a byte bound of their own). Call only on a regular file: the format is sniffed."""
    from yusuan.read.formats import MAX_TEXT_BYTES, format_for

    fmt = format_for(path)
    if fmt.archive:
        from yusuan.read.formats.zipguard import MAX_FILE_BYTES

        return MAX_FILE_BYTES
    if fmt.name == "html":
        from yusuan.read.formats.html import MAX_HTML_BYTES

        return MAX_HTML_BYTES
    if fmt.name == "text":
        return MAX_TEXT_BYTES
    return MAX_SOURCE_BYTES


def checked_size(path: Path) -> int:
    """The size of ``path`` after checking, without opening it, that it is a non-empty regular file
    (not a folder, a FIFO, a device) within :func:`size_bound`; a ReadError that says why otherwise."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise ReadError(f"{path}：文件不存在", code="read.not_found") from exc
    except PermissionError as exc:
        raise ReadError(f"{path}：没有读取权限", code="read.permission") from exc
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror or exc}）", code="read.os_error") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"{path}：这是一个文件夹，不是文件", code="read.is_directory")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{path}：不是普通文件（管道、设备或套接字），未读取", code="read.not_regular")
    if info.st_size == 0:
        raise ReadError(f"{path}：文件是空的", code="read.empty")
    # Over MAX_SOURCE_BYTES no reader takes it: refused before the format is sniffed.
    bound = MAX_SOURCE_BYTES if info.st_size > MAX_SOURCE_BYTES else size_bound(path)
    if info.st_size > bound:
        size, limit = info.st_size // _MB, bound // _MB
        raise ReadError(f"{path}：文件过大（{size} MB，上限 {limit} MB），未读取", code="read.too_large")
    return info.st_size


def hash_file(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file :func:`checked_size` accepts, read in chunks."""
    size = checked_size(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror or exc}）", code="read.os_error") from exc
    return digest.hexdigest(), size
