"""The command line: a thin layer over the Python API. Messages are Chinese.

Every command module is listed once, in :data:`COMMAND_MODULES`; importing it registers its
commands on :data:`app`. Errors of the API (:class:`yusuan.errors.YusuanError`) are turned into a
message and an exit status in one place, :func:`yusuan.cli.common.handled`, which wraps every
command (and :func:`main` catches any that escape).
"""

from __future__ import annotations

from yusuan.cli import compare, departments, publish, read, rectify, store, web
from yusuan.cli.common import app, err, fail
from yusuan.errors import YusuanError

#: The modules whose commands make up ``yusuan`` (the order is the order of ``yusuan --help``).
COMMAND_MODULES = (read, store, departments, compare, rectify, publish, web)


def _in_module_order() -> None:
    """List the commands module by module in :data:`COMMAND_MODULES` order (imports are sorted by
    name, so registration order alone would list ``compare`` first). Command groups (``departments``)
    follow the commands, as Typer lists them."""
    rank = {m.__name__: n for n, m in enumerate(COMMAND_MODULES)}

    def key(module: str | None) -> int:
        return rank.get(module or "", len(rank))

    app.registered_commands.sort(key=lambda c: key(getattr(c.callback, "__module__", None)))


_in_module_order()

__all__ = ["COMMAND_MODULES", "app", "main"]


def main() -> None:
    """Run the command line; an error that escapes a command (commands are wrapped by
    :func:`yusuan.cli.common.handled`) still ends as ``错误：<message>`` and its exit status."""
    try:
        app()
    except YusuanError as exc:
        raise SystemExit(fail(exc.message, exc.exit_code).exit_code) from None
    except KeyboardInterrupt:
        err.print("已中断。")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
