"""Narrative claims as the rules read them: their subject's Chinese name, their amount in 万元 and its
rounding, how a message quotes them (shared by the narrative, unit, procurement and boilerplate rules)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from yusuan.domain.classification import function
from yusuan.domain.figures import NARRATIVE_SUBJECTS
from yusuan.domain.units import TO_WAN, WAN
from yusuan.model import Claim
from yusuan.review.context import ZERO, Tolerance, fmt, stated_tolerance

#: Factor from a unit to 万元 (万元 first: the order misread_unit tries the units in).
SCALE: dict[str, Decimal] = {WAN: TO_WAN[WAN], **TO_WAN}

#: The Chinese name of every narrative subject (the figure registry's names).
SUBJECT_ZH: dict[str, str] = {f.key: f.name for f in NARRATIVE_SUBJECTS}


def money(claims: Sequence[Claim]) -> list[Claim]:
    """The claims stating amounts of money (not percentages or counts), in order."""
    return [c for c in claims if c.kind in ("amount", "prior", "change") and scale(c.unit) is not None]


def same_item(a: Claim, b: Claim) -> bool:
    """Whether two claims are about the same thing (subject, and the project named)."""
    return (a.subject, a.label) == (b.subject, b.label)


def subject_zh(claim: Claim) -> str:
    """The subject as the message names it: the figure's name, a 类/款/项 by its name and code, an item
    or other figure by the sentence's own words."""
    if claim.subject == "project_item" and claim.label:
        return f"“{claim.label}”"
    family, _, rest = claim.subject.partition(":")
    if family in ("class", "code"):
        entry = function(rest)
        return f"“{entry.name}”（{rest}）" if entry else rest
    if family in ("item", "other", "vehicles_kind") and rest:
        return f"“{rest}”"
    return SUBJECT_ZH.get(claim.subject, claim.subject)


def is_class(subject: str) -> bool:
    """A 类/款/项 of the 支出功能分类 named by its code (``class:208``, ``code:2080505``)."""
    family, _, code = subject.partition(":")
    return family in ("class", "code") and code.isdigit()


def scale(unit: str | None) -> Decimal | None:
    """The factor to 万元 of a unit as written (no unit: 万元); None for a unit we do not know."""
    return SCALE.get(unit or WAN)


def stated_wan(claim: Claim) -> Decimal | None:
    k = scale(claim.unit)
    return None if k is None else claim.amount * k


def claim_tolerance(claim: Claim) -> Tolerance:
    """Half the last digit of the figure as stated, in 万元."""
    tol = stated_tolerance(claim.amount)
    k = scale(claim.unit) or Decimal(1)
    return tol if k == 1 else Tolerance(tol.amount * k, tol.reason)


def combined(tolerances: Sequence[Tolerance]) -> Tolerance:
    """The tolerance of a sum or difference of stated figures."""
    amount = sum((t.amount for t in tolerances), ZERO)
    reasons = list(dict.fromkeys(t.reason for t in tolerances if t.reason))
    return Tolerance(amount, "；".join(reasons))


def written(claim: Claim) -> str:
    """The figure as written, e.g. ``31.49元``; a figure not in 万元 also gets its 万元 value."""
    text = f"{format(claim.amount, 'f')}{claim.unit or '（未写单位，按万元）'}"
    k = scale(claim.unit)
    if claim.unit and claim.unit != WAN and k is not None:
        text += f"（折合 {format((claim.amount * k).normalize(), 'f')} 万元）"
    return text


def quote(sentence: str, needle: str = "", limit: int = 100) -> str:
    """The sentence, or for a long one the clause (between 。；) that contains ``needle``."""
    if len(sentence) <= limit:
        return sentence
    at = max(sentence.find(needle), 0) if needle else 0
    start = max(sentence.rfind("。", 0, at), sentence.rfind("；", 0, at)) + 1
    ends = [i for i in (sentence.find("。", at), sentence.find("；", at)) if i >= 0]
    end = min(ends) + 1 if ends else len(sentence)
    clause = sentence[start:end]
    if len(clause) > limit:
        clause = clause[:limit] + "…"
    return ("…" if start else "") + clause + ("…" if end < len(sentence) else "")


def quote_claim(claim: Claim) -> str:
    return quote(claim.sentence, format(claim.amount, "f"))


def signed_zh(amount: Decimal) -> str:
    """A change as words: 增加 1.00 万元 / 减少 1.00 万元 / 持平."""
    if amount > 0:
        return f"增加 {fmt(amount)} 万元"
    if amount < 0:
        return f"减少 {fmt(-amount)} 万元"
    return "持平"
