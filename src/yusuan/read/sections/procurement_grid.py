"""政府采购预算表 (明细表, 支出表, 资产配置预算表 …) of real files, read from their ruled grids by the
meaning of their heads, whatever the template.

A table may nest its rows: a 合计 row, rows of a kind (货物 / 工程 / 服务, printed ``A-货物``,
``一、货物A``, or a code A and the word), rows of a unit or a project, and the purchase lines. The 合计
row is kept as a line whose ``project`` is 合计; a kind's row gives ``Procurement.kinds``; when the table
has a column naming the purchase (采购品目名称, 采购物品名称, 采购目录), only the rows that name one are
lines (the unit and project rows above them are their sums), each with the kind it falls under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model import Procurement, ProcurementLine
from yusuan.read.sections._scan import compact
from yusuan.read.sections.grid_regions import (
    Columns,
    assign_roles,
    cells_by_role,
    is_header_row,
    patterns,
    regions,
    role_of,
)
from yusuan.read.source import CellRow, SourceCell, SourceText
from yusuan.read.text import is_amount, parse_amount

#: Column heads → roles: descriptive columns, then the amount columns (keys of ``ProcurementLine.values``).
COLUMNS = patterns(
    (r"采购(品目)?大类|采购类别|采购类型|品目大类", "kind"),
    (r"项目名称|采购项目|专项名称|项目|单位(项目)?名称", "project"),
    (r"采购(品目|物品)名称|采购目录|品目名称|采购品目|采购物品|购买服务的?内容|货物[（(]服务[）)]名称", "item"),
    (r"(政府)?采购目录(序号|编码|代码)|品目编码", "catalogue"),
    (r"计量单位", "unit"),
    (r"数量", "quantity"),
    (r"单价", "unit_price"),
    (r"总计|合计|金额|采购(预算)?金额|元?预算金额|预算数|采购预算|金额合计", "total"),
    (r"一般公共预算(拨款|资金|拨款收入)?|公共预算拨款|财政拨款", "general"),
    (r"政府性基金(预算)?(拨款|资金|拨款收入)?", "gov_fund"),
    (r"国有资本经营预算(拨款|资金|拨款收入)?", "state_capital"),
    (r"财政专户(管理资金|核拨)?(收入)?", "special_account"),
    (r"单位资金|其他资金|事业收入|事业单位经营收入|上级补助收入|附属单位上缴收入|其他收入", "unit_funds"),
    (r"上年结转(和结余)?(资金)?|财政拨款结转", "fiscal_carryover"),
    (r"(预留|面向)?中小(微)?企业(预留)?(份额|金额)?", "sme_share"),
)
IGNORED = re.compile(
    r"序号|科目编码|类|款|项|单位编码|项目编号|规格型号|.*经济(分类)?科目.*|采购组织形式|.*采购时间|说明|备注"
    r"|资金来源|政府采购金额|其中[：:]?|\*+"
)
#: A kind's row: ``货物``, ``A-货物``, ``一、货物A``, ``货物类``.
_KIND_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．])?(?:[A-C][-－、.]?)?(?P<kind>货物|工程|服务)类?[A-C]?$")
_TOTAL_RE = re.compile(r"^(合计|总计)$")
_MONEY = (
    "total", "general", "gov_fund", "state_capital", "special_account", "unit_funds", "fiscal_carryover", "sme_share"
)
#: ``A02021119条码扫描器``: the catalogue number printed before the item.
_CATALOGUE_ITEM_RE = re.compile(r"^(?P<code>[A-C]\d{4,}[0-9A-Z]*)\s*(?P<item>.*)$")


@dataclass
class _Table:
    columns: Columns = field(default_factory=Columns)
    in_header: bool = False
    kind: str | None = None
    project: str | None = None


def read_grid_procurement(src: SourceText) -> Procurement | None:
    """The procurement tables of a real file's grids, or None when it has none with rows."""
    found: Procurement | None = None
    state = _Table()
    for region in regions(src, frozenset({"procurement_table"})):
        if not region.rows:
            continue
        if found is None:
            found = Procurement(present=True, unit=region.unit, location=region.title.location)
            note = next((p.text for p in region.paras if compact(p.text).startswith(("注", "备注"))), None)
            found.note = note
        for row in region.rows:
            _feed(state, row, found)
    if found is not None and any(ln.item for ln in found.lines):
        found.lines = _leaves(found.lines)
    return found


def _leaves(lines: list[ProcurementLine]) -> list[ProcurementLine]:
    """The purchase lines and the 合计 line; only the 合计 line when the purchases read do not add up to it
    (a line lost between pages would make a sum the table does not print)."""
    totals = [ln for ln in lines if ln.project in ("合计", "总计")]
    leaves = [ln for ln in lines if ln.item and ln not in totals]
    printed = sum((ln.values.get("total", Decimal(0)) for ln in totals), Decimal(0))
    read = sum((ln.values.get("total", Decimal(0)) for ln in leaves), Decimal(0))
    return totals if totals and read != printed else totals + leaves


def _feed(state: _Table, row: CellRow, found: Procurement) -> None:
    texts = [t for t in row.texts if t.strip()]
    if not texts:
        return
    if is_header_row(row, COLUMNS, IGNORED) or (state.in_header and all(_is_head(t) for t in texts)):
        state.columns = assign_roles(state.columns if state.in_header else Columns(), row, COLUMNS)
        state.in_header = True
        return
    state.in_header = False
    if not state.columns:
        return
    cells = cells_by_role(row, state.columns)
    values = {role: a for role, cell in cells.items() if role in _MONEY and (a := _amount(cell.text)) is not None}
    words = [compact(c.text) for c in row.cells if c.text.strip() and not is_amount(c.text.strip())]
    if words and _TOTAL_RE.match(words[0]):
        found.lines.append(ProcurementLine(project=words[0], values=values, location=row.location))
        return
    kind = next((m.group("kind") for w in words if (m := _KIND_RE.match(w))), None)
    if kind is not None and not _text(cells, "item"):
        state.kind = kind
        if "total" in values:
            found.kinds[kind] = found.kinds.get(kind, Decimal(0)) + values["total"]
        return
    project = _text(cells, "project") or _text(cells, "kind")
    if project:
        state.project = project  # a unit's or project's row, or a project cell merged over its lines
    if not values:
        return
    line = _line(cells, values, state.kind, row)
    line.project = line.project or state.project
    found.lines.append(line)


def _is_head(text: str) -> bool:
    return role_of(text, COLUMNS) is not None or bool(IGNORED.fullmatch(compact(text)))


def _amount(text: str) -> Decimal | None:
    text = text.strip()
    return parse_amount(text) if text and is_amount(text) else None


def _text(cells: dict[str, SourceCell], role: str) -> str:
    cell = cells.get(role)
    return cell.text.strip() if cell is not None else ""


def _line(cells: dict[str, SourceCell], values: dict[str, Decimal], kind: str | None, row: CellRow) -> ProcurementLine:
    item = _text(cells, "item") or None
    catalogue = _text(cells, "catalogue") or None
    if item and catalogue is None:
        match = _CATALOGUE_ITEM_RE.match(item)
        if match and match.group("item"):
            catalogue, item = match.group("code"), match.group("item")
    line = ProcurementLine(
        project=_text(cells, "project") or _text(cells, "kind") or None,
        item=item,
        catalogue=catalogue,
        unit=_text(cells, "unit") or None,
        quantity=_amount(_text(cells, "quantity")),
        unit_price=_amount(_text(cells, "unit_price")),
        values=values,
        location=row.location,
    )
    line.kind = kind or _kind_of_catalogue(catalogue)
    return line


def _kind_of_catalogue(catalogue: str | None) -> str | None:
    """The 政府采购品目分类目录 puts goods under A, works under B and services under C."""
    return {"A": "货物", "B": "工程", "C": "服务"}.get((catalogue or " ")[0].upper())
