"""The error every reader raises for a file it cannot read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from yusuan.errors import Location, YusuanError

__all__ = ["Location", "ReadError", "at_file", "read_checked"]


class ReadError(YusuanError):
    """A file that cannot be read; the message is Chinese and names the file and the problem
    (with the page, sheet or line where it applies).

    Codes (``code``): ``read.not_found``, ``read.is_directory``, ``read.permission``, ``read.os_error``,
    ``read.empty``, ``read.too_large`` (file, pages, cells, members: a limit exceeded),
    ``read.encrypted``, ``read.corrupt``, ``read.wrong_format`` (the bytes are another format than the
    suffix says), ``read.unsupported`` (a format yusuan does not read), ``read.no_text`` (a scan, an
    empty page), ``read.undecodable`` (text or a font that cannot be decoded), ``read.zip_bomb``,
    ``read.not_budget`` (readable, but not a budget disclosure), ``read.package`` (files that cannot
    be joined); ``read.unreadable`` when nothing more precise applies."""

    default_code = "read.unreadable"


_MB = 1024 * 1024


def read_checked(path: Path, limit: int, *, what: str = "文件", size: int | None = None) -> bytes:
    """The bytes of ``path`` (only the first ``size`` when given), after checking it is a readable,
    non-empty file no larger than ``limit`` bytes; otherwise a :class:`ReadError` that says why."""
    try:
        if path.is_dir():
            raise ReadError(f"{path}：这是一个文件夹，不是文件", code="read.is_directory", location=_at(path))
        length = path.stat().st_size
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
