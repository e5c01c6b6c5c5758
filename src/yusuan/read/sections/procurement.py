"""部门政府采购预算: the department's government procurement budget.

The table (title ``部门政府采购预算``) has sixteen columns:

====  ==========================  =====================================
 0    项目名称                      ``ProcurementLine.project``
 1    预算资金                      ``values["project_budget"]``
 2    采购物品名称                  ``item``
 3    政府采购目录序号              ``catalogue``
 4    计量单位                      ``unit``
 5    数量                          ``quantity``
 6    单价                          ``unit_price``
 7-15 政府采购金额 …                ``values``: ``total`` 合计, ``general`` 一般公共预算拨款,
                                    ``gov_fund`` 基金预算拨款, ``state_capital`` 国有资本经营预算拨款,
                                    ``special_account`` 财政专户核拨, ``unit_funds`` 单位资金,
                                    ``fiscal_carryover`` 财政拨款结转, ``nonfiscal_carryover``
                                    非财政拨款结转结余, ``sme_share`` 预留中小微企业份额
====  ==========================  =====================================

A line whose project cell is blank continues the project above (a merged cell). A 合计 line is
kept as a line whose ``project`` is ``合计``.

The note: under the table the template prints a generic note (``注：同一采购目录序号的物品…``) and,
for an empty table, ``注：无政府采购预算，空表列示。``. ``Procurement.note`` keeps the emptiness note
when there is one (it is what a reviewer checks), otherwise the notes printed, joined by a space.
A package without the table but with a procurement section that says so (``六、政府采购预算`` /
``无政府采购预算。``) is ``present`` with no lines and that sentence as the note.

PDF text loses blank cells. A line is read as: optional project text, optional project budget,
then item text (item name, catalogue number such as ``A02010104``, unit), quantity and unit price,
then the amounts. The amounts are placed by the arithmetic (``total`` equals the sum of the seven
sources; the small-business share does not exceed ``total``): a unique placement is taken; otherwise
the columns all placements agree on are kept and the line is reported as an
:class:`~yusuan.model.Ambiguity` by :func:`read_procurement`.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from yusuan.domain.figures import name as figure_name
from yusuan.model import Ambiguity, Procurement, ProcurementLine
from yusuan.read.infer.solver import placements as all_placements
from yusuan.read.sections._scan import block_text, compact, is_heading
from yusuan.read.sections.procurement_grid import read_grid_procurement
from yusuan.read.source import Block, CellRow, Para, SourceText
from yusuan.read.text import is_amount, join_wrapped, parse_amount

MONEY = (
    "total",
    "general",
    "gov_fund",
    "state_capital",
    "special_account",
    "unit_funds",
    "fiscal_carryover",
    "nonfiscal_carryover",
    "sme_share",
)
_SOURCES = MONEY[1:8]

_TITLE_RE = re.compile(rf"^部门{figure_name('procurement')}")
_SECTION_RE = re.compile(rf"^[一二三四五六七八九十]+、.*{figure_name('procurement')}")
_UNIT_RE = re.compile(r"(?<!金额)单位[：:]\s*(?P<unit>[^\s）)]+)")
_DEPARTMENT_RE = re.compile(r"^\d{3,}\s*\S+.*(?:单位[：:]|预算年度)")
_HEAD_WORDS = ("项目名称", "政府采购项目来源", "采购物品名称", "一般公共预算拨款", "栏次")
_CATALOGUE_RE = re.compile(r"^[A-Z]\d{2,}[\dA-Z]*$")
_NOTE_SPLIT_RE = re.compile(r"(?=注[：:])")
_EMPTY_NOTE_RE = re.compile(r"空表|无(?:政府)?采购|未安排(?:政府)?采购")
_TOTAL_NAMES = ("合计", "总计", "小计")


# ---------------------------------------------------------------------------------------------
# Placing amounts


def _consistent(values: dict[str, Decimal]) -> bool:
    total = values.get("total", Decimal(0))
    sources = sum((values.get(k, Decimal(0)) for k in _SOURCES), Decimal(0))
    return sources == total and values.get("sme_share", Decimal(0)) <= total


def placements(numbers: list[Decimal], columns: tuple[str, ...]) -> list[dict[str, Decimal]]:
    """Every order-preserving placement of ``numbers`` in ``columns`` that satisfies the arithmetic.

    A row with as many numbers as columns lost no cell and is placed as printed, consistent or not.
    """
    if len(numbers) == len(columns):
        return [dict(zip(columns, numbers, strict=True))]
    return [values for values in all_placements(numbers, columns) if _consistent(values)]


def _agreed(fits: list[dict[str, Decimal]]) -> dict[str, Decimal]:
    """The columns and amounts that every placement shares."""
    if not fits:
        return {}
    return {k: v for k, v in fits[0].items() if all(f.get(k) == v for f in fits[1:])}


# ---------------------------------------------------------------------------------------------
# DOCX rows


def _cell_amount(text: str) -> Decimal | None:
    return parse_amount(text) if is_amount(text) else None


def _docx_line(row: CellRow) -> ProcurementLine:
    """A DOCX row: seven descriptive cells, then nine amounts (a shorter row has descriptive cells only)."""
    texts = row.texts
    split = len(texts) - len(MONEY) if len(texts) >= len(MONEY) else len(texts)
    described = [*texts[:split], *[""] * 7][:7]
    values = {k: a for k, t in zip(MONEY, texts[split:], strict=False) if (a := _cell_amount(t)) is not None}
    budget = _cell_amount(described[1])
    if budget is not None:
        values = {"project_budget": budget, **values}
    return ProcurementLine(
        project=described[0] or None,
        item=described[2] or None,
        catalogue=described[3] or None,
        unit=described[4] or None,
        quantity=_cell_amount(described[5]),
        unit_price=_cell_amount(described[6]),
        values=values,
        location=row.location,
    )


# ---------------------------------------------------------------------------------------------
# PDF lines


def _runs(tokens: list[str]) -> list[list[str]]:
    """Consecutive tokens grouped into alternating runs of text and of amounts."""
    return [list(group) for _, group in itertools.groupby(tokens, key=is_amount)]


def _describe(line: ProcurementLine, tokens: list[str]) -> None:
    """Item name, catalogue number and unit from the item text of a PDF line."""
    at = next((i for i, t in enumerate(tokens) if _CATALOGUE_RE.match(t)), None)
    if at is not None:
        before, after = tokens[:at], tokens[at + 1 :]
        line.catalogue = tokens[at]
        line.unit = join_wrapped(after) or None
    else:
        before = tokens[:-1] if len(tokens) > 1 else tokens
        line.unit = tokens[-1] if len(tokens) > 1 else None
    if len(before) > 1 and line.project is None:
        line.project, before = before[0], before[1:]
    line.item = join_wrapped(before) or None


def _pdf_line(para: Para) -> tuple[ProcurementLine, list[Decimal]]:
    """The line with its descriptive cells set, and the amounts still to be placed."""
    runs = _runs(para.text.split())
    line = ProcurementLine(location=para.location)
    tail = [parse_amount(t) for t in runs[-1]] if is_amount(runs[-1][0]) else []
    head = runs[:-1] if tail else runs
    if len(head) >= 3 and len(head[1]) == 1 and is_amount(head[1][0]):
        line.project = join_wrapped(head[0])
        line.values = {"project_budget": parse_amount(head[1][0])}
        head = head[2:]
    text = [t for run in head if not is_amount(run[0]) for t in run]
    if line.project is None and compact("".join(text)) in _TOTAL_NAMES:
        line.project = compact("".join(text))  # the 合计 line: no item, amounts only
        return line, tail
    _describe(line, text)
    line.quantity = tail[0] if tail else None
    line.unit_price = tail[1] if len(tail) > 1 else None
    return line, tail[2:]


def _place_pdf_amounts(line: ProcurementLine, numbers: list[Decimal]) -> Ambiguity | None:
    columns = MONEY if line.item or "project_budget" in line.values else ("project_budget", *MONEY)
    fits = placements(numbers, columns)
    line.values = {**line.values, **_agreed(fits)}
    if len(fits) == 1:
        return None
    return Ambiguity(
        table="procurement",
        name=line.item or line.project or "",
        numbers=numbers,
        candidates=fits,
        location=line.location,
    )


# ---------------------------------------------------------------------------------------------
# The section


def _is_head_row(block: Block) -> bool:
    text = compact(block_text(block))
    return any(word in text for word in _HEAD_WORDS) or bool(_DEPARTMENT_RE.match(block_text(block)))


def _is_data(block: Block) -> bool:
    if isinstance(block, CellRow):
        return any(block.texts) and not _is_head_row(block)
    return any(is_amount(t) for t in block.text.split()) and not _is_head_row(block)


def _table_end(blocks: list[Block], start: int, docx: bool) -> int:
    """Index of the first block after the table that begins at ``start``."""
    for index in range(start, len(blocks)):
        block = blocks[index]
        if isinstance(block, Para) and (docx or is_heading(block) or block.text.startswith("注")):
            return index
    return len(blocks)


def _notes(blocks: list[Block]) -> list[str]:
    """The 注 paragraphs at the start of ``blocks``, wrapped lines joined, split at each 注."""
    notes: list[str] = []
    for block in blocks:
        if not isinstance(block, Para) or is_heading(block):
            break
        if block.text.startswith("注"):
            notes.extend(n.strip() for n in _NOTE_SPLIT_RE.split(block.text) if n.strip())
        elif notes and not notes[-1].endswith("。"):
            notes[-1] = join_wrapped([notes[-1], block.text])
        else:
            break
    return notes


def _choose_note(notes: list[str]) -> str | None:
    empty = [n for n in notes if _EMPTY_NOTE_RE.search(n)]
    return " ".join(empty or notes) or None


def _lines(rows: list[Block]) -> tuple[list[ProcurementLine], list[Ambiguity]]:
    lines: list[ProcurementLine] = []
    ambiguities: list[Ambiguity] = []
    for block in filter(_is_data, rows):
        if isinstance(block, CellRow):
            line = _docx_line(block)
        else:
            line, numbers = _pdf_line(block)
            found = _place_pdf_amounts(line, numbers)
            ambiguities += [found] if found else []
        if line.project is None and line.item and lines:
            line.project = lines[-1].project  # the project cell is merged over its items
        lines.append(line)
    return lines, ambiguities


def _unit(rows: list[Block]) -> str | None:
    for block in rows:
        match = _UNIT_RE.search(block_text(block))
        if match:
            return match.group("unit")
    return None


def _find(blocks: list[Block], pattern: re.Pattern[str]) -> int | None:
    """The first block naming 采购 whose compacted text matches ``pattern`` (both patterns name it)."""
    for index, block in enumerate(blocks):
        text = block.text if isinstance(block, Para) else block_text(block)
        if "采" in text and pattern.search(compact(text)):
            return index
    return None


def _without_table(blocks: list[Block]) -> Procurement:
    """The procurement section of a package that prints no table, e.g. ``无政府采购预算。``."""
    heading = _find(blocks, _SECTION_RE)
    if heading is None or not is_heading(blocks[heading]):
        return Procurement()
    found = Procurement(present=True, location=blocks[heading].location)
    for block in blocks[heading + 1 :]:
        if is_heading(block):
            break
        if isinstance(block, Para) and _EMPTY_NOTE_RE.search(block.text):
            found.note = block.text
            break
    return found


def read_procurement(src: SourceText) -> tuple[Procurement, list[Ambiguity]]:
    """The procurement budget and the PDF-text lines whose amounts could not be placed."""
    if not src.extracted:
        grid = read_grid_procurement(src)
        if grid is not None:
            return grid, []
    blocks = list(src.blocks())
    title = _find(blocks, _TITLE_RE)
    if title is None:
        return _without_table(blocks), []
    end = _table_end(blocks, title + 1, src.positional)
    rows = blocks[title + 1 : end]
    lines, ambiguities = _lines(rows)
    procurement = Procurement(
        present=True,
        unit=_unit(rows),
        note=_choose_note(_notes(blocks[end:])),
        lines=lines,
        location=blocks[title].location,
    )
    return procurement, ambiguities


def extract_procurement(src: SourceText) -> Procurement:
    """The 部门政府采购预算; ``present`` is false when the package has neither table nor section."""
    return read_procurement(src)[0]
