"""What a reading holds, and whether a new version may replace the current one (issue 13).

Nothing stored is lost or replaced by a worse reading:

* a document with nothing read — no amount in any table, no figure in its narrative, no performance
  target, procurement line or asset row — is not stored at all (:func:`nothing_read`): it would
  become a department's current version with no data;
* a new reading of a department's year that is worse than the current version (:func:`worse`) is
  stored as a version that is **not** current — the current version stays what ``list``, ``show``,
  ``history``, ``compare`` and ``export`` use — and the ingest says so, naming both files;
  :func:`make_current` makes it current once someone has checked it.

"Worse" is judged on what was read, never on the amounts (a corrected file changes amounts, not how
much of the file could be read): a reading problem (a ``Problem`` whose code starts with ``read.``,
e.g. ``read.repaired`` for a damaged PDF the reader repaired) where the current version has none;
a table the current version has that the new one lacks; fewer than :data:`MIN_CELL_SHARE` of its
amount cells (of its narrative figures when neither has tables, of its other items when neither has
either); a reading confidence more than
:data:`MAX_CONFIDENCE_DROP` lower.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from yusuan.domain.figures import name as figure_name
from yusuan.domain.tables import short_name
from yusuan.model import Disclosure, Row, Table, TwoSidedTable
from yusuan.store.db import INT_MAX, StoreError, check_id
from yusuan.store.schema import MONEY_SCALE, CellRecord, ClaimRecord, DisclosureRecord, SourceFile

#: The prefix of the codes of reading problems (the file was damaged, repaired, partly unreadable).
READING_PROBLEM_PREFIX = "read."
#: A new version with fewer than this share of the current version's amount cells is worse.
MIN_CELL_SHARE = 0.9
#: A new version whose reading confidence is lower by more than this is worse.
MAX_CONFIDENCE_DROP = 0.1
#: Reading problems named in a message at most.
_NAMED = 3
#: Amounts (万元) the store keeps: below this in absolute value (SQLite's integer millionths end near
#: 9.2 × 10^12; a trillion 万元 is far above any budget), with at most MONEY_SCALE decimals.
MAX_AMOUNT = Decimal(10) ** 12


@dataclass(frozen=True)
class Reading:
    """How much of a document was read."""

    cells: int
    #: The tables found, with or without amounts (a table printed empty, 空表列示, is found).
    tables: frozenset[str]
    claims: int
    #: Performance targets (projects without targets count one), procurement lines and asset rows.
    other: int = 0
    confidence: float | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return self.cells == 0 and self.claims == 0 and self.other == 0


def _rows(d: Disclosure) -> Iterator[tuple[str, list[Row]]]:
    """Each table's id with its rows (both sides of a two-sided table)."""
    for table_id, table in d.tables.items():
        if isinstance(table, TwoSidedTable):
            yield table_id, [*table.income, *table.expenditure]
        elif isinstance(table, Table):
            yield table_id, table.rows


def _cells(d: Disclosure) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table_id, rows in _rows(d):
        n = sum(len(row.values) for row in rows)
        if n:
            counts[table_id] = n
    return counts


def _other(performance: list[int], procurement: int, assets: int) -> int:
    """The other items read: each project's targets (at least one per project), procurement lines, asset rows."""
    return sum(max(n, 1) for n in performance) + procurement + assets


def _problems(problems: list[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(message or code for code, message in problems if code.startswith(READING_PROBLEM_PREFIX))


def reading_of(d: Disclosure) -> Reading:
    """What was read of ``d``: its amount cells (by table), its narrative figures, its reading
    confidence (real files) and its reading problems."""
    cells = _cells(d)
    return Reading(
        cells=sum(cells.values()),
        tables=frozenset(d.tables) | frozenset(t.table for t in (d.reading.tables if d.reading is not None else [])),
        claims=len(d.narrative.claims),
        other=_other([len(p.indicators) for p in d.performance], len(d.procurement.lines), len(d.assets.rows)),
        confidence=d.reading.confidence if d.reading is not None and d.reading.tables else None,
        problems=_problems([(p.code, p.message) for p in d.problems]),
    )


def stored_reading(session: Session, disclosure_id: int) -> Reading:
    """What was read of a stored disclosure (its cells and claims; confidence and problems from its model)."""
    tables = frozenset(
        session.scalars(select(CellRecord.table_id).where(CellRecord.disclosure_id == disclosure_id).distinct())
    )
    cells = session.scalar(
        select(func.count()).select_from(CellRecord).where(CellRecord.disclosure_id == disclosure_id)
    )
    claims = session.scalar(
        select(func.count()).select_from(ClaimRecord).where(ClaimRecord.disclosure_id == disclosure_id)
    )
    model = session.scalar(select(DisclosureRecord.model_json).where(DisclosureRecord.id == disclosure_id))
    confidence: float | None = None
    problems: tuple[str, ...] = ()
    other = 0
    try:
        data = json.loads(model or "{}")
    except ValueError:
        data = {}
    if isinstance(data, dict):
        found = data.get("tables")
        tables |= frozenset(found) if isinstance(found, dict) else frozenset()
        tables |= frozenset(str(t.get("table")) for t in _dicts((data.get("reading") or {}).get("tables")))
        reading = data.get("reading")
        if isinstance(reading, dict) and reading.get("tables") and isinstance(reading.get("confidence"), int | float):
            confidence = float(reading["confidence"])
        other = _other(
            [len(p.get("indicators") or []) for p in _dicts(data.get("performance"))],
            len(_dicts((data.get("procurement") or {}).get("lines"))),
            len(_dicts((data.get("assets") or {}).get("rows"))),
        )
        listed = data.get("problems")
        if isinstance(listed, list):
            problems = _problems(
                [(str(p.get("code", "")), str(p.get("message", ""))) for p in listed if isinstance(p, dict)]
            )
    return Reading(int(cells or 0), tables, int(claims or 0), other, confidence, problems)


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def nothing_read(label: str, reading: Reading) -> str | None:
    """The Chinese reason a document is not stored at all, or ``None``."""
    if not reading.empty:
        return None
    return (
        f"{label}：没有读出任何数据（表格中没有金额，说明中没有预算数字，也没有绩效目标、政府采购或资产），"
        "未入库，已入库的版本不变"
    )


def _amount_problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "不是一个有限的数"
    if abs(value) >= MAX_AMOUNT:
        return "超出可保存的范围（绝对值应小于一万亿万元）"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MONEY_SCALE:
        return f"小数超过 {MONEY_SCALE} 位"
    return None


def _amounts(d: Disclosure) -> Iterator[tuple[str, Decimal]]:
    for table_id, rows in _rows(d):
        for row in rows:
            for value in row.values.values():
                yield f"{short_name(table_id)}“{row.name[:40]}”行", value
    for claim in d.narrative.claims:
        yield f"说明中“{claim.sentence[:40]}”", claim.amount
    for project in d.performance:
        for stated in (project.budget, *(i.number for i in project.indicators)):
            if stated is not None:
                yield f"绩效目标“{project.name[:40]}”", stated


def unstorable(label: str, d: Disclosure) -> str | None:
    """The Chinese reason a disclosure cannot be stored as read, or ``None``: an amount that is not
    finite, too large or too fine for the store, a count or year beyond its integer column. Checked
    before storing, so that both backends refuse the same documents (PostgreSQL rounded what SQLite
    refused, and stored NaN)."""
    for where, value in _amounts(d):
        why = _amount_problem(value)
        if why is not None:
            return f"{label}：{where}的金额 {value} {why}，无法保存，未入库，已入库的版本不变"
    counts = [(figure_name("staff"), d.staffing.total if d.staffing else None), ("年度", d.year)]
    counts += [("说明中的年度", c.year) for c in d.narrative.claims]
    for what, number in counts:
        if number is not None and abs(number) > INT_MAX:
            return f"{label}：{what} {number} 超出可保存的范围，无法保存，未入库，已入库的版本不变"
    return None


def problems_text(reading: Reading) -> str:
    """The reading problems in one Chinese phrase ("" when none)."""
    if not reading.problems:
        return ""
    named = "；".join(reading.problems[:_NAMED])
    more = f"等 {len(reading.problems)} 处" if len(reading.problems) > _NAMED else ""
    return f"读取时有问题（{named}{more}）"


def worse(new: Reading, current: Reading) -> list[str]:
    """Why ``new`` is a worse reading than ``current`` (Chinese phrases); empty when it is not."""
    reasons: list[str] = []
    if new.problems and not current.problems:
        reasons.append(problems_text(new))
    lost = sorted(current.tables - new.tables)
    if lost:
        more = f"等 {len(lost)} 张表" if len(lost) > _NAMED else ""
        reasons.append("缺少当前版本中的" + "、".join(short_name(t) for t in lost[:_NAMED]) + more)
    if current.cells and new.cells < current.cells * MIN_CELL_SHARE:
        reasons.append(f"只读出 {new.cells} 个金额，当前版本有 {current.cells} 个")
    elif not current.cells and not new.cells and new.claims < current.claims * MIN_CELL_SHARE:
        reasons.append(f"说明中只读出 {new.claims} 个数字，当前版本有 {current.claims} 个")
    elif (
        not (current.cells or current.claims or new.cells or new.claims) and new.other < current.other * MIN_CELL_SHARE
    ):
        reasons.append(f"只读出 {new.other} 项绩效目标、采购或资产，当前版本有 {current.other} 项")
    if (
        new.confidence is not None
        and current.confidence is not None
        and new.confidence < current.confidence - MAX_CONFIDENCE_DROP
    ):
        reasons.append(f"读取可信度 {new.confidence:.2f}，低于当前版本的 {current.confidence:.2f}")
    return reasons


@dataclass(frozen=True)
class Promoted:
    """The outcome of :func:`make_current`."""

    disclosure_id: int
    replaced: int | None
    message: str


def make_current(engine: Engine, disclosure_id: int) -> Promoted:
    """Make a stored version the current one of its department, year and kind (the one ``list``,
    ``history`` and ``compare`` use), e.g. a version an ingest kept aside as a worse reading."""
    check_id(disclosure_id, "公开文件编号")
    with Session(engine) as session, session.begin():
        record = session.get(DisclosureRecord, disclosure_id)
        if record is None:
            raise StoreError(f"数据库中没有编号为 {disclosure_id} 的公开文件（见 yusuan list --all-versions）")
        same = (
            DisclosureRecord.department_id == record.department_id,
            DisclosureRecord.year == record.year if record.year is not None else DisclosureRecord.year.is_(None),
            DisclosureRecord.kind == record.kind,
        )
        replaced = session.scalar(select(DisclosureRecord.id).where(*same, DisclosureRecord.current.is_(True)))
        if replaced == record.id:
            return Promoted(record.id, None, f"第 {record.id} 号已是当前版本，未改变")
        session.execute(update(DisclosureRecord).where(*same).values(current=False))
        record.current = True
        name = session.scalar(select(SourceFile.name).where(SourceFile.id == record.source_file_id))
        was = f"，替换第 {replaced} 号（该版本保留为旧版本）" if replaced is not None else ""
        return Promoted(record.id, replaced, f"第 {record.id} 号（{name}，第 {record.version} 版）已设为当前版本{was}")
