"""Alembic environment: migrations run on the connection yusuan.store.db hands over."""

from __future__ import annotations

from alembic import context

from yusuan.store.schema import Base

config = context.config
target_metadata = Base.metadata

connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - yusuan always passes its connection
    raise RuntimeError("run migrations through yusuan.store.db.upgrade()")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
