"""What a batch review produces: each document read with its review, and the inputs that failed.

Reports need the disclosure beside its review (the table excerpts are cut from the disclosure),
so a batch keeps the two together as :class:`Reviewed` pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yusuan.model import Disclosure
from yusuan.review.engine import DocumentReview
from yusuan.review.finding import SEVERITIES, Severity


@dataclass(frozen=True)
class Reviewed:
    """One reviewed document: the disclosure as read and its review."""

    disclosure: Disclosure
    review: DocumentReview


@dataclass(frozen=True)
class Failure:
    """An input that could not be reviewed, with a Chinese message naming it."""

    path: str
    message: str


@dataclass(frozen=True)
class Duplicate:
    """An input not read because an earlier input of the batch has the same bytes (SHA-256)."""

    path: str
    same_as: str

    @property
    def message(self) -> str:
        return f"{self.path}：与 {self.same_as} 内容相同，已跳过"


@dataclass
class Batch:
    items: list[Reviewed] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    #: Inputs identical to an earlier one, read once (not failures).
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(r.review.count("error") for r in self.items)

    def totals(self) -> dict[Severity, int]:
        return {s: sum(r.review.count(s) for r in self.items) for s in SEVERITIES}

    @property
    def exit_code(self) -> int:
        """2 when an input was unreadable, else 1 when some finding is an error, else 0."""
        if self.failures:
            return 2
        return 1 if self.errors else 0
