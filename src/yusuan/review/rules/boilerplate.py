"""Boilerplate (DOMAIN.md §3 R15): text copied from a template, another department or another year.

The glossary's government level (省级/市级/县级/区级 in "指省级财政当年拨付的资金") must be the
department's own; a year-on-year sentence compares with the previous year; a sentence dated another year
does not carry this year's figures; the text does not name a peer department of another county; and a
sentence is not printed twice. Each check is conservative: it only reads what the model holds (narrative
sentences that state numbers, glossary entries, the organisation table, performance texts) and only
reports what cannot be legitimate wording.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator

from yusuan.domain.figures import held
from yusuan.domain.kinds import ANY_KIND
from yusuan.domain.levels import LEVEL_NAMES, LOCAL_LEVELS
from yusuan.model import Claim, Disclosure, Location
from yusuan.review import mutations as mut
from yusuan.review.context import Context, fmt
from yusuan.review.finding import Evidence, at
from yusuan.review.helpers.figures import (
    SUBJECT_ZH,
    claim_tolerance,
    figures,
    matching,
    quote,
    stated_wan,
    subject_zh,
)
from yusuan.review.registry import Hit, MutationRecord, NotApplicable, mutation, rule

BASIS_143 = "《地方预决算公开操作规程》（财预〔2016〕143号）、冀财预〔2016〕129号：部门预算公开的内容应真实、准确，"

_LEVEL_RE = re.compile(rf"({'|'.join(LOCAL_LEVELS)})级(财政|部门|预算|政府|单位)")
#: The government levels a department's glossary may name (a 区 is a county-level district).
_ALLOWED_LEVELS: dict[str, frozenset[str]] = {
    "省": frozenset("省"),
    "市": frozenset("市"),
    "县": frozenset("县"),
    "区": frozenset("区县"),
}


@rule(
    "glossary-wrong-level",
    kind="boilerplate",
    severity="error",
    title="名词解释的政府层级与本部门不符",
    template="名词解释“{term}”写作“{phrases}”，而本部门（{department}）是{level}级部门，应为“{expected}”。",
    basis=BASIS_143 + "名词解释应与本级预算相符；惯例：照抄上级模板时须改为本级",
    refs=("R15",),
)
def glossary_wrong_level(ctx: Context) -> Iterator[Hit]:
    """A glossary entry that names another government level than the department's (a county department
    whose glossary says 指省级财政当年拨付的资金)."""
    level = ctx.d.department.level
    allowed = _ALLOWED_LEVELS.get(level or "")
    if level is None or allowed is None:
        return
    for entry in ctx.d.glossary:
        wrong = list(dict.fromkeys(m.group(0) for m in _LEVEL_RE.finditer(entry.text) if m.group(1) not in allowed))
        if not wrong:
            continue
        expected = "、".join(dict.fromkeys(f"{level}级{w[2:]}" for w in wrong))
        yield Hit(
            fields={
                "term": entry.term,
                "phrases": "、".join(wrong),
                "department": ctx.d.department.name or "本部门",
                "level": level,
                "expected": expected,
            },
            locations=[_text_evidence("glossary", entry.term, entry.text, entry.location)],
        )


@mutation(
    "glossary-wrong-level", zh="名词解释中的本级改为其他级次", en="name another level of government in the glossary"
)
def _other_level(d: Disclosure, rng: random.Random) -> MutationRecord:
    own = f"{d.department.level}级"
    entry = next((g for g in d.glossary if own in g.text), None)
    if entry is None:
        raise NotApplicable
    names = [LEVEL_NAMES[lv] for lv in ("省", "市", "县")]
    other = rng.choice([n for n in names if n != own and not (own == LEVEL_NAMES["区"] and n == LEVEL_NAMES["县"])])
    before, entry.text = entry.text, entry.text.replace(own, other)
    return MutationRecord({"glossary": entry.term}, before, entry.text, f"名词解释中的“{own}”改为“{other}”")


def _text_evidence(section: str, name: str | None, text: str, location: Location) -> Evidence:
    return Evidence(table=section, name=name, sentence=text, **at(location))


def _place(c: Claim) -> tuple[object, ...]:
    """Where a sentence stands: its line in a text source; page, box and file in a real file."""
    loc = c.location
    return (loc.file, loc.page, loc.line, loc.box, loc.cell)


def _places(locations: list[Location]) -> str:
    """第 192、244 行 (a text source) or 第 3、5 页 (a real file)."""
    if all(loc.line is not None for loc in locations):
        return "第 " + "、".join(str(loc.line) for loc in locations) + " 行"
    if all(loc.page is not None for loc in locations):
        return "第 " + "、".join(str(loc.page) for loc in locations) + " 页"
    return "多处"


def _by_sentence(claims: list[Claim]) -> dict[tuple[str, tuple[object, ...]], list[Claim]]:
    out: dict[tuple[str, tuple[object, ...]], list[Claim]] = defaultdict(list)
    for c in claims:
        out[(c.sentence, _place(c))].append(c)
    return out


_COMPARED = ("prior", "change", "pct_change")


@rule(
    "comparison-year-not-prior",
    kind="boilerplate",
    severity="warning",
    title="与上年比较的年份不是上一年度",
    template=(
        "说明称“{sentence}”，与 {stated} 年比较，而本文件的年度为 {year} 年，上一年度应为 {expected} 年，"
        "相差 {diff} 年：疑为沿用往年文本未改。"
    ),
    basis=BASIS_143 + "情况说明应说明与上年相比的增减变化",
    refs=("R11", "R15"),
    documents=ANY_KIND,
)
def comparison_year(ctx: Context) -> Iterator[Hit]:
    """A prior-year figure or change compared with a year other than the one before the budget year (a share
    of this year's figure compares with nothing)."""
    year = ctx.d.year
    if year is None:
        return
    for (_, _), claims in _by_sentence(ctx.d.narrative.claims).items():
        wrong = next((c for c in claims if c.kind in _COMPARED and c.year is not None and c.year != year - 1), None)
        if wrong is None or wrong.year is None:
            continue
        yield Hit(
            fields={
                "sentence": quote(wrong.sentence, str(wrong.year)),
                "stated": wrong.year,
                "year": year,
                "expected": year - 1,
                "diff": abs(year - 1 - wrong.year),
            },
            locations=[ctx.sentence(wrong)],
        )


@mutation(
    "comparison-year-not-prior",
    zh="与上年比较的句子把上一年度写成前两年",
    en="compare with the year before last in the prior-year sentence",
)
def _compare_two_back(d: Disclosure, rng: random.Random) -> MutationRecord:
    y = d.year or 0
    dated = [c for c in d.narrative.claims if c.kind in _COMPARED and c.year == y - 1 and f"{y - 1}年" in c.sentence]
    if not dated:
        raise NotApplicable  # every comparison says 上年 (no year to get wrong)
    first = dated[0]
    sentence = mut.retime(d, first, f"{y - 1}年", f"{y - 2}年", y - 2)
    return MutationRecord({"section": first.section, "sentence": sentence}, str(y - 1), str(y - 2))


def _this_years_figure(ctx: Context, claim: Claim) -> str | None:
    """The table reading a figure equals, if any (said as "label amount")."""
    value = stated_wan(claim)
    readings = figures(ctx, claim.subject)
    found = matching(value, readings, claim_tolerance(claim)) if value is not None and claim.amount else None
    return None if found is None else f"{found.label} {fmt(found.value)} 万元"


@rule(
    "narrative-year-not-budget-year",
    kind="boilerplate",
    severity="warning",
    title="说明所述年份不是本预算年度",
    template=(
        "说明称“{sentence}”，所述为 {stated} 年的{subject} {amount} 万元，而这正是本预算年度（{year} 年）"
        "表格的数字（{source}），年份相差 {diff} 年：疑为沿用往年文本而未改年份。"
    ),
    basis=BASIS_143 + "情况说明应说明本年度预算安排",
    refs=("R11", "R15"),
)
def stale_year(ctx: Context) -> Iterator[Hit]:
    """A sentence dated another year than the budget year that states this year's table figures: the figures
    were updated but the year was not. A sentence that states another year's own figures is not reported, nor
    a holding (固定资产, vehicles) dated the end of the year before."""
    year = ctx.d.year
    if year is None:
        return
    for (_, _), claims in _by_sentence(ctx.d.narrative.claims).items():
        for claim in claims:
            if claim.kind != "amount" or claim.year is None or claim.year == year:
                continue
            if claim.year == year - 1 and held(claim.subject):
                continue  # 截至上年末固定资产: a holding is counted at the end of the year before
            source = _this_years_figure(ctx, claim)
            if source is None:
                continue
            yield Hit(
                fields={
                    "sentence": quote(claim.sentence, format(claim.amount, "f")),
                    "stated": claim.year,
                    "subject": subject_zh(claim),
                    "amount": fmt(claim.amount),
                    "year": year,
                    "source": source,
                    "diff": abs(year - claim.year),
                },
                values={"stated": claim.amount},
                locations=[ctx.sentence(claim)],
            )
            break  # one finding per sentence


@mutation(
    "narrative-year-not-budget-year", zh="说明收入的句子年份写成上一年", en="date the income sentence a year early"
)
def _last_years_income(d: Disclosure, rng: random.Random) -> MutationRecord:
    y = d.year or 0
    claim = mut.claim(d, "income")
    sentence = mut.retime(d, claim, f"{y}年预算收入", f"{y - 1}年预算收入", y - 1)
    return MutationRecord({"section": claim.section, "sentence": sentence}, str(y), str(y - 1))


# -- another department's name ----------------------------------------------------------------------

_UNIT_RE = re.compile(r"[^省市县区]+[省市县区]")
_CJK_TAIL_RE = re.compile(r"[\u4e00-\u9fff]+$")
_NOT_A_NAME = "本我该各全上下"
_WHERE_ZH = {"narrative": "情况说明", "organisation": "机构设置表", "glossary": "名词解释", "performance": "绩效目标表"}


def _last_unit(place: str) -> str:
    units = _UNIT_RE.findall(place)
    return units[-1] if units else place


def _texts(ctx: Context) -> Iterator[tuple[str, str | None, str, Location]]:
    """(section, name, text, location) of every text the model keeps."""
    seen: set[str] = set()
    for c in ctx.d.narrative.claims:
        if c.sentence not in seen:
            seen.add(c.sentence)
            yield "narrative", None, c.sentence, c.location
    for o in ctx.d.organisation:
        yield "organisation", None, o.name, o.location
    for g in ctx.d.glossary:
        yield "glossary", g.term, g.text, g.location
    for p in ctx.d.performance:
        for text in (p.name, p.goal, p.purpose, p.description):
            if text:
                yield "performance", p.name, text, p.location


def _foreign_places(text: str, core: str, region: str) -> list[str]:
    """Peer places (county or district) named right before the department's name that are not its region."""
    own = _last_unit(region)
    out = []
    for m in re.finditer(re.escape(core), text):
        tail = _CJK_TAIL_RE.search(text[: m.start()])
        if tail is None or tail.group(0)[-1] not in "县区":
            continue
        place = _last_unit(tail.group(0))
        if place.endswith(own) or own.endswith(place) or len(place) < 3 or place[-3] in _NOT_A_NAME:
            continue
        out.append(place)
    return out


@rule(
    "other-department-name",
    kind="boilerplate",
    severity="warning",
    title="文字中出现其他地区同级部门的名称",
    template="{where}写有“{foreign}{core}”，而本部门是“{department}”（{region}）：地区不同，疑为照抄其他地区部门的文本。",
    basis=BASIS_143 + "公开内容应为本部门的情况",
    refs=("R15",),
    documents=ANY_KIND,
)
def other_department(ctx: Context) -> Iterator[Hit]:
    """Text naming the department's counterpart in another county or district ("平乡县人民代表大会常务委员会"
    in 乐亭县's package). A superior (市/省) body named in the text is legitimate and not reported."""
    name, region = ctx.d.department.name, ctx.d.department.region
    if not name or not region or not name.startswith(region) or len(name) - len(region) < 3:
        return
    core = name[len(region) :]
    for section, label, text, location in _texts(ctx):
        for place in dict.fromkeys(_foreign_places(text, core, region)):
            yield Hit(
                fields={
                    "where": _WHERE_ZH[section],
                    "foreign": place,
                    "core": core,
                    "department": name,
                    "region": region,
                },
                locations=[_text_evidence(section, label, text, location)],
            )


@mutation(
    "other-department-name",
    zh="机构设置表的单位名称写成其他地区的同级部门",
    en="name another region's department in the organisation table",
)
def _foreign_unit(d: Disclosure, rng: random.Random) -> MutationRecord:
    region, name = d.department.region or "", d.department.name or ""
    if not d.organisation or not region or not name.startswith(region):
        raise NotApplicable
    other = mut.region_name(rng.randrange(10_000, 20_000), "县", rng.randrange(1000))  # a county's counterpart
    if other == region:
        raise NotApplicable
    unit = d.organisation[0]
    before, unit.name = unit.name, other + name[len(region) :] + "本级"
    return MutationRecord({"organisation": 1}, before, unit.name)


@rule(
    "duplicated-sentence",
    kind="boilerplate",
    severity="warning",
    title="说明中的句子重复出现",
    template="说明中的句子“{sentence}”在{places}各出现一次，共 {count} 次：疑为复制粘贴时重复印制。",
    basis="惯例：情况说明同一内容只说明一次；重复段落往往是套用模板或他处文本的痕迹",
    refs=("R15",),
    documents=ANY_KIND,
)
def duplicated_sentence(ctx: Context) -> Iterator[Hit]:
    """The same sentence (at least 20 characters, with numbers) printed at two places of the narrative."""
    places: dict[str, dict[tuple[object, ...], Claim]] = defaultdict(dict)
    for c in ctx.d.narrative.claims:
        text = re.sub(r"\s+", "", c.sentence)
        if len(text) >= 20:
            places[text].setdefault(_place(c), c)
    for printed in places.values():
        if len(printed) < 2:
            continue
        claims = list(printed.values())
        yield Hit(
            fields={
                "sentence": quote(claims[0].sentence),
                "places": _places([c.location for c in claims]),
                "count": len(printed),
            },
            locations=[ctx.sentence(c) for c in claims],
        )


@mutation(
    "duplicated-sentence",
    zh=f"{SUBJECT_ZH['operating_cost']}的句子在第九部分重复印制",
    en="print section 三's sentence again in 九",
)
def _print_twice(d: Disclosure, rng: random.Random) -> MutationRecord:
    claims = [c for c in d.narrative.claims if c.section == "三"]
    if not claims:
        raise NotApplicable
    last = max((c.location.line or 0 for c in d.narrative.claims), default=0)  # printed again further down
    lines = {s: last + 1 + n for n, s in enumerate(dict.fromkeys(c.sentence for c in claims))}
    d.narrative.claims += [
        c.model_copy(update={"section": "九", "location": c.location.model_copy(update={"line": lines[c.sentence]})})
        for c in claims
    ]
    return MutationRecord({"section": "九", "sentence": claims[0].sentence})
