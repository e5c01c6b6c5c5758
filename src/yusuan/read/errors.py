"""The error every reader raises for a file it cannot read."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file that cannot be read; the message is Chinese and names the file and the problem
    (with the page, sheet or line where it applies)."""


_MB = 1024 * 1024


def read_checked(path: Path, limit: int, *, what: str = "文件", size: int | None = None) -> bytes:
    """The bytes of ``path`` (only the first ``size`` when given), after checking it is a readable,
    non-empty file no larger than ``limit`` bytes; otherwise a :class:`ReadError` that says why."""
    try:
        if path.is_dir():
            raise ReadError(f"{path}：这是一个文件夹，不是文件")
        length = path.stat().st_size
        if length == 0:
            raise ReadError(f"{path}：文件是空的")
        if length > limit:
            raise ReadError(f"{path}：{what}过大（{length // _MB} MB，上限 {limit // _MB} MB）")
        with path.open("rb") as fh:
            return fh.read() if size is None else fh.read(size)
    except FileNotFoundError as exc:
        raise ReadError(f"{path}：文件不存在") from exc
    except PermissionError as exc:
        raise ReadError(f"{path}：没有读取权限") from exc
    except OSError as exc:
        raise ReadError(f"{path}：无法读取（{exc.strerror}）") from exc
