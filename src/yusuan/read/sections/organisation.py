"""部门机构设置情况: the units that make up the department.

The table has four columns, 单位名称 / 单位性质 / 单位规格 / 经费保障形式, and follows the title
``部门机构设置情况``. DOCX rows map cell by cell (blank rows are skipped). In PDF text blank cells
vanish, so the trailing tokens of a line are recognised by what they say: a funding form
(``财政拨款``, ``自收自支``…), a rank (ending in ``级``) and a nature (``行政``, ``事业``, ``参公``…);
what precedes them is the unit name. A short single-token line below a unit is the rest of its
name, wrapped; any other line none of whose tokens is recognised ends the table.
"""

from __future__ import annotations

import re

from yusuan.model import Organisation
from yusuan.read.sections._scan import compact, find_block, is_blank_row, is_heading
from yusuan.read.source import Block, CellRow, Para, SourceText
from yusuan.read.text import join_wrapped

_TITLE_RE = re.compile(r"^部门机构设置情况")
_FUNDING_RE = re.compile(r"拨款|自收自支|补助|经费自理|财政保障")
_RANK_RE = re.compile(r"级$|^[正副](?:部|厅|局|处|科|股)")
_NATURE_RE = re.compile(r"行政|事业|参公|参照|机关|企业|社团|群团")

#: The longest line taken as the wrapped end of a unit name (PDF text).
_WRAP_MAX = 12

#: (field, test), in the order the fields appear from the right of a PDF line.
_TRAILING: list[tuple[str, re.Pattern[str]]] = [("funding", _FUNDING_RE), ("rank", _RANK_RE), ("nature", _NATURE_RE)]


def _is_column_heads(block: Block) -> bool:
    text = compact(" ".join(block.texts) if isinstance(block, CellRow) else block.text)
    return "单位名称" in text and "单位性质" in text


def _docx_unit(row: CellRow) -> Organisation:
    name, nature, rank, funding = [*row.texts, "", "", ""][:4]
    return Organisation(
        name=name, nature=nature or None, rank=rank or None, funding=funding or None, location=row.location
    )


def _pdf_unit(para: Para) -> Organisation | None:
    """The unit on a PDF line, or None when no trailing token is a nature, rank or funding form."""
    tokens = para.text.split()
    fields: dict[str, str] = {}
    for name, pattern in _TRAILING:
        if len(tokens) > 1 and pattern.search(tokens[-1]):
            fields[name] = tokens.pop()
    if not fields:
        return None
    return Organisation(name=join_wrapped(tokens), location=para.location, **fields)


def _is_wrapped_name(text: str) -> bool:
    """A short single-token PDF line under a unit: the rest of a unit name that wrapped."""
    return " " not in text and len(text) <= _WRAP_MAX and not text.endswith(("。", "：", ":", "；"))


def _rows(blocks: list[Block], docx: bool) -> list[Organisation]:
    units: list[Organisation] = []
    for block in blocks:
        if isinstance(block, CellRow):
            if not (is_blank_row(block) or _is_column_heads(block)):
                units.append(_docx_unit(block))
            continue
        if _is_column_heads(block):
            continue
        if docx or is_heading(block):
            break
        unit = _pdf_unit(block)
        if unit is not None:
            units.append(unit)
        elif units and _is_wrapped_name(block.text):
            units[-1].name = join_wrapped([units[-1].name, block.text])
        else:
            break
    return units


def extract_organisation(src: SourceText) -> list[Organisation]:
    """The units listed in 部门机构设置情况, in printed order; empty when the table is missing."""
    blocks = list(src.blocks())
    title = find_block(blocks, _TITLE_RE)
    if title is None:
        return []
    return _rows(blocks[title + 1 :], src.positional)
