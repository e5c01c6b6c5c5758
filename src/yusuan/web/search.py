"""Search by department name, as ``yusuan history`` finds a department: a fragment of its current
name, of any name it was published under or an alias, also in short form (``人大`` finds
``人民代表大会常务委员会``), or its id."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from yusuan.errors import YusuanError
from yusuan.store.departments import DepartmentSummary, find_departments, summaries


def matching(engine: Engine, query: str) -> list[DepartmentSummary] | None:
    """The departments ``query`` selects; ``None`` for an empty query (no filter). A query that
    cannot select anything (an id out of range) selects nothing."""
    if not query.strip():
        return None
    with Session(engine) as session:
        try:
            found = find_departments(session, query)
        except YusuanError:
            return []
        return summaries(session, found)
