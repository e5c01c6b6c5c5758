"""部门固定资产占用情况表: the department's fixed assets at the end of last year.

The table is found by its column heads (项目 / 数量 / 价值), after the title ``部门固定资产占用情况表``
or, where the title is missing, after the line that states ``截止时间``. Rows follow until the next
paragraph (DOCX text) or the next heading or non-row line (PDF text).

Row keys follow the 2023 template: ``total`` 资产总额, ``buildings`` 房屋, ``office`` 其中：办公用房,
``vehicles`` 车辆, ``equipment`` 单价在20万元以上的设备, ``other`` 其他固定资产. Older templates
(the 2020 package) use ``general_equipment`` 通用设备, ``special_equipment`` 专用设备,
``vehicles`` 其中：汽车, ``furniture`` 家具用具, ``land`` 土地; their first, unlabelled row is the
``total`` (its printed name, an empty string, is kept). Unknown rows keep their name with no key.

In the PDF-text layout blank cells vanish, so a row with a single number is placed by the column it
must be in: the total row has no count in the template, so its only number is its value. For any
other row a single number is placed by the arithmetic (the values of buildings, vehicles, equipment
and other fixed assets add up to the total value); where that does not decide, the number is left
out of the row and reported as an :class:`~yusuan.model.Ambiguity` by :func:`read_assets`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model import Ambiguity, AssetRow, Assets
from yusuan.read.sections._scan import block_text, compact, find_block, is_heading
from yusuan.read.source import Block, CellRow, Para, SourceText
from yusuan.read.text import is_amount, parse_amount, squash_spaces

_TITLE_RE = re.compile(r"固定资产占用情况表")
_AS_OF_RE = re.compile(r"截止时间[：:]\s*(?P<date>\S+)")
_UNIT_RE = re.compile(r"金额单位[：:]\s*(?P<unit>[^\s）)]+)")
_NUMBERING_RE = re.compile(r"^\s*(?:\d+|[（(]\d+[)）])[、.．]\s*")

#: (key, test on the compacted name without its numbering); the first match wins.
_KEYS: list[tuple[str, re.Pattern[str]]] = [
    ("total", re.compile(r"^(?:资产总额|资产总计|合计|总计)")),
    ("office", re.compile(r"办公用房")),
    ("buildings", re.compile(r"^房屋")),
    ("equipment", re.compile(r"20万元以上")),
    ("vehicles", re.compile(r"^(?:其中[：:])?(?:车辆|汽车|机动车)")),
    ("general_equipment", re.compile(r"^通用设备")),
    ("special_equipment", re.compile(r"^专用设备")),
    ("furniture", re.compile(r"^家具")),
    ("land", re.compile(r"^土地")),
    ("other", re.compile(r"^其他固定资产")),
]

#: The rows whose values add up to the total value in the 2023 template.
_VALUE_PARTS = ("buildings", "vehicles", "equipment", "other")


@dataclass
class _Table:
    """The parse in progress: rows and, for PDF rows with a single number, that number."""

    assets: Assets
    single: dict[int, Decimal] = field(default_factory=dict)


def _key(name: str, first: bool) -> str | None:
    if not name:
        return "total" if first else None
    bare = _NUMBERING_RE.sub("", compact(name))
    return next((key for key, pattern in _KEYS if pattern.search(bare)), None)


def _is_column_heads(block: Block) -> bool:
    text = compact(block_text(block))
    return text.startswith("项目") and "数量" in text and "价值" in text


def _docx_row(row: CellRow, first: bool) -> AssetRow:
    texts = [*row.texts, "", "", ""]
    name = squash_spaces(texts[0])
    count, value = (parse_amount(t) if is_amount(t) else None for t in texts[1:3])
    return AssetRow(key=_key(name, first), name=name, count=count, value=value, location=row.location)


def _pdf_row(para: Para, first: bool) -> tuple[AssetRow, list[Decimal]]:
    """The row and its trailing numbers (blank cells vanished, so these are not yet placed)."""
    tokens = para.text.split()
    cut = len(tokens)
    while cut > max(len(tokens) - 2, 0) and is_amount(tokens[cut - 1]):
        cut -= 1  # at most two numbers (count, value); any before them belong to the name
    name = squash_spaces(" ".join(tokens[:cut]))
    numbers = [parse_amount(t) for t in tokens[cut:]]
    return AssetRow(key=_key(name, first), name=name, location=para.location), numbers


def _place_pdf_numbers(table: _Table, row: AssetRow, numbers: list[Decimal]) -> None:
    if len(numbers) == 2:
        row.count, row.value = numbers
    elif numbers and row.key == "total":
        row.value = numbers[0]
    elif numbers:
        table.single[len(table.assets.rows)] = numbers[0]
    table.assets.rows.append(row)


def _ends_pdf_table(para: Para) -> bool:
    return is_heading(para) or para.text.startswith("注") or "名词解释" in para.text


def _read_rows(table: _Table, blocks: list[Block], docx: bool) -> None:
    for block in blocks:
        first = not table.assets.rows
        if isinstance(block, CellRow):
            if not _is_column_heads(block):
                table.assets.rows.append(_docx_row(block, first))
        elif docx or _ends_pdf_table(block):
            return  # DOCX: any paragraph after the rows ends the table
        elif not (_is_column_heads(block) or "截止时间" in block.text):
            _place_pdf_numbers(table, *_pdf_row(block, first))
        # else: a page break repeated the department line or the column heads


def _value_sum_holds(rows: list[AssetRow]) -> bool:
    """Whether the parts' values add up to the total value (true when there is no total value)."""
    total = next((r.value for r in rows if r.key == "total"), None)
    if total is None:
        return True
    return sum((r.value or Decimal(0) for r in rows if r.key in _VALUE_PARTS), Decimal(0)) == total


def _resolve_singles(table: _Table) -> list[Ambiguity]:
    """Place each lone PDF number as count or value by the value sum; report what stays open."""
    if not table.single:
        return []
    rows = table.assets.rows
    indices = sorted(table.single)
    fits: list[tuple[str, ...]] = []
    for choice in itertools.product(("count", "value"), repeat=len(indices)):
        trial = [r.model_copy() for r in rows]
        for index, column in zip(indices, choice, strict=True):
            setattr(trial[index], column, table.single[index])
        if _value_sum_holds(trial):
            fits.append(choice)
    ambiguities: list[Ambiguity] = []
    for position, index in enumerate(indices):
        columns = {fit[position] for fit in fits}
        if len(columns) == 1:
            setattr(rows[index], columns.pop(), table.single[index])
        else:
            ambiguities.append(_ambiguity(rows[index], table.single[index], sorted(columns or {"count", "value"})))
    return ambiguities


def _ambiguity(row: AssetRow, number: Decimal, columns: list[str]) -> Ambiguity:
    return Ambiguity(
        table="assets",
        key=row.key,
        name=row.name,
        numbers=[number],
        candidates=[{column: number} for column in columns],
        location=row.location,
    )


def _header_facts(assets: Assets, blocks: list[Block]) -> None:
    """截止时间 and the amount unit from the blocks between the title and the first row."""
    for block in blocks:
        text = block_text(block)
        as_of = _AS_OF_RE.search(text)
        unit = _UNIT_RE.search(compact(text))
        if as_of and assets.as_of is None:
            assets.as_of = as_of.group("date")
        if unit and assets.unit is None:
            assets.unit = unit.group("unit")


def read_assets(src: SourceText) -> tuple[Assets, list[Ambiguity]]:
    """The assets table and the PDF-text numbers whose column could not be decided."""
    blocks = list(src.blocks())
    title = find_block(blocks, _TITLE_RE)
    start = title if title is not None else find_block(blocks, re.compile("截止时间"))
    if start is None:
        return Assets(), []
    heads = next((i for i in range(start, len(blocks)) if _is_column_heads(blocks[i])), None)
    if heads is None:
        return Assets(present=True, location=blocks[start].location), []
    table = _Table(Assets(present=True, location=blocks[start].location))
    _header_facts(table.assets, blocks[start : heads + 1])
    _read_rows(table, blocks[heads + 1 :], src.positional)
    return table.assets, _resolve_singles(table)


def extract_assets(src: SourceText) -> Assets:
    """The 部门固定资产占用情况表; ``present`` is false when the package has none."""
    return read_assets(src)[0]
