"""What a narrative number is about: its subject, from the words before it (its *phrase*).

In order: a printed 款/项 code (``code:2014099``); a name with its （类）（款）（项） markers
(``item:…``, or ``class:<code>`` for a 类 alone); a compound keyword stating two totals at once
(收支总预算); for a count, the vehicles, equipment and performance words; in a sentence about
政府采购, the procurement kinds; the figure registry's keywords and the 支出功能分类 class names
(the keyword that ends closest to the number wins, and among those ending at the same place the
longer one). What names no known subject is labelled with its own words (``item:`` in an
enumerated list, ``other:`` elsewhere); see :mod:`yusuan.domain.subjects`.
"""

from __future__ import annotations

import re
from functools import cache

from yusuan.domain import figures
from yusuan.domain import subjects as V
from yusuan.domain.classification import entries, function_children, name_matches

#: Subject keywords (the figure registry's), each subject's most specific first.
SUBJECT_KEYWORDS: tuple[tuple[str, str], ...] = figures.SUBJECT_KEYWORDS
#: Subject of a sentence with no keyword, by a word in its section's title.
SECTION_DEFAULTS: tuple[tuple[str, str], ...] = figures.SECTION_DEFAULTS

_CODE_RE = re.compile(r"(?<!\d)(\d{7}|\d{5}|\d{3})(?!\d)(?=[\u4e00-\u9fff（(])|[（(](\d{7}|\d{5})[）)]")
_YEAR_RE = re.compile(r"\d{4}年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|末)?|截至|截止")
_BEFORE_YEAR_RE = re.compile(r"^.*(?<![比较与同\d])\d{4}年(?:度)?(?=[^\d])")
_ENUM_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[一二三四五六七八九十]+、)")
_LEAD_RE = re.compile(r"^(?:其中|主要为|主要是|主要包括|具体包括|包括|具体为|分别为|另外|以及|和|及|：|:)")
_MAX_LABEL = 30


@cache
def class_keywords() -> tuple[tuple[str, str], ...]:
    """(name, ``class:<code>``) for every 类 of the 支出功能分类 whose name is no figure's keyword."""
    taken = {w for w, _ in SUBJECT_KEYWORDS}
    return tuple(
        (e.name, f"class:{e.code}") for e in entries("function") if len(e.code) == 3 and e.name not in taken
    )


@cache
def keywords() -> tuple[tuple[str, str], ...]:
    return SUBJECT_KEYWORDS + class_keywords() + tuple((w, f"other:{w}") for w in V.NAMED_OTHERS)


@cache
def _strong_words() -> tuple[tuple[str, str], ...]:
    """The keywords of every subject but the totals (``WEAK``)."""
    return tuple((w, s) for w, s in keywords() if s not in WEAK)


@cache
def _by_first_char(words: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[int, str, str], ...]]:
    """The words by their first character, each with its place in ``words`` (ties keep that order)."""
    index: dict[str, list[tuple[int, str, str]]] = {}
    for n, (word, subject) in enumerate(words):
        if word:
            index.setdefault(word[0], []).append((n, word, subject))
    return {c: tuple(ws) for c, ws in index.items()}


def closest(phrase: str, words: tuple[tuple[str, str], ...]) -> str | None:
    """The subject whose word ends closest to the end of the phrase (the longer on a tie)."""
    best: tuple[int, int, str] | None = None
    index = _by_first_char(words)  # only the words whose first character the phrase holds
    for _, word, subject in sorted(ws for c in set(phrase) for ws in index.get(c, ())):
        at = phrase.rfind(word)
        if at < 0:
            continue
        rank = (at + len(word), len(word), subject)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def unmarked(text: str) -> str:
    """The phrase with the 类 marker dropped (科学技术（类）支出 → 科学技术支出)."""
    return text.replace("（类）", "").replace("(类)", "")


def subject_of(phrase: str) -> str | None:
    """The vocabulary subject (a figure or a 类) named closest to the end of the phrase; the totals
    (收入, 支出预算, 部门预算 …) only where no other subject is named (``基本支出预算``,
    ``“三公”经费支出预算``, ``纳入部门预算的政府采购项目``)."""
    text = unmarked(phrase)
    if any(w in text for w in V.CHARGED_WORDS):  # 整治工程在农林水支出（类）支出列支13800万元: a project
        return None
    qualified = next((s for w, s in V.QUALIFIERS if w in text), None)
    if qualified is not None:
        return qualified
    strong_words = _strong_words()
    strong = closest(text, strong_words)
    source = next((w for w in V.SOURCE_WORDS if text.endswith(w) or text.rstrip("为是").endswith(w)), None)
    if strong is not None and source is not None:  # “三公”经费一般公共预算拨款20.5元: the source qualifies
        qualified = closest(text[: text.rfind(source)], strong_words)
        strong = qualified or strong
    return strong or closest(text, keywords())


#: Subjects whose words (收入, 支出预算, 部门预算) also stand in the names of more specific ones.
WEAK = frozenset({"income", "expenditure"})


def dual_subjects(phrase: str) -> tuple[str, ...] | None:
    """The two totals a compound keyword states at once (收支总预算), when it ends the phrase's naming."""
    hit = closest(phrase, tuple((w, "|".join(s)) for w, s in V.DUAL_KEYWORDS))
    if hit is None:
        return None
    word = next(w for w, s in V.DUAL_KEYWORDS if "|".join(s) == hit and w in phrase)
    single = closest(unmarked(phrase), keywords())
    if single is not None:
        single_end = max(phrase.rfind(w) + len(w) for w, s in keywords() if s == single and w in unmarked(phrase))
        if single_end > phrase.rfind(word) + len(word):
            return None
    return tuple(hit.split("|"))


def section_default(title: str) -> str | None:
    for word, subject in SECTION_DEFAULTS:
        if word in title:
            return subject
    return None


_CODED_RE = re.compile(V.CODED_LEVELS)


def weak_part(label: str, subject: str) -> bool:
    """Whether a total's words (收入, 支出预算) close a longer name that makes it a part (事业单位经营服务收入):
    the words before them name neither the department nor a generic scope."""
    if subject not in WEAK:
        return False
    words = [w for w, s in SUBJECT_KEYWORDS if s == subject and w in label]
    if not words:
        return False
    qualifier = label[: label.rfind(max(words, key=len))]
    for ending in sorted(V.UNIT_NAME_ENDINGS, key=len, reverse=True):
        at = qualifier.rfind(ending)
        if at >= 0:
            qualifier = qualifier[at + len(ending) :]
    return bool(strip_label(qualifier))


def code_subject(phrase: str) -> str | None:
    """``code:<digits>`` for a 款/项 code printed before its name (2014099其他信访事务支出) or in its level
    markers (公共安全支出（204类）司法（06款）行政运行（01项））."""
    coded = list(_CODED_RE.finditer(phrase))
    if coded:
        return "code:" + "".join(g for g in coded[-1].groups() if g)
    found = [c for m in _CODE_RE.finditer(phrase) if len(c := m.group(1) or m.group(2)) in (5, 7)]
    return f"code:{found[-1]}" if found else None


def marked_subject(phrase: str) -> str | None:
    """A name printed with its level markers: ``item:<name>`` for a 款/项, ``class:<code>`` for a 类."""
    ends = [phrase.rfind(m) + len(m) for m in V.LEVEL_MARKERS if m in phrase]
    if not ends or any(w in phrase for w in V.CHARGED_WORDS):
        return None
    end = max(ends)
    name = strip_label(phrase[:end], keep_generic=True)
    if any(m in name for m in ("（款）", "（项）", "(款)", "(项)")):
        code = classified(name)
        return f"code:{code}" if code else f"item:{name}" if name else None
    return subject_of(name)


_MARKED_RE = re.compile(r"([^（(）)]+?)[（(]([类款项])[）)]")


def classified(name: str) -> str | None:
    """The code of a 款/项 named with its 类 and 款 (社会保障和就业支出（类）行政事业单位养老支出（款）行政单位
    离退休（项） → 2080501), where the 支出功能分类 has it; None when a level is missing or unknown."""
    levels = {level: part.strip() for part, level in _MARKED_RE.findall(name)}
    code = ""
    for level, length in (("类", 3), ("款", 5), ("项", 7)):
        if level not in levels:
            if code or level != "类":
                break
            continue  # 审计事务（款）行政运行（项）: the 款 names its 类
        below = function_children(code) if code or length == 3 else tuple(
            e for c in function_children("") for e in function_children(c.code)
        )  # a 款 named without its 类: every 类's
        found = [e.code for e in below if name_matches(e.name, levels[level])]
        if len(found) != 1:
            return None
        code = found[0]
    return code if len(code) > 3 else None


_KIND_LENGTH = 16
_HELD_RE = re.compile(r"^(?:共有|现有|拥有|实有|有)")


def count_subject(phrase: str, before: str, sentence: str = "", unit: str | None = None) -> str | None:
    """A count's subject: vehicles (by kind), equipment, projects under performance management.
    ``phrase`` is the words before the count and, where those name nothing, after it (7个项目)."""
    if unit in V.STAFF_UNITS and not any(w in phrase or w in before for w in V.ACTIVITY_WORDS):
        return "staff"
    if any(w in sentence for w in V.PLANNED_ASSET_WORDS):
        return "planned_assets"
    planned = any(w in before for w in V.PLANNED_WORDS)
    label = _HELD_RE.sub("", strip_label(phrase))
    if label.endswith("车") and label not in V.VEHICLE_WORDS and len(label) <= _KIND_LENGTH:
        kind: str | None = label  # the kind as the sentence names it (老干部服务用车, 机要通信用车及应急保障用车)
    else:
        kind = closest(phrase, tuple((k, k) for k in V.VEHICLE_KINDS))
    if kind is not None:
        return f"other:购置车辆数:{kind}" if planned else f"vehicles_kind:{kind}"
    if any(w in phrase for w in V.VEHICLE_WORDS):
        return "other:购置车辆数" if planned else "vehicles"
    if any(w in phrase for w in V.EQUIPMENT_WORDS):
        return "equipment_large"
    if V.PERFORMANCE_SENTENCE in sentence and any(w in phrase for w in V.PERFORMANCE_PROJECT_WORDS):
        return "performance_projects"
    return None


def procurement_subject(phrase: str, sentence: str) -> str | None:
    """A procurement kind (货物, 工程, 服务 …): named in a phrase about 采购, or opening the label of a
    sentence about it (货物类项目333.30万元)."""
    if V.PROCUREMENT_SENTENCE not in sentence or "购买服务" in phrase:
        return None
    if V.PROCUREMENT_SENTENCE in phrase:
        source = phrase[: phrase.find(V.PROCUREMENT_SENTENCE)]
        if any(w in source for w in V.FUND_SOURCES):  # 其中一般公共预算拨款政府采购0万元: a part by fund source
            return f"other:{strip_label(phrase)}"
        return closest(phrase, V.PROCUREMENT_KINDS)
    label = strip_label(phrase)
    return next((s for w, s in V.PROCUREMENT_KINDS if label.startswith(w)), None)


def performance_subject(phrase: str, sentence: str, percent: bool) -> str | None:
    if V.PERFORMANCE_SENTENCE not in sentence:
        return None
    if percent:
        return "performance_share"
    if any(w in phrase for w in V.PERFORMANCE_AMOUNT_WORDS) and "涉及" in sentence:
        return "performance_amount"
    return None


def strip_enum(text: str) -> str:
    return _ENUM_RE.sub("", text, count=1)


def is_enumerated(text: str) -> bool:
    return strip_lead(text) != strip_enum(strip_lead(text))


def strip_lead(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_RE.sub("", text.strip())
    return text


def strip_label(text: str, keep_generic: bool = False) -> str:
    """The words of a phrase that name its number: no enumeration, lead words, years or generic words."""
    text = strip_enum(strip_lead(text))
    text = strip_lead(text)
    if not keep_generic:  # 国家信访局2026年委托业务费…: what precedes the year is a heading or the department
        text = _BEFORE_YEAR_RE.sub("", text)
    text = _YEAR_RE.sub("", text) if not keep_generic else re.sub(r"\d{4}年(?:度)?", "", text)
    if keep_generic:
        return text.strip("，,：: ")
    previous = None
    while previous != text:
        previous = text
        for word in V.LABEL_SUFFIXES:
            text = text.removesuffix(word)
        for word in V.LABEL_PREFIXES:
            text = text.removeprefix(word)
        text = text.strip("，,：:、 ")
        text = re.sub(r"^[比较与].*$", "", text)
    return text


def own_label(phrase: str) -> str | None:
    """An item's own name (short, no digits), or None."""
    label = strip_label(phrase)
    if not label or len(label) > _MAX_LABEL or re.search(r"\d", label):
        return None
    return label


#: The longest subject a claim carries (the store keeps it in 40 characters); a longer name keeps its end,
#: the most specific part.
MAX_SUBJECT = 40


def bounded(subject: str) -> str:
    if len(subject) <= MAX_SUBJECT:
        return subject
    family, _, name = subject.partition(":")
    return f"{family}:{name[len(family) + 1 - MAX_SUBJECT :]}"
