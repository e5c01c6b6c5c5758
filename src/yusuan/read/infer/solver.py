"""A small constraint solver that places numbers in columns.

Each row is a variable whose domain is the list of its candidate column assignments (a dict from
column key to amount; a DOCX row has one candidate, a PDF-text row with ``k`` numbers in ``n``
columns has up to C(n, k)). Constraints are linear equations over cells of several rows
(``parent = Σ children``, cross-table totals). The solver prunes domains by propagation —
keeping only the candidates that some choice of the other rows' candidates supports — and then
enumerates the remaining choices. An equation that no choice can satisfy (the document's own
arithmetic is wrong there) is set aside rather than allowed to force a wrong placement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

Candidate = dict[str, Decimal]
ZERO = Decimal(0)

#: Above this many partial sums an equation is not used for pruning in that round.
_MAX_SUMS = 20000
_MAX_SOLUTIONS = 64
_MAX_NODES = 200_000


@dataclass(frozen=True)
class Term:
    var: int
    column: str
    coeff: int = 1


@dataclass
class Equation:
    """``Σ coeff·cell = const`` over the cells named by ``terms``."""

    terms: tuple[Term, ...]
    label: str
    const: Decimal = ZERO
    priority: int = 0  # lower runs first; cross-table equations have a higher number
    #: Equations of one family (a parent's per-column sums) are set aside together.
    family: str = ""

    def __post_init__(self) -> None:
        self.family = self.family or self.label

    @property
    def vars(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(t.var for t in self.terms))


@dataclass
class Outcome:
    domains: list[list[Candidate]]
    dropped: list[Equation] = field(default_factory=list)


def placements(numbers: list[Decimal], columns: tuple[str, ...]) -> list[Candidate]:
    """Every order-preserving placement of ``numbers`` into ``columns``."""
    if not numbers:
        return [{}]
    return [
        dict(zip((columns[i] for i in combo), numbers, strict=True))
        for combo in combinations(range(len(columns)), len(numbers))
    ]


def _contribution(eq: Equation, var: int, cand: Candidate) -> Decimal:
    return sum((t.coeff * cand.get(t.column, ZERO) for t in eq.terms if t.var == var), ZERO)


def _support(eq: Equation, domains: list[list[Candidate]]) -> dict[int, list[int]] | bool | None:
    """For each var of ``eq``, the indices of its candidates that some choice of the others supports.

    Returns False when no choice satisfies the equation, None when the sums grow too many to track.
    """
    vars_ = eq.vars
    contribs = [[_contribution(eq, v, c) for c in domains[v]] for v in vars_]
    options = [set(c) for c in contribs]
    prefix: list[set[Decimal]] = [{ZERO}]
    for opts in options:
        nxt = {a + b for a in prefix[-1] for b in opts}
        if len(nxt) > _MAX_SUMS:
            return None
        prefix.append(nxt)
    if eq.const not in prefix[-1]:
        return False
    suffix: list[set[Decimal]] = [{ZERO}]
    for opts in reversed(options):
        suffix.append({a + b for a in suffix[-1] for b in opts})
    suffix.reverse()
    keep: dict[int, list[int]] = {}
    for i, v in enumerate(vars_):
        before, after = prefix[i], suffix[i + 1]
        keep[v] = [k for k, x in enumerate(contribs[i]) if any((eq.const - x - a) in after for a in before)]
    return keep


def _propagate(domains: list[list[Candidate]], equations: list[Equation], dropped: list[Equation]) -> None:
    active = sorted(equations, key=lambda e: e.priority)
    changed = True
    while changed:
        changed = False
        for eq in active:
            if eq in dropped:
                continue
            result = _support(eq, domains)
            if result is None:
                continue
            if result is False:
                dropped.append(eq)
                continue
            assert isinstance(result, dict)
            for v, kept in result.items():
                if len(kept) < len(domains[v]):
                    domains[v] = [domains[v][k] for k in kept]
                    changed = True


def _holds(eq: Equation, choice: dict[int, Candidate]) -> bool:
    total = sum((t.coeff * choice[t.var].get(t.column, ZERO) for t in eq.terms), ZERO)
    return total == eq.const


def _enumerate(domains: list[list[Candidate]], equations: list[Equation]) -> tuple[list[set[int]], int, bool]:
    """Candidates used in some full solution, per undecided var; the solution count; exhaustiveness."""
    open_vars = [v for v, d in enumerate(domains) if len(d) > 1]
    used: list[set[int]] = [set() for _ in domains]
    if not open_vars:
        return used, 1, True
    position = {v: i for i, v in enumerate(open_vars)}
    # An equation is checked once its last open var is assigned.
    checks: dict[int, list[Equation]] = defaultdict(list)
    for eq in equations:
        opened = [position[v] for v in eq.vars if v in position]
        if opened:
            checks[max(opened)].append(eq)
    choice: dict[int, Candidate] = {v: d[0] for v, d in enumerate(domains) if len(d) == 1}
    picked: dict[int, int] = {}
    solutions = 0
    nodes = 0
    complete = True

    def walk(i: int) -> None:
        nonlocal solutions, nodes, complete
        if solutions >= _MAX_SOLUTIONS or nodes >= _MAX_NODES:
            complete = False
            return
        if i == len(open_vars):
            solutions += 1
            for v, k in picked.items():
                used[v].add(k)
            return
        v = open_vars[i]
        for k, cand in enumerate(domains[v]):
            nodes += 1
            choice[v], picked[v] = cand, k
            if all(_holds(eq, choice) for eq in checks[i]):
                walk(i + 1)
        del choice[v], picked[v]

    walk(0)
    return used, solutions, complete


def solve(domains: list[list[Candidate]], equations: list[Equation]) -> Outcome:
    """Prune ``domains`` with ``equations``; what is left with more than one candidate is ambiguous.

    An equation no choice satisfies is set aside with its whole family, and propagation starts
    again from the original domains, so that the family's other (satisfiable) columns cannot
    have pruned candidates on the strength of a relationship the document itself breaks.
    """
    if all(len(d) == 1 for d in domains):
        # every cell placed already (a real file's grid): nothing to prune, only the equations the
        # document breaks to set aside with their families — what propagation would find
        choice = {v: d[0] for v, d in enumerate(domains)}
        broken = {e.family for e in equations if not _holds(e, choice)}
        return Outcome([list(d) for d in domains], [e for e in equations if e.family in broken])
    excluded: set[str] = set()
    while True:
        work = [list(d) for d in domains]
        dropped: list[Equation] = []
        _propagate(work, [e for e in equations if e.family not in excluded], dropped)
        new = {e.family for e in dropped} - excluded
        if not new:
            break
        excluded |= new
    set_aside = [e for e in equations if e.family in excluded]
    active = [e for e in equations if e.family not in excluded]
    for attempt in (active, [e for e in active if e.priority == 0]):
        used, solutions, complete = _enumerate(work, attempt)
        if solutions:
            if complete:
                for v, ks in enumerate(used):
                    if len(work[v]) > 1:
                        work[v] = [work[v][k] for k in sorted(ks)]
            return Outcome(work, set_aside)
    return Outcome(work, set_aside)
