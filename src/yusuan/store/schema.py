"""The store's tables (SQLAlchemy 2). docs/schema.md documents them for direct SQL users.

Amounts use :class:`Money`: NUMERIC(26, 6) on PostgreSQL; on SQLite, which has no exact decimal
type, an integer count of millionths (exact, and summable in SQL). Six decimals of 万元 hold an
amount in 元 to the fen, as some provinces print it (Beijing: 29,569.515638 万元); migration 0003
widened the earlier four. Both read back as ``decimal.Decimal``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator, TypeEngine

_CENT = Decimal("0.01")
#: Decimals the store keeps; SQLite holds amounts as integer counts of 10^-MONEY_SCALE.
MONEY_SCALE = 6
MONEY_PRECISION = 26


class Money(TypeDecorator[Decimal]):
    """An exact amount: NUMERIC(precision, scale) where the database has it, scaled integers on
    SQLite. The default is six decimals; migrations 0001/0002 name the four they created."""

    impl = Numeric(MONEY_PRECISION, MONEY_SCALE)
    cache_ok = True

    def __init__(self, precision: int = MONEY_PRECISION, scale: int = MONEY_SCALE) -> None:
        super().__init__(precision, scale)
        self.precision, self.scale = precision, scale
        self._factor = Decimal(10) ** scale

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[int] | TypeEngine[Decimal]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            scaled = value * self._factor
            if scaled != scaled.to_integral_value():
                raise ValueError(f"amount {value} has more than {self.scale} decimals")
            return int(scaled)
        return value

    def process_result_value(self, value: int | Decimal | str | None, dialect: Dialect) -> Decimal | None:
        # The driver's value: an int on SQLite (see load_dialect_impl), a Decimal elsewhere.
        if value is None:
            return None
        amount = Decimal(int(value)) / self._factor if dialect.name == "sqlite" else Decimal(value)
        return tidy(amount)


def tidy(amount: Decimal) -> Decimal:
    """The same form from every backend: two decimals, more only where they are significant."""
    q = amount.normalize()
    exponent = q.as_tuple().exponent
    return q.quantize(_CENT) if isinstance(exponent, int) and exponent > -2 else q


@cache
def _widths(model: type[Base]) -> dict[str, int]:
    return {
        c.key: c.type.length
        for c in model.__table__.columns
        if isinstance(c.type, String) and not isinstance(c.type, Text) and c.type.length
    }


def fitted(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """``values`` for a row of ``model`` with every text cut to its column's width: PostgreSQL refuses
    a longer one (a whole document would fail over a 300-character name read from a hostile file),
    SQLite would keep it. The full text stays in the disclosure's ``model_json``."""
    widths = _widths(model)
    return {
        k: v[: widths[k]] if isinstance(v, str) and k in widths and len(v) > widths[k] else v for k, v in values.items()
    }


def cut(model: type[Base], column: str, value: str) -> str:
    """``value`` cut to the width of ``model.column``."""
    width = _widths(model).get(column)
    return value[:width] if width is not None else value


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SourceFile(Base):
    __tablename__ = "source_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(BigInteger)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Department(Base):
    """One department across years and renames."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(10))
    code: Mapped[str | None] = mapped_column(String(30))
    #: Set when the department was merged into another one.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    names: Mapped[list[DepartmentName]] = relationship(back_populates="department", cascade="all, delete-orphan")


class DepartmentName(Base):
    """A name (and code) a department was published under; matching goes through these."""

    __tablename__ = "department_names"
    __table_args__ = (UniqueConstraint("region", "normalized", "code", name="uq_department_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    normalized: Mapped[str] = mapped_column(String(200), index=True)
    region: Mapped[str] = mapped_column(String(100), default="")
    code: Mapped[str] = mapped_column(String(30), default="")
    department: Mapped[Department] = relationship(back_populates="names")


class DisclosureRecord(Base):
    """One stored disclosure: a version of one department's package for one year."""

    __tablename__ = "disclosures"
    __table_args__ = (UniqueConstraint("department_id", "year", "kind", "version", name="uq_disclosure_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id"))
    layout: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(10))
    printed_name: Mapped[str | None] = mapped_column(String(200))
    printed_code: Mapped[str | None] = mapped_column(String(30))
    level: Mapped[str | None] = mapped_column(String(10))
    region: Mapped[str | None] = mapped_column(String(100))
    #: The whole model as the public JSON (yusuan parse), for show/export and re-review.
    model_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    source: Mapped[SourceFile] = relationship()
    department: Mapped[Department] = relationship()


class CellRecord(Base):
    """One amount of one table: the cell at (table, side, row, column)."""

    __tablename__ = "cells"
    __table_args__ = (Index("ix_cells_disclosure_table", "disclosure_id", "table_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"))
    table_id: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(12), default="main")
    row_no: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(20))
    row_key: Mapped[str | None] = mapped_column(String(40))
    row_name: Mapped[str] = mapped_column(String(300))
    column_key: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Money)
    page: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)


class ClaimRecord(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[Decimal] = mapped_column(Money)
    unit: Mapped[str | None] = mapped_column(String(10))
    direction: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(String(10))
    sentence: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)


class TargetRecord(Base):
    """One performance indicator of one project."""

    __tablename__ = "performance_targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), index=True)
    project: Mapped[str] = mapped_column(String(300))
    project_code: Mapped[str | None] = mapped_column(String(60))
    budget: Mapped[Decimal | None] = mapped_column(Money)
    level1: Mapped[str | None] = mapped_column(String(40))
    level2: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300))
    value: Mapped[str | None] = mapped_column(String(200))
    operator: Mapped[str | None] = mapped_column(String(4))
    number: Mapped[Decimal | None] = mapped_column(Money)
    unit: Mapped[str | None] = mapped_column(String(60))
    basis: Mapped[str | None] = mapped_column(Text)
    line: Mapped[int | None] = mapped_column(Integer)


class ReviewRun(Base):
    __tablename__ = "review_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    yusuan_version: Mapped[str] = mapped_column(String(20))
    rules: Mapped[int] = mapped_column(Integer)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)


class FindingRecord(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id", ondelete="CASCADE"), index=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    values_json: Mapped[str] = mapped_column(Text)
    locations_json: Mapped[str] = mapped_column(Text)


class Figures(Base):
    """Key figures per disclosure, computed at ingest: what history and compare read."""

    __tablename__ = "figures"
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id", ondelete="CASCADE"), primary_key=True)
    total: Mapped[Decimal | None] = mapped_column(Money)
    basic: Mapped[Decimal | None] = mapped_column(Money)
    project: Mapped[Decimal | None] = mapped_column(Money)
    personnel: Mapped[Decimal | None] = mapped_column(Money)
    public: Mapped[Decimal | None] = mapped_column(Money)
    operating_cost: Mapped[Decimal | None] = mapped_column(Money)
    three_public: Mapped[Decimal | None] = mapped_column(Money)
    abroad: Mapped[Decimal | None] = mapped_column(Money)
    vehicle_purchase: Mapped[Decimal | None] = mapped_column(Money)
    vehicle_operation: Mapped[Decimal | None] = mapped_column(Money)
    reception: Mapped[Decimal | None] = mapped_column(Money)
    staff: Mapped[int | None] = mapped_column(Integer)
    stated_prior: Mapped[Decimal | None] = mapped_column(Money)
    stated_change: Mapped[Decimal | None] = mapped_column(Money)


# The tables other modules declare on the same Base (accounts, decisions, uploads): imported here so that
# Base.metadata is the whole schema whichever module is imported first (migrations compare against it).
from yusuan.store import accounts, decisions, uploads  # noqa: E402, F401
