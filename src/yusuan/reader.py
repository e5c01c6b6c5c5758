"""Read a disclosure: bytes or text in, one :class:`~yusuan.model.Disclosure` out."""

from __future__ import annotations

from pathlib import Path

from yusuan.model import Disclosure, Layout
from yusuan.readers.source import SourceText, split_lines
from yusuan.readers.tables import read_tables
from yusuan.sections.assets import read_assets
from yusuan.sections.glossary import extract_glossary
from yusuan.sections.header import extract_header
from yusuan.sections.narrative import extract_narrative, extract_staffing
from yusuan.sections.organisation import extract_organisation
from yusuan.sections.performance import extract_performance
from yusuan.sections.procurement import read_procurement
from yusuan.text import decode

#: Files larger than this are refused: no text disclosure comes near it.
MAX_BYTES = 64 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot be read; the message is Chinese and names the file and the problem."""


def read(path: str | Path) -> Disclosure:
    """Read one disclosure file (the seed text layouts: PDF-text or DOCX-text, UTF-8/BOM/GB18030)."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ReadError(f"{p}：文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），不像是预算公开文本")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(f"{p}：文件不存在") from exc
    except IsADirectoryError as exc:
        raise ReadError(f"{p}：这是一个文件夹，不是文件") from exc
    except PermissionError as exc:
        raise ReadError(f"{p}：没有读取权限") from exc
    except OSError as exc:
        raise ReadError(f"{p}：无法读取（{exc.strerror}）") from exc
    try:
        text = decode(data)
    except ValueError as exc:
        raise ReadError(f"{p}：{exc}") from exc
    if "\x00" in text:
        raise ReadError(f"{p}：这是二进制文件，不是文本；目前只能读取从 PDF 或 DOCX 提取的文本")
    if not text.strip():
        raise ReadError(f"{p}：文件是空的")
    return read_text(text, source=p.name)


def read_text(text: str, source: str = "<text>", layout: Layout | None = None) -> Disclosure:
    """Read a disclosure from its extracted text; the layout is detected unless given."""
    return read_source(split_lines(text, layout), source)


def read_source(src: SourceText, source: str) -> Disclosure:
    """Assemble the model from the located source lines: tables, header, sections."""
    tables = read_tables(src)
    department, year, unit = extract_header(src)
    assets, asset_ambiguities = read_assets(src)
    procurement, procurement_ambiguities = read_procurement(src)
    return Disclosure(
        source=source,
        layout=src.layout,
        department=department,
        year=year,
        unit=unit,
        tables=tables.tables,
        narrative=extract_narrative(src),
        performance=extract_performance(src),
        procurement=procurement,
        assets=assets,
        organisation=extract_organisation(src),
        staffing=extract_staffing(src),
        glossary=extract_glossary(src),
        ambiguities=tables.ambiguities + asset_ambiguities + procurement_ambiguities,
        problems=tables.problems,
    )
