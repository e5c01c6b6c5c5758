"""Writing the 情况说明's sentences and the claims they state, in one step.

A sentence is written from text pieces and :class:`Say` figures; each figure becomes a
:class:`~yusuan.model.Claim` holding the whole sentence, so what is printed and what the reader is
expected to find are made together. Figures print as ``1234.56万元`` or, grouped, ``1,234.56万元``;
percentages as ``2.50%``; a flat change prints its words (``持平``) and no number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yusuan.model import Claim, ClaimKind, Direction

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Say:
    """One figure of a sentence: the claim it states and how it is printed."""

    subject: str
    amount: Decimal
    kind: ClaimKind = "amount"
    direction: Direction | None = None
    year: int | None = None
    unit: str | None = "万元"
    words: str | None = None  # printed instead of the number (a flat change: 持平)


def money(amount: Decimal, grouped: bool = False) -> str:
    """An amount as printed: ``1234.56`` or, grouped, ``1,234.56``."""
    return f"{amount:,f}" if grouped else format(amount, "f")


def _printed(say: Say, grouped: bool) -> str:
    if say.words is not None:
        return say.words
    return f"{money(say.amount, grouped and say.unit != '%')}{say.unit or ''}"


def sentence(section: str, *parts: str | Say, grouped: bool = False) -> list[Claim]:
    """The claims of the sentence written from ``parts`` (text and figures), in ``section``."""
    text = "".join(p if isinstance(p, str) else _printed(p, grouped) for p in parts)
    return [
        Claim(
            subject=p.subject,
            kind=p.kind,
            amount=p.amount,
            unit=p.unit,
            direction=p.direction,
            year=p.year,
            section=section,
            sentence=text,
        )
        for p in parts
        if isinstance(p, Say)
    ]


def change(
    subject: str, delta: Decimal, year: int | None, words: tuple[str, str] = ("增加", "减少")
) -> tuple[str, Say]:
    """``增加``/``减少`` and the change's figure (its size; the direction is the claim's)."""
    direction: Direction = "decrease" if delta < 0 else "increase"
    return (words[1] if delta < 0 else words[0]), Say(subject, abs(delta), "change", direction, year)


def percent(part: Decimal, whole: Decimal, digits: int = 2) -> Decimal:
    """``part`` ÷ ``whole`` as a percentage rounded half up to ``digits`` decimals."""
    return (part * HUNDRED / whole).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def flat(subject: str, year: int | None) -> Say:
    """A change stated as none (与上年持平): no number is printed."""
    return Say(subject, Decimal(0), "change", "flat", year, unit=None, words="持平")
