"""Multi-file packages: the narrative and the tables published as separate files.

Many departments publish a disclosure as two or more files — 情况说明 + 报表, 附件1 + 附件2,
公开文件 + 公开表. Files in one folder whose names differ only by such a part word (and by the
separators around it) are grouped into one package: ``北京市司法局-情况说明.pdf`` and
``北京市司法局-报表.pdf`` share the key ``北京市司法局``. Each group is read as one disclosure
(:func:`yusuan.read.api.read_package`). To override: ``--separate`` reads every file on its own;
``--as-one`` reads all the files named on the command line as one disclosure.
"""

from __future__ import annotations

import re
from pathlib import Path

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
    two parts: a group whose stems repeat is read file by file."""
    groups: dict[tuple[Path, str], list[Path]] = {}
    for f in files:
        groups.setdefault((f.parent, package_key(f)), []).append(f)
    out: list[list[Path]] = []
    for group in groups.values():
        stems = [f.stem for f in group]
        out.extend([group] if len(set(stems)) == len(stems) else [[f] for f in group])
    return out
