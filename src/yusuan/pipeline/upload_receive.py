"""Receiving an upload: each file (or each member of a zip) copied into the blob store, within bounds.

What the web hands over is a list of :class:`Incoming` (the name the browser sent and a binary
stream). Each is kept by the SHA-256 of its bytes (:class:`~yusuan.store.uploads.BlobStore`); the
name is only shown, never used as a path. A ``.zip`` is a package or a folder: it is spooled to a
temporary file (random name) and its members are taken one by one, never extracted by name — a
member called ``../../x.pdf`` is kept by its hash like any other, its name shown as ``x.pdf`` in
the folder ``../..``. The bounds (:class:`UploadLimits`):

* at most ``max_files`` files in one upload (a zip's members counted), each at most
  ``max_file_bytes``, all together at most ``max_total_bytes``; a zip at most ``max_total_bytes``;
* a zip member declaring more than the reader's zip bounds allow (:mod:`yusuan.read.formats.zipguard`:
  more than :data:`~yusuan.read.formats.zipguard.MAX_MEMBERS` members; a member over
  :data:`~yusuan.read.formats.zipguard.RATIO_FLOOR_BYTES` compressed more than
  :data:`~yusuan.read.formats.zipguard.MAX_RATIO` times) is refused as a zip bomb, and a member whose
  data run past its declared size is stopped there;
* only the formats the reader takes (PDF, DOCX, XLSX/XLS, HTML, TXT); a zip inside a zip, an
  encrypted member, an empty file are refused with the reason.

A refused file becomes a failed file of the job with its Chinese message; the others go on.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from yusuan.read.formats.zipguard import MAX_MEMBERS, MAX_RATIO, RATIO_FLOOR_BYTES
from yusuan.store.uploads import CHUNK, BlobStore, Received, TooLarge, UploadError

_MB = 1024 * 1024
#: The suffixes an upload may have: the formats the reader takes, and a zip of them.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xlsm", ".xls", ".html", ".htm", ".txt")
ZIP_SUFFIX = ".zip"
#: Members of a zip that are not documents of it: macOS resource forks, hidden and Office lock files.
_IGNORED_PREFIXES = ("__MACOSX/",)
_IGNORED_LEAVES = (".", "~$")
#: Files operating systems leave in folders.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class UploadLimits:
    """The bounds of one upload."""

    max_files: int = 200
    max_file_bytes: int = 100 * _MB
    max_total_bytes: int = 500 * _MB


@dataclass(frozen=True)
class Incoming:
    """One file as the browser sent it: its name (as typed, never trusted) and its bytes."""

    name: str
    stream: IO[bytes]


def leaf(name: str) -> str:
    """The last part of a name sent by a browser or stored in a zip (either separator), NFC, without
    control characters; "" when nothing is left."""
    last = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    text = unicodedata.normalize("NFC", last)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()


def size_text(n: int) -> str:
    """A size in MB, or in KB below one MB."""
    return f"{n // _MB} MB" if n >= _MB else f"{max(n // 1024, 1)} KB"


def _folder(name: str) -> str:
    parts = name.replace("\\", "/").rstrip("/").split("/")
    return "/".join(parts[:-1])


def suffix_of(name: str) -> str:
    return PurePosixPath(leaf(name)).suffix.lower()


class _Budget:
    """What is left of the upload's bounds as files are received."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.files = 0
        self.bytes = 0

    def refuse(self, name: str) -> str | None:
        """Why one more file cannot be taken, or None (and then it is counted)."""
        if self.files >= self.limits.max_files:
            return f"{name}：超过单次上传的文件数上限 {self.limits.max_files} 个，未接收"
        self.files += 1
        return None

    def left(self) -> int:
        return min(self.limits.max_file_bytes, self.limits.max_total_bytes - self.bytes)

    def too_large(self, name: str) -> str:
        if self.limits.max_total_bytes - self.bytes < self.limits.max_file_bytes:
            return f"{name}：本次上传的文件总大小超过上限 {size_text(self.limits.max_total_bytes)}，未接收"
        return f"{name}：文件过大（上限 {size_text(self.limits.max_file_bytes)}），未接收"


def receive(blobs: BlobStore, items: Iterable[Incoming], limits: UploadLimits) -> list[Received]:
    """Keep every file of an upload (a zip's members one by one); each file's outcome, in order."""
    budget = _Budget(limits)
    out: list[Received] = []
    for n, item in enumerate(items, start=1):
        name = leaf(item.name) or f"第 {n} 个文件"
        suffix = suffix_of(name)
        if suffix == ZIP_SUFFIX:
            out.extend(_zip(blobs, item.stream, name, budget))
            continue
        folder = _folder(item.name)  # a folder chosen in the browser sends 样本县2023/情况说明.pdf
        if folder and not _wanted_name(item.name):
            continue  # a hidden, lock or system file of the folder
        refused = budget.refuse(name)
        if refused is None and suffix not in DOCUMENT_SUFFIXES:
            refused = _unsupported(name)
        out.append(_keep(blobs, item.stream, name, folder, budget, refused))
    return out


def _unsupported(name: str) -> str:
    return f"{name}：不支持的文件类型（可上传 PDF、DOCX、XLSX、XLS、HTML、TXT 或它们的 zip 压缩包），未接收"


def _keep(
    blobs: BlobStore, stream: IO[bytes], name: str, folder: str, budget: _Budget, refused: str | None
) -> Received:
    if refused is not None:
        return Received(name, folder, None, 0, refused)
    try:
        sha, size = blobs.put(stream, budget.left())
    except TooLarge:
        return Received(name, folder, None, 0, budget.too_large(name))
    except UploadError as exc:  # empty
        return Received(name, folder, None, 0, f"{name}：{exc.message}，未接收")
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        return Received(name, folder, None, 0, f"{name}：{_damaged(exc)}，未接收")
    budget.bytes += size
    return Received(name, folder, sha, size)


def _damaged(exc: BaseException) -> str:
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return "压缩包中的数据已损坏或不完整"
    return f"接收时出错（{getattr(exc, 'strerror', None) or type(exc).__name__}）"


@contextlib.contextmanager
def _spooled(blobs: BlobStore, stream: IO[bytes], limit: int) -> Iterator[Path | None]:
    """The stream in a temporary file (random name) while the block runs; None when it is larger than ``limit``."""
    blobs.incoming.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix="zip-", suffix=".part", dir=blobs.incoming)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    break
                out.write(chunk)
        yield Path(temporary) if size <= limit else None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its creator wrote it: zips made on Chinese Windows store GBK bytes without
    the UTF-8 flag, which :mod:`zipfile` decodes as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _zip(blobs: BlobStore, stream: IO[bytes], name: str, budget: _Budget) -> list[Received]:
    try:
        return _unzip(blobs, stream, name, budget)
    except OSError as exc:  # the disk is full, the root cannot be written
        return [Received(name, "", None, 0, f"{name}：{_damaged(exc)}，未接收")]


def _unzip(blobs: BlobStore, stream: IO[bytes], name: str, budget: _Budget) -> list[Received]:
    with _spooled(blobs, stream, budget.limits.max_total_bytes) as spooled:
        if spooled is None:
            limit = size_text(budget.limits.max_total_bytes)
            return [Received(name, "", None, 0, f"{name}：压缩包过大（上限 {limit}），未接收")]
        try:
            with zipfile.ZipFile(spooled) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_MEMBERS:
                    message = f"{name}：压缩包内有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS}，未接收"
                    return [Received(name, "", None, 0, message)]
                wanted = [info for info in infos if _wanted(info)]
                room = max(budget.limits.max_files - budget.files, 0)
                out = [_member(blobs, archive, info, name, budget) for info in wanted[: room + 1]]
                if len(wanted) > room + 1:  # one row for the rest, not one per member
                    out[-1] = Received(
                        name,
                        "",
                        None,
                        0,
                        f"{name}：压缩包中还有 {len(wanted) - room} 个文件超过单次上传的文件数上限 "
                        f"{budget.limits.max_files} 个，未接收",
                    )
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return [Received(name, "", None, 0, f"{name}：不是有效的 zip 压缩包（已损坏或不完整），未接收")]
    if not out:
        return [Received(name, "", None, 0, f"{name}：压缩包中没有文件，未接收")]
    return out


def _wanted(info: zipfile.ZipInfo) -> bool:
    """Whether a member is a file of the package (not a folder entry, a resource fork, a hidden, lock
    or system file)."""
    return not info.is_dir() and _wanted_name(member_name(info))


def _wanted_name(name: str) -> bool:
    """Whether a file of a zip or of a folder, by its path, is a file of the package (not a resource fork, a
    hidden, lock or system file)."""
    text = name.replace("\\", "/")
    last = leaf(text)
    return (
        bool(last)
        and not text.startswith(_IGNORED_PREFIXES)
        and not last.startswith(_IGNORED_LEAVES)
        and last.lower() not in _SYSTEM_FILES
    )


def _member(
    blobs: BlobStore, archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, budget: _Budget
) -> Received:
    full = member_name(info)
    name, folder = leaf(full), "/".join(p for p in (zip_name, _folder(full)) if p)
    refused = budget.refuse(name)
    if refused is None:
        refused = _member_refused(info, name, budget)
    if refused is not None:
        return Received(name, folder, None, 0, refused)
    try:
        with archive.open(info) as member:
            return _keep(blobs, member, name, folder, budget, None)
    except (RuntimeError, NotImplementedError):  # encrypted, or a compression method zipfile lacks
        return Received(name, folder, None, 0, f"{name}：压缩包中的这个文件已加密或压缩方式不受支持，未接收")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        return Received(name, folder, None, 0, f"{name}：{_damaged(exc)}，未接收")


def _member_refused(info: zipfile.ZipInfo, name: str, budget: _Budget) -> str | None:
    suffix = suffix_of(name)
    if suffix == ZIP_SUFFIX:
        return f"{name}：压缩包中的压缩包不展开，请解压后再上传，未接收"
    if suffix not in DOCUMENT_SUFFIXES:
        return _unsupported(name)
    if info.flag_bits & 0x1:
        return f"{name}：压缩包中的这个文件已加密（设有密码），未接收"
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        return f"{name}：压缩比为 {ratio}:1，超过上限 {MAX_RATIO}:1（疑似“压缩炸弹”），未接收"
    if info.file_size > budget.left():
        return budget.too_large(name)
    return None
