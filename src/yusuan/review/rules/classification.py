"""Classification codes: they exist in the year's 政府收支分类科目 and carry its names (DOMAIN.md §3
R14), and the function ↔ economic conventions of personnel costs hold (R10).

The reference is ``yusuan.domain.classification`` (docs/classification.md). A code printed in several tables
(收入总表, 支出总表, 一般公共预算财政拨款支出表…) is reported once, with every place it appears.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.domain import classification as ref
from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import ANY_KIND
from yusuan.model import Disclosure, Row, Table
from yusuan.review import mutations as mut
from yusuan.review.context import ZERO, Context, fmt, sum_tolerance
from yusuan.review.finding import Evidence, Severity, at
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule
from yusuan.review.rules.arithmetic import table_title

BASIS_CODES = (
    "《2023年政府收支分类科目》（财政部）；《地方预决算公开操作规程》（财预〔2016〕143号）；冀财预〔2016〕129号"
)
BASIS_CONVENTION = (
    f"《政府收支分类科目》2023 功能分类与部门预算经济分类的对应惯例（{figure_name('personnel')}社会保障缴费、离退休费）"
)

FUNCTION_TABLES: tuple[str, ...] = ("income", "expenditure", "general_budget", "gov_fund", "state_capital")
ECONOMIC_TABLES: tuple[str, ...] = ("basic_expenditure",)
KIND_ZH = {"function": "支出功能分类", "economic": "部门预算支出经济分类"}


_SCOPE: tuple[tuple[ref.Kind, tuple[str, ...]], ...] = (("function", FUNCTION_TABLES), ("economic", ECONOMIC_TABLES))


def _coded_rows(ctx: Context) -> Iterator[tuple[ref.Kind, str, Row]]:
    """(classification, table id, row) for every row that carries a code."""
    for kind, tables in _SCOPE:
        for table_id in tables:
            t = ctx.table(table_id)
            if t is None:
                continue
            for r in t.rows:
                if r.code:
                    yield kind, table_id, r


def _evidence(table_id: str, r: Row) -> Evidence:
    return Evidence(table=table_id, row=r.code, name=r.name, **at(r.location))


def _tables(ctx: Context, places: list[tuple[str, Row]]) -> str:
    """The tables, by the titles the document prints (收入决算表 in a 决算, 部门预算收入总表 where none is read)."""
    return "、".join(dict.fromkeys(table_title(ctx, t) for t, _ in places))


def _edition_note(year: int | None) -> str:
    """Said in the message when the document's year has no edition of its own."""
    ed = ref.edition(year)
    if year is None:
        return f"（文件未注明预算年度，按 {ed} 年版科目核对）"
    if ed != year:
        return f"（参考中没有 {year} 年版科目，按 {ed} 年版核对；两版之间调整过的科目可能因此误报）"
    return ""


def _ancestor(kind: ref.Kind, code: str, year: int | None) -> ref.Entry | None:
    for n in (5, 3):
        if n < len(code) and (entry := ref.lookup(kind, code[:n], year)) is not None:
            return entry
    return None


@rule(
    "classification-code-unknown",
    kind="classification",
    severity="error",
    title="科目编码不在当年分类科目中",
    template="{tables}列有{classification}编码 {code}“{name}”，{verdict}。",
    basis=BASIS_CODES,
    refs=("R14",),
    documents=ANY_KIND,
)
def classification_code_unknown(ctx: Context) -> Iterator[Hit]:
    """Every function code (收入、支出、财政拨款支出表) and economic code (基本支出表) is a code of the
    year's classification. Error when the reference lists every sibling and the code is not among them
    (a warning when the document's year has no edition in the reference: the code may have existed
    that year); info when the code lies outside what the reference lists (a partial list, a local
    subdivision)."""
    year = ctx.d.year
    ed = ref.edition(year)
    groups: dict[tuple[ref.Kind, str], list[tuple[str, Row]]] = {}
    for kind, table_id, r in _coded_rows(ctx):
        code = ref.normalize_code(r.code or "")
        if ref.coverage(kind, code, year) != "known":
            groups.setdefault((kind, code), []).append((table_id, r))
    for (kind, code), places in groups.items():
        coverage = ref.coverage(kind, code, year)
        parent = _ancestor(kind, code, year)
        if coverage == "unknown":
            where = f"（上级科目 {parent.code} {parent.name} 之下没有这一编码）" if parent else ""
            verdict = f"不是 {ed} 年版《政府收支分类科目》中的科目{where}，请核对编码"
            # another year's classification may have had the code (科目 are revised most years)
            severity: Severity | None = None if ed == year else "warning"
        else:
            verdict = (
                f"不在本工具所收 {ed} 年版科目的范围内（参考未列全该级科目，或为地方细化科目），无法核对，请人工确认"
            )
            severity = "info"
        yield Hit(
            fields={
                "tables": _tables(ctx, places),
                "classification": KIND_ZH[kind],
                "code": code,
                "name": places[0][1].name,
                "verdict": verdict,
            },
            locations=[_evidence(t, r) for t, r in places],
            severity=severity,
            suffix=_edition_note(year),
        )


@mutation(
    "classification-code-unknown",
    zh="基本支出表一个经济分类科目编码改为当年不存在的编码",
    en="give a 302 款 of the basic expenditure table a code that year's classification lacks",
)
def _unknown_code(d: Disclosure, rng: random.Random) -> MutationRecord:
    t = mut.table(d, "basic_expenditure")
    leaf = mut.pick(rng, [r for r in mut.leaves(t, 5) if (r.code or "").startswith("302")])
    if leaf.code is None:
        raise NotApplicable
    taken = {r.code for r in t.rows}
    unknown = [
        f"302{n:02d}"
        for n in range(98, 40, -1)
        if f"302{n:02d}" not in taken and ref.coverage("economic", f"302{n:02d}", d.year) == "unknown"
    ]
    if not unknown:
        raise NotApplicable
    before, leaf.code = leaf.code, rng.choice(unknown)
    return MutationRecord(mut.cell("basic_expenditure", leaf), before, leaf.code)


@rule(
    "classification-name-mismatch",
    kind="classification",
    severity="warning",
    title="科目名称与分类科目不一致",
    template="{tables}中{classification}编码 {code} 的名称印作“{printed}”，{edition} 年版科目名称为“{reference}”。",
    basis=BASIS_CODES,
    refs=("R14",),
    documents=ANY_KIND,
)
def classification_name_mismatch(ctx: Context) -> Iterator[Hit]:
    """The name printed beside a known code is that code's name (up to spaces, line wraps and the
    width of brackets). Against a reference name of low confidence the finding is only info."""
    year = ctx.d.year
    groups: dict[tuple[ref.Kind, str, str], list[tuple[str, Row]]] = {}
    for kind, table_id, r in _coded_rows(ctx):
        entry = ref.lookup(kind, r.code or "", year)
        if entry is None or not r.name.strip() or ref.name_matches(entry.name, r.name):
            continue
        groups.setdefault((kind, entry.code, ref.canonical_name(r.name)), []).append((table_id, r))
    for (kind, code, _), places in groups.items():
        entry = ref.lookup(kind, code, year)
        assert entry is not None
        low = entry.confidence == "low"
        yield Hit(
            fields={
                "tables": _tables(ctx, places),
                "classification": KIND_ZH[kind],
                "code": code,
                "printed": places[0][1].name,
                "edition": ref.edition(year),
                "reference": entry.name,
            },
            locations=[_evidence(t, r) for t, r in places],
            severity="info" if low else None,
            suffix=_edition_note(year) + ("（参考中该科目名称的可信度较低，请以官方科目表为准）" if low else ""),
        )


@mutation(
    "classification-name-mismatch",
    zh="支出总表一个科目名称与分类科目不一致",
    en="rename a code row of the expenditure table",
)
def _rename(d: Disclosure, rng: random.Random) -> MutationRecord:
    row = mut.pick(rng, [r for r in mut.table(d, "expenditure").rows if r.code])
    before = row.name
    row.name = before + "经费" if not before.endswith("经费") else before + "支出"
    return MutationRecord(mut.cell("expenditure", row), before, row.name)


# -- R10: function ↔ economic conventions --------------------------------------------------------


@dataclass(frozen=True)
class Convention:
    title: str
    #: Function codes (一般公共预算财政拨款支出表, 基本支出): the primary one first.
    function: tuple[str, ...]
    #: Economic codes (基本支出表, 合计).
    economic: tuple[str, ...]
    #: Economic codes the function side may carry on top (the convention is then "≈").
    allowance: tuple[str, ...] = ()


CONVENTIONS: tuple[Convention, ...] = (
    Convention("基本养老保险缴费", ("2080505",), ("30108",)),
    Convention("职业年金缴费", ("2080506",), ("30109",)),
    # 30110 pays the health insurance of administrative (2101101) and, where there are any, of
    # institution staff (2101102).
    Convention("职工基本医疗保险缴费", ("2101101", "2101102"), ("30110",)),
    Convention("公务员医疗补助", ("2101103",), ("30111",)),
    Convention("住房公积金", ("2210201",), ("30113",)),
    # 离退休 also pays other allowances of retired staff (生活补助 and the like): ≈, never less.
    Convention("离退休费", ("2080501", "2080502"), ("30301", "30302"), ("30303", "30304", "30305", "30399")),
)


def _side(
    ctx: Context, table_id: str, codes: tuple[str, ...], column: str, kind: ref.Kind
) -> tuple[str, Decimal, list[Evidence], bool]:
    """(label, amount, evidence, present) of one side of a convention: the codes the table lists, or
    when it lists none of them, the primary function code or every economic code."""
    table = ctx.table(table_id)
    # every row of a code: a table printing one code tree per unit lists a code once per unit
    every = [(c, r) for c in codes for r in (table.rows if table is not None else []) if r.code == c]
    rows: list[tuple[str, Row | None]] = [*every] or [(c, None) for c in codes]
    present = [(c, r) for c, r in rows if r is not None]
    shown = present or (rows[:1] if kind == "function" else rows)
    names: dict[str, str] = {}
    for c, r in shown:
        names.setdefault(c, r.name if r is not None else _reference_name(kind, c))
    label = " + ".join(f"{c} {n}" for c, n in names.items())  # a code printed once per unit is named once
    printed = set(table.columns or {}) if table is not None else set()
    # a table printing 人员经费 and 公用经费 but no 基本支出 column: the basic spending is their sum
    columns = ("personnel", "public") if column == "basic" and printed and column not in printed else (column,)
    amount = sum((ctx.value(r, c) for _, r in present for c in columns), ZERO)
    evidence = [
        ctx.cell(table_id, r, c) if r is not None else Evidence(table=table_id, row=code, column=c)
        for code, r in shown
        for c in columns
    ]
    return label, amount, evidence, bool(present)


def _reference_name(kind: ref.Kind, code: str) -> str:
    entry = ref.lookup(kind, code)
    return entry.name if entry else ""


@rule(
    "function-economic-convention",
    kind="classification",
    severity="warning",
    title="功能分类与经济分类的对应金额不一致",
    template=(
        f"{{convention}}：一般公共预算财政拨款支出表 {{function_label}} {figure_name('basic')} {{function_amount}} 万元"
        "{function_note}，"
        "基本支出表 {economic_label} {economic_amount} 万元{economic_note}，相差 {difference} 万元。"
        "按惯例二者{relation}；不一致不一定是错误，请核对科目的使用。"
    ),
    basis=BASIS_CONVENTION,
    refs=("R10",),
)
def function_economic_convention(ctx: Context) -> Iterator[Hit]:
    """2080505 = 30108; 2080506 = 30109; 2101101 (+ 2101102) = 30110; 2101103 = 30111; 2210201 = 30113;
    2080501 (+ 2080502) ≈ 30301 + 30302: at least that, at most that plus the other 303 allowances.

    One side absent while the other is positive is a mismatch too (退休费 paid but no 2080501 row)."""
    general, basic = ctx.table("general_budget"), ctx.table("basic_expenditure")
    if not _has_codes(general) or not _has_codes(basic):
        return
    for conv in CONVENTIONS:
        f_label, f_amount, f_evidence, f_present = _side(ctx, "general_budget", conv.function, "basic", "function")
        e_label, e_amount, e_evidence, e_present = _side(ctx, "basic_expenditure", conv.economic, "total", "economic")
        if not f_present and not e_present:
            continue
        extra = sum((ctx.value(ctx.row("basic_expenditure", c), "total") for c in conv.allowance), ZERO)
        tolerance = sum_tolerance([f_amount, e_amount])
        difference = f_amount - e_amount
        if -tolerance.amount <= difference <= extra + tolerance.amount:
            continue
        relation = "应相等"
        if conv.allowance:
            relation = "应大致相等（功能分类一方不少于经济分类一方，多出部分不超过其他对个人和家庭的补助）"
        yield Hit(
            fields={
                "convention": conv.title,
                "function_label": f_label,
                "function_amount": fmt(f_amount),
                "function_note": "" if f_present else "（未列此科目）",
                "economic_label": e_label,
                "economic_amount": fmt(e_amount),
                "economic_note": "" if e_present else "（未列此科目）",
                "difference": fmt(difference),
                "relation": relation,
            },
            values={"function": f_amount, "economic": e_amount, "difference": difference},
            locations=[*f_evidence, *e_evidence],
            suffix=tolerance.beyond(),
        )


@mutation(
    "function-economic-convention",
    zh="基本支出表养老保险缴费(30108)的一部分移到基本工资(30101)，与功能分类2080505不再相等",
    en="move part of 30108 to 30101 in the basic expenditure table",
)
def _move_pension(d: Disclosure, rng: random.Random) -> MutationRecord:
    t = mut.table(d, "basic_expenditure")
    pension, wage = mut.by(t.rows, "30108"), mut.by(t.rows, "30101")
    delta = min(mut.delta(rng, pension.values["total"]), pension.values["total"] - Decimal("0.01"))
    for row, sign in ((pension, -1), (wage, 1)):
        mut.add(row, "total", sign * delta)
        mut.add(row, "personnel", sign * delta)
    return MutationRecord(mut.cell("basic_expenditure", pension, "total"), None, str(delta))


def _has_codes(t: Table | None) -> bool:
    return t is not None and any(r.code for r in t.rows)
