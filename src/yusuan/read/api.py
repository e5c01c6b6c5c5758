"""Read a disclosure: bytes or text in, one :class:`~yusuan.model.Disclosure` out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from yusuan.domain.templates import HEBEI_2023, Template, recognise
from yusuan.model import AnyTable, Disclosure, Layout, Problem, ReadingReport
from yusuan.read import deadline
from yusuan.read.errors import ReadError, at_file, check_file
from yusuan.read.formats import FORMATS, FileFormat, format_for, misnamed
from yusuan.read.kind import decide
from yusuan.read.source import Block, CellRow, Para, SourceText, split_lines

__all__ = [
    "FILE_FORMATS",
    "READABLE_SUFFIXES",
    "ReadError",
    "load_source",
    "read",
    "read_package",
    "read_source",
    "read_text",
    "readable_suffixes",
]

#: The formats read, by name and suffix (see :mod:`yusuan.read.formats`).
FILE_FORMATS = FORMATS
#: The suffixes of the built-in formats (a batch picks these files from a folder).
READABLE_SUFFIXES = FORMATS.suffixes()


def readable_suffixes() -> tuple[str, ...]:
    """The suffixes of every registered format, registered later ones included."""
    return FORMATS.suffixes()


def read(path: str | Path) -> Disclosure:
    """Read one disclosure file: PDF, DOCX, XLSX/XLS, HTML, or extracted text (PDF-/DOCX-text).

    The format is chosen by the file's first bytes where they are telling, else by its suffix
    (see :func:`~yusuan.read.formats.format_for`): a DOCX named ``.pdf`` is read as a DOCX, and the
    reading report says so. A missing path, a folder, a FIFO or a device is refused before anything
    opens it; the whole reading is bounded in time (:mod:`yusuan.read.deadline`).
    """
    p = Path(path)
    with at_file(p), deadline.reading_deadline(p):
        fmt = _format(p)
        note = misnamed(p, fmt)
        try:
            d = read_source(fmt.load(p), p.name, path=str(p))
        except ReadError as exc:
            if note is None:
                raise
            # an HTML page saved as .pdf by a crawler: say what it was, with why it was not read
            raise ReadError(f"{exc.message}（{note}）", code=exc.code, location=exc.location) from exc
        if note is not None and d.reading is not None:
            d.reading.notes.insert(0, note)
        return d


def _format(path: Path) -> FileFormat:
    """The file's format, after checking (``stat``, before opening) that it is a regular file."""
    check_file(path)
    return format_for(path)


def read_package(paths: list[Path]) -> Disclosure:
    """Read several files of one package (情况说明 + 报表 …) as one disclosure.

    Only real files (PDF, DOCX, XLSX, HTML) can be joined: their blocks are read in the order
    given, each location naming its file. One file is simply :func:`read`.
    """
    if len(paths) == 1:
        return read(paths[0])
    blocks: list[Block] = []
    pages = 0
    layout: Layout | None = None
    problems: list[Problem] = []
    joined = " + ".join(str(f) for f in paths)
    with deadline.reading_deadline(joined):  # one bound for the whole package, its assembly included
        for p in paths:
            with at_file(p):
                fmt = _format(p)
            if not fmt.joinable:
                raise ReadError(
                    f"{p}：只能把 PDF、DOCX、XLSX、HTML 文件合并为一份公开文件，提取出的文本请分别读取",
                    code="read.package",
                )
            with at_file(p):
                src = fmt.load(p)
            problems.extend(_problem_in_file(q, p.name) for q in src.problems)
            layout = layout or src.layout
            pages += src.pages or 0
            blocks.extend(_in_file(b, p.name) for b in src.blocks())
        assert layout is not None
        merged = SourceText.from_blocks(layout, blocks, pages=pages or None, problems=problems)
        return read_source(merged, " + ".join(p.name for p in paths), path=joined)


def _problem_in_file(problem: Problem, name: str) -> Problem:
    """A reading problem of one file of a package, naming that file."""
    return problem.model_copy(update={"location": problem.location.model_copy(update={"file": name})})


def _in_file(block: Block, name: str) -> Block:
    if isinstance(block, Para):
        return Para(block.text, block.location.model_copy(update={"file": name}))
    cells = [replace(c, where=c.location.model_copy(update={"file": name})) for c in block.cells]
    return CellRow(cells, grid=None if block.grid is None else hash((name, block.grid)))


def load_source(path: Path) -> SourceText:
    """The located blocks of a file in any registered format, or a :class:`ReadError`."""
    return format_for(path).load(path)


def read_text(text: str, source: str = "<text>", layout: Layout | None = None) -> Disclosure:
    """Read a disclosure from its extracted text; the layout is detected unless given."""
    return read_source(split_lines(text, layout), source)


def read_source(src: SourceText, source: str, *, path: str | None = None) -> Disclosure:
    """Assemble the model from the located source lines: tables, header, sections, and the kind of
    document (:mod:`yusuan.read.kind`); a source with neither a budget table nor budget narrative raises
    a :class:`ReadError` ``read.not_budget`` naming ``path`` (else ``source``)."""
    # The table and section readers are imported on first use: the command line starts without them.
    from yusuan.read.sections.assets import read_assets
    from yusuan.read.sections.glossary import extract_glossary
    from yusuan.read.sections.header import extract_header
    from yusuan.read.sections.narrative import read_narrative
    from yusuan.read.sections.organisation import extract_organisation
    from yusuan.read.sections.performance import extract_performance
    from yusuan.read.sections.procurement import read_procurement
    from yusuan.read.sections.recognised import mark_section_tables
    from yusuan.read.tables.assemble import read_tables

    tables = read_tables(src)
    deadline.check()
    narrative, staffing = read_narrative(src)
    performance = extract_performance(src)
    assets, asset_ambiguities = read_assets(src)
    procurement, procurement_ambiguities = read_procurement(src)
    mark_section_tables(tables.report, performance, procurement)
    # The kind is decided before the disclosure is built: a file that is no budget disclosure stops here.
    # rows read, not a section found: a narrative's 政府采购 or 国有资产 paragraph sets ``present`` too
    other_tables = bool(performance or assets.rows or procurement.lines)
    name = path or source
    try:
        kind, content = decide(
            src, source, tables.tables, tables.report, narrative, other_tables=other_tables, name=name
        )
    except ReadError as exc:
        damage = [p.message.split("：", 1)[-1] for p in src.problems if p.code in DAMAGE_CODES]
        if exc.code == "read.not_budget" and damage:  # not "no budget": what held it may be lost
            message = f"{name}：读出的部分中没有预算表格，也没有预算数字，未作审核；{damage[0]}"
            raise ReadError(message, code="read.corrupt") from exc
        raise
    department, year, unit = extract_header(src)
    year = year or _titles_year(tables.tables)
    return Disclosure(
        source=source,
        layout=src.layout,
        kind=kind,
        content=content,
        department=department,
        year=year,
        unit=unit,
        tables=tables.tables,
        narrative=narrative,
        performance=performance,
        procurement=procurement,
        assets=assets,
        organisation=extract_organisation(src),
        staffing=staffing,
        glossary=extract_glossary(src),
        ambiguities=tables.ambiguities + asset_ambiguities + procurement_ambiguities,
        problems=src.problems + tables.problems,
        template=_template(src, tables.tables).id,
        reading=_damaged(tables.report, src.problems),
    )


#: Reading problems that mean the file itself was damaged: what was read may be only part of it.
DAMAGE_CODES = frozenset({"read.repaired", "read.pages_unreadable"})
#: The reading confidence of a damaged file is this share of what its tables' arithmetic says.
DAMAGED_CONFIDENCE = 0.5


def _damaged(report: ReadingReport | None, problems: list[Problem]) -> ReadingReport | None:
    """The reading report of a file the reader found damaged: every confidence lowered (by
    :data:`DAMAGED_CONFIDENCE`) and a note pointing at the reading problems, so that nothing reads a
    partial file as a sound one."""
    damage = [p for p in problems if p.code in DAMAGE_CODES]
    if report is None or not damage:
        return report
    tables = [t.model_copy(update={"confidence": round(t.confidence * DAMAGED_CONFIDENCE, 3)}) for t in report.tables]
    share = f"{DAMAGED_CONFIDENCE:.0%}"
    notes = [f"文件已损坏，读出的内容可能不完整（见读取问题），读取可信度按 {share} 计", *report.notes]
    confidence = round(report.confidence * DAMAGED_CONFIDENCE, 3)
    return report.model_copy(update={"tables": tables, "notes": notes, "confidence": confidence})


def _titles_year(tables: dict[str, AnyTable]) -> int | None:
    """The budget year the table titles name (2022年部门综合预算收支总表 …) when the header named none:
    the year most titles give."""
    years = Counter(int(m.group(1)) for t in tables.values() if (m := re.search(r"(20\d{2})\s*年", t.title or "")))
    return years.most_common(1)[0][0] if years else None


def _template(src: SourceText, tables: dict[str, AnyTable]) -> Template:
    """The Hebei 2023 template for the text layouts of the seeds and for a real file whose table heads
    end with its 栏次 row; else the template whose titles the tables follow (or the unknown one)."""
    from yusuan.read.tables.positional import hebei_grid

    if src.extracted or hebei_grid(src):
        return HEBEI_2023
    return recognise({table_id: t.title for table_id, t in tables.items()})
