"""Completeness: the nine tables and the required sections of the package (DOMAIN.md §1)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from yusuan.domain.figures import name as figure_name
from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.tables import SPECS
from yusuan.domain.templates import HEBEI_ONLY
from yusuan.model import Assets, Disclosure, Procurement, Table
from yusuan.review.context import Context
from yusuan.review.finding import Evidence, at
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule

BASIS_143 = "《地方预决算公开操作规程》（财预〔2016〕143号）第八条；冀财预〔2016〕129号"

#: Required sections: (id, Chinese name, title pattern, alternative evidence in the model)
REQUIRED_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("duties", "部门职责", r"职责|概况"),
    ("organisation", "机构设置", r"机构|概况"),
    ("overview", "收支情况（部门预算安排的总体情况）", r"总体情况|预算情况|收支"),
    ("operating_cost", figure_name("operating_cost"), r"机关运行"),
    ("three_public", figure_name("three_public"), r"三公"),
    ("performance", "绩效目标", r"绩效"),
    ("procurement", "政府采购", r"政府采购"),
    ("assets", "国有资产", r"国有资产|资产"),
    ("glossary", "名词解释", r"名词解释"),
)


@rule(
    "table-missing",
    kind="missing",
    severity="error",
    title="缺少标准表格",
    template="未找到{title}（{table}）。部门预算公开须包含九张标准表格，无数据的表格应以空表列示并加注说明。",
    basis=BASIS_143,
    refs=("§1",),
    templates=HEBEI_ONLY,
)
def table_missing(ctx: Context) -> Iterator[Hit]:
    """Each of the nine standard tables must be present (empty tables are published with a note).

    When none of the nine is there, one finding says so instead of nine.

    Bound to the Hebei template: it prints all nine under known titles, so a table not found is missing.
    Other templates print other sets (a 财政拨款支出表 in place of two, 三公 in the narrative …) under titles
    not all recognised yet: a table not read there is listed by the reading report, not an error here."""
    if not ctx.d.tables and not ctx.d.narrative.sections:
        return  # a fragment (e.g. a performance-only attachment): section-missing reports it once
    standard = [t for t, s in SPECS.items() if s.standard]
    missing = [(t, SPECS[t].title) for t in standard if t not in ctx.d.tables]
    if len(missing) == len(standard):
        yield Hit(
            fields={"title": "全部九张标准表格", "table": "、".join(t for t, _ in missing)},
            locations=[Evidence(table=t) for t, _ in missing],
        )
        return
    for table_id, title in missing:
        yield Hit(fields={"title": title, "table": table_id}, locations=[Evidence(table=table_id)])


@mutation("table-missing", "drop-table", zh="删去一张表格", en="drop one of the tables")
def _drop_table(d: Disclosure, rng: random.Random) -> MutationRecord:
    table_id = rng.choice(sorted(d.tables))
    del d.tables[table_id]
    return MutationRecord({"table": table_id}, description=f"删去表格 {table_id}")


@rule(
    "empty-table-without-note",
    kind="missing",
    severity="warning",
    title="空表未加注说明",
    template="{title}没有任何数据，也没有“空表列示”的说明。",
    basis=BASIS_143,
    refs=("§1",),
    documents=ANY_KIND,
)
def empty_table_without_note(ctx: Context) -> Iterator[Hit]:
    """A table with no data must carry a note such as 注：无…预算，空表列示。"""
    for table_id, t in ctx.d.tables.items():
        rows = t.rows if isinstance(t, Table) else t.income + t.expenditure
        has_data = any(r.values for r in rows)
        if not has_data and not t.note:
            yield Hit(
                fields={"title": t.title},
                locations=[Evidence(table=table_id, **at(t.location))],
            )


@mutation("empty-table-without-note", zh="删去空表的说明", en="remove the note of an empty table")
def _empty_without_note(d: Disclosure, rng: random.Random) -> MutationRecord:
    empty = sorted(k for k, t in d.tables.items() if isinstance(t, Table) and not t.rows)
    if not empty:
        raise NotApplicable
    table_id = rng.choice(empty)
    table = d.tables[table_id]
    before, table.note = table.note, ""
    return MutationRecord({"table": table_id}, before, "", f"删去空表 {table_id} 的说明")


def _section_present(ctx: Context, section_id: str, pattern: str) -> bool:
    titles = [s.title for s in ctx.d.narrative.sections]
    if any(re.search(pattern, t) for t in titles):
        return True
    evidence = {
        "organisation": bool(ctx.d.organisation),
        "performance": bool(ctx.d.performance),
        "procurement": ctx.d.procurement.present,
        "assets": ctx.d.assets.present,
        "glossary": bool(ctx.d.glossary),
    }
    return evidence.get(section_id, False)


@rule(
    "section-missing",
    kind="missing",
    severity="error",
    title="缺少规定的说明部分",
    template="情况说明中未找到“{section}”部分。",
    basis=BASIS_143 + "：部门预算公开应包括部门职责、机构设置、预算收支、"
    + "、".join(figure_name(k) for k in ("operating_cost", "three_public"))
    + "、绩效目标、政府采购、国有资产占用及名词解释",
    refs=("§1",),
    templates=HEBEI_ONLY,
)
def section_missing(ctx: Context) -> Iterator[Hit]:
    """The narrative must have every required section.

    Bound to the Hebei template: the sections are found by the Hebei 情况说明's numbered headings; other
    templates name and order their sections differently."""
    if not ctx.d.narrative.sections and not ctx.d.tables:
        # Nothing of a package was read (e.g. a performance-only attachment): report once.
        yield Hit(
            fields={"section": "情况说明和九张表格（本文件可能只是公开材料的一部分，请与其他文件合并读取）"},
            locations=[Evidence(table="narrative")],
            severity="warning",
        )
        return
    for section_id, name, pattern in REQUIRED_SECTIONS:
        if not _section_present(ctx, section_id, pattern):
            yield Hit(fields={"section": name}, locations=[Evidence(table="narrative")])


@mutation("section-missing", "drop-section", zh="删去情况说明的一个部分", en="drop a section of the narrative")
def _drop_section(d: Disclosure, rng: random.Random) -> MutationRecord:
    required = [s for s in d.narrative.sections if s.number != "九"]  # 其他需要说明的事项 is optional
    if not required:
        raise NotApplicable
    section = rng.choice(required)
    d.narrative.sections.remove(section)
    d.narrative.claims = [c for c in d.narrative.claims if c.section != section.number]
    # what the section prints besides its sentences goes with it (a publisher prints it under the heading)
    if section.number == "一":
        d.organisation, d.staffing = [], None
    elif section.number == "五":
        d.performance = []
    elif section.number == "六":
        d.procurement = Procurement()
    elif section.number == "七":
        d.assets = Assets()
    elif section.number == "八":
        d.glossary = []
    what = f"删去情况说明第{section.number}部分“{section.title}”"
    return MutationRecord({"section": section.number}, description=what)
