"""The budget model: one typed structure that every reader produces and every consumer reads.

Money is ``decimal.Decimal`` throughout and serialises to a decimal string exactly as printed
(``"40.00"``, ``"8.3"``), never to a float. Every amount carries, through its row or claim, the
location it was read from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator

from yusuan.domain.kinds import Content, Kind

#: An amount as printed, without thousands separators; serialised as a decimal string.
Amount = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="always"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "Decimal amount as printed"}),
]

Level = Literal["中央", "省", "市", "县", "区", "乡"]
#: How the source was laid out: the two text-extraction layouts of the seeds, or a real file.
Layout = Literal["pdf-text", "docx-text", "pdf", "docx", "xlsx", "html"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _absent(value: object) -> bool:
    return value is None


class Location(_Model):
    """Where something was read.

    ``page`` (PDF, 1-based) and ``line`` (1-based line of a text source, or paragraph number of a
    DOCX/HTML file); ``box`` the PDF rectangle in points (x0, y0, x1, y1, origin top-left);
    ``sheet`` and ``cell`` a workbook cell (``B7``) or, for DOCX/HTML tables, ``T3R5C2`` (table,
    row, column, 1-based); ``file`` the file when a disclosure was read from several.
    """

    page: int | None = None
    line: int | None = None
    box: tuple[float, float, float, float] | None = Field(default=None, exclude_if=_absent)
    sheet: str | None = Field(default=None, exclude_if=_absent)
    cell: str | None = Field(default=None, exclude_if=_absent)
    file: str | None = Field(default=None, exclude_if=_absent)


class Department(_Model):
    code: str | None = None
    name: str | None = None
    level: Level | None = None
    region: str | None = Field(default=None, description="Region named in the department name, e.g. 乐亭县")


class Row(_Model):
    """One table row. ``values`` maps canonical column keys to amounts; a blank cell is absent."""

    code: str | None = Field(default=None, description="Classification code; null for the 合计 row")
    key: str | None = Field(default=None, description="Canonical row key where the row has no code")
    name: str
    values: dict[str, Amount] = Field(default_factory=dict)
    location: Location = Field(default_factory=Location)


class _TableHead(_Model):
    """What every table has besides its rows: title, note, unit, where it is, and for real files the
    unit and heads as printed and the pages it spans."""

    title: str
    note: str | None = Field(default=None, description="The note printed under the table, e.g. 空表列示")
    unit: str | None = None
    location: Location = Field(default_factory=Location)
    source_unit: str | None = Field(
        default=None, exclude_if=_absent, description="Real files: the unit as printed when it was not 万元"
    )
    columns: dict[str, str] | None = Field(
        default=None, exclude_if=_absent, description="Real files: each value column's key and its printed heads"
    )
    pages: list[int] | None = Field(default=None, exclude_if=_absent, description="Real files: pages the table spans")


class Table(_TableHead):
    rows: list[Row] = Field(default_factory=list)


class TwoSidedTable(_TableHead):
    """``summary`` and ``fiscal_summary``: income items beside expenditure items."""

    income: list[Row] = Field(default_factory=list)
    expenditure: list[Row] = Field(default_factory=list)


ClaimKind = Literal["amount", "prior", "change", "pct_change", "share", "budget", "rate"]
Direction = Literal["increase", "decrease", "flat"]


class Claim(_Model):
    """A number the narrative states, with its subject and the sentence it stands in."""

    subject: str = Field(description="What the number is about; see docs/model.md for the vocabulary")
    kind: ClaimKind = Field(
        default="amount",
        description=(
            "amount: this year's figure (or a count); prior: last year's; change: a stated change; "
            "pct_change: a percentage change; share: a percentage share of a whole; in a final account (决算), "
            "budget: the budget beside the final figure (年初预算数), rate: the completion (完成年初预算的98.20%)"
        ),
    )
    amount: Amount
    unit: str | None = Field(
        default=None, description="The unit as written after the number: 万元, 亿元, 元, %, or a count's (辆, 台（套）)"
    )
    label: str | None = Field(default=None, description="For an itemised figure, the item named, e.g. 会议费项目")
    whole: str | None = Field(
        default=None,
        description="For a share: the subject of the whole the sentence names after 占, where it names one",
        exclude_if=_absent,
    )
    direction: Direction | None = Field(default=None, description="For a change: increase, decrease or flat")
    year: int | None = Field(default=None, description="The year the figure refers to, where stated")
    section: str | None = Field(default=None, description="Narrative section number, e.g. 二")
    sentence: str
    after: str | None = Field(
        default=None,
        description=(
            "The sentences after the claim's own that state no figure but a reason, up to the next sentence "
            "stating a figure (at most three): a reason written apart, as in "
            "支出决算为1511.89万元。决算数小于预算数的主要原因：…"
        ),
        exclude_if=_absent,
    )
    location: Location = Field(default_factory=Location)


class Section(_Model):
    number: str | None = None
    title: str
    location: Location = Field(default_factory=Location)


class Narrative(_Model):
    sections: list[Section] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class PlanPoint(_Model):
    label: str = Field(description="The period as printed, e.g. 3月底")
    value: Amount


class SpendingPlan(_Model):
    unit: str | None = Field(default=None, description="The unit the table states, e.g. %")
    points: list[PlanPoint] = Field(default_factory=list)


class Indicator(_Model):
    level1: str | None = None
    level2: str | None = None
    name: str
    description: str | None = None
    value: str | None = Field(default=None, description="The indicator value as printed, e.g. ≥90%")
    operator: str | None = Field(default=None, description="≥ ≤ > < = where the value states one")
    number: Amount | None = None
    unit: str | None = None
    basis: str | None = Field(default=None, description="指标值确定依据")
    location: Location = Field(default_factory=Location)


class PerformanceProject(_Model):
    name: str
    kind: Literal["project", "activity", "department"] = Field(
        default="project",
        description="project; activity (older duty-activity tables); department (部门整体支出绩效目标)",
    )
    code: str | None = None
    budget: Amount | None = None
    fiscal: Amount | None = Field(default=None, description="Of the budget, fiscal funds, where stated")
    unit: str | None = Field(
        default=None, exclude_if=_absent, description="The unit of budget and fiscal as printed (万元, 元); null: 万元"
    )
    goal: str | None = None
    purpose: str | None = Field(default=None, description="资金用途 where the table states it")
    description: str | None = Field(default=None, description="内容描述 (older activity tables)")
    plan: SpendingPlan | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class ProcurementLine(_Model):
    project: str | None = None
    item: str | None = None
    catalogue: str | None = None
    unit: str | None = None
    quantity: Amount | None = None
    unit_price: Amount | None = None
    values: dict[str, Amount] = Field(default_factory=dict)
    kind: str | None = Field(default=None, exclude_if=_absent, description="货物, 工程 or 服务, where known")
    location: Location = Field(default_factory=Location)


class Procurement(_Model):
    present: bool = Field(default=False, description="Whether the procurement section or table was found")
    unit: str | None = None
    note: str | None = None
    lines: list[ProcurementLine] = Field(default_factory=list)
    kinds: dict[str, Amount] = Field(
        default_factory=dict, exclude_if=lambda v: not v, description="Totals by kind as printed: 货物, 工程, 服务"
    )
    location: Location = Field(default_factory=Location)


class AssetRow(_Model):
    key: str | None = Field(
        default=None,
        description="total, buildings, office, vehicles, equipment, other (older: general_equipment, furniture)",
    )
    name: str
    count: Amount | None = None
    value: Amount | None = None
    location: Location = Field(default_factory=Location)


class Assets(_Model):
    present: bool = False
    as_of: str | None = Field(default=None, description="截止时间 as printed")
    unit: str | None = None
    rows: list[AssetRow] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class Organisation(_Model):
    name: str
    nature: str | None = Field(default=None, description="单位性质")
    rank: str | None = Field(default=None, description="单位规格")
    funding: str | None = Field(default=None, description="经费保障形式")
    location: Location = Field(default_factory=Location)


class Staffing(_Model):
    total: int | None = None
    active: int | None = Field(default=None, description="在职人员")
    retired: int | None = Field(default=None, description="离退休人员")
    sentence: str
    location: Location = Field(default_factory=Location)


class GlossaryEntry(_Model):
    """One 名词解释 entry."""

    term: str
    text: str
    location: Location = Field(default_factory=Location)


class Ambiguity(_Model):
    """A row whose numbers the arithmetic cannot place in columns unambiguously."""

    table: str
    code: str | None = None
    key: str | None = None
    name: str
    numbers: list[Amount]
    candidates: list[dict[str, Amount]] = Field(description="Every column assignment that satisfies all checks")
    location: Location = Field(default_factory=Location)


class Problem(_Model):
    """Something the reader could not read or had to set aside; reported by the review as `parse`."""

    code: str
    message: str
    table: str | None = None
    location: Location = Field(default_factory=Location)


AnyTable = Table | TwoSidedTable


class TableReading(_Model):
    """How one table was read from a real file: where, how much, and how well it adds up."""

    table: str = Field(description="Canonical id, or the id of a recognised table not read into rows")
    title: str
    pages: list[int] = Field(default_factory=list)
    rows: int = 0
    cells: int = Field(default=0, description="Amount cells read (blank cells not counted)")
    columns: int = Field(default=0, description="Value columns read")
    unknown_columns: list[str] = Field(default_factory=list, description="Heads of value columns without a key")
    parts: dict[str, str] = Field(
        default_factory=dict,
        description="Columns without a key found by arithmetic to be a part of another (c14 → total): the key "
        "of the unknown column → the key of its whole",
    )
    checks: int = Field(default=0, description="Arithmetic checks inside the table and with other tables")
    passed: int = 0
    confidence: float = Field(default=0.0, description="0–1: share of checks that pass, lowered by unknown columns")
    read: bool = Field(default=True, description="False for tables recognised but not read into rows")


class ReadingReport(_Model):
    """What the reader found in a real file — like camelot's parsing report (issue 5)."""

    format: str
    pages: int | None = None
    tables: list[TableReading] = Field(default_factory=list)
    confidence: float = Field(default=0.0, description="Mean confidence of the tables read")
    notes: list[str] = Field(default_factory=list)


class Disclosure(_Model):
    source: str
    layout: Layout
    kind: Kind = Field(
        default="部门预算",
        description=(
            "The kind of disclosure, from its title (else its file name, its text): "
            "部门预算, 单位预算, 部门决算 or 单位决算"
        ),
    )
    content: Content = Field(
        default="package",
        description=(
            "What the file holds: 'package' (narrative and tables), 'narrative_only' (a 情况说明 without tables) "
            "or 'tables_only' (报表 without narrative)"
        ),
    )
    department: Department = Field(default_factory=Department)
    year: int | None = None
    unit: str | None = None
    tables: dict[str, AnyTable] = Field(default_factory=dict)
    narrative: Narrative = Field(default_factory=Narrative)
    performance: list[PerformanceProject] = Field(default_factory=list)
    procurement: Procurement = Field(default_factory=Procurement)
    assets: Assets = Field(default_factory=Assets)
    organisation: list[Organisation] = Field(default_factory=list)
    staffing: Staffing | None = None
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    ambiguities: list[Ambiguity] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    template: str = Field(
        default="hebei-2023",
        description=(
            "Id of the template the disclosure follows (yusuan.domain.templates): 'hebei-2023' (the seeds' "
            "template), the id of another template family, or 'unknown'"
        ),
    )
    reading: ReadingReport | None = Field(
        default=None, exclude_if=_absent, description="Real files: the reading report"
    )

    @field_validator("template", mode="before")
    @classmethod
    def _legacy_template(cls, value: object) -> object:
        """JSON written before templates had ids: absent or null was the Hebei 2023 template, 'other' any other."""
        if value is None:
            return "hebei-2023"
        return "unknown" if value == "other" else value

    def table(self, table_id: str) -> Table | None:
        t = self.tables.get(table_id)
        return t if isinstance(t, Table) else None

    def two_sided(self, table_id: str) -> TwoSidedTable | None:
        t = self.tables.get(table_id)
        return t if isinstance(t, TwoSidedTable) else None
