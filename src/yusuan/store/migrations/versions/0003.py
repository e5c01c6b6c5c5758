"""Six decimals for amounts (万元 printed to the fen of 元, as Beijing does)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import yusuan.store.schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Every Money column, by table.
COLUMNS: dict[str, tuple[str, ...]] = {
    "cells": ("amount",),
    "claims": ("amount",),
    "performance_targets": ("budget", "number"),
    "figures": (
        "total", "basic", "project", "personnel", "public", "operating_cost", "three_public", "abroad",
        "vehicle_purchase", "vehicle_operation", "reception", "stated_prior", "stated_change",
    ),
}  # fmt: skip


def _convert(old: tuple[int, int], new: tuple[int, int]) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # integers counting 10^-scale: rescale in place (exact integer arithmetic)
        factor = 10 ** (new[1] - old[1])
        for table, columns in COLUMNS.items():
            sets = ", ".join(
                f"{c} = {c} * {factor}" if factor >= 1 else f"{c} = {c} / {10 ** (old[1] - new[1])}" for c in columns
            )
            op.execute(sa.text(f"UPDATE {table} SET {sets}"))
        return
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for c in columns:
                batch.alter_column(
                    c,
                    type_=yusuan.store.schema.Money(precision=new[0], scale=new[1]),
                    existing_type=yusuan.store.schema.Money(precision=old[0], scale=old[1]),
                )


def upgrade() -> None:
    _convert((20, 4), (26, 6))


def downgrade() -> None:
    _convert((26, 6), (20, 4))
