"""The outputs of ``yusuan compare``, in one registry: the terminal tables, CSV, JSON and Excel.

This module is light: the command line takes its ``--format`` choices from it at start-up. The
writers themselves are in :mod:`yusuan.store.compare_output`, imported when used. A writer is one
of three kinds: it ``show``\\ s the result on a console, or ``stream``\\ s text (to standard output or
a file), or ``save``\\ s a file only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, NamedTuple

from yusuan.domain.registry import Registry

if TYPE_CHECKING:
    from rich.console import Console

    from yusuan.store.compare import CompareResult


class CompareWriter(NamedTuple):
    name: str
    #: Suffixes of an output file that choose this format.
    suffixes: tuple[str, ...]
    #: Shows the result on a console (cannot be written to a file).
    show: Callable[[CompareResult, Console], None] | None = None
    #: Writes text to a stream: standard output, or the output file opened with :attr:`encoding`.
    stream: Callable[[CompareResult, IO[str]], None] | None = None
    encoding: str = "utf-8"
    #: Writes the output file (needs ``-o``).
    save: Callable[[CompareResult, Path], None] | None = None


#: The registered compare outputs; the first is the default when no format or suffix says otherwise.
COMPARE_WRITERS: Final[Registry[CompareWriter]] = Registry("compare format")


def register(writer: CompareWriter, *, replace: bool = False) -> CompareWriter:
    if sum(f is not None for f in (writer.show, writer.stream, writer.save)) != 1:
        raise ValueError(f"compare format {writer.name!r}: give exactly one of show, stream, save")
    return COMPARE_WRITERS.register(writer, replace=replace)


def _table(result: CompareResult, console: Console) -> None:
    from rich.text import Text

    from yusuan.store import compare_output as cmp_out

    for table in cmp_out.rich_tables(result):
        if result.rows:
            console.print(table)
    for r, o in result.outliers:
        label = r.label(len(result.years) > 1)
        console.print(Text.assemble(("异常值", "bold red"), f"：{label}：{o.text()}"), highlight=False)
    for line in cmp_out.notes(result):
        console.print(Text(line, "dim"), highlight=False)


def _csv(result: CompareResult, stream: IO[str]) -> None:
    from yusuan.store import compare_output as cmp_out

    cmp_out.write_csv(result, stream)


def _json(result: CompareResult, stream: IO[str]) -> None:
    from yusuan.store import compare_output as cmp_out

    stream.write(cmp_out.to_json(result))


def _xlsx(result: CompareResult, path: Path) -> None:
    from yusuan.store import compare_output as cmp_out

    cmp_out.write_xlsx(result, path)


register(CompareWriter("table", (), show=_table))
# UTF-8 with BOM: Excel then reads the Chinese.
register(CompareWriter("csv", (".csv",), stream=_csv, encoding="utf-8-sig"))
register(CompareWriter("json", (".json",), stream=_json))
register(CompareWriter("xlsx", (".xlsx",), save=_xlsx))
