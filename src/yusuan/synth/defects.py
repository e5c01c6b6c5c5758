"""Defects injected into synthetic disclosures, each recorded with the rule that should report it.

:func:`inject` changes one thing in a copy of a consistent disclosure — a cell, a row, a sentence, a
table, an indicator — and returns the changed disclosure with a :class:`Defect` saying what was
changed, where, and which review rule should fire. :data:`DEFECTS` covers every kind of rule the
review has that a published document can carry (see ``docs/publish.md`` for the few it leaves out
and why). The choice is deterministic for a given random generator.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from yusuan.domain import classification as reference
from yusuan.model import Claim, Disclosure, Row, Table, TwoSidedTable

D = Decimal
_AMOUNT_RE = re.compile(r"(\d+(?:\.\d+)?)万元")


@dataclass
class Defect:
    """What was changed and which rule should report it."""

    id: str
    rule: str
    kind: str
    description: str
    where: dict[str, Any] = field(default_factory=dict)
    before: str | None = None
    after: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _Skip(Exception):
    """The defect does not apply to this disclosure."""


# -- helpers ------------------------------------------------------------------------------------


def _table(d: Disclosure, table_id: str) -> Table:
    t = d.table(table_id)
    if t is None or not t.rows:
        raise _Skip
    return t


def _two(d: Disclosure, table_id: str) -> TwoSidedTable:
    t = d.two_sided(table_id)
    if t is None:
        raise _Skip
    return t


def _delta(rng: random.Random, base: Decimal) -> Decimal:
    """A visible change: 5–20% of ``base`` and at least 1.00."""
    return max(D("1.00"), (base * D(rng.randint(5, 20)) / 100).quantize(D("0.01")))


def _add(row: Row, column: str, delta: Decimal) -> None:
    row.values[column] = row.values.get(column, D("0.00")) + delta
    if not row.values[column]:
        del row.values[column]


def _leaves(t: Table, length: int) -> list[Row]:
    return [r for r in t.rows if r.code and len(r.code) == length]


def _pick(rng: random.Random, rows: list[Row]) -> Row:
    if not rows:
        raise _Skip
    return rng.choice(rows)


def _by(rows: list[Row], key: str) -> Row:
    row = next((r for r in rows if (r.key or r.code) == key), None)
    if row is None:
        raise _Skip
    return row


def _claims(d: Disclosure, subject: str, kind: str = "amount") -> Claim:
    claim = next((c for c in d.narrative.claims if c.subject == subject and c.kind == kind), None)
    if claim is None:
        raise _Skip
    return claim


def _restate(d: Disclosure, claim: Claim, amount: Decimal, unit: str = "万元") -> str:
    """Change ``claim``'s figure in its sentence (and in every claim of that sentence)."""
    siblings = [c for c in d.narrative.claims if c.sentence == claim.sentence]
    matches = list(_AMOUNT_RE.finditer(claim.sentence))
    if len(matches) != len(siblings):
        raise _Skip
    m = matches[siblings.index(claim)]
    sentence = f"{claim.sentence[: m.start()]}{format(amount, 'f')}{unit}{claim.sentence[m.end():]}"
    for c in siblings:
        c.sentence = sentence
    claim.amount = amount
    claim.unit = unit or None
    return sentence


def _cell(table_id: str, row: Row, column: str | None = None) -> dict[str, Any]:
    return {"table": table_id, "row": row.code or row.key, "name": row.name, "column": column}


# -- the defects --------------------------------------------------------------------------------

Injector = Callable[[Disclosure, random.Random], Defect]


def _drop_table(d: Disclosure, rng: random.Random) -> Defect:
    table_id = rng.choice(sorted(d.tables))
    del d.tables[table_id]
    return Defect("drop-table", "table-missing", "missing", f"删去表格 {table_id}", {"table": table_id})


def _drop_section(d: Disclosure, rng: random.Random) -> Defect:
    required = [s for s in d.narrative.sections if s.number != "九"]  # 其他需要说明的事项 is optional
    if not required:
        raise _Skip
    section = rng.choice(required)
    d.narrative.sections.remove(section)
    d.narrative.claims = [c for c in d.narrative.claims if c.section != section.number]
    return Defect("drop-section", "section-missing", "missing", f"删去情况说明第{section.number}部分“{section.title}”",
                  {"section": section.number})


def _empty_without_note(d: Disclosure, rng: random.Random) -> Defect:
    empty = sorted(k for k, t in d.tables.items() if isinstance(t, Table) and not t.rows)
    if not empty:
        raise _Skip
    table_id = rng.choice(empty)
    table = d.tables[table_id]
    before, table.note = table.note, ""
    return Defect("empty-table-without-note", "empty-table-without-note", "missing", f"删去空表 {table_id} 的说明",
                  {"table": table_id}, before, "")


def _row_sum(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "expenditure")
    row = rng.choice(_leaves(t, 7))
    delta = _delta(rng, row.values["total"])
    before = row.values["total"]
    _add(row, "total", delta)
    return Defect("row-sum", "row-sum", "arithmetic", "支出总表一行的合计栏改大，不再等于各栏之和",
                  _cell("expenditure", row, "total"), str(before), str(row.values["total"]))


def _hierarchy(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "expenditure")
    row = rng.choice(_leaves(t, 7))
    column = "basic" if "basic" in row.values else "project"
    delta = _delta(rng, row.values["total"])
    before = row.values["total"]
    _add(row, "total", delta)
    _add(row, column, delta)
    return Defect("hierarchy-sum", "hierarchy-sum", "arithmetic",
                  "支出总表一个项级科目整行改大，上级科目不再等于下级之和",
                  _cell("expenditure", row, column), str(before), str(row.values["total"]))


def _summary_balance(d: Disclosure, rng: random.Random) -> Defect:
    row = _by(_two(d, "summary").income, "grand_total")
    before = row.values["amount"]
    _add(row, "amount", _delta(rng, before))
    return Defect("summary-balance", "summary-balance", "arithmetic", "收支总表的收入总计改动，收支不再平衡",
                  _cell("summary", row, "amount"), str(before), str(row.values["amount"]))


def _three_public_sum(d: Disclosure, rng: random.Random) -> Defect:
    row = _by(_table(d, "three_public").rows, "reception")
    delta = _delta(rng, row.values.get("total", D(10)))
    before = row.values.get("total")
    for column in ("total", "general"):
        _add(row, column, delta)
    return Defect("three-public-sum", "three-public-sum", "arithmetic",
                  "“三公”经费表的公务接待费改大，合计不再等于分项之和",
                  _cell("three_public", row, "total"), str(before), str(row.values["total"]))


def _summary_side(d: Disclosure, rng: random.Random, side: str, table_id: str, rule: str, what: str) -> Defect:
    t = _two(d, table_id)
    rows = t.income if side == "income" else t.expenditure
    items = [r for r in rows if r.key not in ("current_total", "carryover", "grand_total") and r.values]
    if not items:
        raise _Skip
    row = rng.choice(items)
    columns = [c for c in ("amount", "total", "general") if c in row.values]
    delta = _delta(rng, row.values[columns[0]])
    before = row.values[columns[0]]
    for r in (row, _by(rows, "current_total"), _by(rows, "grand_total")):
        for c in columns:
            _add(r, c, delta)
    return Defect(rule, rule, "cross_table", what, _cell(table_id, row, columns[0]), str(before),
                  str(row.values[columns[0]]))


def _summary_vs_income(d: Disclosure, rng: random.Random) -> Defect:
    return _summary_side(d, rng, "income", "summary", "summary-vs-income",
                         "收支总表一项收入（及其合计、总计）改大，与收入总表不符")


def _summary_vs_expenditure(d: Disclosure, rng: random.Random) -> Defect:
    return _summary_side(d, rng, "expenditure", "summary", "summary-vs-expenditure",
                         "收支总表一项支出（及其合计、总计）改大，与支出总表不符")


def _fiscal_summary(d: Disclosure, rng: random.Random) -> Defect:
    t = _two(d, "fiscal_summary")
    items = [r for r in t.expenditure if r.code and r.values.get("general")]
    if not items:
        raise _Skip
    row = rng.choice(items)
    before = row.values["total"]
    delta = _delta(rng, before)
    _add(row, "total", delta)
    _add(row, "general", delta)
    return Defect("fiscal-summary-vs-tables", "fiscal-summary-vs-tables", "cross_table",
                  "财政拨款收支总表一个类级支出整行改大，与一般公共预算财政拨款支出表不符",
                  _cell("fiscal_summary", row, "total"), str(before), str(row.values["total"]))


def _family(t: Table, leaf: Row) -> list[Row]:
    """The leaf, its 款 and 类 rows and the 合计 row."""
    code = leaf.code or ""
    return [r for r in t.rows if r.key == "total" or (r.code and code.startswith(r.code))]


def _general_vs_expenditure(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "general_budget")
    leaf = rng.choice(_leaves(t, 7))
    column = "project" if "project" in leaf.values else "basic"
    delta = _delta(rng, leaf.values["total"])
    before = leaf.values["total"]
    for r in _family(t, leaf):
        _add(r, "total", delta)
        _add(r, column, delta)
    return Defect("general-budget-vs-expenditure", "general-budget-vs-expenditure", "cross_table",
                  "一般公共预算财政拨款支出表一个科目（连同上级科目和合计）改大，超过支出总表",
                  _cell("general_budget", leaf, column), str(before), str(leaf.values["total"]))


def _basic_vs_general(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "basic_expenditure")
    leaf = _pick(rng, [r for r in _leaves(t, 5) if (r.code or "").startswith("302")])
    delta = _delta(rng, leaf.values["total"])
    before = leaf.values["total"]
    for r in _family(t, leaf):
        _add(r, "total", delta)
        _add(r, "public", delta)
    return Defect("basic-vs-general-budget", "basic-vs-general-budget", "cross_table",
                  "基本支出表一个公用经费科目（连同类级科目和合计）改大，与一般公共预算基本支出不符",
                  _cell("basic_expenditure", leaf, "public"), str(before), str(leaf.values["total"]))


def _personnel_public(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "basic_expenditure")
    leaf = _pick(rng, [r for r in _leaves(t, 5) if (r.code or "").startswith("301")])
    amount = leaf.values["personnel"]
    for r in _family(t, leaf):
        _add(r, "personnel", -amount)
        _add(r, "public", amount)
    return Defect("personnel-public-split", "personnel-public-split", "cross_table",
                  "基本支出表一个工资福利科目的金额从人员经费栏移到公用经费栏",
                  _cell("basic_expenditure", leaf, "public"), f"personnel {amount}", f"public {amount}")


def _three_public_vs_basic(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "three_public")
    reception = _by(t.rows, "reception")
    have = reception.values.get("total", D(0))
    if have < D("0.02"):
        raise _Skip
    delta = min(_delta(rng, have), have - D("0.01"))
    for key in ("reception", "subtotal", "total"):
        for column in ("total", "general"):
            _add(_by(t.rows, key), column, -delta)
    return Defect("three-public-vs-basic", "three-public-vs-basic", "cross_table",
                  "“三公”经费表的公务接待费（连同小计、合计）改小，低于基本支出表的公务接待费(30217)",
                  _cell("three_public", reception, "total"), str(have), str(have - delta))


def _narrative_amount(d: Disclosure, rng: random.Random) -> Defect:
    subject = rng.choice(("income", "expenditure", "basic", "personnel", "public", "project", "operating_cost",
                          "three_public"))
    claim = _claims(d, subject)
    before = claim.amount
    sentence = _restate(d, claim, before + _delta(rng, before))
    return Defect("narrative-amount-mismatch", "narrative-amount-mismatch", "narrative",
                  f"情况说明中的{subject}数字改动，与表格不符",
                  {"section": claim.section, "subject": subject, "sentence": sentence}, str(before), str(claim.amount))


def _change(d: Disclosure, rng: random.Random, subject: str, rule: str, what: str) -> Defect:
    claim = _claims(d, subject, "change")
    before = claim.amount
    sentence = _restate(d, claim, before + _delta(rng, before))
    return Defect(rule, rule, "narrative", what, {"section": claim.section, "subject": subject, "sentence": sentence},
                  str(before), str(claim.amount))


def _change_arithmetic(d: Disclosure, rng: random.Random) -> Defect:
    return _change(d, rng, "expenditure", "narrative-change-arithmetic",
                   "情况说明中支出比上年的增减数改动，与两年数字之差不符")


def _change_parts(d: Disclosure, rng: random.Random) -> Defect:
    return _change(d, rng, "project", "narrative-change-parts",
                   "情况说明中项目支出的增减数改动，分项增减之和与总增减不符")


def _wrong_unit(d: Disclosure, rng: random.Random) -> Defect:
    claim = _claims(d, rng.choice(("basic", "personnel", "public", "project", "three_public")))
    if not claim.amount:
        raise _Skip
    sentence = _restate(d, claim, claim.amount, "元")
    return Defect("narrative-wrong-unit", "narrative-wrong-unit", "unit", "情况说明中一个金额的单位“万元”写成“元”",
                  {"section": claim.section, "subject": claim.subject, "sentence": sentence}, "万元", "元")


def _unit_missing(d: Disclosure, rng: random.Random) -> Defect:
    # not 人员经费: "人员经费X和日常公用经费Y万元" reads as two figures sharing one unit
    claim = _claims(d, rng.choice(("basic", "public", "project")))
    sentence = _restate(d, claim, claim.amount, "")
    return Defect("narrative-unit-missing", "narrative-unit-missing", "unit", "情况说明中一个金额漏写单位",
                  {"section": claim.section, "subject": claim.subject, "sentence": sentence}, "万元", "")


def _table_unit(d: Disclosure, rng: random.Random) -> Defect:
    table_id = rng.choice(sorted(k for k, t in d.tables.items() if isinstance(t, Table) and t.rows))
    table = d.tables[table_id]
    before, table.unit = table.unit, "元"
    return Defect("table-unit-inconsistent", "table-unit-inconsistent", "unit", f"表格 {table_id} 的单位写成“元”",
                  {"table": table_id}, before, "元")


def _unknown_code(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "basic_expenditure")
    leaf = _pick(rng, [r for r in _leaves(t, 5) if (r.code or "").startswith("302")])
    if leaf.code is None:
        raise _Skip
    taken = {r.code for r in t.rows}
    unknown = [f"302{n:02d}" for n in range(98, 40, -1)
               if f"302{n:02d}" not in taken and reference.coverage("economic", f"302{n:02d}", d.year) == "unknown"]
    if not unknown:
        raise _Skip
    before, leaf.code = leaf.code, rng.choice(unknown)
    return Defect("classification-code-unknown", "classification-code-unknown", "classification",
                  "基本支出表一个经济分类科目编码改为当年不存在的编码", _cell("basic_expenditure", leaf), before,
                  leaf.code)


def _wrong_name(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "expenditure")
    row = rng.choice([r for r in t.rows if r.code])
    before = row.name
    row.name = before + "经费" if not before.endswith("经费") else before + "支出"
    return Defect("classification-name-mismatch", "classification-name-mismatch", "classification",
                  "支出总表一个科目名称与分类科目不一致", _cell("expenditure", row), before, row.name)


def _convention(d: Disclosure, rng: random.Random) -> Defect:
    t = _table(d, "basic_expenditure")
    pension, wage = _by(t.rows, "30108"), _by(t.rows, "30101")
    delta = min(_delta(rng, pension.values["total"]), pension.values["total"] - D("0.01"))
    for row, sign in ((pension, -1), (wage, 1)):
        _add(row, "total", sign * delta)
        _add(row, "personnel", sign * delta)
    return Defect("function-economic-convention", "function-economic-convention", "classification",
                  "基本支出表养老保险缴费(30108)的一部分移到基本工资(30101)，与功能分类2080505不再相等",
                  _cell("basic_expenditure", pension, "total"), None, str(delta))


def _project(d: Disclosure, rng: random.Random) -> tuple[int, Any]:
    if not d.performance:
        raise _Skip
    n = rng.randrange(len(d.performance))
    return n, d.performance[n]


def _perf_budget(d: Disclosure, rng: random.Random) -> Defect:
    _, p = _project(d, rng)
    if p.budget is None:
        raise _Skip
    before = p.budget
    p.budget = before + _delta(rng, before)
    return Defect("performance-budget-sum", "performance-budget-sum", "performance",
                  "一个项目绩效目标表的年度资金总额改大",
                  {"project": p.name}, str(before), str(p.budget))


def _perf_indicator(d: Disclosure, rng: random.Random, rule: str, what: str, change: Callable[[Any], None]) -> Defect:
    _, p = _project(d, rng)
    before = [i.model_dump() for i in p.indicators]
    change(p)
    if [i.model_dump() for i in p.indicators] == before:
        raise _Skip
    return Defect(rule, rule, "performance", what, {"project": p.name})


def _drop_satisfaction(p: Any) -> None:
    p.indicators = [i for i in p.indicators if i.level1 != "满意度指标"]


def _value(level2: str, value: str, unit: str | None, name: str | None = None) -> Callable[[Any], None]:
    def change(p: Any) -> None:
        for i in p.indicators:
            if i.level2 == level2:
                i.value, i.unit = value, unit
                i.name = name or i.name
    return change


def _copy_basis(p: Any) -> None:
    for i in p.indicators[:1]:
        i.basis = i.name


def _level_missing(d: Disclosure, rng: random.Random) -> Defect:
    return _perf_indicator(d, rng, "performance-indicator-level-missing", "删去一个项目的满意度指标",
                           _drop_satisfaction)


def _unit_invalid(d: Disclosure, rng: random.Random) -> Defect:
    return _perf_indicator(d, rng, "performance-indicator-unit-invalid", "一个数量指标的指标值去掉计量单位",
                           _value("数量指标", "≥6", None))


def _percent_word(d: Disclosure, rng: random.Random) -> Defect:
    return _perf_indicator(d, rng, "performance-indicator-percent-word", "一个质量指标的“%”写成“百分比”",
                           _value("质量指标", "≥95百分比", "百分比"))


def _not_measurable(d: Disclosure, rng: random.Random) -> Defect:
    return _perf_indicator(d, rng, "performance-indicator-not-measurable",
                           "一个效益指标改为“经济社会发展情况”，仍以百分比取值",
                           _value("社会效益指标", "≥90%", "%", "经济社会发展情况"))


def _basis_copy(d: Disclosure, rng: random.Random) -> Defect:
    return _perf_indicator(d, rng, "performance-basis-copies-indicator", "一个指标的指标值确定依据照抄指标名称",
                           _copy_basis)


def _planned_assets(d: Disclosure, rng: random.Random) -> Defect:
    claim = _claims(d, "planned_assets")
    before = claim.amount
    sentence = _restate(d, claim, before + _delta(rng, before or D(10)))
    return Defect("planned-assets-exceed-procurement", "planned-assets-exceed-procurement", "procurement",
                  "情况说明中拟购置固定资产总额改大，超过政府采购预算",
                  {"section": claim.section, "sentence": sentence}, str(before), str(claim.amount))


def _vehicle(d: Disclosure, rng: random.Random) -> Defect:
    lines = [ln for ln in d.procurement.lines if ln.item == "公务用车"]
    if not lines:  # no car bought: the 三公 table gets a 公务用车购置费 that procurement does not have
        t = _table(d, "three_public")
        price = D(rng.randint(1200, 2500)).scaleb(-2)
        for key in ("vehicle_purchase", "vehicle", "subtotal", "total"):
            for column in ("total", "general"):
                _add(_by(t.rows, key), column, price)
        return Defect("vehicle-purchase-not-in-procurement", "vehicle-purchase-not-in-procurement", "procurement",
                      "“三公”经费表加列公务用车购置费（连同小计、合计），政府采购预算中没有车辆采购",
                      _cell("three_public", _by(t.rows, "vehicle_purchase"), "total"), None, str(price))
    d.procurement.lines.remove(lines[0])
    total = sum((ln.values.get("total", D(0)) for ln in d.procurement.lines), D("0.00"))
    for subject in ("procurement", "planned_assets"):
        _restate(d, _claims(d, subject), total)
    return Defect("vehicle-purchase-not-in-procurement", "vehicle-purchase-not-in-procurement", "procurement",
                  "删去政府采购预算中的公务用车采购（“三公”经费表仍列有公务用车购置费）", {"section": "六"},
                  str(lines[0].values.get("total")), None)


def _procurement(d: Disclosure, rng: random.Random) -> Defect:
    claim = _claims(d, "procurement")
    before = claim.amount
    sentence = _restate(d, claim, before + _delta(rng, before or D(10)))
    return Defect("procurement-narrative-mismatch", "procurement-narrative-mismatch", "procurement",
                  "情况说明中的政府采购预算改动，与采购表不符", {"section": claim.section, "sentence": sentence},
                  str(before), str(claim.amount))


def _glossary_level(d: Disclosure, rng: random.Random) -> Defect:
    own = f"{d.department.level}级"
    entry = next((g for g in d.glossary if own in g.text), None)
    if entry is None:
        raise _Skip
    other = rng.choice([lv for lv in ("省级", "市级", "县级") if lv != own and not (own == "区级" and lv == "县级")])
    before, entry.text = entry.text, entry.text.replace(own, other)
    return Defect("glossary-wrong-level", "glossary-wrong-level", "boilerplate", f"名词解释中的“{own}”改为“{other}”",
                  {"glossary": entry.term}, before, entry.text)


def _retime(d: Disclosure, claims: list[Claim], old: str, new: str, year: int | None) -> str:
    sentence = claims[0].sentence
    if old not in sentence:
        raise _Skip
    changed = sentence.replace(old, new, 1)
    for c in d.narrative.claims:
        if c.sentence == sentence:
            c.sentence = changed
            if c.year is not None and year is not None:
                c.year = year
    return changed


def _comparison_year(d: Disclosure, rng: random.Random) -> Defect:
    y = d.year or 0
    prior = _claims(d, "expenditure", "prior")
    sentence = _retime(d, [prior], f"较{y - 1}年", f"较{y - 2}年", y - 2)
    return Defect("comparison-year-not-prior", "comparison-year-not-prior", "boilerplate",
                  "与上年比较的句子把上一年度写成前两年", {"section": prior.section, "sentence": sentence},
                  str(y - 1), str(y - 2))


def _stale_year(d: Disclosure, rng: random.Random) -> Defect:
    y = d.year or 0
    claim = _claims(d, "income")
    sentence = _retime(d, [claim], f"{y}年预算收入", f"{y - 1}年预算收入", y - 1)
    return Defect("narrative-year-not-budget-year", "narrative-year-not-budget-year", "boilerplate",
                  "说明收入的句子年份写成上一年", {"section": claim.section, "sentence": sentence}, str(y), str(y - 1))


def _other_department(d: Disclosure, rng: random.Random) -> Defect:
    from yusuan.synth.generate import region_name

    region, name = d.department.region or "", d.department.name or ""
    if not d.organisation or not region or not name.startswith(region):
        raise _Skip
    other = region_name(rng.randrange(10_000, 20_000), "县", rng.randrange(1000))  # a county's counterpart
    if other == region:
        raise _Skip
    unit = d.organisation[0]
    before, unit.name = unit.name, other + name[len(region):] + "本级"
    return Defect("other-department-name", "other-department-name", "boilerplate",
                  "机构设置表的单位名称写成其他地区的同级部门", {"organisation": 1}, before, unit.name)


def _duplicated(d: Disclosure, rng: random.Random) -> Defect:
    claims = [c for c in d.narrative.claims if c.section == "三"]
    if not claims:
        raise _Skip
    copies = [c.model_copy(update={"section": "九"}) for c in claims]
    d.narrative.claims += copies
    return Defect("duplicated-sentence", "duplicated-sentence", "boilerplate", "机关运行经费的句子在第九部分重复印制",
                  {"section": "九", "sentence": claims[0].sentence})


#: Every defect by id, in the order of the rule catalogue's kinds.
DEFECTS: dict[str, Injector] = {
    "drop-table": _drop_table,
    "drop-section": _drop_section,
    "empty-table-without-note": _empty_without_note,
    "row-sum": _row_sum,
    "hierarchy-sum": _hierarchy,
    "summary-balance": _summary_balance,
    "three-public-sum": _three_public_sum,
    "summary-vs-income": _summary_vs_income,
    "summary-vs-expenditure": _summary_vs_expenditure,
    "fiscal-summary-vs-tables": _fiscal_summary,
    "general-budget-vs-expenditure": _general_vs_expenditure,
    "basic-vs-general-budget": _basic_vs_general,
    "personnel-public-split": _personnel_public,
    "three-public-vs-basic": _three_public_vs_basic,
    "narrative-amount-mismatch": _narrative_amount,
    "narrative-change-arithmetic": _change_arithmetic,
    "narrative-change-parts": _change_parts,
    "narrative-wrong-unit": _wrong_unit,
    "narrative-unit-missing": _unit_missing,
    "table-unit-inconsistent": _table_unit,
    "classification-code-unknown": _unknown_code,
    "classification-name-mismatch": _wrong_name,
    "function-economic-convention": _convention,
    "performance-budget-sum": _perf_budget,
    "performance-indicator-level-missing": _level_missing,
    "performance-indicator-unit-invalid": _unit_invalid,
    "performance-indicator-percent-word": _percent_word,
    "performance-indicator-not-measurable": _not_measurable,
    "performance-basis-copies-indicator": _basis_copy,
    "planned-assets-exceed-procurement": _planned_assets,
    "vehicle-purchase-not-in-procurement": _vehicle,
    "procurement-narrative-mismatch": _procurement,
    "glossary-wrong-level": _glossary_level,
    "comparison-year-not-prior": _comparison_year,
    "narrative-year-not-budget-year": _stale_year,
    "other-department-name": _other_department,
    "duplicated-sentence": _duplicated,
}


def inject(d: Disclosure, rng: random.Random, only: str | None = None) -> tuple[Disclosure, Defect]:
    """A copy of ``d`` with one defect (``only``, or one chosen at random among those that apply)."""
    order = [only] if only else rng.sample(sorted(DEFECTS), len(DEFECTS))
    for defect_id in order:
        copy = d.model_copy(deep=True)
        try:
            return copy, DEFECTS[defect_id](copy, rng)
        except _Skip:
            continue
    raise ValueError(f"no defect applies to {d.source}" if not only else f"defect {only} does not apply to {d.source}")
