"""The rule registry: every check is a small function registered with its metadata.

A rule has a stable id, a kind, a default severity, a Chinese title, a message template (Python
``str.format`` fields), its basis (law, regulation or convention) and the DOMAIN.md relationships
it implements. Its function receives a :class:`~yusuan.review.context.Context` and yields
:class:`Hit` objects; the engine turns them into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yusuan.review.finding import Evidence, Kind, Severity


@dataclass
class Hit:
    """One occurrence of a rule: the template's fields, the amounts involved and the evidence."""

    fields: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Decimal] = field(default_factory=dict)
    locations: list[Evidence] = field(default_factory=list)
    severity: Severity | None = None  # overrides the rule's default
    suffix: str = ""  # appended to the message, e.g. the tolerance applied


Check = Callable[[Any], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    severity: Severity
    title: str
    template: str
    basis: str
    refs: tuple[str, ...]
    check: Check
    #: Set when the rule depends on the Hebei 2023 template and skips other layouts.
    template_bound: bool = False

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    kind: Kind,
    severity: Severity,
    title: str,
    template: str,
    basis: str,
    refs: tuple[str, ...] = (),
    template_bound: bool = False,
) -> Callable[[Check], Check]:
    """Register a rule function under ``id``."""

    def register(fn: Check) -> Check:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        RULES[id] = Rule(id, kind, severity, title, template, basis, refs, fn, template_bound)
        return fn

    return register
