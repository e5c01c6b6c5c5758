"""Compare stored disclosures side by side: key amounts, shares, ranks, outliers, findings.

:func:`compare` reads the current version of every matching disclosure in one query — ``figures``
joined to ``disclosures`` and ``departments``, with the severity counts of each disclosure's
newest review run — and computes shares, ranks and outliers in Python with ``Decimal``.

Definitions (the same in every output):

- Amounts are in 万元, as stored in ``figures``.
- Shares are percentages rounded half-up to two decimals: 项目支出占比 = project / total,
  人员经费占基本支出比 = personnel / basic, “三公”经费占支出比 = three_public / total;
  人均机关运行经费 = operating_cost / staff in 万元 per person (two decimals), only where the
  staffing is stated. A share is blank when either figure is missing or the denominator is zero.
- Ranks run from the largest value (1) down, within one budget year and kind; equal values share a
  rank (1, 2, 2, 4). Blank values are not ranked.
- Outliers are looked for among the shares only (amounts differ with a department's size), within
  one year and kind, when at least :data:`MIN_SAMPLE` values are there. A value is an outlier when
  it lies beyond 1.5 interquartile ranges from the quartiles (Tukey's fences, quartiles by linear
  interpolation) or when its robust z-score 0.6745 × (x − median) / MAD exceeds 3 in magnitude. A
  test whose spread (IQR or MAD) is zero is not applied: it would flag every value that differs
  from the common one.
- Findings are the counts by severity of the newest review run stored for the disclosure.

Outputs (terminal, CSV with BOM, JSON, Excel): :mod:`yusuan.store.compare_output`; the 决算 beside
each 预算 and the execution rates (``execution``): :mod:`yusuan.store.compare_execution`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, NamedTuple, get_args

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    ColumnExpressionArgument,
    Engine,
    Numeric,
    Select,
    cast,
    func,
    select,
    type_coerce,
)

from yusuan.domain.figures import COMPARED, name
from yusuan.domain.kinds import BUDGET_WORD
from yusuan.domain.levels import LEVEL_NAMES
from yusuan.errors import YusuanError
from yusuan.model import Level
from yusuan.review.finding import Severity
from yusuan.store.db import check_year
from yusuan.store.schema import MONEY_PRECISION, MONEY_SCALE, Department, DisclosureRecord, Figures, ReviewRun, tidy

MeasureKind = Literal["amount", "share"]

#: Fewest values of a share in one year for outliers to be looked for.
MIN_SAMPLE = 5
IQR_FACTOR = Decimal("1.5")
Z_LIMIT = Decimal(3)
Z_SCALE = Decimal("0.6745")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: str
    kind: MeasureKind
    #: For shares: the numerator and denominator figures; a denominator ``staff`` divides per person.
    ratio: tuple[str, str] | None = None

    @property
    def head(self) -> str:
        return f"{self.name}（{self.unit}）"


AMOUNTS: tuple[Measure, ...] = tuple(Measure(f.key, f.name, "万元", "amount") for f in COMPARED)
SHARES: tuple[Measure, ...] = (
    Measure("project_share", f"{name('project')}占比", "%", "share", ("project", "total")),
    Measure("personnel_share", f"{name('personnel')}占{name('basic')}比", "%", "share", ("personnel", "basic")),
    Measure("three_public_share", f"{name('three_public')}占支出比", "%", "share", ("three_public", "total")),
    Measure(
        "operating_cost_per_staff", f"人均{name('operating_cost')}", "万元/人", "share", ("operating_cost", "staff")
    ),
)
MEASURES: tuple[Measure, ...] = AMOUNTS + SHARES
BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}


class CompareError(YusuanError, ValueError):
    """A filter cannot be understood; the message is Chinese."""

    default_code = "compare.filter"


@dataclass(frozen=True)
class Outlier:
    measure: str
    value: Decimal
    direction: Literal["high", "low"]
    #: Why, in Chinese: each test the value fails, with the bounds it was measured against.
    reasons: tuple[str, ...]
    robust_z: Decimal | None

    def text(self) -> str:
        m = BY_KEY[self.measure]
        word = "偏高" if self.direction == "high" else "偏低"
        return f"{m.name} {fmt(self.value)}{_unit(m)}{word}：{'；'.join(self.reasons)}"


@dataclass(slots=True)
class CompareRow:
    disclosure_id: int
    department_id: int
    department: str
    region: str | None
    level: str | None
    year: int | None
    kind: str
    version: int
    staff: int | None
    #: Every measure by key: the stored amounts and the computed shares (``None`` when blank).
    values: dict[str, Decimal | None]
    ranks: dict[str, int | None] = field(default_factory=dict)
    #: Findings by severity of the newest review run; ``None`` when none was stored.
    findings: dict[Severity, int] | None = None
    outliers: list[Outlier] = field(default_factory=list)
    #: With ``execution``: the other kind's amounts and disclosure, the execution rates (%), by key.
    other: dict[str, Decimal | None] = field(default_factory=dict)
    other_id: int | None = None
    rates: dict[str, Decimal | None] = field(default_factory=dict)

    def label(self, with_year: bool) -> str:
        return f"{self.department}（{self.year}）" if with_year and self.year else self.department


@dataclass(frozen=True)
class Spread:
    """The distribution of one share in one year and kind, as the outlier tests saw it."""

    year: int | None
    kind: str
    measure: str
    n: int
    median: Decimal | None
    q1: Decimal | None
    q3: Decimal | None
    low_fence: Decimal | None
    high_fence: Decimal | None
    mad: Decimal | None
    tested: bool


@dataclass
class CompareResult:
    year: int | None
    region: str | None
    level: str | None
    rows: list[CompareRow]
    spreads: list[Spread]
    #: Current disclosures that matched but carry no table figures (no expenditure table).
    without_figures: list[tuple[str, int | None]]
    #: The kinds compared (``预算``, ``决算``, a kind, ``None``: all); whether rows have the other kind.
    kind: str | None = BUDGET_WORD
    execution: bool = False

    @property
    def years(self) -> list[int | None]:
        return sorted({r.year for r in self.rows}, key=lambda y: -(y or 0))

    @property
    def outliers(self) -> list[tuple[CompareRow, Outlier]]:
        return [(r, o) for r in self.rows for o in r.outliers]


def normalize_level(level: str | None) -> str | None:
    """``县级`` or ``县`` → ``县``; anything else is a :class:`CompareError`."""
    if level is None or not level.strip():
        return None
    value = level.strip().removesuffix("级")
    if value not in get_args(Level):
        names = "、".join(LEVEL_NAMES.values())
        raise CompareError(f"无法识别的级次“{level}”，可用：{names}")
    return value


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: The stored figures ``compare`` reads, in the order of its query's columns.
_FIGURES: tuple[str, ...] = tuple(m.key for m in AMOUNTS)


class _Fetched(NamedTuple):
    """One row of :func:`statement`: the disclosure, its figures and its newest review's counts."""

    disclosure_id: int
    department_id: int
    department: str
    region: str | None
    level: str | None
    year: int | None
    kind: str
    version: int
    staff: int | None
    #: The figures of ``_FIGURES`` in millionths (see :func:`scaled`).
    figures: tuple[int | None, ...]
    #: Finding counts of the newest review run; all ``None`` when none was stored.
    errors: int | None
    warnings: int | None
    infos: int | None


def compare(
    engine: Engine,
    *,
    year: int | None = None,
    region: str | None = None,
    level: str | None = None,
    kind: str | None = BUDGET_WORD,
    execution: bool = False,
) -> CompareResult:
    """The current versions of the stored disclosures that match, side by side.

    ``region`` matches when the disclosure's region contains it (``唐山`` matches ``唐山市丰南区``);
    ``level`` is 省/市/县/区/乡 (``县级`` also works); ``kind`` as
    :func:`~yusuan.store.compare_execution.kinds_of` (the budgets by default). ``execution`` adds to
    each row the other kind of its department and year (the 决算 beside a 预算) and the execution rates."""
    from yusuan.store.compare_execution import attach, kinds_of

    level = normalize_level(level)
    check_year(year)
    stmt = statement(engine.dialect.name, year=year, region=region, level=level, kind=kinds_of(kind))
    n = len(_FIGURES)
    with engine.connect() as connection:
        fetched = [_Fetched._make((*r[:9], tuple(r[9 : 9 + n]), *r[9 + n :])) for r in connection.execute(stmt).all()]
    without = sorted(
        ((r.department, r.year) for r in fetched if _no_figures(r.figures)), key=lambda t: (-(t[1] or 0), t[0])
    )
    kept = [r for r in fetched if not _no_figures(r.figures)]
    # Newest year first; within a year the largest total first (the scaled integers sort fast).
    kept.sort(
        key=lambda r: (
            -(r.year or 0),
            r.kind,
            r.figures[0] is None,
            -(r.figures[0] or 0),
            r.department,
            r.disclosure_id,
        )
    )
    # Column-wise from here on: one list per measure, aligned with ``kept``.
    columns: dict[str, list[Decimal | None]] = {
        key: [_amount(r.figures[j]) for r in kept] for j, key in enumerate(_FIGURES)
    }
    staff: list[int | None] = [r.staff for r in kept]
    for m in SHARES:
        columns[m.key] = _shares(m, columns, staff)
    ranks: dict[str, list[int | None]] = {m.key: [None] * len(kept) for m in MEASURES}
    outliers: list[list[Outlier]] = [[] for _ in kept]
    spreads: list[Spread] = []
    groups: dict[tuple[int | None, str], list[int]] = {}
    for i, r in enumerate(kept):
        groups.setdefault((r.year, r.kind), []).append(i)
    for (group_year, group_kind), members in groups.items():
        for m in MEASURES:
            _rank(columns[m.key], members, ranks[m.key])
        for m in SHARES:
            spreads.append(_outliers(columns[m.key], members, m, group_year, group_kind, outliers))
    keys = [m.key for m in MEASURES]
    rows: list[CompareRow] = []
    value_rows = zip(*(columns[k] for k in keys), strict=True)
    rank_rows = zip(*(ranks[k] for k in keys), strict=True)
    for r, values, row_ranks, row_outliers in zip(kept, value_rows, rank_rows, outliers, strict=True):
        errors, warnings, infos = r.errors, r.warnings, r.infos
        findings: dict[Severity, int] | None = (
            None
            if errors is None or warnings is None or infos is None  # all None: no review run was stored
            else {"error": errors, "warning": warnings, "info": infos}
        )
        rows.append(
            CompareRow(
                disclosure_id=r.disclosure_id,
                department_id=r.department_id,
                department=r.department,
                region=r.region,
                level=r.level,
                year=r.year,
                kind=r.kind,
                version=r.version,
                staff=r.staff,
                values=dict(zip(keys, values, strict=True)),
                ranks=dict(zip(keys, row_ranks, strict=True)),
                findings=findings,
                outliers=row_outliers,
            )
        )
    result = CompareResult(year, region, level, rows, spreads, without, kind, execution)
    if execution:
        attach(engine, result)
    return result


def statement(
    dialect: str, *, year: int | None, region: str | None, level: str | None, kind: str | Sequence[str] | None
) -> Select[*tuple[Any, ...]]:
    """The one query behind :func:`compare`: figures, disclosure, department and newest review counts
    (the columns of :class:`_Fetched`, one per figure in the middle). SQLAlchemy cannot type a select
    of a computed number of columns, hence its untyped rows; :func:`compare` reads them into :class:`_Fetched`."""
    latest = (
        select(ReviewRun.disclosure_id, func.max(ReviewRun.id).label("run_id"))
        .group_by(ReviewRun.disclosure_id)
        .subquery()
    )
    stmt = (
        select(
            DisclosureRecord.id,
            DisclosureRecord.department_id,
            Department.name,
            DisclosureRecord.region,
            DisclosureRecord.level,
            DisclosureRecord.year,
            DisclosureRecord.kind,
            DisclosureRecord.version,
            Figures.staff,
            *(scaled(getattr(Figures, f), dialect) for f in _FIGURES),
            ReviewRun.errors,
            ReviewRun.warnings,
            ReviewRun.infos,
        )
        .select_from(Figures)
        .join(DisclosureRecord, DisclosureRecord.id == Figures.disclosure_id)
        .join(Department, Department.id == DisclosureRecord.department_id)
        .outerjoin(latest, latest.c.disclosure_id == DisclosureRecord.id)
        .outerjoin(ReviewRun, ReviewRun.id == latest.c.run_id)
        .where(DisclosureRecord.current.is_(True))
    )
    if year is not None:
        stmt = stmt.where(DisclosureRecord.year == year)
    if region:
        stmt = stmt.where(DisclosureRecord.region.like(f"%{_escape_like(region.strip())}%", escape="\\"))
    if level is not None:
        stmt = stmt.where(DisclosureRecord.level == level)
    if isinstance(kind, str):
        stmt = stmt.where(DisclosureRecord.kind == kind)
    elif kind is not None:
        stmt = stmt.where(DisclosureRecord.kind.in_(kind))
    return stmt


def _no_figures(scaled: Sequence[int | None]) -> bool:
    return all(v is None for v in scaled)


def scaled(
    column: ColumnExpressionArgument[Decimal] | ColumnExpressionArgument[Decimal | None], dialect: str
) -> ColumnElement[int]:
    """An amount as an integer count of millionths (10^-MONEY_SCALE): cheaper to read than
    ``Money``'s Decimals.

    On SQLite that is how :class:`~yusuan.store.schema.Money` stores it; elsewhere the NUMERIC is
    scaled and cast to BIGINT in SQL (exact up to 9.2 × 10^12 万元)."""
    if dialect == "sqlite":
        return type_coerce(column, BigInteger)
    numeric = Numeric(MONEY_PRECISION, MONEY_SCALE)
    return cast(type_coerce(column, numeric) * 10**MONEY_SCALE, BigInteger)


def _amount(scaled: int | None) -> Decimal | None:
    """Millionths to an amount in the store's form: two decimals, more only where significant."""
    if scaled is None:
        return None
    return tidy(Decimal(scaled).scaleb(-MONEY_SCALE))


def _shares(m: Measure, columns: dict[str, list[Decimal | None]], staff: list[int | None]) -> list[Decimal | None]:
    """A share column: percentages (or 万元 per person), rounded half-up to two decimals."""
    assert m.ratio is not None
    top_key, bottom_key = m.ratio
    tops = columns[top_key]
    out: list[Decimal | None] = []
    if bottom_key == "staff":
        for top, people in zip(tops, staff, strict=True):
            out.append(None if top is None or not people else (top / people).quantize(CENT, ROUND_HALF_UP))
        return out
    for top, bottom in zip(tops, columns[bottom_key], strict=True):
        out.append(None if top is None or not bottom else (top * HUNDRED / bottom).quantize(CENT, ROUND_HALF_UP))
    return out


def _rank(values: Sequence[Decimal | None], members: Sequence[int], ranks: list[int | None]) -> None:
    """Competition ranking of ``members`` from the largest value down (1, 2, 2, 4), into ``ranks``."""
    order = [i for i in members if values[i] is not None]
    order.sort(key=values.__getitem__, reverse=True)  # type: ignore[arg-type]  # None filtered out
    previous: Decimal | None = None
    rank = 0
    for position, i in enumerate(order, start=1):
        value = values[i]
        if value != previous:
            rank, previous = position, value
        ranks[i] = rank


def quantile(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """The ``p`` quantile of sorted values by linear interpolation (Hyndman–Fan type 7, as numpy)."""
    h = (len(ordered) - 1) * p
    lo = int(h)
    if lo + 1 >= len(ordered):
        return ordered[-1]
    return ordered[lo] + (h - lo) * (ordered[lo + 1] - ordered[lo])


def median(ordered: Sequence[Decimal]) -> Decimal:
    return quantile(ordered, Decimal("0.5"))


def _outliers(
    column: Sequence[Decimal | None],
    members: Sequence[int],
    m: Measure,
    year: int | None,
    kind: str,
    found: list[list[Outlier]],
) -> Spread:
    """The spread of one share among ``members``; each outlier appended to ``found[row]``."""
    values = sorted(v for i in members if (v := column[i]) is not None)
    if not values:
        return Spread(year, kind, m.key, 0, None, None, None, None, None, None, False)
    q1, mid, q3 = (quantile(values, Decimal(p)) for p in ("0.25", "0.5", "0.75"))
    iqr = q3 - q1
    low, high = q1 - IQR_FACTOR * iqr, q3 + IQR_FACTOR * iqr
    mad = median(sorted(abs(v - mid) for v in values))
    tested = len(values) >= MIN_SAMPLE
    spread = Spread(year, kind, m.key, len(values), mid, q1, q3, low, high, mad, tested)
    if not tested:
        return spread
    # The values a test can flag lie outside these bounds; compare first, compute reasons only then.
    inf = Decimal("Infinity")
    fence_low, fence_high = (low, high) if iqr > 0 else (-inf, inf)
    z_low, z_high = (mid - Z_LIMIT * mad / Z_SCALE, mid + Z_LIMIT * mad / Z_SCALE) if mad > 0 else (-inf, inf)
    bound_low, bound_high = max(fence_low, z_low), min(fence_high, z_high)
    u = _unit(m)
    for i in members:
        x = column[i]
        if x is None or bound_low <= x <= bound_high:
            continue
        reasons: list[str] = []
        if x > fence_high:
            reasons.append(f"高于上限 {_r(high)}{u}（第三四分位数 {_r(q3)}{u} + 1.5 × 四分位距 {_r(iqr)}{u}）")
        elif x < fence_low:
            reasons.append(f"低于下限 {_r(low)}{u}（第一四分位数 {_r(q1)}{u} − 1.5 × 四分位距 {_r(iqr)}{u}）")
        z = Z_SCALE * (x - mid) / mad if mad > 0 else None
        if z is not None and abs(z) > Z_LIMIT:
            reasons.append(f"稳健 z 值 {_r(z)}，绝对值超过 3（中位数 {_r(mid)}{u}，绝对中位差 {_r(mad)}{u}）")
        if not reasons:  # exactly on a bound
            continue
        scope = f"{year} 年" if year else "同年度"
        reasons.append(f"比较范围：{scope}{len(values)} 个部门")
        direction: Literal["high", "low"] = "high" if x > mid else "low"
        found[i].append(Outlier(m.key, x, direction, tuple(reasons), None if z is None else z.quantize(CENT)))
    return spread


def _r(value: Decimal) -> str:
    return format(value.quantize(CENT, ROUND_HALF_UP), "f")


def _unit(m: Measure) -> str:
    return "%" if m.unit == "%" else ""


def fmt(value: Decimal | None) -> str:
    """Two decimals, up to four where they are significant (as the store gives amounts back); or empty."""
    if value is None:
        return ""
    q = value.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize()
    exponent = q.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        q = q.quantize(CENT)
    return format(q, "f")
