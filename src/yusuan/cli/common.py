"""The Typer application and what every command module shares (consoles, the --db option, errors).

Errors are turned into a message and an exit status in one place: every command (and group
callback) registered on a :class:`YusuanTyper` runs inside :func:`handled`, which prints a
:class:`~yusuan.errors.YusuanError` as ``错误：<message>`` on stderr and exits with its
``exit_code``. Commands raise the API's errors and need not catch them.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.text import Text

from yusuan.errors import YusuanError
from yusuan.report.sanitize import console, json_safe

if TYPE_CHECKING:
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable[..., Any])


def handled(func: F) -> F:
    """``func`` with a :class:`YusuanError` turned into ``错误：<message>`` and its exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except YusuanError as exc:
            raise fail(exc.message, exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


class YusuanTyper(typer.Typer):
    """A Typer app whose commands and callbacks report :class:`YusuanError` uniformly (:func:`handled`)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(func: F) -> F:
            register(handled(func))
            return func

        return decorator

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().callback(*args, **kwargs)

        def decorator(func: F) -> F:
            register(handled(func))
            return func

        return decorator


app = YusuanTyper(
    help="yusuan（预算）：读取部门预算公开文件，转换为精确的结构化数据，审核并比较。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
#: The consoles every command prints on: text is shown as it is (no Rich markup, no emoji codes),
#: control and bidi characters visible (yusuan.report.sanitize); styles come as Text objects.
out = console()
err = console(stderr=True)

#: ``--db URL`` (or ``YUSUAN_DB``); default: a SQLite file in the user's data directory.
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="YUSUAN_DB", help="数据库地址（SQLAlchemy URL）；默认是用户数据目录中的 SQLite 文件"),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a Chinese error message (as plain text: paths and document text are never markup); the
    caller raises the returned Exit."""
    err.print(Text.assemble(("错误", "red"), "：", message))
    return typer.Exit(code)


def write_json(data: object) -> None:
    """``data`` as indented JSON on standard output: exact text, control and bidi characters as
    ``\\uXXXX`` escapes (never raw on a terminal)."""
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def open_engine(db: str | None) -> Engine:
    """An engine on an up-to-date store; a :class:`~yusuan.store.db.StoreError` (reported by
    :func:`handled`) when it cannot be opened."""
    from yusuan.store.db import open_store

    return open_store(db)
