"""Read a disclosure: bytes or text in, one :class:`~yusuan.model.Disclosure` out."""

from __future__ import annotations

from pathlib import Path

from yusuan.model import Disclosure, Layout
from yusuan.readers.source import SourceText, split_lines
from yusuan.readers.tables import read_tables
from yusuan.text import decode


class ReadError(Exception):
    """A file that cannot be read; the message is Chinese and names the file and the problem."""


def read(path: str | Path) -> Disclosure:
    """Read one disclosure file (the seed text layouts: PDF-text or DOCX-text, UTF-8/BOM/GB18030)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(f"{p}：文件不存在") from exc
    except IsADirectoryError as exc:
        raise ReadError(f"{p}：这是一个文件夹，不是文件") from exc
    except OSError as exc:
        raise ReadError(f"{p}：无法读取（{exc.strerror}）") from exc
    try:
        text = decode(data)
    except ValueError as exc:
        raise ReadError(f"{p}：{exc}") from exc
    if "\x00" in text:
        raise ReadError(f"{p}：这是二进制文件，不是文本；目前只能读取从 PDF 或 DOCX 提取的文本")
    return read_text(text, source=p.name)


def read_text(text: str, source: str = "<text>", layout: Layout | None = None) -> Disclosure:
    """Read a disclosure from its extracted text; the layout is detected unless given."""
    src = split_lines(text, layout)
    return read_source(src, source)


def read_source(src: SourceText, source: str) -> Disclosure:
    tables = read_tables(src)
    return Disclosure(
        source=source,
        layout=src.layout,
        tables=tables.tables,
        ambiguities=tables.ambiguities,
        problems=tables.problems,
    )
