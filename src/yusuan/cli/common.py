"""The Typer application and what every command module shares (consoles, the --db option)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy import Engine

app = typer.Typer(
    help="yusuan（预算）：读取部门预算公开文件，转换为精确的结构化数据，审核并比较。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

#: ``--db URL`` (or ``YUSUAN_DB``); default: a SQLite file in the user's data directory.
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="YUSUAN_DB", help="数据库地址（SQLAlchemy URL）；默认是用户数据目录中的 SQLite 文件"),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a Chinese error message; the caller raises the returned Exit."""
    err.print(f"[red]错误[/red]：{message}", highlight=False)
    return typer.Exit(code)


def open_engine(db: str | None) -> Engine:
    """An engine on an up-to-date store, or a clear message and exit status 2."""
    from yusuan.store.db import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        raise fail(str(exc)) from None
