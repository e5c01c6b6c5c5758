"""Read a filled budget workbook (``yusuan template``) into a disclosure, consistent by construction.

The officer fills leaf rows only; every parent row, 合计 row, the 收支总表 and 财政拨款收支总表, and
the 三公 subtotals are computed here. A cell that cannot be read stops with an :class:`InputError`
naming the sheet and cell (``收支明细!D7：金额最多两位小数``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from yusuan.domain import classification as reference
from yusuan.domain.figures import THREE_PUBLIC_ROWS, glossary
from yusuan.domain.figures import name as figure_name
from yusuan.domain.levels import parse_level
from yusuan.domain.tables import SPECS
from yusuan.domain.templates import HEBEI_2023
from yusuan.model import (
    AssetRow,
    Assets,
    Department,
    Disclosure,
    GlossaryEntry,
    Indicator,
    Organisation,
    PerformanceProject,
    Procurement,
    ProcurementLine,
    Row,
    Staffing,
    Table,
    TwoSidedTable,
)
from yusuan.publish.inputs import InputError, PublishInput
from yusuan.publish.narrative import Prior
from yusuan.publish.sections import NO_PROCUREMENT
from yusuan.publish.textlayout import EMPTY_NOTES
from yusuan.publish.workbook import (
    ASSET_ITEMS,
    BASIC_SHEET,
    FUNDS,
    INFO,
    PLANNED_ASSETS_FIELD,
    PRIOR_FIELDS,
    SOURCES,
    THREE_PUBLIC_ITEMS,
    USES,
)
from yusuan.read.sections.header import region_of
from yusuan.read.sections.perf_common import parse_value

INCOME_ITEMS = HEBEI_2023.income_items

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

#: A worksheet value as openpyxl gives it (values_only): text, a number, a date, a bool, nothing…
#: every use narrows it with isinstance.
CellValue = object

ZERO = Decimal("0.00")
Sums = dict[str, dict[str, Decimal]]


class _Sheet:
    def __init__(self, path: Path, wb: Workbook, name: str) -> None:
        if name not in wb.sheetnames:
            raise InputError(f"{path}：缺少工作表“{name}”；请用 yusuan template 生成的工作簿填写")
        self.path, self.ws, self.name = path, wb[name], name

    def rows(self) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
        for n, row in enumerate(self.ws.iter_rows(min_row=2, values_only=True), start=2):
            if any(v not in (None, "") for v in row):
                yield n, row

    def fail(self, row: int, col: int, problem: str) -> InputError:
        return InputError(f"{self.path}：工作表“{self.name}”{chr(64 + col)}{row}：{problem}")

    def text(self, row: int, col: int, value: CellValue, required: bool = False) -> str | None:
        if value is None or str(value).strip() == "":
            if required:
                raise self.fail(row, col, "必填，不能为空")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = value.strftime("%Y-%m-%d")
        return str(value).strip()

    def amount(self, row: int, col: int, value: CellValue, places: int = 2) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise self.fail(row, col, f"应为金额（万元），现在是“{value}”")
        try:
            # a float cell holds what was typed as its shortest repr; never arithmetic on the float
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise self.fail(row, col, f"应为金额（万元），现在是“{value}”") from None
        if not amount.is_finite() or amount < 0:
            raise self.fail(row, col, f"金额不能为负数或非数字，现在是“{value}”")
        if amount != amount.quantize(Decimal(1).scaleb(-places)):
            rule = "金额最多两位小数（万元）" if places == 2 else "应为整数"
            raise self.fail(row, col, f"{rule}，现在是“{value}”")
        return amount.quantize(Decimal(1).scaleb(-places)) if places else amount


def _add(into: dict[str, Decimal], values: dict[str, Decimal]) -> None:
    for k, v in values.items():
        into[k] = into.get(k, ZERO) + v


def _nonzero(values: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: v for k, v in values.items() if v}


def _code_rows(
    leaves: Sums, kind: reference.Kind, year: int, names: dict[str, str], columns: tuple[str, ...]
) -> list[Row]:
    """The 合计 row, then every code with its parents (parents first), each the sum of its leaves."""
    sums: Sums = {}
    total: dict[str, Decimal] = {}
    for code, values in leaves.items():
        for prefix in sorted({code[:3], code[:5], code}):
            _add(sums.setdefault(prefix, {}), values)
        _add(total, values)
    if not any(total.values()):
        return []
    order = {c: i for i, c in enumerate(columns)}

    def ordered(values: dict[str, Decimal]) -> dict[str, Decimal]:
        return dict(sorted(_nonzero(values).items(), key=lambda kv: order[kv[0]]))

    rows = [Row(key="total", name="合计", values=ordered(total))]
    for code, values in sorted(sums.items()):
        entry = reference.lookup(kind, code, year)
        rows.append(Row(code=code, name=names.get(code) or (entry.name if entry else code), values=ordered(values)))
    return rows


def _table(table_id: str, rows: list[Row]) -> Table:
    return Table(title=SPECS[table_id].title, unit="万元", rows=rows, note=None if rows else EMPTY_NOTES[table_id])


def _two_sided(fiscal: bool, sources: dict[str, Decimal], carryover: Decimal, classes: Sums) -> TwoSidedTable:
    table_id = "fiscal_summary" if fiscal else "summary"
    items = HEBEI_2023.summary_income_items(table_id)
    income_tail, expenditure_tail = HEBEI_2023.summary_tails[table_id]
    current = sum((sources.get(k, ZERO) for k, _ in items), ZERO)
    income = [Row(key=k, name=n, values=_nonzero({"amount": sources.get(k, ZERO)})) for k, n in items]
    carried = ZERO if fiscal else carryover
    income += [
        Row(key=key, name=label, values=_nonzero({"amount": amount}))
        for (key, label), amount in zip(income_tail, (current, carried, current + carried), strict=True)
    ]
    columns = SPECS[table_id].columns
    expenditure = [
        Row(
            code=item.class_code,
            name=item.label,
            values={c: v for c in columns if (v := classes.get(item.class_code or "", {}).get(c, ZERO))},
        )
        for item in reference.summary_items()
    ]
    spent: dict[str, Decimal] = {}
    for values in classes.values():
        _add(spent, values)
    totals: dict[str, Decimal] = {c: spent.get(c, ZERO) for c in columns}
    expenditure += [
        Row(key=key, name=label, values=_nonzero(values))
        for (key, label), values in zip(expenditure_tail, (totals, {}, totals), strict=True)
    ]
    return TwoSidedTable(title=SPECS[table_id].title, unit="万元", income=income, expenditure=expenditure)


def _tables(path: Path, wb: Workbook, year: int) -> dict[str, Table | TwoSidedTable]:
    sheet = _Sheet(path, wb, "收支明细")
    received: Sums = {}
    spent: Sums = {}
    funds: dict[str, Sums] = {"general": {}, "gov_fund": {}, "state_capital": {}}
    names: dict[str, str] = {}
    sources: dict[str, Decimal] = {}
    for n, row in sheet.rows():
        code = sheet.text(n, 1, row[0], required=True) or ""
        if not (code.isdigit() and len(code) == 7) or reference.coverage("function", code, year) == "unknown":
            raise sheet.fail(n, 1, f"“{code}”不是 {year} 年的项级（7位）功能分类科目编码")
        name = sheet.text(n, 2, row[1])
        if name:
            names[code] = name
        source = sheet.text(n, 3, row[2], required=True) or ""
        if source not in SOURCES:
            raise sheet.fail(n, 3, f"资金来源“{source}”不在下拉列表中")
        uses = {
            key: sheet.amount(n, 4 + i, row[3 + i] if len(row) > 3 + i else None) or ZERO
            for i, (_, key) in enumerate(USES)
        }
        amount = sum(uses.values(), ZERO)
        column, fund = SOURCES[source]
        if fund is not None and (uses["operating"] or uses["remit_superior"] or uses["subsidy_affiliated"]):
            raise sheet.fail(n, 6, f"财政拨款只能用于{figure_name('basic')}和{figure_name('project')}")
        _add(received.setdefault(code, {}), {column: amount})
        _add(spent.setdefault(code, {}), {"total": amount, **uses})
        key = fund or column
        sources[key] = sources.get(key, ZERO) + amount
        if fund is not None:
            _add(
                funds[fund].setdefault(code, {}), {"total": amount, "basic": uses["basic"], "project": uses["project"]}
            )
    for values in received.values():
        subtotal = sum((v for k, v in values.items() if k != "carryover"), ZERO)
        values.update(subtotal=subtotal, total=subtotal + values.get("carryover", ZERO))
    tables: dict[str, Table | TwoSidedTable] = {}
    classes: Sums = {}
    fiscal_classes: Sums = {}
    for code, values in spent.items():
        _add(classes.setdefault(code[:3], {}), {"amount": values["total"]})
    for fund, leaves in funds.items():
        for code, values in leaves.items():
            _add(fiscal_classes.setdefault(code[:3], {}), {"total": values["total"], fund: values["total"]})
    carryover = sources.pop("carryover", ZERO)
    tables["summary"] = _two_sided(False, sources, carryover, classes)
    tables["income"] = _table("income", _code_rows(received, "function", year, names, SPECS["income"].columns))
    tables["expenditure"] = _table(
        "expenditure", _code_rows(spent, "function", year, names, SPECS["expenditure"].columns)
    )
    tables["fiscal_summary"] = _two_sided(True, sources, ZERO, fiscal_classes)
    for table_id, fund in (("general_budget", "general"), ("gov_fund", "gov_fund"), ("state_capital", "state_capital")):
        rows = _code_rows(funds[fund], "function", year, names, SPECS[table_id].columns)
        tables[table_id] = _table(table_id, rows)
    tables["basic_expenditure"] = _table("basic_expenditure", _economic(path, wb, year))
    tables["three_public"] = _three_public(path, wb)
    return dict(sorted(tables.items(), key=lambda kv: list(SPECS).index(kv[0])))


def _economic(path: Path, wb: Workbook, year: int) -> list[Row]:
    sheet = _Sheet(path, wb, BASIC_SHEET)
    leaves: Sums = {}
    names: dict[str, str] = {}
    for n, row in sheet.rows():
        code = sheet.text(n, 1, row[0], required=True) or ""
        if not (code.isdigit() and len(code) == 5) or reference.coverage("economic", code, year) == "unknown":
            raise sheet.fail(n, 1, f"“{code}”不是 {year} 年的款级（5位）经济分类科目编码")
        if name := sheet.text(n, 2, row[1]):
            names[code] = name
        personnel = sheet.amount(n, 3, row[2]) or ZERO
        public = sheet.amount(n, 4, row[3] if len(row) > 3 else None) or ZERO
        _add(leaves.setdefault(code, {}), {"total": personnel + public, "personnel": personnel, "public": public})
    return _code_rows(leaves, "economic", year, names, SPECS["basic_expenditure"].columns)


def _three_public(path: Path, wb: Workbook) -> Table:
    sheet = _Sheet(path, wb, "三公经费")
    items: dict[str, dict[str, Decimal]] = {key: {} for _, key in THREE_PUBLIC_ITEMS}
    labels = {label: key for label, key in THREE_PUBLIC_ITEMS}
    for n, row in sheet.rows():
        key = labels.get(sheet.text(n, 1, row[0]) or "")
        if key is None:
            raise sheet.fail(n, 1, f"项目应为{'、'.join(labels)}之一")
        for i, (_, fund) in enumerate(FUNDS):
            amount = sheet.amount(n, 2 + i, row[1 + i] if len(row) > 1 + i else None)
            if amount:
                items[key][fund] = amount

    def total(*keys: str) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for k in keys:
            _add(out, items[k])
        return {"total": sum(out.values(), ZERO), **out}

    if not any(v for values in items.values() for v in values.values()):
        return _table("three_public", [])
    amounts = {
        "total": total(*items),
        "subtotal": total(*items),
        "vehicle": total("vehicle_purchase", "vehicle_operation"),
        **{k: total(k) for k in items},
    }
    rows = [Row(key=k, name=label, values=_nonzero(amounts[k])) for k, label in THREE_PUBLIC_ROWS]
    return _table("three_public", rows)


def _info(path: Path, wb: Workbook) -> dict[str, tuple[int, CellValue]]:
    sheet = _Sheet(path, wb, "基本信息")
    labels = {label for label, _ in INFO}
    found: dict[str, tuple[int, CellValue]] = {}
    for n, row in sheet.rows():
        label = sheet.text(n, 1, row[0])
        if label in labels:
            found[label] = (n, row[1] if len(row) > 1 else None)
    return found


def _performance(path: Path, wb: Workbook) -> list[PerformanceProject]:
    sheet = _Sheet(path, wb, "绩效目标")
    projects: list[PerformanceProject] = []
    for n, row in sheet.rows():
        cells = list(row) + [None] * (10 - len(row))
        name = sheet.text(n, 1, cells[0])
        if name:
            budget = sheet.amount(n, 2, cells[1])
            projects.append(
                PerformanceProject(
                    name=name, budget=budget, fiscal=sheet.amount(n, 3, cells[2]), goal=sheet.text(n, 4, cells[3])
                )
            )
        elif not projects:
            raise sheet.fail(n, 1, "第一行须填写项目名称")
        indicator = sheet.text(n, 7, cells[6])
        if indicator:
            value = sheet.text(n, 9, cells[8]) or ""
            parsed = parse_value(value)
            projects[-1].indicators.append(
                Indicator(
                    level1=sheet.text(n, 5, cells[4]),
                    level2=sheet.text(n, 6, cells[5]),
                    name=indicator,
                    description=sheet.text(n, 8, cells[7]),
                    value=value or None,
                    operator=parsed.operator,
                    number=parsed.number,
                    unit=parsed.unit,
                    basis=sheet.text(n, 10, cells[9]),
                )
            )
    return projects


def _procurement(path: Path, wb: Workbook) -> Procurement:
    sheet = _Sheet(path, wb, "政府采购")
    lines: list[ProcurementLine] = []
    for n, row in sheet.rows():
        cells = list(row) + [None] * (8 - len(row))
        quantity = sheet.amount(n, 6, cells[5], places=0)
        price = sheet.amount(n, 7, cells[6])
        if quantity is None or price is None:
            raise sheet.fail(n, 6, "数量和单价必填")
        total = quantity * price
        budget = sheet.amount(n, 2, cells[1])
        general = sheet.amount(n, 8, cells[7])
        values = {k: v for k, v in (("project_budget", budget), ("total", total), ("general", general or total)) if v}
        lines.append(
            ProcurementLine(
                project=sheet.text(n, 1, cells[0]),
                item=sheet.text(n, 3, cells[2]),
                catalogue=sheet.text(n, 4, cells[3]),
                unit=sheet.text(n, 5, cells[4]),
                quantity=quantity,
                unit_price=price,
                values=values,
            )
        )
    return Procurement(
        present=True,
        unit="万元" if lines else None,
        lines=lines,
        note=None if lines else NO_PROCUREMENT,
    )


def _assets(path: Path, wb: Workbook, as_of: str | None) -> Assets:
    sheet = _Sheet(path, wb, "固定资产")
    labels = {label: (key, name) for label, key, name in ASSET_ITEMS}
    rows: list[AssetRow] = []
    for n, row in sheet.rows():
        label = sheet.text(n, 1, row[0]) or ""
        if label not in labels:
            raise sheet.fail(n, 1, f"项目应为{'、'.join(labels)}之一")
        count = sheet.amount(n, 2, row[1] if len(row) > 1 else None, places=0)
        value = sheet.amount(n, 3, row[2] if len(row) > 2 else None)
        key, name = labels[label]
        rows.append(AssetRow(key=key, name=name, count=count, value=value))
    total = sum((r.value for r in rows if r.value is not None), ZERO)
    return Assets(
        present=True, as_of=as_of, unit="万元", rows=[AssetRow(key="total", name="资产总额", value=total), *rows]
    )


def _pairs(path: Path, wb: Workbook, name: str) -> list[tuple[str, str]]:
    sheet = _Sheet(path, wb, name)
    out = []
    for n, row in sheet.rows():
        first, second = sheet.text(n, 1, row[0]), sheet.text(n, 2, row[1] if len(row) > 1 else None)
        if first and second:
            out.append((first, second))
        elif second:
            raise sheet.fail(n, 1, "必填，不能为空")
    return out


def _default_glossary(level: str) -> list[GlossaryEntry]:
    lv = f"{level}级"
    return [
        GlossaryEntry(term=t, text=x)
        for t, x in (
            ("一般公共预算拨款收入", f"指{lv}财政当年拨付的资金。"),
            *glossary(lv),
        )
    ]


def read_workbook(path: Path) -> PublishInput:
    """A filled template as a publish input; :class:`InputError` names the sheet and cell of a problem."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # zip, XML and openpyxl errors alike
        raise InputError(f"{path}：无法打开 Excel 工作簿（{type(exc).__name__}）") from None
    info = _info(path, wb)
    sheet = _Sheet(path, wb, "基本信息")

    def field(label: str, required: bool = False) -> str | None:
        n, value = info.get(label, (0, None))
        return sheet.text(n or 2, 2, value, required=required)

    def money(label: str) -> Decimal | None:
        n, value = info.get(label, (0, None))
        return sheet.amount(n or 2, 2, value)

    code, name = field("部门编码", True) or "", field("部门名称", True) or ""
    year_text = field("预算年度", True) or ""
    if not year_text.isdigit() or len(year_text) != 4:
        raise sheet.fail(info["预算年度"][0], 2, f"预算年度应为四位数年份，现在是“{year_text}”")
    year = int(year_text)
    level = parse_level(field("政府层级", True))
    if level is None:
        raise sheet.fail(info["政府层级"][0], 2, "政府层级应为省、市、县、区或乡")
    _, region = region_of(name)
    active, retired = field("在职人员"), field("离退休人员")
    staffing = None
    if active and retired:
        a, r = int(active), int(retired)
        staffing = Staffing(
            total=a + r, active=a, retired=r, sentence=f"本部门共有{a + r}人，其中：在职人员{a}人，离退休人员{r}人。"
        )
    prior_values = [money(label) for label, _key in PRIOR_FIELDS]
    prior = Prior(*prior_values) if any(v is not None for v in prior_values) else None
    prose: dict[str, list[str]] = {}
    for number, text in _pairs(path, wb, "情况说明"):
        prose.setdefault(number, []).append(text)
    glossary = [GlossaryEntry(term=t, text=x) for t, x in _pairs(path, wb, "名词解释")]
    organisation = [
        Organisation(name=u, nature=n or None, rank=r or None, funding=f or None)
        for u, n, r, f in _organisations(path, wb)
    ]
    d = Disclosure(
        source=path.name,
        layout="xlsx",
        department=Department(code=code, name=name, level=level, region=region),
        year=year,
        unit="万元",
        tables=_tables(path, wb, year),
        performance=_performance(path, wb),
        procurement=_procurement(path, wb),
        assets=_assets(path, wb, field("固定资产截止时间")),
        organisation=organisation,
        staffing=staffing,
        glossary=glossary or _default_glossary(level),
    )
    return PublishInput(d, prose, prior, money(PLANNED_ASSETS_FIELD))


def _organisations(path: Path, wb: Workbook) -> list[tuple[str, str, str, str]]:
    sheet = _Sheet(path, wb, "机构设置")
    return [
        tuple((sheet.text(n, c + 1, row[c] if len(row) > c else None) or "") for c in range(4))  # type: ignore[misc]
        for n, row in sheet.rows()
    ]
