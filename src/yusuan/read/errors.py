"""The error every reader raises for a file it cannot read."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yusuan.errors import Location, YusuanError

__all__ = ["Location", "ReadError", "at_file", "check_file", "read_checked"]


class ReadError(YusuanError):
    """A file that cannot be read; the message is Chinese and names the file and the problem
    (with the page, sheet or line where it applies).

    Codes (``code``): ``read.not_found``, ``read.is_directory``, ``read.permission``, ``read.os_error``,
    ``read.empty``, ``read.too_large`` (file, pages, cells, members: a limit exceeded),
    ``read.not_regular`` (a FIFO, device or socket: refused before it is opened), ``read.encrypted``,
    ``read.corrupt``, ``read.repaired`` (a reading problem, not an error: a damaged PDF that was
    repaired and read in part), ``read.wrong_format`` (the bytes are another format than the
    suffix says), ``read.unsupported`` (a format yusuan does not read), ``read.no_text`` (a scan, an
    empty page), ``read.undecodable`` (text or a font that cannot be decoded), ``read.zip_bomb``,
    ``read.not_budget`` (readable, but not a budget disclosure), ``read.package`` (files that cannot
    be joined); ``read.unreadable`` when nothing more precise applies."""

    default_code = "read.unreadable"


_MB = 1024 * 1024


def check_file(path: Path) -> int:
    """The size of ``path`` after checking, with ``stat`` and before anything opens it, that it is a
    regular file: a missing path, a folder, a FIFO, a device or a socket is a :class:`ReadError` (a FIFO
    is never opened: opening one blocks until something writes to it)."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise ReadError(f"{path}：文件不存在", code="read.not_found", location=_at(path)) from exc
    except PermissionError as exc:
        raise ReadError(f"{path}：没有读取权限", code="read.permission", location=_at(path)) from exc
    except (OSError, ValueError) as exc:  # a name too long, a loop of links, a NUL in the name
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise ReadError(f"{path}：无法读取（{reason}）", code="read.os_error", location=_at(path)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(f"{path}：这是一个文件夹，不是文件", code="read.is_directory", location=_at(path))
    if not stat.S_ISREG(st.st_mode):
        kind = "设备文件"
        if stat.S_ISFIFO(st.st_mode):
            kind = "命名管道（FIFO）"
        elif stat.S_ISSOCK(st.st_mode):
            kind = "套接字"
        raise ReadError(f"{path}：这是{kind}，不是普通文件，拒绝读取", code="read.not_regular", location=_at(path))
    return st.st_size


def read_checked(path: Path, limit: int, *, what: str = "文件", size: int | None = None) -> bytes:
    """The bytes of ``path`` (only the first ``size`` when given), after checking it is a readable,
    non-empty regular file no larger than ``limit`` bytes; otherwise a :class:`ReadError` that says why."""
    try:
        length = check_file(path)
        if length == 0:
            raise ReadError(f"{path}：文件是空的", code="read.empty", location=_at(path))
        if length > limit:
            message = f"{path}：{what}过大（{length // _MB} MB，上限 {limit // _MB} MB）"
            raise ReadError(message, code="read.too_large", location=_at(path))
        with path.open("rb") as fh:
            return fh.read() if size is None else fh.read(size)
    except FileNotFoundError as exc:
        raise ReadError(f"{path}：文件不存在", code="read.not_found", location=_at(path)) from exc
    except PermissionError as exc:
        raise ReadError(f"{path}：没有读取权限", code="read.permission", location=_at(path)) from exc
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）", code="read.os_error", location=_at(path)) from exc


def _at(path: Path) -> Location:
    return Location(file=str(path))


@contextmanager
def at_file(path: Path) -> Iterator[None]:
    """Give a :class:`YusuanError` raised inside the block the file as its location, when it has none."""
    try:
        yield
    except YusuanError as exc:
        if exc.location is None:
            exc.location = _at(path)
        raise
