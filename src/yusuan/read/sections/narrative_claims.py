"""The numbers one narrative sentence states, as typed claims (subject, kind, amount, unit, direction).

A sentence is read left to right. Every number followed by a unit — money (亿元, 万元, 元), a
percentage (%), a count (辆, 台（套）, 个, 家, 人) — and every ``持平`` / ``与上年一致`` /
``与上年预算数相同`` (no change) is a claim. Its *phrase* is the text between the previous clause
delimiter or previous number and the number; the phrase decides the subject
(:mod:`yusuan.read.sections.narrative_subjects`), the kind and the year:

- money: a direction word (增加, 减少 …) makes a change, 较/比 without one a prior-year figure,
  else this year's amount;
- a percentage: 占/比例 makes a share of a whole, a direction word a percentage change;
- a count is an amount in its unit.

A change, prior, percentage change or share with no subject of its own refers to the claim before it
(``较2022年预算510.18万元增加108.45万元，增长5%``); a share's subject is named before its 占. An
amount whose phrase names nothing (``2026年预算数48.24万元``) takes the subject of the heading above
it, or of its section.

``year`` is the year the sentence states: for an amount, the first year before it that is not a
comparison (``2023年…``); for a prior figure or a change, the year compared against (``较2022年``,
``与2022年持平``); ``上年`` states no year. An amount without a unit is a claim only where its
phrase names a subject or a change and a delimiter follows it (``项目支出增加6，``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.domain import subjects as V
from yusuan.model import Claim, ClaimKind, Direction, Location
from yusuan.read.sections import narrative_subjects as S
from yusuan.read.sections.final_claims import final_kind, final_subjects, strip_final
from yusuan.read.sections.narrative_subjects import SECTION_DEFAULTS, SUBJECT_KEYWORDS, section_default, subject_of
from yusuan.read.text import parse_amount

__all__ = ["SECTION_DEFAULTS", "SUBJECT_KEYWORDS", "Context", "section_default", "sentence_claims", "subject_of"]

_UNITS = "|".join(re.escape(u) for u in (*V.MONEY_UNITS, *V.PERCENT_UNITS, *V.COUNT_UNITS, *V.MEASURE_UNITS))
_NUMBER_RE = re.compile(rf"(?<![\d.,A-Za-z])(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.])\s*({_UNITS})?")
_THRESHOLD_RE = re.compile(r"^(?:[（(]含[）)])?(?:以上|以下|以内|及以上|及以下)")
#: Words that make a number a target or a bound, not a figure (完成率达到90%, 成本不高于5万元).
_BOUND_RE = re.compile(r"(?:不超过|不低于|不少于|不高于|不大于|不小于|控制在|达到|大于|小于|高于|低于|≥|≤|>|<|＞|＜)$")
_NOT_COUNTS = ("百分点", "次", "月", "天", "小时", "以上", "以下", "倍", "式")
_BARE_END = "，。；,;）)"
_FLAT_RE = re.compile(
    r"(?:与|较|比|同)(?:上年|去年|上一年|(\d{4})年|(20\d{2})(?=持平|基本持平))[^，。；,;\d]{0,16}?(?:基本)?"
    r"(?:持平|一致|相同|不变)"  # 与2025持平: the year without 年
)
_COMPARED_RE = re.compile(r"(?:较|比|与|同)(?:上年|去年|上一年|\d{4}年)")
_DELIMITERS = "，。；：,;:"
_YEAR_RE = re.compile(r"(较|比|与)?(\d{4})年")


@dataclass
class Context:
    """What the claims of one paragraph share: section, the heading above, and the claims so far."""

    section: str | None = None
    section_title: str = ""
    heading: str | None = None  # the subject the heading above names (1.因公出国（境）费)
    claims: list[Claim] = field(default_factory=list)
    project_list: bool = False  # a 项目支出 figure was stated; enumerated items are projects
    listing: bool = False  # the paragraph enumerates items (1.… （一）…)
    items: bool = False  # an item (item:…) was stated in this sentence: what it 包括 are items too
    last: list[tuple[str, str | None]] = field(default_factory=list)  # the subjects of the last money figure


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    amount: Decimal
    unit: str | None
    flat_year: int | None = None
    flat: bool = False
    bare: bool = False  # no unit written: kept only where the phrase names a subject or a change

    @property
    def percent(self) -> bool:
        return self.unit == V.PERCENT

    @property
    def count(self) -> bool:
        return self.unit in V.COUNT_UNITS or self.unit in V.MEASURE_UNITS


def sentence_claims(sentence: str, location: Location, ctx: Context) -> list[Claim]:
    """Every claim the sentence states, in order; appends them to ``ctx.claims`` too."""
    out: list[tuple[Claim, int]] = []
    if _TABLE_CAPTION_RE.search(sentence):
        return []  # a table's lines run together (…单位：万元 项目名称 预算资金…): not prose
    previous_end = 0
    ctx.items = False
    for hit in _hits(sentence):
        phrase = _phrase(sentence, previous_end, hit.start)
        previous_end = hit.end
        last_amount = max((start for c, start in out if c.kind == "amount"), default=-1)
        if hit.flat and any(c.kind == "change" and start > last_amount for c, start in out):
            continue  # 增加0万元，增长0%，主要原因是与上年持平 / 与上年基本持平: the change is stated already
        for claim in _claims(sentence, hit, phrase, location, ctx, out):
            out.append((claim, hit.start))
            ctx.claims.append(claim)
    return [c for c, _ in out]


def _hits(sentence: str) -> list[_Hit]:
    hits = [hit for m in _NUMBER_RE.finditer(sentence) if (hit := _number_hit(sentence, m)) is not None]
    for m in _FLAT_RE.finditer(sentence):
        printed = m.group(1) or m.group(2)
        year = int(printed) if printed else None
        hits.append(_Hit(m.start(), m.end(), Decimal("0"), None, year, flat=True))
    return sorted(hits, key=lambda h: h.start)


def _number_hit(sentence: str, match: re.Match[str]) -> _Hit | None:
    """A number with its unit (not a threshold like 20万元以上), or bare before a delimiter."""
    after = sentence[match.end() :]
    unit = match.group(2)
    if unit is not None and (_THRESHOLD_RE.match(after) or _BOUND_RE.search(sentence[: match.start()])):
        return None
    if unit in V.PERCENT_UNITS:
        unit = V.PERCENT
    if unit in V.COUNT_UNITS and (after.startswith(_NOT_COUNTS) or "." in match.group(1)):
        return None  # 2个百分点, 17.65台式计算机: not a count
    if unit is None and after and after[0] not in _BARE_END:
        return None
    if unit is None and re.search(r"\d{4}年$|第$|[（(]$|表\d*[-－—]?$", sentence[: match.start()]):
        return None
    return _Hit(match.start(), match.end(), parse_amount(match.group(1)), unit, bare=unit is None)


def _phrase(sentence: str, floor: int, stop: int) -> str:
    """The text that names the number at ``stop``: back to the last delimiter or previous amount.

    A colon right before the number (``本年支出：618.63万元``) is skipped: the name precedes it.
    """
    start = floor
    for index in range(stop - 1, floor - 1, -1):
        if sentence[index] in _DELIMITERS:
            if sentence[index] in "：:" and not sentence[index + 1 : stop].strip():
                continue
            start = index + 1
            break
    return sentence[start:stop]


def _claims(
    sentence: str, hit: _Hit, phrase: str, location: Location, ctx: Context, earlier: list[tuple[Claim, int]]
) -> list[Claim]:
    kind, direction = _kind(phrase, hit)
    final = final_kind(sentence, phrase, hit.percent, hit.count, direction is not None)
    if final is not None:  # a 决算 sentence: budget, final figure, completion rate
        kind = final
    if hit.bare and subject_of(phrase) is None and direction is None:
        return []
    own = final_subjects(phrase, earlier) if final is not None else []
    if final is not None and not own and ctx.heading is not None:
        own = [(ctx.heading, None)]  # the item the paragraph named before (1、…（类）…（款）…（项）。年初预算为…)
    named = strip_final(phrase) if final is not None else phrase
    subjects = [(S.bounded(s), label) for s, label in own or _subjects(sentence, hit, named, kind, ctx, earlier)]
    if not subjects:
        return []
    if any(s in V.SPENT_AS for s, _ in subjects) and _spending_part(sentence, hit, earlier):
        subjects = [(V.SPENT_AS.get(s, s), label) for s, label in subjects]
    subject = subjects[0][0]
    if not hit.count:
        ctx.last = subjects
    ctx.items = ctx.items or subject.startswith("item:")
    if subject == "project":
        ctx.project_list = True
    elif subject != "project_item":
        ctx.project_list = False
    unit = hit.unit
    stated = _REASON_RE.sub("；", sentence[: hit.start])  # a year in a clause giving a reason is not the figure's
    year = hit.flat_year if hit.flat else _year(stated, kind)
    whole = _whole(phrase) if kind == "share" else None
    return [
        Claim(
            subject=subject,
            kind=kind,
            amount=hit.amount,
            unit=unit,
            label=label,
            whole=whole,
            direction=direction,
            year=year,
            section=ctx.section,
            sentence=sentence,
            location=location,
        )
        for subject, label in subjects
    ]


def _spending_part(sentence: str, hit: _Hit, earlier: list[tuple[Claim, int]]) -> bool:
    """Whether the number is a 其中 part of a spending total stated before it (支出X万元，其中：一般公共预算拨款Y)."""
    at = sentence.rfind("其中", 0, hit.start)
    heads = [c for c, start in earlier if start < at and c.kind == "amount"]
    return at >= 0 and bool(heads) and heads[-1].subject in V.SPENDING_TOTALS


def _whole(phrase: str) -> str | None:
    """The whole a share is of, where the phrase names it after 占 (占本年支出预算的63.99%)."""
    at = phrase.rfind("占")
    return subject_of(phrase[at + 1 :]) if at >= 0 else None


def _kind(phrase: str, hit: _Hit) -> tuple[ClaimKind, Direction | None]:
    if hit.flat:
        return "change", "flat"
    direction = direction_of(phrase)
    if hit.percent:
        if any(w in phrase for w in V.SHARE_WORDS):
            return "share", None
        return ("pct_change", direction) if direction is not None else ("share", None)
    if hit.count:
        return "amount", None
    if direction is not None:
        return "change", direction
    if phrase.rstrip().endswith(V.NEUTRAL_CHANGE_WORDS):  # 比上年决算数相比变化0万元: a change of no stated direction
        return "change", "flat" if hit.amount == 0 else None
    if _COMPARED_RE.search(phrase):
        return "prior", None
    return "amount", None


def direction_of(phrase: str) -> Direction | None:
    """The direction word that ends last in the phrase, if any."""
    found: tuple[int, Direction] | None = None
    for word, direction in V.DIRECTION_WORDS:
        at = phrase.rfind(word)
        if at >= 0 and (found is None or at > found[0]):
            found = (at, direction)  # type: ignore[assignment]
    return found[1] if found else None


Subject = tuple[str, str | None]


def _subjects(
    sentence: str, hit: _Hit, phrase: str, kind: ClaimKind, ctx: Context, earlier: list[tuple[Claim, int]]
) -> list[Subject]:
    """The subjects (one, or two for 收支总预算) and the project label of a number."""
    text = phrase.rpartition("占")[0] if kind == "share" and "占" in phrase else phrase
    before = sentence[: hit.start]
    if _INCLUDED_RE.search(before):  # 2,134.87万元（含上年结转750.00万元）: a part of the figure before
        return [(f"other:含{S.strip_label(text)}", None)]
    own = _own_subjects(text, before, sentence, hit, kind, ctx)
    if not own and hit.count:
        own = _own_subjects(_after(sentence, hit.end), before, sentence, hit, kind, ctx)
    if own:
        return own
    earlier_text = before[: len(before) - len(phrase)]
    if hit.flat and not earlier and _named(earlier_text):  # 没有使用政府性基金预算拨款安排的支出，与上年持平
        return [(str(_named(earlier_text)), None)]
    label = None
    group_start = max(before.rfind("；"), before.rfind(";"))
    if kind != "amount" and not any(start > group_start for _, start in earlier):
        # 1.市级人才专项经费纳入预算草案，增加1,332.00万元；2.…预算准备金统一在局本级编制，增加84.28万元
        clause = re.split(r"[，。；,;：:]", earlier_text.rstrip("，,；;"))[-1]
        label = S.own_label(re.split(_VERBS, clause)[0]) if clause else None
    if label is None and kind != "amount" and phrase.startswith(("）", ")")):
        outer = _bracketed_head(earlier, before, len(before) - len(phrase))
        if outer:
            return outer
    if label is None and kind != "amount" and ctx.last:
        return _head(earlier, before, kind) or ctx.last
    label = label or S.own_label(text)
    if label is None and S.strip_label(text) and not hit.count:
        return [] if hit.bare else [(f"other:{S.strip_label(text)[:_LONG_LABEL]}", None)]
    if label is None or hit.flat:
        if earlier and not hit.count:
            return [(earlier[-1][0].subject, earlier[-1][0].label)]
        named = None if hit.count else _named(before[: len(before) - len(phrase)])
        default = named or ctx.heading or section_default(ctx.section_title)
        if default is not None:
            return [(default, None)]
        label = S.strip_label(_after(sentence, hit.end))[:12] if hit.count else ""
    if hit.bare:
        return []
    listed = not hit.count and (ctx.listing or any(w in before for w in V.ITEM_INTRO) or S.is_enumerated(text))
    return [((f"item:{label}" if listed and label else f"other:{label}"), None)]


_TABLE_CAPTION_RE = re.compile(r"单位[：:]\s*(?:万元|元|千元)")
_REASON_RE = re.compile(r"原因[^；;]*[；;]")
_INCLUDED_RE = re.compile(r"[（(]含[^）)]*$")
_LONG_LABEL = 20
_LISTED_RE = re.compile(r"[：:][^，。；,;]*$")
_VERBS = r"纳入|列入|调整|安排|用于|统一|由于|因"


def _named(text: str) -> str | None:
    """The subject the sentence's earlier clauses name (…为2014099其他信访事务支出，2026年预算数3,623.98万元)."""
    return S.code_subject(text) or S.marked_subject(text) or subject_of(text)


def _after(sentence: str, end: int) -> str:
    """The words right after a number, to the next delimiter (7个项目纳入…)."""
    return re.split(r"[，。；,;：:、]", sentence[end:], maxsplit=1)[0]


def _bracketed_head(earlier: list[tuple[Claim, int]], before: str, close: int) -> list[Subject]:
    """A change right after a bracket refers to the figure before the bracket, not to the last one inside
    (公务用车购置及运行维护费2.5万元（购置费0万元，运行维护费2.5万元）比上年减少1万元)."""
    opening = max(before.rfind("（", 0, close), before.rfind("(", 0, close))
    heads = [c for c, start in earlier if start < opening and c.kind == "amount"]
    return [(heads[-1].subject, heads[-1].label)] if opening >= 0 and heads else []


def _head(earlier: list[tuple[Claim, int]], before: str, kind: ClaimKind) -> list[Subject]:
    """A change after a 其中 list refers to the total before the list (收入X万元，其中：A、B，比上年增加Y)."""
    at = before.find("其中")
    if kind not in ("change", "prior") or at < 0:
        return []
    heads = [c for c, start in earlier if start < at and c.kind == "amount"]
    listed = [c for c, start in earlier if start > at and c.kind == "amount"]
    changed = any(c.kind != "amount" and start > at for c, start in earlier)
    if not heads or len(listed) < 2 or changed or earlier[-1][0].kind != "amount":
        return []
    return [(heads[-1].subject, heads[-1].label)]


def _own_subjects(
    text: str, before: str, sentence: str, hit: _Hit, kind: ClaimKind, ctx: Context
) -> list[Subject]:
    """The subjects the phrase names itself, if any."""
    deducted = re.search(r"扣除([^，。；,;]*?)后", before[before.rfind(text[:1] or "\0") - 40 :])
    if deducted and kind != "amount" and deducted.end() > len(before) - len(text) - 40:
        return [(f"other:扣除{deducted.group(1)}后", None)]  # 扣除中央基建后，比上年增加2,775.6万元
    code = S.code_subject(text) or S.marked_subject(text)
    if code is not None:
        return [(code, None)]
    dual = S.dual_subjects(text)
    if dual is not None:
        return [(s, None) for s in dual]
    if hit.count:
        counted = S.count_subject(text, re.split(r"[；;]", before)[-1], sentence, hit.unit)
        return [(counted, None)] if counted else []
    procured = S.procurement_subject(text, sentence)
    part_of = ctx.last[0][0] if ctx.last else ""
    if procured and part_of.startswith("other:") and V.PROCUREMENT_SENTENCE in part_of and _LISTED_RE.search(before):
        return [(f"{part_of}{S.strip_label(text)}", None)]  # 其中…拨款政府采购0万元：货物0、工程0、服务0
    special = procured or S.performance_subject(text, sentence, hit.percent)
    if special is not None:
        return [(special, None)]
    label = _project_label(text, ctx.project_list)
    if label is not None:
        return [("project_item", label)]
    subject = subject_of(text)
    listed = S.own_label(text)
    intro = any(w in before for w in V.ITEM_INTRO)
    if subject is not None and listed and ctx.items and intro and not _names_exactly(listed, subject):
        return [(f"item:{listed}", None)]  # 4.其他司法行政业务…，主要包括：编外人员经费89.42万元
    if subject in S.WEAK and listed and (any(w in listed for w in V.WEAK_QUALIFIERS) or S.weak_part(listed, subject)):
        return [(f"other:{listed}", None)]  # 本单位上级专项转移支付支出预算为1,047.61万元: a part
    return [(subject, None)] if subject is not None else []


def _names_exactly(label: str, subject: str) -> bool:
    return any(label in (word, S.strip_label(word)) for word, s in S.keywords() if s == subject)


_LABEL_TAIL_RE = re.compile(r"(?:增加|增长|减少|下降)?$")


def _project_label(phrase: str, project_list: bool) -> str | None:
    """The project named by an itemised figure (``（一）会议费项目支出``), or None if not one."""
    text = S.strip_lead(phrase)
    enumerated = text != S.strip_enum(text)
    text = S.strip_enum(text)
    text = _LABEL_TAIL_RE.sub("", text)
    text = text.removesuffix("为").removesuffix("安排").removesuffix("支出")
    return text if enumerated and project_list and text else None


def _year(before: str, kind: ClaimKind) -> int | None:
    """The stated year: the compared-against year for prior and change, this year for an amount."""
    years = [(bool(m.group(1)), int(m.group(2))) for m in _YEAR_RE.finditer(before)]
    compared = [year for is_base, year in years if is_base]
    current = [year for is_base, year in years if not is_base]
    if kind in ("amount", "share"):
        return current[0] if current else None
    return compared[-1] if compared else None
