"""The export formats of :func:`yusuan.store.export.export`, in one registry.

This module is light (no SQLAlchemy, no pyarrow, no openpyxl): the command line takes its
``--format`` choices from it at start-up. Each writer lives in :mod:`yusuan.store.export_formats`
and is imported when an export runs. A new format is one writer and one :func:`register` call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from yusuan.domain.registry import Registry

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from yusuan.store.export import ExportResult


class Exporter(NamedTuple):
    name: str
    #: Suffixes the target must have (``.xlsx``); none for a format written as a folder.
    suffixes: tuple[str, ...]
    write: Callable[[Engine, Path], ExportResult]
    #: The target is a folder (created when missing).
    folder: bool = True


#: The registered exporters, in the order ``yusuan export --format`` lists them.
EXPORTERS: Final[Registry[Exporter]] = Registry("export format")


def register(exporter: Exporter, *, replace: bool = False) -> Exporter:
    return EXPORTERS.register(exporter, replace=replace)


# The writers live in export_formats (imported when used: pyarrow and openpyxl only when needed).


def _csv(engine: Engine, path: Path) -> ExportResult:
    from yusuan.store.export_formats import export_csv

    return export_csv(engine, path)


def _xlsx(engine: Engine, path: Path) -> ExportResult:
    from yusuan.store.export_formats import export_xlsx

    return export_xlsx(engine, path)


def _parquet(engine: Engine, path: Path) -> ExportResult:
    from yusuan.store.export_formats import export_parquet

    return export_parquet(engine, path)


def _datapackage(engine: Engine, path: Path) -> ExportResult:
    from yusuan.store.export_formats import export_datapackage

    return export_datapackage(engine, path)


register(Exporter("csv", (), _csv))
register(Exporter("xlsx", (".xlsx",), _xlsx, folder=False))
register(Exporter("parquet", (), _parquet))
register(Exporter("datapackage", (), _datapackage))

#: The built-in formats.
FORMATS: Final[tuple[str, ...]] = EXPORTERS.names()
