"""Multi-file packages: the narrative and the tables published as separate files.

Many departments publish a disclosure as two or more files — 情况说明 + 报表, 附件1 + 附件2,
公开文件 + 公开表. Files in one folder whose names differ only by such a part word (and by the
separators around it) are grouped into one package: ``北京市司法局-情况说明.pdf`` and
``北京市司法局-报表.pdf`` share the key ``北京市司法局``. Each group is read as one disclosure
(:func:`yusuan.read.api.read_package`). To override: ``--separate`` reads every file on its own;
``--as-one`` reads all the files named on the command line as one disclosure.

Within a folder, files the names do not group are also grouped by content (:func:`group_by_content`):
a file whose first pages are a narrative (情况说明, no table title) and one whose first pages are tables,
with the same department and budget year on their first pages, are one package (附件1.pdf + 附件2.pdf).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from yusuan.domain.headings import classify_title
from yusuan.model import Location
from yusuan.read.source import Para, SourceText

#: Words that name a part of a package rather than the department or year.
_PART_RE = re.compile(
    r"(附件\s*\d*|情况说明|预算说明|编制说明|文字说明|文字部分|表格部分|说明|报表|公开表|表格|预算表|批复公开表|公开文件)"
)
_SEPARATORS = " -_—－·.、：:（）()[]【】"


def package_key(path: Path) -> str:
    """The name shared by the files of one package: the stem without its part words."""
    stem = _PART_RE.sub("", path.stem)
    return stem.strip(_SEPARATORS) or path.stem


def group_files(files: list[Path]) -> list[list[Path]]:
    """Files grouped into packages: same folder, same key. Order follows the first file of each.

    Files that share their whole stem (``X.pdf`` and ``X.xlsx``) are the same part in two formats, not
    two parts: a group whose stems repeat is read file by file. Extracted text (``.txt``) is never
    grouped: ``X-报表.pdf`` and ``X-情况说明.txt`` are two documents, not a package that cannot be read."""
    from yusuan.read.formats import format_for

    groups: dict[tuple[Path, str], list[Path]] = {}
    for f in files:
        # extracted text is read on its own (it cannot be joined): never a part of a package
        key = package_key(f) if format_for(f).joinable else f"\0{f.name}"
        groups.setdefault((f.parent, key), []).append(f)
    out: list[list[Path]] = []
    for group in groups.values():
        stems = [f.stem for f in group]
        out.extend([group] if len(set(stems)) == len(stems) else [[f] for f in group])
    return out


@dataclass(frozen=True)
class Cover:
    """What the first pages of a file say: the department, the year, and whether they open a narrative
    (a 说明 title, no table title) or tables (a table title)."""

    department: str | None
    year: int | None
    narrative: bool
    tables: bool


def cover_of(lines: list[str]) -> Cover | None:
    """The cover of a file from its first pages' text lines (None when there are none)."""
    if not lines:
        return None
    from yusuan.read.sections.header import extract_header  # the header vocabulary, not the packages'

    src = SourceText.from_blocks("pdf", [Para(t, Location(page=1, line=n + 1)) for n, t in enumerate(lines)])
    department, year, _ = extract_header(src)
    squashed = [re.sub(r"\s+", "", t) for t in lines]
    tables = any(classify_title(t) is not None for t in squashed)
    narrative = not tables and any("说明" in t for t in squashed)
    return Cover(department.name, year, narrative, tables)


def group_by_content(groups: list[list[Path]], covers: dict[Path, Cover | None]) -> list[list[Path]]:
    """Single files of one folder merged into packages by content: one narrative and one or more table
    files with the same department and year on their first pages (a table file that names no department,
    and the only narrative of its folder and year, joins that narrative). Anything unsure stays apart."""
    out = [g for g in groups if len(g) > 1]
    singles = [g[0] for g in groups if len(g) == 1]
    used: set[Path] = set()
    for f in singles:
        cover = covers.get(f)
        if f in used or cover is None or not cover.narrative or not cover.department:
            continue
        peers = [g for g in singles if g.parent == f.parent and g not in used and g != f]
        narratives = [g for g in peers if (c := covers.get(g)) is not None and c.narrative and c.year == cover.year]
        tables = [
            g
            for g in peers
            if (c := covers.get(g)) is not None
            and c.tables
            and c.year in (cover.year, None)
            and (c.department == cover.department or (c.department is None and not narratives))
        ]
        if len(tables) == 1:
            out.append([f, *tables])
            used.update([f, *tables])
    out += [[f] for f in singles if f not in used]
    order = {f: n for n, g in enumerate(groups) for f in g}
    return sorted(out, key=lambda g: min(order[f] for f in g))


def covers(files: list[Path]) -> dict[Path, Cover | None]:
    """The covers of PDF files (the first two pages; other formats are grouped by name only)."""
    from yusuan.read.formats.pdf import first_pages_text

    return {f: cover_of(first_pages_text(f)) if f.suffix.lower() == ".pdf" else None for f in files}
