"""Stage 4 — the store: a read disclosure and its review kept with their history (SQLAlchemy +
Alembic; SQLite or PostgreSQL), departments identified across years, history, comparison and export.
"""
