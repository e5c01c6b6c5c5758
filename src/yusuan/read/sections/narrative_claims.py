"""The numbers one narrative sentence states, as typed claims (subject, kind, amount, unit, direction).

A sentence is read left to right. Every amount followed by a money unit (万元, 元), and every
``持平`` (no change), is a claim. Its *phrase* is the text between the previous clause delimiter
or previous amount and the number; the phrase decides the subject (the vocabulary keyword that
ends closest to the number), the kind (a direction word makes a change, 较/比 without one makes
a prior-year figure) and the year. A change or prior with no subject of its own refers to the
claim before it ("较2022年预算510.18万元增加108.45万元").

``year`` is the year the sentence states: for an amount, the first year before it that is not a
comparison (``2023年…``); for a prior figure or a change, the year compared against (``较2022年``,
``与2022年持平``); ``上年`` states no year. An amount without a unit is a claim only where its
phrase names a subject or a change and a delimiter follows it (``项目支出增加6，``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.domain import figures
from yusuan.model import Claim, ClaimKind, Direction, Location
from yusuan.read.text import parse_amount

#: Subject keywords (the figure registry's), each subject's most specific first; the match that ends
#: closest to the number wins, and among matches ending at the same place the longer one.
SUBJECT_KEYWORDS: tuple[tuple[str, str], ...] = figures.SUBJECT_KEYWORDS

#: Subject of a sentence with no keyword, by a word in its section's title.
SECTION_DEFAULTS: tuple[tuple[str, str], ...] = figures.SECTION_DEFAULTS

_DIRECTIONS: tuple[tuple[str, Direction], ...] = (
    ("增加", "increase"),
    ("增长", "increase"),
    ("减少", "decrease"),
    ("下降", "decrease"),
)

_NUMBER_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.])\s*(万元|元)?")
_THRESHOLDS = ("以上", "以下", "以内")
_BARE_END = "，。；,;）)"
_FLAT_RE = re.compile(r"(?:与|较|比)(?:上年|(\d{4})年)?(?:度)?(?:预算)?(?:基本)?持平")
_COMPARED_RE = re.compile(r"(?:较|比|与)(?:上年|去年|上一年|\d{4}年)")
_DELIMITERS = "，。；：,;:"
_YEAR_RE = re.compile(r"(较|比|与)?(\d{4})年")
_ENUM_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[一二三四五六七八九十]+、)")
_LEAD_RE = re.compile(r"^(?:其中|主要为|主要是|主要包括|包括|具体为|分别为|另外|以及|和)")
_LABEL_TAIL_RE = re.compile(r"(?:增加|增长|减少|下降)?$")


@dataclass
class Context:
    """What the claims of one paragraph share: section, and the claims read so far."""

    section: str | None = None
    section_title: str = ""
    claims: list[Claim] = field(default_factory=list)
    project_list: bool = False  # a 项目支出 figure was stated; enumerated items are projects


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    amount: Decimal
    unit: str | None
    flat_year: int | None = None
    flat: bool = False
    bare: bool = False  # no unit written: kept only where the phrase names a subject or a change


def sentence_claims(sentence: str, location: Location, ctx: Context) -> list[Claim]:
    """Every claim the sentence states, in order; appends them to ``ctx.claims`` too."""
    out: list[Claim] = []
    previous_end = 0
    for hit in _hits(sentence):
        phrase = _phrase(sentence, previous_end, hit.start)
        claim = _claim(sentence, hit, phrase, location, ctx)
        previous_end = hit.end
        if claim is None:
            continue
        out.append(claim)
        ctx.claims.append(claim)
    return out


def _hits(sentence: str) -> list[_Hit]:
    hits = [hit for m in _NUMBER_RE.finditer(sentence) if (hit := _number_hit(sentence, m)) is not None]
    for m in _FLAT_RE.finditer(sentence):
        year = int(m.group(1)) if m.group(1) else None
        hits.append(_Hit(m.start(), m.end(), Decimal("0"), None, year, flat=True))
    return sorted(hits, key=lambda h: h.start)


def _number_hit(sentence: str, match: re.Match[str]) -> _Hit | None:
    """A money amount: with a unit (not a threshold like 20万元以上), or bare before a delimiter."""
    after = sentence[match.end() :]
    unit = match.group(2)
    if unit is not None and after.startswith(_THRESHOLDS):
        return None
    if unit is None and after and after[0] not in _BARE_END:
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


def _claim(sentence: str, hit: _Hit, phrase: str, location: Location, ctx: Context) -> Claim | None:
    kind, direction = _kind(phrase, hit)
    if hit.bare and subject_of(phrase) is None and direction is None:
        return None
    subject, label = _subject(phrase, kind, ctx)
    if subject is None:
        return None
    if subject == "project":
        ctx.project_list = True
    elif subject != "project_item":
        ctx.project_list = False
    return Claim(
        subject=subject,
        kind=kind,
        amount=hit.amount,
        unit=hit.unit,
        label=label,
        direction=direction,
        year=hit.flat_year if hit.flat else _year(sentence[: hit.start], kind),
        section=ctx.section,
        sentence=sentence,
        location=location,
    )


def _kind(phrase: str, hit: _Hit) -> tuple[ClaimKind, Direction | None]:
    if hit.flat:
        return "change", "flat"
    direction = direction_of(phrase)
    if direction is not None:
        return "change", direction
    if _COMPARED_RE.search(phrase):
        return "prior", None
    return "amount", None


def direction_of(phrase: str) -> Direction | None:
    """The direction word that ends last in the phrase, if any."""
    found: tuple[int, Direction] | None = None
    for word, direction in _DIRECTIONS:
        at = phrase.rfind(word)
        if at >= 0 and (found is None or at > found[0]):
            found = (at, direction)
    return found[1] if found else None


def _subject(phrase: str, kind: ClaimKind, ctx: Context) -> tuple[str | None, str | None]:
    label = project_label(phrase, ctx.project_list)
    if label is not None:
        return "project_item", label
    subject = subject_of(phrase)
    if subject is not None:
        return subject, None
    if kind != "amount" and ctx.claims:
        last = ctx.claims[-1]
        return last.subject, last.label
    return section_default(ctx.section_title), None


def subject_of(phrase: str) -> str | None:
    """The vocabulary subject whose keyword ends closest to the end of the phrase."""
    best: tuple[int, int, str] | None = None
    for word, subject in SUBJECT_KEYWORDS:
        at = phrase.rfind(word)
        if at < 0:
            continue
        rank = (at + len(word), len(word), subject)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def section_default(title: str) -> str | None:
    for word, subject in SECTION_DEFAULTS:
        if word in title:
            return subject
    return None


def project_label(phrase: str, project_list: bool) -> str | None:
    """The project named by an itemised figure (``（一）会议费项目支出``), or None if not one."""
    text = _strip_lead(phrase)
    enumerated = text != _strip_enum(text)
    text = _strip_enum(text)
    text = _LABEL_TAIL_RE.sub("", text)
    text = text.removesuffix("为").removesuffix("安排").removesuffix("支出")
    return text if enumerated and project_list and text else None


def _strip_lead(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_RE.sub("", text.strip())
    return text


def _strip_enum(text: str) -> str:
    return _ENUM_RE.sub("", text, count=1)


def _year(before: str, kind: ClaimKind) -> int | None:
    """The stated year: the compared-against year for prior and change, this year for an amount."""
    years = [(bool(m.group(1)), int(m.group(2))) for m in _YEAR_RE.finditer(before)]
    compared = [year for is_base, year in years if is_base]
    current = [year for is_base, year in years if not is_base]
    if kind == "amount":
        return current[0] if current else None
    return compared[-1] if compared else None
