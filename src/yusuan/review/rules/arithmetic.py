"""Arithmetic inside one table (DOMAIN.md §3 R1–R3, R6, R8, R9), kind ``arithmetic``.

Rule ids:

- ``summary-balance``: 收支总表 and 财政拨款收支总表 — 本年收入合计 = Σ income items, 本年支出合计 = Σ
  expenditure items (each column), 上年结转 = its itemised parts, 收入总计 = 本年收入合计 + 上年结转结余,
  支出总计 = 本年支出合计 + 年终结转结余, 收入总计 = 支出总计 (R1, R6).
- ``row-sum``: each row's total equals the sum of its columns, by the row equations of ``yusuan.domain.tables``
  (income, expenditure, fiscal_summary, general_budget, basic_expenditure, gov_fund, state_capital,
  three_public; R2, R3, R6, R8, R9).
- ``hierarchy-sum``: 类 = Σ 款, 款 = Σ 项 and 合计 = Σ 类, column by column; one finding per parent row (R2, R3, R8).
- ``three-public-sum``: the 三公 tree — 合计 = 小计; 小计 = 因公出国 + 公务用车购置及运维 + 公务接待;
  公务用车购置及运维 = 购置 + 运行维护; 因公出国 = its sub-rows where the template splits it (R9).

- ``rounding-difference`` (info): a relationship of any arithmetic or cross-table rule that misses by no
  more than rounding explains (尾差).

Amounts printed to d decimals are rounded from finer amounts (万元 to two decimals from 元), so each may
be off by half a unit of its last digit: n printed terms and their printed total may miss by up to
(n + 1) × 0.005 万元 (the total's own rounding is the "+ 1"; a blank cell is exactly 0 and adds nothing; a
table's precision is the most decimals any of its amounts shows, so a 元 table of whole 元 allows 0.5 元 a
term). A difference within that bound is a 尾差 finding (info); beyond it the rule's error states the bound.
Blank cells are 0. A relationship whose rows are absent from the table (another template), or that
involves a row whose columns the reader could not place (``Disclosure.ambiguities``), is not checked. The
helpers here are shared with ``cross_table``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.tables import COLUMN_NAMES, SPECS, row_equations
from yusuan.domain.templates import HEBEI_ONLY
from yusuan.model import Disclosure, Row, Table, TwoSidedTable
from yusuan.review import mutations as mut
from yusuan.review.context import HALF_CENT, ZERO, Context, Tolerance, bound_text, decimals, fmt, rounding_bound
from yusuan.review.finding import Evidence, Severity
from yusuan.review.registry import Hit, MutationRecord, mutation, rule

BASIS_TEMPLATE = "冀财预〔2016〕129号 部门预算公开表格样式（财预〔2016〕143号）；勾稽关系惯例"
BASIS_BALANCE = "《预算法》第十二条（收支平衡）；" + BASIS_TEMPLATE
BASIS_CLASSIFICATION = "《政府收支分类科目》：上级科目等于所属下级科目之和；勾稽关系惯例"
CODE_TABLES = ("income", "expenditure", "general_budget", "basic_expenditure", "gov_fund", "state_capital")


# -- labels ---------------------------------------------------------------------------------------
def table_title(ctx: Context, table_id: str) -> str:
    t = ctx.d.tables.get(table_id)
    return t.title if t is not None else SPECS[table_id].title


def row_label(row: Row) -> str:
    """``“行政运行”(2010101)``; a name that carries its own quotes (``“三公”经费小计``) is not quoted again."""
    name = row.name if "“" in row.name else f"“{row.name}”"
    return f"{name}({row.code})" if row.code else name


def column_label(table_id: str, column: str) -> str:
    spec = SPECS[table_id]
    if column in spec.columns:
        return spec.labels[spec.columns.index(column)]
    if spec.income_labels and column in spec.income_columns:
        return spec.income_labels[0]  # the income side's one column
    return COLUMN_NAMES.get(column, column)  # a column another template adds (一般公共预算 in 收入总表)


def printed_label(ctx: Context, table_id: str, column: str) -> str:
    """A column's name as the document prints it (决算数 in a 决算's summary), else the template's."""
    t = ctx.d.tables.get(table_id)
    printed = (t.columns or {}).get(column) if t is not None else None
    return printed.split("/")[-1] if printed else column_label(table_id, column)


def rows_of(ctx: Context, table_id: str, side: str = "main") -> list[Row]:
    t = ctx.d.tables.get(table_id)
    if isinstance(t, TwoSidedTable):
        return t.income if side == "income" else t.expenditure
    return t.rows if isinstance(t, Table) else []


def keyed(rows: Iterable[Row]) -> dict[str, Row]:
    return {r.key: r for r in rows if r.key and not r.code}


def is_ambiguous(ctx: Context, table_id: str, rows: Iterable[Row | None]) -> bool:
    """Whether any of ``rows`` is a row whose columns the reader could not place."""
    marks = {(a.table, a.code or a.key) for a in ctx.d.ambiguities}
    return any(r is not None and (table_id, r.code or r.key) in marks for r in rows)


# -- relations ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Operand:
    """One amount of a relationship: its name in ``Finding.values``, its label in the message, its evidence."""

    key: str
    label: str
    amount: Decimal
    evidence: Evidence
    #: Half a unit of the last digit its table prints (万元): how far rounding may have moved it.
    half: Decimal = HALF_CENT

    @property
    def printed(self) -> bool:
        """Whether the cell holds a printed amount (a blank cell, or a row the table lacks, is exactly 0)."""
        return self.evidence.value is not None


def cell(ctx: Context, table_id: str, row: Row | None, column: str, label: str, key: str) -> Operand:
    amount = ctx.value(row, column)
    return Operand(key, label, amount, ctx.cell(table_id, row, column), ctx.half_unit(table_id, amount))


def amount_text(c: Operand) -> str:
    """An amount as the message prints it: as printed when visibly rounded (``8.3``); a blank cell (or a row
    the table does not have) is ``空白``."""
    if c.evidence.value is None and not c.amount:
        return "空白"
    return format(c.amount, "f") if 0 < decimals(c.amount) < 2 else fmt(c.amount)


def terms_text(terms: Sequence[Operand]) -> str:
    """``A 1.00 + B 空白``; in a long sum the blank terms are counted instead of listed."""
    shown = list(terms) if len(terms) <= 4 else [t for t in terms if t.amount]
    text = " + ".join(f"{t.label} {amount_text(t)}" for t in shown) or "0"
    blank = len(terms) - len(shown)
    return text + (f"（另 {blank} 项为空）" if blank else "")


@dataclass(frozen=True)
class Relation:
    """``stated = Σ terms`` (with one term: ``stated = other``)."""

    stated: Operand
    terms: tuple[Operand, ...]

    @property
    def computed(self) -> Decimal:
        return sum((t.amount for t in self.terms), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.stated.amount - self.computed

    @property
    def tolerance(self) -> Tolerance:
        """The rounding bound: half a unit of the last printed digit of every printed amount involved
        (n terms and their total to two decimals: (n + 1) × 0.005 万元)."""
        return rounding_bound(o.half for o in (self.stated, *self.terms) if o.printed)

    @property
    def off(self) -> bool:
        """Whether the amounts differ at all."""
        return self.difference != ZERO

    @property
    def broken(self) -> bool:
        """Whether they differ by more than rounding explains."""
        return abs(self.difference) > self.tolerance.amount

    @property
    def rounding(self) -> bool:
        """Whether they differ by no more than rounding explains (尾差)."""
        return self.off and not self.broken

    def text(self) -> str:
        stated = f"{self.stated.label} {amount_text(self.stated)}" + (" 万元" if self.stated.amount else "")
        if len(self.terms) == 1:
            one = self.terms[0]
            other = f"{one.label} {amount_text(one)}" + (" 万元" if one.amount else "")
        else:
            other = f"{terms_text(self.terms)} = {fmt(self.computed)} 万元"
        return f"{stated}，但{other}，相差 {fmt(abs(self.difference))} 万元"

    def values(self, prefix: str = "") -> dict[str, Decimal]:
        out = {f"{prefix}stated": self.stated.amount, f"{prefix}computed": self.computed}
        out[f"{prefix}difference"] = self.difference
        out.update({f"{prefix}{t.key}": t.amount for t in self.terms})
        return out

    def locations(self) -> list[Evidence]:
        return [self.stated.evidence, *(t.evidence for t in self.terms)]


#: The rule a difference within the rounding bound is reported under (info, never an error).
ROUNDING_RULE = "rounding-difference"


def relation_hits(
    fields: dict[str, str], relations: Sequence[tuple[str, Relation]], severity: Severity | None = None
) -> Iterator[Hit]:
    """The findings for the ``relations`` that do not hold: ``(prefix, relation)`` pairs, one per column
    when grouped. Those beyond their rounding bound make one finding of the rule (its message states the
    bound); those within it one 尾差 finding filed under :data:`ROUNDING_RULE` (info)."""
    broken = [(p, r) for p, r in relations if r.broken]
    rounding = [(p, r) for p, r in relations if r.rounding]
    if broken:
        yield _hit(fields, broken, severity, within=False)
    if rounding:
        hit = _hit(fields, rounding, "info", within=True)
        hit.rule = ROUNDING_RULE
        yield hit


def read_hits(
    ctx: Context, fields: dict[str, str], relations: Sequence[tuple[str, Relation]], severity: Severity | None = None
) -> Iterator[Hit]:
    """:func:`relation_hits` of the relations whose every cell is in a column its table has read: a column
    a template does not print (or the reader did not place) is blank without saying anything."""
    kept = [(p, r) for p, r in relations if all(ctx.has_column(o.evidence.table or "", o.evidence.column or "")
                                                for o in (r.stated, *r.terms))]  # fmt: skip
    return relation_hits(fields, kept, severity)


def _hit(
    fields: dict[str, str],
    relations: Sequence[tuple[str, Relation]],
    severity: Severity | None,
    within: bool,
) -> Hit:
    """The message joins the relations' texts (a column whose amounts repeat an earlier one's is named, not
    repeated); values are named ``{prefix}stated`` etc.; locations are deduplicated."""
    groups: dict[tuple[object, ...], list[Relation]] = {}
    for _, r in relations:  # the same rows with the same amounts in another column
        terms = ((t.evidence.table, t.evidence.row, t.amount) for t in r.terms)
        same = (r.stated.amount, r.stated.evidence.row, *terms)
        groups.setdefault(same, []).append(r)
    detail = "；".join(first.text() + _same_text(rest) for first, *rest in groups.values())
    values: dict[str, Decimal] = {}
    locations: list[Evidence] = []
    for prefix, r in relations:
        values.update(r.values(prefix))
        if within:
            values[f"{prefix}bound"] = r.tolerance.amount
        locations.extend(e for e in r.locations() if e not in locations)
    bounds = sorted({r.tolerance.amount for _, r in relations if r.tolerance.amount}, reverse=True)
    text = "、".join(f"±{bound_text(b)}" for b in bounds)
    if within:
        suffix = f"（在四舍五入允许的 {text} 万元以内）"
    else:
        suffix = f"（超出四舍五入允许的 {text} 万元）" if bounds else ""
    fields = {**fields, "detail": detail}
    return Hit(fields=fields, values=values, locations=locations, severity=severity, suffix=suffix)


def _same_text(rest: Sequence[Relation]) -> str:
    names = [column_label(r.stated.evidence.table or "", r.stated.evidence.column or "") + "栏" for r in rest]
    return f"（{'、'.join(names)}同）" if names else ""


def per_column(
    ctx: Context, table_id: str, columns: Sequence[str], stated: Row, terms: Sequence[Row]
) -> list[tuple[str, Relation]]:
    """The ``stated = Σ terms`` relations that do not hold exactly, column by column; with several columns each
    is prefixed ``{column}_`` in the values and named ``…栏`` in the message. Terms are valued under their code
    or key."""
    several = len(columns) > 1
    out = []
    for col in columns:
        stated_amount = ctx.value(stated, col)
        amounts = [ctx.value(r, col) for r in terms]
        if stated_amount == sum(amounts, ZERO):
            continue  # holds exactly: no need to build the evidence
        name = f"{printed_label(ctx, table_id, col)}栏" if several else printed_label(ctx, table_id, col)
        head = cell(ctx, table_id, stated, col, f"{row_label(stated)} {name}", "stated")
        parts = tuple(cell(ctx, table_id, r, col, row_label(r), r.code or r.key or r.name) for r in terms)
        out.append((f"{col}_" if several else "", Relation(head, parts)))
    return out


# -- R1: the two-sided summaries ----------------------------------------------------------------
def _index(rows: list[Row], key: str) -> int | None:
    return next((i for i, r in enumerate(rows) if r.key == key and not r.code), None)


def _balance_relations(rows: list[Row], side: str) -> Iterator[tuple[str, Row, list[Row]]]:
    """(relation, stated row, term rows) of one side: 本年合计 = Σ items, 结转 = Σ its parts, 总计 = 合计 + 结转."""
    cur, carry, grand = _index(rows, "current_total"), _index(rows, "carryover"), _index(rows, "grand_total")
    if cur is not None and cur > 0:
        yield f"“{rows[cur].name}”应等于各项{side}之和", rows[cur], rows[:cur]
    if carry is not None and grand is not None and grand > carry + 1:
        yield f"“{rows[carry].name}”应等于其分项之和", rows[carry], rows[carry + 1 : grand]
    if cur is not None and carry is not None and grand is not None:
        r = rows[grand], rows[cur], rows[carry]
        yield f"“{r[0].name}”应等于“{r[1].name}”加“{r[2].name}”", r[0], [r[1], r[2]]


@rule(
    "summary-balance",
    kind="arithmetic",
    severity="error",
    title="收支总表合计不平衡",
    template="{table}中{relation}：{detail}",
    basis=BASIS_BALANCE,
    refs=("R1", "R6"),
    templates=HEBEI_ONLY,
    needs=("summary",),
)
def summary_balance(ctx: Context) -> Iterator[Hit]:
    """The summary and the fiscal summary add up: 本年合计, 结转, 总计 on each side, and 收入总计 = 支出总计.

    Bound to the Hebei template: the sums run over the rows printed between the heads and 本年合计, which in
    that template are the items of one level. Other templates print sub-items under their items (财政拨款 /
    其中：一般公共预算, 类 / 款 / 项) and two breakdowns of the same total (基本支出 / 项目支出 beside the 类),
    which this rule cannot tell apart from items."""
    for table_id in ("summary", "fiscal_summary"):
        t = ctx.two_sided(table_id)
        if t is None:
            continue
        title = table_title(ctx, table_id)
        for side, rows, columns in (
            ("收入", t.income, SPECS[table_id].income_columns),
            ("支出", t.expenditure, SPECS[table_id].columns),
        ):
            for relation, stated, terms in _balance_relations(rows, side):
                if is_ambiguous(ctx, table_id, [stated, *terms]):
                    continue
                off = per_column(ctx, table_id, columns, stated, terms)
                yield from relation_hits({"table": title, "relation": relation}, off)
        yield from _grand_totals(ctx, table_id, t, title)


@mutation(
    "summary-balance", zh="收支总表的收入总计改动，收支不再平衡", en="change the summary table's income grand total"
)
def _unbalance(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.by(mut.two_sided(d, "summary").income, "grand_total")
    before = row.values["amount"]
    mut.add(row, "amount", mut.delta(rng, before))
    return MutationRecord(mut.cell("summary", row, "amount"), str(before), str(row.values["amount"]))


def _grand_totals(ctx: Context, table_id: str, t: TwoSidedTable, title: str) -> Iterator[Hit]:
    income, spent = keyed(t.income).get("grand_total"), keyed(t.expenditure).get("grand_total")
    if income is None or spent is None:
        return
    column = SPECS[table_id].columns[0]
    rel = Relation(
        cell(ctx, table_id, income, "amount", row_label(income), "stated"),
        (cell(ctx, table_id, spent, column, row_label(spent), "grand_total_expenditure"),),
    )
    if rel.off:
        yield from relation_hits({"table": title, "relation": f"“{income.name}”应等于“{spent.name}”"}, [("", rel)])


# -- R2, R3, R6, R8, R9: row sums -----------------------------------------------------------------
@rule(
    "row-sum",
    kind="arithmetic",
    severity="error",
    title="行内合计与各栏之和不符",
    template="{table}{row}：{detail}",
    basis=BASIS_TEMPLATE,
    refs=("R2", "R3", "R6", "R8", "R9"),
    documents=ANY_KIND,
)
def row_sum(ctx: Context) -> Iterator[Hit]:
    """In every row the total column equals the sum of its parts (合计 = 小计 + 上年结转, 小计 = Σ 来源,
    合计 = 基本支出 + 项目支出 + …, 合计 = 人员经费 + 公用经费, 合计 = 一般公共预算 + 政府性基金 + 国有资本经营).
    An equation is checked only where the table uses its columns at all."""
    for table_id in SPECS:
        rows = rows_of(ctx, table_id)
        used = {c for r in rows for c in r.values}
        table = ctx.d.tables.get(table_id)
        printed = set(table.columns) if table is not None and table.columns else None
        equations = row_equations(table_id, printed) if printed is not None else SPECS[table_id].equations
        parts = _parts(ctx, table_id)
        for lhs, rhs in equations:
            rhs = (*rhs, *(k for k, whole in parts.items() if whole == lhs))  # a part whose head names no key
            if lhs not in used or not used.intersection(rhs):
                continue
            for r in rows:
                if ctx.value(r, lhs) == sum((ctx.value(r, c) for c in rhs), ZERO):
                    continue  # holds exactly
                if is_ambiguous(ctx, table_id, [r]):
                    continue
                rel = Relation(
                    cell(ctx, table_id, r, lhs, column_label(table_id, lhs), "stated"),
                    tuple(cell(ctx, table_id, r, c, column_label(table_id, c), c) for c in rhs),
                )
                yield from relation_hits({"table": table_title(ctx, table_id), "row": row_label(r)}, [("", rel)])


def _parts(ctx: Context, table_id: str) -> dict[str, str]:
    """Columns the reading found to be a part of another by arithmetic (上年实户资金余额 of 合计)."""
    readings = ctx.d.reading.tables if ctx.d.reading is not None else []
    return next((dict(t.parts) for t in readings if t.table == table_id and t.read), {})


@mutation("row-sum", zh="支出总表一行的合计栏改大，不再等于各栏之和", en="raise a row's total in the expenditure table")
def _raise_row_total(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.pick(rng, mut.leaves(mut.table(d, "expenditure"), 7))
    before = row.values["total"]
    mut.add(row, "total", mut.delta(rng, before))
    return MutationRecord(mut.cell("expenditure", row, "total"), str(before), str(row.values["total"]))


# -- R2, R3, R8: the classification hierarchy -----------------------------------------------------
def families(rows: Sequence[Row]) -> Iterator[tuple[Row, list[Row], str]]:
    """(parent, children, what the children are): 合计 over 类, 类 over 款, 款 over 项."""
    classes = [r for r in rows if r.code and len(r.code) == 3]
    total = next((r for r in rows if r.key == "total" and not r.code), None)
    if total is not None and classes:
        yield total, classes, "各类科目"
    for r in rows:
        if r.code and len(r.code) in (3, 5):
            kids = [k for k in rows if k.code and len(k.code) == len(r.code) + 2 and k.code.startswith(r.code)]
            if kids:
                yield r, kids, "所属各款" if len(r.code) == 3 else "所属各项"


@rule(
    "hierarchy-sum",
    kind="arithmetic",
    severity="error",
    title="上级科目与下级科目之和不符",
    template="{table}{row}与{children}之和不符：{detail}",
    basis=BASIS_CLASSIFICATION,
    refs=("R2", "R3", "R8"),
    documents=ANY_KIND,
)
def hierarchy_sum(ctx: Context) -> Iterator[Hit]:
    """In the code tables 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 in every column; one finding per parent row,
    naming every column that does not add up. A table that prints the same code more than once (one block
    per unit) is not checked by code: which rows belong together is not in the codes."""
    for table_id in CODE_TABLES:
        rows = rows_of(ctx, table_id)
        codes = [r.code for r in rows if r.code]
        if len(codes) != len(set(codes)):
            continue
        for parent, kids, what in families(rows):
            if is_ambiguous(ctx, table_id, [parent, *kids]):
                continue
            off = per_column(ctx, table_id, SPECS[table_id].columns, parent, kids)
            if off:
                fields = {"table": table_title(ctx, table_id), "row": row_label(parent), "children": what}
                yield from relation_hits(fields, off)


@mutation(
    "hierarchy-sum",
    zh="支出总表一个项级科目整行改大，上级科目不再等于下级之和",
    en="raise a whole 项 row of the expenditure table, not its parents",
)
def _raise_leaf(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.pick(rng, mut.leaves(mut.table(d, "expenditure"), 7))
    column = "basic" if "basic" in row.values else "project"
    delta = mut.delta(rng, row.values["total"])
    before = row.values["total"]
    mut.add(row, "total", delta)
    mut.add(row, column, delta)
    return MutationRecord(mut.cell("expenditure", row, column), str(before), str(row.values["total"]))
