"""The figures of a final account's (决算) sentences: the final figure, its budget and the completion rate.

``年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%`` states one subject three times: its budget
(``budget``), its final figure (``amount``) and the rate (``rate``). Only sentences naming 决算 are read this way
(:data:`yusuan.domain.subjects.FINAL_SENTENCE`): in a budget 预算数 is this year's figure. The subject is what
the phrase names once the budget/final/rate words are set aside; a phrase naming nothing more takes the subject
of the figure before it in the sentence (支出决算为… after 一般公共预算财政拨款支出年初预算为…), else none is
decided here and the reader's context decides (the heading above: 1.一般公共服务支出（类）…).
"""

from __future__ import annotations

from yusuan.domain import subjects as V
from yusuan.model import Claim, ClaimKind
from yusuan.read.sections.narrative_subjects import dual_subjects, subject_of

Subject = tuple[str, str | None]



def final_kind(sentence: str, phrase: str, percent: bool, count: bool, directed: bool) -> ClaimKind | None:
    """``budget``, ``rate`` or ``amount`` (the final figure) for a number of a 决算 sentence; None elsewhere,
    or for a change, a count or a share the ordinary reading handles."""
    if V.FINAL_SENTENCE not in sentence or count or directed:
        return None
    if percent:
        return "rate" if any(w in phrase for w in V.FINAL_RATE_WORDS) else None
    final = _last_end(phrase, V.FINAL_FIGURE_WORDS)
    bare = max((m.end() for m in V.FINAL_BARE_BUDGET_RE.finditer(phrase)), default=-1)
    budget = max(_last_end(phrase, V.FINAL_BUDGET_WORDS), bare)
    if final < 0 and budget < 0:
        return None
    return "budget" if budget > final else "amount"  # the word nearest the number (…决算具体情况…年初预算为)


def _last_end(phrase: str, words: tuple[str, ...]) -> int:
    """Where the last of ``words`` in the phrase ends (-1: none)."""
    return max((at + len(w) for w in words if (at := phrase.rfind(w)) >= 0), default=-1)


def _split(phrase: str) -> tuple[str, str]:
    """The phrase before and after its last budget/final/rate word — the word ending last wins, the longest of
    those ending together (一般公共预算财政拨款支出年初预算为 → the words before 年初预算, and 为)."""
    cut: tuple[int, int] | None = None  # (end, -start) of the word found
    for word in (*V.FINAL_FIGURE_WORDS, *V.FINAL_BUDGET_WORDS, *V.FINAL_RATE_WORDS):
        at = phrase.rfind(word)
        if at >= 0 and (cut is None or (at + len(word), -at) > cut):
            cut = (at + len(word), -at)
    return (phrase, "") if cut is None else (phrase[: -cut[1]], phrase[cut[0] :])


def strip_final(phrase: str) -> str:
    """The phrase without its budget/final/rate words: what names the subject, if anything."""
    before, after = _split(phrase)
    return after if subject_of(after) is not None else before


def final_subjects(phrase: str, earlier: list[tuple[Claim, int]]) -> list[Subject]:
    """The subject of a 决算 figure: what the phrase names beside the budget/final/rate words — after them first
    (…支出决算总体情况一般公共预算财政拨款支出 2940.05: a heading glued before the sentence), else before them —
    else the figure's before it in the sentence; [] to leave it to the context."""
    rest = strip_final(phrase)
    dual = dual_subjects(rest)  # 收入、支出决算总计: both
    if dual is not None:
        return [(s, None) for s in dual]
    # a scope (财政拨款支出, 一般公共预算) beside an item's name qualifies it: “三公”经费财政拨款支出 is 三公
    named = subject_of(V.FINAL_SCOPE_RE.sub("", rest)) or subject_of(rest)
    if named is not None:
        return [(named, None)]
    before = [c for c, _ in earlier if c.unit != "%"]
    return [(before[-1].subject, before[-1].label)] if before else []
