"""The workbench's routes, one router per area. An area added later (uploads, decisions) is a new
module here with a ``router`` (an :class:`fastapi.APIRouter`) named in :data:`ROUTER_MODULES`; the
routers declare who may use them with :mod:`yusuan.web.auth`'s dependencies."""

from __future__ import annotations

from importlib import import_module

from fastapi import FastAPI

#: The modules of :mod:`yusuan.web.routes` whose ``router`` the application includes, in order.
ROUTER_MODULES: tuple[str, ...] = (
    "session", "documents", "evidence", "decisions", "uploads", "departments", "compare", "rules", "users",
)  # fmt: skip


def include_routers(app: FastAPI) -> None:
    for name in ROUTER_MODULES:
        app.include_router(import_module(f"{__name__}.{name}").router)
