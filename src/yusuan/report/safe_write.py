"""Writing an output file safely: never through a symbolic link, never half-written.

Every file yusuan writes for a user (reports, exports, compare outputs, published files, ``parse -o``
JSON) goes through this module:

- the content goes to a temporary file in the target's own folder and is renamed over the target
  (``os.replace``): a reader sees the old file or the new one, never a part; a failure leaves the
  old file as it was and no temporary file behind;
- a target the user named that is a symbolic link is refused (:class:`OutputError`, code
  ``output.symlink``): the link is not followed (that would overwrite whatever it points at) and not
  replaced (the user named the link, perhaps without knowing it is one). A file yusuan names inside
  an output folder (``replace_link=True``) is replaced by the rename: a link planted there is
  replaced itself, never followed;
- a name that would leave its folder (``../x``, an absolute path, a separator) is refused
  (:func:`child`);
- :func:`replaces` tells whether a write will replace an existing file, so the command line can say so.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from yusuan.errors import YusuanError

__all__ = ["OutputError", "atomic_open", "check_target", "child", "replaces", "write_bytes", "write_text"]


class OutputError(YusuanError):
    """An output that cannot or must not be written (a symbolic link, a name leaving its folder, a
    folder that is not yusuan's)."""

    default_code = "output.refused"


def check_target(target: Path, *, folder: bool = False) -> None:
    """Refuse a target that is a symbolic link, a folder where a file is wanted, or a file where a
    folder is wanted."""
    if target.is_symlink():
        what = "文件夹" if folder else "文件"
        raise OutputError(
            f"{target} 是符号链接，为安全起见不写入（不会覆盖链接指向的文件）；请指定一个普通的{what}路径",
            code="output.symlink",
        )
    if folder and target.exists() and not target.is_dir():
        raise OutputError(f"{target} 是一个文件，这里需要文件夹", code="output.not_folder")
    if not folder and target.is_dir():
        raise OutputError(f"{target} 是一个文件夹，这里需要文件名", code="output.is_folder")


def replaces(target: Path) -> bool:
    """Whether writing ``target`` replaces an existing file."""
    return target.is_file() and not target.is_symlink()


def child(folder: Path, name: str) -> Path:
    """``folder / name`` for a plain file name; a name with a separator, ``..`` or a drive is refused."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name or Path(name).is_absolute():
        raise OutputError(f"文件名“{name}”不能用作 {folder} 中的文件名", code="output.bad_name")
    return folder / name


def _failed(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"无法写入 {target}：{exc.strerror or exc}", code="output.write_failed")


@contextlib.contextmanager
def atomic_open(
    target: Path,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    replace_link: bool = False,
) -> Iterator[IO[Any]]:
    """A stream on a temporary file beside ``target``, renamed over it when the block ends without
    an error (removed otherwise). ``mode`` is ``"w"`` (text) or ``"wb"``. A target that is a
    symbolic link is refused, or with ``replace_link`` (a file yusuan names in an output folder)
    replaced by the new file."""
    if not (replace_link and target.is_symlink()):
        check_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _failed(target, exc) from None
    done = False
    try:
        binary = "b" in mode
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else encoding, newline=newline) as stream:
            yield stream
        _keep_mode(target, temporary)
        os.replace(temporary, target)
        done = True
    except OSError as exc:
        raise _failed(target, exc) from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _keep_mode(target: Path, temporary: str) -> None:
    """The new file gets the usual permissions (mkstemp makes it private): the old file's, or the
    default under the umask."""
    try:
        mode = target.stat().st_mode & 0o777 if replaces(target) else 0o666 & ~_umask()
        os.chmod(temporary, mode)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes(target: Path, data: bytes, *, replace_link: bool = False) -> Path:
    with atomic_open(target, "wb", replace_link=replace_link) as stream:
        stream.write(data)
    return target


def write_text(target: Path, text: str, encoding: str = "utf-8", *, replace_link: bool = False) -> Path:
    with atomic_open(target, "w", encoding=encoding, replace_link=replace_link) as stream:
        stream.write(text)
    return target
