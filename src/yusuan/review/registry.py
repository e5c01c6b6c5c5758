"""The rule registry: every check is a small function registered with its metadata.

A rule has a stable id, a kind, a default severity, a Chinese title, a message template (Python
``str.format`` fields), its basis (law, regulation or convention) and the DOMAIN.md relationships
it implements. Its function receives a :class:`~yusuan.review.context.Context` and yields
:class:`Hit` objects; the engine turns them into findings.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yusuan.domain.kinds import BUDGET_KINDS, KINDS
from yusuan.domain.kinds import Kind as DocumentKind
from yusuan.domain.tables import COLUMN_KEYS, is_table_id
from yusuan.domain.templates import TEMPLATE_IDS, TemplateId
from yusuan.model import Disclosure
from yusuan.review.context import DOCUMENT_INPUTS
from yusuan.review.finding import Evidence, Kind, Severity


@dataclass
class Hit:
    """One occurrence of a rule: the template's fields, the amounts involved and the evidence."""

    fields: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Decimal] = field(default_factory=dict)
    locations: list[Evidence] = field(default_factory=list)
    severity: Severity | None = None  # overrides the rule's default
    suffix: str = ""  # appended to the message, e.g. the tolerance applied
    #: Files the hit under another rule (the 尾差 of an arithmetic or cross-table comparison); its message is
    #: that rule's template with ``source`` (this rule's title) and ``message`` (this rule's message).
    rule: str | None = None


Check = Callable[[Any], Iterator[Hit]]

#: An input a rule needs: a table id, a (table id, column key) pair, or another document
#: (:data:`~yusuan.review.context.DOCUMENT_INPUTS`: ``budget_document``).
Need = str | tuple[str, str]


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
    #: The templates the rule is written for (:data:`yusuan.domain.templates.TemplateId`); None: any.
    #: A document of another template skips the rule.
    templates: frozenset[TemplateId] | None = None
    #: The tables (ids) and columns ((table id, column key)) the rule reads; the engine runs the rule
    #: only when every one of them was read (:func:`yusuan.review.engine.missing_inputs`).
    needs: tuple[Need, ...] = ()
    #: The kinds of document the rule is written for: budgets by default; the arithmetic of any table,
    #: the classification codes and the reading problems hold for final accounts (决算) too.
    documents: frozenset[DocumentKind] = BUDGET_KINDS

    @property
    def template_bound(self) -> bool:
        """Whether the rule applies to some templates only (the catalogue's ``template_bound``)."""
        return self.templates is not None

    def applies_to(self, template_id: str) -> bool:
        """Whether the rule checks a document of template ``template_id``."""
        return self.templates is None or template_id in self.templates

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()

    @property
    def mutations(self) -> tuple[Mutation, ...]:
        """The declared mutations of a consistent document that make this rule fire."""
        return tuple(m for m in MUTATIONS.values() if m.rule == self.id)


RULES: dict[str, Rule] = {}


def rules_for(template_id: str) -> list[Rule]:
    """The rules that depend on a template: those declaring it among the templates they are written for."""
    return [r for r in RULES.values() if r.templates is not None and template_id in r.templates]


def rule(
    id: str,
    *,
    kind: Kind,
    severity: Severity,
    title: str,
    template: str,
    basis: str,
    refs: tuple[str, ...] = (),
    templates: frozenset[TemplateId] | None = None,
    needs: tuple[Need, ...] = (),
    documents: frozenset[DocumentKind] = BUDGET_KINDS,
) -> Callable[[Check], Check]:
    """Register a rule function under ``id``."""

    def register(fn: Check) -> Check:
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        unknown = sorted(set(templates or ()) - set(TEMPLATE_IDS))
        if unknown:
            raise ValueError(f"rule {id}: unknown templates {unknown}")
        tables = [n if isinstance(n, str) else n[0] for n in needs if n not in DOCUMENT_INPUTS]
        if any(not is_table_id(t) for t in tables):
            raise ValueError(f"rule {id}: unknown tables in needs {tables}")
        columns = [n[1] for n in needs if not isinstance(n, str)]
        if any(c not in COLUMN_KEYS for c in columns):
            raise ValueError(f"rule {id}: unknown columns in needs {columns}")
        if not documents or not documents <= set(KINDS):
            raise ValueError(f"rule {id}: unknown document kinds {sorted(documents)}")
        RULES[id] = Rule(id, kind, severity, title, template, basis, refs, fn, templates, tuple(needs), documents)
        return fn

    return register


# -- mutations: what makes a rule fire ----------------------------------------------------------


@dataclass
class MutationRecord:
    """What a mutation changed: where (table/row/column, section/sentence …), the text before and after,
    and, when it depends on the document, the description of this change (else the mutation's)."""

    where: dict[str, Any] = field(default_factory=dict)
    before: str | None = None
    after: str | None = None
    description: str | None = None


class NotApplicable(Exception):
    """Raised inside a mutation when it does not apply to the document (``Mutation.apply`` returns None)."""


Apply = Callable[[Disclosure, random.Random], MutationRecord | None]


@dataclass(frozen=True)
class Mutation:
    """A change to a consistent disclosure that makes rule ``rule`` fire.

    ``published``: the change survives publishing the document and reading it back (the synthetic
    defect catalogue, :mod:`yusuan.synth.defects`, takes only those).
    """

    id: str
    rule: str
    zh: str
    en: str
    fn: Apply
    published: bool = True

    def apply(self, d: Disclosure, rng: random.Random) -> MutationRecord | None:
        """Change ``d`` in place and say what changed; None (``d`` possibly half changed) when it does not apply."""
        try:
            return self.fn(d, rng)
        except NotApplicable:
            return None


#: Every declared mutation by id.
MUTATIONS: dict[str, Mutation] = {}


def mutation(
    rule_id: str, id: str | None = None, *, zh: str, en: str, published: bool = True
) -> Callable[[Apply], Apply]:
    """Declare the decorated function as a mutation that makes rule ``rule_id`` fire (id defaults to the rule's)."""

    def register(fn: Apply) -> Apply:
        key = id or rule_id
        if key in MUTATIONS:
            raise ValueError(f"duplicate mutation id {key}")
        MUTATIONS[key] = Mutation(key, rule_id, zh, en, fn, published)
        return fn

    return register
